package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `dipgraph load --dead-letter FILE` appends to a file a killed load left
// with a torn last line: the torn line is cut off, the earlier lines stay,
// and every line is a whole record naming file, line and reason.
func TestLoadDeadLetterFileAfterATornLine(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.jsonl")
	os.WriteFile(input, []byte(`{"id": "a", "text": "China and Russia agreed to cooperate on trade."}`+"\n"+`{"id": "broken", "text": `+"\n"), 0o644)
	dead := filepath.Join(dir, "dead.jsonl")
	earlier := `{"file":"old.jsonl","line":3,"reason_code":"INVALID_JSON","error":"x"}` + "\n"
	os.WriteFile(dead, []byte(earlier+`{"file":"old.jsonl","line":4,"rea`), 0o644)

	code, _, stderr := runCmd(t, nil, "load", input, "--data-dir", filepath.Join(dir, "data"),
		"--dead-letter", dead, "--max-failures", "1", "--log-level", "error")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(dead)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 2 || lines[0]+"\n" != earlier {
		t.Fatalf("dead-letter file:\n%s\nwant the earlier line and the new one", b)
	}
	var d struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Reason string `json:"reason_code"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &d); err != nil || d.File != input || d.Line != 2 || d.Reason != "INVALID_JSON" {
		t.Errorf("new dead-letter line %q (%v), want %s line 2 INVALID_JSON", lines[1], err, input)
	}
}
