package extract

import (
	"slices"
	"testing"
)

// TestRussianNameCases: the oblique cases of names of each declension.
func TestRussianNameCases(t *testing.T) {
	cases := []struct {
		name string
		want []string // some of the forms
		not  []string
	}{
		{"Владимир Путин", []string{"Владимира Путина", "Владимиру Путину", "Владимиром Путиным", "Владимире Путине"}, nil},
		{"Сергей Лавров", []string{"Сергея Лаврова", "Сергею Лаврову", "Сергеем Лавровым", "Сергее Лаврове"}, nil},
		{"Реджеп Тайип Эрдоган", []string{"Реджепом Тайипом Эрдоганом", "Реджепу Тайипу Эрдогану"}, nil},
		{"Нарендра Моди", []string{"Нарендры Моди", "Нарендре Моди", "Нарендру Моди", "Нарендрой Моди"}, nil},
		{"Си Цзиньпин", []string{"Си Цзиньпином", "Си Цзиньпина"}, nil},
		{"Мария Захарова", []string{"Марии Захаровой", "Марию Захарову"}, nil},
		{"Анналена Бербок", []string{"Анналены Бербок", "Анналеной Бербок"}, []string{"Анналены Бербока"}},
		{"Владимир Зеленский", []string{"Владимира Зеленского", "Владимиром Зеленским", "Владимире Зеленском"}, nil},
		{"Дмитрий Песков", []string{"Дмитрия Пескова", "Дмитрием Песковым"}, nil},
		{"Олаф Шольц", []string{"Олафом Шольцем"}, nil},
		{"Антониу Гутерреш", []string{"Антониу Гутерреша", "Антониу Гутеррешем"}, nil},
		{"Ван И", []string{"Ван И"}[:0], nil},
		{"Путин", nil, nil},
	}
	for _, c := range cases {
		got := russianNameCases(c.name)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("russianNameCases(%q) = %q, lacks %q", c.name, got, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("russianNameCases(%q) has %q", c.name, w)
			}
		}
		if slices.Contains(got, c.name) {
			t.Errorf("russianNameCases(%q) repeats the name", c.name)
		}
	}
	if got := russianNameCases("Путин"); got != nil {
		t.Errorf("a single word: %q", got)
	}
}

// TestRussianPhraseCases: the oblique cases of the names of organizations
// and places.
func TestRussianPhraseCases(t *testing.T) {
	cases := []struct {
		name string
		want []string
	}{
		{"Организация Объединенных Наций", []string{"Организации Объединенных Наций", "Организацией Объединенных Наций"}},
		{"Шанхайская организация сотрудничества", []string{"Шанхайской организации сотрудничества", "Шанхайскую организацию сотрудничества"}},
		{"Петербургский международный экономический форум", []string{"Петербургского международного экономического форума", "Петербургском международном экономическом форуме"}},
		{"Совет Безопасности ООН", []string{"Совета Безопасности ООН", "Совете Безопасности ООН"}},
		{"Генеральная Ассамблея ООН", []string{"Генеральной Ассамблеи ООН"}},
		{"Всемирная организация здравоохранения", []string{"Всемирной организации здравоохранения"}},
		{"Лига арабских государств", []string{"Лиги арабских государств"}},
		{"Европейское сообщество", []string{"Европейского сообщества"}},
		{"Управление Верховного комиссара ООН по правам человека", []string{"Управления Верховного комиссара ООН по правам человека"}},
		{"Красная площадь", []string{"Красной площади", "Красную площадь"}},
		{"Большой театр", []string{"Большого театра", "Большом театре"}},
		{"Общий фонд", []string{"Общего фонда", "Общим фондом"}},
	}
	for _, c := range cases {
		got := russianPhraseCases(c.name)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("russianPhraseCases(%q) = %q, lacks %q", c.name, got, w)
			}
		}
	}
	for _, name := range []string{"ООН", "Объединённые Арабские Эмираты", "BRICS plus"} {
		if got := russianPhraseCases(name); got != nil {
			t.Errorf("russianPhraseCases(%q) = %q, want none", name, got)
		}
	}
}
