package neo4j

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// packageFiles parses the package's non-test Go files.
func packageFiles(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("no Go files found")
	}
	return fset, files
}

// constStrings evaluates the package-level string constants: literals and
// concatenations of literals and other constants.
func constStrings(t *testing.T, files []*ast.File) map[string]string {
	t.Helper()
	exprs := map[string]ast.Expr{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						exprs[n.Name] = vs.Values[i]
					}
				}
			}
		}
	}
	out := map[string]string{}
	var eval func(e ast.Expr) (string, bool)
	eval = func(e ast.Expr) (string, bool) {
		switch x := e.(type) {
		case *ast.BasicLit:
			if x.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(x.Value)
			return s, err == nil
		case *ast.Ident:
			if v, ok := out[x.Name]; ok {
				return v, true
			}
			if d, ok := exprs[x.Name]; ok {
				v, ok := eval(d)
				if ok {
					out[x.Name] = v
				}
				return v, ok
			}
		case *ast.BinaryExpr:
			if x.Op == token.ADD {
				a, ok1 := eval(x.X)
				b, ok2 := eval(x.Y)
				return a + b, ok1 && ok2
			}
		case *ast.ParenExpr:
			return eval(x.X)
		}
		return "", false
	}
	for name, e := range exprs {
		eval(&ast.Ident{Name: name})
		_ = e
	}
	return out
}

// Calls whose argument at the given index is a Cypher statement.
var queryArg = map[string]int{
	"Run":          1, // tx.Run(ctx, query, params), session.Run
	"run":          1, // txn.run
	"runChunks":    1, // txn.runChunks
	"ExecuteQuery": 2, // neo4j.ExecuteQuery(ctx, driver, query, ...)
	"walkPages":    1, // Store.walkPages
	"nodeDegrees":  1, // txn.nodeDegrees
	"nodesAmong":   1, // txn.nodesAmong
}

// Forwarders may pass on their own parameter; their callers are checked.
// applyStatement runs the statements of the embedded migrations/*.cypher
// files (compiled into the binary, no input), checked by
// TestMigrationLabels instead.
var forwarders = map[string]string{"run": "query", "runChunks": "query", "walkPages": "query", "applyStatement": "stmt",
	"nodeDegrees": "query", "nodesAmong": "query"}

// localConsts returns the local variables of fn that are only ever
// assigned package-level constants (q := qA; if x { q = qB }).
func localConsts(fn *ast.FuncDecl, consts map[string]string) map[string]bool {
	ok := map[string]bool{}
	bad := map[string]bool{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !isAssign {
			return true
		}
		for i, l := range as.Lhs {
			id, isID := l.(*ast.Ident)
			if !isID {
				continue
			}
			if len(as.Rhs) != len(as.Lhs) {
				bad[id.Name] = true
				continue
			}
			if r, isID := as.Rhs[i].(*ast.Ident); isID && consts[r.Name] != "" {
				ok[id.Name] = true
			} else {
				bad[id.Name] = true
			}
		}
		return true
	})
	for v := range bad {
		delete(ok, v)
	}
	return ok
}

// TestCypherIsConstant is check N-2: every statement sent to Neo4j is a
// package-level constant (or an embedded migration), never a string built
// at run time, so no input can change a statement's text.
func TestCypherIsConstant(t *testing.T) {
	fset, files := packageFiles(t)
	consts := constStrings(t, files)
	calls := 0
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			locals := localConsts(fn, consts)
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var name string
				switch f := call.Fun.(type) {
				case *ast.SelectorExpr:
					name = f.Sel.Name
				case *ast.Ident:
					name = f.Name
				case *ast.IndexExpr: // neo4j.ExecuteQuery[T]
					if s, ok := f.X.(*ast.SelectorExpr); ok {
						name = s.Sel.Name
					}
				}
				idx, ok := queryArg[name]
				if !ok {
					return true
				}
				calls++
				pos := fset.Position(call.Pos())
				if idx >= len(call.Args) {
					t.Errorf("%s: %s call with %d arguments", pos, name, len(call.Args))
					return true
				}
				id, ok := call.Args[idx].(*ast.Ident)
				switch {
				case !ok:
					t.Errorf("%s: the statement passed to %s is %T, not a constant's name", pos, name, call.Args[idx])
				case consts[id.Name] != "":
				case locals[id.Name]:
				case forwarders[fn.Name.Name] == id.Name:
				default:
					t.Errorf("%s: the statement passed to %s is %s, which is not a package-level string constant", pos, name, id.Name)
				}
				return true
			})
		}
	}
	if calls < 10 {
		t.Fatalf("found only %d statement calls: is the check still looking at the right calls?", calls)
	}
}

