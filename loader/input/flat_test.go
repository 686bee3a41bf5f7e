package input

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSpecial8 checks the word-at-a-time test of the string scans: never
// false where a byte is a quote, a backslash or a control character, and
// false for plain bytes (any byte may sit anywhere among plain ones).
func TestSpecial8(t *testing.T) {
	isSpecial := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }
	for _, filler := range []byte{'a', ' ', '!', '#', '[', ']', 0x7F, 0x80, 0xA2, 0xDC, 0xFF} {
		for c := 0; c < 256; c++ {
			for at := 0; at < 8; at++ {
				var b [8]byte
				for k := range b {
					b[k] = filler
				}
				b[at] = byte(c)
				if got, want := special8(binary.LittleEndian.Uint64(b[:])), isSpecial(byte(c)); got != want {
					t.Fatalf("special8(% x) = %v, want %v", b, got, want)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		x := rng.Uint64()
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], x)
		if !special8(x) && slices.ContainsFunc(b[:], isSpecial) {
			t.Fatalf("special8(% x) = false", b)
		}
	}
}

// TestCountControls compares the word-at-a-time count with a byte loop,
// every byte value at every position of strings of several lengths.
func TestCountControls(t *testing.T) {
	byteLoop := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if isStrippedControl(s[i]) {
				n++
			}
		}
		return n
	}
	for _, size := range []int{1, 7, 8, 9, 17} {
		for c := 0; c < 256; c++ {
			for at := 0; at < size; at++ {
				b := []byte(strings.Repeat("a\n", size)[:size])
				b[at] = byte(c)
				if got, want := countControls(string(b)), byteLoop(string(b)); got != want {
					t.Fatalf("countControls(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.IntN(48)) // many controls
		}
		if got, want := countControls(string(b)), byteLoop(string(b)); got != want {
			t.Fatalf("countControls(%q) = %d, want %d", b, got, want)
		}
	}
}
