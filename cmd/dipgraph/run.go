package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dipgraph/dipgraph/fixtures"
	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/memory"
	neo4jstore "github.com/dipgraph/dipgraph/graph/neo4j"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/schema"
	"github.com/dipgraph/dipgraph/server"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the work failed
	exitConfig = 2 // bad configuration or usage: nothing was done
)

// app carries what every command shares.
type app struct {
	ctx        context.Context
	stdout     io.Writer
	stderr     io.Writer
	configFile string
	cfg        Config
	log        *slog.Logger
	// onListen, when set, receives the server's address (tests listen on :0).
	onListen func(addr string)
	// secrets are the credentials openStore used, which no output may show.
	secrets []string
}

// Run runs the dipgraph command line with args and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(&app{ctx: ctx, stdout: stdout, stderr: stderr}, args)
}

func run(a *app, args []string) int {
	root := &cobra.Command{
		Use:           "dipgraph",
		Short:         "A diplomatic-relations knowledge graph: load news articles, query them over GraphQL",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.PersistentFlags().StringVar(&a.configFile, "config", os.Getenv("DIPGRAPH_CONFIG"), "configuration file (YAML, JSON or TOML); also DIPGRAPH_CONFIG")
	pf := root.PersistentFlags()
	d := DefaultConfig()
	pf.String("store", d.Store, "graph store: memory or neo4j")
	pf.String("data-dir", d.DataDir, "folder of the embedded store")
	pf.String("neo4j-uri", d.Neo4j.URI, "Neo4j URI")
	pf.String("neo4j-user", d.Neo4j.User, "Neo4j user")
	pf.String("neo4j-password-file", "", "file holding the Neo4j password")
	pf.String("neo4j-database", d.Neo4j.Database, "Neo4j database")
	pf.Int("batch-size", d.Neo4j.BatchSize, "articles per Neo4j write transaction")
	pf.String("log-level", d.Log.Level, "log level: debug, info, warn, error")
	pf.String("log-format", d.Log.Format, "log format: json, text, auto")
	pf.Duration("timeout", d.Timeout, "timeout of store operations of one-shot commands")
	pf.StringSlice("dictionaries", nil, "extra dictionary files or folders (YAML), added to the built-in ones")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadConfig(a.configFile, cmd.Flags())
		if err != nil {
			return err
		}
		a.cfg = cfg
		a.log = newLogger(a.stderr, cfg.Log)
		return nil
	}

	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve the graph over HTTP (the embedded store unless --store neo4j)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.serve() },
	}
	serve.Flags().String("addr", d.HTTP.Addr, "listen address")
	serve.Flags().String("profile", d.HTTP.Profile, "dev (introspection on) or prod")
	serve.Flags().Bool("load-fixtures", d.LoadFixtures, "load the sample articles when the store is empty")
	serve.Flags().String("api-keys-file", "", "file of role:key lines (role read or write), one API key per line")
	serve.Flags().Bool("require-key-for-reads", d.Auth.RequireKeyForReads, "queries need an API key too")
	serve.Flags().String("tls-cert", "", "PEM certificate: with --tls-key, serve HTTPS")
	serve.Flags().String("tls-key", "", "PEM private key of --tls-cert")
	serve.Flags().StringSlice("cors-origins", nil, "browser origins allowed to call the API (scheme://host[:port], comma-separated)")
	migrate := &cobra.Command{
		Use:   "migrate",
		Short: "Apply the store's schema migrations (constraints, indexes) and exit",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.migrate() },
	}
	stats := &cobra.Command{
		Use:   "stats",
		Short: "Print node and edge counts and the graph's fingerprint as JSON",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.stats() },
	}
	root.AddCommand(serve, migrate, stats, extractCommand(a), loadCommand(a), genCommand(a), exportCommand(a))

	err := root.ExecuteContext(a.ctx)
	if err == nil {
		return exitOK
	}
	var ce *ConfigError
	if errors.As(err, &ce) {
		fmt.Fprintln(a.stderr, "dipgraph:", ce.Error())
		return exitConfig
	}
	if strings.Contains(err.Error(), "unknown command") || strings.Contains(err.Error(), "flag") || strings.Contains(err.Error(), "arg(s)") {
		fmt.Fprintln(a.stderr, "dipgraph:", err)
		return exitConfig
	}
	fmt.Fprintln(a.stderr, "dipgraph:", err)
	return exitFailed
}

