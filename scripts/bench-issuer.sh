#!/usr/bin/env bash
# Audit one issuer's notBefore window on crt.sh's real schema
# (queries/crtsh/schema-real.sql), along the id index (the plan a mirror
# without x509 functions gets) and along c_ica_notbefore (crt.sh itself).
#   scripts/bench-issuer.sh ROWS [BUILD_DIR]
# ROWS rows from the fixture corpus's certificates, 1% of them under the
# measured issuer. Prints the server-side time to page through the window
# with each query (page size 1000) and the end-to-end certsweep audit time
# of today's plan. Needs a built certsweep and its fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:?usage: bench-issuer.sh ROWS [BUILD_DIR]}
BUILD=${2:-build}
CORPUS=$BUILD/tests/fixtures/crtsh
[ -d "$CORPUS/der" ] || { echo "bench-issuer: build the fixtures first ($CORPUS)" >&2; exit 2; }
. scripts/lib/pg.sh
pg_throwaway_start
trap pg_throwaway_stop EXIT
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f queries/crtsh/schema-real.sql >/dev/null
# the corpus's well-formed certificates as templates
{
	echo "CREATE TABLE tmpl (n serial, der bytea);"
	for f in "$CORPUS"/der/*.der; do
		openssl x509 -inform der -in "$f" -noout 2>/dev/null || continue
		echo "INSERT INTO tmpl (der) VALUES ('\\x$(od -An -v -tx1 "$f" | tr -d ' \n')');"
	done
} | psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null
t0=$(date +%s)
psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null <<SQL
INSERT INTO ca (id, name, public_key) SELECT g, 'CA ' || g, int4send(g) FROM generate_series(1, 100) g;
INSERT INTO certificate (id, issuer_ca_id, certificate)
  SELECT g, CASE WHEN g % 100 = 0 THEN 100 ELSE 1 + g % 99 END,
         (SELECT der FROM tmpl WHERE n = 1 + g % (SELECT count(*) FROM tmpl))
    FROM generate_series(1, $ROWS) g;
CREATE ROLE guest LOGIN;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest;
SQL
psql -qXAt -d certwatch -c "SELECT 'ANALYZE ' || inhrelid::regclass || ';' FROM pg_inherits WHERE inhparent = 'certificate'::regclass" |
	psql -qX -d certwatch >/dev/null
echo "loaded $ROWS rows in $(( $(date +%s) - t0 )) s"
FROM=2025-01-01 TO=2026-01-01
window=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate WHERE issuer_ca_id = 100 AND x509_notBefore(certificate) >= '$FROM' AND x509_notBefore(certificate) < '$TO'")
echo "issuer 100: $(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate WHERE issuer_ca_id = 100") rows, $window in [$FROM, $TO)"
sql() { grep -v '^ *--' "queries/crtsh/$1"; }
page_through() { # NAME: server-side seconds to read the window page by page
	psql -qXAt -d certwatch -v ON_ERROR_STOP=1 <<SQL
DO \$\$
DECLARE t0 timestamptz := clock_timestamp(); n bigint := 0; k bigint; last_id bigint; last_nb text;
BEGIN
	LOOP
		IF '$1' = 'id' THEN
			EXECUTE 'WITH p AS (' || \$q\$$(sql scan.sql)\$q\$ || ') SELECT count(*) FILTER (WHERE x509_notBefore(certificate) >= ''$FROM'' AND x509_notBefore(certificate) < ''$TO''), count(*), max(id) FROM p'
				INTO k, n, last_id USING last_id, '{100}'::int[], 1000, NULL::bigint;
			EXIT WHEN n < 1000;
		ELSE
			EXECUTE 'WITH p AS (' || \$q\$$(sql scan_issuer.sql)\$q\$ || ') SELECT count(*), (SELECT x509_notbefore FROM p ORDER BY x509_notbefore::timestamp DESC, id DESC LIMIT 1), (SELECT id FROM p ORDER BY x509_notbefore::timestamp DESC, id DESC LIMIT 1) FROM p'
				INTO n, last_nb, last_id USING 100, last_nb, last_id, 1000, '$FROM'::timestamp, '$TO'::timestamp, NULL::bigint, NULL::bigint;
			EXIT WHEN n < 1000;
		END IF;
	END LOOP;
	RAISE NOTICE '$1 path: % s', round(extract(epoch FROM clock_timestamp() - t0)::numeric, 2);
END \$\$;
SQL
}
page_through id 2>&1 | grep -E "path:|ERROR"
page_through issuer 2>&1 | grep -E "path:|ERROR"
t0=$(date +%s.%N)
"$BUILD/certsweep" audit -d "host=$PGHOST port=$PGPORT dbname=certwatch user=guest" --issuer-ca-id 100 \
	--not-before-from $FROM --not-before-to $TO --lint 'e_subject_*' --out-dir "$PGTMP/out" 2>/dev/null
echo "certsweep audit (id path, end to end): $(echo "$(date +%s.%N) - $t0" | bc) s"
