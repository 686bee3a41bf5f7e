package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dipgraph/dipgraph/schema"
)

// maxPersistedQuery is the longest query text the persisted-query cache
// keeps, so that the cache holds at most size × 16 KiB however large the
// bodies clients send. A longer query still runs; its client just sends
// the text each time (the protocol's answer to PersistedQueryNotFound).
const maxPersistedQuery = 16 << 10

// persistedQueries is gqlgen's automatic persisted queries (Apollo's APQ:
// a client sends the SHA-256 of a query it sent before instead of its
// text) over a bounded LRU cache. It saves bandwidth only: any client may
// register any query, so it is no access control.
type persistedQueries struct {
	apq extension.AutomaticPersistedQuery
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = persistedQueries{}

func newPersistedQueries(size int) persistedQueries {
	return persistedQueries{apq: extension.AutomaticPersistedQuery{Cache: boundedQueryCache{lru.New[string](size)}}}
}

func (p persistedQueries) ExtensionName() string { return p.apq.ExtensionName() }

func (p persistedQueries) Validate(s graphql.ExecutableSchema) error { return p.apq.Validate(s) }

// MutateOperationParameters gives the extension's malformed-request errors
// a code, so that they reach the client as what they are (the error
// presenter would mask an error without one as internal).
func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	err := p.apq.MutateOperationParameters(ctx, raw)
	if err != nil && err.Extensions["code"] == nil {
		errcode.Set(err, schema.CodeBadRequest)
	}
	return err
}

type boundedQueryCache struct{ *lru.LRU[string] }

func (c boundedQueryCache) Add(ctx context.Context, hash, query string) {
	if len(query) <= maxPersistedQuery {
		c.LRU.Add(ctx, hash, query)
	}
}
