package graph

import "errors"

// Sentinel errors returned by every Store. Callers test them with errors.Is;
// the server maps each to a GraphQL error code in one place.
var (
	// ErrNotFound: the node or article does not exist.
	ErrNotFound = errors.New("graph: not found")
	// ErrInvalid: the input breaks the model (missing key, unknown kind,
	// dangling reference, bad cursor); never retried.
	ErrInvalid = errors.New("graph: invalid input")
	// ErrConflict: a constraint refused the write (for instance a uniqueness
	// constraint); not retried.
	ErrConflict = errors.New("graph: conflict")
	// ErrUnavailable: the backend cannot be reached or refused the work
	// for now; the caller may retry later.
	ErrUnavailable = errors.New("graph: store unavailable")
	// ErrTimeout: the operation ran out of time.
	ErrTimeout = errors.New("graph: timeout")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("graph: store closed")
	// ErrTooLarge: the store refused a write for its size alone (Neo4j's
	// per-transaction memory limit, db.memory.transaction.max). The same
	// write fails the same way; fewer articles at a time may pass.
	ErrTooLarge = errors.New("graph: write too large for the store")
)
