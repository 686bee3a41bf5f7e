package extract

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/textproc"
)

// Form says what a dictionary string is of its entry.
type Form uint8

// The forms.
const (
	FormName     Form = iota // a full name
	FormDemonym              // "Chinese", "चीनी": the state, by adjective
	FormCapital              // "Beijing said": the state, by its capital; also a place
	FormAcronym              // "SCO", "ШОС"
	FormShort                // a surname alone: needs the full name earlier, or a unique entry
	FormTopic                // a topic keyword
	FormTrigger              // an event trigger word
	FormTitle                // an office title
	FormCue                  // a cue word: weekday, "both sides", locative...
	FormMinistry             // a national ministry ("Foreign Ministry", "МИД")
)

// Target is what a dictionary string stands for.
type Target struct {
	Form Form
	// Kind and ID of the entity (countries, people, organizations, places,
	// topics), or the index of the trigger/title/cue in its table.
	Kind  string
	ID    string
	Index int
	Lang  string
	// Local: only in articles of Lang (CLDR names in Latin script from
	// languages other than the article's could be ordinary words there).
	Local bool
	// Ambiguous: also the name of something else (Georgia, Jordan, Chad):
	// counted only with support from context.
	Ambiguous bool
	Case      caseRule
}

type caseRule uint8

const (
	caseAny     caseRule = iota
	caseInitial          // the text's first letter must be upper case, as the dictionary's is
	caseAll              // an acronym: the text must be upper case throughout
)

type script uint8

const (
	scriptOther script = iota
	scriptLatin
	scriptCyrillic
	scriptDevanagari
	scriptArabic
	scriptHan
)

func scriptOf(r rune) script {
	switch {
	case r < 0x0250 && unicode.IsLetter(r):
		return scriptLatin
	case r >= 0x0400 && r <= 0x052F:
		return scriptCyrillic
	case r >= 0x0900 && r <= 0x097F:
		return scriptDevanagari
	case r >= 0x0600 && r <= 0x06FF, r >= 0x0750 && r <= 0x077F, r >= 0xFB50 && r <= 0xFEFF:
		return scriptArabic
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0x3040 && r <= 0x30FF:
		return scriptHan
	case unicode.IsLetter(r):
		return scriptLatin
	}
	return scriptOther
}

func scriptOfString(s string) script {
	for _, r := range s {
		if sc := scriptOf(r); sc != scriptOther {
			return sc
		}
	}
	return scriptOther
}

// pattern is one normalized key with everything it stands for.
type pattern struct {
	key     string
	script  script
	stem    bool // a Cyrillic stem: must be followed by a case ending
	targets []Target
	kinds   kindSet // of the targets
	cased   bool    // some target has a case rule (Target.Case)
}

// kindSet holds a bit for each entity kind: hits are asked for targets of
// one kind after another, and most hold one kind only.
type kindSet uint8

func kindBit(k string) kindSet {
	switch graph.Kind(k) {
	case graph.KindCountry:
		return 1
	case graph.KindPerson:
		return 2
	case graph.KindOrganization:
		return 4
	case graph.KindPlace:
		return 8
	case graph.KindTopic:
		return 16
	}
	return 32
}

// Gazetteer finds dictionary strings in normalized text. Its keys sit in
// two byte tries: the keys of scripts that put spaces between words, tried
// only where a word may start, and the others (Chinese, keys without
// letters), tried at every character.
type Gazetteer struct {
	words    *trie
	anywhere *trie
	// patterns, their keys and their targets each sit in one block of
	// memory: the extractor lives as long as the process, and the garbage
	// collector marks every object of it at every cycle; a pattern, a key
	// and a slice of targets apiece made 200,000 objects.
	patterns []pattern
	local    map[string]*localGaz
	// latinWords tells, for a word of ASCII letters and digits, whether a
	// key may start with it: most words of Latin text start no key, and
	// the walk of the trie that finds so is the largest cost of matching.
	latinWords asciiWordFilter
	// hanStarts tells, for a Han character, whether a key of the anywhere
	// trie starts with it: Chinese text tries that trie at every
	// character, and most characters start no key.
	hanStarts hanSet
	// asciiInWord marks the ASCII letters and digits that start no key of
	// the anywhere trie: within a word, matching passes over them.
	asciiInWord [256]bool
}

