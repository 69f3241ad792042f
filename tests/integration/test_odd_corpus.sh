#!/usr/bin/env bash
# Issue 10 section 1, "decode leniently, report strictly": of an odd-certificate
# corpus, certsweep decodes and lints everything `openssl x509` accepts (target
# >= 99.5%, asserted: all of it), reports each defect with its own lint, and
# unparseable.csv holds only bytes with no Certificate/TBSCertificate at all.
#
# The corpus: the odd_* fixtures of tests/fixtures/lints.spec (one encoding
# defect each, made by TBS surgery), the fid_* fixtures, and variants made
# here from every lint fixture (trailing bytes after the Certificate), a PEM
# bundle with a blank line before -----END (Go accepts it), and three files
# that hold no certificate at all.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }
L=$CERTSWEEP_LINT_FIXTURES/der
O=$WORK/odd
rm -rf "$WORK"
mkdir -p "$O"

cp "$L"/odd_*.der "$L"/fid_*.der "$O"/
n_odd=$(ls "$O" | wc -l)
[ "$n_odd" -ge 30 ] || fail "only $n_odd odd/fid fixtures"
for f in "$L"/*.der; do
	b=$(basename "$f" .der)
	{ cat "$f"; printf '\0\0\0'; } >"$O/trail_$b.der"
done
# no Certificate/TBSCertificate to locate: text, a cut-off certificate, SEQUENCE { INTEGER }
printf 'not a certificate\n' >"$O/junk_text.der"
head -c 40 "$L/clean_dv_2026.der" >"$O/junk_truncated.der"
printf '\x30\x03\x02\x01\x05' >"$O/junk_no_tbs.der"

# One certsweep run for the whole corpus (one JSON line per DER file, in
# argument order; a file that does not decode gives {"file":...,"error":...}).
# (junk_text.der is not DER at all: `lint` says so on stderr, and it is counted as not decoded.)
files=()
for f in "$O"/*.der; do [ "$(basename "$f")" = junk_text.der ] || files+=("$f"); done
! "$CERTSWEEP" lint --format json "$O/junk_text.der" >/dev/null 2>&1 || fail "junk_text.der decoded"
openssl x509 -inform DER -in "$O/junk_text.der" -noout 2>/dev/null && fail "openssl decodes junk_text.der"
"$CERTSWEEP" lint --format json "${files[@]}" >"$WORK/all.jsonl" 2>/dev/null || true
[ "$(wc -l <"$WORK/all.jsonl")" = "${#files[@]}" ] || fail "want one JSON line per file"
declare -A RESULT
i=0
while IFS= read -r line; do
	RESULT[$(basename "${files[$i]}")]=$line
	i=$((i + 1))
done <"$WORK/all.jsonl"
accepted=0 decoded=0 missed="" lenient=0
for f in "${files[@]}"; do
	b=$(basename "$f")
	ok_cs=1
	case ${RESULT[$b]} in '{"file":'*'"error":'*) ok_cs=0 ;; esac
	if openssl x509 -inform DER -in "$f" -noout 2>/dev/null; then
		accepted=$((accepted + 1))
		if [ $ok_cs = 1 ]; then decoded=$((decoded + 1)); else missed+=" $b"; fi
	elif [ $ok_cs = 1 ]; then
		lenient=$((lenient + 1)) # decoded although OpenSSL refuses (e.g. a GeneralString in a name)
	fi
done
[ "$accepted" -ge 130 ] || fail "openssl accepted only $accepted files"
rate=$(awk -v d="$decoded" -v a="$accepted" 'BEGIN { printf "%.1f", 100 * d / a }')
echo "decode rate: $decoded of $accepted certificates openssl x509 accepts ($rate%); $lenient more that openssl refuses"
[ -z "$missed" ] || fail "openssl decodes but certsweep does not:$missed"
awk -v d="$decoded" -v a="$accepted" 'BEGIN { exit !(d * 1000 >= a * 995) }' || fail "decode rate $rate% < 99.5%"
pass "every certificate openssl accepts is decoded ($rate%)"

# Each defect is reported by its own lint, and the rest is still judged.
expect() { # FILE LINT
	grep -q "\"$2\":{\"result\":\"error\"" <<<"${RESULT[$1]}" ||
		fail "$1: $2 not reported: $("$CERTSWEEP" lint --format text "$O/$1" 2>&1 | head -20)"
}
expect odd_trailing_data.der e_certificate_trailing_data
expect trail_embedded_rdn.der e_certificate_trailing_data
expect trail_embedded_rdn.der e_subject_attribute_value_embedded_rdn
expect odd_ber_indefinite.der e_certificate_not_der
expect odd_ber_long_length.der e_certificate_not_der
expect odd_empty_rdn_subject.der e_subject_empty_rdn
expect odd_empty_rdn_issuer.der e_issuer_empty_rdn
expect odd_utctime_no_seconds.der e_validity_time_without_seconds
expect odd_utctime_offset.der e_validity_time_not_zulu
expect odd_utctime_no_zone.der e_validity_time_not_zulu
expect odd_gentime_fraction.der e_validity_time_fractional_seconds
expect odd_pathlen_negative.der e_basic_constraints_path_len_invalid
expect odd_pathlen_huge.der e_basic_constraints_path_len_invalid
expect odd_san_bare_ia5string.der e_san_general_name_not_context_tagged
expect odd_san_truncated.der e_extension_value_malformed
expect odd_general_string.der e_name_attribute_value_unknown_type
pass "each defect has its own finding; the rest of the certificate is judged"

# A PEM block with a blank line before -----END is read (OpenSSL's PEM reader
# refuses it, Go's accepts it); the files source normalises it.
mkdir -p "$WORK/pem"
openssl x509 -inform DER -in "$L/embedded_rdn.der" | sed '$i\\' >"$WORK/pem/blank-before-end.pem"
[ "$(tail -2 "$WORK/pem/blank-before-end.pem" | head -1)" = "" ] || fail "test setup: no blank line before END"
cp "$O"/junk_*.der "$O"/odd_*.der "$WORK/pem/"
"$CERTSWEEP" audit --files "$WORK/pem" --lint e_subject_attribute_value_embedded_rdn --lint e_certificate_trailing_data \
	--now 2026-06-01T00:00:00Z --planned-revocation 2026-06-05 --out-dir "$WORK/audit" >/dev/null 2>"$WORK/audit.err" ||
	fail "audit --files: $(tail -5 "$WORK/audit.err")"
U=$WORK/audit/unparseable.csv
grep -q 'blank-before-end.pem' "$U" && fail "PEM with a blank line before END is unparseable"
[ "$(tail -n +2 "$U" | wc -l)" = 3 ] || fail "unparseable.csv should hold exactly the 3 junk files: $(cat "$U")"
for j in junk_text junk_truncated junk_no_tbs; do grep -q "/$j.der," "$U" || fail "$j not in unparseable.csv"; done
grep -q '7C2B3C4D5E6F7081\|7c2b3c4d5e6f7081' "$WORK/audit/affected.csv" || fail "the PEM certificate was not judged"
grep -qi '1A9B3C4D5E6F7081' "$WORK/audit/affected.csv" || fail "odd_trailing_data not in affected.csv"
pass "unparseable.csv holds only the files with no certificate; the blank-line PEM is judged"
