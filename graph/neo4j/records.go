package neo4j

import (
	"sort"

	"github.com/dipgraph/dipgraph/graph"
)

// Conversions between the driver's values and Go. Properties are optional
// in the store (an empty string or list is not stored at all), so every
// reader maps a missing value to the zero value.

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

func float(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// strs converts a stored list of strings; nil when missing or empty, as the
// domain types have it.
func strs(v any) []string {
	l := asList(v)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = str(x)
	}
	return out
}

// opt stores "" as a missing property.
func opt(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// optList stores an empty list as a missing property. (A nil []string
// would be sent as an empty list, not as null.)
func optList(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

// orEmpty sends a nil slice of rows as an empty list, for UNWIND.
func orEmpty(rows []map[string]any) []map[string]any {
	if rows == nil {
		return []map[string]any{}
	}
	return rows
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uniqueSorted(ss []string) []string {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return sortedKeys(m)
}

func decodeReport(m map[string]any) graph.Report {
	return graph.Report{
		Article:    str(m["article"]),
		Sentence:   str(m["sentence"]),
		Start:      int(num(m["start"])),
		End:        int(num(m["end"])),
		Confidence: float(m["confidence"]),
		Extractor:  str(m["extractor"]),
		Subtype:    str(m["subtype"]),
		Status:     str(m["status"]),
		Place:      str(m["place"]),
		Topics:     strs(m["topics"]),
	}
}

func decodeArticle(m map[string]any) *graph.Article {
	return &graph.Article{
		ID:          str(m["id"]),
		URL:         str(m["url"]),
		Title:       str(m["title"]),
		Lang:        str(m["lang"]),
		Source:      str(m["source"]),
		Published:   str(m["published"]),
		ContentHash: str(m["contentHash"]),
		Extractor:   str(m["extractor"]),
	}
}
