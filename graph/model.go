// Package graph is dipgraph's domain: the node and edge types of the
// diplomatic-relations graph, their deterministic ids, and the Store
// interface through which the loader and the GraphQL layer reach a backend.
//
// The graph is a pure function of the set of articles applied to it: every
// entity and event property is derived from the contributions of the
// articles that currently support it (see state.go), so loading the same
// articles in any order, on any backend, gives the same fingerprint, and
// deleting an article gives the graph as if it had never been loaded.
package graph

import (
	"fmt"
	"strings"
)

// Kind is the label of a node.
type Kind string

// The node kinds. Their string values are the Neo4j labels.
const (
	KindCountry      Kind = "Country"
	KindPerson       Kind = "Person"
	KindOrganization Kind = "Organization"
	KindPlace        Kind = "Place"
	KindTopic        Kind = "Topic"
	KindEvent        Kind = "Event"
	KindArticle      Kind = "Article"
)

// EntityKinds are the kinds of named things an article can mention.
var EntityKinds = []Kind{KindCountry, KindPerson, KindOrganization, KindPlace, KindTopic}

// IsEntity reports whether k is one of EntityKinds.
func (k Kind) IsEntity() bool {
	switch k {
	case KindCountry, KindPerson, KindOrganization, KindPlace, KindTopic:
		return true
	}
	return false
}

// ParseKind maps a case-insensitive kind name to a Kind.
// It returns ErrInvalid for anything else, so that no caller-supplied
// text can ever become a label.
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{KindCountry, KindPerson, KindOrganization, KindPlace, KindTopic, KindEvent, KindArticle} {
		if strings.EqualFold(s, string(k)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("%w: unknown node kind %q", ErrInvalid, s)
}

// Ref names one node: its kind and its key within that kind.
type Ref struct {
	Kind Kind
	ID   string
}

// String gives the global id "Kind:ID" used by the API.
func (r Ref) String() string { return string(r.Kind) + ":" + r.ID }

// ParseRef parses a global id of the form "Kind:ID".
func ParseRef(s string) (Ref, error) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok || id == "" {
		return Ref{}, fmt.Errorf("%w: id %q is not of the form Kind:key", ErrInvalid, s)
	}
	k, err := ParseKind(kind)
	if err != nil {
		return Ref{}, err
	}
	return Ref{Kind: k, ID: id}, nil
}

// Compare orders refs by kind, then key: -1, 0 or +1.
func (r Ref) Compare(o Ref) int {
	if c := strings.Compare(string(r.Kind), string(o.Kind)); c != 0 {
		return c
	}
	return strings.Compare(r.ID, o.ID)
}

// Less orders refs by kind, then key.
func (r Ref) Less(o Ref) bool { return r.Compare(o) < 0 }

// Name is one written form of a name, with the language it is written in
// ("" when unknown). Text keeps its original form; matching uses Key.
type Name struct {
	Text string `json:"text"`
	Lang string `json:"lang,omitempty"`
}

