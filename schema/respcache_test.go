package schema

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
)

// generationalCounting counts store calls and passes the wrapped store's
// change count through, as the server's instrumented store does.
type generationalCounting struct {
	*countingStore
	gen graph.Generational
}

func (g generationalCounting) Generation() (uint64, bool) { return g.gen.Generation() }

const cachedQuery = `query($c: String!) { country(code: $c) { name events(first: 5) { totalCount nodes { id type } } } }`

func TestResponseCache(t *testing.T) {
	mem := openStore(t, graphtest.Corpus()...)
	cs := newCounting(mem)
	store := generationalCounting{cs, mem}
	opts := mutationOptions()
	opts.ResponseCacheEntries = 100
	ts := newTestServer(t, store, opts)

	first := ts.query(t, cachedQuery, map[string]any{"c": "CN"})
	if len(first.Errors) > 0 {
		t.Fatal(first.Body)
	}
	before := cs.total()
	if before == 0 {
		t.Fatal("the first query made no store call")
	}
	again := ts.query(t, cachedQuery, map[string]any{"c": "CN"})
	if again.Body != first.Body {
		t.Fatalf("cached answer %s differs from %s", again.Body, first.Body)
	}
	if n := cs.total() - before; n != 0 {
		t.Errorf("the same query again made %d store calls, want 0 (cached)", n)
	}

	// Other variables are another question.
	ru := ts.query(t, cachedQuery, map[string]any{"c": "RU"})
	if ru.Body == first.Body || cs.total() == before {
		t.Errorf("a query with other variables was answered from the cache: %s", ru.Body)
	}

	// A write the readers can see makes every entry stale: deleting an
	// article that reports a Chinese event changes China's answer.
	var victim string
	for _, g := range graphtest.Corpus() {
		for _, m := range g.Mentions {
			if m.Ref == (graph.Ref{Kind: graph.KindCountry, ID: "CN"}) && len(g.Events) > 0 {
				victim = g.Article.ID
			}
		}
	}
	ts.write(t, `mutation($id: String!) { deleteArticle(id: $id) { __typename } }`, map[string]any{"id": victim}, nil)
	before = cs.total()
	after := ts.query(t, cachedQuery, map[string]any{"c": "CN"})
	if cs.total() == before {
		t.Error("after a write the query was answered from the cache")
	}
	if after.Body == first.Body {
		t.Errorf("after deleting %s China's answer did not change: %s", victim, after.Body)
	}

	// Errors are never kept.
	bad := `{ path(from: "Country:XX", to: "Country:CN") { length } }`
	ts.query(t, bad, nil)
	before = cs.total()
	ts.query(t, bad, nil)
	if cs.total() == before {
		t.Error("a query that failed was answered from the cache")
	}
}

// A cached answer is given only to callers allowed to ask.
func TestResponseCacheKeepsAuthorization(t *testing.T) {
	mem := openStore(t, graphtest.Corpus()...)
	opts := mutationOptions()
	opts.ResponseCacheEntries = 100
	opts.RequireKeyForReads = true
	ts := newTestServer(t, generationalCounting{newCounting(mem), mem}, opts)
	if r := ts.send(t, "Bearer "+testReadKey, cachedQuery, map[string]any{"c": "CN"}); len(r.Errors) > 0 {
		t.Fatal(r.Body)
	}
	r := ts.send(t, "", cachedQuery, map[string]any{"c": "CN"})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
		t.Fatalf("without a key, after a cached answer: %s, want UNAUTHENTICATED", r.Body)
	}
}

