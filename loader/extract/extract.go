package extract

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/textproc"
)

// Input is one article to extract from.
type Input struct {
	ID, Lang, URL, Source, Published, Title, Text string
}

// hit is one accepted dictionary match in the document.
type hit struct {
	sent       int // sentence index
	start, end int // in the document (title + "\n\n" + text)
	nstart     int // in the sentence's normalized text
	nend       int
	surface    string
	targets    []Target
	kinds      kindSet // of targets, or more (casesHolding may drop some)
	// What resolution accepted the hit as: the person, or the ID of the
	// country, place or organization it mentions ("" when it is none).
	person              *personRef
	country, place, org string
}

type sentence struct {
	textproc.Sentence
	norm textproc.Normalized
	hits []*hit
	// date is what sentenceDate found, once dateDone: each event of the
	// sentence asks for it.
	date     string
	dateDone bool
	// isHeadline is what headline found, once headlineDone.
	isHeadline, headlineDone bool
	// Whether the sentence has a word of bilateralWords, of multilateral:
	// every meeting trigger of the sentence may ask.
	bilateralWord, multilateralWord sentenceCue
}

// sentenceCue is whether a sentence has one of a list of words, looked for
// once.
type sentenceCue struct{ has, done bool }

func (c *sentenceCue) in(s *sentence, words []string) bool {
	if !c.done {
		c.has, c.done = containsAny(s.norm.Text, words), true
	}
	return c.has
}

// personRef is a person found in the article: from the dictionary or by
// an office title.
type personRef struct {
	id      string
	name    string
	known   *dict.Person
	country string
	role    string
	names   []string
	first   int // document offset of the first mention
	count   int
	conf    float64
	// contradicts: the dictionary says the person held no office on the
	// article's date, yet the text gives them one.
	contradicts bool
	// org: the international organization the person leads on the
	// article's date, for which they speak instead of a state.
	org string
}

type entityRef struct {
	id    string
	names []string
	count int
	first int
}

// doc is the state of one extraction.
type doc struct {
	x         *Extractor
	in        Input
	lang      string
	day       string // the article's date, ISO, or ""
	text      string // title + "\n\n" + text
	sents     []*sentence
	countries map[string]*entityRef
	people    map[string]*personRef
	orgs      map[string]*entityRef
	places    map[string]*entityRef
	topics    map[string]*entityRef
	dateline  string
	// ministries found: org id -> the English name
	ministryNames map[string]string
	meetings      []*Event
	relations     []*Relation
	mainPair      [2]string

	titleKeyValue string // see titleKey
	titleKeyDone  bool
	lead          int // see leadSentence
	leadDone      bool
	matches       []Match // the matches of a sentence, in memory kept for the next
	scratch       *scratch
}

// Extract reads one article. It never fails: bad input gives an empty result.
func (x *Extractor) Extract(in Input) *Result {
	d := &doc{
		x: x, in: in, countries: map[string]*entityRef{}, people: map[string]*personRef{},
		orgs: map[string]*entityRef{}, places: map[string]*entityRef{}, topics: map[string]*entityRef{},
	}
	d.text = in.Text
	if t := strings.TrimSpace(in.Title); t != "" {
		d.text = in.Title + "\n\n" + in.Text
	}
	d.lang = in.Lang
	if d.lang == "" {
		d.lang = textproc.DetectLanguage(d.text)
	}
	d.day = isoDay(in.Published)
	sc := scratches.Get().(*scratch)
	z := &sc.z
	d.matches = sc.matches
	d.scratch = sc
	defer func() {
		// The Result keeps the doc, which must not keep the sentences and
		// hits that the next extraction reuses: a use of them after this
		// point fails loudly.
		d.sents, d.scratch = nil, nil
		z.Reset()
		sc.keep(d.matches)
		d.matches = nil
		scratches.Put(sc)
	}()
	split := d.x.joins.join(d.text, textproc.SplitInto(sc.split, d.text))
	sc.split = split
	sents, ptrs := sc.sentences(len(split))
	d.sents = ptrs
	for i, s := range split {
		sents[i] = sentence{Sentence: s, norm: z.Normalize(s.Text)}
		d.sents[i] = &sents[i]
	}
	d.match()
	d.resolveEntities()
	d.findUnknownPeople()
	d.findMinistries()
	d.extractEvents()
	return d.result()
}

