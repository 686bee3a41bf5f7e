package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// Neo4j refuses to write a value larger than an index can hold, which
// would fail a whole batch: these bound what reaches an index.
const (
	// maxIndexedSearch is below the text index's 32 KB value limit.
	maxIndexedSearch = 30000
	// maxIndexedText is below the range index's 8 KB key limit.
	maxIndexedText = 4000
)

// checkStorable refuses what graph.Validate lets through but this store
// cannot keep exactly: indexed article properties too large for the range
// indexes, and invalid UTF-8 anywhere (Neo4j and the _graph JSON would
// both replace it, so a later replace would not subtract what was added).
func checkStorable(g *graph.ArticleGraph) error {
	for field, v := range map[string]string{"lang": g.Article.Lang, "source": g.Article.Source, "published": g.Article.Published} {
		if len(v) > maxIndexedText {
			return fmt.Errorf("%w: article.%s is %d bytes, more than the %d the Neo4j store indexes", graph.ErrInvalid, field, len(v), maxIndexedText)
		}
	}
	bad := ""
	check := func(field string, ss ...string) {
		for _, s := range ss {
			if bad == "" && !utf8.ValidString(s) {
				bad = field
			}
		}
	}
	a := &g.Article
	check("article", a.ID, a.URL, a.Title, a.Lang, a.Source, a.Published, a.ContentHash, a.Extractor)
	for i := range g.Entities {
		e := &g.Entities[i]
		check("entity "+e.ID, e.ID, e.Name, e.Country, e.Role, e.Class)
		check("entity "+e.ID+" members", e.Members...)
		for _, n := range e.Aliases {
			check("entity "+e.ID+" alias", n.Text, n.Lang)
		}
		for _, o := range e.Offices {
			check("entity "+e.ID+" office", o.Role, o.Country, o.Org, o.From, o.To)
		}
	}
	for _, ev := range g.Events {
		for _, r := range ev.Reports {
			check("event "+ev.ID+" report", r.Article, r.Sentence, r.Extractor, r.Subtype, r.Status, r.Place)
			check("event "+ev.ID+" report topics", r.Topics...)
		}
	}
	if bad != "" {
		return fmt.Errorf("%w: %s has text that is not valid UTF-8", graph.ErrInvalid, strings.ToValidUTF8(bad, "\uFFFD"))
	}
	return nil
}

// contribution is what one article added to the graph, kept as JSON in
// its node's _graph property so that a replace or delete can subtract it.
type contribution struct {
	Entities []graph.Entity  `json:"entities,omitempty"`
	Mentions []graph.Mention `json:"mentions,omitempty"`
	Events   []graph.Event   `json:"events,omitempty"`
}

func contributionOf(g *graph.ArticleGraph) *contribution {
	c := &contribution{Entities: g.Entities, Mentions: g.Mentions, Events: make([]graph.Event, len(g.Events))}
	for i, ev := range g.Events {
		// Derived fields come from all reports, never from one article.
		ev.Subtype, ev.Status, ev.Place, ev.Topics = "", "", "", nil
		c.Events[i] = ev
	}
	return c
}

func (c *contribution) mentionCounts() map[graph.Ref]int {
	m := make(map[graph.Ref]int, len(c.Mentions))
	for _, x := range c.Mentions {
		m[x.Ref] = x.Count
	}
	return m
}

// applyItem is one article of a write: a graph to apply, or (g nil) a delete.
type applyItem struct {
	id   string
	g    *graph.ArticleGraph
	cur  *contribution // g's contribution
	json string        // and its encoding, made before the transaction
	res  *graph.ApplyResult
	idx  int // of g in the Apply call
	// force rewrites an article whose content hash is unchanged: the
	// curation changed what its graph stands for.
	force bool
}

type articleState struct {
	exists  bool
	hash    string
	art     graph.Article
	contrib *contribution
	json    string // contrib encoded, when dirty
	dirty   bool   // metadata and mentions must be written
}

type eventState struct {
	typ     graph.EventType
	date    string
	parts   []graph.Participant
	isNew   bool // the node was created by this transaction: write its participants
	reports map[string]graph.Report
	changed map[string]bool // articles whose report edge must be rewritten
}

