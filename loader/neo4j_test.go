package loader

import (
	"context"
	"os"
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
