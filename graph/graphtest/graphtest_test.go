package graphtest

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

// The suite's own fixtures must be valid and mean what the suite says.

func TestFixturesValidate(t *testing.T) {
	all := append(Corpus(), rankFixture(), pathFixture())
	all = append(all, paginationFixture()...)
	all = append(all, bilateralFixture()...)
	all = append(all, concurrencyCorpus(12)...)
	a, b, a2 := changedFixture()
	all = append(all, a, b, a2)
	for _, g := range all {
		if err := g.Validate(); err != nil {
			t.Errorf("%s: %v", g.Article.ID, err)
		}
	}
}

func TestCorpusEventIDs(t *testing.T) {
	m := NewModel(Corpus()...)
	evs := m.Events()
	if len(evs) != 10 {
		t.Fatalf("corpus has %d events, want 10", len(evs))
	}
	for i := 1; i <= 10; i++ {
		if evs[CorpusEvent(i)] == nil {
			t.Errorf("CorpusEvent(%d) is not an event of the corpus", i)
		}
	}
}

func TestBuilder(t *testing.T) {
	g := NewArticle("x").Lang("hi").Country("CN", "चीन").
		Person("wang-yi", "Wang Yi", "CN", "foreign minister").
		Meeting("2024-07-14", P("wang-yi"), C("RU")).About("ukraine").Build()
	var refs []string
	for _, m := range g.Mentions {
		refs = append(refs, m.Ref.String()+"="+string(rune('0'+m.Count)))
	}
	want := []string{"Country:CN=1", "Person:wang-yi=1", "Country:RU=0", "Topic:ukraine=0"}
	if !cmp.Equal(refs, want) {
		t.Errorf("mentions %v, want %v (undeclared countries and topics get count 0)", refs, want)
	}
	if g.Entities[0].Aliases[0].Lang != "hi" {
		t.Errorf("alias language %q, want the article's", g.Entities[0].Aliases[0].Lang)
	}
	h := NewArticle("x").Lang("hi").Country("CN", "चीन").
		Person("wang-yi", "Wang Yi", "CN", "foreign minister").
		Meeting("2024-07-14", P("wang-yi"), C("RU")).About("ukraine").Subtype("talks").Build()
	if g.Article.ContentHash == h.Article.ContentHash {
		t.Error("different content, same content hash")
	}
	if g2 := NewArticle("x").Lang("hi").Country("CN", "चीन").
		Person("wang-yi", "Wang Yi", "CN", "foreign minister").
		Meeting("2024-07-14", P("wang-yi"), C("RU")).About("ukraine").Build(); g2.Article.ContentHash != g.Article.ContentHash {
		t.Error("same content, different content hash")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Build with an undeclared person did not panic")
			}
		}()
		NewArticle("y").Meeting("2024-01-01", P("nobody"), C("CN")).Build()
	}()
	bad := NewArticle("z").Country("CN").BuildUnchecked()
	bad.Mentions = nil
	if err := bad.Validate(); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("BuildUnchecked graph with its mentions removed validates: %v", err)
	}
}

// TestGoldenMatchesModel keeps the golden files honest: they must be the
// reference model's graph of the corpus, not whatever a store produced.
// With -update, it writes them from the model.
func TestGoldenMatchesModel(t *testing.T) {
	m := NewModel(Corpus()...)
	fp, d := m.Fingerprint(), strings.Join(m.Dump(), "\n")+"\n"
	if *update {
		if err := os.WriteFile(testdata(t, GoldenFingerprintFile), []byte(fp+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(testdata(t, GoldenDumpFile), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gotFP, err := os.ReadFile(testdata(t, GoldenFingerprintFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(gotFP)) != fp {
		t.Errorf("%s = %s, the model gives %s", GoldenFingerprintFile, gotFP, fp)
	}
	gotDump, err := os.ReadFile(testdata(t, GoldenDumpFile))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, string(gotDump)); diff != "" {
		t.Errorf("%s differs from the model (-model +file):\n%s", GoldenDumpFile, diff)
	}
}
