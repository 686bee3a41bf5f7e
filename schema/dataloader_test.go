package schema

import (
	"fmt"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
)

// nestedQuery walks countries → events → participants → evidence → article.
const nestedQuery = `query($c: Int, $e: Int) {
  countries(first: $c) {
    edges { node { code
      events(first: $e) {
        totalCount
        edges { node { id
          participants { role actor { id name } }
          evidence { sentence confidence article { title language } }
        } }
      }
    } }
  }
}`

type nestedResult struct {
	Countries struct {
		Edges []struct {
			Node struct {
				Code   string
				Events struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							ID           string
							Participants []struct{ Actor struct{ ID, Name string } }
							Evidence     []struct{ Article struct{ Title string } }
						}
					}
				}
			}
		}
	}
}

// nestedCalls is what the nested query must cost: exactly one store call
// per level, whatever the list sizes.
var nestedCalls = map[string]int{"ListEntities": 1, "ListEventsBatch": 1, "CountEventsBatch": 1, "Entities": 1, "Articles": 1}

// TestNoNPlusOne checks that a nested query makes exactly one store call
// per level whatever the list sizes: countries (ListEntities), their
// events (ListEventsBatch, CountEventsBatch), the participants
// (Entities) and the evidence's articles (Articles).
func TestNoNPlusOne(t *testing.T) {
	base := openStore(t, world(12, 6)...)
	// A wait long enough that a machine slowed down by the race detector
	// and its neighbours still gathers every level in one batch; the
	// batching itself does not depend on it.
	opts := testOptions()
	opts.LoaderWait = 100 * time.Millisecond
	for _, size := range []struct{ countries, events int }{{1, 1}, {2, 2}, {5, 3}, {12, 6}} {
		t.Run(fmt.Sprintf("%dx%d", size.countries, size.events), func(t *testing.T) {
			cs := newCounting(base)
			ts := newTestServer(t, cs, opts)
			var got nestedResult
			ts.mustQuery(t, nestedQuery, map[string]any{"c": size.countries, "e": size.events}, &got)
			checkNested(t, &got, size.countries, size.events)
			if calls := cs.snapshot(); fmtCalls(calls) != fmtCalls(nestedCalls) {
				t.Errorf("store calls: %s, want %s", fmtCalls(calls), fmtCalls(nestedCalls))
			}
		})
	}
}

func checkNested(t *testing.T, got *nestedResult, countries, events int) {
	t.Helper()
	if n := len(got.Countries.Edges); n != countries {
		t.Fatalf("%d countries, want %d", n, countries)
	}
	for _, c := range got.Countries.Edges {
		ev := c.Node.Events
		if ev.TotalCount != 12 || len(ev.Edges) != events {
			t.Errorf("%s: totalCount %d, %d events; want 12, %d", c.Node.Code, ev.TotalCount, len(ev.Edges), events)
		}
		for _, e := range ev.Edges {
			if len(e.Node.Participants) != 4 || len(e.Node.Evidence) != 2 {
				t.Errorf("%s: %d participants, %d reports; want 4, 2", e.Node.ID, len(e.Node.Participants), len(e.Node.Evidence))
			}
			for _, p := range e.Node.Participants {
				if p.Actor.Name == "" {
					t.Errorf("%s: participant %s without a name", e.Node.ID, p.Actor.ID)
				}
			}
			for _, r := range e.Node.Evidence {
				if r.Article.Title == "" {
					t.Errorf("%s: evidence without its article", e.Node.ID)
				}
			}
		}
	}
}

// TestTotalCountDoesNotFetchRows checks that a connection asked only for
// its totalCount counts, and lists nothing.
func TestTotalCountDoesNotFetchRows(t *testing.T) {
	cs := newCounting(corpusStore(t))
	ts := newTestServer(t, cs, testOptions())
	tests := []struct {
		query string
		want  map[string]int
	}{
		{`{ events { totalCount } }`, map[string]int{"CountEventsBatch": 1}},
		{`{ countries { totalCount } }`, map[string]int{"CountEntities": 1}},
		{`{ articles(filter: {language: "hi"}) { totalCount } }`, map[string]int{"CountArticles": 1}},
		{`{ country(code: "CN") { events { totalCount } } }`, map[string]int{"Entities": 1, "CountEventsBatch": 1}},
		{`{ events(first: 1) { totalCount edges { cursor } } }`, map[string]int{"CountEventsBatch": 1, "ListEventsBatch": 1}},
		{`{ events(first: 1) { edges { cursor } } }`, map[string]int{"ListEventsBatch": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			cs.reset()
			ts.mustQuery(t, tt.query, nil, nil)
			if got := cs.snapshot(); fmtCalls(got) != fmtCalls(tt.want) {
				t.Errorf("store calls: %s, want %s", fmtCalls(got), fmtCalls(tt.want))
			}
		})
	}
}

var _ graph.Store = (*countingStore)(nil)
