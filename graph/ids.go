package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
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
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Ref != ps[j].Ref {
			return ps[i].Ref.Less(ps[j].Ref)
		}
		return ps[i].Role < ps[j].Role
	})
}

// EventID is the key of an event: a hash of its type, participants and
// date. Without a date, the same participants meeting twice cannot be told
// apart from one meeting reported twice, so the article id is hashed in too:
// undated events merge only within one article.
func EventID(t EventType, date string, participants []Participant, articleID string) string {
	ps := append([]Participant(nil), participants...)
	SortParticipants(ps)
	parts := []string{"event", string(t), date}
	for _, p := range ps {
		role := p.Role
		if t.Symmetric() {
			role = RoleParticipant // direction means nothing for symmetric types
		}
		parts = append(parts, p.Ref.String()+"/"+role)
	}
	if date == "" {
		parts = append(parts, "article", articleID)
	}
	return "e" + digest(parts...)[:24]
}
