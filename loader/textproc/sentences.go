package textproc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Sentence is a span of the original text: [Start, End) in bytes.
type Sentence struct {
	Start, End int
	Text       string
}

// abbreviations end with a period that does not end a sentence (compared
// in lower case, without the period).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "sr": true, "jr": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "sgt": true, "adm": true, "gov": true,
	"sen": true, "rep": true, "pres": true, "amb": true, "hon": true, "rev": true, "mt": true, "no": true,
	"vs": true, "etc": false, "e.g": true, "i.e": true, "approx": true, "dept": true, "est": true, "inc": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "u.s": true, "u.k": true, "u.n": true, "u.s.a": true,
	"e.u": true, "p.m": true, "a.m": true, "fig": true, "vol": true, "art": true, "para": true,
	"г": true, "гг": true, "т.е": true, "т.д": true, "т.п": true, "др": true, "им": true, "ул": true, "стр": true,
	"m": true, "mme": true, "mlle": true, "sr.": true, "sra": true, "dña": true, "hr": true, "fr": true, "bzw": true,
	"z.b": true, "ca": true, "nr": true,
}

// terminal reports whether r ends a sentence, and whether it needs a space
// (or the end of text) after it to do so. Scripts without spaces between
// sentences (Chinese, Devanagari) end at the mark itself.
func terminal(r rune) (ends, needsSpace bool) {
	switch r {
	case '.', '?', '!':
		return true, true
	case '।', '॥', '۔', '؟', '。', '！', '？', '｡':
		return true, false
	}
	return false, false
}

func closing(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '」', '』', '）', ')', '›':
		return true
	}
	return false
}

// Split cuts text into sentences at terminal punctuation and at line
// breaks, keeping abbreviations ("U.S.", "Dr.", "S. Jaishankar"), decimal
// numbers and quoted speech ("... ," he said.) together. Sentences are
// trimmed of surrounding space; empty ones are dropped.
func Split(text string) []Sentence {
	var out []Sentence
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e {
			r, size := utf8.DecodeRuneInString(text[s:])
			if !unicode.IsSpace(r) && r != '\uFEFF' {
				break
			}
			s += size
		}
		for e > s {
			r, size := utf8.DecodeLastRuneInString(text[s:e])
			if !unicode.IsSpace(r) {
				break
			}
			e -= size
		}
		if e > s {
			out = append(out, Sentence{Start: s, End: e, Text: text[s:e]})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next := i + size
		if r == '\n' {
			emit(next)
			i = next
			continue
		}
		ends, needsSpace := terminal(r)
		if !ends {
			i = next
			continue
		}
		// Swallow repeated terminals and closing quotes: "?!", ".)", '."'
		j := next
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if e2, _ := terminal(r2); e2 || closing(r2) {
				j += s2
				continue
			}
			break
		}
		if needsSpace {
			if j < len(text) {
				r2, _ := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r2) {
					i = j
					continue
				}
			}
			if r == '.' && !sentenceEndingPeriod(text, i, j) {
				i = j
				continue
			}
		}
		emit(j)
		i = j
	}
	emit(len(text))
	return out
}

// sentenceEndingPeriod decides whether the period at i (with the text
// after it starting at j) ends a sentence.
func sentenceEndingPeriod(text string, i, j int) bool {
	// The word before the period.
	w := i
	for w > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:w])
		if unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' {
			break
		}
		w -= size
	}
	word := text[w:i]
	lower := strings.ToLower(word)
	if abbreviations[lower] {
		return false
	}
	// A single capital letter is an initial ("S. Jaishankar", "В. Путин").
	if r, size := utf8.DecodeRuneInString(word); size == len(word) && unicode.IsUpper(r) {
		return false
	}
	// Dotted acronyms: "U.S", "e.g" — letters separated by periods.
	if strings.Count(word, ".") >= 1 && len(word) <= 8 {
		allShort := true
		for _, part := range strings.Split(word, ".") {
			if utf8.RuneCountInString(part) > 1 {
				allShort = false
			}
		}
		if allShort {
			// "the U.S. said" goes on; "talks with the U.S. The next day" is
			// ambiguous: continue only when a lower-case word follows.
			k := j
			for k < len(text) {
				r, size := utf8.DecodeRuneInString(text[k:])
				if !unicode.IsSpace(r) {
					return unicode.IsUpper(r) && !strings.EqualFold(word, "u.s") && !strings.EqualFold(word, "u.k")
				}
				k += size
			}
			return true
		}
	}
	return true
}

// DetectLanguage returns the ISO 639-1 code of text's language, or "" when
// unsure. It looks at the first few kilobytes only.
func DetectLanguage(text string) string {
	if len(text) > 4096 {
		cut := 4096
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	if info.Lang == -1 {
		return ""
	}
	code := info.Lang.Iso6391()
	// Urdu and Persian share a script; whatlanggo confuses them on short
	// text. Letters only Urdu uses decide.
	if code == "fa" || code == "ar" {
		if strings.ContainsAny(text, "ٹڈڑںےھ") {
			return "ur"
		}
	}
	if code == "hi" || code == "mr" || code == "ne" {
		// Devanagari news here is Hindi unless the detector is confident.
		if !info.IsReliable() {
			return "hi"
		}
	}
	return code
}
