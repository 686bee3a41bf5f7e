package input

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// Small caps, so that the fuzzer reaches the TOO_LARGE paths with small
// inputs.
var fuzzOpts = Options{MaxArticleBytes: 256, MaxLineBytes: 4096, MaxHTMLBytes: 8192}

var knownCodes = map[string]bool{
	CodeInvalidJSON: true, CodeMissingText: true, CodeInvalidUTF8: true, CodeTooLarge: true,
	CodeBadDate: true, CodeHTMLTooDeep: true, CodeHTMLTimeout: true, CodeEmpty: true,
	CodeUnreadable: true, CodeUnsupported: true, CodeDecompressionLimit: true,
}

// checkRecord asserts what every record keeps, good or bad.
func checkRecord(t *testing.T, r Record, allowed ...string) {
	t.Helper()
	if r.Err != nil {
		if !knownCodes[r.Err.Code] {
			t.Fatalf("unknown code %q", r.Err.Code)
		}
		if len(allowed) > 0 && !strings.Contains(strings.Join(allowed, " "), r.Err.Code) {
			t.Fatalf("code %s not expected here", r.Err.Code)
		}
		if msg := r.Err.Error(); !utf8.ValidString(msg) || !strings.HasPrefix(msg, r.Err.File+":") {
			t.Fatalf("bad message %q", msg)
		}
		if r.Text != "" {
			t.Fatalf("rejected record carries text")
		}
		return
	}
	checkValid(t, r)
	if strings.TrimSpace(r.Text) == "" {
		t.Fatalf("accepted record without text")
	}
	if int64(len(r.Text)) > fuzzOpts.MaxArticleBytes {
		t.Fatalf("text of %d bytes over the cap", len(r.Text))
	}
	if r.Published != "" {
		if d, ok := normalizeDate(r.Published); !ok || d != r.Published || len(d) != 10 {
			t.Fatalf("published %q", r.Published)
		}
	}
}

// FuzzDecodeJSONLRecord: no panic; a record or an error; valid UTF-8 out;
// never accepts invalid UTF-8 in. It also streams the input through the
// JSONL and .json readers, line splitting and array splitting included.
func FuzzDecodeJSONLRecord(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The fast decoder of the usual record must agree with encoding/json
		// on whatever decodeRecord hands it (valid UTF-8, no lone surrogate).
		if utf8.Valid(data) {
			// The flat decoder runs before scanJSON: what it accepts must
			// pass that scan, and decode as encoding/json decodes it.
			if flat, ok := decodeFlat(data); ok {
				if code, msg := scanJSON(data); code != "" {
					t.Fatalf("flat decoder accepts what scanJSON rejects: %s", msg)
				}
				var std recordStrings
				if err := json.Unmarshal(data, &std); err != nil || std.Text == nil {
					t.Fatalf("flat decoder accepts what encoding/json does not: %v", err)
				}
				for i, p := range [...]*string{std.ID, std.Lang, std.URL, std.Source, std.Published, std.Title, std.Text} {
					if p != nil && *p != flat[i] || p == nil && flat[i] != "" {
						t.Fatalf("field %d: flat decoder %+q, encoding/json %v", i, flat[i], p)
					}
				}
			}
			if code, _ := scanJSON(data); code == "" {
				fast, fastOK := decodeStringFields(data)
				var std recordStrings
				stdOK := json.Unmarshal(data, &std) == nil && std.Text != nil
				if fastOK != stdOK {
					t.Fatalf("fast decoder accepts: %v, encoding/json: %v", fastOK, stdOK)
				}
				for i, p := range [...]*string{std.ID, std.Lang, std.URL, std.Source, std.Published, std.Title, std.Text} {
					if stdOK && p != nil && *p != fast[i] || stdOK && p == nil && fast[i] != "" {
						t.Fatalf("field %d: fast decoder %+q, encoding/json %v", i, fast[i], p)
					}
				}
			}
		}
		r := decodeRecord(data, "f.jsonl", 1, fuzzOpts)
		checkRecord(t, r, CodeInvalidJSON, CodeMissingText, CodeInvalidUTF8, CodeTooLarge, CodeBadDate)
		if r.Err == nil && !utf8.Valid(data) {
			t.Fatalf("accepted invalid UTF-8")
		}
		if r.Err == nil && (r.File != "f.jsonl" || r.Line != 1) {
			t.Fatalf("position %s:%d", r.File, r.Line)
		}
		opts := fuzzOpts.withDefaults()
		for _, read := range []func(*reader) error{
			func(rd *reader) error { return rd.readJSONL("f.jsonl", bytes.NewReader(data)) },
			func(rd *reader) error { return rd.readJSONArray("f.json", bytes.NewReader(data)) },
		} {
			n := 0
			rd := &reader{ctx: context.Background(), opts: opts, fn: func(rec Record) error {
				n++
				checkRecord(t, rec)
				return nil
			}}
			if err := read(rd); err != nil {
				t.Fatalf("reader error %v", err)
			}
			if n == 0 {
				t.Fatalf("no record at all (want EMPTY at least)")
			}
			cnt := &reader{ctx: context.Background(), opts: opts, count: true}
			read(cnt)
		}
	})
}

