#!/usr/bin/env bash
# crt.sh's real certificate table (queries/crtsh/schema-real.sql: 27
# partitions on notAfter, its 13 function indexes, no primary key): the
# whole crt.sh end-to-end test again, then what only the real table has:
# repeated and negative ids, NULLs, duplicate CRL entries, the partitions'
# row estimate and the plans of both scan paths.
export CRTSH_SCHEMA=schema-real.sql
. "$SRC/tests/integration/test_crtsh_audit.sh"
pass "test_crtsh_audit passes on the real schema"

DB=certwatch
[ "$(psql -qXAt -d $DB -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'certificate'::regclass")" = 27 ] ||
	fail "want 27 partitions"
[ "$(psql -qXAt -d $DB -c "SELECT count(*) FROM pg_indexes WHERE tablename = 'certificate'")" = 13 ] || fail "want 13 indexes"

COMMON=(--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent
	--joi-level CH=state --now 2026-06-01T00:00:00Z --planned-revocation 2026-06-05)
audit() { # OUT [options]
	local out=$1; shift
	"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" "$@" --out-dir "$WORK/$out" 2>"$WORK/$out.err" ||
		fail "audit $out: $(cat "$WORK/$out.err")"
}
rows_read() { sed -n 's/.* \([0-9]*\) rows read.*/\1/p' "$WORK/$1/impact.md"; }
# the CRL entry test_crtsh_audit stripped, back in its DER form
psql -qX -d $DB -c "UPDATE crl_revoked SET serial_number = '\x00a003' WHERE serial_number = '\xa003'" >/dev/null
audit base --page-size 1000

# Repeated ids (crt.sh has no primary key): rows 3 and 4 share id 2 with row 2.
# A page boundary inside an id must not lose its twins.
psql -qX -d $DB -c "UPDATE certificate SET id = 2 WHERE id IN (3, 4)" >/dev/null
for ps in 1 2 3 1000; do
	audit dup$ps --page-size $ps
	cmp "$WORK/base/affected.csv" "$WORK/dup$ps/affected.csv" || fail "repeated ids, --page-size $ps: affected.csv differs"
	[ "$(rows_read dup$ps)" = 20 ] || fail "repeated ids, --page-size $ps: $(rows_read dup$ps) rows read, count(*) is 20"
done
pass "repeated ids: every row read at every page size (20 rows = count(*))"

# Negative ids are read by a single run, --connections and --shard alike.
psql -qX -d $DB -c "UPDATE certificate SET id = -id WHERE id IN (15, 16)" >/dev/null
audit neg --page-size 2
cmp "$WORK/base/affected.csv" "$WORK/neg/affected.csv" || fail "negative ids: single run differs"
[ "$(rows_read neg)" = 20 ] || fail "negative ids: $(rows_read neg) rows read"
audit negc --page-size 2 --connections 2
cmp "$WORK/base/affected.csv" "$WORK/negc/affected.csv" || fail "negative ids: --connections 2 differs"
pass "negative ids read by a single run and by --connections"

# NULL issuer_ca_id and NULL / empty certificates (a mirror without NOT NULL).
psql -qX -v ON_ERROR_STOP=1 -d $DB >/dev/null <<'SQL'
ALTER TABLE certificate ALTER issuer_ca_id DROP NOT NULL, ALTER certificate DROP NOT NULL;
INSERT INTO certificate (id, issuer_ca_id, certificate) SELECT 21, NULL, certificate FROM certificate WHERE id = 19;
INSERT INTO certificate (id, issuer_ca_id, certificate) VALUES (22, 103, NULL), (23, 103, '');
SQL
audit nulls --page-size 2
[ "$(rows_read nulls)" = 23 ] || fail "NULLs: $(rows_read nulls) rows read, want 23"
grep -q '^22,' "$WORK/nulls/unparseable.csv" && grep -q '^23,' "$WORK/nulls/unparseable.csv" ||
	fail "NULL and empty certificates must be listed: $(cat "$WORK/nulls/unparseable.csv")"
cmp "$WORK/base/affected.csv" "$WORK/nulls/affected.csv" || fail "NULL rows changed affected.csv"
pass "NULL issuer_ca_id and NULL/empty certificates handled (listed in unparseable.csv)"

