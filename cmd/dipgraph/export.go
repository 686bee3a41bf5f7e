package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/export"
)

func exportCommand(a *app) *cobra.Command {
	var (
		format, out, from, to    string
		countries, topics, types []string
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the graph, or a selection of it, as GraphML, GEXF, CSV or JSON",
		Long: "Writes the whole graph, or the events selected by --countries (all of them take part),\n" +
			"--topics (any of them), --types and --from/--to with every node they touch, for\n" +
			"networkx, Gephi, pandas and the like. Events are nodes, linked to their participants,\n" +
			"place, topics and, with the evidence sentence, to the articles that report them.\n" +
			"--format csv writes a zip of nodes.csv and edges.csv, or the two files when --out is a\n" +
			"folder (an existing one, or a path ending in /). Standard output unless --out is given;\n" +
			"a file is replaced only when the export succeeded. The same graph gives the same bytes.",
		Example: "  dipgraph export --format graphml --out graph.graphml\n" +
			"  dipgraph export --format csv --countries CN,RU --from 2024-01-01 --out cn-ru/\n" +
			"  dipgraph export --format json --topics trade,energy --types meet,agree > trade.json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return badConfig("format", "%q: want graphml, gexf, csv or json", format)
			}
			sel := export.Selection{Countries: countries, Topics: topics, From: from, To: to}
			for _, t := range types {
				sel.Types = append(sel.Types, graph.EventType(t))
			}
			if sel, err = sel.Normalize(); err != nil {
				return badConfig("selection", "%s", strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": "))
			}
			openCtx, cancel := context.WithTimeout(a.ctx, a.cfg.Timeout)
			s, err := a.openStore(openCtx)
			cancel()
			if err != nil {
				return err
			}
			defer s.Close()
			opts := export.Options{Selection: sel}
			// The export itself runs until it is done or interrupted: a large
			// graph takes longer than one store operation's timeout.
			if _, err := export.Check(a.ctx, s, opts); err != nil {
				if errors.Is(err, graph.ErrInvalid) {
					return badConfig("selection", "%s", strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": "))
				}
				return err
			}
			sum, err := a.writeExport(s, f, out, opts)
			if err != nil {
				return err
			}
			a.log.Info("exported", "format", string(f), "selection", sel.String(), "nodes", sum.Nodes, "edges", sum.Edges, "out", out)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "graphml", "graphml, gexf, csv (zip of nodes.csv and edges.csv) or json")
	fl.StringVarP(&out, "out", "o", "", "output file, or folder for csv (default: standard output)")
	fl.StringSliceVar(&countries, "countries", nil, "ISO country codes: events in which all of them take part")
	fl.StringSliceVar(&topics, "topics", nil, "topic ids: events about any of them")
	fl.StringSliceVar(&types, "types", nil, "event types: meet, cooperate, agree, support, praise, criticize, threaten, sanction, aid")
	fl.StringVar(&from, "from", "", "first day of the events (YYYY-MM-DD); a date range leaves out undated events")
	fl.StringVar(&to, "to", "", "last day of the events (YYYY-MM-DD)")
	return cmd
}

// writeExport writes to standard output, to a file (through a temporary
// file renamed at the end, so that a failed export leaves no half file),
// or, for CSV, to nodes.csv and edges.csv in a folder.
func (a *app) writeExport(s graph.Store, f export.Format, out string, opts export.Options) (*export.Summary, error) {
	if out == "" || out == "-" {
		return export.Write(a.ctx, s, f, ctxWriter{a.ctx, a.stdout}, opts)
	}
	if f == export.CSV && isFolder(out) {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, badConfig("out", "cannot create %s: %v", out, errors.Unwrap(err))
		}
		var sum *export.Summary
		err := writeFiles(func(files []io.Writer) error {
			var err error
			sum, err = export.WriteCSV(a.ctx, s, files[0], files[1], opts)
			return err
		}, filepath.Join(out, "nodes.csv"), filepath.Join(out, "edges.csv"))
		return sum, err
	}
	var sum *export.Summary
	err := writeFiles(func(files []io.Writer) error {
		var err error
		sum, err = export.Write(a.ctx, s, f, files[0], opts)
		return err
	}, out)
	return sum, err
}

func isFolder(path string) bool {
	if strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator)) {
		return true
	}
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// writeFiles runs write over temporary files beside paths and renames
// them to paths when it succeeds; otherwise it removes them.
func writeFiles(write func([]io.Writer) error, paths ...string) error {
	var tmps []*os.File
	defer func() {
		for _, t := range tmps {
			t.Close()
			os.Remove(t.Name())
		}
	}()
	ws := make([]io.Writer, len(paths))
	for i, p := range paths {
		t, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*")
		if err != nil {
			return badConfig("out", "cannot write in %s: %v", filepath.Dir(p), errors.Unwrap(err))
		}
		tmps = append(tmps, t)
		ws[i] = t
	}
	if err := write(ws); err != nil {
		return err
	}
	for i, t := range tmps {
		if err := t.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", paths[i], err)
		}
		if err := os.Chmod(t.Name(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(t.Name(), paths[i]); err != nil {
			return fmt.Errorf("writing %s: %w", paths[i], err)
		}
	}
	tmps = nil
	return nil
}
