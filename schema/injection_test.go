package schema

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/schema/generated"
)

// abusePayloads are sent through every string argument (check N-1 at the
// GraphQL surface): quotes and braces that end a string or a map literal,
// Cypher comments and keywords, and Unicode that looks like something else
// or hides itself. Kind-prefixed forms reach the store through ID
// arguments, which must parse as Kind:key first.
var abusePayloads = []string{
	"'",
	"}",
	"`",
	"//",
	`' OR 1=1 //`,
	`"}) DETACH DELETE n //`,
	"a`) RETURN 1 UNION MATCH (n) DETACH DELETE n //",
	"' }) WITH 1 AS x MATCH (n) DETACH DELETE n //",
	"\n// comment\nMATCH (n) DETACH DELETE n",
	"'; CALL dbms.shutdown(); //",
	"$param",
	"Country:CN' }) DETACH DELETE n //",
	"Person:lavrov'}) SET n.name = 'x' //",
	"C\u200dN",            // a zero-width joiner inside a key
	"\u202eNC",            // a right-to-left override
	"Wаng Yi",             // a Cyrillic а in a Latin name
	"ＣＮ",                  // full-width letters, equal to CN under NFKC only
	"CN\x00",              // NUL
	"\ufeffCN",            // a byte-order mark
	"../../../etc/passwd", // a path
}

// abusePayloadsNeo4j is the representative subset sent on Neo4j, where
// each request costs a round trip: a lone quote and backtick, the Cypher
// fragments (which hold "}" and "//" too), a kind-prefixed one for the ID
// arguments, an invisible joiner and a NUL.
var abusePayloadsNeo4j = []string{
	"'", "`",
	"' }) WITH 1 AS x MATCH (n) DETACH DELETE n //",
	"a`) RETURN 1 UNION MATCH (n) DETACH DELETE n //",
	"Country:CN' }) DETACH DELETE n //",
	"C\u200dN", "CN\x00",
}

// internalMarkers are what a response must never show: driver and Cypher
// text, Go stack traces and paths of the machine. A marker that the
// payload itself contains is not looked for (a message may quote the
// input).
var internalMarkers = []string{
	"neo4j", "neo.clienterror", "neo.transienterror", "neo.databaseerror", "bolt", "cypher",
	"match (", "merge (", "unwind ", "detach delete", "goroutine ", ".go:", "runtime error", "panic",
	"github.com/", "/home/", "/tmp/", "/root/", "/usr/",
}

// failureCodes are the codes a payload must never cause: each means that
// it reached the store as something other than a value, or broke it.
var failureCodes = []string{CodeInternal, CodeStoreUnavailable, CodeTimeout}

// injectionTarget is one string slot of the API: an argument of a root
// field, or a field of an input object an argument takes.
type injectionTarget struct {
	op    ast.Operation
	field *ast.FieldDefinition
	name  string // "Query.events(filter.countries)", for messages
	// vars returns the field's variables with p in this slot and every
	// other required argument given a plain valid value.
	vars func(p string) map[string]any
}

// stringLike reports whether a named type carries text: String, ID and
// the custom scalars (Date), which clients send as JSON strings.
func stringLike(s *ast.Schema, name string) bool {
	d := s.Types[name]
	return d != nil && d.Kind == ast.Scalar && name != "Int" && name != "Float" && name != "Boolean"
}

// plainValue is a valid value of type t: nil for a nullable type, else a
// value that names something in the corpus where it can.
func plainValue(s *ast.Schema, t *ast.Type) any {
	if !t.NonNull {
		return nil
	}
	if t.Elem != nil {
		return []any{plainValue(s, t.Elem)}
	}
	switch t.NamedType {
	case "String":
		return "CN"
	case "ID":
		return "Country:CN"
	case "Int":
		return 1
	case "Float":
		return 0.5
	case "Boolean":
		return false
	case "Date":
		return "2024-01-01"
	}
	d := s.Types[t.NamedType]
	switch d.Kind {
	case ast.Enum:
		return d.EnumValues[0].Name
	case ast.InputObject:
		return inputObject(s, d)
	}
	panic("no plain value for " + t.String())
}

func inputObject(s *ast.Schema, d *ast.Definition) map[string]any {
	m := map[string]any{}
	for _, f := range d.Fields {
		if v := plainValue(s, f.Type); v != nil {
			m[f.Name] = v
		}
	}
	return m
}

