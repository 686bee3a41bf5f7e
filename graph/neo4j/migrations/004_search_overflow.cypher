// The text index holds values up to 32 KB. An entity whose name keys
// together are longer (thousands of aliases) keeps them only in its keys
// list and is marked _overflow: search scans those few entities too.
CREATE INDEX entity_overflow IF NOT EXISTS FOR (n:Entity) ON (n._overflow);
