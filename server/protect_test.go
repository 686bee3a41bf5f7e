package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// countingReader counts the bytes the server reads of a body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// G-13: what an HTML form or a "simple" cross-origin request can send
// executes nothing, and a mutation never runs over GET.
func TestCSRFContentTypesAndMethods(t *testing.T) {
	ts := start(t, memStore(t, graphtest.Corpus()...), Options{})
	m := ts.srv.Metrics()
	body := `{"query":"{ stats { articles } }"}`
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""} {
		req := mustRequest(t, http.MethodPost, ts.URL+"/query", strings.NewReader(body))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		out := do(t, req)
		if out.Status != http.StatusUnsupportedMediaType || out.code() != "UNSUPPORTED_MEDIA_TYPE" {
			t.Errorf("POST as %q: %d %s", ct, out.Status, out.Raw)
		}
	}
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		out := do(t, mustRequest(t, method, ts.URL+"/query", strings.NewReader(body)))
		if out.Status != http.StatusMethodNotAllowed {
			t.Errorf("%s /query = %d", method, out.Status)
		}
	}
	get := do(t, mustRequest(t, http.MethodGet, ts.URL+"/query?query="+url.QueryEscape(`mutation { deleteArticle(id: "x") }`), nil))
	if get.Status == http.StatusOK && get.Errors == nil {
		t.Errorf("GET of a mutation accepted: %s", get.Raw)
	}
	if n := storeCalls(t, m); n != 0 {
		t.Errorf("%d store calls for requests that must execute nothing", n)
	}
	// A GET query works (it cannot change anything).
	ok := do(t, mustRequest(t, http.MethodGet, ts.URL+"/query?query="+url.QueryEscape(`{ stats { articles } }`), nil))
	if ok.Status != 200 || ok.Errors != nil {
		t.Errorf("GET of a query: %d %s", ok.Status, ok.Raw)
	}
	if got := counterValue(t, m, "dipgraph_refusals_total", map[string]string{"reason": "UNSUPPORTED_MEDIA_TYPE"}); got != 4 {
		t.Errorf("refusals{UNSUPPORTED_MEDIA_TYPE} = %v, want 4", got)
	}
}

// The CORS allowlist: a listed origin gets the CORS headers and may POST;
// another origin gets none, and its browser POSTs are refused (403)
// before anything runs.
func TestCORSAllowlist(t *testing.T) {
	const allowed, other = "https://app.example.org", "https://evil.example.net"
	ts := start(t, memStore(t, graphtest.Corpus()...), Options{CORSOrigins: []string{allowed}})
	preflight := func(origin string) *http.Response {
		req := mustRequest(t, http.MethodOptions, ts.URL+"/query", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if got := preflight(allowed).Header.Get("Access-Control-Allow-Origin"); got != allowed {
		t.Errorf("preflight from %s: Access-Control-Allow-Origin %q", allowed, got)
	}
	if got := preflight(other).Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("preflight from %s: Access-Control-Allow-Origin %q", other, got)
	}
	query := map[string]string{"query": "{ stats { articles } }"}
	good := postJSON(t, ts.URL, query, "Origin", allowed, "Sec-Fetch-Site", "cross-site")
	if good.Status != 200 || good.Errors != nil || good.Header.Get("Access-Control-Allow-Origin") != allowed {
		t.Errorf("POST from %s: %d %v %s", allowed, good.Status, good.Header, good.Raw)
	}
	before := storeCalls(t, ts.srv.Metrics())
	bad := postJSON(t, ts.URL, query, "Origin", other, "Sec-Fetch-Site", "cross-site")
	if bad.Status != http.StatusForbidden || bad.code() != "CROSS_ORIGIN" || bad.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("POST from %s: %d %s", other, bad.Status, bad.Raw)
	}
	if after := storeCalls(t, ts.srv.Metrics()); after != before {
		t.Errorf("a refused cross-origin POST made %d store calls", after-before)
	}
	// Without an allowlist, browsers of other origins are refused too.
	plain := start(t, memStore(t), Options{})
	if out := postJSON(t, plain.URL, query, "Origin", other, "Sec-Fetch-Site", "cross-site"); out.Status != http.StatusForbidden {
		t.Errorf("no allowlist: POST from %s = %d", other, out.Status)
	}
	if out := postJSON(t, plain.URL, query); out.Status != 200 {
		t.Errorf("no allowlist: POST without Origin (curl, a notebook) = %d", out.Status)
	}
}

