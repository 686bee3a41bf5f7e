package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	neo4jstore "github.com/dipgraph/dipgraph/graph/neo4j"
	"github.com/dipgraph/dipgraph/schema"
	"github.com/dipgraph/dipgraph/server"
)

// Config is dipgraph's whole configuration. Every key has a default (see
// DefaultConfig) so that viper sees DIPGRAPH_* variables when unmarshalling.
type Config struct {
	Store   string        `mapstructure:"store"`
	DataDir string        `mapstructure:"data_dir"`
	Neo4j   Neo4jConfig   `mapstructure:"neo4j"`
	HTTP    HTTPConfig    `mapstructure:"http"`
	Log     LogConfig     `mapstructure:"log"`
	Timeout time.Duration `mapstructure:"timeout"`
	// Dictionaries are extra dictionary files or folders.
	Dictionaries []string `mapstructure:"dictionaries"`
	// LoadFixtures: serve loads the sample articles into an empty store.
	LoadFixtures bool       `mapstructure:"load_fixtures"`
	Auth         AuthConfig `mapstructure:"auth"`
}

// AuthConfig holds the API keys of the GraphQL endpoint.
type AuthConfig struct {
	// APIKeys are "role:key" entries (role read or write); in the
	// environment, separated by spaces or commas. Never a flag: command
	// lines are visible to every user of the machine.
	APIKeys []string `mapstructure:"api_keys"`
	// APIKeysFile holds more entries, one per line ("#" starts a comment).
	APIKeysFile string `mapstructure:"api_keys_file"`
	// RequireKeyForReads refuses queries without a valid key too.
	RequireKeyForReads bool `mapstructure:"require_key_for_reads"`
}

// Neo4jConfig is the Neo4j connection.
type Neo4jConfig struct {
	URI          string        `mapstructure:"uri"`
	User         string        `mapstructure:"user"`
	Password     string        `mapstructure:"password"`
	PasswordFile string        `mapstructure:"password_file"`
	Database     string        `mapstructure:"database"`
	BatchSize    int           `mapstructure:"batch_size"`
	ReadTimeout  time.Duration `mapstructure:"read_timeout"`
	WriteTimeout time.Duration `mapstructure:"write_timeout"`
	// MaxConnections bounds the connections, for reads and for writes
	// each, and so the transactions run in the server at once.
	MaxConnections int `mapstructure:"max_connections"`
}

// HTTPConfig is the server's listener and API profile.
type HTTPConfig struct {
	Addr            string        `mapstructure:"addr"`
	ShutdownTimeout time.Duration `mapstructure:"shutdown_timeout"`
	// Profile is dev (GraphQL introspection and the playground on) or
	// prod (both off).
	Profile      string        `mapstructure:"profile"`
	QueryTimeout time.Duration `mapstructure:"query_timeout"`
	// TLSCertFile and TLSKeyFile, both set, serve HTTPS.
	TLSCertFile string `mapstructure:"tls_cert_file"`
	TLSKeyFile  string `mapstructure:"tls_key_file"`
	// CORSOrigins are the browser origins allowed to call the API.
	CORSOrigins []string `mapstructure:"cors_origins"`
	// MaxBodyBytes bounds a GraphQL request body.
	MaxBodyBytes int64 `mapstructure:"max_body_bytes"`
	// PersistedQueries is the size of the automatic persisted queries'
	// cache; 0 turns them off.
	PersistedQueries int `mapstructure:"persisted_queries"`
	// ResponseCache is the number of read responses kept; 0 turns it off.
	ResponseCache int `mapstructure:"response_cache"`
	// ResponseCacheTTL bounds a cached response's life on a store other
	// processes write to (Neo4j); 0 caches nothing there.
	ResponseCacheTTL time.Duration `mapstructure:"response_cache_ttl"`
	// CostPerMinute is each caller's budget of query cost points a
	// minute; 0 sets none.
	CostPerMinute int `mapstructure:"cost_per_minute"`
	// MaxInFlight bounds the GraphQL and export requests served at once;
	// 0 sets no bound.
	MaxInFlight int `mapstructure:"max_in_flight"`
	// MaxRunning bounds the queries among them that run at once; 0 takes
	// the server's default (twice the cores).
	MaxRunning int `mapstructure:"max_running"`
	// Metrics serves Prometheus metrics at /metrics.
	Metrics bool `mapstructure:"metrics"`
}

