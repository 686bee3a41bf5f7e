package graph

import "sort"

// Less orders edges by type, then their ends, then role: the order in
// which stores list edges, and the tie-break between two edges joining
// the same nodes.
func (e Edge) Less(o Edge) bool {
	if e.Type != o.Type {
		return e.Type < o.Type
	}
	if e.From != o.From {
		return e.From.Less(o.From)
	}
	if e.To != o.To {
		return e.To.Less(o.To)
	}
	return e.Role < o.Role
}

// SortEdges sorts edges by Edge.Less.
func SortEdges(es []Edge) {
	sort.Slice(es, func(i, j int) bool { return es[i].Less(es[j]) })
}

// WalkShortestPaths lists the shortest paths from from to to, in order of
// their node sequences, the first limit of them: the result every store's
// ShortestPaths gives. edges returns the edges at a node; onPath reports
// whether o, one hop on from a node at position pos-1 of a shortest path,
// is at position pos of one (how a store knows that is its own search).
// Between two nodes the smallest edge is taken.
func WalkShortestPaths(from, to Ref, limit int, edges func(Ref) []Edge, onPath func(o Ref, pos int) bool) []Path {
	var paths []Path
	nodes := []Ref{from}
	var walked []Edge
	var walk func(r Ref)
	walk = func(r Ref) {
		if len(paths) >= limit {
			return
		}
		if r == to {
			paths = append(paths, Path{Nodes: append([]Ref(nil), nodes...), Edges: append([]Edge(nil), walked...)})
			return
		}
		pos := len(nodes) // the position of the next hop
		best := map[Ref]Edge{}
		for _, e := range edges(r) {
			o := e.From
			if o == r {
				o = e.To
			}
			if !onPath(o, pos) {
				continue
			}
			if b, seen := best[o]; !seen || e.Less(b) {
				best[o] = e
			}
		}
		next := make([]Ref, 0, len(best))
		for o := range best {
			next = append(next, o)
		}
		sort.Slice(next, func(i, j int) bool { return next[i].Less(next[j]) })
		for _, o := range next {
			nodes = append(nodes, o)
			walked = append(walked, best[o])
			walk(o)
			nodes, walked = nodes[:len(nodes)-1], walked[:len(walked)-1]
		}
	}
	walk(from)
	return paths
}