// slotValue is p as a value of t: p itself, or a list of it.
func slotValue(t *ast.Type, p string) any {
	if t.Elem != nil {
		return []any{p}
	}
	return p
}

// injectionTargets lists every string slot of Query and Mutation from the
// schema the server runs, so that an argument added later is covered
// without changing this test.
func injectionTargets(s *ast.Schema) []injectionTarget {
	var out []injectionTarget
	for _, root := range []*ast.Definition{s.Query, s.Mutation} {
		op := ast.Query
		if root == s.Mutation {
			op = ast.Mutation
		}
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			plain := func() map[string]any {
				vars := map[string]any{}
				for _, a := range f.Arguments {
					if v := plainValue(s, a.Type); v != nil {
						vars[a.Name] = v
					}
				}
				return vars
			}
			for _, a := range f.Arguments {
				named := s.Types[a.Type.Name()]
				switch {
				case stringLike(s, a.Type.Name()):
					out = append(out, injectionTarget{op: op, field: f, name: fmt.Sprintf("%s.%s(%s)", root.Name, f.Name, a.Name),
						vars: func(p string) map[string]any {
							vars := plain()
							vars[a.Name] = slotValue(a.Type, p)
							return vars
						}})
				case named.Kind == ast.InputObject:
					for _, in := range named.Fields {
						if !stringLike(s, in.Type.Name()) {
							continue
						}
						out = append(out, injectionTarget{op: op, field: f, name: fmt.Sprintf("%s.%s(%s.%s)", root.Name, f.Name, a.Name, in.Name),
							vars: func(p string) map[string]any {
								vars := plain()
								obj := inputObject(s, named)
								obj[in.Name] = slotValue(in.Type, p)
								if a.Type.Elem != nil {
									vars[a.Name] = []any{obj}
								} else {
									vars[a.Name] = obj
								}
								return vars
							}})
					}
				}
			}
		}
	}
	return out
}

// selection asks for the leaves of t and of the objects one level down,
// so that the resolvers below the root field run too.
func selection(s *ast.Schema, t *ast.Type, depth int) string {
	d := s.Types[t.Name()]
	if d.Kind == ast.Scalar || d.Kind == ast.Enum {
		return ""
	}
	parts := []string{"__typename"}
	for _, f := range d.Fields {
		if strings.HasPrefix(f.Name, "__") || f.Name == "fingerprint" || slices.ContainsFunc(f.Arguments, func(a *ast.ArgumentDefinition) bool { return a.Type.NonNull }) {
			continue
		}
		fd := s.Types[f.Type.Name()]
		switch {
		case fd.Kind == ast.Scalar || fd.Kind == ast.Enum:
			parts = append(parts, f.Name)
		case depth > 0 && (fd.Kind == ast.Object || fd.Kind == ast.Interface):
			parts = append(parts, f.Name+" "+selection(s, f.Type, depth-1))
		}
	}
	return "{ " + strings.Join(parts, " ") + " }"
}

// document is the operation that sends target's variables.
func (tg injectionTarget) document(s *ast.Schema) string {
	var decl, args []string
	for _, a := range tg.field.Arguments {
		decl = append(decl, fmt.Sprintf("$%s: %s", a.Name, a.Type.String()))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
	}
	sel := selection(s, tg.field.Type, 1)
	if tg.op == ast.Mutation {
		sel = selection(s, tg.field.Type, 0) // results only: not the graph around them
	}
	return fmt.Sprintf("%s(%s) { %s(%s) %s }", tg.op, strings.Join(decl, ", "), tg.field.Name, strings.Join(args, ", "), sel)
}

func executableSchema() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
}

// The enumeration finds the arguments it must: at the root, inside input
// objects, in lists, and of the custom Date scalar.
func TestInjectionTargetsComeFromTheSchema(t *testing.T) {
	var names []string
	for _, tg := range injectionTargets(executableSchema()) {
		names = append(names, tg.name)
	}
	for _, want := range []string{
		"Query.search(query)", "Query.node(id)", "Query.nodes(ids)", "Query.country(code)", "Query.path(to)",
		"Query.events(filter.countries)", "Query.events(after)", "Query.bilateral(from)", "Query.eventCounts(filter.language)",
		"Mutation.ingestArticles(articles.url)", "Mutation.ingestArticles(articles.text)", "Mutation.addAlias(lang)",
		"Mutation.mergeEntities(drop)", "Mutation.deleteArticle(id)",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("%s is not among the targets: %v", want, names)
		}
	}
	if len(names) < 60 {
		t.Errorf("%d targets; the schema has more string arguments than that: %v", len(names), names)
	}
}

