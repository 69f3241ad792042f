-- Whether the server has libx509pq's x509_notBefore(bytea) (crt.sh itself
-- does; a mirror may not), so its notBefore index can be used.
SELECT to_regprocedure('x509_notbefore(bytea)') IS NOT NULL
