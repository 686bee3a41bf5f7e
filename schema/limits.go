package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// limits is a gqlgen extension that refuses costly documents before gqlgen
// validates them or computes their complexity: it parses the document
// itself (with the token limit), then measures every operation in one
// linear pass, fragments expanded through a memo so that a fan-out of
// fragments costs nothing to measure. It checks, in this order: the token
// limit, operationName, every `first` argument given as a literal or a
// variable, depth, the number of fields selected, the pairwise work of
// validating repeated fields (gqlparser compares the fields that share a
// response key pairwise, recursively: 1,000 copies of one field take a
// quarter of a second to validate), aliases and root fields.
//
// Refusing before validation matters: gqlparser's validation and gqlgen's
// complexity walk expand fragment spreads, and a literal `first` over
// 2^31 would otherwise get a validation error unlike the BAD_USER_INPUT
// every other out-of-range `first` gets.
type limits struct {
	opts  Options
	cache *lru.LRU[*docInfo]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*limits)(nil)

func newLimits(opts Options) *limits {
	return &limits{opts: opts, cache: lru.New[*docInfo](opts.QueryCacheSize)}
}

// maxCachedQuery is the longest query text the caches keep: a cache keyed
// by text must not let a client pin QueryCacheSize megabytes.
const maxCachedQuery = 16 << 10

// boundedCache is a graphql.Cache that ignores long keys.
type boundedCache[T any] struct{ *lru.LRU[T] }

func (c boundedCache[T]) Add(ctx context.Context, key string, value T) {
	if len(key) <= maxCachedQuery {
		c.LRU.Add(ctx, key, value)
	}
}

// ExtensionName implements graphql.HandlerExtension.
func (l *limits) ExtensionName() string { return "DipgraphLimits" }

// Validate implements graphql.HandlerExtension.
func (l *limits) Validate(graphql.ExecutableSchema) error { return nil }

// opInfo measures one operation.
type opInfo struct {
	mutation   bool
	depth      int
	selections int
	// overlap estimates the work of gqlparser's OverlappingFieldsCanBeMerged
	// rule; measured only when selections is within its limit.
	overlap    int
	aliases    int
	rootFields int
	// firstVars are the variables passed as a `first` argument.
	firstVars []string
}

// docInfo is what limits learns from a document; cached by its text.
type docInfo struct {
	err *gqlerror.Error // parse error or a bad literal `first`
	ops map[string]*opInfo
	n   int // number of operations
}

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (l *limits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	err := l.check(ctx, p)
	if err != nil && l.opts.OnRefusal != nil {
		code, _ := err.Extensions["code"].(string)
		l.opts.OnRefusal(code)
	}
	return err
}

func (l *limits) check(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	info, ok := l.cache.Get(ctx, p.Query)
	if !ok {
		info = l.analyze(p.Query)
		if len(p.Query) <= maxCachedQuery {
			l.cache.Add(ctx, p.Query, info)
		}
	}
	if info.err != nil {
		return info.err
	}
	var op *opInfo
	switch {
	case p.OperationName != "":
		op = info.ops[p.OperationName]
	case info.n > 1:
		return badInput("the document has %d operations: say which one to run with operationName", info.n)
	default:
		for _, o := range info.ops {
			op = o
		}
	}
	if op == nil {
		return nil // gqlgen reports the missing operation
	}
	for _, name := range op.firstVars {
		if v, ok := p.Variables[name]; ok && v != nil && !firstInRange(v) {
			return errFirst()
		}
	}
	o := &l.opts
	switch {
	case op.depth > o.MaxDepth:
		return userError(CodeDepthLimit, "the query is %s deep; the limit is %d", atLeast(op.depth, o.MaxDepth), o.MaxDepth)
	case op.selections > o.MaxSelections:
		return userError(CodeComplexityLimit, "the query selects more than %d fields once its fragments are expanded", o.MaxSelections)
	case op.overlap > o.MaxOverlapWork:
		return userError(CodeComplexityLimit, "the query repeats fields too often to be validated cheaply (more than %d pairwise comparisons)", o.MaxOverlapWork)
	case op.aliases > o.MaxAliases:
		return userError(CodeAliasLimit, "the query has %s aliases; the limit is %d", atLeast(op.aliases, o.MaxAliases), o.MaxAliases)
	case op.mutation && op.rootFields > o.MaxMutationRootFields:
		return userError(CodeTooManyRootFields, "a mutation may have %d root field(s); this one has %s", o.MaxMutationRootFields, atLeast(op.rootFields, o.MaxMutationRootFields))
	case op.rootFields > o.MaxRootFields:
		return userError(CodeTooManyRootFields, "the query has %s root fields; the limit is %d", atLeast(op.rootFields, o.MaxRootFields), o.MaxRootFields)
	}
	return nil
}