// TestInjectionThroughEveryArgument: each payload through each string
// argument of each query and mutation, on the embedded store.
func TestInjectionThroughEveryArgument(t *testing.T) {
	runInjection(t, openStore(t, graphtest.Corpus()...), abusePayloads)
}

// TestInjectionThroughEveryArgumentNeo4j: the same on Neo4j, with the
// representative payloads.
func TestInjectionThroughEveryArgumentNeo4j(t *testing.T) {
	runInjection(t, openNeo4j(t, graphtest.Corpus()...), abusePayloadsNeo4j)
}

// runInjection sends each payload through each target and checks the
// answer is a result or a clean refusal that shows nothing internal; that
// queries leave the store as it was; and that each mutation makes only
// the change it exists for.
func runInjection(t *testing.T, store graph.Store, payloads []string) {
	if _, err := testExtractor(); err != nil {
		t.Fatal(err)
	}
	s := executableSchema()
	opts := mutationOptions()
	// Each request is one root field: there is nothing to batch, and
	// testOptions' long batching window would be most of the run time.
	opts.LoaderWait = time.Millisecond
	ts := newTestServer(t, store, opts)
	// The model follows the curation the addAlias targets add; the
	// articles ingested are deleted again, so it keeps the corpus.
	model := graphtest.NewModel(graphtest.Corpus()...)
	if got, want := storeFingerprint(t, store), model.Fingerprint(); got != want {
		t.Fatalf("the store does not hold the corpus: fingerprint %s, want %s", got, want)
	}
	targets := injectionTargets(s)
	// Queries first: later, the aliases the mutations add would show up in
	// their answers.
	slices.SortStableFunc(targets, func(a, b injectionTarget) int {
		return strings.Compare(string(b.op), string(a.op)) // "query" before "mutation"
	})
	requests := 0
	for _, tg := range targets {
		doc := tg.document(s)
		for _, p := range payloads {
			r := ts.send(t, "Bearer "+testWriteKey, doc, tg.vars(p))
			requests++
			where := fmt.Sprintf("%s with %q", tg.name, p)
			checkCleanAnswer(t, where, p, r)
			if tg.op == ast.Query {
				continue // checked with the model below, once per target
			}
			effect, ok := mutationEffects[tg.field.Name]
			if !ok {
				t.Fatalf("mutation %s has no entry in mutationEffects: say there how it may change the store", tg.field.Name)
			}
			effect(t, ts, store, model, where, tg.vars(p), r)
		}
		// Queries change nothing; mutations only what their effect let
		// the model follow.
		if got, want := storeFingerprint(t, store), model.Fingerprint(); got != want {
			t.Fatalf("after %s: fingerprint %s, want the model's %s", tg.name, got, want)
		}
	}
	t.Logf("%d requests through %d arguments", requests, len(targets))
}

// checkCleanAnswer: no 5xx; every error has a code, none of the codes of
// a failure; nothing internal in the body.
func checkCleanAnswer(t *testing.T, where, payload string, r *gqlResponse) {
	t.Helper()
	if r.Status >= 500 {
		t.Errorf("%s: HTTP %d %.300s", where, r.Status, r.Body)
	}
	if r.Status != http.StatusOK && len(r.Errors) == 0 {
		t.Errorf("%s: HTTP %d without an error: %.300s", where, r.Status, r.Body)
	}
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" || slices.Contains(failureCodes, code) {
			t.Errorf("%s: error %q with code %q: %.300s", where, e.Message, code, r.Body)
		}
	}
	body, p := strings.ToLower(r.Body), strings.ToLower(payload)
	for _, m := range internalMarkers {
		if !strings.Contains(p, m) && strings.Contains(body, m) {
			t.Errorf("%s: the response shows %q: %.500s", where, m, r.Body)
		}
	}
}

