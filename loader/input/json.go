package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	fastjson "github.com/segmentio/encoding/json"
)

// readJSONL reads one JSON object per line. It uses bufio.Reader.ReadSlice,
// not bufio.Scanner: a Scanner stops the whole file at its first line over
// 64 KiB (I-2). A line over MaxLineBytes is skipped without being buffered
// and reported as TOO_LARGE; reading goes on with the next line.
func (r *reader) readJSONL(name string, src io.Reader) error {
	br := bufio.NewReaderSize(src, jsonlReaderBufferSize)
	var buf []byte
	records := 0
	for line := 1; ; line++ {
		l, err := readLine(br, buf[:0], r.opts.MaxLineBytes, !r.count)
		buf = l.data
		if err != nil && !errors.Is(err, io.EOF) {
			// The line is incomplete (I/O error, corrupt gzip, decompression
			// cap): do not decode a truncated record, report why instead.
			return r.failRead(name, line, err)
		}
		if line == 1 {
			l.data = bytes.TrimPrefix(l.data, utf8BOM)
		}
		if l.nonBlank {
			records++
			var rec Record
			switch {
			case r.count:
				rec = Record{File: name, Line: line}
			case l.tooLong:
				rec = errRecord(name, line, CodeTooLarge, fmt.Sprintf("line is %d bytes, over the %d-byte line cap; skipped", l.size, r.opts.MaxLineBytes))
			default:
				rec = decodeRecord(l.data, name, line, r.opts)
			}
			if err := r.emit(rec); err != nil {
				return err
			}
		}
		// Do not keep a multi-megabyte buffer alive for the rest of the
		// file because of one big line.
		if cap(buf) > 1<<20 {
			buf = nil
		}
		if err != nil { // io.EOF
			break
		}
	}
	if records == 0 {
		return r.fail(name, 0, CodeEmpty, "no records (empty or blank lines only)")
	}
	return nil
}

// grow makes room for n more bytes in buf, doubling its capacity but never
// beyond limit. append's own policy grows big slices by 1.25×, which for a
// line that reaches a 16 MB cap allocates ~80 MB in total; doubling keeps the
// total under twice the cap.
func grow(buf []byte, n int, limit int64) []byte {
	need := len(buf) + n
	if need <= cap(buf) {
		return buf
	}
	c := int64(max(2*cap(buf), need, 4096))
	c = max(min(c, limit), int64(need))
	nb := make([]byte, len(buf), c)
	copy(nb, buf)
	return nb
}

type lineInfo struct {
	data     []byte // the line without its end, unless tooLong or !keep
	size     int64  // bytes in the line, without "\n" / "\r\n"
	tooLong  bool
	nonBlank bool
}

