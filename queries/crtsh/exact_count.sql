-- Exact number of rows a pass with this filter reads (NULL ids, which no
-- keyset can page, are counted when no id bound is given, so they show
-- up as a difference).
--   $1 int[]   issuer_ca_id filter, or NULL
--   $2 bigint  only ids above this, or NULL
--   $3 bigint  only ids below this, or NULL
SELECT count(*)
  FROM certificate c
 WHERE ($1::int[] IS NULL OR c.issuer_ca_id = ANY ($1::int[]))
   AND ($2::bigint IS NULL OR c.id > $2::bigint)
   AND ($3::bigint IS NULL OR c.id < $3::bigint)
