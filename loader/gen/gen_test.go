package gen_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/loader/gen"
	"github.com/dipgraph/dipgraph/loader/input"
)

var (
	dictOnce sync.Once
	theDict  *dict.Dictionary
	theGen   *gen.Generator
	dictErr  error
)

func generator(t testing.TB) (*dict.Dictionary, *gen.Generator) {
	t.Helper()
	dictOnce.Do(func() {
		theDict, dictErr = dict.Load()
		if dictErr == nil {
			theGen, dictErr = gen.New(theDict)
		}
	})
	if dictErr != nil {
		t.Fatal(dictErr)
	}
	return theDict, theGen
}

func generate(t testing.TB, n int, seed int64) []byte {
	t.Helper()
	d, _ := generator(t)
	var buf bytes.Buffer
	if err := gen.Generate(&buf, d, n, seed); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// article is a line of the output, with every field FORMAT.md names.
type article struct {
	ID        *string `json:"id"`
	Lang      *string `json:"lang"`
	URL       *string `json:"url"`
	Source    *string `json:"source"`
	Published *string `json:"published"`
	Title     *string `json:"title"`
	Text      *string `json:"text"`
}

func TestDeterministic(t *testing.T) {
	a := generate(t, 300, 42)
	b := generate(t, 300, 42)
	if !bytes.Equal(a, b) {
		t.Fatal("the same (n, seed) gave different output")
	}
	if c := generate(t, 300, 43); bytes.Equal(a, c) {
		t.Fatal("seeds 42 and 43 gave the same output")
	}
	// A prefix: the first 100 articles of 300 are the corpus of 100.
	if p := generate(t, 100, 42); !bytes.HasPrefix(a, p) {
		t.Fatal("the corpus of 100 is not the start of the corpus of 300")
	}
	// Article i on its own is line i.
	_, g := generator(t)
	lines := bytes.SplitAfter(a, []byte("\n"))
	for _, i := range []int{0, 1, 17, 299} {
		if got := g.AppendArticle(nil, 42, i); !bytes.Equal(got, lines[i]) {
			t.Errorf("AppendArticle(42, %d) differs from line %d of Generate", i, i)
		}
	}
}

func TestValidArticles(t *testing.T) {
	const n = 3000
	out := generate(t, n, 7)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	langs := map[string]int{}
	ids := map[string]bool{}
	years := map[int]bool{}
	var total, short, long int
	line := 0
	for sc.Scan() {
		line++
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("line %d is not JSON: %s", line, sc.Bytes())
		}
		var a article
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		for name, f := range map[string]*string{"id": a.ID, "lang": a.Lang, "url": a.URL, "source": a.Source, "published": a.Published, "title": a.Title, "text": a.Text} {
			if f == nil || strings.TrimSpace(*f) == "" {
				t.Fatalf("line %d: field %q missing or empty", line, name)
			}
		}
		if want := fmt.Sprintf("gen-7-%d", line-1); *a.ID != want {
			t.Errorf("line %d: id %q, want %q", line, *a.ID, want)
		}
		if ids[*a.ID] {
			t.Errorf("line %d: id %q repeated", line, *a.ID)
		}
		ids[*a.ID] = true
		langs[*a.Lang]++
		day, err := time.Parse("2006-01-02", *a.Published)
		if err != nil || day.Year() < 2015 || day.Year() > 2026 {
			t.Errorf("line %d: published %q not a date in 2015–2026", line, *a.Published)
		}
		years[day.Year()] = true
		if !strings.HasPrefix(*a.URL, "https://"+*a.Source+"/") || !strings.HasSuffix(*a.URL, *a.ID) {
			t.Errorf("line %d: url %q does not fit source %q and id", line, *a.URL, *a.Source)
		}
		size := len(*a.Text)
		total += size
		if size < 1500 {
			short++
		}
		if size > 3000 {
			long++
		}
		if size < 1000 || size > 3600 {
			t.Errorf("line %d: %d bytes of text", line, size)
		}
		if p := len(strings.Split(*a.Text, "\n\n")); p < 2 || p > 6 {
			t.Errorf("line %d: %d paragraphs", line, p)
		}
		if strings.Contains(*a.Text+*a.Title, "{") {
			t.Errorf("line %d: an unfilled slot: %s", line, *a.Text)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if line != n {
		t.Fatalf("%d lines, want %d", line, n)
	}
	if mean := total / n; mean < 1800 || mean > 2700 {
		t.Errorf("mean text size %d bytes, want about 1,500–3,000", mean)
	}
	if short+long > n/20 {
		t.Errorf("%d of %d articles outside 1,500–3,000 bytes", short+long, n)
	}
	for _, l := range []string{"en", "hi", "ur", "ru", "zh", "ar", "fr", "es", "de"} {
		if langs[l] < n/50 {
			t.Errorf("language %s: %d articles of %d", l, langs[l], n)
		}
	}
	if langs["en"] < langs["de"]*3 {
		t.Errorf("proportions: en %d, de %d", langs["en"], langs["de"])
	}
	if len(years) != 12 {
		t.Errorf("articles in %d years of 2015–2026, want all 12", len(years))
	}
	t.Logf("languages %v; mean text %d bytes; %d short, %d long", langs, total/n, short, long)
}

// TestNamesFromDictionaries: the officials of an article are dictionary
// people, written in the article's language where the dictionary has it,
// who held office on the article's date.
func TestNamesFromDictionaries(t *testing.T) {
	d, _ := generator(t)
	out := generate(t, 400, 11)
	misses, notInOffice, named := 0, 0, 0
	for _, l := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var a struct{ Lang, Published, Text string }
		if err := json.Unmarshal(l, &a); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range d.People {
			name := p.Name
			if forms := p.Names[a.Lang]; len(forms) > 0 {
				name = forms[0]
			}
			if !strings.Contains(a.Text, name) {
				continue
			}
			found = true
			if utf8.RuneCountInString(name) < 4 {
				continue // "约翰逊" may be part of another name
			}
			named++
			held := false
			for _, o := range p.Offices {
				if (graph.Office{From: o.From, To: o.To}).HeldAt(a.Published) {
					held = true
				}
			}
			if !held {
				notInOffice++
				t.Logf("%s (%s) not in office on %s", p.Name, name, a.Published)
			}
		}
		if !found {
			misses++
		}
	}
	if misses > 0 {
		t.Errorf("%d of 400 articles name no dictionary person", misses)
	}
	// A name can be part of a longer one ("X" in "X Y"): allow a few.
	if notInOffice > named/100 {
		t.Errorf("%d of %d people named were not in office on the article's date", notInOffice, named)
	}
}

// TestExtractorFindsMeetings: the extractor reads most generated articles
// as reporting a meeting between two states.
func TestExtractorFindsMeetings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the extractor")
	}
	d, _ := generator(t)
	x, err := extract.New(d)
	if err != nil {
		t.Fatal(err)
	}
	out := generate(t, 600, 5)
	byLang := map[string][2]int{} // with a meeting, total
	withMeeting, total := 0, 0
	for _, l := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var a struct{ ID, Lang, URL, Source, Published, Title, Text string }
		if err := json.Unmarshal(l, &a); err != nil {
			t.Fatal(err)
		}
		res := x.Extract(extract.Input{ID: a.ID, Lang: a.Lang, URL: a.URL, Source: a.Source, Published: a.Published, Title: a.Title, Text: a.Text})
		c := byLang[a.Lang]
		c[1]++
		total++
		if len(res.Events) > 0 {
			c[0]++
			withMeeting++
		}
		byLang[a.Lang] = c
	}
	t.Logf("articles with a meeting found: %d of %d; by language (found, total): %v", withMeeting, total, byLang)
	if withMeeting < total*8/10 {
		t.Errorf("the extractor found a meeting in %d of %d articles, want at least 80%%", withMeeting, total)
	}
	for l, c := range byLang {
		if c[0] < c[1]/2 {
			t.Errorf("%s: meetings found in %d of %d articles", l, c[0], c[1])
		}
	}
}

