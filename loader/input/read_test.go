package input

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFolder: recursive, lexical order, hidden entries and unknown
// extensions skipped, every known format and its .gz read.
func TestFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.txt", []byte("B\nbee\n"))
	writeFile(t, dir, "a.jsonl", []byte(`{"id":"a1","text":"x"}`+"\n"+`{"id":"a2","text":"y"}`+"\n"))
	writeFile(t, dir, "c/d.json", []byte(`[{"id":"d1","text":"x"}]`))
	writeFile(t, dir, "c/e.html", []byte(articlePage("<title>E</title>", "")))
	writeFile(t, dir, "c/f.HTM", []byte("<p>ef</p>"))
	writeFile(t, dir, "c/g.jsonl.gz", gzipBytes(t, []byte(`{"id":"g1","text":"x"}`)))
	writeFile(t, dir, "c/h.json.gz", gzipBytes(t, []byte(`{"id":"h1","text":"x"}`)))
	writeFile(t, dir, "c/i.txt.gz", gzipBytes(t, []byte("I\nibody")))
	writeFile(t, dir, "c/j.html.gz", gzipBytes(t, []byte("<p>jay</p>")))
	writeFile(t, dir, ".hidden.txt", []byte("H\nh"))
	writeFile(t, dir, ".git/x.txt", []byte("H\nh"))
	writeFile(t, dir, "c/.cache/y.jsonl", []byte(`{"text":"h"}`))
	writeFile(t, dir, "notes.md", []byte("# no"))
	writeFile(t, dir, "data.csv", []byte("a,b"))
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, []string{dir}, Options{})
	var got []string
	for _, r := range recs {
		if r.Err != nil {
			t.Errorf("%v", r.Err)
		}
		rel, _ := filepath.Rel(dir, r.File)
		got = append(got, rel+":"+strconv.Itoa(r.Line))
	}
	want := []string{"a.jsonl:1", "a.jsonl:2", "b.txt:0", "c/d.json:1", "c/e.html:0", "c/f.HTM:0", "c/g.jsonl.gz:1", "c/h.json.gz:1", "c/i.txt.gz:0", "c/j.html.gz:0"}
	if !equalStrings(got, want) {
		t.Errorf("order:\n got %v\nwant %v", got, want)
	}
	n, err := Count(t.Context(), []string{dir}, Options{})
	if err != nil || n != len(recs) {
		t.Errorf("Count = %d, %v; Read gave %d", n, err, len(recs))
	}
}

// TestUnreadable: a missing path, an unsupported file and an unreadable file
// each give one record naming the file, and Read goes on.
func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", []byte("T\nbody"))
	odd := writeFile(t, dir, "doc.pdf", []byte("%PDF"))
	missing := filepath.Join(dir, "missing.jsonl")
	locked := writeFile(t, dir, "locked.txt", []byte("T\nbody"))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	notGzip := writeFile(t, dir, "fake.jsonl.gz", []byte("not gzip at all"))
	truncated := gzipBytes(t, []byte(`{"text":"a"}`+"\n"+strings.Repeat(`{"text":"b"}`+"\n", 1000)))
	trunc := writeFile(t, dir, "trunc.jsonl.gz", truncated[:len(truncated)-20])
	recs := readAll(t, []string{missing, odd, locked, notGzip, trunc, good}, Options{})
	wantCodes := []string{CodeUnreadable, CodeUnsupported, CodeUnreadable, CodeUnreadable}
	if os.Geteuid() == 0 {
		wantCodes[2] = "ok" // root reads mode-0 files
	}
	got := codes(recs)
	if len(got) < 6 || !equalStrings(got[:4], wantCodes) || got[len(got)-1] != "ok" || got[len(got)-2] != CodeUnreadable {
		t.Fatalf("codes %v", got)
	}
	for i, p := range []string{missing, odd} {
		if !strings.HasPrefix(recs[i].Err.Error(), p+": ") {
			t.Errorf("message %q does not name %s", recs[i].Err, p)
		}
	}
	if last := recs[len(recs)-2]; last.File != trunc || last.Line == 0 || !strings.Contains(last.Err.Msg, "gzip") {
		t.Errorf("truncated gzip: %v", last.Err)
	}
}

