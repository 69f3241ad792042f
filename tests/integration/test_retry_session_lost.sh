#!/usr/bin/env bash
# A query cancelled by the server (a hot standby's conflict with recovery,
# a statement timeout, pg_cancel_backend) is read again in a new
# transaction. When the server ends the whole session right after the
# cancel (a standby does: FATAL, terminating connection due to conflict
# with recovery), starting that transaction fails too: that is a lost
# connection, so certsweep reconnects and carries on. It used to exit 3
# with "server closed the connection unexpectedly" (seen in test_standby).
#
# Made exact on a real server: a session holds an ACCESS EXCLUSIVE lock on
# certificate, so the audit's first query on it waits; the test cancels the waiting
# query, terminates its session 50 ms later (inside certsweep's 200 ms
# pause before the new transaction), then lets the lock go.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
start_crtsh_db "$C"
COMMON=(--lint e_subject_attribute_value_embedded_rdn --now 2026-06-01T00:00:00Z --retries 5)
"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" --out-dir "$WORK/base" 2>"$WORK/base.err" || fail "base: $(cat "$WORK/base.err")"

psql -qX -d "dbname=certwatch application_name=locker" >/dev/null 2>&1 <<'SQL' &
BEGIN;
LOCK TABLE certificate IN ACCESS EXCLUSIVE MODE;
SELECT pg_sleep(120);
SQL
locker=$!
CLEANUPS+=("kill $locker 2>/dev/null")
held=""
for _ in $(seq 300); do
	held=$(psql -qXAt -d certwatch -c "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
		WHERE a.application_name = 'locker' AND l.mode = 'AccessExclusiveLock' AND l.granted" 2>/dev/null || true)
	[ -n "$held" ] && break
	sleep 0.1
done
[ -n "$held" ] || fail "the locking session did not get its lock"

"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" --out-dir "$WORK/lost" 2>"$WORK/lost.err" &
audit=$!
done_it=""
for _ in $(seq 600); do # up to 60 s on a loaded machine
	# the audit's first query on certificate (its exact count) waits for the lock
	pid=$(psql -qXAt -d certwatch -c "SELECT pid FROM pg_stat_activity
		WHERE usename = 'guest' AND wait_event_type = 'Lock' LIMIT 1" 2>/dev/null || true)
	if [ -n "$pid" ]; then
		psql -qX -d certwatch >/dev/null -c "SELECT pg_cancel_backend($pid)" -c "SELECT pg_sleep(0.05)" \
			-c "SELECT pg_terminate_backend($pid)" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE application_name = 'locker'"
		done_it=1
		break
	fi
	sleep 0.1
done
[ -n "$done_it" ] || { kill $audit 2>/dev/null; fail "the audit never waited for the lock"; }
set +e
wait $audit; rc=$?
set -e
[ $rc = 0 ] || fail "session ended after a cancel: exit $rc: $(cat "$WORK/lost.err")"
grep -q 'canceling statement due to user request; reading on from the start in a new transaction' "$WORK/lost.err" ||
	fail "the cancel was not reported: $(cat "$WORK/lost.err")"
grep -q 'connection lost before the first row' "$WORK/lost.err" || fail "the lost session was not reported: $(cat "$WORK/lost.err")"
for f in affected.csv findings.jsonl unparseable.csv crtsh-links.txt; do
	cmp "$WORK/base/$f" "$WORK/lost/$f" || fail "$f differs after the reconnection"
done
grep -q 'lost and re-established 1 time' "$WORK/lost/impact.md" || fail "impact.md does not mention the reconnection"
pass "a session ended right after a cancelled query: reconnected, outputs identical"

# The server ends the session during the connection's role check (a hot
# standby's FATAL on a conflict with recovery, seen once in test_standby):
# certsweep connects again and carries on. It used to exit 3.
set +e
CERTSWEEP_FAULT_ROLE_CHECK_DROP=1 "$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" --out-dir "$WORK/rolecheck" 2>"$WORK/rolecheck.err"
rc=$?
set -e
[ $rc = 0 ] || fail "session ended during the role check: exit $rc: $(cat "$WORK/rolecheck.err")"
for f in affected.csv findings.jsonl unparseable.csv crtsh-links.txt; do
	cmp "$WORK/base/$f" "$WORK/rolecheck/$f" || fail "$f differs after the role check's reconnection"
done
set +e
CERTSWEEP_FAULT_ROLE_CHECK_DROP=1 "$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" --retries 0 --out-dir "$WORK/rolecheck0" 2>"$WORK/rolecheck0.err"
rc=$?
set -e
[ $rc = 3 ] && grep -q "terminat\|closed the connection\|connection" "$WORK/rolecheck0.err" ||
	fail "--retries 0: the lost session should be exit 3: rc $rc, $(cat "$WORK/rolecheck0.err")"
pass "a session ended during the role check: connected again (--retries 0: exit 3)"