// TestStreaming: generating allocates a constant amount, whatever n.
func TestStreaming(t *testing.T) {
	_, g := generator(t)
	var small, large float64
	small = testing.AllocsPerRun(3, func() { g.Generate(io.Discard, 100, 1) })
	large = testing.AllocsPerRun(3, func() { g.Generate(io.Discard, 5000, 1) })
	if large > small+20 {
		t.Errorf("allocations grow with n: %v for 100 articles, %v for 5,000", small, large)
	}
}

func TestWriteError(t *testing.T) {
	_, g := generator(t)
	if err := g.Generate(failWriter{}, 2000, 1); err == nil {
		t.Fatal("a failing writer gave no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// BenchmarkGenerate measures output throughput on one goroutine (bar: 20 MB/s).
func BenchmarkGenerate(b *testing.B) {
	_, g := generator(b)
	const n = 1000
	var cw countWriter
	if err := g.Generate(&cw, n, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(cw.n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := g.Generate(io.Discard, n, int64(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkExtract measures extraction end to end on one goroutine: read a
// generated JSONL file (input.Read) and extract every article. MB/s are
// of the file.
func BenchmarkExtract(b *testing.B) {
	d, _ := generator(b)
	x, err := extract.New(d)
	if err != nil {
		b.Fatal(err)
	}
	const n = 2000
	path := filepath.Join(b.TempDir(), "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := gen.Generate(f, d, n, 1); err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ResetTimer()
	events, text := 0, 0
	cpu0 := cpuTime(b)
	for i := 0; i < b.N; i++ {
		err := input.Read(context.Background(), []string{path}, input.Options{}, func(r input.Record) error {
			if r.Err != nil {
				return r.Err
			}
			res := x.Extract(extract.Input{ID: r.ID, Lang: r.Lang, URL: r.URL, Source: r.Source, Published: r.Published, Title: r.Title, Text: r.Text})
			events += len(res.Events)
			text += len(r.Title) + len(r.Text)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu := (cpuTime(b) - cpu0).Seconds()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(events)/float64(n*b.N), "meetings/article")
	// Per CPU second of the whole process, garbage collection included: on a
	// shared machine that is the per-core figure. text-MB counts the article
	// text (title + body) the bar is about, MB the file.
	b.ReportMetric(float64(st.Size())*float64(b.N)/1e6/cpu, "MB/cpu-s")
	b.ReportMetric(float64(text)/1e6/cpu, "text-MB/cpu-s")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
