package server

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema"
)

// Metrics are the Prometheus collectors of one server, in a registry of
// their own (so that two servers in one process, as in tests, never clash).
type Metrics struct {
	registry *prometheus.Registry

	httpRequests  *prometheus.CounterVec
	httpDuration  *prometheus.HistogramVec
	httpInFlight  prometheus.Gauge
	gqlRequests   *prometheus.CounterVec
	gqlDuration   *prometheus.HistogramVec
	refusals      *prometheus.CounterVec
	storeDuration *prometheus.HistogramVec
	loaderRecords *prometheus.CounterVec
	// The in-flight limiter (limit.go): requests inside it, and its limit.
	limiterInFlight     prometheus.Gauge
	limiterLimit        prometheus.Gauge
	limiterRunning      prometheus.Gauge
	limiterRunningLimit prometheus.Gauge

	operations operationLabels
}

// NewMetrics returns the collectors, registered with the Go runtime's and
// the process's.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_http_requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dipgraph_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		httpInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "dipgraph_http_in_flight_requests",
			Help: "HTTP requests being served.",
		}),
		gqlRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_graphql_requests_total",
			Help: "GraphQL requests by operation name and outcome (ok, error: executed with errors, rejected: refused before execution).",
		}, []string{"operation", "outcome"}),
		gqlDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dipgraph_graphql_request_duration_seconds",
			Help:    "GraphQL request latency by operation name.",
			Buckets: prometheus.DefBuckets,
		}, []string{"operation"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_refusals_total",
			Help: "Requests refused by a limit or a protection, by reason (the error code the client gets).",
		}, []string{"reason"}),
		storeDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dipgraph_store_call_duration_seconds",
			Help:    "Latency of graph store calls by method and outcome.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "outcome"}),
		loaderRecords: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_loader_articles_total",
			Help: "Articles the server's loads processed, by result (loaded, unchanged, failed).",
		}, []string{"result"}),
		limiterInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "dipgraph_limiter_in_flight_requests",
			Help: "GraphQL and export requests taken in by the in-flight limit, running or waiting their turn.",
		}),
		limiterLimit: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "dipgraph_limiter_limit",
			Help: "The in-flight limit (0: none); requests past it get 503 OVERLOADED at once.",
		}),
		limiterRunning: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "dipgraph_limiter_running_requests",
			Help: "Requests taken in that are running, not waiting their turn.",
		}),
		limiterRunningLimit: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "dipgraph_limiter_running_limit",
			Help: "How many of the queries taken in run at once.",
		}),
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.httpRequests, m.httpDuration, m.httpInFlight, m.gqlRequests, m.gqlDuration,
		m.refusals, m.storeDuration, m.loaderRecords, m.limiterInFlight, m.limiterLimit,
		m.limiterRunning, m.limiterRunningLimit,
	)
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Registry is where the collectors are registered, for adding more.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// CountLoad adds the outcome of a load (the fixtures loaded at start,
// articles ingested later) to the loader counters.
func (m *Metrics) CountLoad(loaded, unchanged, failed int) {
	m.loaderRecords.WithLabelValues("loaded").Add(float64(loaded))
	m.loaderRecords.WithLabelValues("unchanged").Add(float64(unchanged))
	m.loaderRecords.WithLabelValues("failed").Add(float64(failed))
}

// CountRefusal counts one refused request.
func (m *Metrics) CountRefusal(reason string) {
	m.refusals.WithLabelValues(reason).Inc()
}

func (m *Metrics) observeHTTP(route string, code int, took time.Duration) {
	m.httpRequests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.httpDuration.WithLabelValues(route).Observe(took.Seconds())
}

func (m *Metrics) observeOperation(op *operation, took time.Duration) {
	name, outcome := op.result()
	label := m.operations.label(name)
	m.gqlRequests.WithLabelValues(label, outcome).Inc()
	m.gqlDuration.WithLabelValues(label).Observe(took.Seconds())
}

// operationLabels bounds the operation-name label: names come from
// clients, and every distinct label value is a time series kept forever.
// The first maxOperationLabels well-formed names get their own series,
// later ones share "other".
type operationLabels struct {
	mu   sync.Mutex
	seen map[string]bool
}

