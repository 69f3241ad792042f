-- One keyset page of the crt.sh certificate table, in id order.
-- Precertificates and final certificates alike; expired and revoked rows
-- are never filtered here (the mirror has no x509 functions: certsweep
-- decodes in C and filters dates after decoding).
--   $1 bigint  last id of the previous page (the shard's start - 1 for the first)
--   $2 int[]   issuer_ca_id filter, or NULL for every issuer
--   $3 int     page size
--   $4 bigint  only ids below this, or NULL (the pairing pass stops early)
SELECT c.id, c.issuer_ca_id, c.certificate
  FROM certificate c
 WHERE c.id > $1::bigint
   AND ($2::int[] IS NULL OR c.issuer_ca_id = ANY ($2::int[]))
   AND ($4::bigint IS NULL OR c.id < $4::bigint)
 ORDER BY c.id
 LIMIT $3::int
