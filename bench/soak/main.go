// Command soak is the bounded load test of issue 6: clients on loopback
// mix twenty kinds of analyst reads with ingestArticles mutations against
// a running `dipgraph serve` for a fixed time, then check that no request
// got a 5xx, that every article ingested can be found, and that the
// server's goroutines and resident memory (from /metrics) did not grow by
// more than 10 % after the warm-up. It stops by itself.
//
//	DIPGRAPH_SOAK_KEY=<write key> go run ./bench/soak -url http://127.0.0.1:8080 [-clients 32] [-duration 5m]
//
// The key can also come from -key-file. -rate N sends N requests per second
// in all instead of as fast as the server answers. scripts/soak.sh
// starts a server on each store and runs this against it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "the server's base URL (loopback only)")
	keyFile := fs.String("key-file", "", "file holding a write API key (default: $DIPGRAPH_SOAK_KEY)")
	fs.IntVar(&cfg.Clients, "clients", cfg.Clients, "concurrent clients")
	fs.DurationVar(&cfg.Duration, "duration", cfg.Duration, "length of the run, warm-up included")
	fs.DurationVar(&cfg.Warmup, "warmup", cfg.Warmup, "warm-up: left out of the latencies, the reference of the growth checks")
	fs.Float64Var(&cfg.Rate, "rate", 0, "total requests per second (0: as fast as answered)")
	fs.Float64Var(&cfg.WriteShare, "write-share", cfg.WriteShare, "share of the requests that are ingestArticles")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "articles per ingestArticles")
	fs.IntVar(&cfg.Pool, "pool", cfg.Pool, "distinct articles ingested, in turn")
	fs.Int64Var(&cfg.ArticleSeed, "article-seed", cfg.ArticleSeed, "generator seed of the ingested articles (not the loaded corpus's)")
	fs.DurationVar(&cfg.Sample, "sample", cfg.Sample, "how often /metrics is read")
	fs.Float64Var(&cfg.MaxGrowth, "max-growth", cfg.MaxGrowth, "largest end/after-warm-up ratio of goroutines and RSS")
	fs.Float64Var(&cfg.MaxErrorRate, "max-error-rate", cfg.MaxErrorRate, "largest share of requests answered with a GraphQL error")
	fs.DurationVar(&cfg.MaxReadP99, "max-read-p99", 0, "largest 99th percentile latency of the reads after the warm-up (0: not checked)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg.Key = os.Getenv("DIPGRAPH_SOAK_KEY")
	if *keyFile != "" {
		b, err := os.ReadFile(*keyFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "soak:", err)
			return 2
		}
		cfg.Key = strings.TrimSpace(string(b))
	}
	if cfg.Key == "" {
		fmt.Fprintln(os.Stderr, "soak: no API key: set DIPGRAPH_SOAK_KEY or -key-file")
		return 2
	}
	cfg.Progress = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		return 2
	}
	rep.Print(os.Stdout)
	if !rep.OK() {
		return 1
	}
	return 0
}
