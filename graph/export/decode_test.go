package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// decoded is an export read back: what every format must agree on.
type decoded struct {
	Desc  string
	Nodes []dnode
	Edges []dedge
}

type dnode struct {
	ID    string
	Attrs map[string]string
}

type dedge struct {
	ID, Source, Target string
	Attrs              map[string]string
}

func decode(t testing.TB, f Format, b []byte) *decoded {
	t.Helper()
	var d *decoded
	var err error
	switch f {
	case GraphML:
		d, err = decodeGraphML(b)
	case GEXF:
		d, err = decodeGEXF(b)
	case CSV:
		d, err = decodeCSVZip(b)
	case JSON:
		d, err = decodeJSON(b)
	}
	if err != nil {
		t.Fatalf("%s does not read back: %v\n%s", f, err, excerpt(b))
	}
	if err := d.closed(); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return d
}

func excerpt(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// closed checks that ids are unique and every edge has both ends.
func (d *decoded) closed() error {
	nodes := map[string]bool{}
	for _, n := range d.Nodes {
		if nodes[n.ID] {
			return fmt.Errorf("node %q twice", n.ID)
		}
		nodes[n.ID] = true
	}
	edges := map[string]bool{}
	for _, e := range d.Edges {
		if edges[e.ID] {
			return fmt.Errorf("edge %q twice", e.ID)
		}
		edges[e.ID] = true
		if !nodes[e.Source] || !nodes[e.Target] {
			return fmt.Errorf("edge %s %s→%s has an end that is not a node", e.ID, e.Source, e.Target)
		}
	}
	return nil
}

var nmtokenRE = regexp.MustCompile(`^[A-Za-z0-9._:-]+$`)

// unNMToken inverts nmtoken.
func unNMToken(s string) (string, error) {
	if !nmtokenRE.MatchString(s) {
		return "", fmt.Errorf("%q is not an NMTOKEN", s)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "_x") {
			end := strings.IndexByte(s[i+2:], '_')
			if end < 4 {
				return "", fmt.Errorf("%q: bad escape at %d", s, i)
			}
			r, err := strconv.ParseUint(s[i+2:i+2+end], 16, 32)
			if err != nil {
				return "", fmt.Errorf("%q: bad escape at %d", s, i)
			}
			b.WriteRune(rune(r))
			i += 2 + end + 1
			continue
		}
		if s[i] == '_' {
			return "", fmt.Errorf("%q: bare _ at %d", s, i)
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), nil
}

// decodeGraphML reads GraphML token by token, checking what the GraphML
// schema requires of the structure: <key>s before the <graph>, key ids
// unique with a known for and attr.type, NMTOKEN ids, and data that refers
// to a key declared for its element.
func decodeGraphML(b []byte) (*decoded, error) {
	const ns = "http://graphml.graphdrawing.org/xmlns"
	dec := xml.NewDecoder(bytes.NewReader(b))
	type key struct{ forWhat, name, typ string }
	keys := map[string]key{}
	d := &decoded{}
	var (
		stack  []string
		cur    map[string]string // attrs of the current node or edge
		curKey string
		text   strings.Builder
	)
	attr := func(se xml.StartElement, name string) string {
		for _, a := range se.Attr {
			if a.Name.Local == name && a.Name.Space == "" {
				return a.Value
			}
		}
		return ""
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != ns {
				return nil, fmt.Errorf("element %s outside the GraphML namespace", tok.Name.Local)
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			el := tok.Name.Local
			stack = append(stack, el)
			switch {
			case parent == "" && el == "graphml":
			case parent == "graphml" && el == "key":
				if len(d.Nodes)+len(d.Edges) > 0 {
					return nil, fmt.Errorf("key after the graph")
				}
				id := attr(tok, "id")
				k := key{attr(tok, "for"), attr(tok, "attr.name"), attr(tok, "attr.type")}
				if _, dup := keys[id]; dup || !nmtokenRE.MatchString(id) {
					return nil, fmt.Errorf("key id %q repeated or not an NMTOKEN", id)
				}
				if k.forWhat != "node" && k.forWhat != "edge" {
					return nil, fmt.Errorf("key %s for %q", id, k.forWhat)
				}
				switch k.typ {
				case "boolean", "int", "long", "float", "double", "string":
				default:
					return nil, fmt.Errorf("key %s attr.type %q", id, k.typ)
				}
				keys[id] = k
			case parent == "graphml" && el == "graph":
				if attr(tok, "edgedefault") != "directed" {
					return nil, fmt.Errorf("graph edgedefault %q", attr(tok, "edgedefault"))
				}
			case parent == "graph" && el == "desc":
				text.Reset()
			case parent == "graph" && el == "node":
				id, err := unNMToken(attr(tok, "id"))
				if err != nil {
					return nil, err
				}
				cur = map[string]string{}
				d.Nodes = append(d.Nodes, dnode{ID: id, Attrs: cur})
			case parent == "graph" && el == "edge":
				src, err1 := unNMToken(attr(tok, "source"))
				dst, err2 := unNMToken(attr(tok, "target"))
				if err1 != nil || err2 != nil {
					return nil, fmt.Errorf("edge ends: %v %v", err1, err2)
				}
				cur = map[string]string{}
				d.Edges = append(d.Edges, dedge{ID: attr(tok, "id"), Source: src, Target: dst, Attrs: cur})
			case (parent == "node" || parent == "edge") && el == "data":
				curKey = attr(tok, "key")
				k, ok := keys[curKey]
				if !ok || k.forWhat != parent {
					return nil, fmt.Errorf("data key %q is not a declared %s key", curKey, parent)
				}
				if _, dup := cur[k.name]; dup {
					return nil, fmt.Errorf("data %s twice", k.name)
				}
				text.Reset()
			default:
				return nil, fmt.Errorf("unexpected <%s> in <%s>", el, parent)
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			switch tok.Name.Local {
			case "data":
				k := keys[curKey]
				v := text.String()
				switch k.typ {
				case "int":
					if _, err := strconv.Atoi(v); err != nil {
						return nil, fmt.Errorf("int data %s = %q", k.name, v)
					}
				case "double":
					if _, err := strconv.ParseFloat(v, 64); err != nil {
						return nil, fmt.Errorf("double data %s = %q", k.name, v)
					}
				}
				cur[k.name] = v
			case "desc":
				d.Desc = text.String()
			}
			stack = stack[:len(stack)-1]
		}
	}
	return d, nil
}

type gexfAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfDoc struct {
	XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
	Version string   `xml:"version,attr"`
	Meta    struct {
		Description string `xml:"description"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Attributes      []struct {
			Class string `xml:"class,attr"`
			Attr  []struct {
				ID   string `xml:"id,attr"`
				Type string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID        string         `xml:"id,attr"`
			Label     string         `xml:"label,attr"`
			AttValues []gexfAttValue `xml:"attvalues>attvalue"`
		} `xml:"nodes>node"`
		Edges []struct {
			ID        string         `xml:"id,attr"`
			Source    string         `xml:"source,attr"`
			Target    string         `xml:"target,attr"`
			Label     string         `xml:"label,attr"`
			AttValues []gexfAttValue `xml:"attvalues>attvalue"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

func decodeGEXF(b []byte) (*decoded, error) {
	var doc gexfDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if doc.Version != "1.3" || doc.Graph.DefaultEdgeType != "directed" {
		return nil, fmt.Errorf("version %q, defaultedgetype %q", doc.Version, doc.Graph.DefaultEdgeType)
	}
	declared := map[string]map[string]string{}
	for _, as := range doc.Graph.Attributes {
		declared[as.Class] = map[string]string{}
		for _, a := range as.Attr {
			declared[as.Class][a.ID] = a.Type
		}
	}
	values := func(class string, avs []gexfAttValue, into map[string]string) error {
		for _, av := range avs {
			typ, ok := declared[class][av.For]
			if !ok {
				return fmt.Errorf("attvalue for undeclared %s attribute %q", class, av.For)
			}
			if typ == "integer" {
				if _, err := strconv.Atoi(av.Value); err != nil {
					return fmt.Errorf("integer %s = %q", av.For, av.Value)
				}
			}
			into[av.For] = av.Value
		}
		return nil
	}
	d := &decoded{Desc: doc.Meta.Description}
	for _, n := range doc.Graph.Nodes {
		m := map[string]string{}
		if n.Label != "" {
			m["label"] = n.Label
		}
		if err := values("node", n.AttValues, m); err != nil {
			return nil, err
		}
		d.Nodes = append(d.Nodes, dnode{ID: n.ID, Attrs: m})
	}
	for _, e := range doc.Graph.Edges {
		m := map[string]string{}
		if err := values("edge", e.AttValues, m); err != nil {
			return nil, err
		}
		if e.Label != m["type"] {
			return nil, fmt.Errorf("edge %s label %q, type %q", e.ID, e.Label, m["type"])
		}
		d.Edges = append(d.Edges, dedge{ID: e.ID, Source: e.Source, Target: e.Target, Attrs: m})
	}
	return d, nil
}

func readCSV(r io.Reader, header []string) ([][]string, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("header %q", rows[:min(1, len(rows))])
	}
	return rows[1:], nil
}

func decodeCSV(nodes, edges io.Reader) (*decoded, error) {
	d := &decoded{}
	rows, err := readCSV(nodes, NodeColumns)
	if err != nil {
		return nil, fmt.Errorf("nodes.csv: %w", err)
	}
	for _, row := range rows {
		m := map[string]string{}
		for i, v := range row[1:] {
			if v != "" {
				m[NodeColumns[i+1]] = v
			}
		}
		d.Nodes = append(d.Nodes, dnode{ID: row[0], Attrs: m})
	}
	rows, err = readCSV(edges, EdgeColumns)
	if err != nil {
		return nil, fmt.Errorf("edges.csv: %w", err)
	}
	for _, row := range rows {
		m := map[string]string{}
		for i, v := range row[3:] {
			if v != "" {
				m[EdgeColumns[i+3]] = v
			}
		}
		d.Edges = append(d.Edges, dedge{ID: row[0], Source: row[1], Target: row[2], Attrs: m})
	}
	return d, nil
}

// unzipCSV returns the two files of a CSV export, checking that the
// archive holds exactly them.
func unzipCSV(b []byte) (nodes, edges []byte, err error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, err
	}
	if len(zr.File) != 2 || zr.File[0].Name != "nodes.csv" || zr.File[1].Name != "edges.csv" {
		return nil, nil, fmt.Errorf("archive holds %d files, want nodes.csv and edges.csv", len(zr.File))
	}
	read := func(f *zip.File) ([]byte, error) {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	if nodes, err = read(zr.File[0]); err == nil {
		edges, err = read(zr.File[1])
	}
	return nodes, edges, err
}

func decodeCSVZip(b []byte) (*decoded, error) {
	nodes, edges, err := unzipCSV(b)
	if err != nil {
		return nil, err
	}
	return decodeCSV(bytes.NewReader(nodes), bytes.NewReader(edges))
}

func decodeJSON(b []byte) (*decoded, error) {
	var doc struct {
		Directed   bool `json:"directed"`
		Multigraph bool `json:"multigraph"`
		Graph      struct {
			Selection string `json:"selection"`
		} `json:"graph"`
		Nodes []map[string]any `json:"nodes"`
		Edges []map[string]any `json:"edges"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the document")
	}
	if !doc.Directed || !doc.Multigraph {
		return nil, fmt.Errorf("directed %v, multigraph %v", doc.Directed, doc.Multigraph)
	}
	d := &decoded{Desc: "dipgraph export: " + doc.Graph.Selection}
	flat := func(obj map[string]any, skip ...string) (map[string]string, error) {
		m := map[string]string{}
		for k, v := range obj {
			if k == "id" || k == "source" && len(skip) > 0 || k == "target" && len(skip) > 0 {
				continue
			}
			switch v := v.(type) {
			case string:
				m[k] = v
			case json.Number:
				m[k] = v.String()
			default:
				return nil, fmt.Errorf("field %s is %T", k, v)
			}
		}
		return m, nil
	}
	for _, n := range doc.Nodes {
		m, err := flat(n)
		if err != nil {
			return nil, err
		}
		id, _ := n["id"].(string)
		d.Nodes = append(d.Nodes, dnode{ID: id, Attrs: m})
	}
	for _, e := range doc.Edges {
		m, err := flat(e, "ends")
		if err != nil {
			return nil, err
		}
		id, _ := e["id"].(string)
		src, _ := e["source"].(string)
		dst, _ := e["target"].(string)
		d.Edges = append(d.Edges, dedge{ID: id, Source: src, Target: dst, Attrs: m})
	}
	return d, nil
}
