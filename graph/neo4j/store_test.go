package neo4j

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"go.uber.org/goleak"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
)

// Statements only the tests run.
const (
	qTestShowConstraints      = `SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN name, labelsOrTypes, properties, type ORDER BY name`
	qTestShowIndexes          = `SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN name, type, labelsOrTypes, properties, state ORDER BY name`
	qTestMigrations           = `MATCH (m:Migration) RETURN m.version, m.name ORDER BY m.version`
	qTestSlow                 = `UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 13 RETURN count(x)`
	qTestDeleteHolds          = `MATCH (:Person {id: $id})-[h:HOLDS]->() DELETE h`
	qTestNodeCount            = `MATCH (n) WHERE NOT n:Migration AND NOT n:Curation RETURN count(n)`
	qTestRelCount             = `MATCH ()-[r]->() RETURN count(r)`
	qTestTransactions         = `SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery`
	qTestLeftLocks            = `MATCH (n) WHERE n._lock IS NOT NULL RETURN count(n)`
	qTestForgetPairs          = `MATCH (e:Event) REMOVE e._pairs, e._pairsOverflow, e._multi WITH count(e) AS n MATCH (m:Migration {version: 6}) DELETE m`
	qTestOverflowingPairs     = `MATCH (e:Event) WHERE e._pairsOverflow = true RETURN count(e)`
	qTestRepeatedParticipants = `MATCH (e:Event) WHERE e._multi IS NOT NULL RETURN count(e)`
)

