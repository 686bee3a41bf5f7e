package loader

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dipgraph/dipgraph/graph/memory"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/gen"
)

// BenchmarkLoadMemory loads generated articles into a fresh persistent
// embedded store, as `dipgraph load` does, with every CPU extracting.
// bench/load.sh measures the command itself; this is the profiling handle.
func BenchmarkLoadMemory(b *testing.B) {
	l := testLoader(b)
	const n = 5000
	dir := b.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		b.Fatal(err)
	}
	d, err := dict.Load()
	if err != nil {
		b.Fatal(err)
	}
	if err := gen.Generate(f, d, n, 1); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx := context.Background()
		s, err := memory.Open(ctx, memory.Options{Path: filepath.Join(b.TempDir(), "graph.db")})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := l.Run(ctx, s, []string{corpus}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Loaded != n {
			b.Fatalf("loaded %d of %d", rep.Loaded, n)
		}
		s.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
