package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
)

func newServer(t *testing.T, introspection bool) *httptest.Server {
	t.Helper()
	s, err := memory.Open(context.Background(), memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Apply(context.Background(), []graph.ArticleGraph{graphtest.CorpusRussian()}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(New(s, Options{Introspection: introspection}))
	t.Cleanup(ts.Close)
	return ts
}

func post(t *testing.T, url, query string) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(url+"/query", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	return out
}

func TestGraphQLIsMounted(t *testing.T) {
	ts := newServer(t, false)
	out := post(t, ts.URL, `{ stats { fingerprint } }`)
	if out["errors"] != nil {
		t.Fatalf("errors: %v", out["errors"])
	}
	fp := out["data"].(map[string]any)["stats"].(map[string]any)["fingerprint"].(string)
	if !strings.HasPrefix(fp, "sha256:") {
		t.Errorf("fingerprint %q", fp)
	}
}

// G-11: introspection follows the profile.
func TestIntrospectionFollowsTheProfile(t *testing.T) {
	for _, dev := range []bool{false, true} {
		out := post(t, newServer(t, dev).URL, `{ __schema { types { name } } }`)
		if gotErr := out["errors"] != nil; gotErr == dev {
			t.Errorf("introspection=%v: errors %v", dev, out["errors"])
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	ts := newServer(t, false)
	for _, path := range []string{"/healthz", "/readyz", "/stats"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
}
