package graphtest

import (
	"fmt"

	"github.com/dipgraph/dipgraph/graph"
)

// Article ids of the corpus.
const (
	ArtHindi   = "hi-wangyi-lavrov"
	ArtUrdu    = "ur-wangyi-lavrov"
	ArtRussian = "ru-lavrov"
	ArtChinese = "zh-sco"
	ArtEnglish = "en-blinken"
)

// Corpus returns five articles in Hindi, Urdu, Russian, Chinese and English
// about the same small world: Wang Yi meeting Sergey Lavrov in Moscow
// (reported by three of them, with conflicting subtypes and statuses), an
// SCO summit, criticism, support and undated events. Most subtests run on
// it. Its events:
//
//	E1  meet      2024-07-14  wang-yi, lavrov, CN, RU   hi+ur+zh, at moscow
//	E2  cooperate 2024-07-14  CN, RU                    hi
//	E3  meet      2024-07-10  dar, wang-yi, CN, PK      ur, at beijing
//	E4  agree     undated     CN, PK                    ur
//	E5  criticize 2024-06-19  RU -> US                  ru
//	E6  meet      2024-06-18  lavrov, jaishankar, RU, IN ru, at moscow
//	E7  meet      2024-07-04  SCO, CN, RU, IN, PK       zh
//	E8  criticize 2024-05-01  US -> CN                  en
//	E9  meet      undated     blinken, jaishankar, US, IN en
//	E10 support   2024-04-30  US -> IN                  en
func Corpus() []graph.ArticleGraph {
	return []graph.ArticleGraph{CorpusHindi(), CorpusUrdu(), CorpusRussian(), CorpusChinese(), CorpusEnglish()}
}

// CorpusHindi is the Hindi report of Wang Yi meeting Lavrov in Moscow.
func CorpusHindi() graph.ArticleGraph {
	return NewArticle(ArtHindi).Lang("hi").Source("bbc-hindi").Published("2024-07-15").
		Title("वांग यी ने मॉस्को में लावरोव से मुलाकात की").
		Country("CN", "चीन").Mention(C("CN"), 3).
		Country("RU", "रूस").Mention(C("RU"), 3).
		Person("wang-yi", "Wang Yi", "CN", "foreign minister", "वांग यी").Mention(P("wang-yi"), 2).
		Person("lavrov", "Sergey Lavrov", "RU", "foreign minister", "लावरोव").Mention(P("lavrov"), 2).
		Place("moscow", "Moscow", "RU", "capital", "मॉस्को").
		Topic("ukraine", "Ukraine", "यूक्रेन").
		Topic("security", "Security").
		Topic("energy", "Energy").
		Meeting("2024-07-14", P("wang-yi"), P("lavrov"), C("CN"), C("RU")).
		Subtype("talks").Status(graph.StatusScheduled).At("moscow").About("ukraine", "security").Confidence(0.9).
		Sentence("चीन के विदेश मंत्री वांग यी ने मॉस्को में रूसी विदेश मंत्री लावरोव से मुलाकात की।", 120).
		Multi(graph.EventCooperate, "2024-07-14", C("CN"), C("RU")).About("energy").Confidence(0.7).
		Build()
}

// CorpusUrdu is the Urdu report of the same meeting, and of Pakistan–China ties.
func CorpusUrdu() graph.ArticleGraph {
	return NewArticle(ArtUrdu).Lang("ur").Source("dawn").Published("2024-07-16").
		Title("وانگ یی کی ماسکو میں لاوروف سے ملاقات").
		Country("CN", "چین").Country("RU", "روس").Country("PK", "پاکستان").
		Person("wang-yi", "Wang Yi", "CN", "foreign minister", "وانگ یی").
		Person("lavrov", "Sergey Lavrov", "RU", "foreign minister", "لاوروف").
		Person("dar", "Ishaq Dar", "PK", "foreign minister", "اسحاق ڈار").
		Place("moscow", "Moscow", "RU", "capital", "ماسکو").
		Place("beijing", "Beijing", "CN", "capital").
		Topic("ukraine", "Ukraine").Topic("trade", "Trade").
		Meeting("2024-07-14", P("wang-yi"), P("lavrov"), C("CN"), C("RU")).
		Subtype("visit").Status(graph.StatusHeld).At("moscow").About("ukraine", "trade").Confidence(0.8).
		Meeting("2024-07-10", P("dar"), P("wang-yi"), C("CN"), C("PK")).
		Subtype("visit").Status(graph.StatusHeld).At("beijing").Confidence(0.85).
		Multi(graph.EventAgree, "", C("CN"), C("PK")).About("trade").Confidence(0.6).
		Build()
}

