-- CRL entries for a batch of (issuer_ca_id, serial) keys.
--   $1 int[]   issuer_ca_id of each key
--   $2 text[]  serial number content octets as hex, same order
--   $3 text[]  the same without a leading 00 sign octet (a mirror may store
--              either form; both are tried)
-- Returns every matching entry with the 1-based position of its key, in
-- the order certsweep chooses from: a store may hold several entries for
-- one serial (crt.sh keeps no unique key), and the earliest revocation
-- date, then the lowest reason code, then the exact serial form wins; the
-- caller reports the others when they disagree.
SELECT k.ord, cr.reason_code, extract(epoch FROM cr.revocation_date)::bigint
  FROM unnest($1::int[], $2::text[], $3::text[]) WITH ORDINALITY AS k(ca_id, serial_hex, stripped_hex, ord)
  JOIN crl_revoked cr
    ON cr.ca_id = k.ca_id
   AND cr.serial_number IN (decode(k.serial_hex, 'hex'), decode(k.stripped_hex, 'hex'))
 ORDER BY k.ord, cr.revocation_date NULLS LAST, cr.reason_code NULLS LAST,
          (cr.serial_number = decode(k.serial_hex, 'hex')) DESC
