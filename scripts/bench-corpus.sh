#!/usr/bin/env bash
# The benchmark's template corpus, made once with the openssl CLI (slow) and
# then multiplied into distinct rows by certsweep-bench (DER surgery: serial,
# validity and SAN bytes vary, lengths stay; signatures are not re-made, as
# certsweep never verifies them).
#
#   scripts/bench-corpus.sh TEMPLATES OUTDIR
#
# Six issuers with their own keys (RSA 2048/3072/4096, P-256, P-384, P-384),
# a pool of leaf keys of those five types, 1-100 SANs (85% 1-3, 12% 4-20,
# 3% 21-100), DV/OV/EV subjects and policies, notBefore 2012-2026 with
# the validity the BRs allowed at the time, and precertificate/final pairs
# (plus precertificate-only and final-only serials) where every final
# certificate carries a well-formed RFC 6962 SignedCertificateTimestampList of
# two or three SCTs. Deterministic for a given TEMPLATES (fixed seed; keys are
# random). Planted defects, so that audits write findings as a real history's
# would: ~3% of serials one month over the validity limit of their time, ~5%
# of OV subjects with "Tokyo, C=JP" in stateOrProvinceName, ~15% of EV
# subjects with a Swiss jurisdictionL under cantonal registration.
#
# OUTDIR receives ca/*.pem, der/tNNNNN.der and der/tNNNNN.pre.der, certs.tsv
# (id, ca_id, key, kind, sha256; the layout scripts/gen-corpus.sh writes, so
# certsweep-bench reads both) and ca.sql (the crt.sh ca rows).
set -euo pipefail

die() { echo "bench-corpus: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: bench-corpus.sh TEMPLATES OUTDIR"
N=$1
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] || die "TEMPLATES must be a positive number"
OUT=$2
command -v openssl >/dev/null || die "openssl not found"
mkdir -p "$OUT/ca" "$OUT/keys" "$OUT/der" "$OUT/work"
OUT=$(realpath "$OUT")
export OUT

cat >"$OUT/openssl.cnf" <<'CNF'
[ ca ]
default_ca = CA_default
[ CA_default ]
database        = $ENV::CSW/index.txt
serial          = $ENV::CSW/serial
new_certs_dir   = $ENV::CSW
policy          = policy_any
unique_subject  = no
email_in_dn     = no
default_md      = sha256
string_mask     = utf8only
[ policy_any ]
commonName      = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = certsweep bench leaf
[ v3_ca ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
CNF

genkey() { # type outfile
	local t=$1 f=$2
	[ -s "$f" ] && return 0
	case $t in
	rsa2048 | rsa3072 | rsa4096) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${t#rsa}" -out "$f.$$" 2>/dev/null ;;
	p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$f.$$" 2>/dev/null ;;
	p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$f.$$" 2>/dev/null ;;
	*) die "unknown key type $t" ;;
	esac
	mv "$f.$$" "$f"
}
export -f genkey die

# Issuers: id name key type. Distinct keys per issuer, so issuer key hashes and
# signature sizes differ the way a real CA's history does.
ISSUERS="201 dv rsa2048 DV-R1
202 ov rsa3072 OV-R2
203 ev rsa4096 EV-R3
204 dv p256 DV-E1
205 ov p384 OV-E2
206 ev p384 EV-E3"
# Leaf key pool: mostly RSA 2048 and P-256, as the Web PKI is.
POOL="rsa2048 rsa2048 rsa2048 rsa2048 rsa2048 rsa2048 rsa3072 rsa3072 rsa3072 rsa4096 rsa4096 p256 p256 p256 p256 p256 p256 p384 p384 p384"
[ "$N" -lt 100 ] && POOL="rsa2048 rsa3072 rsa4096 p256 p384" # smoke runs: one key of each type

i=0
for t in $POOL; do
	printf '%s %s\n' "$t" "$OUT/keys/leaf$i.key"
	i=$((i + 1))
