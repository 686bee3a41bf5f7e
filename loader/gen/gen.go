// Package gen writes a synthetic, multilingual news corpus for benchmarks:
// articles about meetings between officials, drawn from dipgraph's
// dictionaries, as JSON Lines in the loader's input format
// (shared/corpus/FORMAT.md).
//
// The output is a pure function of (dictionaries, n, seed): each article is
// generated from its own random stream, seeded by (seed, index), so the same
// arguments give byte-identical output, and article i does not depend on
// the articles before it. Generation streams: memory stays flat whatever n.
//
// What an article holds: a headline; a dateline (a capital, named in the
// article's language); 1–3 meetings between officials who held office on
// the article's date (per the people dictionary's offices), named in the
// article's language when the dictionary has the name, with their office
// titles and nationalities; country names and demonyms; organizations;
// topic keywords; trigger words for meetings, agreements, cooperation,
// support, criticism and sanctions; weekday references; and filler
// sentences; 2–6 paragraphs, about 1,500–3,000 bytes of text.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/dict"
)

// The date range of the corpus.
var (
	firstDay = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Slots of the sentence patterns.
const (
	slotNone = iota
	slotA
	slotB
	slota
	slotb
	slotCA
	slotCB
	slotSA
	slotSB
	slotPL
	slotWD
	slotNWD
	slotT1
	slotT2
	slotO
	slotX
	slotY
	slotYA
	slotYG
	slotN
)

var slotNames = map[string]int{
	"A": slotA, "B": slotB, "a": slota, "b": slotb, "CA": slotCA, "CB": slotCB, "SA": slotSA, "SB": slotSB,
	"PL": slotPL, "WD": slotWD, "NWD": slotNWD, "T1": slotT1, "T2": slotT2, "O": slotO,
	"X": slotX, "Y": slotY, "YA": slotYA, "YG": slotYG, "N": slotN,
}

type seg struct {
	lit  string
	slot int
}

type tmpl []seg

func parse(s string) (tmpl, error) {
	var t tmpl
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			t = append(t, seg{lit: s})
			break
		}
		if i > 0 {
			t = append(t, seg{lit: s[:i]})
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unclosed slot in %q", s)
		}
		name := s[i+1 : i+j]
		slot, ok := slotNames[name]
		if !ok {
			return nil, fmt.Errorf("unknown slot {%s} in %q", name, s)
		}
		t = append(t, seg{slot: slot})
		s = s[i+j+1:]
	}
	return t, nil
}