// Office is a position a person holds, in a country or an organization.
// Dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD); To is empty while in office.
type Office struct {
	Role    string `json:"role"`
	Country string `json:"country,omitempty"`
	Org     string `json:"org,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
}

// Target is the node the office is held in.
func (o Office) Target() Ref {
	if o.Org != "" {
		return Ref{KindOrganization, o.Org}
	}
	return Ref{KindCountry, o.Country}
}

// HeldAt reports whether the office was held on the ISO date day.
func (o Office) HeldAt(day string) bool {
	if day == "" {
		return o.To == ""
	}
	if o.From != "" && day < o.From {
		return false
	}
	// "2022" as an end date covers all of 2022: compare on the shared prefix.
	return o.To == "" || day <= o.To || strings.HasPrefix(day, o.To)
}

// Entity is a named node: a country, person, organization, place or topic.
type Entity struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	// Name is the canonical (English) name.
	Name    string   `json:"name"`
	Aliases []Name   `json:"aliases,omitempty"`
	Country string   `json:"country,omitempty"` // Person: the state represented; Place: where it is
	Role    string   `json:"role,omitempty"`    // Person: office in lower-case English
	Offices []Office `json:"offices,omitempty"` // Person
	Members []string `json:"members,omitempty"` // Organization: member states
	Class   string   `json:"class,omitempty"`   // Place: capital|city|venue; Organization: un|regional|forum...
}

// Ref returns the entity's node reference.
func (e *Entity) Ref() Ref { return Ref{e.Kind, e.ID} }

// NameIn returns the first alias in lang, or the canonical name.
func (e *Entity) NameIn(lang string) string {
	for _, a := range e.Aliases {
		if a.Lang == lang {
			return a.Text
		}
	}
	return e.Name
}

// EventType is one type of the event ontology.
type EventType string

// The event ontology. Meetings (talks, calls, visits, summits) are one type
// with a subtype; the others are directed relations between states.
const (
	EventMeet      EventType = "meet"
	EventCooperate EventType = "cooperate"
	EventAgree     EventType = "agree"
	EventSupport   EventType = "support"
	EventPraise    EventType = "praise"
	EventCriticize EventType = "criticize"
	EventThreaten  EventType = "threaten"
	EventSanction  EventType = "sanction"
	EventAid       EventType = "aid"
)

// EventTypes lists the ontology in a fixed order.
var EventTypes = []EventType{EventMeet, EventCooperate, EventAgree, EventSupport, EventPraise, EventCriticize, EventThreaten, EventSanction, EventAid}

// Codes of an event type in the CAMEO and PLOVER ontologies, so that users
// can join dipgraph's events with GDELT, ICEWS or POLECAT data.
type Codes struct {
	CAMEO  string
	PLOVER string
}

// EventCodes maps each type to its CAMEO root code and PLOVER category.
var EventCodes = map[EventType]Codes{
	EventMeet:      {"04", "CONSULT"},
	EventCooperate: {"03", "COOPERATE"},
	EventAgree:     {"057", "AGREE"},
	EventSupport:   {"05", "SUPPORT"},
	EventPraise:    {"051", "SUPPORT"},
	EventCriticize: {"111", "DISAPPROVE"},
	EventThreaten:  {"13", "THREATEN"},
	EventSanction:  {"163", "SANCTION"},
	EventAid:       {"07", "AID"},
}

// Symmetric reports whether source and target of t can be swapped.
func (t EventType) Symmetric() bool {
	return t == EventMeet || t == EventCooperate || t == EventAgree
}

// ParseEventType maps a name to an EventType, or returns ErrInvalid.
func ParseEventType(s string) (EventType, error) {
	for _, t := range EventTypes {
		if strings.EqualFold(s, string(t)) {
			return t, nil
		}
	}
	return "", fmt.Errorf("%w: unknown event type %q", ErrInvalid, s)
}

// Participant roles on PARTICIPANT edges.
const (
	RoleSource      = "source"
	RoleTarget      = "target"
	RoleParticipant = "participant"
)

// Participant links an event to a country, person or organization.
type Participant struct {
	Ref  Ref    `json:"ref"`
	Role string `json:"role"`
}

// Event statuses, in increasing order of certainty.
const (
	StatusProposed  = "proposed"
	StatusScheduled = "scheduled"
	StatusHeld      = "held"
)

// Event is something that happened (or is scheduled) between participants.
// Its identity is its type, participants and date; everything else is
// derived from the reports that support it.
type Event struct {
	ID           string        `json:"id"`
	Type         EventType     `json:"type"`
	Date         string        `json:"date,omitempty"` // ISO day, "" when unknown
	Participants []Participant `json:"participants"`
	// Derived from the reports:
	Subtype string   `json:"subtype,omitempty"` // talks|call|visit|summit for meetings
	Status  string   `json:"status,omitempty"`
	Place   string   `json:"place,omitempty"`
	Topics  []string `json:"topics,omitempty"`
	Reports []Report `json:"reports,omitempty"`
}

// Report is one article's evidence for an event: the REPORTED_IN edge.
type Report struct {
	Article    string   `json:"article"`
	Sentence   string   `json:"sentence"`
	Start      int      `json:"start"` // byte offsets of the sentence in the article text
	End        int      `json:"end"`
	Confidence float64  `json:"confidence"`
	Extractor  string   `json:"extractor"`
	Subtype    string   `json:"subtype,omitempty"`
	Status     string   `json:"status,omitempty"`
	Place      string   `json:"place,omitempty"`
	Topics     []string `json:"topics,omitempty"`
}

// Article is a news article: the evidence every fact points at.
type Article struct {
	ID          string `json:"id"`
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Lang        string `json:"lang,omitempty"`
	Source      string `json:"source,omitempty"`
	Published   string `json:"published,omitempty"`
	ContentHash string `json:"contentHash"`
	Extractor   string `json:"extractor,omitempty"`
}

// Mention is an article's MENTIONS edge to an entity. Count 0 marks an
// entity the article needs (an office's country, a place's country) without
// naming it.
type Mention struct {
	Ref   Ref `json:"ref"`
	Count int `json:"count"`
}

// ArticleGraph is everything extracted from one article: the unit that a
// Store applies atomically.
type ArticleGraph struct {
	Article  Article   `json:"article"`
	Entities []Entity  `json:"entities"`
	Mentions []Mention `json:"mentions"`
	Events   []Event   `json:"events"` // each with exactly one Report, from this article
}
