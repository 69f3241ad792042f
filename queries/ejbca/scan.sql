-- One keyset page of EJBCA's CertificateData, in fingerprint order. The DER
-- is in base64cert, or in Base64CertData when base64cert is NULL (EJBCA's
-- "separate certificate table" setting).
--   $1 text  last fingerprint of the previous page, NULL for the first
--   $2 int   page size
SELECT cd.fingerprint, COALESCE(cd.base64cert, b.base64cert), cd.status,
       cd.revocationdate, cd.revocationreason
  FROM certificatedata cd
  LEFT JOIN base64certdata b ON b.fingerprint = cd.fingerprint
 WHERE ($1::text IS NULL OR cd.fingerprint > $1::text)
 ORDER BY cd.fingerprint
 LIMIT $2::int
