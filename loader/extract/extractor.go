// Package extract turns an article into entities, events and relations
// with their evidence: dictionary matching (Aho-Corasick over normalized
// text), entity linking, and rule-based event and relation extraction.
package extract

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/textproc"
)

// CodeVersion changes whenever the extraction rules change; with the
// dictionaries' hash it makes the extractor version stored on every fact.
const CodeVersion = "x5"

// coreLangs are the languages whose CLDR country names apply to text in
// any language (they are the names international news uses).
var coreLangs = map[string]bool{"en": true, "hi": true, "ur": true, "ru": true, "zh": true, "ar": true, "fr": true, "es": true, "de": true}

// Extractor holds the compiled dictionaries. It is safe for concurrent use.
type Extractor struct {
	dict      *dict.Dictionary
	gaz       *Gazetteer
	countries map[string]*dict.Country
	people    map[string]*dict.Person
	orgs      map[string]*dict.Organization
	places    map[string]*dict.Place
	topics    map[string]*dict.Topic
	// shortOwners lists the people a short form (surname) may stand for.
	shortOwners map[string][]string
	fuzzy       fuzzyIndex
	fuzzyCache  fuzzyCache
	joins       nameJoins
	version     string
}

// Version identifies the rules and dictionaries: stored on every fact, and
// part of each article's content hash so that a dictionary change makes a
// reload re-extract.
func (x *Extractor) Version() string { return x.version }

// New compiles the dictionaries.
func New(d *dict.Dictionary) (*Extractor, error) {
	x := &Extractor{
		countries: map[string]*dict.Country{}, people: map[string]*dict.Person{},
		orgs: map[string]*dict.Organization{}, places: map[string]*dict.Place{}, topics: map[string]*dict.Topic{},
		shortOwners: map[string][]string{}, fuzzy: fuzzyIndex{},
	}
	b := newGazBuilder()
	h := newVersionHash()
	h.write(CodeVersion)
	for i := range d.Countries {
		c := &d.Countries[i]
		amb := ambiguousForms{}
		for _, a := range c.Ambiguous {
			amb.add(b.key(a), a)
		}
		add := func(form Form, lang, s string, local bool) {
			b.add(s, Target{Form: form, Kind: string(graph.KindCountry), ID: c.Code, Lang: lang, Local: local, Ambiguous: amb.has(b.key(s), s)})
			h.write(c.Code, formDigits(form), lang, s)
		}
		add(FormName, "en", c.Name, false)
		for _, lang := range langsOf(c.Names) {
			forms := c.Names[lang]
			for _, s := range forms {
				add(FormName, lang, s, false)
			}
		}
		for _, lang := range langsOf(c.Demonyms) {
			forms := c.Demonyms[lang]
			for _, s := range forms {
				add(FormDemonym, lang, s, false)
			}
		}
		for _, lang := range langsOf(c.Capitals) {
			forms := c.Capitals[lang]
			for _, s := range forms {
				add(FormCapital, lang, s, false)
			}
		}
		x.addCLDR(b, c, amb)
	}
	for i := range d.People {
		p := &d.People[i]
		add := func(form Form, lang, s string) {
			b.add(s, Target{Form: form, Kind: string(graph.KindPerson), ID: p.ID, Lang: lang})
			h.write(p.ID, formDigits(form), lang, s)
		}
		add(FormName, "en", p.Name)
		x.fuzzy.add(b.key(p.Name), p.ID, false)
		x.joins.add(p.Name)
		for _, lang := range langsOf(p.Names) {
			forms := p.Names[lang]
			for _, s := range forms {
				add(FormName, lang, s)
				x.fuzzy.add(b.key(s), p.ID, false)
				x.joins.add(s)
				if scriptOfString(s) == scriptCyrillic {
					for _, f := range russianNameCases(s) {
						b.add(f, Target{Form: FormName, Kind: string(graph.KindPerson), ID: p.ID, Lang: lang})
					}
				}
			}
		}
		for _, lang := range langsOf(p.Short) {
			forms := p.Short[lang]
			for _, s := range forms {
				add(FormShort, lang, s)
				x.fuzzy.add(b.key(s), p.ID, true)
				k := b.key(s)
				if !contains(x.shortOwners[k], p.ID) {
					x.shortOwners[k] = append(x.shortOwners[k], p.ID)
				}
			}
		}
		for _, o := range p.Offices {
			h.write(o.Role, o.Country, o.Org, o.From, o.To)
		}
	}
	x.fuzzy.compact()
	for i := range d.Organizations {
		o := &d.Organizations[i]
		add := func(form Form, lang, s string) {
			b.add(s, Target{Form: form, Kind: string(graph.KindOrganization), ID: o.ID, Lang: lang})
			h.write(o.ID, formDigits(form), lang, s)
		}
		add(FormName, "en", o.Name)
		for _, lang := range langsOf(o.Names) {
			forms := o.Names[lang]
			for _, s := range forms {
				add(FormName, lang, s)
				if scriptOfString(s) == scriptCyrillic {
					for _, f := range russianPhraseCases(s) {
						b.add(f, Target{Form: FormName, Kind: string(graph.KindOrganization), ID: o.ID, Lang: lang})
					}
				}
			}
		}
		for _, lang := range langsOf(o.Acronyms) {
			forms := o.Acronyms[lang]
			for _, s := range forms {
				add(FormAcronym, lang, s)
			}
		}
	}
	for i := range d.Places {
		p := &d.Places[i]
		add := func(lang, s string) {
			b.add(s, Target{Form: FormName, Kind: string(graph.KindPlace), ID: p.ID, Lang: lang, Ambiguous: p.Ambiguous})
			h.write(p.ID, lang, s)
		}
		add("en", p.Name)
		for _, lang := range langsOf(p.Names) {
			forms := p.Names[lang]
			for _, s := range forms {
				add(lang, s)
				if scriptOfString(s) == scriptCyrillic {
					for _, f := range russianPhraseCases(s) {
						b.add(f, Target{Form: FormName, Kind: string(graph.KindPlace), ID: p.ID, Lang: lang, Ambiguous: p.Ambiguous})
					}
				}
			}
		}
	}
	for i := range d.Topics {
		t := &d.Topics[i]
		for _, lang := range langsOf(t.Keywords) {
			forms := t.Keywords[lang]
			for _, s := range forms {
				b.add(s, Target{Form: FormTopic, Kind: string(graph.KindTopic), ID: t.ID, Lang: lang})
				h.write(t.ID, lang, s)
			}
		}
	}
	for i, t := range d.Triggers {
		for _, lang := range langsOf(t.Keywords) {
			forms := t.Keywords[lang]
			for _, s := range forms {
				b.add(s, Target{Form: FormTrigger, Index: i, Lang: lang})
				h.write(t.Type, t.Event, t.Status, lang, s)
			}
		}
	}
	for i, t := range d.Titles {
		for _, lang := range langsOf(t.Titles) {
			forms := t.Titles[lang]
			for _, s := range forms {
				b.add(s, Target{Form: FormTitle, Index: i, Lang: lang})
				h.write(t.Role, t.Position, lang, s)
			}
		}
	}
	for i, m := range d.Ministries {
		for _, lang := range langsOf(m.Names) {
			forms := m.Names[lang]
			for _, s := range forms {
				b.add(s, Target{Form: FormMinistry, Index: i, Lang: lang})
				h.write(m.ID, m.Country, lang, s)
			}
		}
	}
	for _, s := range bothSides {
		b.add(s, Target{Form: FormCue, ID: "both"})
	}
	x.gaz = b.build()
	x.version = CodeVersion + "-" + h.sum()[:10]
	x.keepWhatExtractionReads(d)
	return x, nil
}

