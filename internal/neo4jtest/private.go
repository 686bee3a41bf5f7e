package neo4jtest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Private is a test server of one test's own, which the test may kill and
// restart on the same data (fault tests). The shared server of Config must
// never be killed: other tests use it.
type Private struct {
	URI, User, Password string
	root, state         string
	data, port          string
}

// StartPrivate starts a server for t alone; it is stopped and its data
// removed when t ends. It skips (fails under CI=true) like Config.
func StartPrivate(t testing.TB) *Private {
	t.Helper()
	if testing.Short() && !CI() {
		t.Skip("neo4jtest: Neo4j tests do not run with -short")
	}
	r, err := repoRoot()
	if err != nil {
		skipOrFail(t, err)
	}
	state, err := os.MkdirTemp("", "neo4jtest-private-")
	if err != nil {
		t.Fatal(err)
	}
	p := &Private{root: r, state: state, User: "neo4j"}
	t.Cleanup(func() {
		p.script(t, "neo4j-stop.sh", nil, "--kill")
		if p.data != "" {
			os.RemoveAll(p.data)
		}
		os.RemoveAll(state)
	})
	out, err := p.script(t, "neo4j-start.sh", nil)
	if err != nil {
		skipOrFail(t, err)
	}
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "NEO4J_URI="); ok {
			p.URI = v
		}
	}
	pw, _ := os.ReadFile(filepath.Join(state, "password"))
	data, _ := os.ReadFile(filepath.Join(state, "data"))
	port, _ := os.ReadFile(filepath.Join(state, "port"))
	p.Password, p.data, p.port = strings.TrimSpace(string(pw)), strings.TrimSpace(string(data)), strings.TrimSpace(string(port))
	if p.URI == "" || p.data == "" || p.port == "" {
		t.Fatalf("neo4jtest: private server started without URI, data or port (%q)", out)
	}
	return p
}

func skipOrFail(t testing.TB, err error) {
	t.Helper()
	if CI() {
		t.Fatalf("neo4jtest: no private Neo4j server (CI=true): %v", err)
	}
	t.Skipf("neo4jtest: no private Neo4j server: %v", err)
}

// Kill stops the server with SIGKILL, keeping its data.
func (p *Private) Kill(t testing.TB) {
	t.Helper()
	if _, err := p.script(t, "neo4j-stop.sh", nil, "--kill", "--keep"); err != nil {
		t.Fatalf("neo4jtest: kill: %v", err)
	}
}

// Restart starts the server again on the same data and port, and returns
// how long it took to answer.
func (p *Private) Restart(t testing.TB) time.Duration {
	t.Helper()
	began := time.Now()
	if _, err := p.script(t, "neo4j-start.sh", nil, "--data", p.data, "--port", p.port); err != nil {
		t.Fatalf("neo4jtest: restart: %v", err)
	}
	return time.Since(began)
}

func (p *Private) script(t testing.TB, name string, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{filepath.Join(p.root, "scripts", name)}, args...)...)
	cmd.Dir = p.root
	cmd.Env = append(append(os.Environ(), "NEO4J_STATE_DIR="+p.state), env...)
	if p.Password != "" {
		cmd.Env = append(cmd.Env, "NEO4J_PASSWORD="+p.Password)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), &scriptError{name: name, err: err, stderr: tail(stderr.String(), 2000)}
	}
	return stdout.String(), nil
}

type scriptError struct {
	name   string
	err    error
	stderr string
}

func (e *scriptError) Error() string { return e.name + ": " + e.err.Error() + "\n" + e.stderr }
