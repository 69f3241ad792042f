-- CRL entries revoked for keyCompromise (reasonCode 1), for
-- c_key_reused_after_compromise: read once before the main pass, so that
-- each certificate read can be told whether its own (issuer_ca_id, serial)
-- was revoked for keyCompromise. Read-only; no join to certificate.
--   $1 int[]   issuer_ca_id to keep, or NULL for every issuer
-- serial_number as hex (a mirror may store it with or without a leading
-- 00 sign octet: the caller strips it).
SELECT cr.ca_id, encode(cr.serial_number, 'hex'), extract(epoch FROM cr.revocation_date)::bigint
  FROM crl_revoked cr
 WHERE cr.reason_code = 1
   AND cr.revocation_date IS NOT NULL
   AND ($1::int[] IS NULL OR cr.ca_id = ANY ($1::int[]))
