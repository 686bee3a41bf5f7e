package extract

import (
	"sort"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/dict"
)

// Result is what one article yields, in the prediction format of the
// corpus scorer (extra fields carry the evidence), plus what the graph needs.
type Result struct {
	ID            string       `json:"id"`
	Lang          string       `json:"lang"`
	Countries     []CountryOut `json:"countries"`
	People        []PersonOut  `json:"people"`
	Organizations []NamedOut   `json:"organizations"`
	Places        []PlaceOut   `json:"places"`
	Topics        []TopicOut   `json:"topics"`
	Events        []*Event     `json:"events"`
	Relations     []*Relation  `json:"relations"`
	Extractor     string       `json:"extractor"`
	doc           *doc         `json:"-"`
}

// CountryOut is a state the article names.
type CountryOut struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Names    []string `json:"names"`
	Mentions int      `json:"mentions"`
}

// PersonOut is a person the article names.
type PersonOut struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Names      []string `json:"names"`
	Country    *string  `json:"country"`
	Role       *string  `json:"role"`
	Known      bool     `json:"known"`
	Confidence float64  `json:"confidence"`
	Mentions   int      `json:"mentions"`
}

// NamedOut is an organization the article names.
type NamedOut struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Names    []string `json:"names"`
	Mentions int      `json:"mentions"`
}

// PlaceOut is a place where something happens.
type PlaceOut struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Names    []string `json:"names"`
	Country  string   `json:"country,omitempty"`
	Mentions int      `json:"mentions"`
}

