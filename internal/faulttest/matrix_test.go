package faulttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/memory"
	neo4jstore "github.com/dipgraph/dipgraph/graph/neo4j"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/loader/gen"
	"github.com/dipgraph/dipgraph/schema"
	"github.com/dipgraph/dipgraph/server"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// The proxied store's timeouts: the default read timeout, but writes and
// the driver's retries far below theirs (30 s each), so that every cell
// ends in seconds.
const (
	readTimeout    = 5 * time.Second
	writeTimeout   = 3 * time.Second
	maxRetryTime   = 500 * time.Millisecond
	connectTimeout = time.Second
	// queryDeadline is the GraphQL request's deadline (schema.Options.Timeout,
	// 10 s by default).
	queryDeadline = 3 * time.Second
	// slack is what the matrix allows past a deadline.
	slack = 500 * time.Millisecond
)

// openProxied opens the test Neo4j, emptied, through a new proxy.
func openProxied(t *testing.T, opts ...func(*neo4jstore.Config)) (*Proxy, *neo4jstore.Store, neo4jstore.Config) {
	t.Helper()
	uri, user, password := neo4jtest.Config(t)
	neo4jtest.Clean(t, uri, user, password)
	p := StartFor(t, uri)
	cfg := neo4jstore.DefaultConfig()
	cfg.URI, cfg.User, cfg.Password, cfg.Database = p.BoltURI(uri), user, password, neo4jtest.Database()
	cfg.ReadTimeout, cfg.WriteTimeout = readTimeout, writeTimeout
	cfg.MaxRetryTime, cfg.ConnectTimeout = maxRetryTime, connectTimeout
	cfg.BatchSize = 100
	for _, o := range opts {
		o(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return p, s, cfg
}

var (
	xOnce sync.Once
	xDict *dict.Dictionary
	xExt  *extract.Extractor
	xErr  error
)

func testLoader(t testing.TB) *loader.Loader {
	t.Helper()
	xOnce.Do(func() {
		if xDict, xErr = dict.Load(); xErr == nil {
			xExt, xErr = extract.New(xDict)
		}
	})
	if xErr != nil {
		t.Fatal(xErr)
	}
	return loader.New(xExt)
}

// corpus writes n articles of loader/gen's synthetic corpus (each 1.5 to
// 3 KB of text, many events) to a file.
func corpus(t testing.TB, n int) string {
	t.Helper()
	testLoader(t)
	var b bytes.Buffer
	if err := gen.Generate(&b, xDict, n, 7); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// oracle is the fingerprint of a clean load of path into the embedded store.
func oracle(t testing.TB, path string) string {
	t.Helper()
	mem, err := memory.Open(context.Background(), memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if rep, err := testLoader(t).Run(context.Background(), mem, []string{path}, loader.Options{Workers: 1}); err != nil || rep.Failed != 0 {
		t.Fatalf("clean load: %v (%+v)", err, rep)
	}
	return fingerprint(t, mem)
}

func fingerprint(t testing.TB, s graph.Store) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fp, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// gqlResponse is a GraphQL response as a client reads it.
type gqlResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r *gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// query posts q to h and returns the decoded response and how long it
// took. A body that is not one whole JSON document fails the test (with
// Errorf: query runs in goroutines too).
func query(t *testing.T, h http.Handler, q string) (*gqlResponse, time.Duration) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": q})
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	began := time.Now()
	h.ServeHTTP(rec, req)
	took := time.Since(began)
	var out gqlResponse
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	if err := dec.Decode(&out); err != nil || dec.More() {
		t.Errorf("response (status %d) is not one JSON document (%v): %q", rec.Code, err, rec.Body.String())
		return &gqlResponse{}, took
	}
	return &out, took
}

// appGoroutines counts the goroutines that are not the proxy's own: those
// of the handler, the store and the driver.
func appGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.TrimSpace(g) != "" && !strings.Contains(g, "github.com/Shopify/toxiproxy") {
			count++
		}
	}
	return count
}

const (
	// smallQuery makes one store read with a small answer.
	smallQuery = `{ articles(first: 1) { edges { node { id } } } }`
	// bigQuery makes one store read whose answer (15 articles) is several KB.
	bigQuery = `{ articles(first: 100) { edges { node { id title url source published } } } }`
)

// R-3, GraphQL side: the schema handler over a Neo4j store opened through
// the proxy, holding 15 generated articles. Each cell adds its toxics,
// checks a query under them, removes them, and checks that the next
// request succeeds.
func TestToxicQueries(t *testing.T) {
	p, store, cfg := openProxied(t)
	path := corpus(t, 15)
	if rep, err := testLoader(t).Run(context.Background(), store, []string{path}, loader.Options{BatchSize: 15}); err != nil || rep.Loaded != 15 {
		t.Fatalf("seeding: %v (%+v)", err, rep)
	}
	opts := schema.DefaultOptions()
	opts.Timeout = queryDeadline
	h := schema.NewHandler(store, opts)
	// works checks that q succeeds: before a cell, and after its toxics
	// are removed (the first request, not one after retries).
	works := func(t *testing.T, q string) {
		t.Helper()
		if r, took := query(t, h, q); len(r.Errors) > 0 {
			t.Fatalf("%s without toxics: %+v (%v)", q, r.Errors, took)
		}
	}
	// fails checks that r failed with code within bound, and that the
	// field is null rather than partly filled.
	fails := func(t *testing.T, r *gqlResponse, took time.Duration, code string, bound time.Duration) {
		t.Helper()
		if r.code() != code {
			t.Errorf("got %+v (data %.200s) after %v, want code %s", r.Errors, r.Data["articles"], took, code)
		}
		if took > bound {
			t.Errorf("%s after %v, more than %v", r.code(), took, bound)
		}
		if a, ok := r.Data["articles"]; ok && string(a) != "null" {
			t.Errorf("partial data with the error: %.200s", a)
		}
	}
	works(t, smallQuery)
	big, _ := query(t, h, bigQuery)
	if len(big.Errors) > 0 || len(big.Data["articles"]) < 2048 {
		t.Fatalf("the big query: %+v, %d bytes: too small to be cut at 1 KB", big.Errors, len(big.Data["articles"]))
	}

	// latency 2000 ms on every packet from Neo4j: a read is three round
	// trips (begin; run and pull; commit), more on a new connection.
	t.Run("latency", func(t *testing.T) {
		// The store bounds a read by its timeout and retry time (5.5 s
		// here), below the 6 s the read now needs: under a deadline it fits
		// in, it is a store with the default retry time (a 35 s bound, as
		// in production, where the request's deadline is the one that
		// counts).
		slowCfg := cfg
		slowCfg.MaxRetryTime = neo4jstore.DefaultMaxRetryTime
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		slow, err := neo4jstore.Open(ctx, slowCfg)
		if err != nil {
			t.Fatal(err)
		}
		defer slow.Close()
		defer works(t, smallQuery)
		defer p.RemoveAll()
		p.Add(t, Toxic{Type: "latency", Attributes: map[string]any{"latency": 2000}})
		// Under a deadline it fits in: the answer, later.
		opts := schema.DefaultOptions()
		opts.Timeout = 15 * time.Second
		r, took := query(t, schema.NewHandler(slow, opts), smallQuery)
		if len(r.Errors) > 0 || took < 2*time.Second {
			t.Errorf("under a 15 s deadline: %+v after %v, want the answer after 2 s or more", r.Errors, took)
		}
		t.Logf("answered in %v under a 15 s deadline", took.Round(time.Millisecond))
		// Under one it does not: TIMEOUT, on time.
		r, took = query(t, h, smallQuery)
		fails(t, r, took, schema.CodeTimeout, queryDeadline+slack)
		t.Logf("%s in %v under a %v deadline", r.code(), took.Round(time.Millisecond), queryDeadline)
	})

	// timeout 0: a black hole both ways. Four requests at once meet it;
	// once it is gone, the goroutines they started (handler, store,
	// driver) are gone too.
	t.Run("timeout", func(t *testing.T) {
		before := appGoroutines()
		p.Add(t, Toxic{Type: "timeout", Stream: "upstream", Attributes: map[string]any{"timeout": 0}})
		p.Add(t, Toxic{Type: "timeout", Stream: "downstream", Attributes: map[string]any{"timeout": 0}})
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, took := query(t, h, smallQuery)
				fails(t, r, took, schema.CodeTimeout, queryDeadline+slack)
			}()
		}
		wg.Wait()
		during := appGoroutines()
		p.RemoveAll()
		works(t, smallQuery)
		after := appGoroutines()
		for deadline := time.Now().Add(5 * time.Second); after > before && time.Now().Before(deadline); after = appGoroutines() {
			time.Sleep(100 * time.Millisecond)
		}
		if after > before {
			t.Errorf("%d goroutines before the black hole, %d after", before, after)
		}
		t.Logf("goroutines: %d before, %d when the requests timed out, %d after", before, during, after)
	})

	// reset_peer: every connection is reset as soon as it carries data.
	// Reads try a fresh connection once, at once, and then give up,
	// whatever the retry time of writes: the table's bound is 1 s.
	t.Run("reset_peer", func(t *testing.T) {
		p.Add(t, Toxic{Type: "reset_peer", Stream: "upstream", Attributes: map[string]any{"timeout": 0}})
		r, took := query(t, h, smallQuery)
		fails(t, r, took, schema.CodeStoreUnavailable, time.Second)
		t.Logf("%s in %v", r.code(), took.Round(time.Millisecond))
		p.RemoveAll()
		works(t, smallQuery)
	})

	// limit_data: the connection is closed after 1 KB from Neo4j, in the
	// middle of the big query's answer.
	t.Run("limit_data", func(t *testing.T) {
		p.Add(t, Toxic{Type: "limit_data", Attributes: map[string]any{"bytes": 1024}})
		r, took := query(t, h, bigQuery)
		fails(t, r, took, schema.CodeStoreUnavailable, queryDeadline+slack)
		t.Logf("%s in %v", r.code(), took.Round(time.Millisecond))
		p.RemoveAll()
		if r, _ := query(t, h, bigQuery); len(r.Errors) > 0 || string(r.Data["articles"]) != string(big.Data["articles"]) {
			t.Errorf("after the cut the big query answers %+v, %.200s", r.Errors, r.Data["articles"])
		}
	})

	// bandwidth: 1 KB/s from Neo4j; the big answer needs several seconds.
	t.Run("bandwidth", func(t *testing.T) {
		p.Add(t, Toxic{Type: "bandwidth", Attributes: map[string]any{"rate": 1}})
		r, took := query(t, h, bigQuery)
		if len(r.Errors) > 0 {
			fails(t, r, took, schema.CodeTimeout, queryDeadline+slack)
		} else if took > queryDeadline+slack {
			t.Errorf("answered after %v, past the %v deadline", took, queryDeadline)
		}
		t.Logf("%q in %v", r.code(), took.Round(time.Millisecond))
		p.RemoveAll()
		works(t, bigQuery)
	})

	// down, scaled from 60 s to 10 s: the proxy closes every connection and
	// refuses new ones. /readyz (server.New over the proxied store) says
	// so within 5 s, and ready again within 5 s of the recovery.
	t.Run("down", func(t *testing.T) {
		srv, err := server.New(store, server.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		defer ts.Close()
		ready := func() bool {
			resp, err := ts.Client().Get(ts.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		}
		// until polls /readyz until it answers want, for at most 5 s.
		until := func(want bool) time.Duration {
			began := time.Now()
			for time.Since(began) < 5*time.Second {
				if ready() == want {
					return time.Since(began)
				}
				time.Sleep(100 * time.Millisecond)
			}
			t.Fatalf("/readyz did not turn %v within 5 s", want)
			return 0
		}
		if !ready() {
			t.Fatal("/readyz is not ready before the outage")
		}
		p.Disable()
		down := time.Now()
		t.Logf("/readyz not ready %v after the outage began", until(false).Round(time.Millisecond))
		r, took := query(t, h, smallQuery)
		fails(t, r, took, schema.CodeStoreUnavailable, queryDeadline+slack)
		for time.Since(down) < 10*time.Second {
			if ready() {
				t.Fatalf("/readyz ready %v into the outage", time.Since(down))
			}
			time.Sleep(500 * time.Millisecond)
		}
		p.Enable(t)
		t.Logf("/readyz ready %v after the recovery", until(true).Round(time.Millisecond))
		works(t, smallQuery)
	})
}

// loadCell is the loader side of a cell: a store through a new proxy, and
// the corpus with its clean load's fingerprint.
type loadCell struct {
	p     *Proxy
	store *neo4jstore.Store
	cfg   neo4jstore.Config
	path  string
	want  string
}

func (c *loadCell) run(t *testing.T, opts loader.Options) (*loader.Report, error, time.Duration) {
	t.Helper()
	if opts.BatchSize == 0 {
		opts.BatchSize = loadBatch
	}
	opts.Workers = 1
	began := time.Now()
	rep, err := testLoader(t).Run(context.Background(), c.store, []string{c.path}, opts)
	return rep, err, time.Since(began)
}

// rerun removes the toxics and loads again: it must complete.
func (c *loadCell) rerun(t *testing.T) *loader.Report {
	t.Helper()
	c.p.RemoveAll()
	rep, err, took := c.run(t, loader.Options{RetryTimeout: 10 * time.Second})
	if err != nil || rep.Failed != 0 {
		t.Fatalf("rerun without toxics: %v (%+v)", err, rep)
	}
	t.Logf("rerun in %v: %d loaded, %d unchanged", took.Round(time.Millisecond), rep.Loaded, rep.Unchanged)
	return rep
}

// check asserts that Neo4j holds the clean load's graph, node for node and
// edge for edge: a lost, half-written or duplicated article changes
// the fingerprint.
func (c *loadCell) check(t *testing.T) {
	t.Helper()
	c.p.RemoveAll()
	if got := fingerprint(t, c.store); got != c.want {
		t.Errorf("fingerprint %s, clean load %s", got, c.want)
	}
}

// afterBatch returns a Progress func that calls f once, after the first
// batch is written, so that a fault meets a load in flight.
func afterBatch(f func()) func(loader.Report) {
	var once sync.Once
	return func(r loader.Report) {
		if r.Batches >= 1 {
			once.Do(f)
		}
	}
}

const (
	// loadArticles and loadBatch: a small corpus (3 batches), enough that a
	// fault lands between batches and in the middle of one.
	loadArticles = 30
	loadBatch    = 10
	// budget is the loader's RetryTimeout in the cells that outlast it.
	budget = 3 * time.Second
)

// R-3, loader side: loader.Run into a Neo4j store opened through the
// proxy, each cell on an emptied database, compared with a clean load of
// the same corpus into the embedded store.
func TestToxicLoads(t *testing.T) {
	neo4jtest.Config(t) // skips (fails under CI=true) before any work without Neo4j
	path := corpus(t, loadArticles)
	want := oracle(t, path)
	cell := func(t *testing.T, opts ...func(*neo4jstore.Config)) *loadCell {
		c := &loadCell{path: path, want: want}
		c.p, c.store, c.cfg = openProxied(t, opts...)
		return c
	}
	// stopBound is how long after a fault a load that cannot finish may
	// take to stop: the attempt the fault meets (the store bounds a write by
	// its timeout and the driver's retry time), the budget counted from its
	// failure, an attempt's minimum past the budget, and a second for a
	// busy machine.
	stopBound := func(c *loadCell) time.Duration {
		return c.cfg.WriteTimeout + c.cfg.MaxRetryTime + budget + time.Second + time.Second
	}

	// latency: scaled from 2000 ms to 200 ms per packet. A write is a dozen
	// statements, each a round trip: at 2 s that is half a minute per batch,
	// more than CI can spend; what the cell checks (latency within the
	// timeouts costs time, never errors or data) does not depend on it.
	t.Run("latency", func(t *testing.T) {
		const latency = 200 * time.Millisecond
		c := cell(t, func(cfg *neo4jstore.Config) { cfg.WriteTimeout = 15 * time.Second })
		c.p.Add(t, Toxic{Type: "latency", Attributes: map[string]any{"latency": latency.Milliseconds()}})
		// One batch: a read of the stored hashes and one write transaction.
		rep, err, took := c.run(t, loader.Options{BatchSize: loadArticles})
		if err != nil || rep.Failed != 0 || rep.Loaded != loadArticles || rep.Retries != 0 {
			t.Fatalf("load under latency: %v (%+v)", err, rep)
		}
		// Slower: the read and the write's statements are a dozen round
		// trips at least.
		if took < 12*latency {
			t.Errorf("loaded in %v: the latency was not in the way", took)
		}
		t.Logf("loaded in %v under %v latency", took.Round(time.Millisecond), latency)
		c.check(t)
	})

	t.Run("timeout", func(t *testing.T) {
		c := cell(t)
		var at time.Time
		rep, err, _ := c.run(t, loader.Options{RetryTimeout: budget, Progress: afterBatch(func() {
			at = time.Now()
			c.p.Add(t, Toxic{Type: "timeout", Stream: "upstream", Attributes: map[string]any{"timeout": 0}})
			c.p.Add(t, Toxic{Type: "timeout", Stream: "downstream", Attributes: map[string]any{"timeout": 0}})
		})})
		stopped := time.Since(at)
		if !errors.Is(err, loader.ErrStoreUnavailable) {
			t.Fatalf("load into a black hole: %v (%+v), want %v", err, rep, loader.ErrStoreUnavailable)
		}
		if rep.Retries == 0 {
			t.Errorf("the load stopped without retrying: %+v", rep)
		}
		if bound := stopBound(c); stopped > bound {
			t.Errorf("the load stopped %v after the black hole opened, more than %v", stopped, bound)
		}
		t.Logf("stopped %v after the black hole opened: %v (%d retries)", stopped.Round(time.Millisecond), err, rep.Retries)
		c.rerun(t)
		c.check(t)
	})

	// reset_peer and limit_data break the load for a while, then go away:
	// the batch they hit is retried and nothing is lost or doubled.
	transient := func(t *testing.T, toxics ...Toxic) {
		c := cell(t)
		var (
			removed sync.WaitGroup
			before  int
		)
		rep, err, took := c.run(t, loader.Options{RetryTimeout: 30 * time.Second, Progress: afterBatch(func() {
			before = c.p.Accepted()
			for _, tx := range toxics {
				c.p.Add(t, tx)
			}
			removed.Add(1)
			time.AfterFunc(1500*time.Millisecond, func() { c.p.RemoveAll(); removed.Done() })
		})})
		removed.Wait()
		if err != nil || rep.Failed != 0 || rep.Loaded != loadArticles {
			t.Fatalf("load: %v (%+v)", err, rep)
		}
		// The driver retries a broken connection with a new one, below the
		// loader's retries and its own count (which sees only transactions
		// that began): the proxy sees the reconnections.
		reconnects := c.p.Accepted() - before
		if rep.Retries == 0 && c.store.Stats().Retries == 0 && reconnects == 0 {
			t.Errorf("no batch was retried and no connection remade (%+v): the fault never met the load", rep)
		}
		t.Logf("loaded in %v; retries: loader %d, driver %d; %d new connections", took.Round(time.Millisecond), rep.Retries, c.store.Stats().Retries, reconnects)
		c.check(t)
	}
	t.Run("reset_peer", func(t *testing.T) {
		transient(t, Toxic{Type: "reset_peer", Stream: "upstream", Attributes: map[string]any{"timeout": 0}})
	})
	// Cut after 1 KB: downstream, a response (a commit's acknowledgement
	// among them: the batch committed but the loader cannot know) ...
	t.Run("limit_data/downstream", func(t *testing.T) {
		transient(t, Toxic{Type: "limit_data", Stream: "downstream", Attributes: map[string]any{"bytes": 1024}})
	})
	// ... upstream, a request (the batch's statements or its commit).
	t.Run("limit_data/upstream", func(t *testing.T) {
		transient(t, Toxic{Type: "limit_data", Stream: "upstream", Attributes: map[string]any{"bytes": 1024}})
	})

	// bandwidth: 1 KB/s each way, for the whole load. A batch's statements
	// are tens of KB, so it cannot fit in the write timeout: the load stops
	// with a clear error after the budget (or completes); either way a
	// rerun without the toxic gives the clean load's graph.
	t.Run("bandwidth", func(t *testing.T) {
		c := cell(t)
		c.p.Add(t, Toxic{Type: "bandwidth", Stream: "upstream", Attributes: map[string]any{"rate": 1}})
		c.p.Add(t, Toxic{Type: "bandwidth", Stream: "downstream", Attributes: map[string]any{"rate": 1}})
		rep, err, took := c.run(t, loader.Options{RetryTimeout: budget})
		if err != nil && !errors.Is(err, loader.ErrStoreUnavailable) {
			t.Fatalf("load at 1 KB/s: %v (%+v), want success or %v", err, rep, loader.ErrStoreUnavailable)
		}
		if bound := stopBound(c) + c.cfg.ReadTimeout; took > bound {
			t.Errorf("load at 1 KB/s took %v, more than %v", took, bound)
		}
		t.Logf("at 1 KB/s: %v in %v (%+v)", err, took.Round(time.Millisecond), rep)
		c.rerun(t)
		c.check(t)
	})

	// down, scaled: the proxy refuses connections for 2 s (N-14, an outage
	// within the budget) or until the load gives up (N-15).
	t.Run("down/within_budget", func(t *testing.T) {
		c := cell(t)
		var (
			back    sync.WaitGroup
			mu      sync.Mutex
			upAt    time.Time
			written []time.Time // when batches after the first were written
		)
		down := afterBatch(func() {
			c.p.Disable()
			back.Add(1)
			time.AfterFunc(2*time.Second, func() {
				c.p.Enable(t)
				mu.Lock()
				upAt = time.Now()
				mu.Unlock()
				back.Done()
			})
		})
		rep, err, took := c.run(t, loader.Options{RetryTimeout: 20 * time.Second, Progress: func(r loader.Report) {
			if r.Batches > 1 {
				mu.Lock()
				written = append(written, time.Now())
				mu.Unlock()
			}
			down(r)
		}})
		back.Wait()
		if err != nil || rep.Failed != 0 || rep.Loaded != loadArticles {
			t.Fatalf("load through a 2 s outage: %v (%+v)", err, rep)
		}
		// The batches after the first waited for the proxy to come back.
		if len(written) == 0 || written[0].Before(upAt) {
			t.Errorf("batches written at %v, the proxy back at %v: the outage never met the load", written, upAt)
		}
		t.Logf("loaded in %v; retries: loader %d, driver %d", took.Round(time.Millisecond), rep.Retries, c.store.Stats().Retries)
		c.check(t)
	})
	t.Run("down/past_budget", func(t *testing.T) {
		c := cell(t)
		var at time.Time
		rep, err, _ := c.run(t, loader.Options{RetryTimeout: budget, Progress: afterBatch(func() {
			at = time.Now()
			c.p.Disable()
		})})
		stopped := time.Since(at)
		if !errors.Is(err, loader.ErrStoreUnavailable) || !strings.Contains(err.Error(), "store unavailable") {
			t.Fatalf("load through an outage past the budget: %v (%+v)", err, rep)
		}
		if bound := stopBound(c); stopped > bound {
			t.Errorf("the load stopped %v after the outage began, more than %v", stopped, bound)
		}
		t.Logf("stopped %v after the outage began (%d loaded)", stopped.Round(time.Millisecond), rep.Loaded)
		c.p.Enable(t)
		c.rerun(t)
		c.check(t)
	})
}
