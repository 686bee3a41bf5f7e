package neo4j

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"
)

// Config configures a Store. Start from DefaultConfig.
type Config struct {
	// URI of the server or cluster: bolt://, bolt+s://, bolt+ssc:// for one
	// server, neo4j://, neo4j+s://, neo4j+ssc:// for routing (clusters, Aura).
	URI      string
	User     string
	Password string
	// Database is the database name; "" means "neo4j".
	Database string
	// Logger receives the store's and the driver's messages; nil discards.
	Logger *slog.Logger
	// BatchSize bounds the rows of one UNWIND statement and of one Walk
	// page, so no message to the server grows with the input.
	BatchSize int
	// ReadTimeout and WriteTimeout are the server-side timeouts of every
	// read and write transaction (neo4j.WithTxTimeout).
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	// MigrationTimeout bounds applying migrations, index population included.
	MigrationTimeout time.Duration
	// MaxRetryTime is how long the driver keeps retrying a transaction that
	// failed with a transient error (deadlock, leader switch, lost connection).
	MaxRetryTime time.Duration
	// MaxConnectionPool bounds the connections to a server, for reads and
	// for writes each, and so the transactions this process runs in it at
	// once. Past it a transaction waits for a connection, within its
	// caller's deadline. A server with more cores can take more; one with
	// too many (100, the driver's default, on 2 cores) spends its time
	// switching between them, and after a restart, cold, never catches up
	// with a constant stream of queries.
	MaxConnectionPool int
	// ConnectTimeout bounds establishing one connection.
	ConnectTimeout time.Duration
}

// Defaults of the Config fields.
const (
	DefaultDatabase          = "neo4j"
	DefaultBatchSize         = 1000
	DefaultReadTimeout       = 5 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultMigrationTimeout  = 5 * time.Minute
	DefaultMaxRetryTime      = 30 * time.Second
	DefaultMaxConnectionPool = 8
	DefaultConnectTimeout    = 5 * time.Second
)

// DefaultConfig returns a Config with every default set; URI and
// credentials are left to the caller.
func DefaultConfig() Config {
	return Config{
		Database:          DefaultDatabase,
		BatchSize:         DefaultBatchSize,
		ReadTimeout:       DefaultReadTimeout,
		WriteTimeout:      DefaultWriteTimeout,
		MigrationTimeout:  DefaultMigrationTimeout,
		MaxRetryTime:      DefaultMaxRetryTime,
		MaxConnectionPool: DefaultMaxConnectionPool,
		ConnectTimeout:    DefaultConnectTimeout,
	}
}

// withDefaults fills zero fields with their defaults.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Database == "" {
		c.Database = d.Database
	}
	if c.BatchSize == 0 {
		c.BatchSize = d.BatchSize
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = d.ReadTimeout
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = d.WriteTimeout
	}
	if c.MigrationTimeout == 0 {
		c.MigrationTimeout = d.MigrationTimeout
	}
	if c.MaxRetryTime == 0 {
		c.MaxRetryTime = d.MaxRetryTime
	}
	if c.MaxConnectionPool == 0 {
		c.MaxConnectionPool = d.MaxConnectionPool
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = d.ConnectTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// ErrConfig is returned (wrapped) for an unusable Config.
var ErrConfig = errors.New("neo4j store: bad configuration")

var schemes = map[string]bool{
	"bolt": true, "bolt+s": true, "bolt+ssc": true,
	"neo4j": true, "neo4j+s": true, "neo4j+ssc": true,
}

// Validate checks the configuration; errors wrap ErrConfig. Zero numeric
// fields are valid (they take their defaults).
func (c Config) Validate() error {
	if c.URI == "" {
		return fmt.Errorf("%w: no URI", ErrConfig)
	}
	u, err := url.Parse(c.URI)
	if err != nil {
		return fmt.Errorf("%w: URI: %v", ErrConfig, err)
	}
	if !schemes[u.Scheme] {
		return fmt.Errorf("%w: URI scheme %q (want bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc)", ErrConfig, u.Scheme)
	}
	if u.User != nil {
		return fmt.Errorf("%w: put credentials in User and Password, not in the URI", ErrConfig)
	}
	if c.User == "" {
		return fmt.Errorf("%w: no user", ErrConfig)
	}
	for name, d := range map[string]time.Duration{"ReadTimeout": c.ReadTimeout, "WriteTimeout": c.WriteTimeout,
		"MigrationTimeout": c.MigrationTimeout, "MaxRetryTime": c.MaxRetryTime, "ConnectTimeout": c.ConnectTimeout} {
		if d < 0 {
			return fmt.Errorf("%w: %s is negative", ErrConfig, name)
		}
	}
	if c.BatchSize < 0 || c.MaxConnectionPool < 0 {
		return fmt.Errorf("%w: BatchSize and MaxConnectionPool must not be negative", ErrConfig)
	}
	return nil
}
