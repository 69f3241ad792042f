#!/usr/bin/env bash
# Corpus checks under --connections (issue 12): an audit with every c_
# check over one corpus that plants each check's defect with its partners
# on both sides of every reader's id range (the first certificates in the
# first rows, the second ones in the last rows, 200 entropy rows between,
# so the splits at 1/3, 1/2 and 2/3 of the ids fall among those) gives
# byte-identical outputs to the single-connection run with --connections 2
# and 3 (and with -j, and without a snapshot): the readers run the main pass
# only, and the checks decide once after the fold over one connection in
# the same snapshot.
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
SPEC="$WORK/corpus-parallel.spec"
spki() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkey -pubout -outform DER | od -An -v -tx1 | tr -d ' \n'; }
K1=$(spki) K3=$(spki) K1="$K1" K3="$K3" python3 - >"$SPEC" <<'PY'
import os, random
K1, K3 = os.environ["K1"], os.environ["K3"]
P, OVP = "2.23.140.1.2.1", "2.23.140.1.2.2"
JP = "/C=JP/O=Example KK/CN="
print("# key|ca|serial_hex|notBefore|notAfter|kind|subject|dns_names|policy|revoked_at|reason|options")
def line(k, ca, s, nb, na, kind, subj, dns, pol, rev="-", reason="-", opt=None):
    print("|".join([k, ca, s, nb, na, kind, subj, dns, pol, rev, reason] + ([opt] if opt else [])))
# --- head: the first partner of every cross-range defect, and controls
line("ca_dv_2024", "dv", "1002", "20240101000000Z", "20241231235959Z", "cacert", "-", "-", "-")
line("cc_validity_pre", "dv", "0D02", "20250302000000Z", "20260302000000Z", "precert", "/CN=val.example.com", "val.example.com", P)
line("cc_san_pre", "dv", "0D03", "20250303000000Z", "20260303000000Z", "precert", "/CN=san.example.com", "san.example.com", P)
line("cc_order_fin", "ov", "0D04", "20250304000000Z", "20260304000000Z", "final", JP + "order.example.jp", "order.example.jp", OVP)
line("cc_good", "dv", "0D01", "20250301000000Z", "20260301000000Z", "pair", "/CN=good.example.com", "good.example.com", P)
line("sr_fin_a", "dv", "0E01", "20250301000000Z", "20260301000000Z", "final", "/CN=a.example.com", "a.example.com", P)
line("sr_pre_a", "dv", "0E02", "20250302000000Z", "20260302000000Z", "precert", "/CN=c.example.com", "c.example.com", P)
line("sr_pair3", "ov", "0E03", "20250303000000Z", "20260303000000Z", "pair", JP + "e.example.jp", "e.example.jp", OVP)
line("sr_x_dv", "dv", "0E05", "20250305000000Z", "20260305000000Z", "final", "/CN=h.example.com", "h.example.com", P)
line("kc_revoked", "dv", "0F01", "20240101000000Z", "20250101000000Z", "final", "/CN=k1.example.com", "k1.example.com", P, "2024-03-01 00:00:00", "1", "tbs=6:" + K1)
line("kc_early", "dv", "0F07", "20240901000000Z", "20250901000000Z", "final", "/CN=k7.example.com", "k7.example.com", P, opt="tbs=6:" + K3)
line("gap", "dv", "1006", "20250115000000Z", "20260115000000Z", "final", "/CN=gap.example.com", "gap.example.com", P)
# --- middle: c_serial_entropy_insufficient's issuers (ev: 63-bit serials, ov: 64 random bits)
r = random.Random(20161001)
for i in range(100):
    s = r.getrandbits(63) | (1 << 62) * (i == 0)
    line("lo%03d" % i, "ev", "%016X" % s, "201701%02d000000Z" % (1 + i % 28), "20270101000000Z", "final", "/CN=lo%03d.example.com" % i, "lo%03d.example.com" % i, P)
    s = r.getrandbits(64) | (1 << 63) * (i == 0)
    line("ok%03d" % i, "ov", "%016X" % s, "201702%02d000000Z" % (1 + i % 28), "20270101000000Z", "final", JP + "ok%03d.example.jp" % i, "ok%03d.example.jp" % i, OVP)
