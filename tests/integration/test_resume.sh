#!/usr/bin/env bash
# An audit is evidence: interrupted at random points (kill -9, SIGTERM) and
# resumed, or hit by a server restart, it must produce exactly the outputs of
# an uninterrupted run; a server that stays down makes it give up with exit 3.
. "$SRC/tests/integration/lib.sh"
C=$CERTSWEEP_DEMO_FIXTURES
start_crtsh_db "$C"
ARGS=(-d "$GUEST" --lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent
	--joi-level CH=state --now 2026-11-01 --planned-revocation 2026-11-06 --page-size 3 --checkpoint-rows 3
	--no-progress)
FILES="affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state"
# A resumed audit read its rows in more than one snapshot and says so in
# impact.md (and audit.state's scan line); everything else is byte-identical.
same_as_ref() { # dir [files]
	local f
	for f in ${2:-$FILES}; do
		cmp <(one_snapshot "$WORK/ref/$f") <(one_snapshot "$1/$f") || fail "$1/$f differs from the uninterrupted run"
	done
	[ ! -e "$1/checkpoint.state" ] && ! ls "$1"/*.partial >/dev/null 2>&1 || fail "$1 kept checkpoint or partial files"
}
# wait_for FILE: poll (up to 60 s) until an audit has written it
wait_for() {
	local i
	for i in $(seq 1 600); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	fail "$1 never appeared"
}

"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/ref" 2>/dev/null || fail "reference run"
[ "$(tail -n +2 "$WORK/ref/affected.csv" | wc -l)" -gt 5 ] || fail "reference run found too little"

# kill_cycles N DIR [extra audit args]: N runs, each killed with -9 after a
# random number of rows (CERTSWEEP_FAULT_AFTER_ROWS: the process SIGKILLs
# itself once it has applied that many rows, so the kill lands mid-scan
# however loaded the machine is) and continued with --resume; then one run
# to the end. Sets $resumed to how many runs started from a checkpoint.
kill_cycles() {
	local n=$1 d=$2 i more
	shift 2
	rm -rf "$d"
	resumed=0
	for i in $(seq 1 "$n"); do
		[ -e "$d/audit.state" ] && break
		more=()
		if [ -e "$d/checkpoint.state" ]; then
			more=(--resume)
			resumed=$((resumed + 1))
		fi
		CERTSWEEP_FAULT_AFTER_ROWS=$((RANDOM % 15 + 1)) "$CERTSWEEP" audit "${ARGS[@]}" "$@" "${more[@]}" \
			--out-dir "$d" 2>/dev/null || true
	done
	more=()
	[ -e "$d/checkpoint.state" ] && more=(--resume)
	[ -e "$d/audit.state" ] || "$CERTSWEEP" audit "${ARGS[@]}" "$@" "${more[@]}" --out-dir "$d" 2>/dev/null ||
		fail "final run in $d"
	same_as_ref "$d"
	grep -q 'did not read one snapshot' "$d/impact.md" || fail "$d/impact.md does not say the resumed audit read several snapshots"
}

grep -q '^Rows read 324 of count(\*) 324 under the selection\.$' "$WORK/ref/impact.md" ||
	fail "impact.md does not check the rows read against count(*)"
! grep -q 'did not read one snapshot' "$WORK/ref/impact.md" || fail "an uninterrupted run read one snapshot"
kill_cycles 20 "$WORK/killed"
[ $resumed -ge 15 ] || fail "only $resumed of 20 kills left a checkpoint to resume from"
pass "20 kill -9 cycles ($resumed resumed from a checkpoint): outputs equal the uninterrupted run byte for byte"
kill_cycles 10 "$WORK/killed-j3" -j 3
[ $resumed -ge 5 ] || fail "with --jobs 3 only $resumed of 10 kills left a checkpoint to resume from"
pass "10 kill -9 cycles with --jobs 3 ($resumed resumed): outputs equal the uninterrupted run byte for byte"

# SIGTERM: a checkpoint, exit 3, a clear message; --resume finishes the job.
D=$WORK/term
rm -rf "$D"
# The process sends itself SIGTERM after 30 rows (as a user's Ctrl-C would).
set +e
CERTSWEEP_FAULT_AFTER_ROWS=30:TERM "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>"$WORK/term.err"; rc=$?
set -e
[ $rc = 4 ] || fail "SIGTERM: exit $rc (want 4: interrupted, resumable)"
grep -q 'interrupted after id [1-9][0-9]*; continue with --resume' "$WORK/term.err" || fail "SIGTERM message: $(cat "$WORK/term.err")"
[ -e "$D/checkpoint.state" ] && [ ! -e "$D/affected.csv" ] || fail "an interrupted directory must hold a checkpoint and no final outputs"
set +e
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'holds an interrupted audit' "$WORK/err" || fail "fresh run over a checkpoint: rc=$rc"
set +e
"$CERTSWEEP" audit "${ARGS[@]/e_ev_jurisdiction_level_inconsistent/e_ev_wildcard}" --resume --out-dir "$D" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'other options' "$WORK/err" || fail "resume with other options: rc=$rc $(cat "$WORK/err")"
"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$D" 2>/dev/null || fail "resume after SIGTERM"
same_as_ref "$D"
"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$D" 2>"$WORK/err" || fail "resume of a complete audit"
grep -q 'nothing to resume' "$WORK/err" || fail "complete audit message"
pass "SIGTERM writes a checkpoint, exits 4 (resumable); --resume completes it exactly"

# The server restarts mid-scan: reconnect, carry on from the last id.
D=$WORK/restart
rm -rf "$D"
"$CERTSWEEP" audit "${ARGS[@]}" --throttle-ms 30 --retries 5 --out-dir "$D" 2>"$WORK/restart.err" &
pid=$!
wait_for "$D/checkpoint.state" # mid-scan, whatever the load
pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -m fast -w restart >/dev/null 2>&1 || fail "server restart"
set +e
wait $pid; rc=$?
set -e
[ $rc = 0 ] || fail "audit across a restart: exit $rc: $(cat "$WORK/restart.err")"
grep -q 'connection lost after id' "$WORK/restart.err" || fail "the restart was not noticed"
same_as_ref "$D" "affected.csv crtsh-links.txt findings.jsonl unparseable.csv"
grep -q 'lost and re-established 1 time' "$D/impact.md" || fail "impact.md does not mention the reconnection"
pass "server restart mid-scan: reconnected, no row lost or repeated"

# The server stays down: bounded retries, exit 3, a checkpoint to resume from.
D=$WORK/down
rm -rf "$D"
"$CERTSWEEP" audit "${ARGS[@]}" --throttle-ms 30 --retries 2 --out-dir "$D" 2>"$WORK/down.err" &
pid=$!
wait_for "$D/checkpoint.state"
pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || fail "server stop"
set +e
wait $pid; rc=$?
set -e
[ $rc = 3 ] || fail "server down: exit $rc"
grep -q 'gave up after 2 reconnect attempt' "$WORK/down.err" && grep -q 'run the same command with --resume' "$WORK/down.err" ||
	fail "give-up message: $(cat "$WORK/down.err")"
pg_throwaway_start_again || fail "server start"
"$CERTSWEEP" audit "${ARGS[@]}" --resume --out-dir "$D" 2>/dev/null || fail "resume after the outage"
same_as_ref "$D"
pass "server down: gives up after bounded retries with exit 3; --resume completes exactly"

# Incremental checkpoints (issue 17): checkpoint.state is a small header and
# each checkpoint appends to checkpoint.groups.partial only the serials that
# changed since the previous one, so an audit whose every row matches writes
# its affected set about once, not once per checkpoint (quadratic before).
D=$WORK/journal
rm -rf "$D"
ALL=(-d "$GUEST" --where 'version = 3' --now 2026-11-01 --page-size 5 --checkpoint-rows 5 --no-progress)
CERTSWEEP_FAULT_AFTER_ROWS=200 "$CERTSWEEP" audit "${ALL[@]}" --out-dir "$D" 2>/dev/null &&
	fail "the fault injection did not stop the run"
[ -s "$D/checkpoint.state" ] && [ -s "$D/checkpoint.groups.partial" ] || fail "no checkpoint with a journal"
! grep -q '^group ' "$D/checkpoint.state" || fail "checkpoint.state still holds every group"
records=$(grep -c '^group ' "$D/checkpoint.groups.partial")
# 40 checkpoints over 200 rows: each serial recorded when it changes (a
# pair's second certificate changes it once more), never again per checkpoint
[ "$records" -gt 50 ] && [ "$records" -le 200 ] || fail "the journal holds $records group records for 200 rows"
"$CERTSWEEP" audit "${ALL[@]}" --resume --out-dir "$D" 2>/dev/null || fail "resume from the journal"
"$CERTSWEEP" audit "${ALL[@]}" --out-dir "$WORK/journal-ref" 2>/dev/null || fail "reference run"
for f in affected.csv findings.jsonl crtsh-links.txt; do
	cmp "$WORK/journal-ref/$f" "$D/$f" || fail "$f after a resume from the journal differs"
done
[ ! -e "$D/checkpoint.groups.partial" ] || fail "the journal outlived the audit"
pass "incremental checkpoints: a header and an append-only group journal; resume exact"
