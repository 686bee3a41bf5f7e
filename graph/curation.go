package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Curation is what people decided on top of the articles: aliases added to
// entities, and entities merged into others (a person found under two ids,
// say). The graph is a function of the articles and the curation: stores
// persist the curation beside the articles, rewrite every article graph
// with it before adding its facts (Rewrite), and add curated aliases to
// every entity they derive (Decorate). So a merge holds for articles loaded
// later, survives a reload or a replaced article, and deleting an article
// after a merge retracts exactly what it contributed.
//
// A Curation is not safe for concurrent mutation; stores copy it (Clone)
// before changing it and publish the copy.
type Curation struct {
	aliases map[Ref][]Name // sorted by language, then text; no duplicates
	merged  map[Ref]Ref    // drop → keep, resolved: a keep is never itself dropped
}

// NewCuration returns an empty curation.
func NewCuration() *Curation {
	return &Curation{aliases: map[Ref][]Name{}, merged: map[Ref]Ref{}}
}

// Empty reports whether there is nothing curated.
func (c *Curation) Empty() bool { return c == nil || len(c.aliases) == 0 && len(c.merged) == 0 }

// HasMerges reports whether any entity was merged into another.
func (c *Curation) HasMerges() bool { return c != nil && len(c.merged) > 0 }

// Clone returns an independent copy.
func (c *Curation) Clone() *Curation {
	out := NewCuration()
	if c == nil {
		return out
	}
	for r, ns := range c.aliases {
		out.aliases[r] = slices.Clone(ns)
	}
	maps.Copy(out.merged, c.merged)
	return out
}

// Canonical returns the entity r stands for: the one it was merged into,
// or r itself.
func (c *Curation) Canonical(r Ref) Ref {
	if c != nil {
		if k, ok := c.merged[r]; ok {
			return k
		}
	}
	return r
}

// MergedInto returns the entity drop was merged into, if it was.
func (c *Curation) MergedInto(drop Ref) (Ref, bool) {
	if c == nil {
		return Ref{}, false
	}
	k, ok := c.merged[drop]
	return k, ok
}

// Aliases returns the curated aliases of r.
func (c *Curation) Aliases(r Ref) []Name {
	if c == nil {
		return nil
	}
	return c.aliases[r]
}

// AliasedRefs returns the entities that have curated aliases, sorted.
func (c *Curation) AliasedRefs() []Ref {
	if c == nil {
		return nil
	}
	out := slices.Collect(maps.Keys(c.aliases))
	sort.Slice(out, func(i, j int) bool { return out[i].Less(out[j]) })
	return out
}

// CheckAlias validates an alias given for r: r must be an entity, the
// text a name (not empty, at most MaxKeyLen bytes, no control separators),
// the language empty or a short tag. Errors wrap ErrInvalid.
func CheckAlias(r Ref, n Name) error {
	if !r.Kind.IsEntity() {
		return fmt.Errorf("%w: %s is not an entity; aliases belong to countries, people, organizations, places and topics", ErrInvalid, r)
	}
	if err := checkKey("alias", n.Text); err != nil {
		return err
	}
	if strings.TrimSpace(n.Text) != n.Text {
		return fmt.Errorf("%w: alias %q has leading or trailing spaces", ErrInvalid, n.Text)
	}
	if err := checkText("alias language", n.Lang, 32); err != nil {
		return err
	}
	for _, r := range n.Lang {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Errorf("%w: alias language %q is not a language tag such as \"hi\" or \"zh-Hant\"", ErrInvalid, n.Lang)
		}
	}
	return nil
}

func nameLess(a, b Name) bool { return aliasKey(a) < aliasKey(b) }

// AddAlias records alias n for the entity r stands for (see Canonical),
// and reports whether it was new. Errors wrap ErrInvalid.
func (c *Curation) AddAlias(r Ref, n Name) (bool, error) {
	if err := CheckAlias(r, n); err != nil {
		return false, err
	}
	r = c.Canonical(r)
	ns := c.aliases[r]
	i := sort.Search(len(ns), func(i int) bool { return !nameLess(ns[i], n) })
	if i < len(ns) && ns[i] == n {
		return false, nil
	}
	c.aliases[r] = slices.Insert(ns, i, n)
	return true, nil
}

// Merge records that drop is the same entity as keep, and reports whether
// that is new: merging again what was merged already changes nothing.
// Errors wrap ErrInvalid: entities of different kinds, an entity into
// itself, into an entity that was itself merged away, or an entity that
// was merged into another one already. Whether both exist is the store's
// to check.
func (c *Curation) Merge(keep, drop Ref) (bool, error) {
	switch {
	case !keep.Kind.IsEntity() || !drop.Kind.IsEntity():
		return false, fmt.Errorf("%w: only countries, people, organizations, places and topics can be merged, not %s into %s", ErrInvalid, drop, keep)
	case keep.Kind != drop.Kind:
		return false, fmt.Errorf("%w: cannot merge %s into %s: they are of different kinds", ErrInvalid, drop, keep)
	case keep == drop:
		return false, fmt.Errorf("%w: cannot merge %s into itself", ErrInvalid, keep)
	}
	if k, ok := c.merged[drop]; ok {
		if k == keep {
			return false, nil
		}
		return false, fmt.Errorf("%w: %s was already merged into %s", ErrInvalid, drop, k)
	}
	if k, ok := c.merged[keep]; ok {
		return false, fmt.Errorf("%w: %s was merged into %s; merge into %s instead", ErrInvalid, keep, k, k)
	}
	c.merged[drop] = keep
	for d, k := range c.merged {
		if k == drop {
			c.merged[d] = keep
		}
	}
	for _, n := range c.aliases[drop] {
		c.AddAlias(keep, n)
	}
	delete(c.aliases, drop)
	return true, nil
}

