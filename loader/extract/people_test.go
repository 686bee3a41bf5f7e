package extract

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestUnknownPeopleByTitle: people the dictionary lacks, found after their
// office titles, each with the state the sentence gives them.
func TestUnknownPeopleByTitle(t *testing.T) {
	x := testExtractor(t)
	cases := []struct {
		name, lang, text string
		want             []string // "name/country", sorted by name
	}{
		{
			name: "two titled names in one sentence",
			lang: "en",
			text: "Lesotho's Foreign Minister Lejone Mpotjoane met Equatorial Guinea's Prime Minister Manuel Osa Nsue Nsua in Malabo on Monday.",
			want: []string{"Lejone Mpotjoane/LS", "Manuel Osa Nsue Nsua/GQ"},
		},
		{
			// The second title came after the first name had replaced the hits
			// it covered, which shifted the list under the loop.
			name: "Latin names in Chinese text end where the Han text starts",
			lang: "zh",
			text: "莱索托外交部长Lejone Mpotjoane星期一在马拉博会见了赤道几内亚总理Manuel Osa Nsue Nsua。",
			want: []string{"Lejone Mpotjoane/LS", "Manuel Osa Nsue Nsua/GQ"},
		},
		{
			name: "the state after the name",
			lang: "en",
			text: "Prime Minister Ondrej Velasco of Chile met the press on Monday.",
			want: []string{"Ondrej Velasco/CL"},
		},
		{
			name: "the state after the name, in French: a particle ends no name",
			lang: "fr",
			text: "Le ministre des Affaires étrangères Talib Qurnavi du Mali a rencontré son homologue à Dakar.",
			want: []string{"Talib Qurnavi/ML"},
		},
		{
			name: "the state after the name, in German",
			lang: "de",
			text: "Außenminister Talib Qurnavi aus Mali traf seinen Amtskollegen in Berlin.",
			want: []string{"Talib Qurnavi/ML"},
		},
		{
			name: "a particle inside a name",
			lang: "en",
			text: "Portuguese Foreign Minister Pedro de Almeida met his counterpart in Lisbon.",
			want: []string{"Pedro de Almeida/PT"},
		},
		{
			name: "a title and a surname are the one holder of the office",
			lang: "hi",
			text: "प्रधानमंत्री मोदी ने शनिवार को क्वाड शिखर सम्मेलन में हिस्सा लिया।",
			want: []string{"Narendra Modi/IN"},
		},
		{
			name: "a surname the dictionary does not know stays unknown",
			lang: "en",
			text: "Foreign Minister Qurnavi attended the summit.",
			want: []string{"Qurnavi/"},
		},
		{
			name: "no state after of",
			lang: "en",
			text: "Prime Minister Ondrej Velasco of the ruling party met the press.",
			want: []string{"Ondrej Velasco/"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := x.Extract(Input{ID: "t", Lang: c.lang, Published: "2024-09-04", Text: c.text})
			var got []string
			for _, p := range r.People {
				country := ""
				if p.Country != nil {
					country = *p.Country
				}
				got = append(got, p.Name+"/"+country)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("people %q, want %q", got, c.want)
			}
		})
	}
}

