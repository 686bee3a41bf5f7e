package graph

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// sliceWalker visits fixed nodes in the given order.
type sliceWalker struct {
	entities []*Entity
	events   []*Event
	articles []*Article
	mentions [][]Mention
}

func (w *sliceWalker) Walk(ctx context.Context, v Visitor) error {
	for _, e := range w.entities {
		if err := v.Entity(e); err != nil {
			return err
		}
	}
	for _, e := range w.events {
		if err := v.Event(e); err != nil {
			return err
		}
	}
	for i, a := range w.articles {
		if err := v.Article(a, w.mentions[i]); err != nil {
			return err
		}
	}
	return nil
}

// walkerOf turns a valid article graph into the nodes a store would hold.
func walkerOf(g ArticleGraph) *sliceWalker {
	w := &sliceWalker{}
	counts := map[Ref]int{}
	for _, m := range g.Mentions {
		counts[m.Ref] = m.Count
	}
	for i := range g.Entities {
		s := NewEntityState(g.Entities[i].Ref())
		s.Apply(&g.Entities[i], counts[g.Entities[i].Ref()], +1)
		w.entities = append(w.entities, s.Entity())
	}
	for i := range g.Events {
		ev := g.Events[i]
		ev.Participants = slices.Clone(ev.Participants)
		ev.Reports = slices.Clone(ev.Reports)
		DeriveEvent(&ev)
		w.events = append(w.events, &ev)
	}
	a := g.Article
	w.articles = []*Article{&a}
	w.mentions = [][]Mention{slices.Clone(g.Mentions)}
	return w
}

// permuted returns a copy of w with nodes and every list inside them shuffled.
func permuted(w *sliceWalker, r *rand.Rand) *sliceWalker {
	out := &sliceWalker{}
	for _, e := range w.entities {
		c := *e
		c.Aliases, c.Offices, c.Members = slices.Clone(e.Aliases), slices.Clone(e.Offices), slices.Clone(e.Members)
		r.Shuffle(len(c.Aliases), func(i, j int) { c.Aliases[i], c.Aliases[j] = c.Aliases[j], c.Aliases[i] })
		r.Shuffle(len(c.Offices), func(i, j int) { c.Offices[i], c.Offices[j] = c.Offices[j], c.Offices[i] })
		r.Shuffle(len(c.Members), func(i, j int) { c.Members[i], c.Members[j] = c.Members[j], c.Members[i] })
		out.entities = append(out.entities, &c)
	}
	for _, e := range w.events {
		c := *e
		c.Participants, c.Topics, c.Reports = slices.Clone(e.Participants), slices.Clone(e.Topics), slices.Clone(e.Reports)
		r.Shuffle(len(c.Participants), func(i, j int) { c.Participants[i], c.Participants[j] = c.Participants[j], c.Participants[i] })
		r.Shuffle(len(c.Topics), func(i, j int) { c.Topics[i], c.Topics[j] = c.Topics[j], c.Topics[i] })
		r.Shuffle(len(c.Reports), func(i, j int) { c.Reports[i], c.Reports[j] = c.Reports[j], c.Reports[i] })
		for i := range c.Reports {
			c.Reports[i].Topics = slices.Clone(c.Reports[i].Topics)
			r.Shuffle(len(c.Reports[i].Topics), func(a, b int) {
				c.Reports[i].Topics[a], c.Reports[i].Topics[b] = c.Reports[i].Topics[b], c.Reports[i].Topics[a]
			})
		}
		out.events = append(out.events, &c)
	}
	out.articles = slices.Clone(w.articles)
	for _, m := range w.mentions {
		m = slices.Clone(m)
		r.Shuffle(len(m), func(i, j int) { m[i], m[j] = m[j], m[i] })
		out.mentions = append(out.mentions, m)
	}
	r.Shuffle(len(out.entities), func(i, j int) { out.entities[i], out.entities[j] = out.entities[j], out.entities[i] })
	r.Shuffle(len(out.events), func(i, j int) { out.events[i], out.events[j] = out.events[j], out.events[i] })
	return out
}

