#!/usr/bin/env bash
# Publication is one recoverable step (#14 item 7): killed at every step
# boundary, or hit by a full disk at every write, an audit either resumes
# to exactly the outputs of an uninterrupted run or has published nothing.
# And a signal during the pairing pass or the revocation join checkpoints
# and exits 4 like one during the main scan (#13).
. "$SRC/tests/integration/lib.sh"
C=$CERTSWEEP_DEMO_FIXTURES
start_crtsh_db "$C"
ARGS=(-d "$GUEST" --lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent
	--joi-level CH=state --now 2026-11-01 --planned-revocation 2026-11-06 --page-size 50 --checkpoint-rows 60
	--no-progress)
FILES="affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state"
# A run resumed mid-scan read more than one snapshot and says so (impact.md,
# audit.state's scan line); all else is byte-identical.
same_as_ref() { # dir label
	local f
	for f in $FILES; do
		cmp <(one_snapshot "$WORK/ref/$f") <(one_snapshot "$1/$f") || fail "$2: $f differs from the uninterrupted run"
	done
	[ ! -e "$1/checkpoint.state" ] && ! ls "$1"/*.partial >/dev/null 2>&1 || fail "$2: checkpoint or partial files left"
}
published_nothing() { # dir label
	local f
	for f in $FILES; do
		[ ! -e "$1/$f" ] || fail "$2: $f was published by a failed run"
	done
}
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/ref" 2>/dev/null || fail "reference run"

# kill -9 at publication step K, for every K until a run gets through.
steps=0
for k in $(seq 1 40); do
	D=$WORK/kill-$k
	# through sh, so bash does not report the kill
	rc=$(CERTSWEEP_FAULT_KILL_AT=$k sh -c '"$0" "$@" 2>/dev/null; echo $?' "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D")
	if [ $rc = 0 ]; then
		break
	fi
	[ $rc = 137 ] || fail "kill at step $k: exit $rc"
	steps=$k
	"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$D" 2>"$WORK/err" || fail "resume after a kill at step $k: $(cat "$WORK/err")"
	same_as_ref "$D" "kill at step $k"
done
[ $steps -ge 10 ] || fail "only $steps publication steps"
pass "killed at each of the $steps publication steps: --resume ends with exactly the uninterrupted outputs"

# A full disk at write K (checkpoints, partial outputs, audit.state), for every K.
writes=0
for k in $(seq 1 80); do
	D=$WORK/full-$k
	set +e
	CERTSWEEP_FAULT_ENOSPC_AT=$k "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>"$WORK/err"; rc=$?
	set -e
	if [ $rc = 0 ]; then
		break
	fi
	writes=$k
	[ $rc = 3 ] && grep -q 'No space left on device' "$WORK/err" || fail "full disk at write $k: exit $rc $(cat "$WORK/err")"
	if grep -q 'run the same command with --resume' "$WORK/err"; then
		"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$D" 2>"$WORK/err" ||
			fail "resume after a full disk at write $k: $(cat "$WORK/err")"
	else
		grep -q 'no output was published' "$WORK/err" || fail "full disk at write $k: $(cat "$WORK/err")"
		published_nothing "$D" "full disk at write $k"
		"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>/dev/null || fail "rerun after a full disk at write $k"
	fi
	same_as_ref "$D" "full disk at write $k"
done
[ $writes -ge 10 ] || fail "only $writes writes"
pass "a full disk at each of the $writes writes: resumable or nothing published, then exactly the uninterrupted outputs"

# SIGTERM during the pairing pass and during the revocation join.
for stage in pairing revocation; do
	D=$WORK/signal-$stage
	set +e
	CERTSWEEP_FAULT_SIGNAL_IN=$stage "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>"$WORK/err"; rc=$?
	set -e
	[ $rc = 4 ] && grep -q 'interrupted after the main pass; continue with --resume' "$WORK/err" ||
		fail "SIGTERM in the $stage stage: exit $rc $(cat "$WORK/err")"
	[ -e "$D/checkpoint.state" ] && [ ! -e "$D/affected.csv" ] || fail "SIGTERM in $stage: no checkpoint, or outputs published"
	"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$D" 2>/dev/null || fail "resume after SIGTERM in $stage"
	same_as_ref "$D" "SIGTERM in $stage"
done
pass "SIGTERM during the pairing pass or the revocation join: checkpoint, exit 4, --resume completes exactly"

# --progress asks for progress even when stderr is a file (a CI log); the
# default stays quiet there.
D=$WORK/progress
QUIET_ARGS=("${ARGS[@]:0:${#ARGS[@]}-1}") # without --no-progress
"$CERTSWEEP" audit "${QUIET_ARGS[@]}" --progress --connections 2 --throttle-ms 30 --page-size 5 \
	--out-dir "$D" 2>"$WORK/progress.err" || fail "--progress audit"
grep -q '[0-9]* certificates, [0-9]*/s' "$WORK/progress.err" || fail "--progress printed nothing: $(cat "$WORK/progress.err")"
"$CERTSWEEP" audit "${QUIET_ARGS[@]}" --connections 2 --throttle-ms 30 --page-size 5 \
	--out-dir "$WORK/quiet" 2>"$WORK/quiet.err" || fail "default-progress audit"
! grep -q 'certificates, [0-9]*/s' "$WORK/quiet.err" || fail "progress on a non-terminal without --progress"
pass "--progress reports on a non-terminal stderr; by default only a terminal gets it"
