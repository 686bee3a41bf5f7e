package schema

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/dipgraph/dipgraph/graph"
)

// fallbackParallelism bounds the store calls a batch of entity listings
// runs at once (the store has no batch method for them).
const fallbackParallelism = 4

// eventPageKey identifies a page of events: the filter as canonical JSON.
type eventPageKey struct {
	filter string
	first  int
	after  string
}

type entityPageKey struct {
	filter string
	first  int
	after  string
}

// loaders are the per-request dataloaders: every entity, event and article
// that resolvers need at one level of a query is fetched in one store call.
type loaders struct {
	entities     *dataloadgen.Loader[graph.Ref, *graph.Entity]
	events       *dataloadgen.Loader[string, *graph.Event]
	articles     *dataloadgen.Loader[string, *graph.Article]
	eventPages   *dataloadgen.Loader[eventPageKey, *graph.EventPage]
	eventCounts  *dataloadgen.Loader[string, int]
	entityPages  *dataloadgen.Loader[entityPageKey, *graph.EntityPage]
	entityCounts *dataloadgen.Loader[string, int]
}

func newLoaders(store graph.Store, wait time.Duration) *loaders {
	opt := dataloadgen.WithWait(wait)
	l := &loaders{}
	l.entities = dataloadgen.NewLoader(func(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, []error) {
		return all(store.Entities(ctx, refs))
	}, opt)
	l.events = dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*graph.Event, []error) {
		return all(store.Events(ctx, ids))
	}, opt)
	l.articles = dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*graph.Article, []error) {
		return all(store.Articles(ctx, ids))
	}, opt)
	// Event connections of many parents (countries → events, people →
	// events) are one store call: ListEventsBatch per distinct page (the
	// parents of one level ask for the same page, so one call in all).
	l.eventPages = dataloadgen.NewLoader(func(ctx context.Context, keys []eventPageKey) ([]*graph.EventPage, []error) {
		type group struct {
			page graph.Page
			fs   []graph.EventFilter
			at   []int
		}
		var groups []*group
		byPage := map[graph.Page]*group{}
		for i, k := range keys {
			p := graph.Page{First: k.first, After: k.after}
			g := byPage[p]
			if g == nil {
				g = &group{page: p}
				byPage[p] = g
				groups = append(groups, g)
			}
			g.fs = append(g.fs, decodeEventFilter(k.filter))
			g.at = append(g.at, i)
		}
		out := make([]*graph.EventPage, len(keys))
		for _, g := range groups {
			pages, err := store.ListEventsBatch(ctx, g.fs, g.page)
			if err != nil {
				return nil, []error{err}
			}
			for j, i := range g.at {
				out[i] = pages[j]
			}
		}
		return out, nil
	}, opt)
	l.eventCounts = dataloadgen.NewLoader(func(ctx context.Context, keys []string) ([]int, []error) {
		fs := make([]graph.EventFilter, len(keys))
		for i, k := range keys {
			fs[i] = decodeEventFilter(k)
		}
		return all(store.CountEventsBatch(ctx, fs))
	}, opt)
	l.entityPages = dataloadgen.NewLoader(func(ctx context.Context, keys []entityPageKey) ([]*graph.EntityPage, []error) {
		return each(ctx, keys, func(ctx context.Context, k entityPageKey) (*graph.EntityPage, error) {
			return store.ListEntities(ctx, decodeEntityFilter(k.filter), graph.Page{First: k.first, After: k.after})
		})
	}, opt)
	l.entityCounts = dataloadgen.NewLoader(func(ctx context.Context, keys []string) ([]int, []error) {
		return each(ctx, keys, func(ctx context.Context, k string) (int, error) {
			return store.CountEntities(ctx, decodeEntityFilter(k))
		})
	}, opt)
	return l
}

// all adapts a batch store call to a fetch result: one error for all keys.
func all[V any](vs []V, err error) ([]V, []error) {
	if err != nil {
		return nil, []error{err}
	}
	return vs, nil
}

// each runs fn for every key, fallbackParallelism at a time.
func each[K, V any](ctx context.Context, keys []K, fn func(context.Context, K) (V, error)) ([]V, []error) {
	vs := make([]V, len(keys))
	errs := make([]error, len(keys))
	if len(keys) == 1 {
		vs[0], errs[0] = fn(ctx, keys[0])
	} else {
		sem := make(chan struct{}, fallbackParallelism)
		var wg sync.WaitGroup
		for i, k := range keys {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() {
					if p := recover(); p != nil {
						errs[i] = panicError{p}
					}
					<-sem
					wg.Done()
				}()
				vs[i], errs[i] = fn(ctx, k)
			}()
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			return vs, errs
		}
	}
	return vs, nil
}

func encodeKey(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // filters are plain values
	}
	return string(b)
}

func decodeEventFilter(s string) graph.EventFilter {
	var f graph.EventFilter
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		panic(err) // encoded by encodeKey
	}
	return f
}

func decodeEntityFilter(s string) graph.EntityFilter {
	var f graph.EntityFilter
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		panic(err)
	}
	return f
}

type ctxKey int

const (
	loadersKey ctxKey = iota
	requestIDKey
)

func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey, l)
}

// loadersFrom returns the request's loaders.
func (r *Resolver) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey).(*loaders); ok {
		return l
	}
	return newLoaders(r.store, r.opts.LoaderWait)
}

// entity loads one entity of kind k, nil when it does not exist. A root
// field (country(code:), person(id:)...) asks the store at once: there is
// nothing to batch it with that is worth the loader's wait; the entity is
// then primed for the levels below.
func (r *Resolver) entity(ctx context.Context, k graph.Kind, id string) (*graph.Entity, error) {
	if id == "" {
		return nil, nil
	}
	ref := graph.Ref{Kind: k, ID: id}
	l := r.loaders(ctx)
	if isRootField(ctx) {
		es, err := r.store.Entities(ctx, []graph.Ref{ref})
		if err != nil || es[0] == nil {
			return nil, err
		}
		l.entities.Prime(ref, es[0])
		return es[0], nil
	}
	return l.entities.Load(ctx, ref)
}

// isRootField reports whether the field being resolved is a field of Query.
func isRootField(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	return fc != nil && fc.Object == "Query"
}

// primeEntities puts listed entities in the loader, so that a later
// lookup of the same ref does not call the store.
func (l *loaders) primeEntities(es []*graph.Entity) {
	for _, e := range es {
		l.entities.Prime(e.Ref(), e)
	}
}

func (l *loaders) primeEvents(es []*graph.Event) {
	for _, e := range es {
		l.events.Prime(e.ID, e)
	}
}