// raw runs a test statement and returns its rows.
func raw(t testing.TB, s *Store, query string, params map[string]any) [][]any {
	t.Helper()
	var rows [][]any
	err := s.write(testCtx(t), func(ctx context.Context, tx *txn) error {
		recs, err := tx.run(ctx, query, params)
		rows = nil
		for _, r := range recs {
			rows = append(rows, r.Values)
		}
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", strings.SplitN(query, "\n", 2)[0], err)
	}
	return rows
}

func openMemory(t testing.TB) *memory.Store {
	t.Helper()
	m, err := memory.Open(context.Background(), memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func mustApply(t testing.TB, s graph.Store, graphs ...graph.ArticleGraph) []graph.ApplyResult {
	t.Helper()
	res, err := s.Apply(testCtx(t), graphs)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("Apply: %s: %v", r.ArticleID, r.Err)
		}
	}
	return res
}

func mustFingerprint(t testing.TB, s graph.Store) string {
	t.Helper()
	f, err := s.Fingerprint(testCtx(t))
	if err != nil {
		t.Fatalf("Fingerprint: %v", err)
	}
	return f
}

func TestOpenWrongPassword(t *testing.T) {
	cfg := testConfig(t)
	cfg.Password = "not-the-password"
	_, err := Open(testCtx(t), cfg)
	var auth *AuthError
	if !errors.As(err, &auth) {
		t.Fatalf("Open with a wrong password: %v, want an *AuthError", err)
	}
	if errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("a refused login is not a transient outage: %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, fmt.Sprintf("%q", cfg.User)) || !strings.Contains(msg, "password") {
		t.Errorf("error %q should name the user and say the password is wrong", msg)
	}
	if strings.Contains(msg, cfg.Password) {
		t.Errorf("error %q shows the password", msg)
	}
}

// TestOpenSchemes opens the same server directly and through routing.
func TestOpenSchemes(t *testing.T) {
	cfg := testConfig(t)
	for _, scheme := range []string{"bolt", "neo4j"} {
		c := cfg
		c.URI = scheme + "://" + strings.SplitN(cfg.URI, "://", 2)[1]
		s := openWith(t, c)
		mustApply(t, s, graphtest.CorpusHindi())
		if n, err := s.CountArticles(testCtx(t), graph.ArticleFilter{}); err != nil || n != 1 {
			t.Errorf("%s: CountArticles = %d, %v", scheme, n, err)
		}
	}
}

// TestRetryCounted checks that the driver retries a transaction that failed
// with a transient error, and that Stats counts it.
func TestRetryCounted(t *testing.T) {
	cfg := testConfig(t)
	cfg.MaxRetryTime = 20 * time.Second
	s := openWith(t, cfg)
	before := s.Stats()
	calls := 0
	err := s.write(testCtx(t), func(ctx context.Context, tx *txn) error {
		if calls++; calls == 1 {
			return &neo4j.Neo4jError{Code: codeDeadlock, Msg: "injected"}
		}
		_, err := tx.run(ctx, qArticleHashes, map[string]any{"ids": []string{"x"}})
		return err
	})
	if err != nil || calls != 2 {
		t.Fatalf("write: %v after %d calls, want success on the second", err, calls)
	}
	after := s.Stats()
	if d := (Stats{after.Transactions - before.Transactions, after.Retries - before.Retries,
		after.Transient - before.Transient, after.Deadlocks - before.Deadlocks}); d != (Stats{1, 1, 1, 1}) {
		t.Errorf("stats grew by %+v, want one of each", d)
	}
}

func TestOpenUnreachable(t *testing.T) {
	cfg := DefaultConfig()
	cfg.URI, cfg.User, cfg.Password = "bolt://127.0.0.1:1", "neo4j", "x"
	start := time.Now()
	_, err := Open(testCtx(t), cfg)
	if !errors.Is(err, graph.ErrUnavailable) {
		t.Fatalf("Open on a closed port: %v, want graph.ErrUnavailable", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Open took %v to fail", d)
	}
}

// TestMigrations is check N-8: every key has its uniqueness constraint, the
// search indexes exist and are online, and migrating again changes nothing.
func TestMigrations(t *testing.T) {
	s := openTest(t)
	constraints := raw(t, s, qTestShowConstraints, nil)
	indexes := raw(t, s, qTestShowIndexes, nil)
	have := map[string]bool{}
	for _, c := range constraints {
		labels, props := strs(c[1]), strs(c[2])
		if str(c[3]) == "UNIQUENESS" && len(labels) == 1 && len(props) == 1 {
			have[labels[0]+"."+props[0]] = true
		}
	}
	for _, want := range []string{"Country.id", "Person.id", "Organization.id", "Place.id", "Topic.id", "Event.id",
		"Article.id", "Entity.ref", "Migration.version"} {
		if !have[want] {
			t.Errorf("no uniqueness constraint on %s; SHOW CONSTRAINTS: %v", want, constraints)
		}
	}
	online := map[string]string{}
	for _, ix := range indexes {
		online[str(ix[0])] = str(ix[4])
	}
	for _, name := range []string{"entity_search", "entity_names", "event_date", "article_lang"} {
		if online[name] != "ONLINE" {
			t.Errorf("index %s is %q, want ONLINE", name, online[name])
		}
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	recorded := raw(t, s, qTestMigrations, nil)
	if len(recorded) != len(ms) {
		t.Errorf("%d migrations recorded, %d embedded: %v", len(recorded), len(ms), recorded)
	}

	// Twice more: explicitly, and by opening another store.
	if err := s.migrate(testCtx(t)); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	openWith(t, s.cfg)
	if diff := cmp.Diff(constraints, raw(t, s, qTestShowConstraints, nil)); diff != "" {
		t.Errorf("migrating again changed the constraints:\n%s", diff)
	}
	if diff := cmp.Diff(indexes, raw(t, s, qTestShowIndexes, nil)); diff != "" {
		t.Errorf("migrating again changed the indexes:\n%s", diff)
	}
	if diff := cmp.Diff(recorded, raw(t, s, qTestMigrations, nil)); diff != "" {
		t.Errorf("migrating again changed the records:\n%s", diff)
	}
}

// injectionPayloads are Cypher fragments and look-alikes (check N-1).
var injectionPayloads = []string{
	"' }) WITH 1 AS x MATCH (n) DETACH DELETE n //",
	"a`) RETURN 1 UNION MATCH (n) DETACH DELETE n //",
	`"}]->() DETACH DELETE n //`,
	`\u0027`,
	"`Country`",
	"$param",
	"$rows",
	"{ref: 'Country:CN'}",
	"Country:CN",
	"\n// comment\nMATCH (n) DETACH DELETE n",
	"'; CALL dbms.shutdown(); //",
	// Not "\x1e\x1f": graph.EntityState joins office fields with \x1f, so
	// both stores misread such a role (graph.Validate should refuse it).
}

// TestInjection is check N-1: payloads as article id, title, source and
// URL, entity ids, names and aliases, roles and evidence are stored byte
// for byte, change no other node, and the graph is the memory store's.
func TestInjection(t *testing.T) {
	s := openTest(t)
	m := openMemory(t)
	var graphs []graph.ArticleGraph
	for i, p := range injectionPayloads {
		b := graphtest.NewArticle(fmt.Sprintf("inj-%02d-%s", i, p)).Lang("en").Title(p).Source(p).URL(p).
			Country("CN", p).
			Entity(graph.Entity{Kind: graph.KindPerson, ID: "p-" + p, Name: p, Country: "CN", Role: p,
				Aliases: []graph.Name{{Text: p, Lang: p[:1]}}, Offices: []graph.Office{{Role: p, Country: "CN", From: "2020"}}}).
			Topic("t-"+p, p, p+" alias").
			Meeting("2024-01-0"+fmt.Sprint(1+i%9), graphtest.P("p-"+p), graphtest.C("CN")).
			Sentence(p, 3).Subtype(p).About("t-" + p)
		graphs = append(graphs, b.Build())
	}
	mustApply(t, s, graphs...)
	mustApply(t, m, graphs...)
	compareDumps(t, s, m)
	c, err := s.Counts(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	n := len(injectionPayloads)
	wantNodes := map[graph.Kind]int{graph.KindCountry: 1, graph.KindPerson: n, graph.KindTopic: n, graph.KindEvent: n, graph.KindArticle: n}
	for k, want := range wantNodes {
		if c.Nodes[k] != want {
			t.Errorf("%d %s nodes, want %d", c.Nodes[k], k, want)
		}
	}
	total := raw(t, s, qTestNodeCount, nil)
	if got := num(total[0][0]); got != int64(1+4*n) {
		t.Errorf("%d nodes in the database, want %d", got, 1+4*n)
	}
	for i, p := range injectionPayloads {
		id := graphs[i].Article.ID
		arts, err := s.Articles(testCtx(t), []string{id})
		if err != nil || arts[0] == nil {
			t.Fatalf("Articles(%q): %v, %v", id, arts, err)
		}
		if a := arts[0]; a.Title != p || a.Source != p || a.URL != p || a.ID != id {
			t.Errorf("article %q came back as %+v", id, a)
		}
		ents, err := s.Entities(testCtx(t), []graph.Ref{graphtest.P("p-" + p)})
		if err != nil || ents[0] == nil {
			t.Fatalf("Entities(p-%q): %v, %v", p, ents, err)
		}
		if e := ents[0]; e.Name != p || e.Role != p || len(e.Aliases) != 1 || e.Aliases[0].Text != p || e.Offices[0].Role != p {
			t.Errorf("person %q came back as %+v", p, e)
		}
		if k := graph.Key(p); k != "" {
			hits, err := s.Search(testCtx(t), p, []graph.Kind{graph.KindPerson}, 100)
			if err != nil {
				t.Fatalf("Search(%q): %v", p, err)
			}
			found := false
			for _, h := range hits {
				found = found || h.Entity.ID == "p-"+p
			}
			if !found {
				t.Errorf("Search(%q) did not find the person named so: %v", p, hits)
			}
		}
	}
}

// n9Graphs are n articles over the same 1,000 country keys: article g
// names three quarters of them (a different three quarters for each g) and
// reports a cooperation between neighbours i, i+1 of the same parity as g.
func n9Graphs(n int) []graph.ArticleGraph {
	in := func(i, g int) bool { return (i*7+g)%4 != 0 }
	var out []graph.ArticleGraph
	for g := 0; g < n; g++ {
		b := graphtest.NewArticle(fmt.Sprintf("n9-%02d", g)).Lang("en").Published("2024-03-01")
		for i := 0; i < 1000; i++ {
			if in(i, g) {
				code := fmt.Sprintf("K%03d", i)
				b.Country(code, fmt.Sprintf("Land %d", i), fmt.Sprintf("Land %d (%d)", i, g%3)).Mention(graphtest.C(code), 1+g%5)
			}
		}
		for i := 0; i < 999; i++ {
			if i%2 == g%2 && in(i, g) && in(i+1, g) {
				b.Multi(graph.EventCooperate, "2024-02-28", graphtest.C(fmt.Sprintf("K%03d", i)), graphtest.C(fmt.Sprintf("K%03d", i+1))).
					Confidence(float64(g%10) / 10)
			}
		}
		out = append(out, b.Build())
	}
	return out
}

// TestConcurrentMerge is check N-9: 32 goroutines apply overlapping
// article graphs over the same 1,000 entity keys at once; the graph has
// exactly one node per key and the counts and fingerprint of a sequential
// load into the memory store.
func TestConcurrentMerge(t *testing.T) {
	// The 32 writers all lock the same 1,000 hubs, so they run one after
	// the other; on a loaded 2-core machine the last waits longer than the
	// default write timeout, which is not what this test is about.
	cfg := testConfig(t)
	cfg.WriteTimeout = 3 * time.Minute
	s := openWith(t, cfg)
	m := openMemory(t)
	graphs := n9Graphs(32)
	mustApply(t, m, graphs...)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, len(graphs))
	for i := range graphs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.Apply(context.Background(), graphs[i:i+1])
			if err == nil {
				err = res[0].Err
			}
			if err != nil {
				errs <- fmt.Errorf("%s: %w", graphs[i].Article.ID, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st := s.Stats()
	t.Logf("32 concurrent articles in %v; stats %+v", time.Since(start).Round(time.Millisecond), st)
	got, err := s.Counts(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := m.Counts(testCtx(t))
	if got.Nodes[graph.KindCountry] != 1000 || got.Nodes[graph.KindArticle] != 32 {
		t.Errorf("%d countries and %d articles, want 1000 and 32", got.Nodes[graph.KindCountry], got.Nodes[graph.KindArticle])
	}
	if diff := cmp.Diff(nonZero(want), nonZero(got)); diff != "" {
		t.Errorf("counts differ from a sequential load into the memory store (-memory +neo4j):\n%s", diff)
	}
	nodes := num(raw(t, s, qTestNodeCount, nil)[0][0])
	rels := num(raw(t, s, qTestRelCount, nil)[0][0])
	wantNodes, wantRels := 0, 0
	for _, n := range want.Nodes {
		wantNodes += n
	}
	for _, n := range want.Edges {
		wantRels += n
	}
	if nodes != int64(wantNodes) || rels != int64(wantRels) {
		t.Errorf("database holds %d nodes and %d relationships, want %d and %d", nodes, rels, wantNodes, wantRels)
	}
	if got, want := mustFingerprint(t, s), mustFingerprint(t, m); got != want {
		t.Errorf("Fingerprint %s, memory store %s", got, want)
	}
}

// TestNoLeakAfterClose is check N-16: once a store is closed, none of the
// driver's goroutines is left and the server has no open transaction.
func TestNoLeakAfterClose(t *testing.T) {
	cfg := testConfig(t)
	opts := goleak.IgnoreCurrent()
	s, err := Open(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, s, graphtest.CorpusHindi())
	if _, err := s.ListEvents(testCtx(t), graph.EventFilter{}, graph.Page{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	goleak.VerifyNone(t, opts)
	if _, err := s.Counts(testCtx(t)); !errors.Is(err, graph.ErrClosed) {
		t.Errorf("Counts after Close: %v, want graph.ErrClosed", err)
	}

	// The server side: no transaction but the one asking.
	other := openWith(t, cfg)
	if rows := raw(t, other, qTestTransactions, nil); len(rows) != 1 {
		t.Errorf("SHOW TRANSACTIONS lists %d transactions, want only itself: %v", len(rows), rows)
	}
}

// TestTimeout is check N-12: a read that runs past the read timeout ends
// within the timeout plus a second, as graph.ErrTimeout; so does one whose
// context ends first.
func TestTimeout(t *testing.T) {
	cfg := testConfig(t)
	cfg.ReadTimeout = time.Second
	s := openWith(t, cfg)
	slow := func(ctx context.Context) error {
		return s.read(ctx, func(ctx context.Context, tx *txn) error {
			_, err := tx.run(ctx, qTestSlow, nil)
			return err
		})
	}
	start := time.Now()
	err := slow(context.Background())
	if !errors.Is(err, graph.ErrTimeout) {
		t.Errorf("slow read: %v, want graph.ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second+time.Second { // timeout + 1 s, + 1 s for a loaded machine
		t.Errorf("slow read ended after %v", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := slow(ctx); !errors.Is(err, graph.ErrTimeout) {
		t.Errorf("slow read with a short context: %v, want graph.ErrTimeout", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("slow read with a 300ms context ended after %v", d)
	}
	// The store is still usable afterwards.
	if _, err := s.Counts(testCtx(t)); err != nil {
		t.Errorf("Counts after timeouts: %v", err)
	}
}

// TestWalkReadsEdges shows that Walk builds from stored relationships, not
// from the tallies: losing an edge changes the fingerprint.
func TestWalkReadsEdges(t *testing.T) {
	s := openTest(t)
	m := openMemory(t)
	mustApply(t, s, graphtest.Corpus()...)
	mustApply(t, m, graphtest.Corpus()...)
	if got, want := mustFingerprint(t, s), mustFingerprint(t, m); got != want {
		t.Fatalf("Fingerprint %s, memory store %s", got, want)
	}
	raw(t, s, qTestDeleteHolds, map[string]any{"id": "wang-yi"})
	if got, want := mustFingerprint(t, s), mustFingerprint(t, m); got == want {
		t.Errorf("deleting a HOLDS edge left the fingerprint unchanged")
	}
}

// TestApplyResults checks the per-article outcome counts on replace and
// delete against the memory store.
func TestApplyResults(t *testing.T) {
	s := openTest(t)
	m := openMemory(t)
	corpus := graphtest.Corpus()
	changed := graphtest.NewArticle(graphtest.ArtRussian).Lang("ru").Country("RU").Country("FR").
		Event(graph.EventPraise, "2024-06-01", graphtest.C("RU"), graphtest.C("FR")).Build()
	batches := [][]graph.ArticleGraph{corpus, corpus[:2], {changed, corpus[0], changed}}
	for i, b := range batches {
		got := mustApply(t, s, b...)
		want := mustApply(t, m, b...)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("batch %d: results differ (-memory +neo4j):\n%s", i, diff)
		}
	}
	for _, id := range []string{graphtest.ArtEnglish, graphtest.ArtRussian} {
		if err := s.DeleteArticle(testCtx(t), id); err != nil {
			t.Fatalf("DeleteArticle(%s): %v", id, err)
		}
		if err := m.DeleteArticle(testCtx(t), id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteArticle(testCtx(t), graphtest.ArtEnglish); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("deleting a deleted article: %v, want graph.ErrNotFound", err)
	}
	if got, want := mustFingerprint(t, s), mustFingerprint(t, m); got != want {
		t.Errorf("Fingerprint %s, memory store %s", got, want)
	}
}

// randomCorpus makes n valid article graphs over a small world, with
// conflicting names, roles, offices, places, topics and dates.
// parityCountries are the countries of randomCorpus.
var parityCountries = []string{"CN", "RU", "IN", "PK", "US", "FR", "DE", "JP", "BR", "ZA", "TR", "IR"}

func randomCorpus(rng *rand.Rand, n int, prefix string) []graph.ArticleGraph {
	countries := parityCountries
	langs := []string{"en", "hi", "ur", "ru", "zh", "ar", "fr"}
	people := []string{"wang-yi", "lavrov", "jaishankar", "blinken", "dar", "araghchi", "fidan", "barrot"}
	names := map[string][]string{"wang-yi": {"Wang Yi", "王毅", "वांग यी"}, "lavrov": {"Sergey Lavrov", "Sergei Lavrov", "Лавров"},
		"jaishankar": {"S. Jaishankar", "जयशंकर"}, "blinken": {"Antony Blinken", "Tony Blinken"}, "dar": {"Ishaq Dar", "اسحاق ڈار"},
		"araghchi": {"Abbas Araghchi", "عباس عراقچی"}, "fidan": {"Hakan Fidan"}, "barrot": {"Jean-Noël Barrot"}}
	places := []string{"moscow", "beijing", "delhi", "geneva", "astana"}
	topics := []string{"trade", "security", "energy", "ukraine", "climate", "nuclear"}
	roles := []string{"foreign minister", "deputy foreign minister", "ambassador"}
	dates := []string{"", "2024-01-05", "2024-01-05", "2024-02-10", "2024-03-15", "2023-12-31", "2024-02-29"}
	pick := func(xs []string) string { return xs[rng.Intn(len(xs))] }
	var out []graph.ArticleGraph
	for a := 0; a < n; a++ {
		lang := pick(langs)
		b := graphtest.NewArticle(fmt.Sprintf("%s%03d", prefix, a)).Lang(lang).Source(pick([]string{"tass", "xinhua", "dawn", "bbc"})).
			Published(pick(dates[1:])).Title(fmt.Sprintf("title %d %s", a, prefix))
		used := map[string]bool{}
		var ps []graph.Ref
		for i := 0; i < 1+rng.Intn(3); i++ {
			p := pick(people)
			if used[p] {
				continue
			}
			used[p] = true
			c := countries[len(p)%len(countries)]
			role := pick(roles)
			e := graph.Entity{Kind: graph.KindPerson, ID: p, Name: pick(names[p]), Country: c, Role: role,
				Aliases: []graph.Name{{Text: pick(names[p]), Lang: lang}}}
			if rng.Intn(2) == 0 {
				e.Offices = []graph.Office{{Role: role, Country: c, From: pick(dates[1:])[:4]}}
			}
			b.Entity(e).Mention(graphtest.P(p), rng.Intn(4))
			ps = append(ps, graphtest.P(p))
		}
		place := ""
		if rng.Intn(2) == 0 {
			place = pick(places)
			b.Place(place, strings.ToUpper(place[:1])+place[1:], pick(countries), pick([]string{"capital", "city", ""}), place+"-"+lang)
		}
		if rng.Intn(3) == 0 {
			b.Org("SCO", pick([]string{"SCO", "Shanghai Cooperation Organisation"}), countries[:1+rng.Intn(4)]...)
			ps = append(ps, graphtest.O("SCO"))
		}
		for i := 0; i < 1+rng.Intn(4); i++ {
			typ := graph.EventTypes[rng.Intn(len(graph.EventTypes))]
			c1, c2 := pick(countries), pick(countries)
			if c1 == c2 && typ.Symmetric() {
				continue // a directed event may have one country as source and target
			}
			if typ.Symmetric() {
				refs := []graph.Ref{graphtest.C(c1), graphtest.C(c2)}
				if len(ps) > 0 && rng.Intn(2) == 0 {
					refs = append(refs, ps[rng.Intn(len(ps))])
				}
				b.Multi(typ, pick(dates), refs...)
			} else {
				b.Event(typ, pick(dates), graphtest.C(c1), graphtest.C(c2))
			}
			b.Confidence(float64(rng.Intn(10)) / 10).Subtype(pick([]string{"", "talks", "call", "visit"})).
				Status(pick([]string{"", graph.StatusHeld, graph.StatusScheduled, graph.StatusProposed}))
			if place != "" && rng.Intn(2) == 0 {
				b.At(place)
			}
			if rng.Intn(2) == 0 {
				b.About(pick(topics))
			}
			if rng.Intn(3) == 0 {
				b.About(pick(topics))
			}
		}
		g := b.BuildUnchecked()
		for i := range g.Events {
			graph.NormalizeEvent(&g.Events[i], g.Article.ID)
		}
		if err := g.Validate(); err != nil {
			continue // two events that normalize to one; rare, skip the article
		}
		out = append(out, g)
	}
	return out
}

// TestParityWithMemory is a small version of check B-10: the same random
// load, in different orders and batch sizes, with replaces and deletes,
// gives Neo4j the memory store's fingerprint, and every read answers the same.
func TestParityWithMemory(t *testing.T) {
	s := openTest(t)
	m := openMemory(t)
	rng := rand.New(rand.NewSource(7))
	corpus := randomCorpus(rng, 60, "r")
	start := time.Now()
	mustApply(t, m, corpus...)
	shuffled := append([]graph.ArticleGraph(nil), corpus...)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for i := 0; i < len(shuffled); {
		n := 1 + rng.Intn(9)
		mustApply(t, s, shuffled[i:min(i+n, len(shuffled))]...)
		i += n
	}
	t.Logf("loaded in %v", time.Since(start))
	if n := raw(t, s, qTestRepeatedParticipants, nil); num(n[0][0]) == 0 {
		t.Fatal("no event names a country twice; the counts from degrees are not put to the test")
	}
	start = time.Now()
	compareStores(t, "load", s, m)
	t.Logf("compared in %v", time.Since(start))
	// Hub countries' pages come from the date index on large graphs only;
	// the same answers are due on this one.
	forceDateScan = true
	compareStores(t, "load, listing by date", s, m)
	forceDateScan = false

	// Replace a third of the articles with other content, delete a few.
	again := randomCorpus(rand.New(rand.NewSource(8)), 20, "r")
	mustApply(t, s, again...)
	mustApply(t, m, again...)
	for _, id := range []string{"r003", "r010", "r011", "r042"} {
		errS, errM := s.DeleteArticle(testCtx(t), id), m.DeleteArticle(testCtx(t), id)
		if !errors.Is(errS, graph.ErrNotFound) || !errors.Is(errM, graph.ErrNotFound) {
			if errS != nil || errM != nil {
				t.Fatalf("DeleteArticle(%s): neo4j %v, memory %v", id, errS, errM)
			}
		}
	}
	compareStores(t, "replace and delete", s, m)

	// A database written before migration 6: its events have no pairs,
	// and bilateral questions find nothing, until the migration runs.
	raw(t, s, qTestForgetPairs, nil)
	if b, err := s.Bilateral(testCtx(t), "CN", "IN", "", ""); err != nil || b.Events != 0 {
		t.Fatalf("without pairs, Bilateral(CN, IN) = %+v, %v; want no events", b, err)
	}
	if err := s.migrate(testCtx(t)); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	compareStores(t, "after the pairs backfill", s, m)

	// Events whose pairs do not fit the text index are found edge by edge.
	defer func(n int) { maxPairsLen = n }(maxPairsLen)
	maxPairsLen = 4
	raw(t, s, qTestForgetPairs, nil)
	if err := s.migrate(testCtx(t)); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if n := raw(t, s, qTestOverflowingPairs, nil); num(n[0][0]) == 0 {
		t.Fatal("no event overflowed its pairs")
	}
	compareStores(t, "pairs overflowing the index", s, m)
}

// compareStores asserts that two stores hold the same graph and answer
// every read alike.
func compareStores(t *testing.T, stage string, s *Store, m *memory.Store) {
	t.Helper()
	ctx := testCtx(t)
	opts := cmpopts.EquateEmpty()
	check := func(what string, got, want any, errS, errM error) {
		t.Helper()
		if (errS == nil) != (errM == nil) {
			t.Errorf("%s: %s: neo4j error %v, memory error %v", stage, what, errS, errM)
			return
		}
		if errS != nil {
			return // both failed; the values are not part of the contract
		}
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Errorf("%s: %s differs (-memory +neo4j):\n%s", stage, what, diff)
		}
	}
	dS, errS := graph.CanonicalDump(ctx, s)
	dM, errM := graph.CanonicalDump(ctx, m)
	check("canonical dump", dS, dM, errS, errM)
	if got, want := mustFingerprint(t, s), mustFingerprint(t, m); got != want {
		t.Errorf("%s: Fingerprint %s, memory store %s", stage, got, want)
	}
	if n := num(raw(t, s, qTestLeftLocks, nil)[0][0]); n != 0 {
		t.Errorf("%s: %d nodes kept their _lock marker", stage, n)
	}
	cS, errS := s.Counts(ctx)
	cM, errM := m.Counts(ctx)
	check("Counts", nonZero(cS), nonZero(cM), errS, errM)

	var allEvents []string
	evPage, _ := m.ListEvents(ctx, graph.EventFilter{}, graph.Page{First: graph.MaxPageSize})
	for _, ev := range evPage.Items {
		allEvents = append(allEvents, ev.ID)
	}
	evS, errS := s.Events(ctx, append(allEvents, "missing"))
	evM, errM := m.Events(ctx, append(allEvents, "missing"))
	check("Events", evS, evM, errS, errM)

	var refs []graph.Ref
	for _, k := range graph.EntityKinds {
		p, _ := m.ListEntities(ctx, graph.EntityFilter{Kind: k}, graph.Page{First: graph.MaxPageSize})
		for _, e := range p.Items {
			refs = append(refs, e.Ref())
		}
	}
	entS, errS := s.Entities(ctx, refs)
	entM, errM := m.Entities(ctx, refs)
	check("Entities", entS, entM, errS, errM)

	eventFilters := []graph.EventFilter{
		{}, {Types: []graph.EventType{graph.EventMeet}}, {Countries: []string{"CN"}}, {Countries: []string{"CN", "RU"}},
		{People: []string{"wang-yi"}}, {Organizations: []string{"SCO"}}, {Topics: []string{"trade", "energy"}},
		{Topics: []string{"security"}}, {Place: "moscow"}, {From: "2024-01-01", To: "2024-02-29"}, {To: "2024-01-05"},
		{From: "2024-02-10"}, {Language: "hi"}, {Article: "r005"}, {MinConfidence: 0.5},
		{Countries: []string{"US"}, Types: []graph.EventType{graph.EventCriticize, graph.EventSanction}, From: "2024-01-01"},
		{Countries: []string{"XX"}}, {Countries: []string{"CN", "XX"}}, {Countries: []string{"CN", "CN"}, People: []string{"wang-yi"}},
		{Countries: []string{"CN"}, People: []string{"wang-yi", "sergey-lavrov"}, Types: []graph.EventType{graph.EventMeet}},
	}
	for _, f := range eventFilters {
		for _, size := range []int{3, 50} {
			gotIDs, errS := pageEvents(ctx, s, f, size)
			wantIDs, errM := pageEvents(ctx, m, f, size)
			check(fmt.Sprintf("ListEvents(%+v, %d)", f, size), gotIDs, wantIDs, errS, errM)
		}
		nS, errS := s.CountEvents(ctx, f)
		nM, errM := m.CountEvents(ctx, f)
		check(fmt.Sprintf("CountEvents(%+v)", f), nS, nM, errS, errM)
	}
	entityFilters := []graph.EntityFilter{{Kind: graph.KindPerson}, {Kind: graph.KindCountry, NamePrefix: "c"},
		{Kind: graph.KindPerson, Role: "ambassador"}, {Kind: graph.KindPerson, Country: "RU"}, {Kind: graph.KindPlace, Country: "CN"},
		{Kind: graph.KindOrganization, Country: "CN"}, {Kind: graph.KindPerson, NamePrefix: "ser"}, {Kind: "Bogus"}}
	for _, f := range entityFilters {
		pS, errS := s.ListEntities(ctx, f, graph.Page{First: 4})
		pM, errM := m.ListEntities(ctx, f, graph.Page{First: 4})
		check(fmt.Sprintf("ListEntities(%+v)", f), pS, pM, errS, errM)
		nS, errS := s.CountEntities(ctx, f)
		nM, errM := m.CountEntities(ctx, f)
		check(fmt.Sprintf("CountEntities(%+v)", f), nS, nM, errS, errM)
	}
	for _, f := range []graph.ArticleFilter{{}, {Lang: "hi"}, {Lang: "xx"}, {Lang: "hi", Source: "tass"}, {Source: "tass"}, {From: "2024-01-06", To: "2024-02-29"}} {
		pS, errS := s.ListArticles(ctx, f, graph.Page{First: 7})
		pM, errM := m.ListArticles(ctx, f, graph.Page{First: 7})
		check(fmt.Sprintf("ListArticles(%+v)", f), pS, pM, errS, errM)
		nS, errS := s.CountArticles(ctx, f)
		nM, errM := m.CountArticles(ctx, f)
		check(fmt.Sprintf("CountArticles(%+v)", f), nS, nM, errS, errM)
	}
	for _, q := range []string{"lavrov", "Лавров", "王", "an", "i", "wang yi", "-noël", "jean", "moscow-ru", "XYZ", "s"} {
		for _, kinds := range [][]graph.Kind{nil, {graph.KindPerson}, {graph.KindPlace, graph.KindTopic}} {
			hS, errS := s.Search(ctx, q, kinds, 7)
			hM, errM := m.Search(ctx, q, kinds, 7)
			check(fmt.Sprintf("Search(%q, %v)", q, kinds), hS, hM, errS, errM)
		}
	}
	starts := []graph.Ref{graphtest.C("CN"), graphtest.P("lavrov"), graphtest.T("trade"), graphtest.PL("moscow"), graphtest.O("SCO")}
	if len(allEvents) > 0 {
		starts = append(starts, graph.Ref{Kind: graph.KindEvent, ID: allEvents[0]})
	}
	for _, r := range starts {
		for _, dl := range [][2]int{{1, 100}, {2, 15}, {3, 1000}} {
			nS, errS := s.Neighborhood(ctx, r, dl[0], dl[1])
			nM, errM := m.Neighborhood(ctx, r, dl[0], dl[1])
			check(fmt.Sprintf("Neighborhood(%s, %v)", r, dl), nS, nM, errS, errM)
		}
		for _, to := range []graph.Ref{graphtest.C("US"), graphtest.P("dar"), graphtest.T("climate")} {
			pS, errS := s.ShortestPaths(ctx, r, to, 6, 5)
			pM, errM := m.ShortestPaths(ctx, r, to, 6, 5)
			check(fmt.Sprintf("ShortestPaths(%s, %s)", r, to), pS, pM, errS, errM)
		}
	}
	// An entity's events are counted from its degree less its repeated
	// edges (_multi): every country, and a person and an organization.
	for _, f := range []graph.EventFilter{{People: []string{"lavrov"}}, {Organizations: []string{"SCO"}}, {Countries: []string{"IN", "IN"}}} {
		nS, errS := s.CountEvents(ctx, f)
		nM, errM := m.CountEvents(ctx, f)
		check(fmt.Sprintf("CountEvents(%+v)", f), nS, nM, errS, errM)
	}
	for _, c := range parityCountries {
		f := graph.EventFilter{Countries: []string{c}}
		nS, errS := s.CountEvents(ctx, f)
		nM, errM := m.CountEvents(ctx, f)
		check(fmt.Sprintf("CountEvents(%+v)", f), nS, nM, errS, errM)
	}
	pairs := [][4]string{{"US", "CN", "2024-01-01", "2024-12-31"}, {"IN", "PK", "", "2024-02-10"}, {"CN", "CN", "", ""}, {"CN", "XX", "", ""}}
	for i, a := range parityCountries {
		for _, b := range parityCountries[i+1:] {
			pairs = append(pairs, [4]string{a, b, "", ""}, [4]string{b, a, "2024-01-15", ""})
		}
	}
	bilateralEvents := 0
	for _, pair := range pairs {
		bS, errS := s.Bilateral(ctx, pair[0], pair[1], pair[2], pair[3])
		bM, errM := m.Bilateral(ctx, pair[0], pair[1], pair[2], pair[3])
		check(fmt.Sprintf("Bilateral(%v)", pair), bS, bM, errS, errM)
		if bM != nil {
			bilateralEvents += bM.Events
		}
	}
	if bilateralEvents == 0 {
		t.Errorf("%s: no bilateral events in the corpus; the comparison shows nothing", stage)
	}
}

// compareDumps fails the test unless both stores have the same canonical
// dump and fingerprint.
func compareDumps(t *testing.T, s *Store, m *memory.Store) {
	t.Helper()
	dS, err := graph.CanonicalDump(testCtx(t), s)
	if err != nil {
		t.Fatal(err)
	}
	dM, err := graph.CanonicalDump(testCtx(t), m)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dM, dS); diff != "" {
		t.Fatalf("canonical dump differs from the memory store's (-memory +neo4j):\n%s", diff)
	}
	if got, want := mustFingerprint(t, s), mustFingerprint(t, m); got != want {
		t.Fatalf("Fingerprint %s, memory store %s", got, want)
	}
}

// nonZero drops zero counts (the memory store keeps some).
func nonZero(c *graph.Counts) *graph.Counts {
	out := &graph.Counts{Nodes: map[graph.Kind]int{}, Edges: map[string]int{}}
	for k, n := range c.Nodes {
		if n != 0 {
			out.Nodes[k] = n
		}
	}
	for k, n := range c.Edges {
		if n != 0 {
			out.Edges[k] = n
		}
	}
	return out
}

// pageEvents lists every event matching f, size at a time.
func pageEvents(ctx context.Context, s graph.Store, f graph.EventFilter, size int) ([]string, error) {
	var ids []string
	after := ""
	for i := 0; i < 1000; i++ {
		p, err := s.ListEvents(ctx, f, graph.Page{First: size, After: after})
		if err != nil {
			return nil, err
		}
		for _, ev := range p.Items {
			ids = append(ids, ev.ID)
		}
		if !p.HasNext {
			return ids, nil
		}
		after = p.EndCursor
	}
	return nil, errors.New("too many pages")
}

// TestIndexLimits checks values larger than Neo4j's indexes hold: an
// entity whose name keys exceed the text index's 32 KB stays searchable
// (as in the memory store), and an article whose indexed metadata exceeds
// the range index's limit fails alone instead of failing its batch.
func TestIndexLimits(t *testing.T) {
	s := openTest(t)
	m := openMemory(t)
	e := graph.Entity{Kind: graph.KindCountry, ID: "CN", Name: "China"}
	for i := 0; i < 1000; i++ {
		e.Aliases = append(e.Aliases, graph.Name{Text: fmt.Sprintf("%d %s", i, strings.Repeat("別x", 30)), Lang: "zh"})
	}
	wide := graphtest.NewArticle("wide").Lang("zh").Entity(e).Build()
	big := strings.Repeat("s", 9000)
	tooBig := graphtest.NewArticle("big").Source(big).Country("RU").BuildUnchecked()
	res, err := s.Apply(testCtx(t), []graph.ArticleGraph{wide, tooBig, graphtest.CorpusRussian()})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if res[0].Err != nil || res[2].Err != nil || !errors.Is(res[1].Err, graph.ErrInvalid) {
		t.Fatalf("results %+v: want the oversized article alone to fail with graph.ErrInvalid", res)
	}
	mustApply(t, m, wide, graphtest.CorpusRussian())
	compareDumps(t, s, m)
	for _, q := range []string{"999 別x", "china", "x別"} {
		hS, errS := s.Search(testCtx(t), q, nil, 3)
		hM, errM := m.Search(testCtx(t), q, nil, 3)
		if errS != nil || errM != nil {
			t.Fatalf("Search(%q): %v, %v", q, errS, errM)
		}
		if diff := cmp.Diff(hM, hS, cmpopts.EquateEmpty()); diff != "" || len(hS) == 0 {
			t.Errorf("Search(%q) differs from the memory store's or is empty (-memory +neo4j):\n%s", q, diff)
		}
	}
}
