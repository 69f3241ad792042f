#!/usr/bin/env bash
# The pairing pass from c_precert_final_mismatch's records (issue #17): with
# that check selected, the siblings the main pass missed (a precertificate
# read long before its affected final certificate) are found in the check's
# sorted records and only those rows are read again, by id; the table is
# not read a second time. Outputs must be byte-identical to the pass over
# the table (CERTSWEEP_PAIRING_PASS=1) in one run, with --jobs 2, with
# --connections 2, with --shard + merge, and killed and resumed at every
# row; a sibling lost (or one the pass would not add, here: a row filed
# under another CA id) makes them differ.
. "$SRC/tests/integration/lib.sh"
# (the records name the siblings of groups in memory: past --memory-limit
# the pass reads the table, which test_memory_limit covers)
unset CERTSWEEP_MEMORY_LIMIT
C="$WORK/corpus"
cat >"$WORK/pairing.spec" <<'EOF'
# key|ca|serial_hex|notBefore|notAfter|kind|subject|dns_names|policy|revoked_at|reason
# a pair whose final certificate alone fails (its SCT list is malformed);
# the final is moved to id 100 below: its precertificate (id 1) is read long
# before its group exists, and only the pairing pass adds it
pr_lost|dv|0F01|20250301000000Z|20260301000000Z|pair|/CN=a.example.com|a.example.com|2.23.140.1.2.1|-|-|scts=bad
# the same, but the precertificate's row is filed under the OV CA's id
# (crt.sh's issuer_ca_id, not the DER's issuer): the pairing pass reads only
# the issuers of its groups, so it does not add it, and neither may the records
pr_other|dv|0F02|20250302000000Z|20260302000000Z|pair|/CN=b.example.com|b.example.com|2.23.140.1.2.1|-|-|scts=bad
# controls: a pair that fails as a whole, a pair that does not fail, a lone final that fails
pr_both|dv|0F03|20250303000000Z|20260303000000Z|pair|/CN=c.example.com|c.example.com,c_d.example.com|2.23.140.1.2.1|-|-
pr_fine|dv|0F04|20250304000000Z|20260304000000Z|pair|/CN=d.example.com|d.example.com|2.23.140.1.2.1|-|-
pr_alone|dv|0F05|20250305000000Z|20260305000000Z|final|/CN=e.example.com|e.example.com|2.23.140.1.2.1|-|-|scts=bad
# a precertificate and a final of one serial that differ: c_precert_final_mismatch's own pair
pr_mm_pre|ov|0F06|20250306000000Z|20260306000000Z|precert|/C=JP/O=Example KK/CN=f.example.jp|f.example.jp|2.23.140.1.2.2|-|-
pr_mm_fin|ov|0F06|20250306000000Z|20260307000000Z|final|/C=JP/O=Example KK/CN=f.example.jp|f.example.jp|2.23.140.1.2.2|-|-
EOF
bash "$SRC/scripts/gen-corpus.sh" "$WORK/pairing.spec" "$C" >/dev/null
start_crtsh_db "$C"
id_of() { awk -v k="$1" -v t="$2" '$3==k && $4==t {print $1}' "$C/certs.tsv"; }
sha_of() { awk -v k="$1" -v t="$2" '$3==k && $4==t {print $5}' "$C/certs.tsv"; }
ca_of() { awk -v k="$1" '$3==k {print $2; exit}' "$C/certs.tsv"; }
[ "$(id_of pr_lost precert)" = 1 ] || fail "corpus: pr_lost's precertificate is not id 1"
psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null <<SQL
UPDATE certificate SET id = 100 WHERE id = $(id_of pr_lost final);
UPDATE certificate SET issuer_ca_id = $(ca_of pr_mm_pre) WHERE id = $(id_of pr_other precert);
SQL
rows=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate")

LINTS=(--lint e_ct_sct_list_malformed --lint e_san_dns_name_underscore --lint c_precert_final_mismatch)
ARGS=(-d "$GUEST" --schema crtsh "${LINTS[@]}" --now 2026-06-01T00:00:00Z --page-size 2 --checkpoint-rows 2 --no-progress)
FILES="affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state"
same_as() { # ref dir what
	local f
	for f in $FILES; do
		cmp -s <(one_snapshot "$1/$f") <(one_snapshot "$2/$f") ||
			{ diff <(one_snapshot "$1/$f") <(one_snapshot "$2/$f") >&2; fail "$3: $f differs from the pass over the table"; }
	done
	[ ! -e "$2/checkpoint.state" ] || fail "$3: checkpoint left behind"
}

