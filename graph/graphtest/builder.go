package graphtest

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

// C, P, O, PL and T name a country, person, organization, place and topic.
func C(code string) graph.Ref { return graph.Ref{Kind: graph.KindCountry, ID: code} }

// P names a person.
func P(id string) graph.Ref { return graph.Ref{Kind: graph.KindPerson, ID: id} }

// O names an organization.
func O(id string) graph.Ref { return graph.Ref{Kind: graph.KindOrganization, ID: id} }

// PL names a place.
func PL(id string) graph.Ref { return graph.Ref{Kind: graph.KindPlace, ID: id} }

// T names a topic.
func T(id string) graph.Ref { return graph.Ref{Kind: graph.KindTopic, ID: id} }

// countryNames gives the canonical English name of the countries the suite
// uses; Country falls back to the code for others.
var countryNames = map[string]string{
	"CN": "China", "RU": "Russia", "IN": "India", "PK": "Pakistan", "US": "United States",
	"FR": "France", "DE": "Germany", "JP": "Japan", "GB": "United Kingdom", "BR": "Brazil",
	"UA": "Ukraine", "IR": "Iran", "ZA": "South Africa", "DK": "Denmark", "TR": "Turkey",
	"AR": "Argentina", "CL": "Chile", "EG": "Egypt", "GH": "Ghana", "IT": "Italy", "KE": "Kenya",
}

// Builder assembles one valid graph.ArticleGraph. Its methods chain:
//
//	g := graphtest.NewArticle("a1").Lang("hi").Published("2024-07-15").
//		Country("CN", "चीन").Country("RU", "रूस").
//		Person("wang-yi", "Wang Yi", "CN", "foreign minister", "वांग यी").
//		Meeting("2024-07-14", graphtest.P("wang-yi"), graphtest.C("CN"), graphtest.C("RU")).
//		Subtype("talks").At("moscow").About("ukraine").
//		Build()
//
// Aliases given without a language take the article's language. Build
// closes the graph: countries and topics that are referred to but not
// declared are added with a mention count of 0; every entity gets a
// Mention (count 1 unless set with Mention); events are normalized with
// graph.NormalizeEvent and carry one Report from the article. Build panics
// if the result does not pass Validate: that is a bug in the test.
type Builder struct {
	art      graph.Article
	ents     []*graph.Entity
	byRef    map[graph.Ref]*graph.Entity
	counts   map[graph.Ref]int
	events   []*graph.Event
	hashSet  bool
	implicit map[graph.Ref]bool // declared by Build, mention count 0
}

// NewArticle starts an article graph with the given id.
func NewArticle(id string) *Builder {
	return &Builder{
		art:      graph.Article{ID: id, URL: "https://example.org/" + id, Extractor: "graphtest/1"},
		byRef:    map[graph.Ref]*graph.Entity{},
		counts:   map[graph.Ref]int{},
		implicit: map[graph.Ref]bool{},
	}
}

// Lang sets the article's language (and that of aliases given without one).
func (b *Builder) Lang(l string) *Builder { b.art.Lang = l; return b }

// Title sets the article's title.
func (b *Builder) Title(s string) *Builder { b.art.Title = s; return b }

// Source sets the article's source.
func (b *Builder) Source(s string) *Builder { b.art.Source = s; return b }

// Published sets the article's publication date.
func (b *Builder) Published(d string) *Builder { b.art.Published = d; return b }

// URL sets the article's URL.
func (b *Builder) URL(u string) *Builder { b.art.URL = u; return b }

// Extractor sets the article's extractor version.
func (b *Builder) Extractor(x string) *Builder { b.art.Extractor = x; return b }

// Hash sets the content hash; by default Build derives it from the content,
// so that two builders with different content get different hashes.
func (b *Builder) Hash(h string) *Builder { b.art.ContentHash = h; b.hashSet = true; return b }

// aliases turns alias texts into names in the article's language; the
// language is filled in by Build (Lang may come later in the chain).
func aliases(texts []string) []graph.Name {
	var out []graph.Name
	for _, t := range texts {
		out = append(out, graph.Name{Text: t, Lang: "\x00"})
	}
	return out
}

// Entity adds (or, for a ref already present, replaces) an entity as given.
func (b *Builder) Entity(e graph.Entity) *Builder {
	e.Aliases = append([]graph.Name(nil), e.Aliases...)
	e.Offices = append([]graph.Office(nil), e.Offices...)
	e.Members = append([]string(nil), e.Members...)
	if old := b.byRef[e.Ref()]; old != nil {
		*old = e
		return b
	}
	p := &e
	b.ents = append(b.ents, p)
	b.byRef[e.Ref()] = p
	return b
}

