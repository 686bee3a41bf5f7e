package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
)

// Store is the graph backend the loader and the GraphQL layer talk to.
// graph/memory (embedded, the default) and graph/neo4j implement it, and
// graph/graphtest is the conformance suite both pass.
//
// Every method returns errors wrapping the sentinels of errors.go:
// ErrInvalid for bad input, ErrNotFound, ErrUnavailable/ErrTimeout when the
// backend fails, ErrClosed after Close.
type Store interface {
	Walker

	// Apply writes article graphs, each atomically: its entities are
	// upserted, the facts it contributed before (if it was loaded already)
	// are replaced by the new ones, and everything else is kept. Graphs are
	// validated first; an invalid graph fails alone (its result carries the
	// error) and the others are written. The returned error is for the batch
	// as a whole (store unavailable): then the caller cannot know which
	// graphs were written and must re-apply them, which is safe.
	Apply(ctx context.Context, graphs []ArticleGraph) ([]ApplyResult, error)
	// DeleteArticle removes an article and retracts the facts only it
	// supported. ErrNotFound when it does not exist.
	DeleteArticle(ctx context.Context, id string) error
	// ArticleHashes returns the content hash stored for each id that exists.
	ArticleHashes(ctx context.Context, ids []string) (map[string]string, error)

	// AddAlias adds a curated alias to an entity (to the one it was merged
	// into, if it was) and returns the entity as it now is. The alias stays
	// when the articles change (see Curation); adding it again changes
	// nothing. ErrNotFound when no such entity exists, ErrInvalid for a bad
	// alias (see CheckAlias).
	AddAlias(ctx context.Context, ref Ref, alias Name) (*Entity, error)
	// MergeEntities makes drop the same entity as keep: every event
	// participation, office, membership, mention and alias of drop moves to
	// keep with its evidence, drop's name becomes an alias of keep, and
	// articles loaded later that name drop land on keep. It returns keep as
	// it now is. Merging again what was merged changes nothing.
	// ErrNotFound when keep or drop does not exist; ErrInvalid for two
	// kinds, an entity into itself, or one merged away (see Curation.Merge).
	MergeEntities(ctx context.Context, keep, drop Ref) (*Entity, error)
	// Curation returns the store's curation (a copy the caller may keep).
	Curation(ctx context.Context) (*Curation, error)

	// Entities returns the entities for refs, in order, nil where missing.
	Entities(ctx context.Context, refs []Ref) ([]*Entity, error)
	// Events returns the events for ids, with their reports, nil where missing.
	Events(ctx context.Context, ids []string) ([]*Event, error)
	// Articles returns the articles for ids, nil where missing.
	Articles(ctx context.Context, ids []string) ([]*Article, error)

	// ListEntities pages through entities of one kind ordered by id.
	ListEntities(ctx context.Context, f EntityFilter, p Page) (*EntityPage, error)
	// CountEntities counts what ListEntities would return, without rows.
	CountEntities(ctx context.Context, f EntityFilter) (int, error)
	// ListEvents pages through events, newest first (undated last), then by id.
	ListEvents(ctx context.Context, f EventFilter, p Page) (*EventPage, error)
	// CountEvents counts what ListEvents would return.
	CountEvents(ctx context.Context, f EventFilter) (int, error)
	// ListEventsBatch answers ListEvents for each filter with the same
	// page, in one call (one read lock, one transaction): results in the
	// order of filters. An error fails the whole batch.
	ListEventsBatch(ctx context.Context, filters []EventFilter, p Page) ([]*EventPage, error)
	// CountEventsBatch answers CountEvents for each filter, in order, in
	// one call.
	CountEventsBatch(ctx context.Context, filters []EventFilter) ([]int, error)
	// EventCounts counts the events ListEvents would return for f, grouped
	// by the keys of groupBy (see GroupKey and CheckGroupBy), sorted by
	// keys. An event counts once in each group it falls in.
	EventCounts(ctx context.Context, f EventFilter, groupBy []GroupKey) ([]GroupCount, error)
	// ListArticles pages through articles ordered by id.
	ListArticles(ctx context.Context, f ArticleFilter, p Page) (*ArticlePage, error)
	// CountArticles counts what ListArticles would return.
	CountArticles(ctx context.Context, f ArticleFilter) (int, error)

	// Search finds entities whose name or an alias matches query in any
	// script, best first.
	Search(ctx context.Context, query string, kinds []Kind, limit int) ([]SearchHit, error)
	// Neighborhood returns the subgraph within depth hops of ref over
	// event, office and location edges (articles excluded), at most limit nodes.
	Neighborhood(ctx context.Context, ref Ref, depth, limit int) (*Subgraph, error)
	// ShortestPaths returns the shortest paths (at most limit) between two
	// nodes over the same edges, of at most maxHops edges.
	ShortestPaths(ctx context.Context, from, to Ref, maxHops, limit int) ([]Path, error)
	// Bilateral summarizes the events between two countries in a date range.
	Bilateral(ctx context.Context, a, b string, from, to string) (*Bilateral, error)
	// Counts returns the number of nodes per kind and edges per type.
	Counts(ctx context.Context) (*Counts, error)
	// Fingerprint hashes the whole graph's content (see Fingerprint).
	Fingerprint(ctx context.Context) (string, error)

	Close() error
}