// CorpusRussian is a Russian report of Lavrov criticizing the US and meeting Jaishankar.
func CorpusRussian() graph.ArticleGraph {
	return NewArticle(ArtRussian).Lang("ru").Source("tass").Published("2024-06-20").
		Title("Лавров раскритиковал США").
		Country("RU", "Россия").Country("US", "США").Country("IN", "Индия").
		Person("lavrov", "Sergey Lavrov", "RU", "foreign minister", "Лавров").
		Person("jaishankar", "S. Jaishankar", "IN", "external affairs minister", "Джайшанкар").
		Place("moscow", "Moscow", "RU", "capital", "Москва").
		Topic("ukraine", "Ukraine", "Украина").
		Event(graph.EventCriticize, "2024-06-19", C("RU"), C("US")).About("ukraine").Confidence(0.75).
		Meeting("2024-06-18", P("lavrov"), P("jaishankar"), C("RU"), C("IN")).
		Subtype("talks").Status(graph.StatusHeld).At("moscow").Confidence(0.9).
		Build()
}

// CorpusChinese is a Chinese report of the same meeting and an SCO summit.
func CorpusChinese() graph.ArticleGraph {
	return NewArticle(ArtChinese).Lang("zh").Source("xinhua").Published("2024-07-15").
		Title("王毅会见拉夫罗夫").
		Country("CN", "中国").Country("RU", "俄罗斯").Country("IN", "印度").Country("PK", "巴基斯坦").
		Org("SCO", "Shanghai Cooperation Organisation", "CN", "IN", "PK", "RU").
		Alias(O("SCO"), "zh", "上海合作组织").
		Person("wang-yi", "Wang Yi", "CN", "foreign minister", "王毅").
		Person("lavrov", "Sergei Lavrov", "RU", "foreign minister", "拉夫罗夫").
		Entity(graph.Entity{Kind: graph.KindPerson, ID: "qin-gang", Name: "Qin Gang", Country: "CN",
			Role:    "former foreign minister",
			Offices: []graph.Office{{Role: "foreign minister", Country: "CN", From: "2022-12-30", To: "2023-07-25"}},
			Aliases: []graph.Name{{Text: "秦刚", Lang: "zh"}}}).
		Place("moscow", "Moscow", "RU", "capital", "莫斯科").
		Topic("security", "Security", "安全").
		Meeting("2024-07-14", P("wang-yi"), P("lavrov"), C("CN"), C("RU")).
		Status(graph.StatusScheduled).At("moscow").About("security").Confidence(0.95).
		Meeting("2024-07-04", O("SCO"), C("CN"), C("RU"), C("IN"), C("PK")).
		Subtype("summit").Status(graph.StatusHeld).About("security").Confidence(0.9).
		Build()
}

// CorpusEnglish is an English report on US diplomacy.
func CorpusEnglish() graph.ArticleGraph {
	return NewArticle(ArtEnglish).Lang("en").Source("reuters").Published("2024-05-02").
		Title("Blinken criticizes China, backs India").
		Country("US", "USA").Country("CN").Country("IN").
		Person("blinken", "Antony Blinken", "US", "secretary of state").
		Person("jaishankar", "Subrahmanyam Jaishankar", "IN", "external affairs minister").
		Org("UN", "United Nations").
		Topic("trade", "Trade").Topic("security", "Security").
		Event(graph.EventCriticize, "2024-05-01", C("US"), C("CN")).About("trade", "security").Confidence(0.8).
		Meeting("", P("blinken"), P("jaishankar"), C("US"), C("IN")).Subtype("call").Confidence(0.5).
		Event(graph.EventSupport, "2024-04-30", C("US"), C("IN")).Confidence(0.65).
		Build()
}

// CorpusEvent returns the id of the corpus event Ei (1..10).
func CorpusEvent(i int) string {
	switch i {
	case 1:
		return EventIDOf(graph.EventMeet, "2024-07-14", "", P("wang-yi"), P("lavrov"), C("CN"), C("RU"))
	case 2:
		return EventIDOf(graph.EventCooperate, "2024-07-14", "", C("CN"), C("RU"))
	case 3:
		return EventIDOf(graph.EventMeet, "2024-07-10", "", P("dar"), P("wang-yi"), C("CN"), C("PK"))
	case 4:
		return EventIDOf(graph.EventAgree, "", ArtUrdu, C("CN"), C("PK"))
	case 5:
		return EventIDOf(graph.EventCriticize, "2024-06-19", "", C("RU"), C("US"))
	case 6:
		return EventIDOf(graph.EventMeet, "2024-06-18", "", P("lavrov"), P("jaishankar"), C("RU"), C("IN"))
	case 7:
		return EventIDOf(graph.EventMeet, "2024-07-04", "", O("SCO"), C("CN"), C("RU"), C("IN"), C("PK"))
	case 8:
		return EventIDOf(graph.EventCriticize, "2024-05-01", "", C("US"), C("CN"))
	case 9:
		return EventIDOf(graph.EventMeet, "", ArtEnglish, P("blinken"), P("jaishankar"), C("US"), C("IN"))
	case 10:
		return EventIDOf(graph.EventSupport, "2024-04-30", "", C("US"), C("IN"))
	}
	panic(fmt.Sprintf("graphtest: no corpus event E%d", i))
}
