#!/usr/bin/env bash
# Corpus check c_key_reused_after_compromise (issue 12; BR 6.1.1.3 (4),
# 4.9.1.1): a certificate issued after an earlier certificate of the same
# issuer with the same public key was revoked for keyCompromise fails (also
# when it is read before the revoked one); the controls stay silent: the
# same key certified before the revocation, under another issuer, or after
# a revocation for another reason. Revocations from --crl (through --files
# and through crt.sh on a real PostgreSQL), from crt.sh's crl_revoked, and
# from EJBCA's own rows; identical with -j 2. The shared keys are made here and put into the
# certificates with gen-corpus's tbs=6 (subjectPublicKeyInfo) surgery.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
spki() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkey -pubout -outform DER | od -An -v -tx1 | tr -d ' \n'; }
K1=$(spki) K2=$(spki) K3=$(spki) K4=$(spki)
SPEC="$WORK/corpus-key.spec"
P='2.23.140.1.2.1'
cat >"$SPEC" <<SPEC
# key|ca|serial_hex|notBefore|notAfter|kind|subject|dns_names|policy|revoked_at|reason|options
# the key K1 is revoked for keyCompromise on 2024-03-01 ...
kc_revoked|dv|0F01|20240101000000Z|20250101000000Z|final|/CN=a.example.com|a.example.com|$P|2024-03-01 00:00:00|1|tbs=6:$K1
# ... control: certified before that
kc_before|dv|0F02|20240201000000Z|20250201000000Z|final|/CN=b.example.com|b.example.com|$P|-|-|tbs=6:$K1
# ... defect: certified again after it
kc_after|dv|0F03|20240601000000Z|20250601000000Z|final|/CN=c.example.com|c.example.com|$P|-|-|tbs=6:$K1
# ... control: certified by another issuer
kc_other|ov|0F04|20240601000000Z|20250601000000Z|final|/C=JP/O=Example KK/CN=d.example.jp|d.example.jp|2.23.140.1.2.2|-|-|tbs=6:$K1
# control: K2 revoked as superseded, then certified again
kc_sup|dv|0F05|20240101000000Z|20250101000000Z|final|/CN=e.example.com|e.example.com|$P|2024-03-01 00:00:00|4|tbs=6:$K2
kc_sup_after|dv|0F06|20240601000000Z|20250601000000Z|final|/CN=f.example.com|f.example.com|$P|-|-|tbs=6:$K2
# defect, read first: K3 certified in September, revoked for keyCompromise in May by a later row
kc_early|dv|0F07|20240901000000Z|20250901000000Z|final|/CN=g.example.com|g.example.com|$P|-|-|tbs=6:$K3
kc_revoked3|dv|0F08|20240101000000Z|20250101000000Z|final|/CN=h.example.com|h.example.com|$P|2024-05-01 00:00:00|1|tbs=6:$K3
# control: K4 revoked for keyCompromise in 2018 and certified again in 2019, before BR 6.1.1.3 (4)
# (Ballot SC35, effective 2020-10-19) required rejecting it
kc_old_revoked|dv|0F09|20180101000000Z|20190101000000Z|final|/CN=i.example.com|i.example.com|$P|2018-03-01 00:00:00|1|tbs=6:$K4
kc_old_after|dv|0F0A|20190601000000Z|20200601000000Z|final|/CN=j.example.com|j.example.com|$P|-|-|tbs=6:$K4
SPEC
bash "$SRC/scripts/gen-corpus.sh" "$SPEC" "$C" >/dev/null
start_crtsh_db "$C"
psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE ejbca" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d ejbca -f "$SRC/queries/ejbca/schema.sql" -f "$C/ejbca.sql" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d ejbca -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest" >/dev/null
EJBCA="host=$PGHOST port=$PGPORT dbname=ejbca user=guest"
LINT=c_key_reused_after_compromise
COMMON=(--lint "$LINT" --now 2026-06-01T00:00:00Z)
CRLS=(--crl "$C/crl/ov.crl" --crl "$C/crl/ev.crl" --crl "$C/crl/dv.crl")

