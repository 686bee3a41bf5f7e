package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// Entities implements graph.Store. Entities are derived from their stored
// tallies with graph.EntityState.Entity, as in the memory store.
func (s *Store) Entities(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, error) {
	var out []*graph.Entity
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		byRef, err := t.entities(ctx, refs)
		if err != nil {
			return err
		}
		out = make([]*graph.Entity, len(refs))
		for i, r := range refs {
			out[i] = byRef[r]
		}
		return nil
	})
	return out, err
}

// entities fetches entities by ref; missing ones are absent from the map.
func (t *txn) entities(ctx context.Context, refs []graph.Ref) (map[graph.Ref]*graph.Entity, error) {
	keys := make([]string, 0, len(refs))
	for _, r := range refs {
		if r.Kind.IsEntity() {
			keys = append(keys, entityRef(r))
		}
	}
	out := make(map[graph.Ref]*graph.Entity, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	recs, err := t.run(ctx, qEntitiesByRef, map[string]any{"refs": uniqueSorted(keys)})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		e, err := entityFromRecord(rec)
		if err != nil {
			return nil, err
		}
		out[e.Ref()] = e
	}
	return out, nil
}

// entityFromRecord reads a (ref, state map) record.
func entityFromRecord(rec *neo4j.Record) (*graph.Entity, error) {
	r, err := parseEntityRef(str(rec.Values[0]))
	if err != nil {
		return nil, err
	}
	m := asMap(rec.Values[1])
	e := decodeState(r, m).Entity()
	graph.AddAliases(e, decodeNames(strs(m["_curated"])))
	return e, nil
}

// The curated aliases of an entity are stored beside its tallies, in
// _curated, each as "lang\x1ftext": reads derive the entity from both.
func encodeNames(ns []graph.Name) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Lang + "\x1f" + n.Text
	}
	return out
}

func decodeNames(list []string) []graph.Name {
	var out []graph.Name
	for _, s := range list {
		lang, text, _ := strings.Cut(s, "\x1f")
		out = append(out, graph.Name{Text: text, Lang: lang})
	}
	return out
}

// Events implements graph.Store. Derived fields are computed from the
// reports with graph.DeriveEvent, as in the memory store.
func (s *Store) Events(ctx context.Context, ids []string) ([]*graph.Event, error) {
	var out []*graph.Event
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		byID, err := t.events(ctx, ids)
		if err != nil {
			return err
		}
		out = make([]*graph.Event, len(ids))
		for i, id := range ids {
			out[i] = byID[id]
		}
		return nil
	})
	return out, err
}

func (t *txn) events(ctx context.Context, ids []string) (map[string]*graph.Event, error) {
	out := make(map[string]*graph.Event, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := t.run(ctx, qEventsByID, map[string]any{"ids": uniqueSorted(ids)})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		ev, err := eventFromRecord(rec)
		if err != nil {
			return nil, err
		}
		out[ev.ID] = ev
	}
	return out, nil
}

// eventFromRecord reads an (id, type, date, participants, reports) record.
func eventFromRecord(rec *neo4j.Record) (*graph.Event, error) {
	ev := &graph.Event{ID: str(rec.Values[0]), Type: graph.EventType(str(rec.Values[1])), Date: str(rec.Values[2])}
	for _, x := range asList(rec.Values[3]) {
		pair := asList(x)
		if len(pair) != 2 {
			return nil, fmt.Errorf("neo4j store: event %s: malformed participant", ev.ID)
		}
		r, err := parseEntityRef(str(pair[0]))
		if err != nil {
			return nil, err
		}
		ev.Participants = append(ev.Participants, graph.Participant{Ref: r, Role: str(pair[1])})
	}
	graph.SortParticipants(ev.Participants)
	for _, x := range asList(rec.Values[4]) {
		ev.Reports = append(ev.Reports, decodeReport(asMap(x)))
	}
	graph.DeriveEvent(ev)
	return ev, nil
}