# Duplicate CRL entries for one serial: the earliest revocation wins, whatever
# the physical order (the later, disagreeing entry is stored first).
psql -qX -v ON_ERROR_STOP=1 -d $DB >/dev/null <<'SQL'
CREATE TEMP TABLE orig AS SELECT * FROM crl_revoked WHERE serial_number = '\x00a003';
DELETE FROM crl_revoked WHERE serial_number = '\x00a003';
INSERT INTO crl_revoked SELECT ca_id, serial_number, 4, revocation_date + interval '1 day', last_seen_check_date FROM orig;
INSERT INTO crl_revoked SELECT * FROM orig;
INSERT INTO crl_revoked SELECT * FROM orig;
SQL
for i in 1 2 3; do
	audit crl$i
	grep -q ',00a003,osaka.example.jp,Yes,2026-02-01T10:20:30Z,keyCompromise' "$WORK/crl$i/affected.csv" ||
		fail "duplicate CRL entries: not the earliest: $(grep 00a003 "$WORK/crl$i/affected.csv")"
done
pass "duplicate crl_revoked rows: the earliest revocation is chosen every time"

# Row estimate: the partitioned parent is never analysed (reltuples -1);
# the partitions are. count.sql sums them.
psql -qX -d $DB -c "SELECT 'ANALYZE ' || inhrelid::regclass || ';' FROM pg_inherits WHERE inhparent = 'certificate'::regclass" -At |
	psql -qX -d $DB >/dev/null
[ "$(psql -qXAt -d $DB -c "SELECT reltuples FROM pg_class WHERE oid = 'certificate'::regclass")" = -1 ] ||
	fail "the parent should stay unanalysed, as on crt.sh"
est=$(psql -qXAt -d "$GUEST" -f "$SRC/queries/crtsh/count.sql" | cut -d'|' -f1)
[ "$est" = 23 ] || fail "estimate from the partitions: $est, want 23"
pass "row estimate sums the partitions' reltuples (parent: -1)"

