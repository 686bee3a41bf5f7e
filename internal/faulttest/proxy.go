// Package faulttest puts a Toxiproxy between the code under test and a
// server, so that tests can break a real connection in the ways networks
// break: latency, a black hole, resets, a stream cut after some bytes, a
// slow link, an outage.
//
// The proxy runs inside the test process (Toxiproxy's Go package, not its
// binary or its HTTP API), on a free loopback port, and is stopped when the
// test ends:
//
//	p := faulttest.Start(t, "127.0.0.1:7687")
//	cfg.URI = p.BoltURI(uri)
//	p.Add(t, faulttest.Toxic{Type: "latency", Attributes: map[string]any{"latency": 2000}})
//	...
//	p.RemoveAll()
package faulttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/rs/zerolog"
	zlog "github.com/rs/zerolog/log"
)

// Proxy is one in-process Toxiproxy proxy.
type Proxy struct {
	// Addr is the host:port clients connect to.
	Addr     string
	p        *toxiproxy.Proxy
	accepted atomic.Int64
}

// Toxic is a Toxiproxy toxic: Type is latency, timeout, reset_peer,
// limit_data, bandwidth, slicer or slow_close; Stream is "downstream"
// (server to client, the default) or "upstream" (client to server);
// Attributes are the type's (latency in ms, rate in KB/s, bytes...).
type Toxic struct {
	Name       string         `json:"name,omitempty"`
	Type       string         `json:"type"`
	Stream     string         `json:"stream,omitempty"`
	Toxicity   float32        `json:"toxicity"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// Start starts a proxy to upstream (host:port) on a free loopback port; it
// is stopped, with every connection through it closed, when t ends.
func Start(t testing.TB, upstream string) *Proxy {
	t.Helper()
	quietOnce.Do(func() {
		// Toxiproxy logs through zerolog, some toxics through its global
		// logger: keep that chatter out of test output. Info stays on for
		// the proxy's own logger, whose lines are counted, not printed.
		zerolog.SetGlobalLevel(zerolog.InfoLevel)
		zlog.Logger = zerolog.Nop()
	})
	px := &Proxy{}
	logger := zerolog.New(io.Discard).Hook(zerolog.HookFunc(func(_ *zerolog.Event, _ zerolog.Level, msg string) {
		if msg == "Accepted client" {
			px.accepted.Add(1)
		}
	}))
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), logger)
	px.p = toxiproxy.NewProxy(srv, "faulttest", "127.0.0.1:0", upstream)
	if err := px.p.Start(); err != nil {
		t.Fatalf("faulttest: starting the proxy to %s: %v", upstream, err)
	}
	t.Cleanup(px.p.Stop)
	px.Addr = px.p.Listen
	return px
}

var quietOnce sync.Once

// Accepted is the number of connections the proxy has accepted: a test can
// tell from it that a fault made its client reconnect.
func (p *Proxy) Accepted() int { return int(p.accepted.Load()) }

// StartFor starts a proxy to the Bolt server of uri (bolt://, neo4j://,
// with or without +s/+ssc).
func StartFor(t testing.TB, uri string) *Proxy {
	t.Helper()
	host, err := boltHost(uri)
	if err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	return Start(t, host)
}

func boltHost(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("Neo4j URI %q: %v", uri, err)
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "7687"), nil
	}
	return u.Host, nil
}

// BoltURI returns the URI that reaches the server of uri through the proxy.
// It is always a direct bolt URI: with neo4j:// the driver would follow the
// routing table to the server's own address, around the proxy. TLS is kept
// without the certificate check (the proxy's address is not the
// certificate's).
func (p *Proxy) BoltURI(uri string) string {
	scheme := "bolt"
	if i := strings.Index(uri, "://"); i > 0 && strings.Contains(uri[:i], "+s") {
		scheme = "bolt+ssc"
	}
	return scheme + "://" + p.Addr
}

// Add, Remove and Enable report failures with t.Errorf, not t.Fatalf: tests
// call them from the goroutines of the code under test (a loader's progress
// callback, a timer).

// Add adds a toxic to every connection, open or new. Its name defaults to
// type_stream; the stream to downstream; a zero toxicity means 1 (always).
func (p *Proxy) Add(t testing.TB, tx Toxic) string {
	t.Helper()
	if tx.Stream == "" {
		tx.Stream = "downstream"
	}
	if tx.Toxicity == 0 {
		tx.Toxicity = 1
	}
	if tx.Name == "" {
		tx.Name = tx.Type + "_" + tx.Stream
	}
	body, err := json.Marshal(tx)
	if err != nil {
		t.Errorf("faulttest: %v", err)
		return tx.Name
	}
	if _, err := p.p.Toxics.AddToxicJson(bytes.NewReader(body)); err != nil {
		t.Errorf("faulttest: adding toxic %s: %v", body, err)
	}
	return tx.Name
}

// Remove removes a toxic by name; data it held back flows on (a black
// hole's is lost).
func (p *Proxy) Remove(t testing.TB, name string) {
	t.Helper()
	if err := p.p.Toxics.RemoveToxic(context.Background(), name); err != nil {
		t.Errorf("faulttest: removing toxic %s: %v", name, err)
	}
}

// RemoveAll removes every toxic.
func (p *Proxy) RemoveAll() { p.p.Toxics.ResetToxics(context.Background()) }

// Disable takes the proxy down: every connection through it is closed and
// new ones are refused, as when the server is down.
func (p *Proxy) Disable() { p.p.Stop() }

// Enable brings the proxy back up on the same address.
func (p *Proxy) Enable(t testing.TB) {
	t.Helper()
	if err := p.p.Start(); err != nil && err != toxiproxy.ErrProxyAlreadyStarted {
		t.Errorf("faulttest: restarting the proxy on %s: %v", p.Addr, err)
	}
}
