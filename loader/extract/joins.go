package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/loader/textproc"
)

// nameJoins are the places where a name of the dictionaries has a word of
// two to four letters ending in a period inside it ("Guðni Th.
// Jóhannesson", "Md. Touhid Hossain", "Ma. Theresa Lazaro"): the sentence
// splitter takes such a period for the end of a sentence, as it must for
// "talks with Jack Ma. The next day". Each is kept as "Th. Jóhannesson",
// the abbreviation and the word after it; the text's sentences are joined
// again where they were cut at one. Single initials ("S. Jaishankar")
// the splitter keeps itself.
type nameJoins struct {
	pairs map[string]bool
	// abbrevs are the abbreviations of pairs: most sentences end in none.
	abbrevs map[string]bool
}

// add registers the joins of one written name.
func (j *nameJoins) add(name string) {
	words := strings.Fields(name)
	for i := 0; i+1 < len(words); i++ {
		if w := words[i]; isNameAbbrev(w) {
			if j.pairs == nil {
				j.pairs, j.abbrevs = map[string]bool{}, map[string]bool{}
			}
			j.pairs[w+" "+firstWord(words[i+1])] = true
			j.abbrevs[w] = true
		}
	}
}

// isNameAbbrev tells a capitalized word of two to four letters with a
// period after them.
func isNameAbbrev(w string) bool {
	body, ok := strings.CutSuffix(w, ".")
	if !ok {
		return false
	}
	n := 0
	for i, r := range body {
		if !unicode.IsLetter(r) || (i == 0 && !unicode.IsUpper(r)) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

// firstWord is s up to its first character that is no part of a word.
func firstWord(s string) string {
	for i, r := range s {
		if !isWordRune(r) && r != '-' && r != '\'' {
			return s[:i]
		}
	}
	return s
}

// join joins sentences cut inside a name of the dictionaries, in place.
func (j *nameJoins) join(text string, sents []textproc.Sentence) []textproc.Sentence {
	if len(j.pairs) == 0 || len(sents) < 2 {
		return sents
	}
	out := sents[:1]
	for _, s := range sents[1:] {
		last := &out[len(out)-1]
		if j.cutInName(last.Text, s.Text) {
			last.End = s.End
			last.Text = text[last.Start:last.End]
			continue
		}
		out = append(out, s)
	}
	return out
}

// cutInName tells whether a sentence ending as before and the next one
// starting as after were cut inside a name.
func (j *nameJoins) cutInName(before, after string) bool {
	body, ok := strings.CutSuffix(before, ".")
	if !ok {
		return false
	}
	// The abbreviation is the letters before the period, and the period.
	start := len(body)
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(body[:start])
		if !unicode.IsLetter(r) {
			break
		}
		start -= size
	}
	abbrev := before[start:]
	return j.abbrevs[abbrev] && j.pairs[abbrev+" "+firstWord(after)]
}
