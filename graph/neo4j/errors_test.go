package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
)

func neoErr(code string) error { return &neo4j.Neo4jError{Code: code, Msg: "message from the server"} }

func TestTranslate(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want error // a sentinel; nil: no sentinel, the error is kept
		auth bool
	}{
		{"nil", nil, nil, nil, false},
		{"constraint", nil, neoErr("Neo.ClientError.Schema.ConstraintValidationFailed"), graph.ErrConflict, false},
		{"tx timeout", nil, neoErr("Neo.ClientError.Transaction.TransactionTimedOut"), graph.ErrTimeout, false},
		{"tx timeout client config", nil, neoErr("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"), graph.ErrTimeout, false},
		{"lock timeout", nil, neoErr("Neo.TransientError.Transaction.LockAcquisitionTimeout"), graph.ErrTimeout, false},
		{"deadline", nil, context.DeadlineExceeded, graph.ErrTimeout, false},
		{"wrapped deadline", nil, fmt.Errorf("reading: %w", context.DeadlineExceeded), graph.ErrTimeout, false},
		{"caller canceled", canceled, &neo4j.ConnectivityError{Inner: io.EOF}, graph.ErrTimeout, false},
		{"connectivity", nil, &neo4j.ConnectivityError{Inner: errors.New("dial tcp 127.0.0.1:7687: connection refused")}, graph.ErrUnavailable, false},
		// What the driver returns when a connection is cut in the middle of
		// a result (R-3, limit_data): the bare io error.
		{"connection cut mid-message", nil, io.ErrUnexpectedEOF, graph.ErrUnavailable, false},
		{"connection closed between messages", nil, fmt.Errorf("reading records: %w", io.EOF), graph.ErrUnavailable, false},
		// The driver's words when a starting server closes the handshake.
		{"handshake with a starting server", nil, errors.New("none of the server offered Bolt versions are supported (offered: []bolt.protocolVersion{})"),
			graph.ErrUnavailable, false},
		{"handshake with a starting server offering zero versions", nil, errors.New("none of the server offered Bolt versions are supported " +
			"(offered: []bolt.protocolVersion{bolt.protocolVersion{major:0x0, minor:0x0, back:0x0}, bolt.protocolVersion{major:0x0, minor:0x0, back:0x0}})"),
			graph.ErrUnavailable, false},
		{"handshake answered with version 0 by a starting server", nil, errors.New("server did not accept any of the requested Bolt versions " +
			"([4]bolt.protocolVersion{bolt.protocolVersion{major:0xff, minor:0x1, back:0x0}, bolt.protocolVersion{major:0x5, minor:0x8, back:0x8}})"),
			graph.ErrUnavailable, false},
		{"handshake with an unsupported server", nil, errors.New("none of the server offered Bolt versions are supported " +
			"(offered: []bolt.protocolVersion{bolt.protocolVersion{major:0x3, minor:0x0, back:0x0}})"), nil, false},
		{"transient", nil, neoErr("Neo.TransientError.General.DatabaseUnavailable"), graph.ErrUnavailable, false},
		// The two memory limits share a code: one transaction too large for
		// its own limit fails the same way again; the pool all transactions
		// share may have room later.
		{"transaction memory limit", nil, &neo4j.Neo4jError{Code: codeMemoryPool,
			Msg: "The allocation of an extra 2.0 MiB would use more than the limit 256.0 MiB. Currently using 255.0 MiB. db.memory.transaction.max threshold reached"},
			graph.ErrTooLarge, false},
		{"shared transaction memory exhausted", nil, &neo4j.Neo4jError{Code: codeMemoryPool,
			Msg: "The allocation of an extra 2.0 MiB would use more than the limit 1.0 GiB. Currently using 1.0 GiB. db.memory.transaction.total.max threshold reached"},
			graph.ErrUnavailable, false},
		{"retries ended by the transaction memory limit", nil, &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&neo4j.Neo4jError{Code: codeMemoryPool, Msg: "limit 256.0 MiB. db.memory.transaction.max threshold reached"}}}, graph.ErrTooLarge, false},
		{"database error", nil, neoErr("Neo.DatabaseError.General.UnknownError"), graph.ErrUnavailable, false},
		{"no such database", nil, neoErr("Neo.ClientError.Database.DatabaseNotFound"), graph.ErrUnavailable, false},
		{"retries exhausted on deadlocks", nil, &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			neoErr(codeDeadlock), neoErr(codeDeadlock)}}, graph.ErrUnavailable, false},
		{"retries exhausted on lost connections", nil, &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&neo4j.ConnectivityError{Inner: io.EOF}}}, graph.ErrUnavailable, false},
		{"retries ended by a timeout", nil, &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			neoErr(codeDeadlock), neoErr("Neo.ClientError.Transaction.TransactionTimedOut")}}, graph.ErrTimeout, false},
		{"unauthorized", nil, neoErr("Neo.ClientError.Security.Unauthorized"), nil, true},
		{"rate limited", nil, neoErr("Neo.ClientError.Security.AuthenticationRateLimit"), nil, true},
		{"syntax error is a bug", nil, neoErr("Neo.ClientError.Statement.SyntaxError"), nil, false},
		{"sentinel passes", nil, fmt.Errorf("%w: article x", graph.ErrNotFound), graph.ErrNotFound, false},
		{"invalid passes", nil, fmt.Errorf("%w: bad", graph.ErrInvalid), graph.ErrInvalid, false},
	}
	sentinels := []error{graph.ErrNotFound, graph.ErrInvalid, graph.ErrConflict, graph.ErrUnavailable, graph.ErrTimeout, graph.ErrClosed, graph.ErrTooLarge}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := translate(tc.ctx, "app", tc.err)
			if tc.err == nil {
				if got != nil {
					t.Fatalf("translate(nil) = %v", got)
				}
				return
			}
			if got == nil {
				t.Fatal("translate lost the error")
			}
			for _, s := range sentinels {
				if errors.Is(got, s) != (s == tc.want) {
					t.Errorf("translate(%v) = %v: errors.Is(%v) = %v", tc.err, got, s, errors.Is(got, s))
				}
			}
			var a *AuthError
			if errors.As(got, &a) != tc.auth {
				t.Errorf("translate(%v) = %v: AuthError %v, want %v", tc.err, got, !tc.auth, tc.auth)
			}
			if tc.auth && (!strings.Contains(got.Error(), `"app"`) || !strings.Contains(got.Error(), "password")) {
				t.Errorf("auth error %q should name the user and the password", got)
			}
			// The driver's text stays in the message, for the logs.
			inner := tc.err.Error()
			var limit *neo4j.TransactionExecutionLimit
			if errors.As(tc.err, &limit) {
				inner = limit.Errors[len(limit.Errors)-1].Error()
			}
			if !strings.Contains(got.Error(), inner) && !errors.Is(got, tc.err) {
				t.Errorf("translate(%v) = %q lost the original message", tc.err, got)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	ok := DefaultConfig()
	ok.URI, ok.User, ok.Password = "bolt://localhost:7687", "neo4j", "secret"
	tests := []struct {
		name   string
		change func(c *Config)
		valid  bool
	}{
		{"default", func(c *Config) {}, true},
		{"zero values take defaults", func(c *Config) { *c = Config{URI: c.URI, User: c.User} }, true},
		{"routing", func(c *Config) { c.URI = "neo4j://cluster.example:7687" }, true},
		{"routing tls", func(c *Config) { c.URI = "neo4j+s://x.databases.neo4j.io" }, true},
		{"bolt tls", func(c *Config) { c.URI = "bolt+s://db.example:7687" }, true},
		{"no uri", func(c *Config) { c.URI = "" }, false},
		{"http", func(c *Config) { c.URI = "http://localhost:7474" }, false},
		{"credentials in uri", func(c *Config) { c.URI = "bolt://neo4j:secret@localhost:7687" }, false},
		{"no user", func(c *Config) { c.User = "" }, false},
		{"negative timeout", func(c *Config) { c.ReadTimeout = -1 }, false},
		{"negative batch", func(c *Config) { c.BatchSize = -1 }, false},
	}
	for _, tc := range tests {
		c := ok
		tc.change(&c)
		err := c.Validate()
		if (err == nil) != tc.valid {
			t.Errorf("%s: Validate() = %v, want valid %v", tc.name, err, tc.valid)
		}
		if err != nil && !errors.Is(err, ErrConfig) {
			t.Errorf("%s: %v does not wrap ErrConfig", tc.name, err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error %q shows the password", tc.name, err)
		}
	}
	d := Config{URI: "bolt://x", User: "u"}.withDefaults()
	if d.ReadTimeout != DefaultReadTimeout || d.WriteTimeout != DefaultWriteTimeout || d.Database != "neo4j" || d.BatchSize != DefaultBatchSize || d.Logger == nil {
		t.Errorf("withDefaults() = %+v", d)
	}
}
