// Package graphtest is the conformance suite every graph.Store must pass,
// with builders that make valid article graphs and a reference Model of
// what a store must hold for a set of articles.
//
// A backend runs it from a test:
//
//	func TestConformance(t *testing.T) {
//		graphtest.Run(t, func(t *testing.T) graph.Store {
//			s := open(t) // a fresh, empty store
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Run calls newStore once per top-level subtest (nested subtests share
// the store and run in order) and never runs subtests in parallel, so a
// backend may hand out the same database, emptied, each time.
// Close may be called twice (the Closed subtest closes the store itself).
//
// The golden files in graph/graphtest/testdata hold the fingerprint and the
// canonical dump of Corpus; every backend is compared with the same files,
// which proves that the same input gives the same graph on each of them.
// The files hold the reference Model's graph of the corpus, and the
// package's own TestGoldenMatchesModel keeps them so. After an intended
// change of the dump format or of the corpus, rewrite them with
//
//	go test ./graph/graphtest -run GoldenMatchesModel -update
//
// or from a store (then TestGoldenMatchesModel tells whether the store
// agrees with the model):
//
//	go test ./graph/memory -run Conformance/Golden -update
//
// The -update flag is defined by this package: a test binary that imports
// graphtest must not define its own flag named "update".
package graphtest

import (
	"context"
	"errors"
	"flag"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dipgraph/dipgraph/graph"
)

var update = flag.Bool("update", false, "rewrite graph/graphtest/testdata golden files from the store under test")

// Timeout bounds every subtest's context.
var Timeout = 60 * time.Second

type subtest struct {
	name string
	run  func(t *testing.T, s graph.Store)         // gets a fresh store
	own  func(t *testing.T, newStore NewStoreFunc) // opens its own stores
}

// NewStoreFunc returns a fresh, empty store and registers its Close with
// t.Cleanup.
type NewStoreFunc = func(t *testing.T) graph.Store

// Run runs the conformance suite, one subtest per property, each on a
// fresh store from newStore.
func Run(t *testing.T, newStore NewStoreFunc) {
	t.Helper()
	tests := []subtest{
		{name: "ApplyReadBack", run: testApplyReadBack},
		{name: "Idempotent", run: testIdempotent},
		{name: "ChangedArticle", run: testChangedArticle},
		{name: "Delete", run: testDelete},
		{name: "OrderIndependence", run: testOrderIndependence},
		{name: "SameEventTwoArticles", run: testSameEvent},
		{name: "DerivedFromReports", run: testDerivedFromReports},
		{name: "InvalidInBatch", run: testInvalidInBatch},
		{name: "Concurrency", run: testConcurrency},
		{name: "Pagination", run: testPagination},
		{name: "Filters", run: testFilters},
		{name: "Batch", run: testBatch},
		{name: "EventCounts", run: testEventCounts},
		{name: "Search", run: testSearch},
		{name: "Neighborhood", run: testNeighborhood},
		{name: "ShortestPaths", run: testShortestPaths},
		{name: "Bilateral", run: testBilateral},
		{name: "CountsAndDump", run: testCountsAndDump},
		{name: "Golden", run: testGolden},
		{name: "InjectionAndUnicode", run: testInjection},
		{name: "AddAlias", run: testAddAlias},
		{name: "Merge", run: testMerge},
		{name: "Closed", run: testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(t)) })
	}
}

// ctx returns a context that ends with the test or after Timeout.
func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(t.Context(), Timeout)
	t.Cleanup(cancel)
	return c
}

// cmpOpts compare domain values: nil and empty slices are equal.
var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// apply applies graphs in one batch and fails the test on any error.
func apply(t *testing.T, s graph.Store, graphs ...graph.ArticleGraph) []graph.ApplyResult {
	t.Helper()
	res, err := s.Apply(ctx(t), graphs)
	if err != nil {
		t.Fatalf("Apply(%s): %v", articleIDs(graphs), err)
	}
	if len(res) != len(graphs) {
		t.Fatalf("Apply(%s) returned %d results for %d graphs", articleIDs(graphs), len(res), len(graphs))
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("Apply(%s): result %d (%s): %v", articleIDs(graphs), i, r.ArticleID, r.Err)
		}
		if r.ArticleID != graphs[i].Article.ID {
			t.Fatalf("Apply(%s): result %d has ArticleID %q, want %q (results in input order)", articleIDs(graphs), i, r.ArticleID, graphs[i].Article.ID)
		}
	}
	return res
}

