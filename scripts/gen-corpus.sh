#!/usr/bin/env bash
# Generate certificates with the openssl CLI from a spec file, and the SQL
# that loads them into the crt.sh schema (queries/crtsh/schema.sql).
#
#   scripts/gen-corpus.sh SPEC OUTDIR
#
# SPEC lines (| separated, '#' comments):
#   key|ca|serial_hex|notBefore|notAfter|kind|subject|dns_names|policy|revoked_at|reason
#   ca:        ov | ev | dv            (CA ids 101, 102, 103 in the crt.sh tables)
#   notBefore: YYYYMMDDHHMMSSZ         kind: pair | precert | final | garbage
#   subject:   openssl -subj form, e.g. /C=JP/ST=Tokyo, C=JP/O=Example/CN=www.example.jp
#   dns_names: comma separated         policy: dotted OID, or - for none
#   revoked_at: 'YYYY-MM-DD HH:MM:SS' or -     reason: reasonCode, 'null' (no reasonCode) or -
# OUTDIR receives ca/*.pem, der/KEY.pre.der and der/KEY.der, certs.tsv
# (id, ca_id, key, kind, sha256), load.sql (crt.sh schema), ejbca.sql and
# ejbca-old.sql (CertificateData rows; every third DER in Base64CertData for
# the new layout) and crl/CA.crl (PEM CRLs with the spec's revocations). Ids
# follow the spec order; a pair's precertificate gets the lower id, as CT
# logging usually goes.
set -euo pipefail

die() { echo "gen-corpus: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: gen-corpus.sh SPEC OUTDIR"
SPEC=$(realpath "$1")
OUT=$2
mkdir -p "$OUT/ca" "$OUT/der" "$OUT/work"
OUT=$(realpath "$OUT")
command -v openssl >/dev/null || die "openssl not found"
export CSW="$OUT/work" # the CA database dir; each issuance overrides it

ca_id() { case $1 in ov) echo 101 ;; ev) echo 102 ;; dv) echo 103 ;; *) die "unknown ca $1" ;; esac; }

cat >"$OUT/openssl-ca.cnf" <<'CNF'
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
[ policy_any ]
commonName      = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = certsweep leaf
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
CNF

# CAs and the leaf key (generated once; reused when OUTDIR already has them).
make_ca() {
	local name=$1 subj=$2
	[ -s "$OUT/ca/$name.pem" ] && return 0
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
		-keyout "$OUT/ca/$name.key" -out "$OUT/ca/$name.pem" -subj "$subj" -days 7300 \
		-set_serial 1 -config "$OUT/openssl-ca.cnf" -extensions v3_ca 2>/dev/null
}
make_ca ov "/C=JP/O=certsweep Test/CN=certsweep Test OV CA"
make_ca ev "/C=CH/O=certsweep Test/CN=certsweep Test EV CA"
make_ca dv "/C=US/O=certsweep Test/CN=certsweep Test DV CA"
if [ ! -s "$OUT/ca/leaf.csr" ]; then
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$OUT/ca/leaf.key" \
		-out "$OUT/ca/leaf.csr" -config "$OUT/openssl-ca.cnf" 2>/dev/null
fi

# Issue one spec line (runs in parallel, each in its own work dir).
issue_one() {
	local line=$1 key ca serial nb na kind subj dns policy rev reason
	IFS='|' read -r key ca serial nb na kind subj dns policy rev reason <<<"$line"
	local w="$OUT/work/$key"
	mkdir -p "$w"
	local ext="$w/ext.cnf" common san="" pol=""
	[ -n "$dns" ] && san="subjectAltName = DNS:${dns//,/,DNS:}"
	[ "$policy" != "-" ] && pol="certificatePolicies = $policy"
	common="basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://ocsp.certsweep.test/,caIssuers;URI:http://ca.certsweep.test/$ca.crt
crlDistributionPoints = URI:http://crl.certsweep.test/$ca.crl
$san
$pol"
	# openssl has no section inheritance: each section is written out in full.
	printf '[ precert ]\n%s\n1.3.6.1.4.1.11129.2.4.3 = critical,ASN1:NULL\n[ final ]\n%s\n1.3.6.1.4.1.11129.2.4.2 = ASN1:FORMAT:HEX,OCTETSTRING:00790077a1b2c3d4\n' \
		"$common" "$common" >"$ext"
	issue() { # section outfile
		: >"$w/index.txt"
		printf '%s\n' "$serial" >"$w/serial"
		CSW=$w openssl ca -batch -notext -preserveDN -config "$OUT/openssl-ca.cnf" \
			-cert "$OUT/ca/$ca.pem" -keyfile "$OUT/ca/$ca.key" -in "$OUT/ca/leaf.csr" \
			-subj "$subj" -startdate "$nb" -enddate "$na" -extfile "$ext" -extensions "$1" \
			-out "$w/out.pem" 2>"$w/err.log" || { cat "$w/err.log" >&2; exit 1; }
		openssl x509 -in "$w/out.pem" -outform DER -out "$2"
	}
	case $kind in
	pair) issue precert "$OUT/der/$key.pre.der"; issue final "$OUT/der/$key.der" ;;
	precert) issue precert "$OUT/der/$key.pre.der" ;;
	final) issue final "$OUT/der/$key.der" ;;
	garbage) # a real certificate cut short: malformed DER
		issue final "$w/full.der"; head -c 200 "$w/full.der" >"$OUT/der/$key.der" ;;
	*) die "unknown kind $kind" ;;
	esac
	rm -rf "$w"
}
export -f issue_one die
export OUT