// TestEmpty: an empty file of any format gives EMPTY.
func TestEmpty(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a.txt", "b.json", "c.jsonl", "d.html", "e.htm"} {
		paths = append(paths, writeFile(t, dir, name, nil))
	}
	paths = append(paths,
		writeFile(t, dir, "f.jsonl", []byte("\n\n  \r\n")),
		writeFile(t, dir, "g.txt.gz", gzipBytes(t, nil)),
		writeFile(t, dir, "h.jsonl.gz", nil),
		writeFile(t, dir, "i.json", []byte("[]")))
	recs := readAll(t, paths, Options{})
	if len(recs) != len(paths) {
		t.Fatalf("%d records for %d files", len(recs), len(paths))
	}
	for i, r := range recs {
		if r.Err == nil || r.Err.Code != CodeEmpty || r.File != paths[i] {
			t.Errorf("%s: %+v", paths[i], r.Err)
		}
	}
}

// TestStdin: "-" reads Options.Stdin and sniffs the format.
func TestStdin(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		title    string
	}{
		{"jsonl", "\n {\"text\":\"a\"}\n{\"text\":\"b\"}\n", []string{"ok", "ok"}, ""},
		{"json array", "[{\"text\":\"a\"},{\"text\":\"b\"}]", []string{"ok", "ok"}, ""},
		{"html", "  <html><head><title>T</title></head><body><p>x</p></body></html>", []string{"ok"}, "T"},
		{"txt", "Title\nbody", []string{"ok"}, "Title"},
		{"txt with bom", "\uFEFFTitle\nbody", []string{"ok"}, "Title"},
		{"gzip jsonl", string(gzipBytes(t, []byte(`{"text":"a"}`))), []string{"ok"}, ""},
		{"empty", "", []string{CodeEmpty}, ""},
		{"blank", " \n ", []string{CodeEmpty}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs := readString(t, tc.in, Options{})
			if got := codes(recs); !equalStrings(got, tc.want) {
				t.Fatalf("codes %v, want %v", got, tc.want)
			}
			if recs[0].File != "-" || (tc.title != "" && recs[0].Title != tc.title) {
				t.Errorf("file %q title %q", recs[0].File, recs[0].Title)
			}
		})
	}
	// A pipe, as a shell would give it.
	pr, pw := io.Pipe()
	go func() {
		for i := range 3 {
			pw.Write([]byte(`{"id":"` + strconv.Itoa(i) + `","text":"t"}` + "\n"))
		}
		pw.Close()
	}()
	recs := readAll(t, []string{"-"}, Options{Stdin: pr})
	if len(recs) != 3 || recs[2].ID != "2" || recs[2].Line != 3 {
		t.Errorf("pipe: %v", codes(recs))
	}
	if n, err := Count(t.Context(), []string{"-"}, Options{Stdin: strings.NewReader("x")}); n != 0 || err != nil {
		t.Errorf("Count(stdin) = %d, %v", n, err)
	}
}

// TestI6GzipBomb: a gzip stream expanding to 10 GB is cut at the
// decompression cap with a bounded heap.
func TestI6GzipBomb(t *testing.T) {
	// One gzip member of 1 MiB of zeros, repeated: gzip readers are
	// multistream, so 10,240 copies (≈10 MB on disk) inflate to 10 GiB.
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.jsonl.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 << 10 {
		f.Write(member.Bytes())
	}
	f.Close()

	opts := Options{}
	limit := int64(defaultMaxDecompressed)
	if testing.Short() || raceEnabled {
		// Same code path, less CPU: the race detector makes inflating
		// 512 MB take a minute.
		limit = 32 << 20
		opts.MaxDecompressed = limit
	}
	var recs []Record
	start := time.Now()
	peak, total := heapPeak(func() { recs = readAll(t, []string{path}, opts) })
	t.Logf("inflated %d MB in %v; heap peak +%d MB, allocated %d MB", limit>>20, time.Since(start), peak>>20, total>>20)
	// The zeros are one endless line: TOO_LARGE for it, then the cap.
	got := codes(recs)
	if len(got) == 0 || got[len(got)-1] != CodeDecompressionLimit {
		t.Fatalf("codes %v", got)
	}
	if msg := recs[len(recs)-1].Err.Error(); !strings.HasPrefix(msg, path+":") || !strings.Contains(msg, strconv.FormatInt(limit, 10)) {
		t.Errorf("message %q", msg)
	}
	if peak > 100<<20 || total > 100<<20 {
		t.Errorf("heap peak +%d MB, allocated %d MB; want < 100 MB", peak>>20, total>>20)
	}
	// The cap counts bytes, not members: it is exact.
	cr := &capReader{r: bytes.NewReader(make([]byte, 100)), max: 100}
	if b, err := io.ReadAll(cr); len(b) != 100 || err != nil {
		t.Errorf("100 bytes under a 100-byte cap: %d, %v", len(b), err)
	}
	cr = &capReader{r: bytes.NewReader(make([]byte, 101)), max: 100}
	if _, err := io.ReadAll(cr); !errors.Is(err, errDecompressionLimit) {
		t.Errorf("101 bytes under a 100-byte cap: %v", err)
	}
}

