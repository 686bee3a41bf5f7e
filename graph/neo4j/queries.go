package neo4j

// Every Cypher statement of the store. They are constants with parameters
// only: no input ever becomes part of a statement's text
// (TestCypherIsConstant checks every call site). Labels and relationship
// types are those of labels.go.

// Migrations bookkeeping.
const (
	qMigrationConstraint = `CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE`
	qMigrationVersions   = `MATCH (m:Migration) RETURN m.version ORDER BY m.version`
	qRecordMigration     = `MERGE (m:Migration {version: $version}) ON CREATE SET m.name = $name, m.appliedAt = datetime()`
	qAwaitIndexes        = `CALL db.awaitIndexes($seconds)`
)

// The entity properties a write reads back: the tallies it derives from.
const entityStateMap = `n {._articles, ._mentions, ._t_name, ._t_aliases, ._t_country, ._t_role, ._t_class, ._t_offices, ._t_members, ._curated}`

// Write transaction: locks. SET of a property takes the node's write lock;
// rows arrive sorted, and UNWIND handles them in order, so every writer
// locks in the same order.
const (
	qArticleHashes = `UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN id, a.contentHash`

	qLockArticles = `UNWIND $ids AS id
MERGE (a:Article {id: id})
SET a._lock = true
RETURN id, a.contentHash, a._graph`

	qLockExistingArticles = `UNWIND $ids AS id
MATCH (a:Article {id: id})
SET a._lock = true
RETURN id, a.contentHash, a._graph`

	// The kind label comes from the row, checked against the allowlist by
	// the FOREACH conditions: no label is ever taken from a parameter.
	qLockEntities = `UNWIND $rows AS r
MERGE (n:Entity {ref: r.ref})
ON CREATE SET n.id = r.id
FOREACH (_ IN CASE WHEN r.kind = 'Country' THEN [1] ELSE [] END | SET n:Country)
FOREACH (_ IN CASE WHEN r.kind = 'Person' THEN [1] ELSE [] END | SET n:Person)
FOREACH (_ IN CASE WHEN r.kind = 'Organization' THEN [1] ELSE [] END | SET n:Organization)
FOREACH (_ IN CASE WHEN r.kind = 'Place' THEN [1] ELSE [] END | SET n:Place)
FOREACH (_ IN CASE WHEN r.kind = 'Topic' THEN [1] ELSE [] END | SET n:Topic)
SET n._lock = true
RETURN r.ref, ` + entityStateMap

	qLockEvents = `UNWIND $rows AS r
MERGE (e:Event {id: r.id})
SET e._lock = true
RETURN r.id, e.type, e.date, [(e)-[x:REPORTED_IN]->(a:Article) | x {.*, article: a.id}]`
)

