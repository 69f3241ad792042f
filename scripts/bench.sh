#!/usr/bin/env bash
# The benchmark (issue #17): every figure labelled by what it includes.
#  1. in memory, one thread: decode + every lint (+ the SHA-256 of each
#     certificate with a finding, as its finding line shows it), interleaved with a
#     plain d2i_X509 + X509_free loop over the same certificates (rounds,
#     median and min-max; the ratio per round);
#  2. whole commands, end to end (process start to last byte written), wall
#     time and peak RSS (/usr/bin/time): `certsweep lint` on a PEM bundle
#     (JSON), `audit --files` on a directory of PEM files, `audit` from a
#     throwaway local PostgreSQL with 2 lints and with --all-lints, at
#     --jobs 1, 2 (and nproc where there are more cores), each next to a
#     baseline that only reads the same input;
#  3. with --large, the all-lints audit's wall time and peak RSS at 3M and
#     10M rows (~15 GB of database at 10M).
# Writes reports/bench/latest.md (or --report FILE), with reports/bench/notes.md
# (the analysis written by hand: the gaps and their causes) included.
#
#   scripts/bench.sh [--rows N] [--large] [--files N] [--templates N] [--report FILE]
#   scripts/bench.sh --smoke [--report FILE]      a few hundred rows: the tooling, not speed
#
# CERTSWEEP and CERTSWEEP_BENCH select prebuilt binaries (the smoke test uses
# the test build); otherwise a Release build is made in build-bench/.
# BENCH_CORPUS selects the template corpus directory; by default it is made
# once by scripts/bench-corpus.sh under .cache/ (slow: the openssl CLI).
# BENCH_LARGE_ROWS replaces the --large sizes (default "3000000 10000000").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CMDLINE="scripts/bench.sh $*"

die() { echo "bench: $*" >&2; exit 1; }
ROWS=1000000 LARGE=0 SMOKE=0 REPORT="" TEMPLATES=800 FILES=20000
ROUNDS=7 SECS=1 INMEM_CERTS=20000
while [ $# -gt 0 ]; do
	case $1 in
	--rows) ROWS=${2:?}; shift 2 ;;
	--large) LARGE=1; shift ;;
	--files) FILES=${2:?}; shift 2 ;;
	--templates) TEMPLATES=${2:?}; shift 2 ;;
	--report) REPORT=${2:?}; shift 2 ;;
	--smoke) SMOKE=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
for v in "$ROWS" "$FILES" "$TEMPLATES"; do [[ $v =~ ^[1-9][0-9]*$ ]] || die "not a positive number: $v"; done
if [ $SMOKE = 1 ]; then
	ROWS=300 FILES=200 TEMPLATES=30 ROUNDS=3 SECS=0.2 INMEM_CERTS=300
	REPORT=${REPORT:-$ROOT/.cache/bench-smoke/latest.md}
fi
REPORT=${REPORT:-$ROOT/reports/bench/latest.md}
LARGE_ROWS=${BENCH_LARGE_ROWS:-3000000 10000000}

. scripts/lib/deps.sh
certsweep_deps time
[ -x /usr/bin/time ] || die "/usr/bin/time missing (Debian package time)"
. scripts/lib/pg.sh

if [ -n "${CERTSWEEP:-}" ] && [ -n "${CERTSWEEP_BENCH:-}" ]; then
	CS=$CERTSWEEP BENCH=$CERTSWEEP_BENCH BUILD="prebuilt ($CS)"
else
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
	cmake --build build-bench -j "$(nproc)" >/dev/null
	CS=$ROOT/build-bench/certsweep BENCH=$ROOT/build-bench/certsweep-bench BUILD="Release (build-bench/)"
fi

# The corpus is keyed by its generator, so a changed generator makes a new one.
CORPUS=${BENCH_CORPUS:-$ROOT/.cache/bench-corpus-$TEMPLATES-$(sha256sum scripts/bench-corpus.sh | cut -c1-8)}
if [ ! -s "$CORPUS/certs.tsv" ]; then
	echo "==> generating $TEMPLATES templates with the openssl CLI into $CORPUS (once)"
	bash scripts/bench-corpus.sh "$TEMPLATES" "$CORPUS"
fi
NCERT=$(wc -l <"$CORPUS/certs.tsv")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/certsweep-bench.XXXXXX")
cleanup() { pg_throwaway_stop; rm -rf "$WORK"; }
trap cleanup EXIT
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
JOBS="1 2"
[ "$(nproc)" -gt 2 ] && JOBS="1 2 $(nproc)"
NOW=(--now 2026-11-01 --no-progress)
TWO=(--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent --joi-level CH=state)
ALL=(--all-lints --joi-level CH=state)
# (--all-lints includes the corpus checks, c_*)

