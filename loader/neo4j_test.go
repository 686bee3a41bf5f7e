package loader

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/fixtures"
	"github.com/dipgraph/dipgraph/graph"
	neo4jstore "github.com/dipgraph/dipgraph/graph/neo4j"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

func TestMain(m *testing.M) { os.Exit(neo4jtest.Run(m)) }

func openNeo4j(t *testing.T) graph.Store {
	t.Helper()
	uri, user, password := neo4jtest.Config(t)
	neo4jtest.Clean(t, uri, user, password)
	cfg := neo4jstore.DefaultConfig()
	cfg.URI, cfg.User, cfg.Password, cfg.Database = uri, user, password, neo4jtest.Database()
	cfg.ReadTimeout = 30 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// B-10 and B-3 on Neo4j: the same corpus (fixtures and generated
// articles) gives the same fingerprint in the embedded store and in Neo4j,
// and a rerun into Neo4j writes nothing.
func TestNeo4jLoadMatchesEmbeddedStore(t *testing.T) {
	neo := openNeo4j(t)
	paths, err := fixtures.WriteTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, corpus(t, 150))
	mem := newStore(t)
	memRep := run(t, mem, paths, Options{BatchSize: 50})
	neoRep := run(t, neo, paths, Options{BatchSize: 50, Workers: 2})
	if memRep.Loaded != neoRep.Loaded || neoRep.Failed != 0 {
		t.Fatalf("memory %+v, neo4j %+v", memRep, neoRep)
	}
	if a, b := fingerprint(t, mem), fingerprint(t, neo); a != b {
		da, _ := graph.CanonicalDump(context.Background(), mem)
		db, _ := graph.CanonicalDump(context.Background(), neo)
		t.Fatalf("fingerprints differ: memory %s, neo4j %s (%d vs %d lines)", a, b, len(da), len(db))
	}
	rerun := run(t, neo, paths, Options{BatchSize: 50})
	if rerun.Loaded != 0 || rerun.NodesCreated != 0 || rerun.Unchanged != neoRep.Loaded {
		t.Errorf("rerun into Neo4j: %+v", rerun)
	}
}

// N-14 and a short R-4: kill -9 the Neo4j server three times during a load
// and restart it each time. The loader retries through every outage and
// finishes without help, and the graph equals a clean load's.
func TestNeo4jKilledDuringLoad(t *testing.T) {
	p := neo4jtest.StartPrivate(t)
	cfg := neo4jstore.DefaultConfig()
	cfg.URI, cfg.User, cfg.Password = p.URI, p.User, p.Password
	cfg.ReadTimeout, cfg.WriteTimeout = 30*time.Second, 30*time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	neo, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer neo.Close()

	path := corpus(t, 400)
	kills := 0
	var (
		mu       sync.Mutex
		restarts []time.Duration
		wg       sync.WaitGroup
	)
	rep, err := testLoader(t).Run(context.Background(), neo, []string{path}, Options{
		BatchSize: 25, RetryTimeout: 2 * time.Minute,
		Progress: func(r Report) {
			// After batches 2, 6 and 10: kill, then restart in the background
			// so that the loader meets a dead server and must retry.
			if kills < 3 && r.Batches == 2+4*kills {
				kills++
				p.Kill(t)
				wg.Add(1)
				go func() {
					defer wg.Done()
					d := p.Restart(t)
					mu.Lock()
					restarts = append(restarts, d)
					mu.Unlock()
				}()
			}
		},
	})
	wg.Wait()
	if err != nil {
		t.Fatalf("load through %d kills: %v (%+v)", kills, err, rep)
	}
	// Writes during an outage wait in the driver (connection acquisition
	// and its retries) or in the loader's own retry: either way the load
	// must come through all three kills.
	if kills != 3 || len(restarts) != 3 {
		t.Errorf("%d kills and %d restarts, want 3 of each", kills, len(restarts))
	}
	if rep.Loaded+rep.Unchanged != 400 || rep.Failed != 0 {
		t.Errorf("report %+v: want all 400 loaded (a batch committed before a kill is unchanged on replay)", rep)
	}
	clean := newStore(t)
	run(t, clean, []string{path}, Options{})
	if a, b := fingerprint(t, clean), fingerprint(t, neo); a != b {
		t.Errorf("graph after kills %s, clean load %s", b, a)
	}
	t.Logf("3 kills; retries: loader %d, driver %d; restarts took %v", rep.Retries, neo.Stats().Retries, restarts)
}
