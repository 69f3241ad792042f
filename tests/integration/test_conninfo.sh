#!/usr/bin/env bash
# No password from -d ever reaches the terminal: malformed URIs (which libpq
# quotes whole in its parse errors), a bad percent escape, and a well-formed
# URI whose connection fails. No server is needed to fail.
set -euo pipefail
. "$SRC/tests/integration/lib.sh"
n=0
for uri in 'postgresql://u:s3cretPW@[::1/x' 'postgresql://u:s3cretPW@[]/' 'postgresql://u:s3cretPW@[::1]x/' \
	'postgresql://u:s3cret%zzPW@localhost/db' 'postgresql://u:s3cretPW@localhost/db?badparam=1' \
	"host=/nonexistent port=1 user=u password=s3cretPW dbname=x" \
	'postgresql://u:s3cretPW@/db?host=/nonexistent&port=1'; do
	set +e
	"$CERTSWEEP" audit -d "$uri" --lint 'e_*' --out-dir "$WORK/out$n" >"$WORK/out.txt" 2>"$WORK/err.txt"; rc=$?
	set -e
	[ $rc -ne 0 ] || fail "$uri: should fail"
	! grep -q 's3cret' "$WORK/err.txt" "$WORK/out.txt" || fail "password echoed for $uri: $(cat "$WORK/err.txt")"
	! grep -q 'PW' "$WORK/err.txt" || fail "part of the password echoed for $uri: $(cat "$WORK/err.txt")"
	grep -q 'error' "$WORK/err.txt" || fail "no error message for $uri"
	n=$((n + 1))
done
pass "$n malformed or failing connection strings: no password in any message"
grep -q 'does not parse' <("$CERTSWEEP" audit -d 'postgresql://u:s3cretPW@[::1/x' --lint 'e_*' --out-dir "$WORK/x" 2>&1 || true) ||
	fail "an unparsable string should say so"
pass "an unparsable connection string is reported, not echoed"