// applyInBatches applies graphs in order, size graphs per call.
func applyInBatches(t *testing.T, s graph.Store, size int, graphs []graph.ArticleGraph) {
	t.Helper()
	for i := 0; i < len(graphs); i += size {
		apply(t, s, graphs[i:min(i+size, len(graphs))]...)
	}
}

func articleIDs(graphs []graph.ArticleGraph) string {
	ids := make([]string, len(graphs))
	for i, g := range graphs {
		ids[i] = g.Article.ID
	}
	return strings.Join(ids, ",")
}

func dump(t *testing.T, s graph.Store) []string {
	t.Helper()
	d, err := graph.CanonicalDump(ctx(t), s)
	if err != nil {
		t.Fatalf("CanonicalDump: %v", err)
	}
	return d
}

func fingerprint(t *testing.T, s graph.Store) string {
	t.Helper()
	f, err := s.Fingerprint(ctx(t))
	if err != nil {
		t.Fatalf("Fingerprint: %v", err)
	}
	return f
}

// checkGraph asserts that the store holds exactly the model's graph: the
// canonical dump (diffed line by line) and the store's Fingerprint.
func checkGraph(t *testing.T, s graph.Store, m *Model) {
	t.Helper()
	got, want := dump(t, s), m.Dump()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("canonical dump differs from the reference model (-want +got):\n%s", diff)
	}
	if got, want := fingerprint(t, s), m.Fingerprint(); got != want {
		t.Errorf("Fingerprint() = %s, want %s (the reference model's)", got, want)
	}
}

// counts returns the store's counts without zero entries.
func counts(t *testing.T, s graph.Store) *graph.Counts {
	t.Helper()
	c, err := s.Counts(ctx(t))
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return normCounts(c)
}

func normCounts(c *graph.Counts) *graph.Counts {
	out := &graph.Counts{Nodes: map[graph.Kind]int{}, Edges: map[string]int{}}
	if c == nil {
		return out
	}
	for k, n := range c.Nodes {
		if n != 0 {
			out.Nodes[k] = n
		}
	}
	for k, n := range c.Edges {
		if n != 0 {
			out.Edges[k] = n
		}
	}
	return out
}

func checkCounts(t *testing.T, s graph.Store, m *Model) {
	t.Helper()
	if diff := cmp.Diff(m.Counts(), counts(t, s), cmpOpts...); diff != "" {
		t.Errorf("Counts() differs from the reference model (-want +got):\n%s", diff)
	}
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want one wrapping %v", what, err, target)
	}
}

func entities(t *testing.T, s graph.Store, refs ...graph.Ref) []*graph.Entity {
	t.Helper()
	got, err := s.Entities(ctx(t), refs)
	if err != nil {
		t.Fatalf("Entities(%v): %v", refs, err)
	}
	if len(got) != len(refs) {
		t.Fatalf("Entities(%v) returned %d entities, want %d (one per ref, nil where missing)", refs, len(got), len(refs))
	}
	return got
}

func events(t *testing.T, s graph.Store, ids ...string) []*graph.Event {
	t.Helper()
	got, err := s.Events(ctx(t), ids)
	if err != nil {
		t.Fatalf("Events(%v): %v", ids, err)
	}
	if len(got) != len(ids) {
		t.Fatalf("Events(%v) returned %d events, want %d (one per id, nil where missing)", ids, len(got), len(ids))
	}
	return got
}

func articles(t *testing.T, s graph.Store, ids ...string) []*graph.Article {
	t.Helper()
	got, err := s.Articles(ctx(t), ids)
	if err != nil {
		t.Fatalf("Articles(%v): %v", ids, err)
	}
	if len(got) != len(ids) {
		t.Fatalf("Articles(%v) returned %d articles, want %d (one per id, nil where missing)", ids, len(got), len(ids))
	}
	return got
}

// sortedRefs returns the refs of a set, sorted.
func sortedRefs(set map[graph.Ref]bool) []graph.Ref {
	out := make([]graph.Ref, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Less(out[j]) })
	return out
}

func eventRef(id string) graph.Ref { return graph.Ref{Kind: graph.KindEvent, ID: id} }

// deleteAll deletes every article and checks that the store is empty.
func deleteAll(t *testing.T, s graph.Store) {
	t.Helper()
	ids := walkAll(t, articleLister(t, s, graph.ArticleFilter{}))
	for _, id := range ids {
		if err := s.DeleteArticle(ctx(t), id); err != nil {
			t.Fatalf("DeleteArticle(%s): %v", id, err)
		}
	}
	if c := counts(t, s); len(c.Nodes) != 0 || len(c.Edges) != 0 {
		t.Fatalf("after deleting every article, Counts = %+v, want nothing", c)
	}
}
