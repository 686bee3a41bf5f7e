package export

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

func newSink(f Format, w *bytes.Buffer) sink {
	switch f {
	case GraphML:
		return newGraphMLSink(w)
	case GEXF:
		return newGEXFSink(w)
	case CSV:
		return newCSVZipSink(w)
	}
	return newJSONSink(w)
}

// feed writes nodes and edges through a sink as the walk does.
func feed(s sink, nodes []*node, edges []edge) error {
	if err := s.begin("fuzz"); err != nil {
		return err
	}
	for _, n := range nodes {
		if err := s.node(n); err != nil {
			return err
		}
	}
	if err := s.endNodes(); err != nil {
		return err
	}
	for i := range edges {
		edges[i].id = "e" + strconv.Itoa(i)
		if err := s.edge(&edges[i]); err != nil {
			return err
		}
	}
	return s.end()
}

// FuzzHostileNames writes names, ids and sentences of any bytes (not only
// what the store accepts) in every format, and reads them back: every
// output must parse, and give back the cleaned text, the same in every
// format.
func FuzzHostileNames(f *testing.F) {
	f.Add("Wang Yi", "वांग यी", "wang-yi", "वांग यी ने लावरोव से मुलाकात की।", "title")
	f.Add(hostileName, "\xff\xfe\xfd", "odd_person id/1", "\r\n\r\x00]]>", "<![CDATA[x]]>")
	f.Add("\u200f\u202eعربي", "\"'<>&;,", "_x0041_", "--><!--", "\ufeff\ud7ff\U0010ffff")
	f.Fuzz(func(t *testing.T, name, alias, id, sentence, title string) {
		person := &graph.Entity{Kind: graph.KindPerson, ID: id, Name: name, Role: alias,
			Aliases: []graph.Name{{Text: alias, Lang: "ar"}, {Text: name, Lang: title}}}
		ev := &graph.Event{ID: "e1", Type: graph.EventMeet, Date: "2024-07-14",
			Participants: []graph.Participant{{Ref: person.Ref(), Role: graph.RoleParticipant}},
			Reports:      []graph.Report{{Article: "a1", Sentence: sentence, Start: 1, End: 2, Confidence: 0.5, Extractor: title}}}
		art := &graph.Article{ID: "a1", Title: title, URL: alias, Source: name}
		var ref *decoded
		for _, f := range Formats {
			nodes := []*node{entityNode(person), eventNode(ev, map[graph.Ref]string{person.Ref(): name}), articleNode(art)}
			var buf bytes.Buffer
			if err := feed(newSink(f, &buf), nodes, eventEdges(ev)); err != nil {
				t.Fatal(err)
			}
			d := decode(t, f, buf.Bytes())
			if len(d.Nodes) != 3 || len(d.Edges) != 2 {
				t.Fatalf("%s: %d nodes, %d edges", f, len(d.Nodes), len(d.Edges))
			}
			if got, want := d.Nodes[0].ID, cleanText(person.Ref().String()); got != want {
				t.Errorf("%s: id %q, want %q", f, got, want)
			}
			if got, want := d.Nodes[0].Attrs["name"], cleanText(name); got != want {
				t.Errorf("%s: name %q, want %q", f, got, want)
			}
			if got, want := d.Edges[1].Attrs["sentence"], cleanText(sentence); got != want {
				t.Errorf("%s: sentence %q, want %q", f, got, want)
			}
			d.Desc = ""
			if ref == nil {
				ref = d
			} else if diff := cmp.Diff(ref, d); diff != "" {
				t.Errorf("%s differs from %s:\n%s", f, Formats[0], diff)
			}
		}
	})
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\r\nb\rc\nd\te", "a\nb\nc\nd\te"},
		{"\x00\x01\x1f\x7f", "\uFFFD\uFFFD\uFFFD\x7f"},
		{"\xff\xfe", "\uFFFD\uFFFD"},
		{"\uFFFE\uFFFF\uFFFD", "\uFFFD\uFFFD\uFFFD"},
		{"\u200fעברית\u202e", "\u200fעברית\u202e"},
		{"\U0001F600", "\U0001F600"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
