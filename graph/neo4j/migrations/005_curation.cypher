// The one node holding the curation (aliases, merges): unique, so that
// concurrent writers MERGE the same node.
CREATE CONSTRAINT curation_id IF NOT EXISTS FOR (n:Curation) REQUIRE n.id IS UNIQUE;