// A store that keeps no change count (Neo4j: other processes write to it)
// gets no cache unless entries may live a bounded time.
func TestResponseCacheNeedsGenerationOrTTL(t *testing.T) {
	s := newCounting(openStore(t))
	if c := newResponseCache(s, 100, 0); c != nil {
		t.Error("a cache without change count nor TTL")
	}
	c := newResponseCache(s, 100, 50*time.Millisecond)
	if c == nil {
		t.Fatal("no cache with a TTL")
	}
	ctx := context.Background()
	c.entries.Add(ctx, "k", cachedResponse{at: time.Now(), body: []byte("{}")})
	if _, renew, ok := c.get(ctx, "k"); !ok || renew {
		t.Errorf("a fresh entry: used %v, to renew %v; want used, not to renew", ok, renew)
	}
	time.Sleep(30 * time.Millisecond)
	if _, renew, ok := c.get(ctx, "k"); !ok || !renew {
		t.Errorf("an entry past half its TTL: used %v, to renew %v; want both", ok, renew)
	}
	time.Sleep(50 * time.Millisecond)
	if _, _, ok := c.get(ctx, "k"); ok {
		t.Error("an entry older than the TTL was used")
	}
}

// gatedStore holds every Entities call until the gate opens.
type gatedStore struct {
	*memory.Store
	gate    chan struct{}
	arrived atomic.Int64
}

func (g *gatedStore) Entities(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, error) {
	g.arrived.Add(1)
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.Store.Entities(ctx, refs)
}

// The same question asked by many clients at once, while its answer is not
// cached, is computed once: the others wait for that answer.
func TestResponseCacheComputesConcurrentQuestionsOnce(t *testing.T) {
	mem := openStore(t, graphtest.Corpus()...)
	gated := &gatedStore{Store: mem, gate: make(chan struct{})}
	cs := newCounting(gated)
	opts := mutationOptions()
	opts.ResponseCacheEntries = 100
	ts := newTestServer(t, generationalCounting{cs, mem}, opts)

	const clients = 12
	bodies := make(chan string, clients)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bodies <- ts.query(t, cachedQuery, map[string]any{"c": "CN"}).Body
		}()
	}
	// Every request is in: one computing (held at its first store call),
	// the others waiting for it, or, without coalescing, held there too.
	time.Sleep(300 * time.Millisecond)
	close(gated.gate)
	wg.Wait()
	close(bodies)
	var first string
	for b := range bodies {
		if first == "" {
			first = b
		}
		if b != first || !strings.Contains(b, `"events"`) {
			t.Fatalf("answers differ or failed: %s and %s", first, b)
		}
	}
	if n := gated.arrived.Load(); n != 1 {
		t.Errorf("%d requests reached the store, want 1 (the others waiting for its answer)", n)
	}
	t.Logf("%d store calls for %d clients asking the same question", cs.total(), clients)
}

// On a store other processes write to, an entry past half its TTL is
// computed again by one request while the others are still answered from
// it: none of them waits for the store.
func TestResponseCacheRenewsBeforeExpiry(t *testing.T) {
	mem := openStore(t, graphtest.Corpus()...)
	gated := &gatedStore{Store: mem, gate: make(chan struct{})}
	close(gated.gate)
	opts := mutationOptions()
	opts.ResponseCacheEntries = 100
	opts.ResponseCacheTTL = 400 * time.Millisecond
	ts := newTestServer(t, newCounting(gated), opts) // no change count: TTL only
	first := ts.query(t, cachedQuery, map[string]any{"c": "CN"}).Body
	time.Sleep(250 * time.Millisecond)

	gated.gate = make(chan struct{}) // the renewal is held at the store
	gated.arrived.Store(0)
	const clients = 8
	answered := make(chan string, clients)
	for range clients {
		go func() { answered <- ts.query(t, cachedQuery, map[string]any{"c": "CN"}).Body }()
	}
	for i := 0; i < clients-1; i++ {
		select {
		case b := <-answered:
			if b != first {
				t.Errorf("answer %s, want the cached %s", b, first)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("%d of %d requests answered while the entry was being renewed; want all but the one renewing it", i, clients)
		}
	}
	if n := gated.arrived.Load(); n != 1 {
		t.Errorf("%d requests reached the store, want 1", n)
	}
	close(gated.gate)
	if b := <-answered; b != first {
		t.Errorf("the renewed answer %s differs from %s", b, first)
	}
}
