package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/gen"
)

// Config is one soak run.
type Config struct {
	// URL is the server's base URL; it must be on a loopback address.
	URL string
	// Key is an API key with the write role.
	Key      string
	Clients  int
	Duration time.Duration
	// Warmup is the start of the run whose latencies are left out and whose
	// end is the reference for the growth checks.
	Warmup time.Duration
	// Rate, when positive, is the total requests per second the clients
	// share (an open model: a request waits for its tick, not for the one
	// before). Zero: each client sends its next request when the last one
	// is answered.
	Rate float64
	// WriteShare is the share of requests that are ingestArticles.
	WriteShare float64
	// Batch articles per ingestArticles; Pool distinct articles cycled
	// through, each pass with a changed text, so that every ingest after
	// the first pass replaces an article and the graph stays the same size.
	Batch, Pool int
	// ArticleSeed is the generator's seed of the ingested articles (their
	// ids are gen-<seed>-<i>: choose one that the loaded corpus does not use).
	ArticleSeed int64
	// Sample is how often /metrics is read.
	Sample time.Duration
	// MaxGrowth bounds goroutines and RSS at the end over their value after
	// the warm-up (1.1: 10 %).
	MaxGrowth float64
	// SkipRSS leaves RSS out of the growth check: for a server in the
	// soak's own process, whose RSS holds the clients' memory (and, in a
	// race build, the detector's), not the server's alone.
	SkipRSS bool
	// MaxErrorRate bounds the share of requests answered with a GraphQL
	// error.
	MaxErrorRate float64
	// MaxReadP99, when positive, bounds the 99th percentile latency of the
	// reads after the warm-up (RELIABILITY.md R-6: 300 ms at 50 req/s).
	MaxReadP99 time.Duration
	// RequestTimeout bounds one request on the client side.
	RequestTimeout time.Duration
	// Progress, when set, receives a line every ten samples.
	Progress io.Writer
}

// DefaultConfig is the 5-minute soak of issue 6.
func DefaultConfig() Config {
	return Config{Clients: 32, Duration: 5 * time.Minute, Warmup: 30 * time.Second, WriteShare: 0.1, Batch: 4, Pool: 400,
		ArticleSeed: 7, Sample: time.Second, MaxGrowth: 1.10, MaxErrorRate: 0.001, RequestTimeout: 30 * time.Second}
}

// Sample is one reading of the server's /metrics.
type Sample struct {
	At         time.Duration
	Goroutines float64
	RSS        float64
}

// KindStats are the measurements of one kind of request after the warm-up.
type KindStats struct {
	Kind          string
	Count         int
	P50, P99, Max time.Duration
}

// Report is what a run measured and what it found wrong.
type Report struct {
	Config          Config
	Elapsed         time.Duration
	Requests        int // all, warm-up included
	Measured        int // after the warm-up
	Kinds           []KindStats
	Status          map[int]int    // HTTP status → requests
	Codes           map[string]int // extensions.code of GraphQL errors and failed ingests → count
	TransportErrors map[string]int
	ErrorResponses  int // requests answered with a GraphQL error other than NOT_FOUND
	MissedTicks     int // Rate only: ticks with no client free to send
	Loaded          int // articles ingested (LOADED, replacements included)
	Unchanged       int
	Articles        int // distinct articles ingested
	Missing         []string
	// ReadP99 is the 99th percentile latency of every read after the warm-up.
	ReadP99 time.Duration
	Samples []Sample
	// Goroutines with no request in flight and every client's connection
	// open: right after the warm-up and at the end. Counted under load
	// they would measure the requests in flight, not a leak.
	WarmGoroutines float64
	EndGoroutines  float64
	WarmRSS        float64
	EndRSS         float64
	Failures       []string
}

// OK reports whether every check passed.
func (r *Report) OK() bool { return len(r.Failures) == 0 }

type result struct {
	kind    string
	at      time.Duration // since the start, when sent
	took    time.Duration
	status  int
	codes   []string
	errResp bool
	netErr  string
}

type runner struct {
	cfg    Config
	client *http.Client
	query  string // the /query URL
	start  time.Time
	pool   []map[string]any
	cursor atomic.Int64
	// gate lets the clients send (read-locked per request) until the
	// goroutines are counted with no request in flight (locked).
	gate    sync.RWMutex
	mu      sync.Mutex
	results []result
	loaded  map[string]bool
	report  *Report
}

// CheckLoopback refuses a URL whose host is not a loopback address: the
// soak is for a server on this machine.
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: want http://127.0.0.1:PORT", raw)
	}
	ips, err := net.LookupIP(u.Hostname())
	if err != nil {
		return fmt.Errorf("%q: %v", raw, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("%q resolves to %s, which is not a loopback address", raw, ip)
		}
	}
	return nil
}

