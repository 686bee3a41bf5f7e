package graphtest

import (
	"slices"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
)

// ArtDuplicate is an article that names Wang Yi under a second id.
const ArtDuplicate = "en-wangyi-dup"

// CorpusDuplicate reports the Moscow meeting of E1 with Wang Yi under the
// id "wang-yi-2", holding an office of his own, meeting Lavrov again on
// another day, at a place and about a topic that are also duplicates
// ("moskva", "ukraine-war"): what a curator merges.
func CorpusDuplicate() graph.ArticleGraph {
	return duplicate("Wang Yi (minister)")
}

func duplicate(name string) graph.ArticleGraph {
	return NewArticle(ArtDuplicate).Lang("en").Source("ap").Published("2024-07-20").
		Title("Chinese minister in Moscow").
		Country("CN").Country("RU").
		Person("wang-yi-2", name, "CN", "state councilor", "Wang Yi FM").Mention(P("wang-yi-2"), 4).
		Person("lavrov", "Sergey Lavrov", "RU", "foreign minister").
		Place("moskva", "Moskva", "RU", "capital").
		Topic("ukraine-war", "War in Ukraine").
		Meeting("2024-07-14", P("wang-yi-2"), P("lavrov"), C("CN"), C("RU")).
		Subtype("talks").Status(graph.StatusHeld).Confidence(0.8).
		Sentence("Wang Yi (minister) met Sergey Lavrov in Moscow on Sunday.", 10).
		Meeting("2024-07-19", P("wang-yi-2"), P("lavrov")).At("moskva").About("ukraine-war").Confidence(0.7).
		Event(graph.EventSupport, "2024-07-18", P("wang-yi-2"), C("RU")).Confidence(0.6).
		Build()
}

func totalReports(t *testing.T, s graph.Store) int {
	t.Helper()
	n := 0
	for _, id := range walkAll(t, eventLister(t, s, graph.EventFilter{})) {
		n += len(events(t, s, id)[0].Reports)
	}
	return n
}

// testAddAlias: a curated alias is searchable in its script, survives the
// articles being replaced, deleted and reloaded, and is covered by the
// fingerprint; adding it again changes nothing.
func testAddAlias(t *testing.T, s graph.Store) {
	corpus := Corpus()
	apply(t, s, corpus...)
	m := NewModel(corpus...)
	before := fingerprint(t, s)

	added := []struct {
		ref   graph.Ref
		alias graph.Name
	}{
		{P("lavrov"), graph.Name{Text: "Сергей Викторович Лавров", Lang: "ru"}},
		{P("lavrov"), graph.Name{Text: "لافروف", Lang: "ar"}},
		{C("IN"), graph.Name{Text: "भारत गणराज्य", Lang: "hi"}},
		{T("security"), graph.Name{Text: "安全保障", Lang: "ja"}},
		{O("SCO"), graph.Name{Text: "SCO"}},
	}
	for _, a := range added {
		e, err := s.AddAlias(ctx(t), a.ref, a.alias)
		if err != nil {
			t.Fatalf("AddAlias(%s, %+v): %v", a.ref, a.alias, err)
		}
		if e == nil || e.Ref() != a.ref || !slices.Contains(e.Aliases, a.alias) {
			t.Errorf("AddAlias(%s, %+v) returned %+v, want the entity with the alias", a.ref, a.alias, e)
		}
		if err := m.AddAlias(a.ref, a.alias); err != nil {
			t.Fatal(err)
		}
	}
	checkGraph(t, s, m)
	after := fingerprint(t, s)
	if after == before {
		t.Error("Fingerprint did not change when aliases were added")
	}
	for _, q := range []struct {
		query string
		want  graph.Ref
	}{{"сергей викторович лавров", P("lavrov")}, {"لافروف", P("lavrov")}, {"भारत गणराज्य", C("IN")}, {"安全保障", T("security")}} {
		hits, err := s.Search(ctx(t), q.query, nil, 5)
		if err != nil {
			t.Fatalf("Search(%q): %v", q.query, err)
		}
		if len(hits) == 0 || hits[0].Entity.Ref() != q.want || hits[0].Score != 3 {
			t.Errorf("Search(%q) = %v, want %s first, as an exact match of the curated alias", q.query, hitRefs(hits), q.want)
		}
	}

	t.Run("Idempotent", func(t *testing.T) {
		if _, err := s.AddAlias(ctx(t), added[0].ref, added[0].alias); err != nil {
			t.Fatalf("AddAlias again: %v", err)
		}
		if got := fingerprint(t, s); got != after {
			t.Errorf("Fingerprint changed when an alias was added twice")
		}
	})
	t.Run("Errors", func(t *testing.T) {
		_, err := s.AddAlias(ctx(t), P("nobody"), graph.Name{Text: "Nobody"})
		wantErr(t, "AddAlias to an unknown entity", err, graph.ErrNotFound)
		for _, bad := range []graph.Name{{Text: ""}, {Text: "  "}, {Text: " Lavrov"}, {Text: "a\x1fb"}, {Text: "Lavrov", Lang: "r u"}} {
			_, err := s.AddAlias(ctx(t), P("lavrov"), bad)
			wantErr(t, "AddAlias("+bad.Text+")", err, graph.ErrInvalid)
		}
		_, err = s.AddAlias(ctx(t), graph.Ref{Kind: graph.KindEvent, ID: CorpusEvent(1)}, graph.Name{Text: "E1"})
		wantErr(t, "AddAlias to an event", err, graph.ErrInvalid)
		if got := fingerprint(t, s); got != after {
			t.Errorf("Fingerprint changed after refused AddAlias calls")
		}
	})
	t.Run("SurvivesArticles", func(t *testing.T) {
		// Every article that names Lavrov is replaced, then deleted: the
		// node goes, and comes back with the alias when one is reloaded.
		changed := CorpusRussian()
		changed.Article.ContentHash += "-v2"
		apply(t, s, changed)
		m.Apply(changed)
		checkGraph(t, s, m)
		deleteAll(t, s)
		if got := entities(t, s, P("lavrov"))[0]; got != nil {
			t.Fatalf("lavrov = %+v after every article was deleted, want nil", got)
		}
		apply(t, s, CorpusRussian())
		m = NewModel(CorpusRussian())
		for _, a := range added {
			m.AddAlias(a.ref, a.alias)
		}
		checkGraph(t, s, m)
		if e := entities(t, s, P("lavrov"))[0]; e == nil || !slices.Contains(e.Aliases, added[1].alias) {
			t.Errorf("lavrov after a reload = %+v, want the curated alias %+v", e, added[1].alias)
		}
	})
}

