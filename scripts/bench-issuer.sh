#!/usr/bin/env bash
# Audit one issuer's notBefore window on crt.sh's real schema
# (queries/crtsh/schema-real.sql), along the id index (the plan a mirror
# without x509 functions gets) and along c_ica_notbefore (crt.sh itself).
#   scripts/bench-issuer.sh ROWS [BUILD_DIR]
#   scripts/bench-issuer.sh [--plpgsql] ROWS [BUILD_DIR]
# ROWS rows from the fixture corpus's certificates, 1% of them under the
# measured issuer. Prints the server-side time to page through the window
# with each query (page size 1000) and the end-to-end certsweep audit time
# along each path (--id-order forces the id path). Needs a built certsweep
# and its fixtures.
# libx509pq's functions are C; by default they are replaced by the C
# stand-ins of scripts/pg/x509_standin.c (built here with PGXS, from
# postgresql-server-dev-15, installed if missing) — the PL/pgSQL stand-ins of
# schema-real.sql cost ~0.75 ms a row to load. --plpgsql keeps those.
set -euo pipefail
cd "$(dirname "$0")/.."
PLPGSQL=0
[ "${1:-}" = --plpgsql ] && { PLPGSQL=1; shift; }
ROWS=${1:?usage: bench-issuer.sh [--plpgsql] ROWS [BUILD_DIR]}
BUILD=${2:-build}
CORPUS=$BUILD/tests/fixtures/crtsh
[ -d "$CORPUS/der" ] || { echo "bench-issuer: build the fixtures first ($CORPUS)" >&2; exit 2; }
. scripts/lib/pg.sh
pg_throwaway_start
trap pg_throwaway_stop EXIT
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f queries/crtsh/schema-real.sql >/dev/null
if [ $PLPGSQL = 0 ]; then
	. scripts/lib/deps.sh
	certsweep_deps postgresql-server-dev-15
	make -s -C scripts/pg >/dev/null
	SO=$PWD/scripts/pg/x509_standin.so
	# same names and signatures: the partition key and the indexes now call C
	psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null <<SQL
CREATE OR REPLACE FUNCTION x509_notBefore(bytea) RETURNS timestamp LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS '$SO', 'x509_notbefore';
CREATE OR REPLACE FUNCTION x509_notAfter(bytea) RETURNS timestamp LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS '$SO', 'x509_notafter';
CREATE OR REPLACE FUNCTION x509_serialNumber(bytea) RETURNS bytea LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS '$SO', 'x509_serialnumber';
CREATE OR REPLACE FUNCTION x509_name(bytea, boolean DEFAULT TRUE) RETURNS bytea LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS '$SO', 'x509_name';
CREATE OR REPLACE FUNCTION x509_publicKey(bytea) RETURNS bytea LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS '$SO', 'x509_publickey';
CREATE OR REPLACE FUNCTION identities(bytea) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
	\$\$ SELECT to_tsvector('simple', coalesce(encode(x509_serialNumber(\$1), 'hex'), '')) \$\$;
SQL
	echo "x509 stand-ins: C ($SO)"
else
	echo "x509 stand-ins: PL/pgSQL (schema-real.sql)"
fi
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
CREATE ROLE guest LOGIN;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest;
SQL
# in steps of 1M rows (one transaction each), with progress; the indexes
# on certificate are built after the load (a sorted bulk build, as a restore
# does), from schema-real.sql's own definitions
IDX=$(grep -E '^CREATE INDEX [a-z_0-9]+ ON certificate ' queries/crtsh/schema-real.sql)
psql -qXAt -d certwatch -c "SELECT 'DROP INDEX ' || indexrelid::regclass || ';' FROM pg_index WHERE indrelid = 'certificate'::regclass" |
	psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null
NT=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM tmpl")
for ((lo = 1; lo <= ROWS; lo += 1000000)); do
	hi=$((lo + 999999 < ROWS ? lo + 999999 : ROWS))
	psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "INSERT INTO certificate (id, issuer_ca_id, certificate)
  SELECT g, CASE WHEN g % 100 = 0 THEN 100 ELSE 1 + g % 99 END, t.der
    FROM generate_series($lo, $hi) g JOIN tmpl t ON t.n = 1 + g % $NT" >/dev/null
	[ $hi -lt $ROWS ] && echo "  $hi rows after $(( $(date +%s) - t0 )) s"
done
echo "  rows in $(( $(date +%s) - t0 )) s; building the indexes"
{ echo "SET maintenance_work_mem = '512MB';"; echo "$IDX"; } | psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null
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
audit() { # NAME ARGS...: end-to-end time of one certsweep audit of the window
	local name=$1 t0
	shift
	t0=$(date +%s.%N)
	"$BUILD/certsweep" audit -d "host=$PGHOST port=$PGPORT dbname=certwatch user=guest" --issuer-ca-id 100 \
		--not-before-from $FROM --not-before-to $TO --lint 'e_subject_*' --no-progress \
		--out-dir "$PGTMP/out-$name" "$@" 2>/dev/null
	echo "certsweep audit ($name path, end to end): $(echo "$(date +%s.%N) - $t0" | bc) s"
}
audit id --id-order
audit issuer
cmp "$PGTMP/out-id/affected.csv" "$PGTMP/out-issuer/affected.csv" &&
	echo "affected.csv identical along both paths ($(($(wc -l <"$PGTMP/out-id/affected.csv") - 1)) lines)"