// keepWhatExtractionReads fills the extractor's tables of entries with
// copies of d's that leave out the names, keywords and titles in every
// language: the gazetteer holds them now, and kept they would be about
// 85,000 objects that the garbage collector marks at every cycle for as
// long as the extractor lives. d itself is left as it was.
func (x *Extractor) keepWhatExtractionReads(d *dict.Dictionary) {
	countries := slimmed(d.Countries, func(c *dict.Country) { c.Names, c.Demonyms, c.Capitals = nil, nil, nil })
	for i := range countries {
		x.countries[countries[i].Code] = &countries[i]
	}
	people := slimmed(d.People, func(p *dict.Person) { p.Names, p.Short = nil, nil })
	for i := range people {
		x.people[people[i].ID] = &people[i]
	}
	orgs := slimmed(d.Organizations, func(o *dict.Organization) { o.Names, o.Acronyms = nil, nil })
	for i := range orgs {
		x.orgs[orgs[i].ID] = &orgs[i]
	}
	places := slimmed(d.Places, func(p *dict.Place) { p.Names = nil })
	for i := range places {
		x.places[places[i].ID] = &places[i]
	}
	topics := slimmed(d.Topics, func(t *dict.Topic) { t.Keywords = nil })
	for i := range topics {
		x.topics[topics[i].ID] = &topics[i]
	}
	x.dict = &dict.Dictionary{
		Triggers:   slimmed(d.Triggers, func(t *dict.Trigger) { t.Keywords = nil }),
		Titles:     slimmed(d.Titles, func(t *dict.Title) { t.Titles = nil }),
		Ministries: slimmed(d.Ministries, func(m *dict.Ministry) { m.Names = nil }),
	}
}

// slimmed returns a copy of entries with slim applied to each.
func slimmed[E any](entries []E, slim func(*E)) []E {
	out := slices.Clone(entries)
	for i := range out {
		slim(&out[i])
	}
	return out
}

// cldrNamer names regions in one of CLDR's languages.
type cldrNamer struct {
	lang  string
	names display.Namer
}

// cldrNamers lists the languages CLDR names regions in, made once: finding
// a language's namer costs a language match.
var cldrNamers = sync.OnceValue(func() []cldrNamer {
	var out []cldrNamer
	for _, t := range display.Supported.Tags() {
		if n := display.Regions(t); n != nil {
			base, _ := t.Base()
			out = append(out, cldrNamer{lang: base.String(), names: n})
		}
	}
	return out
})

