package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	fastjson "github.com/segmentio/encoding/json"
	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/loader/input"
)

func (a *app) extractor() (*extract.Extractor, error) {
	d, err := dict.Load(a.cfg.Dictionaries...)
	if err != nil {
		return nil, badConfig("dictionaries", "%v", err)
	}
	return extract.New(d)
}

func extractCommand(a *app) *cobra.Command {
	var workers int
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Print what dipgraph finds in articles, one JSON object per article (the corpus scorer's format)",
		Long: "Reads .txt, .json, .jsonl, .html files (or .gz of them), folders, or - for standard input,\n" +
			"and prints one JSON object per article: countries, people, organizations, places, topics,\n" +
			"events (meetings) and relations, each with its evidence. Bad records are reported on\n" +
			"standard error with file and line; the others go on.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			if os.Getenv("GOGC") == "" {
				// The live heap is the dictionaries (about 40 MB) and a chunk of
				// articles, and extraction allocates about 30 KB per article: at
				// Go's default the collector runs every few hundred articles and
				// takes a seventh of the CPU. Four times the headroom takes it
				// to a few percent for about 60 MB more memory (a GOGC set in
				// the environment wins).
				defer debug.SetGCPercent(debug.SetGCPercent(extractGCPercent))
			}
			x, err := a.extractor()
			if err != nil {
				return err
			}
			l := loader.New(x)
			out := bufio.NewWriterSize(a.stdout, 1<<16)
			defer out.Flush()
			// The same bytes as encoding/json writes, in about half the time.
			enc := fastjson.NewEncoder(out)
			enc.SetEscapeHTML(false)
			failed := 0
			// Records are extracted a chunk at a time by the workers and
			// printed in the order they were read.
			var chunk []input.Record
			flush := func() error {
				results := make([]*extract.Result, len(chunk))
				loader.InParallel(len(chunk), workers, func(i int) {
					if chunk[i].Err == nil {
						_, results[i] = l.Extract(&chunk[i])
					}
				})
				for i, r := range chunk {
					if r.Err != nil {
						failed++
						fmt.Fprintln(a.stderr, "dipgraph extract:", r.Err.Error())
						continue
					}
					if err := enc.Encode(results[i]); err != nil {
						return err
					}
				}
				chunk = chunk[:0]
				return nil
			}
			size := extractChunk
			if workers == 1 {
				size = 1 // each article printed as soon as it is read
			}
			err = input.Read(a.ctx, paths, input.Options{Stdin: os.Stdin}, func(r input.Record) error {
				chunk = append(chunk, r)
				if len(chunk) < size {
					return nil
				}
				return flush()
			})
			// What was read before an error is printed all the same.
			if ferr := flush(); err == nil {
				err = ferr
			}
			if err != nil {
				return err
			}
			if failed > 0 {
				return fmt.Errorf("%d records could not be read", failed)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "extraction workers (default: the number of CPUs; 1 prints each article as soon as it is read)")
	return cmd
}

// extractGCPercent is the collector's target for `dipgraph extract`.
const extractGCPercent = 400

// extractChunk is how many records `dipgraph extract` reads before its
// workers extract them: enough to keep them all busy, few enough to print
// the first results soon.
const extractChunk = 64

