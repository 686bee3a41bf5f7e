package schema

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/dipgraph/dipgraph/graph"
)

// responseCache keeps the responses of read operations that succeeded,
// so that the same question asked again (dashboards, notebooks re-run,
// many analysts looking at the same country) is answered without running
// it. An entry is used only while the store's content is the one it was
// computed from: a store that counts its changes (graph.Generation) makes
// that exact; for any other store (Neo4j, which other processes write to)
// an entry lives at most ttl, and with no ttl nothing is cached.
//
// It sits after parsing, validation, the limits and the authorization
// check, so a cached answer is only ever given to a caller allowed to ask.
type responseCache struct {
	entries  *lru.LRU[cachedResponse]
	store    graph.Store
	ttl      time.Duration
	maxBytes int

	// flights are the operations being computed, by key and generation: the
	// same question asked again meanwhile waits for that answer instead of
	// computing it once more. Without this, every entry a write makes stale
	// (or a TTL expires) is computed by every client asking at that moment,
	// all at once, just when the store is busy.
	mu      sync.Mutex
	flights map[flightKey]*flight
}

type flightKey struct {
	key        string
	generation uint64
}

// flight is one computation of an answer; body is set, before done is
// closed, when the answer may be shared (it succeeded).
type flight struct {
	done chan struct{}
	body []byte
}

type cachedResponse struct {
	generation uint64
	at         time.Time
	body       []byte
}

// maxCachedResponse bounds one entry, so the cache's memory stays within
// entries × maxCachedResponse.
const maxCachedResponse = 64 << 10

func newResponseCache(store graph.Store, entries int, ttl time.Duration) *responseCache {
	if entries <= 0 {
		return nil
	}
	if _, exact := graph.Generation(store); !exact && ttl <= 0 {
		return nil
	}
	return &responseCache{entries: lru.New[cachedResponse](entries), store: store, ttl: ttl, maxBytes: maxCachedResponse,
		flights: map[flightKey]*flight{}}
}

// key identifies a read operation: its document, operation and variables.
// It returns false for anything but a query.
func (c *responseCache) key(rc *graphql.OperationContext) (string, bool) {
	if c == nil || rc == nil || rc.Operation == nil || rc.Operation.Operation != ast.Query {
		return "", false
	}
	vars, err := json.Marshal(rc.Variables) // map keys sorted: the same variables, the same bytes
	if err != nil {
		return "", false
	}
	h := sha256.New()
	h.Write([]byte(rc.RawQuery))
	h.Write([]byte{0})
	h.Write([]byte(rc.OperationName))
	h.Write([]byte{0})
	h.Write(vars)
	return hex.EncodeToString(h.Sum(nil)), true
}

// generation is the store's change count now (0 when it keeps none).
func (c *responseCache) generation() uint64 {
	g, _ := graph.Generation(c.store)
	return g
}

// get returns the cached answer to key. renew is true when the entry has
// lived more than half its TTL: one request should compute it again while
// the others are still given this one, so that an entry in use is renewed
// before it expires rather than recomputed by everyone once it has.
func (c *responseCache) get(ctx context.Context, key string) (body []byte, renew, ok bool) {
	e, ok := c.entries.Get(ctx, key)
	if !ok {
		return nil, false, false
	}
	if g, exact := graph.Generation(c.store); exact && e.generation != g {
		return nil, false, false
	}
	if c.ttl > 0 {
		age := time.Since(e.at)
		if age > c.ttl {
			return nil, false, false
		}
		renew = age > c.ttl/2
	}
	return e.body, renew, true
}

// join returns the computation of key at generation in progress, or
// starts one: lead is true when the caller is to compute the answer and
// then call land.
func (c *responseCache) join(key string, generation uint64) (f *flight, lead bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := flightKey{key, generation}
	if f := c.flights[k]; f != nil {
		return f, false
	}
	f = &flight{done: make(chan struct{})}
	c.flights[k] = f
	return f, true
}

// land ends a computation begun by join; those waiting for it get its
// body (nil: nothing to share, each computes its own).
func (c *responseCache) land(key string, generation uint64, f *flight) {
	c.mu.Lock()
	delete(c.flights, flightKey{key, generation})
	c.mu.Unlock()
	close(f.done)
}

// put keeps a successful response computed from the store as of
// generation, and returns it marshalled (nil when it is not kept).
func (c *responseCache) put(ctx context.Context, key string, generation uint64, resp *graphql.Response) []byte {
	if len(resp.Errors) > 0 || resp.Data == nil {
		return nil
	}
	b, err := json.Marshal(resp)
	if err != nil || len(b) > c.maxBytes {
		return nil
	}
	c.entries.Add(ctx, key, cachedResponse{generation: generation, at: time.Now(), body: b})
	return b
}
