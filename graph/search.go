package graph

import (
	"sort"
	"strings"
)

// SearchScore rates how well a query key matches a name key (both made by
// Key): 3 for the whole name, 2 for a prefix of it, 1.5 for a prefix of one
// of its words, 1 for any substring, 0 for no match. Every store ranks
// search results with it, so that they agree on the order.
func SearchScore(q, k string) float64 {
	switch {
	case q == "":
		return 0
	case k == q:
		return 3
	case strings.HasPrefix(k, q):
		return 2
	case strings.Contains(k, " "+q) || strings.Contains(k, "-"+q):
		return 1.5
	case strings.Contains(k, q):
		return 1
	}
	return 0
}

// SortHits orders search hits best first, then by kind, then by id.
func SortHits(hits []SearchHit) {
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Entity.Ref().Less(b.Entity.Ref())
	})
}

// SortBilateral puts a summary's lists in their canonical order: ByType by
// type, source, target; Topics most frequent first, then by key; Timeline
// by month, then type.
func SortBilateral(b *Bilateral) {
	sort.Slice(b.ByType, func(i, j int) bool {
		x, y := b.ByType[i], b.ByType[j]
		if x.Type != y.Type {
			return x.Type < y.Type
		}
		if x.Source != y.Source {
			return x.Source < y.Source
		}
		return x.Target < y.Target
	})
	sort.Slice(b.Topics, func(i, j int) bool {
		if b.Topics[i].Count != b.Topics[j].Count {
			return b.Topics[i].Count > b.Topics[j].Count
		}
		return b.Topics[i].Key < b.Topics[j].Key
	})
	sort.Slice(b.Timeline, func(i, j int) bool {
		if b.Timeline[i].Month != b.Timeline[j].Month {
			return b.Timeline[i].Month < b.Timeline[j].Month
		}
		return b.Timeline[i].Type < b.Timeline[j].Type
	})
}
