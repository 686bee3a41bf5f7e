package loader

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/memory"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/gen"
)

// The crash test's load: small batches, so that a kill lands inside the
// load and not after it.
const (
	crashBatchSize = 5
	crashWorkers   = 2
	crashArticles  = 120
)

// announcingStore prints, before the loader extracts a chunk, the ids it
// asks the store about. The loader asks before extracting anything, so the
// parent learns, up to the moment of the kill, every article the child had
// started to work on. Writes to os.Stdout are unbuffered.
type announcingStore struct{ graph.Store }

func (s announcingStore) ArticleHashes(ctx context.Context, ids []string) (map[string]string, error) {
	fmt.Printf("STARTED %s\n", strings.Join(ids, " "))
	return s.Store.ArticleHashes(ctx, ids)
}

// TestLoaderCrashChild is the load TestKill9DuringLoadResumes kills; it
// only runs as that test's child process. It prepares (the dictionaries
// take a while), says READY, and loads when told GO on standard input, so
// that the parent can start it ahead of time.
func TestLoaderCrashChild(t *testing.T) {
	db, corpusPath := os.Getenv("DIPGRAPH_LOADER_CRASH_DB"), os.Getenv("DIPGRAPH_LOADER_CRASH_CORPUS")
	if db == "" || corpusPath == "" {
		t.Skip("runs only as the child of TestKill9DuringLoadResumes")
	}
	l := testLoader(t)
	s, err := memory.Open(context.Background(), memory.Options{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("READY")
	if go_, _ := bufio.NewReader(os.Stdin).ReadString('\n'); go_ != "GO\n" {
		t.Fatalf("told %q, want GO", go_)
	}
	if _, err := l.Run(context.Background(), announcingStore{s}, []string{corpusPath},
		Options{BatchSize: crashBatchSize, Workers: crashWorkers}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// crashChild is a child process loading a corpus into its own store.
type crashChild struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	stderr strings.Builder
}

// startCrashChild starts a child that loads corpusPath into db once told to.
func startCrashChild(t *testing.T, db, corpusPath string) *crashChild {
	t.Helper()
	c := &crashChild{cmd: exec.Command(os.Args[0], "-test.run=^TestLoaderCrashChild$", "-test.count=1"), lines: make(chan string)}
	c.cmd.Env = append(os.Environ(), "DIPGRAPH_LOADER_CRASH_DB="+db, "DIPGRAPH_LOADER_CRASH_CORPUS="+corpusPath)
	c.cmd.Stderr = &c.stderr
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// A child a failed test left behind.
		c.cmd.Process.Kill()
	})
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	return c
}

// loadAndKill tells the child to load and kills it killAfter later. It
// returns the ids the child had started on.
func (c *crashChild) loadAndKill(t *testing.T, killAfter time.Duration) (started map[string]bool) {
	t.Helper()
	started = map[string]bool{}
	ready := false
	for line := range c.lines {
		switch {
		case line == "READY":
			ready = true
			io.WriteString(c.stdin, "GO\n")
			timer := time.AfterFunc(killAfter, func() { c.cmd.Process.Signal(syscall.SIGKILL) })
			defer timer.Stop()
		case strings.HasPrefix(line, "STARTED "):
			for _, id := range strings.Fields(strings.TrimPrefix(line, "STARTED ")) {
				started[id] = true
			}
		}
	}
	if err := c.cmd.Wait(); !ready {
		t.Fatalf("the child never started its load: %v\n%s", err, c.stderr.String())
	}
	return started
}

// B-6: kill -9 the loader at a random moment of a load into the embedded
// store, 20 times, and rerun it each time. The rerun ends with the graph of
// a clean load, rewrites nothing the killed run committed, and redoes at
// most the killed run's work in flight: the batch being written, the one
// queued behind it and the one being extracted (3 × batch size, whatever
// the number of workers), since the store itself is the checkpoint.
func TestKill9DuringLoadResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	if raceEnabled {
		t.Skip("runs in a normal build (scripts/test.sh): a race build of 20 child processes takes minutes")
	}
	d, err := dict.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gen.New(d)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	corpusPath := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Generate(f, crashArticles, 7); err != nil {
		t.Fatal(err)
	}
	f.Close()
	opts := Options{BatchSize: crashBatchSize, Workers: crashWorkers}
	oracle := newStore(t)
	// The clean load tells how long one takes, so that the kills land
	// uniformly over the child's.
	began := time.Now()
	run(t, oracle, []string{corpusPath}, opts)
	loadTime := time.Since(began)
	want := fingerprint(t, oracle)

	const trials = 20
	dbOf := func(trial int) string { return filepath.Join(dir, fmt.Sprintf("trial-%02d.db", trial)) }
	deadline := time.Now().Add(4 * time.Minute)
	maxRedone := 0
	next := startCrashChild(t, dbOf(0), corpusPath)
	for trial := 0; trial < trials; trial++ {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d trials in the time allowed", trial, trials)
		}
		child := next
		killAfter := time.Duration(rand.Int64N(int64(loadTime)))
		started := child.loadAndKill(t, killAfter)
		if trial+1 < trials {
			// The next child loads its dictionaries while this trial is checked.
			next = startCrashChild(t, dbOf(trial+1), corpusPath)
		}
		db := dbOf(trial)

		s, err := memory.Open(context.Background(), memory.Options{Path: db})
		if err != nil {
			t.Fatalf("trial %d: reopening after kill -9 at %v: %v", trial, killAfter, err)
		}
		committed := articleIDs(t, s)
		rec := &faultyStore{Store: s}
		rep, err := testLoader(t).Run(context.Background(), rec, []string{corpusPath}, opts)
		if err != nil {
			t.Fatalf("trial %d: rerun: %v", trial, err)
		}
		if rep.Unchanged != len(committed) || rep.Loaded != crashArticles-len(committed) || rep.Failed != 0 {
			t.Errorf("trial %d: rerun %+v after %d articles committed, want the rest loaded", trial, rep, len(committed))
		}
		redone := 0
		for _, call := range rec.calls {
			for _, id := range call {
				if committed[id] {
					t.Errorf("trial %d: the rerun rewrote %s, which the killed run had committed", trial, id)
				}
				if started[id] {
					redone++
				}
			}
		}
		if redone > 3*crashBatchSize {
			t.Errorf("trial %d: the rerun redid %d articles the killed run had started, more than 3 × %d", trial, redone, crashBatchSize)
		}
		maxRedone = max(maxRedone, redone)
		if got := fingerprint(t, s); got != want {
			t.Errorf("trial %d: killed at %v after %d committed: graph %s, clean load %s", trial, killAfter, len(committed), got, want)
		}
		s.Close()
	}
	t.Logf("%d trials over a %v load; at most %d articles redone", trials, loadTime.Round(time.Millisecond), maxRedone)
}

func articleIDs(t *testing.T, s graph.Store) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	after := ""
	for {
		page, err := s.ListArticles(context.Background(), graph.ArticleFilter{}, graph.Page{First: graph.MaxPageSize, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Items {
			ids[a.ID] = true
		}
		if !page.HasNext {
			return ids
		}
		after = page.EndCursor
	}
}
