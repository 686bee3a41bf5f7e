package input

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Record is one article read from an input, or the error for one bad input record.
type Record struct {
	File      string // path as given ("-" for stdin); for folders the file inside
	Line      int    // 1-based line for JSONL records (and .json array elements: the line the element starts on); 0 for whole-file formats
	ID        string // from the input ("id") — may be empty; the loader derives one then
	Lang      string // ISO 639-1 as given, may be empty
	URL       string
	Source    string
	Published string // "" or YYYY-MM-DD
	Title     string
	Text      string
	Err       *RecordError // non-nil: this record is bad; the others go on

	// Stripped counts the NUL/C0 control characters removed from the string
	// fields (see the package doc for why they are stripped, not rejected).
	Stripped int
	// Encoding is the charset an HTML page was decoded from ("utf-8",
	// "windows-1251", …); empty for the other formats, which must be UTF-8.
	Encoding string
	// HTMLFallback is true when the page could not be parsed into a tree
	// (nested deeper than x/net/html allows, or too many elements for
	// readability) and its text came from the tokenizer fallback.
	HTMLFallback bool
}

// RecordError describes why one input record (a line, an array element or a
// whole file) was rejected.
type RecordError struct {
	File string
	Line int // 0 when the problem concerns a whole file
	Code string
	Msg  string
}

// Error returns "file:line: CODE: msg" ("file: CODE: msg" when Line is 0).
func (e *RecordError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Code, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.File, e.Code, e.Msg)
}

// Error codes of RecordError.Code. They are stable: the loader's dead-letter
// report and its tests match on them.
const (
	CodeInvalidJSON        = "INVALID_JSON"
	CodeMissingText        = "MISSING_TEXT"
	CodeInvalidUTF8        = "INVALID_UTF8"
	CodeTooLarge           = "TOO_LARGE"
	CodeBadDate            = "BAD_DATE"
	CodeNULBytes           = "NUL_BYTES" // reserved: Read strips control characters instead (see package doc)
	CodeHTMLTooDeep        = "HTML_TOO_DEEP"
	CodeHTMLTimeout        = "HTML_TIMEOUT"
	CodeEmpty              = "EMPTY"
	CodeUnreadable         = "UNREADABLE"
	CodeUnsupported        = "UNSUPPORTED"
	CodeDecompressionLimit = "DECOMPRESSION_LIMIT"
)

const (
	defaultMaxArticleBytes = 5 << 20
	defaultMaxLineBytes    = 16 << 20
	defaultMaxDecompressed = 512 << 20
	defaultHTMLTimeout     = 2 * time.Second
	defaultMaxHTMLBytes    = 20 << 20
	defaultMaxHTMLElements = 100_000

	// maxJSONDepth caps object/array nesting in a record. A record needs 1;
	// 64 leaves room for odd extra fields while a byte scan rejects 100,000
	// nested '[' long before encoding/json's own (10,000) limit (I-3).
	maxJSONDepth = 64
	// txtReadSlack is what a .txt file may hold on top of MaxArticleBytes:
	// its title line, a BOM and blank lines.
	txtReadSlack = 64<<10 + 16

	stdinSniffBytes       = 4096
	jsonlReaderBufferSize = 64 << 10
	stdinName             = "-"
)

// Options bounds what one article, line or file may cost. Zero values mean
// the defaults.
type Options struct {
	MaxArticleBytes int64         // default 5 MB: an article (text) larger → TOO_LARGE naming the file (and line)
	MaxLineBytes    int64         // JSONL line (and .json array element) cap, default 16 MB: a longer one is skipped without being buffered → TOO_LARGE
	MaxDecompressed int64         // .gz cap, default 512 MB total per file → DECOMPRESSION_LIMIT
	HTMLTimeout     time.Duration // default 2 s per document → HTML_TIMEOUT
	MaxHTMLBytes    int64         // default 20 MB, checked before parsing → TOO_LARGE
	// MaxHTMLElements caps the elements handed to readability (default
	// 100,000); a bigger page goes to the linear tokenizer fallback, because
	// readability's scoring is superlinear in the number of elements.
	MaxHTMLElements int
	// Stdin is read for the path "-" (default os.Stdin); tests inject a reader.
	Stdin io.Reader
}

