package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/export"
)

// Bounds of one export over HTTP: it must finish within the server's
// write timeout (HTTPServer), and a request cannot make the server walk
// an unbounded graph.
const (
	exportMaxNodes = 200_000
	exportTimeout  = 50 * time.Second
	exportMaxQuery = 4 << 10
)

// exportParams are the query parameters of /export/{format}.
var exportParams = []string{"countries", "topics", "types", "from", "to"}

// exportHandler serves GET /export/{format}: the graph, or the selection
// of the query parameters (countries, topics, types: comma-separated or
// repeated; from, to: ISO days), as GraphML, GEXF, CSV (a zip of
// nodes.csv and edges.csv) or JSON, as an attachment. A bad format,
// parameter or value, or an export larger than exportMaxNodes, is a 400
// with a JSON body {"error", "code"} before anything else is written.
func exportHandler(store graph.Store, log *slog.Logger) http.Handler {
	return boundedExportHandler(store, log, exportMaxNodes)
}

func boundedExportHandler(store graph.Store, log *slog.Logger, maxNodes int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := export.ParseFormat(r.PathValue("format"))
		if err != nil {
			exportError(w, http.StatusBadRequest, "BAD_FORMAT", fmt.Sprintf("unknown export format %q; want /export/graphml, /export/gexf, /export/csv or /export/json", r.PathValue("format")))
			return
		}
		sel, err := parseSelection(r)
		if err != nil {
			exportError(w, http.StatusBadRequest, "BAD_SELECTION", err.Error())
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), exportTimeout)
		defer cancel()
		opts, err := export.Check(ctx, store, export.Options{Selection: sel, MaxNodes: maxNodes})
		switch {
		case errors.Is(err, graph.ErrInvalid):
			exportError(w, http.StatusBadRequest, "BAD_SELECTION", strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": "))
			return
		case errors.Is(err, export.ErrTooLarge):
			exportError(w, http.StatusBadRequest, "EXPORT_TOO_LARGE", strings.TrimPrefix(err.Error(), export.ErrTooLarge.Error()+": "))
			return
		case err != nil:
			log.Error("export failed", "err", err)
			exportError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "the store is unavailable; try again")
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ContentType())
		h.Set("Content-Disposition", `attachment; filename="`+exportFileName(opts.Selection, f)+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		sum, err := export.Write(ctx, store, f, w, opts)
		if err != nil {
			// The status is sent: breaking the connection is the only way
			// left to tell the client that the file is incomplete.
			log.Error("export interrupted", "format", string(f), "selection", opts.Selection.String(), "err", err)
			panic(http.ErrAbortHandler)
		}
		log.Info("export", "format", string(f), "selection", opts.Selection.String(), "nodes", sum.Nodes, "edges", sum.Edges)
	})
}

// parseSelection reads the selection from the query, refusing unknown
// parameters (a misspelt one would silently export the whole graph).
func parseSelection(r *http.Request) (export.Selection, error) {
	if len(r.URL.RawQuery) > exportMaxQuery {
		return export.Selection{}, fmt.Errorf("the query is %d bytes, more than %d", len(r.URL.RawQuery), exportMaxQuery)
	}
	q := r.URL.Query()
	for k := range q {
		known := false
		for _, p := range exportParams {
			known = known || k == p
		}
		if !known {
			return export.Selection{}, fmt.Errorf("unknown parameter %q; want %s", k, strings.Join(exportParams, ", "))
		}
	}
	list := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, item := range strings.Split(v, ",") {
				if item = strings.TrimSpace(item); item != "" {
					out = append(out, item)
				}
			}
		}
		return out
	}
	single := func(name string) (string, error) {
		if len(q[name]) > 1 {
			return "", fmt.Errorf("parameter %s given %d times; give it once", name, len(q[name]))
		}
		return q.Get(name), nil
	}
	sel := export.Selection{Countries: list("countries"), Topics: list("topics")}
	for _, t := range list("types") {
		sel.Types = append(sel.Types, graph.EventType(t))
	}
	var err error
	if sel.From, err = single("from"); err != nil {
		return sel, err
	}
	if sel.To, err = single("to"); err != nil {
		return sel, err
	}
	sel, err = sel.Normalize()
	if err != nil {
		return sel, errors.New(strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": "))
	}
	return sel, nil
}

var unsafeFileChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// exportFileName names the attachment after the selection, in characters
// that are safe in a header and in any file system.
func exportFileName(sel export.Selection, f export.Format) string {
	name := "dipgraph"
	if !sel.IsZero() {
		name += "-" + strings.Trim(unsafeFileChars.ReplaceAllString(strings.ToLower(sel.String()), "-"), "-")
	}
	if len(name) > 120 {
		name = name[:120]
	}
	return name + f.Extension()
}

func exportError(w http.ResponseWriter, code int, errCode, msg string) {
	writeJSON(w, code, map[string]string{"error": msg, "code": errCode})
}
