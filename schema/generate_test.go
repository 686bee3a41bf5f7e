package schema

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// generatedFiles are the files `go generate` writes.
var generatedFiles = []string{
	"generated/generated.go",
	"model/models_gen.go",
	"entities.resolvers.go",
	"events.resolvers.go",
	"query.resolvers.go",
	"mutation.resolvers.go",
}

// TestGenerateIsUpToDate runs gqlgen (the version go.mod pins) and fails
// if that changes a generated file: edit *.graphqls, then `go generate
// ./schema`. It builds gqlgen on first use (a minute on two cores), so it
// does not run with -short. The files are restored either way.
func TestGenerateIsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gqlgen")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	before := map[string][]byte{}
	for _, f := range generatedFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		before[f] = b
	}
	defer func() {
		for f, b := range before {
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Error(err)
			}
		}
	}()
	cmd := exec.Command("go", "run", "github.com/99designs/gqlgen", "generate", "--config", "gqlgen.yml")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gqlgen: %v\n%s", err, out)
	}
	for _, f := range generatedFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, before[f]) {
			t.Errorf("%s is out of date: run go generate ./schema", filepath.ToSlash(f))
		}
	}
}
