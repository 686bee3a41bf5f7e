package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/gen"
	"github.com/dipgraph/dipgraph/loader/textproc"
)

// BenchmarkExtractDevCorpus measures end-to-end extraction (normalize,
// detect, split, match, link, extract, build the graph) on the real dev
// articles; b.SetBytes makes go test report MB/s of article text.
func BenchmarkExtractDevCorpus(b *testing.B) {
	benchmarkExtract(b, devInputs(b))
}

// BenchmarkExtractGenerated measures the same on 2,000 articles of the
// corpus generator (seed 1): every language the generator writes, and no
// dependence on files beside the project.
func BenchmarkExtractGenerated(b *testing.B) {
	benchmarkExtract(b, generatedInputs(b, 2000))
}

// generatedInputs are the first n articles of the corpus generator, seed 1.
func generatedInputs(b testing.TB, n int) []Input {
	d, err := dict.Load()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gen.Generate(&buf, d, n, 1); err != nil {
		b.Fatal(err)
	}
	return decodeInputs(b, &buf)
}

// devInputs are the dev corpus's articles.
func devInputs(t testing.TB) []Input {
	f, err := os.Open(filepath.Join(devCorpus(t), "dev", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return decodeInputs(t, f)
}

// decodeInputs reads articles in the corpus's JSON Lines format.
func decodeInputs(b testing.TB, r io.Reader) []Input {
	var ins []Input
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var in Input
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			b.Fatal(err)
		}
		ins = append(ins, in)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return ins
}

// benchmarkExtract extracts every article per iteration, on one goroutine.
// Besides MB/s of wall time it reports MB per CPU second of the whole
// process (garbage collection included), which a busy machine does not
// distort: that is the per-core figure.
func benchmarkExtract(b *testing.B, ins []Input) {
	size := 0
	for i := range ins {
		if os.Getenv("DIPGRAPH_BENCH_DETECT") != "" {
			ins[i].Lang = "" // measure language detection too
		}
		size += len(ins[i].Title) + len(ins[i].Text)
	}
	x := testExtractor(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for b.Loop() {
		for _, in := range ins {
			x.Extract(in)
		}
	}
	cpu := cpuTime(b) - cpu0
	b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	b.ReportMetric(float64(len(ins)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoadDictionaries measures start-up: parsing the built-in YAML
// dictionaries and compiling the tries.
func BenchmarkLoadDictionaries(b *testing.B) {
	cpu0 := cpuTime(b)
	for b.Loop() {
		d, err := dict.Load()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := New(d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime(b)-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkFindGenerated measures matching alone (Gazetteer.findInto) on
// the normalized sentences of 500 generated articles: the largest part of
// extraction, measured without the garbage collector's noise.
func BenchmarkFindGenerated(b *testing.B) {
	x := testExtractor(b)
	type sent struct{ text, lang string }
	var sents []sent
	size := 0
	for _, in := range generatedInputs(b, 500) {
		// The sentences Extract matches: of the title and text together.
		text := in.Text
		if strings.TrimSpace(in.Title) != "" {
			text = in.Title + "\n\n" + in.Text
		}
		for _, s := range textproc.Split(text) {
			norm := textproc.Normalize(s.Text).Text
			sents = append(sents, sent{norm, in.Lang})
			size += len(norm)
		}
	}
	b.SetBytes(int64(size))
	var ms []Match
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			ms = x.gaz.findInto(ms, s.text, s.lang)
		}
	}
}