// writeSet is the state of every node a write transaction locked, changed
// in Go and written back at the end.
type writeSet struct {
	articles map[string]*articleState
	entities map[graph.Ref]*graph.EntityState
	events   map[string]*eventState
	// cur is the curation: entities are derived with its aliases.
	cur *graph.Curation
	// curLocked: the transaction holds the curation node's lock (curation
	// changes do; loads only read it and check it again once their
	// entities are locked, so loads do not queue behind one another).
	curLocked bool
	// curRead is the stored curation as a load read it.
	curRead string
	// curJSON, when not empty, is a new curation to store.
	curJSON string
}

// errCurationChanged: a curation change committed while a load held no
// lock on the entities it concerned; the load runs again with the new one.
var errCurationChanged = errors.New("the curation changed during the write")

// readCuration reads the curation without locking it, and the raw form to
// compare with later.
func (t *txn) readCuration(ctx context.Context) (*graph.Curation, string, error) {
	recs, err := t.run(ctx, qReadCuration, nil)
	if err != nil {
		return nil, "", err
	}
	raw := ""
	if len(recs) > 0 && recs[0].Values[0] != nil {
		raw = str(recs[0].Values[0])
	}
	c, err := decodeCuration(recs)
	return c, raw, err
}

func newWriteSet() *writeSet {
	return &writeSet{articles: map[string]*articleState{}, entities: map[graph.Ref]*graph.EntityState{}, events: map[string]*eventState{}}
}

// lockCuration locks the curation node (creating it when missing) and
// reads the curation. Curation changes take this lock first.
func (t *txn) lockCuration(ctx context.Context) (*graph.Curation, error) {
	recs, err := t.run(ctx, qLockCuration, nil)
	if err != nil {
		return nil, err
	}
	return decodeCuration(recs)
}

func decodeCuration(recs []*neo4j.Record) (*graph.Curation, error) {
	c := graph.NewCuration()
	if len(recs) == 0 || recs[0].Values[0] == nil {
		return c, nil
	}
	if err := json.Unmarshal([]byte(str(recs[0].Values[0])), c); err != nil {
		return nil, fmt.Errorf("neo4j store: the curation node holds corrupt data: %v", err)
	}
	return c, nil
}

// Apply implements graph.Store: each graph is validated (an invalid one
// gets its Err and is skipped), then all are written in one transaction.
// The returned error (graph.ErrUnavailable, graph.ErrTimeout, graph.ErrClosed)
// means none of them was written.
func (s *Store) Apply(ctx context.Context, graphs []graph.ArticleGraph) ([]graph.ApplyResult, error) {
	if s.closed.Load() {
		return nil, graph.ErrClosed
	}
	base := make([]graph.ApplyResult, len(graphs))
	var valid []applyItem
	for i := range graphs {
		g := &graphs[i]
		base[i].ArticleID = g.Article.ID
		if err := g.Validate(); err != nil {
			base[i].Err = fmt.Errorf("article %q: %w", g.Article.ID, err)
			continue
		}
		if err := checkStorable(g); err != nil {
			base[i].Err = fmt.Errorf("article %q: %w", g.Article.ID, err)
			continue
		}
		cur := contributionOf(g)
		b, err := json.Marshal(cur)
		if err != nil {
			// A value JSON cannot hold (a NaN confidence) fails this graph alone.
			base[i].Err = fmt.Errorf("article %q: %w: %v", g.Article.ID, graph.ErrInvalid, err)
			continue
		}
		valid = append(valid, applyItem{id: g.Article.ID, g: g, cur: cur, json: string(b), idx: i})
	}
	if len(valid) == 0 {
		return base, nil
	}
	var results []graph.ApplyResult
	err := s.writeItems(ctx, func(ctx context.Context, t *txn) error {
		// The driver may run this more than once: start from clean results.
		results = append([]graph.ApplyResult(nil), base...)
		items := make([]applyItem, len(valid))
		for j, it := range valid {
			it.res = &results[it.idx]
			items[j] = it
		}
		return t.applyItems(ctx, items)
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// DeleteArticle implements graph.Store. graph.ErrNotFound when absent.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	return s.writeItems(ctx, func(ctx context.Context, t *txn) error {
		return t.applyItems(ctx, []applyItem{{id: id}})
	})
}

