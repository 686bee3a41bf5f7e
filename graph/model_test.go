package graph

import (
	"errors"
	"testing"
)

func TestParseKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Kind
		ok   bool
	}{
		{"Country", KindCountry, true},
		{"country", KindCountry, true},
		{"PERSON", KindPerson, true},
		{"Organization", KindOrganization, true},
		{"place", KindPlace, true},
		{"Topic", KindTopic, true},
		{"Event", KindEvent, true},
		{"Article", KindArticle, true},
		{"", "", false},
		{"Countries", "", false},
		{" Country", "", false},
		{"Country`) DETACH DELETE n //", "", false},
		{"Organisation", "", false},
	} {
		got, err := ParseKind(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if !tc.ok && (!errors.Is(err, ErrInvalid) || got != "") {
			t.Errorf("ParseKind(%q) = %q, %v; want ErrInvalid", tc.in, got, err)
		}
	}
}

func TestIsEntity(t *testing.T) {
	for _, k := range EntityKinds {
		if !k.IsEntity() {
			t.Errorf("%s.IsEntity() = false", k)
		}
	}
	for _, k := range []Kind{KindEvent, KindArticle, "", "country"} {
		if k.IsEntity() {
			t.Errorf("%q.IsEntity() = true", k)
		}
	}
}

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Ref
		ok   bool
	}{
		{"Country:CN", Ref{KindCountry, "CN"}, true},
		{"person:wang-yi", Ref{KindPerson, "wang-yi"}, true},
		{"Person:a:b", Ref{KindPerson, "a:b"}, true}, // the id keeps later colons
		{"Event:e123", Ref{KindEvent, "e123"}, true},
		{"Person:वांग यी", Ref{KindPerson, "वांग यी"}, true},
		{"Country:", Ref{}, false},
		{"Country", Ref{}, false},
		{":CN", Ref{}, false},
		{"", Ref{}, false},
		{"Label:x", Ref{}, false},
	} {
		got, err := ParseRef(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseRef(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if !tc.ok && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseRef(%q) = %v, %v; want ErrInvalid", tc.in, got, err)
		}
		if tc.ok {
			if back, err := ParseRef(got.String()); err != nil || back != got {
				t.Errorf("ParseRef(%q.String()) = %v, %v", got, back, err)
			}
		}
	}
}

func TestRefLess(t *testing.T) {
	ordered := []Ref{{KindCountry, "CN"}, {KindCountry, "RU"}, {KindEvent, "a"}, {KindPerson, "a"}, {KindPerson, "b"}, {KindPlace, "a"}}
	for i := range ordered {
		for j := range ordered {
			if got, want := ordered[i].Less(ordered[j]), i < j; got != want {
				t.Errorf("%v.Less(%v) = %v, want %v", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestParseEventType(t *testing.T) {
	for _, ty := range EventTypes {
		if got, err := ParseEventType(string(ty)); err != nil || got != ty {
			t.Errorf("ParseEventType(%q) = %q, %v", ty, got, err)
		}
		if _, ok := EventCodes[ty]; !ok {
			t.Errorf("%s has no CAMEO/PLOVER codes", ty)
		}
	}
	if got, err := ParseEventType("MEET"); err != nil || got != EventMeet {
		t.Errorf("ParseEventType(MEET) = %q, %v", got, err)
	}
	for _, s := range []string{"", "meeting", "talks"} {
		if _, err := ParseEventType(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseEventType(%q) = %v, want ErrInvalid", s, err)
		}
	}
	for ty, want := range map[EventType]bool{EventMeet: true, EventCooperate: true, EventAgree: true, EventSupport: false, EventCriticize: false, EventSanction: false} {
		if ty.Symmetric() != want {
			t.Errorf("%s.Symmetric() = %v", ty, !want)
		}
	}
}

func TestOfficeHeldAt(t *testing.T) {
	o := Office{Role: "foreign minister", Country: "CN", From: "2013-03-16", To: "2022"}
	for day, want := range map[string]bool{
		"2013-03-15": false,
		"2013-03-16": true,
		"2020-01-01": true,
		"2022-12-31": true, // a year as end date covers the year
		"2023-01-01": false,
		"":           false, // today: it ended
	} {
		if got := o.HeldAt(day); got != want {
			t.Errorf("HeldAt(%q) = %v, want %v", day, got, want)
		}
	}
	current := Office{Role: "foreign minister", Country: "CN", From: "2023-07"}
	if !current.HeldAt("") || !current.HeldAt("2024-01-01") || current.HeldAt("2023-06-30") {
		t.Errorf("an office held since 2023-07 is held today and in 2024, not in June 2023")
	}
	if got := (Office{Org: "UN", Country: "CN"}).Target(); got != (Ref{KindOrganization, "UN"}) {
		t.Errorf("Target() = %v, want the organization", got)
	}
	if got := (Office{Country: "CN"}).Target(); got != (Ref{KindCountry, "CN"}) {
		t.Errorf("Target() = %v, want the country", got)
	}
}

func TestNameIn(t *testing.T) {
	e := &Entity{Name: "Wang Yi", Aliases: []Name{{Text: "वांग यी", Lang: "hi"}, {Text: "王毅", Lang: "zh"}, {Text: "वांग", Lang: "hi"}}}
	for lang, want := range map[string]string{"hi": "वांग यी", "zh": "王毅", "ru": "Wang Yi", "": "Wang Yi"} {
		if got := e.NameIn(lang); got != want {
			t.Errorf("NameIn(%q) = %q, want %q", lang, got, want)
		}
	}
}
