package faulttest

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/schema"

	neo4jstore "github.com/dipgraph/dipgraph/graph/neo4j"
)

// killTraffic is analyst reads of several shapes, sent in turn.
var killTraffic = []string{
	smallQuery,
	bigQuery,
	`{ countries(first: 5) { edges { node { id name events(first: 5) { edges { node { id type date participants { role actor { __typename } } } } } } } } }`,
	`{ search(query: "Lavrov", first: 5) { matched node { id name } } }`,
	`{ eventCounts(groupBy: [MONTH]) { keys count } }`,
	`{ stats { articles events } }`,
}

// R-4, serving side: reads at a constant 50 requests/s while the Neo4j
// server is killed (SIGKILL) and restarted. No request may take longer
// than its deadline (plus the matrix's slack), every answer is whole JSON
// with an answer or a STORE_UNAVAILABLE / TIMEOUT error (never an internal
// one), and soon after the server is back requests succeed as often as
// before the kill.
func TestQueriesThroughNeo4jKill(t *testing.T) {
	p := neo4jtest.StartPrivate(t)
	cfg := neo4jstore.DefaultConfig()
	cfg.URI, cfg.User, cfg.Password = p.URI, p.User, p.Password
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	store, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	path := corpus(t, 100)
	if rep, err := testLoader(t).Run(ctx, store, []string{path}, loader.Options{BatchSize: 50}); err != nil || rep.Loaded != 100 {
		t.Fatalf("seeding: %v (%+v)", err, rep)
	}
	opts := schema.DefaultOptions()
	opts.Timeout = queryDeadline
	logs := &lockedBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelError}))
	h := schema.NewHandler(store, opts)
	defer func() {
		if t.Failed() {
			t.Logf("server log:\n%.6000s", logs.String())
		}
	}()
	// A cold server plans each query for the first time: warm it up.
	for _, q := range killTraffic {
		var r *gqlResponse
		for range 3 {
			if r, _ = query(t, h, q); len(r.Errors) == 0 {
				break
			}
		}
		if len(r.Errors) > 0 {
			t.Fatalf("%s before the kill: %+v", q, r.Errors)
		}
	}

	// recoverWithin bounds how long after the restarted server answers the
	// traffic must be served again: a window of answers that succeed as
	// often as before the kill (a loaded machine may time some out even
	// then). A restarted server plans every query afresh and its caches are
	// cold, so the first seconds may time out.
	const rate, killAfter, recoverWithin, window = 50, 8 * time.Second, 60 * time.Second, 2 * time.Second
	var (
		mu        sync.Mutex
		answers   []answer
		wg        sync.WaitGroup
		back      time.Time // when the restarted server answered
		restarted = make(chan struct{})
		began     = time.Now()
		ticker    = time.NewTicker(time.Second / rate)
		killed    bool
		recovered time.Time
		baseline  = -1.0 // the share of successes before the kill
	)
	defer ticker.Stop()
	// successes returns the share of the requests sent in [from, to) that
	// succeeded, and their number.
	successes := func(from, to time.Time) (float64, int) {
		mu.Lock()
		defer mu.Unlock()
		n, ok := 0, 0
		for _, a := range answers {
			if !a.sent.Before(from) && a.sent.Before(to) {
				n++
				if a.code == "" {
					ok++
				}
			}
		}
		if n == 0 {
			return 0, 0
		}
		return float64(ok) / float64(n), n
	}
	// servedAgain reports whether the requests sent in the window that
	// ended a deadline ago (all answered by now) succeeded at least 90 % as
	// often as before the kill.
	servedAgain := func(now time.Time) bool {
		end := now.Add(-queryDeadline - slack)
		if end.Sub(back) < window {
			return false
		}
		share, n := successes(end.Add(-window), end)
		return n >= rate && share >= 0.9*baseline
	}
	for i := 0; ; i++ {
		now := <-ticker.C
		if !killed && now.Sub(began) >= killAfter {
			killed = true
			// Requests still in flight at the kill are not the baseline.
			baseline, _ = successes(began, now.Add(-queryDeadline-slack))
			if baseline < 0.5 {
				t.Fatalf("only %.0f%% of the requests succeeded before the kill", 100*baseline)
			}
			p.Kill(t)
			go func() {
				defer close(restarted)
				p.Restart(t)
				mu.Lock()
				back = time.Now()
				mu.Unlock()
			}()
		}
		if killed && i%rate == 0 {
			select {
			case <-restarted:
				if servedAgain(now) {
					recovered = now
				} else if now.Sub(back) > recoverWithin {
					t.Errorf("%v after the restarted server answered, requests still fail", recoverWithin)
					recovered = now
				}
			default:
			}
		}
		if !recovered.IsZero() {
			break
		}
		if now.Sub(began) > 3*time.Minute {
			t.Fatal("the restarted server did not answer within 3 minutes")
		}
		q := killTraffic[i%len(killTraffic)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, took := query(t, h, q)
			mu.Lock()
			answers = append(answers, answer{sent: now, took: took, code: r.code()})
			mu.Unlock()
		}()
	}
	wg.Wait()

	sort.Slice(answers, func(i, j int) bool { return answers[i].sent.Before(answers[j].sent) })
	codes := map[string]int{}
	var slowest time.Duration
	for _, a := range answers {
		codes[a.code]++
		slowest = max(slowest, a.took)
		if a.took > queryDeadline+slack {
			t.Errorf("a request sent %v into the run took %v, past its %v deadline", a.sent.Sub(began).Round(time.Millisecond), a.took, queryDeadline)
		}
		switch a.code {
		case "", schema.CodeStoreUnavailable, schema.CodeTimeout:
		default:
			t.Errorf("a request sent %v into the run failed with %s", a.sent.Sub(began).Round(time.Millisecond), a.code)
		}
	}
	if codes[schema.CodeStoreUnavailable]+codes[schema.CodeTimeout] == 0 {
		t.Errorf("no request failed while the server was down: did the kill happen? %v", codes)
	}
	if t.Failed() {
		logPerSecond(t, began, answers)
	}
	t.Logf("%d requests; %.0f%% succeeded before the kill; outcomes %s; slowest %v; server back %v after the kill, requests served again %v later",
		len(answers), 100*baseline, fmtCodes(codes), slowest.Round(time.Millisecond), back.Sub(began.Add(killAfter)).Round(100*time.Millisecond),
		recovered.Add(-queryDeadline-slack).Sub(back).Round(100*time.Millisecond))
}

// answer is one request's outcome.
type answer struct {
	sent time.Time
	took time.Duration
	code string
}

// logPerSecond logs the outcomes of the requests sent in each second.
func logPerSecond(t *testing.T, began time.Time, answers []answer) {
	perSecond := map[int]map[string]int{}
	for _, a := range answers {
		sec := int(a.sent.Sub(began) / time.Second)
		if perSecond[sec] == nil {
			perSecond[sec] = map[string]int{}
		}
		perSecond[sec][a.code]++
	}
	for sec := 0; sec <= int(time.Since(began)/time.Second); sec++ {
		if m := perSecond[sec]; m != nil {
			t.Logf("second %d: %s", sec, fmtCodes(m))
		}
	}
}

func fmtCodes(codes map[string]int) string {
	keys := make([]string, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := ""
	for _, k := range keys {
		name := k
		if name == "" {
			name = "ok"
		}
		out += fmt.Sprintf("%s=%d ", name, codes[k])
	}
	return out
}

type lockedBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, p...)
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}
