// Package neo4j is the production graph.Store over Neo4j 5 (Community or
// Enterprise, one server or a cluster), through neo4j-go-driver v5.
//
// # Schema
//
// Every node has the label of its kind (Country, Person, Organization,
// Place, Topic, Event, Article) and its key in the property id, unique per
// label. Entity nodes also carry the label Entity and the unique property
// ref = "Kind:id", so that one index reaches an entity of any kind and
// statements over a mix of kinds need no label from input. Visible
// properties are those of graph.Entity, graph.Event and graph.Article
// (aliases as the aligned lists aliasText and aliasLang); properties whose
// name starts with "_" are the store's own: the tallies an entity is
// derived from (graph.EntityState.EncodeTallies), and on an article the
// JSON of what it contributed (_graph), which a replace or delete
// subtracts. Edges are those of graph/dump.go. The schema lives in
// migrations/*.cypher, applied on Open and recorded in (:Migration) nodes.
//
// # Writes
//
// Apply writes a batch in one transaction (the driver retries it on
// transient errors). Two writers touching the same nodes never interleave:
// the transaction first takes the write lock of every node it will read
// (articles, then entities by ref, then events by id, always in that
// order, so that lock waits cannot form a cycle) and only then reads their
// state, computes the new one in Go with the same graph.EntityState and
// graph.DeriveEvent code as the memory store, and writes it back. The same
// input gives both stores the same graph.Fingerprint.
//
// # Cypher
//
// Every statement is a package-level constant (queries.go) with
// parameters; labels and relationship types come only from the allowlist
// in labels.go. Every transaction goes through Store.read or Store.write,
// which set the transaction timeout.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/dipgraph/dipgraph/graph"
)

var _ graph.Store = (*Store)(nil)

// Store is the Neo4j graph.Store. It is safe for concurrent use.
type Store struct {
	cfg Config
	// Reads and writes have drivers, and so connection pools, of their
	// own: a write waiting for a hub country's lock keeps its connection,
	// and a pool of writes waiting so must not leave the reads none.
	readDriver, writeDriver neo4j.DriverWithContext
	// bookmarks chain every session of the store, so that in a cluster a
	// read sees the writes this store made before it (causal consistency).
	bookmarks neo4j.BookmarkManager
	log       *slog.Logger
	closed    atomic.Bool
	stats     struct {
		transactions, retries, transient, deadlocks atomic.Int64
	}
}

// Stats are counters of a Store's transactions since Open.
type Stats struct {
	Transactions int64 // transactions run (each counted once however often retried)
	Retries      int64 // extra attempts the driver made after a failed one
	Transient    int64 // transient errors seen by statements (deadlocks included; not those of commits)
	Deadlocks    int64 // Neo.TransientError.Transaction.DeadlockDetected among them
}

// Stats returns the store's counters.
func (s *Store) Stats() Stats {
	return Stats{
		Transactions: s.stats.transactions.Load(),
		Retries:      s.stats.retries.Load(),
		Transient:    s.stats.transient.Load(),
		Deadlocks:    s.stats.deadlocks.Load(),
	}
}

// Open connects to Neo4j, checks connectivity and credentials, and applies
// the migrations. Errors: ErrConfig for a bad Config, *AuthError for
// refused credentials, graph.ErrUnavailable when the server cannot be
// reached, graph.ErrTimeout when ctx ends first.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	s := &Store{cfg: cfg, log: cfg.Logger, bookmarks: neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})}
	for _, d := range []*neo4j.DriverWithContext{&s.readDriver, &s.writeDriver} {
		drv, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *config.Config) {
			c.Log = driverLogger{s.log}
			c.MaxConnectionPoolSize = cfg.MaxConnectionPool
			c.MaxTransactionRetryTime = cfg.MaxRetryTime
			c.SocketConnectTimeout = cfg.ConnectTimeout
			c.ConnectionAcquisitionTimeout = cfg.ConnectTimeout + cfg.ReadTimeout
			c.UserAgent = "dipgraph"
		})
		if err != nil {
			s.closeDriver()
			return nil, fmt.Errorf("%w: %v", ErrConfig, err)
		}
		*d = drv
	}
	if err := s.writeDriver.VerifyConnectivity(ctx); err != nil {
		s.closeDriver()
		return nil, fmt.Errorf("neo4j store: connecting to %s: %w", cfg.URI, s.translate(ctx, err))
	}
	if err := s.migrate(ctx); err != nil {
		s.closeDriver()
		return nil, fmt.Errorf("neo4j store: migrating %s: %w", cfg.URI, err)
	}
	s.log.Info("neo4j store opened", "uri", cfg.URI, "database", cfg.Database, "user", cfg.User)
	return s, nil
}

