package loader

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/input"
)

// batchWriter applies the batches of one load to the store. It tells the
// store's errors apart:
//
//   - graph.ErrUnavailable and graph.ErrTimeout are about the store, not the
//     records: the batch is retried with backoff (a timed-out batch in two
//     halves, which are likelier to fit in the store's transaction timeout)
//     until the store has been failing for RetryTimeout. Then the load stops
//     with ErrStoreUnavailable and a rerun resumes it.
//   - graph.ErrClosed stops the load at once.
//   - graph.ErrTooLarge (the batch outgrew the store's transaction memory)
//     and any other error (a constraint violation, a statement the store
//     refuses) are blamed on the records: the batch is bisected until the
//     articles that fail alone are found, and only those are dead-lettered.
//
// After a retryable error the outcome of the attempt is unknown (the store
// may have committed before the connection dropped), so the retry replays
// the batch; that is safe because Apply is idempotent.
type batchWriter struct {
	ctx   context.Context // the load's: cancelling it ends a retry wait
	store graph.Store
	opts  Options
	rep   *Report
	mu    *sync.Mutex // guards rep
	fail  func(*DeadLetter)
	// fits bounds the articles written at once once the store has refused
	// a batch as too large (graph.ErrTooLarge) and then taken both its
	// halves: the batches after it are written in parts of that size, so
	// that each does not fail first. An article too large alone teaches
	// nothing about the others. Zero: no bound learnt.
	fits int
	// refused counts the articles the store refused alone.
	refused int
	// failingSince is when the store began failing, zero while it works.
	// The retry budget counts from there and not from a batch's first
	// attempt: a write that runs longer than RetryTimeout before it times
	// out must still get its retries.
	failingSince time.Time
}

// minAttemptTime is the least time an attempt made near the end of the
// retry budget is given.
const minAttemptTime = time.Second

// batchState is what the writer knows about a batch's graphs.
type batchState struct {
	// changed: the store was asked before the batch and held none of them
	// unchanged (the filter's check succeeded, and Force was off).
	changed bool
	// replay: an earlier attempt at them may have committed.
	replay bool
}

// writeBatch applies one batch of the load, in parts when the store has
// shown it cannot take the batch size.
func (w *batchWriter) writeBatch(graphs []graph.ArticleGraph, recs []input.Record, st batchState) error {
	for len(graphs) > 0 {
		n := len(graphs)
		if w.fits > 0 {
			n = min(n, w.fits)
		}
		if err := w.write(graphs[:n], recs[:n], st); err != nil {
			return err
		}
		graphs, recs = graphs[n:], recs[n:]
	}
	return nil
}

