#!/usr/bin/env bash
# --where incident heuristics end to end, lint+where combination, error exits,
# and report.html in a real headless Chromium.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
start_crtsh_db "$C"
NOW=2026-06-01T00:00:00Z
serials() { tail -n +2 "$1" | awk -F, '{print $(NF-4)}' | sort | tr '\n' ' '; }
sha() { awk -F'\t' -v k="$1" -v t="$2" '$3==k && $4==t {print $5}' "$C/certs.tsv"; }

# The shipped SECOM heuristic rebuilds the incident scope, expired and revoked included.
"$CERTSWEEP" audit -d "$GUEST" --where-file "$SRC/queries/incidents/secom-st-embedded-rdn.q" \
	--now $NOW --out-dir "$WORK/secom" 2>/dev/null || fail "secom audit"
[ "$(serials "$WORK/secom/affected.csv")" = "00a003 0a01 0a02 0a04 0a06 " ] || fail "secom scope: $(serials "$WORK/secom/affected.csv")"
grep -qF 'subject.ST ~ /,\s*(C|ST|L|O|OU|CN)\s*=/' "$WORK/secom/impact.md" || fail "heuristic not verbatim in impact.md"
pass "SECOM heuristic (--where-file) finds the 5 serials"

# Only final certificates match; their precertificates have lower ids, so the
# pairing pass must go back for them.
"$CERTSWEEP" audit -d "$GUEST" --where 'not is_precert and subject.ST ~ /,\s*C=/' \
	--now $NOW --out-dir "$WORK/finals" 2>/dev/null || fail "finals audit"
[ "$(serials "$WORK/finals/affected.csv")" = "00a003 0a01 0a04 0a06 " ] || fail "finals scope: $(serials "$WORK/finals/affected.csv")"
grep -q "^$(sha secom_pair precert),$(sha secom_pair final),.*,0a01," "$WORK/finals/affected.csv" || fail "precert hash of 0a01 not paired"
grep -q "^,$(sha secom_noreason final),.*,0a04," "$WORK/finals/affected.csv" || fail "0a04 has no precert"
pass "pairing pass finds earlier precertificates of matching finals"

# Lints and --where combine: affected = matches --where AND fails a selected lint.
"$CERTSWEEP" audit -d "$GUEST" --lint e_ev_jurisdiction_level_inconsistent --joi-level CH=state \
	--where 'subject.jurisdictionC = "CH"' --now $NOW --out-dir "$WORK/both" 2>/dev/null || fail "combined audit"
[ "$(serials "$WORK/both/affected.csv")" = "0b01 " ] || fail "combined: $(serials "$WORK/both/affected.csv")"
"$CERTSWEEP" audit -d "$GUEST" --where-file "$SRC/queries/incidents/swisssign-ev-jurisdiction-locality.q" \
	--now $NOW --out-dir "$WORK/swiss" 2>/dev/null || fail "swisssign audit"
[ "$(serials "$WORK/swiss/affected.csv")" = "0b01 " ] || fail "swisssign: $(serials "$WORK/swiss/affected.csv")"
pass "lint AND where; SwissSign heuristic"

# Usage errors exit 2 with a caret under the column; nothing is written.
set +e
"$CERTSWEEP" audit -d "$GUEST" --where 'subject.ST ~ /x/ and' --out-dir "$WORK/bad" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] || fail "syntax error exit $rc"
grep -q 'at column 21' "$WORK/err" && grep -q '^  *\^$' "$WORK/err" || fail "no caret: $(cat "$WORK/err")"
[ ! -e "$WORK/bad" ] || fail "output dir created on a usage error"
set +e
"$CERTSWEEP" audit -d "$GUEST" --where 'subjet.CN = x' --out-dir "$WORK/bad" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q "unknown field 'subjet.CN'; known fields: subject.<ATTR>" "$WORK/err" || fail "unknown field: $(cat "$WORK/err")"
pass "expression errors exit 2 with a caret"

# Connection errors exit 3 and never print the password.
set +e
"$CERTSWEEP" audit -d "host=$PGHOST port=1 dbname=certwatch user=guest password=s3cretpw" \
	--lint 'e_*' --out-dir "$WORK/noconn" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] || fail "refused connection exit $rc"
grep -q '^certsweep: error: connection to database failed' "$WORK/err" || fail "message: $(cat "$WORK/err")"
! grep -q s3cretpw "$WORK/err" || fail "password printed"
set +e
"$CERTSWEEP" audit -d "host=$PGHOST port=$PGPORT dbname=certwatch user=guest =broken" --lint 'e_*' \
	--out-dir "$WORK/noconn" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'connection to database failed' "$WORK/err" || fail "broken conninfo: rc=$rc $(cat "$WORK/err")"
set +e
"$CERTSWEEP" audit -d "$GUEST" --lint 'e_*' --out-dir /proc/certsweep-cannot 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'cannot create directory /proc/certsweep-cannot' "$WORK/err" || fail "unwritable out dir: rc=$rc $(cat "$WORK/err")"
pass "connection and output errors exit 3 with a clear message, no password"

# report.html: self-contained, renders in headless Chromium, chart drawn.
R=$WORK/secom/report.html
! grep -Eq '(src|href)=' "$R" || fail "report.html references external resources"
grep -q '<svg' "$R" || fail "no SVG chart"
[ "$(grep -c '<rect ' "$R")" = 5 ] || fail "want 5 bars (5 issuance days), got $(grep -c '<rect ' "$R")"
command -v chromium >/dev/null || fail "chromium not installed (scripts/test.sh installs it)"
PROFILE=$(mktemp -d)
chromium_run() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$PROFILE" "$@" 2>>"$WORK/chromium.log"
}
chromium_run --window-size=1280,1600 --screenshot="$WORK/report.png" "file://$R" >/dev/null || fail "chromium screenshot failed"
[ -s "$WORK/report.png" ] || fail "no screenshot"
chromium_run --dump-dom "file://$R" >"$WORK/dom.html" || fail "chromium dump-dom failed"
grep -q '<rect' "$WORK/dom.html" && grep -q 'Total certificates' "$WORK/dom.html" || fail "rendered DOM lacks the chart or figures"
! grep -qi 'uncaught\|ERR_FILE_NOT_FOUND' "$WORK/chromium.log" || fail "page errors: $(grep -i 'uncaught\|ERR_' "$WORK/chromium.log")"
rm -rf "$PROFILE"
pass "report.html renders in headless Chromium (screenshot $WORK/report.png)"
