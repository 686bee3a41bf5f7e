package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// JSON in networkx's node-link form, one node or edge a line:
//
//	{"directed": true, "multigraph": true,
//	 "graph": {"generator": "dipgraph", "selection": "..."},
//	 "nodes": [{"id": "Country:CN", "kind": "Country", ...}, ...],
//	 "edges": [{"id": "e0", "source": "...", "target": "...", "type": "PARTICIPANT", ...}, ...]}
//
// networkx.node_link_graph(data, edges="edges") reads it. Attributes are
// the same as in the other formats, in the same order; absent ones are
// left out; numbers are JSON numbers.
type jsonSink struct {
	b     *bufio.Writer
	buf   bytes.Buffer
	enc   *json.Encoder
	first bool
}

func newJSONSink(w io.Writer) *jsonSink {
	s := &jsonSink{b: bufio.NewWriterSize(w, 64<<10)}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	return s
}

// value appends v as JSON. encoding/json turns invalid UTF-8 into U+FFFD.
func (s *jsonSink) value(v any) {
	s.enc.Encode(v) // plain strings and numbers: cannot fail
	s.buf.Truncate(s.buf.Len() - 1)
}

func (s *jsonSink) field(name string, v any) {
	s.buf.WriteString(`,"`)
	s.buf.WriteString(name) // schema names: plain ASCII
	s.buf.WriteString(`":`)
	s.value(v)
}

func (s *jsonSink) begin(desc string) error {
	s.buf.WriteString(`{"directed":true,"multigraph":true,"graph":{"generator":"dipgraph","selection":`)
	s.value(desc)
	s.buf.WriteString("},\n\"nodes\":[")
	s.first = true
	return s.flushBuf()
}

func (s *jsonSink) flushBuf() error {
	_, err := s.b.Write(s.buf.Bytes())
	s.buf.Reset()
	return err
}

func (s *jsonSink) sep() {
	if !s.first {
		s.buf.WriteByte(',')
	}
	s.first = false
	s.buf.WriteByte('\n')
}

func (s *jsonSink) object(id string, ends []string, attrs []attr, vals []value) error {
	s.sep()
	s.buf.WriteString(`{"id":`)
	s.value(id)
	if ends != nil {
		s.field("source", ends[0])
		s.field("target", ends[1])
	}
	for i, v := range vals {
		if v != nil {
			s.field(attrs[i].name, v)
		}
	}
	s.buf.WriteByte('}')
	return s.flushBuf()
}

func (s *jsonSink) node(n *node) error { return s.object(n.id, nil, nodeAttrs[:], n.vals[:]) }

func (s *jsonSink) endNodes() error {
	s.buf.WriteString("\n],\n\"edges\":[")
	s.first = true
	return s.flushBuf()
}

func (s *jsonSink) edge(e *edge) error {
	return s.object(e.id, []string{e.source, e.target}, edgeAttrs[:], e.vals[:])
}

func (s *jsonSink) end() error {
	s.buf.WriteString("\n]}\n")
	if err := s.flushBuf(); err != nil {
		return err
	}
	return s.b.Flush()
}
