package graph

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Limits on what one article may contribute; they keep a hostile or broken
// input from turning into a huge transaction.
const (
	MaxKeyLen       = 512
	MaxTextLen      = 64 << 10 // one property value (a sentence, a title)
	MaxEntities     = 5000
	MaxEvents       = 5000
	MaxParticipants = 64
)

// NormalizeEvent brings an event into canonical form: symmetric types lose
// direction, participants are sorted and de-duplicated, topics sorted, and
// the id recomputed. Loaders call it before Validate.
func NormalizeEvent(ev *Event, articleID string) {
	if ev.Type.Symmetric() {
		for i := range ev.Participants {
			ev.Participants[i].Role = RoleParticipant
		}
	}
	SortParticipants(ev.Participants)
	out := ev.Participants[:0]
	for i, p := range ev.Participants {
		if i > 0 && p == ev.Participants[i-1] {
			continue
		}
		out = append(out, p)
	}
	ev.Participants = out
	for i := range ev.Reports {
		ev.Reports[i].Topics = sortedUnique(ev.Reports[i].Topics)
	}
	ev.ID = EventID(ev.Type, ev.Date, ev.Participants, articleID)
}

func sortedUnique(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := append([]string(nil), ss...)
	sort.Strings(out)
	j := 0
	for i, s := range out {
		if i > 0 && s == out[j-1] {
			continue
		}
		out[j] = s
		j++
	}
	return out[:j]
}

func checkText(field, s string, max int) error {
	return checkTextAt(func() string { return field }, s, max)
}

func checkKey(field, s string) error {
	return checkKeyAt(func() string { return field }, s)
}

// checkTextAt and checkKeyAt name the field only when the check fails: a
// load validates every article's graph twice (loader and store), and
// formatting each field's name cost more than the checks themselves.
func checkTextAt(field func() string, s string, max int) error {
	if len(s) <= max && plainText(s) {
		return nil
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalid, field())
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%w: %s contains a NUL byte", ErrInvalid, field())
	}
	// \x1e and \x1f separate the parts of tally keys (state.go): a value
	// holding one would be read back as another value.
	if strings.ContainsAny(s, "\x1e\x1f") {
		return fmt.Errorf("%w: %s contains a record or unit separator control character", ErrInvalid, field())
	}
	if len(s) > max {
		return fmt.Errorf("%w: %s is %d bytes, more than %d", ErrInvalid, field(), len(s), max)
	}
	return nil
}

// plainText reports, in one pass, that s is valid UTF-8 without NUL or
// separator bytes: what checkTextAt asks, short of the length.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == 0 || c == 0x1e || c == 0x1f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

func checkKeyAt(field func() string, s string) error {
	if s == "" || (s[0] <= ' ' || s[0] >= utf8.RuneSelf) && strings.TrimSpace(s) == "" {
		return fmt.Errorf("%w: %s is empty", ErrInvalid, field())
	}
	return checkTextAt(field, s, MaxKeyLen)
}

