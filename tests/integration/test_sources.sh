#!/usr/bin/env bash
# One corpus, four sources: crt.sh schema, EJBCA CertificateData (new and old
# column sets), files + CRLs, and a --query file. Same affected.csv, byte for
# byte. Then store/CRL disagreements, `certsweep diff`, and query contract errors.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
start_crtsh_db "$C"
for db in ejbca ejbca_old; do
	psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
done
psql -qX -v ON_ERROR_STOP=1 -d ejbca -f "$SRC/queries/ejbca/schema.sql" -f "$C/ejbca.sql" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d ejbca_old -f "$SRC/queries/ejbca/schema-old.sql" -f "$C/ejbca-old.sql" >/dev/null
for db in ejbca ejbca_old; do
	psql -qX -v ON_ERROR_STOP=1 -d $db -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest" >/dev/null
done
[ "$(psql -qXAt -d ejbca -c 'SELECT count(*) FROM certificatedata WHERE base64cert IS NULL')" -gt 0 ] ||
	fail "fixture should keep some DERs in Base64CertData"
conn() { echo "host=$PGHOST port=$PGPORT dbname=$1 user=guest"; }
COMMON=(--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent
	--joi-level CH=state --now 2026-06-01T00:00:00Z --planned-revocation 2026-06-05)

"$CERTSWEEP" audit -d "$(conn certwatch)" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>/dev/null || fail "crtsh"
"$CERTSWEEP" audit -d "$(conn ejbca)" --schema ejbca "${COMMON[@]}" --out-dir "$WORK/ejbca" 2>"$WORK/ejbca.err" || fail "ejbca: $(tail -30 "$WORK/ejbca.err")"
"$CERTSWEEP" audit -d "$(conn ejbca_old)" --schema ejbca "${COMMON[@]}" --out-dir "$WORK/ejbca_old" 2>/dev/null || fail "ejbca old"
"$CERTSWEEP" audit --files "$C/der" --crl "$C/crl/ov.crl" --crl "$C/crl/ev.crl" --crl "$C/crl/dv.crl" \
	"${COMMON[@]}" --out-dir "$WORK/files" 2>/dev/null || fail "files"
"$CERTSWEEP" audit -d "$(conn ejbca_old)" --query "$SRC/queries/examples/ejbca-query.sql" "${COMMON[@]}" \
	--out-dir "$WORK/query" 2>/dev/null || fail "query"
[ "$(tail -n +2 "$WORK/crtsh/affected.csv" | wc -l)" = 7 ] || fail "crtsh: want 7 serials"
"$CERTSWEEP" audit --files "$C/der" --crl "$C/crl/ov.crl" --crl "$C/crl/ev.crl" --crl "$C/crl/dv.crl" \
	"${COMMON[@]}" -j 3 --out-dir "$WORK/files-j3" 2>/dev/null || fail "files -j 3"
"$CERTSWEEP" audit -d "$(conn ejbca)" --schema ejbca "${COMMON[@]}" -j 2 --page-size 4 --out-dir "$WORK/ejbca-j2" 2>/dev/null || fail "ejbca -j 2"
for s in ejbca ejbca_old files query files-j3 ejbca-j2; do
	cmp "$WORK/crtsh/affected.csv" "$WORK/$s/affected.csv" ||
		{ diff "$WORK/crtsh/affected.csv" "$WORK/$s/affected.csv" >&2; fail "affected.csv from $s differs from crt.sh"; }
done
pass "crt.sh, EJBCA (new and old columns), files+CRLs and --query give byte-identical affected.csv"

# Every source reports the truncated row, by its own key.
grep -q '/garbage.der,' "$WORK/files/unparseable.csv" || fail "files: garbage not reported"
[ "$(wc -l <"$WORK/ejbca/unparseable.csv")" = 2 ] || fail "ejbca: garbage not reported"
pass "unparseable rows reported by every source"

# The CA's store says 0a06 was never revoked; its CRL says it was: the finding says so.
psql -qX -d ejbca -c "UPDATE certificatedata SET status = 20, revocationdate = -1, revocationreason = -1 WHERE username = 'secom_old_revoked'" >/dev/null
"$CERTSWEEP" audit -d "$(conn ejbca)" --schema ejbca --crl "$C/crl/ov.crl" "${COMMON[@]}" \
	--out-dir "$WORK/conflict" 2>"$WORK/err" || fail "conflict audit"
grep -q 'store and the CRLs disagree' "$WORK/err" || fail "no conflict warning"
grep -q '^0a06,"CN=certsweep Test OV CA,O=certsweep Test,C=JP",store: not revoked; CRL: revoked 2024-06-01T12:00:00Z superseded' \
	"$WORK/conflict/revocation-conflicts.csv" || fail "conflict not listed: $(cat "$WORK/conflict/revocation-conflicts.csv")"
[ "$(wc -l <"$WORK/conflict/revocation-conflicts.csv")" = 2 ] || fail "want exactly one conflict"
grep -q ',0a06,kyoto.example.jp,Yes,2024-06-01T12:00:00Z,superseded' "$WORK/conflict/affected.csv" || fail "CRL should decide"
pass "store/CRL disagreement listed in revocation-conflicts.csv"

