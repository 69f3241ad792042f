-- The CA certificates of the audited CAs (every certificate crt.sh links to
-- the CA through ca_certificate: the root or intermediate itself, its
-- renewals and cross-signs), for c_issued_outside_issuer_validity: read once
-- before the main pass. Read-only; CA certificates are few next to the
-- certificates they issue.
--   $1 int[]  ca ids of the audited CAs (the issuer_ca_id of their
--             certificates), or NULL for every CA
-- Returns the CA's id, the CA certificate's own issuer_ca_id, its DER.
SELECT cac.ca_id::bigint, c.issuer_ca_id::bigint, c.certificate
  FROM ca_certificate cac
  JOIN certificate c ON c.id = cac.certificate_id
 WHERE ($1::int[] IS NULL OR cac.ca_id = ANY ($1::int[]))
 ORDER BY 1, c.id
