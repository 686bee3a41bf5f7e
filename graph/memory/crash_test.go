package memory

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
)

// synthetic returns operation i of a deterministic workload: new
// articles, changed versions of earlier ones, and every fifth a deletion.
func synthetic(i int) (graphs []graph.ArticleGraph, del string) {
	countries := []string{"CN", "RU", "IN", "US", "PK", "FR"}
	for j := 0; j < 5; j++ {
		n := i*5 + j
		version := 0
		if j == 4 && i > 0 {
			n, version = (i-1)*5, i // rewrite an article of the previous batch
		}
		id := fmt.Sprintf("art-%04d", n)
		a, b := countries[n%len(countries)], countries[(n+1+version)%len(countries)]
		if a == b {
			b = countries[(n+2+version)%len(countries)]
		}
		g := graph.ArticleGraph{Article: graph.Article{ID: id, Title: "t " + id, Lang: "en",
			ContentHash: fmt.Sprintf("h%d-%d", n, version)}}
		for _, c := range []string{a, b} {
			g.Entities = append(g.Entities, graph.Entity{Kind: graph.KindCountry, ID: c, Name: c,
				Aliases: []graph.Name{{Text: c + " alias " + strconv.Itoa(version), Lang: "en"}}})
			g.Mentions = append(g.Mentions, graph.Mention{Ref: graph.Ref{Kind: graph.KindCountry, ID: c}, Count: 1 + n%3})
		}
		ev := graph.Event{Type: graph.EventMeet, Date: fmt.Sprintf("2024-01-%02d", 1+n%28),
			Participants: []graph.Participant{{Ref: graph.Ref{Kind: graph.KindCountry, ID: a}}, {Ref: graph.Ref{Kind: graph.KindCountry, ID: b}}},
			Reports:      []graph.Report{{Article: id, Sentence: "s", End: 1, Confidence: 0.5, Extractor: "x"}}}
		graph.NormalizeEvent(&ev, id)
		g.Events = []graph.Event{ev}
		graphs = append(graphs, g)
	}
	if i%5 == 4 {
		del = fmt.Sprintf("art-%04d", (i-2)*5+1)
	}
	return graphs, del
}

// applyBatch runs operation i, one commit: a deletion on every fifth,
// else the apply of a batch.
func applyBatch(ctx context.Context, s *Store, i int) error {
	graphs, del := synthetic(i)
	if del != "" {
		return s.DeleteArticle(ctx, del)
	}
	res, err := s.Apply(ctx, graphs)
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.Err != nil {
			return r.Err
		}
	}
	return nil
}

// TestCrashChild is the writer the crash test kills; it only runs as a
// child process.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("DIPGRAPH_CRASH_DB")
	if path == "" {
		t.Skip("runs only as the child of TestKill9KeepsAcknowledgedWrites")
	}
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	start, _ := strconv.Atoi(os.Getenv("DIPGRAPH_CRASH_START"))
	if os.Getenv("DIPGRAPH_CRASH_SNAPSHOTS") != "" {
		// Close after every operation, so that kills land in snapshot writes.
		for i := start; i < start+1000; i++ {
			if err := applyBatch(ctx, s, i); err != nil {
				t.Fatal(err)
			}
			fmt.Printf("ACK %d\n", i)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if s, err = Open(ctx, Options{Path: path}); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for i := start; i < start+1000; i++ {
		if err := applyBatch(ctx, s, i); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("ACK %d\n", i)
	}
}

// TestKill9KeepsAcknowledgedWrites kills a writing child process at random
// moments and checks that the reopened store holds exactly the batches it
// acknowledged (or one more, committed before the acknowledgement was read).
func TestKill9KeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "graph.db")
	// fingerprints[i] is the fingerprint after batches 0..i-1.
	oracle, _ := Open(ctx, Options{})
	fingerprints := []string{mustFingerprint(t, oracle)}
	done := 0
	for trial := 0; trial < 4; trial++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DIPGRAPH_CRASH_DB="+path, "DIPGRAPH_CRASH_START="+strconv.Itoa(done))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 3 + trial*7
		acked := done - 1
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if n, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
				acked, _ = strconv.Atoi(n)
				if acked-done+1 >= killAfter {
					break
				}
			}
		}
		// Land the kill anywhere inside the next batch, not only between two.
		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		// The child may have committed a few more operations between its
		// last acknowledgement we read and the kill.
		for len(fingerprints) <= acked+40 {
			if err := applyBatch(ctx, oracle, len(fingerprints)-1); err != nil {
				t.Fatal(err)
			}
			fingerprints = append(fingerprints, mustFingerprint(t, oracle))
		}
		s, err := Open(ctx, Options{Path: path})
		if err != nil {
			t.Fatalf("trial %d: reopen after kill -9: %v", trial, err)
		}
		got := mustFingerprint(t, s)
		s.Close()
		done = -1
		for k := acked + 1; k < len(fingerprints); k++ {
			if fingerprints[k] == got {
				done = k
				break
			}
		}
		if done < 0 {
			t.Fatalf("trial %d: after %d acknowledged operations the reopened store has fingerprint %s, which is no state at or after them (want %s or later)", trial, acked+1, got, fingerprints[acked+1])
		}
		t.Logf("trial %d: killed after batch %d, reopened with %d batches", trial, acked, done)
	}
}

