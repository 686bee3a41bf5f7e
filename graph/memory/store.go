// Package memory is dipgraph's embedded store: the whole graph and its
// indexes in memory, made durable on local disk with bbolt. It needs no
// server and is the default.
//
// Durability: the disk holds each applied article's contribution (the
// graph is a function of those), written in one bbolt transaction per Apply
// call and fsynced before Apply returns. A kill -9 at any moment leaves
// either the previous or the new set of articles.
//
// Opening: Close writes a snapshot of the derived graph beside the
// database (snapshot.go). Open reads it and replays on top only the
// articles written since, which the database lists with their previous
// version in a since-snapshot bucket; without a usable snapshot it rebuilds
// the graph from every article record.
package memory

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	// Article and entity records are encoded on the single writer's path:
	// this encoder writes the same bytes as encoding/json, in about half
	// the time.
	json "github.com/segmentio/encoding/json"

	bolt "go.etcd.io/bbolt"

	"github.com/dipgraph/dipgraph/graph"
)

var _ graph.Store = (*Store)(nil)

var (
	bucketArticles = []byte("articles")
	bucketEntities = []byte("entities") // entity contributions by content hash, shared by articles
	bucketMeta     = []byte("meta")
	bucketCuration = []byte("curation") // curation records, in the order they were made
	// bucketSince maps each article written since the last snapshot to its
	// record before the first such write (beforeAbsent if it had none).
	bucketSince = []byte("since_snapshot")

	keyFormat  = []byte("format")
	keyGen     = []byte("generation")          // incremented by every write transaction
	keySnapGen = []byte("snapshot_generation") // generation the snapshot file holds
)

// formatVersion 2 added snapshots: a version 1 dipgraph would write
// articles without recording them as changed since the snapshot.
const formatVersion = "2"

const (
	beforeAbsent  = 0
	beforePresent = 1
)

// Options configure a Store.
type Options struct {
	// Path of the database file; "" keeps the graph in memory only.
	Path string
	// NoSync skips fsync on commit: faster, and not crash-safe. For tests.
	NoSync bool
	Logger *slog.Logger
}

// Store is the embedded graph.Store.
type Store struct {
	wmu    sync.Mutex   // one writer at a time
	mu     sync.RWMutex // guards st and closed
	st     *state
	closed bool
	db     *bolt.DB
	path   string
	log    *slog.Logger
	// openedFrom says how Open rebuilt the graph (for logs and tests).
	openedFrom string
	// since counts the articles written since the last snapshot (guarded
	// by wmu): what an open after a crash would replay.
	since int
	// generation counts the changes readers can see (graph.Generational).
	generation atomic.Uint64
}

// Generation implements graph.Generational: it changes with every write
// readers can see, before they can see it.
func (s *Store) Generation() (uint64, bool) { return s.generation.Load(), true }

// minSnapshotInterval is the fewest articles written between two
// snapshots taken while the store is in use; a snapshot is also taken
// only once as many articles changed as the graph holds, so that a long
// load pays for O(log n) snapshots and a crash replays at most half of it.
var minSnapshotInterval = 10000

// Open opens (creating if needed) the store at opts.Path and rebuilds the
// in-memory graph from it. Errors name the path; a locked file (another
// dipgraph has it open) gives graph.ErrUnavailable.
func Open(ctx context.Context, opts Options) (*Store, error) {
	s := &Store{st: newState(), log: opts.Logger, path: opts.Path}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if opts.Path == "" {
		return s, nil
	}
	if err := os.MkdirAll(filepath.Dir(opts.Path), 0o755); err != nil {
		return nil, fmt.Errorf("memory store: cannot create the data folder for %s: %w", opts.Path, err)
	}
	db, err := bolt.Open(opts.Path, 0o600, &bolt.Options{Timeout: 2 * time.Second, NoSync: opts.NoSync, NoFreelistSync: true})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s is in use by another process", graph.ErrUnavailable, opts.Path)
		}
		return nil, fmt.Errorf("memory store: cannot open %s: %w", opts.Path, err)
	}
	s.db = db
	// A snapshot being written when the process died is of no use.
	if tmps, _ := filepath.Glob(snapshotPath(opts.Path) + ".tmp*"); len(tmps) > 0 {
		for _, t := range tmps {
			os.Remove(t)
		}
	}
	start := time.Now()
	how, err := s.load(ctx)
	s.openedFrom = how
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("memory store: cannot read %s: %w", opts.Path, err)
	}
	if err := s.loadCuration(); err != nil {
		db.Close()
		return nil, fmt.Errorf("memory store: cannot read the curation of %s: %w", opts.Path, err)
	}
	s.log.Info("embedded store opened", "path", opts.Path, "from", how, "articles", len(s.st.articles),
		"entities", len(s.st.entities), "events", len(s.st.events), "took", time.Since(start).String())
	return s, nil
}

