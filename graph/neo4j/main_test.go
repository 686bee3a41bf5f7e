package neo4j

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/internal/neo4jtest"
)

// TestMain stops the test server neo4jtest may have started and then
// checks that no goroutine outlived the tests (N-16: the driver's
// goroutines end with Close).
func TestMain(m *testing.M) {
	code := neo4jtest.Run(m)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// testConfig returns a Config for the test server, emptied.
func testConfig(t testing.TB) Config {
	t.Helper()
	uri, user, password := neo4jtest.Config(t)
	neo4jtest.Clean(t, uri, user, password)
	cfg := DefaultConfig()
	cfg.URI, cfg.User, cfg.Password, cfg.Database = uri, user, password, neo4jtest.Database()
	// The 5 s default is for production reads; on a loaded 2-core test
	// machine the first planning of a statement alone can come close.
	cfg.ReadTimeout = 30 * time.Second
	if testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return cfg
}

// openTest opens a store on an empty test database, closed with the test.
func openTest(t testing.TB) *Store {
	t.Helper()
	return openWith(t, testConfig(t))
}

func openWith(t testing.TB, cfg Config) *Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// TestConformance runs the shared store suite against Neo4j: the same
// behaviour and the same canonical dump as the memory store.
func TestConformance(t *testing.T) {
	neo4jtest.Config(t) // skip early without a server
	graphtest.Run(t, func(t *testing.T) graph.Store { return openTest(t) })
}
