package neo4j

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dipgraph/dipgraph/graph"
)

// Curation implements graph.Store.
func (s *Store) Curation(ctx context.Context) (*graph.Curation, error) {
	var out *graph.Curation
	err := s.read(ctx, func(ctx context.Context, t *txn) error {
		recs, err := t.run(ctx, qReadCuration, nil)
		if err != nil {
			return err
		}
		out, err = decodeCuration(recs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// existing returns which of refs have a node.
func (t *txn) existing(ctx context.Context, refs ...graph.Ref) (map[graph.Ref]bool, error) {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = entityRef(r)
	}
	recs, err := t.run(ctx, qEntitiesExist, map[string]any{"refs": ids})
	if err != nil {
		return nil, err
	}
	out := map[graph.Ref]bool{}
	for _, rec := range recs {
		r, err := parseEntityRef(str(rec.Values[0]))
		if err != nil {
			return nil, err
		}
		out[r] = true
	}
	return out, nil
}

// AddAlias implements graph.Store.
func (s *Store) AddAlias(ctx context.Context, ref graph.Ref, alias graph.Name) (*graph.Entity, error) {
	if err := graph.CheckAlias(ref, alias); err != nil {
		return nil, err
	}
	var target graph.Ref
	err := s.write(ctx, func(ctx context.Context, t *txn) error {
		cur, err := t.lockCuration(ctx)
		if err != nil {
			return err
		}
		target = cur.Canonical(ref)
		exists, err := t.existing(ctx, target)
		if err != nil {
			return err
		}
		if !exists[target] {
			return fmt.Errorf("%w: entity %s", graph.ErrNotFound, ref)
		}
		ws := newWriteSet()
		ws.cur, ws.curLocked = cur.Clone(), true
		changed, err := ws.cur.AddAlias(target, alias)
		if err != nil || !changed {
			// Unchanged: release the curation lock and write nothing else.
			if err == nil {
				_, err = t.run(ctx, qWriteCuration, map[string]any{"data": nil})
			}
			return err
		}
		b, err := json.Marshal(ws.cur)
		if err != nil {
			return err
		}
		ws.curJSON = string(b)
		if err := t.lockEntities(ctx, ws, map[graph.Ref]bool{target: true}); err != nil {
			return err
		}
		return t.flush(ctx, ws)
	})
	if err != nil {
		return nil, err
	}
	return s.entity(ctx, target)
}

func (s *Store) entity(ctx context.Context, r graph.Ref) (*graph.Entity, error) {
	es, err := s.Entities(ctx, []graph.Ref{r})
	if err != nil {
		return nil, err
	}
	if es[0] == nil {
		return nil, fmt.Errorf("%w: entity %s", graph.ErrNotFound, r)
	}
	return es[0], nil
}

// MergeEntities implements graph.Store: in one transaction, it records
// the merge and re-applies every article that mentions drop, rewritten.
// An article that refers to an entity in any way (participant, place,
// topic, office, country) mentions it (graph.ArticleGraph.Validate), so
// those articles are all the facts drop has.
func (s *Store) MergeEntities(ctx context.Context, keep, drop graph.Ref) (*graph.Entity, error) {
	err := s.write(ctx, func(ctx context.Context, t *txn) error {
		cur, err := t.lockCuration(ctx)
		if err != nil {
			return err
		}
		next := cur.Clone()
		changed, err := next.Merge(keep, drop)
		if err != nil {
			return err
		}
		exists, err := t.existing(ctx, keep, drop)
		if err != nil {
			return err
		}
		switch {
		case !exists[keep]:
			return fmt.Errorf("%w: entity %s", graph.ErrNotFound, keep)
		case changed && !exists[drop]:
			return fmt.Errorf("%w: entity %s", graph.ErrNotFound, drop)
		case !changed:
			_, err := t.run(ctx, qWriteCuration, map[string]any{"data": nil})
			return err
		}
		// Lock drop before looking for the articles that name it: a load
		// writing one now has it locked, and commits before we look; a load
		// that comes later finds the curation changed once it holds the lock.
		if _, err := t.run(ctx, qLockEntityRef, map[string]any{"ref": entityRef(drop)}); err != nil {
			return err
		}
		return t.recurate(ctx, next, drop)
	})
	if err != nil {
		return nil, err
	}
	return s.entity(ctx, keep)
}

// recurate makes next the curation and re-applies, rewritten by it, every
// article that mentions drop.
func (t *txn) recurate(ctx context.Context, next *graph.Curation, drop graph.Ref) error {
	ws := newWriteSet()
	ws.cur, ws.curLocked = next, true
	b, err := json.Marshal(next)
	if err != nil {
		return err
	}
	ws.curJSON = string(b)
	recs, err := t.run(ctx, qArticlesMentioning, map[string]any{"ref": entityRef(drop)})
	if err != nil {
		return err
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = str(r.Values[0])
	}
	if recs, err = t.run(ctx, qLockArticlesWithMeta, map[string]any{"ids": ids}); err != nil {
		return err
	}
	var items []applyItem
	// drop's node goes; keep gets drop's curated aliases.
	refs := map[graph.Ref]bool{drop: true, next.Canonical(drop): true}
	evIDs := map[string]bool{}
	collect := func(c *contribution) {
		for _, e := range c.Entities {
			refs[e.Ref()] = true
		}
		for _, ev := range c.Events {
			evIDs[ev.ID] = true
		}
	}
	for _, r := range recs {
		id := str(r.Values[0])
		old := &contribution{}
		if err := json.Unmarshal([]byte(str(r.Values[2])), old); err != nil {
			return fmt.Errorf("neo4j store: article %q has a corrupt _graph property: %v", id, err)
		}
		meta := asMap(r.Values[3])
		art := graph.Article{ID: id, ContentHash: str(r.Values[1]), URL: str(meta["url"]), Title: str(meta["title"]),
			Lang: str(meta["lang"]), Source: str(meta["source"]), Published: str(meta["published"]), Extractor: str(meta["extractor"])}
		ws.articles[id] = &articleState{exists: true, hash: art.ContentHash, art: art, contrib: old}
		g := next.Rewrite(&graph.ArticleGraph{Article: art, Entities: old.Entities, Mentions: old.Mentions, Events: old.Events})
		cur := contributionOf(g)
		enc, err := json.Marshal(cur)
		if err != nil {
			return err
		}
		items = append(items, applyItem{id: id, g: g, cur: cur, json: string(enc), force: true})
		collect(old)
		collect(cur)
	}
	if err := t.lockEntities(ctx, ws, refs); err != nil {
		return err
	}
	if err := t.lockEvents(ctx, ws, evIDs); err != nil {
		return err
	}
	for _, it := range items {
		ws.applyItem(it)
	}
	return t.flush(ctx, ws)
}
