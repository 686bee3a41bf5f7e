package schema

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/dipgraph/dipgraph/graph"
)

// Prefetching: when a page of events arrives, the connection's resolver
// asks the loaders at once for the participants, places, topics and
// evidence articles its selection will need. The pages of all parents
// arrive together (one batch), so these loads join one batch per loader,
// instead of depending on hundreds of field goroutines reaching the
// loaders within its wait. Loads of values not selected are not made.

// selects reports whether the selection of the field being resolved
// reaches the field path (through fragments and inline fragments;
// directives are ignored, which can only fetch too much).
func selects(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	if fc == nil || fc.Field.Field == nil || oc == nil || oc.Doc == nil {
		return false
	}
	return reaches(oc.Doc, fc.Field.Selections, path, 0)
}

func reaches(doc *ast.QueryDocument, ss ast.SelectionSet, path []string, spreads int) bool {
	if len(path) == 0 {
		return true
	}
	for _, s := range ss {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == path[0] && reaches(doc, s.SelectionSet, path[1:], spreads) {
				return true
			}
		case *ast.InlineFragment:
			if reaches(doc, s.SelectionSet, path, spreads) {
				return true
			}
		case *ast.FragmentSpread:
			// limits bounds the fan-out; the depth cut guards cycles.
			if f := doc.Fragments.ForName(s.Name); f != nil && spreads < 32 && reaches(doc, f.SelectionSet, path, spreads+1) {
				return true
			}
		}
	}
	return false
}

// selectsNode reports whether a connection's items select path, as
// edges { node { path } } or nodes { path }.
func selectsNode(ctx context.Context, path ...string) bool {
	return selects(ctx, append([]string{"edges", "node"}, path...)...) || selects(ctx, append([]string{"nodes"}, path...)...)
}

// prefetchEvents starts the loads a page of events will need.
func (l *loaders) prefetchEvents(ctx context.Context, evs []*graph.Event) {
	if len(evs) == 0 {
		return
	}
	participants := selectsNode(ctx, "participants")
	place := selectsNode(ctx, "place")
	topics := selectsNode(ctx, "topics")
	articles := selectsNode(ctx, "evidence", "article")
	for _, ev := range evs {
		if participants {
			for _, p := range ev.Participants {
				l.entities.LoadThunk(ctx, p.Ref)
			}
		}
		if place && ev.Place != "" {
			l.entities.LoadThunk(ctx, graph.Ref{Kind: graph.KindPlace, ID: ev.Place})
		}
		if topics {
			for _, t := range ev.Topics {
				l.entities.LoadThunk(ctx, graph.Ref{Kind: graph.KindTopic, ID: t})
			}
		}
		if articles {
			for i, r := range ev.Reports {
				if i == MaxFirst {
					break
				}
				l.articles.LoadThunk(ctx, r.Article)
			}
		}
	}
}