// diskArticle is an article as stored: entity contributions by reference to
// their shared record.
type diskArticle struct {
	Article graph.Article `json:"a"`
	Ents    []diskContrib `json:"m"`
	Events  []graph.Event `json:"e,omitempty"`
}

type diskContrib struct {
	Hash  string `json:"h"`
	Count int    `json:"c"`
}

func entityHash(e *graph.Entity) (string, []byte) {
	b, _ := json.Marshal(e)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16]), b
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	if v := b.Get(key); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func putUint(b *bolt.Bucket, key []byte, v uint64) error {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], v)
	return b.Put(key, buf[:])
}

// entityLookup resolves entity hashes of article records, decoding each
// shared record once.
type entityLookup struct {
	b     *bolt.Bucket
	cache map[string]*graph.Entity
}

func (l *entityLookup) get(hash string) (*graph.Entity, error) {
	if e := l.cache[hash]; e != nil {
		return e, nil
	}
	v := l.b.Get([]byte(hash))
	if v == nil {
		return nil, fmt.Errorf("missing entity record %s", hash)
	}
	e := new(graph.Entity)
	if err := json.Unmarshal(v, e); err != nil {
		return nil, fmt.Errorf("entity record %s: %w", hash, err)
	}
	l.cache[hash] = e
	return e, nil
}

// decodeRecord turns a stored article into a full record.
func decodeRecord(v []byte, ents *entityLookup) (*articleRec, error) {
	var d diskArticle
	if err := json.Unmarshal(v, &d); err != nil {
		return nil, err
	}
	// The decoder gives every slice room for ten elements, and the graph
	// keeps each event's participants and its reports' topics for good:
	// copied to their length, they take a quarter of the memory.
	for i := range d.Events {
		ev := &d.Events[i]
		ev.Participants = slices.Clone(ev.Participants)
		ev.Topics = slices.Clone(ev.Topics)
		ev.Reports = slices.Clone(ev.Reports)
		for j := range ev.Reports {
			ev.Reports[j].Topics = slices.Clone(ev.Reports[j].Topics)
		}
	}
	rec := &articleRec{art: d.Article, events: d.Events, contribs: make([]contrib, 0, len(d.Ents))}
	for _, c := range d.Ents {
		e, err := ents.get(c.Hash)
		if err != nil {
			return nil, err
		}
		rec.contribs = append(rec.contribs, contrib{ent: e, count: c.Count})
	}
	return rec, nil
}

// fullRecord returns rec with its contribution, reading it back from the
// database when only its summary is in memory.
func (s *Store) fullRecord(rec *articleRec) (*articleRec, error) {
	if !rec.onDisk {
		return rec, nil
	}
	var full *articleRec
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketArticles).Get([]byte(rec.art.ID))
		if v == nil {
			return fmt.Errorf("article %s is in memory but not in the database", rec.art.ID)
		}
		var err error
		full, err = decodeRecord(v, &entityLookup{b: tx.Bucket(bucketEntities), cache: map[string]*graph.Entity{}})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%w: reading article %s back: %v", graph.ErrUnavailable, rec.art.ID, err)
	}
	return full, nil
}