// hanSet is a set of the characters of the CJK Unified Ideographs and
// their Extension A (U+3400..U+9FFF), as bits.
type hanSet [(hanHi - hanLo) / 64]uint64

const hanLo, hanHi = 0x3400, 0xA000

func (h *hanSet) add(r rune) {
	if r >= hanLo && r < hanHi {
		h[(r-hanLo)/64] |= 1 << ((r - hanLo) % 64)
	}
}

// mayStart reports false for a character of the set's range that starts
// no key, true for any other.
func (h *hanSet) mayStart(r rune) bool {
	return r < hanLo || r >= hanHi || h[(r-hanLo)/64]&(1<<((r-hanLo)%64)) != 0
}

// asciiWordFilter is a set of the first words of keys, hashed into bits.
// A key can match where a word of ASCII letters and digits starts only if
// it begins with that whole word: a key of Latin script ends at the end of
// a word of the text (bounded), so either the key is the word or the word
// ends inside the key where the key has something that is not a letter.
// Keys that a case ending may extend match differently; their first
// bytes are always walked.
type asciiWordFilter struct {
	bits      [1 << asciiFilterBits / 64]uint64
	walkFirst [128]bool
}

const asciiFilterBits = 18

func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

func asciiWordBit(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h >> (32 - asciiFilterBits)
}

// add registers a key of the words trie.
func (f *asciiWordFilter) add(p *pattern) {
	key := p.key
	if key == "" || key[0] >= utf8.RuneSelf {
		return // the filter only judges words that start with ASCII
	}
	if !isASCIIWordByte(key[0]) || p.stem || p.script == scriptCyrillic || p.script == scriptDevanagari {
		f.walkFirst[key[0]] = true
		return
	}
	k := 1
	for k < len(key) && isASCIIWordByte(key[k]) {
		k++
	}
	if k < len(key) && key[k] >= utf8.RuneSelf {
		// The first word goes on outside ASCII: a text word that could
		// match goes on there too, and the filter lets such words through.
		return
	}
	b := asciiWordBit(key[:k])
	f.bits[b/64] |= 1 << (b % 64)
}

// mayStart reports whether a key may start at text[i], an ASCII letter or
// digit at the start of a word.
func (f *asciiWordFilter) mayStart(text string, i int) bool {
	if f.walkFirst[text[i]] {
		return true
	}
	j := i + 1
	for j < len(text) && isASCIIWordByte(text[j]) {
		j++
	}
	if j < len(text) && text[j] >= utf8.RuneSelf {
		return true // the word may go on in another script
	}
	b := asciiWordBit(text[i:j])
	return f.bits[b/64]&(1<<(b%64)) != 0
}

type gazBuilder struct {
	patterns []*pattern
	index    map[string]int
	// keys remembers matching keys: CLDR gives most names in many languages.
	keys map[string]string
	// local holds the patterns that apply to one language only; their
	// tries are built the first time an article in that language comes.
	local map[string]*gazBuilder
}

func newGazBuilder() *gazBuilder {
	// Sized for the built-in dictionaries with CLDR's names.
	return &gazBuilder{index: make(map[string]int, 1<<16), local: map[string]*gazBuilder{}, keys: make(map[string]string, 1<<17)}
}

// key is textproc.Key, remembered.
func (b *gazBuilder) key(s string) string {
	k, ok := b.keys[s]
	if !ok {
		k = textproc.Key(s)
		b.keys[s] = k
	}
	return k
}

func caseOf(surface string) caseRule {
	r, _ := utf8.DecodeRuneInString(surface)
	if !unicode.IsUpper(r) {
		return caseAny
	}
	letters, upper := 0, 0
	for _, c := range surface {
		if unicode.IsLetter(c) {
			letters++
			if unicode.IsUpper(c) {
				upper++
			}
		}
	}
	if letters >= 2 && letters == upper && letters <= 6 {
		return caseAll
	}
	return caseInitial
}

