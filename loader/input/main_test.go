package input

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain checks that no goroutine outlives the tests. HTML parses
// abandoned at their deadline finish in the background by design, so wait
// for them first; anything else still running is a leak.
func TestMain(m *testing.M) {
	code := m.Run()
	background.Wait()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// timeBudget scales a wall-clock bound for the race detector, which slows
// code 5-20×; the bounds in RELIABILITY.md are for normal builds.
func timeBudget(d time.Duration) time.Duration {
	if raceEnabled {
		return 20 * d
	}
	return d
}

// bestOf runs f n times and returns the fastest run: on a shared 2-core
// machine the minimum is the measure of the code, the rest is noise.
func bestOf(n int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range n {
		start := time.Now()
		f()
		if d := time.Since(start); d < best {
			best = d
		}
	}
	return best
}

// readAll runs Read and returns every record.
func readAll(t testing.TB, paths []string, opts Options) []Record {
	t.Helper()
	var recs []Record
	if err := Read(context.Background(), paths, opts, func(r Record) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		t.Fatalf("Read: %v", err)
	}
	return recs
}

// readString reads content as stdin.
func readString(t testing.TB, content string, opts Options) []Record {
	t.Helper()
	opts.Stdin = strings.NewReader(content)
	return readAll(t, []string{"-"}, opts)
}

func writeFile(t testing.TB, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// codes summarises records: the error code, or "ok".
func codes(recs []Record) []string {
	var out []string
	for _, r := range recs {
		if r.Err != nil {
			out = append(out, r.Err.Code)
		} else {
			out = append(out, "ok")
		}
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// heapPeak samples HeapAlloc while f runs and returns the peak growth over
// the baseline, and the bytes f allocated in total (an upper bound of the
// peak that does not depend on sampling luck).
func heapPeak(f func()) (peak, total uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, baseTotal := ms.HeapAlloc, ms.TotalAlloc
	var max atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > base && m.HeapAlloc-base > max.Load() {
					max.Store(m.HeapAlloc - base)
				}
			}
		}
	}()
	f()
	close(done)
	<-sampled
	runtime.ReadMemStats(&ms)
	return max.Load(), ms.TotalAlloc - baseTotal
}