// LogConfig chooses the log level and format.
type LogConfig struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// DefaultConfig returns the configuration used when nothing is set.
func DefaultConfig() Config {
	return Config{
		Store:   "memory",
		DataDir: "data",
		Neo4j: Neo4jConfig{
			URI:            "bolt://localhost:7687",
			User:           "neo4j",
			Database:       "neo4j",
			BatchSize:      500,
			MaxConnections: neo4jstore.DefaultMaxConnectionPool,
			ReadTimeout:    5 * time.Second,
			WriteTimeout:   30 * time.Second,
		},
		HTTP: HTTPConfig{Addr: "127.0.0.1:8080", ShutdownTimeout: 15 * time.Second, Profile: "dev", QueryTimeout: 10 * time.Second,
			MaxBodyBytes: 1 << 20, PersistedQueries: 1000, Metrics: true, ResponseCache: 4096, ResponseCacheTTL: 2 * time.Second,
			MaxInFlight: server.DefaultMaxInFlight},
		Log:          LogConfig{Level: "info", Format: "auto"},
		Timeout:      30 * time.Second,
		LoadFixtures: true,
	}
}

// ConfigKey documents one configuration key: the README's table is made
// from this list, and a test checks that they agree.
type ConfigKey struct {
	Key, Flag, Help string
}

// ConfigKeys lists every key with its flag and meaning.
var ConfigKeys = []ConfigKey{
	{"store", "store", "graph store: memory (embedded, on disk in data_dir) or neo4j"},
	{"data_dir", "data-dir", "folder of the embedded store"},
	{"neo4j.uri", "neo4j-uri", "Neo4j URI: bolt://, neo4j:// (routing), neo4j+s:// or bolt+s://"},
	{"neo4j.user", "neo4j-user", "Neo4j user"},
	{"neo4j.password", "", "Neo4j password (environment or file only, never a flag)"},
	{"neo4j.password_file", "neo4j-password-file", "file holding the Neo4j password"},
	{"neo4j.database", "neo4j-database", "Neo4j database name"},
	{"neo4j.batch_size", "batch-size", "articles per Neo4j write transaction"},
	{"neo4j.max_connections", "", "connections to Neo4j for reads, and as many for writes: the transactions run in the server at once (more for a server with more cores)"},
	{"neo4j.read_timeout", "", "timeout of a Neo4j read transaction"},
	{"neo4j.write_timeout", "", "timeout of a Neo4j write transaction"},
	{"http.addr", "addr", "address the server listens on"},
	{"http.shutdown_timeout", "", "how long in-flight requests may finish at shutdown"},
	{"http.profile", "profile", "dev (GraphQL introspection and the playground on) or prod (both off, no field suggestions)"},
	{"http.query_timeout", "", "timeout of one GraphQL request"},
	{"http.tls_cert_file", "tls-cert", "PEM certificate (chain): with http.tls_key_file, serve HTTPS"},
	{"http.tls_key_file", "tls-key", "PEM private key of the certificate"},
	{"http.cors_origins", "cors-origins", "browser origins (scheme://host[:port]) allowed to call the API; none: same origin only"},
	{"http.max_body_bytes", "", "largest GraphQL request body, in bytes"},
	{"http.persisted_queries", "", "automatic persisted queries kept (LRU); 0 turns them off"},
	{"http.response_cache", "", "successful read responses kept (LRU), until the embedded store changes; 0 turns it off"},
	{"http.response_cache_ttl", "", "with Neo4j, how long a cached read response may be served (writes through this server are seen at once, other processes' within it); 0 caches nothing"},
	{"http.cost_per_minute", "", "each caller's (API key's, else address's) budget of query cost points a minute, aliases included; past it RATE_LIMITED with Retry-After; 0: no budget"},
	{"http.max_in_flight", "", "GraphQL and export requests taken in at once; past it a request gets 503 OVERLOADED with Retry-After at once; 0: no bound"},
	{"http.max_running", "", "queries among those taken in that run at once, the others waiting their turn; 0: twice the cores"},
	{"http.metrics", "", "serve Prometheus metrics at /metrics"},
	{"log.level", "log-level", "debug, info, warn or error"},
	{"log.format", "log-format", "json, text or auto (text on a terminal)"},
	{"timeout", "timeout", "timeout of one command's store operations (stats, migrate)"},
	{"auth.api_keys", "", "API keys of the GraphQL endpoint, role:key with role read or write (environment or file only, never a flag)"},
	{"auth.api_keys_file", "api-keys-file", "file of role:key lines, one API key per line"},
	{"auth.require_key_for_reads", "require-key-for-reads", "queries need a key too (mutations always need a write key)"},
	{"load_fixtures", "load-fixtures", "serve loads the sample articles (fixtures/) when the store is empty"},
	{"dictionaries", "dictionaries", "extra dictionary files or folders, added to the built-in ones"},
}