// TestTransactionsHaveTimeouts is check N-12 (wrapper API): only
// Store.transact opens sessions and transactions (its reads through
// readOnce), and it always passes neo4j.WithTxTimeout.
func TestTransactionsHaveTimeouts(t *testing.T) {
	fset, files := packageFiles(t)
	opens := map[string]bool{"NewSession": true, "ExecuteRead": true, "ExecuteWrite": true,
		"BeginTransaction": true, "ExecuteQuery": true, "Session": true}
	found := 0
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || !opens[sel.Sel.Name] {
					return true
				}
				pos := fset.Position(call.Pos())
				if fn.Name.Name != "transact" && fn.Name.Name != "readOnce" {
					t.Errorf("%s: %s called in %s; only Store.transact may open sessions and transactions", pos, sel.Sel.Name, fn.Name.Name)
					return true
				}
				if sel.Sel.Name == "ExecuteRead" || sel.Sel.Name == "ExecuteWrite" || sel.Sel.Name == "BeginTransaction" {
					found++
					ok := false
					for _, a := range call.Args[1:] {
						if c, isCall := a.(*ast.CallExpr); isCall {
							if s, isSel := c.Fun.(*ast.SelectorExpr); isSel && s.Sel.Name == "WithTxTimeout" {
								ok = true
							}
						}
					}
					if !ok {
						t.Errorf("%s: %s without neo4j.WithTxTimeout", pos, sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
	if found != 2 {
		t.Errorf("found %d transactions opened (ExecuteWrite in transact, BeginTransaction in readOnce), want 2", found)
	}
}

var (
	// A label after "(" or a variable: (n:Entity), SET n:Country,
	// n:Organization. Labels are CamelCase, relationship types upper case.
	labelRe = regexp.MustCompile(`(?:\(|\b[a-z_]\w*):([A-Z][a-z]\w*(?:\|[A-Z][a-z]\w*)*)`)
	// A relationship type: [x:REPORTED_IN], [:PARTICIPANT|AT].
	relRe = regexp.MustCompile(`\[\w*:([A-Z_]+(?:\|[A-Z_]+)*)`)
)

func checkVocabulary(t *testing.T, where, cypher string) {
	t.Helper()
	labels := map[string]bool{labelEntity: true, labelMigration: true, labelCuration: true}
	for _, l := range allowedLabels {
		labels[l] = true
	}
	rels := map[string]bool{}
	for _, r := range allowedRelTypes {
		rels[r] = true
	}
	for _, m := range labelRe.FindAllStringSubmatch(cypher, -1) {
		for _, l := range strings.Split(m[1], "|") {
			if !labels[l] {
				t.Errorf("%s uses label %q, which is not in the allowlist", where, l)
			}
		}
	}
	for _, m := range relRe.FindAllStringSubmatch(cypher, -1) {
		for _, r := range strings.Split(m[1], "|") {
			if !rels[r] {
				t.Errorf("%s uses relationship type %q, which is not in the allowlist", where, r)
			}
		}
	}
}

// TestCypherVocabulary checks that the constant statements use only
// allowlisted labels and relationship types.
func TestCypherVocabulary(t *testing.T) {
	_, files := packageFiles(t)
	n := 0
	for name, q := range constStrings(t, files) {
		if strings.HasPrefix(name, "q") {
			n++
			checkVocabulary(t, name, q)
		}
	}
	if n < 20 {
		t.Fatalf("only %d statements found", n)
	}
}

// TestMigrationLabels checks the embedded migration files the same way,
// and that they parse into idempotent statements.
func TestMigrationLabels(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration %d has version %d; versions must be 1, 2, 3...", i, m.Version)
		}
		for _, st := range m.Statements {
			checkVocabulary(t, m.Name, st)
			if !strings.Contains(st, "IF NOT EXISTS") {
				t.Errorf("migration %s: statement is not idempotent: %s", m.Name, st)
			}
			if strings.Contains(st, "$") {
				t.Errorf("migration %s: statement takes a parameter: %s", m.Name, st)
			}
		}
	}
	files, _ := filepath.Glob("migrations/*")
	for _, f := range files {
		if !strings.HasSuffix(f, ".cypher") {
			t.Errorf("%s is not a .cypher file and would not be embedded", f)
		}
		if b, err := os.ReadFile(f); err == nil && len(b) == 0 {
			t.Errorf("%s is empty", f)
		}
	}
}
