// Package server is dipgraph's HTTP front: the GraphQL endpoint (/query),
// the GraphiQL playground served from the binary (/), health and readiness
// probes, Prometheus metrics, store statistics, and the protections around
// them (CORS allowlist, CSRF, body limits, timeouts, request ids and one
// structured log line per request).
package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/schema"
)

// Options configure the handler.
type Options struct {
	Logger *slog.Logger
	// ReadyTimeout bounds the store check of /readyz.
	ReadyTimeout time.Duration
	// Introspection enables GraphQL introspection (the development profile).
	Introspection bool
	// Playground serves GraphiQL at / (the development profile); without
	// it / is 404.
	Playground bool
	// QueryTimeout bounds one GraphQL request.
	QueryTimeout time.Duration
	// APIKeys, RequireKeyForReads and NewExtractor: see schema.Options.
	APIKeys            []schema.APIKey
	RequireKeyForReads bool
	NewExtractor       func() (*extract.Extractor, error)
	// CORSOrigins are the origins (scheme://host[:port]) whose pages may
	// call the API from a browser; none by default (same origin only).
	CORSOrigins []string
	// MaxBodyBytes bounds a GraphQL request body (schema's default when 0).
	MaxBodyBytes int64
	// ResponseCache is the number of successful read responses kept (see
	// schema.Options.ResponseCacheEntries); ResponseCacheTTL bounds them on
	// stores that keep no change count.
	ResponseCache    int
	ResponseCacheTTL time.Duration
	// CostPerMinute is each caller's budget of query cost points a minute
	// (schema.Options.CostPerMinute); 0 sets none.
	CostPerMinute int
	// PersistedQueries is the number of automatic persisted queries kept
	// (1000 when 0; negative turns them off).
	PersistedQueries int
	// MaxInFlight bounds the GraphQL and export requests taken in at once;
	// more are refused at once with 503 OVERLOADED. 0 means
	// DefaultMaxInFlight; negative sets no limit.
	MaxInFlight int
	// MaxRunning bounds the queries among those that run at once; the
	// others wait their turn. 0 means DefaultMaxRunning(); negative runs
	// all that are taken in.
	MaxRunning int
	// Metrics receives the server's measurements; a fresh set when nil.
	Metrics *Metrics
	// DisableMetrics leaves /metrics out (the measurements are still taken).
	DisableMetrics bool
}

// DefaultPersistedQueries is the size of the persisted-query cache.
const DefaultPersistedQueries = 1000

const queryRoute = "/query"

// Server is dipgraph's http.Handler.
type Server struct {
	handler  http.Handler
	metrics  *Metrics
	draining atomic.Bool
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Metrics returns the server's measurements.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Drain makes /readyz answer 503 from now on, so that a load balancer
// stops sending requests while the ones in flight finish.
func (s *Server) Drain() { s.draining.Store(true) }

// New returns dipgraph's HTTP handler over store. Its only error is a bad
// CORS origin (see CheckOrigin).
func New(store graph.Store, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ReadyTimeout == 0 {
		opts.ReadyTimeout = 2 * time.Second
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics()
	}
	if opts.PersistedQueries == 0 {
		opts.PersistedQueries = DefaultPersistedQueries
	}
	for _, o := range opts.CORSOrigins {
		if err := CheckOrigin(o); err != nil {
			return nil, err
		}
	}
	s := &Server{metrics: opts.Metrics}
	m := opts.Metrics
	store = m.InstrumentStore(store)

	mux := http.NewServeMux()
	gql := schema.DefaultOptions()
	gql.Logger = opts.Logger
	gql.Introspection = opts.Introspection
	if opts.QueryTimeout > 0 {
		gql.Timeout = opts.QueryTimeout
	}
	gql.APIKeys, gql.RequireKeyForReads, gql.NewExtractor = opts.APIKeys, opts.RequireKeyForReads, opts.NewExtractor
	if opts.MaxBodyBytes > 0 {
		gql.MaxBodyBytes = opts.MaxBodyBytes
	}
	gql.OnRefusal = m.CountRefusal
	gql.ResponseCacheEntries, gql.ResponseCacheTTL = opts.ResponseCache, opts.ResponseCacheTTL
	gql.CostPerMinute = opts.CostPerMinute
	gql.Extensions = []graphql.HandlerExtension{operationObserver{}}
	if opts.PersistedQueries > 0 {
		gql.Extensions = append(gql.Extensions, newPersistedQueries(opts.PersistedQueries))
	}
	maxInFlight := opts.MaxInFlight
	if maxInFlight == 0 {
		maxInFlight = DefaultMaxInFlight
	}
	maxRunning := opts.MaxRunning
	if maxRunning == 0 {
		maxRunning = DefaultMaxRunning()
	}
	// One limit for both routes that work in the store: an export and a
	// query compete for the same cores and connections.
	maxWait := gql.Timeout
	if maxWait <= 0 {
		maxWait = 10 * time.Second
	}
	limiter := newInFlightLimiter(m, maxInFlight, maxRunning, maxWait)
	mux.Handle(queryRoute, limiter.wrap(guardQuery(m, schema.NewHandler(store, gql)), true))
	if opts.Playground {
		pg := newPlayground(embeddedAssets(), queryRoute)
		if pg.missing != nil {
			opts.Logger.Warn("the playground cannot be served", "reason", pg.missing.Error())
		}
		mux.HandleFunc("GET /{$}", pg.servePage)
		mux.HandleFunc("GET "+playgroundAssetPath+"{file}", pg.serveAsset)
	}
	if !opts.DisableMetrics {
		mux.Handle("GET /metrics", m.Handler())
	}
	mux.Handle("GET /export/{format}", limiter.wrap(exportHandler(store, opts.Logger), false))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if s.draining.Load() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
			return
		}
		// The stores apply their migrations when they open, so an open
		// store that answers a read is ready.
		ctx, cancel := context.WithTimeout(r.Context(), opts.ReadyTimeout)
		defer cancel()
		if _, err := store.CountArticles(ctx, graph.ArticleFilter{}); err != nil {
			opts.Logger.Warn("readiness check failed", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		c, err := store.Counts(r.Context())
		if err != nil {
			opts.Logger.Error("stats failed", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "store unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, c)
	})
	h, err := crossOrigin(opts.CORSOrigins, m, mux)
	if err != nil {
		return nil, err
	}
	s.handler = observe(opts.Logger, m, h)
	return s, nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