// TestI6EmptyMembers: 10,000 concatenated empty gzip members (the
// CVE-2022-30631 shape) around real records are read normally, from a file
// and from stdin.
func TestI6EmptyMembers(t *testing.T) {
	empty := gzipBytes(t, nil)
	var b bytes.Buffer
	b.Write(gzipBytes(t, []byte(`{"text":"first"}`+"\n")))
	for range 10_000 {
		b.Write(empty)
	}
	b.Write(gzipBytes(t, []byte(`{"text":"last"}`+"\n")))
	p := writeFile(t, t.TempDir(), "members.jsonl.gz", b.Bytes())
	for _, recs := range [][]Record{readAll(t, []string{p}, Options{}), readString(t, b.String(), Options{})} {
		if len(recs) != 2 || recs[0].Text != "first" || recs[1].Text != "last" || recs[1].Line != 2 {
			t.Errorf("records %v", codes(recs))
		}
	}
	var only bytes.Buffer
	for range 10_000 {
		only.Write(empty)
	}
	p = writeFile(t, t.TempDir(), "only.txt.gz", only.Bytes())
	if recs := readAll(t, []string{p}, Options{}); len(recs) != 1 || recs[0].Err == nil || recs[0].Err.Code != CodeEmpty {
		t.Errorf("only empty members: %v", codes(recs))
	}
}

// TestI12Controls: NUL and C0 controls are stripped from title and text in
// every format, and counted.
func TestI12Controls(t *testing.T) {
	dir := t.TempDir()
	paths := []string{
		writeFile(t, dir, "a.jsonl", []byte(`{"title":"T\u0000\u0008","text":"a\u0000b\u001bc"}`)),
		writeFile(t, dir, "b.txt", []byte("T\x00\x08\na\x00b\x1bc")),
		writeFile(t, dir, "c.html", []byte("<title>T\x00\x08</title><p>a\x00b\x1bc</p>")),
	}
	for _, r := range readAll(t, paths, Options{}) {
		if r.Err != nil {
			t.Errorf("%v", r.Err)
			continue
		}
		checkValid(t, r)
		if r.Title != "T" || !strings.Contains(r.Text, "bc") || r.Stripped < 2 {
			t.Errorf("%s: title %q text %q stripped %d", r.File, r.Title, r.Text, r.Stripped)
		}
	}
}

// TestStop: Read returns the callback's error and ctx.Err(), and stops.
func TestStop(t *testing.T) {
	p := writeFile(t, t.TempDir(), "a.jsonl", []byte(strings.Repeat(`{"text":"t"}`+"\n", 10)))
	boom := errors.New("boom")
	n := 0
	err := Read(t.Context(), []string{p, p}, Options{}, func(Record) error {
		n++
		if n == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || n != 3 {
		t.Errorf("err %v after %d records", err, n)
	}
	ctx, cancel := context.WithCancel(t.Context())
	n = 0
	err = Read(ctx, []string{p}, Options{}, func(Record) error {
		n++
		if n == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 2 {
		t.Errorf("err %v after %d records", err, n)
	}
}

// TestNoNetwork (I-14): the readers cannot fetch an article URL because the
// package imports no networking code at all, and never calls readability's
// FromURL. Checked on the source, so a future import fails here.
func TestNoNetwork(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "net" || strings.HasPrefix(path, "net/") || path == "os/exec" || strings.HasSuffix(path, "/http") || strings.Contains(path, "/net/http") {
				t.Errorf("%s imports %s", name, path)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "FromURL" {
				t.Errorf("%s: calls %s.FromURL", fset.Position(sel.Pos()), sel.X)
			}
			return true
		})
	}
	// Metadata URLs that would be dangerous to fetch are just strings.
	recs := readString(t, `{"url":"http://169.254.169.254/latest","text":"a"}`+"\n"+`{"url":"file:///etc/passwd","text":"b"}`, Options{})
	if len(recs) != 2 || recs[0].URL != "http://169.254.169.254/latest" || recs[1].URL != "file:///etc/passwd" {
		t.Errorf("records %v", codes(recs))
	}
}
