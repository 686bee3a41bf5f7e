package schema

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
)

// failingStore fails or panics in chosen methods.
type failingStore struct {
	graph.Store
	entitiesErr error
	countsPanic bool
	eventsPanic bool
}

func (f *failingStore) Entities(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, error) {
	if f.entitiesErr != nil {
		return nil, f.entitiesErr
	}
	return f.Store.Entities(ctx, refs)
}

func (f *failingStore) Counts(ctx context.Context) (*graph.Counts, error) {
	if f.countsPanic {
		panic("counts: index out of range [3] with length 3")
	}
	return f.Store.Counts(ctx)
}

func (f *failingStore) ListEvents(ctx context.Context, fl graph.EventFilter, p graph.Page) (*graph.EventPage, error) {
	if f.eventsPanic {
		panic("list events: nil map")
	}
	return f.Store.ListEvents(ctx, fl, p)
}

func (f *failingStore) ListEventsBatch(ctx context.Context, fls []graph.EventFilter, p graph.Page) ([]*graph.EventPage, error) {
	if f.eventsPanic {
		panic("list events: nil map")
	}
	return f.Store.ListEventsBatch(ctx, fls, p)
}

// The secrets a driver error may carry.
var (
	secretURL    = "bolt://neo4j:7687"
	secretCypher = "MATCH (c:Country {code: $code}) RETURN c"
	secretCode   = "Neo.ClientError.Statement.SyntaxError"
	driverErr    = fmt.Errorf("neo4j: %s: %s: Invalid input 'RETRUN' in %q", secretURL, secretCode, secretCypher)
)

// G-19.
func TestErrorMasking(t *testing.T) {
	base := corpusStore(t)
	tests := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
	}{
		{"unknown", driverErr, CodeInternal, internalMessage},
		{"unavailable", fmt.Errorf("%w: %w", graph.ErrUnavailable, driverErr), CodeStoreUnavailable, "the graph store is unavailable; retry later"},
		{"timeout", fmt.Errorf("%w: %w", graph.ErrTimeout, driverErr), CodeTimeout, "the request took too long"},
		{"deadline", fmt.Errorf("neo4j %s: %w", secretURL, context.DeadlineExceeded), CodeTimeout, "the request took too long"},
		{"invalid", fmt.Errorf("%w: %w", graph.ErrInvalid, driverErr), CodeBadUserInput, "invalid input"},
		{"not-found", fmt.Errorf("%w: %w", graph.ErrNotFound, driverErr), CodeNotFound, "not found"},
		{"closed", graph.ErrClosed, CodeStoreUnavailable, "the graph store is unavailable; retry later"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, &failingStore{Store: base, entitiesErr: tt.err}, testOptions())
			r := ts.query(t, `{ country(code: "CN") { name } }`, nil)
			if len(r.Errors) != 1 {
				t.Fatalf("got %s", r.Body)
			}
			e := r.Errors[0]
			if e.Message != tt.wantMsg || r.code() != tt.wantCode {
				t.Errorf("got %q %s, want %q %s", e.Message, r.code(), tt.wantMsg, tt.wantCode)
			}
			rid, _ := e.Extensions["requestId"].(string)
			if rid == "" {
				t.Errorf("no requestId in %s", r.Body)
			}
			for _, s := range []string{secretURL, secretCypher, secretCode, "neo4j", "RETRUN"} {
				if strings.Contains(r.Body, s) {
					t.Errorf("the response shows %q: %s", s, r.Body)
				}
			}
			logs := ts.logs.String()
			for _, s := range []string{secretURL, "MATCH (c:Country", secretCode, rid} {
				if strings.Contains(tt.err.Error(), s) && !strings.Contains(logs, s) || !strings.Contains(logs, rid) {
					t.Errorf("the log lacks %q:\n%s", s, logs)
				}
			}
		})
	}
}

// G-19: panics in a resolver, in a store call a resolver makes, and in a
// store call a dataloader makes in its own goroutine, all become the
// masked error, and the server goes on serving.
func TestPanicRecovery(t *testing.T) {
	fs := &failingStore{Store: corpusStore(t)}
	ts := newTestServer(t, fs, testOptions())
	for _, tc := range []struct {
		name  string
		set   func(bool)
		query string
	}{
		{"resolver", func(b bool) { fs.countsPanic = b }, `{ stats { events } }`},
		{"loader", func(b bool) { fs.eventsPanic = b }, `{ country(code: "CN") { events { nodes { id } } } }`},
		{"loader-batch", func(b bool) { fs.eventsPanic = b }, `{ countries(first: 3) { nodes { events { nodes { id } } } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.set(true)
			r := ts.query(t, tc.query, nil)
			tc.set(false)
			if len(r.Errors) == 0 || r.Errors[0].Message != internalMessage || r.code() != CodeInternal {
				t.Fatalf("got %s", r.Body)
			}
			if strings.Contains(r.Body, "nil map") || strings.Contains(r.Body, "index out of range") {
				t.Errorf("the response shows the panic: %s", r.Body)
			}
			if !strings.Contains(ts.logs.String(), "panic") {
				t.Errorf("the panic is not logged")
			}
			ts.mustQuery(t, tc.query, nil, nil)
		})
	}
}

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code string
	}{
		{graph.ErrNotFound, CodeNotFound},
		{fmt.Errorf("x: %w", graph.ErrInvalid), CodeBadUserInput},
		{graph.ErrConflict, CodeConflict},
		{graph.ErrTimeout, CodeTimeout},
		{context.DeadlineExceeded, CodeTimeout},
		{graph.ErrUnavailable, CodeStoreUnavailable},
		{graph.ErrClosed, CodeStoreUnavailable},
		{errors.New("boom"), CodeInternal},
		{context.Canceled, CodeInternal},
	} {
		if code, _ := classify(tt.err); code != tt.code {
			t.Errorf("classify(%v) = %s, want %s", tt.err, code, tt.code)
		}
	}
}

// A request that runs out of time gets TIMEOUT.
func TestTimeout(t *testing.T) {
	opts := testOptions()
	opts.Timeout = 1 // ns: the deadline has passed before the store is called
	ts := newTestServer(t, &deadlineStore{corpusStore(t)}, opts)
	r := ts.query(t, `{ country(code: "CN") { name } }`, nil)
	if r.code() != CodeTimeout {
		t.Errorf("got %s", r.Body)
	}
}

// deadlineStore honours the context as a network store would.
type deadlineStore struct{ graph.Store }

func (d *deadlineStore) Entities(ctx context.Context, refs []graph.Ref) ([]*graph.Entity, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", graph.ErrTimeout, err)
	}
	return d.Store.Entities(ctx, refs)
}
