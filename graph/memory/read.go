package memory

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

// Entities implements graph.Store. Returned entities are immutable
// snapshots: a later write replaces, never mutates them.
func (s *Store) Entities(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*graph.Entity, len(refs))
	for i, r := range refs {
		if er := s.st.entities[r]; er != nil {
			out[i] = er.ent
		}
	}
	return out, nil
}

// copyEvent snapshots an event, which later writes mutate in place.
func copyEvent(ev *graph.Event) *graph.Event {
	c := *ev
	c.Reports = append([]graph.Report(nil), ev.Reports...)
	return &c
}

// Events implements graph.Store.
func (s *Store) Events(ctx context.Context, ids []string) ([]*graph.Event, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*graph.Event, len(ids))
	for i, id := range ids {
		if ev := s.st.events[id]; ev != nil {
			out[i] = copyEvent(ev)
		}
	}
	return out, nil
}

// Articles implements graph.Store.
func (s *Store) Articles(ctx context.Context, ids []string) ([]*graph.Article, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*graph.Article, len(ids))
	for i, id := range ids {
		if r := s.st.articles[id]; r != nil {
			a := r.art
			out[i] = &a
		}
	}
	return out, nil
}

func (s *state) entityMatches(er *entityRec, f *graph.EntityFilter, prefix string) bool {
	e := er.ent
	if prefix != "" {
		ok := false
		for _, k := range er.keys {
			if strings.HasPrefix(k, prefix) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if f.Country != "" {
		switch e.Kind {
		case graph.KindOrganization:
			if !contains(e.Members, f.Country) {
				return false
			}
		default:
			if e.Country != f.Country {
				return false
			}
		}
	}
	if f.Role != "" && e.Role != f.Role {
		ok := false
		for _, o := range e.Offices {
			if o.Role == f.Role {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// scanEntities calls fn for each entity matching f after the cursor, in id
// order, until fn returns false.
func (s *state) scanEntities(f graph.EntityFilter, after string, fn func(*entityRec) bool) error {
	tree := s.byKind[f.Kind]
	if tree == nil {
		return fmt.Errorf("%w: %q is not an entity kind", graph.ErrInvalid, f.Kind)
	}
	prefix := graph.Key(f.NamePrefix)
	visit := func(id string) bool {
		if id == after {
			return true
		}
		er := s.entities[graph.Ref{Kind: f.Kind, ID: id}]
		if !s.entityMatches(er, &f, prefix) {
			return true
		}
		return fn(er)
	}
	if after == "" {
		tree.Ascend(visit)
	} else {
		tree.AscendGreaterOrEqual(after, visit)
	}
	return nil
}

// ListEntities implements graph.Store.
func (s *Store) ListEntities(ctx context.Context, f graph.EntityFilter, p graph.Page) (*graph.EntityPage, error) {
	cur, err := graph.DecodeCursor(p.After)
	if err != nil {
		return nil, err
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	after := ""
	if cur != nil {
		after = cur.ID
	}
	limit := p.Limit()
	page := &graph.EntityPage{}
	err = s.st.scanEntities(f, after, func(er *entityRec) bool {
		if len(page.Items) == limit {
			page.HasNext = true
			return false
		}
		page.Items = append(page.Items, er.ent)
		return true
	})
	if n := len(page.Items); n > 0 {
		page.EndCursor = graph.Cursor{ID: page.Items[n-1].ID}.Encode()
	}
	return page, err
}

// CountEntities implements graph.Store.
func (s *Store) CountEntities(ctx context.Context, f graph.EntityFilter) (int, error) {
	if err := s.rlock(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	if f.NamePrefix == "" && f.Country == "" && f.Role == "" {
		if t := s.st.byKind[f.Kind]; t != nil {
			return t.Len(), nil
		}
	}
	n := 0
	err := s.st.scanEntities(f, "", func(*entityRec) bool { n++; return true })
	return n, err
}

// eventMatcher compiles an EventFilter into a predicate and picks the
// smallest index to scan.
type eventMatcher struct {
	f     graph.EventFilter
	types map[graph.EventType]bool
	need  []graph.Ref
}

func (s *state) compileEventFilter(f graph.EventFilter) (*eventMatcher, *evTree, error) {
	m := &eventMatcher{f: f}
	if len(f.Types) > 0 {
		m.types = map[graph.EventType]bool{}
		for _, t := range f.Types {
			m.types[t] = true
		}
	}
	for _, c := range f.Countries {
		m.need = append(m.need, graph.Ref{Kind: graph.KindCountry, ID: c})
	}
	for _, c := range f.People {
		m.need = append(m.need, graph.Ref{Kind: graph.KindPerson, ID: c})
	}
	for _, c := range f.Organizations {
		m.need = append(m.need, graph.Ref{Kind: graph.KindOrganization, ID: c})
	}
	if f.From != "" && !graph.ValidDate(f.From) || f.To != "" && !graph.ValidDate(f.To) {
		return nil, nil, fmt.Errorf("%w: date range %q..%q is not made of ISO days", graph.ErrInvalid, f.From, f.To)
	}
	tree := s.eventOrder
	candidates := append([]graph.Ref(nil), m.need...)
	if f.Place != "" {
		candidates = append(candidates, graph.Ref{Kind: graph.KindPlace, ID: f.Place})
	}
	if len(f.Topics) == 1 {
		candidates = append(candidates, graph.Ref{Kind: graph.KindTopic, ID: f.Topics[0]})
	}
	for _, r := range candidates {
		t := s.evIndex[r]
		if t == nil {
			return m, nil, nil // a required entity with no events: nothing matches
		}
		if t.Len() < tree.Len() {
			tree = t
		}
	}
	return m, tree, nil
}

func (m *eventMatcher) match(s *state, ev *graph.Event) bool {
	f := &m.f
	if m.types != nil && !m.types[ev.Type] {
		return false
	}
	if f.From != "" || f.To != "" {
		if ev.Date == "" || (f.From != "" && ev.Date < f.From) || (f.To != "" && ev.Date > f.To) {
			return false
		}
	}
	for _, r := range m.need {
		ok := false
		for _, p := range ev.Participants {
			if p.Ref == r {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if f.Place != "" && ev.Place != f.Place {
		return false
	}
	if len(f.Topics) > 0 {
		ok := false
		for _, t := range f.Topics {
			if contains(ev.Topics, t) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if f.Language != "" || f.Article != "" || f.MinConfidence > 0 {
		ok := false
		for _, r := range ev.Reports {
			if f.Article != "" && r.Article != f.Article {
				continue
			}
			if f.MinConfidence > 0 && r.Confidence < f.MinConfidence {
				continue
			}
			if f.Language != "" {
				a := s.articles[r.Article]
				if a == nil || a.art.Lang != f.Language {
					continue
				}
			}
			ok = true
			break
		}
		if !ok {
			return false
		}
	}
	return true
}

// scanEvents calls fn for matching events in list order after cur.
func (s *state) scanEvents(f graph.EventFilter, cur *graph.Cursor, fn func(*graph.Event) bool) error {
	m, tree, err := s.compileEventFilter(f)
	if err != nil || tree == nil {
		return err
	}
	visit := func(k evKey) bool {
		if cur != nil && k.id == cur.ID && k.date == cur.Date {
			return true
		}
		if f.From != "" && k.date != "" && k.date < f.From {
			return false // newest first: everything after is older still
		}
		ev := s.events[k.id]
		if !m.match(s, ev) {
			return true
		}
		return fn(ev)
	}
	switch {
	case cur != nil:
		tree.AscendGreaterOrEqual(evKey{cur.Date, cur.ID}, visit)
	case f.To != "":
		// Dates sort descending: start at the last day of the range.
		tree.AscendGreaterOrEqual(evKey{f.To + "\xff", ""}, visit)
	default:
		tree.Ascend(visit)
	}
	return nil
}

// ListEvents implements graph.Store.
func (s *Store) ListEvents(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.EventPage, error) {
	cur, err := graph.DecodeCursor(p.After)
	if err != nil {
		return nil, err
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return s.st.listEvents(f, cur, p.Limit())
}

func (s *state) listEvents(f graph.EventFilter, cur *graph.Cursor, limit int) (*graph.EventPage, error) {
	page := &graph.EventPage{}
	err := s.scanEvents(f, cur, func(ev *graph.Event) bool {
		if len(page.Items) == limit {
			page.HasNext = true
			return false
		}
		page.Items = append(page.Items, copyEvent(ev))
		return true
	})
	if n := len(page.Items); n > 0 {
		last := page.Items[n-1]
		page.EndCursor = graph.Cursor{Date: last.Date, ID: last.ID}.Encode()
	}
	return page, err
}

// ListEventsBatch implements graph.Store: every listing under one read
// lock, so all pages come from the same snapshot.
func (s *Store) ListEventsBatch(ctx context.Context, fs []graph.EventFilter, p graph.Page) ([]*graph.EventPage, error) {
	cur, err := graph.DecodeCursor(p.After)
	if err != nil {
		return nil, err
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*graph.EventPage, len(fs))
	for i, f := range fs {
		if out[i], err = s.st.listEvents(f, cur, p.Limit()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CountEvents implements graph.Store.
func (s *Store) CountEvents(ctx context.Context, f graph.EventFilter) (int, error) {
	if err := s.rlock(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	return s.st.countEvents(f)
}

func (s *state) countEvents(f graph.EventFilter) (int, error) {
	n := 0
	err := s.scanEvents(f, nil, func(*graph.Event) bool { n++; return true })
	return n, err
}

// CountEventsBatch implements graph.Store, under one read lock.
func (s *Store) CountEventsBatch(ctx context.Context, fs []graph.EventFilter) ([]int, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]int, len(fs))
	for i, f := range fs {
		n, err := s.st.countEvents(f)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func articleMatches(a *graph.Article, f *graph.ArticleFilter) bool {
	if f.Lang != "" && a.Lang != f.Lang || f.Source != "" && a.Source != f.Source {
		return false
	}
	if f.From != "" || f.To != "" {
		d := a.Published
		if len(d) > 10 {
			d = d[:10]
		}
		if d == "" || f.From != "" && d < f.From || f.To != "" && d > f.To {
			return false
		}
	}
	return true
}

func (s *state) scanArticles(f graph.ArticleFilter, after string, fn func(*graph.Article) bool) {
	visit := func(id string) bool {
		if id == after {
			return true
		}
		a := &s.articles[id].art
		if !articleMatches(a, &f) {
			return true
		}
		return fn(a)
	}
	if after == "" {
		s.articleOrder.Ascend(visit)
	} else {
		s.articleOrder.AscendGreaterOrEqual(after, visit)
	}
}

// ListArticles implements graph.Store.
func (s *Store) ListArticles(ctx context.Context, f graph.ArticleFilter, p graph.Page) (*graph.ArticlePage, error) {
	cur, err := graph.DecodeCursor(p.After)
	if err != nil {
		return nil, err
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	after := ""
	if cur != nil {
		after = cur.ID
	}
	limit := p.Limit()
	page := &graph.ArticlePage{}
	s.st.scanArticles(f, after, func(a *graph.Article) bool {
		if len(page.Items) == limit {
			page.HasNext = true
			return false
		}
		c := *a
		page.Items = append(page.Items, &c)
		return true
	})
	if n := len(page.Items); n > 0 {
		page.EndCursor = graph.Cursor{ID: page.Items[n-1].ID}.Encode()
	}
	return page, nil
}

// CountArticles implements graph.Store.
func (s *Store) CountArticles(ctx context.Context, f graph.ArticleFilter) (int, error) {
	if err := s.rlock(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	if f == (graph.ArticleFilter{}) {
		return len(s.st.articles), nil
	}
	n := 0
	s.st.scanArticles(f, "", func(*graph.Article) bool { n++; return true })
	return n, nil
}

// Search implements graph.Store. It scores every name and alias key with
// graph.SearchScore and ranks by score, then kind, then id.
func (s *Store) Search(ctx context.Context, query string, kinds []graph.Kind, limit int) ([]graph.SearchHit, error) {
	q := graph.Key(query)
	if q == "" {
		return nil, fmt.Errorf("%w: empty search query", graph.ErrInvalid)
	}
	if limit <= 0 {
		limit = graph.DefaultPageSize
	}
	want := map[graph.Kind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var hits []graph.SearchHit
	for r, er := range s.st.entities {
		if len(want) > 0 && !want[r.Kind] {
			continue
		}
		best, matched := 0.0, ""
		for _, k := range er.keys {
			if sc := graph.SearchScore(q, k); sc > best || (sc == best && sc > 0 && k < matched) {
				best, matched = sc, k
			}
		}
		if best > 0 {
			hits = append(hits, graph.SearchHit{Entity: er.ent, Matched: matchedText(er.ent, matched), Score: best})
		}
	}
	graph.SortHits(hits)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// matchedText returns the stored form whose key is k.
func matchedText(e *graph.Entity, k string) string {
	if graph.Key(e.Name) == k {
		return e.Name
	}
	for _, a := range e.Aliases {
		if graph.Key(a.Text) == k {
			return a.Text
		}
	}
	return k
}

// Counts implements graph.Store.
func (s *Store) Counts(ctx context.Context) (*graph.Counts, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	c := &graph.Counts{Nodes: map[graph.Kind]int{}, Edges: map[string]int{}}
	for k, t := range s.st.byKind {
		c.Nodes[k] = t.Len()
	}
	c.Nodes[graph.KindEvent] = len(s.st.events)
	c.Nodes[graph.KindArticle] = len(s.st.articles)
	for _, er := range s.st.entities {
		for _, l := range er.links {
			c.Edges[l.Type]++
		}
	}
	for _, ev := range s.st.events {
		c.Edges[graph.RelParticipant] += len(ev.Participants)
		c.Edges[graph.RelAbout] += len(ev.Topics)
		c.Edges[graph.RelReportedIn] += len(ev.Reports)
		if ev.Place != "" {
			c.Edges[graph.RelAt]++
		}
	}
	for _, a := range s.st.articles {
		c.Edges[graph.RelMentions] += len(a.mentioned)
	}
	return c, nil
}

// Walk implements graph.Walker over a consistent snapshot: the read lock
// is held throughout, so writers wait.
func (s *Store) Walk(ctx context.Context, v graph.Visitor) error {
	if err := s.rlock(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	for _, er := range s.st.entities {
		if err := v.Entity(er.ent); err != nil {
			return err
		}
	}
	for _, ev := range s.st.events {
		if err := v.Event(copyEvent(ev)); err != nil {
			return err
		}
	}
	for _, a := range s.st.articles {
		ms := a.mentions()
		art := a.art
		if err := v.Article(&art, ms); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Fingerprint implements graph.Store.
func (s *Store) Fingerprint(ctx context.Context) (string, error) { return graph.Fingerprint(ctx, s) }

func sortRefs(rs []graph.Ref) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Less(rs[j]) })
}

// EventCounts implements graph.Store: one scan of the matching events.
func (s *Store) EventCounts(ctx context.Context, f graph.EventFilter, groupBy []graph.GroupKey) ([]graph.GroupCount, error) {
	if err := graph.CheckGroupBy(f, groupBy); err != nil {
		return nil, err
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	type group struct {
		keys []string
		n    int
	}
	groups := map[string]*group{}
	lists := make([][]string, len(groupBy))
	self, _ := graph.CounterpartSelf(f)
	err := s.st.scanEvents(f, nil, func(ev *graph.Event) bool {
		for i, k := range groupBy {
			lists[i] = groupValues(ev, k, self)
		}
		var visit func(i int, keys []string)
		visit = func(i int, keys []string) {
			if i == len(lists) {
				id := strings.Join(keys, "\x00")
				g := groups[id]
				if g == nil {
					g = &group{keys: append([]string(nil), keys...)}
					groups[id] = g
				}
				g.n++
				return
			}
			for _, v := range lists[i] {
				visit(i+1, append(keys, v))
			}
		}
		visit(0, make([]string, 0, len(lists)))
		return true
	})
	if err != nil {
		return nil, err
	}
	out := make([]graph.GroupCount, 0, len(groups))
	for _, g := range groups {
		out = append(out, graph.GroupCount{Keys: g.keys, Count: g.n})
	}
	graph.SortGroupCounts(out)
	return out, nil
}

// groupValues returns the distinct values of key k for ev; self is the
// actor whose counterparts COUNTERPART counts.
func groupValues(ev *graph.Event, k graph.GroupKey, self graph.Ref) []string {
	var out []string
	add := func(v string) {
		if !contains(out, v) {
			out = append(out, v)
		}
	}
	switch k {
	case graph.GroupMonth:
		add(ev.Date[:min(7, len(ev.Date))])
	case graph.GroupYear:
		add(ev.Date[:min(4, len(ev.Date))])
	case graph.GroupType:
		add(string(ev.Type))
	case graph.GroupTopic:
		for _, t := range ev.Topics {
			add(t)
		}
	case graph.GroupCountry:
		for _, p := range ev.Participants {
			if p.Ref.Kind == graph.KindCountry {
				add(p.Ref.ID)
			}
		}
	case graph.GroupCounterpart:
		for _, p := range ev.Participants {
			if p.Ref.Kind == self.Kind && p.Ref != self {
				add(p.Ref.ID)
			}
		}
	}
	return out
}
