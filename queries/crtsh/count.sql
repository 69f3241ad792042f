-- The planner's row estimate, for progress and ETA only (cheap, never a
-- scan). crt.sh's certificate is partitioned and its parent is never
-- analysed (reltuples -1): sum the leaf partitions. Also says whether any
-- leaf is unanalysed and how large the table is, so the caller can fall
-- back to count(*) on a small table.
SELECT sum(greatest(c.reltuples, 0))::bigint,
       bool_or(c.reltuples < 0),
       sum(pg_relation_size(c.oid))::bigint
  FROM pg_partition_tree('certificate'::regclass) t
  JOIN pg_class c ON c.oid = t.relid
 WHERE t.isleaf
