package graphtest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

// testApplyReadBack applies the corpus and reads every kind of node back.
func testApplyReadBack(t *testing.T, s graph.Store) {
	corpus := Corpus()
	m := NewModel(corpus...)
	if n := len(m.Entities()) + len(m.Events()); n != 29 {
		t.Fatalf("suite bug: the corpus has %d entities and events, want 19+10", n)
	}
	res := apply(t, s, corpus...)
	created := 0
	for _, r := range res {
		if r.Unchanged || r.Replaced || r.NodesDeleted != 0 {
			t.Errorf("first Apply of %s: result %+v, want neither Unchanged nor Replaced and no deletions", r.ArticleID, r)
		}
		created += r.NodesCreated
	}
	if created != 29 {
		t.Errorf("first Apply: NodesCreated sums to %d, want 29 (19 entities + 10 events)", created)
	}

	t.Run("Entities", func(t *testing.T) {
		got := entities(t, s, P("wang-yi"), C("XX"), P("lavrov"), P("jaishankar"), P("wang-yi"), O("SCO"), PL("moscow"), T("ukraine"),
			graph.Ref{Kind: graph.KindPerson, ID: "CN"})
		wangYi := &graph.Entity{Kind: graph.KindPerson, ID: "wang-yi", Name: "Wang Yi", Country: "CN", Role: "foreign minister",
			Aliases: []graph.Name{{Text: "वांग यी", Lang: "hi"}, {Text: "وانگ یی", Lang: "ur"}, {Text: "王毅", Lang: "zh"}},
			Offices: []graph.Office{{Role: "foreign minister", Country: "CN"}}}
		want := []*graph.Entity{
			wangYi,
			nil,
			// "Sergey Lavrov" in three articles beats "Sergei Lavrov" in one;
			// aliases are the union, ordered by language then text.
			{Kind: graph.KindPerson, ID: "lavrov", Name: "Sergey Lavrov", Country: "RU", Role: "foreign minister",
				Aliases: []graph.Name{{Text: "लावरोव", Lang: "hi"}, {Text: "Лавров", Lang: "ru"}, {Text: "لاوروف", Lang: "ur"}, {Text: "拉夫罗夫", Lang: "zh"}},
				Offices: []graph.Office{{Role: "foreign minister", Country: "RU"}}},
			// "S. Jaishankar" and "Subrahmanyam Jaishankar" tie 1:1: the smaller wins.
			{Kind: graph.KindPerson, ID: "jaishankar", Name: "S. Jaishankar", Country: "IN", Role: "external affairs minister",
				Aliases: []graph.Name{{Text: "Джайшанкар", Lang: "ru"}},
				Offices: []graph.Office{{Role: "external affairs minister", Country: "IN"}}},
			wangYi,
			{Kind: graph.KindOrganization, ID: "SCO", Name: "Shanghai Cooperation Organisation",
				Aliases: []graph.Name{{Text: "上海合作组织", Lang: "zh"}}, Members: []string{"CN", "IN", "PK", "RU"}},
			{Kind: graph.KindPlace, ID: "moscow", Name: "Moscow", Country: "RU", Class: "capital",
				Aliases: []graph.Name{{Text: "मॉस्को", Lang: "hi"}, {Text: "Москва", Lang: "ru"}, {Text: "ماسکو", Lang: "ur"}, {Text: "莫斯科", Lang: "zh"}}},
			{Kind: graph.KindTopic, ID: "ukraine", Name: "Ukraine",
				Aliases: []graph.Name{{Text: "यूक्रेन", Lang: "hi"}, {Text: "Украина", Lang: "ru"}}},
			nil, // a key of another kind is another node
		}
		if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
			t.Errorf("Entities (-want +got):\n%s", diff)
		}
		// Every entity equals the reference model's derivation.
		all := m.Entities()
		var refs []graph.Ref
		for r := range all {
			refs = append(refs, r)
		}
		got = entities(t, s, refs...)
		for i, r := range refs {
			if diff := cmp.Diff(all[r], got[i], cmpOpts...); diff != "" {
				t.Errorf("Entities(%s) (-want +got):\n%s", r, diff)
			}
		}
	})

	t.Run("Events", func(t *testing.T) {
		got := events(t, s, CorpusEvent(1), "e-missing", CorpusEvent(4))
		rep := func(g graph.ArticleGraph, i int) graph.Report { return g.Events[i].Reports[0] }
		want := []*graph.Event{
			{ID: CorpusEvent(1), Type: graph.EventMeet, Date: "2024-07-14",
				Participants: []graph.Participant{{Ref: C("CN"), Role: "participant"}, {Ref: C("RU"), Role: "participant"},
					{Ref: P("lavrov"), Role: "participant"}, {Ref: P("wang-yi"), Role: "participant"}},
				Subtype: "talks",                                                                 // talks (hi) and visit (ur) tie: the smaller wins
				Status:  graph.StatusHeld,                                                        // the most certain, not the most reported (scheduled twice)
				Place:   "moscow",                                                                // the most reported
				Topics:  []string{"security", "trade", "ukraine"},                                // the union
				Reports: []graph.Report{rep(corpus[0], 0), rep(corpus[1], 0), rep(corpus[3], 0)}, // by article id
			},
			nil,
			{ID: CorpusEvent(4), Type: graph.EventAgree,
				Participants: []graph.Participant{{Ref: C("CN"), Role: "participant"}, {Ref: C("PK"), Role: "participant"}},
				Topics:       []string{"trade"},
				Reports:      []graph.Report{rep(corpus[1], 2)},
			},
		}
		if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
			t.Errorf("Events (-want +got):\n%s", diff)
		}
		all := m.Events()
		var ids []string
		for id := range all {
			ids = append(ids, id)
		}
		got = events(t, s, ids...)
		for i, id := range ids {
			if diff := cmp.Diff(all[id], got[i], cmpOpts...); diff != "" {
				t.Errorf("Events(%s) (-want +got):\n%s", id, diff)
			}
		}
	})

	t.Run("Articles", func(t *testing.T) {
		got := articles(t, s, ArtChinese, "missing", ArtHindi)
		zh, hi := corpus[3].Article, corpus[0].Article
		want := []*graph.Article{&zh, nil, &hi}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Articles (-want +got):\n%s", diff)
		}
		hashes, err := s.ArticleHashes(ctx(t), []string{ArtHindi, "missing", ArtEnglish})
		if err != nil {
			t.Fatalf("ArticleHashes: %v", err)
		}
		wantHashes := map[string]string{ArtHindi: corpus[0].Article.ContentHash, ArtEnglish: corpus[4].Article.ContentHash}
		if diff := cmp.Diff(wantHashes, hashes); diff != "" {
			t.Errorf("ArticleHashes (-want +got):\n%s", diff)
		}
	})

	t.Run("Graph", func(t *testing.T) { checkGraph(t, s, m) })
}