// Close closes the driver and its connections. Later calls of any method
// return graph.ErrClosed; closing twice is not an error.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.closeDriver()
}

func (s *Store) closeDriver() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	for _, d := range []neo4j.DriverWithContext{s.readDriver, s.writeDriver} {
		if d != nil {
			if err := d.Close(ctx); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("neo4j store: closing the driver: %w", err)
	}
	return nil
}

func (s *Store) translate(ctx context.Context, err error) error {
	if err != nil && s.closed.Load() {
		return fmt.Errorf("%w: %v", graph.ErrClosed, err)
	}
	return translate(ctx, s.cfg.User, err)
}

// txn is one attempt of a transaction, as seen by the work function.
type txn struct {
	tx neo4j.ManagedTransaction
	s  *Store
}

// run runs one statement and collects its records. query is always one of
// the constants of queries.go (TestCypherIsConstant checks the callers).
func (t *txn) run(ctx context.Context, query string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := t.tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// runChunks runs query once per chunk of at most BatchSize rows, passed as
// $rows next to the other params, and returns the records of all chunks in
// order. Chunks run in the order of rows, which keeps lock order.
func (t *txn) runChunks(ctx context.Context, query string, rows []map[string]any, params map[string]any) ([]*neo4j.Record, error) {
	var out []*neo4j.Record
	size := t.s.cfg.BatchSize
	for start := 0; start < len(rows); start += size {
		end := min(start+size, len(rows))
		p := make(map[string]any, len(params)+1)
		for k, v := range params {
			p[k] = v
		}
		p["rows"] = rows[start:end]
		recs, err := t.run(ctx, query, p)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

type work func(ctx context.Context, t *txn) error

// read runs fn in a read transaction with the read timeout. fn may run more
// than once (the driver retries transient failures): it must set its
// results afresh on each run.
func (s *Store) read(ctx context.Context, fn work) error {
	return s.transact(ctx, neo4j.AccessModeRead, s.cfg.ReadTimeout, fn)
}

// write runs fn in a write transaction with the write timeout.
func (s *Store) write(ctx context.Context, fn work) error {
	return s.transact(ctx, neo4j.AccessModeWrite, s.cfg.WriteTimeout, fn)
}

// transact is the one place that opens sessions and transactions, so no
// transaction can run without a timeout.
func (s *Store) transact(ctx context.Context, mode neo4j.AccessMode, timeout time.Duration, fn work) error {
	if s.closed.Load() {
		return graph.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", graph.ErrTimeout, err)
	}
	// A transaction the caller has stopped waiting for must not go on
	// running in the server: after an outage, every retried query would
	// otherwise keep its full timeout, and the backlog would keep a
	// recovering server too busy to answer anything in time.
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, max(time.Until(dl), time.Millisecond))
	}
	// The server-side timeout does not help when the server is unreachable
	// mid-transaction (a black hole, a link too slow for the messages):
	// bound the client side too, by the longest a transaction can take, an
	// attempt begun just before the driver's retry time runs out. A caller's
	// earlier deadline still wins; a later one (the loader allows its retry
	// budget plus 30 s per attempt as a backstop) must not keep a write
	// waiting on a dead connection past the store's own timeouts.
	ctx, cancel := context.WithTimeout(ctx, timeout+s.cfg.MaxRetryTime)
	defer cancel()
	drv := s.readDriver
	if mode == neo4j.AccessModeWrite {
		drv = s.writeDriver
	}
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode, BookmarkManager: s.bookmarks})
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = sess.Close(cctx) // its only errors are those the transaction already returned
	}()
	s.stats.transactions.Add(1)
	attempts := 0
	txFn := func(tx neo4j.ManagedTransaction) (any, error) {
		if attempts++; attempts > 1 {
			s.stats.retries.Add(1)
		}
		err := fn(ctx, &txn{tx: tx, s: s})
		if isTxMemoryLimit(err) {
			// Not a Neo4jError any more, so the driver does not retry it.
			return nil, fmt.Errorf("%w: %s", graph.ErrTooLarge, err)
		}
		if isTransient(err) {
			s.stats.transient.Add(1)
			if isDeadlock(err) {
				s.stats.deadlocks.Add(1)
			}
		}
		return nil, err
	}
	var err error
	if mode == neo4j.AccessModeWrite {
		_, err = sess.ExecuteWrite(ctx, txFn, neo4j.WithTxTimeout(timeout))
	} else {
		err = s.readAttempts(ctx, sess, timeout, txFn)
	}
	if attempts > 1 && err == nil {
		s.log.Debug("neo4j transaction succeeded after retries", "attempts", attempts)
	}
	return s.translate(ctx, err)
}

