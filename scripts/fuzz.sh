#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for a
# bounded time on its seed corpus.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
# Seeds: the generated fixture certificates (built by the fixtures target),
# tests/fuzz/seeds/expr, tests/fuzz/seeds/csv and tests/fuzz/seeds/state. Crashes land in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
B=${FUZZ_BUILD_DIR:-build-fuzz}
CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Debug -DCERTSWEEP_FUZZ=ON -DCERTSWEEP_SANITIZE=ON -DBUILD_TESTING=ON >/dev/null
cmake --build "$B" -j "$(nproc)" --target fuzz_decode fuzz_expr fuzz_csv fuzz_files fuzz_state fixtures_small >/dev/null
mkdir -p "$B/crashes" "$B/corpus/decode" "$B/corpus/expr" "$B/corpus/csv" "$B/corpus/files" "$B/corpus/state"
cp "$B"/tests/fixtures/crtsh/der/*.der "$B"/tests/fixtures/lints/der/*.der "$B/corpus/decode/"
cp tests/fuzz/seeds/expr/* "$B/corpus/expr/"
cp tests/fuzz/seeds/csv/* "$B/corpus/csv/"
cp tests/fuzz/seeds/state/* "$B/corpus/state/"
# files: DER as is, and PEM bundles of the same certificates
cp "$B"/tests/fixtures/crtsh/der/*.der "$B/corpus/files/"
for d in "$B"/tests/fixtures/crtsh/der/*.der; do openssl x509 -inform der -in "$d" -out "$B/corpus/files/$(basename "$d" .der).pem" 2>/dev/null || true; done
export CERTSWEEP_FUZZ_CERT=$PWD/$B/tests/fixtures/crtsh/der/ev_locality.der
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1
for t in decode expr csv files state; do
	echo "==> fuzz_$t for ${SECS}s"
	"$B/fuzz_$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$B/crashes/$t-" -print_final_stats=1 "$B/corpus/$t" 2>&1 |
		grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|INFO: Loaded)" || true
	if ls "$B/crashes/$t-"* >/dev/null 2>&1; then
		echo "fuzz.sh: fuzz_$t found a crash: $(ls "$B/crashes/$t-"*)" >&2
		exit 1
	fi
done
echo "fuzz.sh: no crash in 5 targets"
