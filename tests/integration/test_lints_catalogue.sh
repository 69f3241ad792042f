#!/usr/bin/env bash
# docs/lints.md is what `certsweep lints --format md` prints: a registry row
# added without regenerating the catalogue fails here. To update it:
#   certsweep lints --format md > docs/lints.md
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }
mkdir -p "$WORK"

"$CERTSWEEP" lints --format md >"$WORK/lints.md"
diff -u "$SRC/docs/lints.md" "$WORK/lints.md" || fail "docs/lints.md is out of date: certsweep lints --format md > docs/lints.md"
n=$("$CERTSWEEP" lints --json | wc -l)
rows=$(grep -c '^| `[ewnc]_' "$WORK/lints.md") # c_: corpus checks
[ "$rows" = "$n" ] || fail "catalogue has $rows lint rows, the registry $n"
grep -q '^## Not implemented' "$WORK/lints.md" || fail "no table of requirements left out"
[ "$(sed -n '/^## Not implemented/,$p' "$WORK/lints.md" | grep -c '^| [^-R]')" -ge 5 ] || fail "not-implemented table too short"
pass "catalogue in sync: $n lints"
"$CERTSWEEP" lints --format xml >/dev/null 2>&1 && fail "--format xml accepted"
pass "unknown --format is a usage error"
