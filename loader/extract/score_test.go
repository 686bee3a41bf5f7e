package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dipgraph/dipgraph/loader/dict"
)

var (
	sharedOnce sync.Once
	sharedX    *Extractor
	sharedErr  error
)

func testExtractor(t testing.TB) *Extractor {
	t.Helper()
	sharedOnce.Do(func() {
		d, err := dict.Load()
		if err != nil {
			sharedErr = err
			return
		}
		sharedX, sharedErr = New(d)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedX
}

// devCorpus finds the shared dev corpus beside the project.
func devCorpus(t testing.TB) string {
	for _, dir := range []string{"../../../shared/corpus", "../../shared/corpus"} {
		if _, err := os.Stat(filepath.Join(dir, "dev", "articles.jsonl")); err == nil {
			return dir
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the shared corpus is missing beside the project")
	}
	t.Skip("no shared corpus beside the project")
	return ""
}

// TestDevCorpusScore extracts the dev corpus and runs the corpus scorer on
// it; the bars are the extraction issue's.
func TestDevCorpusScore(t *testing.T) {
	corpus := devCorpus(t)
	x := testExtractor(t)
	f, err := os.Open(filepath.Join(corpus, "dev", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := filepath.Join(t.TempDir(), "pred.jsonl")
	if p := os.Getenv("DIPGRAPH_DEV_PRED"); p != "" {
		out = p
	}
	w, _ := os.Create(out)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var in struct {
			ID, Lang, URL, Source, Title, Text string
			Published                          *string
		}
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		pub := ""
		if in.Published != nil {
			pub = *in.Published
		}
		r := x.Extract(Input{ID: in.ID, Lang: in.Lang, URL: in.URL, Source: in.Source, Published: pub, Title: in.Title, Text: in.Text})
		b, _ := json.Marshal(r)
		w.Write(append(b, '\n'))
	}
	w.Close()
	cmd := exec.Command("python3", filepath.Join(corpus, "score.py"), filepath.Join(corpus, "dev", "gold.jsonl"), out,
		"--articles", filepath.Join(corpus, "dev", "articles.jsonl"), "--json")
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("scorer: %v", err)
	}
	var score struct {
		All        map[string]map[string]float64            `json:"all"`
		ByLanguage map[string]map[string]map[string]float64 `json:"by_language"`
	}
	if err := json.Unmarshal(res, &score); err != nil {
		t.Fatalf("scorer output: %v", err)
	}
	human, _ := exec.Command("python3", filepath.Join(corpus, "score.py"), filepath.Join(corpus, "dev", "gold.jsonl"), out,
		"--articles", filepath.Join(corpus, "dev", "articles.jsonl")).Output()
	t.Logf("scorer:\n%s", strings.TrimSpace(string(human)))
	// The extraction issue's bars are entities 0.90, every language with 3
	// or more articles 0.85, meetings 0.70, relations 0.50, overall 0.75;
	// the floors are held just under what the extractor reaches (entities
	// 0.920, meetings 0.844, relations 0.645, overall 0.826), so that a
	// change that loses ground shows.
	floors := map[string]float64{"entities": 0.91, "meetings": 0.82, "relations": 0.62, "overall": 0.80}
	for part, floor := range floors {
		if got := score.All[part]["f1"]; got < floor {
			t.Errorf("%s F1 = %.3f, below %.2f", part, got, floor)
		}
	}
	for lang, parts := range score.ByLanguage {
		if n := langCount(filepath.Join(corpus, "dev", "articles.jsonl"), lang); n >= 3 {
			if got := parts["entities"]["f1"]; got < 0.85 {
				t.Errorf("%s entities F1 = %.3f, below 0.85", lang, got)
			}
		}
	}
}

func langCount(path, lang string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		var a struct{ Lang string }
		if json.Unmarshal([]byte(line), &a) == nil && a.Lang == lang {
			n++
		}
	}
	return n
}