// EnvName is the environment variable of a key.
func EnvName(key string) string {
	return "DIPGRAPH_" + strings.ToUpper(strings.NewReplacer(".", "_").Replace(key))
}

// ConfigError is a bad setting: the command prints it on one line and
// exits with code 2.
type ConfigError struct {
	Key  string // the setting at fault
	What string // what is wrong and what to do
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("configuration: %s (%s / %s): %s", e.Key, e.Key, EnvName(e.Key), e.What)
}

func badConfig(key, format string, args ...any) error {
	return &ConfigError{Key: key, What: fmt.Sprintf(format, args...)}
}

// loadConfig reads the configuration file (if any), DIPGRAPH_* variables
// and the command's flags, in increasing order of precedence.
func loadConfig(file string, flags *pflag.FlagSet) (Config, error) {
	v := viper.New()
	v.SetEnvPrefix("DIPGRAPH")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	setDefaults(v, DefaultConfig())
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, badConfig("config", "cannot read %s: %v", file, err)
		}
	}
	for _, k := range ConfigKeys {
		if k.Flag == "" || flags == nil {
			continue
		}
		if f := flags.Lookup(k.Flag); f != nil {
			if err := v.BindPFlag(k.Key, f); err != nil {
				return Config{}, err
			}
		}
	}
	cfg := DefaultConfig()
	if err := v.Unmarshal(&cfg); err != nil {
		return Config{}, badConfig("config", "%v", err)
	}
	return cfg, cfg.Validate()
}

func setDefaults(v *viper.Viper, c Config) {
	v.SetDefault("store", c.Store)
	v.SetDefault("data_dir", c.DataDir)
	v.SetDefault("neo4j.uri", c.Neo4j.URI)
	v.SetDefault("neo4j.user", c.Neo4j.User)
	v.SetDefault("neo4j.password", c.Neo4j.Password)
	v.SetDefault("neo4j.password_file", c.Neo4j.PasswordFile)
	v.SetDefault("neo4j.database", c.Neo4j.Database)
	v.SetDefault("neo4j.batch_size", c.Neo4j.BatchSize)
	v.SetDefault("neo4j.max_connections", c.Neo4j.MaxConnections)
	v.SetDefault("neo4j.read_timeout", c.Neo4j.ReadTimeout)
	v.SetDefault("neo4j.write_timeout", c.Neo4j.WriteTimeout)
	v.SetDefault("http.addr", c.HTTP.Addr)
	v.SetDefault("http.shutdown_timeout", c.HTTP.ShutdownTimeout)
	v.SetDefault("http.profile", c.HTTP.Profile)
	v.SetDefault("http.query_timeout", c.HTTP.QueryTimeout)
	v.SetDefault("http.tls_cert_file", c.HTTP.TLSCertFile)
	v.SetDefault("http.tls_key_file", c.HTTP.TLSKeyFile)
	v.SetDefault("http.cors_origins", c.HTTP.CORSOrigins)
	v.SetDefault("http.max_body_bytes", c.HTTP.MaxBodyBytes)
	v.SetDefault("http.persisted_queries", c.HTTP.PersistedQueries)
	v.SetDefault("http.response_cache", c.HTTP.ResponseCache)
	v.SetDefault("http.response_cache_ttl", c.HTTP.ResponseCacheTTL)
	v.SetDefault("http.cost_per_minute", c.HTTP.CostPerMinute)
	v.SetDefault("http.max_in_flight", c.HTTP.MaxInFlight)
	v.SetDefault("http.max_running", c.HTTP.MaxRunning)
	v.SetDefault("http.metrics", c.HTTP.Metrics)
	v.SetDefault("log.level", c.Log.Level)
	v.SetDefault("log.format", c.Log.Format)
	v.SetDefault("timeout", c.Timeout)
	v.SetDefault("dictionaries", c.Dictionaries)
	v.SetDefault("load_fixtures", c.LoadFixtures)
	v.SetDefault("auth.api_keys", c.Auth.APIKeys)
	v.SetDefault("auth.api_keys_file", c.Auth.APIKeysFile)
	v.SetDefault("auth.require_key_for_reads", c.Auth.RequireKeyForReads)
}

