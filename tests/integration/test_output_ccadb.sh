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
