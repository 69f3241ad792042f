#!/usr/bin/env bash
# Corpus checks (issue 12): c_precert_final_mismatch fails the planted
# precertificate/final mismatches (validity, SAN, subject; final logged
# first) and stays silent on the controls (a corresponding pair, lone
# precertificate and final, one serial under two issuers), through crt.sh
# on a real PostgreSQL and through --files, identically with --jobs 2.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/corpus-checks.spec" "$C" >/dev/null
start_crtsh_db "$C"
LINT=c_precert_final_mismatch
COMMON=(--lint "$LINT" --now 2026-06-01T00:00:00Z)
# to files first: grep -q in a pipe could stop certsweep mid-write (SIGPIPE under pipefail)
"$CERTSWEEP" lints >"$WORK/lints.txt"
"$CERTSWEEP" lints --json >"$WORK/lints.json"

grep -q "^$LINT .*error .*RFC6962 .*2013-06-01 .*RFC 6962 3.1, 3.2" "$WORK/lints.txt" || fail "lints does not list $LINT"
grep -q "\"name\":\"$LINT\",\"severity\":\"error\"" "$WORK/lints.json" || fail "lints --json does not list $LINT"
pass "certsweep lints lists the corpus check"

"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/crtsh.err" || fail "crtsh: $(cat "$WORK/crtsh.err")"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/files.err" || fail "files: $(cat "$WORK/files.err")"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" -j 2 --page-size 3 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" -j 2 --out-dir "$WORK/files-j2" 2>/dev/null || fail "files -j 2"

# the Serial # column (the issuer column holds quoted commas, the serials here are 0dNN)
serials() { tail -n +2 "$1/affected.csv" | grep -oE ',0d0[0-9],' | tr -d , | sort | tr '\n' ' '; }
for d in crtsh files crtsh-j2 files-j2; do
	# one line per mismatching serial; 0d01 (good pair), 0d05, 0d06, 0d07 stay out
	[ "$(tail -n +2 "$WORK/$d/affected.csv" | wc -l)" = 3 ] || fail "$d: want 3 lines"
	[ "$(serials "$WORK/$d")" = "0d02 0d03 0d04 " ] || fail "$d: affected serials are '$(serials "$WORK/$d")'"
	[ "$(grep -c "\"lint\":\"$LINT\"" "$WORK/$d/findings.jsonl")" = 6 ] || fail "$d: want 6 findings (both certificates of 3 pairs)"
done
for d in files crtsh-j2 files-j2; do
	cmp "$WORK/crtsh/affected.csv" "$WORK/$d/affected.csv" || { diff "$WORK/crtsh/affected.csv" "$WORK/$d/affected.csv" >&2; fail "affected.csv from $d differs"; }
done
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-j2/findings.jsonl" || fail "crt.sh findings differ with -j 2"
cmp "$WORK/files/findings.jsonl" "$WORK/files-j2/findings.jsonl" || fail "files findings differ with -j 2"
pass "planted mismatches found, controls silent: crt.sh, --files, -j 2 identical"

# which fields differ, per planted defect
f="$WORK/crtsh/findings.jsonl"
sha() { sha256sum "$C/der/$1" | cut -c1-64; }
grep "\"sha256\":\"$(sha cc_validity_fin.der)\"" "$f" | grep -q 'differ in: validity"' || fail "validity mismatch not named: $(cat "$f")"
grep "\"sha256\":\"$(sha cc_validity_pre.pre.der)\"" "$f" | grep -q 'differ in: validity"' || fail "the precertificate of the validity pair should fail too"
grep "\"sha256\":\"$(sha cc_san_fin.der)\"" "$f" | grep -q 'extension 2.5.29.17 differs' || fail "SAN mismatch not named"
grep "\"sha256\":\"$(sha cc_order_pre.pre.der)\"" "$f" | grep -q '"precert":true.*differ in: subject' || fail "subject mismatch (final first) not named"
pass "findings name the differing fields"

# impact.md counts the check like a lint; the CSV line carries both certificates
grep -q "| \`$LINT\` | RFC 6962 3.1, 3.2 | 3 |" "$WORK/crtsh/impact.md" || grep -q "$LINT.*| 3 |" "$WORK/crtsh/impact.md" ||
	fail "impact.md per-check count: $(grep -n "$LINT" "$WORK/crtsh/impact.md")"
pass "impact.md counts the corpus check"

# next to a per-certificate lint: the union, and the corpus check is not lost
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --lint e_subject_common_name_not_in_san --out-dir "$WORK/both" 2>/dev/null || fail "both"
[ "$(grep -c "\"lint\":\"$LINT\"" "$WORK/both/findings.jsonl")" = 6 ] || fail "both: corpus findings lost"
[ "$(serials "$WORK/both")" = "0d02 0d03 0d04 " ] || fail "both: affected serials are '$(serials "$WORK/both")'"
grep -q "$LINT.*| 3 |" "$WORK/both/impact.md" || fail "both: impact.md count (the check listed second)"
pass "next to a per-certificate lint"

