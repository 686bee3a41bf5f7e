package extract

import (
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