// Reads retry on their own terms rather than through ExecuteRead, whose
// retry loop waits a second, then two, before each new connection it tries
// while the server is unreachable: a query should learn that the store is
// down at once (RELIABILITY.md R-3: STORE_UNAVAILABLE within 1 s) and let
// its client decide. A read changes nothing, so trying again is always safe.
const (
	// readRetryBackoff is the first pause before retrying a read the server
	// refused with a transient error (it doubles each time).
	readRetryBackoff = 50 * time.Millisecond
	// maxReadAttempts bounds the tries of a read.
	maxReadAttempts = 4
)

// readAttempts runs txFn in explicit read transactions. A lost connection
// is retried at once, once: a pooled connection that a restarted server had
// closed fails on first use, and the pool has dropped its idle connections
// to that server by then. A second lost connection means the server is
// unreachable. A transient error of the server (a lock or memory limit,
// a database starting) is retried after a short, growing pause.
func (s *Store) readAttempts(ctx context.Context, sess neo4j.SessionWithContext, timeout time.Duration,
	txFn func(neo4j.ManagedTransaction) (any, error)) error {
	backoff := readRetryBackoff
	connectionRetried := false
	for attempt := 1; ; attempt++ {
		err := readOnce(ctx, sess, timeout, txFn)
		if err == nil || attempt >= maxReadAttempts || ctx.Err() != nil || isOwn(err) {
			return err
		}
		var dbErr *neo4j.Neo4jError
		switch {
		case errors.As(err, &dbErr):
			if !isTransient(err) {
				return err
			}
			select {
			case <-ctx.Done():
				return err
			case <-time.After(backoff):
			}
			backoff *= 2
		case errors.Is(s.translate(ctx, err), graph.ErrUnavailable) && !connectionRetried:
			connectionRetried = true
		default:
			return err
		}
	}
}

// readOnce runs txFn in one explicit read transaction and commits it, so
// that the session's bookmarks advance as with a managed transaction.
func readOnce(ctx context.Context, sess neo4j.SessionWithContext, timeout time.Duration,
	txFn func(neo4j.ManagedTransaction) (any, error)) error {
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxTimeout(timeout))
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = tx.Close(cctx) // a no-op once committed; otherwise rolls back
	}()
	if _, err := txFn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// driverLogger sends the driver's log to slog. The driver reports as
// errors what it is about to retry, so those are warnings here.
type driverLogger struct{ l *slog.Logger }

func (d driverLogger) Error(name, id string, err error) {
	level := slog.LevelWarn
	if isOwn(err) {
		// An error a work function returned (not found, invalid input):
		// the caller gets it; it is no trouble of the driver's.
		level = slog.LevelDebug
	}
	d.l.Log(context.Background(), level, "neo4j driver: "+err.Error(), "component", name, "id", id)
}

func isOwn(err error) bool {
	for _, s := range []error{graph.ErrNotFound, graph.ErrInvalid, graph.ErrClosed} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func (d driverLogger) Warnf(name, id string, msg string, args ...any) {
	d.l.Warn("neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}

func (d driverLogger) Infof(name, id string, msg string, args ...any) {
	// The driver's info messages (connections opened, routing tables) are
	// routine: keep them out of an operator's info log.
	d.logf(slog.LevelDebug, name, id, msg, args)
}

func (d driverLogger) Debugf(name, id string, msg string, args ...any) {
	d.logf(slog.LevelDebug, name, id, msg, args)
}

func (d driverLogger) logf(level slog.Level, name, id, msg string, args []any) {
	if !d.l.Enabled(context.Background(), level) {
		return
	}
	d.l.Log(context.Background(), level, "neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}