// atLeast prints a measure, which saturates: "more than limit" past the cap.
func atLeast(n, limit int) string {
	if n >= measureCap {
		return fmt.Sprintf("more than %d", limit)
	}
	return fmt.Sprint(n)
}

// errFirst is the one error for every out-of-range `first`.
func errFirst() *gqlerror.Error {
	return badInput("first must be between 1 and %d", MaxFirst)
}

// firstInRange reports whether a variable's JSON value is an integer in
// [1, MaxFirst]. Values of another type are left to gqlgen's coercion.
func firstInRange(v any) bool {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case float64:
		return x >= 1 && x <= MaxFirst
	case int:
		return x >= 1 && x <= MaxFirst
	case int64:
		return x >= 1 && x <= MaxFirst
	default:
		return true
	}
	n, ok := new(big.Float).SetString(s)
	if !ok {
		return true
	}
	return n.Cmp(big.NewFloat(1)) >= 0 && n.Cmp(big.NewFloat(MaxFirst)) <= 0
}

// literalFirstInRange checks an integer literal of any size.
func literalFirstInRange(raw string) bool {
	n, ok := new(big.Int).SetString(raw, 10)
	return !ok || n.Cmp(big.NewInt(1)) >= 0 && n.Cmp(big.NewInt(MaxFirst)) <= 0
}

// measureCap is where measures saturate: far above every limit, far below
// overflow.
const measureCap = 1 << 40

func sat(a, b int) int {
	if a+b > measureCap {
		return measureCap
	}
	return a + b
}

// tooManyTokens counts the tokens of query with the lexer alone, ten
// times cheaper than parsing, stopping at the limit.
func tooManyTokens(query string, limit int) bool {
	lex := lexer.New(&ast.Source{Input: query})
	for n := 0; ; n++ {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return false // the parser reports lexing errors
		}
		if n >= limit {
			return true
		}
	}
}

func (l *limits) analyze(query string) *docInfo {
	if tooManyTokens(query, l.opts.MaxTokens) {
		return &docInfo{err: userError(CodeTokenLimit, "exceeded token limit of %d", l.opts.MaxTokens)}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, l.opts.MaxTokens)
	if err != nil {
		gqlErr, ok := err.(*gqlerror.Error)
		if !ok {
			gqlErr = gqlerror.Wrap(err)
		}
		code := CodeParseFailed
		if strings.HasPrefix(gqlErr.Message, "exceeded token limit") {
			code = CodeTokenLimit
		}
		gqlErr.Extensions = map[string]any{"code": code}
		return &docInfo{err: gqlErr}
	}
	w := &walker{frags: map[string]*ast.FragmentDefinition{}, memo: map[string]*measure{},
		rootMemo: map[string]int{}, visiting: map[string]bool{}}
	for _, f := range doc.Fragments {
		w.frags[f.Name] = f
	}
	info := &docInfo{ops: map[string]*opInfo{}, n: len(doc.Operations)}
	for _, op := range doc.Operations {
		m := w.set(op.SelectionSet)
		oi := &opInfo{
			mutation:   op.Operation == ast.Mutation,
			depth:      m.depth,
			selections: m.selections,
			aliases:    m.aliases,
			rootFields: w.rootFields(op.SelectionSet),
		}
		if m.selections <= l.opts.MaxSelections {
			oi.overlap = w.overlapWork([]ast.SelectionSet{op.SelectionSet}, l.opts.MaxOverlapWork+1)
		}
		for v := range m.firstVars {
			oi.firstVars = append(oi.firstVars, v)
			if d := op.VariableDefinitions.ForName(v); d != nil && d.DefaultValue != nil &&
				d.DefaultValue.Kind == ast.IntValue && !literalFirstInRange(d.DefaultValue.Raw) {
				w.badFirst = true
			}
		}
		info.ops[op.Name] = oi
	}
	if w.badFirst {
		info.err = errFirst()
	}
	return info
}

// measure is what the walker computes for a selection set.
type measure struct {
	depth, selections, aliases int
	firstVars                  map[string]bool
}

type walker struct {
	frags    map[string]*ast.FragmentDefinition
	memo     map[string]*measure
	rootMemo map[string]int
	visiting map[string]bool
	badFirst bool
}

