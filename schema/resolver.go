package schema

//go:generate go run github.com/99designs/gqlgen generate --config gqlgen.yml

import (
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader"
)

// Resolver is the root resolver. It holds no per-request state: the
// dataloaders live in the request's context (see loaders.go).
type Resolver struct {
	store graph.Store
	opts  Options
	// loader runs ingestArticles; built on first use, once per server.
	loader func() (*loader.Loader, error)
}
