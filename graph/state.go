package graph

import (
	"sort"
	"strconv"
	"strings"
)

// Tally is a counted multiset of strings: how many supporting articles
// contributed each value. Adding an article's contribution and later
// subtracting it restores the tally exactly, which is what makes the graph
// a function of the current set of articles rather than of their history.
type Tally map[string]int

// Add counts v once more (or n times); empty values are ignored.
func (t Tally) Add(v string, n int) {
	if v == "" {
		return
	}
	if c := t[v] + n; c > 0 {
		t[v] = c
	} else {
		delete(t, v)
	}
}

// keep is Add for a tally that outlives the call: a value new to it is
// copied, since it is often a slice of a whole article's text, which
// keeping the slice would keep in memory for good. (Alias and office keys
// are built afresh by aliasKey and officeKey, and members come from the
// dictionaries: they go through Add.)
func (t Tally) keep(v string, n int) {
	if _, had := t[v]; !had && n > 0 && v != "" {
		v = strings.Clone(v)
	}
	t.Add(v, n)
}

// Best returns the most counted value, ties broken by the smallest string.
func (t Tally) Best() string {
	best, bc := "", 0
	for v, c := range t {
		if c > bc || (c == bc && v < best) {
			best, bc = v, c
		}
	}
	return best
}

// Keys returns the values present, sorted.
func (t Tally) Keys() []string {
	out := make([]string, 0, len(t))
	for v := range t {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

const sep = "\x1f"

func aliasKey(n Name) string { return n.Lang + sep + n.Text }

func officeKey(o Office) string {
	return strings.Join([]string{o.Role, o.Country, o.Org, o.From, o.To}, sep)
}

func parseOffice(s string) Office {
	f := strings.SplitN(s, sep, 5)
	for len(f) < 5 {
		f = append(f, "")
	}
	return Office{Role: f[0], Country: f[1], Org: f[2], From: f[3], To: f[4]}
}

// EntityState is an entity as the sum of its supporting articles'
// contributions. Stores keep one per node and derive the visible Entity.
type EntityState struct {
	Kind     Kind
	ID       string
	Articles int // number of articles whose MENTIONS edge supports the node
	Mentions int // sum of the mention counts
	Fields   map[string]Tally
}

// Field names of an EntityState's tallies.
const (
	FieldName    = "name"
	FieldAlias   = "aliases"
	FieldCountry = "country"
	FieldRole    = "role"
	FieldClass   = "class"
	FieldOffice  = "offices"
	FieldMember  = "members"
)

// TallyFields lists the tallies in a fixed order.
var TallyFields = []string{FieldName, FieldAlias, FieldCountry, FieldRole, FieldClass, FieldOffice, FieldMember}

// NewEntityState returns an empty state for ref.
func NewEntityState(r Ref) *EntityState {
	return &EntityState{Kind: r.Kind, ID: r.ID, Fields: make(map[string]Tally, len(TallyFields))}
}

func (s *EntityState) tally(f string) Tally {
	t := s.Fields[f]
	if t == nil {
		t = Tally{}
		s.Fields[f] = t
	}
	return t
}

// Apply adds (sign +1) or removes (sign -1) one article's contribution:
// its Entity record and its mention count.
func (s *EntityState) Apply(e *Entity, mentionCount, sign int) {
	s.Articles += sign
	s.Mentions += sign * mentionCount
	s.tally(FieldName).keep(e.Name, sign)
	s.tally(FieldCountry).keep(e.Country, sign)
	s.tally(FieldRole).keep(e.Role, sign)
	s.tally(FieldClass).keep(e.Class, sign)
	// Lists are sets per article: a value listed twice by one article counts once.
	for _, k := range uniqueKeys(len(e.Aliases), func(i int) string { return aliasKey(e.Aliases[i]) }) {
		s.tally(FieldAlias).Add(k, sign)
	}
	for _, k := range uniqueKeys(len(e.Offices), func(i int) string { return officeKey(e.Offices[i]) }) {
		s.tally(FieldOffice).Add(k, sign)
	}
	for _, k := range uniqueKeys(len(e.Members), func(i int) string { return e.Members[i] }) {
		s.tally(FieldMember).Add(k, sign)
	}
}

func uniqueKeys(n int, key func(int) string) []string {
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		k := key(i)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// Empty reports whether no article supports the entity any more; the store
// then deletes its node.
func (s *EntityState) Empty() bool { return s.Articles <= 0 }

// Entity derives the visible entity: scalars are the most counted value,
// lists the union, both independent of the order articles arrived in.
func (s *EntityState) Entity() *Entity {
	e := &Entity{Kind: s.Kind, ID: s.ID,
		Name:    s.Fields[FieldName].Best(),
		Country: s.Fields[FieldCountry].Best(),
		Role:    s.Fields[FieldRole].Best(),
		Class:   s.Fields[FieldClass].Best(),
	}
	for _, k := range s.Fields[FieldAlias].Keys() {
		lang, text, _ := strings.Cut(k, sep)
		e.Aliases = append(e.Aliases, Name{Text: text, Lang: lang})
	}
	for _, k := range s.Fields[FieldOffice].Keys() {
		e.Offices = append(e.Offices, parseOffice(k))
	}
	e.Members = s.Fields[FieldMember].Keys()
	if len(e.Members) == 0 {
		e.Members = nil
	}
	if e.Name == "" && len(e.Aliases) > 0 {
		// Only articles that named the entity under an id since merged
		// into this one support it: one of those names stands in.
		e.Name = e.Aliases[0].Text
	}
	return e
}

// EncodeTallies flattens the tallies into string lists ("count\x1evalue"),
// the form a property store such as Neo4j can hold.
func (s *EntityState) EncodeTallies() map[string][]string {
	out := make(map[string][]string, len(TallyFields))
	for _, f := range TallyFields {
		t := s.Fields[f]
		list := make([]string, 0, len(t))
		for _, v := range t.Keys() {
			list = append(list, strconv.Itoa(t[v])+"\x1e"+v)
		}
		out[f] = list
	}
	return out
}

// DecodeTallies is the inverse of EncodeTallies; malformed items are skipped.
func (s *EntityState) DecodeTallies(enc map[string][]string) {
	for f, list := range enc {
		t := s.tally(f)
		for _, item := range list {
			n, v, ok := strings.Cut(item, "\x1e")
			c, err := strconv.Atoi(n)
			if ok && err == nil {
				t.Add(v, c)
			}
		}
	}
}

var statusRank = map[string]int{"": 0, StatusProposed: 1, StatusScheduled: 2, StatusHeld: 3}

// DeriveEvent sets an event's derived fields from its reports: subtype and
// place are the most reported (ties to the smallest), status the most
// certain, topics the union. Reports are sorted by article id.
func DeriveEvent(ev *Event) {
	sort.Slice(ev.Reports, func(i, j int) bool { return ev.Reports[i].Article < ev.Reports[j].Article })
	sub, place, topics := Tally{}, Tally{}, Tally{}
	status := ""
	for _, r := range ev.Reports {
		sub.Add(r.Subtype, 1)
		place.Add(r.Place, 1)
		for _, t := range r.Topics {
			topics.Add(t, 1)
		}
		if statusRank[r.Status] > statusRank[status] {
			status = r.Status
		}
	}
	ev.Subtype, ev.Place, ev.Status = sub.Best(), place.Best(), status
	ev.Topics = topics.Keys()
	if len(ev.Topics) == 0 {
		ev.Topics = nil
	}
}
