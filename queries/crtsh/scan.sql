-- One keyset page of the crt.sh certificate table, in id order.
-- Precertificates and final certificates alike; expired and revoked rows
-- are never filtered here (a mirror may have no x509 functions: certsweep
-- decodes in C and filters dates after decoding).
-- crt.sh's id is not unique (no primary key): a page ends only after the
-- last row of its last id, so paging on id > last loses no twin. The page
-- is the first $3 rows, extended through every row of the last of their ids.
--   $1 bigint  last id of the previous page; NULL for the first (negative ids too)
--   $2 int[]   issuer_ca_id filter, or NULL for every issuer
--   $3 int     page size
--   $4 bigint  only ids below this, or NULL (the pairing pass stops early)
--   $5 bigint[] only these ids, or NULL (the pairing pass's rows that
--              c_precert_final_mismatch's records named)
SELECT c.id, c.issuer_ca_id, c.certificate
  FROM certificate c
 WHERE ($1::bigint IS NULL OR c.id > $1::bigint)
   AND ($2::int[] IS NULL OR c.issuer_ca_id = ANY ($2::int[]))
   AND ($5::bigint[] IS NULL OR c.id = ANY ($5::bigint[]))
   AND c.id <= (SELECT max(p.id)
                  FROM (SELECT c2.id
                          FROM certificate c2
                         WHERE ($1::bigint IS NULL OR c2.id > $1::bigint)
                           AND ($2::int[] IS NULL OR c2.issuer_ca_id = ANY ($2::int[]))
                           AND ($4::bigint IS NULL OR c2.id < $4::bigint)
                           AND ($5::bigint[] IS NULL OR c2.id = ANY ($5::bigint[]))
                         ORDER BY c2.id
                         LIMIT $3::int) p)
 ORDER BY c.id