# One whole-command figure: a row of $WORK/results.tsv
#   what | source | lints | jobs | certificates | wall s | peak RSS KiB | CPU %
measure() { # what source lints jobs count -- command...
	# REPS=N: N runs, the one of median wall time recorded; PRE=DIR: removed before each run
	local what=$1 src=$2 lints=$3 jobs=$4 count=$5 rc=0 reps=${REPS:-1} k
	shift 6
	: >"$WORK/times"
	for ((k = 0; k < reps; k++)); do
		rc=0
		[ -z "${PRE:-}" ] || rm -rf -- "$PRE" # an audit's output directory, made afresh by each run (untimed)
		/usr/bin/time -f "%e %M %P" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
		# certsweep lint exits 1 when a result reaches --fail-on: findings, not failure
		if [ $rc -ne 0 ] && ! { [ $rc = 1 ] && [ "$what" = lint ]; }; then
			cat "$WORK/stderr" >&2
			die "$what ($src, $lints, --jobs $jobs) exited $rc"
		fi
		tail -n 1 "$WORK/time" >>"$WORK/times"
	done
	local wall rss cpu
	# the run of median wall time (its RSS and CPU with it)
	read -r wall rss cpu < <(sort -n -k1,1 "$WORK/times" | sed -n "$(((reps + 1) / 2))p")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$src" "$lints" "$jobs" "$count" "$wall" "$rss" "${cpu%\%}" >>"$WORK/results.tsv"
	printf '    %-9s %-34s %-9s --jobs %-3s %9s certs %8s s %8s KiB %5s CPU  (%s run(s): %s s)\n' "$what" "$src" "$lints" "$jobs" \
		"$count" "$wall" "$rss" "$cpu" "$reps" "$(cut -d' ' -f1 "$WORK/times" | sort -n | tr '\n' ' ' | sed 's/ $//')"
}
# Commands of well under a second are timed 9 times (wall time has 10 ms
# resolution and one run is at the mercy of the machine's other load).
QUICK=9
[ $SMOKE = 1 ] && QUICK=1
: >"$WORK/results.tsv"

echo "==> 1. in memory, one thread, interleaved with d2i_X509 ($ROUNDS rounds x ${SECS}s per side)"
"$BENCH" inmem "$CORPUS" "$INMEM_CERTS" "$ROUNDS" "$SECS" | tee "$WORK/inmem.txt"
get() { awk -v k="$1" '$1==k{print $2}' "$WORK/inmem.txt"; }
# The RSA memo (src/lint/rsa_facts.c) keeps the last 32 moduli's facts; this
# corpus's certificates share few leaf keys, a CA's history far more: the
# same rounds with the memo off give the figure for a corpus of distinct keys.
echo "==> 1b. the same, RSA memo off (CERTSWEEP_RSA_MEMO=0: every modulus worked out afresh)"
CERTSWEEP_RSA_MEMO=0 "$BENCH" inmem "$CORPUS" "$INMEM_CERTS" "$ROUNDS" "$SECS" | tee "$WORK/inmem-nomemo.txt"
getn() { awk -v k="$1" '$1==k{print $2}' "$WORK/inmem-nomemo.txt"; }

echo "==> 2a. certsweep lint on one PEM bundle of $FILES certificates (JSON)"
"$BENCH" pem-bundle "$CORPUS" "$FILES" "$WORK/bundle.pem"
REPS=$QUICK measure read "PEM bundle (cat)" - - "$FILES" -- cat "$WORK/bundle.pem"
REPS=$QUICK measure lint "PEM bundle, JSON to a file" all 1 "$FILES" -- "$CS" lint --format json "$WORK/bundle.pem"
[ -s "$WORK/stdout" ] || die "lint wrote nothing"

echo "==> 2b. audit --files on a directory of $FILES PEM files"
mkdir "$WORK/pem"
"$BENCH" pem-dir "$CORPUS" "$FILES" "$WORK/pem"
REPS=$QUICK measure read "PEM directory (find, xargs cat)" - - "$FILES" -- sh -c "find '$WORK/pem' -type f -print0 | xargs -0 cat"
for j in $JOBS; do
	PRE=$WORK/files-2-$j REPS=$QUICK measure audit "--files PEM directory" 2 "$j" "$FILES" -- "$CS" audit --files "$WORK/pem" "${TWO[@]}" "${NOW[@]}" \
		-j "$j" --out-dir "$WORK/files-2-$j"
