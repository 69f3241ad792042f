#!/usr/bin/env bash
# certsweep lints / lint FILE...: the registry listing, PEM and DER input,
# JSON with file, index and zlint-shaped lints, --fail-on exit codes, and a
# file that is no certificate.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }
L=$CERTSWEEP_LINT_FIXTURES/der
mkdir -p "$WORK"

n=$("$CERTSWEEP" lints | tail -n +2 | wc -l)
[ "$n" -ge 80 ] || fail "only $n lints"
"$CERTSWEEP" lints --json >"$WORK/lints.json"
[ "$(wc -l <"$WORK/lints.json")" = "$n" ] || fail "--json line count"
! grep -v '"citation":"[^"]\{4,\}"' "$WORK/lints.json" | grep -q . || fail "a lint without citation"
! grep -v '"effective":"[12][0-9]\{3\}-[01][0-9]-[0-3][0-9]"' "$WORK/lints.json" | grep -q . || fail "a lint without effective date"
pass "$n lints, each with citation and effective date"

# DER in, zlint-shaped JSON out; exit 1 on an error finding.
set +e
"$CERTSWEEP" lint "$L/embedded_rdn.der" >"$WORK/out.json"; rc=$?
set -e
[ $rc = 1 ] || fail "lint exit $rc on an erroring certificate"
grep -q '"e_subject_attribute_value_embedded_rdn":{"result":"error","details":"subject ST value \\"Tokyo, C=JP\\" contains' "$WORK/out.json" || fail "json: $(cut -c1-300 "$WORK/out.json")"
grep -q '"e_validity_over_60_months":{"result":"NE"}' "$WORK/out.json" || fail "NE result missing"
grep -q '"e_ca_key_usage_missing":{"result":"NA"}' "$WORK/out.json" || fail "NA result missing"
"$CERTSWEEP" lint "$L/clean_ov_rsa.der" >/dev/null || fail "clean certificate should exit 0"
pass "DER input, JSON shape, exit codes"

# A PEM bundle with two certificates: one object per certificate.
for f in clean_ev serial_short; do openssl x509 -inform DER -in "$L/$f.der"; done >"$WORK/bundle.pem"
"$CERTSWEEP" lint --format json "$WORK/bundle.pem" >"$WORK/bundle.json" || fail "bundle: warnings should not reach --fail-on error"
[ "$(wc -l <"$WORK/bundle.json")" = 2 ] || fail "want 2 JSON objects"
set +e
"$CERTSWEEP" lint --fail-on warn "$WORK/bundle.pem" >/dev/null; rc=$?
set -e
[ $rc = 1 ] || fail "--fail-on warn: exit $rc"
"$CERTSWEEP" lint --format text --lint 'w_serial_*' "$WORK/bundle.pem" >"$WORK/bundle.txt"
grep -q "bundle.pem#1" "$WORK/bundle.txt" && grep -q "w_serial_number_shorter_than_64_bits" "$WORK/bundle.txt" || fail "text output: $(cat "$WORK/bundle.txt")"
pass "PEM bundle, --fail-on, --lint glob, text format"

# #16.13: each object names its file and its index in the bundle; the zlint
# shape sits under "lints". A key block between certificates is no object.
{ openssl x509 -inform DER -in "$L/clean_ev.der"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null
  openssl x509 -inform DER -in "$L/serial_short.der"; } >"$WORK/bundle2.pem"
"$CERTSWEEP" lint --lint w_serial_number_shorter_than_64_bits "$WORK/bundle2.pem" "$L/clean_ov_rsa.der" >"$WORK/b2.json" ||
	fail "bundle2 exit"
F="$WORK/bundle2.pem"
[ "$(sed -n 1p "$WORK/b2.json")" = "{\"file\":\"$F\",\"index\":0,\"lints\":{\"w_serial_number_shorter_than_64_bits\":{\"result\":\"pass\"}}}" ] ||
	fail "object 1: $(sed -n 1p "$WORK/b2.json")"
sed -n 2p "$WORK/b2.json" | grep -q "^{\"file\":\"$F\",\"index\":1,\"lints\":{\"w_serial_number_shorter_than_64_bits\":{\"result\":\"warn\",\"details\":\"" ||
	fail "object 2: $(sed -n 2p "$WORK/b2.json")"
