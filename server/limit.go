package server

import (
	"net/http"
	"time"
)

// DefaultMaxInFlight is how many GraphQL and export requests are served
// at once by default; more wait up to limiterWait, then are refused.
const DefaultMaxInFlight = 64

// limiterWait is how long a request may wait for a free slot: enough to
// ride out a burst, far below any deadline a client would wait for.
const limiterWait = 20 * time.Millisecond

// inFlightLimiter keeps at most cap(slots) requests in the handlers it
// wraps, all of them together. One that finds no slot free within
// limiterWait is refused at once with 503 OVERLOADED and Retry-After
// (RELIABILITY.md R-7): a server past its capacity that queued every
// request would answer none of them in time, and after a restarted store
// it would spend its capacity on work whose callers have already given up.
type inFlightLimiter struct {
	m     *Metrics
	slots chan struct{}
}

// newInFlightLimiter returns a limiter of limit requests; nil (no limit)
// when limit ≤ 0.
func newInFlightLimiter(m *Metrics, limit int) *inFlightLimiter {
	if limit <= 0 {
		return nil
	}
	m.limiterLimit.Set(float64(limit))
	return &inFlightLimiter{m: m, slots: make(chan struct{}, limit)}
}

func (l *inFlightLimiter) wrap(next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case l.slots <- struct{}{}:
		default:
			t := time.NewTimer(limiterWait)
			select {
			case l.slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				l.m.CountRefusal("OVERLOADED")
				w.Header().Set("Retry-After", "1")
				writeError(w, http.StatusServiceUnavailable, "OVERLOADED", "the server is busy: try again in a moment", "")
				return
			case <-r.Context().Done():
				t.Stop()
				return // the client has gone
			}
		}
		l.m.limiterInFlight.Inc()
		defer func() {
			l.m.limiterInFlight.Dec()
			<-l.slots
		}()
		next.ServeHTTP(w, r)
	})
}