// scratch is the memory an extraction needs only while it runs, kept from
// one extraction to the next, since the garbage collector's work follows
// how much an extraction allocates: the normalized sentences, the sentence
// spans, the matches of a sentence, and the hits they become. The Result
// uses none of them (Extract drops the doc's references at its end).
type scratch struct {
	z        textproc.Normalizer
	split    []textproc.Sentence
	matches  []Match
	sents    []sentence
	sentPtrs []*sentence
	// hits and hitPtrs are arenas: each sentence takes its hits and its
	// list of them from the free part. A full arena is replaced by a larger
	// one, and the hits in the old one stay where their pointers point.
	hits    []hit
	hitPtrs []*hit
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// maxKeptScratch bounds the slices a scratch keeps, so that one huge
// article does not hold its memory for the next ones.
const maxKeptScratch = 4096

// sentences returns n zero sentences, and n pointers to fill with them.
func (sc *scratch) sentences(n int) ([]sentence, []*sentence) {
	if cap(sc.sents) < n {
		sc.sents = make([]sentence, n)
		sc.sentPtrs = make([]*sentence, n)
	}
	return sc.sents[:n], sc.sentPtrs[:n]
}

// takeHits returns room for n hits and n pointers to hits, which appends
// within n do not move and appends past n move out of the arena.
func (sc *scratch) takeHits(n int) ([]hit, []*hit) {
	n += extraHitRoom
	if cap(sc.hits)-len(sc.hits) < n {
		sc.hits = make([]hit, 0, max(n, 2*cap(sc.hits), 256))
		sc.hitPtrs = make([]*hit, 0, cap(sc.hits))
	}
	l := len(sc.hits)
	sc.hits, sc.hitPtrs = sc.hits[:l+n], sc.hitPtrs[:l+n]
	return sc.hits[l : l : l+n], sc.hitPtrs[l : l : l+n]
}

// extraHitRoom is room for more hits than a sentence's matches, which a
// test sets: what extraction finds must not depend on it.
var extraHitRoom = 0

// keep takes back the slices for the next extraction, cleared: a kept
// sentence or hit would keep its article's text alive.
func (sc *scratch) keep(matches []Match) {
	clear(matches[:cap(matches)])
	clear(sc.split[:cap(sc.split)])
	clear(sc.sents[:cap(sc.sents)])
	clear(sc.sentPtrs[:cap(sc.sentPtrs)])
	clear(sc.hits)
	clear(sc.hitPtrs)
	sc.matches, sc.split, sc.hits, sc.hitPtrs = matches[:0], sc.split[:0], sc.hits[:0], sc.hitPtrs[:0]
	if cap(matches) > maxKeptScratch {
		sc.matches = nil
	}
	if cap(sc.split) > maxKeptScratch {
		sc.split = nil
	}
	if cap(sc.sents) > maxKeptScratch {
		sc.sents, sc.sentPtrs = nil, nil
	}
	if cap(sc.hits) > 4*maxKeptScratch {
		sc.hits, sc.hitPtrs = nil, nil
	}
}

func isoDay(s string) string {
	if len(s) >= 10 && graph.ValidDate(s[:10]) {
		return s[:10]
	}
	return ""
}

// match finds dictionary strings in every sentence and keeps the targets
// whose case and language rules hold.
func (d *doc) match() {
	for si, s := range d.sents {
		ms := d.x.gaz.findInto(d.matches, s.norm.Text, d.lang)
		d.matches = ms
		// The sentence's hits never grow past their room, so the pointers
		// into it stay good.
		hits, ptrs := d.scratch.takeHits(len(ms))
		s.hits = ptrs
		for _, m := range ms {
			os, oe := s.norm.Span(m.Start, m.End)
			surface := s.Text[os:oe]
			keep := slices.Clip(m.Targets)
			if m.cased {
				keep = casesHolding(surface, m.Targets)
			}
			if len(keep) == 0 {
				continue
			}
			hits = append(hits, hit{sent: si, start: s.Start + os, end: s.Start + oe, nstart: m.Start, nend: m.End, surface: surface, targets: keep, kinds: m.kinds})
			s.hits = append(s.hits, &hits[len(hits)-1])
		}
	}
}

// casesHolding returns the targets whose case rule the surface keeps. When
// it keeps them all, as it mostly does, that is ts itself, clipped so that
// an append cannot write into the gazetteer's slice: targets are only read.
func casesHolding(surface string, ts []Target) []Target {
	for i, t := range ts {
		if caseHolds(surface, t.Case) {
			continue
		}
		keep := slices.Clone(ts[:i])
		for _, t := range ts[i+1:] {
			if caseHolds(surface, t.Case) {
				keep = append(keep, t)
			}
		}
		return keep
	}
	return slices.Clip(ts)
}

func caseHolds(surface string, c caseRule) bool {
	switch c {
	case caseInitial:
		r, _ := utf8.DecodeRuneInString(surface)
		return unicode.IsUpper(r) || !unicode.IsLetter(r)
	case caseAll:
		for _, r := range surface {
			if unicode.IsLetter(r) && !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return true
}

func (h *hit) target(f ...Form) (Target, bool) {
	for _, t := range h.targets {
		for _, want := range f {
			if t.Form == want {
				return t, true
			}
		}
	}
	return Target{}, false
}

// kindTargets returns the targets of h of that kind and one of the forms,
// in order. Resolution asks this of every hit several times, and the answer
// is mostly one run of h.targets, which is then returned without a copy:
// callers only read it.
func (h *hit) kindTargets(kind graph.Kind, f ...Form) []Target {
	if h.kinds&kindBit(string(kind)) == 0 {
		return nil
	}
	wanted := func(t Target) bool {
		return t.Kind == string(kind) && slices.Contains(f, t.Form)
	}
	start, end := 0, 0
	for i, t := range h.targets {
		if !wanted(t) {
			continue
		}
		if start == end {
			start, end = i, i+1
			continue
		}
		if i == end {
			end++
			continue
		}
		// Not one run: copy.
		out := slices.Clone(h.targets[start:end])
		for _, t := range h.targets[i:] {
			if wanted(t) {
				out = append(out, t)
			}
		}
		return out
	}
	if start == end {
		return nil
	}
	return h.targets[start:end:end]
}

func (r *entityRef) add(surface string, at int) {
	r.count++
	if !contains(r.names, surface) {
		r.names = append(r.names, surface)
	}
	if r.first < 0 || at < r.first {
		r.first = at
	}
}

func addRef(m map[string]*entityRef, id, surface string, at int) {
	r := m[id]
	if r == nil {
		r = &entityRef{id: id, first: -1}
		m[id] = r
	}
	r.add(surface, at)
}

// words returns the normalized words of a sentence before and after a hit.
func (d *doc) prevWord(h *hit) string {
	t := d.sents[h.sent].norm.Text[:h.nstart]
	t = strings.TrimRight(t, " ,(")
	if i := strings.LastIndexAny(t, " ,("); i >= 0 {
		t = t[i+1:]
	}
	return t
}

func (d *doc) nextWord(h *hit) string {
	t := d.sents[h.sent].norm.Text[h.nend:]
	t = strings.TrimLeft(t, " ,")
	if i := strings.IndexAny(t, " ,.।۔"); i >= 0 {
		t = t[:i]
	}
	return t
}

// locative reports whether a hit names where something happens: after
// "in", "at", "в", "在", before "में", "میں", or as the article's dateline.
func (d *doc) locative(h *hit) bool {
	if locativesBefore[d.prevWord(h)] || locativesAfter[d.nextWord(h)] {
		return true
	}
	norm := d.sents[h.sent].norm.Text
	if h.nstart > 0 {
		r, _ := utf8.DecodeLastRuneInString(norm[:h.nstart])
		if r == '在' || r == '于' || r == '赴' {
			return true
		}
	}
	// "in Indonesia's Jakarta", "在印度尼西亚雅加达", "चीन के शहर तियानजिन में":
	// a place right after a locative country or place is located too.
	if p := d.prevHit(h); p != nil && p.nend <= h.nstart {
		gap := strings.Trim(norm[p.nend:h.nstart], " ,'s(")
		if gap == "" || gap == "के" || gap == "की" || gap == "کے" || gap == "کی" {
			return d.locative(p)
		}
	}
	return false
}

// prevHit returns the hit before h in its sentence.
func (d *doc) prevHit(h *hit) *hit {
	var prev *hit
	for _, o := range d.sents[h.sent].hits {
		if o == h {
			return prev
		}
		prev = o
	}
	return nil
}

// titleKey is the title in matching form, worked out on first use: it is
// asked for every place named.
func (d *doc) titleKey() string {
	if !d.titleKeyDone {
		d.titleKeyValue, d.titleKeyDone = textproc.Key(d.in.Title), true
	}
	return d.titleKeyValue
}

// isDateline reports whether h opens the article's body ("MOSCOW, Sept 11
// —", "मास्को चीन और रूस...", "बेलेम (ब्राजील), 20 नवंबर।").
func (d *doc) isDateline(h *hit) bool {
	lead := d.leadSentence()
	if lead < 0 || h.sent != lead {
		return false
	}
	return h.nstart == 0 || datelineAgencies[strings.TrimSpace(d.sents[lead].norm.Text[:h.nstart])]
}

// datelineAgencies are the news agencies that Chinese datelines name
// before the place: "新华社万象7月26日电".
var datelineAgencies = map[string]bool{
	"新华社": true, "中新社": true, "中新网": true, "新华网": true, "人民网": true, "央视网": true, "国际在线": true,
	"环球网": true, "法新社": true, "路透社": true, "美联社": true, "塔斯社": true, "共同社": true, "韩联社": true,
}

// leadSentence is the index of the body's first sentence, past the title
// and the title repeated as the body's first line; -1 if there is none.
func (d *doc) leadSentence() int {
	if d.leadDone {
		return d.lead
	}
	d.lead, d.leadDone = -1, true
	bodyStart := len(d.text) - len(d.in.Text)
	title := d.titleKey()
	for i, s := range d.sents {
		if s.End <= bodyStart || (title != "" && s.norm.Text == title) {
			continue
		}
		d.lead = i
		break
	}
	return d.lead
}

// maxDatelineRunes is the longest a sentence of its own can be and still
// be taken for a dateline: "КАЗАНЬ, 22 октября.", "नई दिल्ली, 22 अक्टूबर
// (भाषा)।", "BEIJING, Oct. 22 (Xinhua) --".
const maxDatelineRunes = 60

// datelineDate is the date of a dateline that the splitter made a
// sentence of its own, which the sentence after it (the lead) reports
// under: news agencies end their datelines with a full stop or a danda.
func (d *doc) datelineDate(s *sentence) string {
	lead := d.leadSentence()
	if lead < 0 || lead+1 >= len(d.sents) || d.sents[lead+1] != s {
		return ""
	}
	dl := d.sents[lead]
	if utf8.RuneCountInString(dl.norm.Text) > maxDatelineRunes {
		return ""
	}
	for _, h := range dl.hits {
		if h.nstart == 0 && (h.place != "" || h.country != "") {
			return d.findSentenceDate(dl)
		}
	}
	return ""
}

// resolveEntities decides what each hit stands for.
func (d *doc) resolveEntities() {
	// First pass: unambiguous countries, people by full name,
	// organizations, topics.
	var ambiguous, shorts, placeHits []*hit
	for _, s := range d.sents {
		for _, h := range s.hits {
			if ts := h.kindTargets(graph.KindPerson, FormName); len(ts) > 0 {
				d.addPerson(h, d.pickPerson(ts))
				continue
			}
			if ts := h.kindTargets(graph.KindOrganization, FormName, FormAcronym); len(ts) > 0 {
				h.org = ts[0].ID
				addRef(d.orgs, ts[0].ID, h.surface, h.start)
				continue
			}
			cs := h.kindTargets(graph.KindCountry, FormName, FormDemonym, FormCapital)
			ps := h.kindTargets(graph.KindPlace, FormName)
			if len(cs) > 0 {
				amb := true
				for _, t := range cs {
					if !t.Ambiguous {
						amb = false
					}
				}
				if amb {
					ambiguous = append(ambiguous, h)
				} else {
					h.country = cs[0].ID
					addRef(d.countries, cs[0].ID, h.surface, h.start)
				}
			}
			if len(ps) > 0 {
				placeHits = append(placeHits, h)
			}
			if len(cs) > 0 || len(ps) > 0 {
				continue
			}
			if ts := h.kindTargets(graph.KindPerson, FormShort); len(ts) > 0 {
				shorts = append(shorts, h)
				continue
			}
			if ts := h.kindTargets(graph.KindTopic, FormTopic); len(ts) > 0 {
				addRef(d.topics, ts[0].ID, h.surface, h.start)
			}
		}
	}
	// Ambiguous country names count when the article also names the
	// country unambiguously, or names other states near them.
	for _, h := range ambiguous {
		cs := h.kindTargets(graph.KindCountry, FormName, FormDemonym, FormCapital)
		id := cs[0].ID
		support := d.countries[id] != nil
		if !support {
			for _, o := range d.sents[h.sent].hits {
				if o.country != "" && o != h {
					support = true
				}
			}
		}
		if support {
			h.country = id
			addRef(d.countries, id, h.surface, h.start)
		}
	}
	// Places: a city where something happens. A capital named without a
	// locative word stands for its government ("Beijing said") and is
	// already counted as the country.
	for _, h := range placeHits {
		ps := h.kindTargets(graph.KindPlace, FormName)
		p := d.x.places[ps[0].ID]
		_, isCapital := h.target(FormCapital)
		loc := d.locative(h)
		dl := d.isDateline(h)
		if (isCapital || p.Kind == "capital" || ps[0].Ambiguous) && !loc && !dl {
			continue
		}
		h.place = p.ID
		addRef(d.places, p.ID, h.surface, h.start)
		if dl && d.dateline == "" {
			d.dateline = p.ID
		}
		if p.Country != "" && d.countries[p.Country] == nil && p.Kind != "venue" {
			// A city names its state only implicitly; the gold counts states
			// named in the text, so the country is not added here.
		}
	}
	// Surnames alone: the person named in full in this article, else a
	// unique dictionary owner whose state the article names.
	for _, h := range shorts {
		ts := h.kindTargets(graph.KindPerson, FormShort)
		var pick *personRef
		for _, t := range ts {
			if p := d.people[t.ID]; p != nil {
				pick = p
				break
			}
		}
		if pick == nil {
			// A capitalized surname is a name where capitals are written
			// ("Putin said"); in other scripts the state named in the
			// article must vouch for it ("शी" is also a word).
			owners := d.x.shortOwners[textproc.Key(h.surface)]
			if len(owners) == 1 {
				if p := d.x.people[owners[0]]; p != nil && (d.countries[p.Country] != nil || caseOf(h.surface) != caseAny) {
					pick = d.newKnownPerson(p)
					pick.conf = 0.6
				}
			}
		}
		if pick != nil {
			d.addPersonRef(h, pick)
		}
	}
}

// pickPerson chooses among dictionary people sharing a name: the one in
// office on the article's date.
func (d *doc) pickPerson(ts []Target) *dict.Person {
	var first *dict.Person
	for _, t := range ts {
		p := d.x.people[t.ID]
		if p == nil {
			continue
		}
		if first == nil {
			first = p
		}
		if _, ok := officeAt(p, d.day, ""); ok && d.day != "" {
			return p
		}
	}
	return first
}

// hold makes office o the one the person is reported in: its role, and
// the state they speak for. The secretary-general of the UN or NATO speaks
// for the organization, not for the state he comes from, while he holds
// the office, which only an article's date can tell.
func (r *personRef) hold(o dict.Office, held, dated bool) {
	r.role = o.Role
	if o.Country != "" {
		r.country = o.Country
	} else if o.Org != "" && held && dated {
		r.country, r.org = "", o.Org
	}
}

func (d *doc) newKnownPerson(p *dict.Person) *personRef {
	if r := d.people[p.ID]; r != nil {
		return r
	}
	r := &personRef{id: p.ID, name: p.Name, known: p, country: p.Country, first: -1, conf: 0.9}
	o, ok := officeAt(p, d.day, "")
	r.hold(o, ok, d.day != "")
	if !ok {
		r.conf = 0.7
	}
	d.people[p.ID] = r
	return r
}

func (d *doc) addPerson(h *hit, p *dict.Person) {
	if p == nil {
		return
	}
	d.addPersonRef(h, d.newKnownPerson(p))
}

func (d *doc) addPersonRef(h *hit, r *personRef) {
	h.person = r
	r.count++
	if !contains(r.names, h.surface) {
		r.names = append(r.names, h.surface)
	}
	if r.first < 0 || h.start < r.first {
		r.first = h.start
	}
}

// endsLatinName tells the runes that end a Latin or Cyrillic name written
// without a space before them: Han, and CJK and full-width punctuation.
func endsLatinName(r rune) bool {
	return scriptOf(r) == scriptHan || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

var latinWord = regexp.MustCompile(`^[\p{Lu}][\p{L}\p{M}'’.-]*$`)

// findUnknownPeople finds people the dictionary lacks after office titles
// ("Foreign Minister X", "विदेश मंत्री X", "министр иностранных дел X",
// "外交部长X"), and gives known people the role their title states.
func (d *doc) findUnknownPeople() {
	for _, s := range d.sents {
		// By index over the live list: a name found below replaces the hits
		// it covers, which all lie after h, and the loop goes on with what
		// follows h in the new list. (A range over the list as it was would
		// see the old hits shifted under it, or not, by the list's capacity.)
		for i := 0; i < len(s.hits); i++ {
			h := s.hits[i]
			t, ok := h.target(FormTitle)
			if !ok {
				continue
			}
			title := d.x.dict.Titles[t.Index]
			if title.Position == "after" {
				continue
			}
			// The next hits: a country adjective may stand between title and
			// name ("وزير الخارجية الروسي", "Foreign Minister of China").
			j := i + 1
			country := ""
			for j < len(s.hits) && s.hits[j].nstart-h.nend < 16 {
				if c := s.hits[j].country; c != "" {
					country = c
					j++
					continue
				}
				if _, isTitle := s.hits[j].target(FormTitle); isTitle {
					j++ // "State Councilor and Foreign Minister"
					continue
				}
				break
			}
			if j < len(s.hits) {
				if p := s.hits[j].person; p != nil && s.hits[j].nstart-h.nend < 40 {
					if p.known != nil {
						if o, ok := officeAt(p.known, d.day, title.Role); ok && o.Role == title.Role {
							p.hold(o, true, d.day != "")
						} else if d.day != "" && !hasRole(p.known, title.Role) {
							p.contradicts = true
						}
					}
					continue
				}
			}
			// The country: just before the title, or after it.
			if country == "" {
				country = d.countryBefore(s, i)
			}
			start := h.nend
			if j > i+1 {
				start = s.hits[j-1].nend
			}
			// The name ends at the next hit, except a surname the dictionary
			// knows for someone else ("Джона Салливана" after "посла": the
			// ambassador, not the adviser Sullivan), which the name absorbs.
			limit := len(s.norm.Text)
			for k := j; k < len(s.hits); k++ {
				if _, short := s.hits[k].target(FormShort); short && s.hits[k].person == nil && len(s.hits[k].targets) == 1 {
					continue
				}
				limit = s.hits[k].nstart
				break
			}
			if d.headline(s) {
				continue
			}
			name, ns, ne := d.nameAfter(s, start, limit)
			if name == "" {
				continue
			}
			if country == "" {
				country = d.countryAfterName(s, ne)
			}
			os, oe := s.norm.Span(ns, ne)
			surface := s.Text[os:oe]
			nh := &hit{sent: h.sent, start: s.Start + os, end: s.Start + oe, nstart: ns, nend: ne, surface: surface}
			s.hits = dropCovered(s.hits, ns, ne)
			if id := d.x.fuzzyCache.lookup(d.x.fuzzy, name); id != "" {
				// A spelling variant of someone in the dictionary.
				p := d.newKnownPerson(d.x.people[id])
				d.addPersonRef(nh, p)
				s.hits = insertHit(s.hits, nh)
				continue
			}
			if p := d.titledOwner(name, title.Role, country); p != nil {
				// "Prime Minister Modi": the one holder of the office with
				// that surname.
				d.addPersonRef(nh, d.newKnownPerson(p))
				s.hits = insertHit(s.hits, nh)
				continue
			}
			if !plausibleName(name) {
				continue
			}
			id := unknownID(surface)
			r := d.people[id]
			if r == nil {
				r = &personRef{id: id, name: surface, country: country, role: title.Role, first: -1, conf: 0.6}
				d.people[id] = r
			}
			d.addPersonRef(nh, r)
			s.hits = insertHit(s.hits, nh)
		}
	}
	// Later (and earlier) mentions of someone found by title: the full
	// name anywhere, and the surname alone ("Yadav" after "Bhupender Yadav").
	// The forms are worked out once: adding mentions below changes neither
	// the people nor their first names.
	type unknownForms struct {
		p     *personRef
		forms []string
	}
	var unknowns []unknownForms
	for _, id := range sortedKeys(d.people) {
		p := d.people[id]
		if p.known != nil || len(p.names) == 0 {
			continue
		}
		full := textproc.Key(p.names[0])
		forms := []string{full}
		if parts := strings.Fields(full); len(parts) >= 2 && utf8.RuneCountInString(parts[len(parts)-1]) >= 3 {
			forms = append(forms, parts[len(parts)-1])
		}
		unknowns = append(unknowns, unknownForms{p, forms})
	}
	for si, s := range d.sents {
		for _, u := range unknowns {
			p := u.p
			for _, form := range u.forms {
				for _, idx := range wordIndexes(s.norm.Text, form) {
					if d.covered(s, idx, idx+len(form)) {
						continue
					}
					os, oe := s.norm.Span(idx, idx+len(form))
					nh := &hit{sent: si, start: s.Start + os, end: s.Start + oe, nstart: idx, nend: idx + len(form), surface: s.Text[os:oe]}
					d.addPersonRef(nh, p)
					s.hits = insertHit(s.hits, nh)
				}
			}
		}
	}
	// An official whose state the text does not name is, in national news,
	// one of the paper's own state ("पर्यावरण मंत्री" in Hindi news).
	if home := homeCountry[d.lang]; home != "" {
		for _, p := range d.people {
			if p.known == nil && p.country == "" {
				p.country = home
			}
		}
	}
}

// dropCovered removes the hits that lie inside [start, end) of the
// normalized sentence: a name found by title absorbed them.
func dropCovered(hs []*hit, start, end int) []*hit {
	out := hs[:0]
	for _, h := range hs {
		if h.nstart >= start && h.nend <= end {
			continue
		}
		out = append(out, h)
	}
	return out
}

// titledOwner is the one person of the dictionary with the surname name
// who held the office role (on the article's date, when it is known) for
// country (when the sentence names one); nil if none or several.
func (d *doc) titledOwner(name, role, country string) *dict.Person {
	var found *dict.Person
	for _, id := range d.x.shortOwners[textproc.Key(name)] {
		p := d.x.people[id]
		if p == nil || !hasRole(p, role) {
			continue
		}
		if d.day != "" {
			if o, ok := officeAt(p, d.day, role); !ok || o.Role != role {
				continue
			}
		}
		if country != "" && p.Country != country {
			continue
		}
		if found != nil {
			return nil
		}
		found = p
	}
	return found
}

func hasRole(p *dict.Person, role string) bool {
	for _, o := range p.Offices {
		if o.Role == role {
			return true
		}
	}
	return false
}

func indexOf(ss []*sentence, s *sentence) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

func (d *doc) covered(s *sentence, a, b int) bool {
	for _, h := range s.hits {
		if a < h.nend && b > h.nstart {
			return true
		}
	}
	return false
}

func wordIndexes(text, w string) []int {
	var out []int
	for from := 0; ; {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return out
		}
		i += from
		okBefore := i == 0 || !isWordRune(lastRune(text[:i]))
		okAfter := i+len(w) == len(text) || !isWordRune(firstRune(text[i+len(w):]))
		if okBefore && okAfter {
			out = append(out, i)
		}
		from = i + len(w)
	}
}

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func insertHit(hs []*hit, h *hit) []*hit {
	i := sort.Search(len(hs), func(i int) bool { return hs[i].nstart >= h.nstart })
	hs = append(hs, nil)
	copy(hs[i+1:], hs[i:])
	hs[i] = h
	return hs
}

func (d *doc) countryBefore(s *sentence, i int) string {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if c := s.hits[k].country; c != "" && s.hits[i].nstart-s.hits[k].nend < 24 {
			return c
		}
	}
	return ""
}

// ofState are the words that give a person's state after the name
// ("Prime Minister X of Chile", "ministre X du Mali", "Minister X aus
// Polen"), in normalized text.
var ofState = map[string]bool{"of": true, "from": true, "de": true, "du": true, "del": true, "aus": true, "von": true}

// countryAfterName returns the state named right after a name that ends
// at the normalized offset end, through one of ofState ("" when none).
func (d *doc) countryAfterName(s *sentence, end int) string {
	for _, h := range s.hits {
		if h.nstart < end {
			continue
		}
		between := strings.TrimSpace(s.norm.Text[end:h.nstart])
		if h.country != "" && h.person == nil && ofState[between] {
			return h.country
		}
		return ""
	}
	return ""
}

// headline reports whether a Latin-script sentence is written in title
// case, where capitals do not mark names.
func (d *doc) headline(s *sentence) bool {
	if s.headlineDone {
		return s.isHeadline
	}
	s.headlineDone = true
	// A full stop ends prose, not a headline: a sentence of titles and
	// names is as capitalized as a headline.
	if scriptOfString(s.Text) != scriptLatin || strings.HasSuffix(strings.TrimRight(s.Text, " \t\n\"'’”)"), ".") {
		return false
	}
	words, upper := 0, 0
	for w, rest := nextField(s.Text); w != ""; w, rest = nextField(rest) {
		words++
		if unicode.IsUpper(firstRune(w)) {
			upper++
		}
	}
	s.isHeadline = words >= 4 && upper*10 >= words*7
	return s.isHeadline
}

// plausibleName rejects candidates that cannot be a person's name: a
// single word in a script without capitals (too easily a common word), or
// a Chinese name that does not start with a family name.
func plausibleName(name string) bool {
	words := strings.Fields(name)
	switch scriptOfString(name) {
	case scriptDevanagari, scriptArabic:
		return len(words) >= 2
	case scriptHan:
		if strings.Contains(name, "·") {
			return true
		}
		return strings.ContainsRune(hanSurnames, firstRune(name))
	}
	return len(words) >= 1
}

// nameAfter reads a person's name in the normalized sentence between byte
// from and limit: capitalized words in Latin and Cyrillic script, up to
// three words before a function word in scripts without capitals, two or
// three characters in Chinese. Honorifics before the name are skipped.
func (d *doc) nameAfter(s *sentence, from, limit int) (string, int, int) {
	text := s.norm.Text[:limit]
	for {
		rest := text[from:]
		trim := len(rest) - len(strings.TrimLeft(rest, " ,:-"))
		from += trim
		w := text[from:]
		if i := strings.IndexByte(w, ' '); i >= 0 {
			w = w[:i]
		}
		if w == "" || !honorifics[w] {
			break
		}
		from += len(w)
	}
	rest := text[from:]
	if rest == "" {
		return "", 0, 0
	}
	switch scriptOf(firstRune(rest)) {
	case scriptHan:
		n, end := 0, from
		for _, r := range rest {
			if (scriptOf(r) != scriptHan && r != '·') || strings.ContainsRune(hanNameStops, r) || (n == 3 && r != '·') || n == 8 {
				break
			}
			n++
			end += utf8.RuneLen(r)
		}
		if n < 2 {
			return "", 0, 0
		}
		return text[from:end], from, end
	case scriptLatin, scriptCyrillic:
		words := strings.Fields(rest)
		end := from
		n := 0
		for _, w := range words {
			// Chinese text writes foreign names in their own script with no
			// space before the Han text that follows ("Lejone Mpotjoane星期一"):
			// the name ends there.
			cjk := strings.IndexFunc(w, endsLatinName)
			if cjk == 0 {
				break
			}
			if cjk > 0 {
				w = w[:cjk]
			}
			wi := strings.Index(text[end:], w) + end
			os, oe := s.norm.Span(wi, wi+len(w))
			orig := strings.TrimRight(s.Text[os:oe], ",.;:")
			if !latinWord.MatchString(orig) {
				if nameParticles[w] && n > 0 && cjk < 0 {
					// Part of the name only before another word of it
					// ("Ursula von der Leyen"), not at its end ("X du Mali").
					continue
				}
				break
			}
			n++
			end = wi + len(strings.TrimRight(w, ",.;:"))
			if cjk > 0 || strings.HasSuffix(w, ",") || strings.HasSuffix(w, ".") && utf8.RuneCountInString(w) > 2 || n == 4 {
				break
			}
		}
		if n == 0 || (n == 1 && utf8.RuneCountInString(text[from:end]) < 4) {
			return "", 0, 0
		}
		return text[from:end], from, end
	case scriptDevanagari, scriptArabic:
		words := strings.Fields(rest)
		end := from
		n := 0
		for _, w := range words {
			clean := strings.TrimRight(w, ",.।۔:؛،")
			_, weekday := weekdays[strings.TrimSuffix(clean, "को")]
			_, relDay := relativeDays[clean]
			if nameStops[clean] || weekday || relDay || clean == "" || !isWordRune(firstRune(clean)) {
				break
			}
			wi := strings.Index(text[end:], w) + end
			n++
			end = wi + len(clean)
			if clean != w || n == 3 {
				break
			}
		}
		if n == 0 {
			return "", 0, 0
		}
		return text[from:end], from, end
	}
	return "", 0, 0
}

// unknownID is the stable id of a person the dictionary lacks: an ASCII
// slug for Latin names, else a hash of the matching key.
func unknownID(surface string) string {
	k := textproc.Key(surface)
	var b strings.Builder
	ascii := true
	for _, r := range k {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '\'':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		default:
			ascii = false
		}
	}
	if ascii && b.Len() > 2 {
		return "x-" + strings.Trim(b.String(), "-")
	}
	h := sha256.Sum256([]byte(k))
	return "x-" + hex.EncodeToString(h[:6])
}

// sentenceDate resolves the date a sentence gives: a weekday, "yesterday",
// or a day and month, against the article's date.
func (d *doc) sentenceDate(s *sentence) string {
	if !s.dateDone {
		s.date, s.dateDone = d.findSentenceDate(s), true
		if s.date == "" {
			s.date = d.datelineDate(s)
		}
	}
	return s.date
}

func (d *doc) findSentenceDate(s *sentence) string {
	if d.day == "" {
		return ""
	}
	pub, err := parseDay(d.day)
	if err != nil {
		return ""
	}
	text := s.norm.Text
	var buf [64]string
	words := dateWords(text, buf[:0])
	// Months first (a day and month beat a weekday anywhere in the
	// sentence), then the first weekday or relative day.
	table := dateWordTable()
	weekOrRel := -1
	for i, w := range words {
		if !table.filter.mayHave(w) {
			continue
		}
		dw, ok := table.words[w]
		if !ok {
			continue
		}
		if dw.month != 0 {
			m := dw.month
			day := 0
			if i > 0 {
				day, _ = strconv.Atoi(words[i-1])
			}
			if day == 0 && i+1 < len(words) {
				day, _ = strconv.Atoi(words[i+1])
			}
			if day >= 1 && day <= 31 {
				y := pub.Year()
				if m > int(pub.Month())+1 {
					y--
				}
				// "16 mai 2022": a year written out wins.
				if i+1 < len(words) {
					if yy, err := strconv.Atoi(words[i+1]); err == nil && yy >= 1900 && yy <= pub.Year() {
						y = yy
					}
				}
				t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
				if t.Month() == time.Month(m) {
					return t.Format("2006-01-02")
				}
			}
		}
		if weekOrRel < 0 && (dw.weekday || dw.relative) {
			weekOrRel = i
		}
	}
	if weekOrRel >= 0 {
		w := words[weekOrRel]
		if wd, ok := weekdays[strings.TrimSuffix(w, "को")]; ok {
			diff := (int(pub.Weekday()) - wd + 7) % 7
			return pub.AddDate(0, 0, -diff).Format("2006-01-02")
		}
		return pub.AddDate(0, 0, relativeDays[w]).Format("2006-01-02")
	}
	if !containsHan(text) {
		return ""
	}
	// Chinese: 11月20日 / 20日.
	// hanDate needs 日: looking for it is quicker than a failing match.
	if strings.Contains(text, "日") {
		if m := hanDate.FindStringSubmatch(text); m != nil {
			mo, _ := strconv.Atoi(m[1])
			day, _ := strconv.Atoi(m[2])
			if mo == 0 {
				mo = int(pub.Month())
			}
			y := pub.Year()
			if mo > int(pub.Month())+1 {
				y--
			}
			t := time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
			if day >= 1 && t.Day() == day {
				return t.Format("2006-01-02")
			}
		}
	}
	// Chinese weekdays are written without spaces: the first one in the
	// sentence counts.
	at, wd := -1, 0
	for _, w := range hanWeekdayWords() {
		if i := strings.Index(text, w); i >= 0 && (at < 0 || i < at) {
			at, wd = i, weekdays[w]
		}
	}
	if at >= 0 {
		diff := (int(pub.Weekday()) - wd + 7) % 7
		return pub.AddDate(0, 0, -diff).Format("2006-01-02")
	}
	return ""
}

// isDateSeparator tells where sentenceDate cuts a sentence into words: at
// white space, at the commas and full stops of our scripts, and at the
// brackets of datelines ("اسلام آباد (22 اکتوبر)").
func isDateSeparator(r rune) bool {
	switch r {
	case ',', '.', '।', '،', '(', ')', '[', ']':
		return true
	}
	// Outside Latin-1, white space starts at U+1680.
	return (r < 0x100 || r >= 0x1680) && unicode.IsSpace(r)
}

// asciiDateSeparators is isDateSeparator for ASCII, which is most bytes
// of most text.
var asciiDateSeparators = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isDateSeparator(rune(c))
	}
	return t
}()