// readLine reads one line of at most maxLen bytes into buf. Longer lines are
// consumed fragment by fragment (each at most the bufio buffer size) and not
// stored, so memory stays bounded by maxLen whatever the input.
func readLine(br *bufio.Reader, buf []byte, maxLen int64, keep bool) (lineInfo, error) {
	l := lineInfo{data: buf}
	for {
		frag, err := br.ReadSlice('\n')
		l.size += int64(len(frag))
		if !l.nonBlank && len(bytes.TrimLeft(frag, " \t\r\n")) > 0 {
			l.nonBlank = true
		}
		if keep && !l.tooLong {
			if int64(len(l.data)+len(frag)) > maxLen+2 { // +2: room for "\r\n"
				l.tooLong = true
				l.data = l.data[:0]
			} else {
				l.data = append(grow(l.data, len(frag), maxLen+2), frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		// Measure without the line end.
		last := frag
		if len(last) > 0 && last[len(last)-1] == '\n' {
			l.size--
			last = last[:len(last)-1]
			if len(last) > 0 && last[len(last)-1] == '\r' {
				l.size--
			}
		}
		if l.size > maxLen {
			l.tooLong = true
		}
		if l.tooLong {
			l.data = l.data[:0]
		}
		return l, err
	}
}

// readJSONArray reads a .json file: one object, an array of objects, or
// several top-level values one after the other (so JSONL saved as .json
// works too). It splits the stream into elements itself, byte by byte, so a
// huge array costs one element of memory, an over-long element is skipped
// without being buffered, and every element gets the same checks as a JSONL
// line, with the line it starts on.
func (r *reader) readJSONArray(name string, src io.Reader) error {
	s := &jsonSplitter{br: bufio.NewReaderSize(src, jsonlReaderBufferSize), line: 1, max: r.opts.MaxLineBytes, keep: !r.count}
	if head, _ := s.br.Peek(3); bytes.Equal(head, utf8BOM) {
		s.br.Discard(3)
	}
	records := 0
	// element reads one value starting with c and emits its record.
	element := func(c byte) error {
		start := s.line
		v, err := s.readValue(c)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return errTruncated{start}
			}
			return err
		}
		records++
		var rec Record
		switch {
		case r.count:
			rec = Record{File: name, Line: start}
		case v.size > r.opts.MaxLineBytes:
			rec = errRecord(name, start, CodeTooLarge, fmt.Sprintf("JSON value is %d bytes, over the %d-byte cap; skipped", v.size, r.opts.MaxLineBytes))
		case v.tooDeep:
			rec = errRecord(name, start, CodeInvalidJSON, fmt.Sprintf("nested deeper than %d levels", maxJSONDepth))
		default:
			rec = decodeRecord(v.data, name, start, r.opts)
		}
		return r.emit(rec)
	}
	err := func() error {
		for {
			c, err := s.skipSpace()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
			switch c {
			case '{':
				// A bare top-level object is one record.
				if err := element(c); err != nil {
					return err
				}
				continue
			case '[':
			default:
				// Garbage at the top level cannot be resynchronised
				// reliably, and reporting it byte by byte would flood the
				// dead-letter queue: give up on the rest of the file.
				return errSyntax{s.line, fmt.Sprintf("expected '{' or '[' at the top level, found %q", c)}
			}
			c, err = s.skipSpace()
			if err != nil {
				return errTruncated{s.line}
			}
			if c == ']' {
				continue
			}
			for {
				if err := element(c); err != nil {
					return err
				}
				if c, err = s.skipSpace(); err != nil {
					return errTruncated{s.line}
				}
				if c == ']' {
					break
				}
				if c != ',' {
					return errSyntax{s.line, fmt.Sprintf("expected ',' or ']' after an array element, found %q", c)}
				}
				if c, err = s.skipSpace(); err != nil {
					return errTruncated{s.line}
				}
			}
		}
	}()
	var trunc errTruncated
	var syn errSyntax
	switch {
	case err == nil:
	case errors.As(err, &trunc):
		return r.fail(name, trunc.line, CodeInvalidJSON, "unexpected end of input (value starting on this line is not closed); rest of the file skipped")
	case errors.As(err, &syn):
		return r.fail(name, syn.line, CodeInvalidJSON, "%s; rest of the file skipped", syn.msg)
	case errors.As(err, new(errStop)):
		return err
	default:
		return r.failRead(name, s.line, err)
	}
	if records == 0 {
		return r.fail(name, 0, CodeEmpty, "no records")
	}
	return nil
}

type errTruncated struct{ line int }

func (e errTruncated) Error() string {
	return fmt.Sprintf("line %d: unexpected end of JSON input", e.line)
}

type errSyntax struct {
	line int
	msg  string
}

func (e errSyntax) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// jsonSplitter delimits JSON values in a stream without decoding them.
type jsonSplitter struct {
	br   *bufio.Reader
	line int
	max  int64
	keep bool
	buf  []byte
}

func (s *jsonSplitter) readByte() (byte, error) {
	c, err := s.br.ReadByte()
	if c == '\n' && err == nil {
		s.line++
	}
	return c, err
}

// skipSpace returns the next byte that is not JSON white space.
func (s *jsonSplitter) skipSpace() (byte, error) {
	for {
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		if !isJSONSpace(rune(c)) {
			return c, nil
		}
	}
}

type jsonValue struct {
	data    []byte // empty when not kept, too large or too deep
	size    int64
	tooDeep bool
}

// readValue reads the rest of the JSON value whose first byte is c. It only
// tracks strings, escapes and bracket depth: syntax is left to
// encoding/json on the delimited bytes.
func (s *jsonSplitter) readValue(c byte) (jsonValue, error) {
	v := jsonValue{}
	buf := s.buf[:0]
	if cap(buf) > 1<<20 {
		buf = nil // one big element must not pin its buffer for the whole file
	}
	add := func(c byte) {
		v.size++
		if s.keep && !v.tooDeep && v.size <= s.max {
			if len(buf) == cap(buf) {
				buf = grow(buf, 1, s.max)
			}
			buf = append(buf, c)
		}
	}
	add(c)
	switch c {
	case '{', '[', '"':
		depth, inStr, esc := 0, false, false
		if c == '"' {
			inStr = true
		} else {
			depth = 1
		}
		for depth > 0 || inStr {
			c, err := s.readByte()
			if err != nil {
				return v, err
			}
			add(c)
			switch {
			case esc:
				esc = false
			case inStr:
				if c == '\\' {
					esc = true
				} else if c == '"' {
					inStr = false
				}
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
				if depth > maxJSONDepth {
					v.tooDeep = true
				}
			case c == '}' || c == ']':
				depth--
			}
		}
	default:
		// A scalar (number, true, false, null, or garbage): up to the next
		// delimiter, which is left for the caller.
		for {
			c, err := s.br.ReadByte()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return v, err
			}
			if c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || isJSONSpace(rune(c)) {
				s.br.UnreadByte()
				break
			}
			add(c)
		}
	}
	if v.tooDeep || v.size > s.max {
		buf = buf[:0]
	}
	s.buf = buf
	v.data = buf
	return v, nil
}