// ApplyResult is the outcome for one article graph of an Apply call.
type ApplyResult struct {
	ArticleID string
	// Unchanged: the stored article had the same content hash; nothing written.
	Unchanged bool
	// Replaced: an earlier version was replaced.
	Replaced bool
	Err      error
	// NodesCreated and NodesDeleted count entity and event nodes.
	NodesCreated, NodesDeleted int
}

// Page asks for First items after the opaque cursor After.
type Page struct {
	First int
	After string
}

// DefaultPageSize and MaxPageSize bound Page.First.
const (
	DefaultPageSize = 20
	MaxPageSize     = 1000
)

// Limit returns First bounded to [1, MaxPageSize], DefaultPageSize when unset.
func (p Page) Limit() int {
	switch {
	case p.First <= 0:
		return DefaultPageSize
	case p.First > MaxPageSize:
		return MaxPageSize
	}
	return p.First
}

// Cursor is the keyset position after which a page starts: the sort key of
// the last item returned. It survives inserts, unlike an offset.
type Cursor struct {
	Date string `json:"d,omitempty"`
	ID   string `json:"i"`
}

// Encode returns the opaque cursor string.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor parses a cursor; "" is the start. ErrInvalid otherwise.
func DecodeCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c Cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, fmt.Errorf("%w: malformed cursor", ErrInvalid)
	}
	return &c, nil
}

// EntityFilter selects entities. Zero fields do not filter.
type EntityFilter struct {
	Kind       Kind   // required
	NamePrefix string // matched against the keys of the name and aliases
	Country    string // Person, Place: the country; Organization: a member
	Role       string // Person: the role (or any office's role)
}

// EventFilter selects events. Lists of participants must all take part.
type EventFilter struct {
	Types         []EventType
	Countries     []string
	People        []string
	Organizations []string
	Topics        []string // any of
	Place         string
	From, To      string // inclusive ISO days; a range excludes undated events
	Language      string // reported in an article of this language
	Article       string // reported in this article
	MinConfidence float64
}

// ArticleFilter selects articles.
type ArticleFilter struct {
	Lang     string
	Source   string
	From, To string // published, inclusive
}

// EntityPage is one page of entities.
type EntityPage struct {
	Items     []*Entity
	EndCursor string
	HasNext   bool
}

// EventPage is one page of events.
type EventPage struct {
	Items     []*Event
	EndCursor string
	HasNext   bool
}

// ArticlePage is one page of articles.
type ArticlePage struct {
	Items     []*Article
	EndCursor string
	HasNext   bool
}

// SearchHit is one search result.
type SearchHit struct {
	Entity *Entity
	// Matched is the name or alias that matched.
	Matched string
	// Score ranks hits: higher is better.
	Score float64
}

// Edge is a drawn edge of a subgraph or path.
type Edge struct {
	Type string
	From Ref
	To   Ref
	Role string `json:",omitempty"`
}

// Subgraph is a set of nodes and the edges between them.
type Subgraph struct {
	Entities  []*Entity
	Events    []*Event
	Edges     []Edge
	Truncated bool
}

// Path is a sequence of nodes, alternating entities and events, from one
// entity to another.
type Path struct {
	Nodes []Ref
	Edges []Edge
}

