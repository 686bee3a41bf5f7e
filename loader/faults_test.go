package loader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// faultyStore decorates a graph.Store: inject, asked before every Apply
// with the call's number (from 0) and article ids, may script a fault for
// that call. Every call's ids are recorded.
type faultyStore struct {
	graph.Store
	inject func(call int, ids []string) *fault
	mu     sync.Mutex
	calls  [][]string
}

// fault is one scripted failure of Apply.
type fault struct {
	err error
	// afterCommit: the graphs are applied, then err is returned, as when
	// the connection drops after the commit and the outcome looks unknown.
	afterCommit bool
	// delay before the call returns, as a slow transaction takes.
	delay time.Duration
}

func (f *faultyStore) Apply(ctx context.Context, gs []graph.ArticleGraph) ([]graph.ApplyResult, error) {
	ids := make([]string, len(gs))
	for i := range gs {
		ids[i] = gs[i].Article.ID
	}
	f.mu.Lock()
	call := len(f.calls)
	f.calls = append(f.calls, ids)
	f.mu.Unlock()
	var ft *fault
	if f.inject != nil {
		ft = f.inject(call, ids)
	}
	if ft == nil {
		return f.Store.Apply(ctx, gs)
	}
	if ft.delay > 0 {
		time.Sleep(ft.delay)
	}
	if ft.afterCommit {
		if _, err := f.Store.Apply(ctx, gs); err != nil {
			return nil, err
		}
	}
	return nil, ft.err
}

// callsWith returns the calls whose batch held id, as their sizes.
func (f *faultyStore) callsWith(id string) []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var sizes []int
	for _, c := range f.calls {
		if slices.Contains(c, id) {
			sizes = append(sizes, len(c))
		}
	}
	return sizes
}

// onCalls injects ft into the given calls.
func onCalls(ft fault, calls ...int) func(int, []string) *fault {
	return func(call int, _ []string) *fault {
		if slices.Contains(calls, call) {
			return &ft
		}
		return nil
	}
}

// whenBatchHolds injects ft into every call whose batch holds id: a
// record that fails the whole transaction it is in.
func whenBatchHolds(id string, ft fault) func(int, []string) *fault {
	return func(_ int, ids []string) *fault {
		if slices.Contains(ids, id) {
			return &ft
		}
		return nil
	}
}

// largerThan refuses, as too large, a batch of more than n articles.
func largerThan(ids []string, n int) *fault {
	if len(ids) > n {
		return &fault{err: errTooLarge}
	}
	return nil
}

// Errors in the shapes graph/neo4j gives them (its translate, tested in
// graph/neo4j/errors_test.go): the sentinel first, the driver's error after.
var (
	errDeadlock = fmt.Errorf("%w: %w", graph.ErrUnavailable,
		&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "ForsetiClient can't acquire ExclusiveLock"})
	errTxTimedOut = fmt.Errorf("%w: %w", graph.ErrTimeout,
		&neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut", Msg: "terminated: timeout"})
	errConstraint = fmt.Errorf("%w: %w", graph.ErrConflict,
		&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed", Msg: "already exists with label `Person`"})
	errSyntax = fmt.Errorf("neo4j store: %w",
		&neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input ')'"})
	errTooLarge = fmt.Errorf("%w: %s", graph.ErrTooLarge,
		"Neo.TransientError.General.MemoryPoolOutOfMemoryError: The allocation of an extra 2.0 MiB would use more than the limit 256.0 MiB. db.memory.transaction.max threshold reached")
	errConnectionLost = fmt.Errorf("%w: %v", graph.ErrUnavailable,
		&neo4j.ConnectivityError{Inner: errors.New("read tcp 127.0.0.1:7687: connection reset by peer")})
)

// cleanLoad returns the fingerprint and counts of a load of path into a
// fresh store with no faults.
func cleanLoad(t *testing.T, path string) (string, *graph.Counts) {
	t.Helper()
	s := newStore(t)
	run(t, s, []string{path}, Options{})
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fingerprint(t, s), c
}

func deadLetters(t *testing.T, b *bytes.Buffer) []DeadLetter {
	t.Helper()
	var out []DeadLetter
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var d DeadLetter
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("dead-letter line %q: %v", line, err)
		}
		out = append(out, d)
	}
	return out
}