// Write transaction: writes.
const (
	qWriteEntities = `UNWIND $rows AS r
MATCH (n:Entity {ref: r.ref})
SET n += r.props
WITH n, r
CALL (n, r) {
  MATCH (n)-[h:HOLDS]->(t:Entity)
  WHERE NOT {target: t.ref, role: h.role, from: h.from, to: h.to} IN r.holds
  DELETE h
}
CALL (n, r) {
  UNWIND r.holds AS o
  MATCH (t:Entity {ref: o.target})
  MERGE (n)-[:HOLDS {role: o.role, from: o.from, to: o.to}]->(t)
}
CALL (n, r) {
  MATCH (n)-[i:IN]->(c:Entity)
  WHERE r.inRef IS NULL OR c.ref <> r.inRef
  DELETE i
}
CALL (n, r) {
  WITH n, r WHERE r.inRef IS NOT NULL
  MATCH (c:Entity {ref: r.inRef})
  MERGE (n)-[:IN]->(c)
}`

	qDeleteEntities = `UNWIND $rows AS r
MATCH (n:Entity {ref: r.ref})
DETACH DELETE n`

	// eventRows and createReports are the parts of qWriteEvents and
	// qCreateEvents that are the same for an event already stored and one
	// this transaction created.
	eventRows = `UNWIND $rows AS r
MATCH (e:Event {id: r.id})
SET e += r.props
WITH e, r
`
	createReports = `CALL (e, r) {
  UNWIND r.reports AS rep
  MATCH (a:Article {id: rep.article})
  CREATE (e)-[x:REPORTED_IN]->(a)
  SET x = rep.props
}
`

	qWriteEvents = eventRows + `CALL (e, r) {
  UNWIND r.participants AS p
  MATCH (x:Entity {ref: p.ref})
  MERGE (e)-[:PARTICIPANT {role: p.role}]->(x)
}
CALL (e, r) {
  UNWIND r.changed AS aid
  MATCH (e)-[x:REPORTED_IN]->(:Article {id: aid})
  DELETE x
}
` + createReports + `CALL (e, r) {
  MATCH (e)-[x:AT]->(p:Entity)
  WHERE r.placeRef IS NULL OR p.ref <> r.placeRef
  DELETE x
}
CALL (e, r) {
  WITH e, r WHERE r.placeRef IS NOT NULL
  MATCH (p:Entity {ref: r.placeRef})
  MERGE (e)-[:AT]->(p)
}
CALL (e, r) {
  MATCH (e)-[x:ABOUT]->(t:Entity)
  WHERE NOT t.ref IN r.topicRefs
  DELETE x
}
CALL (e, r) {
  UNWIND r.topicRefs AS tr
  MATCH (t:Entity {ref: tr})
  MERGE (e)-[:ABOUT]->(t)
}`

	// qCreateEvents writes events this transaction created: no edge of
	// theirs exists yet, so edges are created without the MERGE's scan of
	// the other end (hub countries hold most of the graph's edges) and
	// without the deletions of qWriteEvents. Most events of a load are new.
	qCreateEvents = eventRows + `CALL (e, r) {
  UNWIND r.participants AS p
  MATCH (x:Entity {ref: p.ref})
  CREATE (e)-[:PARTICIPANT {role: p.role}]->(x)
}
` + createReports + `CALL (e, r) {
  WITH e, r WHERE r.placeRef IS NOT NULL
  MATCH (p:Entity {ref: r.placeRef})
  CREATE (e)-[:AT]->(p)
}
CALL (e, r) {
  UNWIND r.topicRefs AS tr
  MATCH (t:Entity {ref: tr})
  CREATE (e)-[:ABOUT]->(t)
}`

	qDeleteEvents = `UNWIND $rows AS r
MATCH (e:Event {id: r.id})
DETACH DELETE e`

	qWriteArticles = `UNWIND $rows AS r
MATCH (a:Article {id: r.id})
SET a += r.props
WITH a, r WHERE r.rewrite
CALL (a) {
  MATCH (a)-[m:MENTIONS]->()
  DELETE m
}
CALL (a, r) {
  UNWIND r.mentions AS m
  MATCH (n:Entity {ref: m.ref})
  CREATE (a)-[:MENTIONS {count: m.count}]->(n)
}`

	qDeleteArticles = `UNWIND $rows AS r
MATCH (a:Article {id: r.id})
DETACH DELETE a`
)

// Reads by key.
const (
	qEntitiesByRef = `UNWIND $refs AS ref
MATCH (n:Entity {ref: ref})
RETURN ref, ` + entityStateMap

	qEventsByID = `UNWIND $ids AS id
MATCH (e:Event {id: id})
RETURN id, e.type, e.date,
  [(e)-[p:PARTICIPANT]->(x:Entity) | [x.ref, p.role]],
  [(e)-[x:REPORTED_IN]->(a:Article) | x {.*, article: a.id}]`

	articleMap = `a {.id, .url, .title, .lang, .source, .published, .contentHash, .extractor}`

	qArticlesByID = `UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN ` + articleMap
)

