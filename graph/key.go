package graph

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var folder = cases.Fold()

// maxCombiningRun bounds a run of combining marks kept by Key: a base letter
// followed by 100,000 marks must not make a 400 KB key.
const maxCombiningRun = 8

// Invisible reports whether r is a format character that carries no
// meaning for matching: zero-width space, joiners, BOM, word joiner and the
// bidi embedding, override and isolate controls.
func Invisible(r rune) bool {
	switch {
	case r == '\u200B', r == '\u200C', r == '\u200D', r == '\u2060', r == '\uFEFF', r == '\u00AD':
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069', r == '\u200E', r == '\u200F', r == '\u061C':
		return true
	}
	return false
}

// Key is the matching key of a name: NFC, case-folded, invisible format
// characters removed, whitespace collapsed, runs of combining marks cut to
// a few. It never applies compatibility (NFKC) folding, so full-width "ＵＳ"
// does not become "us". Key is idempotent and its output is valid UTF-8
// no longer than 4×len(s).
func Key(s string) string {
	if k, ok := keyASCII(s); ok {
		return k
	}
	return keyGeneral(s)
}

// keyASCII is Key of a string of ASCII characters, which neither
// normalization nor folding beyond A–Z changes: most names in Latin
// script, and the stores compute a key for every name they hold. ok is
// false for any other string.
func keyASCII(s string) (string, bool) {
	clean := true // s is its own key: no upper case, no space to collapse
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case 'A' <= c && c <= 'Z':
			clean = false
		case c <= ' ' || c == 0x7f:
			if c != ' ' || i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				clean = false
			}
		}
	}
	if clean {
		return s, true
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f {
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b), true
}

// keyGeneral is Key of any string.
func keyGeneral(s string) string {
	// Bound the work first: a flood of marks is cut before NFC sees it.
	s = filterKey(strings.ToValidUTF8(s, "\uFFFD"), 4*maxCombiningRun)
	// Folding and composition can each undo the other's fixed point (a
	// decomposition adds marks, removing marks enables a composition), so
	// repeat until nothing changes.
	for i := 0; i < 4; i++ {
		k := filterKey(norm.NFC.String(folder.String(norm.NFC.String(s))), maxCombiningRun)
		if k == s {
			break
		}
		s = k
	}
	return s
}

// filterKey drops invisible characters, collapses white space and control
// characters into single spaces, and keeps at most maxMarks combining
// marks after each base character.
func filterKey(s string, maxMarks int) string {
	var b strings.Builder
	b.Grow(len(s))
	space, marks := false, 0
	for _, r := range s {
		switch {
		case Invisible(r):
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			marks = 0
			continue
		case unicode.Is(unicode.M, r):
			marks++
			if marks > maxMarks {
				continue
			}
		default:
			marks = 0
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	k := b.String()
	if !utf8.ValidString(k) {
		k = strings.ToValidUTF8(k, "")
	}
	return k
}

// NameKeys are the matching keys of an entity's name and aliases, sorted
// and distinct: what search and the name-prefix filter compare with. key
// computes one key (Key, or a memory of its results).
func NameKeys(e *Entity, key func(string) string) []string {
	keys := []string{key(e.Name)}
	for _, a := range e.Aliases {
		keys = append(keys, key(a.Text))
	}
	sort.Strings(keys)
	out := keys[:0]
	for i, k := range keys {
		if k != "" && (i == 0 || k != keys[i-1]) {
			out = append(out, k)
		}
	}
	return out
}