func loadCommand(a *app) *cobra.Command {
	var (
		workers, batch, maxFailures int
		force                       bool
		deadLetter, shard           string
		retryTimeout                time.Duration
	)
	cmd := &cobra.Command{
		Use:   "load PATH...",
		Short: "Load articles into the graph: extract, then write in batches (idempotent, resumable)",
		Long: "Reads .txt, .json, .jsonl, .html files (or .gz of them), folders, or - for standard input.\n" +
			"Unchanged articles are skipped by content hash, so a rerun resumes where a stopped load\n" +
			"left off. Failed records go to the dead-letter file with file, line and reason.\n" +
			"Exit code 0 only when at most --max-failures records failed.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			opts := loader.Options{Workers: workers, BatchSize: batch, Force: force, MaxFailures: maxFailures,
				RetryTimeout: retryTimeout, Logger: a.log}
			if !cmd.Flags().Changed("batch-size") {
				opts.BatchSize = a.cfg.Neo4j.BatchSize
			}
			if shard != "" {
				i, n, err := parseShard(shard)
				if err != nil {
					return badConfig("shard", "%v", err)
				}
				opts.ShardIndex, opts.ShardCount = i, n
			}
			if deadLetter != "" {
				f, err := loader.OpenDeadLetterFile(deadLetter)
				if err != nil {
					return badConfig("dead-letter", "cannot open %s: %v", deadLetter, unwrapPath(err))
				}
				defer f.Close()
				opts.DeadLetter = f
			} else {
				opts.DeadLetter = &stderrDeadLetter{w: a.stderr}
			}
			x, err := a.extractor()
			if err != nil {
				return err
			}
			openCtx, cancel := context.WithTimeout(a.ctx, a.cfg.Timeout)
			s, err := a.openStore(openCtx)
			cancel()
			if err != nil {
				return err
			}
			defer s.Close()
			opts.Secrets = a.secrets
			return a.runLoad(s, x, paths, opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&workers, "workers", 0, "extraction workers (default: the number of CPUs)")
	f.IntVar(&batch, "batch-size", 500, "articles per store write (default: neo4j.batch_size)")
	f.BoolVar(&force, "force", false, "re-extract and rewrite every article (after a dictionary change)")
	f.IntVar(&maxFailures, "max-failures", 0, "failed records tolerated before the exit code says failure")
	f.StringVar(&deadLetter, "dead-letter", "", "JSON Lines file for failed records (default: standard error)")
	f.StringVar(&shard, "shard", "", "i/n: load only the i-th of n deterministic parts of the corpus (0 ≤ i < n)")
	f.DurationVar(&retryTimeout, "retry-timeout", 30*time.Second, "how long to retry while the store is unavailable")
	return cmd
}

// unwrapPath drops the path from an *os.PathError, which the message
// around it names already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parseShard(s string) (int, int, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 ≤ i < n", s)
	}
	return i, n, nil
}

// stderrDeadLetter prints failed records as lines on standard error when
// no dead-letter file is given.
type stderrDeadLetter struct{ w io.Writer }

func (d *stderrDeadLetter) Write(b []byte) (int, error) {
	fmt.Fprintf(d.w, "dipgraph load: failed: %s", b)
	return len(b), nil
}

func (a *app) runLoad(s graph.Store, x *extract.Extractor, paths []string, opts loader.Options) error {
	l := loader.New(x)
	isTerm := false
	if f, ok := a.stderr.(*os.File); ok {
		isTerm = term.IsTerminal(int(f.Fd()))
	}
	var total int
	if isTerm {
		total, _ = input.Count(a.ctx, paths, opts.Input)
	}
	var bar *mpb.Bar
	var progress *mpb.Progress
	if isTerm {
		progress = mpb.New(mpb.WithOutput(a.stderr), mpb.WithWidth(40))
		bar = progress.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name("loading "), decor.CountersNoUnit("%d / %d")),
			mpb.AppendDecorators(decor.AverageSpeed(0, " %.0f articles/s"), decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
	}
	last := 0
	lastLog := time.Now()
	opts.Progress = func(r loader.Report) {
		if bar != nil {
			bar.IncrBy(r.Read - last)
			last = r.Read
			return
		}
		if time.Since(lastLog) >= 2*time.Second {
			lastLog = time.Now()
			rate := float64(r.Read) / r.Elapsed.Seconds()
			a.log.Info("load progress", "read", r.Read, "loaded", r.Loaded, "unchanged", r.Unchanged, "failed", r.Failed,
				"articles_per_s", int(rate), "retries", r.Retries)
		}
	}
	rep, err := l.Run(a.ctx, s, paths, opts)
	if bar != nil {
		bar.SetTotal(int64(rep.Read), true)
		progress.Wait()
	}
	a.log.Info("load finished", "read", rep.Read, "loaded", rep.Loaded, "unchanged", rep.Unchanged, "failed", rep.Failed,
		"skipped", rep.Skipped, "nodes_created", rep.NodesCreated, "nodes_deleted", rep.NodesDeleted, "batches", rep.Batches,
		"retries", rep.Retries, "elapsed", rep.Elapsed.String(), "interrupted", rep.Interrupted)
	enc := json.NewEncoder(a.stdout)
	enc.Encode(rep)
	if err != nil && errors.Is(err, loader.ErrStoreUnavailable) {
		return fmt.Errorf("%w; rerun the same command once the store is back: it resumes where this one stopped", err)
	}
	return err
}
