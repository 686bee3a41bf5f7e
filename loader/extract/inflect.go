package extract

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// russianNameCases returns a Russian name of several words in the oblique
// cases, every word declined as Russian declines the words of a person's
// name: "Владимир Путин" gives "Владимира Путина", "Владимиру Путину",
// "Владимиром Путиным", "Владимире Путине"; "Реджеп Тайип Эрдоган" gives
// "Реджепом Тайипом Эрдоганом". A single word needs none of this: its
// case endings are matched after it. A multi-word name is matched as a
// whole, and news names people in every case ("переговоры с Владимиром
// Путиным"), so the forms are made once, when the dictionaries are
// compiled.
//
// Words that Russian does not decline stay as they are: names ending in
// -о, -е, -и, -у, -ю, -э ("Моди", "Ван И"), and a woman's surname ending
// in a consonant ("Анналена Бербок"). A word ending in -ин gets both the
// Russian surname's instrumental ("Путиным") and the noun's ("Цзиньпином").
func russianNameCases(name string) []string {
	words := strings.Fields(name)
	if len(words) < 2 {
		return nil
	}
	female := isFemaleFirstName(words[0])
	// forms[i][c] are the forms of word i in case c.
	forms := make([][numObliqueCases][]string, len(words))
	for i, w := range words {
		forms[i] = declineNameWord(w, female, i == len(words)-1)
	}
	var out []string
	seen := map[string]bool{name: true}
	for c := range numObliqueCases {
		// The words of a name stand in the same case; a word with two
		// forms in a case gives two names.
		phrases := []string{""}
		for i := range words {
			var next []string
			for _, p := range phrases {
				for _, f := range forms[i][c] {
					if p != "" {
						f = p + " " + f
					}
					next = append(next, f)
				}
			}
			phrases = next
		}
		for _, p := range phrases {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// The oblique cases: genitive, dative, accusative, instrumental,
// prepositional.
const numObliqueCases = 5

// maleNamesInA are men's first names that end in -а or -я, which are
// otherwise women's.
var maleNamesInA = map[string]bool{
	"никита": true, "илья": true, "фома": true, "кузьма": true, "лука": true, "нарендра": true,
	"шива": true, "мустафа": true, "иса": true, "муса": true, "яхья": true, "хамза": true, "абба": true,
}

func isFemaleFirstName(w string) bool {
	lw := strings.ToLower(w)
	return (strings.HasSuffix(lw, "а") || strings.HasSuffix(lw, "я")) && !maleNamesInA[lw]
}

// declineNameWord gives the forms of one word of a name in each oblique
// case; the word itself in each case where it does not decline.
func declineNameWord(w string, female, last bool) (forms [numObliqueCases][]string) {
	same := func() [numObliqueCases][]string {
		for c := range forms {
			forms[c] = []string{w}
		}
		return forms
	}
	set := func(stem string, endings ...string) [numObliqueCases][]string {
		for c, e := range endings {
			for _, alt := range strings.Split(e, "|") {
				forms[c] = append(forms[c], stem+alt)
			}
		}
		return forms
	}
	lw := strings.ToLower(w)
	r, size := utf8.DecodeLastRuneInString(lw)
	if size == 0 || r < 'а' && r != 'ё' || r > 'я' && r != 'ё' {
		return same() // a word not written in Russian letters
	}
	stem := w[:len(w)-size]
	prev, _ := utf8.DecodeLastRuneInString(strings.ToLower(stem))
	hushing := strings.ContainsRune("жшчщц", prev)
	velarOrHushing := strings.ContainsRune("гкхжшчщ", prev)
	switch {
	case strings.ContainsRune("оеёиуюэы", r):
		return same()
	case last && female && (strings.HasSuffix(lw, "ская") || strings.HasSuffix(lw, "цкая")):
		s := w[:len(w)-len("ая")]
		return set(s, "ой", "ой", "ую", "ой", "ой")
	case last && female && hasAnySuffix(lw, "ова", "ева", "ёва", "ина", "ына"):
		return set(stem, "ой", "ой", "у", "ой", "ой")
	case r == 'а':
		gen, ins := "ы", "ой"
		if velarOrHushing {
			gen = "и"
		}
		if hushing {
			ins = "ей"
		}
		return set(stem, gen, "е", "у", ins, "е")
	case r == 'я':
		if prev == 'и' {
			return set(stem, "и", "и", "ю", "ей", "и")
		}
		return set(stem, "и", "е", "ю", "ей", "е")
	case female:
		return same() // "Анналена Бербок"
	case last && hasAnySuffix(lw, "ский", "цкий", "ской", "цкой"):
		s := w[:len(w)-len("ий")]
		return set(s, "ого", "ому", "ого", "им", "ом")
	case last && hasAnySuffix(lw, "ый", "ой"):
		s := w[:len(w)-len("ый")]
		return set(s, "ого", "ому", "ого", "ым", "ом")
	case r == 'й':
		if strings.HasSuffix(lw, "ий") {
			return set(stem, "я", "ю", "я", "ем", "и") // "Дмитрий": Дмитрии
		}
		return set(stem, "я", "ю", "я", "ем", "е") // "Сергей"
	case r == 'ь':
		return set(stem, "я", "ю", "я", "ем", "е") // "Игорь"
	case last && hasAnySuffix(lw, "ов", "ев", "ёв", "ин", "ын"):
		ins := "ым"
		if hasAnySuffix(lw, "ин", "ын") {
			ins = "ым|ом" // "Путиным", "Цзиньпином"
		}
		return set(w, "а", "у", "а", ins, "е")
	default:
		ins := "ом"
		if strings.ContainsRune("жшчщц", r) {
			ins = "ем" // "Шольцем"
		}
		return set(w, "а", "у", "а", ins, "е")
	}
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// russianPhraseCases returns the name of an organization or a place of
// several words in the oblique cases: its leading adjectives and the noun
// they qualify decline, the words after that noun stay ("Шанхайская
// организация сотрудничества" gives "Шанхайской организации
// сотрудничества"; "Организация Объединённых Наций" gives "Организации
// Объединённых Наций"). Names whose head is plural, or whose gender the
// words do not tell, give none.
func russianPhraseCases(name string) []string {
	words := strings.Fields(name)
	if len(words) < 2 {
		return nil
	}
	var forms [][numObliqueCases]string
	gender := byte(0) // of the adjectives: 'm', 'f', 'n'
	head := -1
	for i, w := range words {
		if hasAnySuffix(strings.ToLower(w), "ые", "кие", "гие", "хие", "жие", "шие", "чие", "щие") {
			return nil // a plural adjective: "Объединённые Арабские Эмираты"
		}
		if f, g, ok := declineAdjective(w); ok {
			if gender != 0 && g != gender {
				return nil
			}
			gender = g
			forms = append(forms, f)
			continue
		}
		f, ok := declineHeadNoun(w, gender)
		if !ok {
			return nil
		}
		forms = append(forms, f)
		head = i
		break
	}
	if head < 0 {
		return nil
	}
	rest := strings.Join(words[head+1:], " ")
	var out []string
	for c := range numObliqueCases {
		parts := make([]string, 0, len(words))
		for _, f := range forms {
			parts = append(parts, f[c])
		}
		if rest != "" {
			parts = append(parts, rest)
		}
		if p := strings.Join(parts, " "); p != name && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// declineAdjective gives an adjective's oblique forms (the accusative of
// a masculine or neuter one is its nominative: the names are of things),
// and its gender.
func declineAdjective(w string) (f [numObliqueCases]string, gender byte, ok bool) {
	lw := strings.ToLower(w)
	if utf8.RuneCountInString(lw) < 4 {
		return f, 0, false
	}
	stem := w[:len(w)-len("ый")] // every ending below is two Cyrillic letters
	prev, _ := utf8.DecodeLastRuneInString(strings.ToLower(stem))
	// Soft endings: -ний, -няя, -нее, and -ий/-ая/-ее after ж, ш, ч, щ
	// ("Общий": Общего); a stressed -ой stays hard ("Большой": Большого).
	hushing := strings.ContainsRune("жшчщ", prev)
	soft := hasAnySuffix(lw, "ний", "няя", "нее") || hushing && !strings.HasSuffix(lw, "ой")
	velar := strings.ContainsRune("гкх", prev)
	switch {
	case hasAnySuffix(lw, "ый", "ий", "ой"):
		gen, dat, ins, prep := "ого", "ому", "ым", "ом"
		if soft {
			gen, dat, ins, prep = "его", "ему", "им", "ем"
		} else if velar || strings.HasSuffix(lw, "ий") {
			ins = "им"
		}
		return [numObliqueCases]string{stem + gen, stem + dat, w, stem + ins, stem + prep}, 'm', true
	case hasAnySuffix(lw, "ая", "яя"):
		obl, acc := "ой", "ую"
		if soft {
			obl, acc = "ей", "юю"
		}
		return [numObliqueCases]string{stem + obl, stem + obl, stem + acc, stem + obl, stem + obl}, 'f', true
	case hasAnySuffix(lw, "ое", "ее"):
		gen, dat, ins, prep := "ого", "ому", "ым", "ом"
		if soft {
			gen, dat, ins, prep = "его", "ему", "им", "ем"
		} else if velar {
			ins = "им"
		}
		return [numObliqueCases]string{stem + gen, stem + dat, w, stem + ins, stem + prep}, 'n', true
	}
	return f, 0, false
}

// declineHeadNoun gives the oblique forms of the noun a name is about,
// of the gender its adjectives have (0: none; the noun's ending tells).
func declineHeadNoun(w string, gender byte) (f [numObliqueCases]string, ok bool) {
	lw := strings.ToLower(w)
	r, size := utf8.DecodeLastRuneInString(lw)
	if size == 0 || r < 'а' || r > 'я' || w == strings.ToUpper(w) {
		return f, false // not Russian, or an acronym ("ООН")
	}
	stem := w[:len(w)-size]
	prev, _ := utf8.DecodeLastRuneInString(strings.ToLower(stem))
	switch {
	case strings.HasSuffix(lw, "ия") && gender != 'm' && gender != 'n':
		return [numObliqueCases]string{stem + "и", stem + "и", stem + "ю", stem + "ей", stem + "и"}, true
	case strings.HasSuffix(lw, "ие") && gender != 'm' && gender != 'f':
		return [numObliqueCases]string{stem + "я", stem + "ю", w, stem + "ем", stem + "и"}, true
	case (r == 'а' || r == 'я') && gender != 'm' && gender != 'n':
		gen, ins := "ы", "ой"
		if r == 'я' {
			gen, ins = "и", "ей"
		} else if strings.ContainsRune("гкхжшчщ", prev) {
			gen = "и"
		}
		if r == 'а' && strings.ContainsRune("жшчщц", prev) {
			ins = "ей"
		}
		acc := "у"
		if r == 'я' {
			acc = "ю"
		}
		return [numObliqueCases]string{stem + gen, stem + "е", stem + acc, stem + ins, stem + "е"}, true
	case (r == 'о' || r == 'е') && gender != 'm' && gender != 'f':
		return [numObliqueCases]string{stem + "а", stem + "у", w, stem + "ом", stem + "е"}, true
	case r == 'ь' && gender == 'm':
		return [numObliqueCases]string{stem + "я", stem + "ю", w, stem + "ем", stem + "е"}, true
	case r == 'ь' && gender == 'f':
		return [numObliqueCases]string{stem + "и", stem + "и", w, w + "ю", stem + "и"}, true
	case r == 'й' && gender != 'f' && gender != 'n':
		return [numObliqueCases]string{stem + "я", stem + "ю", w, stem + "ем", stem + "е"}, true
	case !strings.ContainsRune("аеёиоуыэюяйь", r) && gender != 'f' && gender != 'n':
		ins := "ом"
		if strings.ContainsRune("жшчщц", r) {
			ins = "ем"
		}
		return [numObliqueCases]string{w + "а", w + "у", w, w + ins, w + "е"}, true
	}
	return f, false
}