// Run soaks the server at cfg.URL and returns what it measured; the error
// is for a run that could not be made at all.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := CheckLoopback(cfg.URL); err != nil {
		return nil, err
	}
	if cfg.Clients < 1 || cfg.Duration <= cfg.Warmup || cfg.Batch < 1 || cfg.Pool < cfg.Batch || cfg.Sample <= 0 {
		return nil, fmt.Errorf("need clients ≥ 1, duration > warmup, 1 ≤ batch ≤ pool and a sampling interval")
	}
	pool, err := articles(cfg.ArticleSeed, cfg.Pool)
	if err != nil {
		return nil, err
	}
	r := &runner{
		cfg: cfg,
		client: &http.Client{Timeout: cfg.RequestTimeout, Transport: &http.Transport{
			Proxy: nil, MaxIdleConns: cfg.Clients * 2, MaxIdleConnsPerHost: cfg.Clients * 2, DisableCompression: true,
			DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		}},
		query:  strings.TrimRight(cfg.URL, "/") + "/query",
		pool:   pool,
		loaded: map[string]bool{},
		report: &Report{Config: cfg, Status: map[int]int{}, Codes: map[string]int{}, TransportErrors: map[string]int{}},
	}
	defer r.client.CloseIdleConnections()
	if _, err := r.sample(ctx); err != nil {
		return nil, fmt.Errorf("reading %s/metrics: %w", cfg.URL, err)
	}
	r.run(ctx)
	r.checkArticles(ctx)
	r.summarize()
	return r.report, nil
}

// articles generates the pool of articles to ingest.
func articles(seed int64, n int) ([]map[string]any, error) {
	d, err := dict.Load()
	if err != nil {
		return nil, err
	}
	g, err := gen.New(d)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, n)
	var line []byte
	for i := range out {
		line = g.AppendArticle(line[:0], seed, i)
		if err := json.Unmarshal(line, &out[i]); err != nil {
			return nil, fmt.Errorf("generated article %d: %w", i, err)
		}
	}
	return out, nil
}

func (r *runner) run(parent context.Context) {
	ctx, cancel := context.WithTimeout(parent, r.cfg.Duration)
	defer cancel()
	r.start = time.Now()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.sampleUntil(ctx)
	}()
	var ticks chan struct{}
	if r.cfg.Rate > 0 {
		ticks = make(chan struct{}, r.cfg.Clients)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.tick(ctx, ticks)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			return
		case <-time.After(r.cfg.Warmup):
		}
		r.gate.Lock()
		r.report.WarmGoroutines = r.idleGoroutines(ctx)
		r.gate.Unlock()
	}()
	for c := 0; c < r.cfg.Clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), uint64(r.cfg.ArticleSeed)))
			for ctx.Err() == nil {
				if ticks != nil {
					select {
					case <-ticks:
					case <-ctx.Done():
						return
					}
				}
				// The requests in flight at the end finish (within the
				// request timeout): cut off, they would close their
				// connections and the goroutine counts would differ by that.
				r.gate.RLock()
				res := r.one(parent, rng)
				r.gate.RUnlock()
				r.mu.Lock()
				r.results = append(r.results, res)
				r.mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.report.Elapsed = time.Since(r.start)
	r.report.EndGoroutines = r.idleGoroutines(context.Background())
}

// goroutinesGrew tells whether end goroutines are more than maxGrowth times
// warm. Goroutines come whole: 10 % of the nine a quiet server runs is
// under one, and a bound of none fails a server whose runtime or driver
// starts its one background goroutine after the warm-up (seen once on
// Neo4j: 8, then 9). A leak grows with the requests, thousands of them,
// and still fails (TestSoakFindsLeakedGoroutines).
func goroutinesGrew(warm, end, maxGrowth float64) bool {
	return end > math.Ceil(maxGrowth*warm)
}

// idleGoroutines counts the server's goroutines once the requests just
// answered have left nothing running (a dataloader's wait, a timer), with
// the clients' connections closed: each open connection holds a server
// goroutine, and how many a run has open depends on its peak concurrency
// (at a constant rate, on the slowest answers so far), not on a leak.
// The count is the smallest of several samples over two seconds: the
// runtime counts its finalizer and cleanup goroutines while they run, and a
// closed connection's goroutine takes a moment to notice, so one sample can
// be one or two high. A leaked goroutine stays in every sample.
func (r *runner) idleGoroutines(ctx context.Context) float64 {
	r.client.CloseIdleConnections()
	least := 0.0
	wait := time.Second
	for range idleSamples {
		select {
		case <-ctx.Done():
			return 0
		case <-time.After(wait):
		}
		wait = idleSampleEvery
		s, err := r.sample(context.WithoutCancel(ctx))
		if err != nil {
			continue
		}
		if least == 0 || s.Goroutines < least {
			least = s.Goroutines
		}
	}
	return least
}