// TestExtractionDoesNotDependOnListRoom: a sentence's hits are a list that
// later steps change in place (a name found by its title replaces the hits
// it covers). Whether an append moves the list depends on the room after
// it, which must not change what extraction finds.
func TestExtractionDoesNotDependOnListRoom(t *testing.T) {
	x := testExtractor(t)
	inputs := append(devInputs(t), generatedInputs(t, 300)...)
	for _, text := range []string{
		"莱索托外交部长Lejone Mpotjoane星期一在马拉博会见了赤道几内亚总理Manuel Osa Nsue Nsua。",
		"Lesotho's Foreign Minister Lejone Mpotjoane met Equatorial Guinea's Prime Minister Manuel Osa Nsue Nsua in Malabo on Monday.",
	} {
		inputs = append(inputs, Input{ID: "t", Lang: "", Published: "2024-09-04", Text: text})
	}
	extractAll := func() []string {
		out := make([]string, len(inputs))
		for i, in := range inputs {
			b, err := json.Marshal(x.Extract(in))
			if err != nil {
				t.Fatal(err)
			}
			out[i] = string(b)
		}
		return out
	}
	want := extractAll()
	defer func() { extraHitRoom = 0 }()
	for _, room := range []int{1, 3, 16} {
		extraHitRoom = room
		for i, got := range extractAll() {
			if got != want[i] {
				t.Fatalf("article %s with %d more room for hits:\n%s\nwant\n%s", inputs[i].ID, room, got, want[i])
			}
		}
	}
}

// peopleNames are the names of the people a result holds, sorted.
func peopleNames(r *Result) []string {
	var names []string
	for _, p := range r.People {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	return names
}

// TestTitleCaseSentences: names after titles are read in a sentence as
// capitalized as a headline when it ends in a full stop, and not in a
// headline.
func TestTitleCaseSentences(t *testing.T) {
	x := testExtractor(t)
	for _, c := range []struct {
		title, text string
		want        []string
	}{
		{"", "Foreign Minister Talib Qurnavi met Defence Minister Pieter Smulders of Belgium in Brussels.", []string{"Pieter Smulders", "Talib Qurnavi"}},
		{"Foreign Minister Meets Defence Minister In Brussels", "The two ministers met on Monday.", nil},
	} {
		got := peopleNames(x.Extract(Input{ID: "t", Lang: "en", Published: "2024-09-04", Title: c.title, Text: c.text}))
		if !slices.Equal(got, c.want) {
			t.Errorf("%q / %q: people %q, want %q", c.title, c.text, got, c.want)
		}
	}
}

// TestSurnameAlone: a surname with one owner in the dictionary is that
// person where capitals mark names; elsewhere the article must name the
// owner's state.
func TestSurnameAlone(t *testing.T) {
	x := testExtractor(t)
	cases := []struct {
		name, lang, text string
		want             []string
	}{
		{"a capitalized surname, the state unnamed", "ru", "Путин провел переговоры с президентом Турции.", []string{"Vladimir Putin"}},
		{"the same in English", "en", "Putin held talks with the Turkish president.", []string{"Vladimir Putin"}},
		{"an uncased surname, the state unnamed", "hi", "शी ने कहा कि वार्ता सफल रही।", nil},
		{"an uncased surname, the state named", "hi", "चीन के राष्ट्रपति शी ने कहा कि वार्ता सफल रही।", []string{"Xi Jinping"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := x.Extract(Input{ID: "t", Lang: c.lang, Published: "2024-07-04", Text: c.text})
			var got []string
			for _, p := range r.People {
				got = append(got, p.Name)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("people %q, want %q", got, c.want)
			}
		})
	}
}

// TestOfficeAt: of the offices someone holds at once, the one the text
// names, else the office of state.
func TestOfficeAt(t *testing.T) {
	x := testExtractor(t)
	cases := []struct{ id, day, want, role string }{
		{"wang-yi", "2024-11-19", "", "foreign minister"},
		{"wang-yi", "2024-11-19", "foreign affairs commission director", "foreign affairs commission director"},
		{"wang-yi", "2023-02-01", "", "foreign affairs commission director"},
		{"xi-jinping", "2024-05-16", "", "president"},
	}
	for _, c := range cases {
		p := x.people[c.id]
		if p == nil {
			t.Fatalf("no %s in the dictionary", c.id)
		}
		if o, ok := officeAt(p, c.day, c.want); !ok || o.Role != c.role {
			t.Errorf("officeAt(%s, %s, %q) = %q, %v; want %q", c.id, c.day, c.want, o.Role, ok, c.role)
		}
	}
}
