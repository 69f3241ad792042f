#!/usr/bin/env bash
# On a hot standby, as crt.sh's guests read it: the primary's VACUUMs cancel
# the scan's queries (SQLSTATE 40001, "conflict with recovery"; the standby
# waits 0 s before cancelling). certsweep reads the page again in a new
# transaction and finishes with exactly the primary's outputs, every time.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
start_crtsh_db "$C"
# crt.sh has no (issuer_ca_id, id) index, and the audited issuers' rows are
# spread among millions of others: spread the corpus among filler rows of
# another issuer so that each page query runs long enough to be cancelled.
psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null <<'SQL'
DROP INDEX certificate_issuer_id;
INSERT INTO ca (id, name, public_key) VALUES (999, 'filler', '\x01');
UPDATE certificate SET id = id * 10000;
INSERT INTO certificate (id, issuer_ca_id, certificate)
  SELECT g, 999, '\x00' FROM generate_series(1, 210000) g WHERE g % 10000 <> 0;
CREATE TABLE churn (k int PRIMARY KEY, v int);
INSERT INTO churn SELECT g, 0 FROM generate_series(1, 100) g;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest;
VACUUM ANALYZE;
SQL
start_standby -c max_standby_streaming_delay=0 -c hot_standby_feedback=off || fail "cannot start the standby"
want=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate")
for _ in $(seq 300); do # up to 60 s: replay is slow on a loaded CI machine
	got=$(psql -qXAt -h "$STANDBY_HOST" -p "$STANDBY_PORT" -d certwatch -c "SELECT count(*) FROM certificate" 2>/dev/null || true)
	[ "$got" = "$want" ] && break
	sleep 0.2
done
[ "$got" = "$want" ] || fail "the standby did not catch up ($got of $want rows)"
STANDBY="host=$STANDBY_HOST port=$STANDBY_PORT dbname=certwatch user=guest"
COMMON=(--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent
	--joi-level CH=state --now 2026-06-01T00:00:00Z --planned-revocation 2026-06-05
	--issuer-ca-id 101 --issuer-ca-id 102 --issuer-ca-id 103 --page-size 1 --retries 20)
"$CERTSWEEP" audit -d "$GUEST" "${COMMON[@]}" --out-dir "$WORK/primary" 2>"$WORK/primary.err" ||
	fail "primary: $(cat "$WORK/primary.err")"

# Churn on the primary: every UPDATE + VACUUM replays on the standby as a
# cleanup that conflicts with the scan's snapshot.
( while :; do psql -qX -d certwatch -c "UPDATE churn SET v = v + 1" -c "VACUUM churn" >/dev/null 2>&1; sleep 0.02; done ) &
churn=$!
CLEANUPS+=("kill $churn 2>/dev/null")
conflicts=0
for run in $(seq 10); do # until a conflict was seen (at least 3 runs)
	"$CERTSWEEP" audit -d "$STANDBY" "${COMMON[@]}" --out-dir "$WORK/standby$run" 2>"$WORK/standby$run.err" ||
		fail "standby run $run exited $?: $(tail -5 "$WORK/standby$run.err")"
	for f in affected.csv findings.jsonl unparseable.csv crtsh-links.txt; do
		cmp "$WORK/primary/$f" "$WORK/standby$run/$f" || fail "standby run $run: $f differs from the primary's"
	done
	n=$(grep -c 'conflict with recovery' "$WORK/standby$run.err" || true)
	conflicts=$((conflicts + n))
	# each retry on the same connection is on record in impact.md
	r=$(grep -c 'in a new transaction (attempt' "$WORK/standby$run.err" || true)
	if [ "$r" -gt 0 ]; then
		grep -q "read a page again $r time(s)" "$WORK/standby$run/impact.md" &&
			grep -q 'did not read one snapshot' "$WORK/standby$run/impact.md" ||
			fail "standby run $run: $r retries not in impact.md"
	fi
	[ $run -ge 3 ] && [ $conflicts -gt 0 ] && break
done
kill $churn 2>/dev/null || true
wait $churn 2>/dev/null || true
[ $conflicts -gt 0 ] || fail "no recovery conflict was provoked in $run runs: the test proved nothing"
pass "hot standby: $run runs, $conflicts recovery conflicts survived, outputs identical to the primary's"
