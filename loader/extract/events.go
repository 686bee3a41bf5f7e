package extract

import (
	"sort"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

// Evidence points at the sentence a fact came from: byte offsets into the
// article's document (the title, a blank line, then the text).
type Evidence struct {
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Event is a meeting (talks, call, visit, summit) found in an article.
type Event struct {
	Type           string   `json:"type"` // always "meeting", as FORMAT.md names it
	Subtype        string   `json:"subtype"`
	Status         string   `json:"status"`
	Participants   []string `json:"participants"`
	ParticipantIDs []string `json:"participant_ids"`
	Countries      []string `json:"countries"`
	Organizations  []string `json:"organizations,omitempty"`
	Place          *string  `json:"place"`
	PlaceID        string   `json:"place_id,omitempty"`
	Date           *string  `json:"date"`
	Topics         []string `json:"topics,omitempty"`
	CAMEO          string   `json:"cameo,omitempty"`
	PLOVER         string   `json:"plover,omitempty"`
	Confidence     float64  `json:"confidence"`
	Evidence       Evidence `json:"evidence"`
	people         []*personRef
}

// Relation is a directed state-to-state interaction.
type Relation struct {
	Type       string   `json:"type"`
	Source     string   `json:"source"`
	Target     string   `json:"target"`
	Topic      string   `json:"topic,omitempty"`
	Date       *string  `json:"date,omitempty"`
	CAMEO      string   `json:"cameo,omitempty"`
	PLOVER     string   `json:"plover,omitempty"`
	Confidence float64  `json:"confidence"`
	Evidence   Evidence `json:"evidence"`
}

type actor struct {
	country string
	at      int
	hit     *hit
	person  bool
}

func (d *doc) evidence(s *sentence) Evidence {
	return Evidence{Sentence: s.Text, Start: s.Start, End: s.End}
}

// extractEvents reads meetings and relations sentence by sentence.
func (d *doc) extractEvents() {
	var lastActor *personRef
	for _, s := range d.sents {
		var persons []*personRef
		var named []actor // countries in order of position: named, or through a person
		var orgs []string
		var place string
		var topics []string
		both := false
		type trig struct {
			t  Target
			at int
		}
		var trigs []trig
		for _, h := range s.hits {
			if p := d.personAt[h]; p != nil {
				if !containsPerson(persons, p) {
					persons = append(persons, p)
				}
				if p.country != "" {
					named = append(named, actor{p.country, h.nstart, h, true})
				}
				continue
			}
			// A capital that names where something happens is a place here,
			// not an actor.
			if c, ok := d.countryAt[h]; ok && d.placeAt[h] == "" {
				named = append(named, actor{c, h.nstart, h, false})
			}
			if p, ok := d.placeAt[h]; ok && place == "" {
				place = p
			}
			if o, ok := d.orgAt[h]; ok && !contains(orgs, o) {
				orgs = append(orgs, o)
			}
			for _, t := range h.targets {
				switch t.Form {
				case FormTrigger:
					trigs = append(trigs, trig{t, h.nstart})
				case FormTopic:
					if d.topics[t.ID] != nil && !contains(topics, t.ID) {
						topics = append(topics, t.ID)
					}
				case FormCue:
					if t.ID == "both" {
						both = true
					}
				}
			}
		}
		if len(trigs) == 0 {
			if len(persons) > 0 {
				lastActor = persons[0]
			}
			continue
		}
		var meet *Target
		relTypes := map[string]Target{}
		var relOrder []string
		for _, tr := range trigs {
			def := d.x.dict.Triggers[tr.t.Index]
			if def.Event == string(graph.EventMeet) {
				if meet == nil {
					t := tr.t
					meet = &t
				}
				continue
			}
			if _, ok := relTypes[def.Event]; !ok {
				relTypes[def.Event] = tr.t
				relOrder = append(relOrder, def.Event)
			}
		}
		// Officials of two states signing or agreeing together met to do it.
		if meet == nil {
			if t, ok := relTypes[string(graph.EventAgree)]; ok && len(distinctCountries(persons)) >= 2 {
				meet = &t
			}
		}
		if meet != nil {
			ps := persons
			// States named where the meeting takes place ("in Brazil") are
			// venues, not sides, unless someone there represents them.
			var sides []string
			for _, p := range ps {
				if p.country != "" && !contains(sides, p.country) {
					sides = append(sides, p.country)
				}
			}
			for _, a := range named {
				if !a.person && !contains(sides, a.country) && !d.locative(a.hit) {
					sides = append(sides, a.country)
				}
			}
			if len(sides) < 2 && len(ps) < 2 && lastActor != nil && !containsPerson(ps, lastActor) {
				ps = append([]*personRef{lastActor}, ps...)
				if lastActor.country != "" && !contains(sides, lastActor.country) {
					sides = append([]string{lastActor.country}, sides...)
				}
			}
			if both && len(sides) < 2 && d.mainPair[0] != "" {
				sides = []string{d.mainPair[0], d.mainPair[1]}
			}
			def := d.x.dict.Triggers[meet.Index]
			switch {
			case len(sides) < 2:
				// One state alone is no meeting between states.
			case len(sides) > 2 && (def.Type == "summit" || d.multilateral(s)):
				d.addMeeting(s, *meet, ps, sides, orgs, place, topics)
			case len(sides) > 2 && len(ps) > 0:
				// Most meetings are bilateral: one side meeting each of the others.
				for _, other := range sides[1:] {
					pair := []string{sides[0], other}
					d.addMeeting(s, *meet, peopleOf(ps, pair), pair, orgs, place, topics)
				}
			case len(sides) == 2:
				d.addMeeting(s, *meet, ps, sides, orgs, place, topics)
			}
		}
		for _, typ := range relOrder {
			def := d.x.dict.Triggers[relTypes[typ].Index]
			topic := ""
			if len(topics) > 0 {
				topic = topics[0]
			}
			source, target := d.relationPair(named, relTypes[typ], trigs[0].at)
			if (source == "" || target == "") && both && d.mainPair[0] != "" {
				source, target = d.mainPair[0], d.mainPair[1]
			}
			if source != "" && target != "" {
				d.addRelation(s, typ, def.CAMEO, def.PLOVER, source, target, topic, 0.6)
			}
		}
		if len(persons) > 0 {
			lastActor = persons[0]
		}
	}
}

// relationPair picks the source and target of a directed relation in a
// sentence: a country marked as the target ("sanctions on X", "X पर"), or
// else the first two states in order. With more than two states and no
// mark, the state nearest after the trigger is the target.
func (d *doc) relationPair(named []actor, trig Target, trigAt int) (string, string) {
	countries := uniqueCountries(named)
	if len(countries) < 2 {
		return "", ""
	}
	source, target := "", ""
	for _, a := range named {
		if source == "" && d.marked(a.hit, nil, sourceAfter) {
			source = a.country
		}
		if target == "" && !a.person && d.marked(a.hit, targetBefore, targetAfter) {
			target = a.country
		}
	}
	if source != "" && target == "" {
		for _, c := range countries {
			if c != source {
				return source, c
			}
		}
	}
	if source != "" && target != "" && source != target {
		return source, target
	}
	if target == "" {
		if len(countries) == 2 {
			return countries[0], countries[1]
		}
		best := -1
		for _, a := range named {
			if a.at > trigAt && a.country != countries[0] && (best < 0 || a.at < best) {
				best, target = a.at, a.country
			}
		}
		if target == "" {
			target = countries[1]
		}
	}
	for _, c := range countries {
		if c != target {
			return c, target
		}
	}
	return "", ""
}

// marked reports whether the word before h is in before, or one of the
// two words after it is in after.
func (d *doc) marked(h *hit, before, after map[string]bool) bool {
	if before[d.prevWord(h)] {
		return true
	}
	norm := d.sents[h.sent].norm.Text
	if h.nstart > 0 {
		// Chinese prepositions are written joined: "对美国", "向中方".
		r := lastRune(norm[:h.nstart])
		if before[string(r)] {
			return true
		}
	}
	words := strings.Fields(norm[h.nend:])
	for i := 0; i < len(words) && i < 2; i++ {
		if after[strings.Trim(words[i], ",.।۔")] {
			return true
		}
	}
	return false
}

func nested(a, b []*personRef) bool {
	within := func(x, y []*personRef) bool {
		for _, p := range x {
			if !containsPerson(y, p) {
				return false
			}
		}
		return true
	}
	return within(a, b) || within(b, a)
}

func distinctCountries(ps []*personRef) []string {
	var out []string
	for _, p := range ps {
		if p.country != "" && !contains(out, p.country) {
			out = append(out, p.country)
		}
	}
	return out
}

// multilateral reports whether a sentence calls its meeting one of several
// sides together ("trilateral", "त्रिपक्षीय", "三方").
func (d *doc) multilateral(s *sentence) bool {
	for _, w := range multilateral {
		if strings.Contains(s.norm.Text, w) {
			return true
		}
	}
	return false
}

// peopleOf keeps the people who represent one of the states.
func peopleOf(ps []*personRef, states []string) []*personRef {
	var out []*personRef
	for _, p := range ps {
		if contains(states, p.country) {
			out = append(out, p)
		}
	}
	return out
}

func containsPerson(ps []*personRef, p *personRef) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

func uniqueCountries(as []actor) []string {
	sort.SliceStable(as, func(i, j int) bool { return as[i].at < as[j].at })
	var out []string
	for _, a := range as {
		if !contains(out, a.country) {
			out = append(out, a.country)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

func (d *doc) addMeeting(s *sentence, t Target, ps []*personRef, countries, orgs []string, place string, topics []string) {
	def := d.x.dict.Triggers[t.Index]
	status := def.Status
	if status == "" {
		status = graph.StatusHeld
	}
	if place == "" {
		place = d.dateline
	}
	date := d.sentenceDate(s)
	conf := 0.55
	if len(ps) >= 2 {
		conf += 0.15
	}
	if place != "" {
		conf += 0.05
	}
	for _, p := range ps {
		if p.contradicts {
			conf -= 0.2
		}
	}
	if d.mainPair[0] == "" && len(countries) >= 2 {
		d.mainPair = [2]string{countries[0], countries[1]}
	}
	for _, m := range d.meetings {
		// The same meeting again: the same states, no date conflict, and
		// people who fit (one set within the other). Different people of the
		// same two states are different meetings.
		if sameSet(m.Countries, countries) && (m.Date == nil || date == "" || *m.Date == date) && nested(m.people, ps) {
			for _, p := range ps {
				if !containsPerson(m.people, p) {
					m.people = append(m.people, p)
				}
			}
			if m.Date == nil && date != "" {
				m.Date = &date
			}
			if m.PlaceID == "" && place != "" {
				m.PlaceID = place
			}
			for _, tp := range topics {
				if !contains(m.Topics, tp) {
					m.Topics = append(m.Topics, tp)
				}
			}
			d.meetRelations(s, def.Type, ps, countries, place)
			return
		}
	}
	m := &Event{Type: "meeting", Subtype: def.Type, Status: status, Countries: countries, Organizations: orgs,
		PlaceID: place, Topics: topics, CAMEO: def.CAMEO, PLOVER: def.PLOVER, Confidence: min(conf, 0.95), Evidence: d.evidence(s), people: ps}
	if date != "" {
		m.Date = &date
	}
	d.meetings = append(d.meetings, m)
	d.meetRelations(s, def.Type, ps, countries, place)
}

// meetRelations adds the state-to-state "meet" (and "visit") relations a
// meeting implies: between the states of the people who met when they are
// two or more, else between the first two states named.
func (d *doc) meetRelations(s *sentence, subtype string, ps []*personRef, countries []string, place string) {
	var sides []string
	for _, p := range ps {
		if p.country != "" && !contains(sides, p.country) {
			sides = append(sides, p.country)
		}
	}
	if len(sides) < 2 {
		sides = countries
	}
	if len(sides) < 2 {
		return
	}
	for _, c := range sides[1:] {
		d.addRelation(s, string(graph.EventMeet), "040", "CONSULT", sides[0], c, "", 0.6)
	}
	if subtype != "visit" {
		return
	}
	host := d.destination(s)
	if host == "" {
		if p := d.x.places[place]; p != nil {
			host = p.Country
		}
	}
	if host == "" {
		host = sides[1]
	}
	for _, c := range sides {
		if c != host {
			d.addRelation(s, "visit", "042", "CONSULT", c, host, "", 0.55)
			break
		}
	}
}

// destination finds the state a visit goes to: a country, capital or city
// after "to"/"in"/"访问"/"посетил" or before "की यात्रा"/"کا دورہ".
func (d *doc) destination(s *sentence) string {
	for _, h := range s.hits {
		c, ok := d.countryAt[h]
		if !ok {
			if p, isPlace := d.placeAt[h]; isPlace {
				c, ok = d.x.places[p].Country, true
			}
		}
		if ok && c != "" && d.marked(h, destinationBefore, destinationAfter) {
			return c
		}
	}
	return ""
}

func (d *doc) addRelation(s *sentence, typ, cameo, plover, source, target, topic string, conf float64) {
	if source == target || source == "" || target == "" {
		return
	}
	for _, r := range d.relations {
		if r.Type != typ {
			continue
		}
		if (r.Source == source && r.Target == target) || (symmetricName(typ) && r.Source == target && r.Target == source) {
			if r.Topic == "" {
				r.Topic = topic
			}
			return
		}
	}
	r := &Relation{Type: typ, Source: source, Target: target, Topic: topic, CAMEO: cameo, PLOVER: plover, Confidence: conf, Evidence: d.evidence(s)}
	if date := d.sentenceDate(s); date != "" {
		r.Date = &date
	}
	d.relations = append(d.relations, r)
}

func symmetricName(t string) bool { return t == "meet" || t == "cooperate" || t == "agree" }
