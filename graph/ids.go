package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ArticleID is the key of an article: a hash of its URL when it has one,
// else of its text's matching key, so that the same article loaded twice is
// one node.
func ArticleID(url, text string) string {
	if u := strings.TrimSpace(url); u != "" {
		return "a" + digest("url", u)[:20]
	}
	return "a" + digest("text", Key(text))[:20]
}

// ContentHash identifies an article's content and the extractor that read
// it: a loader skips an article whose hash is unchanged.
func ContentHash(parts ...string) string { return digest(parts...)[:32] }

// SortParticipants puts participants in their canonical order.
func SortParticipants(ps []Participant) {
	slices.SortFunc(ps, compareParticipants)
}

// compareParticipants is the canonical order of participants: by ref, then
// role.
func compareParticipants(a, b Participant) int {
	if c := a.Ref.Compare(b.Ref); c != 0 {
		return c
	}
	return strings.Compare(a.Role, b.Role)
}

// EventID is the key of an event: a hash of its type, participants and
// date. Without a date, the same participants meeting twice cannot be told
// apart from one meeting reported twice, so the article id is hashed in too:
// undated events merge only within one article.
func EventID(t EventType, date string, participants []Participant, articleID string) string {
	ps := participants
	if !slices.IsSortedFunc(ps, compareParticipants) {
		ps = slices.Clone(participants)
		SortParticipants(ps)
	}
	// The same bytes as digest("event", t, date, "kind:id/role"...,
	// ["article", id]), written straight into the hash: loaders compute
	// and validate an id per event, and the strings cost more than the hash.
	h := sha256.New()
	buf := make([]byte, 0, 256)
	part := func(ss ...string) {
		for _, s := range ss {
			buf = append(buf, s...)
		}
		buf = append(buf, 0)
		if len(buf) > 192 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	part("event")
	part(string(t))
	part(date)
	for _, p := range ps {
		role := p.Role
		if t.Symmetric() {
			role = RoleParticipant // direction means nothing for symmetric types
		}
		part(string(p.Ref.Kind), ":", p.Ref.ID, "/", role)
	}
	if date == "" {
		part("article")
		part(articleID)
	}
	h.Write(buf)
	var sum [sha256.Size]byte
	return "e" + hex.EncodeToString(h.Sum(sum[:0])[:12])
}
