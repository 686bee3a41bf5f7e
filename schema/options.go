package schema

import (
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/dipgraph/dipgraph/loader/extract"
)

// Options configure NewHandler. Zero fields take the values of
// DefaultOptions.
type Options struct {
	Logger *slog.Logger
	// Introspection enables __schema and __type queries (on in
	// development, off in production). When it is off, validation errors
	// also stop suggesting field names.
	Introspection bool
	// MaxDepth is the deepest selection allowed (fields nested in fields,
	// fragments expanded); introspection subtrees are bounded by the
	// parser's own rule instead.
	MaxDepth int
	// MaxComplexity bounds gqlgen's complexity: every field costs 1, lists
	// multiply their children by their page size.
	MaxComplexity int
	// MaxSelections bounds the fields a query selects once its fragments
	// are expanded (a fan-out of fragments is refused before anything
	// walks it).
	MaxSelections int
	// MaxOverlapWork bounds the pairwise comparisons that validating
	// repeated fields takes (n² for a field selected n times in a selection
	// set, recursively through their sub-selections); a query without
	// repeated fields costs about its number of fields.
	MaxOverlapWork int
	// MaxAliases bounds the aliased fields of one operation.
	MaxAliases int
	// MaxRootFields bounds the fields at the root of a query;
	// MaxMutationRootFields those of a mutation.
	MaxRootFields         int
	MaxMutationRootFields int
	// MaxTokens bounds the lexer: longer documents are refused while parsing.
	MaxTokens int
	// MaxBodyBytes bounds a POST body.
	MaxBodyBytes int64
	// Timeout bounds one request, store calls included.
	Timeout time.Duration
	// LoaderWait is how long a dataloader waits to gather a batch.
	LoaderWait time.Duration
	// QueryCacheSize is the number of parsed and validated documents kept.
	QueryCacheSize int
	// ResponseCacheEntries is the number of read responses kept (0: none);
	// see responseCache.
	ResponseCacheEntries int
	// ResponseCacheTTL bounds an entry's life for stores that keep no
	// change count (Neo4j); 0 caches nothing for them.
	ResponseCacheTTL time.Duration
	// CostPerMinute is each caller's budget of complexity points a minute
	// (see costBudget); 0 sets no budget.
	CostPerMinute int
	// DisableGET refuses GET requests (which may only carry queries anyway).
	DisableGET bool
	// OnRefusal, when set, is called with the error code of every request
	// refused by a limit (for metrics).
	OnRefusal func(code string)

	// APIKeys are the accepted keys. Mutations need one with RoleWrite;
	// with none configured, no mutation is accepted.
	APIKeys []APIKey
	// RequireKeyForReads refuses queries without a valid key too.
	RequireKeyForReads bool
	// NewExtractor builds the extractor ingestArticles uses; it is called
	// once, on the first ingest. Nil: ingestArticles fails with an internal
	// error.
	NewExtractor func() (*extract.Extractor, error)
	// MaxIngestArticles bounds the articles of one ingestArticles call.
	MaxIngestArticles int
	// MaxArticleBytes bounds the text of one ingested article.
	MaxArticleBytes int
	// Extensions are more gqlgen extensions (the server's metrics and
	// automatic persisted queries), run in order before the limits: a
	// persisted query's text must be filled in before it is measured, and
	// metrics must see the requests the limits refuse.
	Extensions []graphql.HandlerExtension
}

// Page sizes of the connections.
const (
	DefaultFirst = 20
	MaxFirst     = 100
)

// DefaultOptions returns the production defaults: introspection off.
func DefaultOptions() Options {
	return Options{
		MaxDepth:              12,
		MaxComplexity:         10000,
		MaxSelections:         2000,
		MaxOverlapWork:        20000,
		MaxAliases:            30,
		MaxRootFields:         10,
		MaxMutationRootFields: 1,
		MaxTokens:             10000,
		MaxBodyBytes:          1 << 20,
		Timeout:               10 * time.Second,
		LoaderWait:            time.Millisecond,
		QueryCacheSize:        1000,
		MaxIngestArticles:     100,
		MaxArticleBytes:       5 << 20, // as the loader's input readers
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = d.MaxDepth
	}
	if o.MaxComplexity <= 0 {
		o.MaxComplexity = d.MaxComplexity
	}
	if o.MaxSelections <= 0 {
		o.MaxSelections = d.MaxSelections
	}
	if o.MaxOverlapWork <= 0 {
		o.MaxOverlapWork = d.MaxOverlapWork
	}
	if o.MaxAliases <= 0 {
		o.MaxAliases = d.MaxAliases
	}
	if o.MaxRootFields <= 0 {
		o.MaxRootFields = d.MaxRootFields
	}
	if o.MaxMutationRootFields <= 0 {
		o.MaxMutationRootFields = d.MaxMutationRootFields
	}
	if o.MaxTokens <= 0 {
		o.MaxTokens = d.MaxTokens
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = d.MaxBodyBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = d.Timeout
	}
	if o.LoaderWait <= 0 {
		o.LoaderWait = d.LoaderWait
	}
	if o.QueryCacheSize <= 0 {
		o.QueryCacheSize = d.QueryCacheSize
	}
	if o.MaxIngestArticles <= 0 {
		o.MaxIngestArticles = d.MaxIngestArticles
	}
	if o.MaxArticleBytes <= 0 {
		o.MaxArticleBytes = d.MaxArticleBytes
	}
	return o
}