// G-9 through the whole server: a body over the limit gets 413 having read
// at most the limit and 4 KiB; an invalid JSON body gets a short answer
// that does not echo it.
func TestBodyLimit(t *testing.T) {
	const limit = 64 << 10
	srv, err := New(memStore(t), Options{MaxBodyBytes: limit})
	if err != nil {
		t.Fatal(err)
	}
	body := &countingReader{r: io.MultiReader(strings.NewReader(`{"query":"`), strings.NewReader(strings.Repeat("a", 4*limit)))}
	req := httptest.NewRequest(http.MethodPost, "/query", body)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = -1 // streamed: the server cannot refuse on the header alone
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %d %s", rec.Code, rec.Body)
	}
	if body.n > limit+4<<10 {
		t.Errorf("read %d bytes of a body over the %d-byte limit", body.n, limit)
	}

	marker := "NOT-JSON-" + strings.Repeat("x", 1<<20)
	ts := start(t, memStore(t), Options{MaxBodyBytes: 2 << 20})
	req = mustRequest(t, http.MethodPost, ts.URL+"/query", strings.NewReader(marker))
	req.Header.Set("Content-Type", "application/json")
	out := do(t, req)
	if out.Status != http.StatusBadRequest || len(out.Raw) > 1024 || strings.Contains(out.Raw, "NOT-JSON") {
		t.Errorf("1 MB of invalid JSON: %d, %d bytes: %.200s", out.Status, len(out.Raw), out.Raw)
	}
}

// G-10: compressed bodies are refused (415) before any of the body is read,
// so a small gzip bomb costs nothing.
func TestCompressedBodiesAreRefused(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte(`{"query":"{ stats { articles } }","pad":"`))
	zeros := make([]byte, 1<<20)
	for range 64 { // 64 MiB of zeros in a few tens of KiB
		zw.Write(zeros)
	}
	zw.Close()
	srv, err := New(memStore(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []string{"gzip", "deflate", "br", "GZIP"} {
		body := &countingReader{r: bytes.NewReader(bomb.Bytes())}
		req := httptest.NewRequest(http.MethodPost, "/query", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", enc)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnsupportedMediaType || !strings.Contains(rec.Body.String(), "UNSUPPORTED_ENCODING") {
			t.Errorf("Content-Encoding %s: %d %s", enc, rec.Code, rec.Body)
		}
		if body.n != 0 {
			t.Errorf("Content-Encoding %s: read %d bytes of a refused body", enc, body.n)
		}
	}
}

func apqExtension(query string) map[string]any {
	sum := sha256.Sum256([]byte(query))
	return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
}

// Automatic persisted queries: a hash the server has not seen asks for the
// text, the text with its hash registers it, the hash alone then runs it
// (over POST and GET); a wrong hash is a client error, not an internal
// one; the cache is bounded in entries and in query length.
func TestPersistedQueries(t *testing.T) {
	ts := start(t, memStore(t, graphtest.Corpus()...), Options{PersistedQueries: 2})
	q1 := `query One { stats { articles } }`
	hashOnly := func(q string) *gqlResponse {
		return postJSON(t, ts.URL, map[string]any{"extensions": apqExtension(q)})
	}
	register := func(q string) *gqlResponse {
		return postJSON(t, ts.URL, map[string]any{"query": q, "extensions": apqExtension(q)})
	}
	if out := hashOnly(q1); out.code() != "PERSISTED_QUERY_NOT_FOUND" || out.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("unknown hash: %s", out.Raw)
	}
	if out := register(q1); out.Errors != nil {
		t.Fatalf("registering: %s", out.Raw)
	}
	if out := hashOnly(q1); out.Errors != nil || out.Data["stats"] == nil {
		t.Fatalf("hash of a registered query: %s", out.Raw)
	}
	ext, _ := json.Marshal(apqExtension(q1))
	get := do(t, mustRequest(t, http.MethodGet, ts.URL+"/query?extensions="+url.QueryEscape(string(ext)), nil))
	if get.Status != 200 || get.Errors != nil {
		t.Errorf("GET with the hash: %d %s", get.Status, get.Raw)
	}

	wrong := postJSON(t, ts.URL, map[string]any{"query": q1, "extensions": apqExtension("{ other }")})
	if wrong.code() != "BAD_REQUEST" {
		t.Errorf("a hash that does not match its query: %s", wrong.Raw)
	}

	// Two more queries push the first out of a cache of two.
	register(`query Two { stats { events } }`)
	register(`query Three { stats { people } }`)
	if out := hashOnly(q1); out.code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("the cache kept more than 2 queries: %s", out.Raw)
	}
	long := fmt.Sprintf("query Long { stats { articles } }\n#%s", strings.Repeat("x", maxPersistedQuery))
	if out := register(long); out.Errors != nil {
		t.Fatalf("a long query with its hash: %s", out.Raw)
	}
	if out := hashOnly(long); out.code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("a query over %d bytes was cached", maxPersistedQuery)
	}

	off := start(t, memStore(t), Options{PersistedQueries: -1})
	if out := postJSON(t, off.URL, map[string]any{"extensions": apqExtension(q1)}); out.code() == "PERSISTED_QUERY_NOT_FOUND" || out.Errors == nil {
		t.Errorf("persisted queries turned off still answer: %s", out.Raw)
	}
}
