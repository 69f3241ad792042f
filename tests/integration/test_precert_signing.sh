#!/usr/bin/env bash
# Precertificate Signing Certificates (RFC 6962 3.1; issue 15 item 7). A
# precertificate signed by a CA's Precertificate Signing Certificate names
# that certificate as its issuer, and crt.sh files it under the signing
# certificate's own CA id (203 here, for the DV CA 103). It is still the DV
# CA's certificate: it must sit on the line of its final certificate, under
# the DV CA, and be found when the audit is scoped to the DV CA. Through
# crt.sh on a real PostgreSQL (scoped and not, -j 2, pairing pass) and
# through --files (the signing certificate is in the input).
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/psc.spec" "$C" >/dev/null
start_crtsh_db "$C"
sha() { awk -F'\t' -v k="$1" -v t="$2" '$3==k && $4==t {print $5}' "$C/certs.tsv"; }
PRE=$(sha psc_pair precert) FIN=$(sha psc_pair final) LONE=$(sha psc_preonly precert)
DV='"CN=certsweep Test DV CA,O=certsweep Test,C=US"'
COMMON=(--now 2026-06-01T00:00:00Z)

# the two lines wanted: the pair on one line under the DV CA, the lone
# precertificate under the DV CA too
check() { # DIR LABEL
	local f="$1/affected.csv"
	[ "$(tail -n +2 "$f" | wc -l)" = 2 ] || fail "$2: want 2 lines, got: $(cat "$f")"
	grep -q "^$PRE,$FIN,CN=psc.example.com,$DV,.*,0e01," "$f" || fail "$2: the pair is not on one line under the DV CA: $(cat "$f")"
	grep -q "^$LONE,N/A,CN=psc-pre.example.com,$DV,.*,0e03," "$f" || fail "$2: the lone precertificate is not under the DV CA: $(cat "$f")"
}
W=(--where 'subject.CN ~ /^psc(-pre)?\.example\.com$/')
"$CERTSWEEP" audit -d "$GUEST" "${W[@]}" "${COMMON[@]}" --out-dir "$WORK/all" 2>"$WORK/all.err" || fail "crtsh: $(cat "$WORK/all.err")"
check "$WORK/all" "crt.sh"
"$CERTSWEEP" audit -d "$GUEST" "${W[@]}" "${COMMON[@]}" --issuer-ca-id 103 --out-dir "$WORK/scoped" 2>"$WORK/scoped.err" ||
	fail "crtsh scoped: $(cat "$WORK/scoped.err")"
check "$WORK/scoped" "crt.sh --issuer-ca-id 103"
"$CERTSWEEP" audit -d "$GUEST" "${W[@]}" "${COMMON[@]}" --issuer-ca-id 103 -j 2 --page-size 2 --out-dir "$WORK/j2" 2>/dev/null ||
	fail "crtsh -j 2"
cmp "$WORK/scoped/affected.csv" "$WORK/j2/affected.csv" || fail "-j 2 differs"
"$CERTSWEEP" audit --files "$C/der" "${W[@]}" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/files.err" || fail "files: $(cat "$WORK/files.err")"
check "$WORK/files" "--files"
cmp "$WORK/all/affected.csv" "$WORK/files/affected.csv" || fail "crt.sh and --files differ"
pass "a precertificate through a Precertificate Signing Certificate sits on its final's line, under the real CA"

# only the final certificate matches: the pairing pass must fetch its
# precertificate from under CA id 203, scoped to 103
WF=(--where 'subject.CN ~ /^psc\.example\.com$/ and not is_precert')
"$CERTSWEEP" audit -d "$GUEST" "${WF[@]}" "${COMMON[@]}" --issuer-ca-id 103 --out-dir "$WORK/pairing" 2>"$WORK/pairing.err" ||
	fail "pairing: $(cat "$WORK/pairing.err")"
[ "$(tail -n +2 "$WORK/pairing/affected.csv" | wc -l)" = 1 ] && grep -q "^$PRE,$FIN," "$WORK/pairing/affected.csv" ||
	fail "the pairing pass did not join the precertificate: $(cat "$WORK/pairing/affected.csv")"
pass "the pairing pass finds the precertificate under the signing certificate's CA id"

# controls: the OV CA's certificate with the same serial stays on its own line
"$CERTSWEEP" audit -d "$GUEST" --where 'subject.CN ~ /^psc/' "${COMMON[@]}" --issuer-ca-id 101 --out-dir "$WORK/ov" 2>/dev/null || fail "ov"
[ "$(tail -n +2 "$WORK/ov/affected.csv" | wc -l)" = 1 ] && grep -q 'CN=psc.example.jp' "$WORK/ov/affected.csv" ||
	fail "OV control: $(cat "$WORK/ov/affected.csv")"
pass "another CA's same serial stays apart"
