package export

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/dipgraph/dipgraph/graph"
)

// sink is one format's writer. The walk calls begin, node for every node,
// endNodes, edge for every edge, then end; formats that cannot interleave
// nodes and edges (GEXF, CSV) rely on that order.
type sink interface {
	begin(desc string) error
	node(n *node) error
	endNodes() error
	edge(e *edge) error
	end() error
}

// DefaultPageSize is the number of items read from the store at a time.
const DefaultPageSize = 500

type walk struct {
	ctx      context.Context
	store    graph.Store
	sink     sink
	opts     Options
	pageSize int
	// written holds the ids of the nodes written: an edge is written only
	// when both its ends are, even if the graph changes during the export.
	written map[string]bool
	sum     Summary
}

func run(ctx context.Context, store graph.Store, s sink, opts Options) (*Summary, error) {
	opts, err := Check(ctx, store, opts)
	if err != nil {
		return nil, err
	}
	w := &walk{ctx: ctx, store: store, sink: s, opts: opts, written: map[string]bool{}}
	w.pageSize = opts.PageSize
	if w.pageSize <= 0 {
		w.pageSize = DefaultPageSize
	}
	w.pageSize = min(w.pageSize, graph.MaxPageSize)
	if err := w.run(); err != nil {
		return nil, err
	}
	return &w.sum, nil
}

// selected is what a selection exports, found by a first pass over its
// events: ids only.
type selected struct {
	entities map[graph.Ref]bool
	events   map[string]bool
	articles map[string]bool
}

func (w *walk) run() error {
	sel := w.opts.Selection
	var picked *selected
	if !sel.IsZero() {
		picked = &selected{entities: map[graph.Ref]bool{}, events: map[string]bool{}, articles: map[string]bool{}}
		err := w.eachEvent(func(evs []*graph.Event) error {
			for _, ev := range evs {
				picked.events[ev.ID] = true
				for _, p := range ev.Participants {
					picked.entities[p.Ref] = true
				}
				if ev.Place != "" {
					picked.entities[graph.Ref{Kind: graph.KindPlace, ID: ev.Place}] = true
				}
				for _, t := range ev.Topics {
					picked.entities[graph.Ref{Kind: graph.KindTopic, ID: t}] = true
				}
				for _, r := range ev.Reports {
					picked.articles[r.Article] = true
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := w.sink.begin(sel.String()); err != nil {
		return err
	}

	// Nodes.
	err := w.eachEntity(picked, func(es []*graph.Entity) error {
		for _, e := range es {
			if err := w.node(entityNode(canonicalEntity(e))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = w.eachEvent(func(evs []*graph.Event) error {
		names, err := w.participantNames(evs)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if picked != nil && !picked.events[ev.ID] {
				continue // appeared after the first pass
			}
			if err := w.node(eventNode(canonicalEvent(ev), names)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = w.eachArticle(picked, func(as []*graph.Article) error {
		for _, a := range as {
			if err := w.node(articleNode(a)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := w.sink.endNodes(); err != nil {
		return err
	}

	// Edges, in the order of their owners.
	err = w.eachEntity(picked, func(es []*graph.Entity) error {
		for _, e := range es {
			if err := w.edges(entityEdges(canonicalEntity(e))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = w.eachEvent(func(evs []*graph.Event) error {
		for _, ev := range evs {
			if err := w.edges(eventEdges(canonicalEvent(ev))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.sink.end()
}

func (w *walk) node(n *node) error {
	if w.written[n.id] {
		return nil
	}
	if w.opts.MaxNodes > 0 && w.sum.Nodes >= w.opts.MaxNodes {
		return fmt.Errorf("%w: more than %d nodes (the graph grew during the export)", ErrTooLarge, w.opts.MaxNodes)
	}
	w.written[n.id] = true
	w.sum.Nodes++
	return w.sink.node(n)
}

func (w *walk) edges(es []edge) error {
	for i := range es {
		e := &es[i]
		if !w.written[e.source] || !w.written[e.target] {
			continue
		}
		e.id = "e" + strconv.Itoa(w.sum.Edges)
		w.sum.Edges++
		if err := w.sink.edge(e); err != nil {
			return err
		}
	}
	return nil
}

// eachEvent pages through the selected events, newest first.
func (w *walk) eachEvent(fn func([]*graph.Event) error) error {
	f := w.opts.Selection.EventFilter()
	page := graph.Page{First: w.pageSize}
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		p, err := w.store.ListEvents(w.ctx, f, page)
		if err != nil {
			return err
		}
		if err := fn(p.Items); err != nil {
			return err
		}
		if !p.HasNext || p.EndCursor == "" {
			return nil
		}
		page.After = p.EndCursor
	}
}

// eachEntity pages through every entity by kind then id, or through the
// picked ones in the same order.
func (w *walk) eachEntity(picked *selected, fn func([]*graph.Entity) error) error {
	if picked == nil {
		for _, k := range graph.EntityKinds {
			page := graph.Page{First: w.pageSize}
			for {
				if err := w.ctx.Err(); err != nil {
					return err
				}
				p, err := w.store.ListEntities(w.ctx, graph.EntityFilter{Kind: k}, page)
				if err != nil {
					return err
				}
				if err := fn(p.Items); err != nil {
					return err
				}
				if !p.HasNext || p.EndCursor == "" {
					break
				}
				page.After = p.EndCursor
			}
		}
		return nil
	}
	refs := slices.SortedFunc(maps.Keys(picked.entities), func(a, b graph.Ref) int {
		return cmp.Or(cmp.Compare(slices.Index(graph.EntityKinds, a.Kind), slices.Index(graph.EntityKinds, b.Kind)), cmp.Compare(a.ID, b.ID))
	})
	return byChunks(w, refs, w.store.Entities, fn)
}

// byChunks fetches keys a page at a time and passes on the values that
// exist.
func byChunks[K, V any](w *walk, keys []K, fetch func(context.Context, []K) ([]*V, error), fn func([]*V) error) error {
	for chunk := range slices.Chunk(keys, w.pageSize) {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		vs, err := fetch(w.ctx, chunk)
		if err != nil {
			return err
		}
		if err := fn(slices.DeleteFunc(vs, func(v *V) bool { return v == nil })); err != nil {
			return err
		}
	}
	return nil
}

// eachArticle pages through every article by id, or through the picked ones.
func (w *walk) eachArticle(picked *selected, fn func([]*graph.Article) error) error {
	if picked == nil {
		page := graph.Page{First: w.pageSize}
		for {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			p, err := w.store.ListArticles(w.ctx, graph.ArticleFilter{}, page)
			if err != nil {
				return err
			}
			if err := fn(p.Items); err != nil {
				return err
			}
			if !p.HasNext || p.EndCursor == "" {
				return nil
			}
			page.After = p.EndCursor
		}
	}
	return byChunks(w, slices.Sorted(maps.Keys(picked.articles)), w.store.Articles, fn)
}

// participantNames fetches the names of a page's participants, in one
// store call, for the events' labels.
func (w *walk) participantNames(evs []*graph.Event) (map[graph.Ref]string, error) {
	seen := map[graph.Ref]bool{}
	var refs []graph.Ref
	for _, ev := range evs {
		for _, p := range ev.Participants {
			if !seen[p.Ref] {
				seen[p.Ref] = true
				refs = append(refs, p.Ref)
			}
		}
	}
	names := make(map[graph.Ref]string, len(refs))
	if len(refs) == 0 {
		return names, nil
	}
	es, err := w.store.Entities(w.ctx, refs)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if e != nil {
			names[e.Ref()] = e.Name
		}
	}
	return names, nil
}
