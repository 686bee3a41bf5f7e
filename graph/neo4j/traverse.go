package neo4j

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// maxTraversal bounds the nodes a path search may visit, as in the memory
// store, so a query between two hubs cannot run away.
const maxTraversal = 500_000

// Traversals run breadth first in Go, one statement per level, with the
// same rules as the memory store, so that both return the same nodes,
// edges and paths in the same order.

// nodeKey is the ref of a node as the traversal statements return it:
// "Kind:id" for entities and events.
func parseNodeRef(s string) (graph.Ref, error) {
	kind, id, ok := strings.Cut(s, ":")
	k := graph.Kind(kind)
	if !ok || !(k.IsEntity() || k == graph.KindEvent) {
		return graph.Ref{}, fmt.Errorf("neo4j store: malformed node ref %q", truncate(s, 64))
	}
	return graph.Ref{Kind: k, ID: id}, nil
}

// nodeParams splits refs into the $refs (entities) and $events parameters.
func nodeParams(refs []graph.Ref) map[string]any {
	ents, evs := []string{}, []string{}
	for _, r := range refs {
		switch {
		case r.Kind == graph.KindEvent:
			evs = append(evs, r.ID)
		case r.Kind.IsEntity():
			ents = append(ents, entityRef(r))
		}
	}
	return map[string]any{"refs": ents, "events": evs}
}

func edgesFromRecords(recs []*neo4j.Record) ([]graph.Edge, error) {
	out := make([]graph.Edge, 0, len(recs))
	for _, rec := range recs {
		from, err := parseNodeRef(str(rec.Values[1]))
		if err != nil {
			return nil, err
		}
		to, err := parseNodeRef(str(rec.Values[2]))
		if err != nil {
			return nil, err
		}
		out = append(out, graph.Edge{Type: str(rec.Values[0]), From: from, To: to, Role: str(rec.Values[3])})
	}
	return out, nil
}

// expand returns the edges at each of the nodes.
func (t *txn) expand(ctx context.Context, nodes []graph.Ref) (map[graph.Ref][]graph.Edge, error) {
	out := make(map[graph.Ref][]graph.Edge, len(nodes))
	if len(nodes) == 0 {
		return out, nil
	}
	want := make(map[graph.Ref]bool, len(nodes))
	for _, r := range nodes {
		want[r] = true
	}
	recs, err := t.run(ctx, qExpand, nodeParams(nodes))
	if err != nil {
		return nil, err
	}
	edges, err := edgesFromRecords(recs)
	if err != nil {
		return nil, err
	}
	for _, e := range edges {
		// An edge between two nodes of the set comes once per end; a
		// repeated edge, like the memory store's parallel offices, changes
		// no traversal result.
		if want[e.From] {
			out[e.From] = append(out[e.From], e)
		}
		if want[e.To] && e.To != e.From {
			out[e.To] = append(out[e.To], e)
		}
	}
	return out, nil
}

func other(e graph.Edge, r graph.Ref) graph.Ref {
	if e.From == r {
		return e.To
	}
	return e.From
}

func sortRefs(rs []graph.Ref) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Less(rs[j]) })
}

func edgeCmpLess(a, b graph.Edge) bool {
	if a.Type != b.Type {
		return a.Type < b.Type
	}
	if a.From != b.From {
		return a.From.Less(b.From)
	}
	if a.To != b.To {
		return a.To.Less(b.To)
	}
	return a.Role < b.Role
}

func sortEdges(es []graph.Edge) {
	sort.Slice(es, func(i, j int) bool { return edgeCmpLess(es[i], es[j]) })
}

// exists reports whether the entity or event r is stored.
func (t *txn) exists(ctx context.Context, r graph.Ref) (bool, error) {
	switch {
	case r.Kind == graph.KindEvent:
		evs, err := t.events(ctx, []string{r.ID})
		return evs[r.ID] != nil, err
	case r.Kind.IsEntity():
		ents, err := t.entities(ctx, []graph.Ref{r})
		return ents[r] != nil, err
	}
	return false, nil
}

