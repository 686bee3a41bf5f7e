package memory

import (
	"context"
	"fmt"
	"sort"

	"github.com/dipgraph/dipgraph/graph"
)

// maxTraversal bounds the nodes a path search may visit, so a query between
// two hubs cannot hold the read lock for long.
const maxTraversal = 500_000

// edges returns the traversable edges at a node: event participation,
// place and topic, offices and locations. Articles are not traversed.
func (s *state) edges(r graph.Ref) []graph.Edge {
	var out []graph.Edge
	if r.Kind == graph.KindEvent {
		ev := s.events[r.ID]
		if ev == nil {
			return nil
		}
		for _, p := range ev.Participants {
			out = append(out, graph.Edge{Type: graph.RelParticipant, From: r, To: p.Ref, Role: p.Role})
		}
		if ev.Place != "" {
			out = append(out, graph.Edge{Type: graph.RelAt, From: r, To: graph.Ref{Kind: graph.KindPlace, ID: ev.Place}})
		}
		for _, t := range ev.Topics {
			out = append(out, graph.Edge{Type: graph.RelAbout, From: r, To: graph.Ref{Kind: graph.KindTopic, ID: t}})
		}
		return out
	}
	er := s.entities[r]
	if er == nil {
		return nil
	}
	if tr := s.evIndex[r]; tr != nil {
		// The edges of each event that end at r, in the order edges(event)
		// gives them, without building the event's other edges: a hub
		// country has tens of thousands of events.
		out = make([]graph.Edge, 0, tr.Len()+len(er.links))
		tr.Ascend(func(k evKey) bool {
			ev := s.events[k.id]
			if ev == nil {
				return true
			}
			evRef := graph.Ref{Kind: graph.KindEvent, ID: k.id}
			for _, p := range ev.Participants {
				if p.Ref == r {
					out = append(out, graph.Edge{Type: graph.RelParticipant, From: evRef, To: r, Role: p.Role})
				}
			}
			if r.Kind == graph.KindPlace && ev.Place == r.ID {
				out = append(out, graph.Edge{Type: graph.RelAt, From: evRef, To: r})
			}
			if r.Kind == graph.KindTopic {
				for _, t := range ev.Topics {
					if t == r.ID {
						out = append(out, graph.Edge{Type: graph.RelAbout, From: evRef, To: r})
					}
				}
			}
			return true
		})
	}
	out = append(out, er.links...)
	for l := range s.linkedBy[r] {
		out = append(out, l)
	}
	return out
}

func other(e graph.Edge, r graph.Ref) graph.Ref {
	if e.From == r {
		return e.To
	}
	return e.From
}

func (s *state) exists(r graph.Ref) bool {
	if r.Kind == graph.KindEvent {
		return s.events[r.ID] != nil
	}
	return s.entities[r] != nil
}

