// Package loader is dipgraph's ingest pipeline: it reads articles
// (loader/input), extracts entities, events and relations from them
// (loader/extract) and writes each article's graph through a graph.Store,
// in batches, with a pool of extraction workers.
//
// A load is idempotent and resumable without a checkpoint file: every
// article's content hash (text, metadata and extractor version) is stored
// with it, so a rerun skips what is already loaded unchanged, and the store
// itself is the checkpoint. It is never ahead of a commit, since the hash
// is written in the same transaction as the article's facts.
package loader

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/loader/input"
)

// Reason codes of dead-lettered records, beside the input codes.
const (
	CodeInvalidGraph = "INVALID_GRAPH" // the extracted graph broke the model
	CodeConflict     = "CONFLICT"      // the store refused the write
	CodeStoreFailed  = "STORE_FAILED"  // a write error that retrying did not cure
	CodeUnavailable  = "STORE_UNAVAILABLE"
	CodeTooLarge     = "TOO_LARGE_FOR_STORE" // the article alone outgrew the store's transaction memory
)

// Options configure a load.
type Options struct {
	Workers   int  // extraction workers; default the number of CPUs
	BatchSize int  // articles per store write; default 500
	Force     bool // re-extract and rewrite unchanged articles
	// MaxFailures is how many failed records the load tolerates before it
	// reports failure; the load goes on either way.
	MaxFailures int
	// DeadLetter receives one JSON line per failed record, in one Write.
	DeadLetter io.Writer
	// Secrets (the store's password) never appear in DeadLetter: they are
	// replaced wherever an error text quotes them.
	Secrets []string
	// Shard i of n: only articles whose id hashes to i (mod n) are loaded.
	ShardIndex, ShardCount int
	// RetryTimeout bounds how long writes are retried while the store is
	// unavailable or timing out, counted from its first failure; then the
	// load stops with ErrStoreUnavailable.
	RetryTimeout time.Duration
	Input        input.Options
	Logger       *slog.Logger
	// Progress, when set, is called after every batch.
	Progress func(Report)
}

// Report counts what a load did. Read = Loaded + Unchanged + Failed + Skipped.
type Report struct {
	Read      int `json:"read"`
	Loaded    int `json:"loaded"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
	// Skipped: articles of other shards, and duplicates of an id within one batch.
	Skipped      int           `json:"skipped"`
	NodesCreated int           `json:"nodes_created"`
	NodesDeleted int           `json:"nodes_deleted"`
	Batches      int           `json:"batches"`
	Retries      int           `json:"retries"`
	Interrupted  bool          `json:"interrupted"`
	Elapsed      time.Duration `json:"elapsed_ns"`
	ByReason     map[string]int
}

// ErrStoreUnavailable: the store stayed unreachable longer than RetryTimeout.
var ErrStoreUnavailable = errors.New("store unavailable")

// DeadLetter is one line of the dead-letter file.
type DeadLetter struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason_code"`
	Error  string `json:"error"`
}

// maxDeadLetterError keeps dead-letter lines short whatever the input.
const maxDeadLetterError = 4096

// Loader runs loads with one extractor.
type Loader struct {
	x *extract.Extractor
}

// New returns a Loader.
func New(x *extract.Extractor) *Loader { return &Loader{x: x} }

// Prepared is one record ready for the store: its article and graph, or
// the reason it failed.
type Prepared struct {
	Rec   input.Record
	Graph graph.ArticleGraph
	Err   *DeadLetter
}

// ArticleOf derives the article node of a record: its id (given, else a
// hash of the URL or text) and its content hash, which covers the text,
// the metadata and the extractor version.
func (l *Loader) ArticleOf(r *input.Record) graph.Article {
	id := strings.TrimSpace(r.ID)
	if id == "" {
		id = graph.ArticleID(r.URL, r.Title+"\n"+r.Text)
	}
	return graph.Article{
		ID: id, URL: r.URL, Title: r.Title, Lang: r.Lang, Source: r.Source, Published: r.Published,
		Extractor:   l.x.Version(),
		ContentHash: graph.ContentHash(l.x.Version(), r.URL, r.Title, r.Lang, r.Source, r.Published, r.Text),
	}
}

