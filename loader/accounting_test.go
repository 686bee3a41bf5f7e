package loader

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badLines are records the input rejects, one per reason.
var badLines = []string{
	`{"id": "broken", "text": `,
	`{"id": "no-text"}`,
	`{"id": "bad-date", "text": "China and Russia met.", "published": "2023-13-45"}`,
	"{\"id\": \"bad-utf8\", \"text\": \"abc\xff\xfe\"}",
	`{"id": "deep", "text": ` + strings.Repeat("[", 1000),
	`[1, 2]`,
	`"just a string"`,
}

// B-1: for random mixes of good, bad, repeated, already loaded and
// store-refused records, with writes whose commit looks lost, over random
// batch sizes, worker counts and
// shards, read = loaded + unchanged + failed + skipped, every record read
// is counted, and failed equals the dead-letter lines and the reasons'
// sum. 200 cases, each from its own seed.
func TestAccountingInvariant(t *testing.T) {
	l := testLoader(t)
	dir := t.TempDir()
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 4))
		var lines []string
		ids := map[string]bool{}
		for i, n := 0, rng.IntN(13); i < n; i++ {
			a := templates[rng.IntN(len(templates))]
			// A small id space, so that ids repeat, in one batch or across.
			a.ID = fmt.Sprintf("id-%d", rng.IntN(8))
			if rng.IntN(2) == 0 {
				a.Text += " (revised)"
			}
			ids[a.ID] = true
			b, _ := json.Marshal(a)
			lines = append(lines, string(b))
		}
		for i, n := 0, rng.IntN(5); i < n; i++ {
			lines = append(lines, badLines[rng.IntN(len(badLines))])
		}
		if len(lines) == 0 {
			lines = append(lines, badLines[0]) // an empty file is a record of its own (EMPTY)
		}
		rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
		path := filepath.Join(dir, fmt.Sprintf("case-%03d.jsonl", seed))
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		opts := Options{BatchSize: 1 + rng.IntN(6), Workers: 1 + rng.IntN(3), MaxFailures: len(lines)}
		if rng.IntN(4) == 0 {
			opts.ShardCount = 2
			opts.ShardIndex = rng.IntN(2)
		}
		mem := newStore(t)
		if rng.IntN(3) == 0 {
			// Some articles are in the store already: unchanged on this load.
			if _, err := l.Run(context.Background(), mem, []string{path}, Options{MaxFailures: len(lines)}); err != nil {
				t.Fatalf("seed %d: preload: %v", seed, err)
			}
		}
		var refuse, ambiguous func(int, []string) *fault
		if rng.IntN(3) == 0 {
			// A record the store refuses, whatever batch it is in.
			refuse = whenBatchHolds(fmt.Sprintf("id-%d", rng.IntN(8)), fault{err: errConstraint})
		}
		if rng.IntN(5) == 0 {
			// A write that commits and then loses its connection: replayed.
			ambiguous = onCalls(fault{err: errConnectionLost, afterCommit: true}, rng.IntN(3))
		}
		store := &faultyStore{Store: mem, inject: func(call int, ids []string) *fault {
			for _, inject := range []func(int, []string) *fault{refuse, ambiguous} {
				if inject != nil {
					if ft := inject(call, ids); ft != nil {
						return ft
					}
				}
			}
			return nil
		}}
		var dl bytes.Buffer
		opts.DeadLetter = &dl
		rep, err := l.Run(context.Background(), store, []string{path}, opts)
		if err != nil {
			t.Fatalf("seed %d: load: %v (%+v)", seed, err, rep)
		}
		deadLines := strings.Count(dl.String(), "\n")
		reasons := 0
		for _, n := range rep.ByReason {
			reasons += n
		}
		if rep.Read != len(lines) || rep.Read != rep.Loaded+rep.Unchanged+rep.Failed+rep.Skipped ||
			rep.Failed != deadLines || rep.Failed != reasons {
			t.Fatalf("seed %d (%d lines, %+v): report %+v with %d dead-letter lines", seed, len(lines), opts, rep, deadLines)
		}
	}
}
