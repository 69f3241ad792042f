#!/usr/bin/env bash
# CCADB-facing outputs (#16 items 6, 7, 8, 14): impact.md cites guideline
# v3.2; --source-label replaces the source description in what is published;
# final certificates are counted apart from precertificate-only serials; a
# --where-only audit records every match in findings.jsonl.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
D=$WORK/where
"$CERTSWEEP" audit --files "$C/der" --where 'subject.ST ~ /,/' --now 2026-06-01 \
	--source-label "Example CA production store" --out-dir "$D" 2>/dev/null || fail "where-only audit"

grep -q 'CCADB Incident Reporting Guidelines v3.2' "$D/impact.md" || fail "impact.md does not cite guideline v3.2"
pass "impact.md cites the CCADB Incident Reporting Guidelines v3.2"

for f in impact.md report.html audit.state; do
	grep -q 'Example CA production store' "$D/$f" || fail "$f lacks the --source-label"
	! grep -q "file(s) under" "$D/$f" || fail "$f still describes the source itself"
done
pass "--source-label is what impact.md, report.html and audit.state name as the source"

# every certificate the expression matched has its line, with the reason
matched=$(awk '$1=="stats"{print $6}' "$D/audit.state")
[ "$matched" -gt 0 ] || fail "nothing matched"
[ "$(grep -c '"lint":"where","result":"match","details":"subject.ST ~ /,/"' "$D/findings.jsonl")" = "$matched" ] ||
	fail "findings.jsonl: want $matched --where lines, got $(wc -l <"$D/findings.jsonl")"
pass "a --where-only audit writes each of its $matched matches to findings.jsonl"

# final certificates vs precertificate-only serials, both labelled
finals=$(grep -c '"precert":false' "$D/findings.jsonl")
precert_only=$(sed -n 's/^| Serials with a precertificate only | \([0-9]*\) |$/\1/p' "$D/impact.md")
[ -n "$precert_only" ] && [ "$precert_only" -gt 0 ] || fail "the corpus should have a precertificate-only serial"
grep -q "^| Final certificates (what CCADB counts as certificates) | $finals |$" "$D/impact.md" ||
	fail "impact.md: want $finals final certificates: $(grep -i final "$D/impact.md")"
total=$(sed -n 's/^| Total certificates .* | \([0-9]*\) |$/\1/p' "$D/impact.md")
[ "$total" = $((finals + precert_only)) ] || fail "total $total != $finals finals + $precert_only precertificate-only"
grep -q "<tr><th>Final certificates (CCADB)</th><td class=\"n\">$finals</td></tr>" "$D/report.html" ||
	fail "report.html lacks the final-certificate figure"
pass "final certificates ($finals) and precertificate-only serials ($precert_only) are shown apart"

# "Is revoked?" takes CCADB values (#16 item 4): Delayed with its reason,
# and a per-serial --revocation-plan over Planned/Delayed defaults.
LINTS=(--files "$C/der" --lint 'e_*' --now 2026-06-01)
"$CERTSWEEP" audit "${LINTS[@]}" --out-dir "$WORK/plain" 2>/dev/null || fail "plain audit"
now=$(date -u -d 2026-06-01 +%s)
# still-valid serials, from audit.state: group ISSUER SERIAL ref first_id notBefore notAfter ...
mapfile -t valid < <(awk -v now="$now" '$1=="group" && $7 >= now {print $3}' "$WORK/plain/audit.state")
[ ${#valid[@]} -ge 2 ] || fail "want two still-valid serials, got ${#valid[@]}"
for s in "${valid[@]}"; do
	grep -q ",$s,.*,No,N/A,N/A"$'\r'"\$" "$WORK/plain/affected.csv" || fail "serial $s not 'No' without a plan"
done
D=$WORK/delayed
"$CERTSWEEP" audit "${LINTS[@]}" --delayed-revocation "the subscriber's maintenance window" \
	--planned-revocation 2026-07-01 --out-dir "$D" 2>/dev/null || fail "--delayed-revocation audit"
for s in "${valid[@]}"; do
	grep -q ",$s,.*,Delayed,2026-07-01T00:00:00Z,N/A"$'\r'"\$" "$D/affected.csv" || fail "serial $s not Delayed with its date"
done
grep -q "Revocation is delayed for ${#valid[@]} .*for this reason: the subscriber's maintenance window" "$D/impact.md" ||
	fail "impact.md lacks the delay and its reason"
cat >"$WORK/plan.csv" <<PLAN
serial,status,date
# first serial: planned; second: delayed, date unknown yet
${valid[0]^^},Planned,2026-06-15
${valid[1]},delayed
PLAN
D=$WORK/plan
"$CERTSWEEP" audit "${LINTS[@]}" --revocation-plan "$WORK/plan.csv" --out-dir "$D" 2>/dev/null || fail "--revocation-plan audit"
grep -q ",${valid[0]},.*,Planned,2026-06-15T00:00:00Z,N/A"$'\r'"\$" "$D/affected.csv" || fail "plan: ${valid[0]} not Planned"
grep -q ",${valid[1]},.*,Delayed,N/A,N/A"$'\r'"\$" "$D/affected.csv" || fail "plan: ${valid[1]} not Delayed"
for s in "${valid[@]:2}"; do
	grep -q ",$s,.*,No,N/A,N/A"$'\r'"\$" "$D/affected.csv" || fail "plan: unlisted $s changed"
done
grep -q "^plan ${valid[0]} P 1 " "$D/audit.state" || fail "the plan is not part of audit.state"
printf 'zz,Planned\n' >"$WORK/bad-plan.csv"
set +e
"$CERTSWEEP" audit "${LINTS[@]}" --revocation-plan "$WORK/bad-plan.csv" --out-dir "$WORK/bad" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'bad-plan.csv:1:' "$WORK/err" || fail "bad plan: rc=$rc $(cat "$WORK/err")"
pass "Delayed (with reason and date) and a per-serial --revocation-plan give CCADB values"

# A --where-file that cannot be read says why (#16 item 12).
set +e
"$CERTSWEEP" audit --files "$C/der" --where-file "$WORK/no-such.q" --out-dir "$WORK/nowhere" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q "cannot read $WORK/no-such.q: No such file or directory" "$WORK/err" ||
	fail "missing --where-file: rc=$rc $(cat "$WORK/err")"
pass "a missing --where-file names the reason"
