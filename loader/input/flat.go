package input

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// Eight bytes at a time: the scans of record strings test a word of eight
// bytes for the few bytes that concern them and look byte by byte only at
// words that may hold one.
const wordOnes, wordHighs = 0x0101010101010101, 0x8080808080808080

// below8 has the high bit set in the byte of x below n (1..0x80), and
// perhaps in bytes after it, whose subtraction borrowed: a test of whether
// any byte is below n, never false, but not of which ones after the first.
func below8(x uint64, n byte) uint64 {
	return (x - wordOnes*uint64(n)) &^ x & wordHighs
}

// special8 reports whether any of the eight bytes of x (read little
// endian) may end a run of plain string bytes: a quote, a backslash or a
// control character. It may report true for a plain byte that follows one
// of them, never false for one of them, so the string scans skip eight
// plain bytes at a time and look at the others one by one.
func special8(x uint64) bool {
	return below8(x^(wordOnes*'"'), 1)|below8(x^(wordOnes*'\\'), 1)|below8(x, 0x20) != 0
}

// skipPlain returns i advanced over the words of eight bytes from b[i:] for
// which special8 is false.
func skipPlain(b []byte, i int) int {
	for i+8 <= len(b) && !special8(binary.LittleEndian.Uint64(b[i:])) {
		i += 8
	}
	return i
}

// recordKeys are the article fields in the order of jsonFields.
var recordKeys = [7][]byte{[]byte("id"), []byte("lang"), []byte("url"), []byte("source"), []byte("published"), []byte("title"), []byte("text")}

// decodeFlat decodes the record nearly every corpus holds: one object
// whose article fields are strings or null, other fields strings, numbers,
// booleans or null, each key written exactly as recordKeys spell it. It
// reads the bytes once and copies each string once; the general decoder
// (decodeStringFields) unquotes escaped text a byte at a time, which made
// it the largest cost of reading a JSON Lines corpus. It reports false for
// anything else (nesting, a key that differs from an article field only
// in case, an escaped key, a lone surrogate, invalid JSON, a missing or null
// text), which the general decoder then handles, with its errors. raw must
// be valid UTF-8.
//
// Where it reports true it gives what encoding/json gives (a fuzz test
// compares them), and the scan of scanJSON would have passed: no nesting,
// and every \u escape of a surrogate is half of a pair.
func decodeFlat(raw []byte) (out [7]string, ok bool) {
	p := flatParser{b: raw}
	p.space()
	if !p.eat('{') {
		return out, false
	}
	var set [7]bool
	p.space()
	if p.eat('}') {
		return out, false // no text
	}
	for {
		p.space()
		key, ok := p.plainKey()
		if !ok {
			return out, false
		}
		p.space()
		if !p.eat(':') {
			return out, false
		}
		p.space()
		field := -1
		for i, k := range recordKeys {
			if bytes.Equal(key, k) {
				field = i
				break
			}
			if bytes.EqualFold(key, k) {
				return out, false // encoding/json matches keys regardless of case
			}
		}
		switch {
		case p.peek('"'):
			s, ok := p.str()
			if !ok {
				return out, false
			}
			if field >= 0 {
				out[field], set[field] = s, true
			}
		case p.literal("null"):
			// null leaves a *string nil, also after an earlier value.
			if field >= 0 {
				out[field], set[field] = "", false
			}
		case field >= 0:
			return out, false // a number or object in an article field: its error names it
		case p.literal("true"), p.literal("false"):
		default:
			if !p.number() {
				return out, false
			}
		}
		p.space()
		if p.eat('}') {
			break
		}
		if !p.eat(',') {
			return out, false
		}
	}
	p.space()
	if p.i != len(p.b) || !set[6] {
		return out, false
	}
	return out, true
}

type flatParser struct {
	b []byte
	i int
}

func (p *flatParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *flatParser) peek(c byte) bool { return p.i < len(p.b) && p.b[p.i] == c }

func (p *flatParser) eat(c byte) bool {
	if p.peek(c) {
		p.i++
		return true
	}
	return false
}

func (p *flatParser) literal(s string) bool {
	// Only the literal's length is converted: a comparison of a converted
	// slice makes no copy, a string of the rest of the record would.
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

// plainKey reads a key without escapes or control characters.
func (p *flatParser) plainKey() ([]byte, bool) {
	if !p.eat('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// number skips a JSON number.
func (p *flatParser) number() bool {
	start := p.i
	p.eat('-')
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.eat('0') {
		// no more digits may follow a leading zero
	} else if digits() == 0 {
		return false
	}
	if p.eat('.') && digits() == 0 {
		return false
	}
	if p.eat('e') || p.eat('E') {
		if !p.eat('+') {
			p.eat('-')
		}
		if digits() == 0 {
			return false
		}
	}
	return p.i > start
}

// str reads a string value, unescaping it with one copy of each run of
// plain bytes.
func (p *flatParser) str() (string, bool) {
	p.i++ // the opening quote
	start := p.i
	for p.i = skipPlain(p.b, p.i); p.i < len(p.b); p.i = skipPlain(p.b, p.i) {
		c := p.b[p.i]
		if c == '"' {
			p.i++
			return string(p.b[start : p.i-1]), true
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", false
		}
		p.i++
	}
	if p.i >= len(p.b) {
		return "", false
	}
	// Escapes: build the string from the runs between them, in a builder
	// sized once for the whole string (escapes only shorten it), whose
	// String is the result itself, not a copy.
	end := p.i
	for end = skipPlain(p.b, end); end < len(p.b) && p.b[end] != '"'; end = skipPlain(p.b, end) {
		if p.b[end] == '\\' {
			end++
		}
		end++
	}
	var buf strings.Builder
	buf.Grow(min(end, len(p.b)) - start)
	buf.Write(p.b[start:p.i])
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return buf.String(), true
		case c < 0x20:
			return "", false
		case c != '\\':
			run := p.i
			p.i = skipPlain(p.b, p.i)
			for p.i < len(p.b) && p.b[p.i] != '"' && p.b[p.i] != '\\' && p.b[p.i] >= 0x20 {
				p.i++
			}
			buf.Write(p.b[run:p.i])
			continue
		}
		if p.i+1 >= len(p.b) {
			return "", false
		}
		switch e := p.b[p.i+1]; e {
		case '"', '\\', '/':
			buf.WriteByte(e)
		case 'b':
			buf.WriteByte('\b')
		case 'f':
			buf.WriteByte('\f')
		case 'n':
			buf.WriteByte('\n')
		case 'r':
			buf.WriteByte('\r')
		case 't':
			buf.WriteByte('\t')
		case 'u':
			r, ok := hex4(p.b[p.i+2:])
			if !ok {
				return "", false
			}
			p.i += 6
			if utf16.IsSurrogate(r) {
				// Only a high surrogate followed by an escaped low one.
				if r >= 0xDC00 || p.i+1 >= len(p.b) || p.b[p.i] != '\\' || p.b[p.i+1] != 'u' {
					return "", false
				}
				lo, ok := hex4(p.b[p.i+2:])
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return "", false
				}
				r = utf16.DecodeRune(r, lo)
				p.i += 6
			}
			buf.WriteRune(r)
			continue
		default:
			return "", false
		}
		p.i += 2
	}
	return "", false
}
