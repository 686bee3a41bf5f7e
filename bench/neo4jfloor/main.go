// Command neo4jfloor measures how fast the test Neo4j takes the graph of a
// corpus when written the cheapest way Cypher allows: per batch, one
// transaction of UNWIND statements that merge the entities and create the
// articles, events and every relationship, with only the uniqueness
// constraints in place. No store logic runs: no reading of earlier state,
// no locking protocol, no tallies, no contribution record, no full-text or
// trigram index. The graphs are extracted before the clock starts. What it
// measures is a floor under what any writer of the same graph could reach
// on the machine, to set beside `dipgraph load --store neo4j`.
//
//	DIPGRAPH_NEO4J_URI=bolt://… DIPGRAPH_NEO4J_USER=neo4j DIPGRAPH_NEO4J_PASSWORD=… \
//	  go run ./bench/neo4jfloor [--batch 500] corpus.jsonl
//
// It writes into the server's graph: run it on an empty throwaway server
// (bench/neo4jclear empties one) and clear it afterwards.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/loader/dict"
	"github.com/dipgraph/dipgraph/loader/extract"
	"github.com/dipgraph/dipgraph/loader/input"
)

func main() {
	batch := flag.Int("batch", 500, "articles per transaction")
	writers := flag.Int("writers", 1, "transactions in flight at once, each batch to one of them in turn")
	flag.Parse()
	if err := run(flag.Args(), *batch, *writers); err != nil {
		fmt.Fprintln(os.Stderr, "neo4jfloor:", err)
		os.Exit(1)
	}
}

func run(paths []string, batch, writers int) error {
	uri := os.Getenv("DIPGRAPH_NEO4J_URI")
	if uri == "" || len(paths) == 0 {
		return fmt.Errorf("usage: DIPGRAPH_NEO4J_URI=… neo4jfloor corpus.jsonl")
	}
	ctx := context.Background()
	d, err := dict.Load()
	if err != nil {
		return err
	}
	x, err := extract.New(d)
	if err != nil {
		return err
	}
	l := loader.New(x)
	var graphs []graph.ArticleGraph
	err = input.Read(ctx, paths, input.Options{}, func(r input.Record) error {
		if p := l.Prepare(r); p.Err == nil {
			graphs = append(graphs, p.Graph)
		}
		return nil
	})
	if err != nil {
		return err
	}
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(os.Getenv("DIPGRAPH_NEO4J_USER"), os.Getenv("DIPGRAPH_NEO4J_PASSWORD"), ""))
	if err != nil {
		return err
	}
	defer drv.Close(ctx)
	for _, q := range []string{
		`CREATE CONSTRAINT entity_ref IF NOT EXISTS FOR (n:Entity) REQUIRE n.ref IS UNIQUE`,
		`CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE`,
		`CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE`,
	} {
		if _, err := neo4j.ExecuteQuery(ctx, drv, q, nil, neo4j.EagerResultTransformer); err != nil {
			return err
		}
	}
	cpu0 := cpuTime()
	t0 := time.Now()
	var nodes, rels, retries atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			sess := drv.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
			defer sess.Close(ctx)
			for i := w * batch; i < len(graphs); i += writers * batch {
				stmts := statements(graphs[i:min(i+batch, len(graphs))])
				attempt := 0
				created, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
					if attempt++; attempt > 1 {
						retries.Add(1)
					}
					var n, r int
					for _, s := range stmts {
						res, err := tx.Run(ctx, s.query, map[string]any{"rows": s.rows})
						if err != nil {
							return nil, err
						}
						sum, err := res.Consume(ctx)
						if err != nil {
							return nil, err
						}
						n += sum.Counters().NodesCreated()
						r += sum.Counters().RelationshipsCreated()
					}
					return [2]int{n, r}, nil
				})
				if err != nil {
					errs <- err
					return
				}
				// Counted once committed: a retried transaction's first try created nothing.
				nodes.Add(int64(created.([2]int)[0]))
				rels.Add(int64(created.([2]int)[1]))
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	wall := time.Since(t0)
	fmt.Printf("%d articles in %.2f s: %.0f articles/s (batch %d, %d writers, %d retries; this process %.2f CPU-s; %d nodes, %d relationships)\n",
		len(graphs), wall.Seconds(), float64(len(graphs))/wall.Seconds(), batch, writers, retries.Load(), (cpuTime() - cpu0).Seconds(), nodes.Load(), rels.Load())
	return nil
}

