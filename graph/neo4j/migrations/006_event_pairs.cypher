// Bilateral questions find the events of two countries through the text
// index on _pairs (every two countries of an event, pairs.go), not by
// reading every event of the one with fewer: two hub countries have tens
// of thousands each. An event whose pairs are too long for the index is
// marked _pairsOverflow instead. Events written before this migration get
// their _pairs from its backfill (migrate.go).
CREATE TEXT INDEX event_pairs IF NOT EXISTS FOR (n:Event) ON (n._pairs);
CREATE INDEX event_pairs_overflow IF NOT EXISTS FOR (n:Event) ON (n._pairsOverflow);
// _multi lists the participants an event names more than once (source and
// target), so that an entity's events are counted from its degree.
CREATE INDEX event_multi IF NOT EXISTS FOR (n:Event) ON (n._multi);