// addCLDR adds the country's name in every language CLDR has. Names in
// Latin script from languages outside coreLangs apply only to articles in
// that language: elsewhere they could be ordinary words.
func (x *Extractor) addCLDR(b *gazBuilder, c *dict.Country, amb ambiguousForms) {
	region, err := language.ParseRegion(c.Code)
	if err != nil {
		return
	}
	for _, namer := range cldrNamers() {
		name := namer.names.Name(region)
		if name == "" || name == c.Code {
			continue
		}
		lang := namer.lang
		local := !coreLangs[lang] && scriptOfString(name) == scriptLatin
		b.add(name, Target{Form: FormName, Kind: string(graph.KindCountry), ID: c.Code, Lang: lang, Local: local, Ambiguous: amb.has(b.key(name), name)})
	}
}

// ambiguousForms are the forms of a country's names that have other
// common meanings, by key. A form listed in lower case marks only the
// surfaces written in lower case: Spanish "china" (Chinese) is ambiguous,
// the capitalized name "China" is not.
type ambiguousForms map[string]bool // key -> whether some listed form has capitals

func (a ambiguousForms) add(key, form string) { a[key] = a[key] || caseOf(form) != caseAny }

func (a ambiguousForms) has(key, surface string) bool {
	cased, ok := a[key]
	return ok && (cased || caseOf(surface) == caseAny)
}

// langsOf returns the languages of a name map in sorted order: Go's map
// order is random, and both the extractor version hash and the order of a
// pattern's targets must be the same in every process, or a rerun would
// see every article as changed and extract differently.
func langsOf(n dict.Names) []string {
	out := make([]string, 0, len(n))
	for lang := range n {
		out = append(out, lang)
	}
	sort.Strings(out)
	return out
}

// versionHash hashes the dictionary strings that make the extractor's
// version: each call writes its strings one after the other. Strings are
// gathered before hashing, as most are a few bytes long.
type versionHash struct {
	h   hash.Hash
	buf *bufio.Writer
}

func newVersionHash() versionHash {
	h := sha256.New()
	return versionHash{h: h, buf: bufio.NewWriterSize(h, 1<<16)}
}

func (h versionHash) write(ss ...string) {
	for _, s := range ss {
		h.buf.WriteString(s)
	}
}

func (h versionHash) sum() string {
	h.buf.Flush()
	return hex.EncodeToString(h.h.Sum(nil))
}

// formDigits is a form as the version hash has always written it: in
// decimal.
func formDigits(f Form) string { return strconv.Itoa(int(f)) }

// containsAny reports whether text has one of words anywhere.
func containsAny(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func init() {
	rekey := func(m map[string]int) {
		for k, v := range m {
			if nk := textproc.Key(k); nk != k {
				delete(m, k)
				m[nk] = v
			}
		}
	}
	rekey(weekdays)
	rekey(relativeDays)
	rekey(months)
	rekeyBool := func(m map[string]bool) {
		for k, v := range m {
			if nk := textproc.Key(k); nk != k {
				delete(m, k)
				m[nk] = v
			}
		}
	}
	rekeyBool(locativesBefore)
	rekeyBool(locativesAfter)
	rekeyBool(nameStops)
	rekeyBool(targetBefore)
	rekeyBool(targetAfter)
	rekeyBool(destinationBefore)
	rekeyBool(destinationAfter)
	rekeyBool(sourceAfter)
}

// officeAt picks the office a person held on day (ISO), preferring one
// whose role matches wantRole; with no day, the current (or latest) one.
// ok is false when the person held no office then (the mention contradicts
// the dictionary's dates).
// rolePriority orders the offices a person may hold at once: heads of
// state and government first, then foreign ministers, then the rest.
func rolePriority(role string) int {
	switch role {
	case "president", "king", "emir", "sultan", "supreme leader":
		return 0
	case "prime minister", "premier", "chancellor":
		return 1
	case "foreign minister", "foreign secretary":
		return 2
	}
	return 3
}

func officeAt(p *dict.Person, day, wantRole string) (dict.Office, bool) {
	var best dict.Office
	found := false
	for _, o := range p.Offices {
		if !(graph.Office{From: o.From, To: o.To}).HeldAt(day) {
			continue
		}
		if best.Role == wantRole && wantRole != "" {
			continue
		}
		// Of several offices held at once, the one the text asks for, else
		// the office of state before a party or commission post (Xi
		// Jinping: president, not general secretary; Wang Yi since 2023:
		// foreign minister), else the latest appointment (without a date,
		// the office the dictionary lists first).
		pr, bestPr := rolePriority(o.Role), rolePriority(best.Role)
		if !found || (wantRole != "" && o.Role == wantRole) || pr < bestPr || pr == bestPr && day != "" && o.From > best.From {
			best, found = o, true
		}
	}
	if found {
		return best, true
	}
	// Not in office then: the latest office (the first of those that began
	// last), for the role's sake.
	for i, o := range p.Offices {
		if i == 0 || o.From > best.From {
			best = o
		}
	}
	return best, day == ""
}

func lower(s string) string { return strings.ToLower(s) }
