#!/usr/bin/env bash
# Memory of the corpus checks (issue #12) as the corpus grows: an audit with
# every c_ check (and the two incident lints) over N rows of the bench corpus
# from a throwaway local PostgreSQL, wall time and peak RSS per size.
#   scripts/corpus-memory.sh [ROWS...]        default: 1000000 3000000
# Prints one table row per size (markdown) to stdout; needs the Release build
# and bench corpus that scripts/bench.sh makes (build-bench/, .cache/).
# Every check keeps its records in an external sort with a fixed in-memory
# buffer (8 MiB each, four of them), so RSS rises until the buffers are
# full (~175k rows) and is flat after; CERTSWEEP_SPILL_BUFFER=BYTES (e.g.
# 1048576) shrinks them to show the flat curve at small sizes. CERTSWEEP
# and BENCH_CORPUS select another binary or template corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${*:-1000000 3000000}
die() { echo "corpus-memory: $*" >&2; exit 1; }
CS=${CERTSWEEP:-$ROOT/build-bench/certsweep} BENCH=${CERTSWEEP_BENCH:-$ROOT/build-bench/certsweep-bench}
[ -x "$CS" ] && [ -x "$BENCH" ] || die "build first: scripts/bench.sh (or cmake --build build-bench)"
CORPUS=${BENCH_CORPUS:-$(ls -d "$ROOT"/.cache/bench-corpus-800-* 2>/dev/null | head -1)}
[ -s "$CORPUS/certs.tsv" ] || die "no bench corpus under .cache/ (run scripts/bench.sh once)"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (Debian package time)"
. scripts/lib/pg.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/certsweep-cmem.XXXXXX")
cleanup() { pg_throwaway_stop; rm -rf "$WORK"; }
trap cleanup EXIT
pg_throwaway_start
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f queries/crtsh/schema.sql >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$CORPUS/ca.sql" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "CREATE ROLE guest LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest;" >/dev/null
DB="host=$PGHOST port=$PGPORT dbname=certwatch user=guest"
CHECKS=()
while read -r name _; do
	case $name in c_*) CHECKS+=(--lint "$name") ;; esac
done < <("$CS" lints)
echo "checks: $(printf '%s ' "${CHECKS[@]}" | sed 's/--lint //g')"
echo
echo "| rows | checks | wall s | certs/s | peak RSS MiB | affected serials |"
echo "|---:|---|---:|---:|---:|---:|"
for n in $SIZES; do
	have=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate")
	if [ "$have" -lt "$n" ]; then
		"$BENCH" copy "$CORPUS" $((n - have)) $((have + 1)) |
			psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "\\copy certificate (id, issuer_ca_id, certificate) FROM pstdin WITH (FORMAT binary)"
		psql -qX -d certwatch -c "VACUUM ANALYZE certificate" >/dev/null
	fi
	rm -rf "$WORK/out"
	TMPDIR=$WORK /usr/bin/time -f "%e %M" -o "$WORK/time" "$CS" audit -d "$DB" --schema crtsh "${CHECKS[@]}" \
		--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent \
		--now 2026-11-01T00:00:00Z --page-size 5000 --no-progress --out-dir "$WORK/out" >/dev/null 2>"$WORK/err" ||
		{ [ $? = 1 ] || { cat "$WORK/err" >&2; die "audit of $n rows failed"; }; }
	read -r wall rss < <(tail -n 1 "$WORK/time")
	affected=$(($(wc -l <"$WORK/out/affected.csv") - 1))
	echo "| $n | $((${#CHECKS[@]} / 2)) c_ checks | $wall | $(awk -v n="$n" -v t="$wall" 'BEGIN{printf "%.0f", n/t}') | $((rss / 1024)) | $affected |"
done
