package graph

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
)

// Relationship types. Stores take labels and types only from these
// constants and the Kind constants, never from input.
const (
	RelParticipant = "PARTICIPANT"
	RelAt          = "AT"
	RelAbout       = "ABOUT"
	RelReportedIn  = "REPORTED_IN"
	RelMentions    = "MENTIONS"
	RelHolds       = "HOLDS"
	RelIn          = "IN"
)

// Visitor receives every node of a graph, each with the edges it owns.
// Stores build these values from what they actually hold (Neo4j from its
// nodes and relationships), so that a dump checks the stored edges too.
type Visitor interface {
	Entity(e *Entity) error
	Event(e *Event) error
	Article(a *Article, mentions []Mention) error
}

// Walker is implemented by every Store: it calls v once per node, in any order.
type Walker interface {
	Walk(ctx context.Context, v Visitor) error
}

func props(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			if v == "" {
				continue
			}
		case []string:
			if len(v) == 0 {
				continue
			}
		case [][2]string:
			if len(v) == 0 {
				continue
			}
		}
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func line(parts ...any) string {
	b, err := json.Marshal(parts) // maps marshal with sorted keys
	if err != nil {
		panic(fmt.Sprintf("graph: canonical line: %v", err)) // only plain values reach here
	}
	return string(b)
}

func nodeLine(kind Kind, key string, p map[string]any) string { return line("N", kind, key, p) }

func relLine(typ string, from, to Ref, p map[string]any) string {
	return line("R", typ, from.String(), to.String(), p)
}

// EntityLines gives the canonical lines of an entity node and the edges it
// owns (HOLDS for offices, IN for a place's country).
func EntityLines(e *Entity) []string {
	// Pairs, not "lang|text" strings: a "|" inside either part must not
	// make two different alias lists print alike.
	aliases := make([][2]string, 0, len(e.Aliases))
	for _, a := range e.Aliases {
		aliases = append(aliases, [2]string{a.Lang, a.Text})
	}
	sort.Slice(aliases, func(i, j int) bool {
		if aliases[i][0] != aliases[j][0] {
			return aliases[i][0] < aliases[j][0]
		}
		return aliases[i][1] < aliases[j][1]
	})
	members := append([]string(nil), e.Members...)
	sort.Strings(members)
	out := []string{nodeLine(e.Kind, e.ID, props("name", e.Name, "aliases", aliases, "country", e.Country,
		"role", e.Role, "class", e.Class, "members", members))}
	for _, o := range e.Offices {
		out = append(out, relLine(RelHolds, e.Ref(), o.Target(), props("role", o.Role, "from", o.From, "to", o.To)))
	}
	if e.Kind == KindPlace && e.Country != "" {
		out = append(out, relLine(RelIn, e.Ref(), Ref{KindCountry, e.Country}, nil))
	}
	return out
}

// EventLines gives the canonical lines of an event and its edges.
func EventLines(e *Event) []string {
	ref := Ref{KindEvent, e.ID}
	out := []string{nodeLine(KindEvent, e.ID, props("type", string(e.Type), "date", e.Date, "subtype", e.Subtype, "status", e.Status))}
	for _, p := range e.Participants {
		out = append(out, relLine(RelParticipant, ref, p.Ref, props("role", p.Role)))
	}
	if e.Place != "" {
		out = append(out, relLine(RelAt, ref, Ref{KindPlace, e.Place}, nil))
	}
	for _, t := range e.Topics {
		out = append(out, relLine(RelAbout, ref, Ref{KindTopic, t}, nil))
	}
	for _, r := range e.Reports {
		topics := append([]string(nil), r.Topics...)
		sort.Strings(topics)
		out = append(out, relLine(RelReportedIn, ref, Ref{KindArticle, r.Article}, props(
			"sentence", r.Sentence, "start", int64(r.Start), "end", int64(r.End), "confidence", r.Confidence,
			"extractor", r.Extractor, "subtype", r.Subtype, "status", r.Status, "place", r.Place, "topics", topics)))
	}
	return out
}

// ArticleLines gives the canonical lines of an article and its MENTIONS edges.
func ArticleLines(a *Article, mentions []Mention) []string {
	ref := Ref{KindArticle, a.ID}
	out := []string{nodeLine(KindArticle, a.ID, props("url", a.URL, "title", a.Title, "lang", a.Lang, "source", a.Source,
		"published", a.Published, "contentHash", a.ContentHash, "extractor", a.Extractor))}
	for _, m := range mentions {
		out = append(out, relLine(RelMentions, ref, m.Ref, props("count", int64(m.Count))))
	}
	return out
}

type lineVisitor func(lines []string) error

func (f lineVisitor) Entity(e *Entity) error { return f(EntityLines(e)) }
func (f lineVisitor) Event(e *Event) error   { return f(EventLines(e)) }
func (f lineVisitor) Article(a *Article, mentions []Mention) error {
	return f(ArticleLines(a, mentions))
}

// CanonicalDump returns every node and edge of the graph as canonical lines,
// sorted: the form in which two graphs are compared and diffed.
func CanonicalDump(ctx context.Context, w Walker) ([]string, error) {
	var all []string
	err := w.Walk(ctx, lineVisitor(func(ls []string) error { all = append(all, ls...); return nil }))
	if err == nil {
		var cl []string
		cl, err = curationLines(ctx, w)
		all = append(all, cl...)
	}
	sort.Strings(all)
	return all, err
}

// curationLines are the lines of w's curation, when it has one.
func curationLines(ctx context.Context, w Walker) ([]string, error) {
	cs, ok := w.(CurationSource)
	if !ok {
		return nil, nil
	}
	c, err := cs.Curation(ctx)
	if err != nil {
		return nil, err
	}
	return CurationLines(c), nil
}

// Fingerprint hashes the whole graph (and its curation) independently of order: the sum,
// modulo 2^256, of the SHA-256 of every canonical line, hashed again with
// the line count. It streams, so it needs no memory for the graph.
func Fingerprint(ctx context.Context, w Walker) (string, error) {
	var f Fingerprinter
	err := w.Walk(ctx, lineVisitor(func(ls []string) error {
		for _, l := range ls {
			f.Add(l)
		}
		return nil
	}))
	if err != nil {
		return "", err
	}
	cl, err := curationLines(ctx, w)
	if err != nil {
		return "", err
	}
	for _, l := range cl {
		f.Add(l)
	}
	return f.Sum(), nil
}

// Fingerprinter accumulates an order-independent hash of lines.
type Fingerprinter struct {
	sum big.Int
	n   uint64
}

var mod = new(big.Int).Lsh(big.NewInt(1), 256)

// Add adds one line.
func (f *Fingerprinter) Add(l string) {
	h := sha256.Sum256([]byte(l))
	f.sum.Add(&f.sum, new(big.Int).SetBytes(h[:]))
	f.sum.Mod(&f.sum, mod)
	f.n++
}

// Sum returns the fingerprint, "sha256:" and 64 hex digits.
func (f *Fingerprinter) Sum() string {
	buf := make([]byte, 40)
	f.sum.FillBytes(buf[:32])
	binary.BigEndian.PutUint64(buf[32:], f.n)
	h := sha256.Sum256(buf)
	return "sha256:" + hex.EncodeToString(h[:])
}