"$CERTSWEEP" lints >"$WORK/lints.txt"
grep -q "^$LINT .*error .*BR .*2020-10-19 .*BR 6.1.1.3 (4) (Ballot SC35); BR 4.9.1.1" "$WORK/lints.txt" || fail "lints does not list $LINT: $(grep "$LINT" "$WORK/lints.txt")"
pass "certsweep lints lists $LINT with its citation"

"$CERTSWEEP" audit --files "$C/der" "${CRLS[@]}" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/files.err" || fail "files: $(cat "$WORK/files.err")"
"$CERTSWEEP" audit --files "$C/der" "${CRLS[@]}" "${COMMON[@]}" -j 2 --out-dir "$WORK/files-j2" 2>/dev/null || fail "files -j 2"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${CRLS[@]}" "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/crtsh.err" || fail "crtsh: $(cat "$WORK/crtsh.err")"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${CRLS[@]}" "${COMMON[@]}" -j 2 --page-size 3 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh-crl-revoked" 2>"$WORK/crtsh-cr.err" || fail "crtsh, crl_revoked: $(cat "$WORK/crtsh-cr.err")"
CERTSWEEP_SPILL_BUFFER=112 "$CERTSWEEP" audit -d "$EJBCA" --schema ejbca "${COMMON[@]}" --out-dir "$WORK/ejbca" 2>"$WORK/ejbca.err" || fail "ejbca: $(cat "$WORK/ejbca.err")"

sha() { sha256sum "$C/der/$1" | cut -c1-64; }
serials() { tail -n +2 "$1/affected.csv" | grep -oE ',0f0[0-9a],' | tr -d , | sort | tr '\n' ' '; }
for d in files files-j2 crtsh crtsh-j2 crtsh-crl-revoked ejbca; do
	f="$WORK/$d/findings.jsonl"
	[ "$(serials "$WORK/$d")" = "0f03 0f07 " ] || fail "$d: affected serials are '$(serials "$WORK/$d")'"
	[ "$(grep -c "\"lint\":\"$LINT\"" "$f")" = 2 ] || fail "$d: want 2 findings: $(cat "$f")"
	grep "\"sha256\":\"$(sha kc_after.der)\"" "$f" | grep -q "revoked for keyCompromise at 2024-03-01T00:00:00Z" || fail "$d: kc_after: $(cat "$f")"
	grep "\"sha256\":\"$(sha kc_early.der)\"" "$f" | grep -q "revoked for keyCompromise at 2024-05-01T00:00:00Z" || fail "$d: kc_early: $(cat "$f")"
done
cmp "$WORK/files/findings.jsonl" "$WORK/files-j2/findings.jsonl" || fail "files findings differ with -j 2"
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-j2/findings.jsonl" || fail "crt.sh findings differ with -j 2"
cmp "$WORK/crtsh/affected.csv" "$WORK/crtsh-j2/affected.csv" || fail "crt.sh affected.csv differs with -j 2"
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-crl-revoked/findings.jsonl" || fail "crt.sh findings from crl_revoked differ from --crl's"
grep -q "$LINT.*| 2 |" "$WORK/crtsh/impact.md" || fail "impact.md per-check count: $(grep -n "$LINT" "$WORK/crtsh/impact.md")"
pass "reuse after keyCompromise found (also read first), controls silent: --files/--crl, crt.sh/--crl, crt.sh/crl_revoked, EJBCA rows, -j 2"

set +e
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --out-dir "$WORK/nocrl" 2>"$WORK/nocrl.err"; rc=$?
set -e
[ $rc = 2 ] && grep -q "$LINT needs revocation reasons: certificate files carry none, so give the CA's CRLs with --crl" "$WORK/nocrl.err" ||
	fail "--files without --crl should be refused (rc $rc): $(cat "$WORK/nocrl.err")"
[ ! -e "$WORK/nocrl/affected.csv" ] || fail "a refused audit left affected.csv"
pass "--files without --crl is refused"