// Lists and counts. Optional filters are null parameters; entity pages
// seek the ref index (ordered) from the kind's prefix.
const (
	entityFilter = `n.ref STARTS WITH $prefix
  AND ($key IS NULL OR any(k IN coalesce(n.keys, []) WHERE k STARTS WITH $key))
  AND ($country IS NULL OR CASE WHEN n:Organization THEN $country IN coalesce(n.members, []) ELSE n.country = $country END)
  AND ($role IS NULL OR n.role = $role OR EXISTS { (n)-[h:HOLDS]->() WHERE h.role = $role })`

	qListEntities = `MATCH (n:Entity)
WHERE n.ref > $after AND ` + entityFilter + `
WITH n ORDER BY n.ref LIMIT $limit
RETURN n.ref, ` + entityStateMap

	qCountEntities = `MATCH (n:Entity)
WHERE ` + entityFilter + `
RETURN count(n)`

	// eventFilter is every EventFilter condition but the date range, which
	// each query states so that the date index can serve it.
	eventFilter = `all(ref IN $need WHERE EXISTS { (e)-[:PARTICIPANT]->(:Entity {ref: ref}) })
  AND ` + eventConditions
	// From an anchor, the other required entities are matched first, and
	// each event is checked for an edge into them: by their refs, the
	// check reads the ref of every participant of every event of the
	// anchor, twice the time for two hub countries. (Matching them first
	// in the statements that read the date index would lose its order.)
	// A required entity that does not exist matches nothing.
	eventFilterBound = `all(n IN needs WHERE EXISTS { (e)-[:PARTICIPANT]->(n) })
  AND ` + eventConditions
	eventConditions = `($types IS NULL OR e.type IN $types)
  AND ($place IS NULL OR e.place = $place)
  AND ($topics IS NULL OR any(t IN coalesce(e.topics, []) WHERE t IN $topics))
  AND (NOT $byReport OR EXISTS {
    MATCH (e)-[x:REPORTED_IN]->(a:Article)
    WHERE ($article IS NULL OR a.id = $article)
      AND ($minConf IS NULL OR x.confidence >= $minConf)
      AND ($lang IS NULL OR a.lang = $lang)
  })`

	// Dated events newest first, from the position (hi, hiID) down to lo.
	// The position is written as one range and a negated pair: written as
	// (e.date < $hi OR e.id > $hiID), the planner seeks the date index
	// twice and unions the results, which loses the index's order, and then
	// sorts every dated event to return a page.
	datedWhere = `e.date >= $lo AND e.date <= $hi AND NOT (e.date = $hi AND e.id <= $hiID) AND `
	datedTail  = `
RETURN e.id, e.date ORDER BY e.date DESC, e.id ASC LIMIT $limit`
	undatedWhere = `e.date = '' AND e.id > $after AND `
	undatedTail  = `
RETURN e.id, e.date ORDER BY e.id ASC LIMIT $limit`
	// From an anchor: the required entity with the fewest events.
	anchorMatch = `OPTIONAL MATCH (need:Entity) WHERE need.ref IN $need
WITH collect(need) AS needs
WHERE size(needs) = size($need)
MATCH (:Entity {ref: $anchor})<-[:PARTICIPANT|AT|ABOUT]-(e:Event)
WITH DISTINCT e, needs
WHERE `

	// From the date index, newest first, keeping the anchor's events: for
	// an entity in a large share of all events (a hub country), the first
	// page is found after a few hundred index entries instead of sorting
	// all of its events.
	anchorExists = `EXISTS { (e)-[:PARTICIPANT|AT|ABOUT]->(:Entity {ref: $anchor}) } AND `

	qEventsDated           = `MATCH (e:Event) WHERE ` + datedWhere + eventFilter + datedTail
	qEventsDatedScan       = `MATCH (e:Event) WHERE ` + datedWhere + anchorExists + eventFilter + datedTail
	qEventsDatedAnchored   = anchorMatch + datedWhere + eventFilterBound + datedTail
	qEventsUndated         = `MATCH (e:Event) WHERE ` + undatedWhere + eventFilter + undatedTail
	qEventsUndatedAnchored = anchorMatch + undatedWhere + eventFilterBound + undatedTail

	countTail = `
RETURN count(e)`
	qCountEvents         = `MATCH (e:Event) WHERE e.date >= $lo AND e.date <= $hi AND ` + eventFilter + countTail
	qCountEventsAnchored = anchorMatch + `e.date >= $lo AND e.date <= $hi AND ` + eventFilterBound + countTail
	qCountAllEvents      = `MATCH (e:Event) RETURN count(e)`

	// Event counts grouped by up to two keys ($groupBy, validated
	// graph.GroupKey names, never query text): each key gives a list of
	// values per event, and the event counts once per pair of values.
	groupTail = `
WITH e, [k IN $groupBy | CASE k
    WHEN 'MONTH' THEN [substring(e.date, 0, 7)]
    WHEN 'YEAR' THEN [substring(e.date, 0, 4)]
    WHEN 'TYPE' THEN [e.type]
    WHEN 'TOPIC' THEN COLLECT { UNWIND coalesce(e.topics, []) AS t RETURN DISTINCT t }
    WHEN 'COUNTRY' THEN COLLECT { MATCH (e)-[:PARTICIPANT]->(c:Country) RETURN DISTINCT c.id }
    WHEN 'COUNTERPART' THEN COLLECT { MATCH (e)-[:PARTICIPANT]->(c:Entity) WHERE c.ref STARTS WITH $selfKind AND c.ref <> $self RETURN DISTINCT c.id }
  END] AS keys
UNWIND keys[0] AS k0
UNWIND CASE WHEN size(keys) > 1 THEN keys[1] ELSE [''] END AS k1
RETURN k0, k1, count(*)`
	qEventGroups         = `MATCH (e:Event) WHERE e.date >= $lo AND e.date <= $hi AND ` + eventFilter + groupTail
	qEventGroupsAnchored = anchorMatch + `e.date >= $lo AND e.date <= $hi AND ` + eventFilterBound + groupTail

	// The edges of $ref beyond the first from each event that names it
	// more than once (pairs.go); few events do, and the index on _multi
	// finds them.
	qAnchorRepeats = `MATCH (e:Event) WHERE e._multi IS NOT NULL
RETURN sum(size([r IN e._multi WHERE r = $ref]))`

	qAnchorDegrees = `UNWIND $refs AS ref
MATCH (x:Entity {ref: ref})
RETURN ref, COUNT { (x)<-[:PARTICIPANT|AT|ABOUT]-() }`

	articleFilter = `($lang IS NULL OR a.lang = $lang) AND ($source IS NULL OR a.source = $source)
  AND ($from IS NULL OR left(a.published, 10) >= $from) AND ($to IS NULL OR left(a.published, 10) <= $to)`

	qListArticles = `MATCH (a:Article)
WHERE a.id > $after AND ` + articleFilter + `
WITH a ORDER BY a.id LIMIT $limit
RETURN ` + articleMap

	qCountArticles = `MATCH (a:Article)
WHERE ` + articleFilter + `
RETURN count(a)`
	// The articles of one language, the filter analysts use most, from
	// the index on lang: the general statement, whose conditions may each
	// be absent, reads every article.
	qCountArticlesInLang = `MATCH (a:Article) WHERE a.lang = $lang
RETURN count(a)`
)

