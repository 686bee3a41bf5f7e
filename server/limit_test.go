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

// stuckStore holds every Search until release is closed, its deadline or
// not: work stuck where no context reaches.
type stuckStore struct{ blockingStore }

func (b *stuckStore) Search(ctx context.Context, q string, kinds []graph.Kind, first int) ([]graph.SearchHit, error) {
	b.entered <- struct{}{}
	<-b.release
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
	ts := start(t, store, Options{MaxInFlight: limit, MaxRunning: -1})
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

// Past the running limit, queries taken in wait their turn, in order, and
// are all answered: thirty-two clients asking as fast as they are answered
// get no refusal. The running gauge holds at the limit meanwhile.
func TestQueriesPastTheRunningLimitWaitTheirTurn(t *testing.T) {
	store := &blockingStore{Store: memStore(t, graphtest.CorpusRussian()), entered: make(chan struct{}, 16), release: make(chan struct{})}
	const running, waiting = 2, 4
	ts := start(t, store, Options{MaxInFlight: 16, MaxRunning: running})
	m := ts.srv.Metrics()
	if got := gaugeValue(t, m, "dipgraph_limiter_running_limit"); got != running {
		t.Fatalf("dipgraph_limiter_running_limit = %v, want %d", got, running)
	}
	var wg sync.WaitGroup
	for i := range running + waiting {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := post(t, ts.URL, `{ search(query: "Lavrov`+string(rune('a'+i))+`") { score } }`); len(r.Errors) > 0 || r.Status != http.StatusOK {
				t.Errorf("a query waiting its turn failed: HTTP %d %s", r.Status, r.Raw)
			}
		}()
	}
	for range running {
		<-store.entered
	}
	deadline := time.Now().Add(5 * time.Second)
	for gaugeValue(t, m, "dipgraph_limiter_in_flight_requests") < running+waiting && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := gaugeValue(t, m, "dipgraph_limiter_in_flight_requests"); got != running+waiting {
		t.Fatalf("taken in: %v, want %d", got, running+waiting)
	}
	time.Sleep(50 * time.Millisecond) // a query that did not wait would reach the store now
	if n := len(store.entered); n != 0 {
		t.Errorf("%d queries past the running limit reached the store", n)
	}
	if got := gaugeValue(t, m, "dipgraph_limiter_running_requests"); got != running {
		t.Errorf("running: %v, want %d", got, running)
	}
	close(store.release)
	wg.Wait()
	if got := counterValue(t, m, "dipgraph_refusals_total", map[string]string{"reason": "OVERLOADED"}); got != 0 {
		t.Errorf("refusals: %v, want none", got)
	}
}

// A query that waits for its turn longer than the query timeout is
// refused: the wait counts, and nothing waits forever behind stuck work.
func TestAQueryWaitingPastTheTimeoutIsRefused(t *testing.T) {
	store := &stuckStore{blockingStore{Store: memStore(t, graphtest.CorpusRussian()), entered: make(chan struct{}, 4), release: make(chan struct{})}}
	defer close(store.release)
	ts := start(t, store, Options{MaxInFlight: 4, MaxRunning: 1, QueryTimeout: 300 * time.Millisecond})
	go post(t, ts.URL, `{ search(query: "Lavrov") { score } }`)
	<-store.entered
	began := time.Now()
	r := post(t, ts.URL, `{ search(query: "Putin") { score } }`)
	took := time.Since(began)
	if r.Status != http.StatusServiceUnavailable || r.code() != "OVERLOADED" {
		t.Fatalf("after waiting its turn past the timeout: HTTP %d, code %q; want 503 OVERLOADED", r.Status, r.code())
	}
	if took < 250*time.Millisecond || took > 2*time.Second {
		t.Errorf("refused after %v; want about the 300 ms timeout", took)
	}
}
