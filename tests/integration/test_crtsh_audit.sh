#!/usr/bin/env bash
# End to end against a real PostgreSQL 15 with the crt.sh schema: the CCADB
# CSV for the incident corpus, cell by cell.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
start_crtsh_db "$C"
OUT=$WORK/out
rm -rf "$OUT"

"$CERTSWEEP" audit -d "$GUEST" --schema crtsh \
	--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent \
	--joi-level CH=state --now 2026-06-01T00:00:00Z --planned-revocation 2026-06-05 \
	--out-dir "$OUT" 2>"$WORK/stderr" || fail "audit exited $?: $(cat "$WORK/stderr")"

expand_expected "$SRC/tests/integration/expected/crtsh_affected.csv.in" "$C" >"$WORK/expected.csv"
assert_csv_equal "$WORK/expected.csv" "$OUT/affected.csv"
pass "affected.csv equals the hand-written expectation (7 serials, expired/revoked/precert-only included)"

# Unparseable row reported with its id and a reason, never dropped.
grep -q '^20,[0-9a-f]\{64\},' "$OUT/unparseable.csv" || fail "garbage row 20 not in unparseable.csv"
[ "$(wc -l <"$OUT/unparseable.csv")" = 2 ] || fail "unparseable.csv should hold the header and one row"
pass "garbage row listed in unparseable.csv"

# crt.sh links: one per final certificate, the precertificate where no final exists.
[ "$(wc -l <"$OUT/crtsh-links.txt")" = 7 ] || fail "crtsh-links.txt should have 7 lines"
pre_only=$(awk -F'\t' '$3=="secom_preonly"{print $5}' "$C/certs.tsv")
grep -qx "https://crt.sh/?sha256=$pre_only" "$OUT/crtsh-links.txt" || fail "precert-only link missing"
pass "crtsh-links.txt"

# Impact figures.
grep -q '^| Total certificates .* | 7 |$' "$OUT/impact.md" || fail "impact total"
grep -q '^| Remaining valid (not expired, not revoked) | 2 |$' "$OUT/impact.md" || fail "impact remaining valid"
grep -q '^| Serials with a precertificate only | 1 |$' "$OUT/impact.md" || fail "precert-only count"
grep -q '^| OV | 2.23.140.1.2.2 | 5 |$' "$OUT/impact.md" || fail "OV count"
grep -q '^| EV | 2.23.140.1.1 | 2 |$' "$OUT/impact.md" || fail "EV count"
grep -q 'Non-compliance began (first affected notBefore): 2023-03-01T00:00:00Z' "$OUT/impact.md" || fail "first issuance"
grep -q 'Last affected issuance (last affected notBefore): 2026-01-15T00:00:00Z' "$OUT/impact.md" || fail "last issuance"
grep -q -- '--lint e_subject_attribute_value_embedded_rdn' "$OUT/impact.md" || fail "heuristic missing"
pass "impact.md figures"

# findings.jsonl: one line per failing certificate and lint: 8 embedded-RDN + 4 jurisdiction.
[ "$(wc -l <"$OUT/findings.jsonl")" = 12 ] || fail "findings.jsonl: want 12 lines, got $(wc -l <"$OUT/findings.jsonl")"
grep -q '"id":1,.*"lint":"e_subject_attribute_value_embedded_rdn","result":"error"' "$OUT/findings.jsonl" || fail "finding for id 1"
pass "findings.jsonl"

# No output left half-written.
! ls "$OUT"/*.partial >/dev/null 2>&1 || fail "partial files left behind"

# Without --planned-revocation: still-valid rows say "No" and stderr warns.
"$CERTSWEEP" audit -d "$GUEST" --lint e_subject_attribute_value_embedded_rdn \
	--now 2026-06-01T00:00:00Z --out-dir "$WORK/out2" 2>"$WORK/stderr2" || fail "second audit"
grep -q 'CCADB expects "Planned"' "$WORK/stderr2" || fail "no Planned/Delayed warning"
grep -q ',0a02,shop.example.jp,No,N/A,N/A' "$OUT/../out2/affected.csv" || fail "valid unrevoked row should say No"
pass "unplanned revocation warns"

# Issuer filter: only the EV CA.
"$CERTSWEEP" audit -d "$GUEST" --issuer-ca-id 102 --lint 'e_ev_*' --lint e_subject_attribute_value_embedded_rdn --joi-level CH=state \
	--now 2026-06-01T00:00:00Z --out-dir "$WORK/out3" 2>/dev/null || fail "filtered audit"
[ "$(grep -c ',0b0[0-9],' "$WORK/out3/affected.csv")" = 2 ] || fail "issuer filter: want the 2 EV serials"
! grep -q 'OV CA' "$WORK/out3/affected.csv" || fail "issuer filter leaked OV"
pass "--issuer-ca-id"

# notBefore window.
"$CERTSWEEP" audit -d "$GUEST" --lint 'e_subject_*' --not-before-from 2025-12-01 --not-before-to 2025-12-02T00:00:00Z \
	--now 2026-06-01T00:00:00Z --out-dir "$WORK/out4" 2>/dev/null || fail "window audit"
[ "$(tail -n +2 "$WORK/out4/affected.csv" | wc -l)" = 1 ] && grep -q ',00a003,' "$WORK/out4/affected.csv" || fail "window: want only 00a003"
pass "--not-before-from/--not-before-to"

# A mirror that stores CRL serials without the DER sign octet still matches.
psql -qX -d certwatch -c "UPDATE crl_revoked SET serial_number = '\xa003' WHERE serial_number = '\x00a003'" >/dev/null
"$CERTSWEEP" audit -d "$GUEST" --lint e_subject_attribute_value_embedded_rdn \
	--now 2026-06-01T00:00:00Z --out-dir "$WORK/out5" 2>/dev/null || fail "audit with stripped serial"
grep -q ',00a003,osaka.example.jp,Yes,2026-02-01T10:20:30Z,keyCompromise' "$WORK/out5/affected.csv" || fail "stripped CRL serial not joined"
pass "CRL serial stored without the sign octet"

# --fail-on: exit 1 when a finding reaches the severity, 0 when none does.
set +e
"$CERTSWEEP" audit -d "$GUEST" --lint e_subject_attribute_value_embedded_rdn --fail-on error \
	--out-dir "$WORK/out6" 2>/dev/null; rc=$?
"$CERTSWEEP" audit -d "$GUEST" --lint e_subject_attribute_value_embedded_rdn --issuer-ca-id 103 --fail-on error \
	--out-dir "$WORK/out7" 2>/dev/null; rc2=$?
set -e
[ $rc = 1 ] && [ $rc2 = 0 ] || fail "--fail-on exit codes: $rc $rc2"
pass "--fail-on"
