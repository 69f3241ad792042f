#!/usr/bin/env bash
# --memory-limit (issue #17): past its share of the limit the affected set
# goes to sorted runs in $TMPDIR, merged for the outputs. Whatever the limit,
# the outputs are byte for byte those of an audit held in memory: from
# PostgreSQL (with the revocation join, every lint and the corpus checks),
# with --jobs, interrupted and resumed, and from files with CRLs. A TMPDIR
# that cannot take the runs stops the audit with a clear error and loses
# nothing: --resume finishes it.
. "$SRC/tests/integration/lib.sh"
C=$CERTSWEEP_DEMO_FIXTURES
start_crtsh_db "$C"
unset CERTSWEEP_MEMORY_LIMIT # (the suite may run with another default)
ARGS=(-d "$GUEST" --all-lints --joi-level CH=state --now 2026-11-01 --planned-revocation 2026-11-06
	--page-size 7 --checkpoint-rows 25 --no-progress)
FILES="affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state"
same() { # A B [files]: the outputs of two audits, byte for byte
	local f
	for f in ${3:-$FILES}; do
		cmp "$1/$f" "$2/$f" || fail "$2/$f differs from $1/$f"
	done
}

"$CERTSWEEP" audit "${ARGS[@]}" --memory-limit 0 --out-dir "$WORK/ref" 2>"$WORK/ref.err" || fail "reference run: $(cat "$WORK/ref.err")"
n=$(tail -n +2 "$WORK/ref/affected.csv" | wc -l)
[ "$n" -gt 100 ] || fail "reference run found too little ($n lines)"
grep -q 'went to\|passed its share' "$WORK/ref.err" && fail "no limit, yet the set spilled"
grep -q ',Yes,' "$WORK/ref/affected.csv" || fail "the corpus should have revoked serials (the revocation join)"

# 8K: the set's share is 4 KiB, a few serials: it goes to disk every few rows
"$CERTSWEEP" audit "${ARGS[@]}" --memory-limit 8K --out-dir "$WORK/small" 2>"$WORK/small.err" || fail "small limit: $(cat "$WORK/small.err")"
runs=$(sed -n 's/.*--memory-limit: written to \$TMPDIR in \([0-9]*\) run(s).*/\1/p' "$WORK/small.err")
[ "${runs:-0}" -gt 10 ] || fail "the set should have gone to disk many times: $(cat "$WORK/small.err")"
same "$WORK/ref" "$WORK/small"
pass "8K limit: $runs runs, every output byte-identical to the audit held in memory"

"$CERTSWEEP" audit "${ARGS[@]}" --memory-limit 64K -j 3 --out-dir "$WORK/jobs" 2>"$WORK/jobs.err" || fail "-j 3: $(cat "$WORK/jobs.err")"
grep -q 'run(s), merged' "$WORK/jobs.err" || fail "-j 3 with 64K should spill"
same "$WORK/ref" "$WORK/jobs"
pass "64K limit with --jobs 3: byte-identical"

# A filter that says "maybe" to every serial (test hook): every row that is
# no match starts a fragment once the set has spilled, each one dropped at
# the end (half the final certificates match here, precertificates never)
# or joined by a later match of its serial, which is then its first match
# (such a fragment kept INT64_MAX as its first id); also killed and resumed
# without a limit (a fragment read back from the journal with no match is
# dropped there).
WARGS=(-d "$GUEST" --where 'not is_precert and sha256 ~ /^[0-7]/' --now 2026-11-01 --planned-revocation 2026-11-06
	--page-size 7 --checkpoint-rows 25 --no-progress)
"$CERTSWEEP" audit "${WARGS[@]}" --memory-limit 0 --out-dir "$WORK/w-ref" 2>/dev/null || fail "where reference"
for lim in 16K 32K 48K; do
	CERTSWEEP_SPILL_FILTER_ALL=1 "$CERTSWEEP" audit "${WARGS[@]}" --memory-limit $lim --out-dir "$WORK/fp-$lim" \
		2>"$WORK/fp-$lim.err" || fail "filter saying maybe, $lim: $(cat "$WORK/fp-$lim.err")"
	grep -q 'run(s), merged' "$WORK/fp-$lim.err" || fail "filter saying maybe, $lim: no spill"
	same "$WORK/w-ref" "$WORK/fp-$lim"
done
d=$WORK/fp-resumed
CERTSWEEP_SPILL_FILTER_ALL=1 CERTSWEEP_FAULT_AFTER_ROWS=250 "$CERTSWEEP" audit "${WARGS[@]}" --memory-limit 32K \
	--out-dir "$d" 2>/dev/null && fail "the fault hook should have killed the audit"
grep -q '^group ' "$d/checkpoint.groups.partial" || fail "fp-resumed: the journal holds no group"
"$CERTSWEEP" audit "${WARGS[@]}" --memory-limit 0 --out-dir "$d" --resume 2>"$d.err" || fail "fp-resumed: $(cat "$d.err")"
for f in $FILES; do
	cmp <(one_snapshot "$WORK/w-ref/$f") <(one_snapshot "$d/$f") || fail "fp-resumed: $f differs from the uninterrupted run"
done
pass "a filter answering maybe to every serial: byte-identical at 3 limits, also resumed without a limit after a kill"

# The test hook (the whole suite can run with it) is the same as the option.
CERTSWEEP_MEMORY_LIMIT=8K "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/hook" 2>"$WORK/hook.err" || fail "hook: $(cat "$WORK/hook.err")"
grep -q 'run(s), merged' "$WORK/hook.err" || fail "CERTSWEEP_MEMORY_LIMIT should set the default"
same "$WORK/ref" "$WORK/hook"
pass "CERTSWEEP_MEMORY_LIMIT sets the default limit"

