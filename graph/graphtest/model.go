package graphtest

import (
	"context"
	"sort"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

// Model is the reference the suite compares stores against: the graph
// that the contract of graph.Store implies for a set of articles, computed
// directly from the article graphs with the domain's own derivation rules
// (graph.EntityState, graph.DeriveEvent). It is deliberately naive: it
// recomputes everything on every call. It implements graph.Walker, so
// graph.CanonicalDump and graph.Fingerprint work on it.
type Model struct {
	articles map[string]graph.ArticleGraph
	cur      *graph.Curation
}

// NewModel returns a model holding the given graphs, applied in order.
func NewModel(graphs ...graph.ArticleGraph) *Model {
	m := &Model{articles: map[string]graph.ArticleGraph{}, cur: graph.NewCuration()}
	m.Apply(graphs...)
	return m
}

// Apply adds or replaces articles by id.
func (m *Model) Apply(graphs ...graph.ArticleGraph) {
	for _, g := range graphs {
		m.articles[g.Article.ID] = g
	}
}

// Delete removes an article.
func (m *Model) Delete(id string) { delete(m.articles, id) }

// AddAlias records a curated alias, as graph.Store.AddAlias does (without
// its existence check).
func (m *Model) AddAlias(r graph.Ref, n graph.Name) error {
	_, err := m.cur.AddAlias(r, n)
	return err
}

// Merge records a merge, as graph.Store.MergeEntities does (without its
// existence check).
func (m *Model) Merge(keep, drop graph.Ref) error {
	_, err := m.cur.Merge(keep, drop)
	return err
}

// Curation implements graph.CurationSource.
func (m *Model) Curation(context.Context) (*graph.Curation, error) { return m.cur.Clone(), nil }

// graph returns an article's graph as the curation rewrites it.
func (m *Model) graph(id string) graph.ArticleGraph { g := m.articles[id]; return *m.cur.Rewrite(&g) }

// Clone returns an independent copy.
func (m *Model) Clone() *Model {
	c := &Model{articles: make(map[string]graph.ArticleGraph, len(m.articles)), cur: m.cur.Clone()}
	for k, v := range m.articles {
		c.articles[k] = v
	}
	return c
}

func (m *Model) ids() []string {
	ids := make([]string, 0, len(m.articles))
	for id := range m.articles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Entities returns the derived entities by ref.
func (m *Model) Entities() map[graph.Ref]*graph.Entity {
	states := map[graph.Ref]*graph.EntityState{}
	for _, id := range m.ids() {
		g := m.graph(id)
		counts := map[graph.Ref]int{}
		for _, mn := range g.Mentions {
			counts[mn.Ref] = mn.Count
		}
		for i := range g.Entities {
			e := &g.Entities[i]
			s := states[e.Ref()]
			if s == nil {
				s = graph.NewEntityState(e.Ref())
				states[e.Ref()] = s
			}
			s.Apply(e, counts[e.Ref()], +1)
		}
	}
	out := make(map[graph.Ref]*graph.Entity, len(states))
	for r, s := range states {
		e := s.Entity()
		m.cur.Decorate(e)
		out[r] = e
	}
	return out
}

// Entity returns one derived entity, or nil.
func (m *Model) Entity(r graph.Ref) *graph.Entity { return m.Entities()[r] }

// Events returns the derived events by id.
func (m *Model) Events() map[string]*graph.Event {
	out := map[string]*graph.Event{}
	for _, id := range m.ids() {
		for _, ev := range m.graph(id).Events {
			e := out[ev.ID]
			if e == nil {
				e = &graph.Event{ID: ev.ID, Type: ev.Type, Date: ev.Date,
					Participants: append([]graph.Participant(nil), ev.Participants...)}
				out[ev.ID] = e
			}
			for _, r := range ev.Reports {
				r.Topics = append([]string(nil), r.Topics...)
				if len(r.Topics) == 0 {
					r.Topics = nil
				}
				e.Reports = append(e.Reports, r)
			}
		}
	}
	for _, e := range out {
		graph.DeriveEvent(e)
	}
	return out
}

// Event returns one derived event, or nil.
func (m *Model) Event(id string) *graph.Event { return m.Events()[id] }

// Articles returns the articles by id.
func (m *Model) Articles() map[string]*graph.Article {
	out := make(map[string]*graph.Article, len(m.articles))
	for id, g := range m.articles {
		a := g.Article
		out[id] = &a
	}
	return out
}

// Walk implements graph.Walker.
func (m *Model) Walk(ctx context.Context, v graph.Visitor) error {
	for _, e := range m.Entities() {
		if err := v.Entity(e); err != nil {
			return err
		}
	}
	for _, e := range m.Events() {
		if err := v.Event(e); err != nil {
			return err
		}
	}
	for _, id := range m.ids() {
		g := m.graph(id)
		a := g.Article
		if err := v.Article(&a, append([]graph.Mention(nil), g.Mentions...)); err != nil {
			return err
		}
	}
	return nil
}

// Dump returns the model's canonical dump.
func (m *Model) Dump() []string {
	d, err := graph.CanonicalDump(context.Background(), m)
	if err != nil {
		panic(err)
	}
	return d
}

// Fingerprint returns the model's fingerprint.
func (m *Model) Fingerprint() string {
	f, err := graph.Fingerprint(context.Background(), m)
	if err != nil {
		panic(err)
	}
	return f
}

// Counts returns the node and edge counts of the model, taken from its dump.
func (m *Model) Counts() *graph.Counts { return CountsFromDump(m.Dump()) }

// CountsFromDump counts the node lines per kind and the relationship lines
// per type of a canonical dump. Kinds and types with no lines are absent.
func CountsFromDump(dump []string) *graph.Counts {
	c := &graph.Counts{Nodes: map[graph.Kind]int{}, Edges: map[string]int{}}
	for _, l := range dump {
		switch {
		case strings.HasPrefix(l, `["N","`):
			kind, _, _ := strings.Cut(strings.TrimPrefix(l, `["N","`), `"`)
			c.Nodes[graph.Kind(kind)]++
		case strings.HasPrefix(l, `["R","`):
			typ, _, _ := strings.Cut(strings.TrimPrefix(l, `["R","`), `"`)
			c.Edges[typ]++
		}
	}
	return c
}

// eventLess is the documented order of ListEvents: date descending,
// undated last, then id ascending.
func eventLess(a, b *graph.Event) bool {
	if a.Date != b.Date {
		if a.Date == "" || b.Date == "" {
			return b.Date == ""
		}
		return a.Date > b.Date
	}
	return a.ID < b.ID
}

// traversalEdges lists the edges Neighborhood and ShortestPaths walk:
// PARTICIPANT, AT, ABOUT, HOLDS and IN (not MENTIONS or REPORTED_IN).
func (m *Model) traversalEdges() []graph.Edge {
	var out []graph.Edge
	for _, e := range m.Entities() {
		for _, o := range e.Offices {
			out = append(out, graph.Edge{Type: graph.RelHolds, From: e.Ref(), To: o.Target()})
		}
		if e.Kind == graph.KindPlace && e.Country != "" {
			out = append(out, graph.Edge{Type: graph.RelIn, From: e.Ref(), To: C(e.Country)})
		}
	}
	for _, ev := range m.Events() {
		r := graph.Ref{Kind: graph.KindEvent, ID: ev.ID}
		for _, p := range ev.Participants {
			out = append(out, graph.Edge{Type: graph.RelParticipant, From: r, To: p.Ref, Role: p.Role})
		}
		if ev.Place != "" {
			out = append(out, graph.Edge{Type: graph.RelAt, From: r, To: PL(ev.Place)})
		}
		for _, t := range ev.Topics {
			out = append(out, graph.Edge{Type: graph.RelAbout, From: r, To: T(t)})
		}
	}
	return out
}

// Distances returns the hop distance from start of every node within
// depth hops over the traversal edges (start at 0).
func (m *Model) Distances(start graph.Ref, depth int) map[graph.Ref]int {
	adj := map[graph.Ref][]graph.Ref{}
	for _, e := range m.traversalEdges() {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	dist := map[graph.Ref]int{start: 0}
	frontier := []graph.Ref{start}
	for d := 1; d <= depth; d++ {
		var next []graph.Ref
		for _, n := range frontier {
			for _, x := range adj[n] {
				if _, seen := dist[x]; !seen {
					dist[x] = d
					next = append(next, x)
				}
			}
		}
		frontier = next
	}
	return dist
}

// InducedEdges returns the traversal edges whose both ends are in nodes.
func (m *Model) InducedEdges(nodes map[graph.Ref]bool) []graph.Edge {
	var out []graph.Edge
	for _, e := range m.traversalEdges() {
		if nodes[e.From] && nodes[e.To] {
			out = append(out, e)
		}
	}
	return out
}

// Search returns the hits the documented ranking implies (scores from
// graph.SearchScore on graph.Key of the query and of each name). Matched is set
// only when exactly one name or alias reaches the best score (otherwise
// the contract does not say which one is reported).
func (m *Model) Search(query string, kinds []graph.Kind, limit int) []graph.SearchHit {
	want := map[graph.Kind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var hits []graph.SearchHit
	for _, e := range m.Entities() {
		if len(kinds) > 0 && !want[e.Kind] {
			continue
		}
		best, matched, n := 0.0, "", 0
		names := []string{e.Name}
		for _, a := range e.Aliases {
			names = append(names, a.Text)
		}
		seen := map[string]bool{}
		for _, name := range names {
			if seen[name] {
				continue
			}
			seen[name] = true
			s := graph.SearchScore(graph.Key(query), graph.Key(name))
			switch {
			case s > best:
				best, matched, n = s, name, 1
			case s == best && s > 0:
				n++
			}
		}
		if best == 0 {
			continue
		}
		if n > 1 {
			matched = ""
		}
		hits = append(hits, graph.SearchHit{Entity: e, Matched: matched, Score: best})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Entity.Ref().Less(hits[j].Entity.Ref())
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}
