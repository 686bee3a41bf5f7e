// Package export writes the graph, or a selection of it, in the formats
// analysts' tools read: GraphML (networkx, igraph, Cytoscape, yEd), GEXF 1.3
// (Gephi), CSV (nodes.csv and edges.csv, in a zip or a folder: pandas, R,
// spreadsheets) and JSON (networkx's node-link form).
//
// # Model
//
// Events are nodes, not edges. A meeting can have three states and their
// ministers as participants, a place, topics and several reports; an edge
// has two ends and could keep none of that without losing facts. So the
// nodes are the entities (Country, Person, Organization, Place, Topic),
// Event and Article, and the edges are the store's:
//
//	PARTICIPANT  Event → Country|Person|Organization  role
//	AT           Event → Place
//	ABOUT        Event → Topic
//	REPORTED_IN  Event → Article   sentence, start, end, confidence, extractor (the evidence)
//	HOLDS        Person → Country|Organization  role, from, to
//	IN           Place → Country
//
// Every fact is reachable from its evidence: an event's REPORTED_IN edges
// carry the sentence and lead to the article. A country-to-country graph
// is a projection through the events (the analyst notebook shows one).
// MENTIONS edges are not exported: they count names, not facts.
//
// # Selection
//
// The zero Selection exports the whole graph. Any other selects events
// (see Selection) and exports them with exactly the nodes they touch: their
// participants, places, topics and the articles that report them; HOLDS and
// IN edges are kept when both of their ends are among those nodes. Every
// edge of an export has both ends in it, in every format.
//
// # Streaming and order
//
// Writers read the store through its paginated list methods and keep only
// the ids of what they have written (to never write an edge to a missing
// node), not the graph. The output is deterministic: entities by kind then
// id, events newest first then by id, articles by id, then the edges of
// entities and of events in the same order; the same graph gives the same
// bytes.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

// Format is a file format of an export.
type Format string

// The formats.
const (
	GraphML Format = "graphml"
	GEXF    Format = "gexf"
	CSV     Format = "csv" // a zip archive of nodes.csv and edges.csv
	JSON    Format = "json"
)

// Formats lists every format, in a fixed order.
var Formats = []Format{GraphML, GEXF, CSV, JSON}

// ParseFormat maps a case-insensitive name to a Format; ErrInvalid (of
// package graph) names the formats otherwise.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: unknown export format %q; want one of graphml, gexf, csv, json", graph.ErrInvalid, s)
}

// ContentType is the media type of the format's output.
func (f Format) ContentType() string {
	switch f {
	case GraphML:
		return "application/graphml+xml; charset=utf-8"
	case GEXF:
		return "application/gexf+xml; charset=utf-8"
	case CSV:
		return "application/zip"
	case JSON:
		return "application/json; charset=utf-8"
	}
	return "application/octet-stream"
}

// Extension is the file name extension of the format's output.
func (f Format) Extension() string {
	switch f {
	case CSV:
		return ".zip"
	case GraphML, GEXF, JSON:
		return "." + string(f)
	}
	return ""
}

// ErrTooLarge is returned when an export would exceed Options.MaxNodes.
var ErrTooLarge = errors.New("export: too large")

// Bounds of a Selection, so that a request cannot ask for a filter that
// costs more to compile than to run.
const (
	MaxCountries = 10
	MaxTopics    = 50
)

// Selection chooses the events to export. Zero fields do not filter; the
// zero Selection is the whole graph. The fields mean what they mean in
// graph.EventFilter, and so in the GraphQL events query.
type Selection struct {
	// Countries: events in which every one of these countries (ISO
	// 3166-1 alpha-2 codes) takes part. One country: all its events; two:
	// their bilateral (and wider) events.
	Countries []string
	// Topics: events about any of these topic ids.
	Topics []string
	// Types: events of any of these types.
	Types []graph.EventType
	// From, To: events dated in this inclusive range of ISO days
	// (YYYY-MM-DD). A range excludes undated events.
	From, To string
}