done >"$OUT/keys.list"
while read -r id _ t _; do printf '%s %s\n' "$t" "$OUT/ca/$id.key"; done <<<"$ISSUERS" >>"$OUT/keys.list"
xargs -P "$(nproc)" -L 1 bash -c 'genkey "$0" "$1"' <"$OUT/keys.list"
NLEAF=$i

: >"$OUT/ca.sql"
while read -r id kind t label; do
	subj="/C=US/O=certsweep Bench/CN=certsweep Bench $label"
	if [ ! -s "$OUT/ca/$id.pem" ]; then
		CSW=$OUT/work openssl req -x509 -new -key "$OUT/ca/$id.key" -sha256 -out "$OUT/ca/$id.pem" \
			-subj "$subj" -days 9000 -set_serial "$id" -config "$OUT/openssl.cnf" -extensions v3_ca 2>/dev/null ||
			die "cannot make issuer $id"
	fi
	name=$(openssl x509 -in "$OUT/ca/$id.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
	pk=$(openssl x509 -in "$OUT/ca/$id.pem" -noout -pubkey | openssl pkey -pubin -outform DER | od -An -v -tx1 | tr -d ' \n')
	echo "INSERT INTO ca (id, name, public_key) VALUES ($id, '$name', '\\x$pk');" >>"$OUT/ca.sql"
	printf '%s\t%s\t%s\n' "$id" "$kind" "$t"
done <<<"$ISSUERS" >"$OUT/issuers.tsv"

# One CSR per pool key (openssl ca takes a CSR; -subj replaces its subject).
for ((k = 0; k < NLEAF; k++)); do
	[ -s "$OUT/keys/leaf$k.csr" ] || CSW=$OUT/work openssl req -new -key "$OUT/keys/leaf$k.key" -out "$OUT/keys/leaf$k.csr" \
		-config "$OUT/openssl.cnf" 2>/dev/null
done

# The template spec, one line per serial:
#   key|issuer|serial|notBefore|notAfter|kind|subject|sans|policy|leafkey|sct_list_hex
awk -v n="$N" -v nleaf="$NLEAF" -v issuers="$OUT/issuers.tsv" '
function hex(nbytes,   s, j) { s = ""; for (j = 0; j < nbytes; j++) s = s sprintf("%02x", int(rand() * 256)); return s }
function hex16(v) { return sprintf("%04x", v) }
# awk printf %x is 32-bit in mawk: four 16-bit pieces
function u64(v,   s, k, p) { s = ""; for (k = 0; k < 4; k++) { p = v % 65536; s = hex16(p) s; v = (v - p) / 65536 }; return s }
# an ECDSA-Sig-Value with 32-octet r and s (high bit clear: no padding octet)
function ecdsa_sig(   r, s) {
	r = sprintf("%02x", int(rand() * 128)) hex(31); s = sprintf("%02x", int(rand() * 128)) hex(31)
	return "3044" "0220" r "0220" s
}
# RFC 6962 3.2: SignedCertificateTimestamp, TLS-encoded: version v1(0), LogID
# (32 octets), uint64 timestamp (ms), opaque extensions<0..2^16-1> (empty),
# digitally-signed struct: hash sha256(4), signature ecdsa(3), opaque
# signature<0..2^16-1>. The list is opaque SerializedSCT<1..2^16-1> items
# prefixed by the total length (3.3).
function sct(logid, ms,   body) {
	body = "00" logid u64(ms) "0000" "04" "03" hex16(70) ecdsa_sig()
	return hex16(length(body) / 2) body
}
function sct_list(ms,   k, nsct, list, used, li) {
	nsct = 2 + (rand() < 0.3); list = ""; split("", used)
	for (k = 0; k < nsct; k++) {
		do li = 1 + int(rand() * nlogs); while (li in used)
		used[li] = 1
		list = list sct(logs[li], ms + int(rand() * 2000))
	}
	return hex16(length(list) / 2) list
}
function days_from_civil(y, m, d,   era, yoe, doy, doe) {
	y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function civil(z,   era, doe, yoe, y, doy, mp, d, m) { # -> "YYYYMMDD"
	z += 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9); y += (m <= 2)
	return sprintf("%04d%02d%02d", y, m, d)
}
BEGIN {
	srand(20261130)
	while ((getline line < issuers) > 0) { split(line, f, "\t"); ni++; iss_id[ni] = f[1]; iss_kind[ni] = f[2] }
	nlogs = 6; for (k = 1; k <= nlogs; k++) logs[k] = hex(32)
	split("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega", words, " ")
	split("US DE JP GB FR CH NL CA AU ES", cc, " ")
	split("com de co.jp co.uk fr ch nl ca com.au es", tld, " ")
	split("California Bayern Tokyo London Ile-de-France Zurich Noord-Holland Ontario Victoria Madrid", st, " ")
	split("San Francisco|Munich|Chiyoda|London|Paris|Zurich|Amsterdam|Toronto|Melbourne|Madrid", loc, "|")
	d2012 = days_from_civil(2012, 1, 1); d2026 = days_from_civil(2026, 11, 1)
	for (i = 1; i <= n; i++) {
		day = d2012 + int(rand() * (d2026 - d2012))
		# the longest validity allowed at issuance (BR 6.3.2 history), sometimes shorter
		# (a day under each limit: the BRs count notAfter - notBefore + 1 s)
		if (day < days_from_civil(2015, 4, 1)) maxd = 60 * 30
		else if (day < days_from_civil(2018, 3, 1)) maxd = 39 * 30
		else if (day < days_from_civil(2020, 9, 1)) maxd = 824
		else if (day < days_from_civil(2026, 3, 15)) maxd = 397
		else maxd = 199
		vd = (rand() < 0.6) ? maxd : (rand() < 0.5 ? 90 : int(maxd / 2))
		if (rand() < 0.03) vd = maxd + 31 # planted: over the validity limit
		secs = int(rand() * 86400)
		hms = sprintf("%02d%02d%02d", int(secs / 3600), int(secs / 60) % 60, secs % 60)
		nb = civil(day) hms "Z"; na = civil(day + vd) hms "Z"
		is = 1 + int(rand() * ni); ca = iss_id[is]; kind = iss_kind[is]
		c = 1 + int(rand() * 10)
		w = words[1 + int(rand() * 24)] i; dom = w "-bench." tld[c]
		# 1-100 SANs: 85% 1-3, 12% 4-20, 3% 21-100 (mean ~5): mostly small
		# certificates with a tail of multi-domain ones (an assumption, not a measurement)
		r = rand()
		nsan = (r < 0.85) ? 1 + int(rand() * 3) : (r < 0.97 ? 4 + int(rand() * 17) : 21 + int(rand() * 80))
		sans = "www." dom "," dom
		if (nsan == 1) sans = "www." dom
		for (k = 3; k <= nsan; k++) sans = sans "," words[1 + int(rand() * 24)] k "." dom
		if (kind == "dv") { subj = "/CN=www." dom; pol = "2.23.140.1.2.1" }
		else if (kind == "ov") {
			if (rand() < 0.05) { c = 3; st[0] = "Tokyo, C=JP" } else st[0] = st[c] # planted: SECOM-shaped
			subj = "/C=" cc[c] "/ST=" st[0] "/L=" loc[c] "/O=" w " Ltd/CN=www." dom; pol = "2.23.140.1.2.2"
		} else {
			# planted: Swiss cantonal registration declared at locality level (SwissSign-shaped)
			joi = (rand() < 0.15) ? "/jurisdictionST=Zurich/jurisdictionL=Zurich" : ""
			if (joi != "") c = 6
			subj = "/jurisdictionC=" cc[c] joi "/businessCategory=Private Organization/serialNumber=" 100000 + i \
				"/C=" cc[c] "/ST=" st[c] "/L=" loc[c] "/O=" w " AG/CN=www." dom; pol = "2.23.140.1.1"
		}
		serial = sprintf("%02x", 16 + int(rand() * 96)) hex(15)
		r = rand()
		form = (r < 0.75) ? "pair" : (r < 0.85 ? "precert" : "final")
		if (day < days_from_civil(2015, 1, 1)) form = "final" # before CT logging was common
		ms = (day * 86400 + secs) * 1000
		printf "t%05d|%s|%s|%s|%s|%s|%s|%s|%s|%d|%s\n", i, ca, serial, nb, na, form, subj, sans, pol, \
			int(rand() * nleaf), sct_list(ms - 60000)
	}
}' >"$OUT/spec.txt"

issue_one() {
	local line=$1 key ca serial nb na form subj sans pol leaf scts
	IFS='|' read -r key ca serial nb na form subj sans pol leaf scts <<<"$line"
	local w="$OUT/work/$key"
	mkdir -p "$w"
	local common="basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://ocsp.bench.certsweep.test/,caIssuers;URI:http://ca.bench.certsweep.test/$ca.crt
crlDistributionPoints = URI:http://crl.bench.certsweep.test/$ca.crl
subjectAltName = DNS:${sans//,/,DNS:}
certificatePolicies = $pol,1.3.6.1.4.1.99999.$ca.1"
	{
		printf '[ precert ]\n%s\n1.3.6.1.4.1.11129.2.4.3 = critical,ASN1:NULL\n' "$common"
		printf '[ final ]\n%s\n1.3.6.1.4.1.11129.2.4.2 = ASN1:FORMAT:HEX,OCTETSTRING:%s\n' "$common" "$scts"
	} >"$w/ext.cnf"
	issue() { # section outfile
		: >"$w/index.txt"
		printf '%s\n' "$serial" >"$w/serial"
		CSW=$w openssl ca -batch -notext -preserveDN -config "$OUT/openssl.cnf" \
			-cert "$OUT/ca/$ca.pem" -keyfile "$OUT/ca/$ca.key" -in "$OUT/keys/leaf$leaf.csr" \
			-subj "$subj" -startdate "$nb" -enddate "$na" -extfile "$w/ext.cnf" -extensions "$1" \
			-out "$w/out.pem" 2>"$w/err.log" || { cat "$w/err.log" >&2; exit 1; }
		# PEM to DER without another openssl start-up
		sed '/^-----/d' "$w/out.pem" | base64 -d >"$2.tmp"
		mv "$2.tmp" "$2"
	}
	case $form in
	pair) issue precert "$OUT/der/$key.pre.der"; issue final "$OUT/der/$key.der" ;;
	precert) issue precert "$OUT/der/$key.pre.der" ;;
	final) issue final "$OUT/der/$key.der" ;;
	esac
	rm -rf "$w"
}
export -f issue_one

# Resumable: lines already issued are skipped.
while IFS= read -r line; do
	key=${line%%|*}
	[ -s "$OUT/der/$key.der" ] || [ -s "$OUT/der/$key.pre.der" ] || printf '%s\0' "$line"
done <"$OUT/spec.txt" | xargs -0 -r -P "$(nproc)" -n 1 bash -c 'issue_one "$0"'

# Manifest in spec order; a pair's precertificate first, as CT logging goes.
declare -A sha
while read -r h f; do sha[${f#*der/}]=$h; done < <(cd "$OUT" && find der -name '*.der' -print0 | xargs -0 sha256sum)
id=0
while IFS='|' read -r key ca _ _ _ form _; do
	for f in "$key.pre.der" "$key.der"; do
		[ -n "${sha[$f]:-}" ] || continue
		id=$((id + 1))
		k=final; [[ $f == *.pre.der ]] && k=precert
		printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$ca" "$key" "$k" "${sha[$f]}"
	done
done <"$OUT/spec.txt" >"$OUT/certs.tsv.tmp"
mv "$OUT/certs.tsv.tmp" "$OUT/certs.tsv"
rm -rf "$OUT/work"
echo "bench-corpus: $id certificates from $N templates in $OUT" >&2
