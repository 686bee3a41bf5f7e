package server

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// blockingStore holds every Search until release is closed.
type blockingStore struct {
	graph.Store
	entered chan struct{}
	release chan struct{}
}

func (b *blockingStore) Search(ctx context.Context, q string, kinds []graph.Kind, first int) ([]graph.SearchHit, error) {
	b.entered <- struct{}{}
	select {
	case <-b.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return b.Store.Search(ctx, q, kinds, first)
}

func gaugeValue(t *testing.T, m *Metrics, name string) float64 {
	t.Helper()
	for _, mf := range gather(t, m) {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// past the in-flight limit, requests are refused at once with 503
// OVERLOADED and Retry-After, not queued; the limit holds (metric), health
// checks are not limited, and once the load is gone requests succeed.
func TestOverloadIsShedNotQueued(t *testing.T) {
	store := &blockingStore{Store: memStore(t, graphtest.CorpusRussian()), entered: make(chan struct{}, 8), release: make(chan struct{})}
	const limit = 3
	ts := start(t, store, Options{MaxInFlight: limit})
	m := ts.srv.Metrics()
	if got := gaugeValue(t, m, "dipgraph_limiter_limit"); got != limit {
		t.Fatalf("dipgraph_limiter_limit = %v, want %d", got, limit)
	}

	// Each query misses the response cache (its own search term) and is
	// held at the store.
	var wg sync.WaitGroup
	for i := range limit {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := post(t, ts.URL, `{ search(query: "Lavrov`+string(rune('a'+i))+`") { score } }`); len(r.Errors) > 0 {
				t.Errorf("a request inside the limit failed: %s", r.Raw)
			}
		}()
		<-store.entered
	}
	if got := gaugeValue(t, m, "dipgraph_limiter_in_flight_requests"); got != limit {
		t.Errorf("in flight: %v, want %d", got, limit)
	}

	for range 5 {
		began := time.Now()
		r := post(t, ts.URL, `{ search(query: "Putin") { score } }`)
		took := time.Since(began)
		if r.Status != http.StatusServiceUnavailable || r.code() != "OVERLOADED" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("past the limit: HTTP %d, code %q, Retry-After %q; want 503 OVERLOADED with Retry-After", r.Status, r.code(), r.Header.Get("Retry-After"))
		}
		if took > 50*time.Millisecond {
			t.Errorf("refused after %v, want under 50 ms", took)
		}
	}
	if got := counterValue(t, m, "dipgraph_refusals_total", map[string]string{"reason": "OVERLOADED"}); got != 5 {
		t.Errorf("refusals counted: %v, want 5", got)
	}
	if r := do(t, mustRequest(t, http.MethodGet, ts.URL+"/healthz", nil)); r.Status != http.StatusOK {
		t.Errorf("/healthz while saturated: HTTP %d", r.Status)
	}
	if got := gaugeValue(t, m, "dipgraph_limiter_in_flight_requests"); got > limit {
		t.Errorf("in flight %v, past the limit %d", got, limit)
	}

	close(store.release)
	wg.Wait()
	if r := post(t, ts.URL, `{ search(query: "Putin") { score } }`); len(r.Errors) > 0 || r.Status != http.StatusOK {
		t.Errorf("after the load: HTTP %d %s", r.Status, r.Raw)
	}
}
