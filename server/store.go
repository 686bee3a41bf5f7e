package server

import (
	"context"
	"time"

	"github.com/dipgraph/dipgraph/graph"
)

// InstrumentStore returns store with the latency and outcome of every call
// recorded in m (dipgraph_store_call_duration_seconds). A method added to
// graph.Store later passes through untimed until it is added here; a test
// calls every method of the interface to catch that.
func (m *Metrics) InstrumentStore(store graph.Store) graph.Store {
	return &instrumentedStore{Store: store, m: m}
}

type instrumentedStore struct {
	graph.Store
	m *Metrics
}

var _ graph.Store = (*instrumentedStore)(nil)

func timed[T any](s *instrumentedStore, method string, call func() (T, error)) (T, error) {
	start := time.Now()
	v, err := call()
	s.m.storeDuration.WithLabelValues(method, storeOutcome(err)).Observe(time.Since(start).Seconds())
	return v, err
}

func (s *instrumentedStore) Apply(ctx context.Context, graphs []graph.ArticleGraph) ([]graph.ApplyResult, error) {
	return timed(s, "Apply", func() ([]graph.ApplyResult, error) { return s.Store.Apply(ctx, graphs) })
}

func (s *instrumentedStore) DeleteArticle(ctx context.Context, id string) error {
	_, err := timed(s, "DeleteArticle", func() (struct{}, error) { return struct{}{}, s.Store.DeleteArticle(ctx, id) })
	return err
}

// Generation forwards graph.Generational: the response cache needs the
// wrapped store's change count.
func (s *instrumentedStore) Generation() (uint64, bool) { return graph.Generation(s.Store) }

func (s *instrumentedStore) AddAlias(ctx context.Context, ref graph.Ref, alias graph.Name) (*graph.Entity, error) {
	return timed(s, "AddAlias", func() (*graph.Entity, error) { return s.Store.AddAlias(ctx, ref, alias) })
}

func (s *instrumentedStore) MergeEntities(ctx context.Context, keep, drop graph.Ref) (*graph.Entity, error) {
	return timed(s, "MergeEntities", func() (*graph.Entity, error) { return s.Store.MergeEntities(ctx, keep, drop) })
}

func (s *instrumentedStore) Curation(ctx context.Context) (*graph.Curation, error) {
	return timed(s, "Curation", func() (*graph.Curation, error) { return s.Store.Curation(ctx) })
}

func (s *instrumentedStore) ArticleHashes(ctx context.Context, ids []string) (map[string]string, error) {
	return timed(s, "ArticleHashes", func() (map[string]string, error) { return s.Store.ArticleHashes(ctx, ids) })
}

func (s *instrumentedStore) Entities(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, error) {
	return timed(s, "Entities", func() ([]*graph.Entity, error) { return s.Store.Entities(ctx, refs) })
}

func (s *instrumentedStore) Events(ctx context.Context, ids []string) ([]*graph.Event, error) {
	return timed(s, "Events", func() ([]*graph.Event, error) { return s.Store.Events(ctx, ids) })
}

func (s *instrumentedStore) Articles(ctx context.Context, ids []string) ([]*graph.Article, error) {
	return timed(s, "Articles", func() ([]*graph.Article, error) { return s.Store.Articles(ctx, ids) })
}

func (s *instrumentedStore) ListEntities(ctx context.Context, f graph.EntityFilter, p graph.Page) (*graph.EntityPage, error) {
	return timed(s, "ListEntities", func() (*graph.EntityPage, error) { return s.Store.ListEntities(ctx, f, p) })
}

func (s *instrumentedStore) CountEntities(ctx context.Context, f graph.EntityFilter) (int, error) {
	return timed(s, "CountEntities", func() (int, error) { return s.Store.CountEntities(ctx, f) })
}

func (s *instrumentedStore) ListEvents(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.EventPage, error) {
	return timed(s, "ListEvents", func() (*graph.EventPage, error) { return s.Store.ListEvents(ctx, f, p) })
}

func (s *instrumentedStore) CountEvents(ctx context.Context, f graph.EventFilter) (int, error) {
	return timed(s, "CountEvents", func() (int, error) { return s.Store.CountEvents(ctx, f) })
}

func (s *instrumentedStore) ListEventsBatch(ctx context.Context, filters []graph.EventFilter, p graph.Page) ([]*graph.EventPage, error) {
	return timed(s, "ListEventsBatch", func() ([]*graph.EventPage, error) { return s.Store.ListEventsBatch(ctx, filters, p) })
}

func (s *instrumentedStore) CountEventsBatch(ctx context.Context, filters []graph.EventFilter) ([]int, error) {
	return timed(s, "CountEventsBatch", func() ([]int, error) { return s.Store.CountEventsBatch(ctx, filters) })
}

func (s *instrumentedStore) EventCounts(ctx context.Context, f graph.EventFilter, groupBy []graph.GroupKey) ([]graph.GroupCount, error) {
	return timed(s, "EventCounts", func() ([]graph.GroupCount, error) { return s.Store.EventCounts(ctx, f, groupBy) })
}

func (s *instrumentedStore) ListArticles(ctx context.Context, f graph.ArticleFilter, p graph.Page) (*graph.ArticlePage, error) {
	return timed(s, "ListArticles", func() (*graph.ArticlePage, error) { return s.Store.ListArticles(ctx, f, p) })
}

func (s *instrumentedStore) CountArticles(ctx context.Context, f graph.ArticleFilter) (int, error) {
	return timed(s, "CountArticles", func() (int, error) { return s.Store.CountArticles(ctx, f) })
}

func (s *instrumentedStore) Search(ctx context.Context, query string, kinds []graph.Kind, limit int) ([]graph.SearchHit, error) {
	return timed(s, "Search", func() ([]graph.SearchHit, error) { return s.Store.Search(ctx, query, kinds, limit) })
}

func (s *instrumentedStore) Neighborhood(ctx context.Context, ref graph.Ref, depth, limit int) (*graph.Subgraph, error) {
	return timed(s, "Neighborhood", func() (*graph.Subgraph, error) { return s.Store.Neighborhood(ctx, ref, depth, limit) })
}

func (s *instrumentedStore) ShortestPaths(ctx context.Context, from, to graph.Ref, maxHops, limit int) ([]graph.Path, error) {
	return timed(s, "ShortestPaths", func() ([]graph.Path, error) { return s.Store.ShortestPaths(ctx, from, to, maxHops, limit) })
}

func (s *instrumentedStore) Bilateral(ctx context.Context, a, b string, from, to string) (*graph.Bilateral, error) {
	return timed(s, "Bilateral", func() (*graph.Bilateral, error) { return s.Store.Bilateral(ctx, a, b, from, to) })
}

func (s *instrumentedStore) Counts(ctx context.Context) (*graph.Counts, error) {
	return timed(s, "Counts", func() (*graph.Counts, error) { return s.Store.Counts(ctx) })
}

func (s *instrumentedStore) Fingerprint(ctx context.Context) (string, error) {
	return timed(s, "Fingerprint", func() (string, error) { return s.Store.Fingerprint(ctx) })
}

func (s *instrumentedStore) Walk(ctx context.Context, v graph.Visitor) error {
	_, err := timed(s, "Walk", func() (struct{}, error) { return struct{}{}, s.Store.Walk(ctx, v) })
	return err
}