// APIKeys returns the configured keys: those of auth.api_keys, then those
// of auth.api_keys_file. Errors name the setting, never a key.
func (c *Config) APIKeys() ([]schema.APIKey, error) {
	var out []schema.APIKey
	seen := map[string]bool{}
	add := func(setting, where, entry string) error {
		k, err := schema.ParseAPIKey(entry)
		if err != nil {
			return badConfig(setting, "%s%v", where, err)
		}
		if seen[k.Key] {
			return badConfig(setting, "%sthe same API key is given twice", where)
		}
		seen[k.Key] = true
		out = append(out, k)
		return nil
	}
	for _, item := range c.Auth.APIKeys {
		for _, entry := range strings.FieldsFunc(item, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
			if err := add("auth.api_keys", "", entry); err != nil {
				return nil, err
			}
		}
	}
	if f := c.Auth.APIKeysFile; f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, badConfig("auth.api_keys_file", "cannot read %s: %v", f, errors.Unwrap(err))
		}
		for i, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if err := add("auth.api_keys_file", fmt.Sprintf("%s line %d: ", f, i+1), line); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// Validate checks every setting and names the first bad one.
func (c *Config) Validate() error {
	switch c.Store {
	case "memory", "neo4j":
	default:
		return badConfig("store", "unknown store %q; use memory (the embedded default) or neo4j", c.Store)
	}
	if c.Store == "memory" && strings.TrimSpace(c.DataDir) == "" {
		return badConfig("data_dir", "empty; give the folder where the embedded store keeps its file")
	}
	if c.Store == "neo4j" {
		u, err := url.Parse(c.Neo4j.URI)
		if err != nil || u.Host == "" {
			return badConfig("neo4j.uri", "%q is not a URI like bolt://host:7687", c.Neo4j.URI)
		}
		switch u.Scheme {
		case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
		default:
			return badConfig("neo4j.uri", "scheme %q; use bolt, neo4j, bolt+s or neo4j+s", u.Scheme)
		}
		if c.Neo4j.MaxConnections < 1 {
			return badConfig("neo4j.max_connections", "%d; give a positive number of connections", c.Neo4j.MaxConnections)
		}
		if c.Neo4j.BatchSize < 1 {
			return badConfig("neo4j.batch_size", "%d; give a positive number of articles", c.Neo4j.BatchSize)
		}
	}
	if _, err := c.APIKeys(); err != nil {
		return err
	}
	switch c.HTTP.Profile {
	case "dev", "prod":
	default:
		return badConfig("http.profile", "%q; use dev or prod", c.HTTP.Profile)
	}
	if (c.HTTP.TLSCertFile == "") != (c.HTTP.TLSKeyFile == "") {
		if c.HTTP.TLSCertFile == "" {
			return badConfig("http.tls_cert_file", "empty while http.tls_key_file is set; give both to serve HTTPS, or neither")
		}
		return badConfig("http.tls_key_file", "empty while http.tls_cert_file is set; give both to serve HTTPS, or neither")
	}
	for _, o := range c.HTTP.CORSOrigins {
		if err := server.CheckOrigin(o); err != nil {
			return badConfig("http.cors_origins", "%v", err)
		}
	}
	if c.HTTP.MaxBodyBytes < 1024 {
		return badConfig("http.max_body_bytes", "%d; give at least 1024 bytes", c.HTTP.MaxBodyBytes)
	}
	if c.HTTP.ResponseCache < 0 {
		return badConfig("http.response_cache", "%d; give a number of responses, or 0 to turn it off", c.HTTP.ResponseCache)
	}
	if c.HTTP.CostPerMinute < 0 {
		return badConfig("http.cost_per_minute", "%d; give a number of cost points, or 0 for no budget", c.HTTP.CostPerMinute)
	}
	if c.HTTP.MaxInFlight < 0 {
		return badConfig("http.max_in_flight", "%d; give a number of requests, or 0 for no bound", c.HTTP.MaxInFlight)
	}
	if c.HTTP.MaxRunning < 0 {
		return badConfig("http.max_running", "%d; give a number of queries, or 0 for twice the cores", c.HTTP.MaxRunning)
	}
	if c.HTTP.ResponseCacheTTL < 0 {
		return badConfig("http.response_cache_ttl", "%s; give a duration such as 2s, or 0", c.HTTP.ResponseCacheTTL)
	}
	if c.HTTP.PersistedQueries < 0 {
		return badConfig("http.persisted_queries", "%d; give a cache size, or 0 to turn them off", c.HTTP.PersistedQueries)
	}
	if c.HTTP.ShutdownTimeout <= 0 {
		return badConfig("http.shutdown_timeout", "%v; give a positive duration such as 15s", c.HTTP.ShutdownTimeout)
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		return badConfig("log.level", "%q; use debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "json", "text", "auto":
	default:
		return badConfig("log.format", "%q; use json, text or auto", c.Log.Format)
	}
	return nil
}

var errUsage = errors.New("usage")
