package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// background tracks HTML parses, including those still running after their
// deadline passed. Tests wait on it before checking for leaked goroutines.
var background sync.WaitGroup

// htmlSlots bounds the HTML parses in flight, abandoned ones included: a run
// of pages that all time out cannot pile up unbounded CPU and memory behind
// the loader's back. When all slots are taken, the next page waits.
var htmlSlots = make(chan struct{}, 8)

// readHTML extracts one page under the HTMLTimeout deadline. Go cannot stop a
// goroutine from outside, so on timeout the parse goes on in the background:
// it is told to stop (the stop flag makes the tokenizer's reader return an
// error, and readability is skipped if it has not started), its result is
// dropped, and its slot in htmlSlots is released when it finishes. Readability
// itself cannot be interrupted; MaxHTMLElements bounds how long it can run.
func (r *reader) readHTML(name string, content []byte) error {
	select {
	case htmlSlots <- struct{}{}:
	case <-r.ctx.Done():
		return errStop{r.ctx.Err()}
	}
	stop := new(atomic.Bool)
	done := make(chan Record, 1) // buffered: an abandoned parse must not block on send
	opts := r.opts
	background.Add(1)
	go func() {
		defer background.Done()
		defer func() { <-htmlSlots }()
		done <- decodeHTML(content, name, opts, stop)
	}()
	timer := time.NewTimer(r.opts.HTMLTimeout)
	defer timer.Stop()
	select {
	case rec := <-done:
		return r.emit(rec)
	case <-timer.C:
		stop.Store(true)
		return r.fail(name, 0, CodeHTMLTimeout, "page not extracted within %v; skipped", r.opts.HTMLTimeout)
	case <-r.ctx.Done():
		stop.Store(true)
		return errStop{r.ctx.Err()}
	}
}

var errStopped = errors.New("html: extraction stopped")

// stopReader makes the x/net/html tokenizer give up soon after the stop flag
// is set: it reads its input in chunks, and a read error ends tokenizing.
type stopReader struct {
	r    io.Reader
	stop *atomic.Bool
}

func (s stopReader) Read(p []byte) (int, error) {
	if s.stop.Load() {
		return 0, errStopped
	}
	// Small chunks, so that the flag is looked at often.
	if len(p) > 64<<10 {
		p = p[:64<<10]
	}
	return s.r.Read(p)
}

// decodeHTML extracts the article from one page, synchronously. It never
// panics and always returns valid UTF-8.
func decodeHTML(content []byte, file string, opts Options, stop *atomic.Bool) (rec Record) {
	opts = opts.withDefaults()
	defer func() {
		// Last line of defence: a bug in a parser must cost one page, not
		// the process (the parse may run on its own goroutine).
		if p := recover(); p != nil {
			rec = errRecord(file, 0, CodeUnreadable, fmt.Sprintf("HTML extraction failed: %v", p))
		}
	}()
	if int64(len(content)) > opts.MaxHTMLBytes {
		return errRecord(file, 0, CodeTooLarge, fmt.Sprintf("HTML is %d bytes, over the %d-byte cap; not parsed", len(content), opts.MaxHTMLBytes))
	}
	if len(bytes.TrimSpace(content)) == 0 {
		return errRecord(file, 0, CodeEmpty, "empty page")
	}
	page, enc := decodeCharset(content)
	// Strip control characters before tokenizing: the tokenizer would turn a
	// NUL into U+FFFD in some contexts and drop it in others; stripping them
	// first gives the same rule as the other formats (I-12), counted once.
	page, stripped := stripControls(page)
	textCap := int(min(opts.MaxArticleBytes, int64(len(page)))) + 1
	meta := scanHTML(page, stop, textCap)
	if stop.Load() {
		return errRecord(file, 0, CodeHTMLTimeout, "stopped")
	}

	rec = Record{File: file, Encoding: enc, Stripped: stripped}
	art, deep, ok := runReadability(page, stop, opts.MaxHTMLElements)
	text := ""
	if ok && art.Node != nil {
		var sb strings.Builder
		if err := art.RenderText(&sb); err == nil {
			text = sb.String()
		}
	}
	if strings.TrimSpace(cleanText(text)) == "" {
		text = meta.text.String()
		rec.HTMLFallback = true
	}
	var n int
	rec.Text, n = stripControls(strings.ToValidUTF8(strings.TrimSpace(text), "\uFFFD"))
	rec.Stripped += n

	// Title: og:title and <h1> are what the page itself shows; readability
	// reworks <title> and mangles hyphenated titles (DEPS.md), so it comes
	// third, and the raw <title> last.
	var readTitle, readSite, readLang string
	var readPublished time.Time
	if ok {
		readTitle, readSite, readLang = art.Title(), art.SiteName(), art.Language()
		readPublished, _ = art.PublishedTime()
	}
	for _, t := range []string{meta.ogTitle, meta.h1.String(), readTitle, meta.title} {
		if t = collapseSpace(t); t != "" {
			rec.Title, n = stripControls(t)
			rec.Stripped += n
			break
		}
	}
	rec.URL = cleanField(firstNonEmpty(meta.ogURL, meta.canonical))
	rec.Source = cleanField(firstNonEmpty(meta.siteName, readSite))
	rec.Lang = isoLang(firstNonEmpty(meta.lang, readLang))
	if d, ok := htmlDate(meta.published); ok {
		rec.Published = d
	} else if !readPublished.IsZero() {
		// readability parses dates leniently (year 99999 included): keep
		// only what our own date rule accepts.
		if d, ok := normalizeDate(readPublished.Format("2006-01-02")); ok {
			rec.Published = d
		}
	}

	switch {
	case rec.Text == "" && deep:
		rec.Err = &RecordError{File: file, Code: CodeHTMLTooDeep, Msg: "page nested deeper than 512 elements and no text found outside the tree"}
	case rec.Text == "":
		rec.Err = &RecordError{File: file, Code: CodeMissingText, Msg: "no article text found in the page"}
	case int64(len(rec.Text)) > opts.MaxArticleBytes:
		rec.Text = ""
		rec.Err = &RecordError{File: file, Code: CodeTooLarge, Msg: fmt.Sprintf("article text is over the %d-byte cap", opts.MaxArticleBytes)}
	}
	return rec
}