// load rebuilds the in-memory graph, from the snapshot when it is usable,
// and says which way it went.
func (s *Store) load(ctx context.Context) (string, error) {
	var how string
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		ab, err := tx.CreateBucketIfNotExists(bucketArticles)
		if err != nil {
			return err
		}
		eb, err := tx.CreateBucketIfNotExists(bucketEntities)
		if err != nil {
			return err
		}
		since, err := tx.CreateBucketIfNotExists(bucketSince)
		if err != nil {
			return err
		}
		format := meta.Get(keyFormat)
		switch {
		case format == nil && ab.Stats().KeyN == 0, string(format) == formatVersion:
		case string(format) == "1":
			// Version 1 had no snapshots; its records are read alike.
		default:
			return fmt.Errorf("data format %q, this dipgraph reads %q", format, formatVersion)
		}
		if string(format) != formatVersion {
			if err := meta.Put(keyFormat, []byte(formatVersion)); err != nil {
				return err
			}
		}
		s.since = since.Stats().KeyN
		ents := &entityLookup{b: eb, cache: map[string]*graph.Entity{}}
		if string(format) == formatVersion && meta.Get(keySnapGen) != nil {
			st, err := readSnapshot(snapshotPath(s.path), getUint(meta, keySnapGen))
			if err == nil {
				s.st = st
				n, err := s.replaySince(ctx, ab, since, ents)
				if err != nil {
					return err
				}
				how = fmt.Sprintf("snapshot and %d articles written since", n)
				return nil
			}
			if !errors.Is(err, os.ErrNotExist) {
				s.log.Warn("embedded store: snapshot not used, replaying every article", "path", snapshotPath(s.path), "reason", err.Error())
			}
		}
		how = "every article record"
		return s.replayAll(ctx, ab, eb, ents)
	})
	return how, err
}

// replayAll rebuilds the graph from every article record, and drops the
// entity records no article refers to any more.
func (s *Store) replayAll(ctx context.Context, ab, eb *bolt.Bucket, ents *entityLookup) error {
	s.st = newState()
	t := newTouched()
	n := 0
	err := ab.ForEach(func(k, v []byte) error {
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := decodeRecord(v, ents)
		if err != nil {
			return fmt.Errorf("article record %s: %w", k, err)
		}
		s.st.articles[rec.art.ID] = rec
		s.st.articleOrder.ReplaceOrInsert(rec.art.ID)
		s.st.add(rec, +1, t)
		rec.shrink()
		return nil
	})
	if err != nil {
		return err
	}
	// Every record an article refers to has been looked up, so the cache
	// holds exactly the records in use.
	var garbage [][]byte
	eb.ForEach(func(k, _ []byte) error {
		if ents.cache[string(k)] == nil {
			garbage = append(garbage, append([]byte(nil), k...))
		}
		return nil
	})
	for _, k := range garbage {
		if err := eb.Delete(k); err != nil {
			return err
		}
	}
	s.st.settle(t)
	return nil
}

// replaySince brings a snapshot's state up to date: each article written
// since loses its contribution as of the snapshot and gains its current one.
func (s *Store) replaySince(ctx context.Context, ab, since *bolt.Bucket, ents *entityLookup) (int, error) {
	t := newTouched()
	n := 0
	err := since.ForEach(func(k, before []byte) error {
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if len(before) == 0 {
			return fmt.Errorf("since-snapshot record %s is empty", k)
		}
		id := string(k)
		if before[0] == beforePresent {
			old, err := decodeRecord(before[1:], ents)
			if err != nil {
				return fmt.Errorf("since-snapshot record %s: %w", k, err)
			}
			if s.st.articles[id] == nil {
				return fmt.Errorf("since-snapshot record %s: the snapshot lacks the article", k)
			}
			s.st.add(old, -1, t)
			delete(s.st.articles, id)
			s.st.articleOrder.Delete(id)
		}
		if v := ab.Get(k); v != nil {
			rec, err := decodeRecord(v, ents)
			if err != nil {
				return fmt.Errorf("article record %s: %w", k, err)
			}
			s.st.add(rec, +1, t)
			rec.shrink()
			s.st.articles[id] = rec
			s.st.articleOrder.ReplaceOrInsert(id)
		}
		return nil
	})
	s.st.settle(t)
	return n, err
}

