package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/loader/textproc"
)

// TestNameJoins: sentences cut at a period inside a name of the
// dictionaries are joined again, and only there.
func TestNameJoins(t *testing.T) {
	x := testExtractor(t)
	cases := []struct {
		text string
		want []string // the sentences
	}{
		{"South African President Cyril Ramaphosa held talks with Icelandic President Guðni Th. Jóhannesson on Monday. They met in Pretoria.",
			[]string{"South African President Cyril Ramaphosa held talks with Icelandic President Guðni Th. Jóhannesson on Monday.", "They met in Pretoria."}},
		{"Foreign Adviser Md. Touhid Hossain met the envoy.",
			[]string{"Foreign Adviser Md. Touhid Hossain met the envoy."}},
		{"Secretary Ma. Theresa Lazaro arrived in Tokyo.",
			[]string{"Secretary Ma. Theresa Lazaro arrived in Tokyo."}},
		// The same abbreviations before words that follow them in no name
		// of the dictionaries end sentences.
		{"He spoke with Jack Ma. The talks went on.", []string{"He spoke with Jack Ma.", "The talks went on."}},
		{"It was signed by Th. Smith. Md. Rahman said so.", []string{"It was signed by Th.", "Smith.", "Md.", "Rahman said so."}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range x.joins.join(c.text, textproc.Split(c.text)) {
			got = append(got, s.Text)
			if c.text[s.Start:s.End] != s.Text {
				t.Errorf("%q: offsets %d..%d do not give %q", c.text, s.Start, s.End, s.Text)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.text, got, c.want)
		}
	}
	// And the person is found whole.
	names := peopleNames(x.Extract(Input{ID: "t", Lang: "en", Published: "2021-05-12", Text: cases[0].text}))
	if !slices.Contains(names, "Guðni Th. Jóhannesson") {
		t.Errorf("people %q, want Guðni Th. Jóhannesson", names)
	}
	for _, n := range names {
		if strings.HasSuffix(n, " Th") {
			t.Errorf("a person cut at the period: %q", n)
		}
	}
}
