package memory

import (
	"math"
	"slices"

	"github.com/google/btree"
	tbtree "github.com/tidwall/btree"

	"github.com/dipgraph/dipgraph/graph"
)

// evKey orders events newest first, undated last, then by id: the order of
// ListEvents and of every per-entity event index.
type evKey struct {
	date, id string
}

func evLess(a, b evKey) bool {
	if a.date != b.date {
		if a.date == "" {
			return false
		}
		if b.date == "" {
			return true
		}
		return a.date > b.date
	}
	return a.id < b.id
}

// evTree is an ordered set of event keys. It is a tidwall/btree, whose
// Load appends a key greater than all others without a search: a snapshot
// lists events in this order, so the indexes of a large graph are built in
// linear time when it opens.
type evTree struct {
	t *tbtree.BTreeG[evKey]
}

func newEvTree() *evTree {
	return &evTree{t: tbtree.NewBTreeGOptions(evLess, tbtree.Options{NoLocks: true, Degree: 32})}
}

func (t *evTree) Len() int                   { return t.t.Len() }
func (t *evTree) ReplaceOrInsert(k evKey)    { t.t.Set(k) }
func (t *evTree) Delete(k evKey)             { t.t.Delete(k) }
func (t *evTree) Ascend(fn func(evKey) bool) { t.t.Scan(fn) }

// AscendGreaterOrEqual visits the keys from pivot on, in order.
func (t *evTree) AscendGreaterOrEqual(pivot evKey, fn func(evKey) bool) { t.t.Ascend(pivot, fn) }

// Append adds k, fastest when it follows every key already there.
func (t *evTree) Append(k evKey) { t.t.Load(k) }

// contrib is one article's contribution to one entity.
type contrib struct {
	ent   *graph.Entity
	count int
}

// articleRec is what the store keeps of an applied article. contribs and
// events are what subtracting its contribution needs when it is replaced
// or deleted; a persisted store drops them once committed (onDisk) and
// reads them back from the database then, which keeps a large graph's
// memory to the graph itself.
type articleRec struct {
	art       graph.Article
	mentioned []mentioned // set when the record's contribution is added
	contribs  []contrib
	events    []graph.Event // each with exactly this article's report
	onDisk    bool
}

// shrink drops what the database holds of a committed record.
func (r *articleRec) shrink() {
	r.contribs, r.events, r.onDisk = nil, nil, true
}

// mentioned is one MENTIONS edge as an article's record keeps it: the
// entity's record and the count, 16 bytes where a graph.Mention takes 40
// (a graph of 100,000 articles holds 1.7 million of them). An entity is
// never dropped while an article mentions it: the article contributes to
// it.
type mentioned struct {
	er    *entityRec
	count int32
}

// mentions lists the record's MENTIONS edges.
func (r *articleRec) mentions() []graph.Mention {
	ms := make([]graph.Mention, len(r.mentioned))
	for i, m := range r.mentioned {
		ms[i] = graph.Mention{Ref: m.er.ref(), Count: int(m.count)}
	}
	return ms
}

func (er *entityRec) ref() graph.Ref {
	return graph.Ref{Kind: er.state.Kind, ID: er.state.ID}
}

// mentionCount fits a mention count in a mentioned.
func mentionCount(n int) int32 {
	return int32(min(max(n, math.MinInt32), math.MaxInt32))
}

type entityRec struct {
	state *graph.EntityState
	ent   *graph.Entity     // derived from state
	keys  []string          // graph.Key of the name and every alias, for search
	keyOf map[string]string // name → key, for entities whose names keep changing
	links []graph.Edge      // HOLDS and IN edges this entity owns
	// live: the entity counts as a node (created and not deleted since);
	// ent lags behind it while a batch is settling (see settleCounts).
	live bool
}

// state is the whole in-memory graph with its indexes. It is guarded by
// Store.mu; nothing in it is safe for concurrent mutation.
type state struct {
	entities     map[graph.Ref]*entityRec
	byKind       map[graph.Kind]*btree.BTreeG[string]
	events       map[string]*graph.Event
	eventOrder   *evTree
	evIndex      map[graph.Ref]*evTree // events an entity takes part in, hosts or is the topic of
	articles     map[string]*articleRec
	articleOrder *btree.BTreeG[string]
	// linkedBy holds the reverse of entity links: who holds an office in a
	// country, which places lie in it. Counted, since two persons can link.
	linkedBy map[graph.Ref]map[graph.Edge]bool
	// cur is the curation: article records are kept rewritten by it, and
	// derived entities carry its aliases. Replaced, never mutated.
	cur *graph.Curation
}

