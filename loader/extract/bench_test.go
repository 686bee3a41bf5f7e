package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/dipgraph/dipgraph/loader/dict"
)

// BenchmarkExtractDevCorpus measures end-to-end extraction (normalize,
// detect, split, match, link, extract, build the graph) on the real dev
// articles; b.SetBytes makes go test report MB/s of article text.
func BenchmarkExtractDevCorpus(b *testing.B) {
	corpus := devCorpus(b)
	f, err := os.Open(filepath.Join(corpus, "dev", "articles.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var ins []Input
	size := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var in Input
		json.Unmarshal(sc.Bytes(), &in)
		if os.Getenv("DIPGRAPH_BENCH_DETECT") != "" {
			in.Lang = "" // measure language detection too
		}
		ins = append(ins, in)
		size += len(in.Title) + len(in.Text)
	}
	x := testExtractor(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, in := range ins {
			x.Extract(in)
		}
	}
}

// BenchmarkLoadDictionaries measures start-up: parsing the built-in YAML
// dictionaries and compiling the automata.
func BenchmarkLoadDictionaries(b *testing.B) {
	for b.Loop() {
		d, err := dict.Load()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := New(d); err != nil {
			b.Fatal(err)
		}
	}
}