// Search: every entity one of whose name keys contains the query key (the
// text index on _search, and the keys of the few entities too long for
// it), with the written forms to score.
const qSearchCandidates = `CALL () {
  MATCH (n:Entity) WHERE n._search CONTAINS $q RETURN n
  UNION
  MATCH (n:Entity) WHERE n._overflow = true AND any(k IN coalesce(n.keys, []) WHERE k CONTAINS $q) RETURN n
}
WITH n WHERE $kinds IS NULL OR any(l IN labels(n) WHERE l IN $kinds)
RETURN n.ref, n.name, n.aliasText`

// Counts from the count store.
const qCounts = `CALL () { MATCH (n:Country) RETURN count(n) AS country }
CALL () { MATCH (n:Person) RETURN count(n) AS person }
CALL () { MATCH (n:Organization) RETURN count(n) AS organization }
CALL () { MATCH (n:Place) RETURN count(n) AS place }
CALL () { MATCH (n:Topic) RETURN count(n) AS topic }
CALL () { MATCH (n:Event) RETURN count(n) AS event }
CALL () { MATCH (n:Article) RETURN count(n) AS article }
CALL () { MATCH ()-[r:PARTICIPANT]->() RETURN count(r) AS participant }
CALL () { MATCH ()-[r:AT]->() RETURN count(r) AS at }
CALL () { MATCH ()-[r:ABOUT]->() RETURN count(r) AS about }
CALL () { MATCH ()-[r:REPORTED_IN]->() RETURN count(r) AS reportedIn }
CALL () { MATCH ()-[r:MENTIONS]->() RETURN count(r) AS mentions }
CALL () { MATCH ()-[r:HOLDS]->() RETURN count(r) AS holds }
CALL () { MATCH ()-[r:IN]->() RETURN count(r) AS inside }
RETURN country, person, organization, place, topic, event, article,
  participant, at, about, reportedIn, mentions, holds, inside`