// IsZero reports whether s selects the whole graph.
func (s Selection) IsZero() bool {
	return len(s.Countries) == 0 && len(s.Topics) == 0 && len(s.Types) == 0 && s.From == "" && s.To == ""
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// Normalize checks s and puts it in canonical form: codes upper-case,
// lists sorted without repeats. Errors wrap graph.ErrInvalid and say what
// was expected.
func (s Selection) Normalize() (Selection, error) {
	out := Selection{From: strings.TrimSpace(s.From), To: strings.TrimSpace(s.To)}
	for _, c := range s.Countries {
		c = strings.ToUpper(strings.TrimSpace(c))
		if !countryCode.MatchString(c) {
			return Selection{}, fmt.Errorf("%w: country %q is not an ISO 3166-1 alpha-2 code such as CN or RU", graph.ErrInvalid, c)
		}
		out.Countries = append(out.Countries, c)
	}
	for _, t := range s.Topics {
		t = strings.TrimSpace(t)
		if t == "" || len(t) > 100 {
			return Selection{}, fmt.Errorf("%w: topic %q is not a topic id such as trade or energy", graph.ErrInvalid, t)
		}
		out.Topics = append(out.Topics, t)
	}
	for _, t := range s.Types {
		et, err := graph.ParseEventType(string(t))
		if err != nil {
			return Selection{}, fmt.Errorf("%w: event type %q; want one of %s", graph.ErrInvalid, t, typeNames())
		}
		out.Types = append(out.Types, et)
	}
	slices.Sort(out.Countries)
	out.Countries = slices.Compact(out.Countries)
	slices.Sort(out.Topics)
	out.Topics = slices.Compact(out.Topics)
	slices.Sort(out.Types)
	out.Types = slices.Compact(out.Types)
	switch {
	case len(out.Countries) > MaxCountries:
		return Selection{}, fmt.Errorf("%w: %d countries; at most %d", graph.ErrInvalid, len(out.Countries), MaxCountries)
	case len(out.Topics) > MaxTopics:
		return Selection{}, fmt.Errorf("%w: %d topics; at most %d", graph.ErrInvalid, len(out.Topics), MaxTopics)
	}
	for _, d := range []struct{ name, v string }{{"from", out.From}, {"to", out.To}} {
		if d.v != "" && (len(d.v) != len("2006-01-02") || !graph.ValidDate(d.v)) {
			return Selection{}, fmt.Errorf("%w: %s date %q is not an ISO day YYYY-MM-DD", graph.ErrInvalid, d.name, d.v)
		}
	}
	if out.From != "" && out.To != "" && out.From > out.To {
		return Selection{}, fmt.Errorf("%w: date range from %s to %s is empty: from must not be after to", graph.ErrInvalid, out.From, out.To)
	}
	return out, nil
}

func typeNames() string {
	names := make([]string, len(graph.EventTypes))
	for i, t := range graph.EventTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// EventFilter is the store filter of the selected events.
func (s Selection) EventFilter() graph.EventFilter {
	return graph.EventFilter{Countries: s.Countries, Topics: s.Topics, Types: s.Types, From: s.From, To: s.To}
}

// String describes the selection in one line, for file headers.
func (s Selection) String() string {
	if s.IsZero() {
		return "whole graph"
	}
	var parts []string
	if len(s.Countries) > 0 {
		parts = append(parts, "countries="+strings.Join(s.Countries, ","))
	}
	if len(s.Topics) > 0 {
		parts = append(parts, "topics="+strings.Join(s.Topics, ","))
	}
	if len(s.Types) > 0 {
		ts := make([]string, len(s.Types))
		for i, t := range s.Types {
			ts[i] = string(t)
		}
		parts = append(parts, "types="+strings.Join(ts, ","))
	}
	if s.From != "" {
		parts = append(parts, "from="+s.From)
	}
	if s.To != "" {
		parts = append(parts, "to="+s.To)
	}
	return strings.Join(parts, " ")
}

// Options configure an export.
type Options struct {
	Selection Selection
	// PageSize is the number of items read from the store at a time
	// (default 500, at most graph.MaxPageSize).
	PageSize int
	// MaxNodes, when positive, bounds the nodes of the export: ErrTooLarge
	// before anything is written when the store's counts exceed it, and
	// during the write if the graph grows meanwhile.
	MaxNodes int
}

// Summary counts what an export wrote.
type Summary struct {
	Nodes, Edges int
}

// Write writes the selected graph of store to w in format f. Errors:
// graph.ErrInvalid for a bad selection (a malformed value, or a country or
// topic the graph does not have), ErrTooLarge, the store's errors, and w's.
// w receives nothing when the selection is refused or too large.
func Write(ctx context.Context, store graph.Store, f Format, w io.Writer, opts Options) (*Summary, error) {
	var s sink
	switch f {
	case GraphML:
		s = newGraphMLSink(w)
	case GEXF:
		s = newGEXFSink(w)
	case CSV:
		s = newCSVZipSink(w)
	case JSON:
		s = newJSONSink(w)
	default:
		_, err := ParseFormat(string(f))
		return nil, err
	}
	return run(ctx, store, s, opts)
}

// WriteCSV writes the selected graph as two CSV files, nodes and edges,
// for a caller that wants them apart rather than zipped. Errors as Write.
func WriteCSV(ctx context.Context, store graph.Store, nodes, edges io.Writer, opts Options) (*Summary, error) {
	return run(ctx, store, newCSVSink(nodes, edges), opts)
}

// Check validates and normalizes opts.Selection against store without
// writing anything: a caller that must answer before its first byte (an
// HTTP handler) calls it, then Write with the options it returns.
func Check(ctx context.Context, store graph.Store, opts Options) (Options, error) {
	sel, err := opts.Selection.Normalize()
	if err != nil {
		return opts, err
	}
	opts.Selection = sel
	if err := checkExists(ctx, store, sel); err != nil {
		return opts, err
	}
	if opts.MaxNodes > 0 {
		n, err := lowerBound(ctx, store, sel)
		if err != nil {
			return opts, err
		}
		if n > opts.MaxNodes {
			return opts, fmt.Errorf("%w: the export has at least %d nodes, more than the limit of %d; narrow the selection (countries, topics, types, dates)", ErrTooLarge, n, opts.MaxNodes)
		}
	}
	return opts, nil
}

// checkExists refuses countries and topics the graph does not have: such
// a selection would give an empty file, and a typo deserves an error.
func checkExists(ctx context.Context, store graph.Store, sel Selection) error {
	var refs []graph.Ref
	for _, c := range sel.Countries {
		refs = append(refs, graph.Ref{Kind: graph.KindCountry, ID: c})
	}
	for _, t := range sel.Topics {
		refs = append(refs, graph.Ref{Kind: graph.KindTopic, ID: t})
	}
	if len(refs) == 0 {
		return nil
	}
	found, err := store.Entities(ctx, refs)
	if err != nil {
		return err
	}
	var missing []string
	for i, e := range found {
		if e == nil {
			missing = append(missing, strings.ToLower(string(refs[i].Kind))+" "+refs[i].ID)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: the graph has no %s", graph.ErrInvalid, strings.Join(missing, ", no "))
	}
	return nil
}

// lowerBound is a cheap lower bound of the number of nodes of an export:
// every node for the whole graph, the events for a selection.
func lowerBound(ctx context.Context, store graph.Store, sel Selection) (int, error) {
	if sel.IsZero() {
		c, err := store.Counts(ctx)
		if err != nil {
			return 0, err
		}
		n := 0
		for _, k := range append(slices.Clone(graph.EntityKinds), graph.KindEvent, graph.KindArticle) {
			n += c.Nodes[k]
		}
		return n, nil
	}
	return store.CountEvents(ctx, sel.EventFilter())
}
