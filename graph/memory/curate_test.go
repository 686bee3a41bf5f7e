package memory

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// TestCurationSurvivesReopen: aliases and merges are on disk, and the
// reopened store derives the same graph, with the same fingerprint, as
// the reference model does from the articles and the curation.
func TestCurationSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "graph.db")
	corpus := append(graphtest.Corpus(), graphtest.CorpusDuplicate())
	s, err := Open(ctx, Options{Path: path, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, corpus); err != nil {
		t.Fatal(err)
	}
	m := graphtest.NewModel(corpus...)
	alias := graph.Name{Text: "Ван И", Lang: "ru"}
	if _, err := s.MergeEntities(ctx, graphtest.P("wang-yi"), graphtest.P("wang-yi-2")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAlias(ctx, graphtest.P("wang-yi-2"), alias); err != nil {
		t.Fatal(err)
	}
	m.Merge(graphtest.P("wang-yi"), graphtest.P("wang-yi-2"))
	m.AddAlias(graphtest.P("wang-yi"), alias)
	want, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want != m.Fingerprint() {
		t.Fatalf("fingerprint before reopening = %s, want the model's %s", want, m.Fingerprint())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(ctx, Options{Path: path, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Fingerprint(ctx); got != want {
		t.Errorf("fingerprint after reopening = %s, want %s", got, want)
	}
	es, err := s.Entities(ctx, []graph.Ref{graphtest.P("wang-yi"), graphtest.P("wang-yi-2")})
	if err != nil {
		t.Fatal(err)
	}
	if es[1] != nil || es[0] == nil || !containsName(es[0].Aliases, alias) {
		t.Errorf("after reopening: wang-yi = %+v, wang-yi-2 = %+v; want the merged entity with the curated alias", es[0], es[1])
	}
	// An article naming the merged-away id, applied after reopening, lands
	// on the kept entity.
	changed := graphtest.CorpusDuplicate()
	changed.Article.ContentHash += "-v2"
	if _, err := s.Apply(ctx, []graph.ArticleGraph{changed}); err != nil {
		t.Fatal(err)
	}
	m.Apply(changed)
	if got := must(s.Fingerprint(ctx)); got != m.Fingerprint() {
		t.Errorf("fingerprint after re-applying an article = %s, want the model's %s", got, m.Fingerprint())
	}
}

func containsName(ns []graph.Name, n graph.Name) bool {
	for _, x := range ns {
		if x == n {
			return true
		}
	}
	return false
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
