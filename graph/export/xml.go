package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// xmlWriter writes escaped XML text. Names from the news come in every
// script and may hold anything; escaping is the one place that makes them
// safe.
type xmlWriter struct {
	b *bufio.Writer
}

func newXMLWriter(w io.Writer) *xmlWriter { return &xmlWriter{b: bufio.NewWriterSize(w, 64<<10)} }

// raw writes markup that is known to be well-formed.
func (x *xmlWriter) raw(s string) { x.b.WriteString(s) }

// text writes s as character data or as the value of a double-quoted
// attribute: & < > " ' are escaped, tabs and line breaks become character
// references (so that attribute normalization keeps them), and characters
// XML 1.0 does not allow (control characters, U+FFFE, U+FFFF, invalid
// UTF-8) become U+FFFD, the replacement character, so that the document
// stays well-formed whatever the input.
func (x *xmlWriter) text(s string) {
	// EscapeText cannot fail on a bufio.Writer except by the underlying
	// writer's error, which flush reports.
	_ = xml.EscapeText(x.b, []byte(s))
}

// attr writes ` name="value"`.
func (x *xmlWriter) attr(name, value string) {
	x.b.WriteString(" ")
	x.b.WriteString(name)
	x.b.WriteString(`="`)
	x.text(value)
	x.b.WriteString(`"`)
}

func (x *xmlWriter) flush() error { return x.b.Flush() }

// err is the first error of the underlying writer, if any.
func (x *xmlWriter) err() error {
	// bufio.Writer keeps its first error and returns it from every write;
	// an empty write is the cheap way to ask for it.
	_, err := x.b.Write(nil)
	return err
}

// nmtoken encodes an id as an XML NMTOKEN, the type of GraphML ids: ASCII
// letters, digits and . - : stay as they are, and every other character,
// '_' included, becomes _xHHHH_ (its code point in hex, at least four
// digits), as .NET's XmlConvert.EncodeName does. The encoding is
// one-to-one, so ids stay distinct, and the dipgraph ids in use (Country:CN,
// Person:wang-yi, Event:e3f…) come out unchanged.
func nmtoken(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == ':':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "_x%04X_", r)
		}
	}
	if b.Len() == 0 {
		return "_x_" // no id is empty, but an NMTOKEN may not be
	}
	return b.String()
}
