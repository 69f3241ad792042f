#!/usr/bin/env bash
# Benchmarks (targets live here, not in timed tests):
#  (a) decode + SHA-256 + every lint, in memory, certs/s on one core, next to
#      a plain d2i_X509 loop on the same certificates;
#  (b) end-to-end audit certs/s from a throwaway PostgreSQL (crt.sh schema);
#  (c) peak RSS of the audit at 100k and 1M certificates.
# Prints a table and writes reports/bench/latest.md.
#   scripts/bench.sh [ROWS_LARGE]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LARGE=${1:-1000000}
. scripts/lib/deps.sh
certsweep_deps time
. scripts/lib/pg.sh

cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCERTSWEEP_TESTS=OFF >/dev/null
cmake --build build-bench -j "$(nproc)" >/dev/null
CS=$ROOT/build-bench/certsweep
BENCH=$ROOT/build-bench/certsweep-bench

CORPUS=$ROOT/.cache/demo-corpus
if [ ! -s "$CORPUS/certs.tsv" ]; then
	echo "==> generating the template corpus (scripts/gen-demo-spec.sh, openssl CLI)"
	mkdir -p "$CORPUS"
	scripts/gen-demo-spec.sh "$CORPUS/planted.txt" >"$CORPUS/demo.spec"
	scripts/gen-corpus.sh "$CORPUS/demo.spec" "$CORPUS"
fi

echo "==> (a) in memory, one core"
"$BENCH" inmem "$CORPUS" 5 | tee "$ROOT/.cache/bench-inmem.txt"
get() { awk -v k="$1" '$1==k{print $2}' "$ROOT/.cache/bench-inmem.txt"; }

pg_throwaway_start
trap 'pg_throwaway_stop' EXIT
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f queries/crtsh/schema.sql >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "INSERT INTO ca (id, name, public_key) VALUES (101,'ov','\\x00'),(102,'ev','\\x00'),(103,'dv','\\x00')" >/dev/null

load_rows() { # total rows wanted
	local have
	have=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate")
	[ "$have" -ge "$1" ] && return 0
	echo "==> loading $(( $1 - have )) rows (binary COPY)"
	"$BENCH" copy "$CORPUS" $(( $1 - have )) $(( have + 1 )) >"$PGTMP/rows.copy"
	psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "\\copy certificate (id, issuer_ca_id, certificate) FROM '$PGTMP/rows.copy' WITH (FORMAT binary)"
	rm -f "$PGTMP/rows.copy"
	psql -qX -d certwatch -c "VACUUM ANALYZE certificate" >/dev/null
}

run_audit() { # "parallelism flags" label -> seconds and peak RSS (KiB) on stdout
	local out=$PGTMP/out-$2
	# shellcheck disable=SC2086
	/usr/bin/time -f "%e %M" -o "$PGTMP/time-$2" "$CS" audit $1 \
		-d "host=$PGHOST port=$PGPORT dbname=certwatch user=postgres" --schema crtsh \
		--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent \
		--joi-level CH=state --now 2026-11-01 --planned-revocation 2026-11-06 --no-progress \
		--page-size 5000 --out-dir "$out" 2>"$PGTMP/audit-$2.log"
	cat "$PGTMP/time-$2"
}

# scan memory alone: a sweep that matches nothing keeps no serials
run_empty() { # label -> peak RSS (KiB)
	/usr/bin/time -f "%M" -o "$PGTMP/time-$1" "$CS" audit -d "host=$PGHOST port=$PGPORT dbname=certwatch user=postgres" \
		--where 'serial.len > 100' --now 2026-11-01 --no-progress --page-size 5000 --out-dir "$PGTMP/out-$1" 2>/dev/null
	cat "$PGTMP/time-$1"
}

load_rows 100000
# warm the cache once, then measure
run_audit "-j 1" warm >/dev/null
read -r t100 rss100 < <(run_audit "-j 1" small)
read -r flat100 < <(run_empty flat-small)
load_rows "$LARGE"
run_audit "-j 1" warm >/dev/null
read -r tL rssL < <(run_audit "-j 1" large)
read -r tJ rssJ < <(run_audit "-j 2" large-j2)
read -r tC rssC < <(run_audit "--connections 2" large-c2)
read -r flatL < <(run_empty flat-large)
e2eC=$(awk -v n="$LARGE" -v t="$tC" 'BEGIN{printf "%.0f", n/t}')
cmp "$PGTMP/out-large/affected.csv" "$PGTMP/out-large-c2/affected.csv" || { echo "bench: --connections 2 output differs" >&2; exit 1; }
e2e100=$(awk -v n=100000 -v t="$t100" 'BEGIN{printf "%.0f", n/t}')
e2eL=$(awk -v n="$LARGE" -v t="$tL" 'BEGIN{printf "%.0f", n/t}')
e2eJ=$(awk -v n="$LARGE" -v t="$tJ" 'BEGIN{printf "%.0f", n/t}')
cmp "$PGTMP/out-large/affected.csv" "$PGTMP/out-large-j2/affected.csv" || { echo "bench: --jobs 2 output differs" >&2; exit 1; }

mkdir -p reports/bench
{
	echo "# certsweep benchmark"
	echo
	echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(openssl version), PostgreSQL $(psql -qXAt -c 'SHOW server_version')"
	echo
	echo "| measure | result | target |"
	echo "|---|---:|---:|"
	echo "| (a) decode + SHA-256 + $(get lints) lints, in memory, 1 core | $(get sweep_certs_per_s) certs/s | >= 100000 |"
	echo "| (a) plain d2i_X509 + X509_free loop, same certificates | $(get d2i_x509_certs_per_s) certs/s | |"
	echo "| (a) ratio | $(get ratio)x | >= 10x |"
	echo "| (b) end-to-end audit from PostgreSQL, 100k rows, --jobs 1 | $e2e100 certs/s ($t100 s) | |"
	echo "| (b) end-to-end audit from PostgreSQL, $LARGE rows, --jobs 1 | $e2eL certs/s ($tL s) | |"
	echo "| (b) end-to-end audit from PostgreSQL, $LARGE rows, --jobs 2 | $e2eJ certs/s ($tJ s) | >= 50000 |"
	echo "| (b) end-to-end audit from PostgreSQL, $LARGE rows, --connections 2 | $e2eC certs/s ($tC s) | |"
	echo "| (c) peak RSS, 100k rows | $((rss100 / 1024)) MiB | < 256 MiB |"
	echo "| (c) peak RSS, $LARGE rows | $((rssL / 1024)) MiB | < 256 MiB, no growth |"
	echo "| (c) peak RSS, $LARGE rows, --jobs 2 | $((rssJ / 1024)) MiB | < 256 MiB |"
	echo "| (c) peak RSS, $LARGE rows, --connections 2 | $((rssC / 1024)) MiB | < 256 MiB |"
	echo "| (c) peak RSS, scan alone (nothing matches), 100k rows | $((flat100 / 1024)) MiB | no growth |"
	echo "| (c) peak RSS, scan alone (nothing matches), $LARGE rows | $((flatL / 1024)) MiB | no growth |"
	echo
	echo "Templates: $(get templates) certificates from the demo corpus (openssl CLI), replicated with distinct serials."
	echo "The end-to-end audits are an incident sweep (the two incident lints; ~3% of rows affected, so the"
	echo "affected set - which certsweep keeps in memory, it is the output - grows with the corpus); the"
	echo "scan itself holds one page of rows per worker. The server runs on the same 2 cores."
	echo "Command: scripts/bench.sh $LARGE"
} | tee reports/bench/latest.md
