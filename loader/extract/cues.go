package extract

import (
	"strings"

	"github.com/dipgraph/dipgraph/loader/textproc"
)

// Small closed-class word lists the extractor needs besides the
// dictionaries: weekdays, months, relative days, locative words, "both
// sides", and the function words that end a name. They are grammar, not
// world knowledge, so they live in code.

// weekdays maps weekday words (any of our languages, normalized) to
// time.Weekday numbers (Sunday = 0).
var weekdays = map[string]int{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
	"रविवार": 0, "सोमवार": 1, "मंगलवार": 2, "बुधवार": 3, "गुरुवार": 4, "बृहस्पतिवार": 4, "शुक्रवार": 5, "शनिवार": 6,
	"اتوار": 0, "پیر": 1, "سوموار": 1, "منگل": 2, "بدھ": 3, "جمعرات": 4, "جمعه": 5, "جمعہ": 5, "هفته": 6, "ہفتہ": 6, "ہفتے": 6,
	"воскресенье": 0, "понедельник": 1, "вторник": 2, "среду": 3, "среда": 3, "четверг": 4, "пятницу": 5, "пятница": 5, "субботу": 6, "суббота": 6,
	"星期日": 0, "星期天": 0, "周日": 0, "星期一": 1, "周一": 1, "星期二": 2, "周二": 2, "星期三": 3, "周三": 3, "星期四": 4, "周四": 4, "星期五": 5, "周五": 5, "星期六": 6, "周六": 6,
	"الاحد": 0, "الاثنين": 1, "الثلاثاء": 2, "الاربعاء": 3, "الخميس": 4, "الجمعه": 5, "السبت": 6,
	"dimanche": 0, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6,
	"domingo": 0, "lunes": 1, "martes": 2, "miércoles": 3, "jueves": 4, "viernes": 5, "sábado": 6,
	"sonntag": 0, "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6, "sonnabend": 6,
}

// relativeDays maps words for "today" and "yesterday" to a day offset.
// Hindi and Urdu "कल/کل" means both yesterday and tomorrow: the tense of a
// past report makes it yesterday in news, which is how it is read here.
var relativeDays = map[string]int{
	"today": 0, "yesterday": -1, "tomorrow": 1,
	"आज": 0, "कल": -1, "آج": 0, "کل": -1,
	"сегодня": 0, "вчера": -1, "завтра": 1,
	"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "明天": 1,
	"اليوم": 0, "امس": -1, "غدا": 1,
	"aujourd'hui": 0, "hier": -1, "demain": 1,
	"hoy": 0, "ayer": -1, "mañana": 1,
	"heute": 0, "gestern": -1, "morgen": 1,
}

// months maps month words (normalized; genitive forms for Russian) to
// 1..12.
var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"जनवरी": 1, "फरवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6, "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10, "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
	"جنوری": 1, "فروری": 2, "مارچ": 3, "اپریل": 4, "مئی": 5, "جون": 6, "جولائی": 7, "اگست": 8, "ستمبر": 9, "اکتوبر": 10, "نومبر": 11, "دسمبر": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	"کانون الثانی": 1, "شباط": 2, "اذار": 3, "نیسان": 4, "ایار": 5, "حزیران": 6, "تموز": 7, "اب": 8, "ایلول": 9, "تشرین الاول": 10, "تشرین الثانی": 11, "کانون الاول": 12,
	"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
}

// bothSides are phrases that refer to the two parties of the article's
// main meeting.
var bothSides = []string{
	"both countries", "both sides", "the two countries", "the two sides", "both nations", "the two nations",
	"दोनों देश", "दोनों देशों", "दोनों पक्ष", "दोनों पक्षों", "दोनों नेताओं", "दोनों नेता",
	"دونوں ممالک", "دونوں ملکوں", "دونوں فریق", "دونوں فریقین", "دونوں رہنماؤں",
	"обе стороны", "обеих стран", "обе страны", "две страны", "двух стран", "стороны",
	"两国", "双方", "中俄", "中美",
	"البلدين", "الجانبين", "الطرفين",
	"les deux pays", "les deux parties", "ambos países", "las dos partes", "ambas partes", "beide länder", "beide seiten",
	"both governments", "the two governments", "the two leaders", "both leaders", "the two ministers", "both ministers",
	"the two presidents", "the two prime ministers", "the two foreign ministers", "दोनों मंत्रियों", "दोनों विदेश मंत्रियों",
	"دونوں وزرائے خارجہ", "оба лидера", "два лидера", "лидеры двух стран", "министры двух стран", "两国领导人", "两国元首", "两国外长",
	"الزعيمين", "الوزيرين", "الرئيسين", "les deux dirigeants", "les deux ministres", "les deux présidents", "ambos líderes",
	"ambos mandatarios", "los dos mandatarios", "ambos cancilleres", "los dos cancilleres", "beide politiker", "die beiden minister", "दोनों सरकारों", "दोनों सरकारें", "دونوں حکومتوں", "оба правительства", "два правительства",
	"两国政府", "الحكومتين", "les deux gouvernements", "ambos gobiernos", "beide regierungen",
}

