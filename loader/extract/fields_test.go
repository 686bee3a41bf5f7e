package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestFirstLastFields checks that firstFields and lastFields split as
// strings.Fields does, on ASCII and Unicode white space and invalid UTF-8.
func TestFirstLastFields(t *testing.T) {
	texts := []string{
		"", " ", "one", " one ", "one two three four five",
		"  met\twith\n the  foreign minister ,  on Monday. ",
		"विदेश मंत्री\u00a0ने कहा", "a\u0085b\u2003c\u3000d", "x \xff y \xc2 z", "a\vb\fc\rd\x1ce",
		"外交部长 会见了", "встретился  с министром",
	}
	for _, s := range texts {
		all := strings.Fields(s)
		for n := 0; n <= 6; n++ {
			first := all[:min(n, len(all))]
			if got := firstFields(nil, s, n); !slices.Equal(got, first) {
				t.Errorf("firstFields(%q, %d) = %q, want %q", s, n, got, first)
			}
			last := all[max(len(all)-n, 0):]
			if got := lastFields([]string{"kept"}, s, n); !slices.Equal(got, append([]string{"kept"}, last...)) {
				t.Errorf("lastFields(%q, %d) = %q, want %q after \"kept\"", s, n, got, last)
			}
		}
	}
}

// TestSpaceAt checks spaceAt against unicode.IsSpace on every rune.
func TestSpaceAt(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates are not valid UTF-8
		}
		s := string(r)
		if got, size := spaceAt(s, 0); got != unicode.IsSpace(r) || size != len(s) {
			t.Fatalf("spaceAt(%U) = %v, %d; want %v, %d", r, got, size, unicode.IsSpace(r), len(s))
		}
	}
}

// TestTrimStops checks trimStops against strings.Trim.
func TestTrimStops(t *testing.T) {
	for _, w := range []string{"", ",", "..", "word", "word,", ",word.", "शब्द।", "لفظ۔", "।,.।", "a.b", "x\xff,", ",\xffx"} {
		if got, want := trimStops(w), strings.Trim(w, ",.।۔"); got != want {
			t.Errorf("trimStops(%q) = %q, want %q", w, got, want)
		}
	}
}
