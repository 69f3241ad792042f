#!/usr/bin/env bash
# --ev-oid: a CA's own EV policy OID (EVG 9.3.2) makes its certificates EV
# for the lints, for `type` in --where and for impact.md's type counts.
. "$SRC/tests/integration/lib.sh"
D=$CERTSWEEP_LINT_FIXTURES/der
mkdir -p "$WORK/in"
cp "$D/fid_ev_unlisted_oid.der" "$D/fid_ev_ca_oid.der" "$WORK/in/"
OWN=1.3.6.1.4.1.99999.1.1
"$CERTSWEEP" audit --files "$WORK/in" --where 'type = EV' --no-progress --out-dir "$WORK/plain" 2>/dev/null ||
	fail "run without --ev-oid"
[ "$(tail -n +2 "$WORK/plain/affected.csv" | wc -l)" = 1 ] || fail "without --ev-oid only the listed OID is EV"
"$CERTSWEEP" audit --files "$WORK/in" --where 'type = EV' --ev-oid "$OWN" --no-progress --out-dir "$WORK/own" \
	2>/dev/null || fail "run with --ev-oid"
[ "$(tail -n +2 "$WORK/own/affected.csv" | wc -l)" = 2 ] || fail "--ev-oid: the CA-specific OID is not EV in --where"
grep -q '^| EV | 2.23.140.1.1 | 2 |$' "$WORK/own/impact.md" || fail "impact.md: $(grep '^| EV' "$WORK/own/impact.md")"
grep -q -- "--ev-oid $OWN" "$WORK/own/impact.md" || fail "the rerun command line lacks --ev-oid"
pass "--ev-oid: --where type and impact.md count the CA-specific OID as EV"

"$CERTSWEEP" audit --files "$WORK/in" --lint e_ev_subject_missing_business_category --ev-oid "$OWN" --no-progress \
	--out-dir "$WORK/lint" 2>/dev/null || true
[ "$(tail -n +2 "$WORK/lint/affected.csv" | wc -l)" = 2 ] || fail "--ev-oid: the EV lints do not apply to it"
pass "--ev-oid: the EV lints apply"

set +e
"$CERTSWEEP" audit --files "$WORK/in" --ev-oid 1.3.x --all-lints --out-dir "$WORK/bad" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'want a dotted OID' "$WORK/err" || fail "a bad OID: rc=$rc $(cat "$WORK/err")"
pass "--ev-oid refuses what is not a dotted OID (exit 2)"
