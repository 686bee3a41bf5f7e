package textproc

// Has3 reports whether a valid rune of three bytes starts at s[i]: most
// runes of Devanagari and Han text, and the typographic punctuation of
// every script. utf8.DecodeRuneInString inlines only ASCII, and the scans
// of normalization, splitting and matching spent more of their
// instructions in its general decoder than anywhere else. Has3 and Rune3
// are small enough for the compiler to inline, which a decoder of every
// rune is not, so hot loops write out
//
//	if Has3(s, i) { r, size = Rune3(s, i), 3 } else { r, size = utf8.DecodeRuneInString(s[i:]) }
func Has3(s string, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	c0, c1 := s[i], s[i+1]
	// E0 80..9F would be overlong, ED A0..BF a surrogate.
	return c0&0xF0 == 0xE0 && c1&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
		(c0 != 0xE0 || c1 >= 0xA0) && (c0 != 0xED || c1 < 0xA0)
}

// Rune3 decodes the rune of three bytes at s[i], for which Has3 is true.
func Rune3(s string, i int) rune {
	return rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
}

// Has2 reports whether a valid rune of two bytes starts at s[i]: the
// letters of Cyrillic, Arabic and the accented Latin ones.
func Has2(s string, i int) bool {
	return i+1 < len(s) && s[i] >= 0xC2 && s[i] <= 0xDF && s[i+1]&0xC0 == 0x80
}

// Rune2 decodes the rune of two bytes at s[i], for which Has2 is true.
func Rune2(s string, i int) rune {
	return rune(s[i]&0x1F)<<6 | rune(s[i+1]&0x3F)
}