// writeItems runs a write of articles, again (a few times) when a
// curation change committed while it held no lock on what it concerns.
func (s *Store) writeItems(ctx context.Context, fn work) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = s.write(ctx, fn); !errors.Is(err, errCurationChanged) {
			break
		}
	}
	return err
}

// ArticleHashes implements graph.Store.
func (s *Store) ArticleHashes(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		clear(out)
		recs, err := t.run(ctx, qArticleHashes, map[string]any{"ids": uniqueSorted(ids)})
		for _, r := range recs {
			out[str(r.Values[0])] = str(r.Values[1])
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// applyItems runs one write transaction: lock, read, compute, write.
func (t *txn) applyItems(ctx context.Context, items []applyItem) error {
	ws := newWriteSet()
	deleting := len(items) == 1 && items[0].g == nil

	// 1. Which articles change at all: those whose stored hash differs from
	// a new one. Unchanged articles are neither locked nor written, so a
	// re-run of a load writes nothing.
	var lockIDs []string
	if deleting {
		lockIDs = []string{items[0].id}
	} else {
		ids := make([]string, 0, len(items))
		for _, it := range items {
			ids = append(ids, it.id)
		}
		recs, err := t.run(ctx, qArticleHashes, map[string]any{"ids": uniqueSorted(ids)})
		if err != nil {
			return err
		}
		stored := map[string]string{}
		for _, r := range recs {
			stored[str(r.Values[0])] = str(r.Values[1])
		}
		change := map[string]bool{}
		for _, it := range items {
			if h, ok := stored[it.id]; !ok || h != it.g.Article.ContentHash {
				change[it.id] = true
			}
		}
		lockIDs = sortedKeys(change)
	}
	if len(lockIDs) == 0 {
		for _, it := range items {
			it.res.Unchanged = true
		}
		return nil
	}

	// 2. Lock the curation, and rewrite the graphs that name an entity
	// merged away; then lock the articles (creating the new ones) and read
	// their state.
	cur, curRead, err := t.readCuration(ctx)
	if err != nil {
		return err
	}
	ws.cur, ws.curRead = cur, curRead
	for i := range items {
		if it := &items[i]; it.g != nil && cur.Touches(it.g) {
			it.g = cur.Rewrite(it.g)
			it.cur = contributionOf(it.g)
			b, err := json.Marshal(it.cur)
			if err != nil {
				return fmt.Errorf("%w: %v", graph.ErrInvalid, err)
			}
			it.json = string(b)
		}
	}
	q := qLockArticles
	if deleting {
		q = qLockExistingArticles
	}
	recs, err := t.run(ctx, q, map[string]any{"ids": lockIDs})
	if err != nil {
		return err
	}
	for _, r := range recs {
		a := &articleState{}
		id := str(r.Values[0])
		if h := str(r.Values[1]); h != "" {
			a.exists, a.hash = true, h
			c := &contribution{}
			if err := json.Unmarshal([]byte(str(r.Values[2])), c); err != nil {
				return fmt.Errorf("neo4j store: article %q has a corrupt _graph property: %v", id, err)
			}
			a.contrib = c
		}
		ws.articles[id] = a
	}
	if deleting && (len(recs) == 0 || !ws.articles[items[0].id].exists) {
		return fmt.Errorf("%w: article %q", graph.ErrNotFound, items[0].id)
	}

	// 3. Lock every entity and event the changed articles touched, old and
	// new, in key order, and read their state.
	refs := map[graph.Ref]bool{}
	evIDs := map[string]bool{}
	collect := func(c *contribution) {
		for _, e := range c.Entities {
			refs[e.Ref()] = true
		}
		for _, ev := range c.Events {
			evIDs[ev.ID] = true
		}
	}
	for _, a := range ws.articles {
		if a.contrib != nil {
			collect(a.contrib)
		}
	}
	for _, it := range items {
		if it.g != nil && ws.articles[it.id] != nil {
			collect(&contribution{Entities: it.g.Entities, Events: it.g.Events})
		}
	}
	if err := t.lockEntities(ctx, ws, refs); err != nil {
		return err
	}
	if err := t.lockEvents(ctx, ws, evIDs); err != nil {
		return err
	}
	// A merge locks the entity it drops before it looks for the articles
	// that name it: with our entities locked, the curation read now is the
	// one this write must follow.
	if _, now, err := t.readCuration(ctx); err != nil {
		return err
	} else if now != ws.curRead {
		return errCurationChanged
	}

	// 4. Apply the items in order, in Go.
	for _, it := range items {
		ws.applyItem(it)
	}

	// 5. Write back.
	return t.flush(ctx, ws)
}

func (t *txn) lockEntities(ctx context.Context, ws *writeSet, refs map[graph.Ref]bool) error {
	sorted := make([]graph.Ref, 0, len(refs))
	for r := range refs {
		sorted = append(sorted, r)
	}
	// Lock order is the order of the ref property, the same for every writer.
	sort.Slice(sorted, func(i, j int) bool { return entityRef(sorted[i]) < entityRef(sorted[j]) })
	rows := make([]map[string]any, len(sorted))
	for i, r := range sorted {
		label, err := entityLabelFor(r.Kind)
		if err != nil {
			return err
		}
		rows[i] = map[string]any{"ref": entityRef(r), "id": r.ID, "kind": label}
	}
	recs, err := t.runChunks(ctx, qLockEntities, rows, nil)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		r, err := parseEntityRef(str(rec.Values[0]))
		if err != nil {
			return err
		}
		ws.entities[r] = decodeState(r, asMap(rec.Values[1]))
	}
	return nil
}

func (t *txn) lockEvents(ctx context.Context, ws *writeSet, ids map[string]bool) error {
	rows := make([]map[string]any, 0, len(ids))
	for _, id := range sortedKeys(ids) {
		rows = append(rows, map[string]any{"id": id})
	}
	recs, err := t.runChunks(ctx, qLockEvents, rows, nil)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		ev := &eventState{
			typ:     graph.EventType(str(rec.Values[1])),
			date:    str(rec.Values[2]),
			isNew:   rec.Values[1] == nil,
			reports: map[string]graph.Report{},
			changed: map[string]bool{},
		}
		for _, x := range asList(rec.Values[3]) {
			rep := decodeReport(asMap(x))
			ev.reports[rep.Article] = rep
		}
		ws.events[str(rec.Values[0])] = ev
	}
	return nil
}

