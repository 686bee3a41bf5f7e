// Package input reads article files for the loader: plain text (.txt), JSON
// (.json: one object or an array of objects), JSON Lines (.jsonl), HTML
// (.html/.htm), any of them gzip-compressed (.gz), whole folders, and stdin.
//
// The readers are built for hostile or broken input (RELIABILITY.md §4.3,
// checks I-1…I-6, I-12, I-14). The rules, and why:
//
//   - One bad record never stops a file, and one bad file never stops a run:
//     each problem becomes a Record whose Err carries a stable code (INVALID_JSON,
//     TOO_LARGE, …) and "file:line", so the loader can dead-letter it and go on.
//     Read only returns an error when the context is cancelled or the callback
//     fails.
//   - Memory is bounded by the caps in Options, never by the size of a file:
//     JSONL is read line by line with a bufio.Reader (not bufio.Scanner, whose
//     64 KiB token limit silently ends a scan), over-long lines are skipped
//     without being buffered, .json arrays are split element by element, and
//     gzip streams are capped by the number of decompressed bytes.
//   - Text is never silently changed. Invalid UTF-8 and lone UTF-16 surrogate
//     escapes in JSON are rejected (INVALID_UTF8) instead of being replaced by
//     U+FFFD the way encoding/json would. The one exception is deliberate and
//     counted: NUL and the other C0 control characters except tab, newline and
//     carriage return are stripped from every string field (Record.Stripped
//     says how many). They carry no meaning in an article, they break
//     downstream consumers (C strings, XML, terminals), and stripping them
//     keeps an otherwise good article instead of dead-lettering it. So the
//     NUL_BYTES code exists for callers that want to reject, but Read never
//     emits it.
//   - HTML is decoded to UTF-8 the way browsers do: a BOM, then a <meta>
//     charset declaration, then "is it valid UTF-8?", then windows-1252 (the
//     WHATWG default). Legacy pages (windows-1251, Shift_JIS, …) are therefore
//     decoded when they declare their charset, which news sites do. Byte
//     sequences that are still invalid become U+FFFD, which is what the HTML
//     standard prescribes for HTML (unlike JSON, where we reject).
//   - The readers never touch the network: article URLs are metadata only
//     (I-14). This package imports no networking package (a test parses its
//     sources to check), and never calls readability's FromURL, the one
//     function through which go-readability links net/http.
package input