sed -n 3p "$WORK/b2.json" | grep -q "^{\"file\":\"$L/clean_ov_rsa.der\",\"index\":0,\"lints\":{" || fail "object 3: $(sed -n 3p "$WORK/b2.json")"
[ "$(wc -l <"$WORK/b2.json")" = 3 ] || fail "want 3 objects: $(cat "$WORK/b2.json")"
# A file name that needs JSON escaping, and a broken block reported by index.
Q="$WORK/we\"ird.pem"
{ openssl x509 -inform DER -in "$L/clean_ev.der"; printf -- '-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----\n'; } >"$Q"
set +e
"$CERTSWEEP" lint --lint w_serial_number_shorter_than_64_bits "$Q" >"$WORK/q.json"; rc=$?
set -e
[ $rc = 1 ] || fail "broken block exit $rc"
sed -n 1p "$WORK/q.json" | grep -qF '"file":"'"$WORK"'/we\"ird.pem","index":0,' || fail "escaped name: $(cat "$WORK/q.json")"
sed -n 2p "$WORK/q.json" | grep -qF '"index":1,"error":"not a valid PEM block' || fail "broken block: $(cat "$WORK/q.json")"
pass "JSON objects carry file and index; zlint shape under lints"

# --as-of now judges an old certificate by today's rules.
"$CERTSWEEP" lint --lint e_validity_over_39_months "$L/era_2016_ok.der" | grep -q '"result":"pass"' || fail "issued rules"
"$CERTSWEEP" lint --lint e_validity_over_39_months --as-of now "$L/era_2016_ok.der" | grep -q '"result":"NE"' || fail "as-of now"
pass "--as-of"

# Not a certificate: a clear finding, never a crash.
echo "hello" >"$WORK/not-a-cert.txt"
set +e
"$CERTSWEEP" lint "$WORK/not-a-cert.txt" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'no certificate found' "$WORK/err" || fail "non-certificate: rc=$rc $(cat "$WORK/err")"
head -c 100 "$L/clean_ev.der" >"$WORK/cut.der"
set +e
"$CERTSWEEP" lint "$WORK/cut.der" >"$WORK/cut.json"; rc=$?
set -e
[ $rc = 1 ] && grep -q '"error":"not a DER SEQUENCE' "$WORK/cut.json" || fail "truncated DER: rc=$rc $(cat "$WORK/cut.json")"
pass "non-certificate input"

# A mapped file truncated while it is read (CERTSWEEP_FAULT_TRUNCATE_AFTER_CERTS
# truncates it to nothing after N certificates): the pages past its new end
# fault (SIGBUS); certsweep reports that file and goes on with the next, the
# certificates judged before it kept whole.
for f in clean_ev serial_short clean_ov_rsa clean_ev; do openssl x509 -inform DER -in "$L/$f.der"; done >"$WORK/shrink.pem"
cp "$WORK/shrink.pem" "$WORK/keep.pem"
set +e
CERTSWEEP_FAULT_TRUNCATE_AFTER_CERTS=2 "$CERTSWEEP" lint "$WORK/shrink.pem" "$WORK/keep.pem" >"$WORK/shrink.json" 2>"$WORK/shrink.err"; rc=$?
set -e
[ $rc = 3 ] || fail "truncated while mapped: exit $rc (135 is SIGBUS) $(cat "$WORK/shrink.err")"
grep -q 'shrink.pem: the file shrank while it was read' "$WORK/shrink.err" || fail "no clear error: $(cat "$WORK/shrink.err")"
[ ! -s "$WORK/shrink.pem" ] || fail "the fault hook did not truncate the file"
[ "$(grep -c '"file":"'"$WORK"'/shrink.pem"' "$WORK/shrink.json")" = 2 ] || fail "want the 2 objects judged before: $(cut -c1-80 "$WORK/shrink.json")"
[ "$(grep -c '"file":"'"$WORK"'/keep.pem"' "$WORK/shrink.json")" = 4 ] || fail "the next file was not judged whole"
[ "$(grep -vc '}}$' "$WORK/shrink.json")" = 0 ] || fail "a partial object in the output"
# a DER file truncated before its certificate is read
cp "$L/clean_ev.der" "$WORK/shrink.der"
set +e
CERTSWEEP_FAULT_TRUNCATE_AFTER_CERTS=0 "$CERTSWEEP" lint "$WORK/shrink.der" >"$WORK/shrink-der.json" 2>"$WORK/shrink.err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'shrink.der: the file shrank' "$WORK/shrink.err" || fail "DER truncated while mapped: rc=$rc $(cat "$WORK/shrink.err")"
[ ! -s "$WORK/shrink-der.json" ] || fail "output for a DER file that vanished: $(cut -c1-80 "$WORK/shrink-der.json")"
pass "a file truncated while mapped: a clear error, not SIGBUS"
