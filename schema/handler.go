package schema

import (
	"context"
	"net/http"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/schema/generated"
)

// NewHandler returns the GraphQL endpoint over store: POST of
// application/json (and GET, for queries only; mutations need an API key
// with the write role, see Options.APIKeys), one operation per request
// (a JSON array is refused with HTTP 400), no websocket, no multipart, no
// persisted queries unless Options.Extensions adds them. Every request gets
// an id (the X-Request-Id response header, and extensions.requestId of
// masked errors), its own dataloaders and a deadline. See Options for the limits.
func NewHandler(store graph.Store, opts Options) http.Handler {
	h, _ := newHandler(store, opts)
	return h
}

// api is the http.Handler: it prepares the request and hands it to gqlgen.
type api struct {
	store graph.Store
	opts  Options
	srv   *handler.Server
	keys  *keyring
}

func newHandler(store graph.Store, opts Options) (*api, *handler.Server) {
	opts = opts.withDefaults()
	r := &Resolver{store: store, opts: opts}
	if opts.NewExtractor != nil {
		r.loader = sync.OnceValues(func() (*loader.Loader, error) {
			x, err := opts.NewExtractor()
			if err != nil {
				return nil, err
			}
			return loader.New(x), nil
		})
	}
	cfg := generated.Config{Resolvers: r}
	setComplexity(&cfg.Complexity)
	srv := handler.New(generated.NewExecutableSchema(cfg))
	srv.AddTransport(postTransport{maxBody: opts.MaxBodyBytes, onRefusal: opts.OnRefusal,
		cache: newResponseCache(store, opts.ResponseCacheEntries, opts.ResponseCacheTTL)})
	if !opts.DisableGET {
		srv.AddTransport(transport.GET{})
	}
	srv.SetQueryCache(boundedCache[*ast.QueryDocument]{lru.New[*ast.QueryDocument](opts.QueryCacheSize)})
	srv.SetParserTokenLimit(opts.MaxTokens)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.SetDisableSuggestion(true)
	}
	for _, ext := range opts.Extensions {
		srv.Use(ext)
	}
	// limits runs before parsing and validation; the complexity limit
	// after validation, on documents limits has bounded.
	srv.Use(newLimits(opts))
	srv.Use(authorizer{readsNeedKey: opts.RequireKeyForReads})
	srv.Use(&refusalCounter{ComplexityLimit: extension.FixedComplexityLimit(opts.MaxComplexity), onRefusal: opts.OnRefusal})
	if opts.CostPerMinute > 0 {
		srv.Use(newCostBudget(opts.CostPerMinute, opts.OnRefusal))
	}
	srv.SetErrorPresenter(presenter(opts.Logger))
	srv.SetRecoverFunc(recoverer(opts.Logger))
	return &api{store: store, opts: opts, srv: srv, keys: newKeyring(opts.APIKeys)}, srv
}

// refusalCounter reports the complexity refusals to OnRefusal.
type refusalCounter struct {
	*extension.ComplexityLimit
	onRefusal func(string)
}

func (c *refusalCounter) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	err := c.ComplexityLimit.MutateOperationContext(ctx, oc)
	if err != nil && c.onRefusal != nil {
		c.onRefusal(CodeComplexityLimit)
	}
	return err
}

// ServeHTTP implements http.Handler.
func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rid := newRequestID()
	w.Header().Set("X-Request-Id", rid)
	ctx, cancel := context.WithTimeout(r.Context(), a.opts.Timeout)
	defer cancel()
	ctx = context.WithValue(ctx, requestIDKey, rid)
	ctx = context.WithValue(ctx, callerKey{}, a.keys.identify(r))
	ctx = context.WithValue(ctx, responseHeaderKey{}, w.Header())
	ctx = withLoaders(ctx, newLoaders(a.store, a.opts.LoaderWait))
	a.srv.ServeHTTP(w, r.WithContext(ctx))
}
