package loader

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	neo4jstore "github.com/dipgraph/dipgraph/graph/neo4j"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// N-15: Neo4j goes down for longer than the retry budget. The load stops
// soon after the budget with "store unavailable"; no batch is half-visible
// (the graph is exactly that of the articles it committed, each whole);
// once the server is back the same load completes, and the graph equals a
// clean load's.
func TestNeo4jOutagePastTheRetryBudget(t *testing.T) {
	p := neo4jtest.StartPrivate(t)
	cfg := neo4jstore.DefaultConfig()
	cfg.URI, cfg.User, cfg.Password = p.URI, p.User, p.Password
	cfg.ReadTimeout = 30 * time.Second
	// The driver's own retries come on top of the loader's budget.
	cfg.MaxRetryTime, cfg.ConnectTimeout = 2*time.Second, 2*time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	neo, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer neo.Close()

	const n, batchSize, budget = 200, 20, 5 * time.Second
	path := corpus(t, n)
	var killedAt time.Time
	rep, err := testLoader(t).Run(context.Background(), neo, []string{path}, Options{
		BatchSize: batchSize, Workers: 2, RetryTimeout: budget,
		Progress: func(r Report) {
			if r.Batches == 3 && killedAt.IsZero() {
				p.Kill(t) // and not restarted: the outage outlasts the budget
				killedAt = time.Now()
			}
		},
	})
	if killedAt.IsZero() {
		t.Fatalf("the load ended before the kill: %+v, %v", rep, err)
	}
	stoppedAfter := time.Since(killedAt)
	if !errors.Is(err, ErrStoreUnavailable) || !strings.Contains(err.Error(), "store unavailable") {
		t.Fatalf("load error %v, want %v", err, ErrStoreUnavailable)
	}
	// The budget, the driver's last round of retries, an attempt's minimum
	// and a few seconds for a busy machine.
	if limit := budget + cfg.MaxRetryTime + minAttemptTime + 5*time.Second; stoppedAfter > limit {
		t.Errorf("the load stopped %v after the kill, more than %v", stoppedAfter, limit)
	}
	if rep.Loaded < 3*batchSize || rep.Loaded >= n {
		t.Errorf("report %+v: want the batches before the kill loaded and the load stopped", rep)
	}
	t.Logf("stopped %v after the kill with %d of %d loaded, %d retries", stoppedAfter.Round(time.Millisecond), rep.Loaded, n, rep.Retries)

	d := p.Restart(t)
	t.Logf("restarted in %v", d.Round(time.Millisecond))
	committed := articleIDs(t, neo)
	if len(committed) != rep.Loaded {
		t.Errorf("%d articles in Neo4j after the outage, the report says %d loaded", len(committed), rep.Loaded)
	}
	partial := newStore(t)
	run(t, partial, []string{subset(t, path, committed)}, Options{})
	if a, b := fingerprint(t, partial), fingerprint(t, neo); a != b {
		t.Errorf("after the outage Neo4j holds %s, a load of just the %d committed articles %s: a batch is half-visible", b, len(committed), a)
	}

	rerun := run(t, neo, []string{path}, Options{BatchSize: batchSize, Workers: 2})
	if rerun.Unchanged != len(committed) || rerun.Loaded != n-len(committed) {
		t.Errorf("rerun %+v after %d committed: want the rest loaded", rerun, len(committed))
	}
	clean := newStore(t)
	run(t, clean, []string{path}, Options{})
	if a, b := fingerprint(t, clean), fingerprint(t, neo); a != b {
		t.Errorf("graph after the outage and rerun %s, clean load %s", b, a)
	}
}

// subset writes the JSON Lines records of path whose id is in ids to a new
// file and returns its path.
func subset(t *testing.T, path string, ids map[string]bool) string {
	t.Helper()
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	outPath := filepath.Join(t.TempDir(), "subset.jsonl")
	out, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if ids[a.ID] {
			out.Write(append(sc.Bytes(), '\n'))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return outPath
}
