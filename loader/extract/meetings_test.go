package extract

import (
	"sort"
	"strings"
	"testing"
)

// meetingKey is a meeting as "status:AA-BB" with its states sorted, the
// form the cases below list them in.
func meetingKey(e *Event) string {
	cs := append([]string(nil), e.Countries...)
	sort.Strings(cs)
	return e.Status + ":" + strings.Join(cs, "-")
}

// TestMeetingRules holds one short article per class of meeting error the
// rules are there to avoid: who the sides are, one meeting or several, and
// when a sentence speaks again of a meeting already reported.
func TestMeetingRules(t *testing.T) {
	x := testExtractor(t)
	cases := []struct {
		name, lang, published, text string
		want                        []string // meetingKey of each meeting, in order
		noParticipant               string   // a person who must not be a participant
	}{
		{
			name: "counterparts after with belong to the subject of the sentence before",
			lang: "en", published: "2020-09-10",
			text: "Indian External Affairs Minister Subrahmanyam Jaishankar held talks with Russian Foreign Minister Sergey Lavrov on Wednesday. " +
				"He also had bilateral meetings with the foreign ministers of Kyrgyzstan and Tajikistan.",
			want: []string{"held:IN-RU", "held:IN-KG", "held:IN-TJ"},
		},
		{
			name: "a companion after के साथ is not the subject the next sentence continues",
			lang: "hi", published: "2024-07-08",
			text: "प्रधानमंत्री नरेंद्र मोदी सोमवार को दो दिवसीय यात्रा पर रूस के लिए रवाना हुए। " +
				"मॉस्को में वह राष्ट्रपति व्लादिमीर पुतिन के साथ भारत-रूस वार्षिक शिखर सम्मेलन में हिस्सा लेंगे। " +
				"इसके बाद प्रधानमंत्री ऑस्ट्रिया जाएंगे, जहां वह चांसलर कार्ल नेहमर से मुलाकात करेंगे।",
			// The trip and the summit it is for are one meeting, to come.
			want: []string{"scheduled:IN-RU", "scheduled:AT-IN"},
		},
		{
			name: "hosting the leaders of several states for a summit is one meeting",
			lang: "en",
			text: "President Joe Biden hosted the leaders of Australia, India and Japan in Wilmington on Saturday for a Quad summit.",
			want: []string{"held:AU-IN-JP-US"},
		},
		{
			name: "people joined to a counterpart are counterparts too",
			lang: "ur",
			text: "وزیر خارجہ بلاول بھٹو زرداری شنگھائی تعاون تنظیم کے اجلاس میں شرکت کے لیے بھارت پہنچ گئے۔ " +
				"انہوں نے روسی وزیر خارجہ سرگئی لاوروف اور چینی وزیر خارجہ چن گانگ سے ملاقاتیں کیں۔",
			want: []string{"held:IN-PK", "held:PK-RU", "held:CN-PK"},
		},
		{
			name: "the city of a Chinese dateline after the agency is no side",
			lang: "zh", published: "2024-07-26",
			text: "新华社万象7月26日电 外交部长王毅26日在老挝万象出席东亚合作系列外长会期间会见美国国务卿布林肯。",
			want: []string{"held:CN-US"},
		},
		{
			name: "the Urdu past \"پہنچ گئے\" is no future particle",
			lang: "ur",
			text: "ترک صدر رجب طیب اردوان سرکاری دورے پر پاکستان پہنچ گئے۔",
			want: []string{"held:PK-TR"},
		},
		{
			name: "the head of an international organization speaks for it, not for his state",
			lang: "en", published: "2023-05-10",
			text: "NATO Secretary-General Jens Stoltenberg met Ukrainian President Volodymyr Zelensky in Kyiv.",
			want: []string{"held:UA"},
		},
		{
			name: "a meeting a state criticizes is not one it attends",
			lang: "en",
			text: "China criticized the G20 meeting held by India in Arunachal Pradesh.",
			want: nil,
		},
		{
			name: "बैठक की before another trigger is of the meeting, not held a meeting",
			lang: "hi",
			text: "चीन ने अरुणाचल प्रदेश में भारत द्वारा आयोजित जी20 बैठक की आलोचना की है।",
			want: nil,
		},
		{
			name: "a meeting held and a criticism in one sentence",
			lang: "hi",
			text: "विदेश मंत्री एस जयशंकर ने चीन के विदेश मंत्री वांग यी के साथ बैठक की और सीमा विवाद की आलोचना की।",
			want: []string{"held:CN-IN"},
		},
		{
			name: "a state that locates the venue city is no side",
			lang: "en",
			text: "Turkish President Recep Tayyip Erdogan met Azerbaijani President Ilham Aliyev in China's Tianjin on Monday.",
			want: []string{"held:AZ-TR"},
		},
		{
			name: "counterparts from several states are bilateral meetings with the subject",
			lang: "en",
			text: "Egyptian President Abdel Fattah al-Sisi met with counterparts from Ghana, Sudan and Togo.",
			want: []string{"held:EG-GH", "held:EG-SD", "held:EG-TG"},
		},
		{
			name: "each clause with its own counterpart is its own meeting",
			lang: "zh",
			text: "访问南非期间,王毅将会见南非总统拉马福萨,同南非外长潘多尔举行会谈。",
			want: []string{"scheduled:CN-ZA", "scheduled:CN-ZA"},
		},
		{
			name: "leaving for a city abroad is a visit to its state",
			lang: "hi",
			text: "नेपाल के विदेश मंत्री नारायणकाजी श्रेष्ठ आज रात तेहरान के लिए रवाना होंगे।",
			want: []string{"scheduled:IR-NP"},
		},
		{
			name: "a meeting agreed in a phone call is a second meeting",
			lang: "en",
			text: "Saudi Foreign Minister Prince Faisal bin Farhan and his Iranian counterpart Hossein Amir-Abdollahian spoke by phone. " +
				"The two ministers agreed to hold a bilateral meeting soon, the two countries said.",
			want: []string{"held:IR-SA", "scheduled:IR-SA"},
		},
		{
			name: "a spokesperson is no participant and the date of the briefing is not the visit's",
			lang: "en", published: "2023-01-17",
			text: "Chinese foreign ministry spokesperson Wang Wenbin said on Tuesday that China welcomes the visit of US Secretary of State Antony Blinken. " +
				"Blinken will visit China on February 5.",
			want:          []string{"scheduled:CN-US"},
			noParticipant: "Wang Wenbin",
		},
		{
			name: "leaders arriving for a summit are part of the summit",
			lang: "en",
			text: "The summit of Brazil, Russia, India, China and South Africa opens in Johannesburg on Tuesday. " +
				"Indian Prime Minister Narendra Modi and Russian Foreign Minister Sergey Lavrov arrived in Johannesburg for the summit.",
			want: []string{"held:BR-CN-IN-RU-ZA"},
		},
		{
			name: "a future phrase next to the trigger makes the meeting scheduled",
			lang: "en",
			text: "Russian Foreign Minister Sergey Lavrov and Chinese Foreign Minister Wang Yi plan to hold talks in Moscow.",
			want: []string{"scheduled:CN-RU"},
		},
		{
			name: "a future word takes its inflections",
			lang: "ru",
			text: "Министр иностранных дел России Сергей Лавров обсудит с Ван И предстоящую встречу в Москве.",
			want: []string{"scheduled:CN-RU"},
		},
		{
			name: "without a future word a meeting was held",
			lang: "en",
			text: "Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi in Moscow.",
			want: []string{"held:CN-RU"},
		},
		{
			name: "a first name that is also a state's name is no side",
			lang: "fr",
			text: "Le président Alassane Ouattara et Mme Dominique Ouattara ont été accueillis par le président Emmanuel Macron.",
			want: []string{"held:CI-FR"},
		},
		{
			name: "talks about a peace deal with states only named around them are no meeting",
			lang: "en",
			text: "Asked how Germany could influence talks on a peace deal in the Ukraine war, Chancellor Friedrich Merz said Berlin works with France and Britain.",
			want: nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := x.Extract(Input{ID: "t", Lang: tc.lang, Published: tc.published, Text: tc.text})
			var got []string
			for _, e := range r.Events {
				got = append(got, meetingKey(e))
				for _, p := range e.Participants {
					if tc.noParticipant != "" && p == tc.noParticipant {
						t.Errorf("%s is a participant of %s", p, meetingKey(e))
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("meetings = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMeetingDate checks the dates meetings take from their sentence.
func TestMeetingDate(t *testing.T) {
	x := testExtractor(t)
	cases := []struct {
		name, lang, published, text, want string
	}{
		{"a year written out wins over the year of publication", "fr", "2023-01-25",
			"La dernière rencontre des présidents Alassane Ouattara et Emmanuel Macron a eu lieu le 16 mai 2021.", "2021-05-16"},
		{"a weekday before the trigger in a report is the report's", "en", "2023-01-17",
			"The spokesman said on Tuesday that Antony Blinken will meet Chinese Foreign Minister Qin Gang.", ""},
		{"a weekday after the trigger is the meeting's", "en", "2023-01-17",
			"Antony Blinken met Chinese Foreign Minister Qin Gang on Monday, the ministry said.", "2023-01-16"},
		{"a dateline the splitter made a sentence gives the lead its date", "ru", "2024-10-23",
			"КАЗАНЬ, 22 октября. Президент России Владимир Путин провел переговоры с премьер-министром Индии Нарендрой Моди.", "2024-10-22"},
		{"a Hindi agency dateline ends with a danda", "hi", "2024-10-23",
			"नई दिल्ली, 22 अक्टूबर (भाषा)। विदेश मंत्री एस जयशंकर ने रूस के विदेश मंत्री सर्गेई लावरोव से मुलाकात की।", "2024-10-22"},
		{"a date in the brackets of a dateline", "ur", "2024-10-23",
			"اسلام آباد (22 اکتوبر) پاکستان کے وزیر خارجہ اسحاق ڈار نے روس کے وزیر خارجہ سرگئی لاوروف سے ملاقات کی۔", "2024-10-22"},
		{"only the lead takes the dateline's date", "en", "2024-10-23",
			"NEW DELHI, Oct 22. The ministry issued a statement. S. Jaishankar met Russian Foreign Minister Sergei Lavrov.", ""},
		{"a long first sentence is no dateline", "en", "2024-10-23",
			"Officials in New Delhi said on 22 October that the ministry would publish its annual report soon. S. Jaishankar met Russian Foreign Minister Sergei Lavrov.", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := x.Extract(Input{ID: "t", Lang: tc.lang, Published: tc.published, Text: tc.text})
			if len(r.Events) != 1 {
				t.Fatalf("want one meeting, got %d", len(r.Events))
			}
			got := ""
			if r.Events[0].Date != nil {
				got = *r.Events[0].Date
			}
			if got != tc.want {
				t.Errorf("date = %q, want %q", got, tc.want)
			}
		})
	}
}
