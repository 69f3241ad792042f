#!/usr/bin/env bash
# Corpus check c_serial_entropy_insufficient (issue 12, BR 7.1): an issuer
# with 100 serials of 63 bits (a 64-bit field whose top bit is never set)
# issued after 2016-09-30 fails, every certificate of it from that date;
# its one certificate from 2015 does not; an issuer with 100 serials of 64
# random bits stays silent. Through crt.sh on a real PostgreSQL and --files,
# identically with -j 2. The spec lines are made here (seeded, so every run
# plants the same serials).
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
SPEC="$WORK/corpus-entropy.spec"
python3 - >"$SPEC" <<'PY'
import random
r = random.Random(20161001)
print("# key|ca|serial_hex|notBefore|notAfter|kind|subject|dns_names|policy|revoked_at|reason")
line = "{k}|{ca}|{s}|{nb}|20270101000000Z|final|/CN={k}.example.com|{k}.example.com|2.23.140.1.2.1|-|-"
for i in range(100):
    # planted: 63-bit serials (top bit of the 64-bit field never set), ev issuer, 2017
    s = r.getrandbits(63) | (1 << 62) * (i == 0)
    print(line.format(k="lo%03d" % i, ca="ev", s="%016X" % s, nb="201701%02d000000Z" % (1 + i % 28)))
    # control: 64 random bits, dv issuer, 2017
    s = r.getrandbits(64) | (1 << 63) * (i == 0)
    print(line.format(k="ok%03d" % i, ca="dv", s="%016X" % s, nb="201702%02d000000Z" % (1 + i % 28)))
# the planted issuer before the effective date: not in the check's window
print(line.format(k="old", ca="ev", s="%016X" % r.getrandbits(63), nb="20150601000000Z"))
PY
bash "$SRC/scripts/gen-corpus.sh" "$SPEC" "$C" >/dev/null
start_crtsh_db "$C"
LINT=c_serial_entropy_insufficient
COMMON=(--lint "$LINT" --now 2026-06-01T00:00:00Z)
# to files first: grep -q in a pipe could stop certsweep mid-write (SIGPIPE under pipefail)
"$CERTSWEEP" lints >"$WORK/lints.txt"
"$CERTSWEEP" lints --json >"$WORK/lints.json"

grep -q "^$LINT .*error .*BR .*2016-09-30 .*BR 7.1" "$WORK/lints.txt" || fail "lints does not list $LINT: $(grep "$LINT" "$WORK/lints.txt")"
pass "certsweep lints lists $LINT with its citation and effective date"

"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/crtsh.err" || fail "crtsh: $(cat "$WORK/crtsh.err")"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/files.err" || fail "files: $(cat "$WORK/files.err")"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" -j 2 --page-size 7 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" -j 2 --out-dir "$WORK/files-j2" 2>/dev/null || fail "files -j 2"

sha() { sha256sum "$C/der/$1" | cut -c1-64; }
for d in crtsh files crtsh-j2 files-j2; do
	f="$WORK/$d/findings.jsonl"
	[ "$(tail -n +2 "$WORK/$d/affected.csv" | wc -l)" = 100 ] || fail "$d: want 100 lines, got $(tail -n +2 "$WORK/$d/affected.csv" | wc -l)"
	[ "$(grep -c "\"lint\":\"$LINT\"" "$f")" = 100 ] || fail "$d: want 100 findings"
	for k in lo000 lo042 lo099; do
		grep -q "\"sha256\":\"$(sha $k.der)\"" "$f" || fail "$d: planted $k has no finding"
	done
	for k in ok000 ok042 ok099 old; do
		! grep -q "$(sha $k.der)" "$f" || fail "$d: control $k has a finding"
	done
done
for d in files crtsh-j2 files-j2; do
	cmp "$WORK/crtsh/affected.csv" "$WORK/$d/affected.csv" || fail "affected.csv from $d differs"
done
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-j2/findings.jsonl" || fail "crt.sh findings differ with -j 2"
cmp "$WORK/files/findings.jsonl" "$WORK/files-j2/findings.jsonl" || fail "files findings differ with -j 2"
grep -q "vary in only 63 bit positions (widest serial 63 bits): a 64-bit field whose top bit is never set" "$WORK/crtsh/findings.jsonl" ||
	fail "details: $(head -1 "$WORK/crtsh/findings.jsonl")"
grep -q "$LINT.*| 100 |" "$WORK/crtsh/impact.md" || fail "impact.md per-check count: $(grep -n "$LINT" "$WORK/crtsh/impact.md")"
pass "63-bit issuer fails from 2016-09-30, the 64-bit issuer and the 2015 certificate do not: crt.sh, --files, -j 2 identical"

# a window that leaves the planted issuer fewer than 100 serials: silent
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --not-before-from 2017-01-05 --out-dir "$WORK/window" 2>/dev/null || fail "window"
[ "$(tail -n +2 "$WORK/window/affected.csv" | wc -l)" = 0 ] || fail "window: under 100 serials should not judge"
pass "fewer than 100 serials in the window: no verdict"