// locatives are words that put the next (or, for postpositions, the
// previous) place where something happens.
var locativesBefore = map[string]bool{
	"in": true, "at": true, "to": true, "from": true, "en": true, "à": true, "a": true, "au": true, "nach": true, "im": true, "zu": true,
	"в": true, "во": true, "на": true, "在": true, "于": true, "赴": true, "到": true, "访问": true,
	"في": true, "الى": true, "فی": true, "de": false,
}

var locativesAfter = map[string]bool{
	"में": true, "पहुंचे": true, "पहुँचे": true, "میں": true, "پہنچے": true, "میں،": true,
}

// nameStops end a name found after a title in scripts without capitals.
var nameStops = map[string]bool{
	"ने": true, "से": true, "के": true, "की": true, "का": true, "को": true, "और": true, "में": true, "पर": true, "भी": true, "तथा": true,
	"एवं": true, "है": true, "हैं": true, "था": true, "थे": true, "द्वारा": true, "साथ": true, "लिए": true, "कहा": true, "यह": true, "ये": true,
	"जो": true, "कि": true, "व": true, "एक": true, "इस": true, "उन्होंने": true, "श्री": false, "जल्द": true, "शीघ्र": true,
	"نے": true, "سے": true, "کے": true, "کی": true, "کا": true, "کو": true, "اور": true, "میں": true, "پر": true, "بھی": true, "ہے": true,
	"ہیں": true, "تھا": true, "تھے": true, "کہا": true, "جو": true, "کہ": true, "یہ": true, "نےکہا": true, "ساتھ": true,
	"في": true, "مع": true, "الى": true, "علی": true, "ان": true, "الذی": true, "قال": true, "خلال": true, "من": true, "عن": true,
	"و": true, "الیوم": true, "امس": true, "اليوم": true, "یوم": true, "لدی": true, "بحث": true, "استقبل": true, "التقی": true,
}

// nameParticles may stand inside a Latin-script name in lower case.
var nameParticles = map[string]bool{
	"bin": true, "ibn": true, "bint": true, "al": true, "el": true, "de": true, "da": true, "dos": true, "das": true, "do": true,
	"van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "di": true, "du": true, "y": true, "del": true, "ter": true,
}

// hanNameStops end a Chinese name after a title.
const hanNameStops = "在与和的说表示同会见会谈举行应于对就向将已也等今日昨天日前近日时并称强调指出认为访问通电话"

// honorifics stand before names and are not part of them.
var honorifics = map[string]bool{
	"dr": true, "dr.": true, "mr": true, "mr.": true, "mrs": true, "mrs.": true, "ms": true, "ms.": true, "sir": true, "h.e.": true,
	"his": true, "her": true, "excellency": true, "majesty": true, "highness": true, "sheikh": true, "prince": true,
	"s.e.m": true, "s.e.m.": true, "m.": true, "mme": true, "sr.": true, "sra.": true, "don": false, "herr": true, "frau": true,
	"डॉ": true, "डॉ.": true, "डा.": true, "श्री": true, "श्रीमती": true, "सुश्री": true, "महामहिम": true, "शेख": true,
	"جناب": true, "محترمہ": true, "ڈاکٹر": true, "شیخ": true, "سمو": true, "الامیر": true, "الشیخ": true, "معالی": true, "فخامه": true, "الدکتور": true, "السید": true,
	"г-н": true, "госпожа": true, "господин": true,
}

// hanSurnames are the common Chinese family names: a Chinese name found
// after a title must start with one (foreign names are written with "·"
// or are in the dictionary).
const hanSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

// targetBefore and targetAfter mark the target of a directed relation:
// "sanctions on X", "against X", "X पर प्रतिबंध", "X के खिलाफ", "против X",
// "对X实施制裁", "على X".
var targetBefore = map[string]bool{
	"on": true, "against": true, "upon": true, "targeting": true, "towards": true, "toward": true,
	"против": true, "contre": true, "contra": true, "gegen": true, "على": true, "ضد": true, "بحق": true,
	"对": true, "向": true, // written joined: "对美国实施制裁", "向乌克兰提供援助"
}

var targetAfter = map[string]bool{
	"पर": true, "खिलाफ": true, "ख़िलाफ़": true, "विरुद्ध": true, "پر": true, "خلاف": true,
}