// testIdempotent re-applies the corpus: nothing may change.
func testIdempotent(t *testing.T, s graph.Store) {
	corpus := Corpus()
	apply(t, s, corpus...)
	fp, cn, d := fingerprint(t, s), counts(t, s), dump(t, s)
	check := func(t *testing.T, res []graph.ApplyResult) {
		t.Helper()
		for _, r := range res {
			if !r.Unchanged || r.Replaced || r.NodesCreated != 0 || r.NodesDeleted != 0 {
				t.Errorf("re-Apply of %s: result %+v, want Unchanged and nothing created or deleted", r.ArticleID, r)
			}
		}
		if got := fingerprint(t, s); got != fp {
			t.Errorf("Fingerprint after re-Apply = %s, want %s", got, fp)
		}
		if diff := cmp.Diff(cn, counts(t, s)); diff != "" {
			t.Errorf("Counts after re-Apply (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(d, dump(t, s)); diff != "" {
			t.Errorf("dump after re-Apply (-want +got):\n%s", diff)
		}
	}
	t.Run("SameBatch", func(t *testing.T) { check(t, apply(t, s, corpus...)) })
	t.Run("OneByOneReversed", func(t *testing.T) {
		var res []graph.ApplyResult
		for i := len(corpus) - 1; i >= 0; i-- {
			res = append(res, apply(t, s, corpus[i])...)
		}
		check(t, res)
	})
	t.Run("TwiceInOneBatch", func(t *testing.T) {
		res := apply(t, s, corpus[0], corpus[0])
		check(t, res)
	})
}

// Fixtures of testChangedArticle: a mentions CN, RU, IN, PK; b mentions
// CN, IN, US and reports a's support event too; a2 is a new version of a
// that drops IN and PK.
func changedFixture() (a, b, a2 graph.ArticleGraph) {
	a = NewArticle("a").Lang("hi").Published("2024-01-10").
		Country("CN").Country("RU").Country("IN", "भारत").Country("PK").
		Person("wang-yi", "Wang Yi", "CN", "foreign minister").
		Meeting("2024-01-01", C("CN"), C("RU")).
		Event(graph.EventSupport, "2024-01-02", C("CN"), C("IN")).Sentence("चीन ने भारत का समर्थन किया।", 0).
		Meeting("2024-01-03", C("CN"), C("PK")).
		Build()
	b = NewArticle("b").Lang("en").Published("2024-01-11").
		Country("CN").Country("IN", "Bharat").Country("US").
		Event(graph.EventSupport, "2024-01-02", C("CN"), C("IN")).
		Meeting("2024-01-05", C("IN"), C("US")).
		Build()
	a2 = NewArticle("a").Lang("hi").Published("2024-01-10").
		Country("CN").Country("RU").
		Person("wang-yi", "Wang Yi", "CN", "foreign minister").
		Meeting("2024-01-01", C("CN"), C("RU")).Sentence("वांग यी ने रूस से बात की।", 10).
		Build()
	return a, b, a2
}

// testChangedArticle re-applies an article with new content: exactly its
// facts are replaced.
func testChangedArticle(t *testing.T, s graph.Store) {
	a, b, a2 := changedFixture()
	if a.Article.ContentHash == a2.Article.ContentHash {
		t.Fatal("suite bug: the two versions of article a have the same content hash")
	}
	apply(t, s, a, b)
	support := EventIDOf(graph.EventSupport, "2024-01-02", "", C("CN"), C("IN"))
	pkMeeting := EventIDOf(graph.EventMeet, "2024-01-03", "", C("CN"), C("PK"))

	res := apply(t, s, a2)
	if r := res[0]; r.Unchanged || !r.Replaced || r.NodesCreated != 0 || r.NodesDeleted != 2 {
		t.Errorf("Apply(new version of a) = %+v, want Replaced with NodesDeleted 2 (PK and the CN–PK meeting)", r)
	}
	m := NewModel(a2, b)
	checkGraph(t, s, m)
	checkCounts(t, s, m)

	// PK was supported by a alone: gone. IN is still supported by b, but a's
	// alias for it is gone.
	got := entities(t, s, C("PK"), C("IN"))
	if got[0] != nil {
		t.Errorf("Entities(Country:PK) = %+v, want nil: no article mentions it any more", got[0])
	}
	wantIN := &graph.Entity{Kind: graph.KindCountry, ID: "IN", Name: "India", Aliases: []graph.Name{{Text: "Bharat", Lang: "en"}}}
	if diff := cmp.Diff(wantIN, got[1], cmpOpts...); diff != "" {
		t.Errorf("Entities(Country:IN) after a dropped it (-want +got):\n%s", diff)
	}
	// The support event loses a's report and keeps b's; the PK meeting is gone.
	evs := events(t, s, support, pkMeeting)
	if evs[0] == nil {
		t.Fatalf("Events(support CN->IN) = nil, want the event b still reports")
	}
	if len(evs[0].Reports) != 1 || evs[0].Reports[0].Article != "b" {
		t.Errorf("Events(support CN->IN).Reports = %+v, want b's report only", evs[0].Reports)
	}
	if evs[1] != nil {
		t.Errorf("Events(meeting CN–PK) = %+v, want nil: only a reported it", evs[1])
	}
	hashes, err := s.ArticleHashes(ctx(t), []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if hashes["a"] != a2.Article.ContentHash {
		t.Errorf("ArticleHashes(a) = %q, want the new hash %q", hashes["a"], a2.Article.ContentHash)
	}

	// Two versions in one batch: the later one wins, as if applied in turn.
	t.Run("TwoVersionsInOneBatch", func(t *testing.T) {
		res := apply(t, s, a, a2)
		if res[1].Unchanged {
			t.Errorf("second version in the batch = %+v, want it applied", res[1])
		}
		checkGraph(t, s, NewModel(a2, b))
	})

	// Going back to the first version restores the first graph exactly.
	if r := apply(t, s, a)[0]; !r.Replaced || r.NodesCreated != 2 || r.NodesDeleted != 0 {
		t.Errorf("Apply(first version of a again) = %+v, want Replaced with NodesCreated 2", r)
	}
	checkGraph(t, s, NewModel(a, b))
}

// testDelete checks that deleting an article gives the graph as if it had
// never been loaded.
func testDelete(t *testing.T, s graph.Store) {
	corpus := Corpus()
	urdu := corpus[1]
	others := []graph.ArticleGraph{corpus[0], corpus[2], corpus[3], corpus[4]}
	apply(t, s, others...)
	before := fingerprint(t, s)
	apply(t, s, urdu)
	all := fingerprint(t, s)
	if all == before {
		t.Fatal("Fingerprint did not change when an article was added")
	}
	if err := s.DeleteArticle(ctx(t), ArtUrdu); err != nil {
		t.Fatalf("DeleteArticle(%s): %v", ArtUrdu, err)
	}
	if got := fingerprint(t, s); got != before {
		t.Errorf("Fingerprint after load A, load B, delete B = %s, want %s (load A alone)", got, before)
	}
	m := NewModel(others...)
	checkGraph(t, s, m)
	checkCounts(t, s, m)

	// Facts only the Urdu article supported are gone; shared ones lose its
	// report and contributions.
	if got := entities(t, s, P("dar"), PL("beijing"), C("PK")); got[0] != nil || got[1] != nil || got[2] == nil {
		t.Errorf("after deleting %s: dar=%v beijing=%v PK=%v, want nil, nil, present (PK is in %s)", ArtUrdu, got[0], got[1], got[2], ArtChinese)
	}
	evs := events(t, s, CorpusEvent(1), CorpusEvent(3), CorpusEvent(4))
	if evs[1] != nil || evs[2] != nil {
		t.Errorf("after deleting %s: E3=%v E4=%v, want both gone", ArtUrdu, evs[1], evs[2])
	}
	if e := evs[0]; e == nil {
		t.Errorf("after deleting %s: E1 is gone, want it with 2 reports", ArtUrdu)
	} else if e.Subtype != "talks" || e.Status != graph.StatusScheduled || len(e.Reports) != 2 || !cmp.Equal(e.Topics, []string{"security", "ukraine"}) {
		t.Errorf("after deleting %s: E1 subtype=%q status=%q topics=%v reports=%d, want talks, scheduled, [security ukraine], 2",
			ArtUrdu, e.Subtype, e.Status, e.Topics, len(e.Reports))
	}
	if got := articles(t, s, ArtUrdu); got[0] != nil {
		t.Errorf("Articles(%s) after delete = %+v, want nil", ArtUrdu, got[0])
	}
	if h, err := s.ArticleHashes(ctx(t), []string{ArtUrdu}); err != nil || len(h) != 0 {
		t.Errorf("ArticleHashes(%s) after delete = %v, %v; want empty", ArtUrdu, h, err)
	}

	t.Run("Missing", func(t *testing.T) {
		wantErr(t, "DeleteArticle(deleted article)", s.DeleteArticle(ctx(t), ArtUrdu), graph.ErrNotFound)
		wantErr(t, "DeleteArticle(never loaded)", s.DeleteArticle(ctx(t), "no-such-article"), graph.ErrNotFound)
		if got := fingerprint(t, s); got != before {
			t.Errorf("a failed DeleteArticle changed the graph")
		}
	})
	t.Run("Reapply", func(t *testing.T) {
		if r := apply(t, s, urdu)[0]; r.Unchanged || r.Replaced {
			t.Errorf("Apply after delete = %+v, want a fresh insert", r)
		}
		if got := fingerprint(t, s); got != all {
			t.Errorf("Fingerprint after delete and re-apply = %s, want %s", got, all)
		}
	})
	t.Run("DeleteAll", func(t *testing.T) {
		for _, g := range corpus {
			if err := s.DeleteArticle(ctx(t), g.Article.ID); err != nil {
				t.Fatalf("DeleteArticle(%s): %v", g.Article.ID, err)
			}
		}
		if c := counts(t, s); len(c.Nodes) != 0 || len(c.Edges) != 0 {
			t.Errorf("Counts after deleting every article = %+v, want none", c)
		}
		checkGraph(t, s, NewModel())
	})
}

// testOrderIndependence applies the corpus in several orders and batch sizes.
// One store serves every order: it is emptied in between.
func testOrderIndependence(t *testing.T, s graph.Store) {
	corpus := Corpus()
	want := NewModel(corpus...).Fingerprint()
	shuffled := func(seed uint64) []graph.ArticleGraph {
		out := append([]graph.ArticleGraph(nil), corpus...)
		r := rand.New(rand.NewPCG(seed, 1))
		r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	reversed := make([]graph.ArticleGraph, len(corpus))
	for i, g := range corpus {
		reversed[len(corpus)-1-i] = g
	}
	for _, tc := range []struct {
		name   string
		graphs []graph.ArticleGraph
		batch  int
	}{
		{"Forward/Batch1", corpus, 1},
		{"Reversed/Batch5", reversed, 5},
		{"Shuffled1/Batch2", shuffled(1), 2},
		{"Shuffled2/Batch3", shuffled(2), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			applyInBatches(t, s, tc.batch, tc.graphs)
			if got := fingerprint(t, s); got != want {
				t.Errorf("Fingerprint = %s, want %s", got, want)
				checkGraph(t, s, NewModel(corpus...))
			}
			deleteAll(t, s)
		})
	}
	t.Run("ReplacedThenRestored", func(t *testing.T) {
		// A version of the Hindi article with other facts, applied first and
		// then replaced by the real one, must leave no trace.
		other := NewArticle(ArtHindi).Lang("hi").Country("CN", "चीन गणराज्य").Country("FR").
			Person("wang-yi", "Wang Yi Jr", "CN", "envoy").
			Meeting("2024-07-14", P("wang-yi"), C("FR")).Build()
		apply(t, s, other, corpus[2])
		apply(t, s, corpus...)
		if got := fingerprint(t, s); got != want {
			t.Errorf("Fingerprint = %s, want %s", got, want)
			checkGraph(t, s, NewModel(corpus...))
		}
	})
}

// testSameEvent checks how events from different articles merge.
func testSameEvent(t *testing.T, s graph.Store) {
	one := NewArticle("same-1").Lang("en").Country("FR").Country("DE").
		Person("macron", "Emmanuel Macron", "FR", "president").
		Meeting("2024-02-01", P("macron"), C("FR"), C("DE")).Subtype("talks").Confidence(0.6).
		Meeting("", C("FR"), C("DE")).
		Event(graph.EventSupport, "2024-02-02", C("FR"), C("DE")).
		Multi(graph.EventCooperate, "2024-02-03", C("FR"), C("DE")).
		Build()
	// The second article lists participants in another order and gives the
	// cooperation the other way round: symmetric types have no direction.
	two := NewArticle("same-2").Lang("fr").Country("DE", "Allemagne").Country("FR", "France").
		Person("macron", "Emmanuel Macron", "FR", "president").
		Meeting("2024-02-01", C("DE"), C("FR"), P("macron")).Subtype("summit").Confidence(0.7).
		Meeting("", C("DE"), C("FR")).
		Event(graph.EventSupport, "2024-02-02", C("DE"), C("FR")).
		Event(graph.EventCooperate, "2024-02-03", C("DE"), C("FR")).
		Build()
	apply(t, s, one, two)

	dated := EventIDOf(graph.EventMeet, "2024-02-01", "", P("macron"), C("FR"), C("DE"))
	evs := events(t, s, dated,
		EventIDOf(graph.EventMeet, "", "same-1", C("FR"), C("DE")),
		EventIDOf(graph.EventMeet, "", "same-2", C("FR"), C("DE")),
		EventIDOf(graph.EventSupport, "2024-02-02", "", C("FR"), C("DE")),
		EventIDOf(graph.EventSupport, "2024-02-02", "", C("DE"), C("FR")),
		EventIDOf(graph.EventCooperate, "2024-02-03", "", C("FR"), C("DE")))
	reportArticles := func(e *graph.Event) []string {
		if e == nil {
			return nil
		}
		var out []string
		for _, r := range e.Reports {
			out = append(out, r.Article)
		}
		return out
	}
	for i, want := range [][]string{
		{"same-1", "same-2"}, // the same dated meeting: one event, two reports
		{"same-1"},           // undated: one event per article
		{"same-2"},
		{"same-1"}, // directed: FR supporting DE is not DE supporting FR
		{"same-2"},
		{"same-1", "same-2"}, // cooperation has no direction
	} {
		if got := reportArticles(evs[i]); !cmp.Equal(got, want) {
			t.Errorf("event %d: reports from %v, want %v", i, got, want)
		}
	}
	if e := evs[0]; e != nil && e.Subtype != "summit" {
		t.Errorf("merged meeting subtype = %q, want summit (talks and summit tie; the smaller wins)", e.Subtype)
	}
	if n, err := s.CountEvents(ctx(t), graph.EventFilter{}); err != nil || n != 6 {
		t.Errorf("CountEvents() = %d, %v; want 6", n, err)
	}
	checkGraph(t, s, NewModel(one, two))
}

// testInvalidInBatch checks that an invalid graph fails alone.
func testInvalidInBatch(t *testing.T, s graph.Store) {
	base := func(id string) *Builder {
		return NewArticle(id).Lang("en").Country("FR").Country("DE").Topic("ghost-"+id, "Ghost").
			Meeting("2024-03-01", C("FR"), C("DE")).About("ghost-" + id)
	}
	cases := []struct {
		name   string
		break_ func(g *graph.ArticleGraph)
	}{
		{"NoContentHash", func(g *graph.ArticleGraph) { g.Article.ContentHash = "" }},
		{"EmptyEntityID", func(g *graph.ArticleGraph) { g.Entities[0].ID = " " }},
		{"UnknownKind", func(g *graph.ArticleGraph) { g.Entities[0].Kind = "Label`) DETACH DELETE n //" }},
		{"DanglingParticipant", func(g *graph.ArticleGraph) {
			g.Events[0].Participants = append(g.Events[0].Participants, graph.Participant{Ref: C("XX"), Role: graph.RoleParticipant})
			graph.NormalizeEvent(&g.Events[0], g.Article.ID)
		}},
		{"EntityWithoutMention", func(g *graph.ArticleGraph) { g.Mentions = g.Mentions[1:] }},
		{"EventIDMismatch", func(g *graph.ArticleGraph) { g.Events[0].ID = "e-made-up" }},
		{"ReportFromOtherArticle", func(g *graph.ArticleGraph) { g.Events[0].Reports[0].Article = "other" }},
		{"NULInTitle", func(g *graph.ArticleGraph) { g.Article.Title = "a\x00b" }},
		{"InvalidUTF8Name", func(g *graph.ArticleGraph) { g.Entities[1].Name = "Deutsch\xffland" }},
		{"BadDate", func(g *graph.ArticleGraph) {
			g.Events[0].Date = "2024-02-30"
			graph.NormalizeEvent(&g.Events[0], g.Article.ID)
		}},
		{"ConfidenceAbove1", func(g *graph.ArticleGraph) { g.Events[0].Reports[0].Confidence = 1.5 }},
		{"DateWithLetter", func(g *graph.ArticleGraph) { // sorts between real dates
			g.Events[0].Date = "2024-03-1x"
			graph.NormalizeEvent(&g.Events[0], g.Article.ID)
		}},
		// \x1f separates the fields of a tally key: an office role holding
		// it becomes an office with another target.
		{"OfficeRoleWithSeparator", func(g *graph.ArticleGraph) {
			g.Entities = append(g.Entities, graph.Entity{Kind: graph.KindPerson, ID: "p", Name: "P",
				Offices: []graph.Office{{Role: "envoy\x1fDE", Country: "FR"}}})
			g.Mentions = append(g.Mentions, graph.Mention{Ref: P("p"), Count: 1})
		}},
		// Not in NormalizeEvent's canonical form. Accepted, a meeting with
		// source and target roles gives participants that depend on which
		// article came first, and a repeated participant a PARTICIPANT edge
		// twice (one after a MERGE).
		{"SymmetricWithDirection", func(g *graph.ArticleGraph) {
			g.Events[0].Participants[0].Role = graph.RoleSource
			g.Events[0].Participants[1].Role = graph.RoleTarget
		}},
		{"RepeatedParticipant", func(g *graph.ArticleGraph) {
			ev := &g.Events[0]
			ev.Participants = append(ev.Participants, ev.Participants[0])
			graph.SortParticipants(ev.Participants)
			ev.ID = graph.EventID(ev.Type, ev.Date, ev.Participants, g.Article.ID)
		}},
		{"UnsortedParticipants", func(g *graph.ArticleGraph) {
			ps := g.Events[0].Participants
			ps[0], ps[1] = ps[1], ps[0]
		}},
		// NaN passes "c < 0 || c > 1" and cannot be put in a canonical line.
		{"ConfidenceNaN", func(g *graph.ArticleGraph) { g.Events[0].Reports[0].Confidence = math.NaN() }},
		{"ReportExtractorNUL", func(g *graph.ArticleGraph) { g.Events[0].Reports[0].Extractor = "x\x00y" }},
		{"ReportSubtypeInvalidUTF8", func(g *graph.ArticleGraph) { g.Events[0].Reports[0].Subtype = "talks\xc3" }},
		{"OfficeFromInvalidUTF8", func(g *graph.ArticleGraph) {
			g.Entities = append(g.Entities, graph.Entity{Kind: graph.KindPerson, ID: "p", Name: "P",
				Offices: []graph.Office{{Role: "envoy", Country: "FR", From: "20\xff"}}})
			g.Mentions = append(g.Mentions, graph.Mention{Ref: P("p"), Count: 1})
		}},
	}
	m := NewModel()
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			good1 := base(fmt.Sprintf("good-%d-1", i)).Build()
			good2 := base(fmt.Sprintf("good-%d-2", i)).Build()
			badID := fmt.Sprintf("bad-%d", i)
			bad := base(badID).Build()
			tc.break_(&bad)
			if err := bad.Validate(); !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("graph.Validate accepts the broken graph (%v); stores rely on it", err)
			}
			res, err := s.Apply(ctx(t), []graph.ArticleGraph{good1, bad, good2})
			if err != nil {
				t.Fatalf("Apply: batch error %v; an invalid graph must fail alone", err)
			}
			if len(res) != 3 {
				t.Fatalf("Apply returned %d results, want 3", len(res))
			}
			if res[0].Err != nil || res[2].Err != nil {
				t.Errorf("valid graphs failed: %v, %v", res[0].Err, res[2].Err)
			}
			wantErr(t, "result of the invalid graph", res[1].Err, graph.ErrInvalid)
			if res[1].Err == nil {
				// Take it out again so that the store stays comparable.
				if err := s.DeleteArticle(ctx(t), badID); err != nil {
					t.Fatalf("DeleteArticle(%s) after it was wrongly accepted: %v", badID, err)
				}
			}
			if res[1].ArticleID != badID || (res[1].Err != nil && res[1].NodesCreated != 0) {
				t.Errorf("result of the invalid graph = %+v, want ArticleID %q and nothing created", res[1], badID)
			}
			m.Apply(good1, good2)
			if got := articles(t, s, good1.Article.ID, badID, good2.Article.ID); got[0] == nil || got[1] != nil || got[2] == nil {
				t.Errorf("Articles(good, bad, good) = %v, want present, nil, present", got)
			}
			if got := entities(t, s, T("ghost-"+badID)); got[0] != nil {
				t.Errorf("an entity of the invalid graph was written: %+v", got[0])
			}
		})
	}
	t.Run("Graph", func(t *testing.T) { checkGraph(t, s, m) })
	t.Run("InvalidVersionKeepsOld", func(t *testing.T) {
		old := base("kept").Build()
		apply(t, s, old)
		m.Apply(old)
		bad := base("kept").Country("JP").Build()
		bad.Mentions = bad.Mentions[:len(bad.Mentions)-1]
		res, err := s.Apply(ctx(t), []graph.ArticleGraph{bad})
		if err != nil || len(res) != 1 {
			t.Fatalf("Apply = %v, %v", res, err)
		}
		wantErr(t, "invalid new version", res[0].Err, graph.ErrInvalid)
		checkGraph(t, s, m)
	})
	t.Run("EmptyBatch", func(t *testing.T) {
		res, err := s.Apply(ctx(t), nil)
		if err != nil || len(res) != 0 {
			t.Errorf("Apply(nil) = %v, %v; want no results and no error", res, err)
		}
	})
}