# --- tail: the second partners
line("cc_validity_fin", "dv", "0D02", "20250302000000Z", "20260303000000Z", "final", "/CN=val.example.com", "val.example.com", P)
line("cc_san_fin", "dv", "0D03", "20250303000000Z", "20260303000000Z", "final", "/CN=san.example.com", "san.example.com,extra.example.com", P)
line("cc_order_pre", "ov", "0D04", "20250304000000Z", "20260304000000Z", "precert", "/C=JP/O=Other KK/CN=order.example.jp", "order.example.jp", OVP)
line("sr_fin_b", "dv", "0E01", "20250401000000Z", "20260401000000Z", "final", "/CN=b.example.com", "b.example.com", P)
line("sr_pre_b", "dv", "0E02", "20250302000000Z", "20260302000000Z", "precert", "/CN=c.example.com", "c.example.com,d.example.com", P)
line("sr_fin3", "ov", "0E03", "20250503000000Z", "20260503000000Z", "final", JP + "f.example.jp", "f.example.jp", OVP)
line("sr_x_ov", "ov", "0E05", "20250305000000Z", "20260305000000Z", "final", JP + "i.example.jp", "i.example.jp", OVP)
line("kc_after", "dv", "0F03", "20240601000000Z", "20250601000000Z", "final", "/CN=k3.example.com", "k3.example.com", P, opt="tbs=6:" + K1)
line("kc_other", "ov", "0F04", "20240601000000Z", "20250601000000Z", "final", JP + "k4.example.jp", "k4.example.jp", OVP, opt="tbs=6:" + K1)
line("kc_revoked3", "dv", "0F08", "20240101000000Z", "20250101000000Z", "final", "/CN=k8.example.com", "k8.example.com", P, "2024-05-01 00:00:00", "1", "tbs=6:" + K3)
line("ca_dv_2025", "dv", "1003", "20250301000000Z", "20251231235959Z", "cacert", "-", "-", "-")
line("in_2024", "dv", "1004", "20240601000000Z", "20250601000000Z", "final", "/CN=in24.example.com", "in24.example.com", P)
line("after", "dv", "1007", "20260301000000Z", "20270301000000Z", "final", "/CN=after.example.com", "after.example.com", P)
PY
bash "$SRC/scripts/gen-corpus.sh" "$SPEC" "$C" >/dev/null
start_crtsh_db "$C"
CHECKS=()
while read -r name _; do
	case $name in c_*) CHECKS+=(--lint "$name") ;; esac
