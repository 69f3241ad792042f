-- Precertificate Signing Certificates (RFC 6962 3.1) issued by the audited
-- CAs, with the crt.sh CA id their precertificates are filed under, so that
-- those precertificates are read and paired with their CA's own. A byte test
-- picks candidates (the DER of the EKU OID 1.3.6.1.4.1.11129.2.4.4);
-- certsweep decodes each one and keeps only CA certificates with that EKU.
-- Read-only; CA certificates are few next to the certificates they issue.
--   $1 int[]  issuer_ca_id of the audited CAs, or NULL for every CA
-- Returns the signing certificate's own CA id, its issuer's CA id, its DER.
SELECT cac.ca_id::bigint, c.issuer_ca_id::bigint, c.certificate
  FROM ca_certificate cac
  JOIN certificate c ON c.id = cac.certificate_id
 WHERE ($1::int[] IS NULL OR c.issuer_ca_id = ANY ($1::int[]))
   AND position('\x060a2b06010401d679020404'::bytea IN c.certificate) > 0
 ORDER BY 1, 2
