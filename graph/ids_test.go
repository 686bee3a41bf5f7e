package graph

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

func parts(roles ...string) []Participant {
	// parts("CN", "source", "RU", "target") etc.
	var out []Participant
	for i := 0; i+1 < len(roles); i += 2 {
		kind, id := KindCountry, roles[i]
		if strings.Contains(id, "-") {
			kind = KindPerson
		}
		out = append(out, Participant{Ref: Ref{kind, id}, Role: roles[i+1]})
	}
	return out
}

func TestEventID(t *testing.T) {
	meet := EventID(EventMeet, "2024-07-14", parts("CN", RoleParticipant, "RU", RoleParticipant), "a1")
	for _, tc := range []struct {
		name string
		id   string
		same bool
	}{
		{"OtherArticleDated", EventID(EventMeet, "2024-07-14", parts("CN", RoleParticipant, "RU", RoleParticipant), "a2"), true},
		{"Reordered", EventID(EventMeet, "2024-07-14", parts("RU", RoleParticipant, "CN", RoleParticipant), "a1"), true},
		{"SymmetricRolesIgnored", EventID(EventMeet, "2024-07-14", parts("RU", RoleSource, "CN", RoleTarget), "a1"), true},
		{"SymmetricRolesIgnored2", EventID(EventMeet, "2024-07-14", parts("CN", RoleTarget, "RU", RoleSource), "a1"), true},
		{"OtherDate", EventID(EventMeet, "2024-07-15", parts("CN", RoleParticipant, "RU", RoleParticipant), "a1"), false},
		{"OtherType", EventID(EventCooperate, "2024-07-14", parts("CN", RoleParticipant, "RU", RoleParticipant), "a1"), false},
		{"MoreParticipants", EventID(EventMeet, "2024-07-14", parts("CN", RoleParticipant, "RU", RoleParticipant, "IN", RoleParticipant), "a1"), false},
		{"PersonNotCountry", EventID(EventMeet, "2024-07-14", []Participant{{Ref{KindCountry, "CN"}, RoleParticipant}, {Ref{KindPerson, "RU"}, RoleParticipant}}, "a1"), false},
		{"Undated", EventID(EventMeet, "", parts("CN", RoleParticipant, "RU", RoleParticipant), "a1"), false},
	} {
		if got := tc.id == meet; got != tc.same {
			t.Errorf("%s: same id = %v, want %v", tc.name, got, tc.same)
		}
	}

	// Directed types keep direction.
	cnSupportsRU := EventID(EventSupport, "2024-01-01", parts("CN", RoleSource, "RU", RoleTarget), "a1")
	if cnSupportsRU == EventID(EventSupport, "2024-01-01", parts("RU", RoleSource, "CN", RoleTarget), "a1") {
		t.Error("CN supporting RU has the id of RU supporting CN")
	}
	if cnSupportsRU != EventID(EventSupport, "2024-01-01", parts("RU", RoleTarget, "CN", RoleSource), "a2") {
		t.Error("the order of participants changed a directed event's id")
	}

	// Undated events merge only within one article.
	u1 := EventID(EventMeet, "", parts("CN", RoleParticipant, "RU", RoleParticipant), "a1")
	if u1 == EventID(EventMeet, "", parts("CN", RoleParticipant, "RU", RoleParticipant), "a2") {
		t.Error("undated events from two articles have one id")
	}
	if u1 != EventID(EventMeet, "", parts("RU", RoleParticipant, "CN", RoleParticipant), "a1") {
		t.Error("undated events from one article differ by participant order")
	}

	// Ids are stable: a change here re-keys every stored event.
	if want := "e" + digest("event", "meet", "2024-07-14", "Country:CN/participant", "Country:RU/participant")[:24]; meet != want {
		t.Errorf("EventID = %s, want %s", meet, want)
	}
	if len(meet) != 25 || meet[0] != 'e' {
		t.Errorf("EventID %q: want e + 24 hex digits", meet)
	}

	// The caller's slice is not reordered.
	ps := parts("RU", RoleParticipant, "CN", RoleParticipant)
	EventID(EventMeet, "", ps, "a1")
	if ps[0].Ref.ID != "RU" {
		t.Error("EventID sorted the caller's participants")
	}
}