const (
	idleSamples     = 9
	idleSampleEvery = 250 * time.Millisecond
)

// tick hands out one request every 1/Rate seconds; a tick no client is
// free to take is counted, not queued.
func (r *runner) tick(ctx context.Context, ticks chan<- struct{}) {
	t := time.NewTicker(time.Duration(float64(time.Second) / r.cfg.Rate))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			select {
			case ticks <- struct{}{}:
			default:
				r.mu.Lock()
				r.report.MissedTicks++
				r.mu.Unlock()
			}
		}
	}
}

// one sends a read or an ingest.
func (r *runner) one(ctx context.Context, rng *rand.Rand) result {
	if rng.Float64() < r.cfg.WriteShare {
		return r.ingest(ctx)
	}
	q := reads[rng.IntN(len(reads))]
	res, _ := r.post(ctx, q.kind, q.query, q.vars(rng))
	return res
}

// ingest sends the next Batch articles of the pool; pass k > 0 of the
// pool changes each text, so the article is replaced.
func (r *runner) ingest(ctx context.Context) result {
	n := int64(r.cfg.Batch)
	first := r.cursor.Add(n) - n
	batch := make([]map[string]any, 0, n)
	for i := first; i < first+n; i++ {
		a := r.pool[i%int64(len(r.pool))]
		if pass := i / int64(len(r.pool)); pass > 0 {
			c := make(map[string]any, len(a))
			for k, v := range a {
				c[k] = v
			}
			c["text"] = fmt.Sprintf("%s\n\nUpdated (revision %d).", a["text"], pass)
			a = c
		}
		batch = append(batch, a)
	}
	res, data := r.post(ctx, "ingest", ingestQuery, map[string]any{"as": batch})
	var out struct {
		IngestArticles []struct {
			ID     *string
			Status string
			Code   *string
		}
	}
	if data != nil && json.Unmarshal(data, &out) == nil {
		r.mu.Lock()
		for _, a := range out.IngestArticles {
			switch {
			case a.Status == "LOADED" && a.ID != nil:
				r.report.Loaded++
				r.loaded[*a.ID] = true
			case a.Status == "UNCHANGED" && a.ID != nil:
				r.report.Unchanged++
				r.loaded[*a.ID] = true
			default:
				code := "FAILED"
				if a.Code != nil {
					code = "ingest:" + *a.Code
				}
				res.codes = append(res.codes, code)
			}
		}
		r.mu.Unlock()
	}
	return res
}

// post sends one GraphQL request and returns its result and its data.
func (r *runner) post(ctx context.Context, kind, query string, vars map[string]any) (result, json.RawMessage) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res := result{kind: kind}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.query, bytes.NewReader(body))
	if err != nil {
		res.netErr = err.Error()
		return res, nil
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+r.cfg.Key)
	t0 := time.Now()
	res.at = t0.Sub(r.start)
	resp, err := r.client.Do(req)
	if err != nil {
		res.took = time.Since(t0)
		res.netErr = netErrorClass(err)
		return res, nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	res.took = time.Since(t0)
	res.status = resp.StatusCode
	if err != nil {
		res.netErr = netErrorClass(err)
		return res, nil
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		res.codes = append(res.codes, "NOT_JSON")
		res.errResp = true
		return res, nil
	}
	for _, e := range out.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = "NO_CODE"
		}
		res.codes = append(res.codes, code)
	}
	// NOT_FOUND is an answer (path: "an end does not exist" in a small
	// graph), not a failure of the server.
	res.errResp = slices.ContainsFunc(res.codes, func(c string) bool { return c != "NOT_FOUND" })
	return res, out.Data
}

// netErrorClass names a transport error without its addresses.
func netErrorClass(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	case strings.Contains(err.Error(), "connection reset"):
		return "connection reset"
	}
	return "other"
}

