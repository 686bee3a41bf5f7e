package extract

import (
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/loader/textproc"
)

// fuzzyEntry is a dictionary person's name, for linking spelling variants
// ("लावारोव" for "लावरोव", "ایردوان" for "اردوان") that exact matching misses.
type fuzzyEntry struct {
	key   []rune
	sig   uint64 // runeSignature(key)
	id    string
	short bool
}

// runeSignature sets one bit of 64 for each rune of rs. A rune of one name
// that the other lacks costs at least one edit, and a bit set in one
// signature only is such a rune, so popcount(a &^ b) is a lower bound of
// the edit distance of a and b that takes two instructions; lookups scan
// thousands of names of about the same length, nearly all far away.
func runeSignature(rs []rune) uint64 {
	var sig uint64
	for _, r := range rs {
		sig |= 1 << (uint32(r) * 0x9E3779B1 >> 26)
	}
	return sig
}

// fuzzyIndex holds names by script and length in runes, so a lookup
// compares only names of about the candidate's length.
type fuzzyIndex map[fuzzyBucket][]fuzzyEntry

type fuzzyBucket struct {
	script script
	runes  int
}

// add indexes a name by its matching key k.
func (f fuzzyIndex) add(k, id string, short bool) {
	if utf8.RuneCountInString(k) < 4 {
		return
	}
	rs := []rune(k)
	b := fuzzyBucket{scriptOfString(k), len(rs)}
	f[b] = append(f[b], fuzzyEntry{key: rs, sig: runeSignature(rs), id: id, short: short})
}

// compact moves the names' runes into one block: the index lives as long
// as the extractor, and the garbage collector would otherwise mark each
// name at every cycle.
func (f fuzzyIndex) compact() {
	n := 0
	for _, entries := range f {
		for _, e := range entries {
			n += len(e.key)
		}
	}
	block := make([]rune, 0, n)
	for b, entries := range f {
		for i := range entries {
			first := len(block)
			block = append(block, entries[i].key...)
			entries[i].key = block[first:len(block):len(block)]
		}
		f[b] = slices.Clip(entries)
	}
}

// maxEdits is how far a spelling may stray from a name of n runes.
func maxEdits(n int) int {
	switch {
	case n < 5:
		return 0
	case n <= 8:
		return 1
	case n <= 16:
		return 2
	}
	return 3
}

// fuzzyCache remembers lookups: the same unknown names recur across the
// articles of a corpus, and a lookup scans every name of similar length.
type fuzzyCache struct {
	mu sync.RWMutex
	m  map[string]string
}

const fuzzyCacheSize = 1 << 16

func (c *fuzzyCache) lookup(f fuzzyIndex, s string) string {
	c.mu.RLock()
	id, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		return id
	}
	id = f.lookup(s)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= fuzzyCacheSize {
		c.m = make(map[string]string, 1024) // start over rather than grow without bound
	}
	c.m[s] = id
	c.mu.Unlock()
	return id
}

// lookup returns the person whose name is uniquely closest to s within
// the edit budget, or "".
func (f fuzzyIndex) lookup(s string) string {
	k := []rune(textproc.Key(s))
	budget := maxEdits(len(k))
	if budget == 0 {
		return ""
	}
	best, bestID, tie := budget+1, "", false
	sc := scriptOfString(string(k))
	sig := runeSignature(k)
	for n := len(k) - budget; n <= len(k)+budget; n++ {
		for _, e := range f[fuzzyBucket{sc, n}] {
			if bits.OnesCount64(sig&^e.sig) > best || bits.OnesCount64(e.sig&^sig) > best {
				continue // farther than the best so far: editDistance would say best+1 or more
			}
			d := editDistance(k, e.key, best)
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

// editDistance is the Levenshtein distance of a and b, or a value > limit
// as soon as it is sure to exceed limit.
func editDistance(a, b []rune, limit int) int {
	var buf [2 * 64]int
	var prev, cur []int
	if len(b)+1 <= 64 {
		prev, cur = buf[:len(b)+1], buf[64:64+len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