func newLogger(w io.Writer, c LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	format := c.Format
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// openStore opens the configured store. Failures that a user fixes in the
// configuration come back as *ConfigError naming the setting.
func (a *app) openStore(ctx context.Context) (graph.Store, error) {
	switch a.cfg.Store {
	case "memory":
		dir := a.cfg.DataDir
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, badConfig("data_dir", "cannot create %s (%v); give a writable folder", dir, errors.Unwrap(err))
		}
		probe, err := os.CreateTemp(dir, ".probe-*")
		if err != nil {
			return nil, badConfig("data_dir", "%s is not writable (%v); give a writable folder", dir, errors.Unwrap(err))
		}
		probe.Close()
		os.Remove(probe.Name())
		s, err := memory.Open(ctx, memory.Options{Path: filepath.Join(dir, "graph.db"), Logger: a.log})
		if err != nil {
			return nil, badConfig("data_dir", "%v", err)
		}
		return s, nil
	case "neo4j":
		password := a.cfg.Neo4j.Password
		if f := a.cfg.Neo4j.PasswordFile; f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, badConfig("neo4j.password_file", "cannot read %s: %v", f, errors.Unwrap(err))
			}
			password = strings.TrimSpace(string(b))
		}
		if password == "" {
			return nil, badConfig("neo4j.password", "empty; set DIPGRAPH_NEO4J_PASSWORD or neo4j.password_file")
		}
		a.secrets = append(a.secrets, password)
		s, err := neo4jstore.Open(ctx, neo4jstore.Config{
			URI: a.cfg.Neo4j.URI, User: a.cfg.Neo4j.User, Password: password, Database: a.cfg.Neo4j.Database,
			BatchSize: a.cfg.Neo4j.BatchSize, ReadTimeout: a.cfg.Neo4j.ReadTimeout, WriteTimeout: a.cfg.Neo4j.WriteTimeout,
			MaxConnectionPool: a.cfg.Neo4j.MaxConnections,
			Logger:            a.log,
		})
		if err != nil {
			var authErr *neo4jstore.AuthError
			switch {
			case errors.As(err, &authErr):
				return nil, badConfig("neo4j.password", "Neo4j refused user %q at %s: wrong user or password", a.cfg.Neo4j.User, a.cfg.Neo4j.URI)
			case errors.Is(err, graph.ErrUnavailable), errors.Is(err, graph.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
				return nil, badConfig("neo4j.uri", "cannot reach Neo4j at %s (%v); is it running, and is the address right?", a.cfg.Neo4j.URI, err)
			}
			return nil, badConfig("neo4j.uri", "cannot open Neo4j at %s: %v", a.cfg.Neo4j.URI, err)
		}
		return s, nil
	}
	return nil, badConfig("store", "unknown store %q", a.cfg.Store)
}

func (a *app) withStore(fn func(ctx context.Context, s graph.Store) error) error {
	ctx, cancel := context.WithTimeout(a.ctx, a.cfg.Timeout)
	defer cancel()
	s, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(ctx, s)
}

func (a *app) migrate() error {
	return a.withStore(func(ctx context.Context, s graph.Store) error {
		fmt.Fprintf(a.stdout, "migrations applied (%s store)\n", a.cfg.Store)
		return nil
	})
}

// Stats is what `dipgraph stats` prints.
type Stats struct {
	Store       string         `json:"store"`
	Nodes       map[string]int `json:"nodes"`
	Edges       map[string]int `json:"edges"`
	Fingerprint string         `json:"fingerprint"`
}

