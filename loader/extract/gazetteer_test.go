package extract

import (
	"cmp"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/loader/textproc"
)

// TestWordRunesTable: the table behind isWordRune agrees with the Unicode
// functions on every rune of the Basic Multilingual Plane and beyond it.
func TestWordRunesTable(t *testing.T) {
	for r := rune(-1); r <= 0x2FFFF; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
		if got := isWordRune(r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
	}
	if isWordRune(unicode.MaxRune+1) || isWordRune(utf8.RuneError) {
		t.Error("isWordRune accepts a rune outside Unicode or the replacement character")
	}
}

// TestSortFuncSortsAsSortSlice: selectLongest relies on slices.SortFunc
// leaving equal elements where sort.Slice leaves them, on slices long
// enough for pdqsort's every stage.
func TestSortFuncSortsAsSortSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{2, 5, 12, 13, 40, 50, 100, 500, 3000} {
		for round := 0; round < 20; round++ {
			a := make([]Match, n)
			for i := range a {
				// Few distinct spans: many ties, told apart by Key.
				a[i] = Match{Start: rng.IntN(n/4 + 1), End: rng.IntN(3), Key: string(rune('a' + i%26))}
			}
			b := slices.Clone(a)
			sort.Slice(a, func(i, j int) bool {
				if a[i].Start != a[j].Start {
					return a[i].Start < a[j].Start
				}
				return a[i].End > a[j].End
			})
			slices.SortFunc(b, func(x, y Match) int {
				return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(y.End, x.End))
			})
			for i := range a {
				if !matchEqual(a[i], b[i]) {
					t.Fatalf("n=%d: element %d: sort.Slice %+v, slices.SortFunc %+v", n, i, a[i], b[i])
				}
			}
		}
	}
}

// referenceFind is what Gazetteer.find computes, the slow way: every
// occurrence of every key anywhere in the text, in the order the matches
// reach selectLongest, kept where bounded says.
func referenceFind(g *Gazetteer, text string) []Match {
	var cands []candidate
	for i, p := range g.patterns {
		for at := 0; ; {
			k := strings.Index(text[at:], p.key)
			if k < 0 {
				break
			}
			start := at + k
			cands = append(cands, candidate{pattern: int32(i), start: int32(start), end: int32(start + len(p.key)), script: p.script})
			_, size := utf8.DecodeRuneInString(text[start:])
			at = start + size
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.script, b.script), cmp.Compare(a.end, b.end),
			cmp.Compare(a.start, b.start), cmp.Compare(a.pattern, b.pattern))
	})
	var out []Match
	for _, c := range cands {
		p := &g.patterns[c.pattern]
		if end, ok := g.bounded(text, p, int(c.start), int(c.end)); ok {
			out = append(out, Match{Start: int(c.start), End: end, Key: p.key, Targets: p.targets})
		}
	}
	return out
}

var longKey = strings.Repeat("abcdefghij", 60)

// TestFindLongKeys: keys longer than one edge of the trie holds are found
// whole, and so are the keys they start.
func TestFindLongKeys(t *testing.T) {
	g := testGazetteer()
	for _, text := range []string{
		"x " + longKey + " ab y " + longKey + " z",
		strings.Repeat("सहयोग ", 70) + "भारत " + strings.Repeat("सहयोग ", 69) + "चीन",
	} {
		got, want := g.find(text, nil), referenceFind(g, text)
		if !slices.EqualFunc(got, want, matchEqual) {
			t.Fatalf("find(%.40q...):\n got %v\nwant %v", text, got, want)
		}
		longest := 0
		for _, m := range got {
			longest = max(longest, m.End-m.Start)
		}
		if longest <= 2*maxTail {
			t.Errorf("find(%.40q...): the longest match is %d bytes; the text holds a key of more than %d", text, longest, 2*maxTail)
		}
	}
}

// testGazetteer has keys of every script, keys that are prefixes of one
// another, a Russian stem, keys in Arabic script that follow clitics, a
// Chinese key inside a longer one, keys without letters, and keys that
// share their first bytes (a node with many edges).
func testGazetteer() *Gazetteer {
	b := newGazBuilder()
	i := 0
	for _, s := range []string{
		"China", "Chinese", "South China Sea", "US", "U.S.", "New Delhi", "Delhi", "Lavrov", "Sergey Lavrov",
		"Россия", "Лавров", "Москва", "Китай", "Си Цзиньпин", "भारत", "चीन", "वांग यी", "सहयोग", "रूस",
		"پاکستان", "چین", "وزیر خارجہ", "مصر", "الصين", "中国", "中国外交部", "俄罗斯", "王毅", "上合组织",
		"2+2", "G20", "20国集团", "a", "ab", "abc", "abd", "abe", "abf", "abg", "abh", "abi", "abj",
		// Longer than an edge holds (maxTail), one the prefix of the other.
		longKey, longKey + " ab", strings.Repeat("सहयोग ", 70) + "भारत",
	} {
		b.add(s, Target{Form: FormName, Kind: "test", ID: s, Index: i})
		i++
	}
	return b.build()
}

