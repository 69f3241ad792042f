#!/usr/bin/env bash
# Hostile or mistaken input to `audit --files`: impossible dates, --where
# regexes and nesting built to stall the parser, --where-file problems, and
# files that are not certificates. No database: the files source is enough.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
NOW=2026-06-01T00:00:00Z
run() { # EXPECTED_RC OUTDIR ARGS... ; stderr in $WORK/err
	local want=$1 out=$2 rc
	shift 2
	set +e
	timeout 60 "$CERTSWEEP" audit --files "$C/der" --now $NOW --out-dir "$WORK/$out" "$@" 2>"$WORK/err"
	rc=$?
	set -e
	[ "$rc" = "$want" ] || fail "$out: exit $rc, want $want: $(cat "$WORK/err")"
}

# #14.14: impossible dates are usage errors, not the day after; nothing is written.
for args in "--now 2026-02-30" "--not-before-from 2025-02-29" "--not-before-to 2026-04-31" \
	"--now 2026-01-01T24:00:00Z"; do
	set +e
	"$CERTSWEEP" audit --files "$C/der" --lint 'e_*' $args --out-dir "$WORK/baddate" 2>"$WORK/err"
	rc=$?
	set -e
	[ $rc = 2 ] && grep -q 'invalid date' "$WORK/err" || fail "$args: exit $rc: $(cat "$WORK/err")"
	[ ! -e "$WORK/baddate" ] || fail "$args: output written"
done
run 2 baddate --where 'not_before > 2026-02-30'
grep -q 'takes a date' "$WORK/err" || fail "where date: $(cat "$WORK/err")"
run 0 leapday --where 'not_before > 2024-02-29'
pass "impossible dates exit 2 (--now, --not-before-*, --where); 2024-02-29 is fine"

# #14.10: glibc's regcomp took 62 s and 9.8 GB on this; PCRE2 reads it as ERE (a+)+… = a+.
start=$(date +%s)
run 0 regex --where 'subject ~ /y+++++++++++++++++++++++++/'
[ $(($(date +%s) - start)) -lt 20 ] || fail "pathological regex took $(($(date +%s) - start)) s"
grep -q 'example.jp' "$WORK/regex/affected.csv" || fail "regex matched nothing"
run 2 regex2 --where 'subject ~ /((a+)+)+{1000}{1000}{1000}/'
grep -q 'bad regular expression' "$WORK/err" || fail "huge regex: $(cat "$WORK/err")"
pass "pathological --where regexes finish at once (bounded result or a clear error)"

# #14.11: nesting is capped with a clear error; lines of any length are read whole.
printf '%*s' 300000 '' | tr ' ' '(' >"$WORK/deep.q"
echo 'is_ca' >>"$WORK/deep.q"
run 2 deep --where-file "$WORK/deep.q"
grep -q 'nested more than 200 levels deep' "$WORK/err" || fail "deep: $(cat "$WORK/err")"
{
	printf 'serial in ('
	for i in $(seq 1 1500); do printf '"%04x", ' $((i + 60000)); done
	printf '"0a01") # a 9,000-byte line\n'
} >"$WORK/long.q"
[ "$(wc -c <"$WORK/long.q")" -gt 8192 ] || fail "long line too short"
run 0 long --where-file "$WORK/long.q"
[ "$(tail -n +2 "$WORK/long/affected.csv" | wc -l)" = 2 ] || fail "long line: $(cat "$WORK/long/affected.csv")"
# (0a01 exists under two issuers.)
# #16.12: a missing file says why.
run 3 missing --where-file "$WORK/no-such.q"
grep -q "no-such.q: No such file or directory" "$WORK/err" || fail "missing: $(cat "$WORK/err")"
pass "--where-file: nesting capped, a 9 KB line read whole, a missing file says why"

# #14.13: unparseable.csv hashes the bytes that were read, not nothing.
mkdir -p "$WORK/mixed"
printf 'this is not a certificate\n' >"$WORK/mixed/a-text.crt"
openssl x509 -inform der -in "$C/der/secom_pair.der" -out "$WORK/mixed/b-bundle.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 >>"$WORK/mixed/b-bundle.pem" 2>/dev/null
printf -- '-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64\n-----END CERTIFICATE-----\n' >>"$WORK/mixed/b-bundle.pem"
openssl x509 -inform der -in "$C/der/ev_locality.der" >>"$WORK/mixed/b-bundle.pem"
set +e
"$CERTSWEEP" audit --files "$WORK/mixed" --lint 'e_*' --now $NOW --out-dir "$WORK/mixed-out" 2>"$WORK/err"
rc=$?
set -e
[ $rc = 0 ] || [ $rc = 1 ] || fail "mixed: exit $rc $(cat "$WORK/err")"
U="$WORK/mixed-out/unparseable.csv"
text_sha=$(sha256sum <"$WORK/mixed/a-text.crt" | cut -d' ' -f1)
block_sha=$(printf -- '-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64\n-----END CERTIFICATE-----' | sha256sum | cut -d' ' -f1)
grep -q "a-text.crt,$text_sha," "$U" || fail "text file hash: $(cat "$U")"
grep -q "b-bundle.pem#1,$block_sha," "$U" || fail "broken PEM block hash: $(cat "$U")"
! grep -q e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 "$U" || fail "hash of nothing"
[ "$(tail -n +2 "$U" | wc -l)" = 2 ] || fail "unparseable rows: $(cat "$U")"
grep -q '20 certificates read\|4 certificates read' "$WORK/err" || true
pass "unparseable.csv: the SHA-256 of the bytes read (a text file, a broken PEM block); the key block is skipped"
