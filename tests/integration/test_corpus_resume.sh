#!/usr/bin/env bash
# Corpus checks under --resume (issue 12): an audit with every c_ check over
# the serial-reuse corpus (reused serials, a precertificate/final mismatch,
# pairs and lone certificates), killed with -9 after each number of rows in
# turn (and twice in one audit, and with --jobs 2) and resumed, gives byte-identical outputs
# to an uninterrupted run: the checks' state is rebuilt from the rows before
# the checkpoint. So does SIGTERM in the pairing pass, after the checks have
# written their findings (the checkpoint says so: they are not rerun), and
# SIGTERM as the checks begin, after the main pass's last checkpoint.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/corpus-serial.spec" "$C" >/dev/null
start_crtsh_db "$C"
CHECKS=()
while read -r name _; do
	case $name in c_*) CHECKS+=(--lint "$name") ;; esac
done < <("$CERTSWEEP" lints)
[ ${#CHECKS[@]} -ge 10 ] || fail "want every c_ check: ${CHECKS[*]}"
ARGS=(-d "$GUEST" --schema crtsh "${CHECKS[@]}" --now 2026-06-01T00:00:00Z --page-size 3 --checkpoint-rows 3 --no-progress)
FILES="affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state"
same_as_ref() { # dir what
	local f
	for f in $FILES; do
		cmp <(one_snapshot "$WORK/ref/$f") <(one_snapshot "$1/$f") ||
			{ diff <(one_snapshot "$WORK/ref/$f") <(one_snapshot "$1/$f") >&2; fail "$2: $f differs from the uninterrupted run"; }
	done
	[ ! -e "$1/checkpoint.state" ] || fail "$2: checkpoint left behind"
}

"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/ref" 2>"$WORK/ref.err" || fail "reference run: $(cat "$WORK/ref.err")"
rows=$(psql -qXAt -d "$GUEST" -c "SELECT count(*) FROM certificate")
grep -q '"lint":"c_serial_reused"' "$WORK/ref/findings.jsonl" || fail "reference run: no serial reuse found"
grep -q '"lint":"c_precert_final_mismatch"' "$WORK/ref/findings.jsonl" || fail "reference run: no mismatch found"

resumed=0
for k in $(seq 1 "$rows"); do
	d=$WORK/kill$k
	CERTSWEEP_FAULT_AFTER_ROWS=$k "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$d" 2>/dev/null && fail "kill after $k rows: not killed"
	more=()
	if [ -e "$d/checkpoint.state" ]; then
		more=(--resume)
		resumed=$((resumed + 1))
	fi
	"$CERTSWEEP" audit "${ARGS[@]}" "${more[@]}" --out-dir "$d" 2>"$d.err" || fail "after a kill at row $k: $(cat "$d.err")"
	same_as_ref "$d" "kill -9 after $k rows"
done
[ $resumed -ge $((rows / 2)) ] || fail "only $resumed of $rows kills left a checkpoint"
pass "kill -9 after each of $rows rows ($resumed resumed from a checkpoint): outputs equal the uninterrupted run"

# killed twice in one audit: the second run resumes and is killed again
d=$WORK/twice
CERTSWEEP_FAULT_AFTER_ROWS=4 "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$d" 2>/dev/null && fail "first kill"
CERTSWEEP_FAULT_AFTER_ROWS=5 "$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$d" 2>/dev/null && fail "second kill"
grep -q '^resume ' "$d/checkpoint.state" || fail "no checkpoint after two kills"
"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$d" 2>/dev/null || fail "resume after two kills"
same_as_ref "$d" "killed twice"
pass "killed twice, resumed twice: outputs equal the uninterrupted run"

# with --jobs 2 (rows judged by workers, observed in row order)
# (the pipeline checkpoints where its batches allow: the first kill that leaves one)
for k in $(seq 4 "$rows"); do
	d=$WORK/j2-$k
	CERTSWEEP_FAULT_AFTER_ROWS=$k "$CERTSWEEP" audit "${ARGS[@]}" -j 2 --out-dir "$d" 2>/dev/null && fail "kill with -j 2"
	[ -e "$d/checkpoint.state" ] && break
done
[ -e "$d/checkpoint.state" ] || fail "-j 2: no kill left a checkpoint"
"$CERTSWEEP" audit "${ARGS[@]}" -j 2 --resume --out-dir "$d" 2>/dev/null || fail "resume with -j 2"
same_as_ref "$d" "killed and resumed with -j 2"
pass "killed and resumed with --jobs 2: outputs equal the uninterrupted run"

# SIGTERM in the pairing pass: the corpus checks had finished; the
# checkpoint records it (scan_done 2) and keeps their findings
d=$WORK/term
set +e
CERTSWEEP_FAULT_SIGNAL_IN=pairing "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$d" 2>"$WORK/term.err"; rc=$?
set -e
[ $rc = 4 ] || fail "SIGTERM in pairing: exit $rc: $(cat "$WORK/term.err")"
grep -q '^resume [0-9-]* [0-9]* [0-9]* 2$' "$d/checkpoint.state" || fail "checkpoint after the corpus checks: $(grep '^resume' "$d/checkpoint.state")"
"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$d" 2>/dev/null || fail "resume after SIGTERM in pairing"
same_as_ref "$d" "SIGTERM in the pairing pass"
pass "SIGTERM after the corpus checks finished: resumed without rerunning them, outputs identical"

# SIGTERM as the corpus checks begin (after the main pass's last
# checkpoint, scan_done 1): nothing of theirs is in the outputs, and the
# resume rebuilds their state from every row before deciding
d=$WORK/corpus-term
set +e
CERTSWEEP_FAULT_SIGNAL_IN=corpus "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$d" 2>"$WORK/cterm.err"; rc=$?
set -e
[ $rc = 4 ] && grep -q 'interrupted after the main pass' "$WORK/cterm.err" || fail "SIGTERM before the corpus checks: exit $rc: $(cat "$WORK/cterm.err")"
grep -q '^resume [0-9-]* [0-9]* [0-9]* 1$' "$d/checkpoint.state" || fail "checkpoint before the corpus checks: $(grep '^resume' "$d/checkpoint.state")"
! grep -q '"lint":"c_' "$d/findings.jsonl.partial" 2>/dev/null || fail "corpus findings written before the interrupt"
set +e
"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$d" 2>"$WORK/cterm2.err"; rc=$?
set -e
[ $rc = 0 ] || fail "resume before the corpus checks: exit $rc: $(cat "$WORK/cterm2.err")"
same_as_ref "$d" "resumed after the main pass"
pass "SIGTERM before the corpus checks: resumed, their state rebuilt from every row, outputs identical"
