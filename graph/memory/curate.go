package memory

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/dipgraph/dipgraph/graph"
)

// The curation is kept as records appended to their own bucket, in the
// order they were made, and applied after the articles are replayed on
// open. A merge rewrites the stored articles it concerns in the same
// transaction as its record, so articles on disk are always in their
// curated form; applying the merges after replay is then a check that
// finds nothing to do, unless articles were written by an older version.

// loadCuration reads the curation records and applies them to the
// replayed graph.
func (s *Store) loadCuration() error {
	cur := graph.NewCuration()
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketCuration)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			var rec graph.CurationRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("curation record %x: %w", k, err)
			}
			if err := cur.Replay(rec); err != nil {
				return fmt.Errorf("curation record %x: %w", k, err)
			}
			return nil
		})
	})
	if err != nil || cur.Empty() {
		return err
	}
	return s.curate(cur, nil, cur.AliasedRefs())
}

// curate makes c the store's curation: it rewrites the articles that refer
// to an entity c merges away, persists them with rec (when not nil) in one
// transaction, and re-derives the entities of refs. The caller holds wmu.
func (s *Store) curate(c *graph.Curation, rec *graph.CurationRecord, refs []graph.Ref) error {
	var batch []*pending
	s.mu.RLock()
	ids := make([]string, 0)
	var candidates []*articleRec
	for _, a := range s.st.articles {
		// An article's mentions are its entities: enough to tell whether the
		// curation touches it without reading its record back from disk.
		probe := graph.ArticleGraph{Entities: make([]graph.Entity, len(a.mentioned))}
		for i, m := range a.mentioned {
			probe.Entities[i] = graph.Entity{Kind: m.er.state.Kind, ID: m.er.state.ID}
		}
		if c.Touches(&probe) {
			candidates = append(candidates, a)
		}
	}
	s.mu.RUnlock()
	for _, a := range candidates {
		full, err := s.fullRecord(a)
		if err != nil {
			return err
		}
		g := full.graph()
		ids = append(ids, a.art.ID)
		batch = append(batch, &pending{old: full, rec: s.record(c.Rewrite(&g))})
	}
	// Articles in id order: the same order on every run, for the log and tests.
	sort.Slice(batch, func(i, j int) bool { return batch[i].old.art.ID < batch[j].old.art.ID })
	var also []func(*bolt.Tx) error
	if rec != nil {
		v, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("%w: %v", graph.ErrInvalid, err)
		}
		also = append(also, func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketCuration)
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			var k [8]byte
			binary.BigEndian.PutUint64(k[:], seq)
			return b.Put(k[:], v)
		})
	}
	if err := s.persist(batch, also...); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.cur = c
	s.commitLocked(batch) // counts a change even when no article was rewritten
	t := newTouched()
	for _, r := range refs {
		if s.st.entities[r] != nil {
			t.entities[r] = true
		}
	}
	s.st.settle(t)
	if len(ids) > 0 {
		s.log.Info("curation applied", "articles_rewritten", len(ids))
	}
	return nil
}

// graph rebuilds the (curated) article graph a record was made from.
func (a *articleRec) graph() graph.ArticleGraph {
	g := graph.ArticleGraph{Article: a.art, Events: a.events}
	for _, c := range a.contribs {
		g.Entities = append(g.Entities, *c.ent)
		g.Mentions = append(g.Mentions, graph.Mention{Ref: c.ent.Ref(), Count: c.count})
	}
	return g
}

// AddAlias implements graph.Store.
func (s *Store) AddAlias(ctx context.Context, ref graph.Ref, alias graph.Name) (*graph.Entity, error) {
	if err := graph.CheckAlias(ref, alias); err != nil {
		return nil, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.rlock(); err != nil {
		return nil, err
	}
	r := s.st.cur.Canonical(ref)
	er := s.st.entities[r]
	c := s.st.cur.Clone()
	s.mu.RUnlock()
	if er == nil {
		return nil, fmt.Errorf("%w: entity %s", graph.ErrNotFound, ref)
	}
	changed, err := c.AddAlias(r, alias)
	if err != nil {
		return nil, err
	}
	if changed {
		rec := &graph.CurationRecord{Op: graph.CurationAlias, Ref: r.String(), Text: alias.Text, Lang: alias.Lang}
		if err := s.curate(c, rec, []graph.Ref{r}); err != nil {
			return nil, err
		}
	}
	return s.entity(r)
}

// MergeEntities implements graph.Store.
func (s *Store) MergeEntities(ctx context.Context, keep, drop graph.Ref) (*graph.Entity, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.rlock(); err != nil {
		return nil, err
	}
	c := s.st.cur.Clone()
	keepExists, dropExists := s.st.entities[keep] != nil, s.st.entities[drop] != nil
	s.mu.RUnlock()
	changed, err := c.Merge(keep, drop)
	switch {
	case err != nil:
		return nil, err
	case !keepExists:
		return nil, fmt.Errorf("%w: entity %s", graph.ErrNotFound, keep)
	case changed && !dropExists:
		return nil, fmt.Errorf("%w: entity %s", graph.ErrNotFound, drop)
	}
	if changed {
		rec := &graph.CurationRecord{Op: graph.CurationMerge, Keep: keep.String(), Drop: drop.String()}
		if err := s.curate(c, rec, []graph.Ref{keep}); err != nil {
			return nil, err
		}
	}
	return s.entity(keep)
}

func (s *Store) entity(r graph.Ref) (*graph.Entity, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	if er := s.st.entities[r]; er != nil {
		return er.ent, nil
	}
	return nil, fmt.Errorf("%w: entity %s", graph.ErrNotFound, r)
}

// Curation implements graph.Store.
func (s *Store) Curation(ctx context.Context) (*graph.Curation, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return s.st.cur.Clone(), nil
}
