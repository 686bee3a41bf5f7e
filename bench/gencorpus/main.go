// Command gencorpus writes the synthetic corpus of loader/gen, like
// `dipgraph gen`, for the benchmark scripts to use while (or where) the
// dipgraph binary at hand has no gen command.
//
//	go run ./bench/gencorpus -articles N -seed S [-out FILE]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/gen"
)

func main() {
	n := flag.Int("articles", 1000, "number of articles")
	seed := flag.Int64("seed", 1, "random seed")
	out := flag.String("out", "", "output file (default: standard output)")
	flag.Parse()
	if err := run(*n, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(n int, seed int64, out string) error {
	d, err := dict.Load()
	if err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	var f *os.File
	if out != "" && out != "-" {
		if f, err = os.Create(out); err != nil {
			return err
		}
		w = f
	}
	bw := bufio.NewWriter(w)
	if err := gen.Generate(bw, d, n, seed); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		return f.Close()
	}
	return nil
}
