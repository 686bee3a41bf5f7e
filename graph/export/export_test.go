package export

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
)

// updating reports whether -update was given: graphtest, which these tests
// import, defines that flag.
func updating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	return ok && g.Get() == true
}

// hostileName holds what news names can hold and XML and CSV must survive:
// quotes, markup, an entity reference, a line break (CR LF and LF), a tab,
// right-to-left marks and override, a comma, and characters that XML 1.0
// does not allow (U+0001, U+000B, U+FFFE).
const hostileName = "Q\"uote' <b>bold</b> & &amp; a,b\r\nline\ttab \u200fمرحبا\u202e \x01\x0b\uFFFE end"

// hostileArticle is an article whose names, title, sentence and one id are
// as hostile as the store accepts.
func hostileArticle() graph.ArticleGraph {
	return graphtest.NewArticle("hostile-1").Lang("ar").Source("wire <&>").Published("2024-01-02").
		Title("عنوان \"مقتبس\" <b>&amp;</b>\u200f\x0b").
		Country("CN", "الصين").
		Person("odd_person id/1", hostileName, "CN", "envoy \"special\"", "اسم\u200f <script>").
		Place("odd-place", "=SUM(A1:A9)", "CN", "city").
		Topic("trade", "Trade").
		Meeting("2024-01-01", graphtest.P("odd_person id/1"), graphtest.C("CN")).At("odd-place").About("trade").
		Sentence("He said: \"<&>\"\r\nthen\tleft.\x07 "+hostileName, 10).
		Build()
}

// testGraph is graphtest's five-article corpus and the hostile article.
func testGraph() []graph.ArticleGraph {
	return append(graphtest.Corpus(), hostileArticle())
}

func openStore(t testing.TB, graphs []graph.ArticleGraph) *memory.Store {
	t.Helper()
	ctx := context.Background()
	s, err := memory.Open(ctx, memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	res, err := s.Apply(ctx, graphs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("apply %s: %v", r.ArticleID, r.Err)
		}
	}
	return s
}

func export(t testing.TB, s graph.Store, f Format, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Write(context.Background(), s, f, &buf, opts); err != nil {
		t.Fatalf("export %s: %v", f, err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graph/export -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./graph/export -update rewrites it):\n%s", name,
			cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")))
	}
}

var selections = []struct {
	name string
	sel  Selection
}{
	{"whole", Selection{}},
	{"cn-ru", Selection{Countries: []string{"ru", "CN"}}},
	{"meet-july", Selection{Types: []graph.EventType{graph.EventMeet}, From: "2024-07-01", To: "2024-07-31"}},
	{"topic-trade", Selection{Topics: []string{"trade"}}},
}

func TestGolden(t *testing.T) {
	s := openStore(t, testGraph())
	for _, sel := range selections {
		for _, f := range Formats {
			t.Run(sel.name+"/"+string(f), func(t *testing.T) {
				b := export(t, s, f, Options{Selection: sel.sel})
				if f != CSV {
					golden(t, sel.name+"."+string(f), b)
					return
				}
				// The archive's bytes depend on the compressor; its files are the golden part.
				nodes, edges, err := unzipCSV(b)
				if err != nil {
					t.Fatal(err)
				}
				golden(t, sel.name+".nodes.csv", nodes)
				golden(t, sel.name+".edges.csv", edges)
			})
		}
	}
}

// Every format reads back to the same nodes, edges and values.
func TestFormatsAgree(t *testing.T) {
	s := openStore(t, testGraph())
	for _, sel := range selections {
		t.Run(sel.name, func(t *testing.T) {
			ref := decode(t, GraphML, export(t, s, GraphML, Options{Selection: sel.sel}))
			if len(ref.Nodes) == 0 || len(ref.Edges) == 0 {
				t.Fatalf("empty export: %d nodes, %d edges", len(ref.Nodes), len(ref.Edges))
			}
			for _, f := range Formats[1:] {
				got := decode(t, f, export(t, s, f, Options{Selection: sel.sel}))
				if f == CSV {
					got.Desc = ref.Desc // CSV has no place for it
				}
				if diff := cmp.Diff(ref, got); diff != "" {
					t.Errorf("%s differs from GraphML (-graphml +%s):\n%s", f, f, diff)
				}
			}
		})
	}
}

