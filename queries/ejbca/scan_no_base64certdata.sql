-- As scan.sql, for installations without the Base64CertData table.
SELECT cd.fingerprint, cd.base64cert, cd.status, cd.revocationdate, cd.revocationreason
  FROM certificatedata cd
 WHERE ($1::text IS NULL OR cd.fingerprint > $1::text)
 ORDER BY cd.fingerprint
 LIMIT $2::int
