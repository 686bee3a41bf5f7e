package graphtest

import (
	"encoding/base64"
	"fmt"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

// paginationFixture has 10 countries, 10 events (dates shared, three
// undated) and 9 articles.
func paginationFixture() []graph.ArticleGraph {
	art := func(id, lang, published string) *Builder {
		return NewArticle(id).Lang(lang).Source("src-" + lang).Published(published)
	}
	return []graph.ArticleGraph{
		art("p01", "en", "2024-03-02").Meeting("2024-03-01", C("AR"), C("BR")).Build(),
		art("p02", "fr", "2024-03-02").Meeting("2024-03-01", C("CL"), C("DE")).Build(),
		art("p03", "hi", "2024-02-02").Meeting("2024-02-01", C("EG"), C("FR")).Build(),
		art("p04", "en", "2024-01-15").Meeting("", C("GH"), C("IT")).Build(),
		art("p05", "fr", "2024-01-16").Meeting("", C("JP"), C("KE")).Build(),
		art("p06", "hi", "2024-01-01").Event(graph.EventSupport, "2023-12-31", C("AR"), C("KE")).Build(),
		art("p07", "en", "2024-03-06").Meeting("2024-03-05", C("BR"), C("CL")).Build(),
		art("p08", "fr", "2024-02-20").Event(graph.EventCriticize, "", C("DE"), C("EG")).Build(),
		art("p09", "hi", "2024-02-02").Meeting("2024-02-01", C("FR"), C("GH")).
			Multi(graph.EventCooperate, "2024-02-01", C("FR"), C("GH")).Build(),
	}
}

// page is one page of any list, reduced to what pagination checks need.
type page struct {
	IDs     []string
	Dates   []string // events only
	End     string
	HasNext bool
}

type lister func(after string, first int) (page, error)

func entityLister(t *testing.T, s graph.Store, f graph.EntityFilter) lister {
	return func(after string, first int) (page, error) {
		p, err := s.ListEntities(ctx(t), f, graph.Page{First: first, After: after})
		if err != nil {
			return page{}, err
		}
		out := page{End: p.EndCursor, HasNext: p.HasNext}
		for _, e := range p.Items {
			out.IDs = append(out.IDs, e.ID)
		}
		return out, nil
	}
}

func eventLister(t *testing.T, s graph.Store, f graph.EventFilter) lister {
	return func(after string, first int) (page, error) {
		p, err := s.ListEvents(ctx(t), f, graph.Page{First: first, After: after})
		if err != nil {
			return page{}, err
		}
		out := page{End: p.EndCursor, HasNext: p.HasNext}
		for _, e := range p.Items {
			out.IDs = append(out.IDs, e.ID)
			out.Dates = append(out.Dates, e.Date)
		}
		return out, nil
	}
}

func articleLister(t *testing.T, s graph.Store, f graph.ArticleFilter) lister {
	return func(after string, first int) (page, error) {
		p, err := s.ListArticles(ctx(t), f, graph.Page{First: first, After: after})
		if err != nil {
			return page{}, err
		}
		out := page{End: p.EndCursor, HasNext: p.HasNext}
		for _, a := range p.Items {
			out.IDs = append(out.IDs, a.ID)
		}
		return out, nil
	}
}

// walk pages through a list with pages of size and checks it returns want
// exactly: each item once, in order, full pages until the last one,
// HasNext true exactly before the last page, cursors that decode to the
// last item's key, and a page asked twice is the same.
func walk(t *testing.T, l lister, size int, want []string) {
	t.Helper()
	var got []string
	after := ""
	wantPages := max(1, (len(want)+size-1)/size)
	for n := 1; ; n++ {
		if n > wantPages+1 {
			t.Fatalf("page size %d: still HasNext after %d pages; want %d pages", size, n-1, wantPages)
		}
		p, err := l(after, size)
		if err != nil {
			t.Fatalf("page size %d, page %d: %v", size, n, err)
		}
		if n == 2 { // a cursor is stable: the same page again
			again, err := l(after, size)
			if err != nil || !cmp.Equal(p, again) {
				t.Errorf("page size %d, page %d: asking twice gave %+v then %+v, %v", size, n, p, again, err)
			}
		}
		if len(p.IDs) > size {
			t.Errorf("page size %d, page %d: %d items", size, n, len(p.IDs))
		}
		if p.HasNext && len(p.IDs) != size {
			t.Errorf("page size %d, page %d: HasNext with %d items, want a full page", size, n, len(p.IDs))
		}
		if k := len(p.IDs); k > 0 {
			c, err := graph.DecodeCursor(p.End)
			switch {
			case err != nil || c == nil:
				t.Errorf("page size %d, page %d: EndCursor %q does not decode: %v", size, n, p.End, err)
			case c.ID != p.IDs[k-1]:
				t.Errorf("page size %d, page %d: EndCursor is at %q, want the last item %q", size, n, c.ID, p.IDs[k-1])
			case p.Dates != nil && c.Date != p.Dates[k-1]:
				t.Errorf("page size %d, page %d: EndCursor date %q, want the last item's %q", size, n, c.Date, p.Dates[k-1])
			}
		}
		got = append(got, p.IDs...)
		if !p.HasNext {
			if n != wantPages {
				t.Errorf("page size %d: %d pages, want %d (HasNext must be false on the last full page)", size, n, wantPages)
			}
			break
		}
		after = p.End
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("page size %d: items walked (-want +got):\n%s", size, diff)
	}
}

// continueFrom walks the rest of a list from cursor after.
func continueFrom(t *testing.T, l lister, after string) []string {
	t.Helper()
	var got []string
	for n := 0; n < 100; n++ {
		p, err := l(after, 4)
		if err != nil {
			t.Fatalf("continuing from %q: %v", after, err)
		}
		got = append(got, p.IDs...)
		if !p.HasNext {
			return got
		}
		after = p.End
	}
	t.Fatal("continuing: no end after 100 pages")
	return nil
}

func sortedEventIDs(evs map[string]*graph.Event, keep func(*graph.Event) bool) []string {
	var list []*graph.Event
	for _, e := range evs {
		if keep == nil || keep(e) {
			list = append(list, e)
		}
	}
	sort.Slice(list, func(i, j int) bool { return eventLess(list[i], list[j]) })
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

func sortedKeys[V any](m map[string]V, keep func(string) bool) []string {
	var out []string
	for k := range m {
		if keep == nil || keep(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func entityIDs(m *Model, kind graph.Kind) []string {
	var ids []string
	for r := range m.Entities() {
		if r.Kind == kind {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// pageSizes: 1 and 2 divide the 10 entities and events (the last page is
// full and must say HasNext false), 7 does not.
var pageSizes = []int{1, 2, 7}

// malformedCursors are cursors no store may accept.
var malformedCursors = []string{
	"%%%not-base64",
	base64.RawURLEncoding.EncodeToString([]byte("not json")),
	base64.RawURLEncoding.EncodeToString([]byte(`{}`)),
	base64.RawURLEncoding.EncodeToString([]byte(`{"i":""}`)),
	base64.RawURLEncoding.EncodeToString([]byte(`["i","x"]`)),
}

// testPagination walks every list with several page sizes, then inserts
// around a cursor. The nested subtests share one store and run in order.
func testPagination(t *testing.T, s graph.Store) {
	fixture := paginationFixture()
	m := NewModel(fixture...)
	countries := entityIDs(m, graph.KindCountry)
	if len(countries) != 10 || len(m.Events()) != 10 {
		t.Fatalf("suite bug: fixture has %d countries and %d events", len(countries), len(m.Events()))
	}

	apply(t, s, fixture...)
	t.Run("Entities", func(t *testing.T) {
		for _, size := range pageSizes {
			walk(t, entityLister(t, s, graph.EntityFilter{Kind: graph.KindCountry}), size, countries)
		}
	})
	t.Run("Events", func(t *testing.T) {
		all := sortedEventIDs(m.Events(), nil)
		for _, size := range pageSizes {
			walk(t, eventLister(t, s, graph.EventFilter{}), size, all)
		}
		// Hand-checked order: newest first, undated last, then by id.
		evs := m.Events()
		var dates []string
		for _, id := range all {
			dates = append(dates, evs[id].Date)
		}
		wantDates := []string{"2024-03-05", "2024-03-01", "2024-03-01", "2024-02-01", "2024-02-01", "2024-02-01", "2023-12-31", "", "", ""}
		if !cmp.Equal(dates, wantDates) {
			t.Fatalf("suite bug: event order by date %v", dates)
		}
	})
	t.Run("Articles", func(t *testing.T) {
		for _, size := range pageSizes {
			walk(t, articleLister(t, s, graph.ArticleFilter{}), size, sortedKeys(m.Articles(), nil))
		}
	})
	t.Run("CountsMatchWalks", func(t *testing.T) { countsMatchWalks(t, s) })
	t.Run("PageSizeBounds", func(t *testing.T) {
		// First <= 0 means the default page size (20): all 10 in one page.
		for _, first := range []int{0, -1, graph.MaxPageSize + 1} {
			p, err := s.ListEntities(ctx(t), graph.EntityFilter{Kind: graph.KindCountry}, graph.Page{First: first})
			if err != nil || len(p.Items) != len(countries) || p.HasNext {
				t.Errorf("ListEntities(First %d) = %v, %v; want all %d countries in one page", first, p, err, len(countries))
			}
		}
	})
	t.Run("MalformedCursors", func(t *testing.T) {
		for _, c := range malformedCursors {
			_, err := s.ListEntities(ctx(t), graph.EntityFilter{Kind: graph.KindCountry}, graph.Page{First: 2, After: c})
			wantErr(t, fmt.Sprintf("ListEntities(After %q)", c), err, graph.ErrInvalid)
			_, err = s.ListEvents(ctx(t), graph.EventFilter{}, graph.Page{First: 2, After: c})
			wantErr(t, fmt.Sprintf("ListEvents(After %q)", c), err, graph.ErrInvalid)
			_, err = s.ListArticles(ctx(t), graph.ArticleFilter{}, graph.Page{First: 2, After: c})
			wantErr(t, fmt.Sprintf("ListArticles(After %q)", c), err, graph.ErrInvalid)
		}
		_, err := s.ListEntities(ctx(t), graph.EntityFilter{}, graph.Page{})
		wantErr(t, "ListEntities without a Kind", err, graph.ErrInvalid)
		_, err = s.CountEntities(ctx(t), graph.EntityFilter{})
		wantErr(t, "CountEntities without a Kind", err, graph.ErrInvalid)
	})

	// A cursor is a key, not an offset: items inserted before it do not
	// shift the rest, items inserted after it appear.
	t.Run("InsertAroundEntityCursor", func(t *testing.T) {
		l := entityLister(t, s, graph.EntityFilter{Kind: graph.KindCountry})
		first, err := l("", 3)
		if err != nil || !cmp.Equal(first.IDs, []string{"AR", "BR", "CL"}) {
			t.Fatalf("first page = %+v, %v; want AR BR CL", first, err)
		}
		apply(t, s, NewArticle("p10").Country("AA").Country("CA").Country("DA").Country("ZZ").Build())
		want := []string{"DA", "DE", "EG", "FR", "GH", "IT", "JP", "KE", "ZZ"}
		if diff := cmp.Diff(want, continueFrom(t, l, first.End)); diff != "" {
			t.Errorf("after inserting AA, CA (before the cursor) and DA, ZZ (after) (-want +got):\n%s", diff)
		}
	})

	t.Run("InsertAroundEventCursor", func(t *testing.T) {
		evs := m.Events() // the article inserted above has no events
		all := sortedEventIDs(evs, nil)
		l := eventLister(t, s, graph.EventFilter{})
		first, err := l("", 3)
		if err != nil || !cmp.Equal(first.IDs, all[:3]) {
			t.Fatalf("first page = %+v, %v; want %v", first, err, all[:3])
		}
		cursorEvent := evs[all[2]]
		inserted := NewArticle("p10").
			Meeting("2025-01-01", C("AA"), C("ZZ")). // newest: before the cursor
			Meeting("2024-03-01", C("AA"), C("BR")). // same date as the cursor: the id decides
			Meeting("2024-03-01", C("AA"), C("CL")).
			Meeting("2020-01-01", C("AA"), C("DE")). // older: after it
			Meeting("", C("AA"), C("EG")).           // undated: after it
			Build()
		apply(t, s, inserted)
		m2 := NewModel(append(fixture, inserted)...)
		want := sortedEventIDs(m2.Events(), func(e *graph.Event) bool { return eventLess(cursorEvent, e) })
		if diff := cmp.Diff(want, continueFrom(t, l, first.End)); diff != "" {
			t.Errorf("after inserting events around the cursor (-want +got):\n%s", diff)
		}
	})

	t.Run("InsertAroundArticleCursor", func(t *testing.T) {
		l := articleLister(t, s, graph.ArticleFilter{})
		first, err := l("", 2)
		if err != nil || !cmp.Equal(first.IDs, []string{"p01", "p02"}) {
			t.Fatalf("first page = %+v, %v; want p01 p02", first, err)
		}
		var want []string
		for _, id := range append(walkAll(t, l), "p015", "p025") {
			if id > "p02" {
				want = append(want, id)
			}
		}
		sort.Strings(want)
		apply(t, s, NewArticle("p015").Country("FR").Build(), NewArticle("p025").Country("FR").Build())
		if diff := cmp.Diff(want, continueFrom(t, l, first.End)); diff != "" {
			t.Errorf("after inserting p015 (before the cursor) and p025 (after) (-want +got):\n%s", diff)
		}
	})
}

// countsMatchWalks checks CountX against the number of items ListX walks.
func countsMatchWalks(t *testing.T, s graph.Store) {
	{
		for _, f := range []graph.EntityFilter{
			{Kind: graph.KindCountry},
			{Kind: graph.KindCountry, NamePrefix: "g"}, // Germany, Ghana
			{Kind: graph.KindPerson},
		} {
			ids := walkAll(t, entityLister(t, s, f))
			n, err := s.CountEntities(ctx(t), f)
			if err != nil || n != len(ids) {
				t.Errorf("CountEntities(%+v) = %d, %v; ListEntities walked %d", f, n, err, len(ids))
			}
		}
		if ids := walkAll(t, entityLister(t, s, graph.EntityFilter{Kind: graph.KindCountry, NamePrefix: "g"})); !cmp.Equal(ids, []string{"DE", "GH"}) {
			t.Errorf("countries with a name starting with g = %v, want DE GH", ids)
		}
		for _, f := range []graph.EventFilter{
			{},
			{Types: []graph.EventType{graph.EventMeet}},
			{Types: []graph.EventType{graph.EventSupport, graph.EventCriticize}},
			{Countries: []string{"FR"}},
			{From: "2024-02-01"},
			{Countries: []string{"XX"}},
		} {
			ids := walkAll(t, eventLister(t, s, f))
			n, err := s.CountEvents(ctx(t), f)
			if err != nil || n != len(ids) {
				t.Errorf("CountEvents(%+v) = %d, %v; ListEvents walked %d", f, n, err, len(ids))
			}
		}
		for _, f := range []graph.ArticleFilter{{}, {Lang: "fr"}, {From: "2024-02-01", To: "2024-03-02"}, {Source: "src-hi"}} {
			ids := walkAll(t, articleLister(t, s, f))
			n, err := s.CountArticles(ctx(t), f)
			if err != nil || n != len(ids) {
				t.Errorf("CountArticles(%+v) = %d, %v; ListArticles walked %d", f, n, err, len(ids))
			}
		}
	}
}

func walkAll(t *testing.T, l lister) []string {
	t.Helper()
	return continueFrom(t, l, "")
}

// testFilters checks every filter field on the corpus, walking with pages
// of 4 and comparing with the counts.
func testFilters(t *testing.T, s graph.Store) {
	corpus := Corpus()
	apply(t, s, corpus...)
	m := NewModel(corpus...)

	t.Run("Entities", func(t *testing.T) {
		for _, tc := range []struct {
			f    graph.EntityFilter
			want []string
		}{
			{graph.EntityFilter{Kind: graph.KindPerson}, []string{"blinken", "dar", "jaishankar", "lavrov", "qin-gang", "wang-yi"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "wang"}, []string{"wang-yi"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "WANG Y"}, []string{"wang-yi"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "वांग"}, []string{"wang-yi"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "وانگ"}, []string{"wang-yi"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "王"}, []string{"wang-yi"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "Лав"}, []string{"lavrov"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "лАВ"}, []string{"lavrov"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "s"}, []string{"jaishankar", "lavrov"}},
			{graph.EntityFilter{Kind: graph.KindPerson, NamePrefix: "rov"}, nil}, // a substring is not a prefix
			{graph.EntityFilter{Kind: graph.KindCountry, NamePrefix: "रू"}, []string{"RU"}},
			{graph.EntityFilter{Kind: graph.KindCountry, NamePrefix: "چ"}, []string{"CN"}},
			{graph.EntityFilter{Kind: graph.KindCountry, NamePrefix: "中"}, []string{"CN"}},
			{graph.EntityFilter{Kind: graph.KindCountry, NamePrefix: "c"}, []string{"CN"}},
			{graph.EntityFilter{Kind: graph.KindPlace, NamePrefix: "м"}, []string{"moscow"}},
			{graph.EntityFilter{Kind: graph.KindTopic, NamePrefix: "S"}, []string{"security"}},
			{graph.EntityFilter{Kind: graph.KindPerson, Country: "CN"}, []string{"qin-gang", "wang-yi"}},
			{graph.EntityFilter{Kind: graph.KindPlace, Country: "RU"}, []string{"moscow"}},
			{graph.EntityFilter{Kind: graph.KindOrganization, Country: "IN"}, []string{"SCO"}},
			{graph.EntityFilter{Kind: graph.KindOrganization, Country: "US"}, nil},
			{graph.EntityFilter{Kind: graph.KindPerson, Role: "foreign minister"}, []string{"dar", "lavrov", "qin-gang", "wang-yi"}}, // qin-gang by an office
			{graph.EntityFilter{Kind: graph.KindPerson, Role: "former foreign minister"}, []string{"qin-gang"}},
			{graph.EntityFilter{Kind: graph.KindPerson, Role: "secretary of state"}, []string{"blinken"}},
			{graph.EntityFilter{Kind: graph.KindPerson, Country: "CN", Role: "foreign minister", NamePrefix: "q"}, []string{"qin-gang"}},
		} {
			t.Run(fmt.Sprintf("%+v", tc.f), func(t *testing.T) {
				walk(t, entityLister(t, s, tc.f), 4, tc.want)
				if n, err := s.CountEntities(ctx(t), tc.f); err != nil || n != len(tc.want) {
					t.Errorf("CountEntities = %d, %v; want %d", n, err, len(tc.want))
				}
			})
		}
	})

	t.Run("Events", func(t *testing.T) {
		evs := m.Events()
		for _, tc := range []struct {
			f    graph.EventFilter
			want []int // corpus event numbers, any order
		}{
			{graph.EventFilter{}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
			{graph.EventFilter{Types: []graph.EventType{graph.EventCriticize}}, []int{5, 8}},
			{graph.EventFilter{Types: []graph.EventType{graph.EventCriticize, graph.EventSupport}}, []int{5, 8, 10}},
			{graph.EventFilter{Countries: []string{"CN", "RU"}}, []int{1, 2, 7}},
			{graph.EventFilter{Countries: []string{"CN"}}, []int{1, 2, 3, 4, 7, 8}},
			{graph.EventFilter{Countries: []string{"IN"}}, []int{6, 7, 9, 10}},
			{graph.EventFilter{Countries: []string{"CN", "US", "IN"}}, nil},
			{graph.EventFilter{People: []string{"wang-yi"}}, []int{1, 3}},
			{graph.EventFilter{People: []string{"wang-yi", "lavrov"}}, []int{1}},
			{graph.EventFilter{People: []string{"jaishankar"}, Countries: []string{"US"}}, []int{9}},
			{graph.EventFilter{Organizations: []string{"SCO"}}, []int{7}},
			{graph.EventFilter{Organizations: []string{"UN"}}, nil},
			{graph.EventFilter{Topics: []string{"ukraine"}}, []int{1, 5}},
			{graph.EventFilter{Topics: []string{"energy", "trade"}}, []int{1, 2, 4, 8}},
			{graph.EventFilter{Place: "moscow"}, []int{1, 6}},
			{graph.EventFilter{Place: "beijing"}, []int{3}},
			{graph.EventFilter{From: "2024-07-01"}, []int{1, 2, 3, 7}},
			{graph.EventFilter{To: "2024-05-01"}, []int{8, 10}},
			{graph.EventFilter{From: "2024-07-14", To: "2024-07-14"}, []int{1, 2}},
			{graph.EventFilter{Language: "ur"}, []int{1, 3, 4}},
			{graph.EventFilter{Language: "en"}, []int{8, 9, 10}},
			{graph.EventFilter{Article: ArtChinese}, []int{1, 7}},
			{graph.EventFilter{MinConfidence: 0.9}, []int{1, 6, 7}},
			{graph.EventFilter{MinConfidence: 0.95}, []int{1}},
			{graph.EventFilter{Countries: []string{"RU"}, Types: []graph.EventType{graph.EventMeet}, From: "2024-06-01"}, []int{1, 6, 7}},
			{graph.EventFilter{Countries: []string{"US"}, Types: []graph.EventType{graph.EventCriticize}}, []int{5, 8}},
			{graph.EventFilter{Language: "ru", Place: "moscow", Topics: []string{"ukraine"}}, nil},
		} {
			t.Run(fmt.Sprintf("%+v", tc.f), func(t *testing.T) {
				keep := map[string]bool{}
				for _, i := range tc.want {
					keep[CorpusEvent(i)] = true
				}
				want := sortedEventIDs(evs, func(e *graph.Event) bool { return keep[e.ID] })
				if len(want) != len(tc.want) {
					t.Fatalf("suite bug: corpus events %v are not all in the model", tc.want)
				}
				walk(t, eventLister(t, s, tc.f), 4, want)
				if n, err := s.CountEvents(ctx(t), tc.f); err != nil || n != len(want) {
					t.Errorf("CountEvents = %d, %v; want %d", n, err, len(want))
				}
			})
		}
	})

	t.Run("Articles", func(t *testing.T) {
		for _, tc := range []struct {
			f    graph.ArticleFilter
			want []string
		}{
			{graph.ArticleFilter{}, []string{ArtEnglish, ArtHindi, ArtRussian, ArtUrdu, ArtChinese}},
			{graph.ArticleFilter{Lang: "hi"}, []string{ArtHindi}},
			{graph.ArticleFilter{Lang: "de"}, nil},
			{graph.ArticleFilter{Source: "tass"}, []string{ArtRussian}},
			{graph.ArticleFilter{From: "2024-07-01"}, []string{ArtHindi, ArtUrdu, ArtChinese}},
			{graph.ArticleFilter{From: "2024-06-20", To: "2024-07-15"}, []string{ArtHindi, ArtRussian, ArtChinese}},
			{graph.ArticleFilter{To: "2024-05-02"}, []string{ArtEnglish}},
			{graph.ArticleFilter{Lang: "zh", From: "2024-07-16"}, nil},
		} {
			t.Run(fmt.Sprintf("%+v", tc.f), func(t *testing.T) {
				walk(t, articleLister(t, s, tc.f), 4, tc.want)
				if n, err := s.CountArticles(ctx(t), tc.f); err != nil || n != len(tc.want) {
					t.Errorf("CountArticles = %d, %v; want %d", n, err, len(tc.want))
				}
			})
		}
	})
}

// rankFixture has names that match "mark" in each way the ranking knows.
func rankFixture() graph.ArticleGraph {
	return NewArticle("rank").Lang("en").
		Person("p0", "Mark", "", "").
		Person("p1", "Mark", "", "").
		Person("p2", "Markov", "", "").
		Person("p3", "Andrei Markov", "", "").
		Person("p4", "Denmark", "", "").
		Person("p5", "Zed", "", "", "Mark").
		Org("o-mark", "Mark Foundation").
		Country("DK").
		Topic("t-mark", "Trademark").
		Build()
}

type hit struct {
	Ref     graph.Ref
	Score   float64
	Matched string
}

func testSearch(t *testing.T, s graph.Store) {
	graphs := append(Corpus(), rankFixture())
	apply(t, s, graphs...)
	m := NewModel(graphs...)
	mark := []hit{
		{P("p0"), 3, "Mark"}, {P("p1"), 3, "Mark"}, {P("p5"), 3, "Mark"}, // exact, ties by kind then id
		{O("o-mark"), 2, "Mark Foundation"}, {P("p2"), 2, "Markov"}, // prefix
		{P("p3"), 1.5, "Andrei Markov"},                                                 // a later word's prefix
		{C("DK"), 1, "Denmark"}, {P("p4"), 1, "Denmark"}, {T("t-mark"), 1, "Trademark"}, // substring
	}
	for _, tc := range []struct {
		name  string
		query string
		kinds []graph.Kind
		limit int
		want  []hit
	}{
		{"Ranking", "mark", nil, 20, mark},
		{"RankingFolded", "  MARK ", nil, 20, mark},
		{"Limit", "mark", nil, 4, mark[:4]},
		{"KindPerson", "mark", []graph.Kind{graph.KindPerson}, 20, []hit{mark[0], mark[1], mark[2], mark[4], mark[5], mark[7]}},
		{"KindsCountryTopic", "mark", []graph.Kind{graph.KindCountry, graph.KindTopic}, 20, []hit{mark[6], mark[8]}},
		{"Exact", "markov", nil, 20, []hit{{P("p2"), 3, "Markov"}, {P("p3"), 1.5, "Andrei Markov"}}},
		{"Devanagari", "वांग यी", nil, 10, []hit{{P("wang-yi"), 3, "वांग यी"}}},
		{"DevanagariPrefix", "वांग", nil, 10, []hit{{P("wang-yi"), 2, "वांग यी"}}},
		{"DevanagariLavrov", "लावरोव", nil, 10, []hit{{P("lavrov"), 3, "लावरोव"}}},
		{"InvisibleIgnored", "\u200Bलावरोव\u200D", nil, 10, []hit{{P("lavrov"), 3, "लावरोव"}}},
		{"Urdu", "وانگ یی", nil, 10, []hit{{P("wang-yi"), 3, "وانگ یی"}}},
		{"UrduRussia", "روس", nil, 10, []hit{{C("RU"), 3, "روس"}}},
		{"Cyrillic", "Лавров", nil, 10, []hit{{P("lavrov"), 3, "Лавров"}}},
		{"CyrillicFolded", "лавров", nil, 10, []hit{{P("lavrov"), 3, "Лавров"}}},
		{"Han", "王毅", nil, 10, []hit{{P("wang-yi"), 3, "王毅"}}},
		{"HanRussia", "俄罗斯", nil, 10, []hit{{C("RU"), 3, "俄罗斯"}}},
		{"HanSubstring", "罗斯", nil, 10, []hit{{C("RU"), 1, "俄罗斯"}}},
		{"LatinToken", "lavrov", nil, 10, []hit{{P("lavrov"), 1.5, "Sergey Lavrov"}}},
		{"CountriesIn", "in", []graph.Kind{graph.KindCountry}, 2, []hit{{C("IN"), 2, "India"}, {C("CN"), 1, "China"}}},
		{"NoMatch", "zzzz", nil, 10, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := s.Search(ctx(t), tc.query, tc.kinds, tc.limit)
			if err != nil {
				t.Fatalf("Search(%q): %v", tc.query, err)
			}
			var got []hit
			for _, h := range hits {
				if h.Entity == nil {
					t.Fatalf("Search(%q) returned a hit without an entity: %+v", tc.query, h)
				}
				if want := m.Entity(h.Entity.Ref()); want == nil || h.Entity.Name != want.Name {
					t.Errorf("hit %s has name %q, want %v", h.Entity.Ref(), h.Entity.Name, want)
				}
				got = append(got, hit{h.Entity.Ref(), h.Score, h.Matched})
			}
			if diff := cmp.Diff(tc.want, got, cmpOpts...); diff != "" {
				t.Errorf("Search(%q, %v, %d) (-want +got):\n%s", tc.query, tc.kinds, tc.limit, diff)
			}
			// The hand-written expectation agrees with the rule the model implements.
			var model []hit
			for _, h := range m.Search(tc.query, tc.kinds, tc.limit) {
				model = append(model, hit{h.Entity.Ref(), h.Score, h.Matched})
			}
			if diff := cmp.Diff(tc.want, model, cmpOpts...); diff != "" {
				t.Errorf("suite bug: the model ranks differently (-want +model):\n%s", diff)
			}
		})
	}
	t.Run("WholeCorpus", func(t *testing.T) {
		// Every single-letter query ranks as the model does.
		for _, q := range []string{"a", "in", "s", "о", "ی"} {
			hits, err := s.Search(ctx(t), q, nil, 100)
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			want := m.Search(q, nil, 100)
			if len(hits) != len(want) {
				t.Errorf("Search(%q): %d hits, want %d", q, len(hits), len(want))
			}
			for i := 0; i < min(len(hits), len(want)); i++ {
				g, w := hits[i], want[i]
				if g.Entity == nil || g.Entity.Ref() != w.Entity.Ref() || g.Score != w.Score || (w.Matched != "" && g.Matched != w.Matched) {
					t.Errorf("Search(%q) hit %d = %v %v %q, want %v %v %q", q, i, refOf(g.Entity), g.Score, g.Matched, w.Entity.Ref(), w.Score, w.Matched)
				}
			}
		}
	})
}

func refOf(e *graph.Entity) graph.Ref {
	if e == nil {
		return graph.Ref{}
	}
	return e.Ref()
}
