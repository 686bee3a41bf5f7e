package input

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

const sentence = "Wang Yi met Sergey Lavrov in Moscow to discuss cyber security cooperation."

// articlePage builds a news-like page: navigation, an article of several
// paragraphs, a footer, and the given head.
func articlePage(head, h1 string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html lang=\"en-GB\"><head>" + head + "</head><body>")
	b.WriteString(`<nav><a href="/">Home</a> <a href="/world">World</a></nav>`)
	b.WriteString("<article>")
	if h1 != "" {
		b.WriteString("<h1>" + h1 + "</h1>")
	}
	b.WriteString("<p>" + sentence + "</p>")
	for i := range 6 {
		b.WriteString("<p>Paragraph " + strings.Repeat("x", i+1) + ": the two foreign ministers agreed to deepen bilateral ties in trade, energy and information technology, and to coordinate at the United Nations and the Shanghai Cooperation Organisation.</p>")
	}
	b.WriteString("<script>var tracking = 'SCRIPT-NOISE';</script><style>.x{content:'STYLE-NOISE'}</style>")
	b.WriteString("</article><footer>Copyright</footer></body></html>")
	return b.String()
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name      string
		page      string
		opts      Options
		code      string
		title     string
		published string
		url       string
		source    string
		lang      string
		enc       string
		contains  []string
		excludes  []string
		fallback  bool
	}{
		{name: "og:title wins", page: articlePage(`<title>Site | Page - Title</title><meta property="og:title" content="OG Title"><meta property="article:published_time" content="2023-03-03T10:00:00+05:30"><meta property="og:url" content="https://example.org/a"><meta property="og:site_name" content="Example News">`, "The H1"),
			title: "OG Title", published: "2023-03-03", url: "https://example.org/a", source: "Example News", lang: "en", enc: "utf-8",
			contains: []string{sentence}, excludes: []string{"SCRIPT-NOISE", "STYLE-NOISE"}},
		{name: "h1 before title", page: articlePage(`<title>वांग यी - समाचार</title>`, "वांग यी और लावरोव की मुलाकात"), title: "वांग यी और लावरोव की मुलाकात", contains: []string{sentence}},
		{name: "title last", page: articlePage(`<title>Only Title</title>`, ""), title: "Only Title"},
		{name: "canonical url", page: articlePage(`<link rel="Canonical" href="https://example.org/c">`, "H"), url: "https://example.org/c"},
		{name: "sloppy published", page: articlePage(`<meta property="article:published_time" content="2023-03-03T10:00:00+0530">`, "H"), published: "2023-03-03"},
		{name: "bad published ignored", page: articlePage(`<meta property="article:published_time" content="soon">`, "H"), contains: []string{sentence}},
		{name: "windows-1251 declared", page: win1251(t, `<html><head><meta charset="windows-1251"><title>Москва</title></head><body><h1>Переговоры в Москве</h1><p>Министры иностранных дел России и Китая встретились в Москве.</p></body></html>`),
			title: "Переговоры в Москве", enc: "windows-1251", contains: []string{"Министры иностранных дел России и Китая встретились в Москве."}},
		{name: "windows-1251 http-equiv", page: win1251(t, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>Лавров</p></body></html>`),
			enc: "windows-1251", contains: []string{"Лавров"}},
		{name: "utf-8 after an ascii head", page: "<html><head><!--" + strings.Repeat(" ", 2000) + "--></head><body><p>मास्को चीन और रूस के बीच सहयोग</p></body></html>",
			enc: "utf-8", contains: []string{"मास्को चीन और रूस के बीच सहयोग"}},
		{name: "undeclared legacy bytes", page: "<html><body><p>caf\xe9</p></body></html>", enc: "windows-1252", contains: []string{"café"}},
		{name: "entities and controls", page: "<html><body><p>a&amp;b &#0; c\x01d &#x7; e</p></body></html>", contains: []string{"a&b"}, excludes: []string{"\x01", "\x07", "\x00"}},
		{name: "empty", page: "  \n", code: CodeEmpty},
		{name: "no text", page: "<html><head><title>T</title></head><body><script>x()</script></body></html>", code: CodeMissingText},
		{name: "too deep and no text", page: strings.Repeat("<div>", 600), code: CodeHTMLTooDeep},
		{name: "text too large", page: articlePage("", "H"), opts: Options{MaxArticleBytes: 50}, code: CodeTooLarge},
		{name: "page too large", page: articlePage("", "H"), opts: Options{MaxHTMLBytes: 100}, code: CodeTooLarge},
		{name: "too many elements", page: "<html><body>" + strings.Repeat("<span>w</span> ", 50) + "<p>" + sentence + "</p></body></html>", opts: Options{MaxHTMLElements: 10},
			contains: []string{sentence}, fallback: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, gz := range []bool{false, true} {
				p := writeFile(t, t.TempDir(), "page.html", []byte(tc.page))
				if gz {
					p = writeFile(t, t.TempDir(), "page.htm.gz", gzipBytes(t, []byte(tc.page)))
				}
				recs := readAll(t, []string{p}, tc.opts)
				if len(recs) != 1 {
					t.Fatalf("%d records", len(recs))
				}
				r := recs[0]
				if tc.code != "" {
					if r.Err == nil || r.Err.Code != tc.code {
						t.Fatalf("gz=%v: got %v, want %s", gz, r.Err, tc.code)
					}
					if !strings.HasPrefix(r.Err.Error(), p+": "+tc.code+": ") {
						t.Errorf("message %q", r.Err)
					}
					continue
				}
				if r.Err != nil {
					t.Fatalf("gz=%v: %v", gz, r.Err)
				}
				checkValid(t, r)
				check := func(field, got, want string) {
					if want != "" && got != want {
						t.Errorf("gz=%v: %s = %q, want %q", gz, field, got, want)
					}
				}
				check("title", r.Title, tc.title)
				check("published", r.Published, tc.published)
				check("url", r.URL, tc.url)
				check("source", r.Source, tc.source)
				check("lang", r.Lang, tc.lang)
				check("encoding", r.Encoding, tc.enc)
				for _, s := range tc.contains {
					if !strings.Contains(r.Text, s) {
						t.Errorf("gz=%v: text lacks %q:\n%s", gz, s, r.Text)
					}
				}
				for _, s := range tc.excludes {
					if strings.Contains(r.Text, s) || strings.Contains(r.Title, s) {
						t.Errorf("gz=%v: text has %q", gz, s)
					}
				}
				if tc.fallback && !r.HTMLFallback {
					t.Errorf("fallback not used")
				}
			}
		})
	}
}

func win1251(t *testing.T, s string) string {
	t.Helper()
	enc, _ := charset.Lookup("windows-1251")
	out, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkValid asserts the invariants every good record keeps: valid UTF-8,
// no stripped control characters left.
func checkValid(t testing.TB, r Record) {
	t.Helper()
	for name, s := range map[string]string{"id": r.ID, "lang": r.Lang, "url": r.URL, "source": r.Source, "published": r.Published, "title": r.Title, "text": r.Text} {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8: %q", name, s)
		}
		for i := 0; i < len(s); i++ {
			if isStrippedControl(s[i]) {
				t.Errorf("%s keeps control 0x%02x", name, s[i])
				break
			}
		}
	}
}

// TestI4DeepHTML: 600 nested <div> around real text are not a crash and the
// text is found through the tokenizer fallback; a 1 MB page of 100k nested
// divs is handled in < 100 ms.
func TestI4DeepHTML(t *testing.T) {
	page := "<html><head><title>Deep</title></head><body>" + strings.Repeat("<div>", 600) + "<p>" + sentence + "</p>" + strings.Repeat("</div>", 600) + "</body></html>"
	recs := readString(t, page, Options{})
	if len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("records %v", codes(recs))
	}
	if r := recs[0]; !strings.Contains(r.Text, sentence) || !r.HTMLFallback || r.Title != "Deep" {
		t.Errorf("fallback=%v title=%q text=%q", r.HTMLFallback, r.Title, r.Text)
	}

	huge := "<html><body>" + strings.Repeat("<div>", 100_000) + sentence + strings.Repeat("</div>", 100_000) + "</body></html>"
	if len(huge) < 1<<20 {
		t.Fatalf("page is %d bytes", len(huge))
	}
	p := writeFile(t, t.TempDir(), "deep.html", []byte(huge))
	var got []Record
	d := bestOf(3, func() { got = readAll(t, []string{p}, Options{}) })
	if len(got) != 1 || got[0].Err != nil || !strings.Contains(got[0].Text, sentence) {
		t.Fatalf("records %v", codes(got))
	}
	t.Logf("1 MB page of 100k nested divs: %v (best of 3)", d)
	if d > timeBudget(100*time.Millisecond) {
		t.Errorf("1 MB of nested divs took %v, want < 100 ms", d)
	}
}

// TestI5LargeHTML: a 50 MB page is rejected before parsing, from its size
// for a file and after reading just past the cap for a stream, without the
// heap growing by 100 MB.
func TestI5LargeHTML(t *testing.T) {
	const size = 50 << 20
	// A sparse file: 50 MB to stat, no 50 MB to write.
	p := filepath.Join(t.TempDir(), "big.html")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var recs []Record
	start := time.Now()
	peak, _ := heapPeak(func() { recs = readAll(t, []string{p}, Options{}) })
	if d := time.Since(start); d > timeBudget(100*time.Millisecond) {
		t.Errorf("rejecting by size took %v", d)
	}
	if len(recs) != 1 || recs[0].Err == nil || recs[0].Err.Code != CodeTooLarge || !strings.Contains(recs[0].Err.Msg, "not parsed") {
		t.Fatalf("file: %v", recs)
	}
	if peak > 10<<20 {
		t.Errorf("heap grew %d MB", peak>>20)
	}

	// Streamed (stdin, or a .gz): read up to the cap, then stop.
	stream := io.MultiReader(strings.NewReader("<html><body><p>"), io.LimitReader(repeatReader('a'), size))
	peak, _ = heapPeak(func() {
		recs = readAll(t, []string{"-"}, Options{Stdin: stream})
	})
	if len(recs) != 1 || recs[0].Err == nil || recs[0].Err.Code != CodeTooLarge {
		t.Fatalf("stream: %v", codes(recs))
	}
	if peak > 100<<20 {
		t.Errorf("heap grew %d MB for a 50 MB stream", peak>>20)
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestHTMLTimeout: a page that cannot be extracted within HTMLTimeout is
// reported as HTML_TIMEOUT and Read goes on; the abandoned parse finishes in
// the background (TestMain waits for it before the leak check).
func TestHTMLTimeout(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><body>")
	for b.Len() < 4<<20 {
		b.WriteString("<div class=\"c\"><p>" + sentence + " <a href=\"#\">link</a></p></div>")
	}
	dir := t.TempDir()
	slow := writeFile(t, dir, "a_slow.html", []byte(b.String()))
	fast := writeFile(t, dir, "b_fast.txt", []byte("T\nbody\n"))
	start := time.Now()
	recs := readAll(t, []string{dir}, Options{HTMLTimeout: 20 * time.Millisecond})
	if got := codes(recs); !equalStrings(got, []string{CodeHTMLTimeout, "ok"}) {
		t.Fatalf("codes %v", got)
	}
	if d := time.Since(start); d > timeBudget(time.Second) {
		t.Errorf("Read took %v with a 20 ms deadline", d)
	}
	if recs[0].File != slow || recs[1].File != fast || !strings.Contains(recs[0].Err.Error(), slow+": HTML_TIMEOUT") {
		t.Errorf("records %v / %v", recs[0].Err, recs[1].File)
	}
	background.Wait()
}

// TestStopReader: a stop request ends tokenizing early.
func TestStopReader(t *testing.T) {
	stop := new(atomic.Bool)
	stop.Store(true)
	m := scanHTML("<p>"+strings.Repeat("word ", 100000)+"</p>", stop, 1<<20)
	if m.text.b.Len() != 0 {
		t.Errorf("stopped scan produced %d bytes", m.text.b.Len())
	}
	rec := decodeHTML([]byte("<p>x</p>"), "s.html", Options{}, stop)
	if rec.Err == nil || rec.Err.Code != CodeHTMLTimeout {
		t.Errorf("stopped decode: %+v", rec.Err)
	}
}

func TestIsoLang(t *testing.T) {
	for in, want := range map[string]string{"hi-IN": "hi", "EN": "en", "en_US": "en", "zh-Hans-CN": "zh", "fil": "", "": "", "x-klingon": "", "1a": ""} {
		if got := isoLang(in); got != want {
			t.Errorf("isoLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeCharsetBOM(t *testing.T) {
	page := append([]byte{0xFF, 0xFE}, utf16le("<p>नमस्ते</p>")...)
	s, enc := decodeCharset(page)
	if !strings.Contains(s, "नमस्ते") || enc != "utf-16le" {
		t.Errorf("decoded %q as %s", s, enc)
	}
	s, _ = decodeCharset([]byte("\xEF\xBB\xBF<p>a\xffb</p>"))
	if !utf8.ValidString(s) || strings.HasPrefix(s, "\uFEFF") || !strings.Contains(s, "a\uFFFDb") {
		t.Errorf("utf-8 BOM page decoded as %q", s)
	}
}

func utf16le(s string) []byte {
	var b bytes.Buffer
	for _, r := range s {
		if r >= 0x10000 {
			panic("BMP only")
		}
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.Bytes()
}