// Curation record operations.
const (
	CurationAlias = "alias"
	CurationMerge = "merge"
)

// CurationRecord is one curation decision, the form stores persist: a
// store appends one per change and replays them in order with Replay.
type CurationRecord struct {
	Op   string `json:"op"`             // CurationAlias or CurationMerge
	Ref  string `json:"ref,omitempty"`  // alias: the entity's global id
	Text string `json:"text,omitempty"` // alias
	Lang string `json:"lang,omitempty"` // alias
	Keep string `json:"keep,omitempty"` // merge
	Drop string `json:"drop,omitempty"` // merge
}

// Replay applies a persisted record. Records replayed in the order they
// were made give back the same curation.
func (c *Curation) Replay(rec CurationRecord) error {
	switch rec.Op {
	case CurationAlias:
		r, err := ParseRef(rec.Ref)
		if err != nil {
			return err
		}
		_, err = c.AddAlias(r, Name{Text: rec.Text, Lang: rec.Lang})
		return err
	case CurationMerge:
		keep, err := ParseRef(rec.Keep)
		if err != nil {
			return err
		}
		drop, err := ParseRef(rec.Drop)
		if err != nil {
			return err
		}
		_, err = c.Merge(keep, drop)
		return err
	}
	return fmt.Errorf("%w: unknown curation record %q", ErrInvalid, rec.Op)
}

// Records returns the curation as records in a canonical order (merges by
// dropped id, then aliases by entity and alias): replaying them gives the
// same curation, and two equal curations give equal records.
func (c *Curation) Records() []CurationRecord {
	if c == nil {
		return nil
	}
	var out []CurationRecord
	drops := slices.Collect(maps.Keys(c.merged))
	sort.Slice(drops, func(i, j int) bool { return drops[i].Less(drops[j]) })
	for _, d := range drops {
		out = append(out, CurationRecord{Op: CurationMerge, Keep: c.merged[d].String(), Drop: d.String()})
	}
	for _, r := range c.AliasedRefs() {
		for _, n := range c.aliases[r] {
			out = append(out, CurationRecord{Op: CurationAlias, Ref: r.String(), Text: n.Text, Lang: n.Lang})
		}
	}
	return out
}

// MarshalJSON encodes the curation as its canonical records.
func (c *Curation) MarshalJSON() ([]byte, error) {
	recs := c.Records()
	if recs == nil {
		recs = []CurationRecord{}
	}
	return json.Marshal(recs)
}

// UnmarshalJSON decodes what MarshalJSON encoded.
func (c *Curation) UnmarshalJSON(b []byte) error {
	var recs []CurationRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		return err
	}
	*c = *NewCuration()
	for _, r := range recs {
		if err := c.Replay(r); err != nil {
			return err
		}
	}
	return nil
}

// CurationLines gives the canonical lines of a curation, for dumps and
// fingerprints: a curation is part of what the graph is a function of.
func CurationLines(c *Curation) []string {
	var out []string
	for _, r := range c.Records() {
		if r.Op == CurationMerge {
			out = append(out, line("C", r.Op, r.Drop, r.Keep))
		} else {
			out = append(out, line("C", r.Op, r.Ref, r.Lang, r.Text))
		}
	}
	return out
}

// Decorate adds the curated aliases of e to it.
func (c *Curation) Decorate(e *Entity) { AddAliases(e, c.Aliases(e.Ref())) }

// AddAliases adds names to e's aliases, keeping them sorted and distinct
// (language, then text); a nameless entity takes the first as its name.
func AddAliases(e *Entity, extra []Name) {
	if len(extra) == 0 {
		return
	}
	all := append(slices.Clone(e.Aliases), extra...)
	sort.Slice(all, func(i, j int) bool { return nameLess(all[i], all[j]) })
	e.Aliases = slices.Compact(all)
	if e.Name == "" {
		e.Name = e.Aliases[0].Text
	}
}

// Touches reports whether g refers to an entity that was merged away, so
// that Rewrite would change it.
func (c *Curation) Touches(g *ArticleGraph) bool {
	if !c.HasMerges() {
		return false
	}
	for i := range g.Entities {
		if _, ok := c.merged[g.Entities[i].Ref()]; ok {
			return true
		}
	}
	return false
}