# Killed mid-scan, after some runs went to disk, and resumed: the spilled
# groups are in the checkpoint's journal. Compared with the same interruption
# without a limit (a resumed audit says it read more than one snapshot).
for lim in 0 8K; do
	d=$WORK/resumed-$lim
	CERTSWEEP_FAULT_AFTER_ROWS=180 "$CERTSWEEP" audit "${ARGS[@]}" --memory-limit $lim --out-dir "$d" 2>/dev/null &&
		fail "the fault hook should have killed the audit"
	[ -e "$d/checkpoint.state" ] || fail "no checkpoint after the kill ($lim)"
	"$CERTSWEEP" audit "${ARGS[@]}" --memory-limit $lim --out-dir "$d" --resume 2>"$d.err" || fail "resume ($lim): $(cat "$d.err")"
done
same "$WORK/resumed-0" "$WORK/resumed-8K"
for f in $FILES; do
	cmp <(one_snapshot "$WORK/ref/$f") <(one_snapshot "$WORK/resumed-8K/$f") || fail "resumed $f differs from the uninterrupted run"
done
pass "killed after 180 rows and resumed with an 8K limit: the outputs of an uninterrupted run"

# Files and CRLs (no revocation join from a store: the CRLs decide).
FARGS=(--files "$C/der" --crl "$C/crl/ov.crl" --crl "$C/crl/ev.crl" --crl "$C/crl/dv.crl" --all-lints
	--joi-level CH=state --now 2026-11-01 --planned-revocation 2026-11-06 --no-progress)
"$CERTSWEEP" audit "${FARGS[@]}" --memory-limit 0 --out-dir "$WORK/files-ref" 2>/dev/null || fail "files reference"
"$CERTSWEEP" audit "${FARGS[@]}" --memory-limit 8K -j 2 --out-dir "$WORK/files-small" 2>"$WORK/files.err" ||
	fail "files, 8K: $(cat "$WORK/files.err")"
grep -q 'run(s), merged' "$WORK/files.err" || fail "files with 8K should spill"
same "$WORK/files-ref" "$WORK/files-small" "$FILES revocation-conflicts.csv"
pass "--files with CRLs, 8K limit, --jobs 2: byte-identical"

# A sibling read after its partner's serial went to disk starts a fragment
# that may still be in memory when the pairing pass begins (it has no
# matching certificate of its own: first id INT64_MAX, whose + 1 overflowed
# there; UBSan stopped the audit). Limits around the size of a few groups
# leave it in memory at one of them; every one gives the outputs held in memory.
mkdir -p "$WORK/sib"
cp "$CERTSWEEP_FIXTURES/der/secom_pair.der" "$WORK/sib/a1.der"
cp "$CERTSWEEP_FIXTURES/der/ev_clean.der" "$WORK/sib/a2.der"
cp "$CERTSWEEP_FIXTURES/der/secom_pair.pre.der" "$WORK/sib/b.der"
SARGS=(--files "$WORK/sib" --where 'not is_precert' --now 2026-11-01 --no-progress)
"$CERTSWEEP" audit "${SARGS[@]}" --memory-limit 0 --out-dir "$WORK/sib-ref" 2>/dev/null || fail "siblings: reference"
spilled=0
for k in $(seq 8 32); do
	"$CERTSWEEP" audit "${SARGS[@]}" --memory-limit ${k}K --out-dir "$WORK/sib-$k" 2>"$WORK/sib-$k.err" ||
		fail "siblings, ${k}K: $(cat "$WORK/sib-$k.err")"
	grep -q 'run(s), merged' "$WORK/sib-$k.err" && spilled=$((spilled + 1))
	same "$WORK/sib-ref" "$WORK/sib-$k" "$FILES"
done
[ $spilled -gt 3 ] || fail "siblings: only $spilled of the limits made the set spill"
pass "a sibling after its partner went to disk, at 25 limits ($spilled spilled): the outputs held in memory"

# A TMPDIR that cannot take the runs: exit non-zero with the reason, no
# output published, the checkpoint kept; --resume with room finishes it.
rc=0
# (64K: the first run is due after a few checkpoints)
TMPDIR=$WORK/no-such-dir "$CERTSWEEP" audit "${ARGS[@]}" --memory-limit 64K --out-dir "$WORK/notmp" 2>"$WORK/notmp.err" || rc=$?
[ $rc -ne 0 ] || fail "an unwritable TMPDIR should fail the audit"
grep -q 'TMPDIR' "$WORK/notmp.err" || fail "the error should name TMPDIR: $(cat "$WORK/notmp.err")"
[ ! -e "$WORK/notmp/affected.csv" ] || fail "an audit that failed published affected.csv"
[ -e "$WORK/notmp/checkpoint.state" ] || fail "the failed audit should keep its checkpoint"
"$CERTSWEEP" audit "${ARGS[@]}" --memory-limit 64K --out-dir "$WORK/notmp" --resume 2>"$WORK/notmp2.err" ||
	fail "resume after the TMPDIR error: $(cat "$WORK/notmp2.err")"
for f in $FILES; do
	cmp <(one_snapshot "$WORK/ref/$f") <(one_snapshot "$WORK/notmp/$f") || fail "$f after the TMPDIR error and --resume differs"
done
pass "unwritable TMPDIR: clear error (exit $rc), nothing published, --resume finishes the audit"

# A limit that is no size is a usage error.
rc=0
"$CERTSWEEP" audit "${ARGS[@]}" --memory-limit 12Q --out-dir "$WORK/bad" 2>"$WORK/bad.err" || rc=$?
[ $rc = 2 ] && grep -q -- '--memory-limit' "$WORK/bad.err" || fail "--memory-limit 12Q: want exit 2 and a message, got $rc"
pass "--memory-limit 12Q is a usage error"