// runReadability parses the page into a tree and runs readability on it.
// ok is false when there is no usable result: x/net/html refuses trees
// deeper than 512 elements (deep is then true), the page has more elements
// than maxElems, the parse was stopped, or readability panicked. The caller
// then uses the tokenizer text, which costs linear time whatever the shape.
func runReadability(page string, stop *atomic.Bool, maxElems int) (art readability.Article, deep, ok bool) {
	doc, err := html.Parse(stopReader{strings.NewReader(page), stop})
	if err != nil {
		return art, strings.Contains(err.Error(), "exceeds 512"), false
	}
	if stop.Load() {
		return art, false, false
	}
	defer func() {
		if p := recover(); p != nil {
			ok = false
		}
	}()
	p := readability.NewParser()
	p.MaxElemsToParse = maxElems
	// pageURL nil: readability leaves links relative and never fetches
	// anything (I-14).
	art, err = p.ParseAndMutate(doc, nil)
	return art, false, err == nil
}

// decodeCharset converts a page to UTF-8 as a browser would: a BOM decides;
// else a page that is valid UTF-8 is UTF-8 (x/net's DetermineEncoding only
// looks at the first 1024 bytes and would call an ASCII head followed by
// Hindi "windows-1252"); else the <meta> charset, else windows-1252.
// Remaining invalid sequences become U+FFFD, as the HTML standard says.
func decodeCharset(content []byte) (string, string) {
	_, name, certain := charset.DetermineEncoding(content, "")
	if !certain && utf8.Valid(content) {
		return strings.TrimPrefix(string(content), "\uFEFF"), "utf-8"
	}
	if name != "utf-8" {
		if r, err := charset.NewReaderLabel(name, bytes.NewReader(content)); err == nil {
			if b, err := io.ReadAll(r); err == nil {
				return strings.TrimPrefix(strings.ToValidUTF8(string(b), "\uFFFD"), "\uFEFF"), name
			}
		}
	}
	return strings.TrimPrefix(strings.ToValidUTF8(string(content), "\uFFFD"), "\uFEFF"), "utf-8"
}

// htmlMeta is what one tokenizer pass collects: metadata and the fallback
// text.
type htmlMeta struct {
	ogTitle, title, ogURL, canonical, siteName, published, lang string
	h1                                                          textBuilder
	text                                                        textBuilder
}

// isBlock tells the elements that end a line of text. A switch, not a map:
// the fallback calls it on every tag of pages with 100,000s of tags.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Dd, atom.Div, atom.Dl,
		atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1,
		atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hr, atom.Li, atom.Main,
		atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section, atom.Table, atom.Td, atom.Th, atom.Tr,
		atom.Ul, atom.Br, atom.Body:
		return true
	}
	return false
}