// The whole export has every node and edge of the store: its counts, and
// an edge for every canonical edge line.
func TestWholeExportIsTheWholeGraph(t *testing.T) {
	s := openStore(t, testGraph())
	d := decode(t, JSON, export(t, s, JSON, Options{}))
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, n := range d.Nodes {
		kinds[n.Attrs["kind"]]++
	}
	types := map[string]int{}
	for _, e := range d.Edges {
		types[e.Attrs["type"]]++
	}
	for k, n := range c.Nodes {
		if kinds[string(k)] != n {
			t.Errorf("%s nodes: exported %d, store has %d", k, kinds[string(k)], n)
		}
	}
	for typ, n := range c.Edges {
		if typ == graph.RelMentions {
			if types[typ] != 0 {
				t.Errorf("MENTIONS exported")
			}
			continue
		}
		if types[typ] != n {
			t.Errorf("%s edges: exported %d, store has %d", typ, types[typ], n)
		}
	}
}

// A selection exports its events, every node they touch, and nothing else.
func TestSelectionIsClosedAndConsistent(t *testing.T) {
	s := openStore(t, testGraph())
	ctx := context.Background()
	for _, sel := range selections[1:] {
		t.Run(sel.name, func(t *testing.T) {
			norm, err := sel.sel.Normalize()
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.CountEvents(ctx, norm.EventFilter())
			if err != nil {
				t.Fatal(err)
			}
			d := decode(t, JSON, export(t, s, JSON, Options{Selection: sel.sel}))
			events, touched := 0, map[string]bool{}
			for _, n := range d.Nodes {
				if n.Attrs["kind"] == "Event" {
					events++
					if norm.From != "" && (n.Attrs["date"] < norm.From || n.Attrs["date"] > norm.To) {
						t.Errorf("event %s dated %s is outside the range", n.ID, n.Attrs["date"])
					}
				}
			}
			if events != want {
				t.Errorf("%d events exported, the store selects %d", events, want)
			}
			for _, e := range d.Edges {
				if strings.HasPrefix(e.Source, "Event:") {
					touched[e.Target] = true
				}
			}
			for _, n := range d.Nodes {
				if n.Attrs["kind"] != "Event" && !touched[n.ID] {
					t.Errorf("node %s is not touched by any selected event", n.ID)
				}
			}
		})
	}
}

// The same graph gives the same bytes: twice in a row, and when the
// articles were loaded in another order with another page size.
func TestDeterministic(t *testing.T) {
	a := openStore(t, testGraph())
	reversed := testGraph()
	slices.Reverse(reversed)
	b := openStore(t, reversed)
	for _, f := range Formats {
		first := export(t, a, f, Options{})
		if again := export(t, a, f, Options{}); !bytes.Equal(first, again) {
			t.Errorf("%s: two exports of one store differ", f)
		}
		if other := export(t, b, f, Options{PageSize: 2}); !bytes.Equal(first, other) {
			t.Errorf("%s: the export depends on load order or page size", f)
		}
	}
}

// Hostile names come out escaped, and read back as they went in, less
// what XML 1.0 cannot hold (U+FFFD instead, in every format) and CR LF
// (a line break is LF in every format).
func TestHostileNamesSurvive(t *testing.T) {
	s := openStore(t, testGraph())
	want := strings.NewReplacer("\x01", "\uFFFD", "\x0b", "\uFFFD", "\uFFFE", "\uFFFD", "\r\n", "\n").Replace(hostileName)
	for _, f := range Formats {
		b := export(t, s, f, Options{})
		if f == GraphML || f == GEXF {
			for _, bad := range []string{"<b>", "\x01", "\x0b", "\uFFFE", "&amp; a"} {
				if bytes.Contains(b, []byte(bad)) {
					t.Errorf("%s holds %q unescaped", f, bad)
				}
			}
		}
		d := decode(t, f, b)
		var person *dnode
		for i := range d.Nodes {
			if d.Nodes[i].ID == "Person:odd_person id/1" {
				person = &d.Nodes[i]
			}
		}
		if person == nil {
			t.Fatalf("%s: no Person:odd_person id/1", f)
		}
		if got := person.Attrs["name"]; got != want {
			t.Errorf("%s: name %q, want %q", f, got, want)
		}
	}
}

