package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// Walk implements graph.Walker. It builds every value from the stored
// nodes and relationships, not from the tallies the writer keeps: offices
// from HOLDS edges, a place's country from its IN edge, participants,
// place, topics and reports from an event's edges, mentions from MENTIONS
// edges. So a canonical dump (and Fingerprint) checks what the graph
// really holds, and a node or edge the writer got wrong shows up as an
// error or a different line.
//
// Nodes are read in pages of BatchSize, each page its own read
// transaction: a Walk is not a snapshot while writers run.
func (s *Store) Walk(ctx context.Context, v graph.Visitor) error {
	if err := s.walkPages(ctx, qWalkEntities, func(rec *neo4j.Record) (string, error) {
		e, err := walkEntity(rec)
		if err != nil {
			return "", err
		}
		return entityRef(e.Ref()), v.Entity(e)
	}); err != nil {
		return err
	}
	if err := s.walkPages(ctx, qWalkEvents, func(rec *neo4j.Record) (string, error) {
		ev, err := walkEvent(rec)
		if err != nil {
			return "", err
		}
		return ev.ID, v.Event(ev)
	}); err != nil {
		return err
	}
	return s.walkPages(ctx, qWalkArticles, func(rec *neo4j.Record) (string, error) {
		a := decodeArticle(asMap(rec.Values[0]))
		var ms []graph.Mention
		for _, x := range asList(rec.Values[1]) {
			pair := asList(x)
			if len(pair) != 2 {
				return "", fmt.Errorf("neo4j store: article %s: malformed MENTIONS edge", a.ID)
			}
			r, err := parseEntityRef(str(pair[0]))
			if err != nil {
				return "", fmt.Errorf("neo4j store: article %s: MENTIONS edge: %w", a.ID, err)
			}
			ms = append(ms, graph.Mention{Ref: r, Count: int(num(pair[1]))})
		}
		return a.ID, v.Article(a, ms)
	})
}

// walkPages runs a keyset-paged walk statement until it returns a short
// page; visit returns each record's key, the position of the next page.
func (s *Store) walkPages(ctx context.Context, query string, visit func(*neo4j.Record) (string, error)) error {
	after := ""
	for {
		var recs []*neo4j.Record
		err := s.read(ctx, func(ctx context.Context, t *txn) error {
			var err error
			recs, err = t.run(ctx, query, map[string]any{"after": after, "limit": int64(s.cfg.BatchSize)})
			return err
		})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			key, err := visit(rec)
			if err != nil {
				return err
			}
			after = key
		}
		if len(recs) < s.cfg.BatchSize {
			return nil
		}
	}
}

func walkEntity(rec *neo4j.Record) (*graph.Entity, error) {
	ref := str(rec.Values[0])
	r, err := parseEntityRef(ref)
	if err != nil {
		return nil, err
	}
	labels := strs(rec.Values[1])
	kind, err := kindOfLabels(labels)
	if err != nil {
		return nil, fmt.Errorf("neo4j store: entity %s: %w", ref, err)
	}
	m := asMap(rec.Values[2])
	if kind != r.Kind || str(m["id"]) != r.ID {
		return nil, fmt.Errorf("neo4j store: entity %s has labels %v and id %q", ref, labels, str(m["id"]))
	}
	e := &graph.Entity{Kind: r.Kind, ID: r.ID, Name: str(m["name"]), Country: str(m["country"]),
		Role: str(m["role"]), Class: str(m["class"]), Members: strs(m["members"])}
	texts, langs := strs(m["aliasText"]), strs(m["aliasLang"])
	if len(texts) != len(langs) {
		return nil, fmt.Errorf("neo4j store: entity %s has %d alias texts and %d languages", ref, len(texts), len(langs))
	}
	for i := range texts {
		e.Aliases = append(e.Aliases, graph.Name{Text: texts[i], Lang: langs[i]})
	}
	for _, x := range asList(rec.Values[3]) {
		h := asList(x)
		if len(h) != 4 {
			return nil, fmt.Errorf("neo4j store: entity %s: malformed HOLDS edge", ref)
		}
		t, err := parseEntityRef(str(h[0]))
		if err != nil {
			return nil, fmt.Errorf("neo4j store: entity %s: HOLDS edge: %w", ref, err)
		}
		o := graph.Office{Role: str(h[1]), From: str(h[2]), To: str(h[3])}
		switch t.Kind {
		case graph.KindCountry:
			o.Country = t.ID
		case graph.KindOrganization:
			o.Org = t.ID
		default:
			return nil, fmt.Errorf("neo4j store: entity %s holds an office in a %s", ref, t.Kind)
		}
		e.Offices = append(e.Offices, o)
	}
	// The IN edge is the place's country as the dump sees it: check that it
	// agrees with the property, as EntityLines draws the edge from that.
	ins := strs(rec.Values[4])
	want := 0
	if e.Kind == graph.KindPlace && e.Country != "" {
		want = 1
	}
	if len(ins) != want || (want == 1 && ins[0] != entityRef(graph.Ref{Kind: graph.KindCountry, ID: e.Country})) {
		return nil, fmt.Errorf("neo4j store: entity %s (country %q) has IN edges to %v", ref, e.Country, ins)
	}
	return e, nil
}

func walkEvent(rec *neo4j.Record) (*graph.Event, error) {
	m := asMap(rec.Values[0])
	ev := &graph.Event{ID: str(m["id"]), Type: graph.EventType(str(m["type"])), Date: str(m["date"]),
		Subtype: str(m["subtype"]), Status: str(m["status"])}
	for _, x := range asList(rec.Values[1]) {
		pair := asList(x)
		if len(pair) != 2 {
			return nil, fmt.Errorf("neo4j store: event %s: malformed PARTICIPANT edge", ev.ID)
		}
		r, err := parseEntityRef(str(pair[0]))
		if err != nil {
			return nil, fmt.Errorf("neo4j store: event %s: PARTICIPANT edge: %w", ev.ID, err)
		}
		ev.Participants = append(ev.Participants, graph.Participant{Ref: r, Role: str(pair[1])})
	}
	graph.SortParticipants(ev.Participants)
	places := strs(rec.Values[2])
	if len(places) > 1 {
		return nil, fmt.Errorf("neo4j store: event %s has %d AT edges", ev.ID, len(places))
	}
	for _, p := range places {
		r, err := parseEntityRef(p)
		if err != nil || r.Kind != graph.KindPlace {
			return nil, fmt.Errorf("neo4j store: event %s: AT edge to %q", ev.ID, p)
		}
		ev.Place = r.ID
	}
	for _, tp := range strs(rec.Values[3]) {
		r, err := parseEntityRef(tp)
		if err != nil || r.Kind != graph.KindTopic {
			return nil, fmt.Errorf("neo4j store: event %s: ABOUT edge to %q", ev.ID, tp)
		}
		ev.Topics = append(ev.Topics, r.ID)
	}
	for _, x := range asList(rec.Values[4]) {
		ev.Reports = append(ev.Reports, decodeReport(asMap(x)))
	}
	return ev, nil
}

// Fingerprint implements graph.Store.
func (s *Store) Fingerprint(ctx context.Context) (string, error) { return graph.Fingerprint(ctx, s) }
