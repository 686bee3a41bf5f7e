package extract

import (
	"slices"
	"testing"
)

// TestRelationRules holds one short article per class of error in picking
// the source and target of a directed relation.
func TestRelationRules(t *testing.T) {
	x := testExtractor(t)
	cases := []struct {
		name, lang, text string
		want, notWant    []string // "type:SOURCE>TARGET"
	}{
		{
			name: "each relation takes the state after its own trigger",
			lang: "fr",
			text: "La France a annoncé une nouvelle aide militaire à l'Ukraine et a condamné l'agression russe.",
			want: []string{"aid:FR>UA", "criticize:FR>RU"}, notWant: []string{"criticize:FR>UA"},
		},
		{
			name: "a pronoun after the trigger stands for the state named before it",
			lang: "en",
			text: "Britain summoned Iran's ambassador in London and warned him that supplying missiles to Russia would have consequences.",
			want: []string{"threaten:GB>IR"}, notWant: []string{"threaten:GB>RU"},
		},
		{
			name: "a state just after the trigger is its object, whatever a mark says later",
			lang: "en",
			text: "Secretary of State Marco Rubio expressed concern over China's coercive actions against Taiwan.",
			want: []string{"criticize:US>CN"}, notWant: []string{"criticize:US>TW"},
		},
		{
			name: "both governments condemn a third, whose sanctions target a fourth",
			lang: "es",
			text: "La canciller mexicana Alicia Bárcena y su homólogo colombiano Álvaro Leyva firmaron un acuerdo de cooperación en materia migratoria. " +
				"Ambos gobiernos condenaron las sanciones de Estados Unidos contra Venezuela.",
			want:    []string{"criticize:MX>US", "criticize:CO>US", "sanction:US>VE"},
			notWant: []string{"criticize:US>VE", "sanction:VE>US", "sanction:MX>US"},
		},
		{
			name: "in Hindi the state joined to the trigger by की is its object",
			lang: "hi",
			text: "रूस ने यूक्रेन को हथियार देने के लिए अमेरिका की आलोचना की।",
			want: []string{"criticize:RU>US"}, notWant: []string{"criticize:RU>UA"},
		},
		{
			name:    "a state named before the object of its own verb is its subject",
			lang:    "hi",
			text:    "प्रधानमंत्री नरेंद्र मोदी ने यूक्रेन के राष्ट्रपति वोलोदिमीर जेलेंस्की से मुलाकात की और कहा कि भारत शांति का समर्थन करता है।",
			notWant: []string{"support:UA>IN"},
		},
		{
			name:    "an organization as the subject leaves no state to be the source",
			lang:    "hi",
			text:    "नाटो ने यूक्रेन पर रूसी हमले की कड़े शब्दों में निंदा की।",
			notWant: []string{"criticize:RU>UA", "criticize:UA>RU"},
		},
		{
			name: "a state as the subject, the demonym's state as the object",
			lang: "hi",
			text: "भारत ने यूक्रेन पर रूसी हमले की निंदा की।",
			want: []string{"criticize:IN>RU"}, notWant: []string{"criticize:RU>UA"},
		},
		{
			name:    "a state a thing is done to is no source",
			lang:    "ur",
			text:    "اجلاس میں غزہ اور لبنان پر اسرائیلی جارحیت کی مذمت کی گئی۔",
			notWant: []string{"criticize:IL>LB", "criticize:LB>IL"},
		},
		{
			name:    "an adjective before a noun trigger says whose it is",
			lang:    "hi",
			text:    "ईरान पर नए अमेरिकी प्रतिबंधों को लेकर रूस चिंतित है।",
			notWant: []string{"sanction:RU>US", "sanction:IR>US"},
		},
		{
			name:    "a state that locates the venue city takes no part",
			lang:    "ur",
			text:    "چین کے دارالحکومت بیجنگ میں سعودی عرب اور ایران نے سفارتی تعلقات بحال کرنے پر اتفاق کیا۔",
			want:    []string{"agree:SA>IR"},
			notWant: []string{"agree:CN>SA", "agree:SA>CN", "agree:CN>IR", "agree:IR>CN"},
		},
		{
			name: "Chinese target marks are written joined, and the nearest counts",
			lang: "zh",
			text: "中方坚决反对美方对华出口管制和制裁。",
			want: []string{"criticize:CN>US", "sanction:US>CN"}, notWant: []string{"sanction:CN>US"},
		},
		{
			name: "the two leaders are the article's pair",
			lang: "en",
			text: "Prime Minister Narendra Modi held talks with UAE President Sheikh Mohamed bin Zayed Al Nahyan on Tuesday. " +
				"The two leaders witnessed the exchange of eight agreements.",
			want: []string{"agree:IN>AE"},
		},
		{
			name:    "states that all follow the verb are its objects, not its sides",
			lang:    "en",
			text:    "BRICS leaders agreed on Thursday to admit Saudi Arabia, Iran, Egypt, Argentina, Ethiopia and the United Arab Emirates as new members.",
			notWant: []string{"agree:SA>IR", "agree:IR>SA"},
		},
		{
			name: "between introduces the sides of a relation named by a noun",
			lang: "en",
			text: "The agreement between India and Japan on high-speed rail was signed in Tokyo.",
			want: []string{"agree:IN>JP"},
		},
		{
			name: "the two sides criticizing a third are not each other's target",
			lang: "en",
			text: "Brazilian President Luiz Inácio Lula da Silva met South African President Cyril Ramaphosa in Brasília. " +
				"The two sides agreed to expand trade. The two sides also criticized unilateral sanctions imposed by Western countries.",
			want:    []string{"agree:BR>ZA"},
			notWant: []string{"criticize:BR>ZA", "criticize:ZA>BR", "sanction:BR>ZA", "sanction:ZA>BR"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := x.Extract(Input{ID: "t", Lang: tc.lang, Published: "2024-05-01", Text: tc.text})
			var got []string
			for _, rel := range r.Relations {
				got = append(got, rel.Type+":"+rel.Source+">"+rel.Target)
				if symmetricName(rel.Type) {
					got = append(got, rel.Type+":"+rel.Target+">"+rel.Source)
				}
			}
			checkHas(t, "relations", got, tc.want, tc.notWant)
		})
	}
}

// checkHas reports each of want that got lacks and each of notWant that
// it has.
func checkHas(t *testing.T, what string, got, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %s; %s %v", w, what, got)
		}
	}
	for _, w := range notWant {
		if slices.Contains(got, w) {
			t.Errorf("unwanted %s; %s %v", w, what, got)
		}
	}
}