// testMerge: merging moves every participation, office, mention and alias
// to the kept entity with all evidence, holds for articles applied later,
// and deleting an article afterwards retracts exactly its part.
func testMerge(t *testing.T, s graph.Store) {
	corpus := append(Corpus(), CorpusDuplicate())
	apply(t, s, corpus...)
	m := NewModel(corpus...)
	reports := totalReports(t, s)
	if _, err := s.AddAlias(ctx(t), P("wang-yi-2"), graph.Name{Text: "Ван И", Lang: "ru"}); err != nil {
		t.Fatalf("AddAlias: %v", err)
	}
	m.AddAlias(P("wang-yi-2"), graph.Name{Text: "Ван И", Lang: "ru"})
	before := fingerprint(t, s)

	merges := []struct{ keep, drop graph.Ref }{{P("wang-yi"), P("wang-yi-2")}, {PL("moscow"), PL("moskva")}, {T("ukraine"), T("ukraine-war")}}
	for _, mg := range merges {
		e, err := s.MergeEntities(ctx(t), mg.keep, mg.drop)
		if err != nil {
			t.Fatalf("MergeEntities(%s, %s): %v", mg.keep, mg.drop, err)
		}
		if e == nil || e.Ref() != mg.keep {
			t.Errorf("MergeEntities(%s, %s) returned %+v, want %s", mg.keep, mg.drop, e, mg.keep)
		}
		if err := m.Merge(mg.keep, mg.drop); err != nil {
			t.Fatal(err)
		}
	}
	checkGraph(t, s, m)
	checkCounts(t, s, m)
	merged := fingerprint(t, s)
	if merged == before {
		t.Fatal("Fingerprint did not change with the merges")
	}

	got := entities(t, s, P("wang-yi"), P("wang-yi-2"), PL("moskva"), T("ukraine-war"))
	if got[1] != nil || got[2] != nil || got[3] != nil {
		t.Errorf("merged-away entities still exist: %v %v %v", got[1], got[2], got[3])
	}
	wang := got[0]
	for _, want := range []graph.Name{{Text: "Wang Yi (minister)"}, {Text: "Wang Yi FM", Lang: "en"}, {Text: "Ван И", Lang: "ru"}} {
		if wang == nil || !slices.Contains(wang.Aliases, want) {
			t.Errorf("wang-yi after the merge = %+v, want the alias %+v", wang, want)
		}
	}
	if wang != nil && (wang.Name != "Wang Yi" || !slices.Contains(wang.Offices, graph.Office{Role: "state councilor", Country: "CN"})) {
		t.Errorf("wang-yi after the merge = %+v, want its name kept and the dropped id's office", wang)
	}
	// E1 was one event for wang-yi and another for wang-yi-2: now one,
	// with every article's report.
	e1 := events(t, s, CorpusEvent(1))[0]
	var arts []string
	if e1 != nil {
		for _, r := range e1.Reports {
			arts = append(arts, r.Article)
		}
	}
	if want := []string{ArtDuplicate, ArtHindi, ArtUrdu, ArtChinese}; e1 == nil || !sameSet(arts, want) {
		t.Errorf("E1 reported in %v, want %v", arts, want)
	}
	if got := totalReports(t, s); got != reports {
		t.Errorf("%d reports after the merges, want the %d there were (evidence is kept)", got, reports)
	}
	for _, f := range []graph.EventFilter{{People: []string{"wang-yi-2"}}, {Place: "moskva"}, {Topics: []string{"ukraine-war"}}} {
		if n, err := s.CountEvents(ctx(t), f); err != nil || n != 0 {
			t.Errorf("CountEvents(%+v) = %d, %v; want 0 after the merge", f, n, err)
		}
	}
	if n, err := s.CountEvents(ctx(t), graph.EventFilter{People: []string{"wang-yi"}, Place: "moscow", Topics: []string{"ukraine"}}); err != nil || n != 2 {
		t.Errorf("events of wang-yi at moscow about ukraine = %d, %v; want 2 (E1 and the merged 2024-07-19 meeting)", n, err)
	}
	hits, err := s.Search(ctx(t), "wang yi fm", []graph.Kind{graph.KindPerson}, 5)
	if err != nil || len(hits) == 0 || hits[0].Entity.Ref() != P("wang-yi") {
		t.Errorf("Search(wang yi fm) = %v, %v; want wang-yi", hitRefs(hits), err)
	}

	t.Run("Idempotent", func(t *testing.T) {
		for _, mg := range merges {
			if _, err := s.MergeEntities(ctx(t), mg.keep, mg.drop); err != nil {
				t.Errorf("MergeEntities(%s, %s) again: %v", mg.keep, mg.drop, err)
			}
		}
		if got := fingerprint(t, s); got != merged {
			t.Error("Fingerprint changed when merges were repeated")
		}
	})
	t.Run("Errors", func(t *testing.T) {
		for _, tc := range []struct {
			name       string
			keep, drop graph.Ref
			want       error
		}{
			{"Itself", P("lavrov"), P("lavrov"), graph.ErrInvalid},
			{"UnknownKeep", P("nobody"), P("lavrov"), graph.ErrNotFound},
			{"UnknownDrop", P("lavrov"), P("nobody"), graph.ErrNotFound},
			{"KindsDiffer", C("RU"), P("lavrov"), graph.ErrInvalid},
			{"NotAnEntity", graph.Ref{Kind: graph.KindEvent, ID: CorpusEvent(2)}, graph.Ref{Kind: graph.KindEvent, ID: CorpusEvent(3)}, graph.ErrInvalid},
			{"IntoMergedAway", P("wang-yi-2"), P("lavrov"), graph.ErrInvalid},
			{"MergedElsewhere", P("lavrov"), P("wang-yi-2"), graph.ErrInvalid},
		} {
			_, err := s.MergeEntities(ctx(t), tc.keep, tc.drop)
			wantErr(t, tc.name, err, tc.want)
		}
		if got := fingerprint(t, s); got != merged {
			t.Error("Fingerprint changed after refused merges")
		}
	})
	t.Run("AliasOfMergedAway", func(t *testing.T) {
		e, err := s.AddAlias(ctx(t), P("wang-yi-2"), graph.Name{Text: "وانغ يي", Lang: "ar"})
		if err != nil || e == nil || e.Ref() != P("wang-yi") {
			t.Fatalf("AddAlias(wang-yi-2) = %+v, %v; want it on wang-yi", e, err)
		}
		m.AddAlias(P("wang-yi-2"), graph.Name{Text: "وانغ يي", Lang: "ar"})
		checkGraph(t, s, m)
	})
	t.Run("LaterArticles", func(t *testing.T) {
		// A new version of the article still names wang-yi-2: it lands on wang-yi.
		changed := duplicate("Wang Yi, state councilor")
		changed.Article.ContentHash += "-v2"
		res := apply(t, s, changed)
		if !res[0].Replaced {
			t.Errorf("re-apply: %+v, want Replaced", res[0])
		}
		m.Apply(changed)
		checkGraph(t, s, m)
		if got := entities(t, s, P("wang-yi-2"))[0]; got != nil {
			t.Errorf("wang-yi-2 = %+v after an article naming it was applied, want it merged", got)
		}
	})
	t.Run("DeleteAfterMerge", func(t *testing.T) {
		if err := s.DeleteArticle(ctx(t), ArtDuplicate); err != nil {
			t.Fatalf("DeleteArticle: %v", err)
		}
		m.Delete(ArtDuplicate)
		checkGraph(t, s, m)
		checkCounts(t, s, m)
		e1 := events(t, s, CorpusEvent(1))[0]
		if e1 == nil || len(e1.Reports) != 3 {
			t.Errorf("E1 after deleting %s = %+v, want its three other reports", ArtDuplicate, e1)
		}
		deleteAll(t, s)
		apply(t, s, corpus...)
		m = m.Clone()
		m.Apply(corpus...)
		checkGraph(t, s, m)
	})
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func hitRefs(hits []graph.SearchHit) []graph.Ref {
	out := make([]graph.Ref, len(hits))
	for i, h := range hits {
		out[i] = h.Entity.Ref()
	}
	return out
}