# the reference: the pass over the table
CERTSWEEP_PAIRING_PASS=1 "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/ref" 2>"$WORK/ref.err" || fail "reference: $(cat "$WORK/ref.err")"
grep -q "$(sha_of pr_lost precert)" "$WORK/ref/affected.csv" || fail "reference: pr_lost's precertificate (a sibling) not on its line"
grep -q "$(sha_of pr_lost final)" "$WORK/ref/affected.csv" || fail "reference: pr_lost's final certificate not affected"
grep -q "$(sha_of pr_other final)" "$WORK/ref/affected.csv" || fail "reference: pr_other's final certificate not affected"
! grep -q "$(sha_of pr_other precert)" "$WORK/ref/affected.csv" || fail "reference: pr_other's precertificate (another CA id) added"
! grep -q "$(sha_of pr_fine final)" "$WORK/ref/affected.csv" || fail "reference: the control pair is affected"
grep -q '"lint":"c_precert_final_mismatch"' "$WORK/ref/findings.jsonl" || fail "reference: no mismatch found"

# the statements: the pairing reads the rows the records name, by id
psql -qX -v ON_ERROR_STOP=1 -c "ALTER SYSTEM SET log_line_prefix = '[%u %p] '" \
	-c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
logged() { # NAME ARGS...: an audit; the parameters of its page queries in $WORK/NAME.pages
	local name=$1 from
	shift
	from=$(($(stat -c %s "$PGTMP/server.log") + 1))
	"$@" --out-dir "$WORK/$name" 2>"$WORK/$name.err" || fail "$name: $(cat "$WORK/$name.err")"
	tail -c +"$from" "$PGTMP/server.log" | grep -a '^\[guest ' |
		grep -a -A1 'One keyset page' | grep -a 'DETAIL:  parameters:' | sed 's/.*parameters: //' >"$WORK/$name.pages"
}
logged records "$CERTSWEEP" audit "${ARGS[@]}"
same_as "$WORK/ref" "$WORK/records" "from the records"
# the main pass's pages have no bound; the precertificate check re-reads its
# pair below the pair's last id; the pairing asks for id 1 alone
main=$(grep -c '\$4 = NULL, \$5 = NULL' "$WORK/records.pages" || true)
[ "$main" -ge $((rows / 2)) ] || fail "records: the main pass's pages not in the log: $(cat "$WORK/records.pages")"
[ "$(grep -c "\$5 = '{1}'" "$WORK/records.pages" || true)" = 1 ] || fail "records: the pairing did not ask for row 1 alone: $(cat "$WORK/records.pages")"
mm_last=$(id_of pr_mm_fin final)
others=$(grep -v '\$4 = NULL, \$5 = NULL' "$WORK/records.pages" | grep -v "\$5 = '{1}'" || true)
[ -n "$others" ] || fail "records: the mismatch's re-read is not in the log"
! grep -v "\$2 = '{$(ca_of pr_mm_pre)}', \$3 = '2', \$4 = '$((mm_last + 1))', \$5 = NULL" <<<"$others" ||
	fail "records: after the main pass, a read other than the mismatch's re-read and the pairing's one page"
logged pass env CERTSWEEP_PAIRING_PASS=1 "$CERTSWEEP" audit "${ARGS[@]}"
grep -q "\$4 = '101', \$5 = NULL" "$WORK/pass.pages" || fail "the pass over the table (the test's control) is not in the log: $(cat "$WORK/pass.pages")"
pass "from the records: the pairing asks for the one sibling by id (the pass reads every row below id 101); outputs identical"
by_id() { # NAME: the pairing of that audit asked for row 1 alone
	[ "$(grep -c "\$5 = '{1}'" "$WORK/$1.pages" || true)" = 1 ] || fail "$1: the pairing did not ask for row 1 alone: $(cat "$WORK/$1.pages")"
}
logged j2 "$CERTSWEEP" audit "${ARGS[@]}" -j 2
same_as "$WORK/ref" "$WORK/j2" "--jobs 2"
by_id j2
logged c2 "$CERTSWEEP" audit "${ARGS[@]}" --connections 2
by_id c2
CERTSWEEP_PAIRING_PASS=1 "$CERTSWEEP" audit "${ARGS[@]}" --connections 2 --out-dir "$WORK/c2ref" 2>/dev/null || fail "--connections 2 (pass)"
same_as "$WORK/c2ref" "$WORK/c2" "--connections 2"
pass "--jobs 2 and --connections 2: the sibling asked for by id, outputs identical to the pass's"

for k in 1 2; do
	"$CERTSWEEP" audit "${ARGS[@]}" --shard $k/2 --out-dir "$WORK/shard$k" 2>/dev/null || fail "shard $k/2"
