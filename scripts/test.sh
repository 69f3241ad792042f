#!/usr/bin/env bash
# Install what is missing, build with -Werror and ASan/UBSan, run ctest
# (cmocka unit tests + integration tests against a real throwaway PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
certsweep_deps chromium fonts-dejavu-core man-db clang libclang-rt-14-dev pgbouncer

BUILD=${BUILD_DIR:-build-test}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCERTSWEEP_WERROR=ON -DCERTSWEEP_SANITIZE=ON -DBUILD_TESTING=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$BUILD"
ctest --output-on-failure -j "$(nproc)" "$@"

# ThreadSanitizer over the threaded paths (--jobs, --connections): its own
# build of the CLI, run through the shard/jobs/connections test against the
# fixtures the build above generated. A race makes certsweep exit 66.
BUILD_ABS=$PWD
cd "$OLDPWD"
TSAN=$(realpath -m "${TSAN_BUILD_DIR:-$BUILD_ABS-tsan}")
cmake -S . -B "$TSAN" -DCMAKE_BUILD_TYPE=Debug -DCERTSWEEP_WERROR=ON -DCERTSWEEP_SANITIZE=OFF -DBUILD_TESTING=OFF \
	-DCMAKE_C_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$TSAN" -j "$(nproc)" --target certsweep
rm -rf "$TSAN/reports" && mkdir -p "$TSAN/reports"
if ! TSAN_OPTIONS="halt_on_error=1 exitcode=66 log_path=$TSAN/reports/tsan" CERTSWEEP="$TSAN/certsweep" \
	SRC="$PWD" WORK="$TSAN/work" CERTSWEEP_DEMO_FIXTURES="$BUILD_ABS/tests/fixtures/demo-small" \
	bash tests/integration/test_shards.sh; then
	cat "$TSAN"/reports/tsan* 2>/dev/null || true
	echo "ThreadSanitizer run of --jobs/--connections failed" >&2
	exit 1
fi
# --files reads ahead on a thread of its own (reading, PEM decoding, keeping
# rows): the same audit with it, with --jobs 2, and without it
# (CERTSWEEP_FILES_READ_AHEAD=0) must agree, on DER files and on PEM files and
# bundles.
TS_FILES="$TSAN/work/files"
rm -rf "$TS_FILES" && mkdir -p "$TS_FILES/pem"
n=0
for f in "$BUILD_ABS"/tests/fixtures/demo-small/der/*.der; do
	# every tenth certificate also goes into a bundle of ten
	pem=$({ echo "-----BEGIN CERTIFICATE-----"; base64 -w 64 "$f"; echo "-----END CERTIFICATE-----"; })
	printf '%s\n' "$pem" >"$TS_FILES/pem/$(basename "$f" .der).pem"
	if [ $((n % 10)) = 0 ]; then printf 'bundled\n%s\n' "$pem" >>"$TS_FILES/pem/bundle-$((n / 100)).pem"; fi
	n=$((n + 1))
done
for input in der:"$BUILD_ABS/tests/fixtures/demo-small/der" pem:"$TS_FILES/pem"; do
	kind=${input%%:*} dir=${input#*:}
	# (spill-j2: the affected set past a tiny --memory-limit, with --jobs 2)
	for run in ahead:1 ahead-j2:2 plain:1 spill-j2:2; do
		name=$kind-${run%%:*} jobs=${run#*:}
		ra=1 ml=256M
		[ "${run%%:*}" = plain ] && ra=0
		[ "${run%%:*}" = spill-j2 ] && ml=8K
		if ! TSAN_OPTIONS="halt_on_error=1 exitcode=66 log_path=$TSAN/reports/tsan" CERTSWEEP_FILES_READ_AHEAD=$ra \
			"$TSAN/certsweep" audit --files "$dir" --all-lints --no-progress \
			--now 2026-11-01 -j "$jobs" --memory-limit "$ml" --out-dir "$TS_FILES/$name" >"$TS_FILES/$name.log" 2>&1; then
			cat "$TS_FILES/$name.log" "$TSAN"/reports/tsan* 2>/dev/null || true
			echo "ThreadSanitizer run of --files ($name) failed" >&2
			exit 1
		fi
	done
	for name in $kind-ahead-j2 $kind-plain $kind-spill-j2; do
		cmp -s "$TS_FILES/$kind-ahead/affected.csv" "$TS_FILES/$name/affected.csv" &&
			cmp -s "$TS_FILES/$kind-ahead/findings.jsonl" "$TS_FILES/$name/findings.jsonl" || {
			echo "--files with and without read-ahead ($name) gave different outputs" >&2
			exit 1
		}
	done
done
echo "ThreadSanitizer: --jobs 3/4, --connections 2/3, --files' read-ahead (DER, PEM, bundles) and the set's spill clean"
