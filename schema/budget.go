package schema

import (
	"context"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/time/rate"
)

// CodeRateLimited refuses an operation whose caller has spent its cost
// budget (RELIABILITY.md G-15); the response has HTTP status 429 and a
// Retry-After header.
const CodeRateLimited = "RATE_LIMITED"

// maxBudgetCallers bounds the callers whose budgets are remembered: a
// flood of addresses evicts the least recently seen budget (which then
// starts full again) instead of growing the map without end.
const maxBudgetCallers = 10000

// costBudget charges every operation its complexity (the same per-field
// costs that MaxComplexity bounds) against its caller's budget of
// CostPerMinute points, refilled continuously. The budget is counted in
// points, not requests, so that aliases cannot get around it: a request
// selecting a field fifty times costs fifty times as much. It runs once
// the complexity is known and before the response cache, so that cached
// answers are charged too. A caller is its API key, or its network
// address when it sends none.
type costBudget struct {
	perMinute int
	onRefusal func(string)
	now       func() time.Time

	mu      sync.Mutex
	callers *lru.Cache[string, *rate.Limiter]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*costBudget)(nil)

func newCostBudget(perMinute int, onRefusal func(string)) *costBudget {
	callers, _ := lru.New[string, *rate.Limiter](maxBudgetCallers)
	return &costBudget{perMinute: perMinute, onRefusal: onRefusal, now: time.Now, callers: callers}
}

func (*costBudget) ExtensionName() string                   { return "CostBudget" }
func (*costBudget) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (b *costBudget) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	stats, _ := oc.Stats.GetExtension(complexityExtensionName).(*extension.ComplexityStats)
	if stats == nil {
		return nil
	}
	cost := max(stats.Complexity, 1)
	c, _ := ctx.Value(callerKey{}).(caller)
	limiter := b.limiter(c.id)
	now := b.now()
	if cost > b.perMinute {
		return b.refuse(ctx, 0, "the operation costs %d points, more than the %d points a minute this server allows a caller", cost, b.perMinute)
	}
	r := limiter.ReserveN(now, cost)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return b.refuse(ctx, d, "the operation costs %d points and this caller's budget of %d points a minute is spent", cost, b.perMinute)
	}
	return nil
}

// complexityExtensionName is the name gqlgen's ComplexityLimit files its
// statistics under.
const complexityExtensionName = "ComplexityLimit"

func (b *costBudget) limiter(id string) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	l, ok := b.callers.Get(id)
	if !ok {
		l = rate.NewLimiter(rate.Limit(float64(b.perMinute)/60), b.perMinute)
		b.callers.Add(id, l)
	}
	return l
}

// refuse answers RATE_LIMITED; wait, when known, becomes the Retry-After
// header (whole seconds, rounded up) and extensions.retryAfter.
func (b *costBudget) refuse(ctx context.Context, wait time.Duration, format string, args ...any) *gqlerror.Error {
	if b.onRefusal != nil {
		b.onRefusal(CodeRateLimited)
	}
	err := userError(CodeRateLimited, format, args...)
	if wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		err.Extensions["retryAfter"] = secs
		if h, ok := ctx.Value(responseHeaderKey{}).(http.Header); ok {
			h.Set("Retry-After", strconv.Itoa(secs))
		}
	}
	return err
}

// responseHeaderKey holds the response's http.Header in a request's
// context, for extensions that answer with a header.
type responseHeaderKey struct{}

// callerID names a caller for its budget: the digest index of a valid
// key, else the address the request came from.
func callerID(r *http.Request, keyIndex int) string {
	if keyIndex >= 0 {
		return "key:" + strconv.Itoa(keyIndex)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "addr:" + host
}
