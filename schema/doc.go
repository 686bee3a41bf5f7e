// Package schema is dipgraph's GraphQL API: the SDL (*.graphqls), gqlgen's
// configuration (gqlgen.yml) and generated code (generated/,
// model/models_gen.go), thin resolvers over graph.Store, per-request
// dataloaders, and the limits that keep hostile queries cheap.
// NewHandler returns the http.Handler that the server mounts at /query.
//
// Regenerate after editing a .graphqls file with `go generate ./schema`;
// TestGenerateIsUpToDate fails while the generated files are stale.
//
// # Reads
//
// Every read goes through graph.Store. Lists are Relay connections whose
// cursors are the store's keyset cursors (graph.Cursor); totalCount calls
// the store's Count method only when selected, and a connection asked for
// nothing but its totalCount lists no rows. Entities, events and articles
// needed by nested fields are fetched through per-request dataloaders
// (github.com/vikstrous/dataloadgen), one store call per level of a query.
// The event connections of many parents (countries → events) are one call
// to the store's ListEventsBatch and one to CountEventsBatch.
//
// # Limits
//
// Before gqlgen parses or validates a document, the limits extension
// counts its tokens, parses it, and measures each operation with fragments
// expanded through a memo: depth (Options.MaxDepth, introspection fields
// excepted), selections, the pairwise work of validating repeated fields,
// aliases and root fields, and every `first` given as a literal, a
// variable or a variable's default. Then gqlgen validates, and
// extension.FixedComplexityLimit computes the complexity with the costs of
// complexity.go, which saturate rather than overflow. Bodies are bounded
// and must be one JSON object (see postTransport). Each refusal has a
// stable extensions.code (errors.go) and is reported to Options.OnRefusal.
//
// # Errors
//
// Errors that carry a code reach the client as they are. Errors wrapping a
// graph sentinel get its code and a fixed message; anything else, resolver
// panics included, becomes "internal system error". Both carry a request
// id (also in the X-Request-Id header) and the real error is logged with
// it, never shown.
package schema