// Neighborhood implements graph.Store: breadth first, nodes of one depth
// taken in ref order, stopping at limit nodes.
func (s *Store) Neighborhood(ctx context.Context, ref graph.Ref, depth, limit int) (*graph.Subgraph, error) {
	if depth < 1 {
		depth = 1
	}
	if limit < 1 {
		limit = 1
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	st := s.st
	if !st.exists(ref) {
		return nil, fmt.Errorf("%w: %s", graph.ErrNotFound, ref)
	}
	in := map[graph.Ref]bool{ref: true}
	order := []graph.Ref{ref}
	frontier := []graph.Ref{ref}
	sub := &graph.Subgraph{}
	for d := 0; d < depth && len(frontier) > 0 && !sub.Truncated; d++ {
		next := map[graph.Ref]bool{}
		for _, r := range frontier {
			for _, e := range st.edges(r) {
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
		frontier = frontier[:0]
		for _, r := range level {
			if len(order) >= limit {
				sub.Truncated = true
				break
			}
			in[r] = true
			order = append(order, r)
			frontier = append(frontier, r)
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w: %v", graph.ErrTimeout, err)
		}
	}
	seen := map[graph.Edge]bool{}
	for _, r := range order {
		if r.Kind == graph.KindEvent {
			sub.Events = append(sub.Events, copyEvent(st.events[r.ID]))
		} else {
			sub.Entities = append(sub.Entities, st.entities[r].ent)
		}
		for _, e := range st.edges(r) {
			if in[e.From] && in[e.To] && !seen[e] {
				seen[e] = true
				sub.Edges = append(sub.Edges, e)
			}
		}
	}
	sort.Slice(sub.Entities, func(i, j int) bool { return sub.Entities[i].Ref().Less(sub.Entities[j].Ref()) })
	sort.Slice(sub.Events, func(i, j int) bool { return sub.Events[i].ID < sub.Events[j].ID })
	graph.SortEdges(sub.Edges)
	return sub, nil
}

// degree is the number of edges edges(r) returns, without building them:
// what expanding r costs.
func (s *state) degree(r graph.Ref) int {
	if r.Kind == graph.KindEvent {
		ev := s.events[r.ID]
		if ev == nil {
			return 0
		}
		n := len(ev.Participants) + len(ev.Topics)
		if ev.Place != "" {
			n++
		}
		return n
	}
	er := s.entities[r]
	if er == nil {
		return 0
	}
	n := len(er.links) + len(s.linkedBy[r])
	if tr := s.evIndex[r]; tr != nil {
		n += tr.Len()
	}
	return n
}

// searchSide is one end of a bidirectional breadth-first search: the hop
// distance of every node reached from its start, and the last level.
type searchSide struct {
	dist     map[graph.Ref]int
	frontier []graph.Ref
	depth    int
}

func newSearchSide(start graph.Ref) *searchSide {
	return &searchSide{dist: map[graph.Ref]int{start: 0}, frontier: []graph.Ref{start}}
}

// cost is the number of edges expanding the frontier would walk.
func (side *searchSide) cost(s *state) int {
	n := 0
	for _, r := range side.frontier {
		n += s.degree(r)
	}
	return n
}

// expand adds the next level and returns the smallest distance through a
// node the other side has reached, or -1.
func (side *searchSide) expand(s *state, opposite *searchSide) int {
	side.depth++
	best := -1
	var next []graph.Ref
	for _, r := range side.frontier {
		for _, e := range s.edges(r) {
			o := other(e, r)
			if o.Kind == graph.KindArticle {
				continue
			}
			if _, ok := side.dist[o]; ok {
				continue
			}
			side.dist[o] = side.depth
			next = append(next, o)
			if d, met := opposite.dist[o]; met && (best < 0 || side.depth+d < best) {
				best = side.depth + d
			}
		}
	}
	side.frontier = next
	return best
}

// distance searches from both ends at once, a level at a time on the side
// whose frontier has fewer edges, until they meet: it returns the length
// of the shortest paths (-1: none within maxHops) and both sides' searches.
// Two people a few hops apart meet at the countries between them instead
// of expanding every event of those hub countries, as a search from one
// end must.
func (s *state) distance(ctx context.Context, from, to graph.Ref, maxHops int) (int, *searchSide, *searchSide, error) {
	fs, ts := newSearchSide(from), newSearchSide(to)
	for fs.depth+ts.depth < maxHops && len(fs.frontier) > 0 && len(ts.frontier) > 0 {
		var d int
		if fs.cost(s) <= ts.cost(s) {
			d = fs.expand(s, ts)
		} else {
			d = ts.expand(s, fs)
		}
		if len(fs.dist)+len(ts.dist) > maxTraversal {
			return 0, nil, nil, fmt.Errorf("%w: path search visited more than %d nodes", graph.ErrTimeout, maxTraversal)
		}
		if err := ctx.Err(); err != nil {
			return 0, nil, nil, fmt.Errorf("%w: %v", graph.ErrTimeout, err)
		}
		if d >= 0 {
			return d, fs, ts, nil
		}
	}
	return -1, fs, ts, nil
}

// ShortestPaths implements graph.Store: every shortest path, in order of
// their node sequences, the first limit of them.
func (s *Store) ShortestPaths(ctx context.Context, from, to graph.Ref, maxHops, limit int) ([]graph.Path, error) {
	if limit < 1 {
		limit = 1
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	st := s.st
	for _, r := range []graph.Ref{from, to} {
		if !st.exists(r) {
			return nil, fmt.Errorf("%w: %s", graph.ErrNotFound, r)
		}
	}
	if from == to {
		return []graph.Path{{Nodes: []graph.Ref{from}}}, nil
	}
	total, fs, ts, err := st.distance(ctx, from, to, maxHops)
	if err != nil || total < 0 {
		return nil, err
	}
	// A node at position p of a shortest path is total-p hops from the end:
	// the end's search knows those distances from position near on, where
	// total-p <= ts.depth. Nearer the start only the start's search knows
	// them, so the nodes there that lead on to the end are marked first,
	// backwards from position near.
	near := max(total-ts.depth, 0)
	onPath := map[graph.Ref]bool{}
	var layer []graph.Ref
	for r, d := range fs.dist {
		if dt, ok := ts.dist[r]; ok && d == near && dt == total-near {
			onPath[r] = true
			layer = append(layer, r)
		}
	}
	for p := near - 1; p >= 0; p-- {
		var prev []graph.Ref
		for _, r := range layer {
			for _, e := range st.edges(r) {
				if o := other(e, r); !onPath[o] {
					if d, ok := fs.dist[o]; ok && d == p {
						onPath[o] = true
						prev = append(prev, o)
					}
				}
			}
		}
		layer = prev
	}
	// leads reports whether o, one hop from a node at position p-1 of a
	// shortest path, is at position p of one.
	leads := func(o graph.Ref, p int) bool {
		if p >= near {
			d, ok := ts.dist[o]
			return ok && d == total-p
		}
		d, ok := fs.dist[o]
		return ok && d == p && onPath[o]
	}
	return graph.WalkShortestPaths(from, to, limit, st.edges, leads), nil
}

// Bilateral implements graph.Store.
func (s *Store) Bilateral(ctx context.Context, a, b string, from, to string) (*graph.Bilateral, error) {
	if a == "" || b == "" || a == b {
		return nil, fmt.Errorf("%w: bilateral needs two different country codes", graph.ErrInvalid)
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	res := &graph.Bilateral{A: a, B: b}
	types := map[graph.TypeCount]int{}
	topics := map[string]int{}
	months := map[graph.MonthBucket]int{}
	err := s.st.scanEvents(graph.EventFilter{Countries: []string{a, b}, From: from, To: to}, nil, func(ev *graph.Event) bool {
		res.Events++
		if ev.Type == graph.EventMeet {
			res.Meetings++
		}
		key := graph.TypeCount{Type: ev.Type}
		if !ev.Type.Symmetric() {
			for _, p := range ev.Participants {
				if p.Ref.Kind != graph.KindCountry || (p.Ref.ID != a && p.Ref.ID != b) {
					continue
				}
				switch p.Role {
				case graph.RoleSource:
					key.Source = p.Ref.ID
				case graph.RoleTarget:
					key.Target = p.Ref.ID
				}
			}
		}
		types[key]++
		if ev.Type == graph.EventCooperate || ev.Type == graph.EventAgree {
			for _, t := range ev.Topics {
				topics[t]++
			}
		}
		if ev.Date != "" {
			months[graph.MonthBucket{Month: ev.Date[:7], Type: ev.Type}]++
		}
		return true
	})
	if err != nil {
		return nil, err
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
	graph.SortBilateral(res)
	return res, nil
}
