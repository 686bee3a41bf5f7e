package schema

import (
	"context"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema/model"
)

// Bounds of the arguments that are not pages.
const (
	defaultMaxHops           = 4
	maxMaxHops               = 6
	defaultDepth             = 1
	maxDepthArg              = 3
	defaultNeighborhoodLimit = 50
	maxNeighborhoodLimit     = 200
	maxNodesArg              = 100
)

// onlyTotalCount reports whether the connection being resolved selects
// nothing but totalCount (and __typename): then no rows are fetched.
func onlyTotalCount(ctx context.Context) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return false
	}
	for _, name := range graphql.CollectAllFields(ctx) {
		if name != "totalCount" && name != "__typename" {
			return false
		}
	}
	return true
}

// pageArgs checks first and after. Every first outside [1, MaxFirst] gets
// the same error, the one limits gives for literals and variables.
func pageArgs(first *int, after *string) (graph.Page, error) {
	p := graph.Page{First: DefaultFirst}
	if first != nil {
		if *first < 1 || *first > MaxFirst {
			return p, errFirst()
		}
		p.First = *first
	}
	if after != nil && *after != "" {
		if _, err := graph.DecodeCursor(*after); err != nil {
			return p, badInput("after is not a cursor this API returned")
		}
		p.After = *after
	}
	return p, nil
}

// intArg checks an optional integer argument against [1, hi].
func intArg(name string, v *int, def, hi int) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < 1 || *v > hi {
		return 0, badInput("%s must be between 1 and %d", name, hi)
	}
	return *v, nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

// eventFilter converts the GraphQL filter, adding the owner's constraint.
func eventFilter(f *model.EventFilter) (graph.EventFilter, error) {
	var g graph.EventFilter
	if f == nil {
		return g, nil
	}
	g = graph.EventFilter{
		Types:         f.Types,
		Countries:     f.Countries,
		People:        f.People,
		Organizations: f.Organizations,
		Topics:        f.Topics,
		Place:         str(f.Place),
		From:          str(f.From),
		To:            str(f.To),
		Language:      str(f.Language),
	}
	if f.MinConfidence != nil {
		c := *f.MinConfidence
		if c < 0 || c > 1 || c != c {
			return g, badInput("minConfidence must be between 0 and 1")
		}
		g.MinConfidence = c
	}
	if g.From != "" && g.To != "" && g.From > g.To {
		return g, badInput("from must not be after to")
	}
	return g, nil
}

func pageInfo(start, end string, hasNext bool) *model.PageInfo {
	return &model.PageInfo{HasNextPage: hasNext, StartCursor: model.Opt(start), EndCursor: model.Opt(end)}
}

// listEvents lists one page of events through the request's loader, so
// that the connections of many parents share one store call when the
// store can batch them.
func (r *Resolver) listEvents(ctx context.Context, f graph.EventFilter, first *int, after *string) (*model.EventConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	if onlyTotalCount(ctx) {
		return &model.EventConnection{Filter: f, Edges: []*model.EventEdge{}, PageInfo: &model.PageInfo{}}, nil
	}
	l := r.loaders(ctx)
	key := encodeKey(f)
	pageThunk := l.eventPages.LoadThunk(ctx, eventPageKey{filter: key, first: p.First, after: p.After})
	if selects(ctx, "totalCount") {
		l.eventCounts.LoadThunk(ctx, key) // joins the batch of the other parents' counts
	}
	page, err := pageThunk()
	if err != nil {
		return nil, err
	}
	l.primeEvents(page.Items)
	l.prefetchEvents(ctx, page.Items)
	c := &model.EventConnection{Filter: f, Edges: make([]*model.EventEdge, len(page.Items))}
	start := ""
	for i, ev := range page.Items {
		cur := graph.Cursor{Date: ev.Date, ID: ev.ID}.Encode()
		if i == 0 {
			start = cur
		}
		c.Edges[i] = &model.EventEdge{Cursor: cur, Node: model.NewEvent(ev)}
	}
	c.PageInfo = pageInfo(start, page.EndCursor, page.HasNext)
	return c, nil
}

func (r *Resolver) countEvents(ctx context.Context, f graph.EventFilter) (int, error) {
	return r.loaders(ctx).eventCounts.Load(ctx, encodeKey(f))
}

