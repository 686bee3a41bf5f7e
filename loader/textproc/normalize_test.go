package textproc

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"case and space", "  Wang   YI\n", "wang yi"},
		{"two-piece o", "सहयाेग", "सहयोग"},
		{"two-piece au", "ताकताें", "ताकतों"},
		{"repeated matra", "आने-जानेे", "आने-जाने"},
		{"nukta", "ब्राज़ील", "ब्राजील"},
		{"zwj zwnj ignored", "क्\u200dष", "क्ष"},
		{"bidi ignored", "\u202eabc\u202c", "abc"},
		{"urdu yeh kaf", "كيا", "کیا"},
		{"arabic harakat", "مُحَمَّد", "محمد"},
		{"alef variants", "أحمد إيران", "احمد ایران"},
		{"full width", "ＵＳ与中国", "us与中国"},
		{"quotes and dashes", "“China’s” — policy", "\"china's\" - policy"},
		{"decomposed", "Mosk\u0061\u0301va", "moskáva"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Normalize(c.in).Text; got != c.want {
				t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestKey: Key, which keeps no offsets and returns text already in
// matching form as it is, gives what Normalize gives.
func TestKey(t *testing.T) {
	for _, in := range []string{
		"", " ", "china", "China", "wang yi", "wang  yi", " wang yi", "wang yi ", "rock`n", "a\tb", "a\x7fb",
		"u.s.-china", "g20", "सहयाेग", "ताकताें", "ब्राज़ील", "Лавровым", "ＵＳ与中国", "a\u0301\u0301", "\xff",
	} {
		if got, want := Key(in), Normalize(in).Text; got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeSpansLeadBackToOriginal(t *testing.T) {
	in := "रूस के विदेश मंत्री सर्गेई लावरोव से मुलाकात, सहयाेग"
	n := Normalize(in)
	for _, word := range []string{"सर्गेई लावरोव", "मुलाकात", "सहयोग"} {
		i := strings.Index(n.Text, word)
		if i < 0 {
			t.Fatalf("%q not in %q", word, n.Text)
		}
		s, e := n.Span(i, i+len(word))
		orig := in[s:e]
		if Key(orig) != word {
			t.Errorf("span of %q maps to %q", word, orig)
		}
	}
}

func TestNormalizeCombiningFlood(t *testing.T) {
	in := "a" + strings.Repeat("\u0301", 100000)
	// The best of five runs: the cost, without a busy machine's pauses.
	var best time.Duration
	var n *Normalized
	for i := 0; i < 5; i++ {
		start := time.Now()
		n = Normalize(in)
		if d := time.Since(start); i == 0 || d < best {
			best = d
		}
	}
	// I-9: under 20 ms (the bound is loose enough for a busy machine; the
	// race detector's slowdown is not measured).
	if best > 20*time.Millisecond && !raceEnabled {
		t.Errorf("a base letter and 100,000 combining marks took %v to normalize, want < 20ms", best)
	}
	if len(n.Text) > 64 {
		t.Errorf("output %d bytes", len(n.Text))
	}
}

// runeByRune normalizes s through normalizer.add alone, one rune after
// another, without the shortcuts of runSimple; ok is false when s needs
// NFC composition, which add alone does not do.
func runeByRune(s string) (*Normalized, bool) {
	n := normalizer{lastSpace: true, track: true}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if needsNFC(r) {
			return nil, false
		}
		n.add(r, i, i+size)
		i += size
	}
	if k := len(n.buf); k > 0 && n.buf[k-1] == ' ' {
		n.buf, n.starts, n.ends = n.buf[:k-1], n.starts[:k-1], n.ends[:k-1]
	}
	return &Normalized{Text: string(n.buf), Starts: n.starts, Ends: n.ends}, true
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"सहयाेग", "وانگ یی", "Лавровым", "王毅", "a\u0301\u0301", "\xff\xfe", "\u202e",
		"  Foreign  Minister S. Jaishankar met `Wang Yi`\t\n(on 12 May) ", "a  b\x00c\x7fD",
		"\u0622\u0645\u062f \u0627\u0653\u0645\u062f", // آمد, precomposed and with the madda apart
		"\u13ee\u13a0", // Cherokee capitals fold beyond the normalizer's tables
		// Vowel signs on the copying path: repeated, joined, too many in a row.
		"आने-जानेे ताकताें", "क" + strings.Repeat("िु", 7) + " ख" + strings.Repeat("ािे", 4), "王毅\u3400\u4dc0\u9fff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n.Text) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if len(n.Starts) != len(n.Text) || len(n.Ends) != len(n.Text) {
			t.Fatalf("offset tables %d/%d for %d bytes", len(n.Starts), len(n.Ends), len(n.Text))
		}
		for i := range n.Starts {
			if n.Starts[i] < 0 || n.Ends[i] > int32(len(s)) || n.Starts[i] > n.Ends[i] {
				t.Fatalf("bad span at %d", i)
			}
		}
		if k := Key(s); k != n.Text {
			t.Fatalf("Key(%q) = %q, Normalize gives %q", s, k, n.Text)
		}
		if again := Normalize(n.Text).Text; again != n.Text {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n.Text, again)
		}
		if ref, ok := runeByRune(s); ok && (ref.Text != n.Text || !slices.Equal(ref.Starts, n.Starts) || !slices.Equal(ref.Ends, n.Ends)) {
			t.Fatalf("Normalize(%q) = %+v; rune by rune: %+v", s, n, ref)
		}
		if !utf8.ValidString(s) {
			return
		}
		// Composed and decomposed spellings of the same text match alike.
		for _, form := range []norm.Form{norm.NFC, norm.NFD} {
			if other := Normalize(form.String(s)).Text; other != n.Text {
				t.Fatalf("%v spelling differs: %q -> %q, want %q", form, s, other, n.Text)
			}
		}
	})
}