// add registers surface for t. Russian forms also register their stem so
// that case forms ("Лавровым", "России") match.
func (b *gazBuilder) add(surface string, t Target) {
	if t.Local {
		lb := b.local[t.Lang]
		if lb == nil {
			lb = &gazBuilder{index: map[string]int{}, keys: b.keys}
			b.local[t.Lang] = lb
		}
		t.Local = false
		lb.add(surface, t)
		return
	}
	surface = strings.TrimSpace(surface)
	key := b.key(surface)
	if key == "" {
		return
	}
	if t.Form != FormTopic && t.Form != FormTrigger && t.Form != FormTitle && t.Form != FormCue && t.Form != FormMinistry {
		t.Case = caseOf(surface)
	}
	sc := scriptOfString(key)
	b.put(key, sc, false, t)
	if sc == scriptCyrillic {
		if stem, ok := russianStem(key, t.Case != caseAny); ok {
			b.put(stem, sc, true, t)
		}
	}
}

func (b *gazBuilder) put(key string, sc script, stem bool, t Target) {
	id := key
	if stem {
		id = "\x00stem:" + key
	}
	i, ok := b.index[id]
	if !ok {
		i = len(b.patterns)
		b.index[id] = i
		b.patterns = append(b.patterns, &pattern{key: key, script: sc, stem: stem})
	}
	p := b.patterns[i]
	for _, old := range p.targets {
		if old == t {
			return
		}
	}
	p.targets = append(p.targets, t)
}

func (b *gazBuilder) build() *Gazetteer {
	// The builder's patterns and maps are dropped as soon as they are
	// copied: the garbage collector then does not count them live while the
	// tries are built, and the heap it lets grow after start-up is smaller.
	patterns := compactPatterns(b.patterns)
	b.patterns, b.index, b.keys = nil, nil, nil
	local := map[string]*localGaz{}
	for lang, lb := range b.local {
		local[lang] = &localGaz{patterns: compactPatterns(lb.patterns)}
		lb.patterns, lb.index, lb.keys = nil, nil, nil
	}
	b.local = nil
	g := buildTries(patterns)
	g.local = local
	return g
}

// localGaz holds the tries of one language's local patterns, built on
// first use.
type localGaz struct {
	once     sync.Once
	patterns []pattern
	g        *Gazetteer
}

func (l *localGaz) get() *Gazetteer {
	l.once.Do(func() { l.g = buildTries(l.patterns) })
	return l.g
}

func buildTries(patterns []pattern) *Gazetteer {
	g := &Gazetteer{patterns: patterns}
	var words, anywhere trieBuilder
	for i := range g.patterns {
		p := &g.patterns[i]
		if p.script == scriptHan || p.script == scriptOther {
			anywhere.add(p.key, int32(i))
			r, _ := utf8.DecodeRuneInString(p.key)
			g.hanStarts.add(r)
		} else {
			words.add(p.key, int32(i))
			g.latinWords.add(p)
		}
	}
	g.words, g.anywhere = words.build(), anywhere.build()
	for c := range g.asciiInWord {
		g.asciiInWord[c] = isASCIIWordByte(byte(c)) && g.anywhere.root[c] == 0
	}
	return g
}

// compactPatterns copies the builder's patterns into one slice, their keys
// into one string and their targets into one slice.
func compactPatterns(ps []*pattern) []pattern {
	nTargets, keyBytes := 0, 0
	for _, p := range ps {
		nTargets += len(p.targets)
		keyBytes += len(p.key)
	}
	var keys strings.Builder
	keys.Grow(keyBytes)
	for _, p := range ps {
		keys.WriteString(p.key)
	}
	allKeys := keys.String()
	targets := make([]Target, 0, nTargets)
	out := make([]pattern, len(ps))
	at := 0
	for i, p := range ps {
		first := len(targets)
		targets = append(targets, p.targets...)
		out[i] = *p
		out[i].key = allKeys[at : at+len(p.key)]
		// Full slice expressions: an append to one pattern's targets must
		// not write into the next one's.
		out[i].targets = targets[first:len(targets):len(targets)]
		for _, t := range out[i].targets {
			out[i].kinds |= kindBit(t.Kind)
			out[i].cased = out[i].cased || t.Case != caseAny
		}
		at += len(p.key)
	}
	return out
}

