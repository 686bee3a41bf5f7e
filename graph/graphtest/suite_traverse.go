package graphtest

import (
	"fmt"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

// edgeKey is an edge as the suite compares it: the role matters on
// PARTICIPANT edges only (on HOLDS it is not specified).
type edgeKey struct {
	Type     string
	From, To graph.Ref
	Role     string
}

func keyOf(e graph.Edge) edgeKey {
	k := edgeKey{Type: e.Type, From: e.From, To: e.To}
	if e.Type == graph.RelParticipant {
		k.Role = e.Role
	}
	return k
}

func edgeKeys(edges []graph.Edge) []edgeKey {
	out := make([]edgeKey, 0, len(edges))
	for _, e := range edges {
		out = append(out, keyOf(e))
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

// subgraphNodes returns the node set of a subgraph and fails on Article
// nodes, nil nodes and duplicates.
func subgraphNodes(t *testing.T, sg *graph.Subgraph) map[graph.Ref]bool {
	t.Helper()
	nodes := map[graph.Ref]bool{}
	add := func(r graph.Ref) {
		if nodes[r] {
			t.Errorf("node %s appears twice in the subgraph", r)
		}
		nodes[r] = true
	}
	for _, e := range sg.Entities {
		if e == nil {
			t.Fatal("nil entity in the subgraph")
		}
		if !e.Kind.IsEntity() {
			t.Errorf("subgraph entity %s is not an entity kind (articles are excluded)", e.Ref())
		}
		add(e.Ref())
	}
	for _, e := range sg.Events {
		if e == nil {
			t.Fatal("nil event in the subgraph")
		}
		add(eventRef(e.ID))
	}
	return nodes
}

func testNeighborhood(t *testing.T, s graph.Store) {
	corpus := Corpus()
	apply(t, s, corpus...)
	m := NewModel(corpus...)
	ev := func(i int) graph.Ref { return eventRef(CorpusEvent(i)) }

	for _, tc := range []struct {
		start graph.Ref
		depth int
		want  []graph.Ref // nil: take the model's
	}{
		{P("wang-yi"), 1, []graph.Ref{P("wang-yi"), ev(1), ev(3), C("CN")}},
		{C("RU"), 1, []graph.Ref{C("RU"), ev(1), ev(2), ev(5), ev(6), ev(7), P("lavrov"), PL("moscow")}},
		{T("energy"), 1, []graph.Ref{T("energy"), ev(2)}},
		{O("UN"), 2, []graph.Ref{O("UN")}},
		{P("wang-yi"), 2, nil},
		{PL("beijing"), 2, nil},
	} {
		t.Run(fmt.Sprintf("%s/Depth%d", tc.start, tc.depth), func(t *testing.T) {
			dist := m.Distances(tc.start, tc.depth)
			want := map[graph.Ref]bool{}
			for r := range dist {
				want[r] = true
			}
			if tc.want != nil {
				hand := map[graph.Ref]bool{}
				for _, r := range tc.want {
					hand[r] = true
				}
				if !cmp.Equal(hand, want) {
					t.Fatalf("suite bug: model neighborhood %v, hand-written %v", sortedRefs(want), sortedRefs(hand))
				}
			}
			sg, err := s.Neighborhood(ctx(t), tc.start, tc.depth, 1000)
			if err != nil {
				t.Fatalf("Neighborhood: %v", err)
			}
			got := subgraphNodes(t, sg)
			if diff := cmp.Diff(sortedRefs(want), sortedRefs(got)); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
			if sg.Truncated {
				t.Errorf("Truncated with limit 1000")
			}
			if diff := cmp.Diff(edgeKeys(m.InducedEdges(want)), edgeKeys(sg.Edges)); diff != "" {
				t.Errorf("edges: want every traversal edge between the nodes (-want +got):\n%s", diff)
			}
			for _, e := range sg.Entities {
				if w := m.Entity(e.Ref()); w == nil || w.Name != e.Name {
					t.Errorf("entity %s has name %q, want %v", e.Ref(), e.Name, w)
				}
			}
			for _, e := range sg.Events {
				if w := m.Event(e.ID); w == nil || w.Type != e.Type || w.Date != e.Date {
					t.Errorf("event %s = %s %s, want %v", e.ID, e.Type, e.Date, w)
				}
			}
		})
	}

	t.Run("Limit", func(t *testing.T) {
		start := P("wang-yi")
		all := m.Distances(start, 2)
		total := len(all)
		if total < 10 {
			t.Fatalf("suite bug: only %d nodes within 2 hops", total)
		}
		for _, limit := range []int{total, total - 1, 5, 1} {
			sg, err := s.Neighborhood(ctx(t), start, 2, limit)
			if err != nil {
				t.Fatalf("Neighborhood(limit %d): %v", limit, err)
			}
			got := subgraphNodes(t, sg)
			if wantTrunc := limit < total; sg.Truncated != wantTrunc {
				t.Errorf("limit %d of %d nodes: Truncated = %v, want %v", limit, total, sg.Truncated, wantTrunc)
			}
			if len(got) > limit || len(got) == 0 {
				t.Errorf("limit %d: %d nodes", limit, len(got))
			}
			if !got[start] {
				t.Errorf("limit %d: the start node is missing", limit)
			}
			for r := range got {
				if _, ok := all[r]; !ok {
					t.Errorf("limit %d: node %s is not within 2 hops", limit, r)
				}
			}
			if diff := cmp.Diff(edgeKeys(m.InducedEdges(got)), edgeKeys(sg.Edges)); diff != "" {
				t.Errorf("limit %d: edges must be those between the returned nodes (-want +got):\n%s", limit, diff)
			}
		}
	})
}

// pathFixture: alice and bob are linked through country XX and through
// country YY (4 hops each way), and through a 6-hop chain via ZZ and WW.
func pathFixture() graph.ArticleGraph {
	return NewArticle("paths").Lang("en").
		Person("alice", "Alice", "", "").Person("bob", "Bob", "", "").
		Meeting("2024-01-01", P("alice"), C("XX")).
		Meeting("2024-01-02", C("XX"), P("bob")).
		Meeting("2024-01-03", P("alice"), C("YY")).
		Meeting("2024-01-04", C("YY"), P("bob")).
		Meeting("2024-01-05", P("alice"), C("ZZ")).
		Meeting("2024-01-06", C("ZZ"), C("WW")).
		Meeting("2024-01-07", C("WW"), P("bob")).
		Build()
}

func pathLess(a, b []graph.Ref) bool {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return a[i].Less(b[i])
		}
	}
	return len(a) < len(b)
}

func testShortestPaths(t *testing.T, s graph.Store) {
	apply(t, s, pathFixture())
	meet := func(date string, a, b graph.Ref) graph.Ref {
		return eventRef(EventIDOf(graph.EventMeet, date, "", a, b))
	}
	viaXX := []graph.Ref{P("alice"), meet("2024-01-01", P("alice"), C("XX")), C("XX"), meet("2024-01-02", C("XX"), P("bob")), P("bob")}
	viaYY := []graph.Ref{P("alice"), meet("2024-01-03", P("alice"), C("YY")), C("YY"), meet("2024-01-04", C("YY"), P("bob")), P("bob")}
	both := [][]graph.Ref{viaXX, viaYY}
	sort.Slice(both, func(i, j int) bool { return pathLess(both[i], both[j]) })

	paths := func(t *testing.T, from, to graph.Ref, maxHops, limit int) [][]graph.Ref {
		t.Helper()
		ps, err := s.ShortestPaths(ctx(t), from, to, maxHops, limit)
		if err != nil {
			t.Fatalf("ShortestPaths(%s, %s, %d, %d): %v", from, to, maxHops, limit, err)
		}
		var out [][]graph.Ref
		for _, p := range ps {
			if len(p.Nodes) == 0 || p.Nodes[0] != from || p.Nodes[len(p.Nodes)-1] != to {
				t.Errorf("path %v does not run from %s to %s", p.Nodes, from, to)
			}
			if len(p.Edges) != len(p.Nodes)-1 {
				t.Errorf("path %v has %d edges, want %d", p.Nodes, len(p.Edges), len(p.Nodes)-1)
			}
			for i, e := range p.Edges {
				if i+1 >= len(p.Nodes) {
					break
				}
				a, b := p.Nodes[i], p.Nodes[i+1]
				if e.Type != graph.RelParticipant || !(e.From == a && e.To == b || e.From == b && e.To == a) {
					t.Errorf("path edge %d = %+v, want a PARTICIPANT edge between %s and %s", i, e, a, b)
				}
			}
			out = append(out, p.Nodes)
		}
		return out
	}
	t.Run("TwoShortest", func(t *testing.T) {
		if diff := cmp.Diff(both, paths(t, P("alice"), P("bob"), 6, 10)); diff != "" {
			t.Errorf("paths alice→bob, sorted by their nodes; the 6-hop chain is not shortest (-want +got):\n%s", diff)
		}
	})
	t.Run("ExactlyMaxHops", func(t *testing.T) {
		if diff := cmp.Diff(both, paths(t, P("alice"), P("bob"), 4, 10)); diff != "" {
			t.Errorf("maxHops 4 (-want +got):\n%s", diff)
		}
	})
	t.Run("MaxHopsTooSmall", func(t *testing.T) {
		if got := paths(t, P("alice"), P("bob"), 3, 10); len(got) != 0 {
			t.Errorf("maxHops 3: %v, want no path", got)
		}
	})
	t.Run("Limit", func(t *testing.T) {
		if diff := cmp.Diff(both[:1], paths(t, P("alice"), P("bob"), 6, 1)); diff != "" {
			t.Errorf("limit 1: want the first path in order (-want +got):\n%s", diff)
		}
	})
	t.Run("TwoHops", func(t *testing.T) {
		want := [][]graph.Ref{{P("alice"), meet("2024-01-05", P("alice"), C("ZZ")), C("ZZ")}}
		if diff := cmp.Diff(want, paths(t, P("alice"), C("ZZ"), 4, 10)); diff != "" {
			t.Errorf("alice→ZZ (-want +got):\n%s", diff)
		}
	})
	t.Run("Unconnected", func(t *testing.T) {
		apply(t, s, NewArticle("island").Country("IS").Build())
		if got := paths(t, P("alice"), C("IS"), 8, 10); len(got) != 0 {
			t.Errorf("alice→IS: %v, want no path", got)
		}
	})
}

// bilateralFixture: events between CN and RU (and some that are not).
func bilateralFixture() []graph.ArticleGraph {
	return []graph.ArticleGraph{
		NewArticle("bi-1").Lang("en").
			Meeting("2024-01-10", C("CN"), C("RU")).About("ukraine").
			Meeting("2024-02-05", C("RU"), C("CN")).
			Multi(graph.EventCooperate, "2024-02-20", C("CN"), C("RU")).About("energy", "trade").
			Multi(graph.EventAgree, "2024-03-01", C("CN"), C("RU")).About("trade").
			Build(),
		NewArticle("bi-2").Lang("en").
			Event(graph.EventSupport, "2024-03-15", C("CN"), C("RU")).
			Event(graph.EventSupport, "2024-03-16", C("RU"), C("CN")).
			Event(graph.EventCriticize, "2024-04-01", C("RU"), C("CN")).About("security").
			Meeting("2024-02-01", C("CN"), C("US")).
			Event(graph.EventCriticize, "2024-04-02", C("US"), C("RU")).
			Meeting("2024-05-01", C("CN"), C("RU"), C("IN")).
			Build(),
	}
}

func testBilateral(t *testing.T, s graph.Store) {
	apply(t, s, bilateralFixture()...)
	full := &graph.Bilateral{
		A: "CN", B: "RU", Events: 8, Meetings: 3,
		ByType: []graph.TypeCount{
			{Type: graph.EventAgree, Count: 1},
			{Type: graph.EventCooperate, Count: 1},
			{Type: graph.EventCriticize, Source: "RU", Target: "CN", Count: 1},
			{Type: graph.EventMeet, Count: 3},
			{Type: graph.EventSupport, Source: "CN", Target: "RU", Count: 1},
			{Type: graph.EventSupport, Source: "RU", Target: "CN", Count: 1},
		},
		Topics: []graph.KeyCount{{Key: "trade", Count: 2}, {Key: "energy", Count: 1}},
		Timeline: []graph.MonthBucket{
			{Month: "2024-01", Type: graph.EventMeet, Count: 1},
			{Month: "2024-02", Type: graph.EventCooperate, Count: 1},
			{Month: "2024-02", Type: graph.EventMeet, Count: 1},
			{Month: "2024-03", Type: graph.EventAgree, Count: 1},
			{Month: "2024-03", Type: graph.EventSupport, Count: 2},
			{Month: "2024-04", Type: graph.EventCriticize, Count: 1},
			{Month: "2024-05", Type: graph.EventMeet, Count: 1},
		},
	}
	reversed := *full
	reversed.A, reversed.B = "RU", "CN"
	ranged := &graph.Bilateral{
		A: "CN", B: "RU", Events: 3, Meetings: 1,
		ByType: []graph.TypeCount{
			{Type: graph.EventAgree, Count: 1},
			{Type: graph.EventCooperate, Count: 1},
			{Type: graph.EventMeet, Count: 1},
		},
		Topics: []graph.KeyCount{{Key: "trade", Count: 2}, {Key: "energy", Count: 1}},
		Timeline: []graph.MonthBucket{
			{Month: "2024-02", Type: graph.EventCooperate, Count: 1},
			{Month: "2024-02", Type: graph.EventMeet, Count: 1},
			{Month: "2024-03", Type: graph.EventAgree, Count: 1},
		},
	}
	for _, tc := range []struct {
		name     string
		a, b     string
		from, to string
		want     *graph.Bilateral
	}{
		{"All", "CN", "RU", "", "", full},
		{"Reversed", "RU", "CN", "", "", &reversed},
		{"Range", "CN", "RU", "2024-02-01", "2024-03-01", ranged},
		{"None", "IN", "US", "", "", &graph.Bilateral{A: "IN", B: "US"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Bilateral(ctx(t), tc.a, tc.b, tc.from, tc.to)
			if err != nil {
				t.Fatalf("Bilateral: %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpOpts...); diff != "" {
				t.Errorf("Bilateral(%s, %s, %q, %q) (-want +got):\n%s", tc.a, tc.b, tc.from, tc.to, diff)
			}
		})
	}
}
