package export

import "io"

// GEXF 1.3 (https://gexf.net/), Gephi's format: attributes declared per
// class (ids are the attribute names; types string, integer, double),
// nodes with their label, then edges (ids e0, e1...; the label is the
// edge type). Node ids are the dipgraph ids as they are: GEXF ids are
// strings. No date is written, so the same graph gives the same bytes.
type gexfSink struct {
	x *xmlWriter
}

func newGEXFSink(w io.Writer) *gexfSink { return &gexfSink{x: newXMLWriter(w)} }

var gexfTypes = map[attrType]string{typeString: "string", typeInt: "integer", typeDouble: "double"}

func (s *gexfSink) begin(desc string) error {
	x := s.x
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">` + "\n")
	x.raw("  <meta>\n    <creator>dipgraph</creator>\n    <description>dipgraph export: ")
	x.text(desc)
	x.raw("</description>\n  </meta>\n")
	x.raw(`  <graph defaultedgetype="directed" mode="static">` + "\n")
	x.raw(`    <attributes class="node">` + "\n")
	for i, a := range nodeAttrs {
		if i == nLabel {
			continue // the node's own label attribute
		}
		x.raw(`      <attribute id="` + a.name + `" title="` + a.name + `" type="` + gexfTypes[a.typ] + `"/>` + "\n")
	}
	x.raw("    </attributes>\n")
	x.raw(`    <attributes class="edge">` + "\n")
	for _, a := range edgeAttrs {
		x.raw(`      <attribute id="` + a.name + `" title="` + a.name + `" type="` + gexfTypes[a.typ] + `"/>` + "\n")
	}
	x.raw("    </attributes>\n    <nodes>\n")
	return x.err()
}

func (s *gexfSink) attvalues(attrs []attr, vals []value, skip int) {
	open := false
	for i, v := range vals {
		if v == nil || i == skip {
			continue
		}
		if !open {
			s.x.raw("        <attvalues>\n")
			open = true
		}
		s.x.raw(`          <attvalue for="` + attrs[i].name + `"`)
		s.x.attr("value", formatValue(v))
		s.x.raw("/>\n")
	}
	if open {
		s.x.raw("        </attvalues>\n")
	}
}

func (s *gexfSink) node(n *node) error {
	s.x.raw("      <node")
	s.x.attr("id", n.id)
	s.x.attr("label", n.label())
	s.x.raw(">\n")
	s.attvalues(nodeAttrs[:], n.vals[:], nLabel)
	s.x.raw("      </node>\n")
	return s.x.err()
}

func (s *gexfSink) endNodes() error {
	s.x.raw("    </nodes>\n    <edges>\n")
	return s.x.err()
}

func (s *gexfSink) edge(e *edge) error {
	s.x.raw("      <edge")
	s.x.attr("id", e.id)
	s.x.attr("source", e.source)
	s.x.attr("target", e.target)
	s.x.attr("label", e.typ())
	s.x.raw(">\n")
	s.attvalues(edgeAttrs[:], e.vals[:], -1)
	s.x.raw("      </edge>\n")
	return s.x.err()
}

func (s *gexfSink) end() error {
	s.x.raw("    </edges>\n  </graph>\n</gexf>\n")
	return s.x.flush()
}
