#!/usr/bin/env bash
# crt.sh keeps no unique key on crl_revoked: one serial may have several
# rows. The earliest date (then the lowest reason) is taken, and rows that
# disagree are listed in revocation-conflicts.csv; reason codes RFC 5280
# leaves undefined (7, >= 11) print as their number.
. "$SRC/tests/integration/lib.sh"
C=$CERTSWEEP_DEMO_FIXTURES
start_crtsh_db "$C"
ARGS=(-d "$GUEST" --lint 'e_*' --lint 'w_*' --now 2026-11-01 --planned-revocation 2026-11-06 --no-progress)
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/ref" 2>/dev/null || fail "reference run"
[ ! -e "$WORK/ref/revocation-conflicts.csv" ] || fail "no duplicates yet, but a revocation-conflicts.csv"
revoked=$(awk -F, '$(NF-2) == "Yes"' "$WORK/ref/affected.csv" | wc -l)
[ "$revoked" -gt 0 ] || fail "fixture: no revoked affected serial"

# A later duplicate with reason 12 for every entry, and an exact duplicate
# (it agrees: not counted) with the same date and reason.
psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null <<'SQL'
ALTER TABLE crl_revoked DROP CONSTRAINT crl_revoked_pkey;
INSERT INTO crl_revoked SELECT ca_id, serial_number, 12, revocation_date + interval '1 day', last_seen_check_date
  FROM crl_revoked;
INSERT INTO crl_revoked SELECT ca_id, serial_number, reason_code, revocation_date, last_seen_check_date
  FROM crl_revoked WHERE reason_code IS DISTINCT FROM 12;
SQL
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/dups" 2>"$WORK/err" || fail "run with duplicates: $(cat "$WORK/err")"
cmp "$WORK/ref/affected.csv" "$WORK/dups/affected.csv" || fail "the earliest entry no longer decides"
n=$(tail -n +2 "$WORK/dups/revocation-conflicts.csv" | wc -l)
[ "$n" = "$revoked" ] || fail "want $revoked conflicts, got $n: $(cat "$WORK/dups/revocation-conflicts.csv")"
grep -q 'taken: earliest date, then lowest reason), and 1 other disagreeing row(s), first revoked [0-9T:-]*Z 12' \
	"$WORK/dups/revocation-conflicts.csv" || fail "conflict line: $(head -3 "$WORK/dups/revocation-conflicts.csv")"
grep -q "duplicate \`crl_revoked\` rows) for $revoked serial" "$WORK/dups/impact.md" || fail "impact.md does not say so"
pass "duplicate crl_revoked rows: earliest taken, $n disagreeing serial(s) listed, reason 12 printed as 12"
