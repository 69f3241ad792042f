-- One keyset page of one issuer's certificates along crt.sh's index
-- c_ica_notbefore (issuer_ca_id, x509_notBefore(certificate)), with the
-- notBefore window in SQL: used only where the server has libx509pq's
-- functions and the audit names issuers and a window. Rows come in
-- (notBefore, id) order; a page ends after every row of its last
-- (notBefore, id) pair, so twins are never split.
--   $1 int        issuer_ca_id
--   $2 text       notBefore of the previous page's last row; NULL for the first
--   $3 bigint     id of that row
--   $4 int        page size
--   $5 timestamp  window start (inclusive), or NULL
--   $6 timestamp  window end (exclusive), or NULL
--   $7 bigint     only ids above this, or NULL
--   $8 bigint     only ids below this, or NULL
-- Returns id, issuer_ca_id, certificate and the notBefore as text (the keyset).
SELECT c.id, c.issuer_ca_id, c.certificate, x509_notBefore(c.certificate)::text
  FROM certificate c
 WHERE c.issuer_ca_id = $1::int
   AND x509_notBefore(c.certificate) >= coalesce($2::timestamp, $5::timestamp, '-infinity')
   AND x509_notBefore(c.certificate) < coalesce($6::timestamp, 'infinity')
   AND ($2::timestamp IS NULL OR (x509_notBefore(c.certificate), c.id) > ($2::timestamp, $3::bigint))
   AND ($7::bigint IS NULL OR c.id > $7::bigint)
   AND ($8::bigint IS NULL OR c.id < $8::bigint)
   AND (x509_notBefore(c.certificate), c.id) <=
       (SELECT p.nb, p.id
          FROM (SELECT x509_notBefore(c2.certificate) AS nb, c2.id
                  FROM certificate c2
                 WHERE c2.issuer_ca_id = $1::int
                   AND x509_notBefore(c2.certificate) >= coalesce($2::timestamp, $5::timestamp, '-infinity')
                   AND x509_notBefore(c2.certificate) < coalesce($6::timestamp, 'infinity')
                   AND ($2::timestamp IS NULL OR (x509_notBefore(c2.certificate), c2.id) > ($2::timestamp, $3::bigint))
                   AND ($7::bigint IS NULL OR c2.id > $7::bigint)
                   AND ($8::bigint IS NULL OR c2.id < $8::bigint)
                 ORDER BY 1, 2
                 LIMIT $4::int) p
         ORDER BY 1 DESC, 2 DESC
         LIMIT 1)
 ORDER BY x509_notBefore(c.certificate), c.id