// entityPage lists one page of entities through the request's loader.
type entityPage struct {
	items   []*graph.Entity
	cursors []string
	info    *model.PageInfo
}

func (r *Resolver) listEntities(ctx context.Context, f graph.EntityFilter, first *int, after *string) (*entityPage, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	if onlyTotalCount(ctx) {
		return &entityPage{info: &model.PageInfo{}}, nil
	}
	l := r.loaders(ctx)
	key := encodeKey(f)
	pageThunk := l.entityPages.LoadThunk(ctx, entityPageKey{filter: key, first: p.First, after: p.After})
	if selects(ctx, "totalCount") {
		l.entityCounts.LoadThunk(ctx, key)
	}
	page, err := pageThunk()
	if err != nil {
		return nil, err
	}
	l.primeEntities(page.Items)
	out := &entityPage{items: page.Items, cursors: make([]string, len(page.Items))}
	for i, e := range page.Items {
		out.cursors[i] = graph.Cursor{ID: e.ID}.Encode()
	}
	start := ""
	if len(out.cursors) > 0 {
		start = out.cursors[0]
	}
	out.info = pageInfo(start, page.EndCursor, page.HasNext)
	return out, nil
}

func (r *Resolver) countEntities(ctx context.Context, f graph.EntityFilter) (int, error) {
	return r.loaders(ctx).entityCounts.Load(ctx, encodeKey(f))
}