// Traversals: the edges at a set of nodes, over event, office and location
// edges (articles are not traversed). Event nodes have no ref property.
const (
	traversalNodes = `CALL () {
  UNWIND $refs AS ref MATCH (n:Entity {ref: ref}) RETURN n
  UNION ALL
  UNWIND $events AS id MATCH (n:Event {id: id}) RETURN n
}
`
	edgeColumns = `
RETURN type(x), coalesce(startNode(x).ref, 'Event:' + startNode(x).id), coalesce(endNode(x).ref, 'Event:' + endNode(x).id), x.role`

	qEdgesAmong = traversalNodes + `MATCH (n)-[x:PARTICIPANT|AT|ABOUT|HOLDS|IN]->(o)
WHERE coalesce(o.ref, 'Event:' + o.id) IN $all` + edgeColumns

	// The edges between the node of $refs or $events and the first $limit
	// of its neighbours in $all, by key: a walk along shortest paths takes
	// a node's neighbours in that order and needs no more of them than the
	// paths it still lists, however many thousands of events two hubs
	// share.
	qEdgesToward = traversalNodes + `MATCH (n)-[x:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(o)
WITH x, coalesce(o.ref, 'Event:' + o.id) AS k
WHERE k IN $all
WITH k, collect(x) AS xs ORDER BY k LIMIT $limit
UNWIND xs AS x` + edgeColumns

	// The same from the other side, for a node with more edges than there
	// are nodes in $nextRefs and $nextEvents (a hub country, toward the
	// events it shares with the other end): each of those is checked for
	// an edge to it.
	qEdgesTowardFew = traversalNodes + `CALL () {
  UNWIND $nextRefs AS ref MATCH (o:Entity {ref: ref}) RETURN o
  UNION ALL
  UNWIND $nextEvents AS id MATCH (o:Event {id: id}) RETURN o
}
MATCH (n)-[x:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(o)
WITH x, coalesce(o.ref, 'Event:' + o.id) AS k
WITH k, collect(x) AS xs ORDER BY k LIMIT $limit
UNWIND xs AS x` + edgeColumns

	// The path search (traverse.go) works on node keys and degrees, not
	// edges: a level of a hub country is thousands of events, and only
	// the few nodes on a shortest path need their edges. Each statement
	// returns one row of two lists (keys, degrees): a record per node
	// costs the server and the driver several times as much.
	nodeKey    = `coalesce(n.ref, 'Event:' + n.id)`
	nodeDegree = `COUNT { (n)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-() }`
	keyLists   = `
RETURN collect(` + nodeKey + `), collect(` + nodeDegree + `)`

	qNodeDegrees = traversalNodes + `WITH n` + keyLists

	qNextLevel = traversalNodes + `MATCH (n)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(o)
WITH DISTINCT o AS n` + keyLists

	// The common neighbours of the two nodes of $refs and $events, and
	// whether they are neighbours themselves: most paths between two
	// nodes of a dense graph are two hops long, and this finds them
	// without reading either node's neighbours into the search.
	qCommonNeighbors = traversalNodes + `WITH collect(n) AS ends
WHERE size(ends) = 2
WITH ends[0] AS a, ends[1] AS b
OPTIONAL MATCH (a)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(n)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(b)
WITH a, b, collect(DISTINCT n) AS common
RETURN [n IN common | ` + nodeKey + `], EXISTS { (a)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(b) }`

	// The nodes of a set that have a neighbour in $among.
	qTouching = traversalNodes + `WITH n WHERE EXISTS {
  MATCH (n)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(o)
  WHERE coalesce(o.ref, 'Event:' + o.id) IN $among
}` + keyLists

	// The neighbours of a set that are in $among.
	qNeighborsAmong = traversalNodes + `MATCH (n)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(o)
WHERE coalesce(o.ref, 'Event:' + o.id) IN $among
WITH DISTINCT o AS n` + keyLists

	// The neighbours of a set of nodes, for Neighborhood.
	qNeighborKeys = traversalNodes + `MATCH (n)-[:PARTICIPANT|AT|ABOUT|HOLDS|IN]-(o)
WITH DISTINCT o AS n
RETURN collect(` + nodeKey + `)`

	// With both countries matched first, each event of one is checked for
	// the other by an expand into it, without reading the ref of every
	// participant.
	// The events of two countries from the text index on _pairs (pairs.go),
	// and those whose pairs overflowed it, checked edge by edge.
	qBilateral = `CALL () {
  MATCH (e:Event) USING TEXT INDEX e:Event(_pairs)
  WHERE e._pairs CONTAINS $pair
  RETURN e
  UNION
  MATCH (e:Event) WHERE e._pairsOverflow = true
    AND EXISTS { (e)-[:PARTICIPANT]->(:Entity {ref: $a}) }
    AND EXISTS { (e)-[:PARTICIPANT]->(:Entity {ref: $b}) }
  RETURN e
}
WITH e WHERE e.date >= $lo AND e.date <= $hi
RETURN e.type, e.date, e.topics, [(e)-[p:PARTICIPANT]->(x:Entity) WHERE x.ref IN [$a, $b] | [x.ref, p.role]]`

	// The backfill of migration 6 (pairs.go): the countries of a batch of
	// events, and the properties computed from them.
	qEventCountries = `MATCH (e:Event) WHERE e.id > $after
WITH e ORDER BY e.id LIMIT $limit
RETURN e.id, [(e)-[:PARTICIPANT]->(x:Entity) | x.ref]`
	qSetEventProps = `UNWIND $rows AS r
MATCH (e:Event {id: r.id})
SET e += r.props`
)