type statement struct {
	query string
	rows  []map[string]any
}

// statements turns a batch of graphs into rows, entities sorted by key and
// merged first, as a real writer must.
func statements(gs []graph.ArticleGraph) []statement {
	ents := map[string]map[string]any{}
	var arts, events, mentions, parts, reports, places, topics []map[string]any
	seenEvent := map[string]bool{}
	for _, g := range gs {
		a := g.Article
		arts = append(arts, map[string]any{"id": a.ID, "props": map[string]any{"id": a.ID, "url": a.URL, "title": a.Title,
			"lang": a.Lang, "source": a.Source, "published": a.Published, "contentHash": a.ContentHash, "extractor": a.Extractor}})
		for _, e := range g.Entities {
			ents[e.Ref().String()] = map[string]any{"ref": e.Ref().String(), "id": e.ID, "name": e.Name}
		}
		for _, m := range g.Mentions {
			mentions = append(mentions, map[string]any{"a": a.ID, "r": m.Ref.String(), "count": int64(m.Count)})
		}
		for _, ev := range g.Events {
			if !seenEvent[ev.ID] {
				seenEvent[ev.ID] = true
				events = append(events, map[string]any{"id": ev.ID, "type": string(ev.Type), "date": ev.Date})
				for _, p := range ev.Participants {
					parts = append(parts, map[string]any{"e": ev.ID, "r": p.Ref.String(), "role": p.Role})
				}
			}
			for _, r := range ev.Reports {
				reports = append(reports, map[string]any{"e": ev.ID, "a": a.ID, "props": map[string]any{
					"sentence": r.Sentence, "start": int64(r.Start), "end": int64(r.End), "confidence": r.Confidence}})
				if r.Place != "" {
					places = append(places, map[string]any{"e": ev.ID, "r": graph.Ref{Kind: graph.KindPlace, ID: r.Place}.String()})
				}
				for _, t := range r.Topics {
					topics = append(topics, map[string]any{"e": ev.ID, "r": graph.Ref{Kind: graph.KindTopic, ID: t}.String()})
				}
			}
		}
	}
	// Places and topics an event names are entities too.
	for _, rows := range [][]map[string]any{places, topics} {
		for _, row := range rows {
			if r := row["r"].(string); ents[r] == nil {
				ents[r] = map[string]any{"ref": r, "id": r, "name": nil}
			}
		}
	}
	refs := make([]string, 0, len(ents))
	for r := range ents {
		refs = append(refs, r)
	}
	sort.Strings(refs)
	entRows := make([]map[string]any, len(refs))
	for i, r := range refs {
		entRows[i] = ents[r]
	}
	return []statement{
		{`UNWIND $rows AS r MERGE (n:Entity {ref: r.ref}) ON CREATE SET n.id = r.id, n.name = r.name`, entRows},
		{`UNWIND $rows AS r CREATE (a:Article) SET a = r.props`, arts},
		{`UNWIND $rows AS r MERGE (e:Event {id: r.id}) SET e.type = r.type, e.date = r.date`, events},
		{`UNWIND $rows AS r MATCH (a:Article {id: r.a}) MATCH (n:Entity {ref: r.r}) CREATE (a)-[:MENTIONS {count: r.count}]->(n)`, mentions},
		{`UNWIND $rows AS r MATCH (e:Event {id: r.e}) MATCH (n:Entity {ref: r.r}) CREATE (e)-[:PARTICIPANT {role: r.role}]->(n)`, parts},
		{`UNWIND $rows AS r MATCH (e:Event {id: r.e}) MATCH (a:Article {id: r.a}) CREATE (e)-[x:REPORTED_IN]->(a) SET x = r.props`, reports},
		{`UNWIND $rows AS r MATCH (e:Event {id: r.e}) MATCH (n:Entity {ref: r.r}) CREATE (e)-[:AT]->(n)`, places},
		{`UNWIND $rows AS r MATCH (e:Event {id: r.e}) MATCH (n:Entity {ref: r.r}) CREATE (e)-[:ABOUT]->(n)`, topics},
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