// TypeCount counts events of one type in one direction between two countries.
type TypeCount struct {
	Type   EventType
	Source string // "" for symmetric types
	Target string
	Count  int
}

// KeyCount is a count for a key such as a topic.
type KeyCount struct {
	Key   string
	Count int
}

// MonthBucket counts events of one type in one month (YYYY-MM).
type MonthBucket struct {
	Month string
	Type  EventType
	Count int
}

// Bilateral summarizes the events two countries both take part in.
type Bilateral struct {
	A, B     string
	Events   int
	Meetings int
	ByType   []TypeCount // sorted by type, source
	Topics   []KeyCount  // topics of cooperate/agree events, most frequent first
	Timeline []MonthBucket
}

// Counts holds node counts per kind and edge counts per type.
type Counts struct {
	Nodes map[Kind]int
	Edges map[string]int
}

// GroupKey is a key events are grouped by in EventCounts.
type GroupKey string

// The group keys. An event falls in one group per key value: one month,
// year and type, but one per topic and per country (none when it has
// none). Undated events have the month and year "".
const (
	GroupMonth   GroupKey = "MONTH" // YYYY-MM of the date
	GroupYear    GroupKey = "YEAR"  // YYYY of the date
	GroupType    GroupKey = "TYPE"
	GroupTopic   GroupKey = "TOPIC"   // each topic id
	GroupCountry GroupKey = "COUNTRY" // each participating country's code
	// GroupCounterpart is each participant of the same kind as the
	// filter's one actor (exactly one country, or exactly one person and
	// no country) other than that actor: its counterparts.
	GroupCounterpart GroupKey = "COUNTERPART"
)

// Generational is implemented by stores that count the changes of their
// content (every committed write), so that what was computed from them can
// be kept until the next change; ok is false when the store keeps no count
// (wrappers implement it whatever they wrap).
type Generational interface {
	Generation() (n uint64, ok bool)
}

// Generation returns s's change count, when it keeps one.
func Generation(s Store) (uint64, bool) {
	if g, ok := s.(Generational); ok {
		return g.Generation()
	}
	return 0, false
}

// MaxGroupKeys bounds the keys of one EventCounts call.
const MaxGroupKeys = 2

// GroupCount is the number of events in one group.
type GroupCount struct {
	Keys  []string // one per group key, in the order asked
	Count int
}

// CounterpartSelf is the actor whose counterparts COUNTERPART counts in
// filter f: its one country, or its one person when it names no country.
func CounterpartSelf(f EventFilter) (Ref, bool) {
	switch {
	case len(f.Countries) == 1:
		return Ref{Kind: KindCountry, ID: f.Countries[0]}, true
	case len(f.Countries) == 0 && len(f.People) == 1:
		return Ref{Kind: KindPerson, ID: f.People[0]}, true
	}
	return Ref{}, false
}

// CheckGroupBy validates the groupBy of an EventCounts call for filter f:
// 1 to MaxGroupKeys known keys, no key twice, and COUNTERPART only with
// one actor to count the counterparts of (CounterpartSelf). ErrInvalid
// otherwise.
func CheckGroupBy(f EventFilter, groupBy []GroupKey) error {
	if len(groupBy) == 0 || len(groupBy) > MaxGroupKeys {
		return fmt.Errorf("%w: group by 1 to %d keys, not %d", ErrInvalid, MaxGroupKeys, len(groupBy))
	}
	for i, k := range groupBy {
		switch k {
		case GroupMonth, GroupYear, GroupType, GroupTopic, GroupCountry:
		case GroupCounterpart:
			if _, ok := CounterpartSelf(f); !ok {
				return fmt.Errorf("%w: COUNTERPART needs exactly one country, or one person and no country, in the filter", ErrInvalid)
			}
		default:
			return fmt.Errorf("%w: unknown group key %q", ErrInvalid, k)
		}
		if slices.Contains(groupBy[:i], k) {
			return fmt.Errorf("%w: group key %s given twice", ErrInvalid, k)
		}
	}
	return nil
}

// SortGroupCounts sorts groups by their keys.
func SortGroupCounts(gs []GroupCount) {
	slices.SortFunc(gs, func(a, b GroupCount) int { return slices.Compare(a.Keys, b.Keys) })
}