# Plans (tiny tables: sequential scans are disabled so the index choice shows).
plan() { # SQL-FILE PARAMS...
	local f=$1; shift
	local sql; sql=$(grep -v '^ *--' "$SRC/queries/crtsh/$f")
	psql -qXAt -d "$GUEST" -c "SET enable_seqscan = off" -c "PREPARE q AS $sql" -c "EXPLAIN (COSTS OFF) EXECUTE q($*)"
}
plan scan.sql "NULL, '{102}', 1000, NULL, NULL" >"$WORK/plan-id.txt"
grep -q 'id_idx' "$WORK/plan-id.txt" || fail "id path: want the id index: $(cat "$WORK/plan-id.txt")"
! grep -q 'notbefore' "$WORK/plan-id.txt" || fail "id path should not use the notBefore index"
# the pairing's rows by id (c_precert_final_mismatch's records): the rows of
# those ids under the issuer filter, every twin of each, in id order
ids=$(psql -qXAt -d "$GUEST" -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM (SELECT DISTINCT id FROM certificate WHERE issuer_ca_id = 102 ORDER BY id LIMIT 3) x")
want=$(psql -qXAt -d "$GUEST" -c "SELECT id FROM certificate WHERE issuer_ca_id = 102 AND id = ANY ('{$ids,-7}') ORDER BY id")
got=$(psql -qXAt -d "$GUEST" -c "PREPARE q AS $(grep -v '^ *--' "$SRC/queries/crtsh/scan.sql")" \
	-c "EXECUTE q(NULL, '{102}', 1000, NULL, '{$ids,-7}')" | cut -d'|' -f1)
[ -n "$want" ] && [ "$got" = "$want" ] || fail "id list: got $(echo $got), want $(echo $want)"
plan scan_issuer.sql "102, NULL, NULL, 1000, '2025-01-01', '2026-01-01', NULL, NULL" >"$WORK/plan-issuer.txt"
grep -q 'issuer_ca_id_x509_notbefore_idx' "$WORK/plan-issuer.txt" ||
	fail "issuer path: want c_ica_notbefore: $(cat "$WORK/plan-issuer.txt")"
grep -q 'Index Cond: ((issuer_ca_id = 102) AND (x509_notbefore(certificate) >=' "$WORK/plan-issuer.txt" ||
	fail "issuer path: the window must be an index condition: $(cat "$WORK/plan-issuer.txt")"
cp "$WORK/plan-id.txt" "$WORK/plan-issuer.txt" "$WORK/base/" 2>/dev/null || true
pass "plans: id path walks c_id; issuer path walks c_ica_notbefore with the window as index condition"
# The issuer path returns the rows of the window, in (notBefore, id) order,
# every row exactly once even when a small page splits nothing.
want=$(psql -qXAt -d "$GUEST" -c "SELECT id FROM certificate WHERE issuer_ca_id = 102 AND x509_notBefore(certificate) >= '2023-01-01' AND x509_notBefore(certificate) < '2026-01-01' ORDER BY x509_notBefore(certificate), id")
got=$(psql -qXAt -d "$GUEST" -c "PREPARE q AS $(grep -v '^ *--' "$SRC/queries/crtsh/scan_issuer.sql")" \
	-c "EXECUTE q(102, NULL, NULL, 1000, '2023-01-01', '2026-01-01', NULL, NULL)" | cut -d'|' -f1)
[ -n "$want" ] && [ "$want" = "$got" ] || fail "issuer path rows: want $(echo $want) got $(echo $got)"
# paged by one: each page continues after the last (notBefore, id) and ends after all its twins
last_nb=NULL last_id=NULL paged=
while :; do
	page=$(psql -qXAt -d "$GUEST" -c "PREPARE q AS $(grep -v '^ *--' "$SRC/queries/crtsh/scan_issuer.sql")" \
		-c "EXECUTE q(102, $last_nb, $last_id, 1, '2023-01-01', '2026-01-01', NULL, NULL)")
	[ -n "$page" ] || break
	paged+="$(echo "$page" | cut -d'|' -f1)"$'\n'
	last_id=$(echo "$page" | tail -1 | cut -d'|' -f1)
	last_nb="'$(echo "$page" | tail -1 | cut -d'|' -f4)'"
done
[ "$(echo "$want")" = "$(printf '%s' "$paged")" ] || fail "issuer path paged by 1: want $(echo $want) got $(echo $paged)"
pass "issuer path: the window's rows, each once, in (notBefore, id) order at page size 1 and 1000"

# The audit itself on the issuer path: --issuer-ca-id with a notBefore
# window walks c_ica_notbefore with the window in SQL, checkpointed by its
# position in (issuer, notBefore, id) order; --id-order keeps the id path.
# The outputs equal the id path's (findings.jsonl and unparseable.csv hold
# the same lines, in row order).
WIN=(--issuer-ca-id 102 --not-before-from 2023-01-01 --not-before-to 2026-01-01)
audit win-id "${WIN[@]}" --page-size 2 --id-order
audit win-ix "${WIN[@]}" --page-size 2
audit win-ix0 "${WIN[@]}" --page-size 2 --checkpoint-rows 0
for d in win-ix win-ix0; do
	grep -q "along crt.sh's (issuer_ca_id, notBefore) index" "$WORK/$d/impact.md" ||
		fail "$d: a window on crt.sh with x509 functions did not take the issuer path"
done
! grep -q "along crt.sh's" "$WORK/win-id/impact.md" || fail "--id-order must page by id"
grep -q '^Rows read [0-9]* of count(\*)' "$WORK/win-id/impact.md" || fail "the id path checks count(*)"
for d in win-ix win-ix0; do
	for f in affected.csv crtsh-links.txt revocation-conflicts.csv; do
		[ ! -e "$WORK/win-id/$f" ] && [ ! -e "$WORK/$d/$f" ] && continue
		cmp "$WORK/win-id/$f" "$WORK/$d/$f" || fail "issuer path ($d): $f differs from the id path"
	done
	for f in findings.jsonl unparseable.csv; do
		cmp <(sort "$WORK/win-id/$f") <(sort "$WORK/$d/$f") || fail "issuer path ($d): $f holds other lines"
	done
done
[ "$(tail -n +2 "$WORK/win-ix/affected.csv" | wc -l)" -gt 0 ] || fail "the window selects nothing: the test proves nothing"
audit win-ixc "${WIN[@]}" --page-size 2 --connections 2
cmp "$WORK/win-id/affected.csv" "$WORK/win-ixc/affected.csv" || fail "issuer path, --connections 2: affected.csv differs"
grep -q "along crt.sh's (issuer_ca_id, notBefore) index" "$WORK/win-ixc/impact.md" ||
	fail "--connections readers should take the issuer path"
pass "audit on the issuer path (checkpointed, --checkpoint-rows 0, --connections 2): same affected serials as --id-order"
# Interrupted on the issuer path, every few rows, with a checkpoint after
# every row (a page of 2 rows: checkpoints fall inside and between pages),
# and resumed: the outputs are byte for byte the uninterrupted audit's.
nwin=$(psql -qXAt -d $DB -c "SELECT count(*) FROM certificate WHERE issuer_ca_id = 102 AND x509_notBefore(certificate) >= '2023-01-01' AND x509_notBefore(certificate) < '2026-01-01'")
[ "$nwin" -ge 3 ] || fail "the window holds $nwin rows: too few to interrupt"
resumed=0
for jobs in 1 2; do
	for k in $(seq 1 $((nwin - 1))); do
		d=win-kill-$jobs-$k
		set +e
		CERTSWEEP_FAULT_AFTER_ROWS=$k "$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" "${WIN[@]}" --page-size 2 \
			--checkpoint-rows 1 --jobs $jobs --out-dir "$WORK/$d" 2>"$WORK/$d.err"
		rc=$?
		set -e
		[ $rc -ne 0 ] || fail "$d: the fault hook did not stop the audit"
		more=()
		if [ -e "$WORK/$d/checkpoint.state" ]; then
			grep -q '^position 102 [0-9-]* 20' "$WORK/$d/checkpoint.state" ||
				fail "$d: the checkpoint keeps no position: $(cat "$WORK/$d/checkpoint.state")"
			more=(--resume)
			resumed=$((resumed + 1))
		fi
		"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" "${WIN[@]}" --page-size 2 --checkpoint-rows 1 --jobs $jobs \
			"${more[@]}" --out-dir "$WORK/$d" 2>"$WORK/$d.err2" || fail "$d: resume: $(cat "$WORK/$d.err2")"
		for f in affected.csv crtsh-links.txt findings.jsonl unparseable.csv; do
			[ ! -e "$WORK/win-ix/$f" ] && [ ! -e "$WORK/$d/$f" ] && continue
			cmp "$WORK/win-ix/$f" "$WORK/$d/$f" || fail "$d: $f differs after resuming on the issuer path"
		done
	done
done
[ $resumed -ge $((nwin - 2)) ] || fail "only $resumed of $((2 * (nwin - 1))) kills left a checkpoint to resume"
# SIGTERM: a checkpoint at the position, exit 4 (resumable), and --resume finishes it
set +e
CERTSWEEP_FAULT_AFTER_ROWS=1:TERM "$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" "${WIN[@]}" --page-size 2 \
	--checkpoint-rows 0 --out-dir "$WORK/win-term" 2>"$WORK/win-term.err"; rc=$?
set -e
[ $rc = 4 ] && grep -q 'continue with --resume' "$WORK/win-term.err" || fail "SIGTERM on the issuer path: rc=$rc $(cat "$WORK/win-term.err")"
[ ! -e "$WORK/win-term/affected.csv" ] || fail "SIGTERM on the issuer path published outputs"
"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" "${WIN[@]}" --page-size 2 --checkpoint-rows 0 --resume \
	--out-dir "$WORK/win-term" 2>"$WORK/win-term.err2" || fail "resume after SIGTERM: $(cat "$WORK/win-term.err2")"
cmp "$WORK/win-ix0/affected.csv" "$WORK/win-term/affected.csv" || fail "SIGTERM + --resume on the issuer path: affected.csv differs"
pass "issuer path: killed after every row ($((nwin - 1)) points, --jobs 1 and 2; $resumed resumed from a position) or SIGTERMed and resumed: outputs byte-identical"
# Resumed from a position, then a pairing pass over the table (here made to
# run by a tiny --memory-limit: the spilled serials' siblings are looked for
# there; as much as any serial that lacks its precertificate or final): the
# pass starts from the beginning, not at the checkpoint's position (it did:
# "cannot resume this pass at position '102 14 '").
set +e
CERTSWEEP_FAULT_AFTER_ROWS=2 "$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" "${WIN[@]}" --page-size 2 --checkpoint-rows 1 \
	--memory-limit 1K --out-dir "$WORK/win-pair" 2>"$WORK/win-pair.err"
set -e
grep -q '^position 102 ' "$WORK/win-pair/checkpoint.state" || fail "win-pair: no checkpoint at a position"
"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" "${WIN[@]}" --page-size 2 --checkpoint-rows 1 --memory-limit 1K --resume \
	--out-dir "$WORK/win-pair" 2>"$WORK/win-pair.err2" || fail "win-pair: resume: $(cat "$WORK/win-pair.err2")"
grep -q 'run(s), merged' "$WORK/win-pair.err2" || fail "win-pair: the set should have spilled"
for f in affected.csv crtsh-links.txt findings.jsonl unparseable.csv; do
	cmp "$WORK/win-ix/$f" "$WORK/win-pair/$f" || fail "win-pair: $f differs"
done
pass "issuer path resumed from a position, then the pairing pass over the table: outputs byte-identical"
