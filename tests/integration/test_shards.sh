#!/usr/bin/env bash
# --shard K/N and certsweep merge: three shards, merged, equal a single run
# byte for byte (every output file), also when the pairing pass must find
# siblings in other shards; and merge refuses what is not one audit.
. "$SRC/tests/integration/lib.sh"
C=$CERTSWEEP_DEMO_FIXTURES
[ -s "$C/load.sql" ] || fail "demo fixtures missing"
start_crtsh_db "$C"
rows=$(psql -qXAt -d certwatch -c "SELECT count(*) FROM certificate")
[ "$rows" -gt 250 ] || fail "corpus too small: $rows"

# One snapshot for everything, as pg_dump -j does: a session exports it and
# stays open while the audits run.
coproc SNAP { psql -qXAt -d certwatch 2>&1; }
snap_pid=$SNAP_PID # bash unsets SNAP_PID when the coprocess exits
echo "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT pg_export_snapshot();" >&"${SNAP[1]}"
read -r snapshot <&"${SNAP[0]}"
[ -n "$snapshot" ] || fail "no snapshot exported"

check() { # label, then audit arguments
	local label=$1 f
	shift
	rm -rf "$WORK/$label"
	"$CERTSWEEP" audit -d "$GUEST" --snapshot "$snapshot" "$@" --out-dir "$WORK/$label/single" 2>/dev/null || fail "$label: single run"
	for k in 1 2 3; do
		"$CERTSWEEP" audit -d "$GUEST" --snapshot "$snapshot" "$@" --shard $k/3 --out-dir "$WORK/$label/shard$k" 2>/dev/null ||
			fail "$label: shard $k"
	done
	"$CERTSWEEP" merge -o "$WORK/$label/merged" "$WORK/$label/shard1" "$WORK/$label/shard2" "$WORK/$label/shard3" 2>/dev/null ||
		fail "$label: merge"
	for f in affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state; do
		cmp "$WORK/$label/single/$f" "$WORK/$label/merged/$f" || fail "$label: $f differs after merge"
	done
	# the shards really split the work
	local n1 n2 n3
	n1=$(awk '$1=="stats"{print $2}' "$WORK/$label/shard1/audit.state")
	n2=$(awk '$1=="stats"{print $2}' "$WORK/$label/shard2/audit.state")
	n3=$(awk '$1=="stats"{print $2}' "$WORK/$label/shard3/audit.state")
	[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ "$n3" -gt 0 ] && [ $((n1 + n2 + n3)) = "$rows" ] || fail "$label: shard rows $n1+$n2+$n3 != $rows"
	[ "$(tail -n +2 "$WORK/$label/single/affected.csv" | wc -l)" -gt 5 ] || fail "$label: too few affected serials to mean anything"
}

check lints --lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent \
	--joi-level CH=state --now 2026-11-01 --planned-revocation 2026-11-06
pass "3 shards merged equal the single run byte for byte (lints)"
check finals --where 'not is_precert and (subject.ST ~ /,/ or subject.jurisdictionL exists)' --now 2026-11-01
pass "3 shards merged equal the single run byte for byte (precertificates found across shards)"
# every per-certificate lint: --all-lints without the corpus checks, which
# a shard cannot decide (a sharded --all-lints leaves them out and says so)
PER_CERT=()
while read -r name _; do
	case $name in c_* | NAME) ;; *) PER_CERT+=(--lint "$name") ;; esac
