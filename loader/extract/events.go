package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/textproc"
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
	// explicit: the text states the status; a stated "held" and a stated
	// "scheduled" are two meetings.
	explicit bool
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

// trig is a trigger found in a sentence.
type trig struct {
	t Target
	h *hit
}

// extractEvents reads meetings and relations sentence by sentence.
func (d *doc) extractEvents() {
	var lastActor *personRef
	// Sentence by sentence, in memory kept from one to the next: nothing
	// keeps these slices (orgs and topics, which events keep, are new).
	var persons []*personRef
	var named []actor // countries in order of position: named, or through a person
	var trigs []trig
	for _, s := range d.sents {
		persons, named, trigs = persons[:0], named[:0], trigs[:0]
		var subject *personRef
		var orgs []string
		var place string
		var topics []string
		both := false
		for _, h := range s.hits {
			if p := h.person; p != nil {
				if !containsPerson(persons, p) {
					persons = append(persons, p)
				}
				object := d.objectMarked(h)
				if subject == nil && !p.speaker() && !d.withBefore(h) && !object {
					subject = p
				}
				if p.country != "" {
					named = append(named, actor{p.country, h.nstart, h, true})
				}
				continue
			}
			// A capital that names where something happens is a place here,
			// not an actor, and so is the state that locates it ("in
			// Apulia, Italy").
			if c := h.country; c != "" && h.place == "" && !d.locatesVenue(h) {
				named = append(named, actor{c, h.nstart, h, false})
			}
			if p := h.place; p != "" && place == "" {
				place = p
			}
			if o := h.org; o != "" && !contains(orgs, o) {
				orgs = append(orgs, o)
			}
			for _, t := range h.targets {
				switch t.Form {
				case FormTrigger:
					trigs = append(trigs, trig{t, h})
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
		if subject == nil {
			subject = firstActor(persons)
		}
		if len(persons) > 0 && d.onlyCounterparts(s) {
			// "वह राष्ट्रपति पुतिन के साथ ... हिस्सा लेंगे": the subject is a
			// pronoun for the one who acted before.
			subject = nil
		}
		if len(trigs) == 0 {
			if subject != nil {
				lastActor = subject
			}
			continue
		}
		var meet *Target
		var meetHit *hit
		relTypes := map[string]Target{}
		relHit := map[string]*hit{} // each type's first trigger
		var relOrder []string
		for _, tr := range trigs {
			def := d.x.dict.Triggers[tr.t.Index]
			if def.Event == string(graph.EventMeet) {
				if meet == nil {
					t := tr.t
					meet, meetHit = &t, tr.h
				}
				continue
			}
			if _, ok := relTypes[def.Event]; !ok {
				relTypes[def.Event] = tr.t
				relHit[def.Event] = tr.h
				relOrder = append(relOrder, def.Event)
			}
		}
		// Officials of two states signing or agreeing together met to do it.
		if meet == nil {
			if t, ok := relTypes[string(graph.EventAgree)]; ok && len(distinctCountries(persons)) >= 2 {
				meet = &t
				for _, tr := range trigs {
					if tr.t == t {
						meetHit = tr.h
						break
					}
				}
			}
		}
		if meet != nil && disapproval(relTypes) && !d.statedMeeting(trigs) {
			// "China criticized the G20 meeting held by India": a meeting
			// named as what a state disapproves of is not one it attends.
			meet = nil
		}
		if meet != nil {
			d.meetingsOf(s, *meet, meetHit, orgs, place, topics, both, lastActor)
		}
		for _, typ := range relOrder {
			def := d.x.dict.Triggers[relTypes[typ].Index]
			topic := ""
			if len(topics) > 0 {
				topic = topics[0]
			}
			if both && typ == relOrder[0] && !symmetricName(typ) && d.mainPair[0] != "" {
				// "The two sides condemned the sanctions of the United
				// States": both of the article's pair act on a third. Only
				// the sentence's first trigger has them for subject.
				if third := thirdAfter(named, relHit[typ], d.mainPair); third != "" {
					for _, source := range d.mainPair {
						d.addRelation(s, typ, def.CAMEO, def.PLOVER, source, third, topic, 0.6)
					}
					continue
				}
			}
			source, target := "", ""
			if !d.objectsOfOthers(s, named, relHit[typ]) && !d.orgSubject(s, named, relHit[typ]) {
				source, target = d.relationPair(named, relHit[typ])
			}
			// "The two sides agreed": the pair of the article's meeting.
			// "The two sides criticized X" makes them the sources of a
			// relation with a third, not each other's target.
			if (source == "" || target == "") && both && d.mainPair[0] != "" && symmetricName(typ) {
				source, target = d.mainPair[0], d.mainPair[1]
			}
			if source != "" && target != "" {
				d.addRelation(s, typ, def.CAMEO, def.PLOVER, source, target, topic, 0.6)
			}
		}
		if subject != nil {
			lastActor = subject
		}
	}
}

// hostsSummit reports whether a trigger of hosting stands in a sentence
// about a summit: "Biden hosted the leaders of Australia, India and Japan
// for a Quad summit" is one meeting of four, not three visits.
func hostsSummit(def *dict.Trigger, c meetingCue) bool {
	return def.Type == "visit" && def.CAMEO == "043" && c.summit
}

// disapproval reports whether a sentence's relation types include one of
// disapproval.
func disapproval(relTypes map[string]Target) bool {
	for _, t := range []graph.EventType{graph.EventCriticize, graph.EventThreaten, graph.EventSanction} {
		if _, ok := relTypes[string(t)]; ok {
			return true
		}
	}
	return false
}

// statedMeeting reports whether a meeting trigger among trigs says itself
// that a meeting took place or will ("met", "will meet").
//
// In Hindi and Urdu "बैठक की" is "held a meeting" and also "of the
// meeting": followed by another trigger ("बैठक की आलोचना", criticism of
// the meeting) it is the second.
func (d *doc) statedMeeting(trigs []trig) bool {
	for i, tr := range trigs {
		def := d.x.dict.Triggers[tr.t.Index]
		if def.Event != string(graph.EventMeet) || def.Status == "" {
			continue
		}
		if sovLangs[d.lang] && i+1 < len(trigs) && trigs[i+1].h != tr.h && endsWithGenitive(tr.h.surface) {
			next := trigs[i+1].h
			gap := d.sents[tr.h.sent].norm.Text[tr.h.nend:next.nstart]
			if strings.TrimSpace(gap) == "" {
				continue
			}
		}
		return true
	}
	return false
}

// endsWithGenitive reports whether a Hindi or Urdu phrase ends with a
// genitive postposition.
func endsWithGenitive(s string) bool {
	for _, g := range []string{" की", " का", " के", " کی", " کا", " کے"} {
		if strings.HasSuffix(s, g) {
			return true
		}
	}
	return false
}

// objectMarked reports whether, in Hindi or Urdu, a postposition after a
// person makes them an object or a companion, not the subject: "पुतिन के
// साथ", "लावरोव से", "ٹرمپ کو".
func (d *doc) objectMarked(h *hit) bool {
	if !sovLangs[d.lang] {
		return false
	}
	var buf [2]string
	words := firstFields(buf[:0], d.sents[h.sent].norm.Text[h.nend:], 2)
	return len(words) >= 1 && objectPostpositions[trimStops(words[0])] ||
		len(words) == 2 && objectPostpositions[words[0]+" "+trimStops(words[1])]
}

// onlyCounterparts reports whether, in Hindi or Urdu, every person a
// sentence names is an object or a companion: marked so (objectMarked), or
// joined by "और" or a comma to one who is ("उन्होंने लावरोव और वांग यी से
// मुलाकात की"). The subject is then a pronoun or left out, and the one the
// text is about is the person who acted before.
func (d *doc) onlyCounterparts(s *sentence) bool {
	if !sovLangs[d.lang] {
		return false
	}
	var people []*hit
	for _, h := range s.hits {
		if h.person != nil {
			people = append(people, h)
		}
	}
	if len(people) == 0 {
		return false
	}
	counterpart := false // whether the person after this one is one
	for i := len(people) - 1; i >= 0; i-- {
		h := people[i]
		if d.objectMarked(h) {
			counterpart = true
			continue
		}
		var buf [1]string
		next := firstFields(buf[:0], s.norm.Text[h.nend:], 1)
		joined := len(next) == 1 && (coordinators[next[0]] || strings.HasPrefix(s.norm.Text[h.nend:], ","))
		if !counterpart || !joined || i == len(people)-1 {
			return false
		}
	}
	return counterpart
}

// withBefore reports whether "with" (or its equivalent) stands among the
// few words before a person: "in his meeting with Sudanese president X"
// names the counterpart, not the one who acts.
func (d *doc) withBefore(h *hit) bool {
	var buf [4]string
	words := lastFields(buf[:0], d.sents[h.sent].norm.Text[:h.nstart], 4)
	for i := len(words) - 1; i >= 0; i-- {
		if withWords[strings.Trim(words[i], ",.")] {
			return true
		}
	}
	return false
}

// firstActor is the first person of a sentence who can take part in a
// meeting: a spokesperson reports on meetings, and is not one of the sides.
func firstActor(ps []*personRef) *personRef {
	for _, p := range ps {
		if !p.speaker() {
			return p
		}
	}
	return nil
}

func (p *personRef) speaker() bool { return p.role == "spokesperson" }

// relationPair picks the source and target of a directed relation in a
// sentence: a country marked as the target ("sanctions on X", "X पर"), or
// else the first two states in order. With more than two states and no
// mark, the state nearest after the trigger is the target ("France sent
// aid to Ukraine and condemned the Russian aggression"), unless a pronoun
// stands for it ("Britain summoned Iran's envoy and warned him"): then it
// is the last state before the trigger.
func (d *doc) relationPair(named []actor, trig *hit) (string, string) {
	trigAt := trig.nstart
	countries := uniqueCountries(named)
	if len(countries) < 2 {
		return "", ""
	}
	source, target := "", d.objectAfter(named, trig)
	if target == "" {
		target = d.objectBefore(named, trig)
	}
	// Of the states marked as targets, the first; in Chinese, where the
	// marks are written joined and verbs end with them too, the one nearest
	// the trigger: in "中方坚决反对美方对华出口管制和制裁" the 对 of 反对
	// marks the United States, the 对 of 对华 China, the target of the
	// sanctions.
	if target == "" {
		best := -1
		for _, a := range named {
			if a.person || !d.marked(a.hit, targetBefore, targetAfter) {
				continue
			}
			dist := abs(a.at - trigAt)
			if d.lang != "zh" {
				dist = 0
			}
			if best < 0 || dist < best {
				best, target = dist, a.country
			}
		}
	}
	for _, a := range named {
		if source == "" && a.country != target && d.marked(a.hit, nil, sourceAfter) {
			source = a.country
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
		if d.objectPronounAfter(trig) {
			for _, a := range named {
				if a.at < trigAt && a.country != countries[0] {
					target = a.country
				}
			}
		}
		if target == "" {
			best := -1
			for _, a := range named {
				if a.at > trigAt && a.country != countries[0] && (best < 0 || a.at < best) {
					best, target = a.at, a.country
				}
			}
		}
		if target == "" {
			target = countries[1]
		}
	}
	for _, c := range countries {
		if c != target && !d.targetMarked(named, c) {
			return c, target
		}
	}
	return "", ""
}

// targetMarked reports whether, in Hindi or Urdu, every mention of state c
// in the sentence is marked as what something is done to ("लेबनान पर",
// "के खिलाफ"): such a state is no source.
func (d *doc) targetMarked(named []actor, c string) bool {
	if !sovLangs[d.lang] {
		return false
	}
	marked := false
	for _, a := range named {
		if a.country != c {
			continue
		}
		if a.person || !d.marked(a.hit, nil, targetAfter) {
			return false
		}
		marked = true
	}
	return marked
}

// objectBefore is, in Hindi and Urdu, the state just before a relation's
// trigger, two words at most away: "भारत ने चीन की आलोचना की", "اسرائیلی
// جارحیت کی مذمت" (the condemnation of Israeli aggression).
func (d *doc) objectBefore(named []actor, trig *hit) string {
	if !sovLangs[d.lang] {
		return ""
	}
	norm := d.sents[trig.sent].norm.Text
	for i := len(named) - 1; i >= 0; i-- {
		a := named[i]
		if a.at >= trig.nstart {
			continue
		}
		if a.person || a.hit.nend > trig.nstart {
			return ""
		}
		// The gap ends with the postposition that makes the state (or
		// what is its) the object: "चीन की आलोचना"; "अमेरिकी प्रतिबंध"
		// (American sanctions) names whose they are. A word between is
		// the noun a demonym qualifies ("اسرائیلی جارحیت کی مذمت"); after
		// a state's name it is the object of a sentence the state is the
		// subject of ("भारत शांति का समर्थन करता है").
		var buf [3]string
		gap := firstFields(buf[:0], norm[a.hit.nend:trig.nstart], 3)
		if len(gap) == 0 || len(gap) > 2 || !objectOfNoun[gap[len(gap)-1]] || d.marked(a.hit, nil, sourceAfter) {
			return ""
		}
		if _, demonym := a.hit.target(FormDemonym); len(gap) == 2 && !demonym {
			return ""
		}
		return a.country
	}
	return ""
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// objectAfter is the state that stands, in a language that puts the
// object after the verb, within two words after a relation's trigger:
// "expressed concern over China's actions against Taiwan" criticizes
// China, whatever "against" marks later.
func (d *doc) objectAfter(named []actor, trig *hit) string {
	if sovLangs[d.lang] || d.lang == "zh" || d.lang == "ar" {
		return ""
	}
	norm := d.sents[trig.sent].norm.Text
	for _, a := range named {
		if a.person || a.at < trig.nend {
			continue
		}
		var buf [3]string
		gap := firstFields(buf[:0], norm[trig.nend:a.at], 3)
		if len(gap) > 2 {
			return ""
		}
		for _, w := range gap {
			if genitiveWords[w] {
				// "las sanciones de Estados Unidos": whose, not against whom.
				return ""
			}
		}
		return a.country
	}
	return ""
}

// objectsOfOthers reports whether, in a language that puts the subject
// before the verb, every state and person of a sentence stands after a
// relation's trigger, none introduced by "between" or marked as a
// target: "BRICS leaders agreed to admit Saudi Arabia, Iran, Egypt ..."
// is no agreement of Saudi Arabia with Iran; whoever acts is not a state
// the sentence names.
func (d *doc) objectsOfOthers(s *sentence, named []actor, trig *hit) bool {
	if sovLangs[d.lang] || d.lang == "ar" || d.lang == "zh" || len(named) == 0 {
		return false
	}
	for _, a := range named {
		// "las sanciones de Estados Unidos contra Venezuela": a noun whose
		// target is marked says who does what to whom.
		if a.at < trig.nend || d.marked(a.hit, targetBefore, targetAfter) {
			return false
		}
	}
	for _, h := range s.hits {
		if h.person != nil && h.nstart < trig.nend {
			return false
		}
	}
	after := s.norm.Text[trig.nend:]
	var buf [4]string
	for _, w := range firstFields(buf[:0], after, 4) {
		if betweenWords[w] {
			return false
		}
	}
	return true
}

// orgSubject reports whether an organization, not a state, is marked as
// the one who acts ("NATO ने यूक्रेन पर रूसी हमले की निंदा की"): the
// relation has no state for its source.
func (d *doc) orgSubject(s *sentence, named []actor, trig *hit) bool {
	for _, a := range named {
		if a.at < trig.nstart && d.marked(a.hit, nil, sourceAfter) {
			return false
		}
	}
	for _, h := range s.hits {
		if h.org != "" && h.nstart < trig.nstart && d.marked(h, nil, sourceAfter) {
			return true
		}
	}
	return false
}

// thirdAfter is the first state named after a trigger that is not one of
// pair.
func thirdAfter(named []actor, trig *hit, pair [2]string) string {
	for _, a := range named {
		if !a.person && a.at >= trig.nend && a.country != pair[0] && a.country != pair[1] {
			return a.country
		}
	}
	return ""
}

// objectPronounAfter reports whether the word after a trigger is a
// pronoun that stands for its object: "warned him", "criticized them".
func (d *doc) objectPronounAfter(trig *hit) bool {
	var buf [1]string
	words := firstFields(buf[:0], d.sents[trig.sent].norm.Text[trig.nend:], 1)
	return len(words) == 1 && objectPronouns[trimStops(words[0])]
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
	// Or part of the name: "对华" (towards China).
	if r := firstRune(h.surface); r >= 0x4E00 && before[string(r)] {
		return true
	}
	var buf [2]string
	for _, w := range firstFields(buf[:0], norm[h.nend:], 2) {
		if after[trimStops(w)] {
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
	return s.multilateralWord.in(s, multilateral)
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
	slices.SortStableFunc(as, func(a, b actor) int { return cmp.Compare(a.at, b.at) })
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

func (d *doc) addMeeting(s *sentence, t Target, trigHit *hit, c meetingCue, ps []*personRef, countries, orgs []string, place string, topics []string) *Event {
	def := d.x.dict.Triggers[t.Index]
	if place == "" {
		place = d.dateline
	}
	date := d.sentenceDate(s)
	if date != "" && d.reportedBefore(s, trigHit) {
		// "The spokesman said on 17 January that Blinken will visit...":
		// the date is the report's.
		date = ""
	}
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
	m := d.sameMeeting(def.Type, c, ps, countries, date)
	if m != nil && containsEvent(c.exclude, m) {
		m = nil
	}
	if m == nil && c.backRef && c.inferred && !(c.explicit && c.status == graph.StatusScheduled) {
		// "In the meeting, Blinken said...": about a meeting the article
		// did not report with its sides; this sentence cannot tell them.
		return nil
	}
	if m != nil {
		for _, p := range ps {
			if !containsPerson(m.people, p) {
				m.people = append(m.people, p)
			}
		}
		if m.Date == nil && date != "" {
			m.Date = &date
		}
		if !m.explicit && c.explicit {
			m.Status, m.explicit = c.status, true
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
		return m
	}
	m = &Event{Type: "meeting", Subtype: def.Type, Status: c.status, Countries: countries, Organizations: orgs,
		PlaceID: place, Topics: topics, CAMEO: def.CAMEO, PLOVER: def.PLOVER, Confidence: min(conf, 0.95), Evidence: d.evidence(s),
		people: ps, explicit: c.explicit}
	if date != "" {
		m.Date = &date
	}
	d.meetings = append(d.meetings, m)
	d.meetRelations(s, def.Type, ps, countries, place)
	return m
}

// sameMeeting finds the meeting already reported that a sentence speaks
// of again, or nil for a new one.
func (d *doc) sameMeeting(subtype string, c meetingCue, ps []*personRef, countries []string, date string) *Event {
	dateFits := func(m *Event) bool { return m.Date == nil || date == "" || *m.Date == date }
	statusFits := func(m *Event) bool {
		// "will meet soon" after "spoke by phone": a second meeting.
		return !(m.explicit && c.explicit && m.Status != c.status)
	}
	// A summit of several states goes on being reported through the
	// states taking part in it, unless the sentence singles out a
	// bilateral meeting on its sidelines.
	if subtype == "summit" || c.summit || c.inferred {
		for _, m := range d.meetings {
			if len(m.Countries) > 2 && len(countries) < len(m.Countries) && subset(countries, m.Countries) && dateFits(m) {
				if c.sent.bilateral() {
					break
				}
				return m
			}
		}
	}
	// "The two sides discussed...", "this meeting": a meeting already
	// reported.
	if c.backRef {
		for i := len(d.meetings) - 1; i >= 0; i-- {
			if m := d.meetings[i]; sameSet(m.Countries, countries) && statusFits(m) && !callAndMeeting(m.Subtype, subtype) {
				return m
			}
		}
	}
	for _, m := range d.meetings {
		// The same meeting again: the same states, no date or status
		// conflict, and people who fit (one set within the other, or
		// someone in both). A phone call is not the meeting in person it
		// prepares or follows.
		if !sameSet(m.Countries, countries) || !dateFits(m) || !statusFits(m) {
			continue
		}
		if callAndMeeting(m.Subtype, subtype) {
			continue
		}
		if nested(m.people, ps) {
			return m
		}
	}
	return nil
}

// callAndMeeting reports whether one of two meetings is a phone call and
// the other a meeting in person or a visit: not the same event, though
// talks may follow up on either.
func callAndMeeting(a, b string) bool {
	inPerson := func(t string) bool { return t == "meet" || t == "visit" || t == "summit" }
	return (a == "call" && inPerson(b)) || (b == "call" && inPerson(a))
}

func indexOfPerson(ps []*personRef, p *personRef) int {
	for i, x := range ps {
		if x == p {
			return i
		}
	}
	return -1
}

// demonstrative reports whether the word before the trigger points back
// at a meeting already spoken of: "this meeting", "यह मुलाकात", "此次会见".
func (d *doc) demonstrative(s *sentence, trigHit *hit) bool {
	norm := s.norm.Text[:trigHit.nstart]
	if scriptOf(firstRune(trigHit.surface)) == scriptHan {
		for _, w := range demonstratives {
			if scriptOfString(w) == scriptHan && strings.HasSuffix(norm, w) {
				return true
			}
		}
		return false
	}
	var buf [2]string
	words := lastFields(buf[:0], norm, 2)
	if len(words) == 0 {
		return false
	}
	last := letterTail(words[len(words)-1])
	if last == "the" {
		// "In the meeting, ..." points back; "The summit of ..." opens.
		return len(words) > 1 && prepositionsBeforeThe[words[len(words)-2]]
	}
	return contains(demonstratives, last)
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
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
		c := h.country
		if c == "" && h.place != "" {
			c = d.x.places[h.place].Country
		}
		if c != "" && d.marked(h, destinationBefore, destinationAfter) {
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

// meetingsOf turns a sentence with a meeting trigger into meetings: it
// picks the people who take part and the states on each side, then makes
// one meeting of them all, or one meeting between the sentence's main
// actor and each counterpart ("met counterparts from Ghana, Sudan and
// Togo").
func (d *doc) meetingsOf(s *sentence, trig Target, trigHit *hit, orgs []string, place string, topics []string, both bool, lastActor *personRef) {
	def := d.x.dict.Triggers[trig.Index]
	visit := def.Type == "visit"
	var ps []*personRef
	var sides []string
	firstPersonAt := -1
	// statesBefore and statesAfter count the sides named before and after
	// the trigger: several before and one after is a group meeting its
	// counterpart ("Hayashi and Blinken held talks with their Philippine
	// counterpart").
	var statesBefore, statesAfter []string
	note := func(c string, at int) {
		if at < trigHit.nstart {
			if !contains(statesBefore, c) {
				statesBefore = append(statesBefore, c)
			}
		} else if !contains(statesAfter, c) {
			statesAfter = append(statesAfter, c)
		}
	}
	for _, h := range s.hits {
		if p := h.person; p != nil {
			if p.speaker() || containsPerson(ps, p) {
				continue
			}
			ps = append(ps, p)
			if firstPersonAt < 0 {
				firstPersonAt = h.nstart
			}
			if p.country != "" {
				note(p.country, h.nstart)
			}
		}
	}
	// The subject leads: in languages that put the verb early, the person
	// nearest before the trigger ("..., Wang Yi will visit South Africa").
	if !sovLangs[d.lang] {
		lead := -1
		for _, h := range s.hits {
			if p := h.person; p != nil && !p.speaker() && h.nstart < trigHit.nstart {
				lead = indexOfPerson(ps, p)
			}
		}
		if lead > 0 {
			p := ps[lead]
			ps = append([]*personRef{p}, append(ps[:lead:lead], ps[lead+1:]...)...)
		}
	}
	for _, p := range ps {
		if p.country != "" && !contains(sides, p.country) {
			sides = append(sides, p.country)
		}
	}
	// States named where the meeting takes place ("in Brazil", "China's
	// Tianjin") are venues, not sides, unless someone there represents
	// them; the state a visit goes to is the host, a side.
	for _, h := range s.hits {
		c := h.country
		if c == "" || h.place != "" || h.person != nil || d.partOfName(h) {
			continue
		}
		if d.venue(h) && !visit {
			continue
		}
		note(c, h.nstart)
		if !contains(sides, c) {
			sides = append(sides, c)
		}
	}
	if visit {
		// A visit to a city is a visit to its state.
		for _, h := range s.hits {
			if id := h.place; id != "" && d.venue(h) {
				if c := d.x.places[id].Country; c != "" && !contains(sides, c) && len(sides) > 0 {
					sides = append(sides, c)
				}
			}
		}
	}
	if def.Type == "summon" {
		sides = d.summonSides(s, sides)
	}
	// A visit with a stated destination is between the visitor and the
	// host; the other states of the sentence are context.
	if visit && len(sides) > 2 {
		if dest := d.destination(s); dest != "" && dest != sides[0] {
			sides = []string{sides[0], dest}
			ps = peopleOf(ps, sides)
		}
	}
	own := len(ps)
	// No one named before the trigger, and the counterparts follow "with":
	// the sentence continues about the last person named ("he had
	// meetings with the foreign ministers of Kyrgyzstan and Tajikistan").
	subjectless := len(statesBefore) == 0 && (firstPersonAt < 0 || firstPersonAt > trigHit.nstart)
	hubFromContext := false
	if lastActor != nil && !containsPerson(ps, lastActor) {
		if (len(sides) < 2 && len(ps) < 2) || (subjectless && d.withFollows(s, trigHit)) || (len(ps) > 0 && d.onlyCounterparts(s)) {
			ps = append([]*personRef{lastActor}, ps...)
			if lastActor.country != "" && !contains(sides, lastActor.country) {
				sides = append([]string{lastActor.country}, sides...)
			}
			hubFromContext = true
		}
	}
	backRef := d.demonstrative(s, trigHit)
	if both && len(sides) < 2 {
		if pair := d.bothPair(); pair[0] != "" {
			sides = []string{pair[0], pair[1]}
			ps = peopleOf(ps, sides)
			backRef = true
		}
	}
	status, explicit := d.meetingStatus(s, def.Status, trigHit)
	c := meetingCue{
		status:   status,
		explicit: explicit,
		sent:     s,
		backRef:  backRef,
		inferred: own < 2,
		summit:   d.hasTrigger(s, "summit"),
	}
	if !hubFromContext && !c.backRef && len(ps) > 0 && d.meetingsByClause(s, trig, trigHit, c, ps[0], orgs, place, topics) {
		return
	}
	group := len(statesBefore) >= 2 && len(statesAfter) >= 1 && d.withFollows(s, trigHit)
	hubLeads := hubFromContext || (firstPersonAt >= 0 && firstPersonAt < trigHit.nstart) || sovLangs[d.lang] || d.lang == "ar"
	switch {
	case len(sides) == 1 && len(ps) >= 2 && orgLeaderAmong(ps):
		// The head of an international organization meeting a state's
		// ("NATO Secretary-General Stoltenberg met Zelensky").
		d.addMeeting(s, trig, trigHit, c, ps, sides, orgs, place, topics)
	case len(sides) < 2:
		// One state alone is no meeting between states.
	case len(sides) > 2 && (def.Type == "summit" || group || d.multilateral(s) || hostsSummit(&def, c)):
		d.addMeeting(s, trig, trigHit, c, ps, sides, orgs, place, topics)
	case len(sides) > 2 && len(ps) > 0 && hubLeads:
		// Most meetings are bilateral: one side meeting each of the others.
		for _, other := range sides[1:] {
			pair := []string{sides[0], other}
			d.addMeeting(s, trig, trigHit, c, peopleOf(ps, pair), pair, orgs, place, topics)
		}
	case len(sides) == 2:
		d.addMeeting(s, trig, trigHit, c, ps, sides, orgs, place, topics)
	}
}

// orgLeaderAmong reports whether one of ps leads an international
// organization.
func orgLeaderAmong(ps []*personRef) bool {
	for _, p := range ps {
		if p.org != "" {
			return true
		}
	}
	return false
}

// meetingCue is what a sentence says about its meeting besides who and
// where.
type meetingCue struct {
	status string
	// explicit: the status is stated (a past or future verb, "will",
	// "soon"), not the default.
	explicit bool
	// sent is the sentence; sent.bilateral() tells whether it calls the
	// meeting bilateral or one on the sidelines of something larger. Few
	// meetings need to know, and the question searches the sentence for
	// words of every language, so it is asked only then.
	sent *sentence
	// backRef: the sides come from "both sides", "the two countries": the
	// sentence goes on about a meeting already reported.
	backRef bool
	// inferred: fewer than two of the people come from the sentence itself.
	inferred bool
	// summit: the sentence names a summit ("arrived in Johannesburg for
	// the summit").
	summit bool
	// exclude: meetings this sentence reported with other people, which a
	// further clause of it does not add to.
	exclude []*Event
}

// meetingStatus is the status a trigger states, or "scheduled" when a
// future word stands next to it ("will hold a meeting", "मुलाकात होगी",
// "将会见"), else held.
func (d *doc) meetingStatus(s *sentence, status string, trigHit *hit) (string, bool) {
	if status != "" {
		return status, true
	}
	norm := s.norm.Text
	if scriptOf(firstRune(trigHit.surface)) == scriptHan {
		// The six characters before the trigger.
		before := norm[:trigHit.nstart]
		from := len(before)
		for n := 0; n < 6 && from > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(before[:from])
			from -= size
		}
		if containsAny(before[from:], futureHan) {
			return graph.StatusScheduled, true
		}
		return graph.StatusHeld, false
	}
	// Three words before the trigger and three after.
	var buf, trimmed [6]string
	window := lastFields(buf[:0], norm[:trigHit.nstart], 3)
	window = firstFields(window, norm[trigHit.nend:], len(window)+3)
	for i, x := range window {
		trimmed[i] = trimStops(x)
	}
	for _, phrase := range futurePhrases {
		if hasRun(window, phrase) {
			return graph.StatusScheduled, true
		}
	}
	for _, x := range trimmed[:len(window)] {
		if x == "" {
			continue
		}
		for _, w := range futurePrefixes[x[0]] {
			// Prefixes take inflections: "предстоящей", "prochaine".
			if strings.HasPrefix(x, w) {
				return graph.StatusScheduled, true
			}
		}
		if futureParticles[x] {
			return graph.StatusScheduled, true
		}
		if x[0] == 0xE0 { // Devanagari, among others
			for _, e := range futureEndings {
				if strings.HasSuffix(x, e) {
					return graph.StatusScheduled, true
				}
			}
		}
	}
	return graph.StatusHeld, false
}

// hasRun reports whether words has the words of run one after another.
func hasRun(words, run []string) bool {
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// venue reports whether a state's name says where a meeting takes place
// rather than who takes part: "in Brazil", "चीन के शहर तियानजिन में", "in
// Kigali, Rwanda". Unlike locative, "from" marks a side here ("counterparts
// from Ghana"), and the "in" of a trigger ("called in Iran's envoy") marks
// nothing.
func (d *doc) venue(h *hit) bool {
	norm := d.sents[h.sent].norm.Text
	prev := letterTail(d.prevWord(h))
	if p := d.prevHit(h); p != nil && p.nend <= h.nstart && strings.TrimSpace(norm[p.nend:h.nstart]) == "" {
		if _, isTrigger := p.target(FormTrigger); isTrigger {
			prev = ""
		}
	}
	if (prev != "from" && locativesBefore[prev]) || locativesAfter[d.nextWord(h)] {
		return true
	}
	if h.nstart > 0 {
		r := lastRune(norm[:h.nstart])
		if r == '在' || r == '于' || r == '赴' {
			return true
		}
	}
	return d.locatesVenue(h)
}

// locatesVenue reports whether a state's name says where the place next
// to it is, and that place is where something happens: "in Apulia,
// Italy", "in China's Tianjin", "चीन के शहर तियानजिन में".
func (d *doc) locatesVenue(h *hit) bool {
	norm := d.sents[h.sent].norm.Text
	if p := d.prevHit(h); p != nil && p.nend <= h.nstart {
		gap := strings.TrimSpace(norm[p.nend:h.nstart])
		placeBefore := p.place != ""
		countryBefore := p.country != ""
		if (placeBefore && (gap == "," || gap == "")) || (countryBefore && cityOf[gap]) {
			return d.venue(p)
		}
	}
	if n := d.nextHit(h); n != nil && n.nstart >= h.nend && n.place != "" {
		if cityOf[strings.TrimSpace(norm[h.nend:n.nstart])] && d.locative(n) {
			return true
		}
	}
	return false
}

// letterTail is the letters at the end of a word ("(33)في" -> "في").
func letterTail(w string) string {
	i := len(w)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(w[:i])
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '\'' {
			break
		}
		i -= size
	}
	return w[i:]
}

// nextHit returns the hit after h in its sentence.
func (d *doc) nextHit(h *hit) *hit {
	hs := d.sents[h.sent].hits
	for i, o := range hs {
		if o == h && i+1 < len(hs) {
			return hs[i+1]
		}
	}
	return nil
}

// withFollows reports whether "with" (or its equivalent) comes within a
// few words after the trigger: "met with", "meetings earlier yesterday
// with".
func (d *doc) withFollows(s *sentence, trigHit *hit) bool {
	var buf [4]string
	for _, w := range firstFields(buf[:0], s.norm.Text[trigHit.nend:], 4) {
		if withWords[strings.Trim(w, ",.")] {
			return true
		}
	}
	return strings.HasSuffix(trigHit.surface, " with") || strings.HasSuffix(trigHit.surface, " avec")
}

// summonSides keeps, for a summons, the state that summons (the first
// side) and the states whose envoys are summoned ("Iran's envoy", "the
// British, Dutch, French and German envoys"), when the sentence marks them.
func (d *doc) summonSides(s *sentence, sides []string) []string {
	var envoys []string
	for i, h := range s.hits {
		t, ok := h.target(FormTitle)
		if !ok {
			continue
		}
		if role := d.x.dict.Titles[t.Index].Role; role != "ambassador" && role != "envoy" {
			continue
		}
		for k := i - 1; k >= 0 && k >= i-4; k-- {
			c := s.hits[k].country
			if c == "" || h.nstart-s.hits[k].nend > 24 {
				break
			}
			if !contains(envoys, c) {
				envoys = append(envoys, c)
			}
		}
		if i+1 < len(s.hits) {
			if c := s.hits[i+1].country; c != "" && s.hits[i+1].nstart-h.nend < 8 && !contains(envoys, c) {
				envoys = append(envoys, c)
			}
		}
	}
	if len(envoys) == 0 {
		return sides
	}
	out := []string{}
	for _, c := range sides {
		if !contains(envoys, c) {
			out = append(out, c)
			break
		}
	}
	return append(out, envoys...)
}

// bothPair is the pair "both sides" refers to: the states of the last
// meeting between two, else the first two states a sentence names together.
func (d *doc) bothPair() [2]string {
	for i := len(d.meetings) - 1; i >= 0; i-- {
		if m := d.meetings[i]; len(m.Countries) == 2 {
			return [2]string{m.Countries[0], m.Countries[1]}
		}
	}
	for _, s := range d.sents {
		var cs []string
		for _, h := range s.hits {
			c := h.country
			if p := h.person; p != nil && p.country != "" {
				c = p.country
			}
			if c != "" && !d.venue(h) && !contains(cs, c) {
				cs = append(cs, c)
			}
		}
		if len(cs) >= 2 {
			return [2]string{cs[0], cs[1]}
		}
	}
	return [2]string{}
}

// bilateral reports whether the sentence has a word of bilateralWords.
func (s *sentence) bilateral() bool {
	return s.bilateralWord.in(s, bilateralWords)
}

// partOfName reports whether a country's name is the first name of the
// person right after it ("Mme Dominique Ouattara", "Jordan Bardella").
func (d *doc) partOfName(h *hit) bool {
	if _, byName := h.target(FormName); !byName {
		return false
	}
	n := d.nextHit(h)
	if n == nil || n.person == nil || n.nstart < h.nend {
		return false
	}
	return d.sents[h.sent].norm.Text[h.nend:n.nstart] == " "
}

// reportedBefore reports whether a reporting verb ("said", "कहा",
// "заявил", "表示") comes before the trigger: the sentence's date is then
// when it was said.
func (d *doc) reportedBefore(s *sentence, trigHit *hit) bool {
	before := s.norm.Text[:trigHit.nstart]
	if scriptOf(firstRune(trigHit.surface)) == scriptHan {
		return containsAny(before, reportingHan)
	}
	for w, rest := nextField(before); w != ""; w, rest = nextField(rest) {
		if reportingSet[strings.Trim(w, ",.:;")] {
			return true
		}
	}
	return false
}

func containsEvent(es []*Event, e *Event) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// meetingsByClause splits a sentence whose clauses each report a meeting
// of its subject with someone else ("将会见南非总统拉马福萨,同南非外长潘多尔举行会谈":
// a meeting with the president, talks with the foreign minister) into one
// meeting per clause. It reports whether it did.
func (d *doc) meetingsByClause(s *sentence, trig Target, trigHit *hit, c meetingCue, hub *personRef, orgs []string, place string, topics []string) bool {
	type clause struct {
		trig       *hit
		people     []*personRef
		states     []string
		start, end int
	}
	var clauses []*clause
	cur := &clause{}
	text := s.norm.Text
	last := 0
	for i, r := range text {
		switch r {
		case ',', '，', ';', '；', '،':
			cur.start, cur.end = last, i
			clauses = append(clauses, cur)
			cur, last = &clause{}, i+utf8.RuneLen(r)
		}
	}
	cur.start, cur.end = last, len(text)
	clauses = append(clauses, cur)
	if len(clauses) < 2 {
		return false
	}
	at := func(pos int) *clause {
		for _, cl := range clauses {
			if pos >= cl.start && pos < cl.end {
				return cl
			}
		}
		return nil
	}
	for _, h := range s.hits {
		cl := at(h.nstart)
		if cl == nil {
			continue
		}
		if t, ok := h.target(FormTrigger); ok && d.x.dict.Triggers[t.Index].Event == string(graph.EventMeet) && cl.trig == nil {
			cl.trig = h
			continue
		}
		if p := h.person; p != nil {
			if p != hub && !p.speaker() && p.country != "" && p.country != hub.country && !containsPerson(cl.people, p) {
				cl.people = append(cl.people, p)
				if !contains(cl.states, p.country) {
					cl.states = append(cl.states, p.country)
				}
			}
			continue
		}
		if cc := h.country; cc != "" && h.place == "" && cc != hub.country && !d.venue(h) && !contains(cl.states, cc) {
			cl.states = append(cl.states, cc)
		}
	}
	var parts []*clause
	for _, cl := range clauses {
		// "访问南非期间", "during his visit to South Africa": the setting of
		// the clauses that follow, not a meeting of its own.
		if cl.trig != nil && len(cl.states) == 1 && !d.during(s, cl.trig, cl.start, cl.end) {
			parts = append(parts, cl)
		}
	}
	if len(parts) < 2 || hub.country == "" {
		return false
	}
	var made []*Event
	for _, cl := range parts {
		t, _ := cl.trig.target(FormTrigger)
		c.exclude = made
		// "将会见X,同Y举行会谈": the future of the first clause carries over.
		if status, explicit := d.meetingStatus(s, d.x.dict.Triggers[t.Index].Status, cl.trig); explicit || len(made) == 0 {
			c.status, c.explicit = status, explicit
		}
		sides := []string{hub.country, cl.states[0]}
		if m := d.addMeeting(s, t, cl.trig, c, append([]*personRef{hub}, cl.people...), sides, orgs, place, topics); m != nil {
			made = append(made, m)
		}
	}
	return true
}

// during reports whether a trigger within [start, end) of the sentence is
// the time of something else: "during the visit", "访问期间", "दौरे के
// दौरान", "в ходе визита".
func (d *doc) during(s *sentence, trig *hit, start, end int) bool {
	text := s.norm.Text
	before := text[start:trig.nstart]
	after := text[trig.nend:end]
	for _, w := range duringBefore {
		// "during the visit", "during his official visit"
		var buf [3]string
		if i := strings.LastIndex(before, w); i >= 0 && len(firstFields(buf[:0], before[i+len(w):], 3)) <= 2 {
			return true
		}
	}
	for _, w := range duringAfter {
		if strings.Contains(after, w) {
			return true
		}
	}
	return false
}

func (d *doc) hasTrigger(s *sentence, typ string) bool {
	for _, h := range s.hits {
		for _, t := range h.targets {
			if t.Form == FormTrigger && d.x.dict.Triggers[t.Index].Type == typ {
				return true
			}
		}
	}
	return false
}

// nextField returns the first field of s, as strings.Fields splits s, and
// what follows it; field is "" when s has no more. The rules look at a few
// words next to a hit, and splitting the whole sentence for each of them
// was a good part of the time of extraction.
func nextField(s string) (field, rest string) {
	i := 0
	for i < len(s) {
		space, size := spaceAt(s, i)
		if !space {
			break
		}
		i += size
	}
	start := i
	for i < len(s) {
		space, size := spaceAt(s, i)
		if space {
			break
		}
		i += size
	}
	return s[start:i], s[i:]
}

// spaceAt reports whether the rune at s[i] is white space (unicode.IsSpace),
// and its size, answering ASCII without decoding, and the Cyrillic,
// Arabic and Devanagari blocks and Chinese without a table search: no white
// space lies between U+00FF and U+1680 or after U+3000.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return c == ' ' || ('\t' <= c && c <= '\r'), 1
	}
	var r rune
	var size int
	if textproc.Has3(s, i) {
		r, size = textproc.Rune3(s, i), 3
	} else {
		r, size = utf8.DecodeRuneInString(s[i:])
	}
	if (r > 0xFF && r < 0x1680) || r > 0x3000 {
		return false, size
	}
	return unicode.IsSpace(r), size
}

// trimStops is strings.Trim(w, ",.।۔"): the commas and full stops of our
// scripts, which strings.Trim would look up rune by rune in its cutset.
func trimStops(w string) string {
	for w != "" {
		r, size := utf8.DecodeRuneInString(w)
		if r != ',' && r != '.' && r != '।' && r != '۔' {
			break
		}
		w = w[size:]
	}
	for w != "" {
		r, size := utf8.DecodeLastRuneInString(w)
		if r != ',' && r != '.' && r != '।' && r != '۔' {
			break
		}
		w = w[:len(w)-size]
	}
	return w
}

// firstFields appends to dst the first n fields of s, as strings.Fields
// splits them (see nextField).
func firstFields(dst []string, s string, n int) []string {
	for w, rest := nextField(s); w != "" && len(dst) < n; w, rest = nextField(rest) {
		dst = append(dst, w)
	}
	return dst
}

// lastFields appends to dst the last n fields of s, in order, as
// strings.Fields splits them (see nextField).
func lastFields(dst []string, s string, n int) []string {
	from := len(dst)
	end := len(s)
	for len(dst)-from < n {
		for end > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= size
		}
		if end == 0 {
			break
		}
		start := end
		for start > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:start])
			if unicode.IsSpace(r) {
				break
			}
			start -= size
		}
		dst = append(dst, s[start:end])
		end = start
	}
	slices.Reverse(dst[from:])
	return dst
}