func (w *walker) set(ss ast.SelectionSet) *measure {
	m := &measure{}
	for _, s := range ss {
		var c *measure
		switch s := s.(type) {
		case *ast.Field:
			c = w.field(s)
		case *ast.InlineFragment:
			c = w.set(s.SelectionSet)
		case *ast.FragmentSpread:
			c = w.fragment(s.Name)
		}
		if c == nil {
			continue
		}
		m.depth = max(m.depth, c.depth)
		m.selections = sat(m.selections, c.selections)
		m.aliases = sat(m.aliases, c.aliases)
		for v := range c.firstVars {
			if m.firstVars == nil {
				m.firstVars = map[string]bool{}
			}
			m.firstVars[v] = true
		}
	}
	return m
}

func (w *walker) field(f *ast.Field) *measure {
	for _, a := range f.Arguments {
		if a.Name != "first" || a.Value == nil {
			continue
		}
		switch a.Value.Kind {
		case ast.IntValue:
			if !literalFirstInRange(a.Value.Raw) {
				w.badFirst = true
			}
		}
	}
	var c *measure
	if strings.HasPrefix(f.Name, "__") {
		// Introspection: bounded by gqlparser's MaxIntrospectionDepth rule.
		c = &measure{}
	} else {
		c = w.set(f.SelectionSet)
	}
	m := &measure{depth: c.depth + 1, selections: sat(c.selections, 1), aliases: c.aliases, firstVars: c.firstVars}
	if f.Alias != "" && f.Alias != f.Name {
		m.aliases = sat(m.aliases, 1)
	}
	for _, a := range f.Arguments {
		if a.Name == "first" && a.Value != nil && a.Value.Kind == ast.Variable {
			vars := map[string]bool{a.Value.Raw: true}
			for v := range m.firstVars {
				vars[v] = true
			}
			m.firstVars = vars
		}
	}
	return m
}

func (w *walker) fragment(name string) *measure {
	if m, ok := w.memo[name]; ok {
		return m
	}
	f := w.frags[name]
	if f == nil || w.visiting[name] {
		return nil // unknown or cyclic: validation reports it
	}
	w.visiting[name] = true
	m := w.set(f.SelectionSet)
	delete(w.visiting, name)
	w.memo[name] = m
	return m
}

// rootFields counts the fields at the root, through fragments (memoized
// per fragment, cycles cut).
func (w *walker) rootFields(ss ast.SelectionSet) int {
	n := 0
	for _, s := range ss {
		switch s := s.(type) {
		case *ast.Field:
			n = sat(n, 1)
		case *ast.InlineFragment:
			n = sat(n, w.rootFields(s.SelectionSet))
		case *ast.FragmentSpread:
			if c, ok := w.rootMemo[s.Name]; ok {
				n = sat(n, c)
				continue
			}
			f := w.frags[s.Name]
			if f == nil || w.visiting[s.Name] {
				continue
			}
			w.visiting[s.Name] = true
			c := w.rootFields(f.SelectionSet)
			delete(w.visiting, s.Name)
			w.rootMemo[s.Name] = c
			n = sat(n, c)
		}
	}
	return n
}

// overlapWork estimates the comparisons gqlparser's
// OverlappingFieldsCanBeMerged rule makes for the fields of sets (merged,
// fragments expanded): n² for each response key selected n times, plus the
// same for the merged sub-selections of each key, recursively. It stops
// counting at budget. Callers bound the expanded size first.
func (w *walker) overlapWork(sets []ast.SelectionSet, budget int) int {
	var order []string
	groups := map[string][]*ast.Field{}
	var collect func(ss ast.SelectionSet)
	collect = func(ss ast.SelectionSet) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.Field:
				key := s.Alias
				if key == "" {
					key = s.Name
				}
				if _, ok := groups[key]; !ok {
					order = append(order, key)
				}
				groups[key] = append(groups[key], s)
			case *ast.InlineFragment:
				collect(s.SelectionSet)
			case *ast.FragmentSpread:
				f := w.frags[s.Name]
				if f == nil || w.visiting[s.Name] {
					continue
				}
				w.visiting[s.Name] = true
				collect(f.SelectionSet)
				delete(w.visiting, s.Name)
			}
		}
	}
	for _, ss := range sets {
		collect(ss)
	}
	work := 0
	for _, key := range order {
		fs := groups[key]
		work = sat(work, satMul(len(fs), len(fs)))
		if work >= budget {
			return work
		}
		var children []ast.SelectionSet
		for _, f := range fs {
			if len(f.SelectionSet) > 0 && !strings.HasPrefix(f.Name, "__") {
				children = append(children, f.SelectionSet)
			}
		}
		if len(children) > 0 {
			work = sat(work, w.overlapWork(children, budget-work))
			if work >= budget {
				return work
			}
		}
	}
	return work
}
