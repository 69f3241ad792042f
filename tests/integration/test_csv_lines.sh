#!/usr/bin/env bash
# Serial reuse (issue 12 item 2): CCADB counts certificates, so a serial
# holding two distinct final certificates is one affected.csv line per
# certificate, each with its own Subject, validity, dNSNames and hash, and the
# precertificate whose canonical TBS equals its own; a precertificate pairing
# with neither has its own line; a normal pair stays one line. The same bytes
# through crt.sh on a real PostgreSQL, --files, -j 2, and two shards merged;
# impact.md counts each certificate once.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/csv-reuse.spec" "$C" >/dev/null
start_crtsh_db "$C"
# a per-certificate heuristic every certificate of the incident meets (not a serial-reuse check)
COMMON=(--where 'san.dns ~ /reuse\.example\.com$/' --now 2026-06-01T00:00:00Z)
expand_expected "$SRC/tests/integration/expected/csv_reuse_affected.csv.in" "$C" >"$WORK/expected.csv"

"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/err" || fail "crtsh: $(cat "$WORK/err")"
assert_csv_equal "$WORK/expected.csv" "$WORK/crtsh/affected.csv"
pass "crt.sh: a reused serial gives a line per certificate with its own fields; the normal pair one line"

"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/err" || fail "files: $(cat "$WORK/err")"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" -j 2 --page-size 2 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" -j 2 --out-dir "$WORK/files-j2" 2>/dev/null || fail "files -j 2"
for d in files crtsh-j2 files-j2; do
	assert_csv_equal "$WORK/expected.csv" "$WORK/$d/affected.csv"
done
for d in crtsh-j2; do
	for f in crtsh-links.txt impact.md; do
		cmp "$WORK/crtsh/$f" "$WORK/$d/$f" || fail "$d: $f differs"
	done
done
pass "--files, -j 2 (crt.sh and files) write the same lines"

# two shards: final A and final B are read by different shards, folded by merge
for k in 1 2; do
	"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --shard $k/2 --out-dir "$WORK/shard$k" 2>"$WORK/err" ||
		fail "shard $k: $(cat "$WORK/err")"
done
id_of() { awk -F'\t' -v k="$1" -v kind="$2" '$3==k && $4==kind {print $1}' "$C/certs.tsv"; }
members() { awk '$1=="group" && $3=="0e01" {g=1; next} $1=="group" {g=0} g && $1=="member" {print $4}' "$1/audit.state" | sort | tr '\n' ' '; }
m1=$(members "$WORK/shard1") m2=$(members "$WORK/shard2")
[ -n "$m1" ] && [ -n "$m2" ] || fail "serial 0e01 should be seen by both shards: '$m1' / '$m2'"
"$CERTSWEEP" merge -o "$WORK/merged" "$WORK/shard1" "$WORK/shard2" 2>"$WORK/err" || fail "merge: $(cat "$WORK/err")"
assert_csv_equal "$WORK/expected.csv" "$WORK/merged/affected.csv"
for f in crtsh-links.txt impact.md; do
	cmp "$WORK/crtsh/$f" "$WORK/merged/$f" || fail "merged: $f differs"
done
pass "--shard 1/2 + 2/2 + merge: the same lines (0e01 split across shards: ids $m1/ $m2)"

# --resume: killed after 4 rows (final A read, final B not), continued from the checkpoint
R="$WORK/resumed"
CERTSWEEP_FAULT_AFTER_ROWS=4 "$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --page-size 1 \
	--checkpoint-rows 1 --out-dir "$R" 2>/dev/null && fail "the fault injection did not stop the run"
[ -e "$R/checkpoint.state" ] || fail "no checkpoint to resume from"
# the checkpoint's groups are in its journal, checkpoint.groups.partial
grep -q '^journal [0-9]*$' "$R/checkpoint.state" || fail "the checkpoint names no group journal"
grep -q '^msubject =CN=a.reuse.example.com$' "$R/checkpoint.groups.partial" || fail "the checkpoint lacks final A's own subject"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --page-size 1 --checkpoint-rows 1 --resume \
	--out-dir "$R" 2>"$WORK/err" || fail "resume: $(cat "$WORK/err")"