// Validate checks that an article graph is complete and closed: every key
// present, every reference pointing at an entity of the same graph, every
// mention naming an entity and every entity mentioned, every event carrying
// exactly one report from this article and the id its content implies.
// Neo4j Community cannot enforce key existence, so every store calls this
// before writing. Errors wrap ErrInvalid and name the field.
func (g *ArticleGraph) Validate() error {
	a := &g.Article
	if err := checkKey("article.id", a.ID); err != nil {
		return err
	}
	if err := checkKey("article.contentHash", a.ContentHash); err != nil {
		return err
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"article.url", a.URL, MaxTextLen}, {"article.title", a.Title, MaxTextLen}, {"article.lang", a.Lang, 35},
		{"article.source", a.Source, 512}, {"article.published", a.Published, 64}, {"article.extractor", a.Extractor, 256}} {
		if err := checkText(f.name, f.value, f.max); err != nil {
			return err
		}
	}
	if len(g.Entities) > MaxEntities || len(g.Events) > MaxEvents {
		return fmt.Errorf("%w: article %s has %d entities and %d events (limits %d, %d)", ErrInvalid, a.ID, len(g.Entities), len(g.Events), MaxEntities, MaxEvents)
	}
	ents := make(map[Ref]*Entity, len(g.Entities))
	for i := range g.Entities {
		e := &g.Entities[i]
		field := func() string { return fmt.Sprintf("entities[%d]", i) }
		if !e.Kind.IsEntity() {
			return fmt.Errorf("%w: %s.kind %q is not an entity kind", ErrInvalid, field(), e.Kind)
		}
		if err := checkKeyAt(func() string { return field() + ".id" }, e.ID); err != nil {
			return err
		}
		if err := checkKeyAt(func() string { return field() + ".name" }, e.Name); err != nil {
			return err
		}
		if _, dup := ents[e.Ref()]; dup {
			return fmt.Errorf("%w: %s %s appears twice", ErrInvalid, field(), e.Ref())
		}
		for j, al := range e.Aliases {
			if err := checkKeyAt(func() string { return fmt.Sprintf("%s.aliases[%d]", field(), j) }, al.Text); err != nil {
				return err
			}
			if err := checkTextAt(func() string { return fmt.Sprintf("%s.aliases[%d].lang", field(), j) }, al.Lang, 32); err != nil {
				return err
			}
		}
		for _, s := range [...]string{e.Country, e.Role, e.Class} {
			if err := checkTextAt(field, s, MaxKeyLen); err != nil {
				return err
			}
		}
		for _, s := range e.Members {
			if err := checkTextAt(field, s, MaxKeyLen); err != nil {
				return err
			}
		}
		ents[e.Ref()] = e
	}
	need := func(field func() string, r Ref) error {
		if _, ok := ents[r]; !ok {
			return fmt.Errorf("%w: %s refers to %s, which is not among the article's entities", ErrInvalid, field(), r)
		}
		return nil
	}
	for i := range g.Entities {
		e := &g.Entities[i]
		field := func() string { return fmt.Sprintf("entities[%d]", i) }
		if e.Country != "" && (e.Kind == KindPerson || e.Kind == KindPlace) {
			if err := need(func() string { return field() + ".country" }, Ref{KindCountry, e.Country}); err != nil {
				return err
			}
		}
		for j, o := range e.Offices {
			office := func() string { return fmt.Sprintf("%s.offices[%d]", field(), j) }
			if err := checkKeyAt(func() string { return office() + ".role" }, o.Role); err != nil {
				return err
			}
			for _, v := range [...]string{o.Country, o.Org, o.From, o.To} {
				if err := checkTextAt(office, v, MaxKeyLen); err != nil {
					return err
				}
			}
			if (o.Org == "") == (o.Country == "") {
				return fmt.Errorf("%w: %s needs exactly one of country and org", ErrInvalid, office())
			}
			if err := need(office, o.Target()); err != nil {
				return err
			}
		}
	}
	mentioned := make(map[Ref]bool, len(g.Mentions))
	for i, m := range g.Mentions {
		field := func() string { return fmt.Sprintf("mentions[%d]", i) }
		if err := need(field, m.Ref); err != nil {
			return err
		}
		if mentioned[m.Ref] {
			return fmt.Errorf("%w: %s: %s mentioned twice", ErrInvalid, field(), m.Ref)
		}
		if m.Count < 0 {
			return fmt.Errorf("%w: %s.count is negative", ErrInvalid, field())
		}
		mentioned[m.Ref] = true
	}
	for r := range ents {
		if !mentioned[r] {
			return fmt.Errorf("%w: entity %s has no mention record", ErrInvalid, r)
		}
	}
	seen := make(map[string]bool, len(g.Events))
	for i := range g.Events {
		ev := &g.Events[i]
		field := func() string { return fmt.Sprintf("events[%d]", i) }
		if _, err := ParseEventType(string(ev.Type)); err != nil || EventType(strings.ToLower(string(ev.Type))) != ev.Type {
			return fmt.Errorf("%w: %s.type %q is not in the ontology", ErrInvalid, field(), ev.Type)
		}
		if ev.Date != "" && !ValidDate(ev.Date) {
			return fmt.Errorf("%w: %s.date %q is not an ISO date", ErrInvalid, field(), ev.Date)
		}
		if len(ev.Participants) == 0 || len(ev.Participants) > MaxParticipants {
			return fmt.Errorf("%w: %s has %d participants (1..%d)", ErrInvalid, field(), len(ev.Participants), MaxParticipants)
		}
		for j, p := range ev.Participants {
			if j > 0 {
				if compareParticipants(ev.Participants[j-1], p) >= 0 {
					return fmt.Errorf("%w: %s.participants are not sorted and unique (call NormalizeEvent)", ErrInvalid, field())
				}
			}
			if ev.Type.Symmetric() && p.Role != RoleParticipant {
				return fmt.Errorf("%w: %s.participants[%d] has role %q in a %s event, which has no direction", ErrInvalid, field(), j, p.Role, ev.Type)
			}
			if p.Ref.Kind != KindCountry && p.Ref.Kind != KindPerson && p.Ref.Kind != KindOrganization {
				return fmt.Errorf("%w: %s.participants[%d] is a %s; only countries, people and organizations take part", ErrInvalid, field(), j, p.Ref.Kind)
			}
			if p.Role != RoleSource && p.Role != RoleTarget && p.Role != RoleParticipant {
				return fmt.Errorf("%w: %s.participants[%d].role %q", ErrInvalid, field(), j, p.Role)
			}
			if err := need(func() string { return fmt.Sprintf("%s.participants[%d]", field(), j) }, p.Ref); err != nil {
				return err
			}
		}
		if want := EventID(ev.Type, ev.Date, ev.Participants, a.ID); ev.ID != want {
			return fmt.Errorf("%w: %s.id %q does not match its content (want %q; call NormalizeEvent)", ErrInvalid, field(), ev.ID, want)
		}
		if seen[ev.ID] {
			return fmt.Errorf("%w: %s: event %s appears twice; merge its reports", ErrInvalid, field(), ev.ID)
		}
		seen[ev.ID] = true
		if len(ev.Reports) != 1 || ev.Reports[0].Article != a.ID {
			return fmt.Errorf("%w: %s needs exactly one report from article %s", ErrInvalid, field(), a.ID)
		}
		r := ev.Reports[0]
		if err := checkTextAt(func() string { return field() + ".reports[0].sentence" }, r.Sentence, MaxTextLen); err != nil {
			return err
		}
		if r.Start < 0 || r.End < r.Start {
			return fmt.Errorf("%w: %s.reports[0] offsets [%d,%d) are not a span", ErrInvalid, field(), r.Start, r.End)
		}
		for _, f := range [...]struct{ name, value string }{{"extractor", r.Extractor}, {"subtype", r.Subtype}, {"place", r.Place}} {
			if err := checkTextAt(func() string { return field() + ".reports[0]." + f.name }, f.value, MaxKeyLen); err != nil {
				return err
			}
		}
		for _, tp := range r.Topics {
			if err := checkTextAt(func() string { return field() + ".reports[0].topics" }, tp, MaxKeyLen); err != nil {
				return err
			}
		}
		if math.IsNaN(r.Confidence) || r.Confidence < 0 || r.Confidence > 1 {
			return fmt.Errorf("%w: %s.reports[0].confidence %v is outside [0,1]", ErrInvalid, field(), r.Confidence)
		}
		switch r.Status {
		case "", StatusHeld, StatusScheduled, StatusProposed:
		default:
			return fmt.Errorf("%w: %s.reports[0].status %q", ErrInvalid, field(), r.Status)
		}
		if r.Place != "" {
			if err := need(func() string { return field() + ".reports[0].place" }, Ref{KindPlace, r.Place}); err != nil {
				return err
			}
		}
		for _, t := range r.Topics {
			if err := need(func() string { return field() + ".reports[0].topics" }, Ref{KindTopic, t}); err != nil {
				return err
			}
		}
	}
	return nil
}

// ValidDate reports whether s is an ISO calendar day YYYY-MM-DD that exists.
func ValidDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	num := func(s string) int {
		n := 0
		for _, c := range []byte(s) {
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		days = 29
	}
	return d <= days
}
