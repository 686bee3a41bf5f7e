package memory

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// TestConformance runs the suite every store must pass, on a store kept in
// memory and on one persisted to a file.
func TestConformance(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store {
		s, err := Open(context.Background(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestConformanceOnDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("the in-memory run covers the logic")
	}
	graphtest.Run(t, func(t *testing.T) graph.Store {
		s, err := Open(context.Background(), Options{Path: filepath.Join(t.TempDir(), "graph.db"), NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
