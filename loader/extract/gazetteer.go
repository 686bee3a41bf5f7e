package extract

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"

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
}

// Gazetteer finds dictionary strings in normalized text. It keeps one
// automaton per script, built concurrently, and runs only those of the
// scripts a text contains.
type Gazetteer struct {
	automata [numScripts]automaton
	patterns []*pattern
	index    map[string]int
	local    map[string]*localGaz
}

type automaton struct {
	ac      ahocorasick.AhoCorasick
	globals []int // automaton pattern index -> Gazetteer.patterns index
	ok      bool
}

const numScripts = int(scriptHan) + 1

type gazBuilder struct {
	patterns []*pattern
	index    map[string]int
	// local holds the patterns that apply to one language only; their
	// automata are built the first time an article in that language comes.
	local map[string]*gazBuilder
}

func newGazBuilder() *gazBuilder {
	return &gazBuilder{index: map[string]int{}, local: map[string]*gazBuilder{}}
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
			lb = &gazBuilder{index: map[string]int{}}
			b.local[t.Lang] = lb
		}
		t.Local = false
		lb.add(surface, t)
		return
	}
	surface = strings.TrimSpace(surface)
	key := textproc.Key(surface)
	if key == "" {
		return
	}
	if t.Form != FormTopic && t.Form != FormTrigger && t.Form != FormTitle && t.Form != FormCue && t.Form != FormMinistry {
		t.Case = caseOf(surface)
	}
	sc := scriptOfString(key)
	b.put(key, sc, false, t)
	if sc == scriptCyrillic {
		if stem, ok := russianStem(key); ok {
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
	g := b.buildCore()
	g.local = map[string]*localGaz{}
	for lang, lb := range b.local {
		g.local[lang] = &localGaz{b: lb}
	}
	return g
}

// localGaz is the automaton of one language's local patterns, built on
// first use.
type localGaz struct {
	once sync.Once
	b    *gazBuilder
	g    *Gazetteer
}

func (l *localGaz) get() *Gazetteer {
	l.once.Do(func() { l.g = l.b.buildCore() })
	return l.g
}

func (b *gazBuilder) buildCore() *Gazetteer {
	g := &Gazetteer{patterns: b.patterns, index: b.index}
	var keys [numScripts][]string
	for i, p := range b.patterns {
		sc := p.script
		g.automata[sc].globals = append(g.automata[sc].globals, i)
		keys[sc] = append(keys[sc], p.key)
	}
	var wg sync.WaitGroup
	for sc := range g.automata {
		if len(keys[sc]) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			builder := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{MatchKind: ahocorasick.StandardMatch, DFA: false})
			g.automata[sc].ac = builder.Build(keys[sc])
			g.automata[sc].ok = true
		}()
	}
	wg.Wait()
	return g
}

// scriptsIn reports which scripts occur in text. Latin is always run:
// digits and Latin acronyms appear in text of any script.
func scriptsIn(text string) [numScripts]bool {
	var present [numScripts]bool
	present[scriptLatin] = true
	present[scriptOther] = true
	for _, r := range text {
		if r < 0x0400 {
			continue
		}
		present[scriptOf(r)] = true
	}
	return present
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
func russianStem(key string) (string, bool) {
	if utf8.RuneCountInString(key) < 4 {
		return "", false
	}
	for _, e := range []string{"ий", "ый", "ой", "ия", "ея", "а", "я", "ь", "й", "о", "е", "ы", "и"} {
		if strings.HasSuffix(key, e) {
			stem := key[:len(key)-len(e)]
			if utf8.RuneCountInString(stem) >= 3 {
				return stem, true
			}
		}
	}
	return "", false
}

// Match is one dictionary string found in normalized text.
type Match struct {
	Start, End int // in the normalized text, including any case ending
	Key        string
	Targets    []Target
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// arabicPrefixes are clitics written joined to the next word: "و" and,
// "ب" with, "ل" for, "ف" so, and the article "ال" with them.
var arabicPrefixes = map[string]bool{"و": true, "ب": true, "ل": true, "ف": true, "ال": true, "وال": true, "بال": true, "فال": true, "لل": true, "ول": true, "وب": true, "ک": true}

// Find returns the dictionary strings in text (normalized), leftmost
// longest first, not overlapping, each at word boundaries proper to its
// script.
func (g *Gazetteer) Find(text, lang string) []Match {
	all := g.find(text, nil)
	if l := g.local[lang]; l != nil {
		all = l.get().find(text, all)
	}
	return selectLongest(all)
}

// selectLongest keeps, from overlapping matches, the leftmost and then
// longest ones.
func selectLongest(all []Match) []Match {
	sort.Slice(all, func(i, j int) bool {
		if all[i].Start != all[j].Start {
			return all[i].Start < all[j].Start
		}
		return all[i].End > all[j].End
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

// find appends the bounded matches of this gazetteer's automata to all.
func (g *Gazetteer) find(text string, all []Match) []Match {
	present := scriptsIn(text)
	for sc := range g.automata {
		a := &g.automata[sc]
		if !a.ok || !present[sc] {
			continue
		}
		it := a.ac.IterOverlapping(text)
		for m := it.Next(); m != nil; m = it.Next() {
			p := g.patterns[a.globals[m.Pattern()]]
			start, end := m.Start(), m.End()
			end, ok := g.bounded(text, p, start, end)
			if !ok {
				continue
			}
			all = append(all, Match{Start: start, End: end, Key: p.key, Targets: p.targets})
		}
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
