package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/dipgraph/dipgraph/fixtures"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
)

// inCI: CI=true turns the skips of missing tools into failures.
var inCI = os.Getenv("CI") == "true"

// memStore returns an embedded store holding graphs.
func memStore(t *testing.T, graphs ...graph.ArticleGraph) graph.Store {
	t.Helper()
	s, err := memory.Open(context.Background(), memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if len(graphs) > 0 {
		if _, err := s.Apply(context.Background(), graphs); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

var fixtureStore struct {
	once  sync.Once
	store graph.Store
	err   error
}

// fixturesStore returns an embedded store holding the sample articles of
// fixtures/ as the real loader extracts them: what `dipgraph serve`
// shows on a first start. It is shared by the tests, which only read it.
func fixturesStore(t *testing.T) graph.Store {
	t.Helper()
	fixtureStore.once.Do(func() {
		ctx := context.Background()
		s, err := memory.Open(ctx, memory.Options{})
		if err != nil {
			fixtureStore.err = err
			return
		}
		dir, err := os.MkdirTemp("", "dipgraph-server-fixtures-")
		if err != nil {
			fixtureStore.err = err
			return
		}
		defer os.RemoveAll(dir)
		paths, err := fixtures.WriteTo(dir)
		if err != nil {
			fixtureStore.err = err
			return
		}
		d, err := dict.Load()
		if err != nil {
			fixtureStore.err = err
			return
		}
		x, err := extract.New(d)
		if err != nil {
			fixtureStore.err = err
			return
		}
		rep, err := loader.New(x).Run(ctx, s, paths, loader.Options{})
		if err == nil && rep.Loaded == 0 {
			err = io.ErrUnexpectedEOF
		}
		fixtureStore.store, fixtureStore.err = s, err
	})
	if fixtureStore.err != nil {
		t.Fatalf("loading the fixtures: %v", fixtureStore.err)
	}
	return fixtureStore.store
}

// syncBuffer is a log destination safe for concurrent handlers.
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

type testServer struct {
	*httptest.Server
	srv  *Server
	logs *syncBuffer
}

// start serves store with opts (a JSON debug log captured) on a loopback
// port.
func start(t *testing.T, store graph.Store, opts Options) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	opts.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := New(store, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, srv: srv, logs: logs}
}

func newServer(t *testing.T, introspection bool) *testServer {
	t.Helper()
	return start(t, memStore(t, graphtest.CorpusRussian()), Options{Introspection: introspection})
}

// gqlResponse is a GraphQL response with its HTTP status and headers.
type gqlResponse struct {
	Status int            `json:"-"`
	Header http.Header    `json:"-"`
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	Raw string `json:"-"`
}

func (r *gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func do(t *testing.T, req *http.Request) *gqlResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := &gqlResponse{Status: resp.StatusCode, Header: resp.Header, Raw: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("response is not JSON: %v\n%s", err, b)
		}
	}
	return out
}

func postJSON(t *testing.T, url string, body any, header ...string) *gqlResponse {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, url+"/query", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func post(t *testing.T, url, query string) *gqlResponse {
	t.Helper()
	return postJSON(t, url, map[string]string{"query": query})
}

// storeCalls is the number of store calls the server made so far.
func storeCalls(t *testing.T, m *Metrics) uint64 {
	t.Helper()
	return histogramCount(t, m, "dipgraph_store_call_duration_seconds", nil)
}

// histogramCount sums the samples of a histogram over the series whose
// labels include want.
func histogramCount(t *testing.T, m *Metrics, name string, want map[string]string) uint64 {
	t.Helper()
	var n uint64
	for _, mf := range gather(t, m) {
		if mf.GetName() != name {
			continue
		}
		for _, metric := range mf.GetMetric() {
			if hasLabels(metric, want) {
				n += metric.GetHistogram().GetSampleCount()
			}
		}
	}
	return n
}

// counterValue sums a counter over the series whose labels include want.
func counterValue(t *testing.T, m *Metrics, name string, want map[string]string) float64 {
	t.Helper()
	var v float64
	for _, mf := range gather(t, m) {
		if mf.GetName() != name {
			continue
		}
		for _, metric := range mf.GetMetric() {
			if hasLabels(metric, want) {
				v += metric.GetCounter().GetValue()
			}
		}
	}
	return v
}

func gather(t *testing.T, m *Metrics) []*dto.MetricFamily {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	return mfs
}

func hasLabels(metric *dto.Metric, want map[string]string) bool {
	got := map[string]string{}
	for _, l := range metric.GetLabel() {
		got[l.GetName()] = l.GetValue()
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestGraphQLIsMounted(t *testing.T) {
	ts := newServer(t, false)
	out := post(t, ts.URL, `{ stats { fingerprint } }`)
	if out.Errors != nil {
		t.Fatalf("errors: %v", out.Errors)
	}
	fp := out.Data["stats"].(map[string]any)["fingerprint"].(string)
	if !strings.HasPrefix(fp, "sha256:") {
		t.Errorf("fingerprint %q", fp)
	}
}

// G-11: introspection follows the profile.
func TestIntrospectionFollowsTheProfile(t *testing.T) {
	for _, dev := range []bool{false, true} {
		out := post(t, newServer(t, dev).URL, `{ __schema { types { name } } }`)
		if gotErr := out.Errors != nil; gotErr == dev {
			t.Errorf("introspection=%v: errors %v", dev, out.Errors)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	ts := newServer(t, false)
	for _, path := range []string{"/healthz", "/readyz", "/stats", "/metrics"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
	// Draining (at shutdown) turns readiness off, not health.
	ts.srv.Drain()
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 503} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("draining: GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// /readyz answers 503 when the store cannot be reached, and says nothing
// of why; the log does.
func TestReadinessFollowsTheStore(t *testing.T) {
	ts := start(t, &failingStore{Store: memStore(t)}, Options{})
	out := do(t, mustRequest(t, http.MethodGet, ts.URL+"/readyz", nil))
	if out.Status != http.StatusServiceUnavailable {
		t.Fatalf("GET /readyz = %d with an unreachable store", out.Status)
	}
	for _, secret := range internals {
		if strings.Contains(out.Raw, secret) {
			t.Errorf("/readyz reveals %q: %s", secret, out.Raw)
		}
	}
	if !strings.Contains(ts.logs.String(), internals[0]) {
		t.Errorf("the log does not say why the store failed:\n%s", ts.logs.String())
	}
}

func TestMetricsCanBeLeftOut(t *testing.T) {
	ts := start(t, memStore(t), Options{DisableMetrics: true})
	out := do(t, mustRequest(t, http.MethodGet, ts.URL+"/metrics", nil))
	if out.Status != http.StatusNotFound {
		t.Errorf("GET /metrics = %d with metrics off, want 404", out.Status)
	}
}

func TestNewRefusesABadOrigin(t *testing.T) {
	for _, origin := range []string{"*", "example.org", "https://example.org/path", "ftp://example.org", "https://"} {
		if _, err := New(memStore(t), Options{CORSOrigins: []string{origin}}); err == nil {
			t.Errorf("origin %q accepted", origin)
		}
	}
	if _, err := New(memStore(t), Options{CORSOrigins: []string{"https://app.example.org", "http://localhost:3000"}}); err != nil {
		t.Errorf("good origins refused: %v", err)
	}
}

func mustRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// internals are what a store error may carry and a client must never see.
var internals = []string{"bolt://neo4j:7687", "MATCH (n:Secret) RETURN n", "Neo.ClientError.Statement.SyntaxError"}

// failingStore fails every read with an error full of internals.
type failingStore struct{ graph.Store }

func (f *failingStore) err() error {
	return &storeError{msg: "connecting to " + internals[0] + ": " + internals[1] + ": " + internals[2]}
}

type storeError struct{ msg string }

func (e *storeError) Error() string { return e.msg }
func (e *storeError) Unwrap() error { return graph.ErrUnavailable }

func (f *failingStore) CountArticles(context.Context, graph.ArticleFilter) (int, error) {
	return 0, f.err()
}

func (f *failingStore) Counts(context.Context) (*graph.Counts, error) { return nil, f.err() }

func (f *failingStore) Search(context.Context, string, []graph.Kind, int) ([]graph.SearchHit, error) {
	return nil, f.err()
}

// G-19 through the whole server: a store error reaches the client as a
// code and a request id, the log keeps the cause under the same id.
func TestStoreErrorsNeverReachTheClient(t *testing.T) {
	ts := start(t, &failingStore{Store: memStore(t)}, Options{})
	out := post(t, ts.URL, `{ search(query: "Lavrov") { matched } }`)
	if out.code() != "STORE_UNAVAILABLE" {
		t.Fatalf("code %q, want STORE_UNAVAILABLE: %s", out.code(), out.Raw)
	}
	rid, _ := out.Errors[0].Extensions["requestId"].(string)
	if rid == "" || rid != out.Header.Get("X-Request-Id") {
		t.Errorf("requestId %q, X-Request-Id %q: want the same id", rid, out.Header.Get("X-Request-Id"))
	}
	for _, path := range []string{"/stats", "/readyz"} {
		r := do(t, mustRequest(t, http.MethodGet, ts.URL+path, nil))
		out.Raw += r.Raw
	}
	logs := ts.logs.String()
	for _, secret := range internals {
		if strings.Contains(out.Raw, secret) {
			t.Errorf("a response reveals %q: %s", secret, out.Raw)
		}
		if !strings.Contains(logs, secret) {
			t.Errorf("the log lacks %q", secret)
		}
	}
	if !strings.Contains(logs, rid) {
		t.Errorf("the log does not carry request id %s", rid)
	}
}

// A panic outside GraphQL (whose own recovery schema tests) gives a 500
// that says nothing of it, is logged with its stack, and the server goes
// on serving.
func TestHandlerPanicIsMaskedAndLogged(t *testing.T) {
	logs := &syncBuffer{}
	m := NewMetrics()
	h := observe(slog.New(slog.NewJSONHandler(logs, nil)), m, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/boom" {
			panic("secret detail 42")
		}
		w.Write([]byte("fine"))
	}))
	ts := httptest.NewServer(h)
	defer ts.Close()
	out := do(t, mustRequest(t, http.MethodGet, ts.URL+"/boom", nil))
	if out.Status != 500 || strings.Contains(out.Raw, "secret detail") || out.code() != "INTERNAL_SERVER_ERROR" {
		t.Errorf("panic: status %d, body %s", out.Status, out.Raw)
	}
	if !strings.Contains(logs.String(), "secret detail 42") || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("the panic and its stack are not logged:\n%s", logs.String())
	}
	if next := do(t, mustRequest(t, http.MethodGet, ts.URL+"/fine", nil)); next.Status != 200 {
		t.Errorf("after a panic: %d", next.Status)
	}
}