func TestBadSelections(t *testing.T) {
	s := openStore(t, testGraph())
	tests := []struct {
		name string
		sel  Selection
		want string // in the error
	}{
		{"not a code", Selection{Countries: []string{"China"}}, `country "CHINA" is not an ISO 3166-1 alpha-2 code`},
		{"unknown country", Selection{Countries: []string{"CN", "ZZ"}}, "the graph has no country ZZ"},
		{"unknown topic", Selection{Topics: []string{"tarde"}}, "the graph has no topic tarde"},
		{"bad type", Selection{Types: []graph.EventType{"hug"}}, `event type "hug"; want one of meet, cooperate`},
		{"bad from", Selection{From: "2024-13-01"}, `from date "2024-13-01" is not an ISO day YYYY-MM-DD`},
		{"short to", Selection{To: "2024"}, `to date "2024" is not an ISO day`},
		{"empty range", Selection{From: "2024-07-02", To: "2024-07-01"}, "from must not be after to"},
		{"too many countries", Selection{Countries: strings.Fields("AA AB AC AD AE AF AG AH AI AJ AK")}, "11 countries; at most 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			_, err := Write(context.Background(), s, JSON, &buf, Options{Selection: tt.sel})
			if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want ErrInvalid with %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written before the error", buf.Len())
			}
		})
	}
	if _, err := ParseFormat("pdf"); !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "graphml, gexf, csv, json") {
		t.Errorf("ParseFormat(pdf) = %v", err)
	}
}

func TestMaxNodes(t *testing.T) {
	s := openStore(t, testGraph())
	whole := decode(t, JSON, export(t, s, JSON, Options{}))
	n := len(whole.Nodes)
	var buf bytes.Buffer
	if _, err := Write(context.Background(), s, GraphML, &buf, Options{MaxNodes: n - 1}); !errors.Is(err, ErrTooLarge) || buf.Len() != 0 {
		t.Errorf("MaxNodes %d of %d: error %v, %d bytes written", n-1, n, err, buf.Len())
	}
	sum, err := Write(context.Background(), s, GraphML, &buf, Options{MaxNodes: n})
	if err != nil || sum.Nodes != n || sum.Edges != len(whole.Edges) {
		t.Errorf("MaxNodes %d of %d: %+v, %v", n, n, sum, err)
	}
}

type failingWriter struct{ after int }

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errDiskFull
	}
	return len(p), nil
}

// A writer's error reaches the caller, from any point of the output.
func TestWriterErrorsAreReturned(t *testing.T) {
	s := openStore(t, testGraph())
	for _, f := range Formats {
		size := len(export(t, s, f, Options{}))
		for _, after := range []int{0, 100, size / 2, size - 1} {
			_, err := Write(context.Background(), s, f, &failingWriter{after: after}, Options{PageSize: 1})
			if !errors.Is(err, errDiskFull) {
				t.Errorf("%s, failing after %d bytes: %v", f, after, err)
			}
		}
	}
}

func TestCanceledContext(t *testing.T) {
	s := openStore(t, testGraph())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, s, JSON, &bytes.Buffer{}, Options{}); err == nil {
		t.Error("export under a canceled context succeeded")
	}
}

func TestNMToken(t *testing.T) {
	if tok := nmtoken(""); !nmtokenRE.MatchString(tok) {
		t.Errorf("nmtoken(\"\") = %q, not an NMTOKEN", tok)
	}
	for _, id := range []string{"Country:CN", "Person:wang-yi", "Event:e3f.1", "Person:odd_person id/1", "Person:ड़ी", "_x0041_", "😀"} {
		tok := nmtoken(id)
		back, err := unNMToken(tok)
		if err != nil || back != id {
			t.Errorf("nmtoken(%q) = %q, back %q, %v", id, tok, back, err)
		}
	}
	if got := nmtoken("Country:CN"); got != "Country:CN" {
		t.Errorf("plain ids change: %q", got)
	}
}