func (r *Resolver) countries(ctx context.Context, f graph.EntityFilter, first *int, after *string) (*model.CountryConnection, error) {
	f.Kind = graph.KindCountry
	p, err := r.listEntities(ctx, f, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.CountryConnection{Filter: f, PageInfo: p.info, Edges: make([]*model.CountryEdge, len(p.items))}
	for i, e := range p.items {
		c.Edges[i] = &model.CountryEdge{Cursor: p.cursors[i], Node: model.NewCountry(e)}
	}
	return c, nil
}

func (r *Resolver) people(ctx context.Context, f graph.EntityFilter, first *int, after *string) (*model.PersonConnection, error) {
	f.Kind = graph.KindPerson
	p, err := r.listEntities(ctx, f, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.PersonConnection{Filter: f, PageInfo: p.info, Edges: make([]*model.PersonEdge, len(p.items))}
	for i, e := range p.items {
		c.Edges[i] = &model.PersonEdge{Cursor: p.cursors[i], Node: model.NewPerson(e)}
	}
	return c, nil
}

func (r *Resolver) organizations(ctx context.Context, f graph.EntityFilter, first *int, after *string) (*model.OrganizationConnection, error) {
	f.Kind = graph.KindOrganization
	p, err := r.listEntities(ctx, f, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.OrganizationConnection{Filter: f, PageInfo: p.info, Edges: make([]*model.OrganizationEdge, len(p.items))}
	for i, e := range p.items {
		c.Edges[i] = &model.OrganizationEdge{Cursor: p.cursors[i], Node: model.NewOrganization(e)}
	}
	return c, nil
}

func (r *Resolver) places(ctx context.Context, f graph.EntityFilter, first *int, after *string) (*model.PlaceConnection, error) {
	f.Kind = graph.KindPlace
	p, err := r.listEntities(ctx, f, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.PlaceConnection{Filter: f, PageInfo: p.info, Edges: make([]*model.PlaceEdge, len(p.items))}
	for i, e := range p.items {
		c.Edges[i] = &model.PlaceEdge{Cursor: p.cursors[i], Node: model.NewPlace(e)}
	}
	return c, nil
}

func (r *Resolver) topics(ctx context.Context, f graph.EntityFilter, first *int, after *string) (*model.TopicConnection, error) {
	f.Kind = graph.KindTopic
	p, err := r.listEntities(ctx, f, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.TopicConnection{Filter: f, PageInfo: p.info, Edges: make([]*model.TopicEdge, len(p.items))}
	for i, e := range p.items {
		c.Edges[i] = &model.TopicEdge{Cursor: p.cursors[i], Node: model.NewTopic(e)}
	}
	return c, nil
}

// node loads any node by ref; nil when missing.
func (r *Resolver) node(ctx context.Context, ref graph.Ref) (model.Node, error) {
	ns, err := r.nodes(ctx, []graph.Ref{ref})
	if err != nil {
		return nil, err
	}
	return ns[0], nil
}

// parseID parses a global id argument.
func parseID(name, id string) (graph.Ref, error) {
	ref, err := graph.ParseRef(id)
	if err != nil {
		return ref, badInput("%s is not a global id of the form Kind:key", name)
	}
	return ref, nil
}

// nodes loads refs in one batch per loader; the result is positional,
// nil where a node does not exist.
func (r *Resolver) nodes(ctx context.Context, refs []graph.Ref) ([]model.Node, error) {
	l := r.loaders(ctx)
	thunks := make([]func() (model.Node, error), len(refs))
	for i, ref := range refs {
		switch {
		case ref.Kind.IsEntity():
			t := l.entities.LoadThunk(ctx, ref)
			thunks[i] = func() (model.Node, error) {
				e, err := t()
				if e == nil || err != nil {
					return nil, err
				}
				return model.FromEntity(e), nil
			}
		case ref.Kind == graph.KindEvent:
			t := l.events.LoadThunk(ctx, ref.ID)
			thunks[i] = func() (model.Node, error) {
				e, err := t()
				if e == nil || err != nil {
					return nil, err
				}
				return model.NewEvent(e), nil
			}
		default:
			t := l.articles.LoadThunk(ctx, ref.ID)
			thunks[i] = func() (model.Node, error) {
				a, err := t()
				if a == nil || err != nil {
					return nil, err
				}
				return model.NewArticle(a), nil
			}
		}
	}
	out := make([]model.Node, len(refs))
	for i, t := range thunks {
		n, err := t()
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// present drops the nil nodes.
func present(ns []model.Node) []model.Node {
	out := ns[:0:0]
	for _, n := range ns {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

// counterpartCount is one counterpart of an actor: its events with it,
// in all and per type.
type counterpartCount struct {
	entity *graph.Entity
	events int
	byType []*model.TypeCount
}

// counterparts counts the actors of self's kind taking part in self's
// events, per type, with one aggregation in the store; most events first.
func (r *Resolver) counterparts(ctx context.Context, self graph.Ref, first *int, types []graph.EventType, from, to string) ([]counterpartCount, error) {
	p, err := pageArgs(first, nil)
	if err != nil {
		return nil, err
	}
	f := graph.EventFilter{Types: types, From: from, To: to}
	if self.Kind == graph.KindCountry {
		f.Countries = []string{self.ID}
	} else {
		f.People = []string{self.ID}
	}
	groups, err := r.store.EventCounts(ctx, f, []graph.GroupKey{graph.GroupCounterpart, graph.GroupType})
	if err != nil {
		return nil, err
	}
	type tally struct {
		n      int
		byType map[graph.EventType]int
	}
	counts := map[string]*tally{}
	for _, g := range groups {
		t := counts[g.Keys[0]]
		if t == nil {
			t = &tally{byType: map[graph.EventType]int{}}
			counts[g.Keys[0]] = t
		}
		// An event has one type: the types' counts add up to its events.
		t.n += g.Count
		t.byType[graph.EventType(g.Keys[1])] += g.Count
	}
	ids := make([]string, 0, len(counts))
	for c := range counts {
		ids = append(ids, c)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := counts[ids[i]], counts[ids[j]]
		if a.n != b.n {
			return a.n > b.n
		}
		return ids[i] < ids[j]
	})
	if len(ids) > p.First {
		ids = ids[:p.First]
	}
	refs := make([]graph.Ref, len(ids))
	for i, id := range ids {
		refs[i] = graph.Ref{Kind: self.Kind, ID: id}
	}
	es, err := r.loaders(ctx).entities.LoadAll(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]counterpartCount, 0, len(ids))
	for i, id := range ids {
		if es[i] == nil {
			continue
		}
		t := counts[id]
		cp := counterpartCount{entity: es[i], events: t.n}
		for _, typ := range graph.EventTypes {
			if n := t.byType[typ]; n > 0 {
				cp.byType = append(cp.byType, &model.TypeCount{Type: typ, Count: n})
			}
		}
		out = append(out, cp)
	}
	return out, nil
}
