package server

import (
	"net/http"
	"runtime"
	"time"
)

// DefaultMaxInFlight is how many GraphQL and export requests the server
// takes in at once by default; more are refused at once.
const DefaultMaxInFlight = 64

// DefaultMaxRunning is how many of the queries taken in run at once by
// default, the others waiting their turn: twice the cores, which keeps
// them busy while a query waits for its data, and no more, since every
// query beyond that only slows the others down.
func DefaultMaxRunning() int { return 2 * runtime.GOMAXPROCS(0) }

// inFlightLimiter takes in at most cap(admitted) requests, all routes it
// wraps together, and refuses any more at once with 503 OVERLOADED and
// Retry-After (RELIABILITY.md R-7). Of the queries taken in, at most
// cap(running) run; the others wait their turn, in order, costing
// nothing but their memory.
//
// Two bounds, because one cannot do both jobs. Thirty-two analysts'
// clients asking as fast as they are answered must all be answered, each
// in its turn; a server past its capacity must say so at once, not after
// its cores have worked through the queue ahead: with 64 queries running
// on two cores, a refusal waited half a second for a core to be written.
type inFlightLimiter struct {
	m        *Metrics
	admitted chan struct{}
	running  chan struct{} // nil: all admitted run
	// maxWait bounds a query's wait for its turn (the query timeout,
	// which starts once it runs): one that waited that long is refused.
	maxWait time.Duration
}

// newInFlightLimiter returns a limiter taking in limit requests and
// running at most running of the queries, each waiting at most maxWait;
// nil (no limit) when limit ≤ 0. running ≤ 0 or ≥ limit runs all it takes
// in.
func newInFlightLimiter(m *Metrics, limit, running int, maxWait time.Duration) *inFlightLimiter {
	if limit <= 0 {
		return nil
	}
	m.limiterLimit.Set(float64(limit))
	l := &inFlightLimiter{m: m, admitted: make(chan struct{}, limit), maxWait: maxWait}
	if running > 0 && running < limit {
		l.running = make(chan struct{}, running)
		m.limiterRunningLimit.Set(float64(running))
	} else {
		m.limiterRunningLimit.Set(float64(limit))
	}
	return l
}

// wrap bounds a route's requests; queue says whether they wait for a
// running slot too. An export streams for as long as the client reads
// and would hold a slot the queries need: it is only taken in.
func (l *inFlightLimiter) wrap(next http.Handler, queue bool) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case l.admitted <- struct{}{}:
		default:
			l.refuse(w)
			return
		}
		l.m.limiterInFlight.Inc()
		defer func() {
			l.m.limiterInFlight.Dec()
			<-l.admitted
		}()
		if queue && l.running != nil {
			select {
			case l.running <- struct{}{}:
			default:
				t := time.NewTimer(l.maxWait)
				select {
				case l.running <- struct{}{}:
					t.Stop()
				case <-t.C:
					l.refuse(w)
					return
				case <-r.Context().Done():
					t.Stop()
					return // the client has gone
				}
			}
			defer func() { <-l.running }()
		}
		l.m.limiterRunning.Inc()
		defer l.m.limiterRunning.Dec()
		next.ServeHTTP(w, r)
	})
}

func (l *inFlightLimiter) refuse(w http.ResponseWriter) {
	l.m.CountRefusal("OVERLOADED")
	w.Header().Set("Retry-After", "1")
	writeError(w, http.StatusServiceUnavailable, "OVERLOADED", "the server is busy: try again in a moment", "")
}
