package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/gen"
)

func genCommand(a *app) *cobra.Command {
	var (
		articles int
		seed     int64
		out      string
	)
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Write N synthetic multilingual articles (JSON Lines) for benchmarks, deterministically",
		Long: "Writes --articles synthetic news articles about meetings between officials, in nine\n" +
			"languages, drawn from the dictionaries (built-in and --dictionaries), as JSON Lines in the\n" +
			"format `dipgraph load` reads. The same --articles and --seed (and dictionaries) give\n" +
			"byte-identical output. Standard output unless --out is given.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if articles < 0 {
				return badConfig("articles", "--articles %d: want 0 or more", articles)
			}
			d, err := dict.Load(a.cfg.Dictionaries...)
			if err != nil {
				return badConfig("dictionaries", "%v", err)
			}
			g, err := gen.New(d)
			if err != nil {
				return badConfig("dictionaries", "%v", err)
			}
			if out == "" || out == "-" {
				return g.Generate(ctxWriter{a.ctx, a.stdout}, articles, seed)
			}
			f, err := os.Create(out)
			if err != nil {
				return badConfig("out", "cannot create %s: %v", out, errors.Unwrap(err))
			}
			if err := g.Generate(ctxWriter{a.ctx, f}, articles, seed); err != nil {
				f.Close()
				return fmt.Errorf("writing %s: %w", out, err)
			}
			return f.Close()
		},
	}
	f := cmd.Flags()
	f.IntVar(&articles, "articles", 1000, "number of articles")
	f.Int64Var(&seed, "seed", 1, "random seed: the same seed gives the same corpus")
	f.StringVarP(&out, "out", "o", "", "output file (default: standard output)")
	return cmd
}

// ctxWriter stops a long write when the command is interrupted.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