func (a *app) stats() error {
	return a.withStore(func(ctx context.Context, s graph.Store) error {
		c, err := s.Counts(ctx)
		if err != nil {
			return err
		}
		fp, err := s.Fingerprint(ctx)
		if err != nil {
			return err
		}
		st := Stats{Store: a.cfg.Store, Nodes: map[string]int{}, Edges: c.Edges, Fingerprint: fp}
		for k, n := range c.Nodes {
			st.Nodes[string(k)] = n
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	})
}

func (a *app) serve() error {
	var tlsConfig *tls.Config
	if a.cfg.HTTP.TLSCertFile != "" {
		c, err := server.LoadTLS(a.cfg.HTTP.TLSCertFile, a.cfg.HTTP.TLSKeyFile)
		if err != nil {
			return badConfig("http.tls_cert_file", "cannot load the certificate %s with the key %s: %v", a.cfg.HTTP.TLSCertFile, a.cfg.HTTP.TLSKeyFile, err)
		}
		tlsConfig = c
	}
	openCtx, cancel := context.WithTimeout(a.ctx, a.cfg.Timeout)
	s, err := a.openStore(openCtx)
	cancel()
	if err != nil {
		return err
	}
	defer s.Close()
	metrics := server.NewMetrics()
	if err := a.loadFixturesIfEmpty(s, metrics); err != nil {
		return err
	}
	dev := a.cfg.HTTP.Profile == "dev"
	persisted := a.cfg.HTTP.PersistedQueries
	if persisted == 0 {
		persisted = -1 // off
	}
	keys, err := a.cfg.APIKeys()
	if err != nil {
		return err
	}
	// With a write key, ingestArticles can run: build the extractor now, so
	// that a dictionary error stops the start and the first ingest does not
	// pay for the build inside its request timeout.
	newExtractor := a.extractor
	for _, k := range keys {
		if k.Role == schema.RoleWrite {
			x, err := a.extractor()
			if err != nil {
				return err
			}
			newExtractor = func() (*extract.Extractor, error) { return x, nil }
			break
		}
	}
	maxInFlight := a.cfg.HTTP.MaxInFlight
	if maxInFlight == 0 {
		maxInFlight = -1 // server.Options: negative is no bound
	}
	h, err := server.New(s, server.Options{
		Logger:             a.log,
		APIKeys:            keys,
		RequireKeyForReads: a.cfg.Auth.RequireKeyForReads,
		NewExtractor:       newExtractor,
		Introspection:      dev,
		Playground:         dev,
		QueryTimeout:       a.cfg.HTTP.QueryTimeout,
		CORSOrigins:        a.cfg.HTTP.CORSOrigins,
		MaxBodyBytes:       a.cfg.HTTP.MaxBodyBytes,
		PersistedQueries:   persisted,
		ResponseCache:      a.cfg.HTTP.ResponseCache,
		ResponseCacheTTL:   a.cfg.HTTP.ResponseCacheTTL,
		CostPerMinute:      a.cfg.HTTP.CostPerMinute,
		MaxInFlight:        maxInFlight,
		MaxRunning:         a.cfg.HTTP.MaxRunning,
		Metrics:            metrics,
		DisableMetrics:     !a.cfg.HTTP.Metrics,
	})
	if err != nil {
		return badConfig("http.cors_origins", "%v", err)
	}
	ln, err := net.Listen("tcp", a.cfg.HTTP.Addr)
	if err != nil {
		return badConfig("http.addr", "cannot listen on %s: %v", a.cfg.HTTP.Addr, errors.Unwrap(err))
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	a.log.Info("serving", "url", scheme+"://"+ln.Addr().String(), "store", a.cfg.Store, "profile", a.cfg.HTTP.Profile, "api_keys", len(keys))
	if a.onListen != nil {
		a.onListen(ln.Addr().String())
	}
	return server.Serve(a.ctx, server.HTTPServer(a.cfg.HTTP.Addr, h, a.log), ln, server.ServeOptions{
		TLS:             tlsConfig,
		ShutdownTimeout: a.cfg.HTTP.ShutdownTimeout,
		OnShutdown:      h.Drain,
		Logger:          a.log,
	})
}

// loadFixturesIfEmpty loads the sample articles into an empty store, so
// that a first start of the embedded default has something to show.
func (a *app) loadFixturesIfEmpty(s graph.Store, metrics *server.Metrics) error {
	if !a.cfg.LoadFixtures {
		return nil
	}
	ctx, cancel := context.WithTimeout(a.ctx, a.cfg.Timeout)
	n, err := s.CountArticles(ctx, graph.ArticleFilter{})
	cancel()
	if err != nil || n > 0 {
		return err
	}
	dir, err := os.MkdirTemp("", "dipgraph-fixtures-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	paths, err := fixtures.WriteTo(dir)
	if err != nil {
		return err
	}
	x, err := a.extractor()
	if err != nil {
		return err
	}
	rep, err := loader.New(x).Run(a.ctx, s, paths, loader.Options{Logger: a.log, DeadLetter: &stderrDeadLetter{w: a.stderr}})
	if err != nil {
		return fmt.Errorf("loading the fixtures: %w", err)
	}
	metrics.CountLoad(rep.Loaded, rep.Unchanged, rep.Failed)
	a.log.Info("fixtures loaded into the empty store", "articles", rep.Loaded, "failed", rep.Failed)
	return nil
}

// sortedKeys is used by tests and the README table.
func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var _ = time.Second