// russianEndings are the case and number endings of Russian nouns and
// adjectives (longest first), enough to match "Лавровым", "России",
// "Москве", "китайского".
var russianEndings = []string{
	"ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ией", "иями",
	"ой", "ей", "ым", "им", "ом", "ем", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их",
	"ов", "ев", "ам", "ям", "ах", "ях", "ии", "ию", "ия",
	"а", "я", "у", "ю", "е", "ы", "и", "о", "й", "ь",
}

// russianStem drops the final vowel (or soft sign) of a Cyrillic word
// ending, so its case forms can be matched through the ending list.
//
// Foreign names that end in -о, -е or -и do not decline in Russian
// ("Кито", "Токио", "Зимбабве", "Моди", "Дели"): a stem of theirs would
// take any ending, and "Кит" + "ая" read "Китая" (of China) as Quito.
// Slavic place names in -ово/-ево do ("в Косове"), as do common nouns.
func russianStem(key string, proper bool) (string, bool) {
	if utf8.RuneCountInString(key) < 4 {
		return "", false
	}
	for _, e := range []string{"ий", "ый", "ой", "ия", "ея", "а", "я", "ь", "й", "о", "е", "ы", "и"} {
		if !strings.HasSuffix(key, e) {
			continue
		}
		if proper && (e == "е" || e == "и" || e == "о" && !strings.HasSuffix(key, "ово") && !strings.HasSuffix(key, "ево")) {
			return "", false
		}
		if proper && e == "ой" {
			// "Ханой": Ханоя, Ханое. Cut at "Хан", the stem would read
			// "Имрана Хана" as Hanoi.
			e = "й"
		}
		stem := key[:len(key)-len(e)]
		if utf8.RuneCountInString(stem) >= 3 {
			return stem, true
		}
	}
	return "", false
}

// Match is one dictionary string found in normalized text.
type Match struct {
	Start, End int // in the normalized text, including any case ending
	Key        string
	Targets    []Target
	kinds      kindSet // of Targets
	cased      bool    // some target has a case rule
}

func isWordRune(r rune) bool {
	if uint32(r) < 1<<16 {
		return wordRunes[r>>6]&(1<<(r&63)) != 0
	}
	return isWordRuneBeyondBMP(r)
}

