package extract

import "testing"

// TestCountryMentions holds one sentence per class of error in naming
// the states of an article: a name read as another state's, a name lost
// as ambiguous.
func TestCountryMentions(t *testing.T) {
	x := testExtractor(t)
	cases := []struct {
		name, lang, text string
		want, notWant    []string
	}{
		{"a genitive is not an indeclinable capital's stem", "ru",
			"Министр иностранных дел Китая Ван И прибыл в Москву.", []string{"CN", "RU"}, []string{"EC"}},
		{"indeclinable names still match as written", "ru",
			"Премьер-министр Японии посетил Кито.", []string{"JP", "EC"}, nil},
		{"Slavic place names in -ово decline", "ru",
			"Переговоры прошли в Косове.", []string{"XK"}, nil},
		{"a capitalized name alone in its article counts", "en",
			"China criticized the Quad as an attempt to contain its rise.", []string{"CN"}, nil},
		{"a surname is no capital's stem", "ru",
			"Премьер-министр Пакистана встретился с Имраном Ханом.", []string{"PK"}, []string{"VN"}},
		{"a lower-case ambiguous form alone does not", "es",
			"La parte china dijo que no.", nil, []string{"CN"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := x.Extract(Input{ID: "t", Lang: tc.lang, Text: tc.text})
			var got []string
			for _, c := range r.Countries {
				got = append(got, c.Code)
			}
			checkHas(t, "countries", got, tc.want, tc.notWant)
		})
	}
}

// TestRussianStem: which keys match through case endings.
func TestRussianStem(t *testing.T) {
	cases := []struct {
		key    string
		proper bool
		stem   string // "" for none
	}{
		{"лавров", true, ""},
		{"россия", true, "росс"},
		{"москва", true, "москв"},
		{"китай", true, "кита"},
		{"кито", true, ""},
		{"токио", true, ""},
		{"зимбабве", true, ""},
		{"моди", true, ""},
		{"косово", true, "косов"},
		{"соглашение", false, "соглашени"},
		{"санкции", false, "санкци"},
		{"ван", true, ""},
		{"ханой", true, "хано"},
		{"толстой", false, "толст"},
	}
	for _, c := range cases {
		stem, ok := russianStem(c.key, c.proper)
		if ok != (c.stem != "") || stem != c.stem {
			t.Errorf("russianStem(%q, %v) = %q, %v; want %q", c.key, c.proper, stem, ok, c.stem)
		}
	}
}