assert_csv_equal "$WORK/expected.csv" "$R/affected.csv"
pass "--resume from a checkpoint holding half the reused serial: the same lines"

# impact.md: certificates, each counted once (the pair 1, the reused serial 3 lines)
im="$WORK/crtsh/impact.md"
grep -q '^| Total certificates .* | 4 |$' "$im" || fail "total: $(grep Total "$im")"
grep -q '^| Final certificates (what CCADB counts as certificates) | 3 |$' "$im" || fail "finals: $(grep Final "$im")"
grep -q '^| Serials (issuer and serial number) | 2 |$' "$im" || fail "serials: $(grep Serials "$im")"
grep -q '^| Expired, not revoked | 1 |$' "$im" || fail "expired (final A, by its own notAfter): $(grep Expired "$im")"
grep -q '^| Remaining valid (not expired, not revoked) | 3 |$' "$im" || fail "remaining: $(grep Remaining "$im")"
# one crt.sh link per final certificate, and the lone precertificate's
[ "$(wc -l <"$WORK/crtsh/crtsh-links.txt")" = 4 ] || fail "crtsh-links.txt: $(cat "$WORK/crtsh/crtsh-links.txt")"
pass "impact.md and crtsh-links.txt count each certificate once"

# an audit.state of format 1 is refused with the reason
mkdir -p "$WORK/old"
sed '1s/.*/certsweep-state 1/' "$WORK/shard1/audit.state" >"$WORK/old/audit.state"
cp "$WORK/shard1"/*.jsonl "$WORK/shard1"/unparseable.csv "$WORK/old/" 2>/dev/null || true
set +e
"$CERTSWEEP" merge -o "$WORK/merged-old" "$WORK/old" "$WORK/shard2" 2>"$WORK/err"; rc=$?
set -e
[ $rc != 0 ] && grep -q "older certsweep" "$WORK/err" || fail "format 1 state: rc=$rc $(cat "$WORK/err")"
pass "a format-1 audit.state is refused, naming why"

# --extra-columns tbs_sha256 (#12, #16.6): right of "Revocation reason"; the
# canonical-TBS hash a precertificate shares with its final certificate
X=(--where 'san.dns ~ /reuse\.example\.com$/' --now 2026-06-01T00:00:00Z --extra-columns tbs_sha256)
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${X[@]}" --out-dir "$WORK/tbs" 2>/dev/null || fail "--extra-columns"
head -1 "$WORK/tbs/affected.csv" | grep -q ',Revocation reason,TBS SHA-256 hash (poison and SCT list removed)'$'\r''$' ||
	fail "header: $(head -1 "$WORK/tbs/affected.csv")"
# the 11 CCADB columns are unchanged
diff <(cut -d, -f1-2 "$WORK/crtsh/affected.csv") <(cut -d, -f1-2 "$WORK/tbs/affected.csv") >/dev/null ||
	fail "the extra column moved the CCADB ones"
# each line's last cell is the tbs_sha256 that --where selects that line's certificates by
fin_a=$(awk -F'\t' '$3=="ru_a" && $4=="final" {print $5}' "$C/certs.tsv")
pre_a=$(awk -F'\t' '$3=="ru_a" && $4=="precert" {print $5}' "$C/certs.tsv")
tbs_a=$(grep ",$fin_a," "$WORK/tbs/affected.csv" | tr -d '\r' | awk -F, '{print $NF}')
[[ $tbs_a =~ ^[0-9a-f]{64}$ ]] || fail "final A's tbs_sha256 cell: '$tbs_a'"
"$CERTSWEEP" audit --files "$C/der" --where "tbs_sha256 = \"$tbs_a\"" --now 2026-06-01T00:00:00Z \
	--out-dir "$WORK/by-tbs" 2>/dev/null || fail "--where tbs_sha256"
[ "$(tail -n +2 "$WORK/by-tbs/affected.csv" | cut -d, -f1-2 | tr -d '\r')" = "$pre_a,$fin_a" ] ||
	fail "--where tbs_sha256 = (the cell) selects $(cat "$WORK/by-tbs/affected.csv")"
[ "$(tail -n +2 "$WORK/tbs/affected.csv" | tr -d '\r' | awk -F, '{print $NF}' | sort -u | wc -l)" = 4 ] ||
	fail "want 4 distinct TBS hashes, one per line"
grep -q -- "--extra-columns tbs_sha256" "$WORK/tbs/impact.md" || fail "impact.md's rerun line lacks --extra-columns"
pass "--extra-columns tbs_sha256: the shared fingerprint, right of the CCADB columns, in the rerun line"

set +e
"$CERTSWEEP" audit --files "$C/der" --extra-columns tbs_sha256,subject_hash --out-dir "$WORK/badcol" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'unknown column "subject_hash" (known: tbs_sha256)' "$WORK/err" || fail "unknown column: rc=$rc $(cat "$WORK/err")"
# shards with different column sets are not one audit
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${X[@]}" --shard 2/2 --out-dir "$WORK/shard2x" 2>/dev/null || fail "shard 2 with tbs"
set +e
"$CERTSWEEP" merge -o "$WORK/mixed" "$WORK/shard1" "$WORK/shard2x" 2>"$WORK/err"; rc=$?
set -e
[ $rc != 0 ] && grep -q "not shards of one audit" "$WORK/err" || fail "merge of different column sets: rc=$rc $(cat "$WORK/err")"
pass "an unknown column is a usage error naming the known ones; merge refuses mixed column sets"

# certsweep diff over these lines: the same certificates with and without the
# extra column and across sources (N/A cells are no certificate); an audit that
# misses one of the reused serial's finals is named by that final's hash alone
"$CERTSWEEP" diff "$WORK/crtsh" "$WORK/tbs" >"$WORK/diff-same.txt" 2>"$WORK/err" ||
	fail "diff with an extra column: $(cat "$WORK/diff-same.txt" "$WORK/err")"
"$CERTSWEEP" diff "$WORK/crtsh" "$WORK/files" >/dev/null 2>&1 || fail "diff crt.sh vs --files"
"$CERTSWEEP" audit --files "$C/der" --where 'san.dns ~ /reuse\.example\.com$/ and not subject.CN ~ /^b\./' \
	--now 2026-06-01T00:00:00Z --out-dir "$WORK/missing-b" 2>/dev/null || fail "audit without b"
set +e
"$CERTSWEEP" diff "$WORK/crtsh" "$WORK/missing-b" >"$WORK/diff.txt" 2>"$WORK/err"; rc=$?
set -e
b_fin=$(awk -F'\t' '$3=="ru_b" && $4=="final" {print $5}' "$C/certs.tsv")
[ $rc = 1 ] && [ "$(wc -l <"$WORK/diff.txt")" = 1 ] && grep -q "serial 0e01 .* certificate $b_fin\$" "$WORK/diff.txt" ||
	fail "diff of a missing reused-serial final: rc=$rc $(cat "$WORK/diff.txt" "$WORK/err")"
pass "certsweep diff: extra columns and N/A cells ignored, a reused serial's missing final named alone"

# report.html's affected-set table has a row per affected.csv line
rows=$(grep -c '^<tr><td class="s"><code>' "$WORK/crtsh/report.html")
[ "$rows" = "$(tail -n +2 "$WORK/crtsh/affected.csv" | wc -l)" ] || fail "report.html: $rows rows for $(tail -n +2 "$WORK/crtsh/affected.csv" | wc -l) CSV lines"
grep -q 'b.reuse.example.com' "$WORK/crtsh/report.html" || fail "report.html lacks the reused serial's second final"
pass "report.html: a row per CSV line"
