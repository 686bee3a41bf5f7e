package export

import "io"

// GraphML (http://graphml.graphdrawing.org/): every attribute is a typed
// <key> declared before the graph (key ids n_NAME for nodes, e_NAME for
// edges; types string, int, double), node ids are the dipgraph ids encoded
// as NMTOKENs (see nmtoken), edges have ids e0, e1... and a directed
// default. networkx.read_graphml, igraph, Cytoscape and yEd read it.
type graphMLSink struct {
	x *xmlWriter
}

func newGraphMLSink(w io.Writer) *graphMLSink { return &graphMLSink{x: newXMLWriter(w)} }

var graphMLTypes = map[attrType]string{typeString: "string", typeInt: "int", typeDouble: "double"}

func (s *graphMLSink) begin(desc string) error {
	x := s.x
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, a := range nodeAttrs {
		x.raw(`  <key id="n_` + a.name + `" for="node" attr.name="` + a.name + `" attr.type="` + graphMLTypes[a.typ] + `"/>` + "\n")
	}
	for _, a := range edgeAttrs {
		x.raw(`  <key id="e_` + a.name + `" for="edge" attr.name="` + a.name + `" attr.type="` + graphMLTypes[a.typ] + `"/>` + "\n")
	}
	x.raw(`  <graph id="dipgraph" edgedefault="directed">` + "\n")
	x.raw(`    <desc>dipgraph export: `)
	x.text(desc)
	x.raw("</desc>\n")
	return x.err()
}

func (s *graphMLSink) data(prefix string, attrs []attr, vals []value) {
	for i, v := range vals {
		if v == nil {
			continue
		}
		s.x.raw(`      <data key="` + prefix + attrs[i].name + `">`)
		s.x.text(formatValue(v))
		s.x.raw("</data>\n")
	}
}

func (s *graphMLSink) node(n *node) error {
	s.x.raw("    <node")
	s.x.attr("id", nmtoken(n.id))
	s.x.raw(">\n")
	s.data("n_", nodeAttrs[:], n.vals[:])
	s.x.raw("    </node>\n")
	return s.x.err()
}

func (s *graphMLSink) endNodes() error { return nil }

func (s *graphMLSink) edge(e *edge) error {
	s.x.raw("    <edge")
	s.x.attr("id", e.id)
	s.x.attr("source", nmtoken(e.source))
	s.x.attr("target", nmtoken(e.target))
	s.x.raw(">\n")
	s.data("e_", edgeAttrs[:], e.vals[:])
	s.x.raw("    </edge>\n")
	return s.x.err()
}

func (s *graphMLSink) end() error {
	s.x.raw("  </graph>\n</graphml>\n")
	return s.x.flush()
}
