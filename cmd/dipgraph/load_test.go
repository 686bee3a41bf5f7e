package main

import (
	"encoding/json"
	"fmt"
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

// `dipgraph extract` prints one object per readable record in the order
// read, whatever the number of workers; a bad record is reported on
// standard error with its line, and the exit code says so.
func TestExtractPrintsInReadOrder(t *testing.T) {
	dir := t.TempDir()
	var in strings.Builder
	var want []string
	for i := range 3*extractChunk + 5 {
		id := fmt.Sprintf("a%03d", i)
		if i == extractChunk+7 {
			in.WriteString(`{"id": "broken", "text": ` + "\n")
			continue
		}
		want = append(want, id)
		fmt.Fprintf(&in, `{"id": %q, "lang": "en", "text": "Russian Foreign Minister Sergey Lavrov met Indian External Affairs Minister S. Jaishankar in Moscow (%d)."}`+"\n", id, i)
	}
	input := filepath.Join(dir, "in.jsonl")
	os.WriteFile(input, []byte(in.String()), 0o644)

	var outputs []string
	for _, workers := range []string{"1", "4"} {
		code, stdout, stderr := runCmd(t, nil, "extract", input, "--workers", workers)
		if code == 0 || !strings.Contains(stderr, fmt.Sprintf("in.jsonl:%d", extractChunk+8)) {
			t.Fatalf("--workers %s: exit %d, stderr %q: want a failure naming line %d", workers, code, stderr, extractChunk+8)
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
			var r struct {
				ID     string `json:"id"`
				People []struct {
					Name string `json:"name"`
				} `json:"people"`
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("--workers %s: %v in %q", workers, err, line)
			}
			if len(r.People) != 2 {
				t.Errorf("--workers %s: %s has people %v, want Lavrov and Jaishankar", workers, r.ID, r.People)
			}
			got = append(got, r.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("--workers %s printed %v, want %v", workers, got, want)
		}
		outputs = append(outputs, stdout)
	}
	if outputs[0] != outputs[1] {
		t.Error("one worker and four print different objects")
	}
}