func (o Options) withDefaults() Options {
	if o.MaxArticleBytes <= 0 {
		o.MaxArticleBytes = defaultMaxArticleBytes
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = defaultMaxLineBytes
	}
	if o.MaxDecompressed <= 0 {
		o.MaxDecompressed = defaultMaxDecompressed
	}
	if o.HTMLTimeout <= 0 {
		o.HTMLTimeout = defaultHTMLTimeout
	}
	if o.MaxHTMLBytes <= 0 {
		o.MaxHTMLBytes = defaultMaxHTMLBytes
	}
	if o.MaxHTMLElements <= 0 {
		o.MaxHTMLElements = defaultMaxHTMLElements
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	return o
}

// format is the article format of one file.
type format int

const (
	formatUnknown format = iota
	formatTxt
	formatJSON
	formatJSONL
	formatHTML
)

func (f format) String() string {
	switch f {
	case formatTxt:
		return "txt"
	case formatJSON:
		return "json"
	case formatJSONL:
		return "jsonl"
	case formatHTML:
		return "html"
	}
	return "unknown"
}

// classify maps a file name to its format by extension (case-insensitive),
// looking through one ".gz".
func classify(name string) (f format, gz bool) {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		gz = true
		lower = strings.TrimSuffix(lower, ".gz")
	}
	switch filepath.Ext(lower) {
	case ".txt":
		return formatTxt, gz
	case ".json":
		return formatJSON, gz
	case ".jsonl":
		return formatJSONL, gz
	case ".html", ".htm":
		return formatHTML, gz
	}
	return formatUnknown, gz
}

// errStop wraps an error that must end Read: a cancelled context or an error
// returned by the callback. Everything else becomes a Record.
type errStop struct{ err error }

func (e errStop) Error() string { return e.err.Error() }
func (e errStop) Unwrap() error { return e.err }

// reader carries the state of one Read or Count call.
type reader struct {
	ctx   context.Context
	opts  Options
	fn    func(Record) error
	count bool // Count mode: only count, decode nothing
	n     int
}

// emit hands one record to the callback (or counts it).
func (r *reader) emit(rec Record) error {
	if err := r.ctx.Err(); err != nil {
		return errStop{err}
	}
	r.n++
	if r.count {
		return nil
	}
	if err := r.fn(rec); err != nil {
		return errStop{err}
	}
	return nil
}

// fail emits a bad record.
func (r *reader) fail(file string, line int, code, format string, args ...any) error {
	return r.emit(errRecord(file, line, code, fmt.Sprintf(format, args...)))
}

func errRecord(file string, line int, code, msg string) Record {
	return Record{File: file, Line: line, Err: &RecordError{File: file, Line: line, Code: code, Msg: msg}}
}

// Read reads every path in order and calls fn once per article or per bad
// record. A path is a file (format by extension), a folder (read recursively,
// files in lexical order, hidden entries and unknown extensions skipped) or
// "-" for Options.Stdin (format sniffed). Bad input never stops Read: it
// becomes a Record with Err set. Read returns only ctx.Err() or the first
// error fn returns.
func Read(ctx context.Context, paths []string, opts Options, fn func(Record) error) error {
	r := &reader{ctx: ctx, opts: opts.withDefaults(), fn: fn}
	return r.run(paths)
}

// Count returns the number of records Read would yield, for a progress ETA.
// It is a cheap pass: JSONL lines and .json array elements are delimited, not
// decoded, and a .txt or HTML file counts as one. Stdin cannot be read twice,
// so "-" counts as 0. Otherwise the count is exact for files that do not
// change in between: bad records and file-level errors count as the one
// record Read yields for them.
func Count(ctx context.Context, paths []string, opts Options) (int, error) {
	r := &reader{ctx: ctx, opts: opts.withDefaults(), count: true}
	err := r.run(paths)
	return r.n, err
}

