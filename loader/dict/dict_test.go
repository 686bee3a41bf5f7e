package dict

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinDictionaries(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, c := range d.Countries {
		codes[c.Code] = c.Status
	}
	members := 0
	for _, s := range codes {
		if s == "member" {
			members++
		}
	}
	if members != 193 {
		t.Errorf("%d UN member states, want 193", members)
	}
	for _, c := range []string{"VA", "PS", "TW", "XK"} {
		if _, ok := codes[c]; !ok {
			t.Errorf("no entry for %s", c)
		}
	}
	topics := map[string]bool{}
	for _, tp := range d.Topics {
		topics[tp.ID] = true
	}
	for _, id := range strings.Fields(`cyber-security information-technology data-security trade investment energy defense terrorism
		health climate nuclear economy connectivity science-technology space education culture tourism agriculture water border
		maritime human-rights sanctions migration regional-security multilateralism development finance`) {
		if !topics[id] {
			t.Errorf("topic %s missing", id)
		}
	}
	if len(d.Organizations) < 60 {
		t.Errorf("%d organizations, want at least 60", len(d.Organizations))
	}
	capitals := 0
	for _, p := range d.Places {
		if p.Kind == "capital" {
			capitals++
		}
	}
	if capitals < 193 || len(d.Places)-capitals < 300 {
		t.Errorf("%d capitals and %d other places", capitals, len(d.Places)-capitals)
	}
	people := map[string]bool{}
	for _, p := range d.People {
		if people[p.ID] {
			t.Errorf("person %s twice after merging", p.ID)
		}
		people[p.ID] = true
		for _, o := range p.Offices {
			if o.Country != "" && codes[o.Country] == "" {
				t.Errorf("%s holds an office in unknown country %q", p.ID, o.Country)
			}
		}
	}
	for _, id := range []string{"wang-yi", "sergey-lavrov", "xi-jinping", "vladimir-putin"} {
		if !people[id] {
			t.Errorf("person %s missing", id)
		}
	}
}

func TestUserDictionariesExtendTheBuiltinOnes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "people_mine.yaml"), []byte(`
- id: wang-yi
  name: Wang Yi
  names:
    fr: [Wang Yi le ministre]
- id: jane-doe
  name: Jane Doe
  country: NZ
  offices:
    - role: envoy
      country: NZ
      from: 2024-01
`), 0o644)
	d, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wang, jane *Person
	for i := range d.People {
		switch d.People[i].ID {
		case "wang-yi":
			wang = &d.People[i]
		case "jane-doe":
			jane = &d.People[i]
		}
	}
	if wang == nil || len(wang.Names["fr"]) == 0 || len(wang.Names["zh"]) == 0 {
		t.Errorf("user names not merged into the built-in entry: %+v", wang)
	}
	if jane == nil || jane.Country != "NZ" {
		t.Errorf("new user entry missing: %+v", jane)
	}
}

func TestBadDictionaryNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "places_bad.yaml")
	os.WriteFile(bad, []byte("- id: x\n  name: [unclosed\n"), 0o644)
	_, err := Load(bad)
	if err == nil || !strings.Contains(err.Error(), "places_bad.yaml") || !strings.Contains(err.Error(), "line") {
		t.Errorf("error %v does not name the file and line", err)
	}
	other := filepath.Join(dir, "notes.yaml")
	os.WriteFile(other, []byte("- a\n"), 0o644)
	if _, err := Load(other); err == nil {
		t.Error("a file of no known kind was accepted")
	}
}