// applyItem adds one article's graph (or removes it, g nil) to the locked
// state, exactly as the memory store does: subtract the old contribution,
// add the new one, and count the entity and event nodes that appear or
// disappear.
func (ws *writeSet) applyItem(it applyItem) {
	a := ws.articles[it.id]
	if a == nil || (it.g != nil && !it.force && a.exists && a.hash == it.g.Article.ContentHash) {
		it.res.Unchanged = true
		return
	}
	if it.res != nil {
		it.res.Replaced = a.exists
	}
	var old, cur *contribution
	if a.exists {
		old = a.contrib
	}
	if it.g != nil {
		cur = it.cur
	}
	entBefore := map[graph.Ref]bool{}
	evBefore := map[string]bool{}
	for _, c := range []*contribution{old, cur} {
		if c == nil {
			continue
		}
		for _, e := range c.Entities {
			entBefore[e.Ref()] = !ws.entities[e.Ref()].Empty()
		}
		for _, ev := range c.Events {
			evBefore[ev.ID] = len(ws.events[ev.ID].reports) > 0
		}
	}
	if old != nil {
		counts := old.mentionCounts()
		for i := range old.Entities {
			e := &old.Entities[i]
			ws.entities[e.Ref()].Apply(e, counts[e.Ref()], -1)
		}
		for _, ev := range old.Events {
			st := ws.events[ev.ID]
			delete(st.reports, it.id)
			st.changed[it.id] = true
		}
	}
	if cur != nil {
		counts := cur.mentionCounts()
		for i := range cur.Entities {
			e := &cur.Entities[i]
			ws.entities[e.Ref()].Apply(e, counts[e.Ref()], +1)
		}
		for _, ev := range cur.Events {
			st := ws.events[ev.ID]
			st.typ, st.date = ev.Type, ev.Date
			if st.parts == nil {
				st.parts = ev.Participants
			}
			st.reports[it.id] = ev.Reports[0]
			st.changed[it.id] = true
		}
	}
	if it.res != nil {
		for r, before := range entBefore {
			switch after := !ws.entities[r].Empty(); {
			case after && !before:
				it.res.NodesCreated++
			case before && !after:
				it.res.NodesDeleted++
			}
		}
		for id, before := range evBefore {
			switch after := len(ws.events[id].reports) > 0; {
			case after && !before:
				it.res.NodesCreated++
			case before && !after:
				it.res.NodesDeleted++
			}
		}
	}
	if it.g == nil {
		a.exists, a.hash, a.contrib = false, "", nil
	} else {
		a.exists, a.hash, a.art, a.contrib, a.json = true, it.g.Article.ContentHash, it.g.Article, cur, it.json
	}
	a.dirty = true
}

