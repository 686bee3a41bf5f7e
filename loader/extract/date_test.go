package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/loader/textproc"
)

// TestSentenceDate: the date a sentence gives, against an article of
// Friday 3 March 2023.
func TestSentenceDate(t *testing.T) {
	cases := []struct{ name, published, sentence, want string }{
		{"weekday", "2023-03-03", "The ministers met on Monday in New Delhi.", "2023-02-27"},
		{"weekday is the day itself", "2023-03-03", "They spoke on Friday.", "2023-03-03"},
		{"day month", "2023-03-03", "Talks were held on 20 February in Geneva.", "2023-02-20"},
		{"month day", "2023-03-03", "On March 1, the two sides agreed.", "2023-03-01"},
		{"month of last year", "2023-03-03", "They last met on 5 December.", "2022-12-05"},
		{"next month", "2023-03-03", "A summit is planned for 10 April.", "2023-04-10"},
		{"a day and month beat a weekday", "2023-03-03", "On Monday, 20 February, they met.", "2023-02-20"},
		{"no such day", "2023-03-03", "On 31 February nothing happened.", ""},
		{"first weekday counts", "2023-03-03", "After talks on Tuesday they met again on Thursday.", "2023-02-28"},
		{"relative", "2023-03-03", "The minister said yesterday that talks would go on.", "2023-03-02"},
		{"possessives are no date words", "2023-03-03", "Today's meeting follows Monday's call.", ""},
		{"hindi weekday with को", "2023-03-03", "दोनों नेताओं ने सोमवारको मुलाकात की।", "2023-02-27"},
		{"hindi weekday", "2023-03-03", "दोनों नेताओं ने सोमवार को मुलाकात की।", "2023-02-27"},
		{"hindi yesterday", "2023-03-03", "विदेश मंत्री ने कल कहा।", "2023-03-02"},
		{"russian", "2023-03-03", "Министры встретились в понедельник в Москве.", "2023-02-27"},
		{"russian yesterday", "2023-03-03", "Вчера Лавров провел переговоры.", "2023-03-02"},
		{"a day in brackets", "2023-03-03", "اسلام آباد (20 فروری) وزیر خارجہ نے کہا۔", "2023-02-20"},
		{"chinese month and day", "2023-03-03", "王毅11月20日在北京会见拉夫罗夫。", "2022-11-20"},
		{"chinese day", "2023-03-03", "王毅2日在北京会见拉夫罗夫。", "2023-03-02"},
		{"chinese weekday", "2023-03-03", "双方星期三举行会谈。", "2023-03-01"},
		{"chinese: the first weekday counts", "2023-03-03", "双方星期三举行会谈，周一通电话。", "2023-03-01"},
		{"nothing", "2023-03-03", "The two countries agreed to cooperate.", ""},
		{"no article date", "", "The ministers met on Monday.", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := &doc{day: c.published}
			s := &sentence{Sentence: textproc.Sentence{Text: c.sentence}, norm: *textproc.Normalize(c.sentence)}
			if got := d.sentenceDate(s); got != c.want {
				t.Errorf("sentenceDate(%q) = %q, want %q", c.sentence, got, c.want)
			}
		})
	}
}

// TestDateWords: sentences are cut into words at white space and at the
// commas and full stops of each script.
func TestDateWords(t *testing.T) {
	got := dateWords(" on 20 february, 2023.मंगलवार।کل،  x (22 اکتوبر)", nil)
	want := []string{"on", "20", "february", "2023", "मंगलवार", "کل", "x", "22", "اکتوبر"}
	if len(got) != len(want) {
		t.Fatalf("dateWords = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("dateWords = %q, want %q", got, want)
		}
	}
}

// FuzzDateWords: dateWords, which reads bytes, cuts any text, valid UTF-8
// or not, as strings.FieldsFunc does with isDateSeparator.
func FuzzDateWords(f *testing.F) {
	for _, s := range []string{"on 20 february, 2023.", "मंगलवार।کل،x", "a\u00a0b\u2003c\u3000d\u1680e", "\xe0\xa5,\xd8.\xc2 \xe2\x80", "星期三，周一"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := dateWords(s, nil), strings.FieldsFunc(s, isDateSeparator); !slices.Equal(got, want) {
			t.Fatalf("dateWords(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestContainsHan: containsHan finds the characters scriptOf calls Chinese.
func TestContainsHan(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"", false}, {"china", false}, {"भारत", false}, {"中国", true}, {"x中", true}, {"カ", true}, {"㐀", true},
		{"\xe4", false}, {"\u3000", false}, {"\ua000", false},
	} {
		if got := containsHan(c.in); got != c.want {
			t.Errorf("containsHan(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
