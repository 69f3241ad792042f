#!/usr/bin/env bash
# Corpus check c_issued_outside_issuer_validity (issue 12; RFC 5280 6.1.3
# (a)(2)): a certificate whose notBefore is outside the validity of every
# certificate of its issuer CA in the source fails: before the CA's first
# certificate (and read before it), in the gap between a CA certificate and
# its renewal, after the renewal's notAfter. Controls stay silent: inside
# one of the two CA certificates, the re-keyed CA (same name, another key:
# its SKI matches no AKI), a CA without a certificate in the source.
# Through --files (CA certificates learned from the input), crt.sh on a real
# PostgreSQL (rows, and ca_certificate read before the scan when the CA
# certificates are outside the audited issuers), identical with -j 2.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/corpus-issuer.spec" "$C" >/dev/null
start_crtsh_db "$C"
LINT=c_issued_outside_issuer_validity
COMMON=(--lint "$LINT" --now 2026-06-01T00:00:00Z)

"$CERTSWEEP" lints >"$WORK/lints.txt"
grep -q "^$LINT .*RFC5280 .*RFC 5280 6.1.3 (a)(2)" "$WORK/lints.txt" || fail "lints does not list $LINT: $(grep "$LINT" "$WORK/lints.txt")"
pass "certsweep lints lists $LINT with its citation"

"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" --out-dir "$WORK/files" 2>"$WORK/files.err" || fail "files: $(cat "$WORK/files.err")"
"$CERTSWEEP" audit --files "$C/der" "${COMMON[@]}" -j 2 --out-dir "$WORK/files-j2" 2>/dev/null || fail "files -j 2"
CERTSWEEP_SPILL_BUFFER=114 "$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/crtsh.err" || fail "crtsh: $(cat "$WORK/crtsh.err")"
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" -j 2 --page-size 3 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"
# the DV CA's certificates cross-signed by the OV CA: an audit of the DV CA
# does not read them as rows, only through ca_certificate
psql -qX -v ON_ERROR_STOP=1 -d certwatch -c "UPDATE certificate SET issuer_ca_id = 101 WHERE id IN (SELECT certificate_id FROM ca_certificate WHERE ca_id = 103)" >/dev/null
"$CERTSWEEP" audit -d "$GUEST" --schema crtsh --issuer-ca-id 103 "${COMMON[@]}" --out-dir "$WORK/crtsh-cac" 2>"$WORK/cac.err" || fail "crtsh ca_certificate: $(cat "$WORK/cac.err")"

sha() { sha256sum "$C/der/$1" | cut -c1-64; }
serials() { tail -n +2 "$1/affected.csv" | grep -oE ',100[0-9],' | tr -d , | sort | tr '\n' ' '; }
for d in files files-j2 crtsh crtsh-j2 crtsh-cac; do
	f="$WORK/$d/findings.jsonl"
	[ "$(serials "$WORK/$d")" = "1001 1006 1007 " ] || fail "$d: affected serials are '$(serials "$WORK/$d")'"
	[ "$(grep -c "\"lint\":\"$LINT\"" "$f")" = 3 ] || fail "$d: want 3 findings: $(cat "$f")"
	grep "\"sha256\":\"$(sha a_before.der)\"" "$f" | grep -q "notBefore 2023-12-01T00:00:00Z is outside the validity of every certificate of its issuer CA in the source (2 of them; the earliest notBefore 2024-01-01T00:00:00Z, the latest notAfter 2025-12-31T23:59:59Z)" || fail "$d: a_before: $(cat "$f")"
	grep -q "\"sha256\":\"$(sha gap.der)\".*notBefore 2025-01-15T00:00:00Z is outside" "$f" || fail "$d: gap: $(cat "$f")"
	grep -q "\"sha256\":\"$(sha after.der)\".*notBefore 2026-03-01T00:00:00Z is outside" "$f" || fail "$d: after: $(cat "$f")"
done
cmp "$WORK/files/findings.jsonl" "$WORK/files-j2/findings.jsonl" || fail "files findings differ with -j 2"
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-j2/findings.jsonl" || fail "crt.sh findings differ with -j 2"
cmp "$WORK/crtsh/affected.csv" "$WORK/crtsh-j2/affected.csv" || fail "crt.sh affected.csv differs with -j 2"
pass "issued outside every CA certificate's validity found (also read first), controls silent: --files, crt.sh rows, crt.sh ca_certificate, -j 2"

# --shard: the shards gather the CA certificates and candidates, merge -d decides
for k in 1 2; do
	"$CERTSWEEP" audit -d "$GUEST" --schema crtsh "${COMMON[@]}" --shard $k/2 --out-dir "$WORK/shard$k" 2>"$WORK/shard$k.err" ||
		fail "--shard $k/2: $(cat "$WORK/shard$k.err")"
done
"$CERTSWEEP" merge -d "$GUEST" -o "$WORK/merged" "$WORK/shard1" "$WORK/shard2" 2>"$WORK/merged.err" || fail "merge -d: $(cat "$WORK/merged.err")"
for f in affected.csv findings.jsonl; do
	cmp "$WORK/crtsh/$f" "$WORK/merged/$f" || fail "--shard 1/2 + 2/2, merge -d: $f differs from the single run"
done
pass "--shard 1/2 + 2/2 merged with -d equal the single run"
