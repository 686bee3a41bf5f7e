package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"net/http"
	"net/http/httptest"

	"github.com/dipgraph/dipgraph/graph/memory"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/loader/gen"
	"github.com/dipgraph/dipgraph/schema"
	"github.com/dipgraph/dipgraph/server"
)

const testKey = "soak-write-key-0123456789"

var newExtractor = sync.OnceValues(func() (*extract.Extractor, error) {
	d, err := dict.Load()
	if err != nil {
		return nil, err
	}
	return extract.New(d)
})

// TestSoakShort is the short soak CI runs (R-6's short version): 12
// clients for 25 s against an in-process server on the embedded store,
// holding 100 generated articles, with the checks of the full soak.
func TestSoakShort(t *testing.T) {
	if testing.Short() {
		t.Skip("a 25 s load test; scripts/soak.sh runs the full one")
	}
	ctx := context.Background()
	ts := soakServer(t, nil)

	cfg := DefaultConfig()
	cfg.URL, cfg.Key = ts.URL, testKey
	cfg.Clients, cfg.Duration, cfg.Warmup = 12, 25*time.Second, 8*time.Second
	cfg.Pool, cfg.Sample = 60, 500*time.Millisecond
	// The server shares this process with the clients (and with the race
	// detector's shadow memory in CI), so its RSS says little about the
	// server; scripts/soak.sh checks RSS against a separate dipgraph serve.
	cfg.SkipRSS = true
	rep, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Print(&out)
	t.Log("\n" + out.String())
	for _, f := range rep.Failures {
		t.Error(f)
	}
	// The run did what it says: every kind of read, and ingests that went
	// round the pool at least once, so that articles were replaced.
	if n := len(rep.Kinds); n != len(reads)+2 { // + ingest + all
		t.Errorf("%d kinds of requests measured, want the %d reads, ingest and all", n, len(reads))
	}
	if rep.Articles != cfg.Pool || rep.Loaded <= cfg.Pool {
		t.Errorf("%d articles ingested, %d loads; want all %d of the pool, some replaced", rep.Articles, rep.Loaded, cfg.Pool)
	}
}

// The soak refuses to aim at another machine.
func TestSoakStaysOnLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://[::1]:8080", "http://localhost:8080"} {
		if err := CheckLoopback(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1:8080", "http://192.0.2.7", "ftp://127.0.0.1", "127.0.0.1:8080"} {
		if err := CheckLoopback(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

// soakServer serves 100 generated articles from an embedded store through
// an in-process server; wrap, when given, wraps its handler.
func soakServer(t *testing.T, wrap func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	store, err := memory.Open(ctx, memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dict.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := gen.Generate(f, d, 100, 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	x, err := newExtractor()
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := loader.New(x).Run(ctx, store, []string{corpus}, loader.Options{}); err != nil || rep.Loaded != 100 {
		t.Fatalf("loading the corpus: %+v, %v", rep, err)
	}
	srv, err := server.New(store, server.Options{
		APIKeys:      []schema.APIKey{{Key: testKey, Role: schema.RoleWrite}},
		NewExtractor: newExtractor,
	})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts

}

// A server that leaks goroutines fails the soak: the growth check takes
// the least of several idle samples, and a leaked goroutine is in all of
// them.
func TestSoakFindsLeakedGoroutines(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10 s load test")
	}
	release := make(chan struct{})
	defer close(release)
	var requests atomic.Int64
	ts := soakServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/metrics" && requests.Add(1)%10 == 0 {
				go func() { <-release }()
			}
			next.ServeHTTP(w, r)
		})
	})
	cfg := DefaultConfig()
	cfg.URL, cfg.Key = ts.URL, testKey
	cfg.Clients, cfg.Duration, cfg.Warmup = 4, 10*time.Second, 3*time.Second
	cfg.Pool, cfg.Sample, cfg.SkipRSS = 20, 500*time.Millisecond, true
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Failures {
		if strings.Contains(f, "goroutines grew") {
			return
		}
	}
	t.Errorf("goroutines %.0f after the warm-up, %.0f at the end, %d requests: no growth failure in %q",
		rep.WarmGoroutines, rep.EndGoroutines, requests.Load(), rep.Failures)
}

func TestGoroutineGrowthIsCountedInWholeGoroutines(t *testing.T) {
	for _, c := range []struct {
		warm, end float64
		grew      bool
	}{
		{8, 8, false}, {8, 9, false}, {8, 10, true}, {9, 10, false}, {9, 11, true},
		{41, 45, false}, {41, 46, false}, {41, 47, true}, {9, 509, true},
	} {
		if got := goroutinesGrew(c.warm, c.end, 1.10); got != c.grew {
			t.Errorf("goroutinesGrew(%v, %v, 1.10) = %v, want %v", c.warm, c.end, got, c.grew)
		}
	}
}
