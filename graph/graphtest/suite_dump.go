package graphtest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph"
)

func testCountsAndDump(t *testing.T, s graph.Store) {
	corpus := Corpus()
	apply(t, s, corpus...)
	m := NewModel(corpus...)
	want := &graph.Counts{
		Nodes: map[graph.Kind]int{
			graph.KindCountry: 5, graph.KindPerson: 6, graph.KindOrganization: 2, graph.KindPlace: 2,
			graph.KindTopic: 4, graph.KindEvent: 10, graph.KindArticle: 5,
		},
		Edges: map[string]int{
			graph.RelParticipant: 31, graph.RelAt: 3, graph.RelAbout: 9, graph.RelReportedIn: 12,
			graph.RelMentions: 43, graph.RelHolds: 6, graph.RelIn: 2,
		},
	}
	if diff := cmp.Diff(want, m.Counts()); diff != "" {
		t.Fatalf("suite bug: hand-counted corpus differs from the model (-hand +model):\n%s", diff)
	}
	got := counts(t, s)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}
	d := dump(t, s)
	if diff := cmp.Diff(CountsFromDump(d), got); diff != "" {
		t.Errorf("Counts disagree with the store's own dump (-dump +Counts):\n%s", diff)
	}
	// No two nodes share (label, key), no line twice.
	for i := 1; i < len(d); i++ {
		if d[i] == d[i-1] {
			t.Errorf("dump line twice: %s", d[i])
		}
	}
	seen := map[string]bool{}
	for _, l := range d {
		if !strings.HasPrefix(l, `["N",`) {
			continue
		}
		var parts []json.RawMessage // ["N", kind, key, props]
		if err := json.Unmarshal([]byte(l), &parts); err != nil || len(parts) != 4 {
			t.Errorf("dump line is not [\"N\", kind, key, props]: %s", l)
			continue
		}
		k := string(parts[1]) + " " + string(parts[2])
		if seen[k] {
			t.Errorf("two nodes with the same label and key: %s", k)
		}
		seen[k] = true
	}
	// Fingerprint is the domain's fingerprint of what Walk visits.
	fp, err := graph.Fingerprint(ctx(t), s)
	if err != nil {
		t.Fatal(err)
	}
	if got := fingerprint(t, s); got != fp {
		t.Errorf("Fingerprint() = %s, graph.Fingerprint(Walk) = %s", got, fp)
	}
	checkGraph(t, s, m)

	t.Run("WalkStopsOnError", func(t *testing.T) {
		stop := errors.New("stop here")
		calls := 0
		err := s.Walk(ctx(t), stopVisitor{&calls, stop})
		if !errors.Is(err, stop) {
			t.Errorf("Walk with a failing visitor = %v, want its error", err)
		}
		if calls != 1 {
			t.Errorf("visitor called %d times after failing, want 1", calls)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		for _, g := range corpus {
			if err := s.DeleteArticle(ctx(t), g.Article.ID); err != nil {
				t.Fatal(err)
			}
		}
		if d := dump(t, s); len(d) != 0 {
			t.Errorf("dump of an empty store has %d lines: %v", len(d), d[:min(3, len(d))])
		}
		if got, want := fingerprint(t, s), NewModel().Fingerprint(); got != want {
			t.Errorf("Fingerprint of an empty store = %s, want %s", got, want)
		}
	})
}

type stopVisitor struct {
	calls *int
	err   error
}

func (v stopVisitor) Entity(*graph.Entity) error                    { *v.calls++; return v.err }
func (v stopVisitor) Event(*graph.Event) error                      { *v.calls++; return v.err }
func (v stopVisitor) Article(*graph.Article, []graph.Mention) error { *v.calls++; return v.err }

// testdata returns the path of a file in graph/graphtest/testdata, wherever
// the test binary runs from.
func testdata(t *testing.T, name string) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the graphtest package")
	}
	return filepath.Join(filepath.Dir(file), "testdata", name)
}

// GoldenFingerprintFile and GoldenDumpFile name the golden files.
const (
	GoldenFingerprintFile = "fingerprint.golden"
	GoldenDumpFile        = "dump.golden"
)

func testGolden(t *testing.T, s graph.Store) {
	apply(t, s, Corpus()...)
	fp := fingerprint(t, s)
	d := strings.Join(dump(t, s), "\n") + "\n"
	fpPath, dumpPath := testdata(t, GoldenFingerprintFile), testdata(t, GoldenDumpFile)
	if *update {
		if err := os.WriteFile(fpPath, []byte(fp+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dumpPath, []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s and %s", fpPath, dumpPath)
		return
	}
	wantFP, err := os.ReadFile(fpPath)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	wantDump, err := os.ReadFile(dumpPath)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if got, want := fp, strings.TrimSpace(string(wantFP)); got != want {
		t.Errorf("Fingerprint of the corpus = %s, golden %s", got, want)
	}
	if diff := cmp.Diff(strings.Split(string(wantDump), "\n"), strings.Split(d, "\n")); diff != "" {
		t.Errorf("canonical dump of the corpus differs from %s (-golden +got):\n%s", dumpPath, diff)
	}
}