// TopicOut is a topic the article discusses.
type TopicOut struct {
	ID       string `json:"id"`
	Mentions int    `json:"mentions"`
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (d *doc) result() *Result {
	r := &Result{ID: d.in.ID, Lang: d.lang, Extractor: d.x.version, doc: d}
	for _, code := range sortedKeys(d.countries) {
		c := d.countries[code]
		name := code
		if dc := d.x.countries[code]; dc != nil {
			name = dc.Name
		}
		r.Countries = append(r.Countries, CountryOut{Code: code, Name: name, Names: c.names, Mentions: c.count})
	}
	for _, id := range sortedKeys(d.people) {
		p := d.people[id]
		r.People = append(r.People, PersonOut{ID: id, Name: p.name, Names: p.names, Country: strp(p.country), Role: strp(p.role),
			Known: p.known != nil, Confidence: p.conf, Mentions: p.count})
	}
	for _, id := range sortedKeys(d.orgs) {
		o := d.orgs[id]
		name := id
		if do := d.x.orgs[id]; do != nil {
			name = do.Name
		} else if n := d.ministryNames[id]; n != "" {
			name = n
		}
		r.Organizations = append(r.Organizations, NamedOut{ID: id, Name: name, Names: o.names, Mentions: o.count})
	}
	for _, id := range sortedKeys(d.places) {
		p := d.places[id]
		dp := d.x.places[id]
		r.Places = append(r.Places, PlaceOut{ID: id, Name: dp.Name, Names: p.names, Country: dp.Country, Mentions: p.count})
	}
	for _, id := range sortedKeys(d.topics) {
		r.Topics = append(r.Topics, TopicOut{ID: id, Mentions: d.topics[id].count})
	}
	for _, m := range d.meetings {
		m.Participants, m.ParticipantIDs = nil, nil
		for _, p := range m.people {
			m.Participants = append(m.Participants, p.name)
			m.ParticipantIDs = append(m.ParticipantIDs, p.id)
		}
		if p := d.x.places[m.PlaceID]; p != nil {
			m.Place = &p.Name
		}
		r.Events = append(r.Events, m)
	}
	r.Relations = d.relations
	if r.Countries == nil {
		r.Countries = []CountryOut{}
	}
	if r.People == nil {
		r.People = []PersonOut{}
	}
	if r.Organizations == nil {
		r.Organizations = []NamedOut{}
	}
	if r.Places == nil {
		r.Places = []PlaceOut{}
	}
	if r.Topics == nil {
		r.Topics = []TopicOut{}
	}
	if r.Events == nil {
		r.Events = []*Event{}
	}
	if r.Relations == nil {
		r.Relations = []*Relation{}
	}
	return r
}

// Graph turns the result into the graph of one article: entities with the
// forms seen, mentions, and events with their evidence. Every entity an
// office or a place refers to is included (with a mention count of 0) so
// that the graph is closed, as graph.ArticleGraph.Validate requires.
func (r *Result) Graph(a graph.Article) graph.ArticleGraph {
	d := r.doc
	g := graph.ArticleGraph{Article: a}
	ents := map[graph.Ref]*graph.Entity{}
	counts := map[graph.Ref]int{}
	lang := d.lang
	aliases := func(names []string) []graph.Name {
		var out []graph.Name
		for _, n := range names {
			out = append(out, graph.Name{Text: n, Lang: lang})
		}
		return out
	}
	var need func(ref graph.Ref)
	put := func(e *graph.Entity, count int) {
		ref := e.Ref()
		if old := ents[ref]; old != nil {
			old.Aliases = append(old.Aliases, e.Aliases...)
		} else {
			ents[ref] = e
		}
		counts[ref] += count
	}
	need = func(ref graph.Ref) {
		if ents[ref] != nil {
			return
		}
		switch ref.Kind {
		case graph.KindCountry:
			name := ref.ID
			if c := d.x.countries[ref.ID]; c != nil {
				name = c.Name
			}
			put(&graph.Entity{Kind: graph.KindCountry, ID: ref.ID, Name: name}, 0)
		case graph.KindOrganization:
			name := ref.ID
			var members []string
			if o := d.x.orgs[ref.ID]; o != nil {
				name, members = o.Name, o.Members
			}
			if n := d.ministryNames[ref.ID]; n != "" {
				name = n
			}
			put(&graph.Entity{Kind: graph.KindOrganization, ID: ref.ID, Name: name, Members: members, Class: orgClass(d.x.orgs[ref.ID])}, 0)
		}
	}
	for _, c := range r.Countries {
		put(&graph.Entity{Kind: graph.KindCountry, ID: c.Code, Name: c.Name, Aliases: aliases(c.Names)}, c.Mentions)
	}
	for _, o := range r.Organizations {
		dorg := d.x.orgs[o.ID]
		var members []string
		if dorg != nil {
			members = dorg.Members
		}
		put(&graph.Entity{Kind: graph.KindOrganization, ID: o.ID, Name: o.Name, Aliases: aliases(o.Names), Members: members, Class: orgClass(dorg)}, o.Mentions)
	}
	for _, p := range r.Places {
		put(&graph.Entity{Kind: graph.KindPlace, ID: p.ID, Name: p.Name, Aliases: aliases(p.Names), Country: p.Country, Class: d.x.places[p.ID].Kind}, p.Mentions)
		if p.Country != "" {
			need(graph.Ref{Kind: graph.KindCountry, ID: p.Country})
		}
	}
	for _, t := range r.Topics {
		name := t.ID
		if dt := d.x.topics[t.ID]; dt != nil && dt.Name != "" {
			name = dt.Name
		}
		put(&graph.Entity{Kind: graph.KindTopic, ID: t.ID, Name: name}, t.Mentions)
	}
	for _, id := range sortedKeys(d.people) {
		p := d.people[id]
		e := &graph.Entity{Kind: graph.KindPerson, ID: p.id, Name: p.name, Aliases: aliases(p.names), Country: p.country, Role: p.role}
		if p.known != nil {
			for _, o := range p.known.Offices {
				if o.Role == "" || (o.Country == "") == (o.Org == "") {
					continue
				}
				e.Offices = append(e.Offices, graph.Office{Role: o.Role, Country: o.Country, Org: o.Org, From: o.From, To: o.To})
				if o.Org != "" {
					need(graph.Ref{Kind: graph.KindOrganization, ID: o.Org})
				} else {
					need(graph.Ref{Kind: graph.KindCountry, ID: o.Country})
				}
			}
		}
		if p.country != "" {
			need(graph.Ref{Kind: graph.KindCountry, ID: p.country})
		}
		put(e, p.count)
	}
	for _, ref := range sortedRefs(ents) {
		e := ents[ref]
		e.Aliases = uniqueNames(e.Aliases)
		g.Entities = append(g.Entities, *e)
		g.Mentions = append(g.Mentions, graph.Mention{Ref: ref, Count: counts[ref]})
	}
	events := map[string]int{}
	addEvent := func(ev graph.Event) {
		graph.NormalizeEvent(&ev, a.ID)
		if i, ok := events[ev.ID]; ok {
			// The same event twice in one article: one report, the more confident.
			if ev.Reports[0].Confidence > g.Events[i].Reports[0].Confidence {
				g.Events[i].Reports = ev.Reports
			}
			return
		}
		events[ev.ID] = len(g.Events)
		g.Events = append(g.Events, ev)
	}
	for _, m := range r.Events {
		ev := graph.Event{Type: graph.EventMeet}
		if m.Date != nil {
			ev.Date = *m.Date
		}
		for _, p := range m.people {
			ev.Participants = append(ev.Participants, graph.Participant{Ref: graph.Ref{Kind: graph.KindPerson, ID: p.id}, Role: graph.RoleParticipant})
		}
		for _, c := range m.Countries {
			need(graph.Ref{Kind: graph.KindCountry, ID: c})
			ev.Participants = append(ev.Participants, graph.Participant{Ref: graph.Ref{Kind: graph.KindCountry, ID: c}, Role: graph.RoleParticipant})
		}
		ev.Reports = []graph.Report{{Article: a.ID, Sentence: m.Evidence.Sentence, Start: m.Evidence.Start, End: m.Evidence.End,
			Confidence: m.Confidence, Extractor: r.Extractor, Subtype: meetingSubtype(m.Subtype), Status: m.Status, Place: m.PlaceID, Topics: m.Topics}}
		addEvent(ev)
	}
	for _, rel := range r.Relations {
		t, err := graph.ParseEventType(rel.Type)
		if err != nil || t == graph.EventMeet {
			continue // meetings and visits are events of their own
		}
		ev := graph.Event{Type: t, Participants: []graph.Participant{
			{Ref: graph.Ref{Kind: graph.KindCountry, ID: rel.Source}, Role: graph.RoleSource},
			{Ref: graph.Ref{Kind: graph.KindCountry, ID: rel.Target}, Role: graph.RoleTarget},
		}}
		need(graph.Ref{Kind: graph.KindCountry, ID: rel.Source})
		need(graph.Ref{Kind: graph.KindCountry, ID: rel.Target})
		if rel.Date != nil {
			ev.Date = *rel.Date
		}
		var topics []string
		if rel.Topic != "" {
			topics = []string{rel.Topic}
		}
		ev.Reports = []graph.Report{{Article: a.ID, Sentence: rel.Evidence.Sentence, Start: rel.Evidence.Start, End: rel.Evidence.End,
			Confidence: rel.Confidence, Extractor: r.Extractor, Topics: topics}}
		addEvent(ev)
	}
	// Entities that events needed late.
	have := map[graph.Ref]bool{}
	for _, e := range g.Entities {
		have[e.Ref()] = true
	}
	for _, ref := range sortedRefs(ents) {
		if !have[ref] {
			e := ents[ref]
			g.Entities = append(g.Entities, *e)
			g.Mentions = append(g.Mentions, graph.Mention{Ref: ref, Count: counts[ref]})
		}
	}
	return g
}

func meetingSubtype(t string) string {
	switch t {
	case "visit", "call", "summit", "talks":
		return t
	}
	return "meeting"
}

func orgClass(o *dict.Organization) string {
	if o == nil {
		return ""
	}
	return o.Kind
}

func sortedRefs(m map[graph.Ref]*graph.Entity) []graph.Ref {
	out := make([]graph.Ref, 0, len(m))
	for r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Less(out[j]) })
	return out
}

func uniqueNames(ns []graph.Name) []graph.Name {
	seen := map[graph.Name]bool{}
	var out []graph.Name
	for _, n := range ns {
		n.Text = strings.TrimSpace(n.Text)
		if n.Text == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}
