// Package neo4jtest gives tests a Neo4j server.
//
// Config returns the server named by NEO4J_URI, NEO4J_USER and
// NEO4J_PASSWORD when NEO4J_URI is set. Otherwise it starts a throwaway
// server once per test binary with scripts/neo4j-start.sh (Neo4j Community
// from Maven Central jars on the machine's Java) and Main stops it when the
// tests end; a watcher process stops it too if the test binary dies first.
//
// Tests that need Neo4j are skipped under -short and when no server can be
// had, unless CI=true: then they fail, so that CI cannot pass by skipping.
//
//	func TestMain(m *testing.M) { neo4jtest.Main(m) }
//
//	func TestX(t *testing.T) {
//		uri, user, password := neo4jtest.Config(t)
//		neo4jtest.Clean(t, uri, user, password)
//		...
//	}
package neo4jtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// StartTimeout bounds starting the throwaway server (a first run builds
// the launcher, which downloads jars).
var StartTimeout = 6 * time.Minute

var (
	once     sync.Once
	server   struct{ uri, user, password string }
	setupErr error
	// stateDir is set when this process started the server.
	stateDir string
	root     string
	mu       sync.Mutex
)

// CI reports whether skipping is forbidden (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Config returns the URI and credentials of a Neo4j server for t, starting
// one if needed. It skips t (fails it when CI=true) under -short or when no
// server is available.
func Config(t testing.TB) (uri, user, password string) {
	t.Helper()
	if testing.Short() && !CI() {
		t.Skip("neo4jtest: Neo4j tests do not run with -short")
	}
	once.Do(setup)
	if setupErr != nil {
		if CI() {
			t.Fatalf("neo4jtest: no Neo4j server (CI=true, so this fails rather than skips): %v", setupErr)
		}
		t.Skipf("neo4jtest: no Neo4j server: %v", setupErr)
	}
	return server.uri, server.user, server.password
}

// Database is the database tests use: NEO4J_DATABASE, default "neo4j".
func Database() string {
	if d := os.Getenv("NEO4J_DATABASE"); d != "" {
		return d
	}
	return "neo4j"
}

func setup() {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		server.uri, server.user, server.password = uri, os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD")
		if server.user == "" {
			server.user = "neo4j"
		}
		setupErr = lockServer(uri)
		return
	}
	setupErr = start()
}

// lockServer takes an exclusive lock on a shared server for the life of
// this test binary. go test runs packages in parallel, and tests empty the
// database between subtests: two packages on one server would wipe each
// other's data. The lock is released when the process exits.
func lockServer(uri string) error {
	name := filepath.Join(os.TempDir(), "dipgraph-neo4jtest-"+strconv.FormatUint(uint64(fnv32(uri)), 16)+".lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("lock file for the shared test server: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return fmt.Errorf("locking the shared test server: %w", err)
	}
	lockFile = f // kept open: closing would release the lock
	return nil
}

var lockFile *os.File

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// repoRoot finds the module root: the nearest parent with scripts/neo4j-start.sh.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "scripts", "neo4j-start.sh")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("scripts/neo4j-start.sh not found above the working directory")
		}
		dir = parent
	}
}

func start() error {
	var err error
	if root, err = repoRoot(); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "neo4jtest-state-")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, "scripts", "neo4j-start.sh"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "NEO4J_STATE_DIR="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	began := time.Now()
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("scripts/neo4j-start.sh: %v\n%s", err, tail(stderr.String(), 2000))
	}
	mu.Lock()
	stateDir = dir
	mu.Unlock()
	watch(dir)
	vals := map[string]string{}
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			vals[k] = v
		}
	}
	// The password file holds it unquoted (stdout has it shell-quoted).
	pw, err := os.ReadFile(filepath.Join(dir, "password"))
	if err != nil {
		stop()
		return fmt.Errorf("reading the test server's password: %v", err)
	}
	server.uri, server.user, server.password = vals["NEO4J_URI"], vals["NEO4J_USER"], strings.TrimSpace(string(pw))
	if server.uri == "" || server.user == "" {
		stop()
		return fmt.Errorf("scripts/neo4j-start.sh printed no NEO4J_URI/NEO4J_USER: %q", stdout.String())
	}
	fmt.Fprintf(os.Stderr, "neo4jtest: started %s in %.1fs\n", server.uri, time.Since(began).Seconds())
	return nil
}

// watch starts a process that stops the server once this test binary is
// gone, however it ends (a panic, a -timeout, a kill).
func watch(dir string) {
	script := `while kill -0 "$1" 2>/dev/null; do sleep 2; done; NEO4J_STATE_DIR="$2" "$3" >/dev/null 2>&1; rm -rf "$2"`
	cmd := exec.Command("sh", "-c", script, "neo4jtest-watch", strconv.Itoa(os.Getpid()), dir,
		filepath.Join(root, "scripts", "neo4j-stop.sh"))
	cmd.Dir = root
	// No pipes: the process needs no goroutine here and outlives this one.
	if err := cmd.Start(); err == nil {
		_ = cmd.Process.Release()
	}
}

func stop() {
	mu.Lock()
	dir := stateDir
	stateDir = ""
	mu.Unlock()
	if dir == "" {
		return
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "neo4j-stop.sh"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "NEO4J_STATE_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "neo4jtest: stopping the test server: %v\n%s", err, out)
	}
	os.RemoveAll(dir)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// Run runs the tests and stops the server this binary started; it returns
// the exit code. Use it from TestMain when more checks follow (goleak).
func Run(m *testing.M) int {
	code := m.Run()
	stop()
	return code
}

// Main is a TestMain: os.Exit(Run(m)).
func Main(m *testing.M) { os.Exit(Run(m)) }

// qClean deletes every node but the migration records (the schema stays,
// so stores opened afterwards find it up to date), in batches, so a large
// graph does not need one huge transaction.
const qClean = `MATCH (n) WHERE NOT n:Migration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`

// Clean empties the test database, for a fresh state per test.
func Clean(t testing.TB, uri, user, password string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	d, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""))
	if err != nil {
		t.Fatalf("neo4jtest: %v", err)
	}
	defer d.Close(ctx)
	CleanDriver(t, d)
}

// CleanDriver empties the test database through an open driver.
func CleanDriver(t testing.TB, d neo4j.DriverWithContext) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sess := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: Database()})
	defer sess.Close(ctx)
	// CALL ... IN TRANSACTIONS needs an auto-commit transaction: Run.
	res, err := sess.Run(ctx, qClean, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		t.Fatalf("neo4jtest: cleaning the database: %v", err)
	}
}
