package schema

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
)

func get(t *testing.T, h http.Handler, query string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/query?query="+url.QueryEscape(query), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestNewHandler(t *testing.T) {
	store := corpusStore(t)
	h := NewHandler(store, Options{})
	// GET carries queries.
	code, body := get(t, h, `{ country(code: "CN") { name } }`)
	if code != http.StatusOK || !strings.Contains(body, `"China"`) {
		t.Errorf("GET: %d %s", code, body)
	}
	// Every response names its request.
	req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(`{"query": "{ stats { events } }"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("X-Request-Id") == "" || rec.Code != http.StatusOK {
		t.Errorf("POST: %d, X-Request-Id %q", rec.Code, rec.Header().Get("X-Request-Id"))
	}
	// Other content types and methods are not GraphQL.
	req = httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(`query=%7B__typename%7D`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("form POST: %d %s", rec.Code, rec.Body)
	}
	// GET cannot be disabled by accident, but can on purpose.
	if code, _ := get(t, NewHandler(store, Options{DisableGET: true}), `{ __typename }`); code != http.StatusBadRequest {
		t.Errorf("GET with DisableGET: %d", code)
	}
}

func TestIntrospection(t *testing.T) {
	store := corpusStore(t)
	const q = `{ __schema { queryType { name } } }`
	typo := `{ country(code: "CN") { nmae } }`
	for _, on := range []bool{true, false} {
		opts := testOptions()
		opts.Introspection = on
		ts := newTestServer(t, store, opts)
		r := ts.query(t, q, nil)
		if got := len(r.Errors) == 0; got != on {
			t.Errorf("introspection %v: %s", on, r.Body)
		}
		r = ts.query(t, typo, nil)
		if len(r.Errors) == 0 {
			t.Fatalf("typo answered: %s", r.Body)
		}
		if suggests := strings.Contains(r.Errors[0].Message, "Did you mean"); suggests != on {
			t.Errorf("introspection %v: suggestions %v: %s", on, suggests, r.Errors[0].Message)
		}
	}
	// GraphiQL's introspection query is deeper than MaxDepth: the depth
	// limit leaves introspection to gqlparser's own rule.
	ts := newTestServer(t, store, testOptions())
	ts.mustQuery(t, graphiQLIntrospection, nil, nil)
}

// graphiQLIntrospection is the query GraphiQL 4 sends (graphql-js
// getIntrospectionQuery with default options, TypeRef nine levels deep).
const graphiQLIntrospection = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}`

// The refusals are counted for metrics.
func TestOnRefusal(t *testing.T) {
	var codes []string
	opts := testOptions()
	opts.OnRefusal = func(code string) { codes = append(codes, code) }
	ts := newTestServer(t, corpusStore(t), opts)
	ts.query(t, deep(60), nil)
	ts.query(t, `{ countries(first: 100) { nodes { events(first: 100) { nodes { id } } } } }`, nil)
	ts.post(t, `[]`)
	want := []string{CodeDepthLimit, CodeComplexityLimit, CodeBadRequest}
	if strings.Join(codes, ",") != strings.Join(want, ",") {
		t.Errorf("refusals %v, want %v", codes, want)
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	d := DefaultOptions()
	if o.MaxDepth != 12 || o.MaxAliases != 30 || o.MaxRootFields != 10 || o.MaxMutationRootFields != 1 ||
		o.Timeout != d.Timeout || o.MaxTokens != d.MaxTokens || o.Logger == nil || o.Introspection {
		b, _ := json.Marshal(o)
		t.Errorf("defaults: %s", b)
	}
}

var _ graph.Store = (*failingStore)(nil)