# diff: the store lost a serial that the crt.sh mirror still has ("found one more").
psql -qX -d ejbca -c "DELETE FROM base64certdata WHERE fingerprint IN (SELECT fingerprint FROM certificatedata WHERE username = 'secom_revoked'); DELETE FROM certificatedata WHERE username = 'secom_revoked'" >/dev/null
"$CERTSWEEP" audit -d "$(conn ejbca)" --schema ejbca "${COMMON[@]}" --out-dir "$WORK/ejbca_missing" 2>/dev/null || fail "ejbca missing"
set +e
"$CERTSWEEP" diff "$WORK/crtsh" "$WORK/ejbca_missing" >"$WORK/diff.txt" 2>/dev/null; rc=$?
"$CERTSWEEP" diff "$WORK/crtsh" "$WORK/ejbca_old" >/dev/null 2>&1; rc_same=$?
set -e
[ $rc = 1 ] && [ $rc_same = 0 ] || fail "diff exit codes $rc $rc_same"
[ "$(wc -l <"$WORK/diff.txt")" = 2 ] || fail "diff: want 2 lines: $(cat "$WORK/diff.txt")"
pre=$(awk -F'\t' '$3=="secom_revoked" && $4=="precert"{print $5}' "$C/certs.tsv")
grep -q "^only in $WORK/crtsh, not in $WORK/ejbca_missing: serial 00a003 .* precertificate $pre\$" "$WORK/diff.txt" ||
	fail "diff output: $(cat "$WORK/diff.txt")"
pass "certsweep diff reports the planted missing certificate"

# --query: the column contract is checked before scanning.
echo 'SELECT fingerprint AS id FROM certificatedata WHERE $1::text IS NULL OR fingerprint > $1 LIMIT $2::int' >"$WORK/noder.sql"
set +e
"$CERTSWEEP" audit -d "$(conn ejbca_old)" --query "$WORK/noder.sql" --lint 'e_*' --out-dir "$WORK/q2" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'does not return column "der"' "$WORK/err" || fail "missing der: rc=$rc $(cat "$WORK/err")"
echo 'SELECT fingerprint AS id, base64cert AS der FROM nosuchtable LIMIT $2::int OFFSET length($1)' >"$WORK/bad.sql"
set +e
"$CERTSWEEP" audit -d "$(conn ejbca_old)" --query "$WORK/bad.sql" --lint 'e_*' --out-dir "$WORK/q3" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'relation "nosuchtable" does not exist' "$WORK/err" || fail "bad query: rc=$rc $(cat "$WORK/err")"
pass "--query contract errors name the missing column"

# The audited database is never written. READ ONLY stops plain writes but not
# a superuser's functions (dblink, pg_file_write, lo_export): such a role is
# refused at connect time, before any query of the user's runs.
set +e
"$CERTSWEEP" audit -d "host=$PGHOST port=$PGPORT dbname=ejbca_old user=postgres" \
	--query <(echo 'DELETE FROM certificatedata WHERE $1::text IS NULL RETURNING fingerprint AS id, base64cert AS der, $2::int AS n') \
	--lint 'e_*' --out-dir "$WORK/q4" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'role postgres is a superuser' "$WORK/err" || fail "a superuser was not refused: rc=$rc $(cat "$WORK/err")"
[ "$(psql -qXAt -d ejbca_old -c 'SELECT count(*) FROM certificatedata')" = 20 ] || fail "rows were deleted"
pass "a superuser is refused before any query runs"

# A role that may write the audited tables is refused too, naming them.
psql -qX -v ON_ERROR_STOP=1 -d ejbca_old -c "CREATE ROLE writer LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO writer; GRANT UPDATE ON certificatedata TO writer" >/dev/null
set +e
"$CERTSWEEP" audit -d "host=$PGHOST port=$PGPORT dbname=ejbca_old user=writer" --schema ejbca \
	--lint 'e_*' --out-dir "$WORK/q5" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'role writer may write to the audited tables: certificatedata' "$WORK/err" ||
	fail "a writing role was not refused: rc=$rc $(cat "$WORK/err")"
pass "a role with write privileges on the audited tables is refused"

# With --allow-privileged-role the READ ONLY transaction still refuses a plain write.
set +e
"$CERTSWEEP" audit -d "host=$PGHOST port=$PGPORT dbname=ejbca_old user=postgres" --allow-privileged-role \
	--query <(echo 'DELETE FROM certificatedata WHERE $1::text IS NULL RETURNING fingerprint AS id, base64cert AS der, $2::int AS n') \
	--lint 'e_*' --out-dir "$WORK/q6" 2>"$WORK/err"; rc=$?
set -e
grep -q 'read-only transaction' "$WORK/err" || fail "a write was not refused: rc=$rc $(cat "$WORK/err")"
[ "$(psql -qXAt -d ejbca_old -c 'SELECT count(*) FROM certificatedata')" = 20 ] || fail "rows were deleted"
pass "--allow-privileged-role: a write through --query is still refused by READ ONLY"
