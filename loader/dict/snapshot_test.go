package dict

import (
	"flag"
	"os"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "remake builtin.json.gz from data/*.yaml")

// TestBuiltinSnapshot: builtin.json.gz holds exactly what parsing the
// embedded YAML files gives. When a YAML file changes, remake it with
// go generate ./loader/dict (go test -run TestBuiltinSnapshot -update).
func TestBuiltinSnapshot(t *testing.T) {
	files, hash, err := builtinFiles()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := parseBuiltin(files)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		b, err := encodeSnapshot(parsed, hash)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("builtin.json.gz", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	snap := fromSnapshot(builtinSnapshot, hash)
	if snap == nil {
		t.Fatal("builtin.json.gz was made from other dictionary files: run go generate ./loader/dict")
	}
	if !reflect.DeepEqual(snap, parsed) {
		t.Fatal("builtin.json.gz differs from the parsed dictionary files: run go generate ./loader/dict")
	}
}

// TestStaleSnapshotIsNotUsed: a snapshot of other files, or a damaged one,
// gives way to parsing the YAML.
func TestStaleSnapshotIsNotUsed(t *testing.T) {
	_, hash, err := builtinFiles()
	if err != nil {
		t.Fatal(err)
	}
	if fromSnapshot(builtinSnapshot, hash) == nil {
		t.Skip("the snapshot is stale: TestBuiltinSnapshot says so")
	}
	if d := fromSnapshot(builtinSnapshot, hash[1:]+"0"); d != nil {
		t.Error("a snapshot of other files was used")
	}
	if d := fromSnapshot(builtinSnapshot[:len(builtinSnapshot)/2], hash); d != nil {
		t.Error("a truncated snapshot was used")
	}
	if d := fromSnapshot([]byte("not gzip"), hash); d != nil {
		t.Error("a damaged snapshot was used")
	}
}

// BenchmarkBuiltinSnapshot and BenchmarkBuiltinYAML compare the two ways
// to the built-in dictionaries: the snapshot, and parsing the YAML.
func BenchmarkBuiltinSnapshot(b *testing.B) {
	_, hash, err := builtinFiles()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if fromSnapshot(builtinSnapshot, hash) == nil {
			b.Fatal("stale snapshot")
		}
	}
}

func BenchmarkBuiltinYAML(b *testing.B) {
	files, _, err := builtinFiles()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := parseBuiltin(files); err != nil {
			b.Fatal(err)
		}
	}
}