// N-11: store errors are classified. Transient ones and timeouts are
// retried until the load succeeds; a constraint violation or a statement
// the store refuses is not retried, and only the record that causes it is
// dead-lettered, with its reason code; an ambiguous commit (committed, then
// the connection dropped) is replayed without duplicating anything; a
// closed store stops the load.
func TestStoreErrorsAreClassified(t *testing.T) {
	const n, poisoned = 20, "art-00007"
	path := corpus(t, n)
	cleanFP, cleanCounts := cleanLoad(t, path)
	cases := []struct {
		name   string
		inject func(int, []string) *fault
		// retryTimeout: 0 for 10 s.
		retryTimeout time.Duration
		wantErr      error // nil: the load succeeds
		wantLoaded   int
		wantRetries  bool
		wantDead     map[string]string // article id → reason code
		// wantSizes: the batch sizes of the calls that held the poisoned
		// record, when they matter.
		wantSizes []int
	}{
		{name: "transient deadlocks are retried",
			inject:     onCalls(fault{err: errDeadlock}, 0, 1),
			wantLoaded: n, wantRetries: true},
		{name: "connection lost before commit is retried",
			inject:     onCalls(fault{err: errConnectionLost}, 1),
			wantLoaded: n, wantRetries: true},
		{name: "a write that times out after longer than the retry budget is retried in halves",
			inject:       onCalls(fault{err: errTxTimedOut, delay: 400 * time.Millisecond}, 0),
			retryTimeout: 200 * time.Millisecond,
			wantLoaded:   n, wantRetries: true,
			// The poisoned record's batch (the first: 0–9) times out, then
			// its second half (5–9) is written.
			wantSizes: []int{10, 5}},
		{name: "constraint violation is not retried",
			inject:     whenBatchHolds(poisoned, fault{err: errConstraint}),
			wantLoaded: n - 1, wantDead: map[string]string{poisoned: CodeConflict},
			// Bisected 10 → 5 → 3 → 1: the lone record is written once.
			wantSizes: []int{10, 5, 3, 1}},
		{name: "a batch too large for the store is written in halves",
			inject:     func(_ int, ids []string) *fault { return largerThan(ids, 3) },
			wantLoaded: n,
			// 10 → 5 → 3, which fits.
			wantSizes: []int{10, 5, 3}},
		{name: "an article too large alone is dead-lettered, its batch written",
			inject:     whenBatchHolds(poisoned, fault{err: errTooLarge}),
			wantLoaded: n - 1, wantDead: map[string]string{poisoned: CodeTooLarge},
			wantSizes: []int{10, 5, 3, 1}},
		{name: "syntax error is not retried",
			inject:     whenBatchHolds(poisoned, fault{err: errSyntax}),
			wantLoaded: n - 1, wantDead: map[string]string{poisoned: CodeStoreFailed},
			wantSizes: []int{10, 5, 3, 1}},
		{name: "commit outcome unknown: the batch is replayed",
			inject:     onCalls(fault{err: errConnectionLost, afterCommit: true}, 0, 2),
			wantLoaded: n, wantRetries: true,
			wantSizes: []int{10, 10}},
		{name: "closed store stops the load",
			inject:  onCalls(fault{err: fmt.Errorf("neo4j store: %w", graph.ErrClosed)}, 1),
			wantErr: graph.ErrClosed, wantLoaded: 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			f := &faultyStore{Store: s, inject: c.inject}
			var dl bytes.Buffer
			rt := c.retryTimeout
			if rt == 0 {
				rt = 10 * time.Second
			}
			rep, err := testLoader(t).Run(context.Background(), f, []string{path},
				Options{BatchSize: 10, Workers: 2, RetryTimeout: rt, DeadLetter: &dl, MaxFailures: n})
			if c.wantErr == nil && err != nil {
				t.Fatalf("load: %v (%+v)", err, rep)
			}
			if c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Fatalf("load error %v, want %v", err, c.wantErr)
			}
			if rep.Loaded != c.wantLoaded || rep.Failed != len(c.wantDead) || rep.Unchanged != 0 {
				t.Errorf("report %+v, want loaded=%d failed=%d unchanged=0", rep, c.wantLoaded, len(c.wantDead))
			}
			if got := rep.Retries > 0; got != c.wantRetries {
				t.Errorf("%d retries, want retries: %v", rep.Retries, c.wantRetries)
			}
			dead := deadLetters(t, &dl)
			if len(dead) != len(c.wantDead) {
				t.Errorf("dead letters %+v, want %v", dead, c.wantDead)
			}
			for _, d := range dead {
				if want, ok := c.wantDead[d.ID]; !ok || d.Reason != want || d.File != path || d.Line == 0 {
					t.Errorf("dead letter %+v, want reason %q with file %s and line", d, want, path)
				}
			}
			if c.wantSizes != nil {
				if got := f.callsWith(poisoned); !slices.Equal(got, c.wantSizes) {
					t.Errorf("calls holding %s had sizes %v, want %v", poisoned, got, c.wantSizes)
				}
			}
			if c.wantErr != nil || len(c.wantDead) > 0 {
				return
			}
			counts, err := s.Counts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if fp := fingerprint(t, s); fp != cleanFP || !equalCounts(counts, cleanCounts) {
				t.Errorf("graph %s %v, clean load %s %v", fp, counts, cleanFP, cleanCounts)
			}
		})
	}
}

func equalCounts(a, b *graph.Counts) bool {
	return fmt.Sprint(a.Nodes) == fmt.Sprint(b.Nodes) && fmt.Sprint(a.Edges) == fmt.Sprint(b.Edges)
}