// isWordRuneBeyondBMP is isWordRune's rare case, apart so that isWordRune
// is small enough to inline.
func isWordRuneBeyondBMP(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// wordRunes holds a bit for each rune of the Basic Multilingual Plane that
// isWordRune accepts (letters, digits, marks): the matcher asks for every
// character of every text, and the Unicode tables are searched, not indexed.
var wordRunes = func() (bits [1 << 16 / 64]uint64) {
	for _, table := range []*unicode.RangeTable{unicode.L, unicode.Nd, unicode.M} {
		for _, r16 := range table.R16 {
			for r := uint32(r16.Lo); r <= uint32(r16.Hi); r += uint32(r16.Stride) {
				bits[r>>6] |= 1 << (r & 63)
			}
		}
	}
	return bits
}()

// arabicPrefixes are clitics written joined to the next word: "و" and,
// "ب" with, "ل" for, "ف" so, and the article "ال" with them.
var arabicPrefixes = map[string]bool{"و": true, "ب": true, "ل": true, "ف": true, "ال": true, "وال": true, "بال": true, "فال": true, "لل": true, "ول": true, "وب": true, "ک": true}

// arabicClitics lists arabicPrefixes by their first two bytes (the lead
// byte is 0xD8..0xDB, the second a continuation byte): the matcher tries
// them at the start of every word of Arabic script.
var arabicClitics = func() (byStart [4][64][]string) {
	for _, p := range slices.Sorted(maps.Keys(arabicPrefixes)) {
		if p[0] < 0xD8 || p[0] > 0xDB {
			panic("arabicClitics: " + p + " does not start with a lead byte of 0xD8..0xDB")
		}
		at := &byStart[p[0]-0xD8][p[1]&0x3F]
		*at = append(*at, p)
	}
	return byStart
}()

// Find returns the dictionary strings in text (normalized), leftmost
// longest first, not overlapping, each at word boundaries proper to its
// script.
func (g *Gazetteer) Find(text, lang string) []Match {
	return g.findInto(nil, text, lang)
}

// findInto is Find, with the matches written over buf's memory when it is
// large enough: extraction finds the matches of one sentence after another.
func (g *Gazetteer) findInto(buf []Match, text, lang string) []Match {
	all := g.find(text, buf[:0])
	if l := g.local[lang]; l != nil {
		all = l.get().find(text, all)
	}
	return selectLongest(all)
}

// selectLongest keeps, from overlapping matches, the leftmost and then
// longest ones.
//
// Matches of the same span are in no order the sort must keep: which one
// stays is the one the sort leaves first. slices.SortFunc sorts exactly as
// sort.Slice does (both are the same generated pdqsort), which a test
// checks, so the choice is the same as it has always been.
func selectLongest(all []Match) []Match {
	slices.SortFunc(all, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	out := all[:0]
	last := -1
	for _, m := range all {
		if m.Start < last {
			continue
		}
		out = append(out, m)
		last = m.End
	}
	return out
}

// candidate is a key found in the text, before the checks of bounded.
type candidate struct {
	pattern    int32
	start, end int32
	script     script // the pattern's, for sorting
}

// find appends the bounded matches of this gazetteer's keys to all.
//
// Matches of the same span but of different keys ("москв" extended over a
// case ending, and "москве") are told apart by the order in which they
// reach selectLongest, so that order is kept as it always was, the order
// of an Aho-Corasick automaton per script: by the script of the key, then
// by end, then longest first, then in dictionary order. Another order
// would change which targets some mentions get.
func (g *Gazetteer) find(text string, all []Match) []Match {
	// Room for the candidates of nearly every sentence (99.9 % of the dev
	// and generated ones have 32 or fewer): the array is zeroed at every
	// call, so it is no larger.
	var buf [32]candidate
	cands := buf[:0]
	wordStart := true // at the start of text, or after a character that is no part of a word
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if textproc.Has3(text, i) {
			r, size = textproc.Rune3(text, i), 3
		} else if textproc.Has2(text, i) {
			r, size = textproc.Rune2(text, i), 2
		} else if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if g.anywhere.root[text[i]] != 0 && g.hanStarts.mayStart(r) {
			cands = g.anywhere.prefixesAt(text, i, cands)
		}
		if wordStart {
			if c := text[i]; g.words.root[c] != 0 && (!isASCIIWordByte(c) || g.latinWords.mayStart(text, i)) {
				cands = g.words.prefixesAt(text, i, cands)
			}
			if c := text[i]; c >= 0xD8 && c <= 0xDB && size == 2 { // Arabic script: a key may follow a clitic
				for _, p := range arabicClitics[c-0xD8][text[i+1]&0x3F] {
					if strings.HasPrefix(text[i:], p) {
						cands = g.words.prefixesAt(text, i+len(p), cands)
					}
				}
			}
		}
		wordStart = !isWordRune(r)
		i += size
		// The rest of a word of ASCII letters and digits starts no key of
		// the words trie, and its bytes none of the other: skip them.
		if !wordStart {
			for i < len(text) && g.asciiInWord[text[i]] {
				i++
			}
		}
	}
	if len(cands) > 1 {
		for k := range cands {
			cands[k].script = g.patterns[cands[k].pattern].script
		}
		slices.SortFunc(cands, func(a, b candidate) int {
			return cmp.Or(cmp.Compare(a.script, b.script), cmp.Compare(a.end, b.end),
				cmp.Compare(a.start, b.start), cmp.Compare(a.pattern, b.pattern))
		})
	}
	if all == nil {
		all = make([]Match, 0, len(cands))
	}
	for _, c := range cands {
		p := &g.patterns[c.pattern]
		start := int(c.start)
		end, ok := g.bounded(text, p, start, int(c.end))
		if !ok {
			continue
		}
		all = append(all, Match{Start: start, End: end, Key: p.key, Targets: p.targets, kinds: p.kinds, cased: p.cased})
	}
	return all
}

// bounded checks the word boundaries of a candidate and extends it over a
// Russian case ending; it returns the match's end.
func (g *Gazetteer) bounded(text string, p *pattern, start, end int) (int, bool) {
	if p.script == scriptHan || p.script == scriptOther {
		return end, true
	}
	// Before: the start of a word, or (Arabic script) after a clitic prefix.
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if isWordRune(r) {
			if p.script != scriptArabic {
				return 0, false
			}
			ws := start
			for ws > 0 {
				r, size := utf8.DecodeLastRuneInString(text[:ws])
				if !isWordRune(r) {
					break
				}
				ws -= size
			}
			if !arabicPrefixes[text[ws:start]] {
				return 0, false
			}
		}
	}
	// After: the end of a word, or a case ending that ends it.
	we := end
	for we < len(text) {
		r, size := utf8.DecodeRuneInString(text[we:])
		if !isWordRune(r) {
			break
		}
		we += size
	}
	if we == end {
		return end, !p.stem
	}
	if p.script == scriptCyrillic {
		tail := text[end:we]
		for _, e := range russianEndings {
			if tail == e {
				return we, true
			}
		}
	}
	if p.script == scriptLatin && !p.stem {
		// English plural and possessive of names: "Americans", "Chinas"? Only "s".
		return 0, false
	}
	if p.script == scriptDevanagari {
		// Oblique plural "-ों" and the common "-ी" adjective ending are written joined.
		tail := text[end:we]
		if tail == "ों" || tail == "ओं" {
			return we, true
		}
	}
	return 0, false
}