var findCases = []string{
	"china and the chinese said the south china sea is china's",
	"us and u.s. officials met in new delhi; delhi is hot",
	"sergey lavrov and lavrov's aide",
	"россия и китай: лавров, лавровым, россии, москве, си цзиньпин",
	"भारत और चीन के बीच सहयोग। वांग यी ने रूस का दौरा किया",
	"پاکستان اور چین کے وزیر خارجہ نے بپاکستان والصين ومصر",
	"中国外交部发言人说，中国和俄罗斯，王毅出席上合组织会议",
	"2+2 talks at the g20 and 20国集团 summit",
	"a ab abc abd abe abz abcd x-ab ab-x",
	"",
	"chinachina ÷china china",
}

// TestFindMatchesReference: the trie finds what searching every key
// everywhere finds, in the same order.
func TestFindMatchesReference(t *testing.T) {
	g := testGazetteer()
	for _, in := range findCases {
		text := textproc.Key(in)
		got, want := g.find(text, nil), referenceFind(g, text)
		if !slices.EqualFunc(got, want, matchEqual) {
			t.Errorf("find(%q):\n got %v\nwant %v", text, got, want)
		}
	}
}

func matchEqual(a, b Match) bool {
	return a.Start == b.Start && a.End == b.End && a.Key == b.Key && slices.Equal(a.Targets, b.Targets)
}

// FuzzFind: on any text, the trie finds what searching every key
// everywhere finds.
func FuzzFind(f *testing.F) {
	for _, s := range findCases {
		f.Add(s)
	}
	g := testGazetteer()
	f.Fuzz(func(t *testing.T, s string) {
		text := textproc.Key(s)
		got, want := g.find(text, nil), referenceFind(g, text)
		if !slices.EqualFunc(got, want, matchEqual) {
			t.Fatalf("find(%q):\n got %v\nwant %v", text, got, want)
		}
	})
}

// TestFindOnTheDictionaries: with the built-in dictionaries, Find gives
// the matches of searching every key everywhere, after selectLongest.
func TestFindOnTheDictionaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the extractor")
	}
	x := testExtractor(t)
	for _, in := range []string{
		"Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Moscow on Friday.",
		"रूस के विदेश मंत्री सर्गेई लावरोव से चीन के विदेश मंत्री वांग यी ने मास्को में मुलाकात की।",
		"Министр иностранных дел России Сергей Лавров провел переговоры с Ван И в Москве.",
		"中国国务委员兼外长王毅在莫斯科同俄罗斯外长拉夫罗夫举行会谈。",
		"پاکستان کے وزیر خارجہ نے چین کے وزیر خارجہ وانگ یی سے ملاقات کی۔",
		"وزير الخارجية الصيني وانغ يي يلتقي نظيره الروسي في موسكو والرياض",
	} {
		text := textproc.Key(in)
		got := x.gaz.Find(text, "")
		want := selectLongest(referenceFind(x.gaz, text))
		if !slices.EqualFunc(got, want, matchEqual) {
			t.Errorf("Find(%q):\n got %v\nwant %v", text, got, want)
		}
		if len(got) == 0 {
			t.Errorf("Find(%q) found nothing", text)
		}
	}
}

// TestConcurrentExtract: one extractor serves goroutines at once, the
// lazily built tries of a language's local names and the date tables
// included, and gives each the result it gives alone.
func TestConcurrentExtract(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the extractor")
	}
	x := testExtractor(t)
	ins := []Input{
		{ID: "en", Lang: "en", Published: "2023-03-03", Title: "Wang Yi meets Lavrov", Text: "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Moscow on Monday."},
		{ID: "it", Lang: "it", Published: "2023-03-03", Text: "Il ministro degli esteri cinese Wang Yi ha incontrato Lavrov a Mosca. Cina e Russia cooperano."},
		{ID: "pt", Lang: "pt", Published: "2023-03-03", Text: "O chanceler da China, Wang Yi, reuniu-se com Lavrov em Moscou ontem."},
		{ID: "zh", Lang: "zh", Published: "2023-03-03", Text: "王毅星期一在莫斯科同俄罗斯外长拉夫罗夫举行会谈。"},
	}
	// What a result is: its JSON (the rest is the extraction's working state).
	output := func(r *Result) string {
		b, err := json.Marshal(r)
		if err != nil {
			t.Error(err)
		}
		return string(b)
	}
	var wg sync.WaitGroup
	got := make([][]string, 4)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, in := range ins {
				got[g] = append(got[g], output(x.Extract(in)))
			}
		}()
	}
	wg.Wait()
	for i, in := range ins {
		want := output(x.Extract(in))
		if !strings.Contains(want, `"countries":[{`) {
			t.Errorf("article %s: no country found: %s", in.ID, want)
		}
		for g := range got {
			if got[g][i] != want {
				t.Errorf("goroutine %d, article %s:\n got %s\nwant %s", g, in.ID, got[g][i], want)
			}
		}
	}
}
