package graph

import (
	"reflect"
	"testing"
)

func TestSearchScore(t *testing.T) {
	for _, tc := range []struct {
		q, name string
		want    float64
	}{
		{"mark", "Mark", 3},
		{"MARK", "mark", 3},
		{"  mark ", "Mark", 3},
		{"mark", "Markov", 2},
		{"mark", "Andrei Markov", 1.5},
		{"marc", "Jean-Marc", 1.5},
		{"mark", "Denmark", 1},
		{"mark", "Mar", 0},
		{"", "Mark", 0},
		{"वांग यी", "वांग यी", 3},
		{"वांग", "वांग यी", 2},
		{"यी", "वांग यी", 1.5},
		{"लावरोव", "\u200bलावरोव", 3},
		{"罗斯", "俄罗斯", 1},
		{"лавров", "Лавров", 3},
		{"us", "ＵＳ", 0}, // no compatibility folding
	} {
		if got := SearchScore(Key(tc.q), Key(tc.name)); got != tc.want {
			t.Errorf("SearchScore(Key(%q), Key(%q)) = %v, want %v", tc.q, tc.name, got, tc.want)
		}
	}
}

func TestSortHits(t *testing.T) {
	hit := func(k Kind, id string, score float64) SearchHit {
		return SearchHit{Entity: &Entity{Kind: k, ID: id}, Score: score}
	}
	hits := []SearchHit{hit(KindTopic, "t", 1), hit(KindPerson, "p1", 3), hit(KindCountry, "DK", 1), hit(KindPerson, "p0", 3), hit(KindOrganization, "o", 2), hit(KindPerson, "p2", 2), hit(KindPerson, "p3", 1.5)}
	SortHits(hits)
	var got []string
	for _, h := range hits {
		got = append(got, h.Entity.Ref().String())
	}
	want := []string{"Person:p0", "Person:p1", "Organization:o", "Person:p2", "Person:p3", "Country:DK", "Topic:t"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SortHits = %v, want %v", got, want)
	}
}

func TestSortBilateral(t *testing.T) {
	b := &Bilateral{
		ByType:   []TypeCount{{EventSupport, "RU", "CN", 1}, {EventMeet, "", "", 3}, {EventSupport, "CN", "RU", 1}, {EventAgree, "", "", 1}},
		Topics:   []KeyCount{{"energy", 1}, {"trade", 2}, {"arms", 1}},
		Timeline: []MonthBucket{{"2024-03", EventSupport, 2}, {"2024-02", EventMeet, 1}, {"2024-03", EventAgree, 1}, {"2024-02", EventCooperate, 1}},
	}
	SortBilateral(b)
	want := &Bilateral{
		ByType:   []TypeCount{{EventAgree, "", "", 1}, {EventMeet, "", "", 3}, {EventSupport, "CN", "RU", 1}, {EventSupport, "RU", "CN", 1}},
		Topics:   []KeyCount{{"trade", 2}, {"arms", 1}, {"energy", 1}},
		Timeline: []MonthBucket{{"2024-02", EventCooperate, 1}, {"2024-02", EventMeet, 1}, {"2024-03", EventAgree, 1}, {"2024-03", EventSupport, 2}},
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("SortBilateral = %+v\nwant %+v", b, want)
	}
}
