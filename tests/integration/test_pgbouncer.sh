#!/usr/bin/env bash
# Through PgBouncer, as guests reach crt.sh: transaction pooling, statement
# pooling (no transaction blocks: certsweep reads in autocommit), the
# pooler's own error passed on, and a pool of one server connection.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] ||
	fail "pgbouncer is not installed (Debian package pgbouncer; scripts/test.sh installs it)"
start_crtsh_db "$C"
COMMON=(--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent
	--joi-level CH=state --now 2026-06-01T00:00:00Z --planned-revocation 2026-06-05 --page-size 3)
"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" --out-dir "$WORK/direct" 2>"$WORK/err" || fail "direct: $(cat "$WORK/err")"

start_pgbouncer transaction 2 || fail "cannot start pgbouncer"
TX="host=$BOUNCER_HOST port=$BOUNCER_PORT dbname=certwatch user=guest"
"$CERTSWEEP" audit -d "$TX" "${COMMON[@]}" --out-dir "$WORK/tx" 2>"$WORK/err" || fail "transaction mode: $(cat "$WORK/err")"
cmp "$WORK/direct/affected.csv" "$WORK/tx/affected.csv" || fail "transaction mode: affected.csv differs"
pass "PgBouncer transaction pooling: identical affected.csv"

start_pgbouncer statement 2 || fail "cannot start pgbouncer"
ST="host=$BOUNCER_HOST port=$BOUNCER_PORT dbname=certwatch user=guest"
psql -qXAt -d "$ST" -c "BEGIN" >/dev/null 2>&1 && fail "statement pooling should refuse BEGIN"
"$CERTSWEEP" audit -d "$ST" "${COMMON[@]}" --out-dir "$WORK/st" 2>"$WORK/err" || fail "statement mode: $(cat "$WORK/err")"
cmp "$WORK/direct/affected.csv" "$WORK/st/affected.csv" || fail "statement mode: affected.csv differs"
cmp "$WORK/direct/findings.jsonl" "$WORK/st/findings.jsonl" || fail "statement mode: findings.jsonl differs"
pass "PgBouncer statement pooling: certsweep reads in autocommit, identical outputs"

# The pooler's reason reaches the user: one server connection, held by
# another client, and a query_wait_timeout of 2 s.
start_pgbouncer transaction 1 "query_wait_timeout = 2" || fail "cannot start pgbouncer"
HOLD="host=$BOUNCER_HOST port=$BOUNCER_PORT dbname=certwatch user=guest"
psql -qX -d "$HOLD" -c "BEGIN" -c "SELECT pg_sleep(20)" >/dev/null 2>&1 &
holder=$!
CLEANUPS+=("kill $holder 2>/dev/null")
sleep 1
set +e
"$CERTSWEEP" audit -d "$HOLD" "${COMMON[@]}" --retries 0 --out-dir "$WORK/wait" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'query_wait_timeout' "$WORK/err" || fail "the pooler's reason is not shown: rc=$rc $(cat "$WORK/err")"
kill $holder 2>/dev/null || true
wait $holder 2>/dev/null || true
pass "the pooler's own error (query_wait_timeout) is shown"

# A full pooler says so at connect time; certsweep passes its words on.
start_pgbouncer transaction 1 "max_client_conn = 1" || fail "cannot start pgbouncer"
FULL="host=$BOUNCER_HOST port=$BOUNCER_PORT dbname=certwatch user=guest"
psql -qX -d "$FULL" -c "SELECT pg_sleep(20)" >/dev/null 2>&1 &
holder=$!
CLEANUPS+=("kill $holder 2>/dev/null")
sleep 1
set +e
"$CERTSWEEP" audit -d "$FULL" "${COMMON[@]}" --retries 0 --out-dir "$WORK/full" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'no more connections allowed' "$WORK/err" || fail "a full pooler's reason is not shown: rc=$rc $(cat "$WORK/err")"
kill $holder 2>/dev/null || true
wait $holder 2>/dev/null || true
pass "the pooler's own error (no more connections allowed) is shown"

# A pool of one server connection and --connections 2: no exported snapshot
# (--no-snapshot), so no transaction is held while the readers connect.
start_pgbouncer transaction 1 "query_wait_timeout = 20" || fail "cannot start pgbouncer"
ONE="host=$BOUNCER_HOST port=$BOUNCER_PORT dbname=certwatch user=guest"
timeout 120 "$CERTSWEEP" audit -d "$ONE" "${COMMON[@]}" --connections 2 --no-snapshot --out-dir "$WORK/pool1" \
	2>"$WORK/err" || fail "pool size 1, --connections 2: $(cat "$WORK/err")"
cmp "$WORK/direct/affected.csv" "$WORK/pool1/affected.csv" || fail "pool size 1: affected.csv differs"
grep -q 'did not read one snapshot: it ran in autocommit' "$WORK/pool1/impact.md" ||
	fail "pool size 1: impact.md does not say the audit ran without one snapshot"
pass "pool size 1 with --connections 2 --no-snapshot"

# Statement pooling with --connections 2: the coordinator detects it and
# exports no snapshot; the readers run in autocommit.
start_pgbouncer statement 2 || fail "cannot start pgbouncer"
ST="host=$BOUNCER_HOST port=$BOUNCER_PORT dbname=certwatch user=guest"
timeout 120 "$CERTSWEEP" audit -d "$ST" "${COMMON[@]}" --connections 2 --out-dir "$WORK/st2" 2>"$WORK/err" ||
	fail "statement mode, --connections 2: $(cat "$WORK/err")"
cmp "$WORK/direct/affected.csv" "$WORK/st2/affected.csv" || fail "statement mode, --connections 2: affected.csv differs"
grep -q 'did not read one snapshot: it ran in autocommit' "$WORK/st2/impact.md" ||
	fail "statement mode, --connections 2: impact.md does not say so"
! grep -q 'did not read one snapshot' "$WORK/direct/impact.md" || fail "a direct audit read one snapshot"
pass "statement pooling with --connections 2: autocommit readers, identical affected.csv"
