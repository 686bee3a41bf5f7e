package extract

import (
	"strings"
)

// homeCountry is the state whose ministries a paper in a language names
// without saying whose they are: "外交部" in Chinese news is China's,
// "МИД" in Russian news Russia's, "विदेश मंत्रालय" in Hindi news India's.
var homeCountry = map[string]string{"zh": "CN", "ru": "RU", "hi": "IN", "ur": "PK"}

// findMinistries turns ministry mentions into organizations of the state
// named next to them ("Russian Foreign Ministry", "МИД России", "وزارة
// الخارجية الروسية") or, failing that, of the paper's home country.
func (d *doc) findMinistries() {
	for _, s := range d.sents {
		for i, h := range s.hits {
			t, ok := h.target(FormMinistry)
			if !ok {
				continue
			}
			m := d.x.dict.Ministries[t.Index]
			country, start, end := m.Country, h.start, h.end
			if country == "" {
				// The nearest country mention touching the ministry's name.
				if i > 0 {
					if c := s.hits[i-1].country; c != "" && h.nstart-s.hits[i-1].nend <= 4 {
						country, start = c, s.hits[i-1].start
					}
				}
				if country == "" && i+1 < len(s.hits) {
					if c := s.hits[i+1].country; c != "" && s.hits[i+1].nstart-h.nend <= 4 {
						country, end = c, s.hits[i+1].end
					}
				}
			}
			if country == "" {
				// The state named last before it in the sentence ("Iran ...
				// the foreign ministry said"), else the paper's own state.
				for k := i - 1; k >= 0 && country == ""; k-- {
					if c := s.hits[k].country; c != "" && s.hits[k].place == "" {
						country = c
					}
				}
			}
			if country == "" {
				country = homeCountry[d.lang]
			}
			c := d.x.countries[country]
			if c == nil {
				continue
			}
			id := m.ID + "-" + country
			if d.ministryNames == nil {
				d.ministryNames = map[string]string{}
			}
			d.ministryNames[id] = strings.ReplaceAll(m.Name, "{country}", c.Name)
			h.org = id
			addRef(d.orgs, id, d.text[start:end], h.start)
		}
	}
}