// flush writes the state of every locked node.
func (t *txn) flush(ctx context.Context, ws *writeSet) error {
	// Entities: derived properties, tallies, HOLDS and IN edges; or delete.
	var entRows []map[string]any
	var entDel []map[string]any
	refs := make([]graph.Ref, 0, len(ws.entities))
	for r := range ws.entities {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool { return entityRef(refs[i]) < entityRef(refs[j]) })
	for _, r := range refs {
		st := ws.entities[r]
		if st.Empty() {
			entDel = append(entDel, map[string]any{"ref": entityRef(r)})
			continue
		}
		entRows = append(entRows, entityRow(st, ws.cur))
	}
	if _, err := t.runChunks(ctx, qWriteEntities, entRows, nil); err != nil {
		return err
	}

	// Events: derived properties and edges; or delete when no report is left.
	var evNew, evRows, evDel []map[string]any
	for _, id := range sortedKeys(ws.events) {
		st := ws.events[id]
		switch {
		case len(st.reports) == 0:
			evDel = append(evDel, map[string]any{"id": id})
		case st.isNew:
			evNew = append(evNew, eventRow(id, st))
		default:
			evRows = append(evRows, eventRow(id, st))
		}
	}
	if _, err := t.runChunks(ctx, qCreateEvents, evNew, nil); err != nil {
		return err
	}
	if _, err := t.runChunks(ctx, qWriteEvents, evRows, nil); err != nil {
		return err
	}
	if _, err := t.runChunks(ctx, qDeleteEvents, evDel, nil); err != nil {
		return err
	}

	// Articles: metadata, contribution and MENTIONS; or delete.
	var artRows, artDel []map[string]any
	for _, id := range sortedKeys(ws.articles) {
		a := ws.articles[id]
		switch {
		case !a.exists:
			artDel = append(artDel, map[string]any{"id": id})
		case !a.dirty:
			// Locked, then found unchanged: only drop the lock marker.
			artRows = append(artRows, map[string]any{"id": id, "props": map[string]any{"_lock": nil}, "rewrite": false, "mentions": []any{}})
		default:
			artRows = append(artRows, articleRow(a))
		}
	}
	if _, err := t.runChunks(ctx, qWriteArticles, artRows, nil); err != nil {
		return err
	}
	if _, err := t.runChunks(ctx, qDeleteArticles, artDel, nil); err != nil {
		return err
	}
	if _, err := t.runChunks(ctx, qDeleteEntities, entDel, nil); err != nil {
		return err
	}
	if !ws.curLocked {
		return nil
	}
	var data any
	if ws.curJSON != "" {
		data = ws.curJSON
	}
	_, err := t.run(ctx, qWriteCuration, map[string]any{"data": data})
	return err
}

// tallyProp is the property holding one tally of graph.EntityState.
func tallyProp(field string) string { return "_t_" + field }

// decodeState rebuilds an entity's state from its stored properties; a
// node just created by the lock statement has none and gives an empty state.
func decodeState(r graph.Ref, m map[string]any) *graph.EntityState {
	st := graph.NewEntityState(r)
	st.Articles = int(num(m["_articles"]))
	st.Mentions = int(num(m["_mentions"]))
	enc := make(map[string][]string, len(graph.TallyFields))
	for _, f := range graph.TallyFields {
		enc[f] = strs(m[tallyProp(f)])
	}
	st.DecodeTallies(enc)
	return st
}

