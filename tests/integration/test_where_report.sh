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
# Published outputs go into public Bugzilla attachments: they name the schema and
# database, never the socket, host, port or login role (issue 16.7).
for f in impact.md report.html; do
	grep -qF 'crt.sh schema, database certwatch' "$WORK/secom/$f" || fail "$f does not name the schema and database"
	! grep -qF -e "$PGHOST" -e "port $PGPORT" -e 'as guest' "$WORK/secom/$f" || fail "$f names the connection"
done
pass "impact.md and report.html name the source without host, port or user"

# Only final certificates match; their precertificates have lower ids, so the
# pairing pass must go back for them.
"$CERTSWEEP" audit -d "$GUEST" --where 'not is_precert and subject.ST ~ /,\s*C=/' \
	--now $NOW --out-dir "$WORK/finals" 2>/dev/null || fail "finals audit"
[ "$(serials "$WORK/finals/affected.csv")" = "00a003 0a01 0a04 0a06 " ] || fail "finals scope: $(serials "$WORK/finals/affected.csv")"
grep -q "^$(sha secom_pair precert),$(sha secom_pair final),.*,0a01," "$WORK/finals/affected.csv" || fail "precert hash of 0a01 not paired"
grep -q "^N/A,$(sha secom_noreason final),.*,0a04," "$WORK/finals/affected.csv" || fail "0a04 has no precert"
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

# report.html (#16.9-11): self-contained, renders in headless Chromium, and
# the chart's bins and legend are what affected.csv says.
"$CERTSWEEP" audit -d "$GUEST" --where 'is_precert or not is_precert' --now $NOW \
	--planned-revocation 2026-07-01 --revocation-plan <(printf '0a02,Delayed\n') \
	--out-dir "$WORK/every" 2>/dev/null || fail "every-certificate audit"
"$CERTSWEEP" audit -d "$GUEST" --where 'is_precert or not is_precert' --now $NOW \
	--not-before-from 2025-12-01 --not-before-to 2026-01-16 --out-dir "$WORK/days" 2>/dev/null || fail "day-range audit"
command -v chromium >/dev/null || fail "chromium not installed (scripts/test.sh installs it)"
PROFILE=$(mktemp -d)
chromium_run() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$PROFILE" "$@" 2>>"$WORK/chromium.log"
}

