package neo4j

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
)

func TestLabelFor(t *testing.T) {
	tests := []struct {
		kind    graph.Kind
		want    string
		wantErr bool
	}{
		{graph.KindCountry, "Country", false},
		{graph.KindPerson, "Person", false},
		{graph.KindOrganization, "Organization", false},
		{graph.KindPlace, "Place", false},
		{graph.KindTopic, "Topic", false},
		{graph.KindEvent, "Event", false},
		{graph.KindArticle, "Article", false},
		{"", "", true},
		{"country", "", true}, // case folding belongs to graph.ParseKind
		{"Entity", "", true},  // internal labels are not kinds
		{"Migration", "", true},
		{"Country`) DETACH DELETE n //", "", true},
	}
	for _, tc := range tests {
		got, err := labelFor(tc.kind)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("labelFor(%q) = %q, %v; want %q, error %v", tc.kind, got, err, tc.want, tc.wantErr)
		}
		if err != nil && !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("labelFor(%q) error %v does not wrap graph.ErrInvalid", tc.kind, err)
		}
	}
}

// FuzzLabelForEnum is check N-3: whatever string reaches the kind-to-label
// mapper, the result is an allowlisted label or an error, never anything
// else. Its seed corpus is in testdata/fuzz/FuzzLabelForEnum.
func FuzzLabelForEnum(f *testing.F) {
	for _, k := range []graph.Kind{graph.KindCountry, graph.KindPerson, graph.KindOrganization, graph.KindPlace,
		graph.KindTopic, graph.KindEvent, graph.KindArticle} {
		f.Add(string(k))
	}
	f.Fuzz(func(t *testing.T, s string) {
		allowed := map[string]bool{}
		for _, l := range allowedLabels {
			allowed[l] = true
		}
		label, err := labelFor(graph.Kind(s))
		if err != nil {
			if label != "" {
				t.Fatalf("labelFor(%q) returned label %q with error %v", s, label, err)
			}
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("labelFor(%q) error %v does not wrap graph.ErrInvalid", s, err)
			}
			if !utf8.ValidString(err.Error()) || len(err.Error()) > 200 {
				t.Fatalf("labelFor(%q) error message is invalid UTF-8 or long: %q", s, err.Error())
			}
			return
		}
		if !allowed[label] || label != s {
			t.Fatalf("labelFor(%q) = %q, not the allowlisted label of that kind", s, label)
		}
		el, err := entityLabelFor(graph.Kind(s))
		if err == nil && (!graph.Kind(s).IsEntity() || el != label) {
			t.Fatalf("entityLabelFor(%q) = %q for a non-entity kind", s, el)
		}
	})
}
