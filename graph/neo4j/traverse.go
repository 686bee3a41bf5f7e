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

// refKeys gives the node keys ("Kind:key") of refs, as statements
// compare them with coalesce(n.ref, 'Event:' + n.id).
func refKeys(refs []graph.Ref) []string {
	keys := make([]string, len(refs))
	for i, r := range refs {
		keys[i] = r.String()
	}
	return keys
}

// edgesAmong reads every edge whose two ends are both among nodes.
func (t *txn) edgesAmong(ctx context.Context, nodes []graph.Ref) ([]graph.Edge, error) {
	p := nodeParams(nodes)
	p["all"] = refKeys(nodes)
	recs, err := t.run(ctx, qEdgesAmong, p)
	if err != nil {
		return nil, err
	}
	return edgesFromRecords(recs)
}

// edgesToward reads the edges between r and the first limit of its
// neighbours among next (sorted), in key order: from r's edges when it has
// few (fromNode), else from next, checked in chunks of growing size in
// their order until limit neighbours turn up. Two hub countries share
// thousands of events, and the first three are all a walk wants.
func (t *txn) edgesToward(ctx context.Context, r graph.Ref, fromNode bool, next []graph.Ref, limit int) ([]graph.Edge, error) {
	p := nodeParams([]graph.Ref{r})
	p["limit"] = int64(limit)
	if fromNode {
		p["all"] = refKeys(next)
		recs, err := t.run(ctx, qEdgesToward, p)
		if err != nil {
			return nil, err
		}
		return edgesFromRecords(recs)
	}
	var out []graph.Edge
	neighbours := map[graph.Ref]bool{}
	for chunk := 4 * limit; len(next) > 0 && len(neighbours) < limit; chunk *= 4 {
		part := next[:min(chunk, len(next))]
		next = next[len(part):]
		np := nodeParams(part)
		p["nextRefs"], p["nextEvents"] = np["refs"], np["events"]
		p["limit"] = int64(limit - len(neighbours))
		recs, err := t.run(ctx, qEdgesTowardFew, p)
		if err != nil {
			return nil, err
		}
		es, err := edgesFromRecords(recs)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			neighbours[other(e, r)] = true
		}
		out = append(out, es...)
	}
	return out, nil
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

func other(e graph.Edge, r graph.Ref) graph.Ref {
	if e.From == r {
		return e.To
	}
	return e.From
}

func sortRefs(rs []graph.Ref) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Less(rs[j]) })
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
			// Only the neighbours' keys: the edges are read for the few
			// nodes kept, and a hub's level is thousands of events.
			recs, err := t.run(ctx, qNeighborKeys, nodeParams(frontier))
			if err != nil {
				return err
			}
			var level []graph.Ref
			if len(recs) > 0 {
				for _, k := range asList(recs[0].Values[0]) {
					o, err := parseNodeRef(str(k))
					if err != nil {
						return err
					}
					if !in[o] {
						level = append(level, o)
					}
				}
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
		edges, err := t.edgesAmong(ctx, order)
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
	graph.SortEdges(sub.Edges)
	return sub, nil
}

// nodeDegrees runs a statement of keyLists over refs: the nodes it
// returns with the number of their traversable edges.
func (t *txn) nodeDegrees(ctx context.Context, query string, refs []graph.Ref, extra map[string]any) (map[graph.Ref]int64, error) {
	if len(refs) == 0 {
		return map[graph.Ref]int64{}, nil
	}
	p := nodeParams(refs)
	for k, v := range extra {
		p[k] = v
	}
	recs, err := t.run(ctx, query, p)
	if err != nil || len(recs) == 0 {
		return map[graph.Ref]int64{}, err
	}
	keys, degrees := asList(recs[0].Values[0]), asList(recs[0].Values[1])
	if len(keys) != len(degrees) {
		return nil, fmt.Errorf("neo4j store: %d node keys with %d degrees", len(keys), len(degrees))
	}
	out := make(map[graph.Ref]int64, len(keys))
	for i, k := range keys {
		r, err := parseNodeRef(str(k))
		if err != nil {
			return nil, err
		}
		out[r] = num(degrees[i])
	}
	return out, nil
}

// nodesAmong runs qTouching or qNeighborsAmong: the nodes it returns.
func (t *txn) nodesAmong(ctx context.Context, query string, nodes, among []graph.Ref) (map[graph.Ref]int64, error) {
	return t.nodeDegrees(ctx, query, nodes, map[string]any{"among": refKeys(among)})
}