// sampleUntil reads /metrics every Sample until ctx ends.
func (r *runner) sampleUntil(ctx context.Context) {
	t := time.NewTicker(r.cfg.Sample)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s, err := r.sample(context.WithoutCancel(ctx))
			if err != nil {
				r.mu.Lock()
				r.report.TransportErrors["metrics: "+netErrorClass(err)]++
				r.mu.Unlock()
				continue
			}
			r.mu.Lock()
			r.report.Samples = append(r.report.Samples, s)
			n := len(r.report.Samples)
			done := len(r.results)
			r.mu.Unlock()
			if r.cfg.Progress != nil && n%10 == 0 {
				fmt.Fprintf(r.cfg.Progress, "soak: %6.0fs  %d requests  goroutines %.0f  rss %.1f MiB\n",
					s.At.Seconds(), done, s.Goroutines, s.RSS/(1<<20))
			}
		}
	}
}

// sample reads the server's goroutines and resident memory.
func (r *runner) sample(ctx context.Context) (Sample, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(r.cfg.URL, "/")+"/metrics", nil)
	if err != nil {
		return Sample{}, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return Sample{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Sample{}, fmt.Errorf("/metrics: HTTP %d", resp.StatusCode)
	}
	s := Sample{At: time.Since(r.start)}
	found := 0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		switch name {
		case "go_goroutines":
			s.Goroutines, err = strconv.ParseFloat(value, 64)
		case "process_resident_memory_bytes":
			s.RSS, err = strconv.ParseFloat(value, 64)
		default:
			continue
		}
		if err != nil {
			return Sample{}, fmt.Errorf("/metrics %s: %w", name, err)
		}
		found++
	}
	if found != 2 {
		return Sample{}, fmt.Errorf("/metrics has no go_goroutines or process_resident_memory_bytes")
	}
	return s, sc.Err()
}