// snapshot writes the snapshot of the current state when the database has
// changed since the last one. The caller holds wmu, so no write is in
// flight and memory matches the database.
func (s *Store) snapshot() error {
	if s.db == nil {
		return nil
	}
	var gen uint64
	var current bool
	s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		gen = getUint(meta, keyGen)
		sg := meta.Get(keySnapGen)
		current = sg != nil && getUint(meta, keySnapGen) == gen && tx.Bucket(bucketSince).Stats().KeyN == 0
		return nil
	})
	if current {
		if _, err := os.Stat(snapshotPath(s.path)); err == nil {
			return nil
		}
	}
	start := time.Now()
	s.mu.RLock()
	err := writeSnapshot(snapshotPath(s.path), gen, s.st)
	s.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("writing the snapshot: %w", err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := putUint(tx.Bucket(bucketMeta), keySnapGen, gen); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketSince); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketSince)
		return err
	})
	if err != nil {
		return fmt.Errorf("recording the snapshot: %w", err)
	}
	s.since = 0
	s.log.Info("embedded store snapshot written", "path", snapshotPath(s.path), "generation", gen, "took", time.Since(start).String())
	return nil
}

// Close writes a snapshot when the graph changed since the last one, and
// releases the database file. Further calls return graph.ErrClosed.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		return nil
	}
	if s.db != nil {
		// A failed snapshot costs the next open time, not data.
		if err := s.snapshot(); err != nil {
			s.log.Warn("embedded store: no snapshot written; the next open replays every article", "err", err.Error())
		}
	}
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	if s.db != nil {
		return s.db.Close()
	}
	return nil
}

func (s *Store) rlock() error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return graph.ErrClosed
	}
	return nil
}

// pending is one article of a batch on its way to disk and memory.
type pending struct {
	rec    *articleRec
	old    *articleRec
	delete bool
	res    *graph.ApplyResult
}

// Apply implements graph.Store.
func (s *Store) Apply(ctx context.Context, graphs []graph.ArticleGraph) ([]graph.ApplyResult, error) {
	results := make([]graph.ApplyResult, len(graphs))
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.rlock(); err != nil {
		return nil, err
	}
	var batch []*pending
	inBatch := map[string]int{}
	for i := range graphs {
		g := &graphs[i]
		res := &results[i]
		res.ArticleID = g.Article.ID
		if err := g.Validate(); err != nil {
			res.Err = fmt.Errorf("article %q: %w", g.Article.ID, err)
			continue
		}
		old := s.st.articles[g.Article.ID]
		if j, ok := inBatch[g.Article.ID]; ok {
			old = batch[j].rec // the same id twice in one batch: the later replaces the earlier
		}
		if old != nil && old.art.ContentHash == g.Article.ContentHash {
			res.Unchanged = true
			continue
		}
		if old != nil {
			full, err := s.fullRecord(old)
			if err != nil {
				s.mu.RUnlock()
				return nil, err
			}
			old = full
		}
		res.Replaced = old != nil
		inBatch[g.Article.ID] = len(batch)
		batch = append(batch, &pending{rec: s.record(s.st.cur.Rewrite(g)), old: old, res: res})
	}
	s.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", graph.ErrTimeout, err)
	}
	if err := s.persist(batch); err != nil {
		return nil, err
	}
	s.commit(batch)
	if s.since >= minSnapshotInterval && s.since >= len(s.st.articles) {
		if err := s.snapshot(); err != nil {
			s.log.Warn("embedded store: no snapshot written", "err", err.Error())
		}
	}
	return results, nil
}

// record builds the in-memory record of an article graph, already
// rewritten by the curation.
func (s *Store) record(g *graph.ArticleGraph) *articleRec {
	counts := make(map[graph.Ref]int, len(g.Mentions))
	for _, m := range g.Mentions {
		counts[m.Ref] = m.Count
	}
	rec := &articleRec{art: g.Article, events: make([]graph.Event, len(g.Events))}
	for i := range g.Entities {
		e := g.Entities[i]
		rec.contribs = append(rec.contribs, contrib{ent: &e, count: counts[e.Ref()]})
	}
	// A report's sentence is often a slice of the whole article's text,
	// which the store would otherwise keep for as long as the report: one
	// copy per sentence instead.
	sentences := map[string]string{}
	for i, ev := range g.Events {
		ev.Reports = append([]graph.Report(nil), ev.Reports...)
		for j := range ev.Reports {
			r := &ev.Reports[j]
			own, ok := sentences[r.Sentence]
			if !ok {
				own = strings.Clone(r.Sentence)
				sentences[r.Sentence] = own
			}
			r.Sentence = own
		}
		ev.Participants = append([]graph.Participant(nil), ev.Participants...)
		ev.Subtype, ev.Status, ev.Place, ev.Topics = "", "", "", nil
		rec.events[i] = ev
	}
	return rec
}

