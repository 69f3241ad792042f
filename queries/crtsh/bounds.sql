-- Smallest and largest certificate.id, for --shard K/N id ranges.
--   $1 int[]  issuer_ca_id filter, or NULL
SELECT coalesce(min(c.id), 0), coalesce(max(c.id), -1)
  FROM certificate c
 WHERE ($1::int[] IS NULL OR c.issuer_ca_id = ANY ($1::int[]))
