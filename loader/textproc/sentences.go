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

// startsTerminal marks the bytes that start a line break or a rune for
// which terminal reports true.
var startsTerminal = func() (starts [256]bool) {
	starts['\n'] = true
	for _, r := range "।॥۔؟。！？｡.?!" {
		if ends, _ := terminal(r); !ends {
			panic("startsTerminal: not a terminal: " + string(r))
		}
		starts[string(r)[0]] = true
	}
	return starts
}()

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
	return SplitInto(nil, text)
}

// SplitInto is Split, with the sentences appended to dst[:0]: extraction
// splits one article after another.
func SplitInto(dst []Sentence, text string) []Sentence {
	out := dst[:0]
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
		// Only a few bytes start a line break or a terminal: skip the others
		// one by one, without decoding (no character starts with a
		// continuation byte, so each character is still seen at its start).
		c := text[i]
		if !startsTerminal[c] {
			i++
			continue
		}
		r, size := rune(c), 1
		if Has3(text, i) {
			r, size = Rune3(text, i), 3
		} else if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
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
// unsure. Most scripts name their language outright (Devanagari news is
// Hindi, Han is Chinese, letters only Urdu uses mark Urdu); the trigram
// detector only decides between languages that share a script, on the
// first few hundred bytes.
func DetectLanguage(text string) string {
	var counts [numScriptClasses]int
	urdu, persian, ukrainian, kana := 0, 0, 0, 0
	n := 0
	for _, r := range text {
		if n++; n > 2000 {
			break
		}
		c := classify(r)
		counts[c]++
		switch {
		case strings.ContainsRune("ٹڈڑںےۓھ", r):
			urdu++
		case strings.ContainsRune("پچژگ", r):
			persian++
		case strings.ContainsRune("їєіґ", r):
			ukrainian++
		case r >= 0x3040 && r <= 0x30FF:
			kana++
		}
	}
	best := classLatin
	for c := range counts {
		if c != int(classOther) && counts[c] > counts[best] {
			best = scriptClass(c)
		}
	}
	switch best {
	case classDevanagari:
		return "hi"
	case classArabic:
		switch {
		case urdu > 0:
			return "ur"
		case persian > 0:
			return "fa"
		}
		return "ar"
	case classHan:
		if kana > 0 {
			return "ja"
		}
		return "zh"
	case classHangul:
		return "ko"
	case classCyrillic:
		if ukrainian > 0 {
			return "uk"
		}
		return "ru"
	}
	sample := text
	if len(sample) > 300 {
		cut := 300
		for cut > 0 && !utf8.RuneStart(sample[cut]) {
			cut--
		}
		sample = sample[:cut]
	}
	info := whatlanggo.DetectWithOptions(sample, latinOptions)
	if info.Lang == -1 {
		return ""
	}
	return info.Lang.Iso6391()
}

// latinOptions limits the trigram detector to the Latin-script languages
// of international news: comparing against every profile costs ten times
// more and finds languages no article here is written in.
var latinOptions = whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{
	whatlanggo.Eng: true, whatlanggo.Fra: true, whatlanggo.Spa: true, whatlanggo.Deu: true, whatlanggo.Por: true,
	whatlanggo.Ita: true, whatlanggo.Nld: true, whatlanggo.Tur: true, whatlanggo.Ind: true, whatlanggo.Pol: true,
	whatlanggo.Swe: true, whatlanggo.Vie: true, whatlanggo.Ron: true, whatlanggo.Ces: true, whatlanggo.Hun: true,
}}

type scriptClass int

const (
	classOther scriptClass = iota
	classLatin
	classCyrillic
	classDevanagari
	classArabic
	classHan
	classHangul
	numScriptClasses
)

func classify(r rune) scriptClass {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return classLatin
		}
		return classOther
	case r >= 0x0400 && r <= 0x052F:
		return classCyrillic
	case r >= 0x0900 && r <= 0x097F:
		return classDevanagari
	case r >= 0x0600 && r <= 0x06FF, r >= 0xFB50 && r <= 0xFEFF:
		return classArabic
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3040 && r <= 0x30FF:
		return classHan
	case r >= 0xAC00 && r <= 0xD7A3:
		return classHangul
	case unicode.IsLetter(r) && r < 0x0250:
		return classLatin
	}
	return classOther
}