# What affected.csv says, as the chart must count it: one per final
# certificate (hashes in column 2), or one for a precertificate-only serial;
# "Is revoked?" gives the status; notBefore the bin (UNIT: day, week, month).
# Prints "BIN STATUS COUNT" lines, sorted.
csv_bins() { # CSV UNIT
	tail -n +2 "$1" | awk -F, '{n = split($2, h, " "); print substr($(NF-6), 1, 10), $(NF-2), (n ? n : 1)}' |
		while read -r d st n; do
			case $st in Yes) st=revoked ;; N/A) st=expired ;; Planned) st=planned ;; Delayed) st=delayed ;; *) st=valid ;; esac
			case $2 in
			day) b=$d ;;
			month) b=${d:0:7} ;;
			week) b=$(date -u -d "$d - $(($(date -u -d "$d" +%u) - 1)) days" +%F) ;;
			*) fail "unknown chart unit '$2'" ;;
			esac
			echo "$b $st $n"
		done | awk '{c[$1" "$2] += $3} END {for (k in c) print k, c[k]}' | sort
}
# The same from the rendered DOM: the segments of each bin of the panel of
# all issuers (the per-issuer small multiples follow it).
dom_bins() { # DOM
	tr '\n' ' ' <"$1" | sed 's/<g class="multiple".*//; s/.*<g class="panel" data-issuer="all"//' |
		grep -oE '<g class="bin" data-bin="[0-9-]+" data-count="[0-9]+"|<rect data-status="[a-z]+" data-count="[0-9]+"' |
		awk -F'"' '/class="bin"/ {bin = $4; want[bin] = $6; next} {print bin, $2, $4; got[bin] += $4}
			END {for (b in want) if (want[b] != got[b]) print "bin", b, "count", want[b], "!= segments", got[b]}' | sort
}
check_report() { # OUT_DIR NAME
	local R=$1/report.html dom=$WORK/$2.dom.html unit total
	! grep -Eiq '<script|<link|<img|<iframe|<object|src=|@import' "$R" || fail "$2: report.html loads resources"
	[ -z "$(grep -o 'url([^#][^)]*)' "$R")" ] || fail "$2: CSS url() outside the page"
	[ -z "$(grep -o 'href="[^"]*"' "$R" | grep -v '^href="https://crt\.sh/?sha256=[0-9a-f]\{64\}"$')" ] ||
		fail "$2: links other than crt.sh: $(grep -o 'href="[^"]*"' "$R" | sort -u | head -3)"
	chromium_run --window-size=1280,1400 --screenshot="$WORK/$2.png" "file://$R" >/dev/null || fail "$2: screenshot failed"
	[ -s "$WORK/$2.png" ] || fail "$2: no screenshot"
	chromium_run --dump-dom "file://$R" >"$dom" || fail "$2: dump-dom failed"
	grep -q 'Total certificates' "$dom" || fail "$2: rendered DOM lacks the figures"
	unit=$(grep -o '<svg[^>]*class="certsweep-chart"[^>]*' "$dom" | grep -o 'data-unit="[a-z]*"' | cut -d'"' -f2)
	csv_bins "$1/affected.csv" "$unit" >"$WORK/$2.csv-bins"
	dom_bins "$dom" >"$WORK/$2.dom-bins"
	[ -s "$WORK/$2.csv-bins" ] || fail "$2: nothing counted from affected.csv"
	diff -u "$WORK/$2.csv-bins" "$WORK/$2.dom-bins" >&2 || fail "$2: chart bins differ from affected.csv (per $unit)"
	awk '{c[$2] += $3} END {for (s in c) print s, c[s]}' "$WORK/$2.csv-bins" | sort >"$WORK/$2.csv-legend"
	grep -oE '<g class="legend-item" data-status="[a-z]+" data-count="[0-9]+"' "$dom" | awk -F'"' '{print $4, $6}' |
		sort >"$WORK/$2.dom-legend"
	diff -u "$WORK/$2.csv-legend" "$WORK/$2.dom-legend" >&2 || fail "$2: legend differs from affected.csv"
	total=$(awk '{t += $2} END {print t}' "$WORK/$2.csv-legend")
	grep -q "data-total=\"$total\"" "$dom" || fail "$2: chart total is not $total"
	grep -q "<th>Total certificates</th><td class=\"n\">$total</td>" "$dom" || fail "$2: chart total $total is not the Total certificates figure"
	# the table: one crt.sh link (full hash in its title) per hash of the CSV
	[ "$(grep -o 'href="https://crt.sh/?sha256=[0-9a-f]*" title="[0-9a-f]\{64\}"' "$R" | awk -F'"' '$2 == "https://crt.sh/?sha256="$4' | wc -l)" = \
		"$(tail -n +2 "$1/affected.csv" | cut -d, -f1,2 | grep -oE '[0-9a-f]{64}' | wc -l)" ] || fail "$2: crt.sh links differ from the CSV hashes"
	pass "$2: chart per $unit matches affected.csv ($(wc -l <"$WORK/$2.csv-bins") bin segments; legend $(tr '\n' ' ' <"$WORK/$2.csv-legend")); screenshot $WORK/$2.png"
}
check_report "$WORK/secom" secom
check_report "$WORK/every" every
check_report "$WORK/days" days
# it prints (Chromium applies the @media print rules)
chromium_run --no-pdf-header-footer --print-to-pdf="$WORK/every.pdf" "file://$WORK/every/report.html" >/dev/null 2>&1 ||
	fail "print to PDF failed"
[ "$(head -c 5 "$WORK/every.pdf")" = "%PDF-" ] || fail "no PDF printed"
grep -q '@media print{' "$WORK/every/report.html" || fail "no print CSS"
grep -q 'data-unit="month"' "$WORK/every/report.html" && grep -q 'data-unit="day"' "$WORK/days/report.html" || fail "bin units"
[ "$(grep -c '<g class="multiple"' "$WORK/every/report.html")" = 3 ] || fail "want 3 per-issuer panels"
grep -q 'data-status="delayed"' "$WORK/every.dom-legend" "$WORK/every/report.html" && grep -q '^planned ' "$WORK/every.dom-legend" ||
	fail "every: want planned and delayed in the legend: $(cat "$WORK/every.dom-legend")"

# The table: serials, dates and hashes never break inside a token; the
# hashes are shortened, the full value in the title.
R=$WORK/secom/report.html
grep -q '\.affected td\.s,\.affected td\.d,\.affected td\.h,\.affected td\.r{white-space:nowrap}' "$R" || fail "no nowrap rule"
! grep -q 'word-break' "$R" || fail "word-break in the page"
grep -q '<td class="s"><code>00a003</code></td><td class="d">2025-12-01T00:00:00Z</td>' "$R" || fail "serial/date cells"
h=$(sha secom_pair final)
[ ${#h} = 64 ] || fail "no fixture hash for secom_pair"
grep -q "<a href=\"https://crt.sh/?sha256=$h\" title=\"$h\"><code>${h:0:12}&#8230;</code></a>" "$R" ||
	fail "shortened hash $h with its title and crt.sh link"
! grep -Eiq 'display: *none|visibility: *hidden|aria-hidden' "$R" || fail "hidden text in the page"
! grep -qi 'uncaught\|ERR_FILE_NOT_FOUND' "$WORK/chromium.log" || fail "page errors: $(grep -i 'uncaught\|ERR_' "$WORK/chromium.log")"
rm -rf "$PROFILE"
pass "report.html: table cells unbroken, hashes shortened with titles, no page errors"