func mustDump(t *testing.T, w Walker) (d []string) {
	t.Helper()
	defer func() {
		// A panic would stop every other test of the package.
		if r := recover(); r != nil {
			t.Fatalf("CanonicalDump panicked: %v", r)
		}
	}()
	d, err := CanonicalDump(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustFingerprint(t *testing.T, w Walker) (f string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Fingerprint panicked: %v", r)
		}
	}()
	f, err := Fingerprint(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCanonicalDump(t *testing.T) {
	g := validGraph()
	d := mustDump(t, walkerOf(g))
	if !slices.IsSorted(d) {
		t.Error("dump is not sorted")
	}
	want := []string{
		`["N","Article","a1",{"contentHash":"h1","lang":"hi","published":"2024-07-15","title":"वांग यी","url":"https://example.org/a1"}]`,
		`["N","Country","RU",{"name":"Russia"}]`,
		`["R","HOLDS","Person:wang-yi","Country:CN",{"role":"foreign minister"}]`,
		`["R","IN","Place:moscow","Country:RU",null]`,
		`["R","MENTIONS","Article:a1","Topic:trade",{"count":0}]`,
		`["R","PARTICIPANT","Event:` + g.Events[1].ID + `","Country:CN",{"role":"source"}]`,
		`["R","AT","Event:` + g.Events[0].ID + `","Place:moscow",null]`,
		`["R","ABOUT","Event:` + g.Events[0].ID + `","Topic:trade",null]`,
		`["R","REPORTED_IN","Event:` + g.Events[0].ID + `","Article:a1",{"confidence":0.9,"end":3,"extractor":"x/1","place":"moscow","sentence":"met","start":0,"status":"held","subtype":"talks","topics":["trade"]}]`,
		`["N","Event","` + g.Events[0].ID + `",{"date":"2024-07-14","status":"held","subtype":"talks","type":"meet"}]`,
	}
	for _, l := range want {
		if !slices.Contains(d, l) {
			t.Errorf("dump lacks %s", l)
		}
	}
	// 5 entities + 2 events + 1 article; HOLDS, IN, 5 MENTIONS, 3+2 PARTICIPANT, AT, ABOUT, 2 REPORTED_IN.
	if len(d) != 8+1+1+5+5+1+1+2 {
		t.Errorf("dump has %d lines:\n%s", len(d), strings.Join(d, "\n"))
	}
}

func TestFingerprintOrderIndependent(t *testing.T) {
	w := walkerOf(validGraph())
	fp, d := mustFingerprint(t, w), mustDump(t, w)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		p := permuted(w, r)
		if got := mustFingerprint(t, p); got != fp {
			t.Fatalf("fingerprint depends on order: %s vs %s", got, fp)
		}
		if got := mustDump(t, p); !slices.Equal(got, d) {
			t.Fatalf("dump depends on order")
		}
	}
	var f Fingerprinter
	for _, i := range r.Perm(len(d)) {
		f.Add(d[i])
	}
	if f.Sum() != fp {
		t.Error("Fingerprinter over the dump lines differs from Fingerprint")
	}
	// Any change shows.
	g := validGraph()
	g.Events[0].Reports[0].Confidence = 0.91
	if mustFingerprint(t, walkerOf(g)) == fp {
		t.Error("a changed confidence leaves the fingerprint")
	}
	// A line twice is not a line once.
	var once, twice Fingerprinter
	once.Add("x")
	twice.Add("x")
	twice.Add("x")
	if once.Sum() == twice.Sum() {
		t.Error("a duplicated line does not change the fingerprint")
	}
	var empty Fingerprinter
	if got := mustFingerprint(t, &sliceWalker{}); got != empty.Sum() || !strings.HasPrefix(got, "sha256:") || len(got) != 7+64 {
		t.Errorf("empty fingerprint %q", got)
	}
}

func TestDumpWalkError(t *testing.T) {
	stop := errors.New("stop")
	w := walkerOf(validGraph())
	fail := failingWalker{w, stop}
	if _, err := CanonicalDump(context.Background(), fail); !errors.Is(err, stop) {
		t.Errorf("CanonicalDump = %v, want the walk's error", err)
	}
	if fp, err := Fingerprint(context.Background(), fail); !errors.Is(err, stop) || fp != "" {
		t.Errorf("Fingerprint = %q, %v; want the walk's error", fp, err)
	}
}

type failingWalker struct {
	w   Walker
	err error
}

func (f failingWalker) Walk(ctx context.Context, v Visitor) error {
	if err := f.w.Walk(ctx, v); err != nil {
		return err
	}
	return f.err
}

func FuzzCanonicalDump(f *testing.F) {
	f.Add("China", "चीन", "hi", "foreign minister", "वांग यी ने मुलाकात की।", 0.9, "trade", uint64(1))
	f.Add("' }) DETACH DELETE n //", "`x`", "x|y", "$param", "a\nb\tc", 0.0, "\u202eevil", uint64(2))
	f.Add("a|b", "c", "a", "b|c", "", 1.0, "|", uint64(3))
	f.Add("<script>", "&amp;", "", "\u2028", "\x7f", 0.5, "e\u0301", uint64(4))
	f.Fuzz(func(t *testing.T, name, alias, lang, role, sentence string, conf float64, topic string, seed uint64) {
		g := validGraph()
		g.Entities[0].Name = name
		g.Entities[0].Aliases = append(g.Entities[0].Aliases, Name{Text: alias, Lang: lang}, Name{Text: name, Lang: lang})
		g.Entities[2].Role = role
		g.Entities[2].Offices = append(g.Entities[2].Offices, Office{Role: role, Country: "RU", From: "2020"})
		g.Entities[4].Name = topic
		g.Article.Title = sentence
		g.Events[0].Reports[0].Sentence = sentence
		g.Events[0].Reports[0].Confidence = conf
		g.Events[0].Reports[0].Subtype = role
		if g.Validate() != nil {
			t.Skip()
		}
		w := walkerOf(g)
		if want := (Office{Role: role, Country: "RU", From: "2020"}); !slices.Contains(w.entities[2].Offices, want) {
			t.Fatalf("office %+q became %+q", want, w.entities[2].Offices)
		}
		d := mustDump(t, w)
		for _, l := range d {
			if !utf8.ValidString(l) || !json.Valid([]byte(l)) {
				t.Fatalf("line is not valid UTF-8 JSON: %q", l)
			}
			// Round trip: a line decodes and encodes back to itself.
			var v []any
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatal(err)
			}
			back, err := json.Marshal(v)
			if err != nil || string(back) != l {
				t.Fatalf("line does not round-trip:\n%s\n%s (%v)", l, back, err)
			}
		}
		// The name and role are in the dump as given.
		if !strings.Contains(strings.Join(d, "\n"), mustJSON(name)) {
			t.Fatalf("name %q not in the dump", name)
		}
		fp := mustFingerprint(t, w)
		p := permuted(w, rand.New(rand.NewPCG(seed, seed>>1)))
		if got := mustDump(t, p); !reflect.DeepEqual(got, d) {
			t.Fatalf("dump depends on order")
		}
		if got := mustFingerprint(t, p); got != fp {
			t.Fatalf("fingerprint depends on order")
		}
	})
}

func mustJSON(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Two different alias lists must not give the same node line (then two
// different graphs would have one fingerprint).
func TestEntityLinesDistinguishAliases(t *testing.T) {
	a := &Entity{Kind: KindCountry, ID: "CN", Name: "China", Aliases: []Name{{Text: "b|c", Lang: "a"}}}
	b := &Entity{Kind: KindCountry, ID: "CN", Name: "China", Aliases: []Name{{Text: "c", Lang: "a|b"}}}
	if la, lb := EntityLines(a), EntityLines(b); la[0] == lb[0] {
		t.Errorf("aliases %+q and %+q give one line: %s", a.Aliases, b.Aliases, la[0])
	}
}
