package extract

import (
	"math/rand/v2"
	"testing"

	"github.com/dipgraph/dipgraph/loader/textproc"
)

// bruteLookup is fuzzyIndex.lookup without its shortcuts: the exact
// distance to every name of the script.
func bruteLookup(f fuzzyIndex, s string) string {
	k := []rune(textproc.Key(s))
	budget := maxEdits(len(k))
	if budget == 0 {
		return ""
	}
	sc := scriptOfString(string(k))
	best, bestID, tie := budget+1, "", false
	for b, entries := range f {
		if b.script != sc {
			continue
		}
		for _, e := range entries {
			d := editDistance(k, e.key, 1<<20)
			switch {
			case d < best:
				best, bestID, tie = d, e.id, false
			case d == best && e.id != bestID:
				tie = true
			}
		}
	}
	if best > budget || tie {
		return ""
	}
	return bestID
}

// TestFuzzyLookupFindsWhatEveryDistanceFinds checks the lookup's length
// buckets and rune signatures against the exact distance to every name,
// on misspellings of the dictionary's own names in every script.
func TestFuzzyLookupFindsWhatEveryDistanceFinds(t *testing.T) {
	x := testExtractor(t)
	var names [][]rune
	for _, entries := range x.fuzzy {
		for _, e := range entries {
			names = append(names, e.key)
		}
	}
	if len(names) < 1000 {
		t.Fatalf("the fuzzy index holds %d names; the dictionary has thousands", len(names))
	}
	rng := rand.New(rand.NewPCG(7, 11))
	found := 0
	for i := 0; i < 1200; i++ {
		rs := append([]rune(nil), names[rng.IntN(len(names))]...)
		donor := names[rng.IntN(len(names))]
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(rs))
			switch rng.IntN(3) {
			case 0: // substitute a rune of another name
				rs[at] = donor[rng.IntN(len(donor))]
			case 1: // drop one
				if len(rs) > 4 {
					rs = append(rs[:at], rs[at+1:]...)
				}
			default: // double one
				rs = append(rs[:at+1], rs[at:]...)
			}
		}
		q := string(rs)
		got, want := x.fuzzy.lookup(q), bruteLookup(x.fuzzy, q)
		if got != want {
			t.Fatalf("lookup(%q) = %q, the exact distances say %q", q, got, want)
		}
		if got != "" {
			found++
		}
	}
	if found < 120 {
		t.Errorf("only %d of 1200 misspellings were linked: the test no longer exercises the lookup", found)
	}
}
