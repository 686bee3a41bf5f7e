package graphtest

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

// batchFilters are the filters the batch and aggregation tests ask for
// at once: overlapping, empty, ranged, by report.
func batchFilters() []graph.EventFilter {
	return []graph.EventFilter{
		{Countries: []string{"CN"}},
		{Countries: []string{"RU"}},
		{},
		{Countries: []string{"IN"}, Types: []graph.EventType{graph.EventMeet}},
		{Organizations: []string{"UN"}}, // nothing
		{From: "2024-07-01"},
		{Topics: []string{"energy", "trade"}},
		{Language: "ur"},
		{Countries: []string{"CN"}}, // twice
		{People: []string{"wang-yi"}},
	}
}

// testBatch checks that ListEventsBatch and CountEventsBatch answer as
// many single calls would, in order.
func testBatch(t *testing.T, s graph.Store) {
	apply(t, s, Corpus()...)
	fs := batchFilters()
	first, err := s.ListEvents(ctx(t), graph.EventFilter{}, graph.Page{First: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []graph.Page{{}, {First: 2}, {First: 1}, {First: 2, After: first.EndCursor}, {First: 100}} {
		pages, err := s.ListEventsBatch(ctx(t), fs, p)
		if err != nil {
			t.Fatalf("ListEventsBatch(%+v): %v", p, err)
		}
		if len(pages) != len(fs) {
			t.Fatalf("ListEventsBatch(%+v): %d pages for %d filters", p, len(pages), len(fs))
		}
		for i, f := range fs {
			want, err := s.ListEvents(ctx(t), f, p)
			if err != nil {
				t.Fatalf("ListEvents(%+v, %+v): %v", f, p, err)
			}
			if d := cmp.Diff(want, pages[i], cmpOpts...); d != "" {
				t.Errorf("ListEventsBatch(%+v) page %d (%+v) differs from ListEvents (-single +batch):\n%s", p, i, f, d)
			}
		}
	}
	counts, err := s.CountEventsBatch(ctx(t), fs)
	if err != nil {
		t.Fatalf("CountEventsBatch: %v", err)
	}
	if len(counts) != len(fs) {
		t.Fatalf("CountEventsBatch: %d counts for %d filters", len(counts), len(fs))
	}
	for i, f := range fs {
		want, err := s.CountEvents(ctx(t), f)
		if err != nil {
			t.Fatal(err)
		}
		if counts[i] != want {
			t.Errorf("CountEventsBatch[%d] (%+v) = %d, CountEvents = %d", i, f, counts[i], want)
		}
	}

	// Empty batches, and a bad filter failing the batch.
	if pages, err := s.ListEventsBatch(ctx(t), nil, graph.Page{}); err != nil || len(pages) != 0 {
		t.Errorf("ListEventsBatch(nil) = %v, %v; want no pages", pages, err)
	}
	if counts, err := s.CountEventsBatch(ctx(t), nil); err != nil || len(counts) != 0 {
		t.Errorf("CountEventsBatch(nil) = %v, %v; want no counts", counts, err)
	}
	bad := append(fs[:1:1], graph.EventFilter{From: "July"})
	if _, err := s.ListEventsBatch(ctx(t), bad, graph.Page{}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("ListEventsBatch with a bad date: %v, want ErrInvalid", err)
	}
	if _, err := s.CountEventsBatch(ctx(t), bad); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("CountEventsBatch with a bad date: %v, want ErrInvalid", err)
	}
	if _, err := s.ListEventsBatch(ctx(t), fs, graph.Page{After: "%%"}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("ListEventsBatch with a bad cursor: %v, want ErrInvalid", err)
	}
}
