package export

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
)

// attrType is the type of an attribute, as the formats declare it.
type attrType int

const (
	typeString attrType = iota
	typeInt
	typeDouble
)

// attr is one column of the fixed attribute schema that every format
// shares: GraphML keys, GEXF attributes, CSV columns, JSON fields.
type attr struct {
	name string
	typ  attrType
}

// Node attributes. An attribute that does not apply to a node's kind is
// absent (an empty CSV cell, no GraphML data, no JSON field).
const (
	nKind       = iota // Country, Person, Organization, Place, Topic, Event, Article
	nLabel             // a display name: the entity's name, "type date: participants", the title
	nName              // entities: the canonical (English) name
	nAliases           // entities: every other written form, JSON [[lang, text], ...]
	nCountry           // Person: the state represented; Place: where it is
	nRole              // Person: office
	nClass             // Place: capital|city|venue; Organization: un|regional|forum...
	nMembers           // Organization: member states, ";"-separated codes
	nType              // Event: meet, cooperate, agree...
	nSubtype           // Event: talks|call|visit|summit
	nStatus            // Event: proposed|scheduled|held
	nDate              // Event: ISO day
	nPlace             // Event: place id
	nTopics            // Event: ";"-separated topic ids
	nCAMEO             // Event: CAMEO code of the type
	nPLOVER            // Event: PLOVER category of the type
	nReports           // Event: number of reporting articles
	nConfidence        // Event: highest confidence of its reports
	nTitle             // Article
	nLang              // Article
	nURL               // Article
	nSource            // Article
	nPublished         // Article
	nExtractor         // Article: extractor version
	numNodeAttrs
)

var nodeAttrs = [numNodeAttrs]attr{
	{"kind", typeString}, {"label", typeString}, {"name", typeString}, {"aliases", typeString},
	{"country", typeString}, {"role", typeString}, {"class", typeString}, {"members", typeString},
	{"type", typeString}, {"subtype", typeString}, {"status", typeString}, {"date", typeString},
	{"place", typeString}, {"topics", typeString}, {"cameo", typeString}, {"plover", typeString},
	{"reports", typeInt}, {"confidence", typeDouble},
	{"title", typeString}, {"lang", typeString}, {"url", typeString}, {"source", typeString},
	{"published", typeString}, {"extractor", typeString},
}

// Edge attributes.
const (
	eType       = iota // PARTICIPANT, AT, ABOUT, REPORTED_IN, HOLDS, IN
	eRole              // PARTICIPANT: source|target|participant; HOLDS: the office
	eFrom              // HOLDS
	eTo                // HOLDS
	eSentence          // REPORTED_IN: the evidence
	eStart             // REPORTED_IN: byte offset of the sentence in the article
	eEnd               // REPORTED_IN
	eConfidence        // REPORTED_IN
	eExtractor         // REPORTED_IN
	numEdgeAttrs
)

var edgeAttrs = [numEdgeAttrs]attr{
	{"type", typeString}, {"role", typeString}, {"from", typeString}, {"to", typeString},
	{"sentence", typeString}, {"start", typeInt}, {"end", typeInt}, {"confidence", typeDouble},
	{"extractor", typeString},
}

// value is an attribute value: nil (absent), string, int or float64.
type value = any

// node is one node of an export.
type node struct {
	id   string // the global id, Kind:key
	vals [numNodeAttrs]value
}

// edge is one edge of an export. id is its position ("e0", "e1"...).
type edge struct {
	id, source, target string
	vals               [numEdgeAttrs]value
}

func (n *node) label() string { s, _ := n.vals[nLabel].(string); return s }
func (e *edge) typ() string   { s, _ := e.vals[eType].(string); return s }

func str(s string) value {
	if s == "" {
		return nil
	}
	return cleanText(s)
}