// Walk: every node with the edges it owns, built from what is stored (not
// from the tallies), in keyset pages.
const (
	qWalkEntities = `MATCH (n:Entity) WHERE n.ref > $after
WITH n ORDER BY n.ref LIMIT $limit
RETURN n.ref, labels(n), n {.id, .name, .aliasText, .aliasLang, .country, .role, .class, .members},
  [(n)-[h:HOLDS]->(t) | [coalesce(t.ref, ''), h.role, h.from, h.to]],
  [(n)-[:IN]->(c) | coalesce(c.ref, '')]`

	qWalkEvents = `MATCH (e:Event) WHERE e.id > $after
WITH e ORDER BY e.id LIMIT $limit
RETURN e {.id, .type, .date, .subtype, .status},
  [(e)-[p:PARTICIPANT]->(x) | [coalesce(x.ref, ''), p.role]],
  [(e)-[:AT]->(p) | coalesce(p.ref, '')],
  [(e)-[:ABOUT]->(t) | coalesce(t.ref, '')],
  [(e)-[x:REPORTED_IN]->(a) | x {.*, article: a.id}]`

	qWalkArticles = `MATCH (a:Article) WHERE a.id > $after
WITH a ORDER BY a.id LIMIT $limit
RETURN ` + articleMap + `, [(a)-[m:MENTIONS]->(n) | [coalesce(n.ref, ''), m.count]]`
)

// Curation: one node holds the whole curation (graph.Curation as JSON).
// Curation changes lock it; loads read it, and read it again once they
// hold their entities' locks (write.go).
const (
	qLockCuration = `MERGE (c:Curation {id: 'curation'})
SET c._lock = true
RETURN c.data`

	qWriteCuration = `MATCH (c:Curation {id: 'curation'})
SET c._lock = null, c.data = coalesce($data, c.data)`

	qReadCuration = `MATCH (c:Curation {id: 'curation'}) RETURN c.data`

	qLockEntityRef = `MATCH (n:Entity {ref: $ref}) SET n._lock = true`

	qEntitiesExist = `UNWIND $refs AS ref
MATCH (n:Entity {ref: ref})
RETURN n.ref`

	qArticlesMentioning = `MATCH (a:Article)-[:MENTIONS]->(:Entity {ref: $ref})
RETURN a.id ORDER BY a.id`

	qLockArticlesWithMeta = `UNWIND $ids AS id
MATCH (a:Article {id: id})
SET a._lock = true
RETURN id, a.contentHash, a._graph, a {.url, .title, .lang, .source, .published, .extractor}`
)
