package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// updating reports whether -update was given: graphtest, which these tests
// import, defines that flag for its own golden files.
func updating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	return ok && g.Get() == true
}

// queryCases are the shapes of query the API answers, run over graphtest's
// corpus; their responses are kept in testdata/golden/<name>.json
// (go test -run TestQueries -update rewrites them). The same files are
// meant to be checked against the Neo4j store.
var queryCases = []struct {
	name  string
	query string
	vars  map[string]any
}{
	{"node-country", `{ node(id: "Country:CN") { id __typename ... on Country { code name names { text lang canonical } } } }`, nil},
	{"node-missing", `{ node(id: "Country:XX") { id } }`, nil},
	{"node-event", `query($id: ID!) { node(id: $id) { id ... on Event { type date } } }`, map[string]any{"id": "Event:" + graphtest.CorpusEvent(1)}},
	{"nodes", `{ nodes(ids: ["Person:lavrov", "Topic:trade", "Country:XX", "Organization:SCO"]) { id ... on NamedEntity { name } } }`, nil},
	{"country-name-lang", `{ country(code: "cn") { hi: name(lang: "hi") ur: name(lang: "ur") zh: name(lang: "zh") en: name xx: name(lang: "xx") } }`, nil},
	{"countries-prefix", `{ countries(filter: {namePrefix: "ru"}) { totalCount edges { cursor node { code name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, nil},
	{"countries-prefix-script", `{ countries(filter: {namePrefix: "रू"}) { nodes { code } } }`, nil},
	{"people-country-role", `{ people(filter: {country: "CN", role: "foreign minister"}) { totalCount nodes { key name role country { code } offices { role country { code } from to } } } }`, nil},
	{"person-offices", `{ person(id: "qin-gang") { name role offices { role from to country { code } } held2023: heldOffice(at: "2023-03-01") { role } held2024: heldOffice(at: "2024-03-01") { role } current: heldOffice { role } } }`, nil},
	{"person-events", `{ person(id: "lavrov") { events { totalCount nodes { type date subtype status place { key } } } } }`, nil},
	{"person-counterparts", `{ person(id: "lavrov") { counterparts { person { key name } events byType { type count } } } wang: person(id: "wang-yi") { counterparts(types: [MEET], first: 1) { person { key } events } } }`, nil},
	{"organizations", `{ organizations(first: 5, filter: {country: "IN"}) { nodes { key name(lang: "zh") class members { code } events(first: 5) { nodes { type date participants { role actor { __typename id } } } } } } }`, nil},
	{"places", `{ places(filter: {country: "RU"}) { nodes { key name(lang: "ru") class country { code } events { totalCount } } } }`, nil},
	{"topics", `{ topics { totalCount nodes { key name events { totalCount } } } }`, nil},
	{"topic-events-filter", `{ topic(id: "trade") { events(filter: {types: [CRITICIZE]}) { totalCount nodes { type date } } } }`, nil},
	{"articles", `{ articles { totalCount nodes { key url title language source published contentHash extractor } } }`, nil},
	{"articles-filter", `{ articles(filter: {from: "2024-07-01", to: "2024-07-15"}) { nodes { language published } } byLang: articles(filter: {language: "ru"}) { nodes { source } } bySource: articles(filter: {source: "reuters"}) { totalCount } }`, nil},
	{"article-events", `{ article(id: "ur-wangyi-lavrov") { title events { totalCount nodes { type date } } } }`, nil},
	{"events-all", `{ events(first: 100) { totalCount edges { node { key type subtype status date cameo plover confidence reportCount place { key } topics { key } participants { role actor { id } } } } } }`, nil},
	{"events-filter-types-countries", `{ events(filter: {types: [MEET], countries: ["CN", "RU"]}) { totalCount nodes { date subtype } } }`, nil},
	{"events-filter-people-range", `{ events(filter: {people: ["wang-yi"], from: "2024-07-11", to: "2024-07-31"}) { nodes { date type } } }`, nil},
	{"events-filter-org-topic-place", `{ org: events(filter: {organizations: ["SCO"]}) { nodes { date } } topic: events(filter: {topics: ["ukraine", "energy"]}) { nodes { type date } } place: events(filter: {place: "beijing"}) { nodes { date } } }`, nil},
	{"events-filter-language-confidence", `{ hi: events(filter: {language: "hi"}) { totalCount } sure: events(filter: {minConfidence: 0.9}) { nodes { type date confidence } } }`, nil},
	{"event-evidence", `query($id: String!) { event(id: $id) { type all: evidence { sentence start end confidence extractor article { key language title url published } } sure: evidence(minConfidence: 0.9) { confidence } one: evidence(first: 1) { confidence } } }`, map[string]any{"id": graphtest.CorpusEvent(1)}},
	{"country-events-counterparts", `{ country(code: "RU") { events(first: 3, filter: {types: [MEET, CRITICIZE]}) { totalCount nodes { type date } } counterparts { country { code } events byType { type count } } meetOnly: counterparts(types: [MEET], first: 2) { country { code } events } } }`, nil},
	{"country-officials-memberships", `{ country(code: "CN") { officials { totalCount nodes { key role } } fm: officials(role: "foreign minister") { nodes { key } } memberships { totalCount nodes { key } } } }`, nil},
	{"search", `{ search(query: "lav") { node { id name } matched score } }`, nil},
	{"search-script-kinds", `{ urdu: search(query: "وانگ") { node { id } matched } places: search(query: "mos", kinds: [PLACE]) { node { id } } cn: search(query: "中国", first: 1) { node { id } matched score } }`, nil},
	{"path", `{ path(from: "Person:dar", to: "Country:RU", maxHops: 4) { length nodes { id } edges { type from to role } events { type date } } }`, nil},
	{"path-none", `{ path(from: "Country:US", to: "Country:PK", maxHops: 1) { length } }`, nil},
	{"neighborhood", `{ neighborhood(id: "Place:beijing", depth: 2, limit: 10) { truncated nodes { id } edges { type from to role } } }`, nil},
	{"bilateral", `{ bilateral(a: "CN", b: "RU") { a { code name } b { code } from to events meetings byType { type count source { code } target { code } } topics { topic { key name } count } timeline { month type count } } }`, nil},
	{"bilateral-directed-range", `{ bilateral(a: "US", b: "CN", from: "2024-01-01", to: "2024-12-31") { events meetings byType { type source { code } target { code } count } timeline { month type count } } }`, nil},
	{"event-counts", `{ byMonthType: eventCounts(groupBy: [MONTH, TYPE]) { keys count } byYear: eventCounts(groupBy: [YEAR]) { keys count } topics: eventCounts(filter: {from: "2024-01-01"}, groupBy: [TOPIC]) { keys count } countries: eventCounts(filter: {types: [MEET, CRITICIZE]}, groupBy: [COUNTRY]) { keys count } counterparts: eventCounts(filter: {countries: ["CN"]}, groupBy: [COUNTERPART, TYPE]) { keys count } }`, nil},
	{"stats", `{ stats { countries people organizations places topics events articles nodes { kind count } edges { kind count } fingerprint } }`, nil},
}

func TestQueries(t *testing.T) {
	runQueryCases(t, newTestServer(t, corpusStore(t), testOptions()), updating())
}

// runQueryCases runs queryCases and compares (or, with update, writes)
// their golden responses.
func runQueryCases(t *testing.T, ts *testServer, update bool) {
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.query(t, tc.query, tc.vars)
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %s", r.Body)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, r.Data, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), pretty.String()); diff != "" {
				t.Errorf("response differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestEventCountsRefused checks that a grouping the store does not do is
// a clear BAD_USER_INPUT, refused before any store call.
func TestEventCountsRefused(t *testing.T) {
	cs := newCounting(corpusStore(t))
	ts := newTestServer(t, cs, testOptions())
	for _, q := range []string{
		`{ eventCounts(groupBy: []) { count } }`,
		`{ eventCounts(groupBy: [MONTH, TYPE, TOPIC]) { count } }`,
		`{ eventCounts(groupBy: [TYPE, TYPE]) { count } }`,
		`{ eventCounts(groupBy: [COUNTERPART]) { count } }`,
		`{ eventCounts(filter: {countries: ["CN", "RU"]}, groupBy: [COUNTERPART]) { count } }`,
	} {
		r := ts.query(t, q, nil)
		if len(r.Errors) != 1 || r.code() != CodeBadUserInput {
			t.Errorf("%s: got %s, want one %s error", q, r.Body, CodeBadUserInput)
		}
	}
	if n := cs.total(); n != 0 {
		t.Errorf("%d store calls, want none: %s", n, fmtCalls(cs.snapshot()))
	}
	var got struct{ EventCounts []struct{ Count int } }
	ts.mustQuery(t, `{ eventCounts(groupBy: [TYPE]) { count } }`, nil, &got)
	if calls := cs.snapshot(); fmtCalls(calls) != fmtCalls(map[string]int{"EventCounts": 1}) {
		t.Errorf("store calls: %s, want one EventCounts", fmtCalls(calls))
	}
}
