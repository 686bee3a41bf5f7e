package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// The http.Server's timeouts (G-17, G-18). A client gets ReadHeaderTimeout
// to send its headers (slowloris connections are closed after it),
// ReadTimeout for the whole request, and the response must be written
// within WriteTimeout, longer than any GraphQL request's own deadline.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 120 * time.Second
	MaxHeaderBytes    = 64 << 10
)

// HTTPServer returns an http.Server with every timeout set, so that slow
// clients cannot hold connections open, and its own errors (TLS handshakes
// that fail, for instance) logged through logger.
func HTTPServer(addr string, h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// LoadTLS reads a certificate and its key (PEM files) into a server TLS
// configuration: TLS 1.2 at least.
func LoadTLS(certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}, nil
}

// ServeOptions configure Serve.
type ServeOptions struct {
	// TLS, when set, serves HTTPS.
	TLS *tls.Config
	// ShutdownTimeout is how long requests in flight may take to finish
	// once ctx is done.
	ShutdownTimeout time.Duration
	// OnShutdown runs when ctx is done, before the listener closes (Drain
	// the Server there).
	OnShutdown func()
	Logger     *slog.Logger
}

// ErrShutdownTimeout: requests were still running when the shutdown
// timeout passed; their connections were closed.
var ErrShutdownTimeout = errors.New("server: requests still running at the end of the shutdown timeout")

// Serve serves srv on ln until ctx is done, then shuts down gracefully:
// the listener closes at once (new connections are refused), idle
// connections close, and the requests in flight finish, for at most
// ShutdownTimeout, after which the remaining connections are closed and
// ErrShutdownTimeout returned. Other errors are the listener's.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, opts ServeOptions) error {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	errc := make(chan error, 1)
	go func() {
		if opts.TLS != nil {
			srv.TLSConfig = opts.TLS
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	if opts.OnShutdown != nil {
		opts.OnShutdown()
	}
	opts.Logger.Info("shutting down: finishing the requests in flight", "timeout", opts.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), opts.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	<-errc // Serve has returned ErrServerClosed
	if err != nil {
		srv.Close()
		if errors.Is(err, context.DeadlineExceeded) {
			return ErrShutdownTimeout
		}
		return fmt.Errorf("server: shutting down: %w", err)
	}
	opts.Logger.Info("shut down")
	return nil
}