done < <("$CERTSWEEP" lints)
[ ${#PER_CERT[@]} -gt 250 ] || fail "only ${#PER_CERT[@]} per-certificate lints listed"
check all "${PER_CERT[@]}" --now 2026-11-01
pass "3 shards merged equal the single run byte for byte (all per-certificate lints, findings.jsonl)"
# --all-lints in shards: every per-certificate lint and every corpus check;
# the shards gather the checks (corpus.state), merge -d decides them over
# all three in the same snapshot: equal to the single --all-lints run
mkdir -p "$WORK/allc"
for k in 1 2 3; do
	"$CERTSWEEP" audit -d "$GUEST" --snapshot "$snapshot" --all-lints --now 2026-11-01 --shard $k/3 \
		--out-dir "$WORK/allc/shard$k" 2>"$WORK/allc/shard$k.err" || fail "--all-lints --shard $k/3: $(cat "$WORK/allc/shard$k.err")"
	[ -s "$WORK/allc/shard$k/corpus.state" ] || fail "--all-lints --shard $k/3 wrote no corpus.state"
done
"$CERTSWEEP" audit -d "$GUEST" --snapshot "$snapshot" --all-lints --now 2026-11-01 --out-dir "$WORK/allc/single" \
	2>/dev/null || fail "--all-lints single run"
grep -q '"lint":"c_' "$WORK/allc/single/findings.jsonl" || fail "the demo corpus fails no corpus check: the comparison would prove little"
"$CERTSWEEP" merge -d "$GUEST" --snapshot "$snapshot" -o "$WORK/allc/merged" "$WORK/allc/shard1" "$WORK/allc/shard2" \
	"$WORK/allc/shard3" 2>"$WORK/allc/merge.err" || fail "merge -d of --all-lints shards: $(cat "$WORK/allc/merge.err")"
for f in affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state; do
	cmp "$WORK/allc/single/$f" "$WORK/allc/merged/$f" || fail "--all-lints in 3 shards, merge -d: $f differs"
done
pass "--all-lints (corpus checks included) in 3 shards, merge -d: equal the single run byte for byte"

# Shards run at different times are one audit (a Kubernetes/Slurm job array
# without --now gives every shard its own clock; here three clocks a minute
# apart): merge judges expiry at the latest shard's clock and equals a single
# run judged at that clock, byte for byte; impact.md adds one sentence.
CLOCK_ARGS=(--lint e_subject_attribute_value_embedded_rdn --lint e_ev_jurisdiction_level_inconsistent --joi-level CH=state)
rm -rf "$WORK/clock"
for k in 1 2 3; do
	"$CERTSWEEP" audit -d "$GUEST" --snapshot "$snapshot" "${CLOCK_ARGS[@]}" --shard $k/3 \
		--now "2026-11-01T00:0$((k - 1)):00Z" --out-dir "$WORK/clock/shard$k" 2>/dev/null || fail "clock shard $k"
done
"$CERTSWEEP" audit -d "$GUEST" --snapshot "$snapshot" "${CLOCK_ARGS[@]}" --now 2026-11-01T00:02:00Z \
	--out-dir "$WORK/clock/single" 2>/dev/null || fail "clock single run"
"$CERTSWEEP" merge -o "$WORK/clock/merged" "$WORK/clock/shard1" "$WORK/clock/shard2" "$WORK/clock/shard3" \
	2>"$WORK/err" || fail "shards a minute apart were refused: $(cat "$WORK/err")"
for f in affected.csv crtsh-links.txt report.html findings.jsonl unparseable.csv audit.state; do
	cmp "$WORK/clock/single/$f" "$WORK/clock/merged/$f" || fail "shards a minute apart: $f differs from the single run"
done
grep -q '^The shards merged here ran at different times; expiry is judged for all of them at 2026-11-01T00:02:00Z' \
	"$WORK/clock/merged/impact.md" || fail "impact.md does not say the shards ran at different times"
cmp "$WORK/clock/single/impact.md" <(sed '/^The shards merged here ran at different times/{N;d}' "$WORK/clock/merged/impact.md") ||
	fail "impact.md differs beyond the clock sentence"
# merge --now picks the clock; an earlier one than every shard's is fine too
"$CERTSWEEP" audit -d "$GUEST" --snapshot "$snapshot" "${CLOCK_ARGS[@]}" --now 2026-10-01 \
	--out-dir "$WORK/clock/single-oct" 2>/dev/null || fail "clock single run (October)"
"$CERTSWEEP" merge --now 2026-10-01 -o "$WORK/clock/merged-oct" "$WORK/clock/shard1" "$WORK/clock/shard2" \
	"$WORK/clock/shard3" 2>/dev/null || fail "merge --now"
for f in affected.csv audit.state; do
	cmp "$WORK/clock/single-oct/$f" "$WORK/clock/merged-oct/$f" || fail "merge --now: $f differs from the single run"
done
pass "shards run a minute apart merge byte-identical to a single run at the latest clock (or merge --now)"

echo "COMMIT;" >&"${SNAP[1]}"
exec {SNAP[1]}>&-
wait "$snap_pid" 2>/dev/null || true

# Not one audit: refused with exit 2.
set +e
"$CERTSWEEP" merge -o "$WORK/bad" "$WORK/lints/shard1" "$WORK/finals/shard2" "$WORK/lints/shard3" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'not shards of one audit' "$WORK/err" || fail "mixed shards: rc=$rc $(cat "$WORK/err")"
set +e
"$CERTSWEEP" merge -o "$WORK/bad" "$WORK/lints/shard1" "$WORK/lints/shard1" "$WORK/lints/shard3" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'same shard' "$WORK/err" || fail "duplicate shard: rc=$rc $(cat "$WORK/err")"
set +e
"$CERTSWEEP" merge -o "$WORK/bad" "$WORK/lints/shard1" "$WORK/lints/shard2" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'N=3' "$WORK/err" || fail "missing shard: rc=$rc $(cat "$WORK/err")"
set +e
"$CERTSWEEP" merge -o "$WORK/lints/merged" "$WORK/lints/shard1" "$WORK/lints/shard2" "$WORK/lints/shard3" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'finished audit; give --force' "$WORK/err" || fail "merge over a finished directory: rc=$rc"
"$CERTSWEEP" merge --force -o "$WORK/lints/merged" "$WORK/lints/shard1" "$WORK/lints/shard2" "$WORK/lints/shard3" \
	2>/dev/null || fail "merge --force"
cmp "$WORK/lints/single/affected.csv" "$WORK/lints/merged/affected.csv" || fail "merge --force output"
pass "merge refuses mixed, repeated or missing shards, and a finished directory without --force"

# In one process: --jobs (worker threads behind a bounded queue) and
# --connections (readers over id ranges of one snapshot; with --no-snapshot,
# plain id ranges of the tables, which do not change here) change nothing.
# -j 4 --checkpoint-rows 5: batches of 5 rows, many hand-offs between the
# reader and the workers (what ThreadSanitizer needs to see a race)
for par in "-j 3" "-j 4 --checkpoint-rows 5" "--connections 3" "--connections 2 -j 4" "--connections 2 --no-snapshot"; do
	d=$WORK/par-${par// /_}
	# shellcheck disable=SC2086
	"$CERTSWEEP" audit -d "$GUEST" $par --page-size 7 --lint e_subject_attribute_value_embedded_rdn \
		--lint e_ev_jurisdiction_level_inconsistent --joi-level CH=state --now 2026-11-01 \
		--planned-revocation 2026-11-06 --out-dir "$d" 2>/dev/null || fail "$par"
	for f in affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state; do
		# without a snapshot impact.md says so (and audit.state records it): all else is identical
		cmp <(sed '/^The audit did not read one snapshot/{N;d;}; s/^scan \([0-9]*\) 3 /scan \1 1 /' "$WORK/lints/single/$f") \
			<(sed '/^The audit did not read one snapshot/{N;d;}; s/^scan \([0-9]*\) 3 /scan \1 1 /' "$d/$f") ||
			fail "$par: $f differs from the single run"
	done
	[ ! -e "$d/.certsweep-jobs" ] || fail "$par left its work directory"
done
"$CERTSWEEP" audit -d "$GUEST" -j 4 "${PER_CERT[@]}" --now 2026-11-01 --out-dir "$WORK/all-j4" 2>/dev/null || fail "-j 4 all lints"
for f in affected.csv findings.jsonl unparseable.csv audit.state; do
	cmp "$WORK/all/single/$f" "$WORK/all-j4/$f" || fail "-j 4 --all-lints: $f differs"
done
pass "--jobs, --connections and both together equal the single run byte for byte"
