package neo4j

import (
	"context"
	"slices"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

// An event's _pairs property lists every two of its countries, each pair
// as pairSep a pairJoin b pairSep with a < b, sorted: a text index finds
// the events of two countries by the one substring their pair makes. Keys
// cannot hold the two separators (graph.Validate refuses them), so no
// substring of other keys can look like a pair.
const (
	pairSep  = "\x1f"
	pairJoin = "\x1e"
)

// maxPairsLen keeps _pairs within what the text index holds (32 KB); an
// event with longer pairs (dozens of countries with long keys) is marked
// _pairsOverflow and checked edge by edge.
var maxPairsLen = 30000

// pairToken is the substring of _pairs that marks the pair of a and b.
func pairToken(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return pairSep + a + pairJoin + b + pairSep
}

// countryPairs gives the _pairs of an event with these countries (in any
// order, repeats allowed), and false when they overflow the index.
func countryPairs(countries []string) (string, bool) {
	ids := slices.Clone(countries)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var b strings.Builder
	b.WriteString(pairSep)
	for i, a := range ids {
		for _, o := range ids[i+1:] {
			b.WriteString(a)
			b.WriteString(pairJoin)
			b.WriteString(o)
			b.WriteString(pairSep)
			if b.Len() > maxPairsLen {
				return "", false
			}
		}
	}
	return b.String(), true
}

// setParticipantProps sets the properties of a new event that its participants
// decide, among props: _pairs (or _pairsOverflow), and _multi, the refs of
// the participants it names more than once (a country both source and
// target), each once per edge past the first. An entity's events are then
// counted from its degree less its entries in _multi.
func setParticipantProps(props map[string]any, parts []graph.Participant) {
	var countries, refs []string
	for _, p := range parts {
		if p.Ref.Kind == graph.KindCountry {
			countries = append(countries, p.Ref.ID)
		}
		refs = append(refs, entityRef(p.Ref))
	}
	pairs, ok := countryPairs(countries)
	if ok {
		props["_pairs"], props["_pairsOverflow"] = pairs, nil
	} else {
		props["_pairs"], props["_pairsOverflow"] = nil, true
	}
	props["_multi"] = nil
	slices.Sort(refs)
	var multi []string
	for i := 1; i < len(refs); i++ {
		if refs[i] == refs[i-1] {
			multi = append(multi, refs[i])
		}
	}
	if len(multi) > 0 {
		props["_multi"] = multi
	}
}

// backfillEventPairs gives the events written before migration 6 the
// properties setParticipantProps gives new ones, a batch of events (in id
// order) per transaction. Run again after a crash, it writes the same
// values.
func (s *Store) backfillEventPairs(ctx context.Context) error {
	after := ""
	for {
		var last string
		err := s.schema(ctx, func(ctx context.Context, t *txn) error {
			recs, err := t.run(ctx, qEventCountries, map[string]any{"after": after, "limit": int64(backfillBatch)})
			if err != nil {
				return err
			}
			rows := make([]map[string]any, 0, len(recs))
			last = ""
			for _, rec := range recs {
				id := str(rec.Values[0])
				props := map[string]any{}
				var parts []graph.Participant
				for _, ref := range strs(rec.Values[1]) {
					r, err := parseEntityRef(ref)
					if err != nil {
						return err
					}
					parts = append(parts, graph.Participant{Ref: r})
				}
				setParticipantProps(props, parts)
				rows = append(rows, map[string]any{"id": id, "props": props})
				last = id
			}
			_, err = t.run(ctx, qSetEventProps, map[string]any{"rows": rows})
			return err
		})
		if err != nil || last == "" {
			return err
		}
		after = last
	}
}

const backfillBatch = 5000
