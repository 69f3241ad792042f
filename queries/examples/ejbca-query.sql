-- An example for `certsweep audit --query FILE`: any SQL that returns the
-- documented columns, keyset-paged on id.
--   id                 sortable key; $1 is the last id of the previous page
--                      (NULL for the first page), $2 the page size
--   der                bytea DER, or text base64 of the DER
--   revoked_at         timestamp (UTC) or NULL when not revoked   [optional]
--   revocation_reason  RFC 5280 reasonCode or NULL                [optional]
-- This one reads EJBCA's CertificateData directly.
SELECT fingerprint AS id,
       base64cert AS der,
       CASE WHEN status IN (30, 40) OR (status = 60 AND revocationreason <> -1)
            THEN to_timestamp(revocationdate / 1000) END AS revoked_at,
       CASE WHEN revocationreason >= 0 THEN revocationreason END AS revocation_reason
  FROM certificatedata
 WHERE $1::text IS NULL OR fingerprint > $1::text
 ORDER BY fingerprint
 LIMIT $2::int