func (r *reader) run(paths []string) error {
	for _, p := range paths {
		if err := r.readPath(p); err != nil {
			var stop errStop
			if errors.As(err, &stop) {
				return stop.err
			}
			return err
		}
	}
	return nil
}

func (r *reader) readPath(p string) error {
	if err := r.ctx.Err(); err != nil {
		return errStop{err}
	}
	if p == "-" {
		if r.count {
			return nil
		}
		return r.readStdin()
	}
	fi, err := os.Stat(p)
	if err != nil {
		return r.fail(p, 0, CodeUnreadable, "%v", unwrapPathError(err))
	}
	if fi.IsDir() {
		return r.walk(p)
	}
	f, gz := classify(p)
	if f == formatUnknown {
		return r.fail(p, 0, CodeUnsupported, "unknown file extension %q (want .txt .json .jsonl .html .htm, optionally .gz)", filepath.Ext(p))
	}
	return r.readFile(p, f, gz, fi)
}

// walk reads a folder recursively. filepath.WalkDir visits entries in lexical
// order, which makes runs reproducible. Symlinked folders are not followed
// (no cycles); symlinked files are read.
func (r *reader) walk(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if ferr := r.fail(p, 0, CodeUnreadable, "%v", unwrapPathError(err)); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		f, gz := classify(d.Name())
		if f == formatUnknown {
			return nil
		}
		fi, err := os.Stat(p) // follows a symlink
		if err != nil {
			return r.fail(p, 0, CodeUnreadable, "%v", unwrapPathError(err))
		}
		if fi.IsDir() {
			return nil // a symlink to a folder named like a file
		}
		return r.readFile(p, f, gz, fi)
	})
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

func (r *reader) readFile(p string, f format, gz bool, fi fs.FileInfo) error {
	// Reject oversized uncompressed files from their size, without reading
	// them (I-5): a 50 MB page costs a stat, not 50 MB of memory.
	if !gz && fi.Mode().IsRegular() {
		if f == formatHTML && fi.Size() > r.opts.MaxHTMLBytes {
			return r.fail(p, 0, CodeTooLarge, "HTML file is %d bytes, over the %d-byte cap; not parsed", fi.Size(), r.opts.MaxHTMLBytes)
		}
		if f == formatTxt && fi.Size() > r.opts.MaxArticleBytes+txtReadSlack {
			return r.fail(p, 0, CodeTooLarge, "text file is %d bytes, over the %d-byte article cap", fi.Size(), r.opts.MaxArticleBytes)
		}
		if fi.Size() == 0 {
			return r.fail(p, 0, CodeEmpty, "empty file")
		}
	}
	if r.count && (f == formatTxt || f == formatHTML) {
		return r.emit(Record{File: p}) // one record whatever the content: no need to open it
	}
	fh, err := os.Open(p)
	if err != nil {
		return r.fail(p, 0, CodeUnreadable, "%v", unwrapPathError(err))
	}
	defer fh.Close()
	var src io.Reader = fh
	if gz {
		zr, err := gzip.NewReader(bufio.NewReaderSize(fh, 32<<10))
		if err != nil {
			if errors.Is(err, io.EOF) {
				return r.fail(p, 0, CodeEmpty, "empty gzip file")
			}
			return r.fail(p, 0, CodeUnreadable, "not a gzip file: %v", err)
		}
		defer zr.Close()
		src = &capReader{r: zr, max: r.opts.MaxDecompressed}
	}
	return r.readStream(p, f, src)
}

