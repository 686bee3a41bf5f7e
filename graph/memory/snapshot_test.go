package memory

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
)

func isNotFound(err error) bool { return errors.Is(err, graph.ErrNotFound) }

func removeSnapshot(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(snapshotPath(path)); err != nil {
		t.Fatal(err)
	}
}

// abandon releases the database the way a killed process does: no
// snapshot is written.
func (s *Store) abandon() {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.db.Close()
}

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{Path: path, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSnapshotReopen checks every way of reopening against a store that
// never left memory: from a fresh snapshot, from a snapshot plus the
// articles written, replaced and deleted since (after a crash), and from
// the records alone when the snapshot is missing, stale or damaged.
func TestSnapshotReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "graph.db")
	oracle, _ := Open(ctx, Options{})
	next := 0
	run := func(s *Store, n int) {
		t.Helper()
		for end := next + n; next < end; next++ {
			if err := applyBatch(ctx, oracle, next); err != nil {
				t.Fatal(err)
			}
			if err := applyBatch(ctx, s, next); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func(s *Store, wantFrom string) {
		t.Helper()
		if !strings.HasPrefix(s.openedFrom, wantFrom) {
			t.Errorf("opened from %q, want %q", s.openedFrom, wantFrom)
		}
		if got, want := mustFingerprint(t, s), mustFingerprint(t, oracle); got != want {
			t.Fatalf("opened from %q: fingerprint %s, want %s", s.openedFrom, got, want)
		}
		c1, _ := s.Counts(ctx)
		c2, _ := oracle.Counts(ctx)
		if c1.Edges["MENTIONS"] != c2.Edges["MENTIONS"] || c1.Nodes["Article"] != c2.Nodes["Article"] {
			t.Fatalf("counts %v, want %v", c1, c2)
		}
	}

	s := openAt(t, path)
	check(s, "every article record")
	run(s, 30)
	s.Close()
	if _, err := os.Stat(snapshotPath(path)); err != nil {
		t.Fatalf("Close wrote no snapshot: %v", err)
	}

	s = openAt(t, path)
	check(s, "snapshot and 0 articles")
	run(s, 17) // new articles, rewrites of earlier ones, deletions
	s.abandon()
	stale, _ := os.ReadFile(snapshotPath(path))

	s = openAt(t, path)
	check(s, "snapshot and ")
	if strings.HasPrefix(s.openedFrom, "snapshot and 0 ") {
		t.Fatalf("the writes since the snapshot were not replayed: %q", s.openedFrom)
	}
	run(s, 9)
	s.Close()

	// Closing without a change keeps the snapshot as it is.
	s = openAt(t, path)
	check(s, "snapshot and 0 articles")
	s.Close()

	// A snapshot of another generation is never used.
	if err := os.WriteFile(snapshotPath(path), stale, 0o600); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	check(s, "every article record")
	run(s, 3)
	s.Close()

	// Neither is a damaged one.
	b, _ := os.ReadFile(snapshotPath(path))
	b[len(b)/2] ^= 0x40
	os.WriteFile(snapshotPath(path), b, 0o600)
	s = openAt(t, path)
	check(s, "every article record")
	s.Close()

	// Nor a missing one.
	os.Remove(snapshotPath(path))
	s = openAt(t, path)
	check(s, "every article record")
	s.Close()
	s = openAt(t, path)
	check(s, "snapshot and 0 articles")
	s.Close()
}

// FuzzReadSnapshot: a damaged or hostile snapshot file is refused with an
// error, never a panic or a huge allocation.
func FuzzReadSnapshot(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "graph.db")
	s, err := Open(context.Background(), Options{Path: path, NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	for i := 0; i < 6; i++ {
		if err := applyBatch(context.Background(), s, i); err != nil {
			f.Fatal(err)
		}
	}
	s.Close()
	good, err := os.ReadFile(snapshotPath(path))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "s")
		os.WriteFile(p, b, 0o600)
		readSnapshot(p, 0)
		// Also past the checksum: the decoder must survive any body.
		r := &snapReader{s: string(b)}
		r.uint()
		decodeState(r)
	})
}

// TestSnapshotsWhileWriting: a long run of writes takes snapshots as it
// goes, so that an open after a crash replays only the articles written
// since the last one.
func TestSnapshotsWhileWriting(t *testing.T) {
	defer func(n int) { minSnapshotInterval = n }(minSnapshotInterval)
	minSnapshotInterval = 20
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "graph.db")
	oracle, _ := Open(ctx, Options{})
	s := openAt(t, path)
	for i := 0; i < 60; i++ {
		if err := applyBatch(ctx, s, i); err != nil {
			t.Fatal(err)
		}
		if err := applyBatch(ctx, oracle, i); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(snapshotPath(path)); err != nil {
		t.Fatalf("no snapshot taken during 60 batches: %v", err)
	}
	s.abandon()
	s = openAt(t, path)
	defer s.Close()
	var replayed int
	if _, err := fmt.Sscanf(s.openedFrom, "snapshot and %d articles", &replayed); err != nil {
		t.Fatalf("opened from %q, want a snapshot", s.openedFrom)
	}
	if n := len(s.st.articles); replayed > n {
		t.Errorf("replayed %d articles after the crash, more than the %d the graph holds", replayed, n)
	}
	if got, want := mustFingerprint(t, s), mustFingerprint(t, oracle); got != want {
		t.Fatalf("fingerprint %s, want %s", got, want)
	}
}
