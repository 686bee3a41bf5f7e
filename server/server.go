// Package server is dipgraph's HTTP front: the GraphQL endpoint
// (/query), health and readiness probes, and store statistics.
package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

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
	// QueryTimeout bounds one GraphQL request.
	QueryTimeout time.Duration
	// APIKeys, RequireKeyForReads and NewExtractor: see schema.Options.
	APIKeys            []schema.APIKey
	RequireKeyForReads bool
	NewExtractor       func() (*extract.Extractor, error)
}

// New returns dipgraph's HTTP handler over store.
func New(store graph.Store, opts Options) http.Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ReadyTimeout == 0 {
		opts.ReadyTimeout = 2 * time.Second
	}
	mux := http.NewServeMux()
	gql := schema.DefaultOptions()
	gql.Logger = opts.Logger
	gql.Introspection = opts.Introspection
	if opts.QueryTimeout > 0 {
		gql.Timeout = opts.QueryTimeout
	}
	gql.APIKeys, gql.RequireKeyForReads, gql.NewExtractor = opts.APIKeys, opts.RequireKeyForReads, opts.NewExtractor
	mux.Handle("/query", schema.NewHandler(store, gql))
	mux.Handle("GET /export/{format}", exportHandler(store, opts.Logger))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
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
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// HTTPServer returns an http.Server with every timeout set, so that slow
// clients cannot hold connections open.
func HTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
