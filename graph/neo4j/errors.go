package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

// AuthError reports that the server refused the credentials. It is not
// graph.ErrUnavailable: retrying cannot help, an operator must fix the
// configuration.
type AuthError struct {
	User string
	Err  error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("neo4j store: authentication failed for user %q: the password is wrong or the user does not exist (%v)", e.User, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// Neo4j status codes the store reacts to.
const (
	codeConstraint   = "Neo.ClientError.Schema.ConstraintValidationFailed"
	codeTimedOut     = "Neo.ClientError.Transaction.TransactionTimedOut"
	codeLockTimeout  = "Neo.TransientError.Transaction.LockAcquisitionTimeout"
	codeDeadlock     = "Neo.TransientError.Transaction.DeadlockDetected"
	codeUnauthorized = "Neo.ClientError.Security.Unauthorized"
	codeRateLimit    = "Neo.ClientError.Security.AuthenticationRateLimit"
	codeDBNotFound   = "Neo.ClientError.Database.DatabaseNotFound"
	codeMemoryPool   = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
)

// isTxMemoryLimit reports whether err is the server's refusal of a
// transaction that outgrew the per-transaction memory limit. Neo4j calls
// it transient, as it calls the exhaustion of the memory all transactions
// share, but the same transaction hits the same limit again: retrying it
// as it is only spends the retry budget. The shared pool's exhaustion
// (db.memory.transaction.total.max) stays transient: it depends on what
// else runs.
func isTxMemoryLimit(err error) bool {
	var e *neo4j.Neo4jError
	return errors.As(err, &e) && e.Code == codeMemoryPool && strings.Contains(e.Msg, "db.memory.transaction.max ")
}

// translate maps an error of the driver to the graph sentinels. It is the
// only place that knows the driver's error types: every method passes its
// error through it. The original error stays in the chain (and its text in
// the message) for the logs; callers test with errors.Is.
func translate(ctx context.Context, user string, err error) error {
	if err == nil {
		return nil
	}
	for _, s := range []error{graph.ErrNotFound, graph.ErrInvalid, graph.ErrConflict, graph.ErrUnavailable, graph.ErrTimeout, graph.ErrClosed, graph.ErrTooLarge} {
		if errors.Is(err, s) {
			return err
		}
	}
	var auth *AuthError
	if errors.As(err, &auth) {
		return err
	}
	// The caller's deadline or cancellation, however the driver reports it
	// (a context error, a read timeout, a retry loop given up).
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || (ctx != nil && ctx.Err() != nil) {
		cause := err
		if ctx != nil && ctx.Err() != nil {
			cause = fmt.Errorf("%w (%v)", ctx.Err(), err)
		}
		return fmt.Errorf("%w: %w", graph.ErrTimeout, cause)
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// Retries exhausted. A timeout, conflict or refused login on the last
		// attempt says what went wrong; anything else (deadlocks or lost
		// connections past the retry budget) means the server cannot take
		// the work now.
		if n := len(limit.Errors); n > 0 {
			inner := translate(nil, user, limit.Errors[n-1])
			if errors.Is(inner, graph.ErrTimeout) || errors.Is(inner, graph.ErrConflict) || errors.Is(inner, graph.ErrTooLarge) || isAuth(inner) {
				return fmt.Errorf("%w (%s, after %d attempts)", inner, limit.Cause, n)
			}
		}
		return fmt.Errorf("%w: %v", graph.ErrUnavailable, err)
	}
	var dbErr *neo4j.Neo4jError
	if errors.As(err, &dbErr) {
		return translateCode(user, dbErr)
	}
	var tokenErr *neo4j.TokenExpiredError
	if errors.As(err, &tokenErr) {
		return &AuthError{User: user, Err: err}
	}
	var connErr *neo4j.ConnectivityError
	var netErr net.Error
	if errors.As(err, &connErr) || errors.As(err, &netErr) {
		return fmt.Errorf("%w: %v", graph.ErrUnavailable, err)
	}
	// A connection closed in the middle of a message: the driver returns
	// the bare io error while it reads a result's records (a proxy or a
	// server that dies mid-response). It is a lost connection like any
	// other, and a write's outcome is unknown, so the caller must retry.
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: connection lost: %v", graph.ErrUnavailable, err)
	}
	// A server that is still starting answers the Bolt handshake with no
	// protocol version, or only zero ones; the driver reports it as a plain
	// error. (An offer of real versions without a match is a version
	// mismatch: a bug of the deployment, kept as it is.)
	if msg := err.Error(); strings.Contains(msg, "offered Bolt versions are supported") && !realBoltVersion.MatchString(msg) {
		return fmt.Errorf("%w: the server closed the handshake (starting?): %v", graph.ErrUnavailable, err)
	}
	// A server that answers the classic handshake with version 0 accepts
	// none of 5.8 down to 4.2, which every Neo4j 4.4 and 5 speaks: seen
	// from a server in the middle of its start. A server too old or
	// too new for this driver would answer so for good; the message, in
	// the logs, says which.
	if strings.Contains(err.Error(), "server did not accept any of the requested Bolt versions") {
		return fmt.Errorf("%w: the server accepted no Bolt version (starting, or a version this driver does not speak): %v", graph.ErrUnavailable, err)
	}
	var usage *neo4j.UsageError
	if errors.As(err, &usage) && strings.Contains(usage.Message, "closed") {
		return fmt.Errorf("%w: %v", graph.ErrClosed, err)
	}
	// A statement the server rejected for another reason is a bug here, not
	// something a caller can handle: keep it as it is.
	return fmt.Errorf("neo4j store: %w", err)
}

// realBoltVersion finds a protocol version with a major number in the
// driver's description of a handshake's offers.
var realBoltVersion = regexp.MustCompile(`major:0x[1-9a-f]`)

func isAuth(err error) bool {
	var a *AuthError
	return errors.As(err, &a)
}

func translateCode(user string, e *neo4j.Neo4jError) error {
	switch {
	case e.Code == codeConstraint:
		return fmt.Errorf("%w: %w", graph.ErrConflict, e)
	case strings.HasPrefix(e.Code, codeTimedOut), e.Code == codeLockTimeout,
		e.Code == "Neo.ClientError.Transaction.Terminated" && strings.Contains(e.Msg, "timeout"):
		return fmt.Errorf("%w: %w", graph.ErrTimeout, e)
	case e.Code == codeUnauthorized, e.Code == codeRateLimit:
		return &AuthError{User: user, Err: e}
	case isTxMemoryLimit(e):
		return fmt.Errorf("%w: %w", graph.ErrTooLarge, e)
	case e.Code == codeDBNotFound:
		return fmt.Errorf("%w: the configured database does not exist: %w", graph.ErrUnavailable, e)
	case strings.HasPrefix(e.Code, "Neo.TransientError."), strings.HasPrefix(e.Code, "Neo.DatabaseError."),
		strings.HasPrefix(e.Code, "Neo.ClientError.Cluster."), e.Code == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase":
		return fmt.Errorf("%w: %w", graph.ErrUnavailable, e)
	}
	return fmt.Errorf("neo4j store: %w", e)
}

// isTransient and isDeadlock classify an attempt's error for Stats.
func isTransient(err error) bool {
	var e *neo4j.Neo4jError
	return errors.As(err, &e) && strings.HasPrefix(e.Code, "Neo.TransientError.")
}

func isDeadlock(err error) bool {
	var e *neo4j.Neo4jError
	return errors.As(err, &e) && e.Code == codeDeadlock
}