grep -v '^[[:space:]]*#' "$SPEC" | grep -v '^[[:space:]]*$' >"$OUT/spec.clean"
# Skip lines already issued (re-runs of the demo reuse the corpus).
while IFS= read -r line; do
	key=${line%%|*}
	[ -s "$OUT/der/$key.der" ] || [ -s "$OUT/der/$key.pre.der" ] || printf '%s\0' "$line"
done <"$OUT/spec.clean" | xargs -0 -r -P "$(nproc)" -n 1 bash -c 'issue_one "$0"'

# Ids, manifest and SQL, in spec order.
hexof() { od -An -v -tx1 "$1" | tr -d ' \n'; }
# hex -> decimal for EJBCA's serialnumber column (arbitrary length, no bc needed)
hex2dec() {
	local hex=${1^^} digits=(0) i j carry v d
	for ((i = 0; i < ${#hex}; i++)); do
		d=$((16#${hex:i:1})); carry=$d
		for ((j = 0; j < ${#digits[@]}; j++)); do
			v=$((digits[j] * 16 + carry)); digits[j]=$((v % 10)); carry=$((v / 10))
		done
		while ((carry)); do digits+=($((carry % 10))); carry=$((carry / 10)); done
	done
	local out=""
	for ((j = ${#digits[@]} - 1; j >= 0; j--)); do out+=${digits[j]}; done
	echo "$out"
}
epoch_of() { # YYYYMMDDHHMMSSZ -> seconds
	date -u -d "${1:0:4}-${1:4:2}-${1:6:2} ${1:8:2}:${1:10:2}:${1:12:2}" +%s
}
reason_name() {
	case $1 in 0) echo unspecified ;; 1) echo keyCompromise ;; 2) echo CACompromise ;; 3) echo affiliationChanged ;;
	4) echo superseded ;; 5) echo cessationOfOperation ;; 6) echo certificateHold ;; 8) echo removeFromCRL ;; *) echo unspecified ;; esac
}
mkdir -p "$OUT/crl"
for ca in ov ev dv; do mkdir -p "$OUT/crlwork/$ca"; : >"$OUT/crlwork/$ca/index.txt"; done
echo "BEGIN;" >"$OUT/ejbca.sql"
echo "BEGIN;" >"$OUT/ejbca-old.sql"
nrow=0
{
	echo "BEGIN;"
	for ca in ov ev dv; do
		echo "INSERT INTO ca (id, name, public_key) VALUES ($(ca_id $ca), '$(openssl x509 -in "$OUT/ca/$ca.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')', '\\x$(openssl x509 -in "$OUT/ca/$ca.pem" -noout -pubkey | openssl pkey -pubin -outform DER | od -An -v -tx1 | tr -d ' \n')');"
	done
} >"$OUT/load.sql"
: >"$OUT/certs.tsv"
id=0
while IFS='|' read -r key ca serial nb na kind subj dns policy rev reason; do
	cid=$(ca_id "$ca")
	for f in "$OUT/der/$key.pre.der" "$OUT/der/$key.der"; do
		[ -s "$f" ] || continue
		id=$((id + 1))
		pre=final; [[ $f == *.pre.der ]] && pre=precert
		[ "$kind" = garbage ] && pre=garbage
		sha=$(sha256sum "$f" | cut -d' ' -f1)
		printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$cid" "$key" "$pre" "$sha" >>"$OUT/certs.tsv"
		echo "INSERT INTO certificate (id, issuer_ca_id, certificate) VALUES ($id, $cid, '\\x$(hexof "$f")');" >>"$OUT/load.sql"
		# EJBCA: status 40 revoked (date in ms, reason; "no reasonCode" is stored as 0), else 20 active
		fp=$(sha1sum "$f" | cut -d' ' -f1)
		b64=$(base64 -w0 "$f")
		status=20 revms=-1 rreason=-1
		if [ "$rev" != "-" ]; then
			status=40 revms=$(( $(date -u -d "$rev" +%s) * 1000 ))
			rreason=$reason; [ "$rreason" = null ] && rreason=0
		fi
		exp_ms=$(( $(epoch_of "$na") * 1000 ))
		nb_ms=$(( $(epoch_of "$nb") * 1000 ))
		sdec=$(hex2dec "$serial")
		sq=${subj//\'/\'\'}
		nrow=$((nrow + 1))
		if [ $((nrow % 3)) = 0 ]; then
			echo "INSERT INTO base64certdata (fingerprint, base64cert, rowversion) VALUES ('$fp', '$b64', 0);" >>"$OUT/ejbca.sql"
			b64new=NULL
		else
			b64new="'$b64'"
		fi
		echo "INSERT INTO certificatedata (fingerprint, base64cert, cafingerprint, expiredate, notbefore, issuerdn, subjectdn, subjectaltname, serialnumber, status, type, revocationdate, revocationreason, updatetime, username) VALUES ('$fp', $b64new, '$ca', $exp_ms, $nb_ms, '$ca', '$sq', '${dns}', '$sdec', $status, 1, $revms, $rreason, $nb_ms, '$key');" >>"$OUT/ejbca.sql"
		echo "INSERT INTO certificatedata (fingerprint, base64cert, cafingerprint, expiredate, issuerdn, subjectdn, serialnumber, status, type, revocationdate, revocationreason, updatetime, username) VALUES ('$fp', '$b64', '$ca', $exp_ms, '$ca', '$sq', '$sdec', $status, 1, $revms, $rreason, $nb_ms, '$key');" >>"$OUT/ejbca-old.sql"
	done
	if [ "$rev" != "-" ]; then
		r=$reason; [ "$r" = null ] && r=NULL
		# serial_number holds the INTEGER content octets (a leading 00 kept when DER has one)
		s=$(echo "$serial" | tr 'A-F' 'a-f'); [ $(( ${#s} % 2 )) = 1 ] && s="0$s"
		case $s in [89a-f]*) s="00$s" ;; esac
		echo "INSERT INTO crl_revoked (ca_id, serial_number, reason_code, revocation_date, last_seen_check_date) VALUES ($cid, '\\x$s', $r, '$rev', '$rev');" >>"$OUT/load.sql"
		# openssl ca's database: R, expiry, revocation date[,reason], serial; no reason = no reasonCode
		rd=$(date -u -d "$rev" +%y%m%d%H%M%SZ)
		[ "$reason" != null ] && rd="$rd,$(reason_name "$reason")"
		printf 'R\t%s\t%s\t%s\tunknown\t%s\n' "${na:2}" "$rd" "${s^^}" "/CN=$key" >>"$OUT/crlwork/$ca/index.txt"
	fi
done <"$OUT/spec.clean"
echo "SELECT setval('certificate_id_seq', $id);" >>"$OUT/load.sql"
echo "COMMIT;" >>"$OUT/load.sql"
echo "COMMIT;" >>"$OUT/ejbca.sql"
echo "COMMIT;" >>"$OUT/ejbca-old.sql"
for ca in ov ev dv; do
	sort -t$'\t' -k4 "$OUT/crlwork/$ca/index.txt" -o "$OUT/crlwork/$ca/index.txt"
	CSW="$OUT/crlwork/$ca" openssl ca -gencrl -batch -config "$OUT/openssl-ca.cnf" -cert "$OUT/ca/$ca.pem" \
		-keyfile "$OUT/ca/$ca.key" -crldays 30 -out "$OUT/crl/$ca.crl" 2>"$OUT/crlwork/err.log" ||
		{ cat "$OUT/crlwork/err.log" >&2; exit 1; }
done
rm -rf "$OUT/crlwork"
echo "gen-corpus: $id certificate rows in $OUT" >&2