// commonNeighbors returns the nodes one hop from both from and to when
// that is the distance between them, else nothing.
func (t *txn) commonNeighbors(ctx context.Context, from, to graph.Ref) ([]graph.Ref, error) {
	recs, err := t.run(ctx, qCommonNeighbors, nodeParams([]graph.Ref{from, to}))
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	if adjacent, _ := recs[0].Values[1].(bool); adjacent {
		return nil, nil // one hop apart: the search finds that at once
	}
	var out []graph.Ref
	for _, k := range asList(recs[0].Values[0]) {
		r, err := parseNodeRef(str(k))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sortRefs(out)
	return out, nil
}

// searchSide is one end of the bidirectional path search: the distance
// from its end of every node it reached, level by level, and the degrees
// of the nodes it reached, which choose the side to expand next.
type searchSide struct {
	dist     map[graph.Ref]int
	degree   map[graph.Ref]int64
	levels   [][]graph.Ref
	frontier int64 // edges at the last level: the cost of expanding it
}

func newSearchSide(end graph.Ref, degree int64) *searchSide {
	return &searchSide{
		dist:     map[graph.Ref]int{end: 0},
		degree:   map[graph.Ref]int64{end: degree},
		levels:   [][]graph.Ref{{end}},
		frontier: degree,
	}
}

func (s *searchSide) depth() int { return len(s.levels) - 1 }

// maxMeetingCheck bounds the other side's last level that expand looks
// for among the neighbours of its own, as a statement parameter.
const maxMeetingCheck = 50_000

// expand adds the next level of the side and returns the nodes of it that
// the other side has reached.
//
// Those can only be at the other side's last level (a node reached
// earlier by it would have been met sooner), so expand first asks for the
// neighbours among that level: when the sides meet, as they mostly do at
// the first chance in a dense graph, the rest of the level is never read.
func (s *searchSide) expand(ctx context.Context, t *txn, other *searchSide) ([]graph.Ref, error) {
	d := s.depth() + 1
	if last := other.levels[other.depth()]; s.depth()+other.depth() > 0 && len(last) <= maxMeetingCheck {
		found, err := t.nodesAmong(ctx, qNeighborsAmong, s.levels[s.depth()], last)
		if err != nil {
			return nil, err
		}
		if len(found) > 0 {
			meet := make([]graph.Ref, 0, len(found))
			for r, deg := range found {
				s.dist[r], s.degree[r] = d, deg
				meet = append(meet, r)
			}
			sortRefs(meet)
			// The level holds only the nodes on shortest paths: the only
			// ones the rest of the search reads.
			s.levels = append(s.levels, meet)
			return meet, nil
		}
	}
	next, err := t.nodeDegrees(ctx, qNextLevel, s.levels[s.depth()], nil)
	if err != nil {
		return nil, err
	}
	var level, meet []graph.Ref
	s.frontier = 0
	for r, deg := range next {
		if _, seen := s.dist[r]; seen || r.Kind == graph.KindArticle {
			continue
		}
		s.dist[r], s.degree[r] = d, deg
		s.frontier += deg
		level = append(level, r)
		if _, ok := other.dist[r]; ok {
			meet = append(meet, r)
		}
	}
	sortRefs(level)
	s.levels = append(s.levels, level)
	return meet, nil
}

// onShortestPaths returns, for each level of the side from the meeting
// level down, the nodes of that level with a neighbour on a shortest path
// at the level above: every node of the side that lies on one.
func (s *searchSide) onShortestPaths(ctx context.Context, t *txn, meet []graph.Ref) ([][]graph.Ref, error) {
	good := make([][]graph.Ref, s.depth()+1)
	good[s.depth()] = meet
	for d := s.depth() - 1; d >= 0; d-- {
		if d == 0 {
			good[0] = s.levels[0]
			break
		}
		// Expand whichever of the two sets has fewer edges.
		var upper, lower int64
		for _, r := range good[d+1] {
			upper += s.degree[r]
		}
		for _, r := range s.levels[d] {
			lower += s.degree[r]
		}
		var found map[graph.Ref]int64
		var err error
		if upper < lower {
			found, err = t.nodesAmong(ctx, qNeighborsAmong, good[d+1], s.levels[d])
		} else {
			found, err = t.nodesAmong(ctx, qTouching, s.levels[d], good[d+1])
		}
		if err != nil {
			return nil, err
		}
		for _, r := range s.levels[d] {
			if _, ok := found[r]; ok {
				good[d] = append(good[d], r)
			}
		}
	}
	return good, nil
}

// ShortestPaths implements graph.Store: every shortest path of at most
// maxHops edges, in the order of their node sequences, the first limit of
// them; between two nodes a path takes the smallest of the parallel edges.
// graph.ErrNotFound when from or to does not exist.
//
// Most ends in a dense graph are two hops apart, which one statement
// settles (commonNeighbors). Otherwise the search runs breadth first from
// both ends, one statement per level, each time from the end whose last
// level has fewer edges, until the two meet: from a hub country one level
// is thousands of events, and meeting in the middle expands the hubs at
// most once. Only node keys travel; then the nodes on a shortest path are
// found from the meeting level back to each end, and only their edges are
// read for the walk.
func (s *Store) ShortestPaths(ctx context.Context, from, to graph.Ref, maxHops, limit int) ([]graph.Path, error) {
	limit = max(limit, 1)
	var paths []graph.Path
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		paths = nil
		degrees, err := t.nodeDegrees(ctx, qNodeDegrees, []graph.Ref{from, to}, nil)
		if err != nil {
			return err
		}
		for _, r := range []graph.Ref{from, to} {
			if _, ok := degrees[r]; !ok {
				return fmt.Errorf("%w: %s", graph.ErrNotFound, r)
			}
		}
		if from == to {
			paths = []graph.Path{{Nodes: []graph.Ref{from}}}
			return nil
		}
		fwd, back := newSearchSide(from, degrees[from]), newSearchSide(to, degrees[to])
		var meet []graph.Ref
		if maxHops >= 2 {
			if meet, err = t.commonNeighbors(ctx, from, to); err != nil {
				return err
			}
			if len(meet) > 0 {
				for _, side := range []*searchSide{fwd, back} {
					for _, r := range meet {
						side.dist[r] = 1
					}
					side.levels = append(side.levels, meet)
				}
			}
		}
		for len(meet) == 0 && fwd.depth()+back.depth() < maxHops {
			side, other := fwd, back
			if back.frontier < fwd.frontier {
				side, other = back, fwd
			}
			if meet, err = side.expand(ctx, t, other); err != nil {
				return err
			}
			if len(side.levels[side.depth()]) == 0 {
				return nil // the end's component holds no path to the other
			}
			if len(fwd.dist)+len(back.dist) > maxTraversal {
				return fmt.Errorf("%w: path search visited more than %d nodes", graph.ErrTimeout, maxTraversal)
			}
		}
		if len(meet) == 0 {
			return nil
		}
		// Every meeting node is at the last level of both sides: a node
		// reached earlier by one side would have met the other sooner.
		sortRefs(meet)
		total := fwd.depth() + back.depth()
		goodFwd, err := fwd.onShortestPaths(ctx, t, meet)
		if err != nil {
			return err
		}
		goodBack, err := back.onShortestPaths(ctx, t, meet)
		if err != nil {
			return err
		}
		// step is each such node's distance from the start.
		step := map[graph.Ref]int{}
		for d, level := range goodFwd {
			for _, r := range level {
				step[r] = d
			}
		}
		for d, level := range goodBack {
			for _, r := range level {
				step[r] = total - d
			}
		}
		// The walk asks for the edges of the few nodes it visits, each
		// toward the nodes one step on.
		byStep := make([][]graph.Ref, total+1)
		for r, d := range step {
			byStep[d] = append(byStep[d], r)
		}
		for _, level := range byStep {
			sortRefs(level)
		}
		var walkErr error
		edgesAt := func(r graph.Ref) []graph.Edge {
			d, on := step[r]
			if walkErr != nil || !on || d >= total {
				return nil
			}
			degree, known := fwd.degree[r]
			if !known {
				degree, known = back.degree[r]
			}
			var es []graph.Edge
			es, walkErr = t.edgesToward(ctx, r, known && degree <= int64(len(byStep[d+1])), byStep[d+1], limit)
			return es
		}
		paths = graph.WalkShortestPaths(from, to, limit, edgesAt,
			func(o graph.Ref, pos int) bool { d, on := step[o]; return on && d == pos })
		return walkErr
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
		recs, err := t.run(ctx, qBilateral, map[string]any{"a": refA, "b": refB, "pair": pairToken(a, b), "lo": lo, "hi": q.hi})
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