// concurrencyCorpus returns n articles that all report the same summit of
// CN, RU and IN, and pairwise meetings shared by a third of them each.
func concurrencyCorpus(n int) []graph.ArticleGraph {
	pool := []string{"US", "FR", "DE"}
	var out []graph.ArticleGraph
	for i := range n {
		other := pool[i%len(pool)]
		out = append(out, NewArticle(fmt.Sprintf("conc-%02d", i)).Lang("en").Published(fmt.Sprintf("2024-03-%02d", 1+i%28)).
			Country("CN").Country("RU").Country("IN").Country(other).
			Alias(C("CN"), "en", fmt.Sprintf("PRC-%d", i%4)).
			Person("wang-yi", "Wang Yi", "CN", "foreign minister").
			Meeting("2024-03-01", C("CN"), C("RU"), C("IN"), P("wang-yi")).Subtype("summit").Confidence(float64(i%10)/10).
			Meeting(fmt.Sprintf("2024-03-%02d", 2+i%len(pool)), C("CN"), C(other)).
			Event(graph.EventSupport, "", C(other), C("IN")).
			Build())
	}
	return out
}

// testConcurrency applies overlapping articles from several goroutines:
// the result must equal a sequential application, with no duplicate node.
func testConcurrency(t *testing.T, s graph.Store) {
	for _, workers := range []int{2, 8} {
		t.Run(fmt.Sprintf("Workers%d", workers), func(t *testing.T) {
			defer deleteAll(t, s)
			graphs := concurrencyCorpus(12)
			c := ctx(t)
			var wg sync.WaitGroup
			errs := make(chan error, workers*len(graphs)+1)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					batch := 1 + w%3
					for i := 0; i < len(graphs); i += batch {
						var b []graph.ArticleGraph
						for j := i; j < min(i+batch, len(graphs)); j++ {
							b = append(b, graphs[(j+w*5)%len(graphs)])
						}
						res, err := s.Apply(c, b)
						if err != nil {
							errs <- fmt.Errorf("worker %d: Apply: %w", w, err)
							return
						}
						for _, r := range res {
							if r.Err != nil {
								errs <- fmt.Errorf("worker %d: %s: %w", w, r.ArticleID, r.Err)
							}
						}
					}
				}()
			}
			// A reader runs alongside.
			stop := make(chan struct{})
			var rg sync.WaitGroup
			rg.Add(1)
			go func() {
				defer rg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := s.ListEvents(c, graph.EventFilter{Countries: []string{"CN"}}, graph.Page{First: 5}); err != nil {
						errs <- fmt.Errorf("reader: ListEvents: %w", err)
						return
					}
					if _, err := s.Counts(c); err != nil {
						errs <- fmt.Errorf("reader: Counts: %w", err)
						return
					}
					time.Sleep(time.Millisecond)
				}
			}()
			wg.Wait()
			close(stop)
			rg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			m := NewModel(graphs...)
			checkGraph(t, s, m)
			checkCounts(t, s, m)
			summit := events(t, s, EventIDOf(graph.EventMeet, "2024-03-01", "", C("CN"), C("RU"), C("IN"), P("wang-yi")))[0]
			if summit == nil || len(summit.Reports) != len(graphs) {
				t.Errorf("the summit every article reports has %v, want one event with %d reports", summit, len(graphs))
			}
		})
	}
}