const maxOperationLabels = 200

var operationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

func (o *operationLabels) label(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !operationName.MatchString(name):
		return "invalid"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	if !o.seen[name] {
		if len(o.seen) >= maxOperationLabels {
			return "other"
		}
		o.seen[name] = true
	}
	return name
}

// operation is what the GraphQL layer tells the HTTP middleware about a
// request: its operation name and its outcome.
type operation struct {
	mu      sync.Mutex
	name    string
	outcome string // "" when the request never reached gqlgen's executor
}

type operationKey struct{}

func withOperation(ctx context.Context, op *operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

func operationFrom(ctx context.Context) *operation {
	op, _ := ctx.Value(operationKey{}).(*operation)
	return op
}

func (op *operation) setName(name string) {
	op.mu.Lock()
	op.name = name
	op.mu.Unlock()
}

func (op *operation) setOutcome(outcome string) {
	op.mu.Lock()
	op.outcome = outcome
	op.mu.Unlock()
}

func (op *operation) result() (name, outcome string) {
	op.mu.Lock()
	defer op.mu.Unlock()
	if op.outcome == "" {
		return op.name, "rejected" // refused by the transport: body, batching, content type
	}
	return op.name, op.outcome
}

// rejectionCodes are the codes of errors given before execution.
var rejectionCodes = map[string]bool{
	schema.CodeDepthLimit: true, schema.CodeComplexityLimit: true, schema.CodeAliasLimit: true,
	schema.CodeTooManyRootFields: true, schema.CodeTokenLimit: true, schema.CodeParseFailed: true,
	schema.CodeBadRequest: true, schema.CodeRequestTooLarge: true,
	"GRAPHQL_VALIDATION_FAILED": true, "PERSISTED_QUERY_NOT_FOUND": true,
}

// operationObserver is the gqlgen extension that fills in the request's
// operation: its name as soon as the parameters are read (so that refused
// requests are named too), the document's name once parsed, and the
// outcome from the response.
type operationObserver struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = operationObserver{}

func (operationObserver) ExtensionName() string                   { return "DipgraphOperationMetrics" }
func (operationObserver) Validate(graphql.ExecutableSchema) error { return nil }

func (operationObserver) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if op := operationFrom(ctx); op != nil {
		name := p.OperationName
		if name == "" {
			// Before parsing (the limits may refuse the document unparsed):
			// the name of the operation the document starts with.
			if m := leadingOperation.FindStringSubmatch(p.Query); m != nil {
				name = m[1]
			}
		}
		op.setName(name)
	}
	return nil
}

// leadingOperation finds the name of a document's first operation when
// only comments and blanks come before it.
var leadingOperation = regexp.MustCompile(`^(?:[\s,\x{FEFF}]|#[^\n\r]*)*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)`)

func (operationObserver) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if op := operationFrom(ctx); op != nil && oc.Operation != nil && oc.Operation.Name != "" {
		op.setName(oc.Operation.Name)
	}
	return nil
}

func (operationObserver) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	op := operationFrom(ctx)
	if op == nil {
		return resp
	}
	switch {
	case resp == nil:
		op.setOutcome("error")
	case len(resp.Errors) == 0:
		op.setOutcome("ok")
	default:
		code, _ := resp.Errors[0].Extensions["code"].(string)
		if rejectionCodes[code] && resp.Data == nil {
			op.setOutcome("rejected")
		} else {
			op.setOutcome("error")
		}
	}
	return resp
}

// storeOutcome names the class of a store error, for the store metrics.
func storeOutcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, graph.ErrNotFound):
		return "not_found"
	case errors.Is(err, graph.ErrInvalid):
		return "invalid"
	case errors.Is(err, graph.ErrConflict):
		return "conflict"
	case errors.Is(err, graph.ErrTooLarge):
		return "too_large"
	case errors.Is(err, graph.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, graph.ErrUnavailable), errors.Is(err, graph.ErrClosed):
		return "unavailable"
	}
	return "error"
}