// Neighborhood implements graph.Store: breadth first, the nodes of one
// depth taken in ref order, stopping at limit nodes (Truncated then).
// graph.ErrNotFound when ref does not exist.
func (s *Store) Neighborhood(ctx context.Context, ref graph.Ref, depth, limit int) (*graph.Subgraph, error) {
	depth = max(depth, 1)
	limit = max(limit, 1)
	var sub *graph.Subgraph
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		ok, err := t.exists(ctx, ref)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: %s", graph.ErrNotFound, ref)
		}
		sub = &graph.Subgraph{}
		in := map[graph.Ref]bool{ref: true}
		order := []graph.Ref{ref}
		frontier := []graph.Ref{ref}
		for d := 0; d < depth && len(frontier) > 0 && !sub.Truncated; d++ {
			adj, err := t.expand(ctx, frontier)
			if err != nil {
				return err
			}
			next := map[graph.Ref]bool{}
			for _, r := range frontier {
				for _, e := range adj[r] {
					if o := other(e, r); !in[o] {
						next[o] = true
					}
				}
			}
			level := make([]graph.Ref, 0, len(next))
			for r := range next {
				level = append(level, r)
			}
			sortRefs(level)
			frontier = nil
			for _, r := range level {
				if len(order) >= limit {
					sub.Truncated = true
					break
				}
				in[r] = true
				order = append(order, r)
				frontier = append(frontier, r)
			}
		}
		all := make([]string, 0, len(order))
		for _, r := range order {
			all = append(all, r.String())
		}
		p := nodeParams(order)
		p["all"] = all
		recs, err := t.run(ctx, qEdgesAmong, p)
		if err != nil {
			return err
		}
		edges, err := edgesFromRecords(recs)
		if err != nil {
			return err
		}
		seen := map[graph.Edge]bool{}
		for _, e := range edges {
			if !seen[e] {
				seen[e] = true
				sub.Edges = append(sub.Edges, e)
			}
		}
		var entRefs []graph.Ref
		var evIDs []string
		for _, r := range order {
			if r.Kind == graph.KindEvent {
				evIDs = append(evIDs, r.ID)
			} else {
				entRefs = append(entRefs, r)
			}
		}
		ents, err := t.entities(ctx, entRefs)
		if err != nil {
			return err
		}
		evs, err := t.events(ctx, evIDs)
		if err != nil {
			return err
		}
		for _, r := range entRefs {
			if e := ents[r]; e != nil {
				sub.Entities = append(sub.Entities, e)
			}
		}
		for _, id := range evIDs {
			if ev := evs[id]; ev != nil {
				sub.Events = append(sub.Events, ev)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(sub.Entities, func(i, j int) bool { return sub.Entities[i].Ref().Less(sub.Entities[j].Ref()) })
	sort.Slice(sub.Events, func(i, j int) bool { return sub.Events[i].ID < sub.Events[j].ID })
	sortEdges(sub.Edges)
	return sub, nil
}

// bfs returns the hop distance from start to every node within maxHops
// (stopping after the level that reaches stop, when stop is set), and the
// edges of every node it expanded.
func (t *txn) bfs(ctx context.Context, start graph.Ref, maxHops int, stop *graph.Ref) (map[graph.Ref]int, map[graph.Ref][]graph.Edge, error) {
	dist := map[graph.Ref]int{start: 0}
	adj := map[graph.Ref][]graph.Edge{}
	frontier := []graph.Ref{start}
	for d := 1; d <= maxHops && len(frontier) > 0; d++ {
		lvl, err := t.expand(ctx, frontier)
		if err != nil {
			return nil, nil, err
		}
		var next []graph.Ref
		for _, r := range frontier {
			adj[r] = lvl[r]
			for _, e := range lvl[r] {
				if o := other(e, r); o.Kind != graph.KindArticle {
					if _, ok := dist[o]; !ok {
						dist[o] = d
						next = append(next, o)
					}
				}
			}
		}
		if len(dist) > maxTraversal {
			return nil, nil, fmt.Errorf("%w: path search visited more than %d nodes", graph.ErrTimeout, maxTraversal)
		}
		if stop != nil {
			if _, ok := dist[*stop]; ok {
				break
			}
		}
		frontier = next
	}
	return dist, adj, nil
}

// ShortestPaths implements graph.Store: every shortest path of at most
// maxHops edges, in the order of their node sequences, the first limit of
// them; between two nodes a path takes the smallest of the parallel edges.
// graph.ErrNotFound when from or to does not exist.
func (s *Store) ShortestPaths(ctx context.Context, from, to graph.Ref, maxHops, limit int) ([]graph.Path, error) {
	limit = max(limit, 1)
	var paths []graph.Path
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		paths = nil
		for _, r := range []graph.Ref{from, to} {
			ok, err := t.exists(ctx, r)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%w: %s", graph.ErrNotFound, r)
			}
		}
		if from == to {
			paths = []graph.Path{{Nodes: []graph.Ref{from}}}
			return nil
		}
		df, adj, err := t.bfs(ctx, from, maxHops, &to)
		if err != nil {
			return err
		}
		total, ok := df[to]
		if !ok {
			return nil
		}
		dt, _, err := t.bfs(ctx, to, total, nil)
		if err != nil {
			return err
		}
		nodes := []graph.Ref{from}
		var edges []graph.Edge
		var walk func(r graph.Ref)
		walk = func(r graph.Ref) {
			if len(paths) >= limit {
				return
			}
			if r == to {
				paths = append(paths, graph.Path{Nodes: append([]graph.Ref(nil), nodes...), Edges: append([]graph.Edge(nil), edges...)})
				return
			}
			// The next hop: one step further from the start, on a shortest path.
			best := map[graph.Ref]graph.Edge{}
			for _, e := range adj[r] {
				o := other(e, r)
				if df[o] != df[r]+1 || dt[o] != total-df[o] {
					continue
				}
				if _, in := dt[o]; !in {
					continue
				}
				if b, seen := best[o]; !seen || edgeCmpLess(e, b) {
					best[o] = e
				}
			}
			next := make([]graph.Ref, 0, len(best))
			for o := range best {
				next = append(next, o)
			}
			sortRefs(next)
			for _, o := range next {
				nodes = append(nodes, o)
				edges = append(edges, best[o])
				walk(o)
				nodes, edges = nodes[:len(nodes)-1], edges[:len(edges)-1]
			}
		}
		walk(from)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return paths, nil
}