// trie is a byte trie of keys with chains of single children merged into
// one edge (a radix tree), laid out flat in an array of edges that carry
// what the walk needs of the node they lead to, so a step of the walk
// reads one edge and the siblings beside it: the walk runs at every word
// of every text, and memory latency is most of its cost.
type trie struct {
	root  [256]int32 // the root's edge by first byte: edge index + 1, or 0
	edges []trieEdge
	// labels holds each edge's first byte, a node's edges sorted by it;
	// apart from edges, so that a search of siblings reads a few bytes.
	labels []byte
	// dense indexes the edges of nodes with many (the second byte of a
	// UTF-8 sequence) by byte, 256 entries a node: edge index + 1, or 0.
	dense []int32
	tails string  // the bytes of each edge after its first, one edge after another
	ends  []int32 // pattern indexes, node by node
}

// trieEdge is 16 bytes, four to a cache line.
type trieEdge struct {
	tail int32 // the edge's bytes after its first: tails[tail:tail+tailLen]
	// The node the edge leads to: its edges, edges[edges:edges+nEdges] or
	// (nEdges < 0) the table at dense[edges:], and the patterns whose key
	// ends there, ends[ends:ends+nEnds].
	edges   int32
	ends    int32
	tailLen uint8 // longer chains are cut into edges of maxTail bytes
	nEnds   uint8 // patterns of one key: the key itself and its stem form
	nEdges  int8  // at most denseFanout, or -1
}

// maxTail is the most bytes an edge holds after its first.
const maxTail = 255

// denseFanout is the number of edges above which a node gets a table.
const denseFanout = 6

type trieBuilder struct {
	keys []trieKey
}

type trieKey struct {
	key     string
	pattern int32
}

func (b *trieBuilder) add(key string, pattern int32) {
	b.keys = append(b.keys, trieKey{key, pattern})
}