// Rewrite returns g as the curation sees it: every entity merged away
// replaced by the one it was merged into, in the entities (whose name
// becomes an alias of the kept one), their references (a person's country,
// an office, a member), the mentions (counts added up) and the events
// (participants, place, topics; their ids recomputed, so two events that
// become one keep the first one's report). g itself is returned when
// nothing in it was merged away. The result is not meant for Validate: a
// rewritten entity carries no canonical name of its own.
//
// Rewrite composes: rewriting an already rewritten graph with a later
// curation gives what rewriting the original would.
func (c *Curation) Rewrite(g *ArticleGraph) *ArticleGraph {
	if !c.Touches(g) {
		return g
	}
	canon := func(k Kind, id string) string {
		if id == "" {
			return ""
		}
		return c.Canonical(Ref{k, id}).ID
	}
	out := &ArticleGraph{Article: g.Article}
	index := map[Ref]int{}
	for i := range g.Entities {
		src := &g.Entities[i]
		e := Entity{Kind: src.Kind, ID: src.ID, Name: src.Name, Country: src.Country, Role: src.Role, Class: src.Class,
			Aliases: slices.Clone(src.Aliases), Members: make([]string, 0, len(src.Members))}
		if e.Kind == KindPerson || e.Kind == KindPlace {
			e.Country = canon(KindCountry, e.Country)
		}
		for _, o := range src.Offices {
			o.Country, o.Org = canon(KindCountry, o.Country), canon(KindOrganization, o.Org)
			e.Offices = append(e.Offices, o)
		}
		for _, m := range src.Members {
			e.Members = append(e.Members, canon(KindCountry, m))
		}
		if r := c.Canonical(e.Ref()); r != e.Ref() {
			if e.Name != "" {
				e.Aliases = append(e.Aliases, Name{Text: e.Name})
			}
			e.ID, e.Name = r.ID, ""
		}
		j, seen := index[e.Ref()]
		if !seen {
			index[e.Ref()] = len(out.Entities)
			out.Entities = append(out.Entities, e)
			continue
		}
		combineEntity(&out.Entities[j], &e)
	}
	for i := range out.Entities {
		e := &out.Entities[i]
		e.Aliases = uniqueNames(e.Aliases)
		e.Offices = uniqueOffices(e.Offices)
		e.Members = sortedUnique(e.Members)
	}
	counts := map[Ref]int{}
	var order []Ref
	for _, m := range g.Mentions {
		r := c.Canonical(m.Ref)
		if _, ok := counts[r]; !ok {
			order = append(order, r)
		}
		counts[r] += m.Count
	}
	for _, r := range order {
		out.Mentions = append(out.Mentions, Mention{Ref: r, Count: counts[r]})
	}
	seen := map[string]bool{}
	for _, src := range g.Events {
		ev := Event{Type: src.Type, Date: src.Date, Subtype: src.Subtype, Status: src.Status,
			Place: canon(KindPlace, src.Place), Topics: src.Topics}
		for _, p := range src.Participants {
			ev.Participants = append(ev.Participants, Participant{Ref: c.Canonical(p.Ref), Role: p.Role})
		}
		for _, r := range src.Reports {
			r.Place = canon(KindPlace, r.Place)
			topics := make([]string, len(r.Topics))
			for i, t := range r.Topics {
				topics[i] = canon(KindTopic, t)
			}
			r.Topics = topics
			ev.Reports = append(ev.Reports, r)
		}
		NormalizeEvent(&ev, g.Article.ID)
		if seen[ev.ID] {
			continue
		}
		seen[ev.ID] = true
		out.Events = append(out.Events, ev)
	}
	return out
}

// combineEntity folds another record of the same entity from one article
// into e: a canonical name and scalars where e has none, lists united.
func combineEntity(e, o *Entity) {
	if e.Name == "" {
		e.Name = o.Name
	} else if o.Name != "" && o.Name != e.Name {
		e.Aliases = append(e.Aliases, Name{Text: o.Name})
	}
	if e.Country == "" {
		e.Country = o.Country
	}
	if e.Role == "" {
		e.Role = o.Role
	}
	if e.Class == "" {
		e.Class = o.Class
	}
	e.Aliases = append(e.Aliases, o.Aliases...)
	e.Offices = append(e.Offices, o.Offices...)
	e.Members = append(e.Members, o.Members...)
}

func uniqueNames(ns []Name) []Name {
	if len(ns) == 0 {
		return nil
	}
	sort.SliceStable(ns, func(i, j int) bool { return nameLess(ns[i], ns[j]) })
	return slices.Compact(ns)
}

func uniqueOffices(os []Office) []Office {
	if len(os) == 0 {
		return nil
	}
	sort.SliceStable(os, func(i, j int) bool { return officeKey(os[i]) < officeKey(os[j]) })
	return slices.Compact(os)
}

// CurationSource is implemented by walkers that hold a curation (every
// Store, and the conformance suite's model): CanonicalDump and Fingerprint
// cover it.
type CurationSource interface {
	Curation(ctx context.Context) (*Curation, error)
}