// readStdin sniffs the format of stdin: gzip by its magic bytes, then JSONL if
// the first non-space byte is '{', a JSON array if '[', HTML if '<', else text.
func (r *reader) readStdin() error {
	const name = stdinName
	br := bufio.NewReaderSize(r.opts.Stdin, jsonlReaderBufferSize)
	head, err := br.Peek(2)
	if err != nil && len(head) == 0 && !errors.Is(err, io.EOF) {
		return r.fail(name, 0, CodeUnreadable, "%v", err)
	}
	var src io.Reader = br
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return r.fail(name, 0, CodeUnreadable, "not a gzip stream: %v", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(&capReader{r: zr, max: r.opts.MaxDecompressed}, jsonlReaderBufferSize)
		src = br
	}
	head, err = br.Peek(stdinSniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		if len(head) == 0 {
			return r.failRead(name, 0, err)
		}
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	f := formatTxt
	if i := bytes.IndexFunc(head, func(c rune) bool { return !isJSONSpace(c) }); i >= 0 {
		switch head[i] {
		case '{':
			f = formatJSONL
		case '[':
			f = formatJSON
		case '<':
			f = formatHTML
		}
	} else if len(head) < stdinSniffBytes {
		return r.fail(name, 0, CodeEmpty, "no input on stdin")
	}
	return r.readStream(name, f, src)
}

func isJSONSpace(c rune) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readStream reads one file's content in format f.
func (r *reader) readStream(name string, f format, src io.Reader) error {
	switch f {
	case formatJSONL:
		return r.readJSONL(name, src)
	case formatJSON:
		return r.readJSONArray(name, src)
	case formatTxt:
		content, err := r.readCapped(name, src, r.opts.MaxArticleBytes+txtReadSlack, "text")
		if content == nil {
			return err
		}
		if r.count {
			return r.emit(Record{File: name})
		}
		return r.emit(decodeTxt(content, name, r.opts))
	case formatHTML:
		content, err := r.readCapped(name, src, r.opts.MaxHTMLBytes, "HTML")
		if content == nil {
			return err
		}
		if r.count {
			return r.emit(Record{File: name})
		}
		return r.readHTML(name, content)
	}
	return r.fail(name, 0, CodeUnsupported, "unknown format")
}

// readCapped reads a whole-file format into memory, at most max bytes. When
// the content is over the cap, it stops reading at once and emits TOO_LARGE;
// then, and on read errors, it returns a nil slice (and the emit error).
func (r *reader) readCapped(name string, src io.Reader, max int64, what string) ([]byte, error) {
	content, err := io.ReadAll(io.LimitReader(src, max+1))
	if err != nil {
		return nil, r.failRead(name, 0, err)
	}
	if int64(len(content)) > max {
		return nil, r.fail(name, 0, CodeTooLarge, "%s input is over the %d-byte cap; not parsed", what, max)
	}
	if content == nil {
		content = []byte{}
	}
	return content, nil
}

// failRead turns an I/O error in the middle of a file into a record.
func (r *reader) failRead(name string, line int, err error) error {
	if errors.Is(err, errDecompressionLimit) {
		return r.fail(name, line, CodeDecompressionLimit, "decompressed data exceeds the %d-byte cap; rest of the file skipped", r.opts.MaxDecompressed)
	}
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
		return r.fail(name, line, CodeUnreadable, "corrupt or truncated gzip data: %v", err)
	}
	return r.fail(name, line, CodeUnreadable, "read error: %v", unwrapPathError(err))
}

var errDecompressionLimit = errors.New("decompression limit exceeded")

// capReader limits the bytes a decompressor may produce (I-6). It passes
// through exactly max bytes; if the stream has more, the next Read fails with
// errDecompressionLimit, so a gzip bomb costs at most max bytes of CPU and
// never more than the consumer's buffer of memory.
type capReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n >= c.max {
		// At the cap: probe whether anything is left.
		var one [1]byte
		for {
			n, err := c.r.Read(one[:])
			if n > 0 {
				return 0, errDecompressionLimit
			}
			if err != nil {
				return 0, err
			}
		}
	}
	if rem := c.max - c.n; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
