package neo4j

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed migrations/*.cypher
var migrationFS embed.FS

// migration is one embedded schema file: NNN_name.cypher, statements
// separated by ";" at the end of a line, "//" comment lines ignored.
type migration struct {
	Version    int
	Name       string
	Statements []string
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.cypher")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".cypher")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %s is not named NNN_name.cypher", f)
		}
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		m := migration{Version: v, Name: name}
		var stmt []string
		for _, line := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(line)
			if t == "" || strings.HasPrefix(t, "//") {
				continue
			}
			stmt = append(stmt, t)
			if strings.HasSuffix(t, ";") {
				m.Statements = append(m.Statements, strings.TrimSuffix(strings.Join(stmt, " "), ";"))
				stmt = nil
			}
		}
		if len(stmt) > 0 {
			return nil, fmt.Errorf("migration %s: last statement has no closing ';'", f)
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("two migrations with version %d", out[i].Version)
		}
	}
	return out, nil
}

// migrate applies the migrations not yet recorded in a (:Migration
// {version}) node, each statement in its own transaction (Neo4j does not
// mix schema and data changes in one), then waits for the new indexes to
// come online. Every statement is idempotent (IF NOT EXISTS), so two
// processes migrating at once, or a crash between a statement and its
// record, only repeat harmless work.
func (s *Store) migrate(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.MigrationTimeout)
	defer cancel()
	ms, err := migrations()
	if err != nil {
		return err
	}
	if err := s.schema(ctx, func(ctx context.Context, t *txn) error {
		_, err := t.run(ctx, qMigrationConstraint, nil)
		return err
	}); err != nil {
		return err
	}
	applied := map[int]bool{}
	if err := s.read(ctx, func(ctx context.Context, t *txn) error {
		recs, err := t.run(ctx, qMigrationVersions, nil)
		if err != nil {
			return err
		}
		clear(applied)
		for _, r := range recs {
			v, _ := r.Values[0].(int64)
			applied[int(v)] = true
		}
		return nil
	}); err != nil {
		return err
	}
	ran := false
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
		start := time.Now()
		for _, stmt := range m.Statements {
			if err := s.schema(ctx, func(ctx context.Context, t *txn) error { return t.applyStatement(ctx, stmt) }); err != nil {
				return fmt.Errorf("migration %03d_%s: %w", m.Version, m.Name, err)
			}
		}
		if fill := backfills[m.Version]; fill != nil {
			if err := fill(s, ctx); err != nil {
				return fmt.Errorf("migration %03d_%s: backfill: %w", m.Version, m.Name, err)
			}
		}
		if err := s.schema(ctx, func(ctx context.Context, t *txn) error {
			_, err := t.run(ctx, qAwaitIndexes, map[string]any{"seconds": int64(s.cfg.MigrationTimeout / time.Second)})
			return err
		}); err != nil {
			return fmt.Errorf("migration %03d_%s: waiting for indexes: %w", m.Version, m.Name, err)
		}
		if err := s.write(ctx, func(ctx context.Context, t *txn) error {
			_, err := t.run(ctx, qRecordMigration, map[string]any{"version": int64(m.Version), "name": m.Name})
			return err
		}); err != nil {
			return err
		}
		ran = true
		s.log.Info("neo4j migration applied", "version", m.Version, "name", m.Name, "took", time.Since(start).String())
	}
	if !ran {
		s.log.Debug("neo4j schema up to date", "migrations", len(ms))
	}
	return nil
}

// backfills give the data a migration's new schema expects to what is
// already stored, after its statements and before it is recorded: they
// must be safe to run again.
var backfills = map[int]func(*Store, context.Context) error{
	6: (*Store).backfillEventPairs,
}

// applyStatement runs one statement of an embedded migration file. It is
// the one call site whose Cypher is not a Go constant: the text is
// compiled into the binary from migrations/*.cypher and takes no input.
func (t *txn) applyStatement(ctx context.Context, stmt string) error {
	_, err := t.run(ctx, stmt, nil)
	var e *neo4j.Neo4jError
	if errors.As(err, &e) && strings.HasPrefix(e.Code, "Neo.ClientError.Schema.") && strings.HasSuffix(e.Code, "AlreadyExists") {
		// Another process created the same rule between our check and ours
		// (IF NOT EXISTS does not cover that race): it is there, as wanted.
		return nil
	}
	return err
}

// schema runs fn in a write transaction with the migration timeout.
func (s *Store) schema(ctx context.Context, fn work) error {
	return s.transact(ctx, neo4j.AccessModeWrite, s.cfg.MigrationTimeout, fn)
}