// build lays the trie out breadth first from the sorted keys: the children
// of a node are made together, so each node's edges are contiguous.
func (b *trieBuilder) build() *trie {
	keys := b.keys
	slices.SortFunc(keys, func(x, y trieKey) int {
		return cmp.Or(strings.Compare(x.key, y.key), cmp.Compare(x.pattern, y.pattern))
	})
	t := &trie{}
	var tails strings.Builder
	// A node stands for keys[lo:hi], which share their first depth bytes;
	// edge leads to it (-1: the root).
	type span struct {
		lo, hi, depth int
		edge          int32
	}
	queue := []span{{0, len(keys), 0, -1}}
	for n := 0; n < len(queue); n++ {
		sp := queue[n]
		first, firstEnd := int32(len(t.edges)), int32(len(t.ends))
		i := sp.lo
		for ; i < sp.hi && len(keys[i].key) == sp.depth; i++ {
			t.ends = append(t.ends, keys[i].pattern)
		}
		for i < sp.hi {
			lo := keys[i].key
			c := lo[sp.depth]
			j := i + 1
			for j < sp.hi && keys[j].key[sp.depth] == c {
				j++
			}
			// The keys of [i, j) share everything up to the first and the
			// last one's common prefix; none ends before it, as such a key
			// would be a prefix of the others and sort first.
			hi := keys[j-1].key
			depth := sp.depth + 1
			for depth < len(lo) && depth < len(hi) && lo[depth] == hi[depth] && depth-sp.depth-1 < maxTail {
				depth++
			}
			e := int32(len(t.edges))
			if n == 0 {
				t.root[c] = e + 1
			}
			t.edges = append(t.edges, trieEdge{tail: int32(tails.Len()), tailLen: uint8(depth - sp.depth - 1)})
			t.labels = append(t.labels, c)
			tails.WriteString(lo[sp.depth+1 : depth])
			queue = append(queue, span{i, j, depth, e})
			i = j
		}
		if sp.edge < 0 {
			continue
		}
		in := &t.edges[sp.edge]
		nEdges, nEnds := int32(len(t.edges))-first, int32(len(t.ends))-firstEnd
		if nEnds > math.MaxUint8 {
			panic(fmt.Sprintf("trie: %d patterns of the same key", nEnds)) // keys are unique with their stem flag
		}
		in.edges, in.ends, in.nEnds = first, firstEnd, uint8(nEnds)
		if nEdges <= denseFanout {
			in.nEdges = int8(nEdges)
		} else {
			table := int32(len(t.dense))
			t.dense = append(t.dense, make([]int32, 256)...)
			for e := first; e < int32(len(t.edges)); e++ {
				t.dense[table+int32(t.labels[e])] = e + 1
			}
			in.edges, in.nEdges = table, -1
		}
	}
	t.tails = tails.String()
	return t
}

// prefixesAt appends the keys that text has at byte at, shortest first.
func (t *trie) prefixesAt(text string, at int, out []candidate) []candidate {
	if at >= len(text) {
		return out
	}
	e := t.root[text[at]] - 1
	i := at + 1
	for e >= 0 {
		edge := &t.edges[e]
		if edge.tailLen > 0 {
			end := i + int(edge.tailLen)
			if end > len(text) || text[i:end] != t.tails[edge.tail:edge.tail+int32(edge.tailLen)] {
				break
			}
			i = end
		}
		if edge.nEnds > 0 {
			for _, p := range t.ends[edge.ends : edge.ends+int32(edge.nEnds)] {
				out = append(out, candidate{pattern: p, start: int32(at), end: int32(i)})
			}
		}
		if i == len(text) {
			break
		}
		c := text[i]
		i++
		if edge.nEdges < 0 {
			e = t.dense[edge.edges+int32(c)] - 1
			continue
		}
		e = -1
		for k, l := range t.labels[edge.edges : edge.edges+int32(edge.nEdges)] {
			if l >= c {
				if l == c {
					e = edge.edges + int32(k)
				}
				break
			}
		}
	}
	return out
}
