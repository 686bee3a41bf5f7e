package neo4jtest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRepoRoot(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "scripts", "neo4j-stop.sh")); err != nil {
		t.Errorf("repoRoot() = %s, which has no scripts/neo4j-stop.sh: %v", root, err)
	}
}

func TestDatabase(t *testing.T) {
	t.Setenv("NEO4J_DATABASE", "")
	if got := Database(); got != "neo4j" {
		t.Errorf("Database() = %q, want neo4j", got)
	}
	t.Setenv("NEO4J_DATABASE", "other")
	if got := Database(); got != "other" {
		t.Errorf("Database() = %q, want other", got)
	}
}
