package loader

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxDeadLetterField bounds the file and id echoed in a dead-letter line.
// With maxDeadLetterError, and JSON escaping at most six bytes per input
// byte, a line stays under 40 KiB whatever the input.
const maxDeadLetterField = 1024

// redacted replaces a secret in a dead-letter line.
const redacted = "[REDACTED]"

// line returns dl as one JSON line, bounded in length, with every secret
// replaced: an error text may quote a connection string or an input record,
// and a dead-letter file is shared more widely than the store's password.
func (dl DeadLetter) line(secrets []string) []byte {
	hide := func(s string) string {
		for _, secret := range secrets {
			if secret != "" {
				s = strings.ReplaceAll(s, secret, redacted)
			}
		}
		return s
	}
	dl.File = truncate(hide(dl.File), maxDeadLetterField)
	dl.ID = truncate(hide(dl.ID), maxDeadLetterField)
	// Hidden before the cut, so that no cut can leave a prefix of a secret
	// unhidden at the end.
	dl.Error = truncate(hide(dl.Error), maxDeadLetterError)
	b, _ := json.Marshal(dl)
	return append(b, '\n')
}

// truncate cuts s to at most max bytes on a rune boundary, marking the cut.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// DeadLetterFile appends dead-letter lines to a file, each with one write
// so that concurrent appends do not interleave.
type DeadLetterFile struct {
	mu sync.Mutex
	f  *os.File
}

// OpenDeadLetterFile opens path for appending, creating it if needed. A
// process killed while writing a line can leave that line without its
// newline; such a torn last line is cut off first, so that the file stays
// one JSON object per line and the next line does not run into it. Nothing
// is lost by it: the torn line's record was not loaded, and the rerun reads
// and reports it again.
func OpenDeadLetterFile(path string) (*DeadLetterFile, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	if err := cutTornLine(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: repairing the last line: %w", path, err)
	}
	return &DeadLetterFile{f: f}, nil
}

// cutTornLine truncates f after its last newline when it does not end
// with one.
func cutTornLine(f *os.File) error {
	info, err := f.Stat()
	if err != nil {
		return err
	}
	end := info.Size()
	buf := make([]byte, 64<<10)
	for pos := end; pos > 0; {
		n := min(int64(len(buf)), pos)
		pos -= n
		if _, err := f.ReadAt(buf[:n], pos); err != nil && err != io.EOF {
			return err
		}
		i := bytes.LastIndexByte(buf[:n], '\n')
		if pos+n == end && i == int(n)-1 {
			return nil // ends with a newline
		}
		if i >= 0 {
			return f.Truncate(pos + int64(i) + 1)
		}
	}
	return f.Truncate(0) // one torn line and nothing before it
}

// Write appends p, which the loader gives one whole line at a time.
func (d *DeadLetterFile) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.f.Write(p)
}

// Close flushes the file to disk and closes it.
func (d *DeadLetterFile) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	serr := d.f.Sync()
	if err := d.f.Close(); err != nil {
		return err
	}
	return serr
}
