package model

import (
	"sort"

	"github.com/dipgraph/dipgraph/graph"
)

// The connections keep the filter they were listed with, so that
// totalCount asks the store for a count only when it is selected.

// CountryConnection is a page of countries.
type CountryConnection struct {
	Edges    []*CountryEdge
	PageInfo *PageInfo
	Filter   graph.EntityFilter
}

// Nodes returns the countries of the page.
func (c *CountryConnection) Nodes() []*Country {
	out := make([]*Country, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// PersonConnection is a page of people.
type PersonConnection struct {
	Edges    []*PersonEdge
	PageInfo *PageInfo
	Filter   graph.EntityFilter
}

// Nodes returns the people of the page.
func (c *PersonConnection) Nodes() []*Person {
	out := make([]*Person, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// OrganizationConnection is a page of organizations.
type OrganizationConnection struct {
	Edges    []*OrganizationEdge
	PageInfo *PageInfo
	Filter   graph.EntityFilter
}

// Nodes returns the organizations of the page.
func (c *OrganizationConnection) Nodes() []*Organization {
	out := make([]*Organization, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// PlaceConnection is a page of places.
type PlaceConnection struct {
	Edges    []*PlaceEdge
	PageInfo *PageInfo
	Filter   graph.EntityFilter
}

// Nodes returns the places of the page.
func (c *PlaceConnection) Nodes() []*Place {
	out := make([]*Place, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// TopicConnection is a page of topics.
type TopicConnection struct {
	Edges    []*TopicEdge
	PageInfo *PageInfo
	Filter   graph.EntityFilter
}

// Nodes returns the topics of the page.
func (c *TopicConnection) Nodes() []*Topic {
	out := make([]*Topic, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// EventConnection is a page of events.
type EventConnection struct {
	Edges    []*EventEdge
	PageInfo *PageInfo
	Filter   graph.EventFilter
	// Empty marks a connection whose filter cannot match anything.
	Empty bool
}

// Nodes returns the events of the page.
func (c *EventConnection) Nodes() []*Event {
	out := make([]*Event, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// ArticleConnection is a page of articles.
type ArticleConnection struct {
	Edges    []*ArticleEdge
	PageInfo *PageInfo
	Filter   graph.ArticleFilter
}

// Nodes returns the articles of the page.
func (c *ArticleConnection) Nodes() []*Article {
	out := make([]*Article, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// Path is a shortest path between two nodes.
type Path struct{ P graph.Path }

// Length returns the number of edges.
func (p *Path) Length() int { return len(p.P.Edges) }

// Edges returns the edges of the path.
func (p *Path) Edges() []*GraphEdge { return Edges(p.P.Edges) }

// Edges converts graph edges to their GraphQL form.
func Edges(es []graph.Edge) []*GraphEdge {
	out := make([]*GraphEdge, len(es))
	for i, e := range es {
		out[i] = &GraphEdge{Type: e.Type, From: e.From.String(), To: e.To.String(), Role: Opt(e.Role)}
	}
	return out
}

// Bilateral is a summary of two countries' events.
type Bilateral struct {
	B        *graph.Bilateral
	From, To *string
}

// Events returns the number of events.
func (b *Bilateral) Events() int { return b.B.Events }

// Meetings returns the number of meetings.
func (b *Bilateral) Meetings() int { return b.B.Meetings }

// ByType returns the counts per type and direction.
func (b *Bilateral) ByType() []*graph.TypeCount {
	out := make([]*graph.TypeCount, len(b.B.ByType))
	for i := range b.B.ByType {
		out[i] = &b.B.ByType[i]
	}
	return out
}

// Timeline returns the month buckets.
func (b *Bilateral) Timeline() []*graph.MonthBucket {
	out := make([]*graph.MonthBucket, len(b.B.Timeline))
	for i := range b.B.Timeline {
		out[i] = &b.B.Timeline[i]
	}
	return out
}

// Stats are counts over the whole graph.
type Stats struct{ C *graph.Counts }

// Countries returns the number of countries.
func (s *Stats) Countries() int { return s.C.Nodes[graph.KindCountry] }

// People returns the number of people.
func (s *Stats) People() int { return s.C.Nodes[graph.KindPerson] }

// Organizations returns the number of organizations.
func (s *Stats) Organizations() int { return s.C.Nodes[graph.KindOrganization] }

// Places returns the number of places.
func (s *Stats) Places() int { return s.C.Nodes[graph.KindPlace] }

// Topics returns the number of topics.
func (s *Stats) Topics() int { return s.C.Nodes[graph.KindTopic] }

// Events returns the number of events.
func (s *Stats) Events() int { return s.C.Nodes[graph.KindEvent] }

// Articles returns the number of articles.
func (s *Stats) Articles() int { return s.C.Nodes[graph.KindArticle] }

// Nodes returns the node counts per kind, in kind order.
func (s *Stats) Nodes() []*KindCount { return kindCounts(s.C.Nodes) }

// Edges returns the edge counts per type, in type order.
func (s *Stats) Edges() []*KindCount {
	m := make(map[graph.Kind]int, len(s.C.Edges))
	for k, n := range s.C.Edges {
		m[graph.Kind(k)] = n
	}
	return kindCounts(m)
}

func kindCounts(m map[graph.Kind]int) []*KindCount {
	out := make([]*KindCount, 0, len(m))
	for k, n := range m {
		out = append(out, &KindCount{Kind: string(k), Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}
