package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
)

const (
	testWriteKey = "write-key-0123456789abcdef"
	testReadKey  = "read-key-0123456789abcdef"
)

var testExtractor = sync.OnceValues(func() (*extract.Extractor, error) {
	d, err := dict.Load()
	if err != nil {
		return nil, err
	}
	return extract.New(d)
})

func mutationOptions() Options {
	o := testOptions()
	o.APIKeys = []APIKey{{Key: testWriteKey, Role: RoleWrite}, {Key: testReadKey, Role: RoleRead}}
	o.NewExtractor = testExtractor
	return o
}

// send posts a query with variables and an Authorization header ("" for none).
func (ts *testServer) send(t testing.TB, auth, q string, vars map[string]any) *gqlResponse {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(string(b)))
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
	return resp
}

func (ts *testServer) write(t testing.TB, q string, vars map[string]any, out any) {
	t.Helper()
	r := ts.send(t, "Bearer "+testWriteKey, q, vars)
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		t.Fatalf("mutation failed (HTTP %d): %s\nquery: %s", r.Status, r.Body, q)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
}

func storeFingerprint(t testing.TB, s graph.Store) string {
	t.Helper()
	f, err := s.Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const (
	mDelete = `mutation($id: String!) { deleteArticle(id: $id) { id deleted } }`
	mAlias  = `mutation($e: ID!, $a: String!, $l: String) { addAlias(entity: $e, alias: $a, lang: $l) { id names { text lang } } }`
	mMerge  = `mutation($k: ID!, $d: ID!) { mergeEntities(keep: $k, drop: $d) { id name names { text lang } } }`
	mIngest = `mutation($as: [ArticleInput!]!) { ingestArticles(articles: $as) { id status code message nodesCreated } }`
)

// TestMutations runs every mutation on the embedded store.
func TestMutations(t *testing.T) {
	runMutationCases(t, func(t *testing.T, graphs ...graph.ArticleGraph) graph.Store { return openStore(t, graphs...) })
}

func runMutationCases(t *testing.T, open func(t *testing.T, graphs ...graph.ArticleGraph) graph.Store) {
	// Build the dictionaries before any request: a request's timeout is for
	// the ingest, and the server builds them at start (cmd/dipgraph).
	if _, err := testExtractor(); err != nil {
		t.Fatal(err)
	}
	t.Run("Refusals", func(t *testing.T) {
		s := open(t, graphtest.Corpus()...)
		ts := newTestServer(t, s, mutationOptions())
		before := storeFingerprint(t, s)
		vars := map[string]any{"id": graphtest.ArtHindi}
		for _, tc := range []struct {
			name, auth, want string
		}{
			{"NoKey", "", CodeUnauthenticated},
			{"ReadKey", "Bearer " + testReadKey, CodeForbidden},
			{"WrongKey", "Bearer " + testWriteKey + "x", CodeUnauthenticated},
			{"KeyPrefix", "Bearer " + testWriteKey[:len(testWriteKey)-1], CodeUnauthenticated},
			{"NotBearer", "Basic " + testWriteKey, CodeUnauthenticated},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := ts.send(t, tc.auth, mDelete, vars)
				if r.code() != tc.want || string(r.Data) != "null" && len(r.Data) != 0 {
					t.Errorf("deleteArticle with %q: code %q, data %s; want %s and no data", tc.name, r.code(), r.Data, tc.want)
				}
				if strings.Contains(r.Body, testWriteKey) || strings.Contains(r.Body, testReadKey) {
					t.Errorf("the response echoes the key: %s", r.Body)
				}
			})
		}
		// G-14 for every mutation: valid arguments, so that only the key
		// decides.
		for _, m := range []struct {
			name, doc string
			vars      map[string]any
		}{
			{"ingestArticles", mIngest, map[string]any{"as": []map[string]any{{"id": "g14", "text": "Wang Yi met Sergey Lavrov in Moscow."}}}},
			{"deleteArticle", mDelete, vars},
			{"addAlias", mAlias, map[string]any{"e": "Person:lavrov", "a": "Лавров С. В.", "l": "ru"}},
			{"mergeEntities", mMerge, map[string]any{"k": "Country:CN", "d": "Country:RU"}},
		} {
			for _, key := range []struct{ name, auth, want string }{
				{"NoKey", "", CodeUnauthenticated},
				{"ReadKey", "Bearer " + testReadKey, CodeForbidden},
				{"WrongKey", "Bearer " + testReadKey + "x", CodeUnauthenticated},
			} {
				r := ts.send(t, key.auth, m.doc, m.vars)
				if r.code() != key.want || string(r.Data) != "null" && len(r.Data) != 0 {
					t.Errorf("%s with %s: code %q, data %s; want %s and no data", m.name, key.name, r.code(), r.Data, key.want)
				}
			}
		}
		t.Run("GET", func(t *testing.T) {
			q := url.Values{"query": {`mutation { deleteArticle(id: "` + graphtest.ArtHindi + `") { deleted } }`}}
			req := httptest.NewRequest(http.MethodGet, "/query?"+q.Encode(), nil)
			req.Header.Set("Authorization", "Bearer "+testWriteKey)
			rec := httptest.NewRecorder()
			ts.h.ServeHTTP(rec, req)
			if rec.Code == http.StatusOK || !strings.Contains(rec.Body.String(), "errors") {
				t.Errorf("a mutation over GET: HTTP %d %s; want it refused", rec.Code, rec.Body)
			}
		})
		if after := storeFingerprint(t, s); after != before {
			t.Errorf("refused mutations changed the store: fingerprint %s, was %s", after, before)
		}
		if logs := ts.logs.String(); strings.Contains(logs, testWriteKey) || strings.Contains(logs, testReadKey) {
			t.Errorf("a key reached the log: %s", logs)
		}
		// Reads need no key unless configured so.
		if r := ts.send(t, "", `{ country(code: "CN") { name } }`, nil); len(r.Errors) > 0 {
			t.Errorf("a query without a key: %s", r.Body)
		}
		opts := mutationOptions()
		opts.RequireKeyForReads = true
		strict := newTestServer(t, s, opts)
		if r := strict.send(t, "", `{ country(code: "CN") { name } }`, nil); r.code() != CodeUnauthenticated {
			t.Errorf("a query without a key where reads need one: %s", r.Body)
		}
		if r := strict.send(t, "Bearer "+testReadKey, `{ country(code: "CN") { name } }`, nil); len(r.Errors) > 0 {
			t.Errorf("a query with a read key: %s", r.Body)
		}
		// No key configured: no mutation is possible at all.
		open := newTestServer(t, s, testOptions())
		if r := open.send(t, "Bearer "+testWriteKey, mDelete, vars); r.code() != CodeUnauthenticated {
			t.Errorf("a mutation on a server without keys: %s", r.Body)
		}
	})

	// G-4, G-8, G-9 and G-1 with a write key: batching mutations by aliases
	// or a JSON array, a 100 MB body and a deep selection under a mutation
	// are refused, and nothing is written.
	t.Run("Amplification", func(t *testing.T) {
		s := open(t, graphtest.Corpus()...)
		ts := newTestServer(t, s, mutationOptions())
		before := storeFingerprint(t, s)
		auth := "Bearer " + testWriteKey
		var aliased strings.Builder
		aliased.WriteString("mutation {")
		for i := range 20 {
			fmt.Fprintf(&aliased, ` a%d: ingestArticles(articles: [{id: "amp-%d", text: "Wang Yi met Sergey Lavrov in Moscow."}]) { status }`, i, i)
		}
		aliased.WriteString(" }")
		if r := ts.send(t, auth, aliased.String(), nil); r.code() != CodeTooManyRootFields {
			t.Errorf("ingestArticles aliased 20 times: %.300s; want %s", r.Body, CodeTooManyRootFields)
		}
		two := `mutation { a: deleteArticle(id: "` + graphtest.ArtHindi + `") { deleted } b: deleteArticle(id: "` + graphtest.ArtUrdu + `") { deleted } }`
		if r := ts.send(t, auth, two, nil); r.code() != CodeTooManyRootFields {
			t.Errorf("two deleteArticle in one request: %.300s; want %s", r.Body, CodeTooManyRootFields)
		}
		one, _ := json.Marshal(map[string]any{"query": mDelete, "variables": map[string]any{"id": graphtest.ArtHindi}})
		batch := "[" + string(one) + "," + strings.ReplaceAll(string(one), graphtest.ArtHindi, graphtest.ArtUrdu) + "]"
		req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(batch))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		ts.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("a JSON array of two mutations: HTTP %d %.300s; want 400", rec.Code, rec.Body)
		}
		// 100 MB of an ingest, streamed: refused having read little more
		// than the limit.
		const size = 100 << 20
		prefix := `{"query": "mutation($as: [ArticleInput!]!) { ingestArticles(articles: $as) { status } }", "variables": {"as": [{"text": "`
		body := &readCounter{r: io.MultiReader(strings.NewReader(prefix), io.LimitReader(repeatByte('A'), size))}
		req = httptest.NewRequest(http.MethodPost, "/query", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", auth)
		req.ContentLength = -1
		rec = httptest.NewRecorder()
		ts.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("a 100 MB ingest: HTTP %d %.300s; want 413", rec.Code, rec.Body)
		}
		if limit := ts.h.opts.MaxBodyBytes; body.n > limit+4<<10 {
			t.Errorf("read %d bytes of a 100 MB body over the %d-byte limit", body.n, limit)
		}
		deep := `mutation { addAlias(entity: "Country:CN", alias: "Zhongguo") { ... on Country { events { nodes { participants { actor {` +
			strings.Repeat(` ... on Country { events { nodes { participants { actor {`, 12) + ` id` + strings.Repeat(` } } } } }`, 13) + ` } }`
		if r := ts.send(t, auth, deep, nil); r.code() != CodeDepthLimit {
			t.Errorf("a deep selection under addAlias: %.300s; want %s", r.Body, CodeDepthLimit)
		}
		if after := storeFingerprint(t, s); after != before {
			t.Errorf("refused mutations changed the store: fingerprint %s, was %s", after, before)
		}
	})

	t.Run("DeleteArticle", func(t *testing.T) {
		s := open(t, graphtest.Corpus()...)
		ts := newTestServer(t, s, mutationOptions())
		var got struct {
			DeleteArticle struct {
				ID      string
				Deleted bool
			}
		}
		ts.write(t, mDelete, map[string]any{"id": graphtest.ArtUrdu}, &got)
		if !got.DeleteArticle.Deleted || got.DeleteArticle.ID != graphtest.ArtUrdu {
			t.Errorf("deleteArticle = %+v", got)
		}
		others := graphtest.Corpus()
		others = append(others[:1], others[2:]...)
		if f, want := storeFingerprint(t, s), graphtest.NewModel(others...).Fingerprint(); f != want {
			t.Errorf("fingerprint after deleteArticle = %s, want the graph without the article %s", f, want)
		}
		if r := ts.send(t, "Bearer "+testWriteKey, mDelete, map[string]any{"id": graphtest.ArtUrdu}); r.code() != CodeNotFound {
			t.Errorf("deleting it again: %s; want NOT_FOUND", r.Body)
		}
	})

	t.Run("AddAlias", func(t *testing.T) {
		s := open(t, graphtest.Corpus()...)
		ts := newTestServer(t, s, mutationOptions())
		var got struct {
			AddAlias struct {
				ID    string
				Names []struct{ Text, Lang string }
			}
		}
		ts.write(t, mAlias, map[string]any{"e": "Person:lavrov", "a": "لافروف", "l": "ar"}, &got)
		if got.AddAlias.ID != "Person:lavrov" || !strings.Contains(fmt.Sprint(got.AddAlias.Names), "{لافروف ar}") {
			t.Errorf("addAlias = %+v", got)
		}
		var hits struct {
			Search []struct {
				Node  struct{ ID string }
				Score float64
			}
		}
		ts.mustQuery(t, `{ search(query: "لافروف") { node { id } score } }`, nil, &hits)
		if len(hits.Search) == 0 || hits.Search[0].Node.ID != "Person:lavrov" || hits.Search[0].Score != 3 {
			t.Errorf("search for the new alias = %+v", hits)
		}
		m := graphtest.NewModel(graphtest.Corpus()...)
		m.AddAlias(graphtest.P("lavrov"), graph.Name{Text: "لافروف", Lang: "ar"})
		if f := storeFingerprint(t, s); f != m.Fingerprint() {
			t.Errorf("fingerprint after addAlias = %s, want the model's %s", f, m.Fingerprint())
		}
		for _, tc := range []struct {
			vars map[string]any
			code string
		}{
			{map[string]any{"e": "lavrov", "a": "x"}, CodeBadUserInput},
			{map[string]any{"e": "Person:nobody", "a": "Nobody"}, CodeNotFound},
			{map[string]any{"e": "Person:lavrov", "a": " "}, CodeBadUserInput},
			{map[string]any{"e": "Person:lavrov", "a": "Lavrov", "l": "not a tag"}, CodeBadUserInput},
		} {
			if r := ts.send(t, "Bearer "+testWriteKey, mAlias, tc.vars); r.code() != tc.code || r.Errors[0].Message == "invalid input" {
				t.Errorf("addAlias(%v): %s; want %s with a message saying why", tc.vars, r.Body, tc.code)
			}
		}
	})

	t.Run("MergeEntities", func(t *testing.T) {
		graphs := append(graphtest.Corpus(), graphtest.CorpusDuplicate())
		s := open(t, graphs...)
		ts := newTestServer(t, s, mutationOptions())
		var got struct {
			MergeEntities struct {
				ID, Name string
				Names    []struct{ Text, Lang string }
			}
		}
		ts.write(t, mMerge, map[string]any{"k": "Person:wang-yi", "d": "Person:wang-yi-2"}, &got)
		if got.MergeEntities.ID != "Person:wang-yi" || got.MergeEntities.Name != "Wang Yi" || !strings.Contains(fmt.Sprint(got.MergeEntities.Names), "Wang Yi (minister)") {
			t.Errorf("mergeEntities = %+v", got)
		}
		var after struct {
			Dropped *struct{ Key string }
			Kept    struct {
				Events struct{ TotalCount int }
			}
		}
		ts.mustQuery(t, `{ dropped: person(id: "wang-yi-2") { key } kept: person(id: "wang-yi") { events { totalCount } } }`, nil, &after)
		if after.Dropped != nil || after.Kept.Events.TotalCount != 4 {
			t.Errorf("after the merge: %+v; want wang-yi-2 gone and wang-yi in 4 events (E1, E3 and two of the duplicate's)", after)
		}
		m := graphtest.NewModel(graphs...)
		m.Merge(graphtest.P("wang-yi"), graphtest.P("wang-yi-2"))
		if f := storeFingerprint(t, s); f != m.Fingerprint() {
			t.Errorf("fingerprint after mergeEntities = %s, want the model's %s", f, m.Fingerprint())
		}
		for _, tc := range []struct {
			vars       map[string]any
			code, text string
		}{
			{map[string]any{"k": "Person:lavrov", "d": "Person:lavrov"}, CodeBadUserInput, "into itself"},
			{map[string]any{"k": "Person:lavrov", "d": "Person:nobody"}, CodeNotFound, "Person:nobody"},
			{map[string]any{"k": "Country:RU", "d": "Person:lavrov"}, CodeBadUserInput, "different kinds"},
		} {
			if r := ts.send(t, "Bearer "+testWriteKey, mMerge, tc.vars); r.code() != tc.code || !strings.Contains(r.Errors[0].Message, tc.text) {
				t.Errorf("mergeEntities(%v): %s; want %s saying %q", tc.vars, r.Body, tc.code, tc.text)
			}
		}
	})

	t.Run("IngestArticles", func(t *testing.T) {
		s := open(t)
		opts := mutationOptions()
		opts.MaxArticleBytes = 300
		ts := newTestServer(t, s, opts)
		articles := []map[string]any{
			{"id": "gql-1", "lang": "en", "published": "2024-07-15", "title": "Wang Yi meets Lavrov",
				"text": "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Moscow on Monday. They discussed Ukraine."},
			{"id": "gql-2", "text": "  "},
			{"id": "gql-3", "text": strings.Repeat("India and Pakistan held talks. ", 10)},
		}
		type result struct {
			ID           *string
			Status       string
			Code         *string
			NodesCreated int
		}
		var got struct{ IngestArticles []result }
		ts.write(t, mIngest, map[string]any{"as": articles}, &got)
		if n := len(got.IngestArticles); n != 3 {
			t.Fatalf("ingestArticles returned %d results for 3 articles: %+v", n, got)
		}
		r0, r1, r2 := got.IngestArticles[0], got.IngestArticles[1], got.IngestArticles[2]
		if r0.Status != "LOADED" || r0.ID == nil || *r0.ID != "gql-1" || r0.NodesCreated == 0 {
			t.Errorf("the good article: %+v", r0)
		}
		if r1.Status != "FAILED" || r1.Code == nil || *r1.Code != "MISSING_TEXT" {
			t.Errorf("the empty article: %+v", r1)
		}
		if r2.Status != "FAILED" || r2.Code == nil || *r2.Code != "TOO_LARGE" {
			t.Errorf("the article over the size cap: %+v", r2)
		}
		var q struct {
			Article *struct{ Title string }
		}
		ts.mustQuery(t, `{ article(id: "gql-1") { title } }`, nil, &q)
		if q.Article == nil || q.Article.Title != "Wang Yi meets Lavrov" {
			t.Errorf("the ingested article: %+v", q)
		}
		n, err := s.CountArticles(context.Background(), graph.ArticleFilter{})
		if err != nil || n != 1 {
			t.Errorf("%d articles stored (%v), want 1", n, err)
		}
		fp := storeFingerprint(t, s)
		ts.write(t, mIngest, map[string]any{"as": articles[:1]}, &got)
		if len(got.IngestArticles) != 1 || got.IngestArticles[0].Status != "UNCHANGED" {
			t.Errorf("ingesting it again: %+v, want UNCHANGED", got)
		}
		if storeFingerprint(t, s) != fp {
			t.Error("ingesting an unchanged article changed the store")
		}
		many := make([]map[string]any, 101)
		for i := range many {
			many[i] = map[string]any{"text": fmt.Sprintf("Article %d.", i)}
		}
		if r := ts.send(t, "Bearer "+testWriteKey, mIngest, map[string]any{"as": many}); r.code() != CodeBadUserInput {
			t.Errorf("101 articles in one call: %.300s; want BAD_USER_INPUT", r.Body)
		}
		badDate := []map[string]any{{"text": "India and Pakistan held talks.", "published": "15/07/2024"}}
		if r := ts.send(t, "Bearer "+testWriteKey, mIngest, map[string]any{"as": badDate}); r.code() != CodeBadUserInput || !strings.Contains(r.Body, "published") {
			t.Errorf("a bad date: %.300s; want BAD_USER_INPUT naming published", r.Body)
		}
		if r := ts.send(t, "Bearer "+testReadKey, mIngest, map[string]any{"as": articles[:1]}); r.code() != CodeForbidden {
			t.Errorf("ingest with a read key: %.300s; want FORBIDDEN", r.Body)
		}
		if storeFingerprint(t, s) != fp {
			t.Error("refused ingests changed the store")
		}
	})
}

// readCounter counts the bytes a handler reads of a body.
type readCounter struct {
	r io.Reader
	n int64
}

func (c *readCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// repeatByte is an endless reader of one byte.
type repeatByte byte

func (b repeatByte) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}
