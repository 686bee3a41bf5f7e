package gen

// The sentence patterns of each language. They are grammar, not world
// knowledge: every name that fills a slot (people, countries, demonyms,
// capitals, organizations, topic keywords, office titles) comes from the
// dictionaries. The verbs of the meeting and relation patterns are among the
// dictionary's trigger words for the language, so the extractor reads the
// events the generator writes.
//
// Slots:
//
//	{A} {B}    the two officials of a meeting, introduced with nationality and title
//	{a} {b}    the same officials, name only
//	{CA} {CB}  their countries
//	{SA} {SB}  "the Chinese side" for their countries
//	{PL}       the meeting's city (Russian: prepositional case, after "в")
//	{WD}       the meeting's weekday ("on Tuesday", "मंगलवार को", "во вторник")
//	{NWD}      a bare weekday name ("next {NWD}")
//	{T1} {T2}  two topic keywords
//	{O}        an organization
//	{X} {Y}    two states of a relation sentence; {YA}, {YG}: Y in the
//	           Russian accusative and genitive (Y elsewhere)
//	{N}        a number from 5 to 10

// langData is one language's patterns and closed-class words.
type langData struct {
	code      string
	weight    int      // share of the corpus, in percent
	sentSep   string   // between sentences
	homes     []string // the states a newsroom of this language covers most (ISO codes)
	sources   []string // fictional outlets (.example domains)
	weekdays  [7]string
	bareDays  [7]string
	months    [12]string
	headlines []string
	meet      []string // each names {A} and {B} and holds a meeting trigger
	topic     []string // about the main pair
	support   []string
	criticize []string
	sanction  []string
	cooperate []string
	org       []string
	side      []string
	quote     []string
	filler    []string
}