# --all-lints runs the corpus checks too (like any lint), and finds the planted mismatches
"$CERTSWEEP" audit --files "$C/der" --all-lints --now 2026-06-01T00:00:00Z --out-dir "$WORK/all" 2>/dev/null || fail "all-lints"
[ "$(grep -c "\"lint\":\"$LINT\"" "$WORK/all/findings.jsonl")" = 6 ] || fail "--all-lints: the corpus check's findings are missing"
# --shard: each shard gathers (corpus.state), merge -d decides over both
for k in 1 2; do
	"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --shard $k/2 --out-dir "$WORK/shard$k" 2>"$WORK/shard$k.err" ||
		fail "--shard $k/2: $(cat "$WORK/shard$k.err")"
done
"$CERTSWEEP" merge -d "$GUEST" -o "$WORK/shard-merged" "$WORK/shard1" "$WORK/shard2" 2>"$WORK/shard-merged.err" ||
	fail "merge -d: $(cat "$WORK/shard-merged.err")"
for f in affected.csv findings.jsonl impact.md; do
	cmp "$WORK/crtsh/$f" "$WORK/shard-merged/$f" || fail "--shard 1/2 + 2/2, merge -d: $f differs from the single run"
done
# --connections: the checks decide after the readers' fold (test_corpus_parallel)
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --connections 2 --out-dir "$WORK/conn" 2>"$WORK/conn.err" ||
	fail "--connections 2: $(cat "$WORK/conn.err")"
for f in affected.csv findings.jsonl impact.md; do
	cmp "$WORK/crtsh/$f" "$WORK/conn/$f" || fail "--connections 2: $f differs from the single run"
done
pass "--all-lints runs the corpus checks; --shard with one is refused, --connections equals one run"

# tbs_sha256 as a --where field: computed here independently (python: the
# final certificate's TBS with the SCT-list extension dropped, re-encoded),
# it must select both the precertificate and the final of the good pair, and
# only the final of the validity pair.
tbs_sha256() {
	python3 - "$1" <<'PY'
import sys, hashlib
def tlv(b, i):
    l = b[i + 1]; h = 2
    if l & 0x80:
        n = l & 0x7f; l = int.from_bytes(b[i + 2:i + 2 + n], 'big'); h = 2 + n
    return b[i], i + h, i + h + l
def enc(t, body):
    n = len(body)
    if n < 0x80:
        return bytes([t, n]) + body
    lb = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([t, 0x80 | len(lb)]) + lb + body
SCT = bytes.fromhex('060a2b06010401d679020402')  # OID 1.3.6.1.4.1.11129.2.4.2
der = open(sys.argv[1], 'rb').read()
_, cs, _ = tlv(der, 0)
_, ts, te = tlv(der, cs)
out, i = b'', ts
while i < te:
    t, s, e = tlv(der, i)
    if t == 0xa3:
        _, xs, xe = tlv(der, s)
        keep, j = b'', xs
        while j < xe:
            _, es, ee = tlv(der, j)
            if not der[es:ee].startswith(SCT):
                keep += der[j:ee]
            j = ee
        out += enc(0xa3, enc(0x30, keep))
    else:
        out += der[i:e]
    i = e
print(hashlib.sha256(enc(0x30, out)).hexdigest())
PY
}
GOOD=$(tbs_sha256 "$C/der/cc_good.der")
VAL=$(tbs_sha256 "$C/der/cc_validity_fin.der")
w() { # NAME EXPR
	"$CERTSWEEP" audit -d "$GUEST" --schema crtsh --where "$2" --now 2026-06-01T00:00:00Z --out-dir "$WORK/$1" 2>/dev/null || fail "where $1"
}
w good-pre "is_precert and tbs_sha256 = \"$GOOD\""
w good-fin "not is_precert and tbs_sha256 = \"$GOOD\""
w val-pre "is_precert and tbs_sha256 = \"$VAL\""
w val-fin "not is_precert and tbs_sha256 = \"$VAL\""
[ "$(serials "$WORK/good-pre")" = "0d01 " ] && [ "$(serials "$WORK/good-fin")" = "0d01 " ] ||
	fail "tbs_sha256 of the good pair should select its precertificate and its final"
[ "$(serials "$WORK/val-fin")" = "0d02 " ] && [ "$(tail -n +2 "$WORK/val-pre/affected.csv" | wc -l)" = 0 ] ||
	fail "tbs_sha256 of the validity final should not select its precertificate"
# --where 'lint c_... fails' (test_where_corpus.sh has the details): the
# certificates --lint puts in the affected set, here the 3 mismatching pairs
"$CERTSWEEP" audit --files "$C/der" --where "lint $LINT fails" --now 2026-06-01T00:00:00Z --out-dir "$WORK/wherelint" \
	2>"$WORK/wherelint.err" || fail "--where 'lint $LINT fails': $(cat "$WORK/wherelint.err")"
[ "$(serials "$WORK/wherelint")" = "0d02 0d03 0d04 " ] || fail "--where 'lint $LINT fails' selects '$(serials "$WORK/wherelint")'"
hashes() { tail -n +2 "$1/affected.csv" | cut -d, -f1,2 | sort; }
[ "$(hashes "$WORK/wherelint")" = "$(hashes "$WORK/files")" ] || fail "--where 'lint $LINT fails' and --lint $LINT name other certificates"
pass "tbs_sha256 --where field; 'lint c_... fails' in --where selects what --lint does"
