// Package textproc prepares article text for matching: a normalizer that
// keeps a map back to the original offsets, sentence splitting, and
// language detection.
package textproc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/dipgraph/dipgraph/graph"
)

// maxMarkRun bounds the combining marks kept after one letter: a base letter
// followed by 100,000 marks is an attack, not a word.
const maxMarkRun = 8

// Normalized is text prepared for matching, with the way back to the
// original: the normalized byte i came from the original bytes
// [Starts[i], Ends[i]) (a whole NFC segment, so a joined vowel sign maps
// to both of its pieces).
type Normalized struct {
	Text   string
	Starts []int32
	Ends   []int32
}

// Span maps the byte range [start, end) of the normalized text to the
// original text.
func (n *Normalized) Span(start, end int) (int, int) {
	if len(n.Text) == 0 || start >= end {
		return 0, 0
	}
	return int(n.Starts[start]), int(n.Ends[end-1])
}

// Key is the normalized matching form of a dictionary string: the same
// transformation as Normalize, so patterns and text agree.
func Key(s string) string {
	if isKey(s) {
		return s
	}
	n := normalizer{buf: make([]byte, 0, len(s)), lastSpace: true}
	return string(n.run(s))
}

// isKey reports whether s is plain ASCII already in matching form (lower
// case, single spaces inside, no control characters or backquotes), which
// Key returns as it is, without a copy.
func isKey(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == 0x7F || c == '`' || ('A' <= c && c <= 'Z') || (c == ' ' && s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// foldTableEnd bounds the runes whose folding and mark property are looked
// up in tables rather than computed: it covers the Latin, Cyrillic, Arabic
// and Devanagari blocks and general punctuation, most of our text.
const foldTableEnd = 0x3000

var (
	foldTable [foldTableEnd]rune
	markTable [foldTableEnd / 64]uint64
	// keptTable marks the runes that normalization writes as they are,
	// unless they are marks: no folding, no composing.
	keptTable [foldTableEnd / 64]uint64
)

func init() {
	for r := rune(0); r < foldTableEnd; r++ {
		foldTable[r] = foldRune(r)
		if isMarkRune(r) {
			markTable[r>>6] |= 1 << (r & 63)
		}
	}
	for r := rune(0x0080); r < foldTableEnd; r++ {
		if foldTable[r] == r && !needsNFC(r) {
			keptTable[r>>6] |= 1 << (r & 63)
		}
	}
}

// kept reports whether normalization writes the rune r, of two or three
// bytes, as it is, unless it is a mark: lower-case Cyrillic, most Arabic
// letters, Devanagari letters and most signs, Han.
func kept(r rune) bool {
	if r < foldTableEnd {
		return keptTable[r>>6]&(1<<(r&63)) != 0
	}
	return r >= 0x3400 && r <= 0x9FFF && (r <= 0x4DBF || r >= 0x4E00)
}

// fold maps one rune to its matching form; 0 drops it.
func fold(r rune) rune {
	if r >= 0 && r < foldTableEnd {
		return foldTable[r]
	}
	return foldRune(r)
}

func foldRune(r rune) rune {
	switch {
	case r >= 0x0900 && r <= 0x097F:
		return foldDevanagari(r)
	case r >= 0x0600 && r <= 0x06FF:
		return foldArabic(r)
	case r >= 0x4E00 && r <= 0x9FFF: // Han: no case, no variants to fold
		return r
	case graph.Invisible(r):
		return 0
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII, common in Chinese text
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	switch r {
	// Typographic quotes and dashes.
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u00B4', '`':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB', '\u2033', '\u300C', '\u300D':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63':
		return '-'
	}
	if unicode.IsSpace(r) || unicode.IsControl(r) {
		return ' '
	}
	return unicode.ToLower(r)
}

// foldDevanagari: nukta spelling varies in news ("ब्राज़ील"/"ब्राजील"), so
// nukta and the letters that contain one fold to the plain letter;
// chandrabindu and anusvara are used interchangeably.
func foldDevanagari(r rune) rune {
	switch {
	case r == 0x093C: // nukta
		return 0
	case r == 0x0901:
		return 0x0902
	case r == 0x0929:
		return 0x0928
	case r == 0x0931:
		return 0x0930
	case r == 0x0934:
		return 0x0933
	case r >= 0x0958 && r <= 0x095F:
		return [...]rune{0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F}[r-0x0958]
	case r == 0x0964 || r == 0x0965: // danda ends a sentence: keep
		return r
	}
	return r
}

// foldArabic unifies the Arabic and Persian/Urdu forms of yeh, kaf and
// heh, the hamza-carrying letters, and drops harakat and tatweel, which
// news text writes or omits at will.
func foldArabic(r rune) rune {
	switch r {
	case 0x064A, 0x0649, 0x06D0, 0x0626:
		return 0x06CC // ی
	case 0x0643:
		return 0x06A9 // ک
	case 0x06C1, 0x06BE, 0x06D5, 0x06C2, 0x06C0, 0x0629:
		return 0x0647 // ه (ة written for ه and back; ۀ is ە with a hamza, which is dropped)
	case 0x0623, 0x0625, 0x0622, 0x0671:
		return 0x0627 // ا
	case 0x0624:
		return 0x0648 // و
	case 0x06D3:
		return 0x06D2 // ے
	case 0x0640, 0x0653, 0x0654, 0x0655, 0x0670: // tatweel, madda and hamza marks, superscript alef
		return 0
	}
	if r >= 0x064B && r <= 0x0652 {
		return 0
	}
	return r
}

// needsNFC reports whether r may take part in an NFC composition, a
// canonical reordering or a singleton mapping that fold does not already
// neutralize: a text with such a rune is composed before it is folded.
func needsNFC(r rune) bool {
	switch {
	case r < 0x0300:
		return false
	case r < foldTableEnd:
		return nfcTable[r>>6]&(1<<(r&63)) != 0
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF: // Han
		return false
	case r == 0x3099 || r == 0x309A, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE20 && r <= 0xFE2F,
		r >= 0x2F800 && r <= 0x2FA1F, r >= 0xAC00 && r <= 0xD7A3:
		return true
	}
	return composes(r)
}

// composes reports whether NFC may treat r otherwise than as a rune on its
// own: r may combine with or be reordered against what precedes it, or NFC
// maps it to something else.
func composes(r rune) bool {
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	return !norm.NFC.Properties(b[:n]).BoundaryBefore() || !norm.NFC.IsNormal(b[:n])
}

// nfcTable holds needsNFC for the runes below foldTableEnd. Two kinds of
// rune that compose need no composing, as fold makes every spelling the
// same: the ones fold drops (Arabic harakat and hamza, the nukta), whose
// compositions fold as their base letters do, and Devanagari's virama and
// letters with a nukta; leaving them out keeps Hindi text, which has a
// virama in nearly every sentence, on the fast path.
var nfcTable = func() *[foldTableEnd / 64]uint64 {
	var t [foldTableEnd / 64]uint64
	for r := rune(0x0300); r < foldTableEnd; r++ {
		if !composes(r) || foldRune(r) == 0 || r == 0x094D || (r >= 0x0958 && r <= 0x095F) {
			continue
		}
		t[r>>6] |= 1 << (r & 63)
	}
	return &t
}()

// Devanagari vowel signs that some keyboards type in two pieces.
const (
	devAA = '\u093E' // ा
	devE  = '\u0947' // े
	devAI = '\u0948' // ै
	devO  = '\u094B' // ो
	devAU = '\u094C' // ौ
)

// Normalize prepares s for matching: NFC, lower case, invisible format
// characters (ZWJ, ZWNJ, bidi controls, BOM) dropped, runs of white space
// made one space, typographic quotes and dashes made ASCII, full-width
// forms made ASCII, Devanagari vowel signs written in two pieces (ा+े)
// joined and repeated vowel signs made one, nukta dropped, Arabic and Urdu
// letter variants unified and harakat dropped. The original s is untouched;
// Offsets lead back to it.
func Normalize(s string) *Normalized {
	n := normalize(s, make([]int32, 2*len(s)), make([]byte, 0, len(s)))
	return &n
}

// normalize is Normalize with the offsets written into offsets (2*len(s)
// long; an output longer than s grows its own) and the text built in buf.
func normalize(s string, offsets []int32, buf []byte) Normalized {
	n := &normalizer{
		buf:       buf,
		starts:    offsets[:0:len(s)],
		ends:      offsets[len(s):len(s)],
		lastSpace: true, // drop leading space
		track:     true,
	}
	text := n.run(s)
	return Normalized{Text: string(text), Starts: n.starts, Ends: n.ends}
}

// Normalizer normalizes many strings, the sentences of a document, into
// memory it keeps from one document to the next: the offsets are eight
// bytes for every byte of text, and allocating them sentence by sentence was
// most of the memory an extraction allocated, and so of its garbage
// collection. A Normalizer is not safe for concurrent use.
type Normalizer struct {
	block []int32 // offsets of the results since the last Reset
	used  int     // how much of block they use
	buf   []byte  // where the text is built before it is copied into Normalized.Text
}

// Normalize is the package's Normalize, except that the offsets of the
// result stay valid only until the next Reset. The result is a value, which
// the caller keeps where it likes: extraction keeps it in its sentences,
// which it reuses, sparing an allocation per sentence.
func (z *Normalizer) Normalize(s string) Normalized {
	need := 2 * len(s)
	if len(z.block)-z.used < need {
		// A new block; results given out of the old one keep it alive until
		// the next Reset, after which only the new one is kept.
		z.block = make([]int32, max(need, 2*len(z.block), 4096))
		z.used = 0
	}
	offsets := z.block[z.used : z.used+need : z.used+need]
	z.used += need
	if cap(z.buf) < len(s) {
		z.buf = make([]byte, 0, max(len(s), 2*cap(z.buf)))
	}
	return normalize(s, offsets, z.buf[:0])
}

// maxKeptOffsets bounds the block a Normalizer keeps over a Reset (16 MB),
// so that one huge document does not hold its memory for the next ones.
const maxKeptOffsets = 4 << 20

// Reset makes the memory of every result given out so far free for the
// next ones: their offsets must not be used any more.
func (z *Normalizer) Reset() {
	z.used = 0
	if len(z.block) > maxKeptOffsets {
		z.block = nil
	}
	if cap(z.buf) > maxKeptOffsets {
		z.buf = nil
	}
}

// run normalizes s into n.buf and returns it.
func (n *normalizer) run(s string) []byte {
	if !n.runSimple(s) {
		// Start again, composing: NFC is costly on a flood of combining
		// marks, so cut runs first, keeping the way back to the original
		// offsets.
		n.buf, n.starts, n.ends = n.buf[:0], n.starts[:0], n.ends[:0]
		n.lastSpace, n.prev, n.marks = true, 0, 0
		var back []int32
		s, back = trimMarkRuns(s)
		var it norm.Iter
		it.InitString(norm.NFC, s)
		pos := 0
		for !it.Done() {
			seg := it.Next() // one NFC segment: a starter and its marks
			from := pos
			pos += segLen(s, pos, seg)
			for len(seg) > 0 {
				r, size := utf8.DecodeRune(seg)
				seg = seg[size:]
				n.add(r, from, pos)
			}
		}
		if back != nil {
			for i := range n.starts {
				n.starts[i], n.ends[i] = back[n.starts[i]], back[n.ends[i]]
			}
		}
	}
	if k := len(n.buf); k > 0 && n.buf[k-1] == ' ' {
		n.buf = n.buf[:k-1]
		if n.track {
			n.starts, n.ends = n.starts[:k-1], n.ends[:k-1]
		}
	}
	return n.buf
}

// runSimple normalizes s rune by rune, the usual case, where every rune is
// its own unit; it gives up, returning false, at the first rune that may
// take part in an NFC composition. ASCII, most of the bytes even of text in
// other scripts (spaces, digits, punctuation), is handled inline.
func (n *normalizer) runSimple(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			var r rune
			var size int
			if Has3(s, i) {
				r, size = Rune3(s, i), 3
				if n.copyKept(s, i, r, size) {
					i += size
					continue
				}
			} else if Has2(s, i) {
				r, size = Rune2(s, i), 2
				if n.copyKept(s, i, r, size) {
					i += size
					continue
				}
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if needsNFC(r) {
				return false
			}
			n.add(r, i, i+size)
			i += size
			continue
		}
		n.marks = 0
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
			n.lastSpace = false
		case c <= ' ' || c == 0x7F:
			if n.lastSpace {
				i++
				continue
			}
			c = ' '
			n.lastSpace = true
		case c == '`':
			c = '\''
			n.lastSpace = false
		default:
			n.lastSpace = false
		}
		n.buf = append(n.buf, c)
		if n.track {
			n.starts = append(n.starts, int32(i))
			n.ends = append(n.ends, int32(i+1))
		}
		n.prev = rune(c)
		i++
	}
	return true
}

// copyKept is add for the usual rune of two or three bytes, s[i:i+size],
// which normalization keeps as it is: it copies the bytes, and reports
// false, doing nothing, for anything else. Nearly every rune of Hindi,
// Chinese, Russian and Urdu text passes here, the vowel signs included.
func (n *normalizer) copyKept(s string, i int, r rune, size int) bool {
	if !kept(r) {
		return false
	}
	if isMark(r) {
		// What add does to marks: drop a run too long, a sign written
		// twice, and join ा with े or ै.
		if n.marks >= maxMarkRun || r == n.prev || (n.prev == devAA && (r == devE || r == devAI)) {
			return false
		}
		n.marks++
	} else {
		n.marks = 0
	}
	from, to := int32(i), int32(i+size)
	if size == 3 {
		n.buf = append(n.buf, s[i], s[i+1], s[i+2])
		if n.track {
			n.starts = append(n.starts, from, from, from)
			n.ends = append(n.ends, to, to, to)
		}
	} else {
		n.buf = append(n.buf, s[i], s[i+1])
		if n.track {
			n.starts = append(n.starts, from, from)
			n.ends = append(n.ends, to, to)
		}
	}
	n.lastSpace = false
	n.prev = r
	return true
}

type normalizer struct {
	buf       []byte
	starts    []int32
	ends      []int32
	lastSpace bool
	prev      rune // previous rune written
	marks     int  // combining marks since the last letter
	track     bool // keep starts and ends
}

func (n *normalizer) emit(r rune, from, to int) {
	k := len(n.buf)
	if r < utf8.RuneSelf {
		n.buf = append(n.buf, byte(r))
	} else {
		n.buf = utf8.AppendRune(n.buf, r)
	}
	if n.track {
		for i := k; i < len(n.buf); i++ {
			n.starts = append(n.starts, int32(from))
			n.ends = append(n.ends, int32(to))
		}
	}
	n.prev = r
}

func (n *normalizer) add(r rune, from, to int) {
	if r < utf8.RuneSelf {
		switch {
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r <= ' ' || r == 0x7F:
			if !n.lastSpace {
				n.emit(' ', from, to)
				n.lastSpace = true
			}
			n.marks = 0
			return
		case r == '`':
			r = '\''
		}
		n.lastSpace = false
		n.marks = 0
		n.emit(r, from, to)
		return
	}
	r = fold(r)
	if r == 0 {
		return
	}
	if r == ' ' {
		if !n.lastSpace {
			n.emit(' ', from, to)
			n.lastSpace = true
		}
		n.marks = 0
		return
	}
	n.lastSpace = false
	if isMark(r) {
		if n.marks++; n.marks > maxMarkRun {
			return
		}
		switch {
		case r == n.prev: // "जानेे": the same sign twice
			return
		case n.prev == devAA && (r == devE || r == devAI):
			// ा+े is ो and ा+ै is ौ: replace the sign already written.
			cut := len(n.buf) - utf8.RuneLen(devAA)
			n.buf = n.buf[:cut]
			if n.track {
				from = int(n.starts[cut])
				n.starts, n.ends = n.starts[:cut], n.ends[:cut]
			}
			join := devO
			if r == devAI {
				join = devAU
			}
			n.emit(join, from, to)
			return
		}
	} else {
		n.marks = 0
	}
	n.emit(r, from, to)
}

// isMark reports whether r is a combining mark.
func isMark(r rune) bool {
	if r >= 0 && r < foldTableEnd {
		return markTable[r>>6]&(1<<(r&63)) != 0
	}
	return isMarkRune(r)
}

// isMarkRune is isMark without the table, with a fast answer for the
// Devanagari and Arabic blocks that make up most marks in our text.
func isMarkRune(r rune) bool {
	switch {
	case r >= 0x0900 && r <= 0x097F:
		return r <= 0x0903 || r == 0x093A || r == 0x093B || r == 0x093C || (r >= 0x093E && r <= 0x094F) || (r >= 0x0951 && r <= 0x0957) || r == 0x0962 || r == 0x0963
	case r >= 0x0600 && r <= 0x06FF:
		return unicode.Is(unicode.M, r)
	case r < 0x0300:
		return false
	case r >= 0x4E00 && r <= 0x9FFF: // Han
		return false
	}
	return unicode.Is(unicode.M, r)
}

// trimMarkRuns drops combining marks beyond 4×maxMarkRun in a row. It
// returns s itself and nil when nothing was dropped; otherwise the trimmed
// text and, for each of its byte offsets (and its end), the original one.
func trimMarkRuns(s string) (string, []int32) {
	limit := 4 * maxMarkRun
	run, over := 0, false
	for _, r := range s {
		if unicode.Is(unicode.M, r) {
			if run++; run > limit {
				over = true
				break
			}
		} else {
			run = 0
		}
	}
	if !over {
		return s, nil
	}
	var b strings.Builder
	back := make([]int32, 0, 1024)
	run = 0
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.Is(unicode.M, r) {
			if run++; run > limit {
				continue
			}
		} else {
			run = 0
		}
		b.WriteString(s[i : i+size])
		for k := 0; k < size; k++ {
			back = append(back, int32(i+k))
		}
	}
	back = append(back, int32(len(s)))
	return b.String(), back
}

// segLen finds how many bytes of s, from pos, the NFC segment seg came from.
// NFC may recompose, so the lengths differ; segments end at a starter.
func segLen(s string, pos int, seg []byte) int {
	if strings.HasPrefix(s[pos:], string(seg)) {
		return len(seg)
	}
	// Advance over one starter and the non-starters after it.
	i := pos
	first := true
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !first && norm.NFC.PropertiesString(s[i:]).CCC() == 0 && !unicode.Is(unicode.M, r) {
			break
		}
		first = false
		i += size
	}
	return i - pos
}
