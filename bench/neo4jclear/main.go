// Command neo4jclear empties the test Neo4j's graph between benchmark runs
// on one warm server: every node but the migration records goes, so the
// schema (constraints, indexes) and the applied migrations stay, and the
// next load meets the empty store a fresh server would give it, without
// the cold JVM of a fresh server.
//
//	DIPGRAPH_NEO4J_URI=bolt://… DIPGRAPH_NEO4J_USER=neo4j DIPGRAPH_NEO4J_PASSWORD=… go run ./bench/neo4jclear
//
// Only for throwaway test servers: it deletes the data it finds.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "neo4jclear:", err)
		os.Exit(1)
	}
}

func run() error {
	uri := os.Getenv("DIPGRAPH_NEO4J_URI")
	if uri == "" {
		return fmt.Errorf("DIPGRAPH_NEO4J_URI is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(os.Getenv("DIPGRAPH_NEO4J_USER"), os.Getenv("DIPGRAPH_NEO4J_PASSWORD"), ""))
	if err != nil {
		return err
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	// CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction.
	// Relationships go first, in batches: a DETACH DELETE of a hub country
	// would take its tens of thousands of relationships into one
	// transaction, past the server's transaction memory limit.
	var nodes, rels int
	for _, q := range []string{
		`MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS`,
		`MATCH (n) WHERE NOT n:Migration CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS`,
	} {
		res, err := sess.Run(ctx, q, nil)
		if err != nil {
			return err
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return err
		}
		nodes += sum.Counters().NodesDeleted()
		rels += sum.Counters().RelationshipsDeleted()
	}
	left, err := neo4j.ExecuteQuery(ctx, drv, `MATCH (n) WHERE NOT n:Migration RETURN count(n) AS n`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		return err
	}
	n, _ := left.Records[0].Get("n")
	fmt.Fprintf(os.Stderr, "neo4jclear: %d nodes and %d relationships deleted, %v left\n",
		nodes, rels, n)
	if n != int64(0) {
		return fmt.Errorf("%v nodes left", n)
	}
	return nil
}