// dateWords appends the words of text, cut where isDateSeparator says, to
// words. It looks at bytes: of the characters outside ASCII only the
// danda, the Arabic comma and white space separate words, and the bytes
// that start them are few.
func dateWords(text string, words []string) []string {
	start := -1
	for i := 0; i < len(text); {
		sep, size := false, 1
		switch c := text[i]; {
		case c < utf8.RuneSelf:
			sep = asciiDateSeparators[c]
		case c == 0xE0: // U+0800..U+0FFF, Devanagari among them
			if strings.HasPrefix(text[i:], "।") {
				sep, size = true, len("।")
			}
		case c == 0xD8: // U+0600..U+063F
			if strings.HasPrefix(text[i:], "،") {
				sep, size = true, len("،")
			}
		case c == 0xC2 || (c >= 0xE1 && c <= 0xE3): // where white space outside ASCII lies
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			sep = isDateSeparator(r)
		}
		if sep {
			if start >= 0 {
				words = append(words, text[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		words = append(words, text[start:])
	}
	return words
}

// dateWord is what a word may say about a date.
type dateWord struct {
	month    int  // 1..12, or 0
	weekday  bool // a weekday, perhaps with the Hindi postposition को joined
	relative bool // "yesterday", "today"...
}

// dateWordsTable gathers months, weekdays and relativeDays in one table, so
// that sentenceDate looks each word up once, behind a filter that turns
// most other words away before the table is searched.
type dateWordsTable struct {
	words  map[string]dateWord
	filter wordFilter
}

// wordFilter is a set of words' lengths and first and last bytes: a word
// it lacks is in none of the words it was made from.
type wordFilter [4096 / 64]uint64

func wordFilterBit(w string) uint {
	return (uint(len(w))*977 + uint(w[0])*31 + uint(w[len(w)-1])) % 4096
}

func (f *wordFilter) add(w string) {
	if w != "" {
		b := wordFilterBit(w)
		f[b/64] |= 1 << (b % 64)
	}
}

func (f *wordFilter) mayHave(w string) bool {
	if w == "" {
		return false
	}
	b := wordFilterBit(w)
	return f[b/64]&(1<<(b%64)) != 0
}

var dateWordTable = sync.OnceValue(func() *dateWordsTable {
	table := map[string]dateWord{}
	for w, m := range months {
		dw := table[w]
		dw.month = m
		table[w] = dw
	}
	// A weekday word is one that is a weekday once a को at its end is cut.
	for w := range weekdays {
		forms := []string{w + "को"}
		if _, ok := weekdays[strings.TrimSuffix(w, "को")]; ok {
			forms = append(forms, w)
		}
		for _, form := range forms {
			dw := table[form]
			dw.weekday = true
			table[form] = dw
		}
	}
	for w := range relativeDays {
		dw := table[w]
		dw.relative = true
		table[w] = dw
	}
	t := &dateWordsTable{words: table}
	for w := range table {
		t.filter.add(w)
	}
	return t
})

// containsHan reports whether text has a character of Chinese script: only
// bytes 0xE3 to 0xE9 start one.
func containsHan(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= 0xE3 && c <= 0xE9 {
			if r, _ := utf8.DecodeRuneInString(text[i:]); scriptOf(r) == scriptHan {
				return true
			}
		}
	}
	return false
}

// parseDay parses an ISO date, remembering the last one: an article asks
// for the dates of many sentences against its own.
func parseDay(day string) (time.Time, error) {
	if last := lastDay.Load(); last != nil && last.day == day {
		return last.t, nil
	}
	t, err := time.Parse("2006-01-02", day)
	if err == nil {
		lastDay.Store(&parsedDay{day, t})
	}
	return t, err
}

type parsedDay struct {
	day string
	t   time.Time
}

var lastDay atomic.Pointer[parsedDay]

// hanWeekdayWords lists the weekday words in Chinese script, longest
// first, so that of two words at the same place the longer one counts.
var hanWeekdayWords = sync.OnceValue(func() []string {
	var out []string
	for w := range weekdays {
		if scriptOfString(w) == scriptHan {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return out
})

var hanDate = regexp.MustCompile(`(?:(\d{1,2})月)?(\d{1,2})日`)