// Timeouts that go on past the retry budget stop the load with "store
// unavailable" soon after the budget, however long each attempt takes.
func TestTimeoutsPastTheBudgetStopTheLoad(t *testing.T) {
	path := corpus(t, 20)
	f := &faultyStore{Store: newStore(t), inject: func(int, []string) *fault {
		return &fault{err: errTxTimedOut, delay: 50 * time.Millisecond}
	}}
	const budget = 500 * time.Millisecond
	began := time.Now()
	rep, err := testLoader(t).Run(context.Background(), f, []string{path}, Options{BatchSize: 10, RetryTimeout: budget})
	took := time.Since(began)
	if !errors.Is(err, ErrStoreUnavailable) {
		t.Fatalf("err = %v, want %v", err, ErrStoreUnavailable)
	}
	if rep.Loaded != 0 || rep.Failed != 0 || rep.Retries == 0 {
		t.Errorf("report %+v, want nothing loaded or failed, and retries", rep)
	}
	// Extraction of the first batch comes first; the slack covers it on a
	// busy machine and in a race build.
	if took > budget+10*time.Second {
		t.Errorf("the load stopped after %v, budget %v", took, budget)
	}
}

// B-9: one poisoned record in a batch of 500 (a constraint violation that
// fails the whole transaction) loses none of the other 499: the batch is
// bisected, and the poisoned record alone is dead-lettered.
func TestPoisonedRecordLosesNoneOfItsBatch(t *testing.T) {
	const n, poisoned = 500, "art-00321"
	path := corpus(t, n)
	s := newStore(t)
	f := &faultyStore{Store: s, inject: whenBatchHolds(poisoned, fault{err: errConstraint})}
	var dl bytes.Buffer
	rep, err := testLoader(t).Run(context.Background(), f, []string{path}, Options{BatchSize: n, DeadLetter: &dl, MaxFailures: 1})
	if err != nil {
		t.Fatalf("load: %v (%+v)", err, rep)
	}
	if rep.Loaded != n-1 || rep.Failed != 1 || rep.Retries != 0 {
		t.Errorf("report %+v, want 499 loaded, 1 failed, no retries", rep)
	}
	dead := deadLetters(t, &dl)
	if len(dead) != 1 || dead[0].ID != poisoned || dead[0].Reason != CodeConflict || dead[0].Line != 322 {
		t.Errorf("dead letters %+v, want %s (line 322) with %s", dead, poisoned, CodeConflict)
	}
	if got, err := s.CountArticles(context.Background(), graph.ArticleFilter{}); err != nil || got != n-1 {
		t.Errorf("%d articles stored (%v), want %d", got, err, n-1)
	}
	// Bisection: the poisoned record is in one call per halving, about
	// log2(500) of them, not 500 single writes.
	if calls := len(f.calls); calls > 20 {
		t.Errorf("%d store writes for one poisoned record in 500", calls)
	}
}

// A batch the store refuses as too large, whose halves it then takes,
// shows the batch size is too large for this store: the batches after it
// go in parts that fit, instead of each failing first. An article too
// large on its own shows nothing of the kind: the batches after it keep
// their size.
func TestTooLargeBatchesTeachTheSize(t *testing.T) {
	const n = 40
	path := corpus(t, n)
	cases := []struct {
		name string
		// refuse reports whether the store refuses a write of these ids.
		refuse   func(ids []string) bool
		wantDead int
		// wantRefusals: how many writes the store refused.
		wantRefusals int
		// wantLargest: the largest write after the first batch.
		wantLargest int
	}{
		// 10 fails, 5 and 5 pass; then batches go in fives.
		{name: "batch too large", refuse: func(ids []string) bool { return len(ids) > 5 },
			wantRefusals: 1, wantLargest: 5},
		// The poisoned article's batch bisects down to it (10, 5, 3, 1);
		// every other batch is written whole.
		{name: "one article too large", refuse: func(ids []string) bool { return slices.Contains(ids, "art-00007") },
			wantDead: 1, wantRefusals: 4, wantLargest: 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &faultyStore{Store: newStore(t), inject: func(_ int, ids []string) *fault {
				if c.refuse(ids) {
					return &fault{err: errTooLarge}
				}
				return nil
			}}
			var dl bytes.Buffer
			rep, err := testLoader(t).Run(context.Background(), f, []string{path},
				Options{BatchSize: 10, Workers: 2, DeadLetter: &dl, MaxFailures: n})
			if err != nil {
				t.Fatalf("load: %v (%+v)", err, rep)
			}
			if rep.Loaded != n-c.wantDead || rep.Failed != c.wantDead {
				t.Errorf("report %+v, want %d loaded, %d failed", rep, n-c.wantDead, c.wantDead)
			}
			refusals, largest := 0, 0
			f.mu.Lock()
			defer f.mu.Unlock()
			for i, ids := range f.calls {
				if c.refuse(ids) {
					refusals++
				}
				if !slices.Contains(ids, "art-00000") && !slices.Contains(ids, "art-00007") && i > 0 {
					largest = max(largest, len(ids))
				}
			}
			if refusals != c.wantRefusals || largest != c.wantLargest {
				t.Errorf("writes %v: %d refused, largest later write %d; want %d refused, largest %d",
					f.calls, refusals, largest, c.wantRefusals, c.wantLargest)
			}
		})
	}
}
