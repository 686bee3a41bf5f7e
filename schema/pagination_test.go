package schema

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
)

type pageResult struct {
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
	PageInfo struct {
		HasNextPage bool
		EndCursor   *string
	}
	TotalCount int
}

// walk pages through a root connection with first=size and returns the ids.
func walk(t *testing.T, ts *testServer, field string, size int) []string {
	t.Helper()
	q := fmt.Sprintf(`query($first: Int, $after: String) { c: %s(first: $first, after: $after) {
		totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`, field)
	var ids []string
	var after any
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("pagination does not end")
		}
		var got struct{ C pageResult }
		ts.mustQuery(t, q, map[string]any{"first": size, "after": after}, &got)
		for i, e := range got.C.Edges {
			ids = append(ids, e.Node.ID)
			if i == len(got.C.Edges)-1 && (got.C.PageInfo.EndCursor == nil || e.Cursor != *got.C.PageInfo.EndCursor) {
				t.Errorf("last edge cursor %q differs from endCursor %v", e.Cursor, got.C.PageInfo.EndCursor)
			}
		}
		if !got.C.PageInfo.HasNextPage {
			if len(ids) != got.C.TotalCount {
				t.Errorf("%d items walked, totalCount %d", len(ids), got.C.TotalCount)
			}
			return ids
		}
		after = *got.C.PageInfo.EndCursor
	}
}

func TestPagination(t *testing.T) {
	ts := newTestServer(t, openStore(t, world(8, 5)...), testOptions())
	for _, field := range []string{"events", "countries", "people", "articles"} {
		t.Run(field, func(t *testing.T) {
			all := walk(t, ts, field, 100)
			if len(all) < 8 {
				t.Fatalf("only %d %s", len(all), field)
			}
			for _, size := range []int{1, 3, 7} {
				if got := walk(t, ts, field, size); !cmp.Equal(got, all) {
					t.Errorf("first=%d: %v, want %v", size, got, all)
				}
			}
		})
	}
}

// TestPaginationSurvivesInserts pages through countries and events while
// articles are loaded: keyset cursors neither repeat nor skip the items
// that existed before.
func TestPaginationSurvivesInserts(t *testing.T) {
	store := openStore(t, world(8, 2)...)
	ts := newTestServer(t, store, testOptions())
	before := walk(t, ts, "countries", 100)
	beforeEvents := walk(t, ts, "events", 100)

	q := `query($after: String) { countries(first: 3, after: $after) { edges { node { id } } pageInfo { endCursor } } }`
	qe := `query($after: String) { events(first: 3, after: $after) { edges { node { id } } pageInfo { endCursor } } }`
	type conn struct {
		Edges    []struct{ Node struct{ ID string } }
		PageInfo struct{ EndCursor *string }
	}
	var seen, seenEvents []string
	var after, afterEvents any
	for i := 0; ; i++ {
		var got struct{ Countries, Events conn }
		ts.mustQuery(t, q, map[string]any{"after": after}, &got)
		ts.mustQuery(t, qe, map[string]any{"after": afterEvents}, &got)
		for _, e := range got.Countries.Edges {
			seen = append(seen, e.Node.ID)
		}
		for _, e := range got.Events.Edges {
			seenEvents = append(seenEvents, e.Node.ID)
		}
		if len(got.Countries.Edges) == 0 && len(got.Events.Edges) == 0 {
			break
		}
		if len(got.Countries.Edges) > 0 {
			after = *got.Countries.PageInfo.EndCursor
		}
		if len(got.Events.Edges) > 0 {
			afterEvents = *got.Events.PageInfo.EndCursor
		}
		// A load between pages: countries sorting before and after the
		// cursor, events newer and older than it.
		g := graphtest.NewArticle(fmt.Sprintf("insert-%d", i)).Lang("en").Published("2024-06-01").
			Country("AD").Country("ZW").
			Meeting("2025-01-01", graphtest.C("AD"), graphtest.C("ZW")).
			Multi(graph.EventAgree, fmt.Sprintf("2020-01-%02d", i+1), graphtest.C("AD"), graphtest.C("ZW")).Build()
		if res, err := store.Apply(context.Background(), []graph.ArticleGraph{g}); err != nil || res[0].Err != nil {
			t.Fatal(err, res)
		}
	}
	if got := without(seen, "Country:AD", "Country:ZW"); !cmp.Equal(got, before) {
		t.Errorf("countries walked during inserts: %v, want %v", got, before)
	}
	if got := seenEvents[:len(beforeEvents)]; !cmp.Equal(got, beforeEvents) {
		t.Errorf("events walked during inserts: %v, want %v first", got, beforeEvents)
	}
	dup := map[string]bool{}
	for _, id := range seenEvents {
		if dup[id] {
			t.Errorf("event %s seen twice", id)
		}
		dup[id] = true
	}
}

func without(ids []string, drop ...string) []string {
	var out []string
	for _, id := range ids {
		if !contains(drop, id) {
			out = append(out, id)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestPaginationErrors(t *testing.T) {
	ts := newTestServer(t, corpusStore(t), testOptions())
	for _, q := range []string{
		`{ events(after: "not a cursor") { totalCount } }`,
		`{ countries(after: "eyJ4IjoxfQ") { totalCount } }`, // {"x":1}: no id
		`{ events(filter: {from: "2024-13-01"}) { totalCount } }`,
		`{ events(filter: {from: "2024-07-02", to: "2024-07-01"}) { totalCount } }`,
		`{ events(filter: {minConfidence: 1.5}) { totalCount } }`,
		`{ path(from: "Country:CN", to: "nope") { length } }`,
		`{ path(from: "Country:CN", to: "Country:RU", maxHops: 7) { length } }`,
		`{ neighborhood(id: "Country:CN", depth: 4) { truncated } }`,
		`{ neighborhood(id: "Country:CN", limit: 201) { truncated } }`,
		`{ bilateral(a: "CN", b: "cn") { events } }`,
		`{ search(query: "  ") { score } }`,
	} {
		t.Run(q, func(t *testing.T) {
			r := ts.query(t, q, nil)
			if r.code() != CodeBadUserInput {
				t.Errorf("got %s, want code %s", r.Body, CodeBadUserInput)
			}
		})
	}
}