func TestSplit(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"english abbreviations", "The U.S. and India met. Dr. S. Jaishankar spoke to Mr. Blinken. Done!",
			[]string{"The U.S. and India met.", "Dr. S. Jaishankar spoke to Mr. Blinken.", "Done!"}},
		{"hindi danda", "चीन और रूस मिले। वांग यी ने कहा।", []string{"चीन और रूस मिले।", "वांग यी ने कहा।"}},
		{"urdu", "پاکستان اور چین۔ کیا یہ درست ہے؟ ہاں", []string{"پاکستان اور چین۔", "کیا یہ درست ہے؟", "ہاں"}},
		{"chinese", "王毅会见拉夫罗夫。双方同意合作！好吗？", []string{"王毅会见拉夫罗夫。", "双方同意合作！", "好吗？"}},
		{"quotes", `He said, "We agree." Then he left.`, []string{`He said, "We agree."`, "Then he left."}},
		{"decimal", "Trade grew 3.5 percent. Good.", []string{"Trade grew 3.5 percent.", "Good."}},
		{"lines", "Title line\n\nBody one. Body two", []string{"Title line", "Body one.", "Body two"}},
		{"russian initials", "В. Путин встретился с Си. Это важно.", []string{"В. Путин встретился с Си.", "Это важно."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, s := range Split(c.in) {
				got = append(got, s.Text)
				if c.in[s.Start:s.End] != s.Text {
					t.Errorf("offsets [%d,%d) do not give %q", s.Start, s.End, s.Text)
				}
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("Split:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"U.S. met. Dr. X.", "चीन। रूस॥", "王毅。", "\"a.\" b", "..."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, sen := range Split(s) {
			if sen.Start < last || sen.End <= sen.Start || sen.End > len(s) || s[sen.Start:sen.End] != sen.Text {
				t.Fatalf("bad sentence %+v after %d in %q", sen, last, s)
			}
			last = sen.End
		}
	})
}

func TestDetectLanguage(t *testing.T) {
	cases := map[string]string{
		"चीन और रूस के बीच सूचना प्रौद्योगिकी तथा साइबर सुरक्षा समेत विभिन्न क्षेत्रों में द्विपक्षीय सहयोग बढ़ाने को लेकर सहमति बनी है।": "hi",
		"پاکستان اور چین کے وزرائے خارجہ نے دوطرفہ تعلقات پر تبادلہ خیال کیا اور تعاون بڑھانے پر اتفاق کیا۔":                              "ur",
		"The foreign ministers of China and Russia met in Moscow on Friday to discuss cooperation.":   "en",
		"Министр иностранных дел России Сергей Лавров провел переговоры со своим китайским коллегой.": "ru",
		"中国国务委员兼外长王毅在莫斯科同俄罗斯外长拉夫罗夫举行会谈。":                                                              "zh",
	}
	for text, want := range cases {
		if got := DetectLanguage(text); got != want {
			t.Errorf("DetectLanguage(%.40q) = %q, want %q", text, got, want)
		}
	}
}

// TestStartsTerminal: Split skips, undecoded, the bytes that start no
// terminal and no line break; every terminal's first byte is marked.
func TestStartsTerminal(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if ends, _ := terminal(r); (ends || r == '\n') && !startsTerminal[string(r)[0]] {
			t.Fatalf("%U ends a sentence, but its first byte is not marked", r)
		}
	}
}

// TestNormalizerMatchesNormalize checks that a Normalizer gives what
// Normalize gives, for every result until the Reset, however the strings
// share its memory, and again after the Reset.
func TestNormalizerMatchesNormalize(t *testing.T) {
	texts := []string{
		"  Wang   YI\n", "सहयाेग", "Ｂｅｉｊｉｎｇ — “talks”", "", "مُحَمَّد وَزِير",
		strings.Repeat("Foreign Minister Sergey Lavrov met Wang Yi. ", 200),
		"e" + strings.Repeat("\u0301", 50), "外交部长王毅会见了俄罗斯外长拉夫罗夫。",
	}
	var z Normalizer
	for round := 0; round < 3; round++ {
		var got []Normalized
		for _, s := range texts {
			got = append(got, z.Normalize(s))
		}
		for i, s := range texts {
			want := Normalize(s)
			if got[i].Text != want.Text || !slices.Equal(got[i].Starts, want.Starts) || !slices.Equal(got[i].Ends, want.Ends) {
				t.Errorf("round %d: Normalizer.Normalize(%q) = %+v, want %+v", round, s, got[i], want)
			}
		}
		z.Reset()
	}
}

// TestNormalizeComposedAndDecomposedAlike checks, for every rune of the
// Basic Multilingual Plane after letters of several scripts, that the text,
// its NFC and its NFD normalize alike: the normalizer composes only texts
// that need it, and which those are is decided rune by rune.
func TestNormalizeComposedAndDecomposedAlike(t *testing.T) {
	bases := []string{"e", "क", "ە", "ಕ", "ᄀ", "и"}
	failures := 0
	for r := rune(0x0300); r < 0x10000; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		for _, b := range bases {
			s := b + string(r) + "x"
			want := Normalize(s).Text
			for _, form := range []norm.Form{norm.NFC, norm.NFD} {
				if got := Normalize(form.String(s)).Text; got != want {
					if failures++; failures <= 10 {
						t.Errorf("%v spelling of %q (U+%04X) normalizes to %q, the text itself to %q", form, s, r, got, want)
					}
				}
			}
		}
	}
}
