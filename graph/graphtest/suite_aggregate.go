package graphtest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

// testEventCounts checks EventCounts against counting the events that
// ListEvents returns, here, for filters and group keys of every kind.
func testEventCounts(t *testing.T, s graph.Store) {
	apply(t, s, Corpus()...)
	one := []graph.GroupKey{graph.GroupMonth, graph.GroupYear, graph.GroupType, graph.GroupTopic, graph.GroupCountry, graph.GroupCounterpart}
	var groupBys [][]graph.GroupKey
	for _, a := range one {
		groupBys = append(groupBys, []graph.GroupKey{a})
		for _, b := range one {
			if a != b {
				groupBys = append(groupBys, []graph.GroupKey{a, b})
			}
		}
	}
	for _, f := range batchFilters() {
		evs := listAll(t, s, f)
		for _, g := range groupBys {
			counterpart := false
			for _, k := range g {
				counterpart = counterpart || k == graph.GroupCounterpart
			}
			if _, ok := graph.CounterpartSelf(f); counterpart && !ok {
				continue
			}
			t.Run(fmt.Sprintf("%+v/%v", f, g), func(t *testing.T) {
				got, err := s.EventCounts(ctx(t), f, g)
				if err != nil {
					t.Fatalf("EventCounts: %v", err)
				}
				if d := cmp.Diff(countGroups(evs, f, g), got, cmpOpts...); d != "" {
					t.Errorf("EventCounts differs from counting ListEvents (-want +got):\n%s", d)
				}
			})
		}
	}

	t.Run("Invalid", func(t *testing.T) {
		cn := graph.EventFilter{Countries: []string{"CN"}}
		for _, tc := range []struct {
			f graph.EventFilter
			g []graph.GroupKey
		}{
			{cn, nil},
			{cn, []graph.GroupKey{"WEEK"}},
			{cn, []graph.GroupKey{"type"}},
			{cn, []graph.GroupKey{graph.GroupType, graph.GroupType}},
			{cn, []graph.GroupKey{graph.GroupType, graph.GroupMonth, graph.GroupTopic}},
			{graph.EventFilter{}, []graph.GroupKey{graph.GroupCounterpart}},
			{graph.EventFilter{Countries: []string{"CN", "RU"}}, []graph.GroupKey{graph.GroupCounterpart}},
			{graph.EventFilter{People: []string{"wang-yi", "sergey-lavrov"}}, []graph.GroupKey{graph.GroupCounterpart}},
			{graph.EventFilter{From: "July"}, []graph.GroupKey{graph.GroupType}},
		} {
			if _, err := s.EventCounts(ctx(t), tc.f, tc.g); !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("EventCounts(%+v, %v): %v, want ErrInvalid", tc.f, tc.g, err)
			}
		}
	})
}

// listAll returns every event ListEvents gives for f.
func listAll(t *testing.T, s graph.Store, f graph.EventFilter) []*graph.Event {
	t.Helper()
	var out []*graph.Event
	p := graph.Page{First: 3}
	for {
		page, err := s.ListEvents(ctx(t), f, p)
		if err != nil {
			t.Fatalf("ListEvents(%+v): %v", f, err)
		}
		out = append(out, page.Items...)
		if !page.HasNext {
			return out
		}
		p.After = page.EndCursor
	}
}

// countGroups is the reference EventCounts over listed events.
func countGroups(evs []*graph.Event, f graph.EventFilter, groupBy []graph.GroupKey) []graph.GroupCount {
	values := func(ev *graph.Event, k graph.GroupKey) []string {
		set := map[string]bool{}
		switch k {
		case graph.GroupMonth, graph.GroupYear:
			n := 7
			if k == graph.GroupYear {
				n = 4
			}
			if len(ev.Date) >= n {
				set[ev.Date[:n]] = true
			} else {
				set[""] = true
			}
		case graph.GroupType:
			set[string(ev.Type)] = true
		case graph.GroupTopic:
			for _, tp := range ev.Topics {
				set[tp] = true
			}
		case graph.GroupCountry:
			for _, p := range ev.Participants {
				if p.Ref.Kind == graph.KindCountry {
					set[p.Ref.ID] = true
				}
			}
		case graph.GroupCounterpart:
			self, _ := graph.CounterpartSelf(f)
			for _, p := range ev.Participants {
				if p.Ref.Kind == self.Kind && p.Ref != self {
					set[p.Ref.ID] = true
				}
			}
		}
		out := make([]string, 0, len(set))
		for v := range set {
			out = append(out, v)
		}
		return out
	}
	counts := map[string]int{}
	for _, ev := range evs {
		combos := [][]string{nil}
		for _, k := range groupBy {
			var next [][]string
			for _, c := range combos {
				for _, v := range values(ev, k) {
					next = append(next, append(append([]string(nil), c...), v))
				}
			}
			combos = next
		}
		for _, c := range combos {
			counts[strings.Join(c, "\x00")]++
		}
	}
	out := []graph.GroupCount{}
	for k, n := range counts {
		out = append(out, graph.GroupCount{Keys: strings.Split(k, "\x00"), Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		return strings.Join(out[i].Keys, "\x00") < strings.Join(out[j].Keys, "\x00")
	})
	return out
}
