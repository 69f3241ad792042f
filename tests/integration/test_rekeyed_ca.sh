#!/usr/bin/env bash
# Re-keyed CAs (issue 15 item 8): two CA certificates with one subject name
# and different keys are two issuers (crt.sh keeps them apart by
# ca.public_key: CA ids 103 and 104 here). A serial both used is two lines,
# each with its own precertificate and its own revocation; grouping by name
# alone merged them and gave the old key's certificate the first row's CA id
# for the revocation join. The key identity is the AKI keyIdentifier, so
# --files (with each key's CRL, told apart by its AKI) gives the same lines.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/rekeyed.spec" "$C" >/dev/null
start_crtsh_db "$C"
sha() { awk -F'\t' -v k="$1" -v t="$2" '$3==k && $4==t {print $5}' "$C/certs.tsv"; }
COMMON=(--now 2026-06-01T00:00:00Z)
W=(--where 'subject.CN ~ /^(old|new)\.rekey\./')

check() { # DIR LABEL
	local f="$1/affected.csv"
	[ "$(tail -n +2 "$f" | wc -l)" = 2 ] || fail "$2: want 2 lines: $(cat "$f")"
	grep -q "^$(sha rk_old precert),$(sha rk_old final),CN=old.rekey.example.com,.*,0f01,old.rekey.example.com,N/A,N/A,N/A" "$f" ||
		fail "$2: the old key's line (expired, not revoked): $(cat "$f")"
	grep -q "^$(sha rk_new precert),$(sha rk_new final),CN=new.rekey.example.com,.*,0f01,new.rekey.example.com,Yes,2025-06-01T00:00:00Z,keyCompromise" "$f" ||
		fail "$2: the new key's line (revoked): $(cat "$f")"
}
"$CERTSWEEP" audit -d "$GUEST" "${W[@]}" "${COMMON[@]}" --out-dir "$WORK/crtsh" 2>"$WORK/err" || fail "crtsh: $(cat "$WORK/err")"
check "$WORK/crtsh" crt.sh
"$CERTSWEEP" audit -d "$GUEST" "${W[@]}" "${COMMON[@]}" -j 2 --page-size 1 --out-dir "$WORK/crtsh-j2" 2>/dev/null || fail "crtsh -j 2"
cmp "$WORK/crtsh/affected.csv" "$WORK/crtsh-j2/affected.csv" || fail "-j 2 differs"
"$CERTSWEEP" audit --files "$C/der" --crl "$C/crl/dv.crl" --crl "$C/crl/dv2.crl" "${W[@]}" "${COMMON[@]}" \
	--out-dir "$WORK/files" 2>"$WORK/err" || fail "files: $(cat "$WORK/err")"
check "$WORK/files" "--files --crl"
cmp "$WORK/crtsh/affected.csv" "$WORK/files/affected.csv" || fail "crt.sh and --files differ"
for k in 1 2; do
	"$CERTSWEEP" audit -d "$GUEST" "${W[@]}" "${COMMON[@]}" --shard $k/2 --out-dir "$WORK/shard$k" 2>/dev/null || fail "shard $k"
done
"$CERTSWEEP" merge -o "$WORK/merged" "$WORK/shard1" "$WORK/shard2" 2>/dev/null || fail "merge"
cmp "$WORK/crtsh/affected.csv" "$WORK/merged/affected.csv" || fail "two shards merged differ"
pass "one serial under a re-keyed CA: a line per key, each with its own precertificate and revocation"

# only the old key's final matches: the pairing pass joins the old key's
# precertificate, not the new key's of the same name and serial
"$CERTSWEEP" audit -d "$GUEST" --where 'subject.CN ~ /^solo\./ and not is_precert' "${COMMON[@]}" \
	--out-dir "$WORK/solo" 2>/dev/null || fail "solo"
[ "$(tail -n +2 "$WORK/solo/affected.csv" | wc -l)" = 1 ] &&
	grep -q "^$(sha rk_solo precert),$(sha rk_solo final),.*,0f02," "$WORK/solo/affected.csv" ||
	fail "pairing across keys: $(cat "$WORK/solo/affected.csv")"
grep -q "$(sha rk_solo2 precert)" "$WORK/solo/affected.csv" "$WORK/solo/crtsh-links.txt" &&
	fail "the other key's precertificate was joined"
pass "the pairing pass keeps to the certificate's own issuer key"
