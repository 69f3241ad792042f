#!/usr/bin/env bash
# A --where regex that hits PCRE2's match limit counts the certificate as a
# match (over-listed, not hidden); the audit must say so on stderr and in
# impact.md, and say nothing when no limit was hit.
. "$SRC/tests/integration/lib.sh"
D=$CERTSWEEP_LINT_FIXTURES/der
mkdir -p "$WORK/in"
cp "$D/fid_ev_unlisted_oid.der" "$D/fid_ev_ca_oid.der" "$WORK/in/"
"$CERTSWEEP" audit --files "$WORK/in" --where 'subject ~ /^(.|.|.)*=$/' --no-progress --out-dir "$WORK/hit" \
	2>"$WORK/hit.err" || fail "audit: $(cat "$WORK/hit.err")"
[ "$(tail -n +2 "$WORK/hit/affected.csv" | wc -l)" = 2 ] || fail "the stopped matches must be listed"
grep -q "hit PCRE2's match limit [1-9][0-9]* time(s)" "$WORK/hit.err" || fail "no warning on stderr: $(cat "$WORK/hit.err")"
grep -q "hit PCRE2's match limit [1-9][0-9]* time(s)" "$WORK/hit/impact.md" || fail "no line in impact.md"
"$CERTSWEEP" audit --files "$WORK/in" --where 'subject ~ /Berlin/' --no-progress --out-dir "$WORK/plain" \
	2>"$WORK/plain.err" || fail "plain audit"
! grep -q "match limit" "$WORK/plain.err" "$WORK/plain/impact.md" || fail "a warning without a stopped match"
pass "a regex stopped at PCRE2's match limit is warned about on stderr and in impact.md"
