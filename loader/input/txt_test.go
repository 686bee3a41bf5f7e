package input

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestTxtGolden reads a copy of the seed article: the title is the first
// line, the text starts at the first non-blank line after it and is a
// verbatim substring of the file; the stray duplicate title and the junk
// lines at the end stay in the text.
func TestTxtGolden(t *testing.T) {
	p := filepath.Join("testdata", "seed_hi.txt")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, []string{p}, Options{})
	if len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("records: %v", codes(recs))
	}
	r := recs[0]
	if r.Title != "चीन और रूस एक साथ, एक-दूसरे के हकों की हिमायत" {
		t.Errorf("title %q", r.Title)
	}
	if !strings.HasPrefix(r.Text, "चीन और रूस एक साथ") || !strings.HasSuffix(string(raw), r.Text) {
		t.Errorf("text is not the tail of the file: %.60q", r.Text)
	}
	if r.Line != 0 || r.ID != "" || r.Stripped != 0 {
		t.Errorf("line %d id %q stripped %d", r.Line, r.ID, r.Stripped)
	}
	type golden struct{ Title, Text string }
	got, _ := json.MarshalIndent(golden{r.Title, r.Text}, "", "  ")
	gp := filepath.Join("testdata", "seed_hi.golden.json")
	if *update {
		if err := os.WriteFile(gp, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(gp)
	if err != nil {
		t.Fatalf("%v (run go test -run TestTxtGolden -update)", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("golden mismatch; got:\n%s", got)
	}
}

func TestTxt(t *testing.T) {
	tests := []struct {
		name, content string
		opts          Options
		code          string
		title, text   string
		stripped      int
		errLine       int
	}{
		{name: "simple", content: "Title\nBody line.\n", title: "Title", text: "Body line.\n"},
		{name: "bom and crlf", content: "\uFEFFTitle\r\n\r\nBody\r\nmore\r\n", title: "Title", text: "Body\r\nmore\r\n"},
		{name: "leading blank lines", content: "\n \n  Title  \n\n\t\n  indented body\n", title: "Title", text: "  indented body\n"},
		{name: "stray title kept", content: "T\n\nT\n\nbody\nepmty\n", title: "T", text: "T\n\nbody\nepmty\n"},
		{name: "no final newline", content: "T\nbody", title: "T", text: "body"},
		{name: "nul stripped", content: "T\x00\nbo\x00dy\x07\x1b\t\n", title: "T", text: "body\t\n", stripped: 4},
		{name: "empty", content: "", code: CodeEmpty},
		{name: "blank", content: " \n\t\r\n", code: CodeEmpty},
		{name: "bom only", content: "\uFEFF", code: CodeEmpty},
		{name: "only a title", content: "Title\n\n  \n", code: CodeMissingText},
		{name: "invalid utf8", content: "Title\nok\nbad \xff here\n", code: CodeInvalidUTF8, errLine: 3},
		{name: "windows-1251", content: "\xcc\xee\xf1\xea\xe2\xe0\n\xf2\xe5\xea\xf1\xf2", code: CodeInvalidUTF8, errLine: 1},
		{name: "too large", content: "T\n12345678901", opts: Options{MaxArticleBytes: 10}, code: CodeTooLarge},
		{name: "file too large", content: "T\n" + strings.Repeat("x", 100<<10), opts: Options{MaxArticleBytes: 10}, code: CodeTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "a.txt", []byte(tc.content))
			for _, gz := range []bool{false, true} {
				path := p
				if gz {
					path = writeFile(t, t.TempDir(), "a.txt.gz", gzipBytes(t, []byte(tc.content)))
				}
				recs := readAll(t, []string{path}, tc.opts)
				if len(recs) != 1 {
					t.Fatalf("gz=%v: %d records", gz, len(recs))
				}
				r := recs[0]
				if tc.code != "" {
					if r.Err == nil || r.Err.Code != tc.code {
						t.Fatalf("gz=%v: got %v, want %s", gz, r.Err, tc.code)
					}
					if !strings.HasPrefix(r.Err.Error(), path+":") {
						t.Errorf("message %q does not name the file", r.Err)
					}
					if r.Err.Line != tc.errLine {
						t.Errorf("error line %d, want %d", r.Err.Line, tc.errLine)
					}
					continue
				}
				if r.Err != nil {
					t.Fatalf("gz=%v: %v", gz, r.Err)
				}
				if r.Title != tc.title || r.Text != tc.text || r.Stripped != tc.stripped || r.File != path {
					t.Errorf("gz=%v: got title %q text %q stripped %d", gz, r.Title, r.Text, r.Stripped)
				}
			}
		})
	}
}

func TestNormalizeDate(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "2023-03-03": "2023-03-03", "2020-02-29": "2020-02-29",
		"2023-03-03T00:30:00+05:30": "2023-03-03", "2023-03-03T23:59:59Z": "2023-03-03",
	} {
		if got, ok := normalizeDate(in); !ok || got != want {
			t.Errorf("normalizeDate(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"2021-02-29", "2023-3-3", "20230303", "2023-03-03 10:00", "2023-03-03T10:00Z", " 2023-03-03", "२०२३-०३-०३"} {
		if got, ok := normalizeDate(in); ok {
			t.Errorf("normalizeDate(%q) accepted as %q", in, got)
		}
	}
}
