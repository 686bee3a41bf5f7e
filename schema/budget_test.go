package schema

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// budgetQuery is one priced read; aliased(n) selects it n times.
const budgetQuery = `countries(first: 5) { edges { node { id name } } }`

func aliased(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, budgetQuery)
	}
	b.WriteString(" }")
	return b.String()
}

// budgetReply is a response with its headers.
type budgetReply struct {
	*gqlResponse
	header http.Header
}

// sendFrom posts q as the client at addr, with an Authorization header
// unless auth is "".
func (ts *testServer) sendFrom(t *testing.T, addr, auth, q string) budgetReply {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": q})
	req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(string(b)))
	req.RemoteAddr = addr
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	ts.h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	resp := &gqlResponse{Status: rec.Code, Body: string(body)}
	if err := json.Unmarshal(body, resp); err != nil {
		t.Fatalf("response is not JSON (%v): %.500s", err, body)
	}
	return budgetReply{resp, rec.Header()}
}

func (r budgetReply) mustSucceed(t *testing.T, what string) {
	t.Helper()
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("%s: HTTP %d %.300s, want a success", what, r.Status, r.Body)
	}
}

// mustBeLimited checks a RATE_LIMITED refusal: HTTP 429, and, when the
// budget will allow the operation again, a Retry-After within a minute.
func (r budgetReply) mustBeLimited(t *testing.T, what string, retry bool) {
	t.Helper()
	if r.code() != CodeRateLimited || r.Status != http.StatusTooManyRequests {
		t.Fatalf("%s: HTTP %d %.300s, want 429 %s", what, r.Status, r.Body, CodeRateLimited)
	}
	if r.Data != nil && string(r.Data) != "null" {
		t.Errorf("%s: a refusal carries data %s", what, r.Data)
	}
	h := r.header.Get("Retry-After")
	if !retry {
		if h != "" {
			t.Errorf("%s: Retry-After %q for an operation the budget can never allow", what, h)
		}
		return
	}
	secs, err := strconv.Atoi(h)
	if err != nil || secs < 1 || secs > 60 {
		t.Fatalf("%s: Retry-After %q, want whole seconds in [1, 60]", what, h)
	}
	if ext, _ := r.Errors[0].Extensions["retryAfter"].(float64); int(ext) != secs {
		t.Errorf("%s: extensions.retryAfter %v, header %d", what, r.Errors[0].Extensions["retryAfter"], secs)
	}
}

// G-15: a per-caller budget of cost points a minute. The request after the
// budget is spent gets RATE_LIMITED with Retry-After, without touching the
// store; aliases are charged one by one; cached answers are charged; other
// callers keep their own budget.
func TestCostBudget(t *testing.T) {
	cost := calcComplexity(t, "{"+budgetQuery+"}", nil)
	if got := calcComplexity(t, aliased(50), nil); got < 50*cost {
		t.Fatalf("50 aliases cost %d, want at least 50 × %d", got, cost)
	}
	// Ten requests' worth. Refilling cost points takes 6 s: far longer
	// than the test's requests.
	const perMinuteInRequests = 10
	newServer := func(t *testing.T) (*testServer, *countingStore) {
		o := mutationOptions()
		o.CostPerMinute = perMinuteInRequests * cost
		o.MaxAliases = 100
		o.MaxRootFields = 100
		o.ResponseCacheEntries = 100
		cs := newCounting(corpusStore(t))
		return newTestServer(t, cs, o), cs
	}
	single := "{" + budgetQuery + "}"
	const alice, bob = "192.0.2.1:40000", "192.0.2.2:40000"

	t.Run("request N+1", func(t *testing.T) {
		ts, cs := newServer(t)
		for i := range perMinuteInRequests {
			// The same query each time: from the second on, the answer
			// comes from the response cache and is charged all the same.
			ts.sendFrom(t, alice, "", single).mustSucceed(t, fmt.Sprintf("request %d", i+1))
		}
		cs.reset()
		ts.resolvers.Store(0)
		r := ts.sendFrom(t, alice, "", single)
		r.mustBeLimited(t, "request N+1", true)
		if n := cs.total(); n != 0 {
			t.Errorf("a refused request made store calls %s", fmtCalls(cs.snapshot()))
		}
		if n := ts.resolvers.Load(); n != 0 {
			t.Errorf("a refused request ran %d resolvers", n)
		}
		// Another address, and a key from the same address, have budgets
		// of their own.
		ts.sendFrom(t, bob, "", single).mustSucceed(t, "another address")
		ts.sendFrom(t, alice, "Bearer "+testReadKey, single).mustSucceed(t, "a key from the same address")
		ts.sendFrom(t, alice, "", single).mustBeLimited(t, "the spent address again", true)
	})

	t.Run("aliases spend the budget one by one", func(t *testing.T) {
		ts, _ := newServer(t)
		ts.sendFrom(t, alice, "Bearer "+testReadKey, aliased(7)).mustSucceed(t, "7 aliases")
		// 7 of 10 spent: three single requests pass, the fourth does not.
		for i := range 3 {
			ts.sendFrom(t, alice, "Bearer "+testReadKey, single).mustSucceed(t, fmt.Sprintf("single request %d after the aliases", i+1))
		}
		ts.sendFrom(t, alice, "Bearer "+testReadKey, single).mustBeLimited(t, "a fourth single request", true)
		// An address's budget is not spent by its key's requests.
		ts.sendFrom(t, alice, "", single).mustSucceed(t, "the address without the key")
	})

	t.Run("more than the whole budget", func(t *testing.T) {
		ts, cs := newServer(t)
		r := ts.sendFrom(t, alice, "", aliased(perMinuteInRequests+1))
		r.mustBeLimited(t, "an operation over the budget", false)
		if n := cs.total(); n != 0 {
			t.Errorf("store calls %s", fmtCalls(cs.snapshot()))
		}
		// It spent nothing.
		ts.sendFrom(t, alice, "", aliased(perMinuteInRequests)).mustSucceed(t, "the whole budget at once")
	})

	t.Run("mutations are charged by their articles", func(t *testing.T) {
		o := mutationOptions()
		o.CostPerMinute = 3 * ingestCostPerArticle
		ts := newTestServer(t, corpusStore(t), o)
		q := `mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { id } }`
		articles := []map[string]any{}
		for i := range 4 {
			articles = append(articles, map[string]any{"id": fmt.Sprintf("budget-%d", i), "text": "Wang Yi met Sergey Lavrov in Moscow."})
		}
		r := ts.send(t, "Bearer "+testWriteKey, q, map[string]any{"a": articles})
		if r.code() != CodeRateLimited {
			t.Fatalf("4 articles with a budget of 3: %.300s, want %s", r.Body, CodeRateLimited)
		}
		r = ts.send(t, "Bearer "+testWriteKey, q, map[string]any{"a": articles[:2]})
		if len(r.Errors) > 0 {
			t.Fatalf("2 articles with a budget of 3: %.300s", r.Body)
		}
	})
}