done
from=$(($(stat -c %s "$PGTMP/server.log") + 1))
"$CERTSWEEP" merge -d "$GUEST" -o "$WORK/merged" "$WORK/shard1" "$WORK/shard2" 2>"$WORK/merge.err" || fail "merge: $(cat "$WORK/merge.err")"
tail -c +"$from" "$PGTMP/server.log" | grep -a '^\[guest ' | grep -a -A1 'One keyset page' | grep -a 'DETAIL:  parameters:' >"$WORK/merged.pages" || true
by_id merged
psql -qX -v ON_ERROR_STOP=1 -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
CERTSWEEP_PAIRING_PASS=1 "$CERTSWEEP" merge -d "$GUEST" -o "$WORK/mergedref" "$WORK/shard1" "$WORK/shard2" 2>/dev/null || fail "merge (pass)"
for f in affected.csv findings.jsonl crtsh-links.txt report.html impact.md audit.state; do
	cmp -s "$WORK/mergedref/$f" "$WORK/merged/$f" || { diff "$WORK/mergedref/$f" "$WORK/merged/$f" >&2; fail "--shard + merge: $f differs"; }
done
cmp -s "$WORK/ref/affected.csv" "$WORK/merged/affected.csv" || fail "--shard + merge: affected.csv differs from the single run"
pass "--shard 1/2, 2/2 + merge -d: the sibling asked for by id, outputs identical to the pass's, affected.csv to the single run's"

# killed after each row and resumed (the records are rebuilt from the rows
# before the checkpoint), also with --jobs 2
resumed=0
for j in 1 2; do
	for k in $(seq 1 "$rows"); do
		d=$WORK/kill$j-$k
		CERTSWEEP_FAULT_AFTER_ROWS=$k "$CERTSWEEP" audit "${ARGS[@]}" -j $j --out-dir "$d" 2>/dev/null && fail "kill after $k rows: not killed"
		more=()
		if [ -e "$d/checkpoint.state" ]; then
			more=(--resume)
			resumed=$((resumed + 1))
		fi
		"$CERTSWEEP" audit "${ARGS[@]}" -j $j "${more[@]}" --out-dir "$d" 2>"$d.err" || fail "after a kill at row $k (-j $j): $(cat "$d.err")"
		same_as "$WORK/ref" "$d" "kill -9 after $k rows (-j $j)"
	done
done
[ $resumed -ge "$rows" ] || fail "only $resumed of $((2 * rows)) kills left a checkpoint"
# SIGTERM in the pairing: the resume has no records (the checks had
# finished) and reads the table, as before
d=$WORK/term
set +e
CERTSWEEP_FAULT_SIGNAL_IN=pairing "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$d" 2>"$WORK/term.err"; rc=$?
set -e
[ $rc = 4 ] || fail "SIGTERM in pairing: exit $rc: $(cat "$WORK/term.err")"
"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$d" 2>/dev/null || fail "resume after SIGTERM in pairing"
same_as "$WORK/ref" "$d" "SIGTERM in the pairing"
pass "killed after each row ($resumed resumed, --jobs 1 and 2) and SIGTERM in the pairing: outputs identical"

# a larger corpus, every lint: the demo fixtures
D=$CERTSWEEP_DEMO_FIXTURES
[ -s "$D/load.sql" ] || fail "demo fixtures missing"
psql -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$SRC/queries/crtsh/schema.sql" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$D/load.sql" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest" >/dev/null
ALL=(-d "$GUEST" --schema crtsh --all-lints --now 2026-06-01T00:00:00Z --page-size 50 --no-progress)
for mode in "-j 1" "-j 2" "--connections 2"; do
	m=${mode// /}
	# shellcheck disable=SC2086
	CERTSWEEP_PAIRING_PASS=1 "$CERTSWEEP" audit "${ALL[@]}" $mode --out-dir "$WORK/demo-ref$m" 2>/dev/null || fail "demo $mode: the pass"
	# shellcheck disable=SC2086
	"$CERTSWEEP" audit "${ALL[@]}" $mode --out-dir "$WORK/demo$m" 2>"$WORK/demo.err" || fail "demo $mode: $(cat "$WORK/demo.err")"
	same_as "$WORK/demo-ref$m" "$WORK/demo$m" "demo, every lint, $mode"
done
cmp -s "$WORK/demo-ref-j1/affected.csv" "$WORK/demo-j2/affected.csv" || fail "demo: -j 2 differs from -j 1"
# the ids asked for in slices of 3 (a few thousand a query otherwise)
CERTSWEEP_SIBLING_SLICE=3 "$CERTSWEEP" audit "${ALL[@]}" --out-dir "$WORK/demo-slices" 2>/dev/null || fail "demo: slices of 3"
same_as "$WORK/demo-ref-j1" "$WORK/demo-slices" "demo, every lint, the ids in slices of 3"
pass "the demo corpus, every lint, -j 1 and 2, --connections 2, ids in slices of 3: outputs identical to the pass's"
