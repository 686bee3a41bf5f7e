package loader

import (
	"sync/atomic"
	"testing"
)

// TestInParallel: every index is called exactly once, whatever the number
// of workers, and one worker is the calling goroutine itself.
func TestInParallel(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 1}, {1, 4}, {7, 1}, {7, 2}, {100, 3}, {5, 0}, {3, 8}} {
		counts := make([]atomic.Int32, c.n)
		InParallel(c.n, c.workers, func(i int) { counts[i].Add(1) })
		for i := range counts {
			if got := counts[i].Load(); got != 1 {
				t.Errorf("n=%d workers=%d: index %d called %d times", c.n, c.workers, i, got)
			}
		}
	}
	// With one worker the calls run in order on the caller's goroutine:
	// a plain slice needs no synchronization.
	var order []int
	InParallel(5, 1, func(i int) { order = append(order, i) })
	for i, v := range order {
		if v != i {
			t.Fatalf("one worker: calls in order %v", order)
		}
	}
}
