package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
	. "github.com/dipgraph/dipgraph/graph/graphtest"
)

// referencePaths is the plain search the bidirectional one replaced: the
// distance of every node from the start up to the end's level, then from
// the end, and the walk along the nodes whose distances add up to the length.
func referencePaths(st *state, from, to graph.Ref, maxHops, limit int) []graph.Path {
	bfs := func(start graph.Ref, hops int, stop graph.Ref) map[graph.Ref]int {
		dist := map[graph.Ref]int{start: 0}
		frontier := []graph.Ref{start}
		for d := 1; d <= hops && len(frontier) > 0; d++ {
			if _, found := dist[stop]; found {
				break
			}
			var next []graph.Ref
			for _, r := range frontier {
				for _, e := range st.edges(r) {
					if o := other(e, r); o.Kind != graph.KindArticle {
						if _, ok := dist[o]; !ok {
							dist[o] = d
							next = append(next, o)
						}
					}
				}
			}
			frontier = next
		}
		return dist
	}
	if from == to {
		return []graph.Path{{Nodes: []graph.Ref{from}}}
	}
	df := bfs(from, maxHops, to)
	total, ok := df[to]
	if !ok {
		return nil
	}
	dt := bfs(to, total, from)
	return graph.WalkShortestPaths(from, to, limit, st.edges, func(o graph.Ref, pos int) bool {
		dto, in := dt[o]
		return df[o] == pos && in && dto == total-pos
	})
}

// randomGraph is articles about a few countries, people and organizations
// meeting at random: sparse enough for paths of many lengths, with hubs.
func randomGraph(rng *rand.Rand) ([]graph.ArticleGraph, []graph.Ref) {
	countries := []string{"AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH"}
	var refs []graph.Ref
	for _, c := range countries {
		refs = append(refs, C(c))
	}
	people := 6 + rng.IntN(12)
	for i := range people {
		refs = append(refs, P(fmt.Sprintf("p%d", i)))
	}
	refs = append(refs, O("ORG"))
	var arts []graph.ArticleGraph
	for a := range 3 + rng.IntN(6) {
		b := NewArticle(fmt.Sprintf("art-%d", a)).Lang("en")
		for _, c := range countries {
			b.Country(c)
		}
		for i := range people {
			b.Person(fmt.Sprintf("p%d", i), fmt.Sprintf("Person %d", i), countries[i%len(countries)], "minister")
		}
		b.Org("ORG", "Organization", countries[:3]...)
		for e := range 1 + rng.IntN(5) {
			n := 2 + rng.IntN(3)
			ps := map[graph.Ref]bool{}
			for len(ps) < n {
				// Countries are drawn more often: hubs, as in the news.
				if rng.IntN(2) == 0 {
					ps[C(countries[rng.IntN(len(countries))])] = true
				} else {
					ps[refs[rng.IntN(len(refs))]] = true
				}
			}
			var list []graph.Ref
			for r := range ps {
				list = append(list, r)
			}
			sortRefs(list)
			b.Meeting(fmt.Sprintf("2024-%02d-%02d", 1+a%12, 1+e), list...)
		}
		arts = append(arts, b.Build())
	}
	return arts, refs
}

// The bidirectional search finds the same paths, in the same order, as
// the plain one, on random graphs, for every pair and hop limit.
func TestShortestPathsMatchReference(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		arts, refs := randomGraph(rng)
		s, err := Open(ctx, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(ctx, arts); err != nil {
			t.Fatal(err)
		}
		// Events are nodes of paths too.
		for id := range s.st.events {
			refs = append(refs, graph.Ref{Kind: graph.KindEvent, ID: id})
		}
		sortRefs(refs)
		compared, found := 0, 0
		for i := 0; i < 400; i++ {
			from, to := refs[rng.IntN(len(refs))], refs[rng.IntN(len(refs))]
			if !s.st.exists(from) || !s.st.exists(to) {
				continue
			}
			maxHops, limit := 1+rng.IntN(7), 1+rng.IntN(6)
			got, err := s.ShortestPaths(ctx, from, to, maxHops, limit)
			if err != nil {
				t.Fatalf("seed %d: ShortestPaths(%s, %s, %d, %d): %v", seed, from, to, maxHops, limit, err)
			}
			want := referencePaths(s.st, from, to, maxHops, limit)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("seed %d: ShortestPaths(%s, %s, %d, %d) differs from the plain search (-want +got):\n%s",
					seed, from, to, maxHops, limit, diff)
			}
			compared++
			if len(want) > 0 {
				found++
			}
		}
		s.Close()
		if compared < 100 || found < 20 {
			t.Fatalf("seed %d: only %d searches compared, %d with paths: the test no longer exercises the search", seed, compared, found)
		}
	}
}
