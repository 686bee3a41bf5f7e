// Package memory is dipgraph's embedded store: the whole graph and its
// indexes in memory, made durable on local disk with bbolt. It needs no
// server and is the default.
//
// Durability: the disk holds each applied article's contribution (the
// graph is a function of those), written in one bbolt transaction per Apply
// call and fsynced before Apply returns. A kill -9 at any moment leaves
// either the previous or the new set of articles; on open the in-memory
// graph is rebuilt from them.
package memory

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dipgraph/dipgraph/graph"
)

var _ graph.Store = (*Store)(nil)

var (
	bucketArticles = []byte("articles")
	bucketEntities = []byte("entities") // interned entity contributions by content hash
	bucketMeta     = []byte("meta")
	bucketCuration = []byte("curation") // curation records, in the order they were made
)

const formatVersion = "1"

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
	log    *slog.Logger
	intern map[string]*graph.Entity // guarded by wmu
}

// Open opens (creating if needed) the store at opts.Path and rebuilds the
// in-memory graph from it. Errors name the path; a locked file (another
// dipgraph has it open) gives graph.ErrUnavailable.
func Open(ctx context.Context, opts Options) (*Store, error) {
	s := &Store{st: newState(), log: opts.Logger, intern: map[string]*graph.Entity{}}
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
	start := time.Now()
	if err := s.load(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("memory store: cannot read %s: %w", opts.Path, err)
	}
	if err := s.loadCuration(); err != nil {
		db.Close()
		return nil, fmt.Errorf("memory store: cannot read the curation of %s: %w", opts.Path, err)
	}
	s.log.Info("embedded store opened", "path", opts.Path, "articles", len(s.st.articles),
		"entities", len(s.st.entities), "events", len(s.st.events), "took", time.Since(start).String())
	return s, nil
}

// diskArticle is an article as stored: entity contributions by reference to
// their interned record.
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

func (s *Store) load(ctx context.Context) error {
	t := newTouched()
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if v := meta.Get([]byte("format")); v != nil && string(v) != formatVersion {
			return fmt.Errorf("data format %q, this dipgraph reads %q", v, formatVersion)
		}
		if err := meta.Put([]byte("format"), []byte(formatVersion)); err != nil {
			return err
		}
		eb, err := tx.CreateBucketIfNotExists(bucketEntities)
		if err != nil {
			return err
		}
		ab, err := tx.CreateBucketIfNotExists(bucketArticles)
		if err != nil {
			return err
		}
		if err := eb.ForEach(func(k, v []byte) error {
			var e graph.Entity
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("entity record %s: %w", k, err)
			}
			s.intern[string(k)] = &e
			return nil
		}); err != nil {
			return err
		}
		used := map[string]bool{}
		n := 0
		if err := ab.ForEach(func(k, v []byte) error {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			var d diskArticle
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("article record %s: %w", k, err)
			}
			rec := &articleRec{art: d.Article, events: d.Events}
			for _, c := range d.Ents {
				e := s.intern[c.Hash]
				if e == nil {
					return fmt.Errorf("article record %s refers to a missing entity record %s", k, c.Hash)
				}
				used[c.Hash] = true
				rec.contribs = append(rec.contribs, contrib{ent: e, count: c.Count})
			}
			s.st.articles[rec.art.ID] = rec
			s.st.articleOrder.ReplaceOrInsert(rec.art.ID)
			s.st.add(rec, +1, t)
			return nil
		}); err != nil {
			return err
		}
		// Entity records no article refers to any more are garbage.
		for h := range s.intern {
			if !used[h] {
				delete(s.intern, h)
				if err := eb.Delete([]byte(h)); err != nil {
					return err
				}
			}
		}
		s.st.settle(t)
		return nil
	})
}

// Close releases the database file. Further calls return graph.ErrClosed.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
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
	return results, nil
}

// record builds the in-memory record of an article graph, already
// rewritten by the curation, interning its entity contributions.
func (s *Store) record(g *graph.ArticleGraph) *articleRec {
	counts := make(map[graph.Ref]int, len(g.Mentions))
	for _, m := range g.Mentions {
		counts[m.Ref] = m.Count
	}
	rec := &articleRec{art: g.Article, events: make([]graph.Event, len(g.Events))}
	for i := range g.Entities {
		e := g.Entities[i]
		h, _ := entityHash(&e)
		in := s.intern[h]
		if in == nil {
			in = &e
			s.intern[h] = in
		}
		rec.contribs = append(rec.contribs, contrib{ent: in, count: counts[e.Ref()]})
	}
	for i, ev := range g.Events {
		ev.Reports = append([]graph.Report(nil), ev.Reports...)
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
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, f := range also {
			if err := f(tx); err != nil {
				return err
			}
		}
		ab, eb := tx.Bucket(bucketArticles), tx.Bucket(bucketEntities)
		for _, p := range batch {
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
	return nil
}

// commit makes a persisted batch visible to readers.
func (s *Store) commit(batch []*pending) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commitLocked(batch)
}

func (s *Store) commitLocked(batch []*pending) {
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
		c, d := s.st.settle(t)
		if p.res != nil {
			p.res.NodesCreated, p.res.NodesDeleted = c, d
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