done
for j in $JOBS; do
	PRE=$WORK/files-all-$j REPS=$QUICK measure audit "--files PEM directory" all "$j" "$FILES" -- "$CS" audit --files "$WORK/pem" "${ALL[@]}" "${NOW[@]}" \
		-j "$j" --out-dir "$WORK/files-all-$j"
	cmp -s "$WORK/files-all-1/affected.csv" "$WORK/files-all-$j/affected.csv" || die "--files --jobs $j: affected.csv differs"
done
# the files read by the pass itself, without the read-ahead thread: what it is worth
PRE=$WORK/files-all-noahead REPS=$QUICK CERTSWEEP_FILES_READ_AHEAD=0 measure audit "--files PEM directory, read-ahead off" all 1 \
	"$FILES" -- "$CS" audit --files "$WORK/pem" "${ALL[@]}" "${NOW[@]}" -j 1 --out-dir "$WORK/files-all-noahead"
cmp -s "$WORK/files-all-1/affected.csv" "$WORK/files-all-noahead/affected.csv" || die "--files without read-ahead: affected.csv differs"
rm -rf "$WORK/pem"

echo "==> 2c. audit from a throwaway local PostgreSQL (crt.sh schema)"
pg_throwaway_start
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f queries/crtsh/schema.sql >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$CORPUS/ca.sql" >/dev/null
# certsweep refuses a superuser (READ ONLY does not stop one from writing): read
# as a SELECT-only role, as crt.sh's guest.
psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "CREATE ROLE guest LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest;" >/dev/null
DB="host=$PGHOST port=$PGPORT dbname=certwatch user=guest"
load_rows() { # total rows wanted; streamed, no copy file on disk
	local have
	have=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate")
	[ "$have" -ge "$1" ] && return 0
	echo "    loading $(($1 - have)) rows (binary COPY)"
	"$BENCH" copy "$CORPUS" $(($1 - have)) $((have + 1)) |
		psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "\\copy certificate (id, issuer_ca_id, certificate) FROM pstdin WITH (FORMAT binary)"
	psql -qX -d certwatch -c "VACUUM ANALYZE certificate" >/dev/null
}
pg_audit() { # lints jobs rows label -- extra audit arguments
	local lints=$1 j=$2 rows=$3 label=$4 sel
	shift 5
	if [ "$lints" = all ]; then sel=("${ALL[@]}"); else sel=("${TWO[@]}"); fi
	measure audit "PostgreSQL, local socket" "$lints" "$j" "$rows" -- "$CS" audit -d "$DB" --schema crtsh "${sel[@]}" \
		"${NOW[@]}" --planned-revocation 2026-11-06 --page-size 5000 -j "$j" --out-dir "$WORK/pg-$label" "$@"
}
load_rows "$ROWS"
# the server's read floor: every certificate row to the client, nothing judged
measure read "PostgreSQL (psql \\copy to /dev/null)" - - "$ROWS" -- psql -qX -d certwatch \
	-c "\\copy (SELECT id, issuer_ca_id, certificate FROM certificate ORDER BY id) TO '/dev/null' WITH (FORMAT binary)"
pg_audit 2 1 "$ROWS" warm -- >/dev/null # warm the server's cache once, unrecorded
sed -i '$d' "$WORK/results.tsv"
for j in $JOBS; do pg_audit 2 "$j" "$ROWS" "2-$j" --; done
for j in $JOBS; do
	pg_audit all "$j" "$ROWS" "all-$j" --
	cmp -s "$WORK/pg-all-1/affected.csv" "$WORK/pg-all-$j/affected.csv" || die "PostgreSQL --jobs $j: affected.csv differs"
done
AFFECTED=$(($(wc -l <"$WORK/pg-all-1/affected.csv") - 1))
rm -rf "$WORK"/pg-*
if [ $LARGE = 1 ]; then
	for big in $LARGE_ROWS; do
		[ "$big" -gt "$ROWS" ] || continue
		load_rows "$big"
		pg_audit all 1 "$big" "all-1-$big" --
		rm -rf "$WORK/pg-all-1-$big"
	done