var languages = []langData{
	{
		code: "en", weight: 28, sentSep: " ",
		homes:    []string{"US", "GB", "IN", "AU", "CA", "ZA", "NG", "SG"},
		sources:  []string{"worlddesk.example", "dailycable.example", "frontline-news.example"},
		weekdays: [7]string{"on Sunday", "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday"},
		bareDays: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		months:   [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		headlines: []string{
			"{a} and {b} discuss {T1} in {PL}",
			"{CA} and {CB} pledge closer cooperation on {T1}",
			"{a} meets {b} as {CA} and {CB} look to expand ties",
			"{CA}, {CB} hold talks on {T1} and {T2}",
		},
		meet: []string{
			"{A} met {B} in {PL} {WD}, officials said.",
			"{A} held talks with {B} in {PL} {WD}.",
			"{A} spoke by phone with {B} {WD}, according to a statement from the foreign ministry.",
			"{A} hosted {B} in {PL} {WD} for talks on {T1}.",
			"{A} and {B} met {WD} on the sidelines of a conference in {PL}.",
		},
		topic: []string{
			"Both sides discussed cooperation in {T1} and {T2}.",
			"The two countries agreed to deepen cooperation on {T1}.",
			"{CA} and {CB} signed {N} agreements covering {T1} and {T2}.",
		},
		support: []string{
			"{X} reaffirmed its support for {Y} on {T1}.",
			"{X} backed {Y} in its efforts on {T1}, a government spokesperson said.",
		},
		criticize: []string{
			"{X} criticized {Y} over its position on {T1}.",
			"Separately, {X} condemned {Y} for what it called unilateral steps on {T2}.",
		},
		sanction: []string{
			"{X} imposed sanctions on {Y} earlier this year.",
			"{X} announced new sanctions against {Y}, citing concerns about {T2}.",
		},
		cooperate: []string{
			"{X} and {Y} have expanded cooperation in {T1} over the past year.",
		},
		org: []string{
			"Both sides also reviewed preparations for the next {O} session.",
			"Officials said the issue would also be raised at {O}.",
		},
		side: []string{
			"{SB} raised concerns about {T2}, according to people familiar with the discussions.",
			"{SA} described the outcome as a milestone in bilateral relations.",
		},
		quote: []string{
			"\"Our partnership rests on mutual trust and shared interests,\" {a} said.",
			"{b} told reporters that relations had entered a new phase.",
		},
		filler: []string{
			"The discussions lasted more than {N} hours, according to a senior official.",
			"Officials described the atmosphere as constructive and forward-looking.",
			"A joint statement is expected to be released later this week.",
			"The delegations included senior diplomats, trade officials and security advisers.",
			"Analysts said the outcome would be closely watched across the region.",
			"A follow-up round at the level of senior officials is planned for next {NWD}.",
			"Neither side gave details of the timetable.",
			"Markets reacted calmly to the news, and the currency was little changed.",
			"Experts noted that trade between the two economies has grown steadily over the past decade.",
			"Bilateral trade between {CA} and {CB} has roughly doubled in {N} years, official figures show.",
			"{CA} has been seeking to diversify its partnerships in {T1}.",
			"Diplomats in {PL} said preparations had taken several months.",
			"The agenda also touched on {T2}, though no decisions were announced.",
			"Both governments have set up working groups that are due to report within {N} months.",
		},
	},
	{
		code: "hi", weight: 14, sentSep: " ",
		homes:    []string{"IN"},
		sources:  []string{"samachar-darpan.example", "rashtra-vani.example"},
		weekdays: [7]string{"रविवार को", "सोमवार को", "मंगलवार को", "बुधवार को", "गुरुवार को", "शुक्रवार को", "शनिवार को"},
		bareDays: [7]string{"रविवार", "सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार"},
		months:   [12]string{"जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"},
		headlines: []string{
			"{a} और {b} की मुलाकात, {T1} पर हुई चर्चा",
			"{CA} और {CB} के बीच {T1} पर सहयोग बढ़ाने पर सहमति",
			"{PL} में {a}-{b} वार्ता, {T1} और {T2} पर जोर",
		},
		meet: []string{
			"{A} ने {WD} {PL} में {B} से मुलाकात की।",
			"{A} और {B} के बीच {WD} {PL} में द्विपक्षीय वार्ता हुई।",
			"{A} ने {WD} {B} से फोन पर बातचीत की।",
			"{A} {WD} {PL} पहुंचे, जहां उन्होंने {B} के साथ बैठक की।",
		},
		topic: []string{
			"दोनों पक्षों ने {T1} और {T2} के क्षेत्र में सहयोग पर चर्चा की।",
			"दोनों देशों ने {T1} में सहयोग बढ़ाने पर सहमति जताई।",
			"{CA} और {CB} ने {T1} और {T2} से जुड़े {N} समझौतों पर हस्ताक्षर किए।",
		},
		support: []string{
			"{X} ने {T1} के मुद्दे पर {Y} का समर्थन किया।",
			"{X} ने कहा कि वह {T1} पर {Y} के प्रयासों का समर्थन करता है।",
		},
		criticize: []string{
			"{X} ने {T1} को लेकर {Y} की आलोचना की।",
			"इस बीच {X} ने {T2} पर {Y} के कदमों की कड़ी निंदा की।",
		},
		sanction: []string{
			"{X} ने हाल ही में {Y} पर नए प्रतिबंध लगाए।",
			"{X} ने {T2} से जुड़ी चिंताओं के चलते {Y} पर प्रतिबंध लगाया।",
		},
		cooperate: []string{
			"{X} और {Y} ने पिछले एक साल में {T1} के क्षेत्र में साझेदारी बढ़ाई है।",
		},
		org: []string{
			"दोनों देशों ने {O} में आपसी तालमेल बढ़ाने पर भी जोर दिया।",
			"अधिकारियों के अनुसार यह मुद्दा {O} में भी उठाया जाएगा।",
		},
		side: []string{
			"{SB} ने {T2} को लेकर अपनी चिंताएं रखीं।",
			"{SA} ने इसे द्विपक्षीय संबंधों में मील का पत्थर बताया।",
		},
		quote: []string{
			"{a} ने कहा, “हमारी साझेदारी आपसी विश्वास और साझा हितों पर आधारित है।”",
			"{b} ने संवाददाताओं से कहा कि संबंध एक नए दौर में प्रवेश कर चुके हैं।",
		},
		filler: []string{
			"एक वरिष्ठ अधिकारी के अनुसार चर्चा {N} घंटे से अधिक समय तक चली।",
			"अधिकारियों ने माहौल को रचनात्मक और सकारात्मक बताया।",
			"इस सप्ताह के अंत तक एक संयुक्त बयान जारी होने की उम्मीद है।",
			"प्रतिनिधिमंडलों में वरिष्ठ राजनयिक, व्यापार अधिकारी और सुरक्षा सलाहकार शामिल थे।",
			"विश्लेषकों का कहना है कि पूरे क्षेत्र की नजर इसके नतीजों पर रहेगी।",
			"वरिष्ठ अधिकारियों के स्तर पर अगला दौर अगले {NWD} को होगा।",
			"किसी भी पक्ष ने समय-सीमा के बारे में विस्तार से जानकारी नहीं दी।",
			"विशेषज्ञों ने कहा कि पिछले एक दशक में दोनों अर्थव्यवस्थाओं के बीच व्यापार लगातार बढ़ा है।",
			"आधिकारिक आंकड़ों के अनुसार {CA} और {CB} के बीच व्यापार {N} वर्षों में लगभग दोगुना हो गया है।",
			"{CA} {T1} के क्षेत्र में अपने साझेदारों का दायरा बढ़ाना चाहता है।",
			"{PL} में राजनयिकों ने बताया कि इसकी तैयारी कई महीनों से चल रही थी।",
			"एजेंडे में {T2} का मुद्दा भी शामिल था, हालांकि कोई फैसला घोषित नहीं किया गया।",
		},
	},
	{
		code: "ur", weight: 8, sentSep: " ",
		homes:    []string{"PK"},
		sources:  []string{"akhbar-e-alam.example", "waqt-news.example"},
		weekdays: [7]string{"اتوار کو", "پیر کو", "منگل کو", "بدھ کو", "جمعرات کو", "جمعہ کو", "ہفتہ کو"},
		bareDays: [7]string{"اتوار", "پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ"},
		months:   [12]string{"جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"},
		headlines: []string{
			"{a} اور {b} کی ملاقات، {T1} پر گفتگو",
			"{CA} اور {CB} کا {T1} میں تعاون بڑھانے پر اتفاق",
			"{PL} میں {a} اور {b} کے مذاکرات",
		},
		meet: []string{
			"{A} نے {WD} {PL} میں {B} سے ملاقات کی۔",
			"{A} اور {B} کے درمیان {WD} {PL} میں مذاکرات ہوئے۔",
			"{A} نے {WD} {B} سے ٹیلی فون پر بات چیت کی۔",
			"{A} {WD} {PL} پہنچے جہاں انہوں نے {B} سے ملاقات کی۔",
		},
		topic: []string{
			"دونوں فریقین نے {T1} اور {T2} کے شعبوں میں تعاون پر تبادلہ خیال کیا۔",
			"دونوں ممالک نے {T1} میں تعاون بڑھانے پر اتفاق کیا۔",
			"{CA} اور {CB} نے {T1} اور {T2} سے متعلق {N} معاہدوں پر دستخط کیے۔",
		},
		support: []string{
			"{X} نے {T1} کے معاملے پر {Y} کی حمایت کی۔",
			"{X} نے کہا کہ وہ {T1} پر {Y} کی کوششوں کی حمایت کرتا ہے۔",
		},
		criticize: []string{
			"{X} نے {T1} کے حوالے سے {Y} پر تنقید کی۔",
			"دریں اثنا {X} نے {T2} پر {Y} کے اقدامات کی شدید مذمت کی۔",
		},
		sanction: []string{
			"{X} نے حال ہی میں {Y} پر نئی پابندیاں عائد کیں۔",
			"{X} نے {T2} سے متعلق خدشات کے باعث {Y} پر پابندی عائد کی۔",
		},
		cooperate: []string{
			"{X} اور {Y} نے گزشتہ ایک سال میں {T1} کے شعبے میں شراکت داری کو فروغ دیا ہے۔",
		},
		org: []string{
			"دونوں ممالک نے {O} میں باہمی ہم آہنگی بڑھانے پر بھی زور دیا۔",
			"حکام کے مطابق یہ معاملہ {O} میں بھی اٹھایا جائے گا۔",
		},
		side: []string{
			"{SB} نے {T2} کے حوالے سے اپنے خدشات سے آگاہ کیا۔",
			"{SA} نے اسے دوطرفہ تعلقات میں سنگ میل قرار دیا۔",
		},
		quote: []string{
			"{a} نے کہا، ”ہماری شراکت داری باہمی اعتماد اور مشترکہ مفادات پر مبنی ہے۔“",
			"{b} نے صحافیوں کو بتایا کہ تعلقات ایک نئے دور میں داخل ہو چکے ہیں۔",
		},
		filler: []string{
			"ایک سینئر عہدیدار کے مطابق نشست {N} گھنٹے سے زیادہ جاری رہی۔",
			"حکام نے ماحول کو تعمیری اور مثبت قرار دیا۔",
			"توقع ہے کہ اس ہفتے کے آخر تک ایک مشترکہ بیان جاری کیا جائے گا۔",
			"وفود میں سینئر سفارت کار، تجارتی حکام اور سلامتی کے مشیر شامل تھے۔",
			"تجزیہ کاروں کا کہنا ہے کہ پورے خطے کی نظریں اس کے نتائج پر ہوں گی۔",
			"اعلیٰ حکام کی سطح پر اگلا دور آئندہ {NWD} کو ہوگا۔",
			"کسی بھی فریق نے نظام الاوقات کی تفصیلات نہیں بتائیں۔",
			"ماہرین کے مطابق گزشتہ دہائی میں دونوں معیشتوں کے درمیان تجارت میں مسلسل اضافہ ہوا ہے۔",
			"سرکاری اعداد و شمار کے مطابق {CA} اور {CB} کے درمیان تجارت {N} برسوں میں تقریباً دوگنی ہو گئی ہے۔",
			"{CA} {T1} کے شعبے میں اپنے شراکت داروں کا دائرہ بڑھانا چاہتا ہے۔",
			"{PL} میں سفارت کاروں نے بتایا کہ اس کی تیاری کئی مہینوں سے جاری تھی۔",
			"ایجنڈے میں {T2} کا معاملہ بھی شامل تھا تاہم کسی فیصلے کا اعلان نہیں کیا گیا۔",
		},
	},
	{
		code: "ru", weight: 11, sentSep: " ",
		homes:    []string{"RU"},
		sources:  []string{"mirovye-vesti.example", "diplomaticheskiy-vestnik.example"},
		weekdays: [7]string{"в воскресенье", "в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу"},
		bareDays: [7]string{"воскресенье", "понедельник", "вторник", "среду", "четверг", "пятницу", "субботу"},
		months:   [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		headlines: []string{
			"{a} и {b} обсудили тему «{T1}»",
			"{CA} и {CB} договорились расширять сотрудничество",
			"{a} и {b} провели переговоры в {PL}",
		},
		meet: []string{
			"{A} и {B} провели переговоры {WD} в {PL}.",
			"{WD} в {PL} состоялась встреча: {A} и {B} обсудили двусторонние отношения.",
			"{A} и {B} провели телефонный разговор {WD}.",
			"{A} и {B} встретились {WD} в {PL}.",
		},
		topic: []string{
			"Стороны обсудили сотрудничество в сферах «{T1}» и «{T2}».",
			"Обе страны договорились развивать сотрудничество по направлению «{T1}».",
			"{CA} и {CB} подписали {N} соглашений, в том числе по теме «{T2}».",
		},
		support: []string{
			"{X} поддерживает {YA} в вопросе «{T1}», заявили в правительстве.",
		},
		criticize: []string{
			"{X} критикует {YA} за позицию по теме «{T1}».",
			"Между тем {X} осуждает действия {YG} в сфере «{T2}».",
		},
		sanction: []string{
			"{X} вводит санкции против {YG}.",
			"В ответ {X} расширяет санкции против {YG}, сообщили дипломаты.",
		},
		cooperate: []string{
			"{X} и {Y} за последний год расширили сотрудничество по направлению «{T1}».",
		},
		org: []string{
			"Стороны также обсудили взаимодействие в рамках структуры «{O}».",
			"По словам дипломатов, этот вопрос будет вынесен и на площадку «{O}».",
		},
		side: []string{
			"{SB} выразила обеспокоенность по теме «{T2}».",
			"{SA} назвала итоги важным шагом в развитии двусторонних отношений.",
		},
		quote: []string{
			"«Наше партнёрство основано на взаимном доверии и общих интересах», — заявил {a}.",
			"Как сообщил журналистам {b}, отношения вышли на новый уровень.",
		},
		filler: []string{
			"По словам высокопоставленного чиновника, обсуждение продолжалось более {N} часов.",
			"Чиновники охарактеризовали атмосферу как конструктивную.",
			"Совместное заявление ожидается до конца недели.",
			"В состав делегаций вошли старшие дипломаты, представители торговых ведомств и советники по безопасности.",
			"Аналитики отмечают, что за итогами внимательно следят во всём регионе.",
			"Следующий раунд на уровне старших должностных лиц намечен на {NWD}.",
			"Ни одна из сторон не раскрыла подробностей графика.",
			"Эксперты отмечают, что товарооборот между двумя экономиками за последнее десятилетие стабильно рос.",
			"По официальным данным, за {N} лет товарооборот вырос почти вдвое.",
			"{CA} стремится расширить круг партнёров по направлению «{T1}».",
			"Дипломаты в {PL} рассказали, что подготовка заняла несколько месяцев.",
			"На повестке дня стояла и тема «{T2}», однако решений объявлено не было.",
		},
	},
	{
		code: "zh", weight: 12, sentSep: "",
		homes:    []string{"CN"},
		sources:  []string{"shijie-xinwen.example", "waijiao-zhoukan.example"},
		weekdays: [7]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"},
		bareDays: [7]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"},
		headlines: []string{
			"{a}会见{b} 双方讨论{T1}合作",
			"{CA}与{CB}同意加强{T1}领域合作",
			"{a}与{b}在{PL}举行会谈",
		},
		meet: []string{
			"{A}{WD}在{PL}会见了{B}。",
			"{WD}，{A}与{B}在{PL}举行会谈。",
			"{A}{WD}同{B}通电话。",
			"{A}与{B}{WD}在{PL}会晤。",
		},
		topic: []string{
			"双方就{T1}和{T2}等领域的合作交换了看法。",
			"两国同意进一步深化{T1}领域的合作。",
			"{CA}和{CB}签署了{N}项合作协议，涉及{T1}和{T2}等领域。",
		},
		support: []string{
			"{X}表示支持{Y}在{T1}问题上的立场。",
		},
		criticize: []string{
			"{X}批评{Y}在{T1}问题上的做法。",
			"另外，{X}谴责{Y}在{T2}方面采取单边行动。",
		},
		sanction: []string{
			"{X}宣布对{Y}实施新一轮制裁。",
		},
		cooperate: []string{
			"过去一年，{X}与{Y}在{T1}领域的合作不断扩大。",
		},
		org: []string{
			"双方还就{O}框架内的事务交换了看法。",
			"有关官员表示，这一问题也将在{O}会议上讨论。",
		},
		side: []string{
			"{SB}对{T2}问题表达了关切。",
			"{SA}称此次成果是双边关系中的一个里程碑。",
		},
		quote: []string{
			"{a}表示：“我们的伙伴关系建立在互信和共同利益的基础上。”",
			"{b}对记者说，两国关系已进入新阶段。",
		},
		filler: []string{
			"据一位高级官员介绍，讨论持续了{N}个多小时。",
			"官员们形容现场气氛富有建设性。",
			"预计本周晚些时候将发表联合声明。",
			"代表团成员包括高级外交官、贸易官员和安全顾问。",
			"分析人士说，整个地区都将密切关注此次结果。",
			"下一轮高级官员级别的接触定于下{NWD}举行。",
			"双方均未透露具体时间表。",
			"专家指出，过去十年两大经济体之间的贸易稳步增长。",
			"官方数据显示，{CA}与{CB}的双边贸易额在{N}年间几乎翻了一番。",
			"{CA}一直寻求在{T1}领域拓展合作伙伴。",
			"{PL}的外交人士说，筹备工作历时数月。",
			"议程还涉及{T2}问题，但未宣布任何决定。",
		},
	},
	{
		code: "ar", weight: 9, sentSep: " ",
		homes:    []string{"SA", "EG", "AE", "QA", "JO", "DZ", "MA", "IQ"},
		sources:  []string{"alakhbar-alduwaliya.example", "alraid-news.example"},
		weekdays: [7]string{"يوم الأحد", "يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "يوم الخميس", "يوم الجمعة", "يوم السبت"},
		bareDays: [7]string{"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"},
		months:   [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		headlines: []string{
			"{a} يبحث مع {b} ملف {T1}",
			"اتفاق على تعزيز التعاون في مجال {T1} بين {CA} ونظيرتها {CB}",
			"مباحثات بين {a} ونظيره {b} في {PL}",
		},
		meet: []string{
			"التقى {A} {B} في {PL} {WD}.",
			"أجرى {A} {WD} محادثات مع {B} في {PL}.",
			"تلقى {A} {WD} اتصالا هاتفيا من {B}.",
			"استقبل {A} في {PL} {WD} {B} لبحث ملف {T1}.",
		},
		topic: []string{
			"كما ناقش الجانبان التعاون في مجال {T1} إضافة إلى {T2}.",
			"كما اتفق البلدان على تعزيز التعاون في مجال {T1}.",
			"وتم توقيع {N} اتفاقيات بين البلدين في مجال {T1} إلى جانب {T2}.",
		},
		support: []string{
			"أعربت {X} عن دعمها الكامل لموقف {Y} بشأن {T1}.",
		},
		criticize: []string{
			"انتقدت {X} سياسة {Y} تجاه ملف {T1}.",
			"من جهة أخرى، أدانت {X} خطوات {Y} الأحادية في مجال {T2}.",
		},
		sanction: []string{
			"فرضت {X} عقوبات جديدة على {Y} في وقت سابق من هذا العام.",
		},
		cooperate: []string{
			"عززت {X} التعاون مع {Y} في مجال {T1} خلال العام الماضي.",
		},
		org: []string{
			"كما بحث الجانبان التنسيق داخل {O}.",
			"وقال مسؤولون إن المسألة ستطرح أيضا في {O}.",
		},
		side: []string{
			"وأبدى {SB} قلقه إزاء ملف {T2}.",
			"ووصف {SA} النتائج بأنها خطوة مهمة في العلاقات الثنائية.",
		},
		quote: []string{
			"وقال {a}: «إن شراكتنا تقوم على الثقة المتبادلة والمصالح المشتركة».",
			"وأبلغ {b} الصحفيين أن العلاقات دخلت مرحلة جديدة.",
		},
		filler: []string{
			"واستمرت الجلسة أكثر من {N} ساعات بحسب مسؤول رفيع.",
			"ووصف المسؤولون الأجواء بأنها بناءة وإيجابية.",
			"ومن المتوقع صدور بيان مشترك في وقت لاحق من هذا الأسبوع.",
			"وضمت الوفود دبلوماسيين كبارا ومسؤولين تجاريين ومستشارين أمنيين.",
			"ويرى محللون أن نتائج هذه الخطوة ستتابع عن كثب في المنطقة.",
			"ومن المقرر عقد جولة أخرى على مستوى كبار المسؤولين يوم {NWD} المقبل.",
			"ولم يكشف أي من الطرفين عن تفاصيل الجدول الزمني.",
			"ويشير خبراء إلى أن التبادل التجاري بين الاقتصادين نما بشكل مطرد خلال العقد الماضي.",
			"وتظهر الأرقام الرسمية أن حجم التبادل التجاري تضاعف تقريبا خلال {N} سنوات.",
			"وتسعى {CA} إلى تنويع شراكاتها في مجال {T1}.",
			"وقال دبلوماسيون في {PL} إن التحضيرات استغرقت عدة أشهر.",
			"وتطرق جدول الأعمال أيضا إلى ملف {T2} من دون الإعلان عن قرارات.",
		},
	},
	{
		code: "fr", weight: 7, sentSep: " ",
		homes:    []string{"FR", "BE", "SN", "CI", "MA"},
		sources:  []string{"quotidien-international.example", "depeche-du-monde.example"},
		weekdays: [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		bareDays: [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		months:   [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		headlines: []string{
			"{a} et {b} discutent du dossier « {T1} » à {PL}",
			"{CA} et {CB} veulent renforcer leur coopération",
			"Entretien entre {a} et {b} à {PL}",
		},
		meet: []string{
			"{A} a rencontré {B} {WD} à {PL}.",
			"{A} s'est entretenu {WD} à {PL} avec {B}.",
			"{A} et {B} se sont entretenus par téléphone {WD}.",
			"{A} a reçu {B} {WD} à {PL} pour des pourparlers consacrés au dossier « {T1} ».",
		},
		topic: []string{
			"Les deux parties ont évoqué la coopération dans plusieurs domaines : {T1}, {T2}.",
			"Les deux pays sont convenus de renforcer leur coopération sur le dossier « {T1} ».",
			"{CA} et {CB} ont signé {N} accords dans les domaines suivants : {T1}, {T2}.",
		},
		support: []string{
			"{X} a réaffirmé son soutien à {Y} sur le dossier « {T1} ».",
		},
		criticize: []string{
			"{X} a critiqué la position de {Y} sur le dossier « {T1} ».",
			"Par ailleurs, {X} a condamné les mesures unilatérales de {Y} dans le domaine « {T2} ».",
		},
		sanction: []string{
			"{X} a imposé des sanctions à {Y} plus tôt cette année.",
		},
		cooperate: []string{
			"{X} et {Y} ont élargi leur coopération dans le domaine « {T1} » au cours de l'année écoulée.",
		},
		org: []string{
			"Les deux parties ont également évoqué la coordination au sein de l'instance « {O} ».",
			"Selon des diplomates, la question sera aussi abordée dans le cadre « {O} ».",
		},
		side: []string{
			"{SB} a fait part de ses préoccupations sur le dossier « {T2} ».",
			"{SA} a qualifié les résultats d'étape importante pour les relations bilatérales.",
		},
		quote: []string{
			"« Notre partenariat repose sur la confiance mutuelle et des intérêts communs », a déclaré {a}.",
			"{b} a déclaré à la presse que les relations étaient entrées dans une nouvelle phase.",
		},
		filler: []string{
			"Les discussions ont duré plus de {N} heures, selon un haut responsable.",
			"Les responsables ont qualifié l'atmosphère de constructive.",
			"Une déclaration commune est attendue d'ici la fin de la semaine.",
			"Les délégations comprenaient de hauts diplomates, des responsables du commerce et des conseillers à la sécurité.",
			"Selon des analystes, l'issue de ces échanges sera suivie de près dans toute la région.",
			"Un nouveau cycle au niveau des hauts fonctionnaires est prévu {NWD} prochain.",
			"Aucune des deux parties n'a donné de calendrier précis.",
			"Selon des experts, les échanges commerciaux entre les deux économies ont progressé de manière constante au cours de la dernière décennie.",
			"Selon les chiffres officiels, le commerce bilatéral a presque doublé en {N} ans.",
			"{CA} cherche à diversifier ses partenariats dans le domaine « {T1} ».",
			"Des diplomates à {PL} ont indiqué que les préparatifs avaient pris plusieurs mois.",
			"L'ordre du jour portait aussi sur le dossier « {T2} », sans qu'aucune décision ne soit annoncée.",
		},
	},
	{
		code: "es", weight: 6, sentSep: " ",
		homes:    []string{"ES", "MX", "AR", "CO", "CL", "PE"},
		sources:  []string{"diario-global.example", "cronica-exterior.example"},
		weekdays: [7]string{"el domingo", "el lunes", "el martes", "el miércoles", "el jueves", "el viernes", "el sábado"},
		bareDays: [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
		months:   [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		headlines: []string{
			"{a} y {b} abordan {T1} en {PL}",
			"{CA} y {CB} acuerdan reforzar su cooperación",
			"Reunión entre {a} y {b} en {PL}",
		},
		meet: []string{
			"{A} se reunió {WD} en {PL} con {B}.",
			"{A} y {B} mantuvieron una reunión {WD} en {PL}.",
			"{A} mantuvo {WD} una conversación telefónica con {B}.",
			"{A} y {B} conversaron {WD} en {PL} sobre {T1}.",
		},
		topic: []string{
			"Ambas partes abordaron la cooperación en ámbitos como {T1} y {T2}.",
			"Ambos países acordaron profundizar la cooperación en materia de {T1}.",
			"{CA} y {CB} firmaron {N} acuerdos sobre {T1} y {T2}.",
		},
		support: []string{
			"{X} reiteró su apoyo a {Y} en materia de {T1}.",
		},
		criticize: []string{
			"{X} criticó la postura de {Y} sobre {T1}.",
			"Por otra parte, {X} condenó las medidas unilaterales de {Y} en materia de {T2}.",
		},
		sanction: []string{
			"{X} impuso sanciones a {Y} a principios de este año.",
		},
		cooperate: []string{
			"{X} y {Y} han ampliado su cooperación en {T1} durante el último año.",
		},
		org: []string{
			"Ambas partes también repasaron la coordinación en el marco de {O}.",
			"Según diplomáticos, la cuestión se planteará también en {O}.",
		},
		side: []string{
			"{SB} expresó su preocupación por {T2}.",
			"{SA} calificó los resultados como un paso importante para las relaciones bilaterales.",
		},
		quote: []string{
			"«Nuestra relación se basa en la confianza mutua y en intereses compartidos», declaró {a}.",
			"{b} dijo a los periodistas que las relaciones habían entrado en una nueva etapa.",
		},
		filler: []string{
			"La sesión duró más de {N} horas, según un alto funcionario.",
			"Los funcionarios describieron el ambiente como constructivo.",
			"Se espera que a finales de esta semana se publique una declaración conjunta.",
			"Las delegaciones incluyeron a diplomáticos de alto nivel, funcionarios de comercio y asesores de seguridad.",
			"Los analistas señalaron que el resultado será seguido de cerca en toda la región.",
			"Está prevista una nueva ronda a nivel de altos funcionarios para el próximo {NWD}.",
			"Ninguna de las partes dio detalles sobre el calendario.",
			"Según expertos, el comercio entre ambas economías ha crecido de forma constante en la última década.",
			"Según cifras oficiales, el comercio bilateral casi se ha duplicado en {N} años.",
			"{CA} busca diversificar sus socios en materia de {T1}.",
			"Diplomáticos en {PL} indicaron que los preparativos llevaron varios meses.",
			"La agenda incluyó también {T2}, aunque no se anunciaron decisiones.",
		},
	},
	{
		code: "de", weight: 5, sentSep: " ",
		homes:    []string{"DE", "AT", "CH"},
		sources:  []string{"weltspiegel-online.example", "aussenblick.example"},
		weekdays: [7]string{"am Sonntag", "am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag", "am Samstag"},
		bareDays: [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		months:   [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		headlines: []string{
			"{a} und {b} beraten in {PL} über {T1}",
			"{CA} und {CB} wollen enger zusammenarbeiten",
			"Treffen von {a} und {b} in {PL}",
		},
		meet: []string{
			"{A} und {B} trafen sich {WD} in {PL}.",
			"{WD} trafen sich {A} und {B} in {PL} zu Gesprächen über {T1}.",
			"{A} und {B} telefonierten {WD} miteinander.",
			"{A} und {B} führten {WD} in {PL} Gespräche über {T1}.",
		},
		topic: []string{
			"Beide Seiten erörterten die Zusammenarbeit in Bereichen wie {T1} und {T2}.",
			"Beide Länder vereinbarten, die Zusammenarbeit beim Thema {T1} zu vertiefen.",
			"{CA} und {CB} unterzeichneten {N} Abkommen zu Themen wie {T1} und {T2}.",
		},
		support: []string{
			"{X} sicherte {Y} Unterstützung beim Thema {T1} zu.",
		},
		criticize: []string{
			"{X} kritisierte {Y} wegen der Haltung zum Thema {T1}.",
			"Unterdessen verurteilte {X} einseitige Schritte von {Y} beim Thema {T2}.",
		},
		sanction: []string{
			"{X} verhängte Anfang des Jahres Sanktionen gegen {Y}.",
		},
		cooperate: []string{
			"{X} und {Y} haben ihre Zusammenarbeit beim Thema {T1} im vergangenen Jahr ausgebaut.",
		},
		org: []string{
			"Beide Seiten sprachen auch über die Abstimmung im Rahmen von {O}.",
			"Nach Angaben von Diplomaten soll das Thema auch bei {O} zur Sprache kommen.",
		},
		side: []string{
			"{SB} äußerte Bedenken beim Thema {T2}.",
			"{SA} bezeichnete die Ergebnisse als wichtigen Schritt für die bilateralen Beziehungen.",
		},
		quote: []string{
			"„Unsere Partnerschaft beruht auf gegenseitigem Vertrauen und gemeinsamen Interessen“, sagte {a}.",
			"{b} sagte vor Journalisten, die Beziehungen seien in eine neue Phase eingetreten.",
		},
		filler: []string{
			"Die Beratungen dauerten nach Angaben eines hochrangigen Beamten mehr als {N} Stunden.",
			"Beamte beschrieben die Atmosphäre als konstruktiv.",
			"Eine gemeinsame Erklärung wird bis Ende der Woche erwartet.",
			"Den Delegationen gehörten ranghohe Diplomaten, Handelsbeamte und Sicherheitsberater an.",
			"Analysten zufolge wird das Ergebnis in der gesamten Region aufmerksam verfolgt.",
			"Eine weitere Runde auf Ebene hoher Beamter ist für den kommenden {NWD} geplant.",
			"Keine der beiden Seiten nannte Einzelheiten zum Zeitplan.",
			"Experten zufolge ist der Handel zwischen beiden Volkswirtschaften im vergangenen Jahrzehnt stetig gewachsen.",
			"Offiziellen Zahlen zufolge hat sich der bilaterale Handel in {N} Jahren fast verdoppelt.",
			"{CA} will seine Partnerschaften beim Thema {T1} breiter aufstellen.",
			"Diplomaten in {PL} sagten, die Vorbereitungen hätten mehrere Monate gedauert.",
			"Auf der Tagesordnung stand auch das Thema {T2}, Beschlüsse wurden jedoch nicht bekanntgegeben.",
		},
	},
}