// FuzzExtractHTMLText: no panic, valid UTF-8 and no control characters in
// every field, whatever the bytes.
func FuzzExtractHTMLText(f *testing.F) {
	for _, s := range htmlSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := decodeHTML(data, "f.html", fuzzOpts, new(atomic.Bool))
		checkRecord(t, r, CodeEmpty, CodeMissingText, CodeHTMLTooDeep, CodeTooLarge)
		if r.Err == nil {
			for _, s := range []string{r.Title, r.URL, r.Source, r.Lang} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 %q", s)
				}
			}
		}
	})
}

// FuzzReadTxt: no panic; a good record's text is a suffix of the input and
// its title a substring (when nothing was stripped): nothing is rewritten.
func FuzzReadTxt(f *testing.F) {
	for _, s := range txtSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := decodeTxt(data, "f.txt", fuzzOpts)
		checkRecord(t, r, CodeEmpty, CodeInvalidUTF8, CodeMissingText, CodeTooLarge)
		if r.Err != nil {
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("accepted invalid UTF-8")
		}
		if r.Stripped == 0 {
			if !bytes.HasSuffix(data, []byte(r.Text)) {
				t.Fatalf("text %q is not a suffix of the input", r.Text)
			}
			if !bytes.Contains(data, []byte(r.Title)) {
				t.Fatalf("title %q is not in the input", r.Title)
			}
		}
	})
}

// The seed corpora: every error reason of each target. They also live under
// testdata/fuzz/<Target>/ (written by -fuzzseeds), where go test runs them
// like f.Add seeds and the fuzzer starts from them.
var jsonSeeds = []string{
	// Where a decoder could part from encoding/json: key case, duplicate
	// and escaped keys, a second value, non-string fields, nesting.
	`{"ID":"a","TEXT":"b"}`, `{"text":"a","Text":"b"}`, `{"te\u0078t":"x"}`, `{"text":"x"}{"a":1}`,
	`{"ſext":"k"}`, `{"text":"x","title":1}`,
	`{"n":-0.5e+3,"m":0,"b":true,"z":false,"u":null,"text":"t"}`, `{"n":01,"text":"t"}`, `{"n":-,"text":"t"}`, `{"n":1.,"text":"t"}`,
	`{"text":"a\"b\\c\/d\b\f\n\r\t\u00e9\uD83D\uDE00"}`, `{"text":"a","text":null}`, `{"text":null,"text":"b"}`, `{"text":"\ud83d"}`, `{"text":"\ud83d\u0041"}`, `{"text":"\x"}`, `{"text":"x","extra":{"a":[1,2,{"b":null}]}}`,
	`{"id":"hi-1","lang":"hi","url":"http://169.254.169.254/latest","source":"S","published":"2023-03-03","title":"T","text":"वांग यी ने कहा"}`,
	`{"id":7,"text":"t","published":"2023-03-03T23:30:00-05:00"}`,
	`{"text":"t","published":null,"title":null}`,
	`{"text":"\ud83d\ude00 \\ud800 \ufffd"}`,
	`{"title":"a\u0000b","text":"x\u0000y\u001f\t"}`,
	"\uFEFF{\"text\":\"bom\"}\r\n\r\n{\"text\":\"second\"}",
	"[\n{\"text\":\"a\"},\n{\"id\":\"b\"},\n42\n]",
	"{\"text\":\"a\"}\n{\"text\":\"b\"}",
	// INVALID_JSON
	`not json`, `{"text":"abc`, `[{"text":"abc"}]`, `{"text":5}`, "{\"text\":\"a\x01b\"}", `{"text":"t"} x`, "[{\"text\":\"a\"} {\"text\":\"b\"}]", "[",
	strings.Repeat("[", 1000), `{"x":` + strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat("}", 100) + `,"text":"t"}`,
	// INVALID_UTF8
	"{\"text\":\"a\xff\xfeb\"}", `{"text":"a\ud800b"}`, `{"text":"\udc00"}`, `{"title":"\ud800\ud800","text":"t"}`, "{\"text\":\"\xc0\xaf\"}",
	// MISSING_TEXT
	`{"id":"a","title":"T"}`, `{"text":""}`, `{"text":" \n"}`, `{"text":null}`, `{"text":"\u0000"}`,
	// TOO_LARGE (over fuzzOpts.MaxArticleBytes, and over MaxLineBytes)
	`{"text":"` + strings.Repeat("x", 300) + `"}`, `{"text":"` + strings.Repeat("y", 5000) + `"}` + "\n{\"text\":\"after\"}",
	// BAD_DATE
	`{"text":"t","published":"03/03/2023"}`, `{"text":"t","published":"2023-02-30"}`, `{"text":"t","published":"2023-03-03T10:00:00"}`,
	// EMPTY (for the streaming readers)
	"", " \n\n ", "[]",
}