// persist writes a batch, and whatever also writes, in one transaction.
func (s *Store) persist(batch []*pending, also ...func(*bolt.Tx) error) error {
	if s.db == nil || len(batch) == 0 && len(also) == 0 {
		return nil
	}
	added := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		added = 0
		for _, f := range also {
			if err := f(tx); err != nil {
				return err
			}
		}
		ab, eb, since, meta := tx.Bucket(bucketArticles), tx.Bucket(bucketEntities), tx.Bucket(bucketSince), tx.Bucket(bucketMeta)
		if err := putUint(meta, keyGen, getUint(meta, keyGen)+1); err != nil {
			return err
		}
		for _, p := range batch {
			var id []byte
			if p.rec != nil {
				id = []byte(p.rec.art.ID)
			} else {
				id = []byte(p.old.art.ID)
			}
			if since.Get(id) == nil {
				added++
				prev := ab.Get(id)
				before := make([]byte, 1+len(prev))
				if prev != nil {
					before[0] = beforePresent
					copy(before[1:], prev)
				}
				if err := since.Put(id, before); err != nil {
					return err
				}
			}
			if p.delete {
				if err := ab.Delete([]byte(p.old.art.ID)); err != nil {
					return err
				}
				continue
			}
			d := diskArticle{Article: p.rec.art, Events: p.rec.events}
			for _, c := range p.rec.contribs {
				h, b := entityHash(c.ent)
				if eb.Get([]byte(h)) == nil {
					if err := eb.Put([]byte(h), b); err != nil {
						return err
					}
				}
				d.Ents = append(d.Ents, diskContrib{Hash: h, Count: c.count})
			}
			b, err := json.Marshal(&d)
			if err != nil {
				return err
			}
			if err := ab.Put([]byte(p.rec.art.ID), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w: writing the embedded store: %v", graph.ErrUnavailable, err)
	}
	s.since += added
	return nil
}

// commit makes a persisted batch visible to readers.
func (s *Store) commit(batch []*pending) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commitLocked(batch)
}

func (s *Store) commitLocked(batch []*pending) {
	s.generation.Add(1)
	dirty := map[graph.Ref]bool{}
	for _, p := range batch {
		t := newTouched()
		if p.old != nil {
			s.st.add(p.old, -1, t)
		}
		if p.delete {
			delete(s.st.articles, p.old.art.ID)
			s.st.articleOrder.Delete(p.old.art.ID)
		} else {
			s.st.add(p.rec, +1, t)
			s.st.articles[p.rec.art.ID] = p.rec
			s.st.articleOrder.ReplaceOrInsert(p.rec.art.ID)
		}
		c, d := s.st.settleCounts(t, dirty)
		if p.res != nil {
			p.res.NodesCreated, p.res.NodesDeleted = c, d
		}
	}
	s.st.rebuild(dirty)
	// Only now: a later article of the batch may have subtracted an earlier one.
	if s.db != nil {
		for _, p := range batch {
			if p.rec != nil {
				p.rec.shrink()
			}
		}
	}
}

// DeleteArticle implements graph.Store.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.rlock(); err != nil {
		return err
	}
	old := s.st.articles[id]
	s.mu.RUnlock()
	if old == nil {
		return fmt.Errorf("%w: article %q", graph.ErrNotFound, id)
	}
	old, err := s.fullRecord(old)
	if err != nil {
		return err
	}
	batch := []*pending{{old: old, delete: true}}
	if err := s.persist(batch); err != nil {
		return err
	}
	s.commit(batch)
	return nil
}

// ArticleHashes implements graph.Store.
func (s *Store) ArticleHashes(ctx context.Context, ids []string) (map[string]string, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		if r := s.st.articles[id]; r != nil {
			out[id] = r.art.ContentHash
		}
	}
	return out, nil
}