// destinationBefore marks where a visit goes: "visit to X", "arrived in X",
// "访问X", "посетил X", "إلى X".
var destinationBefore = map[string]bool{
	"to": true, "in": true, "visited": true, "visits": true, "visiting": true, "в": true, "во": true, "посетил": true, "посетила": true, "посетит": true,
	"إلى": true, "الى": true, "à": true, "en": true, "au": true, "nach": true, "访问": true, "赴": true, "抵达": true,
	"对": true, // "对南非进行正式访问": a visit to South Africa
}

var destinationAfter = map[string]bool{
	"की": true, "का": true, "के": true, "में": true, "پہنچے": true, "کا": true, "کی": true, "میں": true,
}

// sourceAfter marks the agent of a Hindi or Urdu sentence: the ergative
// postposition "ने"/"نے" ("रूस ने समर्थन किया": Russia supported).
var sourceAfter = map[string]bool{"ने": true, "نے": true}

// multilateral words mark a meeting of several sides together, which is
// not split into bilateral ones.
var multilateral = []string{
	"trilateral", "quadrilateral", "multilateral meeting", "three-way", "four-way",
	"त्रिपक्षीय", "चतुष्पक्षीय", "سہ فریقی", "سہ ملکی", "چار فریقی",
	"трехсторонн", "трёхсторонн", "четырехсторонн", "三方", "四方", "三边", "ثلاثي", "الثلاثي", "رباعي",
	"trilatéral", "trilatérale", "trilateral", "cuatripartit", "trilaterales", "dreier", "trilaterale",
}

// sovLangs put the verb last: every side of a meeting stands before its
// trigger ("X ने Y से मुलाकात की").
var sovLangs = map[string]bool{"hi": true, "ur": true}

// objectPronouns stand for the object of a verb, in languages that write
// them as a word after it (French and Spanish put theirs before the verb,
// and the words after it are articles). A Russian possessive ("осудил его
// заявление") also points back to a state named before.
var objectPronouns = map[string]bool{
	"him": true, "her": true, "them": true, "it": true,
	"его": true, "её": true, "ее": true, "их": true, "ему": true, "ей": true, "им": true,
	"ihn": true, "ihm": true, "ihnen": true,
}

// objectPostpositions follow a Hindi or Urdu noun that is not the
// subject: "से" and "को", and "के साथ" (with). The genitive alone marks
// the one whose meeting it is ("श्रेष्ठ की मुलाकात ... के साथ").
var objectPostpositions = map[string]bool{
	"से": true, "को": true, "के साथ": true, "سے": true, "کو": true, "کے ساتھ": true,
}

// objectOfNoun are the Hindi and Urdu postpositions that join an object
// to the noun or verb after it: "चीन की आलोचना", "ईरान को धमकी".
var objectOfNoun = map[string]bool{
	"की": true, "का": true, "के": true, "को": true, "کی": true, "کا": true, "کے": true, "کو": true,
}

// coordinators join the names of Hindi and Urdu lists.
var coordinators = map[string]bool{"और": true, "तथा": true, "एवं": true, "व": true, "اور": true, "و": true}

// betweenWords introduce the two sides of a relation named by a noun:
// "the agreement between India and Japan".
var betweenWords = map[string]bool{"between": true, "among": true, "entre": true, "zwischen": true, "между": true}

// genitiveWords say whose a thing is: "sanctions of the United States".
var genitiveWords = map[string]bool{
	"of": true, "de": true, "del": true, "des": true, "du": true, "d'": true, "von": true, "der": true, "des.": true,
}

// withWords introduce the counterpart of a meeting after its trigger.
var withWords = map[string]bool{"with": true, "avec": true, "con": true, "mit": true, "с": true, "со": true, "مع": true}

// cityOf joins a state to the city after it: "China's Tianjin", "चीन के
// शहर तियानजिन", "the Chinese city of Tianjin".
var cityOf = map[string]bool{
	"": true, "'s": true, "’s": true, "city of": true, "capital": true, "capital,": true,
	"के": true, "की": true, "के शहर": true, "की राजधानी": true,
	"کے": true, "کی": true, "کے شہر": true, "کے دارالحکومت": true,
	"的": true, "城市": true,
}

// futureWords next to a meeting trigger make it scheduled: "will hold a
// meeting", "meeting next week", "मुलाकात होगी", "ملاقات کریں گے", "将会见".
var futureWords = []string{
	"will", "soon", "next", "upcoming", "to hold", "to meet", "plans", "planned", "scheduled",
	"होगी", "होगा", "होंगे", "करेंगे", "जाएंगे", "तय", "जल्द", "आगामी",
	"ہوگی", "ہوگا", "کریں", "آئندہ",
	"будет", "будут", "состоится", "предстоящ", "планиру",
	"将", "即将", "拟",
	"سوف", "المقرر", "المرتقب", "المقبل",
	"prochain", "prochaine", "sera", "aura", "prévu", "prévue",
	"próximo", "próxima", "será", "prevista", "previsto",
	"wird", "werden", "nächste", "geplant",
}