// Bilateral implements graph.Store. graph.ErrInvalid unless a and b are
// two different codes and from, to are ISO days (or empty).
func (s *Store) Bilateral(ctx context.Context, a, b string, from, to string) (*graph.Bilateral, error) {
	if a == "" || b == "" || a == b {
		return nil, fmt.Errorf("%w: bilateral needs two different country codes", graph.ErrInvalid)
	}
	q, err := compileEventFilter(graph.EventFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	lo := q.lo
	if !q.ranged {
		lo = ""
	}
	refA := entityRef(graph.Ref{Kind: graph.KindCountry, ID: a})
	refB := entityRef(graph.Ref{Kind: graph.KindCountry, ID: b})
	var res *graph.Bilateral
	err = s.read(ctx, func(ctx context.Context, t *txn) error {
		recs, err := t.run(ctx, qBilateral, map[string]any{"a": refA, "b": refB, "lo": lo, "hi": q.hi})
		if err != nil {
			return err
		}
		res = &graph.Bilateral{A: a, B: b}
		types := map[graph.TypeCount]int{}
		topics := map[string]int{}
		months := map[graph.MonthBucket]int{}
		for _, rec := range recs {
			typ := graph.EventType(str(rec.Values[0]))
			date := str(rec.Values[1])
			res.Events++
			if typ == graph.EventMeet {
				res.Meetings++
			}
			key := graph.TypeCount{Type: typ}
			if !typ.Symmetric() {
				var ps []graph.Participant
				for _, x := range asList(rec.Values[3]) {
					pair := asList(x)
					if len(pair) == 2 {
						r, err := parseEntityRef(str(pair[0]))
						if err != nil {
							return err
						}
						ps = append(ps, graph.Participant{Ref: r, Role: str(pair[1])})
					}
				}
				graph.SortParticipants(ps)
				for _, p := range ps {
					switch p.Role {
					case graph.RoleSource:
						key.Source = p.Ref.ID
					case graph.RoleTarget:
						key.Target = p.Ref.ID
					}
				}
			}
			types[key]++
			if typ == graph.EventCooperate || typ == graph.EventAgree {
				for _, tp := range strs(rec.Values[2]) {
					topics[tp]++
				}
			}
			if len(date) >= 7 {
				months[graph.MonthBucket{Month: date[:7], Type: typ}]++
			}
		}
		for k, n := range types {
			k.Count = n
			res.ByType = append(res.ByType, k)
		}
		for k, n := range topics {
			res.Topics = append(res.Topics, graph.KeyCount{Key: k, Count: n})
		}
		for k, n := range months {
			k.Count = n
			res.Timeline = append(res.Timeline, k)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	graph.SortBilateral(res)
	return res, nil
}
