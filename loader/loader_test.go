package loader

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/memory"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
)

var (
	xOnce sync.Once
	xTest *extract.Extractor
)

func testLoader(t testing.TB) *Loader {
	t.Helper()
	xOnce.Do(func() {
		d, err := dict.Load()
		if err != nil {
			t.Fatal(err)
		}
		xTest, err = extract.New(d)
		if err != nil {
			t.Fatal(err)
		}
	})
	return New(xTest)
}

func newStore(t testing.TB) *memory.Store {
	t.Helper()
	s, err := memory.Open(context.Background(), memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type article struct {
	ID        string `json:"id,omitempty"`
	Lang      string `json:"lang,omitempty"`
	URL       string `json:"url,omitempty"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
	Title     string `json:"title,omitempty"`
	Text      string `json:"text"`
}

var templates = []article{
	{Lang: "en", Title: "China and Russia agree to deepen cooperation", Text: "MOSCOW, March 3 — Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Moscow on Friday. China and Russia agreed to expand cooperation on cyber security and trade."},
	{Lang: "hi", Title: "भारत और जापान के बीच वार्ता", Text: "नई दिल्ली। विदेश मंत्री एस जयशंकर ने शुक्रवार को जापान के विदेश मंत्री से मुलाकात की। भारत और जापान ने रक्षा सहयोग बढ़ाने पर सहमति जताई।"},
	{Lang: "ru", Title: "Лавров провел переговоры с Джайшанкаром", Text: "Министр иностранных дел России Сергей Лавров провел переговоры с министром иностранных дел Индии Субраманьямом Джайшанкаром в Москве. Россия и Индия договорились о сотрудничестве в энергетике."},
	{Lang: "ur", Title: "پاکستان اور چین کا تعاون", Text: "اسلام آباد: پاکستان اور چین نے تجارت اور توانائی کے شعبوں میں تعاون بڑھانے پر اتفاق کیا۔ وزیر خارجہ اسحاق ڈار نے چینی ہم منصب وانگ یی سے ملاقات کی۔"},
	{Lang: "zh", Title: "中美举行会谈", Text: "北京，6月19日——中国外交部长王毅在北京会见美国国务卿布林肯。双方同意在气候变化问题上加强合作。"},
}

// corpus writes n articles (a cycle of templates with distinct ids) as
// JSON Lines and returns the path.
func corpus(t testing.TB, n int, extra ...string) string {
	t.Helper()
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		a := templates[i%len(templates)]
		a.ID = fmt.Sprintf("art-%05d", i)
		a.Published = fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)
		a.Text = fmt.Sprintf("%s (%d)", a.Text, i)
		line, _ := json.Marshal(a)
		b.Write(line)
		b.WriteByte('\n')
	}
	for _, e := range extra {
		b.WriteString(e)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func fingerprint(t testing.TB, s graph.Store) string {
	t.Helper()
	fp, err := s.Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func run(t testing.TB, s graph.Store, paths []string, opts Options) *Report {
	t.Helper()
	rep, err := testLoader(t).Run(context.Background(), s, paths, opts)
	if err != nil {
		t.Fatalf("load: %v (report %+v)", err, rep)
	}
	return rep
}

// B-3: a rerun loads nothing and leaves the graph as it was.
func TestRerunIsNoOp(t *testing.T) {
	s := newStore(t)
	path := corpus(t, 60)
	first := run(t, s, []string{path}, Options{BatchSize: 16})
	if first.Loaded != 60 || first.Read != 60 || first.Failed != 0 {
		t.Fatalf("first load: %+v", first)
	}
	fp := fingerprint(t, s)
	second := run(t, s, []string{path}, Options{BatchSize: 16})
	if second.Loaded != 0 || second.Unchanged != 60 || second.NodesCreated != 0 {
		t.Errorf("rerun: %+v, want loaded=0 unchanged=60 nodes_created=0", second)
	}
	if got := fingerprint(t, s); got != fp {
		t.Errorf("fingerprint changed on rerun: %s -> %s", fp, got)
	}
	forced := run(t, s, []string{path}, Options{BatchSize: 16, Force: true})
	if forced.Unchanged != 60 || fingerprint(t, s) != fp {
		t.Errorf("--force rewrote changed content: %+v", forced)
	}
}

// B-4: batch size and worker count do not change the graph.
func TestOrderAndParallelismIndependence(t *testing.T) {
	path := corpus(t, 40)
	var fps []string
	for _, opts := range []Options{{Workers: 1, BatchSize: 1}, {Workers: 8, BatchSize: 7}, {Workers: 2, BatchSize: 500}} {
		s := newStore(t)
		run(t, s, []string{path}, opts)
		fps = append(fps, fingerprint(t, s))
	}
	if fps[0] != fps[1] || fps[1] != fps[2] {
		t.Errorf("fingerprints differ by workers/batch size: %v", fps)
	}
}

// B-1, B-2, B-13: bad records are dead-lettered with a reason, the good
// ones load, and read = loaded + unchanged + failed + skipped.
func TestBadRecordsDoNotStopGoodOnes(t *testing.T) {
	bad := []string{
		`{"id": "broken", "text": `,
		`{"id": "no-text"}`,
		`{"id": "bad-date", "text": "China and Russia met.", "published": "2023-13-45"}`,
		"{\"id\": \"bad-utf8\", \"text\": \"abc\xff\xfe\"}",
		`{"id": "deep", "text": ` + strings.Repeat("[", 100000),
	}
	path := corpus(t, 20, bad...)
	s := newStore(t)
	var dl bytes.Buffer
	rep, err := testLoader(t).Run(context.Background(), s, []string{path}, Options{DeadLetter: &dl, MaxFailures: 0})
	if err == nil {
		t.Error("a load with failures beyond --max-failures returned no error")
	}
	if rep.Loaded != 20 || rep.Failed != len(bad) {
		t.Errorf("report %+v, want 20 loaded and %d failed", rep, len(bad))
	}
	if rep.Read != rep.Loaded+rep.Unchanged+rep.Failed+rep.Skipped {
		t.Errorf("accounting broken: %+v", rep)
	}
	lines := strings.Split(strings.TrimSpace(dl.String()), "\n")
	if len(lines) != len(bad) {
		t.Fatalf("%d dead-letter lines, want %d:\n%s", len(lines), len(bad), dl.String())
	}
	for _, l := range lines {
		var d DeadLetter
		if err := json.Unmarshal([]byte(l), &d); err != nil || d.Reason == "" || d.File == "" || d.Line == 0 {
			t.Errorf("dead-letter line %q lacks file, line or reason", l)
		}
		if len(l) > 70<<10 {
			t.Errorf("dead-letter line of %d bytes", len(l))
		}
	}
	rep2, err := testLoader(t).Run(context.Background(), s, []string{path}, Options{MaxFailures: len(bad)})
	if err != nil {
		t.Errorf("with --max-failures %d the load failed: %v", len(bad), err)
	}
	if rep2.Unchanged != 20 {
		t.Errorf("rerun: %+v", rep2)
	}
}

// B-5: a changed article replaces its facts; others keep theirs.
func TestUpdatedArticleReplacesItsFacts(t *testing.T) {
	s := newStore(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		line, _ := json.Marshal(article{ID: strings.TrimSuffix(name, ".jsonl"), Lang: "en", Text: text})
		os.WriteFile(p, append(line, '\n'), 0o644)
		return p
	}
	a := write("a.jsonl", "Chinese Foreign Minister Wang Yi met Japanese officials in Tokyo. China and Japan agreed to cooperate on trade.")
	b := write("b.jsonl", "Japan and India agreed to cooperate on defense.")
	run(t, s, []string{a, b}, Options{})
	japan := graph.Ref{Kind: graph.KindCountry, ID: "JP"}
	if ents, _ := s.Entities(context.Background(), []graph.Ref{japan}); ents[0] == nil {
		t.Fatal("Japan missing after the first load")
	}
	a = write("a.jsonl", "Chinese Foreign Minister Wang Yi met Russian officials in Moscow. China and Russia agreed to cooperate on trade.")
	rep := run(t, s, []string{a}, Options{})
	if rep.Loaded != 1 {
		t.Fatalf("changed article not reloaded: %+v", rep)
	}
	n, _ := s.CountArticles(context.Background(), graph.ArticleFilter{})
	if n != 2 {
		t.Errorf("%d articles, want 2", n)
	}
	evs, _ := s.ListEvents(context.Background(), graph.EventFilter{Countries: []string{"JP"}, Article: "a"}, graph.Page{First: 50})
	if len(evs.Items) != 0 {
		t.Errorf("article a still reports %d events with Japan", len(evs.Items))
	}
	evs, _ = s.ListEvents(context.Background(), graph.EventFilter{Countries: []string{"JP"}, Article: "b"}, graph.Page{First: 50})
	if len(evs.Items) == 0 {
		t.Error("article b's events with Japan were lost")
	}
}

// Shards split a corpus without overlap or loss.
func TestShardsPartitionTheCorpus(t *testing.T) {
	path := corpus(t, 50)
	total := 0
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		s := newStore(t)
		rep := run(t, s, []string{path}, Options{ShardIndex: i, ShardCount: 3})
		total += rep.Loaded
		page, _ := s.ListArticles(context.Background(), graph.ArticleFilter{}, graph.Page{First: 100})
		for _, a := range page.Items {
			if seen[a.ID] {
				t.Errorf("article %s in two shards", a.ID)
			}
			seen[a.ID] = true
		}
	}
	if total != 50 {
		t.Errorf("shards loaded %d articles in all, want 50", total)
	}
}

// A store that is down longer than the retry budget stops the load with
// ErrStoreUnavailable; the rerun completes.
func TestStoreOutageStopsAndRerunCompletes(t *testing.T) {
	path := corpus(t, 30)
	s := newStore(t)
	flaky := &flakyStore{Store: s, failFor: 1 << 30}
	_, err := testLoader(t).Run(context.Background(), flaky, []string{path}, Options{BatchSize: 10, RetryTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "store unavailable") {
		t.Fatalf("err = %v, want store unavailable", err)
	}
	flaky.failFor = 3 // a short outage: retried through
	rep, err := testLoader(t).Run(context.Background(), flaky, []string{path}, Options{BatchSize: 10, RetryTimeout: 10 * time.Second})
	if err != nil || rep.Loaded != 30 || rep.Retries == 0 {
		t.Fatalf("rerun: %+v, %v", rep, err)
	}
	clean := newStore(t)
	run(t, clean, []string{path}, Options{})
	if fingerprint(t, s) != fingerprint(t, clean) {
		t.Error("the graph after an outage differs from a clean load's")
	}
}

// flakyStore fails Apply with ErrUnavailable failFor times.
type flakyStore struct {
	graph.Store
	mu      sync.Mutex
	failFor int
}

func (f *flakyStore) Apply(ctx context.Context, gs []graph.ArticleGraph) ([]graph.ApplyResult, error) {
	f.mu.Lock()
	if f.failFor > 0 {
		f.failFor--
		f.mu.Unlock()
		return nil, fmt.Errorf("%w: connection refused", graph.ErrUnavailable)
	}
	f.mu.Unlock()
	return f.Store.Apply(ctx, gs)
}

// An interrupted load (SIGINT cancels the context) finishes the batch in
// flight and stops; the rerun picks up where it stopped and ends with the
// graph of an uninterrupted load.
func TestInterruptedLoadResumes(t *testing.T) {
	path := corpus(t, 200)
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	batches := 0
	rep, err := testLoader(t).Run(ctx, s, []string{path}, Options{BatchSize: 20, Progress: func(Report) {
		if batches++; batches == 2 {
			cancel()
		}
	}})
	if err == nil || !rep.Interrupted {
		t.Fatalf("interrupted load: %+v, %v", rep, err)
	}
	if rep.Loaded == 0 || rep.Loaded >= 200 {
		t.Fatalf("interrupted load loaded %d of 200", rep.Loaded)
	}
	rerun := run(t, s, []string{path}, Options{BatchSize: 20})
	if rerun.Unchanged != rep.Loaded || rerun.Loaded != 200-rep.Loaded {
		t.Errorf("rerun %+v after %d loaded: want the rest loaded and the rest unchanged", rerun, rep.Loaded)
	}
	clean := newStore(t)
	run(t, clean, []string{path}, Options{})
	if fingerprint(t, s) != fingerprint(t, clean) {
		t.Error("interrupted and resumed load differs from a clean one")
	}
}