func newState() *state {
	s := &state{
		entities:     map[graph.Ref]*entityRec{},
		byKind:       map[graph.Kind]*btree.BTreeG[string]{},
		events:       map[string]*graph.Event{},
		eventOrder:   newEvTree(),
		evIndex:      map[graph.Ref]*evTree{},
		articles:     map[string]*articleRec{},
		articleOrder: btree.NewG(16, func(a, b string) bool { return a < b }),
		linkedBy:     map[graph.Ref]map[graph.Edge]bool{},
		cur:          graph.NewCuration(),
	}
	for _, k := range graph.EntityKinds {
		s.byKind[k] = btree.NewG(16, func(a, b string) bool { return a < b })
	}
	return s
}

// touched collects what one apply changed, so indexes are re-derived once.
type touched struct {
	entities map[graph.Ref]bool
	events   map[string]*graph.Event // the event's indexed form before the change (nil: new)
}

func newTouched() *touched {
	return &touched{entities: map[graph.Ref]bool{}, events: map[string]*graph.Event{}}
}

// add applies (sign +1) or subtracts (sign -1) an article's contribution.
func (s *state) add(rec *articleRec, sign int, t *touched) {
	if sign > 0 {
		rec.mentioned = make([]mentioned, len(rec.contribs))
	}
	for i, c := range rec.contribs {
		r := c.ent.Ref()
		er := s.entities[r]
		if er == nil {
			er = &entityRec{state: graph.NewEntityState(r)}
			s.entities[r] = er
		}
		er.state.Apply(c.ent, c.count, sign)
		t.entities[r] = true
		if sign > 0 {
			rec.mentioned[i] = mentioned{er: er, count: mentionCount(c.count)}
		}
	}
	for i := range rec.events {
		in := &rec.events[i]
		ev := s.events[in.ID]
		if _, seen := t.events[in.ID]; !seen {
			if ev != nil {
				t.events[in.ID] = &graph.Event{ID: ev.ID, Date: ev.Date, Participants: ev.Participants, Place: ev.Place, Topics: ev.Topics}
			} else {
				t.events[in.ID] = nil
			}
		}
		if ev == nil {
			ev = &graph.Event{ID: in.ID, Type: in.Type, Date: in.Date, Participants: in.Participants}
			s.events[in.ID] = ev
		}
		if sign > 0 {
			ev.Reports = append(ev.Reports, in.Reports[0])
		} else {
			kept := ev.Reports[:0]
			for _, r := range ev.Reports {
				if r.Article != rec.art.ID {
					kept = append(kept, r)
				}
			}
			ev.Reports = kept
		}
	}
}

func indexRefs(ev *graph.Event) []graph.Ref {
	refs := make([]graph.Ref, 0, len(ev.Participants)+1+len(ev.Topics))
	for _, p := range ev.Participants {
		refs = append(refs, p.Ref)
	}
	if ev.Place != "" {
		refs = append(refs, graph.Ref{Kind: graph.KindPlace, ID: ev.Place})
	}
	for _, tp := range ev.Topics {
		refs = append(refs, graph.Ref{Kind: graph.KindTopic, ID: tp})
	}
	return refs
}

// settle re-derives everything the apply touched and fixes the indexes.
func (s *state) settle(t *touched) (created, deleted int) {
	dirty := map[graph.Ref]bool{}
	created, deleted = s.settleCounts(t, dirty)
	s.rebuild(dirty)
	return created, deleted
}

