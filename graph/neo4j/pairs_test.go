package neo4j

import (
	"strings"
	"testing"
)

func TestCountryPairs(t *testing.T) {
	for _, c := range []struct {
		countries []string
		want      string
	}{
		{nil, "\x1f"},
		{[]string{"CN"}, "\x1f"},
		{[]string{"RU", "CN"}, "\x1fCN\x1eRU\x1f"},
		{[]string{"RU", "CN", "RU", "IN"}, "\x1fCN\x1eIN\x1fCN\x1eRU\x1fIN\x1eRU\x1f"},
		{[]string{"C N", "A:B"}, "\x1fA:B\x1eC N\x1f"},
	} {
		got, ok := countryPairs(c.countries)
		if !ok || got != c.want {
			t.Errorf("countryPairs(%q) = %q, %v; want %q", c.countries, got, ok, c.want)
		}
		// Every pair, in either order, is found, and nothing else.
		for i, a := range c.countries {
			for _, b := range c.countries[i+1:] {
				if a != b && !strings.Contains(got, pairToken(a, b)) || !strings.Contains(got, pairToken(b, a)) && a != b {
					t.Errorf("countryPairs(%q) lacks the pair %s, %s", c.countries, a, b)
				}
			}
		}
	}
	if _, ok := countryPairs([]string{"CN", "IN"}); !ok {
		t.Error("two countries overflowed")
	}
	long := make([]string, 64)
	for i := range long {
		long[i] = strings.Repeat(string(rune('A'+i%26)), 200) + string(rune('a'+i/26))
	}
	if got, ok := countryPairs(long); ok {
		t.Errorf("64 countries with 200-byte keys gave %d bytes of pairs, within the index", len(got))
	}
	// A key can hold spaces and colons, not the separators: "A B" with "C"
	// is no pair of "A" with "B C".
	ab, _ := countryPairs([]string{"A B", "C"})
	if strings.Contains(ab, pairToken("A", "B C")) {
		t.Error("pairs of different countries look alike")
	}
}