// jsonFields are the article fields. They are RawMessages so that a wrong
// type (a number for a title, say) names the field in the error, and so that
// null and missing can both mean "empty".
type jsonFields struct {
	ID        json.RawMessage `json:"id"`
	Lang      json.RawMessage `json:"lang"`
	URL       json.RawMessage `json:"url"`
	Source    json.RawMessage `json:"source"`
	Published json.RawMessage `json:"published"`
	Title     json.RawMessage `json:"title"`
	Text      json.RawMessage `json:"text"`
}

// decodeRecord turns one JSON object (a JSONL line or a .json element) into a
// Record. It never panics and never returns invalid UTF-8: problems become
// Err. The checks run cheapest first, and the byte scans run before
// encoding/json, which would silently replace invalid UTF-8 and lone
// surrogates by U+FFFD and which recurses to a depth of 10,000.
func decodeRecord(raw []byte, file string, line int, opts Options) Record {
	opts = opts.withDefaults()
	raw = bytes.Trim(raw, " \t\r\n")
	fail := func(code, format string, args ...any) Record {
		return errRecord(file, line, code, fmt.Sprintf(format, args...))
	}
	if int64(len(raw)) > opts.MaxLineBytes {
		return fail(CodeTooLarge, "record is %d bytes, over the %d-byte cap", len(raw), opts.MaxLineBytes)
	}
	if !utf8.Valid(raw) {
		off := invalidUTF8Offset(raw)
		return fail(CodeInvalidUTF8, "invalid UTF-8 byte 0x%02x at byte %d of the record", raw[off], off+1)
	}
	flat, isFlat := decodeFlat(raw)
	if !isFlat {
		if code, msg := scanJSON(raw); code != "" {
			return fail(code, "%s", msg)
		}
		if len(raw) == 0 || raw[0] != '{' {
			return fail(CodeInvalidJSON, "expected a JSON object, found %s", preview(raw))
		}
	}
	rec := Record{File: file, Line: line}
	fields := [...]struct {
		name      string
		dst       *string
		numberOK  bool
		trimSpace bool
	}{
		{"id", &rec.ID, true, false},
		{"lang", &rec.Lang, false, true},
		{"url", &rec.URL, false, true},
		{"source", &rec.Source, false, false},
		{"published", &rec.Published, false, true},
		{"title", &rec.Title, false, true},
		{"text", &rec.Text, false, false},
	}
	var values [len(fields)]string
	textMissing := false
	if isFlat {
		values = flat
	} else if s, ok := decodeStringFields(raw); ok {
		values = s
	} else {
		var f jsonFields
		if err := json.Unmarshal(raw, &f); err != nil {
			return fail(CodeInvalidJSON, "%v", err)
		}
		textMissing = f.Text == nil
		for i, fr := range [len(fields)]json.RawMessage{f.ID, f.Lang, f.URL, f.Source, f.Published, f.Title, f.Text} {
			s, err := jsonString(fr, fields[i].numberOK)
			if err != nil {
				return fail(CodeInvalidJSON, "field %q: %v", fields[i].name, err)
			}
			values[i] = s
		}
	}
	replacements := 0
	for i, fd := range fields {
		s := values[i]
		replacements += strings.Count(s, "\uFFFD")
		s, n := stripControls(s)
		rec.Stripped += n
		if fd.trimSpace {
			s = strings.TrimSpace(s)
		}
		*fd.dst = s
	}
	// Belt and braces for the surrogate scan: any U+FFFD that the input did
	// not spell out itself was made up by the decoder.
	if replacements > 0 && replacements > literalReplacements(raw) {
		return fail(CodeInvalidUTF8, "a string decodes to U+FFFD that is not in the input (invalid escape or encoding)")
	}
	reject := func(code, format string, args ...any) Record {
		rec.Text = ""
		rec.Err = &RecordError{File: file, Line: line, Code: code, Msg: fmt.Sprintf(format, args...)}
		return rec
	}
	if strings.TrimSpace(rec.Text) == "" {
		if textMissing {
			return reject(CodeMissingText, "no \"text\" field")
		}
		return reject(CodeMissingText, "\"text\" is empty")
	}
	if int64(len(rec.Text)) > opts.MaxArticleBytes {
		return reject(CodeTooLarge, "text is %d bytes, over the %d-byte article cap", len(rec.Text), opts.MaxArticleBytes)
	}
	d, ok := normalizeDate(rec.Published)
	if !ok {
		return reject(CodeBadDate, "published %s is not null, \"\", YYYY-MM-DD or an RFC 3339 timestamp", preview([]byte(rec.Published)))
	}
	rec.Published = d
	return rec
}

