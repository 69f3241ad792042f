#!/usr/bin/env bash
# Install what is missing, build with -Werror and ASan/UBSan, run ctest
# (cmocka unit tests + integration tests against a real throwaway PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
certsweep_deps chromium fonts-dejavu-core clang libclang-rt-14-dev pgbouncer

BUILD=${BUILD_DIR:-build-test}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCERTSWEEP_WERROR=ON -DCERTSWEEP_SANITIZE=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$BUILD"
ctest --output-on-failure -j "$(nproc)" "$@"
