package textproc

import (
	"testing"
	"unicode/utf8"
)

// TestHas3 compares Has3 and Rune3 with utf8.DecodeRuneInString on every
// sequence of three bytes that starts outside ASCII, and at the end of a
// string, where fewer than three bytes are left.
func TestHas3(t *testing.T) {
	var b [3]byte
	for x := 0x80; x < 1<<24; x++ {
		b[0], b[1], b[2] = byte(x>>16), byte(x>>8), byte(x)
		if b[0] < utf8.RuneSelf {
			continue
		}
		s := string(b[:])
		r, size := utf8.DecodeRuneInString(s)
		if got := Has3(s, 0); got != (size == 3) {
			t.Fatalf("Has3(% x) = %v; utf8 decodes %U of %d bytes", s, got, r, size)
		}
		if size == 3 && Rune3(s, 0) != r {
			t.Fatalf("Rune3(% x) = %U, want %U", s, Rune3(s, 0), r)
		}
	}
	for _, s := range []string{"", "\xe0", "\xe0\xa4", "a\xe0\xa4"} {
		for i := range len(s) {
			if Has3(s, i) {
				t.Errorf("Has3(%q, %d) with fewer than three bytes left", s, i)
			}
		}
	}
	if !Has3("aक", 1) || Rune3("aक", 1) != 'क' {
		t.Errorf("Has3/Rune3 at an offset: want क")
	}
}
