package extract

import (
	"os"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/loader/dict"
)

// TestSeedArticle is the golden test of the article dipgraph was first
// asked to handle: a Hindi report of China's foreign minister meeting
// Russia's in Moscow, with stray lines and vowel signs typed in two pieces.
func TestSeedArticle(t *testing.T) {
	b, err := os.ReadFile("../../fixtures/000_448cbc235505306c.txt")
	if err != nil {
		t.Fatal(err)
	}
	title, text, _ := strings.Cut(string(b), "\n")
	r := testExtractor(t).Extract(Input{ID: "seed", Lang: "hi", Title: title, Text: text})

	codes := map[string]bool{}
	for _, c := range r.Countries {
		codes[c.Code] = true
	}
	for _, want := range []string{"CN", "RU", "US", "IN"} {
		if !codes[want] {
			t.Errorf("country %s not found (got %v)", want, codes)
		}
	}
	people := map[string]PersonOut{}
	for _, p := range r.People {
		people[p.Name] = p
	}
	for _, want := range []string{"Wang Yi", "Sergey Lavrov", "Xi Jinping", "Vladimir Putin"} {
		if _, ok := people[want]; !ok {
			t.Errorf("person %s not found", want)
		}
	}
	lavrov := people["Sergey Lavrov"]
	spellings := strings.Join(lavrov.Names, "|")
	if !strings.Contains(spellings, "सर्गेई लावरोव") || !strings.Contains(spellings, "सर्गेइ लावरोव") {
		t.Errorf("Lavrov's two spellings are not one person: %v", lavrov.Names)
	}
	if len(r.People) != 4 {
		t.Errorf("want exactly 4 people, got %d: %v", len(r.People), people)
	}
	orgs := map[string]bool{}
	for _, o := range r.Organizations {
		orgs[o.ID] = true
	}
	for _, want := range []string{"SCO", "RIC", "ASEAN"} {
		if !orgs[want] {
			t.Errorf("organization %s not found (got %v)", want, orgs)
		}
	}
	if len(r.Places) != 1 || r.Places[0].Name != "Moscow" {
		t.Errorf("places = %+v, want Moscow", r.Places)
	}
	topics := map[string]bool{}
	for _, tp := range r.Topics {
		topics[tp.ID] = true
	}
	for _, want := range []string{"cyber-security", "information-technology", "data-security", "health"} {
		if !topics[want] {
			t.Errorf("topic %s not found (got %v)", want, topics)
		}
	}
	met := false
	for _, e := range r.Events {
		ps := strings.Join(e.Participants, ",")
		if strings.Contains(ps, "Wang Yi") && strings.Contains(ps, "Sergey Lavrov") && e.Place != nil && *e.Place == "Moscow" {
			met = true
			if e.Evidence.Sentence == "" || !strings.Contains(r.doc.text[e.Evidence.Start:e.Evidence.End], "मुलाकात") {
				t.Errorf("meeting evidence does not point at its sentence: %+v", e.Evidence)
			}
		}
	}
	if !met {
		t.Errorf("no Wang Yi–Lavrov meeting in Moscow among %d events", len(r.Events))
	}
	rel := func(typ, src, dst string) bool {
		for _, x := range r.Relations {
			if x.Type == typ && ((x.Source == src && x.Target == dst) || (symmetricName(typ) && x.Source == dst && x.Target == src)) {
				return true
			}
		}
		return false
	}
	if !rel("cooperate", "CN", "RU") {
		t.Error("no China–Russia cooperation")
	}
	supported := false
	for _, x := range r.Relations {
		if x.Type == "support" && x.Source == "RU" && x.Target == "CN" && x.Topic == "data-security" {
			supported = true
		}
	}
	if !supported {
		t.Errorf("no Russian support for China's data-security initiative: %+v", r.Relations)
	}
}

// The extractor version must not depend on map iteration order: it is
// part of every article's content hash, so a rerun in a new process would
// otherwise see every article as changed.
func TestVersionIsDeterministic(t *testing.T) {
	want := testExtractor(t).Version()
	for i := 0; i < 2; i++ {
		d, err := dict.Load()
		if err != nil {
			t.Fatal(err)
		}
		x, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := x.Version(); got != want {
			t.Fatalf("extractor version %s, earlier %s", got, want)
		}
	}
}
