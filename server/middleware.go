package server

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/rs/cors"
)

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (deadlines, flush).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// quietRoutes are logged at debug level: probes and scrapes come every few
// seconds and would drown the log.
var quietRoutes = map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /metrics": true}

// observe is the outermost middleware: it gives every request an id (the
// X-Request-Id header; the GraphQL handler sets its own, which the log line
// then carries), turns a panic into a 500 that says nothing of its cause,
// writes one log line per request and records the HTTP metrics.
//
// The log line has the method, the path without its query string (which
// may hold a query's variables or a key), the route, the status, the size,
// the latency, the GraphQL operation name and the request id; never a
// header, a body or a query string, so that no secret reaches the log.
func observe(log *slog.Logger, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := newRequestID()
		w.Header().Set("X-Request-Id", rid)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		rec := &statusRecorder{ResponseWriter: w}
		op := &operation{}
		r = r.WithContext(withOperation(r.Context(), op))
		m.httpInFlight.Inc()
		defer func() {
			m.httpInFlight.Dec()
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "http: handler panic", "requestId", rid, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeError(rec, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "internal system error", rid)
				}
			}
			took := time.Since(start)
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			m.observeHTTP(route, status, took)
			attrs := []any{"requestId", w.Header().Get("X-Request-Id"), "method", r.Method, "path", r.URL.Path,
				"route", route, "status", status, "bytes", rec.bytes, "ms", float64(took.Microseconds()) / 1000}
			if r.Pattern == queryRoute {
				name, outcome := op.result()
				m.observeOperation(op, took)
				attrs = append(attrs, "operation", name, "outcome", outcome)
			}
			level := slog.LevelInfo
			if quietRoutes[route] {
				level = slog.LevelDebug
			}
			log.Log(r.Context(), level, "http request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}

// guardQuery refuses, before the GraphQL handler reads anything, what it
// must never execute: methods other than GET and POST, a POST that is not
// application/json (the content types an HTML form or a "simple"
// cross-origin request can send, G-13), and compressed bodies (G-10: a
// small gzip body can expand without bound; nothing here needs them).
func guardQuery(m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			m.CountRefusal("METHOD_NOT_ALLOWED")
			writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "use POST (or GET for queries)", "")
			return
		}
		if ce := strings.TrimSpace(r.Header.Get("Content-Encoding")); ce != "" && !strings.EqualFold(ce, "identity") {
			m.CountRefusal("UNSUPPORTED_ENCODING")
			writeError(w, http.StatusUnsupportedMediaType, "UNSUPPORTED_ENCODING", "compressed request bodies are not accepted; send the JSON as is", "")
			return
		}
		if r.Method == http.MethodPost {
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "application/json" {
				m.CountRefusal("UNSUPPORTED_MEDIA_TYPE")
				writeError(w, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "send the request as Content-Type: application/json", "")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin applies the CORS allowlist (browsers on these origins may
// call the API; others get no CORS headers, so their pages cannot read the
// answers) and refuses cross-origin POSTs from browsers on any other origin
// (CSRF, G-13), with Go's CrossOriginProtection: it reads Sec-Fetch-Site
// and Origin, which every current browser sends and a page cannot forge.
func crossOrigin(origins []string, m *Metrics, next http.Handler) (http.Handler, error) {
	csrf := http.NewCrossOriginProtection()
	for _, o := range origins {
		if err := csrf.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("CORS origin %q: %w", o, err)
		}
	}
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.CountRefusal("CROSS_ORIGIN")
		writeError(w, http.StatusForbidden, "CROSS_ORIGIN", "cross-origin requests from this origin are not allowed", "")
	}))
	h := csrf.Handler(next)
	if len(origins) == 0 {
		// rs/cors treats an empty list as "every origin".
		return h, nil
	}
	return cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Content-Type", "Authorization"},
		ExposedHeaders: []string{"X-Request-Id"},
		MaxAge:         600,
	}).Handler(h), nil
}

// CheckOrigin returns an error unless origin is a scheme://host[:port]
// that can go in the CORS allowlist.
func CheckOrigin(origin string) error {
	u, err := url.Parse(origin)
	switch {
	case err != nil:
		return err
	case origin == "*":
		return fmt.Errorf("%q: list the origins allowed, not *", origin)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q: want http:// or https:// and a host", origin)
	case u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("%q: want scheme://host[:port] and nothing else", origin)
	}
	return nil
}

// writeError writes a JSON error in the GraphQL response shape, so that a
// client reads refusals at every layer the same way.
func writeError(w http.ResponseWriter, status int, code, msg, rid string) {
	ext := map[string]any{"code": code}
	if rid != "" {
		ext["requestId"] = rid
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": msg, "extensions": ext}}})
}