// Articles implements graph.Store.
func (s *Store) Articles(ctx context.Context, ids []string) ([]*graph.Article, error) {
	var out []*graph.Article
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		out = make([]*graph.Article, len(ids))
		if len(ids) == 0 {
			return nil
		}
		recs, err := t.run(ctx, qArticlesByID, map[string]any{"ids": uniqueSorted(ids)})
		if err != nil {
			return err
		}
		byID := make(map[string]*graph.Article, len(recs))
		for _, rec := range recs {
			a := decodeArticle(asMap(rec.Values[0]))
			byID[a.ID] = a
		}
		for i, id := range ids {
			if a := byID[id]; a != nil {
				c := *a // each position its own copy, as the memory store gives
				out[i] = &c
			}
		}
		return nil
	})
	return out, err
}

func entityFilterParams(f graph.EntityFilter) (map[string]any, error) {
	label, err := entityLabelFor(f.Kind)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"prefix":  label + ":",
		"key":     opt(graph.Key(f.NamePrefix)),
		"country": opt(f.Country),
		"role":    opt(f.Role),
	}, nil
}

// ListEntities implements graph.Store. ErrInvalid for a bad kind or cursor.
func (s *Store) ListEntities(ctx context.Context, f graph.EntityFilter, p graph.Page) (*graph.EntityPage, error) {
	cur, err := graph.DecodeCursor(p.After)
	if err != nil {
		return nil, err
	}
	params, err := entityFilterParams(f)
	if err != nil {
		return nil, err
	}
	limit := p.Limit()
	params["after"] = params["prefix"]
	if cur != nil {
		params["after"] = entityRef(graph.Ref{Kind: f.Kind, ID: cur.ID})
	}
	params["limit"] = int64(limit + 1)
	var page *graph.EntityPage
	err = s.read(ctx, func(ctx context.Context, t *txn) error {
		recs, err := t.run(ctx, qListEntities, params)
		if err != nil {
			return err
		}
		page = &graph.EntityPage{}
		for _, rec := range recs {
			if len(page.Items) == limit {
				page.HasNext = true
				break
			}
			e, err := entityFromRecord(rec)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = graph.Cursor{ID: page.Items[n-1].ID}.Encode()
	}
	return page, nil
}

// CountEntities implements graph.Store.
func (s *Store) CountEntities(ctx context.Context, f graph.EntityFilter) (int, error) {
	params, err := entityFilterParams(f)
	if err != nil {
		return 0, err
	}
	if f.NamePrefix == "" && f.Country == "" && f.Role == "" {
		c, err := s.Counts(ctx)
		if err != nil {
			return 0, err
		}
		return c.Nodes[f.Kind], nil
	}
	n := 0
	err = s.read(ctx, func(ctx context.Context, t *txn) error {
		recs, err := t.run(ctx, qCountEntities, params)
		if err == nil && len(recs) == 1 {
			n = int(num(recs[0].Values[0]))
		}
		return err
	})
	return n, err
}

// eventQuery is an EventFilter compiled to parameters.
type eventQuery struct {
	params  map[string]any
	ranged  bool // From or To set: undated events are out
	lo, hi  string
	anchors []string // refs of which the result must touch every one, sorted, each once
	trivial bool     // no condition at all
	// anchorOnly: one required country, person or organization and no
	// other condition; its events are counted from its degree.
	anchorOnly bool
}

func compileEventFilter(f graph.EventFilter) (*eventQuery, error) {
	if f.From != "" && !graph.ValidDate(f.From) || f.To != "" && !graph.ValidDate(f.To) {
		return nil, fmt.Errorf("%w: date range %q..%q is not made of ISO days", graph.ErrInvalid, f.From, f.To)
	}
	q := &eventQuery{params: map[string]any{}, lo: "0", hi: "~"}
	var types []string
	for _, t := range f.Types {
		types = append(types, string(t))
	}
	need := []string{}
	for _, c := range f.Countries {
		need = append(need, entityRef(graph.Ref{Kind: graph.KindCountry, ID: c}))
	}
	for _, c := range f.People {
		need = append(need, entityRef(graph.Ref{Kind: graph.KindPerson, ID: c}))
	}
	for _, c := range f.Organizations {
		need = append(need, entityRef(graph.Ref{Kind: graph.KindOrganization, ID: c}))
	}
	q.anchors = append(q.anchors, need...)
	if f.Place != "" {
		q.anchors = append(q.anchors, entityRef(graph.Ref{Kind: graph.KindPlace, ID: f.Place}))
	}
	if len(f.Topics) == 1 {
		q.anchors = append(q.anchors, entityRef(graph.Ref{Kind: graph.KindTopic, ID: f.Topics[0]}))
	}
	byReport := f.Language != "" || f.Article != "" || f.MinConfidence > 0
	var minConf any
	if f.MinConfidence > 0 {
		minConf = f.MinConfidence
	}
	q.params = map[string]any{
		"types": optList(types), "need": need, "place": opt(f.Place), "topics": optList(f.Topics),
		"byReport": byReport, "article": opt(f.Article), "minConf": minConf, "lang": opt(f.Language),
	}
	q.ranged = f.From != "" || f.To != ""
	if f.From != "" {
		q.lo = f.From
	}
	if f.To != "" {
		q.hi = f.To
	}
	q.anchors = uniqueSorted(q.anchors)
	q.trivial = !q.ranged && len(types) == 0 && len(q.anchors) == 0 && len(f.Topics) == 0 && !byReport
	q.anchorOnly = !q.ranged && len(types) == 0 && len(f.Topics) == 0 && !byReport && f.Place == "" &&
		len(q.anchors) == 1
	return q, nil
}

// anchor picks the required entity with the fewest events to start from,
// and gives their number. ok is false when a required entity does not
// exist, so nothing matches.
func (q *eventQuery) anchor(ctx context.Context, t *txn) (anchor string, degree int64, ok bool, err error) {
	if len(q.anchors) == 0 {
		return "", 0, true, nil
	}
	recs, err := t.run(ctx, qAnchorDegrees, map[string]any{"refs": q.anchors})
	if err != nil {
		return "", 0, false, err
	}
	if len(recs) < len(q.anchors) {
		return "", 0, false, nil
	}
	best := int64(-1)
	for _, rec := range recs {
		if d := num(rec.Values[1]); best < 0 || d < best {
			anchor, best = str(rec.Values[0]), d
		}
	}
	return anchor, best, best > 0, nil
}

// minScanDegree is the fewest events an anchor must have before reading the
// date index instead of the anchor's events is considered at all.
const minScanDegree = 2000

// forceDateScan makes every anchored listing read the date index, so that
// tests on small graphs cover that query too.
var forceDateScan = false

// scanByDate tells whether a page of want events of an anchor with degree
// events is found sooner from the date index than from the anchor: about
// want × total / degree index entries are read before want of the anchor's
// turn up (dates spread alike), against all degree of its events sorted.
// That estimate holds for the anchor alone: another required entity (two
// hub countries) can leave a few dozen of its thousands of events, and the
// scan would read most of the index to find them.
func (t *txn) scanByDate(ctx context.Context, q *eventQuery, degree int64, want int) (bool, error) {
	if forceDateScan {
		return true, nil
	}
	if degree < minScanDegree || len(q.anchors) > 1 {
		return false, nil
	}
	recs, err := t.run(ctx, qCountAllEvents, nil)
	if err != nil || len(recs) == 0 {
		return false, err
	}
	total := num(recs[0].Values[0])
	return int64(want)*total/degree < degree/4, nil
}

func (q *eventQuery) with(kv ...any) map[string]any {
	p := make(map[string]any, len(q.params)+len(kv)/2)
	for k, v := range q.params {
		p[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i].(string)] = kv[i+1]
	}
	// The statement starts from the anchor's events: checking once more
	// that each has the anchor among its participants is a dozen reads per
	// event for nothing. (A required entity is a country, person or
	// organization, which only PARTICIPANT edges reach.)
	if anchor, _ := p["anchor"].(string); anchor != "" {
		need, _ := p["need"].([]string)
		rest := make([]string, 0, len(need))
		for _, r := range need {
			if r != anchor {
				rest = append(rest, r)
			}
		}
		p["need"] = uniqueSorted(rest) // anchored statements count the nodes they match
	}
	return p
}

// ListEvents implements graph.Store: newest first, undated last, then by id.
func (s *Store) ListEvents(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.EventPage, error) {
	pages, err := s.ListEventsBatch(ctx, []graph.EventFilter{f}, p)
	if err != nil {
		return nil, err
	}
	return pages[0], nil
}

// ListEventsBatch implements graph.Store: the listings of every filter in
// one read transaction (a few queries per filter, one round trip each).
func (s *Store) ListEventsBatch(ctx context.Context, fs []graph.EventFilter, p graph.Page) ([]*graph.EventPage, error) {
	cur, err := graph.DecodeCursor(p.After)
	if err != nil {
		return nil, err
	}
	qs := make([]*eventQuery, len(fs))
	for i, f := range fs {
		if qs[i], err = compileEventFilter(f); err != nil {
			return nil, err
		}
	}
	limit := p.Limit()
	out := make([]*graph.EventPage, len(fs))
	err = s.read(ctx, func(ctx context.Context, t *txn) error {
		for i, q := range qs {
			page, err := t.listEvents(ctx, q, cur, limit)
			if err != nil {
				return err
			}
			out[i] = page
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *txn) listEvents(ctx context.Context, q *eventQuery, cur *graph.Cursor, limit int) (*graph.EventPage, error) {
	page := &graph.EventPage{}
	anchor, degree, ok, err := q.anchor(ctx, t)
	if err != nil || !ok {
		return page, err
	}
	var ids []string
	want := limit + 1
	if cur == nil || cur.Date != "" {
		hi, hiID := q.hi, ""
		if cur != nil && cur.Date <= hi {
			hi, hiID = cur.Date, cur.ID
		}
		query := qEventsDated
		if anchor != "" {
			query = qEventsDatedAnchored
			scan, err := t.scanByDate(ctx, q, degree, want)
			if err != nil {
				return nil, err
			}
			if scan {
				query = qEventsDatedScan
			}
		}
		recs, err := t.run(ctx, query, q.with("anchor", anchor, "lo", q.lo, "hi", hi, "hiID", hiID, "limit", int64(want)))
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			ids = append(ids, str(r.Values[0]))
		}
	}
	if len(ids) < want && !q.ranged {
		after := ""
		if cur != nil && cur.Date == "" {
			after = cur.ID
		}
		query := qEventsUndated
		if anchor != "" {
			query = qEventsUndatedAnchored
		}
		recs, err := t.run(ctx, query, q.with("anchor", anchor, "after", after, "limit", int64(want-len(ids))))
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			ids = append(ids, str(r.Values[0]))
		}
	}
	if len(ids) > limit {
		ids, page.HasNext = ids[:limit], true
	}
	byID, err := t.events(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if ev := byID[id]; ev != nil {
			page.Items = append(page.Items, ev)
		}
	}
	if n := len(page.Items); n > 0 {
		last := page.Items[n-1]
		page.EndCursor = graph.Cursor{Date: last.Date, ID: last.ID}.Encode()
	}
	return page, nil
}

// CountEvents implements graph.Store.
func (s *Store) CountEvents(ctx context.Context, f graph.EventFilter) (int, error) {
	ns, err := s.CountEventsBatch(ctx, []graph.EventFilter{f})
	if err != nil {
		return 0, err
	}
	return ns[0], nil
}

// CountEventsBatch implements graph.Store: every count in one read
// transaction.
func (s *Store) CountEventsBatch(ctx context.Context, fs []graph.EventFilter) ([]int, error) {
	qs := make([]*eventQuery, len(fs))
	for i, f := range fs {
		var err error
		if qs[i], err = compileEventFilter(f); err != nil {
			return nil, err
		}
	}
	out := make([]int, len(fs))
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		for i, q := range qs {
			n, err := t.countEvents(ctx, q)
			if err != nil {
				return err
			}
			out[i] = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *txn) countEvents(ctx context.Context, q *eventQuery) (int, error) {
	if q.trivial {
		recs, err := t.run(ctx, qCountAllEvents, nil)
		if err != nil || len(recs) != 1 {
			return 0, err
		}
		return int(num(recs[0].Values[0])), nil
	}
	anchor, degree, ok, err := q.anchor(ctx, t)
	if err != nil || !ok {
		return 0, err
	}
	if q.anchorOnly {
		// Its events are its edges from events, less the edges of an
		// event that names it more than once (source and target), which
		// _multi lists (pairs.go): a hub country's count without reading
		// its tens of thousands of events.
		recs, err := t.run(ctx, qAnchorRepeats, map[string]any{"ref": anchor})
		if err != nil || len(recs) != 1 {
			return 0, err
		}
		return int(degree - num(recs[0].Values[0])), nil
	}
	lo := q.lo
	if !q.ranged {
		lo = "" // undated events count too
	}
	query := qCountEvents
	if anchor != "" {
		query = qCountEventsAnchored
	}
	recs, err := t.run(ctx, query, q.with("anchor", anchor, "lo", lo, "hi", q.hi))
	if err != nil || len(recs) != 1 {
		return 0, err
	}
	return int(num(recs[0].Values[0])), nil
}

func articleFilterParams(f graph.ArticleFilter) map[string]any {
	return map[string]any{"lang": opt(f.Lang), "source": opt(f.Source), "from": opt(f.From), "to": opt(f.To)}
}

// ListArticles implements graph.Store.
func (s *Store) ListArticles(ctx context.Context, f graph.ArticleFilter, p graph.Page) (*graph.ArticlePage, error) {
	cur, err := graph.DecodeCursor(p.After)
	if err != nil {
		return nil, err
	}
	limit := p.Limit()
	params := articleFilterParams(f)
	params["after"] = ""
	if cur != nil {
		params["after"] = cur.ID
	}
	params["limit"] = int64(limit + 1)
	var page *graph.ArticlePage
	err = s.read(ctx, func(ctx context.Context, t *txn) error {
		recs, err := t.run(ctx, qListArticles, params)
		if err != nil {
			return err
		}
		page = &graph.ArticlePage{}
		for _, rec := range recs {
			if len(page.Items) == limit {
				page.HasNext = true
				break
			}
			page.Items = append(page.Items, decodeArticle(asMap(rec.Values[0])))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = graph.Cursor{ID: page.Items[n-1].ID}.Encode()
	}
	return page, nil
}

// CountArticles implements graph.Store.
func (s *Store) CountArticles(ctx context.Context, f graph.ArticleFilter) (int, error) {
	if f == (graph.ArticleFilter{}) {
		c, err := s.Counts(ctx)
		if err != nil {
			return 0, err
		}
		return c.Nodes[graph.KindArticle], nil
	}
	n := 0
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		query := qCountArticles
		if f == (graph.ArticleFilter{Lang: f.Lang}) {
			query = qCountArticlesInLang
		}
		recs, err := t.run(ctx, query, articleFilterParams(f))
		if err == nil && len(recs) == 1 {
			n = int(num(recs[0].Values[0]))
		}
		return err
	})
	return n, err
}

// Search implements graph.Store. The text index gives every entity one of
// whose name keys contains the query key; that is every entity
// graph.SearchScore rates above 0, so scoring them here in Go ranks
// exactly as the memory store does.
func (s *Store) Search(ctx context.Context, query string, kinds []graph.Kind, limit int) ([]graph.SearchHit, error) {
	q := graph.Key(query)
	if q == "" {
		return nil, fmt.Errorf("%w: empty search query", graph.ErrInvalid)
	}
	if limit <= 0 {
		limit = graph.DefaultPageSize
	}
	var labels []string
	for _, k := range kinds {
		// A kind that is no entity kind matches nothing, as in the memory store.
		if l, err := entityLabelFor(k); err == nil {
			labels = append(labels, l)
		} else {
			labels = append(labels, "")
		}
	}
	var hits []graph.SearchHit
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		hits = nil
		recs, err := t.run(ctx, qSearchCandidates, map[string]any{"q": q, "kinds": optList(labels)})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			r, err := parseEntityRef(str(rec.Values[0]))
			if err != nil {
				return err
			}
			e := &graph.Entity{Kind: r.Kind, ID: r.ID, Name: str(rec.Values[1])}
			for _, a := range strs(rec.Values[2]) {
				e.Aliases = append(e.Aliases, graph.Name{Text: a})
			}
			best, matched := 0.0, ""
			for _, k := range graph.NameKeys(e, graph.Key) {
				if sc := graph.SearchScore(q, k); sc > best || (sc == best && sc > 0 && k < matched) {
					best, matched = sc, k
				}
			}
			if best > 0 {
				hits = append(hits, graph.SearchHit{Entity: e, Matched: matchedText(e, matched), Score: best})
			}
		}
		graph.SortHits(hits)
		if len(hits) > limit {
			hits = hits[:limit]
		}
		refs := make([]graph.Ref, len(hits))
		for i, h := range hits {
			refs[i] = h.Entity.Ref()
		}
		full, err := t.entities(ctx, refs)
		if err != nil {
			return err
		}
		for i := range hits {
			if e := full[refs[i]]; e != nil {
				hits[i].Entity = e
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hits, nil
}

// matchedText returns the written form whose key is k: the name, else the
// first alias (in stored order, that of graph.EntityState.Entity).
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

// Counts implements graph.Store, from the count store (constant time).
func (s *Store) Counts(ctx context.Context) (*graph.Counts, error) {
	var c *graph.Counts
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		recs, err := t.run(ctx, qCounts, nil)
		if err != nil {
			return err
		}
		if len(recs) != 1 {
			return fmt.Errorf("neo4j store: counts query returned %d rows", len(recs))
		}
		v := func(i int) int { return int(num(recs[0].Values[i])) }
		c = &graph.Counts{Nodes: map[graph.Kind]int{
			graph.KindCountry: v(0), graph.KindPerson: v(1), graph.KindOrganization: v(2), graph.KindPlace: v(3),
			graph.KindTopic: v(4), graph.KindEvent: v(5), graph.KindArticle: v(6),
		}, Edges: map[string]int{}}
		for i, typ := range []string{graph.RelParticipant, graph.RelAt, graph.RelAbout, graph.RelReportedIn,
			graph.RelMentions, graph.RelHolds, graph.RelIn} {
			if n := v(7 + i); n > 0 {
				c.Edges[typ] = n
			}
		}
		return nil
	})
	return c, err
}

// EventCounts implements graph.Store: the grouping and counting happen in
// one Cypher aggregation.
func (s *Store) EventCounts(ctx context.Context, f graph.EventFilter, groupBy []graph.GroupKey) ([]graph.GroupCount, error) {
	if err := graph.CheckGroupBy(f, groupBy); err != nil {
		return nil, err
	}
	q, err := compileEventFilter(f)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(groupBy))
	for i, k := range groupBy {
		keys[i] = string(k)
	}
	self, selfKind := "", ""
	if r, ok := graph.CounterpartSelf(f); ok {
		self, selfKind = entityRef(r), string(r.Kind)+":"
	}
	var out []graph.GroupCount
	err = s.read(ctx, func(ctx context.Context, t *txn) error {
		out = []graph.GroupCount{}
		anchor, _, ok, err := q.anchor(ctx, t)
		if err != nil || !ok {
			return err
		}
		lo := q.lo
		if !q.ranged {
			lo = "" // undated events count too
		}
		query := qEventGroups
		if anchor != "" {
			query = qEventGroupsAnchored
		}
		recs, err := t.run(ctx, query, q.with("anchor", anchor, "lo", lo, "hi", q.hi, "groupBy", keys, "self", self, "selfKind", selfKind))
		if err != nil {
			return err
		}
		for _, rec := range recs {
			g := graph.GroupCount{Keys: []string{str(rec.Values[0]), str(rec.Values[1])}[:len(keys)], Count: int(num(rec.Values[2]))}
			out = append(out, g)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	graph.SortGroupCounts(out)
	return out, nil
}