// Extract runs extraction on a readable record: its article node and what
// extraction found.
func (l *Loader) Extract(r *input.Record) (graph.Article, *extract.Result) {
	a := l.ArticleOf(r)
	return a, l.x.Extract(extract.Input{ID: a.ID, Lang: r.Lang, URL: r.URL, Source: r.Source, Published: r.Published, Title: r.Title, Text: r.Text})
}

// Prepare extracts one record's graph.
func (l *Loader) Prepare(r input.Record) Prepared {
	if r.Err != nil {
		return Prepared{Rec: r, Err: &DeadLetter{File: r.Err.File, Line: r.Err.Line, Reason: r.Err.Code, Error: r.Err.Msg}}
	}
	a, res := l.Extract(&r)
	if a.Lang == "" {
		a.Lang = res.Lang
	}
	g := res.Graph(a)
	if err := g.Validate(); err != nil {
		return Prepared{Rec: r, Err: &DeadLetter{File: r.File, Line: r.Line, ID: a.ID, Reason: CodeInvalidGraph, Error: err.Error()}}
	}
	return Prepared{Rec: r, Graph: g}
}

// ShardOf maps an article id to a shard in [0, n).
func ShardOf(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// Run loads paths into store. It returns the report and an error when the
// load could not finish (store unavailable past RetryTimeout, context
// cancelled: Report.Interrupted) or when more records failed than
// MaxFailures allows.
func (l *Loader) Run(ctx context.Context, store graph.Store, paths []string, opts Options) (*Report, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.RetryTimeout <= 0 {
		opts.RetryTimeout = 30 * time.Second
	}
	if opts.ShardCount <= 0 {
		opts.ShardCount, opts.ShardIndex = 1, 0
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	rep := &Report{ByReason: map[string]int{}}
	var repMu sync.Mutex
	fail := func(dl *DeadLetter) {
		repMu.Lock()
		defer repMu.Unlock()
		rep.Failed++
		rep.ByReason[dl.Reason]++
		if opts.DeadLetter != nil {
			if _, err := opts.DeadLetter.Write(dl.line(opts.Secrets)); err != nil {
				opts.Logger.Error("writing the dead-letter file", "err", err)
			}
		}
	}

	// Reading stops when ctx is cancelled; the batch in flight still
	// commits, under its own deadline.
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	chunks := make(chan []input.Record, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		var chunk []input.Record
		err := input.Read(readCtx, paths, opts.Input, func(r input.Record) error {
			chunk = append(chunk, r)
			if len(chunk) == opts.BatchSize {
				select {
				case chunks <- chunk:
				case <-readCtx.Done():
					return readCtx.Err()
				}
				chunk = nil
			}
			return nil
		})
		if len(chunk) > 0 && err == nil {
			chunks <- chunk
		}
		readErr <- err
	}()

	// Extraction of the next batch overlaps the store write of this one.
	type batch struct {
		graphs  []graph.ArticleGraph
		recs    []input.Record
		changed bool // see batchState
	}
	batches := make(chan batch, 1)
	go func() {
		defer close(batches)
		for chunk := range chunks {
			if readCtx.Err() != nil {
				continue // drain: the load is stopping
			}
			repMu.Lock()
			rep.Read += len(chunk)
			repMu.Unlock()
			todo, checked := l.filter(ctx, store, chunk, opts, rep, &repMu, fail)
			b := batch{changed: checked}
			for _, p := range l.prepareAll(todo, opts.Workers) {
				if p.Err != nil {
					fail(p.Err)
					continue
				}
				b.graphs = append(b.graphs, p.Graph)
				b.recs = append(b.recs, p.Rec)
			}
			batches <- b
		}
	}()
	var runErr error
	w := &batchWriter{ctx: ctx, store: store, opts: opts, rep: rep, mu: &repMu, fail: fail}
	for b := range batches {
		if runErr != nil {
			continue // drain
		}
		if len(b.graphs) > 0 {
			if err := w.writeBatch(b.graphs, b.recs, batchState{changed: b.changed}); err != nil {
				runErr = err
				stopReading()
				continue
			}
		}
		repMu.Lock()
		rep.Batches++
		rep.Elapsed = time.Since(start)
		snapshot := *rep
		repMu.Unlock()
		if opts.Progress != nil {
			opts.Progress(snapshot)
		}
		if ctx.Err() != nil {
			stopReading()
		}
	}
	err := <-readErr
	rep.Elapsed = time.Since(start)
	switch {
	case runErr != nil:
		return rep, runErr
	case ctx.Err() != nil:
		rep.Interrupted = true
		return rep, fmt.Errorf("load interrupted: %w", ctx.Err())
	case err != nil && !errors.Is(err, context.Canceled):
		return rep, err
	}
	if rep.Failed > opts.MaxFailures {
		return rep, fmt.Errorf("%d records failed (at most %d tolerated)", rep.Failed, opts.MaxFailures)
	}
	return rep, nil
}

// filter drops records of other shards, repeated ids, and (unless Force)
// articles the store already has with the same content hash. Bad records
// pass through to be dead-lettered. checked reports that the store was
// asked and none of the records returned is stored unchanged.
func (l *Loader) filter(ctx context.Context, store graph.Store, chunk []input.Record, opts Options, rep *Report, mu *sync.Mutex, fail func(*DeadLetter)) (todo []input.Record, checked bool) {
	var ids []string
	hashes := map[string]string{}
	seen := map[string]bool{}
	skipped := 0
	for _, r := range chunk {
		if r.Err != nil {
			todo = append(todo, r)
			continue
		}
		a := l.ArticleOf(&r)
		if opts.ShardCount > 1 && ShardOf(a.ID, opts.ShardCount) != opts.ShardIndex {
			skipped++
			continue
		}
		if seen[a.ID] {
			skipped++ // the same article twice in one batch: the first wins
			continue
		}
		seen[a.ID] = true
		hashes[a.ID] = a.ContentHash
		ids = append(ids, a.ID)
		todo = append(todo, r)
	}
	mu.Lock()
	rep.Skipped += skipped
	mu.Unlock()
	if opts.Force || len(ids) == 0 {
		return todo, false
	}
	stored, err := store.ArticleHashes(ctx, ids)
	if err != nil {
		// Not fatal: the write will find out whether the store is there.
		return todo, false
	}
	out := todo[:0]
	unchanged := 0
	for _, r := range todo {
		if r.Err == nil {
			a := l.ArticleOf(&r)
			if stored[a.ID] == a.ContentHash {
				unchanged++
				continue
			}
		}
		out = append(out, r)
	}
	mu.Lock()
	rep.Unchanged += unchanged
	mu.Unlock()
	return out, true
}

// prepareAll extracts records with a pool of workers, keeping their order.
func (l *Loader) prepareAll(recs []input.Record, workers int) []Prepared {
	out := make([]Prepared, len(recs))
	InParallel(len(recs), workers, func(i int) { out[i] = l.safePrepare(recs[i]) })
	return out
}

// InParallel calls fn(i) for every i in [0, n) on a pool of workers (the
// number of CPUs when workers is 0 or less), and returns when all are done.
func InParallel(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 || n == 1 {
		// One worker is the caller: a new goroutine for each call (one a
		// record, when records are printed as they are read) would start
		// on a small stack and grow it, copying it, every time.
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// safePrepare turns a panic in extraction into a dead-lettered record: one
// pathological article must not take the load down.
func (l *Loader) safePrepare(r input.Record) (p Prepared) {
	defer func() {
		if v := recover(); v != nil {
			p = Prepared{Rec: r, Err: &DeadLetter{File: r.File, Line: r.Line, ID: r.ID, Reason: "EXTRACT_PANIC", Error: fmt.Sprint(v)}}
		}
	}()
	return l.Prepare(r)
}