func TestNormalizeEvent(t *testing.T) {
	ev := Event{Type: EventMeet, Date: "2024-07-14",
		Participants: []Participant{
			{Ref{KindPerson, "wang-yi"}, RoleSource},
			{Ref{KindCountry, "RU"}, RoleTarget},
			{Ref{KindCountry, "CN"}, RoleParticipant},
			{Ref{KindCountry, "RU"}, RoleParticipant},
		},
		Reports: []Report{{Topics: []string{"trade", "ukraine", "trade"}}},
	}
	NormalizeEvent(&ev, "a1")
	want := []Participant{{Ref{KindCountry, "CN"}, RoleParticipant}, {Ref{KindCountry, "RU"}, RoleParticipant}, {Ref{KindPerson, "wang-yi"}, RoleParticipant}}
	if len(ev.Participants) != len(want) {
		t.Fatalf("participants %v, want %v", ev.Participants, want)
	}
	for i := range want {
		if ev.Participants[i] != want[i] {
			t.Errorf("participant %d = %v, want %v", i, ev.Participants[i], want[i])
		}
	}
	if got := ev.Reports[0].Topics; len(got) != 2 || got[0] != "trade" || got[1] != "ukraine" {
		t.Errorf("report topics %v, want [trade ukraine]", got)
	}
	if ev.ID != EventID(EventMeet, "2024-07-14", want, "a1") {
		t.Errorf("id not recomputed")
	}
	// Normalizing twice changes nothing.
	id := ev.ID
	NormalizeEvent(&ev, "a1")
	if ev.ID != id || len(ev.Participants) != 3 {
		t.Errorf("NormalizeEvent is not idempotent: %v %v", ev.ID, ev.Participants)
	}

	// A directed event keeps its roles.
	d := Event{Type: EventSupport, Date: "2024-01-01", Participants: []Participant{{Ref{KindCountry, "RU"}, RoleTarget}, {Ref{KindCountry, "CN"}, RoleSource}}}
	NormalizeEvent(&d, "a1")
	if d.Participants[0] != (Participant{Ref{KindCountry, "CN"}, RoleSource}) || d.Participants[1] != (Participant{Ref{KindCountry, "RU"}, RoleTarget}) {
		t.Errorf("directed participants %v", d.Participants)
	}
}

func TestArticleID(t *testing.T) {
	byURL := ArticleID("https://example.org/a", "text one")
	if byURL != ArticleID("  https://example.org/a\n", "other text") {
		t.Error("the URL (trimmed) decides the id, not the text")
	}
	if byURL == ArticleID("https://example.org/b", "text one") {
		t.Error("two URLs, one id")
	}
	if ArticleID("", "Wang Yi  met\tLavrov") != ArticleID("  ", "wang yi met lavrov") {
		t.Error("without a URL, texts with the same key must have one id")
	}
	if ArticleID("", "Wang Yi met Lavrov") == ArticleID("", "Wang Yi met Blinken") {
		t.Error("two texts, one id")
	}
	if id := ArticleID("", ""); len(id) != 21 || id[0] != 'a' {
		t.Errorf("ArticleID = %q, want a + 20 hex digits", id)
	}
	if ContentHash("a", "bc") == ContentHash("ab", "c") {
		t.Error("ContentHash runs its parts together")
	}
	if len(ContentHash("x")) != 32 {
		t.Error("ContentHash is not 32 hex digits")
	}
}

// Event ids are keys in every store already written: the id must stay the
// digest of the parts it was first defined as.
func TestEventIDIsStable(t *testing.T) {
	reference := func(t EventType, date string, participants []Participant, articleID string) string {
		ps := append([]Participant(nil), participants...)
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].Ref != ps[j].Ref {
				return ps[i].Ref.Less(ps[j].Ref)
			}
			return ps[i].Role < ps[j].Role
		})
		parts := []string{"event", string(t), date}
		for _, p := range ps {
			role := p.Role
			if t.Symmetric() {
				role = RoleParticipant
			}
			parts = append(parts, p.Ref.String()+"/"+role)
		}
		if date == "" {
			parts = append(parts, "article", articleID)
		}
		return "e" + digest(parts...)[:24]
	}
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []Kind{KindCountry, KindPerson, KindOrganization}
	roles := []string{RoleSource, RoleTarget, RoleParticipant}
	types := EventTypes
	for i := 0; i < 2000; i++ {
		var ps []Participant
		for j := rng.IntN(12); j >= 0; j-- {
			// Long ids too: the hash input crosses its buffer's flushes.
			id := strings.Repeat(string(rune('A'+rng.IntN(26))), 1+rng.IntN(90))
			ps = append(ps, Participant{Ref: Ref{kinds[rng.IntN(3)], id}, Role: roles[rng.IntN(3)]})
		}
		date := ""
		if rng.IntN(2) == 0 {
			date = "2024-07-14"
		}
		ty := types[rng.IntN(len(types))]
		if got, want := EventID(ty, date, ps, "a1"), reference(ty, date, ps, "a1"); got != want {
			t.Fatalf("EventID(%s, %q, %v) = %s, was %s", ty, date, ps, got, want)
		}
	}
}