// Strings that break naive query building, and text that must survive
// byte for byte.
var evil = []string{
	"' }) WITH 1 AS x MATCH (n) DETACH DELETE n //",
	"\" }) MATCH (n) DETACH DELETE n RETURN 1 AS `x",
	"`Country`) DETACH DELETE n //",
	"$param {name: $name} ${x}",
	"\\' OR 1=1 -- \\\\",
	"\u202Eevil\u202C and \u2066isolate\u2069",
	"क्\u200Dष and क्\u200Cष",
	"שלום \u200Fعالم",
	"👨\u200D👩\u200D👧 family",
	"e\u0301 vs \u00e9",
	"<script>alert(1)</script>&amp;",
}

// testInjection stores hostile and tricky text in every kind of field.
func testInjection(t *testing.T, s graph.Store) {
	corpus := Corpus()
	apply(t, s, corpus...)
	b := NewArticle(evil[0]).Lang("x'`$").Title(evil[1]).Source(evil[3]).URL(evil[2]).Published("2024-01-01").
		Country("CN").
		Entity(graph.Entity{Kind: graph.KindPerson, ID: evil[0], Name: evil[1], Country: "CN", Role: evil[3],
			Aliases: []graph.Name{{Text: evil[2], Lang: "x`"}, {Text: evil[5], Lang: "he"}, {Text: evil[6], Lang: "hi"}, {Text: evil[7], Lang: "he"}, {Text: evil[8]}},
			Offices: []graph.Office{{Role: evil[4], Country: "CN", From: "2020"}}}).
		Entity(graph.Entity{Kind: graph.KindOrganization, ID: evil[2], Name: evil[9], Members: []string{evil[3], "CN"}, Class: evil[10]}).
		Entity(graph.Entity{Kind: graph.KindPlace, ID: evil[5], Name: evil[6], Country: "CN", Class: evil[1]}).
		Entity(graph.Entity{Kind: graph.KindTopic, ID: evil[3], Name: evil[4]}).
		Meeting("2024-01-02", P(evil[0]), O(evil[2]), C("CN")).At(evil[5]).About(evil[3]).Subtype(evil[7]).
		Sentence(evil[0]+" "+evil[6], 3).
		Build()
	apply(t, s, b)
	m := NewModel(append(corpus, b)...)
	// Read back byte for byte: each of these entities comes from this
	// article only, so it is the input with its lists sorted.
	person := entities(t, s, P(evil[0]))[0]
	if person == nil {
		t.Fatalf("Entities(%q) = nil", evil[0])
	}
	in := b.Entities[1]
	if person.Name != in.Name || person.Role != in.Role || person.Country != in.Country {
		t.Errorf("person name/role/country = %+q %+q %+q, want %+q %+q %+q", person.Name, person.Role, person.Country, in.Name, in.Role, in.Country)
	}
	if diff := cmp.Diff(in.Offices, person.Offices); diff != "" {
		t.Errorf("person offices (-input +stored):\n%s", diff)
	}
	gotAliases := map[graph.Name]bool{}
	for _, a := range person.Aliases {
		gotAliases[a] = true
	}
	for _, a := range in.Aliases {
		if !gotAliases[a] {
			t.Errorf("alias %+q not stored as given; stored %+q", a, person.Aliases)
		}
	}
	if len(person.Aliases) != len(in.Aliases) {
		t.Errorf("%d aliases stored, want %d", len(person.Aliases), len(in.Aliases))
	}
	want := m.Entities()
	got := entities(t, s, P(evil[0]), O(evil[2]), PL(evil[5]), T(evil[3]))
	for i, r := range []graph.Ref{P(evil[0]), O(evil[2]), PL(evil[5]), T(evil[3])} {
		if diff := cmp.Diff(want[r], got[i], cmpOpts...); diff != "" {
			t.Errorf("Entities(%q) (-want +got):\n%s", r, diff)
		}
	}
	if a := articles(t, s, evil[0])[0]; a == nil || *a != b.Article {
		t.Errorf("Articles(%q) = %+v, want %+v", evil[0], a, b.Article)
	}
	if diff := cmp.Diff(m.Event(b.Events[0].ID), events(t, s, b.Events[0].ID)[0], cmpOpts...); diff != "" {
		t.Errorf("Events (-want +got):\n%s", diff)
	}
	// Nothing was deleted or added besides the article's own nodes.
	checkCounts(t, s, m)
	checkGraph(t, s, m)

	hits, err := s.Search(ctx(t), evil[1], nil, 5)
	if err != nil {
		t.Fatalf("Search(%q): %v", evil[1], err)
	}
	if len(hits) == 0 || hits[0].Entity == nil || hits[0].Entity.Ref() != P(evil[0]) || hits[0].Score != 3 {
		t.Errorf("Search(%q) = %v, want the person first with score 3", evil[1], hits)
	}
	page, err := s.ListEntities(ctx(t), graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "\" }) MATCH"}, graph.Page{First: 10})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != evil[0] {
		t.Errorf("ListEntities(NamePrefix `\" }) MATCH`) = %+v, %v; want the person", page, err)
	}
	if err := s.DeleteArticle(ctx(t), evil[0]); err != nil {
		t.Fatalf("DeleteArticle(%q): %v", evil[0], err)
	}
	checkGraph(t, s, NewModel(corpus...))
}