// Country adds a country with its English name and aliases in the
// article's language.
func (b *Builder) Country(code string, alias ...string) *Builder {
	name := countryNames[code]
	if name == "" {
		name = code
	}
	return b.Entity(graph.Entity{Kind: graph.KindCountry, ID: code, Name: name, Aliases: aliases(alias)})
}

// Person adds a person representing country with role; a non-empty role
// also gives the person an office (a HOLDS edge) in that country.
func (b *Builder) Person(id, name, country, role string, alias ...string) *Builder {
	e := graph.Entity{Kind: graph.KindPerson, ID: id, Name: name, Country: country, Role: role, Aliases: aliases(alias)}
	if role != "" && country != "" {
		e.Offices = []graph.Office{{Role: role, Country: country}}
	}
	return b.Entity(e)
}

// Org adds an organization with its member states.
func (b *Builder) Org(id, name string, members ...string) *Builder {
	return b.Entity(graph.Entity{Kind: graph.KindOrganization, ID: id, Name: name, Members: members})
}

// Place adds a place in a country.
func (b *Builder) Place(id, name, country, class string, alias ...string) *Builder {
	return b.Entity(graph.Entity{Kind: graph.KindPlace, ID: id, Name: name, Country: country, Class: class, Aliases: aliases(alias)})
}

// Topic adds a topic.
func (b *Builder) Topic(id, name string, alias ...string) *Builder {
	return b.Entity(graph.Entity{Kind: graph.KindTopic, ID: id, Name: name, Aliases: aliases(alias)})
}

// Alias adds an alias in an explicit language ("" allowed) to a declared entity.
func (b *Builder) Alias(r graph.Ref, lang, text string) *Builder {
	e := b.byRef[r]
	if e == nil {
		panic(fmt.Sprintf("graphtest: Alias: %s is not declared", r))
	}
	e.Aliases = append(e.Aliases, graph.Name{Text: text, Lang: lang})
	return b
}

// Mention sets the mention count of an entity (default 1).
func (b *Builder) Mention(r graph.Ref, count int) *Builder { b.counts[r] = count; return b }

// Event adds an event of type typ between source and target (roles
// source/target; symmetric types lose them when normalized).
func (b *Builder) Event(typ graph.EventType, date string, source, target graph.Ref) *Builder {
	return b.addEvent(typ, date, []graph.Participant{{Ref: source, Role: graph.RoleSource}, {Ref: target, Role: graph.RoleTarget}})
}

// Meeting adds a meeting (type meet) between the participants.
func (b *Builder) Meeting(date string, refs ...graph.Ref) *Builder {
	return b.Multi(graph.EventMeet, date, refs...)
}

// Multi adds an event of type typ whose participants all have the role
// participant.
func (b *Builder) Multi(typ graph.EventType, date string, refs ...graph.Ref) *Builder {
	ps := make([]graph.Participant, len(refs))
	for i, r := range refs {
		ps[i] = graph.Participant{Ref: r, Role: graph.RoleParticipant}
	}
	return b.addEvent(typ, date, ps)
}

func (b *Builder) addEvent(typ graph.EventType, date string, ps []graph.Participant) *Builder {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Ref.ID
	}
	sentence := fmt.Sprintf("%s %s %s.", strings.Join(names, ", "), typ, date)
	b.events = append(b.events, &graph.Event{Type: typ, Date: date, Participants: ps,
		Reports: []graph.Report{{Sentence: sentence, Start: 0, End: len(sentence), Confidence: 0.9, Extractor: "graphtest/1"}}})
	return b
}

func (b *Builder) last(method string) *graph.Report {
	if len(b.events) == 0 {
		panic("graphtest: " + method + " needs an event before it")
	}
	return &b.events[len(b.events)-1].Reports[0]
}

// Subtype sets the last event's reported subtype (talks, call, visit, summit).
func (b *Builder) Subtype(s string) *Builder { b.last("Subtype").Subtype = s; return b }

// Status sets the last event's reported status.
func (b *Builder) Status(s string) *Builder { b.last("Status").Status = s; return b }

// At sets the last event's reported place; the place must be declared.
func (b *Builder) At(place string) *Builder { b.last("At").Place = place; return b }