// mutationEffect checks what a mutation sent with an abuse payload did to
// the store, and keeps model equal to it.
type mutationEffect func(t *testing.T, ts *testServer, store graph.Store, model *graphtest.Model, where string, vars map[string]any, r *gqlResponse)

// mutationEffects says, for each mutation, what change it may make. A new
// mutation fails runInjection until it has an entry.
var mutationEffects = map[string]mutationEffect{
	// An ingested article is stored with the payload as data: its id, url,
	// title and source come back as sent (the url is never fetched: see
	// TestIngestNeverFetchesTheURL), and deleting it gives back the store
	// as it was, so the ingest touched nothing else.
	"ingestArticles": func(t *testing.T, ts *testServer, store graph.Store, model *graphtest.Model, where string, vars map[string]any, r *gqlResponse) {
		var got struct {
			IngestArticles []struct {
				ID           *string
				Status, Code string
			}
		}
		if len(r.Errors) > 0 {
			checkModel(t, store, model, where)
			return
		}
		if err := json.Unmarshal(r.Data, &got); err != nil || len(got.IngestArticles) != 1 {
			t.Fatalf("%s: %s", where, r.Body)
		}
		res := got.IngestArticles[0]
		if res.Status == "FAILED" {
			if res.Code == "" || slices.Contains(failureCodes, res.Code) {
				t.Errorf("%s: failed with code %q", where, res.Code)
			}
			checkModel(t, store, model, where)
			return
		}
		if res.Status != "LOADED" || res.ID == nil {
			t.Fatalf("%s: %+v", where, res)
		}
		sent := vars["articles"].([]any)[0].(map[string]any)
		var stored struct {
			Article *map[string]*string
		}
		ts.mustQuery(t, `query($id: String!) { article(id: $id) { id url title source } }`, map[string]any{"id": *res.ID}, &stored)
		if stored.Article == nil {
			t.Fatalf("%s: article %q is not there", where, *res.ID)
		}
		for _, field := range []string{"url", "title", "source"} {
			want, _ := sent[field].(string)
			if got := (*stored.Article)[field]; strings.TrimSpace(want) != "" && (got == nil || *got != strings.TrimSpace(withoutControls(want))) {
				t.Errorf("%s: %s stored as %q, sent %q", where, field, deref(got), want)
			}
		}
		ts.write(t, mDelete, map[string]any{"id": *res.ID}, nil)
		checkModel(t, store, model, where+", after deleting the article")
	},
	// An alias is added when the entity exists and the alias and language
	// are valid: exactly the change the model makes.
	"addAlias": func(t *testing.T, ts *testServer, store graph.Store, model *graphtest.Model, where string, vars map[string]any, r *gqlResponse) {
		if len(r.Errors) == 0 {
			ref, err := graph.ParseRef(vars["entity"].(string))
			if err != nil {
				t.Fatalf("%s: accepted, but %q is not an id: %v", where, vars["entity"], err)
			}
			lang, _ := vars["lang"].(string)
			if err := model.AddAlias(ref, graph.Name{Text: vars["alias"].(string), Lang: lang}); err != nil {
				t.Errorf("%s: accepted what the model refuses: %v", where, err)
			}
		}
		checkModel(t, store, model, where)
	},
	// No article and no entity has a payload for its id: nothing to delete
	// or merge.
	"deleteArticle": refusedUnchanged,
	"mergeEntities": refusedUnchanged,
}

func refusedUnchanged(t *testing.T, ts *testServer, store graph.Store, model *graphtest.Model, where string, vars map[string]any, r *gqlResponse) {
	if len(r.Errors) == 0 {
		t.Errorf("%s: accepted: %.300s", where, r.Body)
	}
	checkModel(t, store, model, where)
}

func checkModel(t *testing.T, store graph.Store, model *graphtest.Model, where string) {
	t.Helper()
	if got, want := storeFingerprint(t, store), model.Fingerprint(); got != want {
		t.Fatalf("%s: fingerprint %s, want %s", where, got, want)
	}
}

// withoutControls is s as ingest stores it: without the C0 controls the
// file readers strip too.
func withoutControls(s string) string {
	return strings.Map(func(c rune) rune {
		if isStrippedControl(c) {
			return -1
		}
		return c
	}, s)
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