// testClosed checks that every method of a closed store returns ErrClosed.
func testClosed(t *testing.T, s graph.Store) {
	apply(t, s, CorpusHindi())
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	c := ctx(t)
	calls := map[string]func() error{
		"Apply": func() error {
			_, err := s.Apply(c, []graph.ArticleGraph{CorpusUrdu()})
			return err
		},
		"DeleteArticle": func() error { return s.DeleteArticle(c, ArtHindi) },
		"ArticleHashes": func() error { _, err := s.ArticleHashes(c, []string{ArtHindi}); return err },
		"Entities":      func() error { _, err := s.Entities(c, []graph.Ref{C("CN")}); return err },
		"Events":        func() error { _, err := s.Events(c, []string{CorpusEvent(1)}); return err },
		"Articles":      func() error { _, err := s.Articles(c, []string{ArtHindi}); return err },
		"ListEntities": func() error {
			_, err := s.ListEntities(c, graph.EntityFilter{Kind: graph.KindCountry}, graph.Page{})
			return err
		},
		"CountEntities": func() error { _, err := s.CountEntities(c, graph.EntityFilter{Kind: graph.KindCountry}); return err },
		"ListEvents":    func() error { _, err := s.ListEvents(c, graph.EventFilter{}, graph.Page{}); return err },
		"CountEvents":   func() error { _, err := s.CountEvents(c, graph.EventFilter{}); return err },
		"ListEventsBatch": func() error {
			_, err := s.ListEventsBatch(c, []graph.EventFilter{{}}, graph.Page{})
			return err
		},
		"CountEventsBatch": func() error { _, err := s.CountEventsBatch(c, []graph.EventFilter{{}}); return err },
		"EventCounts": func() error {
			_, err := s.EventCounts(c, graph.EventFilter{}, []graph.GroupKey{graph.GroupType})
			return err
		},
		"ListArticles":  func() error { _, err := s.ListArticles(c, graph.ArticleFilter{}, graph.Page{}); return err },
		"CountArticles": func() error { _, err := s.CountArticles(c, graph.ArticleFilter{}); return err },
		"Search":        func() error { _, err := s.Search(c, "wang", nil, 5); return err },
		"Neighborhood":  func() error { _, err := s.Neighborhood(c, C("CN"), 1, 10); return err },
		"ShortestPaths": func() error { _, err := s.ShortestPaths(c, C("CN"), C("RU"), 4, 1); return err },
		"Bilateral":     func() error { _, err := s.Bilateral(c, "CN", "RU", "", ""); return err },
		"Counts":        func() error { _, err := s.Counts(c); return err },
		"Fingerprint":   func() error { _, err := s.Fingerprint(c); return err },
		"Walk":          func() error { _, err := graph.CanonicalDump(c, s); return err },
	}
	for name, call := range calls {
		wantErr(t, name+" after Close", call(), graph.ErrClosed)
	}
}

// testDerivedFromReports gives an event derived fields of its own: stores
// must derive them from the reports and ignore what the input says.
func testDerivedFromReports(t *testing.T, s graph.Store) {
	g := NewArticle("derived").Lang("fr").Country("FR").Country("DE").
		Place("paris", "Paris", "FR", "capital").Topic("trade", "Trade").
		Meeting("2024-03-01", C("FR"), C("DE")).Subtype("talks").At("paris").About("trade").
		Build()
	ev := &g.Events[0]
	ev.Subtype, ev.Status, ev.Place, ev.Topics = "bogus", "bogus", "nowhere", []string{"nothing"}
	if err := g.Validate(); err != nil {
		t.Fatalf("suite bug: %v", err)
	}
	apply(t, s, g)
	got := events(t, s, ev.ID)[0]
	if got == nil {
		t.Fatal("event missing")
	}
	if got.Subtype != "talks" || got.Status != "" || got.Place != "paris" || !cmp.Equal(got.Topics, []string{"trade"}) {
		t.Errorf("event subtype=%q status=%q place=%q topics=%v, want talks, \"\", paris, [trade] from its report",
			got.Subtype, got.Status, got.Place, got.Topics)
	}
	checkGraph(t, s, NewModel(g))
}
