package memory

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
)

// TestConcurrentWritersAndReaders is the stress test of R-1: 16 writers
// applying and deleting overlapping articles and 16 readers for a fixed
// time (run it with -race). Afterwards the graph in memory must be exactly
// the one the database rebuilds, from the snapshot and from the records.
func TestConcurrentWritersAndReaders(t *testing.T) {
	d := 5 * time.Second
	if testing.Short() {
		d = time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	path := filepath.Join(t.TempDir(), "graph.db")
	s := openAt(t, path)

	var writes, reads atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ctx.Err() == nil; i += 16 {
				// Operations of the synthetic workload overlap in ids across
				// writers: the same article is replaced and deleted by several.
				err := applyBatch(context.Background(), s, i%97)
				if err != nil && !isNotFound(err) {
					errs <- fmt.Errorf("writer %d, operation %d: %w", w, i, err)
					return
				}
				writes.Add(1)
			}
		}()
	}
	for r := 0; r < 16; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				var err error
				switch i % 5 {
				case 0:
					_, err = s.ListEvents(ctx, graph.EventFilter{Countries: []string{"CN"}}, graph.Page{First: 10})
				case 1:
					_, err = s.Search(ctx, "cn", nil, 10)
				case 2:
					_, err = s.Neighborhood(ctx, graph.Ref{Kind: graph.KindCountry, ID: "RU"}, 2, 50)
				case 3:
					_, err = s.Counts(ctx)
				case 4:
					_, err = s.ListArticles(ctx, graph.ArticleFilter{}, graph.Page{First: 20})
				}
				if err != nil && ctx.Err() == nil && !isNotFound(err) { // RU comes and goes with the articles
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				reads.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d write operations, %d reads in %s", writes.Load(), reads.Load(), d)
	if writes.Load() == 0 || reads.Load() == 0 {
		t.Fatal("the stress test did no work")
	}

	want := mustFingerprint(t, s)
	s.Close()
	s = openAt(t, path)
	if got := mustFingerprint(t, s); got != want {
		t.Fatalf("reopened from %s: fingerprint %s, want %s", s.openedFrom, got, want)
	}
	s.abandon()
	removeSnapshot(t, path)
	s = openAt(t, path)
	defer s.Close()
	if got := mustFingerprint(t, s); got != want {
		t.Fatalf("rebuilt from %s: fingerprint %s, want %s", s.openedFrom, got, want)
	}
}
