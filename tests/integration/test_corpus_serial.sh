#!/usr/bin/env bash
# Corpus check c_serial_reused (issue 12): the planted reuses (two finals,
# two precertificates, a pair plus a later final) fail, every certificate of
# the serial, each finding naming the others; the controls (a pair, one
# serial under two issuers, a precertificate/final mismatch, a lone final)
# stay silent. Through crt.sh on a real PostgreSQL and through --files,
# identically with -j 2 and with a 2-record sort buffer (many runs merged
# from the temporary file); a TMPDIR that cannot be written is exit 3.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/corpus-serial.spec" "$C" >/dev/null
start_crtsh_db "$C"
LINT=c_serial_reused
COMMON=(--lint "$LINT" --now 2026-06-01T00:00:00Z)
# to files first: grep -q in a pipe could stop certsweep mid-write (SIGPIPE under pipefail)
"$CERTSWEEP" lints >"$WORK/lints.txt"
"$CERTSWEEP" lints --json >"$WORK/lints.json"

grep -q "^$LINT .*error .*RFC5280 .*2008-05-01 .*RFC 5280 4.1.2.2; BR 7.1" "$WORK/lints.txt" || fail "lints does not list $LINT: $(grep "$LINT" "$WORK/lints.txt")"
pass "certsweep lints lists $LINT with its citation"

"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/crtsh.err" || fail "crtsh: $(cat "$WORK/crtsh.err")"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/files.err" || fail "files: $(cat "$WORK/files.err")"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" -j 2 --page-size 3 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" -j 2 --out-dir "$WORK/files-j2" 2>/dev/null || fail "files -j 2"
CERTSWEEP_SPILL_BUFFER=82 "$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh-runs" 2>/dev/null || fail "crtsh, tiny sort buffer"

serials() { tail -n +2 "$1/affected.csv" | grep -oE ',0e0[0-9],' | tr -d , | sort | tr '\n' ' '; }
userials() { tail -n +2 "$1/affected.csv" | grep -oE ',0e0[0-9],' | tr -d , | sort -u | tr '\n' ' '; }
for d in crtsh files crtsh-j2 files-j2 crtsh-runs; do
	# CCADB counts certificates: a line per distinct final of 0e01 and 0e03;
	# 0e02 has no final, its two precertificates share one line
	[ "$(tail -n +2 "$WORK/$d/affected.csv" | wc -l)" = 5 ] || fail "$d: want 5 lines: $(cat "$WORK/$d/affected.csv")"
	[ "$(serials "$WORK/$d")" = "0e01 0e01 0e02 0e03 0e03 " ] || fail "$d: affected serials are '$(serials "$WORK/$d")'"
	# 2 finals + 2 precertificates + (pair + final) = 7 certificates
	[ "$(grep -c "\"lint\":\"$LINT\"" "$WORK/$d/findings.jsonl")" = 7 ] || fail "$d: want 7 findings: $(cat "$WORK/$d/findings.jsonl")"
done
# (the CSV fields of a serial come from its lowest-id final certificate, and
# --files numbers rows in file order: so whole files compare per source)
for d in crtsh-j2 crtsh-runs; do
	cmp "$WORK/crtsh/affected.csv" "$WORK/$d/affected.csv" || { diff "$WORK/crtsh/affected.csv" "$WORK/$d/affected.csv" >&2; fail "affected.csv from $d differs"; }
done
cmp "$WORK/files/affected.csv" "$WORK/files-j2/affected.csv" || fail "affected.csv from files -j 2 differs"
# the certificate hashes of each line are the same whatever the source
hashes() { tail -n +2 "$1/affected.csv" | cut -d, -f1,2 | sort; }
[ "$(hashes "$WORK/crtsh")" = "$(hashes "$WORK/files")" ] || fail "crt.sh and --files name other certificates: $(hashes "$WORK/files")"
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-j2/findings.jsonl" || fail "crt.sh findings differ with -j 2"
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-runs/findings.jsonl" || fail "crt.sh findings differ with a tiny sort buffer"
cmp "$WORK/files/findings.jsonl" "$WORK/files-j2/findings.jsonl" || fail "files findings differ with -j 2"
pass "planted reuses found, controls silent: crt.sh, --files, -j 2, many runs identical"

# each finding names the other certificate(s) of its serial
f="$WORK/crtsh/findings.jsonl"
sha() { sha256sum "$C/der/$1" | cut -c1-64; }
names() { # KEY OTHER...: KEY's finding names every OTHER
	local line
	line=$(grep "\"sha256\":\"$(sha "$1")\"" "$f" | grep "\"lint\":\"$LINT\"") || fail "$1 has no finding"
	shift
	for o in "$@"; do
		grep -q "$(sha "$o")" <<<"$line" || fail "finding does not name $o: $line"
	done
}
names sr_fin_a.der sr_fin_b.der
names sr_fin_b.der sr_fin_a.der
names sr_pre_a.pre.der sr_pre_b.pre.der
names sr_pre_b.pre.der sr_pre_a.pre.der
names sr_fin3.der sr_pair3.der sr_pair3.pre.der
names sr_pair3.der sr_fin3.der sr_pair3.pre.der
names sr_pair3.pre.der sr_pair3.der sr_fin3.der
for k in sr_pair.der sr_pair.pre.der sr_x_dv.der sr_x_ov.der sr_mm_pre.pre.der sr_mm_fin.der sr_alone.der; do
	! grep -q "$(sha "$k")" "$f" || fail "control $k has a finding"
done
grep -q "| \`$LINT\` .*| 3 |" "$WORK/crtsh/impact.md" || grep -q "$LINT.*| 3 |" "$WORK/crtsh/impact.md" ||
	fail "impact.md per-check count: $(grep -n "$LINT" "$WORK/crtsh/impact.md")"
pass "findings name the other certificates; impact.md counts 3 serials"

# next to c_precert_final_mismatch: each finds its own, neither the other's
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh --lint "$LINT" --lint c_precert_final_mismatch --now 2026-06-01T00:00:00Z \
	--out-dir "$WORK/both" 2>"$WORK/both.err" || fail "both: $(cat "$WORK/both.err")"
[ "$(userials "$WORK/both")" = "0e01 0e02 0e03 0e06 " ] || fail "both: affected serials are '$(userials "$WORK/both")'"
[ "$(grep -c "\"lint\":\"$LINT\"" "$WORK/both/findings.jsonl")" = 7 ] || fail "both: reuse findings"
[ "$(grep -c '"lint":"c_precert_final_mismatch"' "$WORK/both/findings.jsonl")" = 2 ] || fail "both: mismatch findings"
pass "next to c_precert_final_mismatch"

# the temporary file: a TMPDIR that cannot be written is a clear error, exit 3
set +e
TMPDIR=/nonexistent/certsweep CERTSWEEP_SPILL_BUFFER=82 "$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" \
	--out-dir "$WORK/notmp" 2>"$WORK/notmp.err"; rc=$?
set -e
[ $rc = 3 ] && grep -q "TMPDIR" "$WORK/notmp.err" || fail "unwritable TMPDIR: rc $rc, $(cat "$WORK/notmp.err")"
[ ! -e "$WORK/notmp/affected.csv" ] || fail "a failed audit left affected.csv"
pass "unwritable TMPDIR is exit 3"
