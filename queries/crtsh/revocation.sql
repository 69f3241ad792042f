-- CRL entries for a batch of (issuer_ca_id, serial) keys.
--   $1 int[]   issuer_ca_id of each key
--   $2 text[]  serial number content octets as hex, same order
--   $3 text[]  the same without a leading 00 sign octet (a mirror may store
--              either form; both are tried, the exact form first)
-- Returns the 1-based position of the key it matched.
SELECT DISTINCT ON (k.ord) k.ord, cr.reason_code, extract(epoch FROM cr.revocation_date)::bigint
  FROM unnest($1::int[], $2::text[], $3::text[]) WITH ORDINALITY AS k(ca_id, serial_hex, stripped_hex, ord)
  JOIN crl_revoked cr
    ON cr.ca_id = k.ca_id
   AND cr.serial_number IN (decode(k.serial_hex, 'hex'), decode(k.stripped_hex, 'hex'))
 ORDER BY k.ord, (cr.serial_number = decode(k.serial_hex, 'hex')) DESC
