package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/schema"
)

// G-17: every timeout of the http.Server is set, ReadHeaderTimeout within
// 10 s, and a response may take longer to write than a GraphQL request
// may run.
func TestHTTPServerTimeouts(t *testing.T) {
	srv := HTTPServer(":0", http.NotFoundHandler(), nil)
	if srv.ReadHeaderTimeout <= 0 || srv.ReadHeaderTimeout > 10*time.Second {
		t.Errorf("ReadHeaderTimeout %v", srv.ReadHeaderTimeout)
	}
	for name, d := range map[string]time.Duration{"ReadTimeout": srv.ReadTimeout, "WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout} {
		if d <= 0 {
			t.Errorf("%s is not set", name)
		}
	}
	if srv.WriteTimeout <= schema.DefaultOptions().Timeout {
		t.Errorf("WriteTimeout %v cuts GraphQL requests allowed %v", srv.WriteTimeout, schema.DefaultOptions().Timeout)
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes %d", srv.MaxHeaderBytes)
	}
}

// slowStore makes CountArticles take a while, and says when a call starts.
type slowStore struct {
	graph.Store
	delay   time.Duration
	started chan struct{}
}

func (s *slowStore) CountArticles(ctx context.Context, f graph.ArticleFilter) (int, error) {
	select {
	case s.started <- struct{}{}:
	default:
	}
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return s.Store.CountArticles(ctx, f)
}

// serving runs Serve on a loopback port until the returned cancel.
func serving(t *testing.T, h http.Handler, opts ServeOptions) (addr string, cancel func(), done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- Serve(ctx, HTTPServer(ln.Addr().String(), h, nil), ln, opts)
		close(errc) // the test may have read the result; the cleanup then reads the close
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-errc:
		case <-time.After(30 * time.Second):
		}
	})
	return ln.Addr().String(), cancel, errc
}

// at shutdown the requests in flight finish, new connections are
// refused at once, readiness turns off first, and Serve returns within the
// shutdown timeout.
func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	store := &slowStore{Store: memStore(t, graphtest.Corpus()...), delay: 1500 * time.Millisecond, started: make(chan struct{}, 1)}
	srv, err := New(store, Options{})
	if err != nil {
		t.Fatal(err)
	}
	drained := make(chan struct{})
	addr, cancel, done := serving(t, srv, ServeOptions{ShutdownTimeout: 10 * time.Second, OnShutdown: func() { srv.Drain(); close(drained) }})

	type result struct {
		status int
		body   string
		err    error
	}
	inflight := make(chan result, 1)
	go func() {
		resp, err := http.Post("http://"+addr+"/query", "application/json", strings.NewReader(`{"query":"{ articles { totalCount } }"}`))
		if err != nil {
			inflight <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		inflight <- result{status: resp.StatusCode, body: string(b)}
	}()
	select {
	case <-store.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the slow request never reached the store")
	}
	shutdownAt := time.Now()
	cancel()
	<-drained
	// The listener closes at once: new connections are refused.
	deadline := time.Now().Add(time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("new connections are still accepted 1 s after shutdown began")
		}
		time.Sleep(20 * time.Millisecond)
	}
	r := <-inflight
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, `"totalCount":5`) {
		t.Errorf("the request in flight: %v %d %s", r.err, r.status, r.body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(11 * time.Second):
		t.Fatal("Serve did not return within the shutdown timeout + 1 s")
	}
	if took := time.Since(shutdownAt); took > 3*time.Second {
		t.Errorf("shutdown took %v for a request of 1.5 s", took)
	}
}

// A request longer than the shutdown timeout is cut at the timeout:
// Serve returns ErrShutdownTimeout within the timeout + 1 s.
func TestShutdownTimeoutCutsLongRequests(t *testing.T) {
	store := &slowStore{Store: memStore(t), delay: 20 * time.Second, started: make(chan struct{}, 1)}
	srv, err := New(store, Options{QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	const timeout = 500 * time.Millisecond
	addr, cancel, done := serving(t, srv, ServeOptions{ShutdownTimeout: timeout})
	go func() {
		resp, err := http.Post("http://"+addr+"/query", "application/json", strings.NewReader(`{"query":"{ articles { totalCount } }"}`))
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-store.started
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrShutdownTimeout) {
			t.Errorf("Serve = %v, want ErrShutdownTimeout", err)
		}
		if took := time.Since(start); took > timeout+time.Second {
			t.Errorf("Serve returned after %v, timeout %v", took, timeout)
		}
	case <-time.After(timeout + 5*time.Second):
		t.Fatal("Serve did not return")
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dipgraph test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	cfg, err := LoadTLS(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(memStore(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	addr, _, _ := serving(t, srv, ServeOptions{TLS: cfg, ShutdownTimeout: time.Second})
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil {
		t.Errorf("GET https /healthz: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS11}}}
	if _, err := old.Get("https://" + addr + "/healthz"); err == nil {
		t.Error("TLS 1.1 accepted")
	}
	if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP answered on the TLS port")
		}
	}
	if _, err := LoadTLS(keyFile, certFile); err == nil {
		t.Error("LoadTLS accepted a key for a certificate")
	}
}

// G-18, scaled to a CI run: slowloris connections that send one header
// byte at a time do not slow a concurrent {__typename} down, and are
// closed once ReadHeaderTimeout passes.
func TestSlowlorisConnectionsAreClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: takes a few seconds")
	}
	const conns = 300
	const headerTimeout = time.Second
	srv, err := New(memStore(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := HTTPServer(ln.Addr().String(), srv, nil)
	hs.ReadHeaderTimeout = headerTimeout
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, hs, ln, ServeOptions{ShutdownTimeout: time.Second}) }()
	defer func() { cancel(); <-done }()
	addr := ln.Addr().String()

	var wg sync.WaitGroup
	closedAfter := make(chan time.Duration, conns)
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				closedAfter <- -1
				return
			}
			defer c.Close()
			opened := time.Now()
			header := "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + strings.Repeat("a", 100)
			for i := 0; i < len(header); i++ {
				c.SetWriteDeadline(time.Now().Add(time.Second))
				if _, err := c.Write([]byte{header[i]}); err != nil {
					break
				}
				time.Sleep(200 * time.Millisecond)
				if time.Since(opened) > 5*headerTimeout {
					break
				}
			}
			// The server closes the connection (after a 408): the read ends.
			c.SetReadDeadline(time.Now().Add(5 * headerTimeout))
			io.Copy(io.Discard, c)
			closedAfter <- time.Since(opened)
		}()
	}
	time.Sleep(200 * time.Millisecond) // let the slow connections open

	client := &http.Client{Timeout: 5 * time.Second}
	var latencies []time.Duration
	for range 50 {
		start := time.Now()
		resp, err := client.Post("http://"+addr+"/query", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		latencies = append(latencies, time.Since(start))
		time.Sleep(10 * time.Millisecond)
	}
	wg.Wait()
	close(closedAfter)
	slices.Sort(latencies)
	p99 := latencies[len(latencies)*99/100]
	if p99 > slowlorisP99 {
		t.Errorf("{__typename} p99 %v beside %d slowloris connections, want < %v", p99, conns, slowlorisP99)
	}
	for d := range closedAfter {
		if d < 0 {
			t.Error("a slow connection could not open")
			continue
		}
		if d > headerTimeout+2*time.Second {
			t.Errorf("a slowloris connection stayed open %v, ReadHeaderTimeout %v", d, headerTimeout)
			break
		}
	}
	t.Logf("{__typename} p99 %v beside %d slowloris connections", p99, conns)
}