fi
PG_VERSION=$(psql -qXAt -c 'SHOW server_version')
pg_throwaway_stop
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the report ----
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "n/a" }'; }
row() { # what source lints jobs -> "wall rss count" of the first match
	awk -F'\t' -v w="$1" -v s="$2" -v l="$3" -v j="$4" -v c="${5:-}" \
		'$1==w && $2==s && $3==l && $4==j && (c=="" || $5==c) { print $6, $7, $5; exit }' "$WORK/results.tsv"
}
rate_of() { local wall rss n; read -r wall rss n < <(row "$@"); rate "$n" "$wall"; }
rss_of() { local wall rss n; read -r wall rss n < <(row "$@"); echo $((rss / 1024)); }
verdict() { awk -v v="$1" -v t="$2" -v dir="${3:-ge}" 'BEGIN { ok = (dir == "ge") ? v >= t : v < t; print (ok ? "met" : "NOT met") }'; }
mkdir -p "$(dirname "$REPORT")"
PG_ALL1=$(rate_of audit "PostgreSQL, local socket" all 1)
PG_ALL1_RSS=$(rss_of audit "PostgreSQL, local socket" all 1)
LINT=$(rate_of lint "PEM bundle, JSON to a file" all 1)
FILES_ALL1=$(rate_of audit "--files PEM directory" all 1)
FILES_TWO1=$(rate_of audit "--files PEM directory" 2 1)
{
	echo "# certsweep benchmark"
	echo
	echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')),"
	echo "load average $LOAD_START at the start and $LOAD_END at the end; $(openssl version | cut -d' ' -f1-2),"
	echo "PostgreSQL $PG_VERSION (a throwaway local cluster on the same cores, fsync off); certsweep: $BUILD."
	[ $SMOKE = 1 ] && echo && echo "**Smoke run (--smoke): a few hundred rows to check the tooling. These figures say nothing about speed.**"
	echo
	echo "Corpus: $NCERT certificates from $TEMPLATES templates made by \`scripts/bench-corpus.sh\` (openssl CLI):"
	echo "6 issuers with their own RSA 2048/3072/4096, P-256 and P-384 keys, a pool of leaf keys of those"
	echo "types, 1-100 SANs (85% 1-3, 12% 4-20, 3% 21-100), DV/OV/EV, precertificate/final pairs with RFC 6962 SCT lists, notBefore"
	echo "2012-2026; ~3% over the validity limit, ~5% of OV and ~15% of EV with planted incident defects."
	echo "Rows are distinct certificates derived from the templates (serial, validity seconds, SAN"
	echo "letters changed in place; signatures not re-made - certsweep never verifies them)."
	echo
	echo "## 1. In memory, one thread (no I/O, no output)"
	echo
	echo "Decode + all $(get lints) lints of the registry per certificate, and the SHA-256 of each certificate with a finding"
	echo "(a finding line shows it; an audit hashes no other row unless a corpus check or --where asks) (\`certsweep-bench inmem\`), and a plain"
	echo "\`d2i_X509\` + \`X509_free\` loop over the same $(get certs) distinct certificates, interleaved: $(get rounds) rounds of"
	echo "$(get seconds_per_side) s per side, the order alternating each round."
	echo
	echo "| round | certsweep judging, certs/s | d2i_X509 loop, certs/s | ratio | first |"
	echo "|---:|---:|---:|---:|---|"
	awk '$1=="round" { printf "| %s | %s | %s | %s× | %s |\n", $2, $4, $6, $8, $10 }' "$WORK/inmem.txt"
	echo
	echo "| in memory, 1 thread | median | min-max |"
	echo "|---|---:|---:|"
	echo "| certsweep judging, certs/s | $(get sweep_median) | $(get sweep_min)-$(get sweep_max) |"
	echo "| d2i_X509 + X509_free loop, certs/s | $(get d2i_median) | $(get d2i_min)-$(get d2i_max) |"
	echo "| ratio (per round) | $(get ratio_median)× | $(get ratio_min)×-$(get ratio_max)× |"
	echo "| certsweep judging, RSA memo off, certs/s | $(getn sweep_median) | $(getn sweep_min)-$(getn sweep_max) |"
	echo "| d2i_X509 loop in those rounds, certs/s | $(getn d2i_median) | $(getn d2i_min)-$(getn d2i_max) |"
	echo "| ratio, RSA memo off (per round) | $(getn ratio_median)× | $(getn ratio_min)×-$(getn ratio_max)× |"
	echo
	echo "The corpus's $(get certs) certificates share a few dozen leaf keys, so the RSA memo (the last 32"
	echo "moduli's small-prime residues and Fermat answer, per thread) hits far more often than on a CA's"
	echo "history, where a key recurs mostly as a precertificate and its final certificate. The memo-off"
	echo "rows (\`CERTSWEEP_RSA_MEMO=0\`: every modulus worked out afresh) are the figure for distinct keys;"
	echo "target 3 below is judged on them."
	echo
	echo "## 2. Whole commands, end to end"
	echo
	echo "Wall time from process start to exit (reading, decoding, judging, writing every output file)"
	echo "and peak RSS (\`/usr/bin/time\`: maximum resident set size); commands of under a second (the PEM"
	echo "rows) are run $QUICK times and the run of median wall time is shown. \"read\" rows are baselines in the"
	echo "same run: reading the same input without judging it. CPU % is the measured process's user +"
	echo "system time over wall time (200% = two cores busy; the server's share is not in it)."
	echo "Lints: \"2\" = the incident sweep"
	echo "(\`--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent\`),"
	echo "\"all\" = \`--all-lints\`. The all-lints audit from PostgreSQL affected $AFFECTED serials of $ROWS rows."
	echo
	echo "| command | source | lints | --jobs | certificates | wall s | certs/s | peak RSS MiB | CPU % |"
	echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
	while IFS=$'\t' read -r what src lints jobs n wall rss cpu; do
		echo "| $what | $src | $lints | $jobs | $n | $wall | $(rate "$n" "$wall") | $((rss / 1024)) | $cpu |"
	done <"$WORK/results.tsv"
	echo
	echo "## Targets (issue #17)"
	echo
	echo "| target | measured | |"
	echo "|---|---:|---|"
	echo "| 1. all-lints audit from local PostgreSQL, $ROWS rows, --jobs 1: >= 60000 certs/s | $PG_ALL1 certs/s | $(verdict "$PG_ALL1" 60000) |"
	echo "| 1. its peak RSS < 256 MiB | $PG_ALL1_RSS MiB | $(verdict "$PG_ALL1_RSS" 256 lt) |"
	for big in $LARGE_ROWS; do
		r=$(row audit "PostgreSQL, local socket" all 1 "$big")
		[ -n "$r" ] || continue
		echo "| 1. peak RSS at $big rows (flat) | $(rss_of audit "PostgreSQL, local socket" all 1 "$big") MiB, $(rate_of audit "PostgreSQL, local socket" all 1 "$big") certs/s | $(verdict "$(rss_of audit "PostgreSQL, local socket" all 1 "$big")" 256 lt) |"
	done
	[ $LARGE = 1 ] || echo "| 1. peak RSS at $LARGE_ROWS rows | not measured (run with --large) | |"
	echo "| 2. \`certsweep lint\` on a PEM bundle, JSON: >= 80000 certs/s | $LINT certs/s | $(verdict "$LINT" 80000) |"
	echo "| 2. \`audit --files\` on $FILES PEM files: >= 50000 certs/s | $FILES_ALL1 certs/s (all lints), $FILES_TWO1 (2 lints) | $(verdict "$FILES_ALL1" 50000) (all lints) |"
	echo "| 3. in-memory judging, all lints: >= 150000 certs/s/core | $(getn sweep_median) certs/s (median, RSA memo off; $(get sweep_median) with it) | $(verdict "$(getn sweep_median)" 150000) |"
	for src in "--files PEM directory" "PostgreSQL, local socket"; do
		for l in 2 all; do
			base=$(rate_of audit "$src" "$l" 1)
			line=""
			for j in $JOBS; do
				[ "$j" = 1 ] && continue
				line+="--jobs $j: $(awk -v a="$(rate_of audit "$src" "$l" "$j")" -v b="$base" 'BEGIN { printf "%.2f", a / b }')× "
			done
			echo "| 4. --jobs speed-up, $src, $l lints (vs --jobs 1) | ${line% } | |"
		done
	done
	echo
	echo "On $(nproc) cores the PostgreSQL server, the reader and the judging threads share the cores, so"
	echo "--jobs can only help as far as judging (not reading or the server) is the bottleneck."
	echo
	# the analysis written by hand (the gaps and their causes, separate
	# measurements): reports/bench/notes.md, kept across runs
	if [ $SMOKE = 0 ] && [ -s "$ROOT/reports/bench/notes.md" ]; then
		cat "$ROOT/reports/bench/notes.md"
		echo
	fi
	echo "## Rerun"
	echo
	echo "    $CMDLINE"
	echo "    scripts/bench.sh --large          # adds the all-lints audit at 3M and 10M rows (~15 GB of database)"
	echo "    scripts/bench.sh --smoke          # the tooling only (ctest: integration.test_bench_smoke)"
	echo "    ${BENCH#"$ROOT"/} inmem $CORPUS $INMEM_CERTS $ROUNDS $SECS"
} >"$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
echo "==> wrote $REPORT"