// settleCounts settles the events t touched, creates and deletes entity
// nodes, and adds the entities left to re-derive to dirty. A batch calls
// it once per article, for that article's node counts, and rebuild once at
// the end: hub countries are touched by nearly every article, and deriving
// one (sorting its aliases in every language, its offices) per article
// cost more than the rest of the commit.
func (s *state) settleCounts(t *touched, dirty map[graph.Ref]bool) (created, deleted int) {
	for id, before := range t.events {
		ev := s.events[id]
		// An event's date and participants are part of its id; only the
		// place and topics its reports agree on can change. Hubs' trees are
		// large, so an event reported again leaves in them what stays.
		key := evKey{ev.Date, id}
		var was, is []graph.Ref
		if before != nil {
			was = indexRefs(before)
		}
		if len(ev.Reports) > 0 {
			graph.DeriveEvent(ev)
			is = indexRefs(ev)
		}
		for _, r := range was {
			if slices.Contains(is, r) {
				continue
			}
			if tr := s.evIndex[r]; tr != nil {
				tr.Delete(key)
				if tr.Len() == 0 {
					delete(s.evIndex, r)
				}
			}
		}
		if len(ev.Reports) == 0 {
			delete(s.events, id)
			s.eventOrder.Delete(key)
			if before != nil {
				deleted++
			}
			continue
		}
		if before == nil {
			created++
			s.eventOrder.ReplaceOrInsert(key)
		}
		for _, r := range is {
			if slices.Contains(was, r) {
				continue
			}
			tr := s.evIndex[r]
			if tr == nil {
				tr = newEvTree()
				s.evIndex[r] = tr
			}
			tr.ReplaceOrInsert(key)
		}
	}
	for r := range t.entities {
		er := s.entities[r]
		if er.state.Empty() {
			s.unindexLinks(er)
			delete(s.entities, r)
			s.byKind[r.Kind].Delete(r.ID)
			if er.live {
				deleted++
			}
			delete(dirty, r)
			continue
		}
		if !er.live {
			er.live = true
			created++
			s.byKind[r.Kind].ReplaceOrInsert(r.ID)
		}
		dirty[r] = true
	}
	return created, deleted
}

// rebuild re-derives the entities of dirty, with their name keys and links.
func (s *state) rebuild(dirty map[graph.Ref]bool) {
	for r := range dirty {
		er := s.entities[r]
		if er == nil {
			continue
		}
		s.unindexLinks(er)
		prev := er.ent
		er.ent = er.state.Entity()
		s.cur.Decorate(er.ent)
		// Keys are costly (normalization) and hubs are touched by nearly
		// every article, while their names rarely change.
		if prev == nil || !sameNames(prev, er.ent) {
			er.keys = er.nameKeys(prev != nil)
		}
		er.links = entityLinks(er.ent)
		s.indexLinks(er)
	}
}

// unindexLinks removes er's links from the reverse index.
func (s *state) unindexLinks(er *entityRec) {
	for _, l := range er.links {
		delete(s.linkedBy[l.To], l)
		if len(s.linkedBy[l.To]) == 0 {
			delete(s.linkedBy, l.To)
		}
	}
}

// indexLinks records er's links in the reverse index.
func (s *state) indexLinks(er *entityRec) {
	for _, l := range er.links {
		m := s.linkedBy[l.To]
		if m == nil {
			m = map[graph.Edge]bool{}
			s.linkedBy[l.To] = m
		}
		m[l] = true
	}
}

func sameNames(a, b *graph.Entity) bool {
	if a.Name != b.Name || len(a.Aliases) != len(b.Aliases) {
		return false
	}
	for i := range a.Aliases {
		if a.Aliases[i].Text != b.Aliases[i].Text {
			return false
		}
	}
	return true
}

func nameKeys(e *graph.Entity) []string {
	return graph.NameKeys(e, graph.Key)
}

// nameKeys derives er's name keys again. An entity whose names change
// more than once, a hub that article after article gives one more
// spelling, remembers the key of each name, so that only new names pay
// for normalization.
func (er *entityRec) nameKeys(again bool) []string {
	if !again && er.keyOf == nil {
		return nameKeys(er.ent)
	}
	next := make(map[string]string, len(er.ent.Aliases)+1)
	keys := graph.NameKeys(er.ent, func(name string) string {
		k, ok := er.keyOf[name]
		if !ok {
			k = graph.Key(name)
		}
		next[name] = k
		return k
	})
	er.keyOf = next
	return keys
}

func entityLinks(e *graph.Entity) []graph.Edge {
	var out []graph.Edge
	for _, o := range e.Offices {
		out = append(out, graph.Edge{Type: graph.RelHolds, From: e.Ref(), To: o.Target(), Role: o.Role})
	}
	if e.Kind == graph.KindPlace && e.Country != "" {
		out = append(out, graph.Edge{Type: graph.RelIn, From: e.Ref(), To: graph.Ref{Kind: graph.KindCountry, ID: e.Country}})
	}
	return out
}
