package input

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// decodeTxt turns the content of a .txt file into a Record: the first
// non-blank line is the title, the text is everything after that line with
// leading blank lines removed. The text is otherwise the file's bytes
// unchanged (no trimming, no normalization), so character offsets computed on
// Record.Text point into the file at a fixed distance. The exception is
// control characters, which are stripped and counted (see the package doc).
// A stray copy of the title further down stays in the text: only the reader
// knows it is noise, and dropping lines would break the offsets.
func decodeTxt(content []byte, file string, opts Options) Record {
	opts = opts.withDefaults()
	content = bytes.TrimPrefix(content, utf8BOM)
	if len(bytes.TrimSpace(content)) == 0 {
		return errRecord(file, 0, CodeEmpty, "no text (empty or blank)")
	}
	if !utf8.Valid(content) {
		off := invalidUTF8Offset(content)
		line := 1 + bytes.Count(content[:off], []byte{'\n'})
		// Record.Line stays 0 (whole-file format); the error names the line.
		rec := errRecord(file, 0, CodeInvalidUTF8, fmt.Sprintf("invalid UTF-8 byte 0x%02x at byte %d (line %d); the file must be UTF-8", content[off], off+1, line))
		rec.Err.Line = line
		return rec
	}
	// Title: the first line that is not blank.
	rest := content
	var title []byte
	for len(rest) > 0 {
		var l []byte
		l, rest = cutLine(rest)
		if t := bytes.TrimSpace(l); len(t) > 0 {
			title = t
			break
		}
	}
	// Text: what follows, minus leading blank lines.
	for len(rest) > 0 {
		l, after := cutLine(rest)
		if len(bytes.TrimSpace(l)) > 0 {
			break
		}
		rest = after
	}
	rec := Record{File: file}
	var n int
	rec.Title, n = stripControls(string(title))
	rec.Stripped += n
	rec.Title = strings.TrimSpace(rec.Title)
	rec.Text, n = stripControls(string(rest))
	rec.Stripped += n
	if strings.TrimSpace(rec.Text) == "" {
		rec.Text = ""
		rec.Err = &RecordError{File: file, Code: CodeMissingText, Msg: "only a title line, no text after it"}
		return rec
	}
	if int64(len(rec.Text)) > opts.MaxArticleBytes {
		rec.Text = ""
		rec.Err = &RecordError{File: file, Code: CodeTooLarge, Msg: fmt.Sprintf("text is %d bytes, over the %d-byte article cap", len(rest), opts.MaxArticleBytes)}
		return rec
	}
	return rec
}

// cutLine splits b after its first '\n' (the line keeps no line end).
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

// stripControls removes NUL and the other C0 control characters except tab,
// newline and carriage return (I-12), and says how many it removed. They are
// single bytes below 0x20, never part of a multi-byte UTF-8 sequence, so a
// byte-wise filter keeps valid UTF-8 valid.
func stripControls(s string) (string, int) {
	n := countControls(s)
	if n == 0 {
		return s, 0
	}
	b := make([]byte, 0, len(s)-n)
	for i := 0; i < len(s); i++ {
		if !isStrippedControl(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b), n
}

// countControls counts the bytes stripControls removes. Text has no byte
// below 0x20 but its line breaks, so it tests eight bytes at a time for
// one (below8) and counts byte by byte only in the words that have one.
func countControls(s string) int {
	n, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		if below8(x, 0x20) == 0 {
			continue // no byte below 0x20
		}
		for k := i; k < i+8; k++ {
			if isStrippedControl(s[k]) {
				n++
			}
		}
	}
	for ; i < len(s); i++ {
		if isStrippedControl(s[i]) {
			n++
		}
	}
	return n
}

func isStrippedControl(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r'
}

// normalizeDate accepts "" (unknown), an ISO date YYYY-MM-DD, or an RFC 3339
// timestamp, whose date part is kept as written: the publisher's local date,
// which is the date the article shows, not the UTC one.
func normalizeDate(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	if len(s) == len("2006-01-02") {
		if _, err := time.Parse("2006-01-02", s); err == nil {
			return s, true
		}
		return "", false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}