var htmlSeeds = []string{
	articlePage(`<title>Site | T</title><meta property="og:title" content="OG"><meta property="article:published_time" content="2023-03-03T10:00:00+0530"><meta property="og:url" content="file:///etc/passwd"><link rel="canonical" href="http://169.254.169.254/">`, "H1"),
	"<html lang=\"hi-IN\"><head><title>वांग यी</title></head><body><h1>शीर्षक</h1><p>मास्को चीन और रूस</p></body></html>",
	"<html><head><meta charset=\"windows-1251\"></head><body><p>\xcc\xee\xf1\xea\xe2\xe0</p></body></html>",
	"\xff\xfe<\x00p\x00>\x00x\x00",
	"<p>a\x00b\x01c &#0; &#x1; &#xD800; \xff</p>",
	"<script>var a='<p>no</p>'</script><style>p{}</style><noscript>ns</noscript><p>yes</p>",
	"<table><tr><td>a<td>b</table><b><i>x</b>y</i><svg><title>s</title></svg>",
	strings.Repeat("<div>", 600) + "<p>deep text</p>" + strings.Repeat("</div>", 600),
	"<p>" + strings.Repeat("word ", 100) + "</p>",
	// EMPTY, MISSING_TEXT, HTML_TOO_DEEP, TOO_LARGE (text over 256 bytes; page over 8192)
	"", " \n\t", "<html><head><title>T</title></head><body><script>x()</script></body></html>",
	strings.Repeat("<div>", 600), "<p>" + strings.Repeat("long ", 200) + "</p>", "<p>" + strings.Repeat("z", 9000) + "</p>",
}

var txtSeeds = []string{
	"Title\nBody line.\n", "\uFEFFTitle\r\n\r\nBody\r\n", "\n \n  Title  \n\n\t\n  indented\n", "T\n\nT\n\nbody\nepmty\nTop\n",
	"T\x00\nbo\x00dy\x07\n",
	// EMPTY, MISSING_TEXT, INVALID_UTF8, TOO_LARGE
	"", " \n", "\uFEFF", "Title only\n\n", "T\nbad \xff\n", "\xcc\xee\xf1\n\xf2", "T\n" + strings.Repeat("x", 300),
}

var writeSeeds = flag.Bool("fuzzseeds", false, "write the seed corpora to testdata/fuzz")

// TestWriteFuzzSeeds writes the seeds above to testdata/fuzz/<Target>/ with
// -fuzzseeds (crashers found by fuzzing are added there by go test itself).
func TestWriteFuzzSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -fuzzseeds to rewrite testdata/fuzz")
	}
	targets := map[string][]string{
		"FuzzDecodeJSONLRecord": jsonSeeds,
		"FuzzExtractHTMLText":   htmlSeeds,
		"FuzzReadTxt":           txtSeeds,
	}
	for target, seeds := range targets {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, s := range seeds {
			content := "go test fuzz v1\n[]byte(" + strconv.Quote(s) + ")\n"
			if err := os.WriteFile(filepath.Join(dir, "seed-"+strconv.Itoa(i)), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