// futureParticles are the Urdu future particles, written apart from the
// verb ("ملاقات کریں گے"); matched as whole words, since as prefixes they
// would also take the past "گیا", "گئے" (گیے once normalized).
var futureParticles = map[string]bool{"گے": true, "گی": true, "گا": true}

// futureEndings end the future forms of Hindi verbs ("लेंगे", "करेगा",
// "जाएगी"), which no list of words covers.
var futureEndings = []string{"ेंगे", "ेंगी", "ेगा", "ेगी", "एंगे", "एगा", "एगी", "ूंगा", "ोगे"}

// bilateralWords single out a bilateral meeting, often one on the
// sidelines of a larger gathering.
var bilateralWords = []string{
	"bilateral", "sidelines", "on the margins", "द्विपक्षीय", "इतर", "دو طرفہ", "دوطرفہ", "موقع پر",
	"двусторонн", "на полях", "双边", "场外", "الثنائي", "هامش", "bilatéral", "en marge", "al margen", "bilateral", "am rande",
}

// demonstratives before a meeting trigger point back at a meeting already
// reported ("this meeting", "the talks", "यह मुलाकात", "این ملاقات").
var demonstratives = []string{
	"this", "that", "their", "यह", "इस", "उस", "ये", "یہ", "اس", "этой", "этот", "эта", "этих",
	"此次", "这次", "该", "此", "هذا", "هذه", "cette", "cet", "ce", "esta", "este", "dieser", "diesem", "dieses",
}

// The word lists above are written as people spell them; sentences are
// matched in normalized form (case folded, Urdu and Arabic letter forms
// unified), so the lists this file adds for meetings are normalized once.
func init() {
	cityOf = normalizedSet(cityOf)
	withWords = normalizedSet(withWords)
	objectPostpositions = normalizedSet(objectPostpositions)
	objectOfNoun = normalizedSet(objectOfNoun)
	coordinators = normalizedSet(coordinators)
	futureWords = normalizedList(futureWords)
	futureEndings = normalizedList(futureEndings)
	futureParticles = normalizedSet(futureParticles)
	bilateralWords = normalizedList(bilateralWords)
	demonstratives = normalizedList(demonstratives)
	reportingWords = normalizedList(reportingWords)
	duringBefore = normalizedList(duringBefore)
	duringAfter = normalizedList(duringAfter)
	for _, w := range futureWords {
		switch {
		case scriptOfString(w) == scriptHan:
			futureHan = append(futureHan, w)
		case strings.Contains(w, " "):
			futurePhrases = append(futurePhrases, strings.Fields(w))
		default:
			futurePrefixes[w[0]] = append(futurePrefixes[w[0]], w)
		}
	}
	for _, w := range reportingWords {
		if scriptOfString(w) == scriptHan {
			reportingHan = append(reportingHan, w)
		}
		reportingSet[w] = true
	}
}

// The cue lists sorted by how meetingStatus and reportedBefore look for
// them, once: they ask at every meeting.
var (
	futureHan      []string
	futurePhrases  [][]string    // the words of each
	futurePrefixes [256][]string // by first byte
	reportingHan   []string
	reportingSet   = map[string]bool{}
)

func normalizedSet(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[textproc.Key(k)] = v
	}
	return out
}

func normalizedList(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = textproc.Key(w)
	}
	return out
}

// reportingWords say that someone reported something: "said", "announced".
var reportingWords = []string{
	"said", "says", "told", "announced", "stated", "informed",
	"कहा", "बताया", "जानकारी", "घोषणा",
	"کہا", "بتایا", "اعلان",
	"заявил", "заявила", "сообщил", "сообщила", "сообщили", "объявил", "рассказал",
	"表示", "宣布", "说", "介绍",
	"قال", "قالت", "اعلن", "اعلنت", "صرح",
	"a déclaré", "déclaré", "annoncé", "a annoncé", "a indiqué",
	"dijo", "declaró", "anunció", "afirmó",
	"sagte", "erklärte", "kündigte",
}

// duringBefore and duringAfter make a meeting the time of something else:
// "during his visit", "lors de la visite", "访问期间", "दौरे के दौरान".
var duringBefore = []string{
	"during", "in the course of", "в ходе", "во время", "خلال", "lors de", "au cours de", "durante", "während",
}

var duringAfter = []string{"期间", "के दौरान", "کے دوران", "时"}

// prepositionsBeforeThe make "the meeting" point back at one: "in the
// meeting", "during the talks".
var prepositionsBeforeThe = map[string]bool{"in": true, "at": true, "during": true, "after": true, "following": true, "since": true}