// recordStrings holds the article fields of the usual record, where each one
// is a JSON string, null or absent, and "text" is a string.
type recordStrings struct {
	ID        *string `json:"id"`
	Lang      *string `json:"lang"`
	URL       *string `json:"url"`
	Source    *string `json:"source"`
	Published *string `json:"published"`
	Title     *string `json:"title"`
	Text      *string `json:"text"`
}

// decodeStringFields decodes the usual record in one pass of a decoder
// that gives what encoding/json gives, faster (a fuzz test compares them),
// in the order of jsonFields' fields; decoding through jsonFields validates
// the record and then each field again, and copies the text twice. It
// reports false for anything else (invalid JSON, a number or an object in a
// field, a null or missing text), which jsonFields then decodes, so that the
// error names the field.
func decodeStringFields(raw []byte) ([7]string, bool) {
	var f recordStrings
	if err := fastjson.Unmarshal(raw, &f); err != nil || f.Text == nil {
		return [7]string{}, false
	}
	var out [7]string
	for i, p := range [...]*string{f.ID, f.Lang, f.URL, f.Source, f.Published, f.Title, f.Text} {
		if p != nil {
			out[i] = *p
		}
	}
	return out, true
}

// jsonString decodes a field that must be a JSON string or null (or a
// number, for ids: some exports write "id": 42).
func jsonString(raw json.RawMessage, numberOK bool) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	case numberOK && (c == '-' || (c >= '0' && c <= '9')):
		return string(raw), nil
	}
	return "", fmt.Errorf("want a string or null, found %s", preview(raw))
}

// scanJSON is a byte scan of a UTF-8-valid JSON text, run before
// encoding/json: it rejects nesting deeper than maxJSONDepth (I-3: 100,000
// '[' fail here within microseconds instead of recursing) and \u escapes
// that encode a lone UTF-16 surrogate (I-1), which encoding/json would turn
// into U+FFFD without a word. Everything else is left to encoding/json.
func scanJSON(b []byte) (code, msg string) {
	depth := 0
	inStr := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !inStr {
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
				if depth > maxJSONDepth {
					return CodeInvalidJSON, fmt.Sprintf("nested deeper than %d levels (byte %d)", maxJSONDepth, i+1)
				}
			case '}', ']':
				depth--
			}
			continue
		}
		switch c {
		case '"':
			inStr = false
		case '\\':
			if i+1 >= len(b) {
				return "", "" // truncated: encoding/json reports it
			}
			if b[i+1] != 'u' {
				i++ // skip the escaped byte (it may be '"' or '\\')
				continue
			}
			r, ok := hex4(b[i+2:])
			if !ok {
				i++
				continue
			}
			switch {
			case r >= 0xD800 && r <= 0xDBFF:
				// A high surrogate must be followed by \u + a low one.
				if len(b) >= i+12 && b[i+6] == '\\' && b[i+7] == 'u' {
					if lo, ok := hex4(b[i+8:]); ok && lo >= 0xDC00 && lo <= 0xDFFF {
						i += 11
						continue
					}
				}
				return CodeInvalidUTF8, fmt.Sprintf("lone surrogate escape %s at byte %d", b[i:i+6], i+1)
			case r >= 0xDC00 && r <= 0xDFFF:
				return CodeInvalidUTF8, fmt.Sprintf("lone surrogate escape %s at byte %d", b[i:i+6], i+1)
			}
			i += 5
		}
	}
	return "", ""
}

// hex4 parses four hex digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// literalReplacements counts the U+FFFD the input spells out, as UTF-8 or as
// a \ufffd escape.
func literalReplacements(raw []byte) int {
	n := bytes.Count(raw, []byte("\uFFFD"))
	for i := 0; i+6 <= len(raw); i++ {
		if raw[i] == '\\' && raw[i+1] == 'u' {
			if r, ok := hex4(raw[i+2:]); ok && r == 0xFFFD {
				n++
			}
		}
	}
	return n
}

func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// preview quotes the start of b for an error message, keeping messages short
// and valid UTF-8 whatever the input.
func preview(b []byte) string {
	const max = 40
	if len(b) > max {
		return fmt.Sprintf("%q…", strings.ToValidUTF8(string(b[:max]), "\uFFFD"))
	}
	return fmt.Sprintf("%q", strings.ToValidUTF8(string(b), "\uFFFD"))
}
