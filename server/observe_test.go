package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/schema"
)

// /metrics counts requests and latency per operation name and outcome,
// refusals per reason, store calls per method, and loader counters.
func TestMetrics(t *testing.T) {
	ts := start(t, memStore(t, graphtest.Corpus()...), Options{})
	m := ts.srv.Metrics()
	if out := post(t, ts.URL, `query Countries { countries(first: 3) { totalCount nodes { code } } }`); out.Errors != nil {
		t.Fatal(out.Raw)
	}
	post(t, ts.URL, `{ stats { articles } }`)
	deep := "{ country(code: \"CN\") " + strings.Repeat("{ events { edges { node ", 10) + "{ id }" + strings.Repeat(" } } }", 10) + " }"
	if out := post(t, ts.URL, "query TooDeep "+deep); out.code() != "DEPTH_LIMIT_EXCEEDED" {
		t.Fatalf("depth 30: %s", out.Raw)
	}
	m.CountLoad(5, 2, 1)

	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"dipgraph_graphql_requests_total", map[string]string{"operation": "Countries", "outcome": "ok"}, 1},
		{"dipgraph_graphql_requests_total", map[string]string{"operation": "anonymous", "outcome": "ok"}, 1},
		{"dipgraph_graphql_requests_total", map[string]string{"operation": "TooDeep", "outcome": "rejected"}, 1},
		{"dipgraph_refusals_total", map[string]string{"reason": "DEPTH_LIMIT_EXCEEDED"}, 1},
		{"dipgraph_http_requests_total", map[string]string{"route": "/query", "code": "200"}, 3},
		{"dipgraph_loader_articles_total", map[string]string{"result": "loaded"}, 5},
		{"dipgraph_loader_articles_total", map[string]string{"result": "failed"}, 1},
	}
	for _, c := range checks {
		if got := counterValue(t, m, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if n := histogramCount(t, m, "dipgraph_graphql_request_duration_seconds", map[string]string{"operation": "Countries"}); n != 1 {
		t.Errorf("latency samples of Countries: %d", n)
	}
	if n := histogramCount(t, m, "dipgraph_store_call_duration_seconds", map[string]string{"method": "ListEntities", "outcome": "ok"}); n == 0 {
		t.Error("no store latency recorded for ListEntities")
	}

	// The exposition format, as Prometheus scrapes it.
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`dipgraph_graphql_requests_total{operation="Countries",outcome="ok"} 1`,
		`dipgraph_refusals_total{reason="DEPTH_LIMIT_EXCEEDED"} 1`,
		`dipgraph_store_call_duration_seconds_count{method="ListEntities",outcome="ok"}`,
		`dipgraph_loader_articles_total{result="unchanged"} 2`,
		"go_goroutines", "process_resident_memory_bytes",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// Operation names come from clients: the label takes at most
// maxOperationLabels of them, and malformed ones share one value.
func TestOperationLabelsAreBounded(t *testing.T) {
	var o operationLabels
	seen := map[string]bool{}
	for i := range 3 * maxOperationLabels {
		seen[o.label(fmt.Sprintf("Op%d", i))] = true
	}
	if len(seen) != maxOperationLabels+1 || !seen["other"] {
		t.Errorf("%d distinct labels for %d names, want %d and other", len(seen), 3*maxOperationLabels, maxOperationLabels+1)
	}
	for name, want := range map[string]string{"": "anonymous", "a b": "invalid", strings.Repeat("x", 65): "invalid", "Op0": "Op0"} {
		if got := o.label(name); got != want {
			t.Errorf("label(%q) = %q, want %q", name, got, want)
		}
	}
}

// Every method of graph.Store is timed: a method added to the interface
// and not to instrumentedStore fails here.
func TestEveryStoreMethodIsTimed(t *testing.T) {
	m := NewMetrics()
	store := m.InstrumentStore(memStore(t, graphtest.Corpus()...))
	iface := reflect.TypeFor[graph.Store]()
	v := reflect.ValueOf(store)
	for i := range iface.NumMethod() {
		method := iface.Method(i)
		if method.Name == "Close" {
			continue
		}
		args := make([]reflect.Value, method.Type.NumIn())
		for j := range args {
			args[j] = reflect.Zero(method.Type.In(j))
		}
		args[0] = reflect.ValueOf(context.Background())
		if method.Name == "Walk" {
			args[1] = reflect.ValueOf(graph.Visitor(nopVisitor{}))
		}
		func() {
			defer func() { recover() }() // zero arguments may be refused any way; only the timing matters
			v.MethodByName(method.Name).Call(args)
		}()
		if n := histogramCount(t, m, "dipgraph_store_call_duration_seconds", map[string]string{"method": method.Name}); n == 0 {
			t.Errorf("store method %s is not timed: add it to instrumentedStore", method.Name)
		}
	}
}

type nopVisitor struct{}

func (nopVisitor) Entity(*graph.Entity) error                    { return nil }
func (nopVisitor) Event(*graph.Event) error                      { return nil }
func (nopVisitor) Article(*graph.Article, []graph.Mention) error { return nil }

// One JSON log line per request, with the id the client got, the route,
// status and operation; never a header, a query string or a body, which
// may carry keys and passwords.
func TestRequestLogs(t *testing.T) {
	const secret = "s3cr3t-7f1d-0123456789"
	ts := start(t, memStore(t, graphtest.Corpus()...), Options{APIKeys: []schema.APIKey{{Key: secret, Role: schema.RoleRead}}})
	out := postJSON(t, ts.URL+"", map[string]any{
		"query":     `query Lookup($q: String!) { search(query: $q) { matched } }`,
		"variables": map[string]any{"q": secret},
	}, "Authorization", "Bearer "+secret, "X-Api-Key", secret, "Cookie", "session="+secret)
	if out.Errors != nil {
		t.Fatal(out.Raw)
	}
	req := mustRequest(t, http.MethodGet, ts.URL+"/stats?api_key="+secret, nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	stats := do(t, req)

	logs := ts.logs.String()
	if strings.Contains(logs, secret) {
		t.Errorf("the log holds a secret:\n%s", logs)
	}
	lines := map[string]map[string]any{} // request id → access line
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("a log line is not JSON: %s", sc.Text())
		}
		if line["msg"] == "http request" {
			lines[line["requestId"].(string)] = line
		}
	}
	q := lines[out.Header.Get("X-Request-Id")]
	if q == nil {
		t.Fatalf("no log line with the request id %q the client got:\n%s", out.Header.Get("X-Request-Id"), logs)
	}
	for k, want := range map[string]any{"method": "POST", "path": "/query", "route": "/query", "status": 200.0, "operation": "Lookup", "outcome": "ok"} {
		if q[k] != want {
			t.Errorf("log %s = %v, want %v", k, q[k], want)
		}
	}
	s := lines[stats.Header.Get("X-Request-Id")]
	if s == nil || s["path"] != "/stats" || s["route"] != "GET /stats" {
		t.Errorf("the /stats line: %v", s)
	}
}