// checkArticles asks for every article ingested, 100 at a time.
func (r *runner) checkArticles(ctx context.Context) {
	ids := make([]string, 0, len(r.loaded))
	for id := range r.loaded {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	r.report.Articles = len(ids)
	for len(ids) > 0 {
		chunk := ids[:min(100, len(ids))]
		ids = ids[len(chunk):]
		global := make([]string, len(chunk))
		for i, id := range chunk {
			global[i] = "Article:" + id
		}
		res, data := r.post(ctx, "check", checkQuery, map[string]any{"ids": global})
		var out struct {
			Nodes []*struct{ ID string }
		}
		if res.netErr != "" || res.errResp || json.Unmarshal(data, &out) != nil || len(out.Nodes) != len(chunk) {
			r.report.Failures = append(r.report.Failures, fmt.Sprintf("asking for ingested articles: HTTP %d %v %s", res.status, res.codes, res.netErr))
			return
		}
		for i, n := range out.Nodes {
			if n == nil {
				r.report.Missing = append(r.report.Missing, chunk[i])
			}
		}
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// window is the median of the samples taken in [from, to).
func window(samples []Sample, from, to time.Duration, f func(Sample) float64) float64 {
	var vs []float64
	for _, s := range samples {
		if s.At >= from && s.At < to {
			vs = append(vs, f(s))
		}
	}
	if len(vs) == 0 {
		return 0
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

func (r *runner) summarize() {
	rep, cfg := r.report, r.cfg
	byKind := map[string][]time.Duration{}
	for _, res := range r.results {
		rep.Requests++
		if res.netErr != "" {
			rep.TransportErrors[res.netErr]++
		} else {
			rep.Status[res.status]++
		}
		for _, c := range res.codes {
			rep.Codes[c]++
		}
		if res.errResp {
			rep.ErrorResponses++
		}
		if res.at >= cfg.Warmup && res.netErr == "" {
			rep.Measured++
			byKind[res.kind] = append(byKind[res.kind], res.took)
		}
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var all, reads []time.Duration
	for _, k := range kinds {
		ds := byKind[k]
		all = append(all, ds...)
		if k != "ingest" {
			reads = append(reads, ds...)
		}
		slices.Sort(ds)
		rep.Kinds = append(rep.Kinds, KindStats{k, len(ds), percentile(ds, 0.5), percentile(ds, 0.99), ds[len(ds)-1]})
	}
	slices.Sort(all)
	if len(all) > 0 {
		rep.Kinds = append(rep.Kinds, KindStats{"all", len(all), percentile(all, 0.5), percentile(all, 0.99), all[len(all)-1]})
	}

	// RSS: the median of the samples of a window just after the warm-up
	// against that of the last window, so that one sample taken while many
	// requests were in flight decides nothing.
	w := min(30*time.Second, (cfg.Duration-cfg.Warmup)/5)
	rss := func(s Sample) float64 { return s.RSS }
	end := rep.Elapsed
	rep.WarmRSS, rep.EndRSS = window(rep.Samples, cfg.Warmup, cfg.Warmup+w, rss), window(rep.Samples, end-w, end+time.Second, rss)

	fail := func(format string, args ...any) { rep.Failures = append(rep.Failures, fmt.Sprintf(format, args...)) }
	if len(reads) > 0 {
		slices.Sort(reads)
		rep.ReadP99 = percentile(reads, 0.99)
		if cfg.MaxReadP99 > 0 && rep.ReadP99 > cfg.MaxReadP99 {
			fail("the reads' p99 after the warm-up is %v (at most %v)", rep.ReadP99.Round(time.Millisecond), cfg.MaxReadP99)
		}
	}
	for status, n := range rep.Status {
		if status >= 500 {
			fail("%d responses with HTTP %d", n, status)
		}
	}
	for class, n := range rep.TransportErrors {
		fail("%d transport errors: %s", n, class)
	}
	if rep.Requests == 0 {
		fail("no request was answered")
	} else if rate := float64(rep.ErrorResponses) / float64(rep.Requests); rate > cfg.MaxErrorRate {
		fail("%.3f%% of the requests were answered with an error (at most %.3f%%)", 100*rate, 100*cfg.MaxErrorRate)
	}
	if rep.Articles == 0 && cfg.WriteShare > 0 {
		fail("no article was ingested")
	}
	if len(rep.Missing) > 0 {
		fail("%d of %d ingested articles cannot be found, e.g. %s", len(rep.Missing), rep.Articles, rep.Missing[0])
	}
	if rep.WarmGoroutines == 0 || rep.EndGoroutines == 0 || rep.WarmRSS == 0 || rep.EndRSS == 0 {
		fail("too few /metrics samples to compare (%d)", len(rep.Samples))
	} else {
		if goroutinesGrew(rep.WarmGoroutines, rep.EndGoroutines, cfg.MaxGrowth) {
			fail("goroutines grew from %.0f after the warm-up to %.0f at the end (at most ×%.2f)", rep.WarmGoroutines, rep.EndGoroutines, cfg.MaxGrowth)
		}
		if !cfg.SkipRSS && rep.EndRSS > cfg.MaxGrowth*rep.WarmRSS {
			fail("RSS grew from %.1f MiB after the warm-up to %.1f MiB at the end (at most ×%.2f)", rep.WarmRSS/(1<<20), rep.EndRSS/(1<<20), cfg.MaxGrowth)
		}
	}
	sort.Strings(rep.Failures)
}

// Print writes the report for people.
func (rep *Report) Print(w io.Writer) {
	cfg := rep.Config
	mode := "closed loop"
	if cfg.Rate > 0 {
		mode = fmt.Sprintf("%.0f req/s", cfg.Rate)
	}
	measured := rep.Elapsed - cfg.Warmup
	fmt.Fprintf(w, "soak: %d clients, %s, %v (warm-up %v), %.0f%% ingestArticles of %d articles\n",
		cfg.Clients, mode, rep.Elapsed.Round(time.Second), cfg.Warmup, 100*cfg.WriteShare, cfg.Batch)
	fmt.Fprintf(w, "requests: %d (%d after the warm-up, %.1f/s); reads' p99 %v\n", rep.Requests, rep.Measured,
		float64(rep.Measured)/measured.Seconds(), rep.ReadP99.Round(100*time.Microsecond))
	if cfg.Rate > 0 {
		fmt.Fprintf(w, "ticks no client was free for: %d\n", rep.MissedTicks)
	}
	fmt.Fprintf(w, "\n| kind | requests | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |\n")
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
	for _, k := range rep.Kinds {
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s |\n", k.Kind, k.Count, ms(k.P50), ms(k.P99), ms(k.Max))
	}
	fmt.Fprintf(w, "\nHTTP status: %v; transport errors: %v\n", rep.Status, rep.TransportErrors)
	fmt.Fprintf(w, "error codes: %v (%d responses with errors)\n", rep.Codes, rep.ErrorResponses)
	fmt.Fprintf(w, "ingest: %d loaded, %d unchanged, %d distinct articles, %d not found afterwards\n", rep.Loaded, rep.Unchanged, rep.Articles, len(rep.Missing))
	fmt.Fprintf(w, "goroutines with no request in flight: %.0f after the warm-up, %.0f at the end; RSS (median of a window): %.1f MiB after the warm-up, %.1f MiB at the end (%d samples)\n",
		rep.WarmGoroutines, rep.EndGoroutines, rep.WarmRSS/(1<<20), rep.EndRSS/(1<<20), len(rep.Samples))
	if rep.OK() {
		fmt.Fprintln(w, "PASS")
		return
	}
	for _, f := range rep.Failures {
		fmt.Fprintln(w, "FAIL:", f)
	}
}