// About adds topics to the last event's report.
func (b *Builder) About(topics ...string) *Builder {
	r := b.last("About")
	r.Topics = append(r.Topics, topics...)
	return b
}

// Confidence sets the last event's report confidence.
func (b *Builder) Confidence(c float64) *Builder { b.last("Confidence").Confidence = c; return b }

// Sentence sets the last event's evidence sentence and its byte span.
func (b *Builder) Sentence(s string, start int) *Builder {
	r := b.last("Sentence")
	r.Sentence, r.Start, r.End = s, start, start+len(s)
	return b
}

// need declares r implicitly when it is a country or topic not yet declared.
func (b *Builder) need(r graph.Ref) {
	if _, ok := b.byRef[r]; ok || r.ID == "" {
		return
	}
	switch r.Kind {
	case graph.KindCountry:
		b.Country(r.ID)
	case graph.KindTopic:
		b.Topic(r.ID, r.ID)
	default:
		panic(fmt.Sprintf("graphtest: article %s refers to %s, which it does not declare", b.art.ID, r))
	}
	if _, set := b.counts[r]; !set {
		b.implicit[r] = true
	}
}

// Build returns the article graph. It panics if the graph is invalid.
func (b *Builder) Build() graph.ArticleGraph {
	g := b.BuildUnchecked()
	if err := g.Validate(); err != nil {
		panic(fmt.Sprintf("graphtest: builder for article %s made an invalid graph: %v", b.art.ID, err))
	}
	return g
}

// BuildUnchecked is Build without the final validation, for tests that
// break a graph on purpose afterwards.
func (b *Builder) BuildUnchecked() graph.ArticleGraph {
	for _, e := range append([]*graph.Entity(nil), b.ents...) {
		if e.Kind == graph.KindPerson || e.Kind == graph.KindPlace {
			b.need(C(e.Country))
		}
		for _, o := range e.Offices {
			b.need(o.Target())
		}
	}
	for _, ev := range b.events {
		for _, p := range ev.Participants {
			b.need(p.Ref)
		}
		r := ev.Reports[0]
		if r.Place != "" {
			b.need(PL(r.Place))
		}
		for _, t := range r.Topics {
			b.need(T(t))
		}
	}
	g := graph.ArticleGraph{Article: b.art}
	for _, e := range b.ents {
		c := *e
		c.Aliases = nil
		for _, a := range e.Aliases {
			if a.Lang == "\x00" {
				a.Lang = b.art.Lang
			}
			c.Aliases = append(c.Aliases, a)
		}
		c.Offices = append([]graph.Office(nil), e.Offices...)
		c.Members = append([]string(nil), e.Members...)
		if len(c.Members) == 0 {
			c.Members = nil
		}
		g.Entities = append(g.Entities, c)
		n, set := b.counts[e.Ref()]
		if !set {
			n = 1
			if b.implicit[e.Ref()] {
				n = 0
			}
		}
		g.Mentions = append(g.Mentions, graph.Mention{Ref: e.Ref(), Count: n})
	}
	for _, ev := range b.events {
		c := *ev
		c.Participants = append([]graph.Participant(nil), ev.Participants...)
		r := ev.Reports[0]
		r.Article = b.art.ID
		r.Topics = append([]string(nil), r.Topics...)
		c.Reports = []graph.Report{r}
		graph.NormalizeEvent(&c, b.art.ID)
		g.Events = append(g.Events, c)
	}
	if !b.hashSet {
		g.Article.ContentHash = ""
		j, err := json.Marshal(g)
		if err != nil {
			panic(err)
		}
		g.Article.ContentHash = graph.ContentHash(string(j))
	}
	return g
}

// EventIDOf returns the id the builder gives an event of type typ between
// the participants (roles as Event and Meeting give them); article matters
// only for undated events.
func EventIDOf(typ graph.EventType, date, article string, source graph.Ref, others ...graph.Ref) string {
	var ps []graph.Participant
	if len(others) == 1 && !typ.Symmetric() {
		ps = []graph.Participant{{Ref: source, Role: graph.RoleSource}, {Ref: others[0], Role: graph.RoleTarget}}
	} else {
		ps = append(ps, graph.Participant{Ref: source, Role: graph.RoleParticipant})
		for _, r := range others {
			ps = append(ps, graph.Participant{Ref: r, Role: graph.RoleParticipant})
		}
	}
	ev := graph.Event{Type: typ, Date: date, Participants: ps}
	graph.NormalizeEvent(&ev, article)
	return ev.ID
}
