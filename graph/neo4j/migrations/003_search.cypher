// Name search in every script.
//
// entity_search is a trigram text index over _search, the newline-joined
// graph.Key forms of an entity's name and aliases: it answers CONTAINS for
// any substring in any script (Han included, where words are not separated
// by spaces), which is the candidate set of the shared search ranking
// (graph.SearchScore: a match of any kind contains the query key).
CREATE TEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON (n._search);
// entity_names is a Lucene full-text index over the written forms, for
// fuzzy and relevance-ranked queries (db.index.fulltext.queryNodes). The
// standard analyzer without stop words splits Latin, Cyrillic, Devanagari
// and Arabic text into words and Han text into single characters, and
// drops no word of any language.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
  FOR (n:Country|Person|Organization|Place|Topic) ON EACH [n.name, n.aliasText]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