done < <("$CERTSWEEP" lints)
[ ${#CHECKS[@]} -ge 10 ] || fail "want every c_ check: ${CHECKS[*]}"
ARGS=(-d "$GUEST" --schema crtsh "${CHECKS[@]}" --now 2026-06-01T00:00:00Z --page-size 7 --no-progress)
FILES="affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state"

# The readers' id ranges split [min id, max id] as --shard does: every
# split point must fall among the middle rows, so that each defect's
# partners sit in different ranges.
id_of() { awk -F'\t' -v k="$1" '$3 == k { print $1; exit }' "$C/certs.tsv"; }
read -r lo hi < <(psql -qXAt -F ' ' -d "$GUEST" -c "SELECT min(id), max(id) FROM certificate")
first_mid=$(id_of lo000) last_mid=$(id_of ok099)
for k in ca_dv_2024 cc_validity_pre cc_san_pre cc_order_fin sr_fin_a sr_pre_a kc_revoked kc_early gap; do
	[ "$(id_of "$k")" -lt "$first_mid" ] || fail "$k is not before the middle rows"
done
for k in cc_validity_fin cc_san_fin cc_order_pre sr_fin_b sr_pre_b sr_fin3 kc_after kc_revoked3 ca_dv_2025 after; do
	[ "$(id_of "$k")" -gt "$last_mid" ] || fail "$k is not after the middle rows"
done
for split in "1 2" "1 3" "2 3"; do
	read -r k n <<<"$split"
	at=$((lo + (hi - lo + 1) * k / n))
	[ "$at" -gt "$first_mid" ] && [ "$at" -le "$last_mid" ] || fail "split $k/$n at id $at is not among the middle rows ($first_mid..$last_mid)"
done
pass "every defect's partners lie on both sides of each reader's range boundary"

"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/single" 2>"$WORK/single.err" || fail "single run: $(cat "$WORK/single.err")"
f=$WORK/single/findings.jsonl
sha() { sha256sum "$C/der/$1" | cut -c1-64; }
has() { grep "\"sha256\":\"$(sha "$2")\"" "$f" | grep -q "\"lint\":\"$1\"" || fail "single run: $1 does not fail $2"; }
has c_precert_final_mismatch cc_validity_fin.der
has c_precert_final_mismatch cc_san_pre.pre.der
has c_precert_final_mismatch cc_order_fin.der
has c_serial_reused sr_fin_a.der
has c_serial_reused sr_fin_b.der
has c_serial_reused sr_pre_b.pre.der
has c_serial_reused sr_fin3.der
has c_serial_entropy_insufficient lo050.der
has c_key_reused_after_compromise kc_after.der
has c_key_reused_after_compromise kc_early.der
has c_issued_outside_issuer_validity gap.der
has c_issued_outside_issuer_validity after.der
hasnt() { ! grep "\"sha256\":\"$(sha "$2")\"" "$f" | grep -q "\"lint\":\"$1\"" || fail "single run: $1 fails control $2"; }
hasnt c_precert_final_mismatch cc_good.der
hasnt c_serial_reused sr_x_ov.der
hasnt c_serial_entropy_insufficient ok050.der
hasnt c_key_reused_after_compromise kc_other.der
hasnt c_issued_outside_issuer_validity in_2024.der
pass "single run: every check fails its planted defects across the range boundaries, controls silent"

for par in "--connections 2" "--connections 3" "--connections 2 -j 4" "--connections 3 --no-snapshot"; do
	d=$WORK/par-${par// /_}
	# shellcheck disable=SC2086
	"$CERTSWEEP" audit "${ARGS[@]}" $par --out-dir "$d" 2>"$d.err" || fail "$par: $(cat "$d.err")"
	for f in $FILES; do
		# without a snapshot impact.md says so (and audit.state records it): all else is identical
		cmp <(sed '/^The audit did not read one snapshot/{N;d;}; s/^scan \([0-9]*\) 3 /scan \1 1 /' "$WORK/single/$f") \
			<(sed '/^The audit did not read one snapshot/{N;d;}; s/^scan \([0-9]*\) 3 /scan \1 1 /' "$d/$f") ||
			{ diff "$WORK/single/$f" "$d/$f" >&2 || true; fail "$par: $f differs from the single run"; }
	done
	[ ! -e "$d/.certsweep-jobs" ] || fail "$par left its work directory"
done
pass "--connections 2 and 3 (with -j 4, without a snapshot) equal the single run byte for byte"

# SIGTERM as the checks begin, and in the pairing pass after them (both
# after the fold now): a clean refusal, nothing published, nothing left
for stage in corpus pairing; do
	d=$WORK/term-$stage
	set +e
	CERTSWEEP_FAULT_SIGNAL_IN=$stage "$CERTSWEEP" audit "${ARGS[@]}" --connections 2 --out-dir "$d" 2>"$d.err"
	rc=$?
	set -e
	[ $rc -ne 0 ] && grep -q "interrupted; an audit with --connections cannot be resumed" "$d.err" ||
		fail "SIGTERM in $stage: rc $rc, $(cat "$d.err")"
	left=$(find "$d" -mindepth 1 | head -3)
	[ -z "$left" ] || fail "SIGTERM in $stage left $left"
done
pass "SIGTERM after the fold (checks, pairing): refused cleanly, nothing left behind"

# --shard K/N + merge -d: each shard gathers its checks' state over its own
# id range into corpus.state; merge folds every shard's and decides once,
# re-reading the failing certificates from the database: byte-identical to
# the single run (the same splits as the readers', so every defect's
# partners are in different shards).
for n in 2 3; do
	dirs=()
	for k in $(seq "$n"); do
		d=$WORK/shard$n-$k
		"$CERTSWEEP" audit "${ARGS[@]}" --shard "$k/$n" --out-dir "$d" 2>"$d.err" || fail "shard $k/$n: $(cat "$d.err")"
		[ -s "$d/corpus.state" ] || fail "shard $k/$n wrote no corpus.state"
		dirs+=("$d")
	done
	# a shard alone decides nothing: no corpus check fails in it
	! cat "${dirs[@]/%//findings.jsonl}" | grep -q '"lint":"c_' || fail "a shard decided a corpus check by itself"
	set +e
	"$CERTSWEEP" merge -o "$WORK/merged$n-nodb" "${dirs[@]}" 2>"$WORK/merged$n-nodb.err"
	rc=$?
	set -e
	[ $rc -ne 0 ] && grep -q "needs the shards' database: give -d" "$WORK/merged$n-nodb.err" ||
		fail "merge without -d over corpus shards: rc $rc, $(cat "$WORK/merged$n-nodb.err")"
	[ ! -e "$WORK/merged$n-nodb/affected.csv" ] || fail "merge without -d published outputs"
	m=$WORK/merged$n
	"$CERTSWEEP" merge -d "$GUEST" -o "$m" "${dirs[@]}" 2>"$m.err" || fail "merge -d, $n shards: $(cat "$m.err")"
	for f in $FILES; do
		cmp <(sed '/^The audit did not read one snapshot/{N;d;}; s/^scan \([0-9]*\) 3 /scan \1 1 /' "$WORK/single/$f") \
			<(sed '/^The audit did not read one snapshot/{N;d;}; s/^scan \([0-9]*\) 3 /scan \1 1 /' "$m/$f") ||
			{ diff "$WORK/single/$f" "$m/$f" >&2 || true; fail "$n shards merged: $f differs from the single run"; }
	done
	[ ! -e "$m/corpus.state" ] || fail "merge published a corpus.state"
done
pass "--shard 1..2/2 and 1..3/3 with every corpus check, merge -d: equal the single run byte for byte"

# merge refuses a shard whose corpus.state is missing, truncated or another shard's
cp -r "$WORK/shard2-2" "$WORK/bad2"
rm "$WORK/bad2/corpus.state"
! "$CERTSWEEP" merge -d "$GUEST" -o "$WORK/bad-m1" "$WORK/shard2-1" "$WORK/bad2" 2>"$WORK/bad-m1.err" &&
	grep -q "corpus.state.*rerun that shard" "$WORK/bad-m1.err" || fail "missing corpus.state: $(cat "$WORK/bad-m1.err")"
head -c $(($(stat -c %s "$WORK/shard2-2/corpus.state") - 30)) "$WORK/shard2-2/corpus.state" >"$WORK/bad2/corpus.state"
! "$CERTSWEEP" merge -d "$GUEST" -o "$WORK/bad-m2" "$WORK/shard2-1" "$WORK/bad2" 2>"$WORK/bad-m2.err" &&
	grep -q "truncated" "$WORK/bad-m2.err" || fail "truncated corpus.state: $(cat "$WORK/bad-m2.err")"
cp "$WORK/shard2-1/corpus.state" "$WORK/bad2/corpus.state"
! "$CERTSWEEP" merge -d "$GUEST" -o "$WORK/bad-m3" "$WORK/shard2-1" "$WORK/bad2" 2>"$WORK/bad-m3.err" &&
	grep -q "is not the corpus state of shard 2/2" "$WORK/bad-m3.err" || fail "another shard's corpus.state: $(cat "$WORK/bad-m3.err")"
for b in bad-m1 bad-m2 bad-m3; do [ ! -e "$WORK/$b/affected.csv" ] || fail "$b published outputs"; done
set +e
"$CERTSWEEP" audit "${ARGS[@]}" --shard 1/2 --crl "$WORK/none.crl" --out-dir "$WORK/shard-crl" 2>"$WORK/shard-crl.err"
rc=$?
set -e
[ $rc = 2 ] && grep -q "with --shard and --crl: merge decides corpus checks but does not read CRLs" "$WORK/shard-crl.err" ||
	fail "--shard --crl with corpus checks: rc $rc, $(cat "$WORK/shard-crl.err")"
pass "merge refuses a missing, truncated or foreign corpus.state and publishes nothing; --shard --crl with corpus checks is refused"

# a shard killed during its main pass resumes and gathers the same state
d=$WORK/shard-kill
set +e
CERTSWEEP_FAULT_AFTER_ROWS=60 "$CERTSWEEP" audit "${ARGS[@]}" --shard 1/2 --checkpoint-rows 20 --out-dir "$d" 2>/dev/null
rc=$?
set -e
[ $rc -ne 0 ] && [ -e "$d/checkpoint.state" ] && [ ! -e "$d/corpus.state" ] || fail "the shard was not killed mid-pass (rc $rc)"
"$CERTSWEEP" audit "${ARGS[@]}" --shard 1/2 --checkpoint-rows 20 --resume --out-dir "$d" 2>"$d.err" || fail "shard resume: $(cat "$d.err")"
cmp "$d/corpus.state" "$WORK/shard2-1/corpus.state" || fail "a resumed shard gathered another corpus.state"
"$CERTSWEEP" merge -d "$GUEST" -o "$WORK/merged-kill" "$d" "$WORK/shard2-2" 2>/dev/null || fail "merge of a resumed shard"
cmp "$WORK/merged-kill/affected.csv" "$WORK/single/affected.csv" || fail "merge of a resumed shard: affected.csv differs"
pass "a shard killed in its main pass resumes to the same corpus.state; merged, the same outputs"
