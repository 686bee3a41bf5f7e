package textproc

import (
	"testing"
	"unicode/utf8"
)

// TestHas3 compares Has3 and Rune3, and Has2 and Rune2, with
// utf8.DecodeRuneInString on every sequence of three bytes (of two) that
// starts outside ASCII, and at the end of a string, where fewer bytes are
// left.
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
		if b[2] == 0 { // every pair of bytes once
			r, size := utf8.DecodeRuneInString(s[:2])
			if got := Has2(s[:2], 0); got != (size == 2) {
				t.Fatalf("Has2(% x) = %v; utf8 decodes %U of %d bytes", s[:2], got, r, size)
			}
			if size == 2 && Rune2(s, 0) != r {
				t.Fatalf("Rune2(% x) = %U, want %U", s[:2], Rune2(s, 0), r)
			}
		}
	}
	for _, s := range []string{"", "\xe0", "\xe0\xa4", "a\xe0\xa4", "\xd0"} {
		for i := range len(s) {
			if Has3(s, i) || Has2(s, i) {
				t.Errorf("Has3 or Has2(%q, %d) with too few bytes left", s, i)
			}
		}
	}
	if !Has3("aक", 1) || Rune3("aक", 1) != 'क' {
		t.Errorf("Has3/Rune3 at an offset: want क")
	}
}