// scanHTML runs html.NewTokenizer over the page once. The tokenizer keeps no
// tree and no element stack, so it is linear in the input and indifferent to
// nesting depth: a page of 100,000 nested <div> costs what any 1 MB page
// costs. The text is the concatenation of text tokens outside script, style
// and title, with a line break at block elements.
func scanHTML(page string, stop *atomic.Bool, textCap int) *htmlMeta {
	m := &htmlMeta{}
	m.text.max = textCap
	m.h1.max = 64 << 10
	z := html.NewTokenizer(stopReader{strings.NewReader(page), stop})
	var inRaw, inTitle, inH1, h1Done bool
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return m
		case html.TextToken:
			switch {
			case inRaw:
			case inTitle:
				if m.title == "" {
					m.title = string(z.Text())
				}
			default:
				t := z.Text()
				m.text.add(t)
				if inH1 {
					m.h1.add(t)
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			inRaw, inTitle = false, false
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Noembed, atom.Noframes:
				// Raw-text elements: their content arrives as one text token.
				inRaw = tt == html.StartTagToken
			case atom.Title:
				inTitle = tt == html.StartTagToken
			case atom.H1:
				inH1 = !h1Done && tt == html.StartTagToken
			case atom.Meta, atom.Link, atom.Html:
				if hasAttr {
					m.attrs(z, a)
				}
			}
			if isBlock(a) {
				m.text.block()
			}
		case html.EndTagToken:
			inRaw, inTitle = false, false
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.H1 && inH1 {
				inH1 = false
				h1Done = m.h1.b.Len() > 0
			}
			if isBlock(a) {
				m.text.block()
			}
		}
	}
}

// attrs reads the metadata of a <meta>, <link> or <html> tag.
func (m *htmlMeta) attrs(z *html.Tokenizer, a atom.Atom) {
	var key, content, rel, href, lang string
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "property", "name":
			if key == "" {
				key = strings.ToLower(strings.TrimSpace(string(v)))
			}
		case "content":
			content = string(v)
		case "rel":
			rel = strings.ToLower(string(v))
		case "href":
			href = string(v)
		case "lang":
			lang = string(v)
		}
		if !more {
			break
		}
	}
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = strings.TrimSpace(v)
		}
	}
	switch a {
	case atom.Html:
		set(&m.lang, lang)
	case atom.Link:
		for _, r := range strings.Fields(rel) {
			if r == "canonical" {
				set(&m.canonical, href)
			}
		}
	case atom.Meta:
		switch key {
		case "og:title":
			set(&m.ogTitle, content)
		case "og:url":
			set(&m.ogURL, content)
		case "og:site_name":
			set(&m.siteName, content)
		case "article:published_time":
			set(&m.published, content)
		}
	}
}

// textBuilder collapses white space runs to one space, or to one newline
// when a block element came in between, and stops growing at max bytes.
type textBuilder struct {
	b              strings.Builder
	max            int
	space, newline bool
}

func (t *textBuilder) block() { t.newline = true }

func (t *textBuilder) add(s []byte) {
	for len(s) > 0 && t.b.Len() < t.max {
		r, size := utf8.DecodeRune(s)
		if unicode.IsSpace(r) {
			t.space = true
		} else {
			if t.b.Len() > 0 {
				if t.newline {
					t.b.WriteByte('\n')
				} else if t.space {
					t.b.WriteByte(' ')
				}
			}
			t.space, t.newline = false, false
			t.b.Write(s[:size])
		}
		s = s[size:]
	}
}

func (t *textBuilder) String() string { return t.b.String() }

func collapseSpace(s string) string { return strings.Join(strings.Fields(cleanText(s)), " ") }

func cleanText(s string) string {
	s, _ = stripControls(strings.ToValidUTF8(s, "\uFFFD"))
	return s
}

func cleanField(s string) string { return strings.TrimSpace(cleanText(s)) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// isoLang reduces a BCP 47 tag from <html lang> ("hi-IN", "en_US") to its
// ISO 639-1 primary subtag, or "" if it has none.
func isoLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}

// htmlDate reads article:published_time. Pages are sloppier than our JSON
// contract, so besides what normalizeDate accepts, a value that starts with
// a valid YYYY-MM-DD ("2023-03-03T10:00:00+0530") gives that date. A
// malformed date in a page costs the date, not the article.
func htmlDate(s string) (string, bool) {
	s = cleanField(s)
	if s == "" {
		return "", false
	}
	if d, ok := normalizeDate(s); ok {
		return d, true
	}
	if len(s) > 10 {
		if d, ok := normalizeDate(s[:10]); ok {
			return d, true
		}
	}
	return "", false
}
