package input

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestRecordErrorFormat(t *testing.T) {
	e := &RecordError{File: "a.jsonl", Line: 3, Code: CodeBadDate, Msg: "bad"}
	if got, want := e.Error(), "a.jsonl:3: BAD_DATE: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &RecordError{File: "a.html", Code: CodeEmpty, Msg: "empty page"}
	if got, want := e.Error(), "a.html: EMPTY: empty page"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestDecodeRecord covers every field rule and every JSONL error code (I-1,
// I-3, I-12): each bad line yields its code and a message naming file:line.
func TestDecodeRecord(t *testing.T) {
	small := Options{MaxArticleBytes: 10}
	tests := []struct {
		name string
		line string
		opts Options
		code string // "" = good record
		want Record // checked when code == ""
		msg  string // substring of the error message
	}{
		{name: "all fields", line: `{"id":"hi-1","lang":"hi","url":"http://x/1","source":"S","published":"2023-03-03","title":" T ","text":"body"}`,
			want: Record{ID: "hi-1", Lang: "hi", URL: "http://x/1", Source: "S", Published: "2023-03-03", Title: "T", Text: "body"}},
		{name: "nulls", line: `{"id":null,"lang":null,"url":null,"source":null,"published":null,"title":null,"text":"t"}`,
			want: Record{Text: "t"}},
		{name: "only text", line: `{"text":"t"}`, want: Record{Text: "t"}},
		{name: "numeric id", line: `{"id":42,"text":"t"}`, want: Record{ID: "42", Text: "t"}},
		{name: "unknown fields ignored", line: `{"text":"t","extra":{"a":[1,2]}}`, want: Record{Text: "t"}},
		{name: "rfc3339 keeps local date", line: `{"text":"t","published":"2023-03-03T23:30:00-05:00"}`, want: Record{Text: "t", Published: "2023-03-03"}},
		{name: "rfc3339 fraction", line: `{"text":"t","published":"2023-03-03T01:02:03.5Z"}`, want: Record{Text: "t", Published: "2023-03-03"}},
		{name: "empty date", line: `{"text":"t","published":""}`, want: Record{Text: "t"}},
		{name: "text kept verbatim", line: `{"text":"  a\n\tb  "}`, want: Record{Text: "  a\n\tb  "}},
		{name: "surrogate pair ok", line: `{"text":"\ud83d\ude00"}`, want: Record{Text: "😀"}},
		{name: "escaped backslash before u", line: `{"text":"\\ud800"}`, want: Record{Text: `\ud800`}},
		{name: "literal replacement char ok", line: `{"text":"a\uFFFDb �"}`, want: Record{Text: "a\uFFFDb \uFFFD"}},
		{name: "devanagari", line: `{"text":"वांग यी ने कहा"}`, want: Record{Text: "वांग यी ने कहा"}},
		{name: "crlf and spaces", line: "  {\"text\":\"t\"}  \r", want: Record{Text: "t"}},

		// I-12: NUL and C0 controls stripped (and counted), \t \n \r kept.
		{name: "nul stripped", line: `{"title":"a\u0000b","text":"x\u0000y\u0001z\u001f\t\n\r"}`, want: Record{Title: "ab", Text: "xyz\t\n\r", Stripped: 4}},

		// I-1: never silently changed.
		{name: "invalid utf8 raw", line: "{\"text\":\"a\xff\xfeb\"}", code: CodeInvalidUTF8, msg: "0xff"},
		{name: "lone high surrogate", line: `{"text":"a\ud800b"}`, code: CodeInvalidUTF8, msg: `\ud800`},
		{name: "lone low surrogate", line: `{"text":"a\udc00b"}`, code: CodeInvalidUTF8, msg: `\udc00`},
		{name: "high then high", line: `{"text":"\ud800\ud800"}`, code: CodeInvalidUTF8},
		{name: "surrogate in title", line: `{"title":"\uDBFF","text":"t"}`, code: CodeInvalidUTF8},
		{name: "overlong encoding", line: "{\"text\":\"\xc0\xaf\"}", code: CodeInvalidUTF8},

		{name: "not json", line: `not json`, code: CodeInvalidJSON},
		{name: "truncated", line: `{"text":"abc`, code: CodeInvalidJSON},
		{name: "trailing garbage", line: `{"text":"abc"} x`, code: CodeInvalidJSON},
		{name: "array line", line: `[{"text":"abc"}]`, code: CodeInvalidJSON, msg: "expected a JSON object"},
		{name: "string line", line: `"text"`, code: CodeInvalidJSON},
		{name: "text is number", line: `{"text":5}`, code: CodeInvalidJSON, msg: `field "text"`},
		{name: "title is object", line: `{"title":{},"text":"t"}`, code: CodeInvalidJSON, msg: `field "title"`},
		{name: "raw control in string", line: "{\"text\":\"a\x01b\"}", code: CodeInvalidJSON},
		{name: "deep nesting", line: `{"text":"t","x":` + strings.Repeat("[", 65) + strings.Repeat("]", 65) + `}`, code: CodeInvalidJSON, msg: "nested deeper than 64"},
		{name: "nesting at cap ok", line: `{"text":"t","x":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + `}`, want: Record{Text: "t"}},

		{name: "missing text", line: `{"id":"a","title":"T"}`, code: CodeMissingText, msg: `no "text"`},
		{name: "empty text", line: `{"id":"a","text":""}`, code: CodeMissingText},
		{name: "blank text", line: `{"id":"a","text":" \n\t"}`, code: CodeMissingText},
		{name: "only controls", line: `{"id":"a","text":"\u0000\u0001"}`, code: CodeMissingText},
		{name: "null text", line: `{"id":"a","text":null}`, code: CodeMissingText},
		{name: "too large", line: `{"text":"12345678901"}`, opts: small, code: CodeTooLarge, msg: "11 bytes"},
		{name: "at the cap", line: `{"text":"1234567890"}`, opts: small, want: Record{Text: "1234567890"}},

		{name: "bad date format", line: `{"text":"t","published":"03/03/2023"}`, code: CodeBadDate, msg: "03/03/2023"},
		{name: "bad calendar date", line: `{"text":"t","published":"2023-02-30"}`, code: CodeBadDate},
		{name: "date words", line: `{"text":"t","published":"yesterday"}`, code: CodeBadDate},
		{name: "date no zone", line: `{"text":"t","published":"2023-03-03T10:00:00"}`, code: CodeBadDate},
		{name: "date is number", line: `{"text":"t","published":2023}`, code: CodeInvalidJSON},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := decodeRecord([]byte(tc.line), "in.jsonl", 7, tc.opts)
			if tc.code != "" {
				if got.Err == nil {
					t.Fatalf("got record %+v, want %s", got, tc.code)
				}
				if got.Err.Code != tc.code {
					t.Fatalf("code = %s (%v), want %s", got.Err.Code, got.Err, tc.code)
				}
				msg := got.Err.Error()
				if !strings.HasPrefix(msg, "in.jsonl:7: "+tc.code+": ") {
					t.Errorf("message %q does not start with file:line: CODE", msg)
				}
				if !strings.Contains(msg, tc.msg) {
					t.Errorf("message %q does not mention %q", msg, tc.msg)
				}
				if !utf8.ValidString(msg) {
					t.Errorf("message is not valid UTF-8: %q", msg)
				}
				if got.Text != "" {
					t.Errorf("a rejected record carries text %q", got.Text)
				}
				return
			}
			if got.Err != nil {
				t.Fatalf("unexpected error %v", got.Err)
			}
			tc.want.File, tc.want.Line = "in.jsonl", 7
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestJSONLStream: bad lines do not stop a file, line numbers are exact,
// blank lines are skipped, BOM/CRLF/no final newline are fine.
func TestJSONLStream(t *testing.T) {
	content := "\uFEFF{\"id\":\"a\",\"text\":\"one\"}\r\n" +
		"\n" +
		"   \n" +
		"{broken\n" +
		"{\"id\":\"c\",\"text\":\"three\",\"published\":\"x\"}\n" +
		"{\"id\":\"d\",\"text\":\"four\"}" // no final newline
	p := writeFile(t, t.TempDir(), "in.jsonl", []byte(content))
	recs := readAll(t, []string{p}, Options{})
	want := []struct {
		line int
		code string
		id   string
	}{{1, "ok", "a"}, {4, CodeInvalidJSON, ""}, {5, CodeBadDate, "c"}, {6, "ok", "d"}}
	if len(recs) != len(want) {
		t.Fatalf("got %d records %v, want %d", len(recs), codes(recs), len(want))
	}
	for i, w := range want {
		r := recs[i]
		if r.Line != w.line || codes(recs)[i] != w.code || r.ID != w.id || r.File != p {
			t.Errorf("record %d = %s:%d %s id=%q, want line %d %s id=%q", i, r.File, r.Line, codes(recs)[i], r.ID, w.line, w.code, w.id)
		}
		if r.Err != nil && !strings.HasPrefix(r.Err.Error(), fmt.Sprintf("%s:%d: ", p, w.line)) {
			t.Errorf("error %q does not name %s:%d", r.Err, p, w.line)
		}
	}
}

// TestI2OverlongLine is the regression for the bufio.Scanner stop: good line,
// 10 MB line, good line → 2 records and 1 TOO_LARGE, and the same with a line
// over the line cap, which is skipped without being buffered.
func TestI2OverlongLine(t *testing.T) {
	dir := t.TempDir()
	good := `{"text":"good"}`
	big := `{"text":"` + strings.Repeat("x", 10<<20) + `"}`
	p := writeFile(t, dir, "i2.jsonl", []byte(good+"\n"+big+"\n"+good+"\n"))
	for _, tc := range []struct {
		name string
		opts Options
		msg  string
	}{
		{"article cap", Options{}, "article cap"},
		{"line cap", Options{MaxLineBytes: 1 << 20}, "line cap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var recs []Record
			_, total := heapPeak(func() { recs = readAll(t, []string{p}, tc.opts) })
			if got := codes(recs); !equalStrings(got, []string{"ok", CodeTooLarge, "ok"}) {
				t.Fatalf("codes = %v", got)
			}
			if recs[1].Line != 2 || !strings.Contains(recs[1].Err.Error(), p+":2: TOO_LARGE") || !strings.Contains(recs[1].Err.Msg, tc.msg) {
				t.Errorf("TOO_LARGE record: %v", recs[1].Err)
			}
			if recs[2].Line != 3 {
				t.Errorf("third record on line %d", recs[2].Line)
			}
			if tc.opts.MaxLineBytes > 0 && total > 8<<20 {
				t.Errorf("skipping a 10 MB line over a 1 MB cap allocated %d MB", total>>20)
			}
		})
	}
	// A 100 KB line is an ordinary line (bufio.Scanner stops at 64 KiB).
	mid := `{"text":"` + strings.Repeat("y", 100<<10) + `"}`
	recs := readString(t, good+"\n"+mid+"\n"+good+"\n", Options{})
	if got := codes(recs); !equalStrings(got, []string{"ok", "ok", "ok"}) {
		t.Errorf("100 KB line: codes = %v", got)
	}
}

// TestI3DeepNesting: 100,000 '[' are rejected in < 100 ms, by the byte scan,
// in a JSONL line and in a .json file, and the process survives.
func TestI3DeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 100_000)
	for _, line := range []string{deep, `{"text":"t","x":` + deep + `}`, strings.Repeat(`{"a":`, 100_000)} {
		var rec Record
		d := bestOf(3, func() { rec = decodeRecord([]byte(line), "deep.jsonl", 1, Options{}) })
		if rec.Err == nil || rec.Err.Code != CodeInvalidJSON {
			t.Fatalf("got %+v, want INVALID_JSON", rec.Err)
		}
		if d > timeBudget(100*time.Millisecond) {
			t.Errorf("rejected in %v, want < 100 ms", d)
		}
	}
	dir := t.TempDir()
	jl := writeFile(t, dir, "deep.jsonl", []byte(deep+"\n{\"text\":\"after\"}\n"))
	js := writeFile(t, dir, "deep.json", []byte("["+deep))
	var recs []Record
	d := bestOf(3, func() { recs = readAll(t, []string{jl, js}, Options{}) })
	if got := codes(recs); !equalStrings(got, []string{CodeInvalidJSON, "ok", CodeInvalidJSON}) {
		t.Fatalf("codes = %v", got)
	}
	t.Logf("100,000 '[' in a .jsonl and a .json file: %v (best of 3)", d)
	if d > timeBudget(100*time.Millisecond) {
		t.Errorf("files read in %v, want < 100 ms", d)
	}
}

// TestScanJSONDepthCap: the depth walker at its cap + 1 returns an error.
func TestScanJSONDepthCap(t *testing.T) {
	at := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	over := strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1)
	if code, _ := scanJSON([]byte(at)); code != "" {
		t.Errorf("depth %d rejected: %s", maxJSONDepth, code)
	}
	if code, _ := scanJSON([]byte(over)); code != CodeInvalidJSON {
		t.Errorf("depth %d: code %q, want INVALID_JSON", maxJSONDepth+1, code)
	}
	// Brackets inside strings do not count.
	if code, _ := scanJSON([]byte(`["` + strings.Repeat("[", 1000) + `"]`)); code != "" {
		t.Errorf("brackets in a string counted: %s", code)
	}
}

// TestJSONFile covers .json: one object, an array, concatenated objects, bad
// elements with the line they start on, structural errors, EMPTY.
func TestJSONFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		opts    Options
		want    []string
		lines   []int
	}{
		{"one object", `{"id":"a","text":"t"}`, Options{}, []string{"ok"}, []int{1}},
		{"array", "[\n {\"text\":\"a\"},\n {\"text\":\"b\"}\n]\n", Options{}, []string{"ok", "ok"}, []int{2, 3}},
		{"array with bad elements", "[\n{\"text\":\"a\"},\n{\"id\":\"x\"},\n42,\n\"s\",\n{\"text\":\"\\ud800\"},\n{\"text\":\"e\",\n \"published\":\"no\"}]",
			Options{}, []string{"ok", CodeMissingText, CodeInvalidJSON, CodeInvalidJSON, CodeInvalidUTF8, CodeBadDate}, []int{2, 3, 4, 5, 6, 7}},
		{"concatenated objects", "{\"text\":\"a\"}\n{\"text\":\"b\"}", Options{}, []string{"ok", "ok"}, []int{1, 2}},
		{"bom", "\uFEFF[{\"text\":\"a\"}]", Options{}, []string{"ok"}, []int{1}},
		{"strings with brackets", `[{"text":"a]}[{\"\\"}]`, Options{}, []string{"ok"}, []int{1}},
		{"empty array", "[ ]", Options{}, []string{CodeEmpty}, []int{0}},
		{"blank", " \n ", Options{}, []string{CodeEmpty}, []int{0}},
		{"truncated array", "[\n{\"text\":\"a\"},\n{\"text\":", Options{}, []string{"ok", CodeInvalidJSON}, []int{2, 3}},
		{"missing comma", "[{\"text\":\"a\"}\n{\"text\":\"b\"}]", Options{}, []string{"ok", CodeInvalidJSON}, []int{1, 2}},
		{"top-level garbage", "{\"text\":\"a\"}\nxyz", Options{}, []string{"ok", CodeInvalidJSON}, []int{1, 2}},
		{"element too large", "[{\"text\":\"" + strings.Repeat("x", 200) + "\"},{\"text\":\"b\"}]", Options{MaxLineBytes: 100}, []string{CodeTooLarge, "ok"}, []int{1, 1}},
		{"invalid utf8 element", "[{\"text\":\"\xff\"},{\"text\":\"b\"}]", Options{}, []string{CodeInvalidUTF8, "ok"}, []int{1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "in.json", []byte(tc.content))
			recs := readAll(t, []string{p}, tc.opts)
			if got := codes(recs); !equalStrings(got, tc.want) {
				t.Fatalf("codes = %v, want %v", got, tc.want)
			}
			for i, r := range recs {
				if r.Line != tc.lines[i] {
					t.Errorf("record %d on line %d, want %d", i, r.Line, tc.lines[i])
				}
				if r.Err != nil && !strings.HasPrefix(r.Err.Error(), p+":") {
					t.Errorf("error %q does not name the file", r.Err)
				}
			}
			n, err := Count(t.Context(), []string{p}, tc.opts)
			if err != nil || n != len(recs) {
				t.Errorf("Count = %d, %v; Read gave %d records", n, err, len(recs))
			}
		})
	}
}

// TestDevCorpus reads the real JSONL input: a sample committed in testdata,
// and the whole shared dev corpus when it is there.
func TestDevCorpus(t *testing.T) {
	paths := []string{filepath.Join("testdata", "dev_sample.jsonl")}
	const shared = "/work/shared/corpus/dev/articles.jsonl"
	if fileExists(shared) {
		paths = append(paths, shared)
	}
	recs := readAll(t, paths, Options{})
	if len(recs) < 3 {
		t.Fatalf("%d records", len(recs))
	}
	for _, r := range recs {
		if r.Err != nil {
			t.Errorf("%v", r.Err)
			continue
		}
		// Titles may be empty in the real corpus; the rest is always there.
		if r.ID == "" || r.Lang == "" || r.Text == "" || r.Line == 0 {
			t.Errorf("%s:%d: incomplete record id=%q lang=%q", r.File, r.Line, r.ID, r.Lang)
		}
		if r.Published != "" && len(r.Published) != 10 {
			t.Errorf("%s: published %q", r.ID, r.Published)
		}
	}
	if recs[0].ID != "hi-seed" || !strings.HasPrefix(recs[0].Text, "मास्को चीन और रूस") {
		t.Errorf("first record: %q %.40q", recs[0].ID, recs[0].Text)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func newTestReader(b []byte) *bufio.Reader { return bufio.NewReaderSize(bytes.NewReader(b), 4096) }

// TestReadLineBounded drives readLine directly: a line over the cap is
// reported with its full size and the buffer never holds more than the cap.
func TestReadLineBounded(t *testing.T) {
	long := bytes.Repeat([]byte("z"), 300_000)
	in := append(append([]byte("ab\r\n"), long...), "\ncd"...)
	br := newTestReader(in)
	l, err := readLine(br, nil, 100_000, true)
	if err != nil || string(l.data) != "ab\r\n" || l.size != 2 || l.tooLong {
		t.Fatalf("line 1: %q size %d tooLong %v err %v", l.data, l.size, l.tooLong, err)
	}
	l, err = readLine(br, nil, 100_000, true)
	if err != nil || !l.tooLong || l.size != 300_000 || len(l.data) != 0 || cap(l.data) > 200_004 {
		t.Fatalf("line 2: size %d tooLong %v len %d cap %d err %v", l.size, l.tooLong, len(l.data), cap(l.data), err)
	}
	l, _ = readLine(br, nil, 100_000, true)
	if string(l.data) != "cd" || l.tooLong {
		t.Fatalf("line 3: %q", l.data)
	}
}