// write applies one batch.
func (w *batchWriter) write(graphs []graph.ArticleGraph, recs []input.Record, st batchState) error {
	backoff := 100 * time.Millisecond
	for attempt := 0; ; attempt++ {
		began := time.Now()
		ctx, cancel := w.attemptContext(began)
		res, err := w.store.Apply(ctx, graphs)
		cancel()
		if err == nil {
			w.failingSince = time.Time{}
			w.account(graphs, recs, res, st)
			return nil
		}
		if errors.Is(err, graph.ErrClosed) {
			return fmt.Errorf("writing a batch: %w", err)
		}
		if !errors.Is(err, graph.ErrUnavailable) && !errors.Is(err, graph.ErrTimeout) {
			// Not retried: the same records would fail the same way.
			if len(graphs) == 1 {
				w.refused++
				w.fail(deadLetterFor(recs[0], graphs[0].Article.ID, err))
				return nil
			}
			tooLarge := errors.Is(err, graph.ErrTooLarge)
			if tooLarge {
				w.opts.Logger.Warn("batch too large for the store's transaction memory; writing it in two halves (a smaller --batch-size avoids this)",
					"articles", len(graphs), "err", err)
			}
			refused := w.refused
			if err := w.halves(graphs, recs, st); err != nil {
				return err
			}
			if limit := (len(graphs) + 1) / 2; tooLarge && w.refused == refused && (w.fits == 0 || limit < w.fits) {
				// Both halves went in: the batch was too large, not one of
				// its articles. The batches after it would be too.
				w.fits = limit
				w.opts.Logger.Warn("writing the rest of the load in parts the store takes", "articles", limit)
			}
			return nil
		}
		if w.failingSince.IsZero() {
			// An unavailable store was so from the start of the attempt; a
			// timeout says the store was working until it ran out of time.
			w.failingSince = time.Now()
			if errors.Is(err, graph.ErrUnavailable) {
				w.failingSince = began
			}
		}
		deadline := w.failingSince.Add(w.opts.RetryTimeout)
		if !time.Now().Before(deadline) {
			w.opts.Logger.Error("store unavailable past the retry budget", "retry_timeout", w.opts.RetryTimeout.String(), "err", err)
			return fmt.Errorf("%w for more than %s: %v", ErrStoreUnavailable, w.opts.RetryTimeout, err)
		}
		w.mu.Lock()
		w.rep.Retries++
		w.mu.Unlock()
		st.replay = true
		if errors.Is(err, graph.ErrTimeout) && len(graphs) > 1 {
			w.opts.Logger.Warn("store write timed out; retrying in two halves", "articles", len(graphs), "err", err)
			return w.halves(graphs, recs, st)
		}
		wait := min(backoff+time.Duration(rand.Int64N(int64(backoff/2))), time.Until(deadline))
		w.opts.Logger.Warn("store unavailable; retrying", "attempt", attempt+1, "backoff", wait.String(), "err", err)
		if err := w.sleep(wait); err != nil {
			return err
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// halves writes the two halves of a batch one after the other.
func (w *batchWriter) halves(graphs []graph.ArticleGraph, recs []input.Record, st batchState) error {
	mid := len(graphs) / 2
	if err := w.write(graphs[:mid], recs[:mid], st); err != nil {
		return err
	}
	return w.write(graphs[mid:], recs[mid:], st)
}

// attemptContext bounds one Apply. While the store is failing an attempt
// gets what is left of the retry budget (at least minAttemptTime), so that
// a store that retries internally (the Neo4j driver does) cannot keep the
// load past the budget; otherwise the store's own timeouts rule, with this
// as a backstop. It is not derived from the load's context: the batch in
// flight finishes even when the load is interrupted.
func (w *batchWriter) attemptContext(now time.Time) (context.Context, context.CancelFunc) {
	limit := w.opts.RetryTimeout + 30*time.Second
	if !w.failingSince.IsZero() {
		limit = max(w.failingSince.Add(w.opts.RetryTimeout).Sub(now), minAttemptTime)
	}
	return context.WithTimeout(context.Background(), limit)
}

// sleep waits d, or until the load is cancelled: a batch that is waiting
// for the store has not been written, and a rerun writes it.
func (w *batchWriter) sleep(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-w.ctx.Done():
		w.mu.Lock()
		w.rep.Interrupted = true
		w.mu.Unlock()
		return fmt.Errorf("load interrupted while waiting for the store: %w", w.ctx.Err())
	}
}

// account adds the results of a successful Apply to the report.
func (w *batchWriter) account(graphs []graph.ArticleGraph, recs []input.Record, res []graph.ApplyResult, st batchState) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, r := range res {
		switch {
		case r.Err != nil:
			w.mu.Unlock()
			w.fail(deadLetterFor(recs[i], graphs[i].Article.ID, r.Err))
			w.mu.Lock()
		case r.Unchanged && st.replay && st.changed:
			// The store did not have it before the batch, so it was
			// committed by the attempt whose acknowledgement was lost.
			w.rep.Loaded++
		case r.Unchanged:
			w.rep.Unchanged++
		default:
			w.rep.Loaded++
			w.rep.NodesCreated += r.NodesCreated
			w.rep.NodesDeleted += r.NodesDeleted
		}
	}
}

func deadLetterFor(r input.Record, id string, err error) *DeadLetter {
	return &DeadLetter{File: r.File, Line: r.Line, ID: id, Reason: StoreReason(err), Error: err.Error()}
}

// StoreReason is the reason code of an article the store refused: the
// dead-letter files' and the ingest mutation's.
func StoreReason(err error) string {
	switch {
	case errors.Is(err, graph.ErrInvalid):
		return CodeInvalidGraph
	case errors.Is(err, graph.ErrConflict):
		return CodeConflict
	case errors.Is(err, graph.ErrTooLarge):
		return CodeTooLarge
	case errors.Is(err, graph.ErrUnavailable):
		return CodeUnavailable
	}
	return CodeStoreFailed
}