// cleanText makes text safe for every format alike, so that the formats
// agree on every value: invalid UTF-8 and the characters XML 1.0 does not
// allow (control characters other than tab and line breaks, U+FFFE,
// U+FFFF) become U+FFFD, the replacement character, and line breaks
// become LF (CSV readers turn CR LF into LF inside fields; so does XML).
func cleanText(s string) string {
	ok := true
	for _, r := range s {
		if r == '\r' || r == utf8.RuneError || !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if strings.HasPrefix(s[i+n:], "\n") {
				n++
			}
		case r == utf8.RuneError && n == 1, !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r (the Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func list(ss []string) value { return str(strings.Join(ss, ";")) }

// canonicalEntity returns a copy of e with its lists in a fixed order,
// whatever order the store returned them in, so that output is the same
// from every backend.
func canonicalEntity(e *graph.Entity) *graph.Entity {
	c := *e
	c.Aliases = slices.Clone(e.Aliases)
	slices.SortFunc(c.Aliases, func(a, b graph.Name) int {
		return cmp.Or(cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Text, b.Text))
	})
	c.Members = slices.Clone(e.Members)
	slices.Sort(c.Members)
	c.Offices = slices.Clone(e.Offices)
	slices.SortFunc(c.Offices, func(a, b graph.Office) int {
		return cmp.Or(cmp.Compare(a.Target().String(), b.Target().String()), cmp.Compare(a.Role, b.Role),
			cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	return &c
}

// canonicalEvent is canonicalEntity for events.
func canonicalEvent(ev *graph.Event) *graph.Event {
	c := *ev
	c.Participants = slices.Clone(ev.Participants)
	graph.SortParticipants(c.Participants)
	c.Topics = slices.Clone(ev.Topics)
	slices.Sort(c.Topics)
	c.Reports = slices.Clone(ev.Reports)
	slices.SortFunc(c.Reports, func(a, b graph.Report) int {
		return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start))
	})
	return &c
}

func entityNode(e *graph.Entity) *node {
	n := &node{id: cleanText(e.Ref().String())}
	n.vals[nKind] = string(e.Kind)
	n.vals[nLabel] = str(e.Name)
	n.vals[nName] = str(e.Name)
	if len(e.Aliases) > 0 {
		pairs := make([][2]string, len(e.Aliases))
		for i, a := range e.Aliases {
			pairs[i] = [2]string{cleanText(a.Lang), cleanText(a.Text)}
		}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // names keep their < and &: each format escapes for itself
		enc.Encode(pairs)        // strings only: cannot fail
		n.vals[nAliases] = strings.TrimSuffix(b.String(), "\n")
	}
	n.vals[nCountry] = str(e.Country)
	n.vals[nRole] = str(e.Role)
	n.vals[nClass] = str(e.Class)
	n.vals[nMembers] = list(e.Members)
	return n
}

// eventNode makes an event's node; names gives the display names of its
// participants, for the label.
func eventNode(ev *graph.Event, names map[graph.Ref]string) *node {
	n := &node{id: cleanText(graph.Ref{Kind: graph.KindEvent, ID: ev.ID}.String())}
	n.vals[nKind] = string(graph.KindEvent)
	label := string(ev.Type)
	if ev.Date != "" {
		label += " " + ev.Date
	}
	var who []string
	for _, p := range ev.Participants {
		name := names[p.Ref]
		if name == "" {
			name = p.Ref.ID
		}
		who = append(who, name)
	}
	if len(who) > 0 {
		label += ": " + strings.Join(who, ", ")
	}
	n.vals[nLabel] = cleanText(label)
	n.vals[nType] = string(ev.Type)
	n.vals[nSubtype] = str(ev.Subtype)
	n.vals[nStatus] = str(ev.Status)
	n.vals[nDate] = str(ev.Date)
	n.vals[nPlace] = str(ev.Place)
	n.vals[nTopics] = list(ev.Topics)
	if c, ok := graph.EventCodes[ev.Type]; ok {
		n.vals[nCAMEO] = str(c.CAMEO)
		n.vals[nPLOVER] = str(c.PLOVER)
	}
	n.vals[nReports] = len(ev.Reports)
	if len(ev.Reports) > 0 {
		best := 0.0
		for _, r := range ev.Reports {
			best = max(best, r.Confidence)
		}
		n.vals[nConfidence] = best
	}
	return n
}

func articleNode(a *graph.Article) *node {
	n := &node{id: cleanText(graph.Ref{Kind: graph.KindArticle, ID: a.ID}.String())}
	n.vals[nKind] = string(graph.KindArticle)
	label := a.Title
	if label == "" {
		label = a.URL
	}
	n.vals[nLabel] = str(label)
	n.vals[nTitle] = str(a.Title)
	n.vals[nLang] = str(a.Lang)
	n.vals[nURL] = str(a.URL)
	n.vals[nSource] = str(a.Source)
	n.vals[nPublished] = str(a.Published)
	n.vals[nExtractor] = str(a.Extractor)
	return n
}

// entityEdges are the edges an entity owns: HOLDS for offices, IN for a
// place's country.
func entityEdges(e *graph.Entity) []edge {
	var out []edge
	for _, o := range e.Offices {
		var ed edge
		ed.source, ed.target = cleanText(e.Ref().String()), cleanText(o.Target().String())
		ed.vals[eType] = graph.RelHolds
		ed.vals[eRole] = str(o.Role)
		ed.vals[eFrom] = str(o.From)
		ed.vals[eTo] = str(o.To)
		out = append(out, ed)
	}
	if e.Kind == graph.KindPlace && e.Country != "" {
		var ed edge
		ed.source, ed.target = cleanText(e.Ref().String()), cleanText(graph.Ref{Kind: graph.KindCountry, ID: e.Country}.String())
		ed.vals[eType] = graph.RelIn
		out = append(out, ed)
	}
	return out
}

// eventEdges are an event's edges: participants, place, topics, reports.
func eventEdges(ev *graph.Event) []edge {
	from := cleanText(graph.Ref{Kind: graph.KindEvent, ID: ev.ID}.String())
	var out []edge
	add := func(typ string, to graph.Ref) *edge {
		out = append(out, edge{source: from, target: cleanText(to.String())})
		e := &out[len(out)-1]
		e.vals[eType] = typ
		return e
	}
	for _, p := range ev.Participants {
		add(graph.RelParticipant, p.Ref).vals[eRole] = str(p.Role)
	}
	if ev.Place != "" {
		add(graph.RelAt, graph.Ref{Kind: graph.KindPlace, ID: ev.Place})
	}
	for _, t := range ev.Topics {
		add(graph.RelAbout, graph.Ref{Kind: graph.KindTopic, ID: t})
	}
	for _, r := range ev.Reports {
		e := add(graph.RelReportedIn, graph.Ref{Kind: graph.KindArticle, ID: r.Article})
		e.vals[eSentence] = str(r.Sentence)
		e.vals[eStart] = r.Start
		e.vals[eEnd] = r.End
		e.vals[eConfidence] = r.Confidence
		e.vals[eExtractor] = str(r.Extractor)
	}
	return out
}

// formatValue writes a value as text, for XML and CSV. Doubles use the
// shortest form that reads back as the same number.
func formatValue(v value) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return ""
}