func entityRow(st *graph.EntityState, cur *graph.Curation) map[string]any {
	e := st.Entity()
	cur.Decorate(e)
	texts := make([]string, len(e.Aliases))
	langs := make([]string, len(e.Aliases))
	for i, a := range e.Aliases {
		texts[i], langs[i] = a.Text, a.Lang
	}
	keys := graph.NameKeys(e, graph.Key)
	var search, overflow any
	if len(keys) > 0 {
		// Keys never contain a newline (graph.Key folds whitespace to a
		// space), so "CONTAINS q" on this string is "some key contains q".
		joined := "\n" + strings.Join(keys, "\n")
		if len(joined) <= maxIndexedSearch {
			search = joined
		} else {
			overflow = true
		}
	}
	props := map[string]any{
		"name": opt(e.Name), "aliasText": optList(texts), "aliasLang": optList(langs),
		"country": opt(e.Country), "role": opt(e.Role), "class": opt(e.Class), "members": optList(e.Members),
		"keys": optList(keys), "_search": search, "_overflow": overflow,
		"_articles": int64(st.Articles), "_mentions": int64(st.Mentions), "_lock": nil,
		"_curated": optList(encodeNames(cur.Aliases(e.Ref()))),
	}
	for f, list := range st.EncodeTallies() {
		props[tallyProp(f)] = optList(list)
	}
	holds := make([]map[string]any, 0, len(e.Offices))
	for _, o := range e.Offices {
		holds = append(holds, map[string]any{"target": entityRef(o.Target()), "role": o.Role, "from": o.From, "to": o.To})
	}
	var in any
	if e.Kind == graph.KindPlace && e.Country != "" {
		in = entityRef(graph.Ref{Kind: graph.KindCountry, ID: e.Country})
	}
	return map[string]any{"ref": entityRef(e.Ref()), "props": props, "holds": holds, "inRef": in}
}

func eventRow(id string, st *eventState) map[string]any {
	ev := &graph.Event{ID: id, Type: st.typ, Date: st.date}
	for _, r := range st.reports {
		ev.Reports = append(ev.Reports, r)
	}
	graph.DeriveEvent(ev)
	var parts []map[string]any
	if st.isNew {
		for _, p := range st.parts {
			parts = append(parts, map[string]any{"ref": entityRef(p.Ref), "role": p.Role})
		}
	}
	changed := sortedKeys(st.changed)
	var reports []map[string]any
	for _, a := range changed {
		if r, ok := st.reports[a]; ok {
			reports = append(reports, map[string]any{"article": a, "props": reportProps(&r)})
		}
	}
	var place any
	if ev.Place != "" {
		place = entityRef(graph.Ref{Kind: graph.KindPlace, ID: ev.Place})
	}
	topics := make([]string, len(ev.Topics))
	for i, tp := range ev.Topics {
		topics[i] = entityRef(graph.Ref{Kind: graph.KindTopic, ID: tp})
	}
	props := map[string]any{"type": string(ev.Type), "date": ev.Date, "subtype": opt(ev.Subtype),
		"status": opt(ev.Status), "place": opt(ev.Place), "topics": optList(ev.Topics), "_lock": nil}
	if st.isNew {
		setParticipantProps(props, st.parts)
	}
	return map[string]any{
		"id":           id,
		"props":        props,
		"participants": orEmpty(parts), "changed": changed, "reports": orEmpty(reports),
		"placeRef": place, "topicRefs": topics,
	}
}

func reportProps(r *graph.Report) map[string]any {
	return map[string]any{
		"sentence": opt(r.Sentence), "start": int64(r.Start), "end": int64(r.End), "confidence": r.Confidence,
		"extractor": opt(r.Extractor), "subtype": opt(r.Subtype), "status": opt(r.Status), "place": opt(r.Place),
		"topics": optList(r.Topics),
	}
}

func articleRow(a *articleState) map[string]any {
	mentions := make([]map[string]any, len(a.contrib.Mentions))
	for i, m := range a.contrib.Mentions {
		mentions[i] = map[string]any{"ref": entityRef(m.Ref), "count": int64(m.Count)}
	}
	x := &a.art
	return map[string]any{
		"id": x.ID,
		"props": map[string]any{"url": opt(x.URL), "title": opt(x.Title), "lang": opt(x.Lang), "source": opt(x.Source),
			"published": opt(x.Published), "contentHash": x.ContentHash, "extractor": opt(x.Extractor),
			"_graph": a.json, "_lock": nil},
		"rewrite": true, "mentions": mentions,
	}
}
