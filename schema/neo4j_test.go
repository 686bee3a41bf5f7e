package schema

import (
	"context"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/neo4j"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// TestMain stops the throwaway Neo4j server that the Neo4j tests may start.
func TestMain(m *testing.M) { neo4jtest.Main(m) }

// openNeo4j returns the test Neo4j, emptied, holding graphs. It skips the
// test without a server (fails it when CI=true; see neo4jtest).
func openNeo4j(t *testing.T, graphs ...graph.ArticleGraph) *neo4j.Store {
	t.Helper()
	uri, user, password := neo4jtest.Config(t)
	neo4jtest.Clean(t, uri, user, password)
	cfg := neo4j.DefaultConfig()
	cfg.URI, cfg.User, cfg.Password, cfg.Database = uri, user, password, neo4jtest.Database()
	cfg.ReadTimeout = 30 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("neo4j.Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if len(graphs) > 0 {
		res, err := s.Apply(ctx, graphs)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				t.Fatalf("apply %s: %v", r.ArticleID, r.Err)
			}
		}
	}
	return s
}

// TestQueriesNeo4j checks the golden responses of TestQueries against the
// Neo4j store: both stores give the same answers.
func TestQueriesNeo4j(t *testing.T) {
	store := openNeo4j(t, graphtest.Corpus()...)
	runQueryCases(t, newTestServer(t, store, testOptions()), false)
}

// TestNoNPlusOneNeo4j counts the store calls of the nested query on Neo4j.
func TestNoNPlusOneNeo4j(t *testing.T) {
	base := openNeo4j(t, world(12, 6)...)
	opts := testOptions()
	opts.LoaderWait = 100 * time.Millisecond
	cs := newCounting(base)
	ts := newTestServer(t, cs, opts)
	var got nestedResult
	ts.mustQuery(t, nestedQuery, map[string]any{"c": 12, "e": 6}, &got)
	checkNested(t, &got, 12, 6)
	if calls := cs.snapshot(); fmtCalls(calls) != fmtCalls(nestedCalls) {
		t.Errorf("store calls: %s, want %s", fmtCalls(calls), fmtCalls(nestedCalls))
	}
}

// TestMutationsNeo4j runs the mutation cases on Neo4j.
func TestMutationsNeo4j(t *testing.T) {
	runMutationCases(t, func(t *testing.T, graphs ...graph.ArticleGraph) graph.Store { return openNeo4j(t, graphs...) })
}
