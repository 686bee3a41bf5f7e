package memory

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// TestStoreKeepsNoSliceOfTheCallersText: an extractor hands the store
// sentences and names that are slices of the whole article's text. Were
// the store to keep them as they are, every article's text would stay in
// memory for as long as one fact of it does.
func TestStoreKeepsNoSliceOfTheCallersText(t *testing.T) {
	ctx := context.Background()
	text := strings.Repeat("Lorem ipsum. ", 400) + "India and Bharat met China in Delhi."
	sentence := text[len(text)-len("India and Bharat met China in Delhi."):]
	alias := sentence[len("India and "):][:len("Bharat")]
	inText := func(s string) bool {
		p, base := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
		return p >= base && p < base+uintptr(len(text))
	}
	name := sentence[len("India and Bharat met "):][:len("China")]
	g := graphtest.NewArticle("a1").Country("IN", alias).Country("CN").Person("p1", name, "IN", "minister").
		Meeting("2024-05-01", graphtest.C("IN"), graphtest.C("CN")).Sentence(sentence, len(text)-len(sentence)).Build()
	if !inText(g.Events[0].Reports[0].Sentence) {
		t.Fatal("the test's sentence is not a slice of its text")
	}
	s, err := Open(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply(ctx, []graph.ArticleGraph{g}); err != nil {
		t.Fatal(err)
	}
	evs, err := s.Events(ctx, []string{g.Events[0].ID})
	if err != nil || len(evs) != 1 || evs[0] == nil {
		t.Fatalf("event: %v %v", evs, err)
	}
	for _, r := range evs[0].Reports {
		if r.Sentence != sentence {
			t.Fatalf("sentence %q, want %q", r.Sentence, sentence)
		}
	}
	ents, err := s.Entities(ctx, []graph.Ref{graphtest.C("IN"), graphtest.P("p1")})
	if err != nil || len(ents) != 2 || ents[0] == nil || ents[1] == nil {
		t.Fatalf("entities: %v %v", ents, err)
	}
	if ents[1].Name != name {
		t.Fatalf("name %q, want %q", ents[1].Name, name)
	}
	found := false
	for _, a := range ents[0].Aliases {
		if a.Text == alias {
			found = true
			if inText(a.Text) {
				t.Error("the entity's alias is a slice of the article's text")
			}
		}
	}
	if !found {
		t.Fatalf("alias %q not among %v", alias, ents[0].Aliases)
	}
	// What the store hands out are copies of what it keeps: look inside.
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := s.st.entities[graphtest.P("p1")].state.Fields[graph.FieldName].Best(); n != name || inText(n) {
		t.Errorf("the stored name %q is a slice of the article's text", n)
	}
	for _, r := range s.st.events[g.Events[0].ID].Reports {
		if inText(r.Sentence) {
			t.Error("the stored report's sentence is a slice of the article's text")
		}
	}
}

// TestEventIndexFollowsWhatReportsAgreeOn: an event's place and topics
// come from its reports, so they change while the event stays. The index
// of an entity's events must then lose the event, and gain it back.
func TestEventIndexFollowsWhatReportsAgreeOn(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cyber := graphtest.NewArticle("a1").Country("IN").Country("CN").Topic("cyber-security", "Cyber security").
		Meeting("2024-05-01", graphtest.C("IN"), graphtest.C("CN")).About("cyber-security").Build()
	plain := graphtest.NewArticle("a2").Country("IN").Country("CN").
		Meeting("2024-05-01", graphtest.C("IN"), graphtest.C("CN")).Build()
	if cyber.Events[0].ID != plain.Events[0].ID {
		t.Fatal("the two articles do not report one event")
	}
	id := cyber.Events[0].ID
	topic := graphtest.T("cyber-security")
	check := func(step string, want bool) {
		t.Helper()
		s.mu.Lock()
		defer s.mu.Unlock()
		indexed := false
		if tr := s.st.evIndex[topic]; tr != nil {
			tr.Ascend(func(k evKey) bool {
				indexed = indexed || k.id == id
				return true
			})
		}
		if indexed != want {
			t.Errorf("%s: the topic's index holds the event: %v, want %v", step, indexed, want)
		}
		// Every key of every index belongs to an event that refers to it.
		for ref, tr := range s.st.evIndex {
			tr.Ascend(func(k evKey) bool {
				ev := s.st.events[k.id]
				if ev == nil || !slices.Contains(indexRefs(ev), ref) {
					t.Errorf("%s: %s's index lists %s, which does not refer to it", step, ref, k.id)
				}
				return true
			})
		}
	}
	apply := func(gs ...graph.ArticleGraph) {
		t.Helper()
		if _, err := s.Apply(ctx, gs); err != nil {
			t.Fatal(err)
		}
	}
	apply(cyber)
	check("one report about cyber security", true)
	apply(plain)
	check("a second report", true)
	if err := s.DeleteArticle(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	check("the report about cyber security deleted", false)
	apply(cyber)
	check("and applied again", true)
}

// TestDecodedRecordsKeepNoSpareCapacity: records read back from the
// database (the open after a crash replays them all) are kept in the
// graph; a decoder that leaves room for ten elements in every slice made
// the replayed graph of 100,000 articles half a gigabyte larger.
func TestDecodedRecordsKeepNoSpareCapacity(t *testing.T) {
	g := graphtest.NewArticle("a1").Country("IN").Country("CN").Topic("trade", "Trade").
		Meeting("2024-05-01", graphtest.C("IN"), graphtest.C("CN")).About("trade").Build()
	v, err := json.Marshal(&diskArticle{Article: g.Article, Events: g.Events})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := decodeRecord(v, &entityLookup{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.events) != 1 {
		t.Fatalf("%d events decoded", len(rec.events))
	}
	ev := rec.events[0]
	if len(ev.Reports) == 0 || len(ev.Reports[0].Topics) == 0 {
		t.Fatalf("decoded event %+v has no report topics", ev)
	}
	for name, lc := range map[string][2]int{
		"participants":  {len(ev.Participants), cap(ev.Participants)},
		"reports":       {len(ev.Reports), cap(ev.Reports)},
		"report topics": {len(ev.Reports[0].Topics), cap(ev.Reports[0].Topics)},
	} {
		if lc[1] > lc[0]+1 {
			t.Errorf("%s: length %d, capacity %d", name, lc[0], lc[1])
		}
	}
}
