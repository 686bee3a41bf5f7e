package main

import (
	"fmt"
	"math/rand/v2"
)

// A read is one of the questions an analyst asks, with its variables drawn
// from the countries, people and names the generated corpus is about.
type read struct {
	kind  string
	query string
	vars  func(r *rand.Rand) map[string]any
}

var (
	countryCodes = []string{"CN", "RU", "IN", "US", "PK", "FR", "DE", "JP", "GB", "BR", "IR", "TR", "SA", "AE", "EG", "ZA", "KR", "AU", "CA", "ID"}
	peopleKeys   = []string{"wang-yi", "sergey-lavrov", "narendra-modi", "s-jaishankar", "antony-blinken"}
	orgKeys      = []string{"UN", "SCO", "ASEAN", "EU", "NATO", "AU"}
	languages    = []string{"en", "hi", "ur", "ru", "zh", "ar", "fr", "es"}
	// Names in the scripts the corpus is written in.
	searchLatin      = []string{"Lavrov", "Wang Yi", "Modi", "Jaishankar", "India", "Pakistan", "Blinken", "Macron"}
	searchDevanagari = []string{"भारत", "मोदी", "जयशंकर", "चीन", "रूस"}
	searchCyrillic   = []string{"Россия", "Лавров", "Китай", "Индия", "Ван И"}
	searchHan        = []string{"中国", "王毅", "俄罗斯", "印度", "拉夫罗夫"}
	searchArabic     = []string{"پاکستان", "بھارت", "السعودية", "روسيا", "الصين"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// twoCountries returns two different codes.
func twoCountries(r *rand.Rand) (string, string) {
	i := r.IntN(len(countryCodes))
	j := (i + 1 + r.IntN(len(countryCodes)-1)) % len(countryCodes)
	return countryCodes[i], countryCodes[j]
}

func search(kind string, terms []string) read {
	return read{kind, `query Search($q: String!) { search(query: $q, first: 10) { score matched node { id name } } }`,
		func(r *rand.Rand) map[string]any { return map[string]any{"q": pick(r, terms)} }}
}

func oneCountry(r *rand.Rand) map[string]any { return map[string]any{"c": pick(r, countryCodes)} }

func pair(r *rand.Rand) map[string]any {
	a, b := twoCountries(r)
	return map[string]any{"a": a, "b": b}
}

// reads are the twenty read kinds the soak mixes.
var reads = []read{
	{"country_events", `query CountryEvents($c: String!) { country(code: $c) { name events(first: 20) { totalCount edges { node { id type date
		participants { role actor { id ... on Country { name } ... on Person { name } } } evidence(first: 2) { sentence confidence article { title language } } } } } } }`, oneCountry},
	{"country_names", `query CountryNames($c: String!, $l: String) { country(code: $c) { code name(lang: $l) names { text lang } memberships(first: 10) { nodes { key } } } }`,
		func(r *rand.Rand) map[string]any {
			return map[string]any{"c": pick(r, countryCodes), "l": pick(r, languages)}
		}},
	{"bilateral", `query Bilateral($a: String!, $b: String!) { bilateral(a: $a, b: $b) { events meetings byType { type count source { code } target { code } }
		topics { topic { key } count } timeline { month type count } } }`, pair},
	{"bilateral_range", `query BilateralRange($a: String!, $b: String!) { bilateral(a: $a, b: $b, from: "2020-01-01", to: "2024-12-31") { events meetings timeline { month count } } }`, pair},
	{"path", `query Path($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, first: 3) { length nodes { id } events { id type date } } }`,
		func(r *rand.Rand) map[string]any {
			a, b := twoCountries(r)
			return map[string]any{"from": "Country:" + a, "to": "Country:" + b}
		}},
	{"path_person", `query PersonPath($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, first: 3) { length edges { type from to } } }`,
		func(r *rand.Rand) map[string]any {
			return map[string]any{"from": "Person:" + pick(r, peopleKeys), "to": "Country:" + pick(r, countryCodes)}
		}},
	search("search_latin", searchLatin),
	search("search_devanagari", searchDevanagari),
	search("search_cyrillic", searchCyrillic),
	search("search_han", searchHan),
	search("search_arabic", searchArabic),
	{"event_counts_month", `query Monthly($c: String!) { eventCounts(filter: { countries: [$c], from: "2020-01-01" }, groupBy: [MONTH, TYPE]) { keys count } }`, oneCountry},
	{"event_counts_counterpart", `query Counterparts($c: String!) { eventCounts(filter: { countries: [$c], types: [MEET, AGREE] }, groupBy: [COUNTERPART]) { keys count } }`, oneCountry},
	{"neighborhood", `query Around($id: ID!) { neighborhood(id: $id, depth: 2, limit: 50) { truncated nodes { id } edges { type from to role } } }`,
		func(r *rand.Rand) map[string]any { return map[string]any{"id": "Country:" + pick(r, countryCodes)} }},
	{"events_filter", `query Meetings($a: String!, $b: String!) { events(first: 20, filter: { countries: [$a, $b], types: [MEET] }) { totalCount nodes { id date subtype place { name } topics { key } } } }`, pair},
	{"counterparts", `query Partners($c: String!) { country(code: $c) { counterparts(first: 10, types: [MEET]) { country { code } events byType { type count } } } }`, oneCountry},
	{"officials", `query Officials($c: String!) { country(code: $c) { officials(first: 10, role: "foreign minister") { totalCount nodes { key name role heldOffice { role from to } } } } }`, oneCountry},
	{"person_events", `query PersonEvents($p: String!) { person(id: $p) { name country { code } offices { role from to } events(first: 10) { totalCount nodes { type date } } } }`,
		func(r *rand.Rand) map[string]any { return map[string]any{"p": pick(r, peopleKeys)} }},
	{"articles_language", `query Articles($l: String!) { articles(first: 20, filter: { language: $l }) { totalCount nodes { id title published source } } }`,
		func(r *rand.Rand) map[string]any { return map[string]any{"l": pick(r, languages)} }},
	{"organization", `query Org($o: String!) { organization(id: $o) { name members { code } events(first: 10) { totalCount nodes { type date } } } }`,
		func(r *rand.Rand) map[string]any { return map[string]any{"o": pick(r, orgKeys)} }},
	{"stats", `query Stats { stats { countries people organizations events articles } }`, func(*rand.Rand) map[string]any { return nil }},
}

const ingestQuery = `mutation Ingest($as: [ArticleInput!]!) { ingestArticles(articles: $as) { id status code } }`

// checkQuery asks whether articles exist: at most 100 global ids at once.
const checkQuery = `query Exist($ids: [ID!]!) { nodes(ids: $ids) { id } }`

func init() {
	if len(reads) < 20 {
		panic(fmt.Sprintf("%d read kinds", len(reads)))
	}
}
