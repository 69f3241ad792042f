#!/usr/bin/env bash
# e_ct_sct_long_before_not_before (issue 12, SCT timestamps; BR v2 7.1.2.9,
# 7.1.2.7; RFC 6962 3.2): a final certificate whose earliest embedded SCT is
# more than 48 hours before notBefore fails (3 days; 48 hours and a
# second); the controls stay silent: 1 day, exactly 48 hours, SCTs at
# notBefore, a certificate from before BR v2, a precertificate. A
# per-certificate lint (one certificate holds both the SCTs and the
# notBefore its precertificate shares): through --files and crt.sh on a
# real PostgreSQL, identical with -j 2.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/corpus-sct.spec" "$C" >/dev/null
start_crtsh_db "$C"
LINT=e_ct_sct_long_before_not_before
COMMON=(--lint "$LINT" --now 2026-06-01T00:00:00Z)

"$CERTSWEEP" lints >"$WORK/lints.txt"
grep -q "^$LINT .*error .*BR .*BR 7.1.2.9, 7.1.2.7" "$WORK/lints.txt" || fail "lints does not list $LINT: $(grep "$LINT" "$WORK/lints.txt")"
pass "certsweep lints lists $LINT with its citation"

"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/files.err" || fail "files: $(cat "$WORK/files.err")"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" -j 2 --out-dir "$WORK/files-j2" 2>/dev/null || fail "files -j 2"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/crtsh.err" || fail "crtsh: $(cat "$WORK/crtsh.err")"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" -j 2 --page-size 3 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"

sha() { sha256sum "$C/der/$1" | cut -c1-64; }
serials() { tail -n +2 "$1/affected.csv" | grep -oE ',110[0-9],' | tr -d , | sort | tr '\n' ' '; }
for d in files files-j2 crtsh crtsh-j2; do
	f="$WORK/$d/findings.jsonl"
	[ "$(serials "$WORK/$d")" = "1101 1104 " ] || fail "$d: affected serials are '$(serials "$WORK/$d")'"
	[ "$(grep -c "\"lint\":\"$LINT\"" "$f")" = 2 ] || fail "$d: want 2 findings: $(cat "$f")"
	grep -q "\"sha256\":\"$(sha st_early.der)\".*the earliest SCT is 72 hours before notBefore" "$f" || fail "$d: st_early: $(cat "$f")"
	grep -q "\"sha256\":\"$(sha st_48h1.der)\".*the earliest SCT is 48 hours before notBefore" "$f" || fail "$d: st_48h1: $(cat "$f")"
done
cmp "$WORK/files/findings.jsonl" "$WORK/files-j2/findings.jsonl" || fail "files findings differ with -j 2"
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-j2/findings.jsonl" || fail "crt.sh findings differ with -j 2"
pass "SCTs more than 48 hours before notBefore found, controls silent: --files, crt.sh, -j 2"
