package schema

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dipgraph/dipgraph/graph"
)

// Error codes put in extensions.code. They are stable: clients switch on them.
const (
	CodeBadUserInput      = "BAD_USER_INPUT"
	CodeNotFound          = "NOT_FOUND"
	CodeConflict          = "CONFLICT"
	CodeTimeout           = "TIMEOUT"
	CodeStoreUnavailable  = "STORE_UNAVAILABLE"
	CodeInternal          = "INTERNAL_SERVER_ERROR"
	CodeDepthLimit        = "DEPTH_LIMIT_EXCEEDED"
	CodeComplexityLimit   = "COMPLEXITY_LIMIT_EXCEEDED" // the same as gqlgen's extension.ComplexityLimit
	CodeAliasLimit        = "ALIAS_LIMIT_EXCEEDED"
	CodeTooManyRootFields = "TOO_MANY_ROOT_FIELDS"
	CodeTokenLimit        = "TOKEN_LIMIT_EXCEEDED"
	CodeParseFailed       = "GRAPHQL_PARSE_FAILED"
	CodeBadRequest        = "BAD_REQUEST"
	CodeRequestTooLarge   = "REQUEST_TOO_LARGE"
)

// internalMessage is all a client learns of an unexpected error.
const internalMessage = "internal system error"

// userError returns a GraphQL error with a code, for errors whose message
// is meant for the client.
func userError(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": code}
	return err
}

// badInput is a BAD_USER_INPUT error.
func badInput(format string, args ...any) *gqlerror.Error {
	return userError(CodeBadUserInput, format, args...)
}

// panicError carries a recovered panic to the error presenter.
type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprintf("panic: %v", p.v) }

// newRequestID returns a random id for correlating a response with the log.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// RequestID returns the id NewHandler gave the request, "" outside one.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// classify maps an error to a code and the message a client may see.
// Errors of the graph package's sentinels get their code and a fixed
// message (a store's text may name hosts, queries or driver codes); the
// rest are internal.
func classify(err error) (code, msg string) {
	switch {
	case errors.Is(err, graph.ErrNotFound):
		return CodeNotFound, "not found"
	case errors.Is(err, graph.ErrInvalid):
		return CodeBadUserInput, "invalid input"
	case errors.Is(err, graph.ErrConflict):
		return CodeConflict, "conflict"
	case errors.Is(err, graph.ErrTooLarge):
		return CodeBadUserInput, "the write is too large for the store; send fewer articles at a time"
	case errors.Is(err, graph.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout, "the request took too long"
	case errors.Is(err, graph.ErrUnavailable), errors.Is(err, graph.ErrClosed):
		return CodeStoreUnavailable, "the graph store is unavailable; retry later"
	}
	return CodeInternal, internalMessage
}

// presenter returns the ErrorPresenterFunc: errors that already carry a
// code (ours, gqlgen's parse and validation errors) pass; everything else
// is classified, logged with the request id, and shown as a fixed message
// with the code and the request id.
func presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Extensions["code"] != nil && gqlErr.Err == nil {
			return graphql.DefaultErrorPresenter(ctx, gqlErr)
		}
		code, msg := classify(err)
		rid := RequestID(ctx)
		if rid == "" {
			rid = newRequestID()
		}
		var path any
		if fc := graphql.GetFieldContext(ctx); fc != nil {
			path = fc.Path().String()
		}
		var p panicError
		switch {
		case errors.As(err, &p):
			// logged with its stack by the recover func
		case code == CodeInternal:
			log.ErrorContext(ctx, "graphql: internal error", "requestId", rid, "path", path, "err", err)
		default:
			log.WarnContext(ctx, "graphql: store error", "requestId", rid, "code", code, "path", path, "err", err)
		}
		out := &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code, "requestId": rid}}
		if fc := graphql.GetFieldContext(ctx); fc != nil {
			out.Path = fc.Path()
		}
		return out
	}
}

// recoverer returns the RecoverFunc: a resolver panic is logged with its
// stack and becomes an internal error; the process goes on serving.
func recoverer(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		rid := RequestID(ctx)
		log.ErrorContext(ctx, "graphql: resolver panic", "requestId", rid, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return panicError{v}
	}
}
