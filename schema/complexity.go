package schema

import (
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema/generated"
	"github.com/dipgraph/dipgraph/schema/model"
)

// Complexity: every field costs 1 plus its children (gqlgen's default);
// a list multiplies its children by the number of items it may return;
// fields that make the store scan cost more. The arithmetic saturates at
// measureCap, so that no `first` (they are refused outside [1,100] anyway)
// can wrap a product around to a small number.

func satMul(a, b int) int {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > measureCap/b {
		return measureCap
	}
	return min(a*b, measureCap)
}

// pageSize is the multiplier of a `first` argument: the default when
// absent, the value itself otherwise (saturating), the cap when it is not
// positive (such a query is refused before, but must never look cheap).
func pageSize(first *int) int {
	switch {
	case first == nil:
		return DefaultFirst
	case *first < 1:
		return measureCap
	}
	return min(*first, measureCap)
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	if *p < 1 {
		return measureCap
	}
	return min(*p, measureCap)
}

// listCost is the cost of a list of n items with children of cost child.
func listCost(base, child, n int) int { return sat(base, satMul(max(child, 1), n)) }

func connCost(child int, first *int) int { return listCost(1, child, pageSize(first)) }

// eventCountGroups is the number of groups an eventCounts is priced at.
const eventCountGroups = 200

// ingestCostPerArticle prices the extraction and write of one article.
const ingestCostPerArticle = 50

// setComplexity fills the per-field costs.
func setComplexity(c *generated.ComplexityRoot) {
	events := func(child int, first *int, _ *string, _ *model.EventFilter) int { return connCost(child, first) }
	c.Query.Events = events
	c.Country.Events = events
	c.Person.Events = events
	c.Organization.Events = events
	c.Place.Events = events
	c.Topic.Events = events
	c.Article.Events = events
	c.Query.Countries = func(child int, first *int, _ *string, _ *model.CountryFilter) int { return connCost(child, first) }
	c.Query.People = func(child int, first *int, _ *string, _ *model.PersonFilter) int { return connCost(child, first) }
	c.Query.Organizations = func(child int, first *int, _ *string, _ *model.OrganizationFilter) int {
		return connCost(child, first)
	}
	c.Query.Places = func(child int, first *int, _ *string, _ *model.PlaceFilter) int { return connCost(child, first) }
	c.Query.Topics = func(child int, first *int, _ *string, _ *model.TopicFilter) int { return connCost(child, first) }
	c.Query.Articles = func(child int, first *int, _ *string, _ *model.ArticleFilter) int { return connCost(child, first) }
	c.Country.Officials = func(child int, first *int, _ *string, _ *string) int { return connCost(child, first) }
	c.Country.Memberships = func(child int, first *int, _ *string) int { return connCost(child, first) }
	c.Country.Counterparts = func(child int, first *int, _ []graph.EventType, _ *string, _ *string) int {
		return listCost(50, child, pageSize(first))
	}
	c.Person.Counterparts = func(child int, first *int, _ []graph.EventType, _ *string, _ *string) int {
		return listCost(50, child, pageSize(first))
	}
	c.Event.Evidence = func(child int, _ *float64, first *int) int { return listCost(1, child, pageSize(first)) }
	c.Query.Search = func(child int, _ string, _ []graph.Kind, first *int) int { return listCost(10, child, pageSize(first)) }
	c.Query.Path = func(child int, _, _ string, maxHops *int, first *int) int {
		hops := intOr(maxHops, defaultMaxHops)
		return listCost(100, child, satMul(pageSize(first), sat(satMul(2, hops), 1)))
	}
	c.Query.Neighborhood = func(child int, _ string, _ *int, limit *int) int {
		return listCost(100, child, intOr(limit, defaultNeighborhoodLimit))
	}
	c.Query.Nodes = func(child int, ids []string) int { return listCost(1, child, len(ids)) }
	c.Query.Bilateral = func(child int, _, _ string, _, _ *string) int { return sat(50, child) }
	// An aggregation scans every matching event in the store, and may
	// return a group per month, topic or country (pair).
	c.Query.EventCounts = func(child int, _ *model.EventFilter, _ []graph.GroupKey) int {
		return listCost(100, child, eventCountGroups)
	}
	c.Stats.Fingerprint = func(int) int { return 1000 }
	// Writes are priced by the work they cause, so that a cost budget
	// (Options.CostPerMinute) bounds them as well as reads.
	c.Mutation.IngestArticles = func(child int, articles []*model.ArticleInput) int {
		return sat(child, satMul(ingestCostPerArticle, max(len(articles), 1)))
	}
	c.Mutation.DeleteArticle = func(child int, _ string) int { return sat(child, 20) }
	c.Mutation.AddAlias = func(child int, _, _ string, _ *string) int { return sat(child, 20) }
	c.Mutation.MergeEntities = func(child int, _, _ string) int { return sat(child, 500) }

	// Lists without a page argument: a generous length, so that the
	// complexity bounds what a response holds.
	perItem := func(n int) func(int) int { return func(child int) int { return listCost(1, child, n) } }
	c.Event.Participants = perItem(8)
	c.Event.Topics = perItem(4)
	c.Country.Names = perItem(30) // a country has a name in many languages
	c.Person.Names = perItem(20)
	c.Organization.Names = perItem(20)
	c.Place.Names = perItem(20)
	c.Topic.Names = perItem(20)
	c.Person.Offices = perItem(4)
	c.Person.HeldOffice = func(child int, _ *string) int { return listCost(1, child, 2) }
	c.Organization.Members = perItem(200) // the UN has 193
	c.Counterpart.ByType = perItem(len(graph.EventTypes))
	c.PersonCounterpart.ByType = perItem(len(graph.EventTypes))
	c.Bilateral.ByType = perItem(2 * len(graph.EventTypes))
	c.Bilateral.Topics = perItem(20)
	c.Bilateral.Timeline = perItem(60)
	c.EventCount.Keys = perItem(graph.MaxGroupKeys)
	c.Path.Nodes = perItem(1)
	c.Path.Edges = perItem(1)
	c.Path.Events = perItem(1)
	c.Subgraph.Nodes = perItem(1)
	c.Subgraph.Edges = perItem(2)
}