func parseAll(ss []string) ([]tmpl, error) {
	out := make([]tmpl, len(ss))
	for i, s := range ss {
		t, err := parse(s)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

// lang is one language, its patterns compiled.
type lang struct {
	langData
	idx                                           int
	headlines, meet, topic, support, criticize    []tmpl
	sanction, cooperate, org, side, quote, filler []tmpl
	homeBuckets                                   [][]int32 // per month: holders of the home states
	orgNames                                      []string
	topicKeywords                                 [][]string
}

// country is a state, its names prepared per language.
type country struct {
	code string
	name []string // per language
	side []string // "the Chinese side", per language
	adj  []string // the demonym form a person's introduction uses, per language ("" when none)
	// Russian case forms of the name (the nominative when unknown).
	ruAcc, ruGen string
	capital      int // index in Generator.capitals, or -1
}

type capital struct {
	name     []string // per language
	dateline []string // per language, upper-cased where datelines are
	ruLoc    string   // Russian prepositional ("в Пекине")
}

// holder is one office held by one person, with the strings that introduce
// the person in each language.
type holder struct {
	country int
	name    []string // per language
	title   []string // per language, "" when the dictionary has none
}

// Generator writes articles. It is safe for concurrent use.
type Generator struct {
	langs     []lang
	cumWeight []int
	countries []country
	capitals  []capital
	holders   []holder
	buckets   [][]int32 // per month since firstDay: holders in office all month
	// xCountries are the states relation sentences pick from: those with
	// officials in the dictionary.
	xCountries []int
	days       []day
}

type day struct {
	iso          string
	year, month  int
	dom, weekday int
	monthIdx     int
	monthStart   int // index of the first day of the month
}

// New prepares a generator from the dictionaries.
func New(d *dict.Dictionary) (*Generator, error) {
	g := &Generator{}
	for i := range languages {
		l := lang{langData: languages[i], idx: i}
		var err error
		for _, p := range []struct {
			dst *[]tmpl
			src []string
		}{
			{&l.headlines, l.langData.headlines}, {&l.meet, l.langData.meet}, {&l.topic, l.langData.topic},
			{&l.support, l.langData.support}, {&l.criticize, l.langData.criticize}, {&l.sanction, l.langData.sanction},
			{&l.cooperate, l.langData.cooperate}, {&l.org, l.langData.org}, {&l.side, l.langData.side},
			{&l.quote, l.langData.quote}, {&l.filler, l.langData.filler},
		} {
			if *p.dst, err = parseAll(p.src); err != nil {
				return nil, fmt.Errorf("gen: %s: %w", l.code, err)
			}
			if len(*p.dst) == 0 {
				return nil, fmt.Errorf("gen: %s: a pattern list is empty", l.code)
			}
		}
		g.langs = append(g.langs, l)
		total := l.weight
		if i > 0 {
			total += g.cumWeight[i-1]
		}
		g.cumWeight = append(g.cumWeight, total)
	}
	nl := len(g.langs)

	// Days.
	for t := firstDay; !t.After(lastDay); t = t.AddDate(0, 0, 1) {
		g.days = append(g.days, day{
			iso: t.Format("2006-01-02"), year: t.Year(), month: int(t.Month()), dom: t.Day(), weekday: int(t.Weekday()),
			monthIdx: (t.Year()-firstDay.Year())*12 + int(t.Month()) - 1, monthStart: len(g.days) - t.Day() + 1,
		})
	}
	nMonths := g.days[len(g.days)-1].monthIdx + 1

	// Capitals: the places of kind capital, by state.
	capitalOf := map[string]int{}
	for _, p := range d.Places {
		if p.Kind != "capital" || p.Country == "" {
			continue
		}
		if _, ok := capitalOf[p.Country]; ok {
			continue
		}
		c := capital{name: make([]string, nl), dateline: make([]string, nl)}
		for li := range g.langs {
			c.name[li] = first(p.Names[g.langs[li].code], p.Name)
			c.dateline[li] = c.name[li]
			switch g.langs[li].code {
			case "en", "ru", "fr", "es", "de":
				c.dateline[li] = strings.ToUpper(c.name[li])
			}
		}
		c.ruLoc = c.name[langIndex("ru")]
		capitalOf[p.Country] = len(g.capitals)
		g.capitals = append(g.capitals, c)
	}

	// Countries.
	countryIdx := map[string]int{}
	for _, dc := range d.Countries {
		c := country{code: dc.Code, name: make([]string, nl), side: make([]string, nl), adj: make([]string, nl), capital: -1}
		for li, l := range g.langs {
			c.name[li] = first(dc.Names[l.code], dc.Name)
			side, adj := demonym(l.code, dc.Demonyms[l.code], c.name[li])
			c.side[li], c.adj[li] = side, adj
		}
		ru := langIndex("ru")
		c.ruAcc = ruForm(c.name[ru], dc.Names["ru"], map[string]string{"я": "ю", "а": "у"})
		c.ruGen = ruForm(c.name[ru], dc.Names["ru"], map[string]string{"ия": "ии", "я": "и", "а": "ы", "й": "я", "ь": "и", "": "а"})
		if ci, ok := capitalOf[dc.Code]; ok {
			c.capital = ci
			cp := &g.capitals[ci]
			cp.ruLoc = ruForm(cp.name[ru], dc.Capitals["ru"], map[string]string{"ия": "ии", "а": "е", "я": "е", "й": "е", "ь": "и", "": "е"})
		}
		countryIdx[dc.Code] = len(g.countries)
		g.countries = append(g.countries, c)
	}
	if len(g.countries) < 3 {
		return nil, fmt.Errorf("gen: the dictionaries hold %d countries; at least 3 are needed", len(g.countries))
	}

	// Office titles: the first "before" title of each role per language.
	titles := map[string][]string{}
	for _, t := range d.Titles {
		if t.Position != "before" {
			continue
		}
		tt := titles[t.Role]
		if tt == nil {
			tt = make([]string, nl)
			titles[t.Role] = tt
		}
		for li, l := range g.langs {
			if tt[li] == "" {
				tt[li] = first(t.Titles[l.code], "")
			}
		}
	}

	// Office holders of states, and the months they held office throughout.
	g.buckets = make([][]int32, nMonths)
	for li := range g.langs {
		g.langs[li].homeBuckets = make([][]int32, nMonths)
	}
	firstOfMonth := make([]string, nMonths)
	lastOfMonth := make([]string, nMonths)
	for _, dy := range g.days {
		if firstOfMonth[dy.monthIdx] == "" {
			firstOfMonth[dy.monthIdx] = dy.iso
		}
		lastOfMonth[dy.monthIdx] = dy.iso
	}
	hasOfficials := map[int]bool{}
	for _, p := range d.People {
		names := make([]string, nl)
		for li, l := range g.langs {
			names[li] = first(p.Names[l.code], p.Name)
		}
		for _, o := range p.Offices {
			ci, ok := countryIdx[strings.ToUpper(o.Country)]
			if o.Country == "" || !ok || strings.Contains(o.Role, "spokes") || strings.Contains(o.Role, "ambassador") {
				continue // not a state's official, or not one who holds talks
			}
			h := holder{country: ci, name: names, title: titleOf(titles, o.Role)}
			if h.title == nil {
				h.title = make([]string, nl)
			}
			hi := int32(len(g.holders))
			var homeOf []int // the languages whose home states include the holder's
			for li := range g.langs {
				for _, home := range g.langs[li].homes {
					if home == g.countries[ci].code {
						homeOf = append(homeOf, li)
					}
				}
			}
			added := false
			off := graph.Office{From: o.From, To: o.To}
			for m := 0; m < nMonths; m++ {
				if !off.HeldAt(firstOfMonth[m]) || !off.HeldAt(lastOfMonth[m]) {
					continue
				}
				added = true
				g.buckets[m] = append(g.buckets[m], hi)
				for _, li := range homeOf {
					g.langs[li].homeBuckets[m] = append(g.langs[li].homeBuckets[m], hi)
				}
			}
			if added {
				g.holders = append(g.holders, h)
				hasOfficials[ci] = true
			}
		}
	}
	for m := range g.buckets {
		if !twoStates(g, g.buckets[m]) {
			return nil, fmt.Errorf("gen: the people dictionary has no officials of two states in office all through %s…%s", firstOfMonth[m], lastOfMonth[m])
		}
	}
	for ci := range g.countries {
		if hasOfficials[ci] {
			g.xCountries = append(g.xCountries, ci)
		}
	}

	// Organizations and topics per language.
	for li := range g.langs {
		l := &g.langs[li]
		for _, o := range d.Organizations {
			if n := first(o.Names[l.code], ""); n != "" {
				l.orgNames = append(l.orgNames, n)
			}
			if a := first(o.Acronyms[l.code], ""); a != "" {
				l.orgNames = append(l.orgNames, a)
			}
		}
		if len(l.orgNames) == 0 {
			for _, o := range d.Organizations {
				l.orgNames = append(l.orgNames, o.Name)
			}
		}
		for _, t := range d.Topics {
			kw := t.Keywords[l.code]
			if len(kw) == 0 {
				kw = t.Keywords["en"]
			}
			if len(kw) == 0 {
				kw = []string{t.Name}
			}
			l.topicKeywords = append(l.topicKeywords, kw)
		}
	}
	if len(d.Organizations) == 0 || len(d.Topics) < 2 {
		return nil, fmt.Errorf("gen: the dictionaries need organizations and at least 2 topics")
	}
	return g, nil
}

// roleAliases map roles without a title of their own to one that has it.
var roleAliases = map[string]string{
	"premier": "prime minister", "foreign secretary": "foreign minister", "secretary of state": "foreign minister",
	"chairman of the presidency": "president", "member of the presidency": "president",
	"president of the transitional presidential council": "president",
	"minister of state for external affairs":             "deputy foreign minister",
	"minister of state for foreign affairs":              "deputy foreign minister",
	"vice foreign minister":                              "deputy foreign minister",
	"first deputy prime minister":                        "deputy prime minister",
	"defense minister":                                   "defence minister",
}

// titleOf finds the titles of a role: its own, else those of the role
// without "acting"/"interim"/"transitional", else an alias's.
func titleOf(titles map[string][]string, role string) []string {
	role = strings.ToLower(strings.TrimSpace(role))
	for {
		if t := titles[role]; t != nil {
			return t
		}
		if a, ok := roleAliases[role]; ok {
			role = a
			continue
		}
		trimmed := false
		for _, p := range []string{"acting ", "interim ", "transitional "} {
			if strings.HasPrefix(role, p) {
				role, trimmed = strings.TrimPrefix(role, p), true
			}
		}
		if !trimmed {
			return nil
		}
	}
}

func twoStates(g *Generator, hs []int32) bool {
	for _, h := range hs {
		if g.holders[h].country != g.holders[hs[0]].country {
			return true
		}
	}
	return false
}

func langIndex(code string) int {
	for i, l := range languages {
		if l.code == code {
			return i
		}
	}
	panic("gen: no language " + code)
}

func first(forms []string, fallback string) string {
	for _, f := range forms {
		if f = strings.TrimSpace(f); f != "" {
			return f
		}
	}
	return fallback
}

// ruForm derives a Russian case form of nom by replacing its ending (a
// final consonant takes the ending of ""), and keeps it only if the
// dictionary lists it among forms; else nom.
func ruForm(nom string, forms []string, endings map[string]string) string {
	for _, from := range []string{"ия", "я", "а", "й", "ь", ""} {
		to, ok := endings[from]
		if !ok {
			continue
		}
		stem := nom
		if from != "" {
			if !strings.HasSuffix(nom, from) {
				continue
			}
			stem = strings.TrimSuffix(nom, from)
		} else {
			r, _ := utf8.DecodeLastRuneInString(nom)
			if !unicode.Is(unicode.Cyrillic, r) || !unicode.IsLower(r) || strings.ContainsRune("аеёиоуыэюяйь", r) {
				continue
			}
		}
		for _, f := range forms {
			if f == stem+to {
				return f
			}
		}
		return nom
	}
	return nom
}

// demonym picks, from the dictionary's demonyms of one language, the form
// for "the Chinese side" and the adjective that introduces an official
// ("Chinese Foreign Minister …"). Without a fitting form the side is the
// country's name and the adjective empty.
func demonym(code string, forms []string, name string) (side, adj string) {
	pick := func(ok func(string) bool) string {
		for _, f := range forms {
			if ok(f) {
				return f
			}
		}
		return ""
	}
	any := func(string) bool { return true }
	switch code {
	case "en":
		if a := pick(func(f string) bool { r, _ := utf8.DecodeRuneInString(f); return unicode.IsUpper(r) }); a != "" {
			return "the " + a + " side", a
		}
	case "hi":
		if a := pick(any); a != "" {
			return a + " पक्ष", ""
		}
	case "ur":
		if a := pick(any); a != "" {
			return a + " وفد", ""
		}
	case "ru":
		fem := pick(func(f string) bool { return strings.HasSuffix(f, "ая") })
		masc := pick(func(f string) bool {
			return strings.HasSuffix(f, "ий") || strings.HasSuffix(f, "ый") || strings.HasSuffix(f, "ой")
		})
		if fem != "" {
			side = fem + " сторона"
		}
		adj = masc
	case "zh":
		if a := pick(func(f string) bool { return strings.HasSuffix(f, "方") }); a != "" {
			return a, ""
		}
		return name + "方", ""
	case "ar":
		masc := pick(func(f string) bool {
			return strings.HasPrefix(f, "ال") && !strings.HasSuffix(f, "ة") && !strings.HasSuffix(f, "ون") && !strings.HasSuffix(f, "ين")
		})
		if masc != "" {
			return "الجانب " + masc, masc
		}
	case "fr", "es":
		fem := pick(func(f string) bool {
			return (code == "fr" && strings.HasSuffix(f, "e")) || (code == "es" && strings.HasSuffix(f, "a"))
		})
		if fem == "" && len(forms) > 0 && !strings.HasSuffix(forms[0], "s") {
			fem = forms[0] // invariable: "russe", "estadounidense"
		}
		if fem != "" {
			if code == "fr" {
				side = "la partie " + fem
			} else {
				side = "la parte " + fem
			}
		}
		if len(forms) > 0 {
			adj = forms[0]
		}
	case "de":
		e := pick(func(f string) bool {
			r, _ := utf8.DecodeRuneInString(f)
			return unicode.IsLower(r) && strings.HasSuffix(f, "e")
		})
		if e != "" {
			return "die " + e + " Seite", e
		}
	}
	if side == "" {
		side = name
	}
	return side, adj
}

// Generate writes n articles generated with seed to w as JSON Lines.
func Generate(w io.Writer, d *dict.Dictionary, n int, seed int64) error {
	g, err := New(d)
	if err != nil {
		return err
	}
	return g.Generate(w, n, seed)
}

// Generate writes n articles generated with seed to w as JSON Lines.
func (g *Generator) Generate(w io.Writer, n int, seed int64) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	st := g.newState()
	for i := 0; i < n; i++ {
		st.line = g.appendArticle(st, st.line[:0], seed, i)
		if _, err := bw.Write(st.line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// AppendArticle appends article i of the corpus of seed, one JSON line
// with its newline, to dst.
func (g *Generator) AppendArticle(dst []byte, seed int64, i int) []byte {
	return g.appendArticle(g.newState(), dst, seed, i)
}

// state is the scratch space of one article, reused across articles.
type state struct {
	src       *rand.PCG
	r         *rand.Rand
	sents     []byte // the sentences, back to back
	ends      []int  // end offset of each sentence in sents
	order     []int
	blocks    []block
	text      []byte
	title     []byte
	line      []byte
	meetings  [3]meeting
	nMeetings int
	l         *lang
	t1, t2    string
	x, y      int
	org       string
}

// block is a run of sentences that stays together: [start, end) in ends.
type block struct{ start, end int }

func (st *state) endBlock() {
	start := 0
	if n := len(st.blocks); n > 0 {
		start = st.blocks[n-1].end
	}
	st.blocks = append(st.blocks, block{start, len(st.ends)})
}

type meeting struct {
	p1, p2 *holder
	place  int // capital index, or -1
	day    int
}

func (g *Generator) newState() *state {
	src := rand.NewPCG(0, 0)
	return &state{src: src, r: rand.New(src)}
}

func mix(x uint64) uint64 { // splitmix64's finalizer
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (g *Generator) appendArticle(st *state, dst []byte, seed int64, i int) []byte {
	st.src.Seed(mix(uint64(seed)), mix(uint64(i)^0x5bd1e9955bd1e995))
	r := st.r

	// Language, date, meetings.
	w := r.IntN(g.cumWeight[len(g.cumWeight)-1])
	li := 0
	for w >= g.cumWeight[li] {
		li++
	}
	l := &g.langs[li]
	st.l = l
	pub := r.IntN(len(g.days))
	st.nMeetings = 1 + r.IntN(3)
	if r.IntN(10) < 3 {
		st.nMeetings = 1
	}
	// Meetings happen in the days before publication, within its month:
	// their officials, in office all month, held office on both dates.
	for k := 0; k < st.nMeetings; k++ {
		m := &st.meetings[k]
		if k == 0 {
			m.day = max(g.days[pub].monthStart, pub-r.IntN(3))
		} else {
			m.day = max(g.days[pub].monthStart, st.meetings[0].day-r.IntN(6))
		}
		g.pickPair(st, m)
	}
	topics := l.topicKeywords
	a := r.IntN(len(topics))
	b := r.IntN(len(topics) - 1)
	if b >= a {
		b++
	}
	st.t1 = keyword(st, topics[a])
	st.t2 = keyword(st, topics[b])
	st.org = l.orgNames[r.IntN(len(l.orgNames))]

	// Sentences, in blocks: one per meeting (the meeting, then what the
	// sides discussed and said), one per relation, organization or filler
	// sentence. The main meeting's block comes first, the others shuffled.
	st.sents, st.ends, st.blocks = st.sents[:0], st.ends[:0], st.blocks[:0]
	main := &st.meetings[0]
	for k := 0; k < st.nMeetings; k++ {
		m := &st.meetings[k]
		g.sentence(st, l.meet[r.IntN(len(l.meet))], m)
		if k == 0 || r.IntN(2) == 0 {
			g.sentence(st, l.topic[r.IntN(len(l.topic))], m)
		}
		if r.IntN(2) == 0 {
			g.sentence(st, l.quote[r.IntN(len(l.quote))], m)
		}
		if r.IntN(5) < 2 {
			g.sentence(st, l.side[r.IntN(len(l.side))], m)
		}
		st.endBlock()
	}
	nRel := 1 + r.IntN(3)
	for k := 0; k < nRel; k++ {
		g.pickXY(st)
		var set []tmpl
		switch r.IntN(4) {
		case 0:
			set = l.support
		case 1:
			set = l.criticize
		case 2:
			set = l.sanction
		default:
			set = l.cooperate
		}
		g.sentence(st, set[r.IntN(len(set))], main)
		st.endBlock()
	}
	if r.IntN(10) < 7 {
		g.sentence(st, l.org[r.IntN(len(l.org))], &st.meetings[r.IntN(st.nMeetings)])
		st.endBlock()
	}
	target := 1500 + r.IntN(1300)
	var once, twice uint64 // fillers used: each at most twice, a second time only when all were used once
	all := uint64(1)<<len(l.filler) - 1
	for size := len(st.sents); size < target && twice != all; size = len(st.sents) + len(st.ends)*len(l.sentSep) {
		f := r.IntN(len(l.filler))
		bit := uint64(1) << f
		switch {
		case once&bit == 0:
			once |= bit
		case once == all && twice&bit == 0:
			twice |= bit
		default:
			continue
		}
		g.sentence(st, l.filler[f], &st.meetings[r.IntN(st.nMeetings)])
		st.endBlock()
	}
	rest := st.blocks[1:]
	r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	st.order = st.order[:0]
	for _, b := range st.blocks {
		for k := b.start; k < b.end; k++ {
			st.order = append(st.order, k)
		}
	}

	// Text: the dateline, then the sentences in 2–6 paragraphs.
	paras := min(2+r.IntN(5), len(st.order))
	st.text = g.dateline(st.text[:0], l, main)
	ns := len(st.order)
	for p := 0; p < paras; p++ {
		if p > 0 {
			st.text = append(st.text, "\n\n"...)
		}
		for k := p * ns / paras; k < (p+1)*ns/paras; k++ {
			if k > p*ns/paras {
				st.text = append(st.text, l.sentSep...)
			}
			si := st.order[k]
			start := 0
			if si > 0 {
				start = st.ends[si-1]
			}
			st.text = append(st.text, st.sents[start:st.ends[si]]...)
		}
	}

	// Headline.
	mark := len(st.sents)
	g.sentence(st, l.headlines[r.IntN(len(l.headlines))], main)
	st.title = append(st.title[:0], st.sents[mark:]...)

	// The JSON line.
	dy := &g.days[pub]
	src := l.sources[r.IntN(len(l.sources))]
	dst = append(dst, `{"id":"gen-`...)
	idStart := len(dst) - 4
	dst = strconv.AppendInt(dst, seed, 10)
	dst = append(dst, '-')
	dst = strconv.AppendInt(dst, int64(i), 10)
	id := dst[idStart:]
	dst = append(dst, `","lang":"`...)
	dst = append(dst, l.code...)
	dst = append(dst, `","url":"https://`...)
	dst = append(dst, src...)
	dst = append(dst, '/')
	dst = append(dst, dy.iso[:4]...)
	dst = append(dst, '/')
	dst = append(dst, dy.iso[5:7]...)
	dst = append(dst, '/')
	dst = append(dst, id...)
	dst = append(dst, `","source":"`...)
	dst = append(dst, src...)
	dst = append(dst, `","published":"`...)
	dst = append(dst, dy.iso...)
	dst = append(dst, `","title":`...)
	dst = appendJSONString(dst, st.title)
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, st.text)
	dst = append(dst, "}\n"...)
	return dst
}

// keyword picks a topic keyword: the dictionary's first (the lemma) half
// the time, and always in Russian, whose lists hold case forms.
func keyword(st *state, kw []string) string {
	if st.l.code == "ru" || st.r.IntN(2) == 0 {
		return kw[0]
	}
	return kw[st.r.IntN(len(kw))]
}

// pickPair chooses two officials of different states in office all through
// the meeting's month, the first from the language's home states more
// often than not, and the meeting's city: one side's capital.
func (g *Generator) pickPair(st *state, m *meeting) {
	r := st.r
	month := g.days[m.day].monthIdx
	bucket := g.buckets[month]
	var h1 int32
	if home := st.l.homeBuckets[month]; len(home) > 0 && r.IntN(5) < 3 {
		h1 = home[r.IntN(len(home))]
	} else {
		h1 = bucket[r.IntN(len(bucket))]
	}
	h2 := h1
	for tries := 0; g.holders[h2].country == g.holders[h1].country; tries++ {
		if tries > 64 { // a month dominated by one state: walk the bucket
			for _, h := range bucket {
				if g.holders[h].country != g.holders[h1].country {
					h2 = h
					break
				}
			}
			break
		}
		h2 = bucket[r.IntN(len(bucket))]
	}
	m.p1, m.p2 = &g.holders[h1], &g.holders[h2]
	host := m.p1.country
	if r.IntN(2) == 0 {
		host = m.p2.country
	}
	m.place = g.countries[host].capital
	if m.place < 0 {
		m.place = g.countries[m.p1.country].capital
	}
	if m.place < 0 {
		m.place = r.IntN(len(g.capitals))
	}
}

// pickXY chooses the two states of a relation sentence: half the time the
// main meeting's first state and another, else two states with officials.
func (g *Generator) pickXY(st *state) {
	r := st.r
	if r.IntN(2) == 0 {
		st.x = st.meetings[0].p1.country
	} else {
		st.x = g.xCountries[r.IntN(len(g.xCountries))]
	}
	st.y = st.x
	for st.y == st.x {
		st.y = g.xCountries[r.IntN(len(g.xCountries))]
	}
}

// sentence expands one pattern at the end of st.sents, with a capital
// first letter, and records its end.
func (g *Generator) sentence(st *state, t tmpl, m *meeting) {
	l := st.l
	li := l.idx
	b := st.sents
	start := len(b)
	for _, s := range t {
		switch s.slot {
		case slotNone:
			b = append(b, s.lit...)
		case slotA:
			b = g.appendIntro(b, li, m.p1)
		case slotB:
			b = g.appendIntro(b, li, m.p2)
		case slota:
			b = append(b, m.p1.name[li]...)
		case slotb:
			b = append(b, m.p2.name[li]...)
		case slotCA:
			b = append(b, g.countries[m.p1.country].name[li]...)
		case slotCB:
			b = append(b, g.countries[m.p2.country].name[li]...)
		case slotSA:
			b = append(b, g.countries[m.p1.country].side[li]...)
		case slotSB:
			b = append(b, g.countries[m.p2.country].side[li]...)
		case slotPL:
			if m.place < 0 {
				b = append(b, g.countries[m.p1.country].name[li]...)
			} else if l.code == "ru" {
				b = append(b, g.capitals[m.place].ruLoc...)
			} else {
				b = append(b, g.capitals[m.place].name[li]...)
			}
		case slotWD:
			b = append(b, l.weekdays[g.days[m.day].weekday]...)
		case slotNWD:
			b = append(b, l.bareDays[st.r.IntN(7)]...)
		case slotT1:
			b = append(b, st.t1...)
		case slotT2:
			b = append(b, st.t2...)
		case slotO:
			b = append(b, st.org...)
		case slotX:
			b = append(b, g.countries[st.x].name[li]...)
		case slotY:
			b = append(b, g.countries[st.y].name[li]...)
		case slotYA:
			b = append(b, g.countries[st.y].ruAcc...)
		case slotYG:
			b = append(b, g.countries[st.y].ruGen...)
		case slotN:
			b = strconv.AppendInt(b, int64(5+st.r.IntN(6)), 10)
		}
	}
	st.sents = capFirst(b, start)
	st.ends = append(st.ends, len(st.sents))
}

// appendIntro introduces an official: nationality, title and name, in the
// word order of the language.
func (g *Generator) appendIntro(b []byte, li int, h *holder) []byte {
	c := &g.countries[h.country]
	title, name, adj := h.title[li], h.name[li], c.adj[li]
	if title == "" {
		return append(b, name...)
	}
	switch g.langs[li].code {
	case "en":
		if adj == "" {
			b = append(b, title...)
			b = append(b, ' ')
			b = append(b, name...)
			b = append(b, " of "...)
			return append(b, c.name[li]...)
		}
		b = append(b, adj...)
		b = append(b, ' ')
	case "hi":
		b = append(b, c.name[li]...)
		b = append(b, " के "...)
	case "ur":
		b = append(b, c.name[li]...)
		b = append(b, " کے "...)
	case "ru":
		if adj != "" {
			b = append(b, adj...)
			b = append(b, ' ')
		}
	case "zh":
		b = append(b, c.name[li]...)
		b = append(b, title...)
		return append(b, name...)
	case "ar":
		b = append(b, title...)
		b = append(b, ' ')
		if adj != "" {
			b = append(b, adj...)
			b = append(b, ' ')
		}
		return append(b, name...)
	case "fr", "es":
		if g.langs[li].code == "fr" {
			b = append(b, "le "...)
		} else {
			b = append(b, "el "...)
		}
		b = append(b, title...)
		b = append(b, ' ')
		if adj != "" {
			b = append(b, adj...)
			b = append(b, ' ')
		}
		return append(b, name...)
	case "de":
		b = append(b, "der "...)
		if adj != "" {
			b = append(b, adj...)
			b = append(b, ' ')
		}
	}
	b = append(b, title...)
	b = append(b, ' ')
	return append(b, name...)
}

// dateline opens the text: the city of the main meeting and the date.
func (g *Generator) dateline(b []byte, l *lang, m *meeting) []byte {
	li := l.idx
	var city string
	if m.place >= 0 {
		city = g.capitals[m.place].dateline[li]
	} else {
		city = g.countries[m.p1.country].name[li]
	}
	dy := &g.days[m.day]
	switch l.code {
	case "en":
		b = append(b, city...)
		b = append(b, ", "...)
		b = append(b, l.months[dy.month-1]...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(dy.dom), 10)
		return append(b, " — "...)
	case "hi", "ur", "ru", "ar", "fr":
		b = append(b, city...)
		if l.code == "ur" || l.code == "ar" {
			b = append(b, "، "...)
		} else {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(dy.dom), 10)
		b = append(b, ' ')
		b = append(b, l.months[dy.month-1]...)
		switch l.code {
		case "hi":
			return append(b, "। "...)
		case "ur":
			return append(b, "۔ "...)
		case "ru":
			return append(b, ". "...)
		}
		return append(b, " — "...)
	case "es":
		b = append(b, city...)
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(dy.dom), 10)
		b = append(b, " de "...)
		b = append(b, l.months[dy.month-1]...)
		return append(b, " — "...)
	case "de":
		b = append(b, city...)
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(dy.dom), 10)
		b = append(b, ". "...)
		b = append(b, l.months[dy.month-1]...)
		return append(b, " — "...)
	case "zh":
		b = append(b, city...)
		b = strconv.AppendInt(b, int64(dy.month), 10)
		b = append(b, "月"...)
		b = strconv.AppendInt(b, int64(dy.dom), 10)
		return append(b, "日电 "...)
	}
	return b
}

// capFirst upper-cases the first letter of the sentence starting at start.
func capFirst(b []byte, start int) []byte {
	if start >= len(b) || b[start] < utf8.RuneSelf && !('a' <= b[start] && b[start] <= 'z') {
		return b
	}
	r, size := utf8.DecodeRune(b[start:])
	if !unicode.IsLower(r) {
		return b
	}
	u := unicode.ToUpper(r)
	if utf8.RuneLen(u) == size {
		utf8.EncodeRune(b[start:], u)
		return b
	}
	tail := append([]byte(nil), b[start+size:]...)
	return append(utf8.AppendRune(b[:start], u), tail...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. The text is valid UTF-8 (it
// comes from the dictionaries and the patterns), so only quotes,
// backslashes and control characters need escaping.
func appendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	last := 0
	for i, c := range s {
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[last:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		last = i + 1
	}
	dst = append(dst, s[last:]...)
	return append(dst, '"')
}
