package loader

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// B-13: whatever the input and the store's errors, no dead-letter line is
// over 70 KiB and none shows a secret (the store's password), even where a
// cut falls inside it.
func TestDeadLetterLinesAreBoundedAndHideSecrets(t *testing.T) {
	const password = "hunter2-correct-horse-battery"
	// Characters JSON escapes to six bytes, so that escaping cannot push
	// a line past the bound.
	hugeID := strings.Repeat("<\x01", 100<<10)
	path := corpus(t, 6,
		`{"id": "`+strings.Repeat(`\u003c`, 200<<10)+`", "text": "China and Russia met."}`,
		`{"id": "`+strings.Repeat("&é", 100<<10)+`", "text": "China and Russia met."}`,
	)
	prefix := "Neo4jError: Neo.ClientError.Statement.SyntaxError ("
	quoting := map[string]string{
		"art-00001": "bolt://neo4j:" + password + "@db.internal:7687 refused",
		// The password straddles the cut of the error text.
		"art-00002": strings.Repeat("x", maxDeadLetterError-len("neo4j store: ")-len(prefix)-len(password)/2) + password,
		"art-00003": strings.Repeat("<", 1<<20) + password,
		"art-00004": hugeID,
	}
	f := &faultyStore{Store: newStore(t), inject: func(_ int, ids []string) *fault {
		for _, id := range ids {
			if msg, ok := quoting[id]; ok {
				return &fault{err: fmt.Errorf("neo4j store: %w", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: msg})}
			}
		}
		return nil
	}}
	var dl bytes.Buffer
	rep, err := testLoader(t).Run(context.Background(), f, []string{path},
		Options{DeadLetter: &dl, MaxFailures: 10, Secrets: []string{password}})
	if err != nil {
		t.Fatalf("load: %v (%+v)", err, rep)
	}
	lines := strings.Split(strings.TrimSuffix(dl.String(), "\n"), "\n")
	if rep.Failed != 6 || len(lines) != 6 {
		t.Fatalf("report %+v and %d dead-letter lines, want 6 failed (4 refused by the store, 2 invalid ids)", rep, len(lines))
	}
	for _, l := range lines {
		if len(l) > 70<<10 {
			t.Errorf("dead-letter line of %d bytes: %.200s…", len(l), l)
		}
		var d DeadLetter
		if err := json.Unmarshal([]byte(l), &d); err != nil || d.Reason == "" || d.File == "" || d.Line == 0 {
			t.Errorf("dead-letter line %.200s… lacks file, line or reason (%v)", l, err)
		}
		if strings.Contains(l, password[:len(password)/2]) || strings.Contains(l, password[len(password)/2:]) {
			t.Errorf("dead-letter line shows the password: %.300s…", l)
		}
	}
	if !strings.Contains(dl.String(), redacted) {
		t.Error("no secret was redacted: the test did not make the store quote one")
	}
}

// A torn last line, left by a process killed while writing it, is cut off
// when the file is opened again; complete lines are kept as they are.
func TestOpenDeadLetterFileCutsATornLine(t *testing.T) {
	line := func(n int) string {
		b, _ := json.Marshal(DeadLetter{File: "in.jsonl", Line: n, Reason: "INVALID_JSON", Error: strings.Repeat("e", n)})
		return string(b) + "\n"
	}
	long := line(100 << 10) // longer than the 64 KiB the repair reads at a time
	cases := []struct{ name, before, after string }{
		{"new file", "", ""},
		{"complete lines", line(1) + line(2), line(1) + line(2)},
		{"torn after complete lines", line(1) + line(2) + `{"file":"in.js`, line(1) + line(2)},
		{"only a torn line", `{"file":"in.js`, ""},
		{"long torn line after a long line", long + long[:len(long)-10], long},
		{"long complete line", line(1) + long, line(1) + long},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dead.jsonl")
			if c.before != "" {
				os.WriteFile(path, []byte(c.before), 0o644)
			}
			d, err := OpenDeadLetterFile(path)
			if err != nil {
				t.Fatal(err)
			}
			next := line(3)
			d.Write([]byte(next))
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if want := c.after + next; string(got) != want {
				t.Errorf("file holds %d bytes ending %q, want %d bytes ending %q", len(got), tail(string(got)), len(want), tail(want))
			}
		})
	}
}

func tail(s string) string {
	if len(s) > 60 {
		return s[len(s)-60:]
	}
	return s
}

// TestDeadLetterWriterChild appends dead-letter lines until it is killed;
// it only runs as the child of TestKill9DuringDeadLetterWrites.
func TestDeadLetterWriterChild(t *testing.T) {
	path := os.Getenv("DIPGRAPH_DEAD_LETTER_FILE")
	if path == "" {
		t.Skip("runs only as the child of TestKill9DuringDeadLetterWrites")
	}
	d, err := OpenDeadLetterFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("READY")
	for i := 0; ; i++ {
		// Lines of up to about 40 KiB span several pages, which a kill can
		// cut between.
		dl := DeadLetter{File: "in.jsonl", Line: i + 1, Reason: "INVALID_JSON", Error: strings.Repeat("<", rand.IntN(maxDeadLetterError))}
		if _, err := d.Write(dl.line(nil)); err != nil {
			t.Fatal(err)
		}
	}
}

// B-8: kill -9 a process appending to the dead-letter file at random
// moments, 20 times, reopening the file each time as a rerun does: every
// line of the file is always a whole JSON object.
func TestKill9DuringDeadLetterWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	if raceEnabled {
		t.Skip("runs in a normal build (scripts/test.sh), with the other kill -9 tests")
	}
	path := filepath.Join(t.TempDir(), "dead.jsonl")
	deadline := time.Now().Add(time.Minute)
	torn := 0
	const trials = 20
	for trial := 0; trial < trials; trial++ {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d trials in the time allowed", trial, trials)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestDeadLetterWriterChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DIPGRAPH_DEAD_LETTER_FILE="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if line, _ := bufio.NewReader(out).ReadString('\n'); line != "READY\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("trial %d: the child said %q", trial, line)
		}
		time.Sleep(time.Duration(rand.IntN(20_000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if b, _ := os.ReadFile(path); len(b) > 0 && b[len(b)-1] != '\n' {
			torn++
		}
		// A rerun opens the file again (the next child does so first).
		d, err := OpenDeadLetterFile(path)
		if err != nil {
			t.Fatalf("trial %d: reopening: %v", trial, err)
		}
		d.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			var dl DeadLetter
			if l == "" && len(b) == 0 {
				continue
			}
			if err := json.Unmarshal([]byte(l), &dl); err != nil || dl.Reason == "" {
				t.Fatalf("trial %d: line %d is not a whole dead-letter record (%v): %.100s", trial, i+1, err, l)
			}
		}
	}
	b, _ := os.ReadFile(path)
	t.Logf("%d trials, %d left a torn line, %d lines in the end", trials, torn, bytes.Count(b, []byte("\n")))
}
