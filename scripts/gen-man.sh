#!/usr/bin/env bash
# Regenerate the OPTIONS section of docs/certsweep.1 from the audit option
# table: `certsweep audit --help=man` replaces what lies between the BEGIN
# and END markers. Usage: scripts/gen-man.sh [path/to/certsweep] [page]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/certsweep}
PAGE=${2:-docs/certsweep.1}
gen=$(mktemp)
trap 'rm -f "$gen" "$gen.page"' EXIT
"$BIN" audit --help=man >"$gen"
awk -v gen="$gen" '
	/^\.\\" BEGIN generated/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
	/^\.\\" END generated/ { skip = 0 }
	!skip { print }' "$PAGE" >"$gen.page"
grep -q '^\.SH OPTIONS' "$gen.page" || { echo "gen-man.sh: markers missing in $PAGE" >&2; exit 1; }
cat "$gen.page" >"$PAGE"
