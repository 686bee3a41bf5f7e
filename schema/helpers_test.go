package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
)

// openStore returns an in-memory store holding graphs.
func openStore(t testing.TB, graphs ...graph.ArticleGraph) *memory.Store {
	t.Helper()
	ctx := context.Background()
	s, err := memory.Open(ctx, memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if len(graphs) > 0 {
		res, err := s.Apply(ctx, graphs)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				t.Fatalf("apply %s: %v", r.ArticleID, r.Err)
			}
		}
	}
	return s
}

// corpusStore holds graphtest's five-article corpus.
func corpusStore(t testing.TB) *memory.Store { return openStore(t, graphtest.Corpus()...) }

// countingStore counts the calls made to each Store method.
type countingStore struct {
	graph.Store
	mu    sync.Mutex
	calls map[string]int
}

func newCounting(s graph.Store) *countingStore {
	return &countingStore{Store: s, calls: map[string]int{}}
}

func (c *countingStore) hit(m string) {
	c.mu.Lock()
	c.calls[m]++
	c.mu.Unlock()
}

func (c *countingStore) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.calls))
	for k, v := range c.calls {
		out[k] = v
	}
	return out
}

func (c *countingStore) total() int {
	n := 0
	for _, v := range c.snapshot() {
		n += v
	}
	return n
}

func (c *countingStore) reset() {
	c.mu.Lock()
	c.calls = map[string]int{}
	c.mu.Unlock()
}

func (c *countingStore) Entities(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, error) {
	c.hit("Entities")
	return c.Store.Entities(ctx, refs)
}
func (c *countingStore) Events(ctx context.Context, ids []string) ([]*graph.Event, error) {
	c.hit("Events")
	return c.Store.Events(ctx, ids)
}
func (c *countingStore) Articles(ctx context.Context, ids []string) ([]*graph.Article, error) {
	c.hit("Articles")
	return c.Store.Articles(ctx, ids)
}
func (c *countingStore) ListEntities(ctx context.Context, f graph.EntityFilter, p graph.Page) (*graph.EntityPage, error) {
	c.hit("ListEntities")
	return c.Store.ListEntities(ctx, f, p)
}
func (c *countingStore) CountEntities(ctx context.Context, f graph.EntityFilter) (int, error) {
	c.hit("CountEntities")
	return c.Store.CountEntities(ctx, f)
}
func (c *countingStore) ListEvents(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.EventPage, error) {
	c.hit("ListEvents")
	return c.Store.ListEvents(ctx, f, p)
}
func (c *countingStore) CountEvents(ctx context.Context, f graph.EventFilter) (int, error) {
	c.hit("CountEvents")
	return c.Store.CountEvents(ctx, f)
}
func (c *countingStore) ListArticles(ctx context.Context, f graph.ArticleFilter, p graph.Page) (*graph.ArticlePage, error) {
	c.hit("ListArticles")
	return c.Store.ListArticles(ctx, f, p)
}
func (c *countingStore) CountArticles(ctx context.Context, f graph.ArticleFilter) (int, error) {
	c.hit("CountArticles")
	return c.Store.CountArticles(ctx, f)
}
func (c *countingStore) Search(ctx context.Context, q string, kinds []graph.Kind, limit int) ([]graph.SearchHit, error) {
	c.hit("Search")
	return c.Store.Search(ctx, q, kinds, limit)
}
func (c *countingStore) Neighborhood(ctx context.Context, ref graph.Ref, depth, limit int) (*graph.Subgraph, error) {
	c.hit("Neighborhood")
	return c.Store.Neighborhood(ctx, ref, depth, limit)
}
func (c *countingStore) ShortestPaths(ctx context.Context, from, to graph.Ref, maxHops, limit int) ([]graph.Path, error) {
	c.hit("ShortestPaths")
	return c.Store.ShortestPaths(ctx, from, to, maxHops, limit)
}
func (c *countingStore) Bilateral(ctx context.Context, a, b, from, to string) (*graph.Bilateral, error) {
	c.hit("Bilateral")
	return c.Store.Bilateral(ctx, a, b, from, to)
}
func (c *countingStore) Counts(ctx context.Context) (*graph.Counts, error) {
	c.hit("Counts")
	return c.Store.Counts(ctx)
}
func (c *countingStore) Fingerprint(ctx context.Context) (string, error) {
	c.hit("Fingerprint")
	return c.Store.Fingerprint(ctx)
}

func (c *countingStore) ListEventsBatch(ctx context.Context, fs []graph.EventFilter, p graph.Page) ([]*graph.EventPage, error) {
	c.hit("ListEventsBatch")
	return c.Store.ListEventsBatch(ctx, fs, p)
}

func (c *countingStore) EventCounts(ctx context.Context, f graph.EventFilter, g []graph.GroupKey) ([]graph.GroupCount, error) {
	c.hit("EventCounts")
	return c.Store.EventCounts(ctx, f, g)
}

func (c *countingStore) CountEventsBatch(ctx context.Context, fs []graph.EventFilter) ([]int, error) {
	c.hit("CountEventsBatch")
	return c.Store.CountEventsBatch(ctx, fs)
}

// testServer is a handler under test with a counter of resolver calls.
type testServer struct {
	h         *api
	resolvers atomic.Int64
	logs      *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testOptions are the defaults with introspection on and a loader wait
// long enough that a loaded 2-core machine still batches every level.
func testOptions() Options {
	o := DefaultOptions()
	o.Introspection = true
	o.LoaderWait = 20 * time.Millisecond
	return o
}

func newTestServer(t testing.TB, store graph.Store, opts Options) *testServer {
	t.Helper()
	ts := &testServer{logs: &syncBuffer{}}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(ts.logs, nil))
	}
	h, srv := newHandler(store, opts)
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		if fc := graphql.GetFieldContext(ctx); fc != nil && fc.IsResolver {
			ts.resolvers.Add(1)
		}
		return next(ctx)
	})
	ts.h = h
	return ts
}

// gqlResponse is a decoded GraphQL response.
type gqlResponse struct {
	Status int
	Body   string
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (r *gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a raw body.
func (ts *testServer) post(t testing.TB, body string) *gqlResponse {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	ts.h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	resp := &gqlResponse{Status: rec.Code, Body: string(b)}
	if err := json.Unmarshal(b, resp); err != nil {
		t.Fatalf("response is not JSON (%v): %.500s", err, b)
	}
	return resp
}

// query sends a query with variables.
func (ts *testServer) query(t testing.TB, q string, vars map[string]any) *gqlResponse {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return ts.post(t, string(b))
}

// mustQuery sends a query that must succeed and decodes its data into out.
func (ts *testServer) mustQuery(t testing.TB, q string, vars map[string]any, out any) {
	t.Helper()
	r := ts.query(t, q, vars)
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		t.Fatalf("query failed (HTTP %d): %s\nquery: %s", r.Status, r.Body, q)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func fmtCalls(m map[string]int) string {
	var b strings.Builder
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(&b, "%s=%d ", k, m[k])
	}
	return b.String()
}