func mustFingerprint(t *testing.T, s graph.Store) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fp, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// TestKill9DuringSnapshots is R-9: a writer that writes a snapshot after
// every operation is killed at random moments, 100 times; every reopen must
// succeed and give a state at or after the last acknowledged operation.
func TestKill9DuringSnapshots(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	if raceEnabled {
		t.Skip("runs in a normal build (scripts/test.sh): a race build of 100 child processes takes minutes")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "graph.db")
	oracle, _ := Open(ctx, Options{})
	// A graph of a few hundred articles, so that a snapshot takes a while.
	seed, _ := Open(ctx, Options{Path: path})
	const seeded = 40
	for i := 0; i < seeded; i++ {
		if err := applyBatch(ctx, seed, i); err != nil {
			t.Fatal(err)
		}
		if err := applyBatch(ctx, oracle, i); err != nil {
			t.Fatal(err)
		}
	}
	seed.Close()
	fingerprints := map[int]string{seeded - 1: mustFingerprint(t, oracle)}
	applied := seeded
	done := seeded
	fromSnapshot := 0
	for trial := 0; trial < 100; trial++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DIPGRAPH_CRASH_DB="+path, "DIPGRAPH_CRASH_START="+strconv.Itoa(done), "DIPGRAPH_CRASH_SNAPSHOTS=1")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := done - 1
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if n, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
				acked, _ = strconv.Atoi(n)
				break
			}
		}
		time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		for applied <= acked+10 {
			if err := applyBatch(ctx, oracle, applied); err != nil {
				t.Fatal(err)
			}
			fingerprints[applied] = mustFingerprint(t, oracle)
			applied++
		}
		s, err := Open(ctx, Options{Path: path})
		if err != nil {
			t.Fatalf("trial %d: reopen after kill -9: %v", trial, err)
		}
		if strings.HasPrefix(s.openedFrom, "snapshot") {
			fromSnapshot++
		}
		got := mustFingerprint(t, s)
		s.abandon() // keep whatever snapshot the child left
		done = -1
		for k := acked; k < applied; k++ {
			if fingerprints[k] == got {
				done = k + 1
				break
			}
		}
		if done < 0 {
			t.Fatalf("trial %d: after operation %d was acknowledged the reopened store (from %s) has fingerprint %s, no state at or after it", trial, acked, s.openedFrom, got)
		}
	}
	t.Logf("100 kills; %d reopens used a snapshot, the others replayed the records", fromSnapshot)
	if fromSnapshot == 0 {
		t.Error("no reopen used a snapshot: the test does not exercise them")
	}
}
