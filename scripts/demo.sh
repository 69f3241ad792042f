#!/usr/bin/env bash
# The demo: install what is missing, build, start a throwaway PostgreSQL with
# the crt.sh schema, load a generated corpus with two planted incidents, run
# real audits, and leave the outputs in reports/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib/deps.sh
certsweep_deps
. scripts/lib/pg.sh

echo "==> building (release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCERTSWEEP_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
CS=$ROOT/build/certsweep

CORPUS=$ROOT/.cache/demo-corpus
mkdir -p "$CORPUS"
scripts/gen-demo-spec.sh "$CORPUS/planted.new" "${DEMO_SERIALS:-1100}" >"$CORPUS/spec.new"
if ! cmp -s "$CORPUS/spec.new" "$CORPUS/demo.spec" || [ ! -s "$CORPUS/load.sql" ]; then
	echo "==> generating the demo corpus with the openssl CLI (a few minutes, cached in .cache/)"
	rm -rf "$CORPUS/der" "$CORPUS/load.sql"
	mv "$CORPUS/spec.new" "$CORPUS/demo.spec"
	mv "$CORPUS/planted.new" "$CORPUS/planted.txt"
	scripts/gen-corpus.sh "$CORPUS/demo.spec" "$CORPUS"
else
	rm -f "$CORPUS/spec.new" "$CORPUS/planted.new"
fi

echo "==> starting a throwaway PostgreSQL (private socket dir and port)"
pg_throwaway_start
trap 'pg_throwaway_stop' EXIT
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f queries/crtsh/schema.sql >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$CORPUS/load.sql" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "CREATE ROLE guest LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest;" >/dev/null
rows=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate")
echo "    loaded $rows certificate rows (precertificates and final certificates, 2019-2026, 3 issuers)"

OUT=$ROOT/reports/demo
rm -rf "$OUT"
mkdir -p "$OUT"
NOW=2026-11-01T00:00:00Z
echo "==> certsweep audit: both incident lints, Swiss registration at cantonal (state) level"
"$CS" audit -d "host=$PGHOST port=$PGPORT dbname=certwatch user=guest" --schema crtsh \
	--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent \
	--joi-level CH=state --now "$NOW" --planned-revocation 2026-11-06 --out-dir "$OUT/lints"

echo "==> certsweep audit --where-file queries/incidents/secom-st-embedded-rdn.q"
"$CS" audit -d "host=$PGHOST port=$PGPORT dbname=certwatch user=guest" \
	--where-file queries/incidents/secom-st-embedded-rdn.q --now "$NOW" \
	--planned-revocation 2026-11-06 --out-dir "$OUT/where-secom"

# The audit must find exactly the planted serials, expired and revoked included.
want=$(awk '{print $2}' "$CORPUS/planted.txt" | sort)
got=$(tail -n +2 "$OUT/lints/affected.csv" | awk -F, '{print $(NF-4)}' | sort)
if [ "$want" != "$got" ]; then
	echo "demo: MISMATCH between planted and found serials" >&2
	diff <(echo "$want") <(echo "$got") >&2 || true
	exit 1
fi
secom_want=$(awk '$3=="secom"{print $2}' "$CORPUS/planted.txt" | sort)
secom_got=$(tail -n +2 "$OUT/where-secom/affected.csv" | awk -F, '{print $(NF-4)}' | sort)
[ "$secom_want" = "$secom_got" ] || { echo "demo: --where result differs from the planted SECOM set" >&2; exit 1; }
n=$(echo "$want" | wc -l)
expired=$(grep -c ',N/A,N/A,N/A' "$OUT/lints/affected.csv" || true)
revoked=$(grep -c ',Yes,' "$OUT/lints/affected.csv" || true)
echo
echo "demo: the audit found exactly the $n planted affected serials ($expired expired, $revoked revoked)."
echo "demo: outputs in reports/demo/lints/ and reports/demo/where-secom/:"
ls -1 "$OUT/lints" | sed 's/^/    /'
echo
sed -n '/^## Impact/,/^## Incident heuristic/p' "$OUT/lints/impact.md" | head -20
