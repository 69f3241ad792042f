#!/usr/bin/env bash
# Generate certificates with the openssl CLI from a spec file, and the SQL
# that loads them into the crt.sh schema (queries/crtsh/schema.sql).
#
#   scripts/gen-corpus.sh SPEC OUTDIR
#
# SPEC lines (| separated, '#' comments):
#   key|ca|serial_hex|notBefore|notAfter|kind|subject|dns_names|policy|revoked_at|reason
#   ca:        ov | ev | dv | dv2      (CA ids 101, 102, 103, 104 in the crt.sh tables; dv2 is the DV
#                                       CA re-keyed: the same name, another key)
#   notBefore: YYYYMMDDHHMMSSZ         kind: pair | precert | final | garbage | cacert
#   cacert:    a certificate of the CA itself (its name, key and SKI, self-issued, basicConstraints
#              cA) with the line's serial and validity, loaded with its ca_certificate row; the
#              subject, dns_names, policy and options columns are ignored. Without such a line no
#              CA certificate is in the corpus (the CAs' own are made with today's validity).
#   subject:   openssl -subj form, e.g. /C=JP/ST=Tokyo, C=JP/O=Example/CN=www.example.jp
#   dns_names: comma separated         policy: dotted OID, or - for none
#   revoked_at: 'YYYY-MM-DD HH:MM:SS' or -     reason: reasonCode, 'null' (no reasonCode) or -
#   options (optional 12th column, '~' separated):
#     key=rsa2048|rsa2047|rsa1024|rsa-e3|p384|p521|secp256k1|ed25519   (default P-256)
#     md=sha1|sha384|sha512   noext=bc,ku,eku,skid,akid,aia,crldp,san,pol   ext=OPENSSL EXT LINE
#     mask=default|utf8only|pkix (string_mask)   mvrdn (-multivalue-rdn)   v1 (no extensions)
#     poison=noncrit|notnull   precert_sct (SCT list in the precertificate too)
#     tbs=N:FROM>TO  replace hex FROM with TO inside the Nth TBSCertificate field (same length)
#     tbs=N:HEX   replace the Nth TBSCertificate field (0 version, 1 serial, 2 signature,
#                 3 issuer, 4 validity, 5 subject, 6 spki, 7 extensions) with the DER given,
#                 for defects the openssl CLI will not produce; lengths are recomputed and the
#                 signature is left as it was (certsweep does not verify signatures)
#     cert=N:HEX  the same for the Certificate's fields (1 signatureAlgorithm)
#     trail=HEX   append these bytes after the Certificate (trailing data OpenSSL ignores)
#     uid         insert an issuerUniqueID [1] before the extensions (RFC 5280 4.1.2.8 forbids it)
#     psc         the precertificate is signed by a Precertificate Signing Certificate
#                 (RFC 6962 3.1: EKU 1.3.6.1.4.1.11129.2.4.4) that the line's CA issued; it is
#                 written to der/0psc-CA.der and loaded as CA id 200+ with its ca_certificate row
#     scts=N:SECS the SCT list: N SCTs (distinct log IDs, empty signatures) stamped notBefore +
#                 SECS; default 3:0. scts=bad writes a list whose length does not add up
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
export CSW="$OUT/work" CSMASK=utf8only # the CA database dir and string mask; issuance overrides them

ca_id() { case $1 in ov) echo 101 ;; ev) echo 102 ;; dv) echo 103 ;; dv2) echo 104 ;; *) die "unknown ca $1" ;; esac; }

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
string_mask     = $ENV::CSMASK
[ policy_any ]
commonName      = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = certsweep leaf
[ crl_akid ]
authorityKeyIdentifier = keyid:always
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
if grep -q '^[^#|]*|dv2|' "$SPEC"; then make_ca dv2 "/C=US/O=certsweep Test/CN=certsweep Test DV CA"; fi

# A Precertificate Signing Certificate of CA $1 (made once, under a lock:
# issue_one runs in parallel); prints its name under ca/.
make_psc() {
	local ca=$1 name="$1-psc"
	(
		flock 9
		if [ ! -s "$OUT/ca/$name.pem" ]; then
			local w="$OUT/work/_$name" subj
			mkdir -p "$w"
			case $ca in
			ov) subj="/C=JP/O=certsweep Test/CN=certsweep Test OV Precertificate Signing" ;;
			ev) subj="/C=CH/O=certsweep Test/CN=certsweep Test EV Precertificate Signing" ;;
			*) subj="/C=US/O=certsweep Test/CN=certsweep Test DV Precertificate Signing" ;;
			esac
			printf '%s\n' "[ psc ]" "basicConstraints = critical,CA:TRUE,pathlen:0" \
				"keyUsage = critical,digitalSignature" "extendedKeyUsage = 1.3.6.1.4.1.11129.2.4.4" \
				"subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid" >"$w/ext.cnf"
			openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$w/key" \
				-out "$w/csr" -config "$OUT/openssl-ca.cnf" 2>/dev/null
			: >"$w/index.txt"
			echo 7001 >"$w/serial"
			CSW=$w openssl ca -batch -notext -config "$OUT/openssl-ca.cnf" -cert "$OUT/ca/$ca.pem" \
				-keyfile "$OUT/ca/$ca.key" -in "$w/csr" -subj "$subj" -preserveDN \
				-days 3650 -startdate 20240101000000Z -extfile "$w/ext.cnf" -extensions psc -out "$w/out.pem" \
				2>"$w/err.log" || { cat "$w/err.log" >&2; exit 1; }
			mv "$w/key" "$OUT/ca/$name.key"
			openssl x509 -in "$w/out.pem" -out "$OUT/ca/$name.pem.tmp"
			mv "$OUT/ca/$name.pem.tmp" "$OUT/ca/$name.pem"
			rm -rf "$w"
		fi
	) 9>"$OUT/ca/$name.lock" || exit 1
	echo "$name"
}

# DER surgery on hex strings, for the tbs=/cert= options.
der_children() { # concatenated TLVs (hex) -> one TLV per line
	local h=$1 pos=0 n=${#1} lb k len hl
	while ((pos < n)); do
		lb=$((16#${h:pos+2:2}))
		if ((lb < 128)); then len=$lb hl=4; else k=$((lb & 127)) len=$((16#${h:pos+4:k*2})) hl=$((4 + k * 2)); fi
		echo "${h:pos:hl+len*2}"
		pos=$((pos + hl + len * 2))
	done
}
der_content() { # TLV hex -> its contents
	local lb=$((16#${1:2:2}))
	if ((lb < 128)); then echo "${1:4}"; else echo "${1:4+(lb & 127)*2}"; fi
}
der_wrap() { # tag contents -> TLV
	local n=$((${#2} / 2)) l
	if ((n < 128)); then l=$(printf '%02x' $n); elif ((n < 256)); then l=$(printf '81%02x' $n); else l=$(printf '82%04x' $n); fi
	echo "$1$l$2"
}
# replace_fields TLV "N:HEX N:HEX..." -> TLV with those children replaced
replace_fields() {
	local tlv=$1 spec=$2 out="" i=0 child r
	while read -r child; do
		for r in $spec; do
			[ "${r%%:*}" = "$i" ] || continue
			r=${r#*:}
			if [[ $r == *">"* ]]; then
				[[ $child == *"${r%%>*}"* ]] || die "pattern ${r%%>*} not in field $i"
				child=${child/"${r%%>*}"/"${r#*>}"}
			else
				child=$r
			fi
		done
		out+=$child
		i=$((i + 1))
	done < <(der_children "$(der_content "$tlv")")
	der_wrap "${tlv:0:2}" "$out"
}
hex_to_file() { # hex file
	local h=$1 esc="" i
	for ((i = 0; i < ${#h}; i += 2)); do esc+="\\x${h:i:2}"; done
	printf '%b' "$esc" >"$2"
}

leaf_csr() { # key type -> CSR path (made once per corpus)
	local kt=${1:-p256} csr="$OUT/ca/leaf-${1:-p256}.csr"
	# issue_one runs in parallel: without the lock two jobs could each make
	# a key, and a pair's precertificate and final certificate would then
	# carry different keys (seen as a 1-in-20 false mismatch)
	(
		flock 9
		[ -s "$csr" ] || leaf_csr_make "$kt" "$csr"
	) 9>"$csr.lock"
	echo "$csr"
}
leaf_csr_make() { # key type, CSR path
	local kt=$1 csr=$2 gen
	case $kt in
	p256) gen="-newkey ec -pkeyopt ec_paramgen_curve:P-256" ;;
	p384) gen="-newkey ec -pkeyopt ec_paramgen_curve:P-384" ;;
	p521) gen="-newkey ec -pkeyopt ec_paramgen_curve:P-521" ;;
	secp256k1) gen="-newkey ec -pkeyopt ec_paramgen_curve:secp256k1" ;;
	rsa2048) gen="-newkey rsa:2048" ;;
	rsa2047) gen="-newkey rsa:2047" ;;
	rsa1024) gen="-newkey rsa:1024" ;;
	rsa-e3) gen="-newkey rsa:2048 -pkeyopt rsa_keygen_pubexp:3" ;;
	ed25519) gen="-newkey ed25519" ;;
	*) die "unknown key type $kt" ;;
	esac
	# shellcheck disable=SC2086
	openssl req -new $gen -nodes -keyout "$csr.key.$$" -out "$csr.$$" -config "$OUT/openssl-ca.cnf" 2>/dev/null
	mv "$csr.$$" "$csr"
	rm -f "$csr.key.$$"
}

# Issue one spec line (runs in parallel, each in its own work dir).
issue_one() {
	local line=$1 key ca serial nb na kind subj dns policy rev reason opts
	IFS='|' read -r key ca serial nb na kind subj dns policy rev reason opts <<<"$line"
	local w="$OUT/work/$key"
	mkdir -p "$w"
	local ext="$w/ext.cnf" common="" san="" pol="" o keytype=p256 md=sha256 noext="" extra="" mask=utf8only
	local mvrdn="" v1=0 poison="critical,ASN1:NULL" precert_sct=0 tbs_edit="" cert_edit="" dupext=0 trail="" uid=0 scts=3:0 psc=0
	local IFS_OLD=$IFS
	IFS='~'
	for o in $opts; do
		case $o in
		key=*) keytype=${o#key=} ;;
		md=*) md=${o#md=} ;;
		noext=*) noext=",${o#noext=}," ;;
		ext=*) extra+="${o#ext=}"$'\n' ;;
		mask=*) mask=${o#mask=} ;;
		mvrdn) mvrdn=-multivalue-rdn ;;
		v1) v1=1 ;;
		poison=noncrit) poison="ASN1:NULL" ;;
		poison=notnull) poison="critical,ASN1:BOOLEAN:TRUE" ;;
		precert_sct) precert_sct=1 ;;
		dupext) dupext=1 ;;
		uid) uid=1 ;;
		psc) psc=1 ;;
		scts=*) scts=${o#scts=} ;;
		tbs=*) tbs_edit+="${o#tbs=} " ;;
		cert=*) cert_edit+="${o#cert=} " ;;
		trail=*) trail+=${o#trail=} ;;
		"") ;;
		*) IFS=$IFS_OLD; die "$key: unknown option $o" ;;
		esac
	done
	IFS=$IFS_OLD
	has() { [[ $noext != *",$1,"* ]]; }
	[ -n "$dns" ] && has san && san="subjectAltName = DNS:${dns//,/,DNS:}"
	[ "$policy" != "-" ] && has pol && pol="certificatePolicies = $policy"
	has bc && common+="basicConstraints = critical,CA:FALSE"$'\n'
	has ku && common+="keyUsage = critical,digitalSignature"$'\n'
	has eku && common+="extendedKeyUsage = serverAuth"$'\n'
	# OpenSSL 3 adds both key identifiers unless told "none"
	if has skid; then common+="subjectKeyIdentifier = hash"$'\n'; else common+="subjectKeyIdentifier = none"$'\n'; fi
	if has akid; then common+="authorityKeyIdentifier = keyid"$'\n'; else common+="authorityKeyIdentifier = none"$'\n'; fi
	has aia && common+="authorityInfoAccess = OCSP;URI:http://ocsp.certsweep.test/,caIssuers;URI:http://ca.certsweep.test/$ca.crt"$'\n'
	has crldp && common+="crlDistributionPoints = URI:http://crl.certsweep.test/$ca.crl"$'\n'
	common+="$san"$'\n'"$pol"$'\n'"$extra"
	local sct="1.3.6.1.4.1.11129.2.4.2 = ASN1:FORMAT:HEX,OCTETSTRING:00790077a1b2c3d4"
	if [ "$scts" != bad ]; then
		local n_sct=${scts%%:*} ts list="" i
		ts=$(( ($(date -u -d "${nb:0:4}-${nb:4:2}-${nb:6:2} ${nb:8:2}:${nb:10:2}:${nb:12:2}" +%s) + ${scts#*:}) * 1000 ))
		for ((i = 1; i <= n_sct; i++)); do
			list+="002f00$(printf '%02x' "$i")$(printf '%062d' 0)$(printf '%016x' "$ts")000004030000"
		done
		sct="1.3.6.1.4.1.11129.2.4.2 = ASN1:FORMAT:HEX,OCTETSTRING:$(printf '%04x' $((${#list} / 2)))$list"
	fi
	# openssl has no section inheritance: each section is written out in full.
	{
		printf '[ precert ]\n%s\n1.3.6.1.4.1.11129.2.4.3 = %s\n' "$common" "$poison"
		[ $precert_sct = 1 ] && echo "$sct"
		printf '[ final ]\n%s\n%s\n' "$common" "$sct"
	} >"$ext"
	local csr
	csr=$(leaf_csr "$keytype")
	issue() { # section outfile
		local extargs=(-extfile "$ext" -extensions "$1") signer=$ca
		[ $v1 = 1 ] && extargs=()
		[ $psc = 1 ] && [ "$1" = precert ] && signer=$(make_psc "$ca")
		: >"$w/index.txt"
		printf '%s\n' "$serial" >"$w/serial"
		CSW=$w CSMASK=$mask openssl ca -batch -notext -preserveDN $mvrdn -config "$OUT/openssl-ca.cnf" \
			-cert "$OUT/ca/$signer.pem" -keyfile "$OUT/ca/$signer.key" -in "$csr" -md "$md" \
			-subj "$subj" -startdate "$nb" -enddate "$na" "${extargs[@]}" \
			-out "$w/out.pem" 2>"$w/err.log" || { cat "$w/err.log" >&2; exit 1; }
		openssl x509 -in "$w/out.pem" -outform DER -out "$2"
		if [ -n "$tbs_edit$cert_edit" ] || [ $dupext = 1 ] || [ $uid = 1 ]; then
			local h tbs parts fields exts
			h=$(od -An -v -tx1 "$2" | tr -d ' \n')
			mapfile -t parts < <(der_children "$(der_content "$h")")
			tbs=${parts[0]}
			if [ $dupext = 1 ]; then
				# the last extension twice: [3] { SEQUENCE { ..., last, last } }
				mapfile -t fields < <(der_children "$(der_content "$tbs")")
				mapfile -t exts < <(der_children "$(der_content "$(der_content "${fields[7]}")")")
				fields[7]=$(der_wrap a3 "$(der_wrap 30 "$(printf '%s' "${exts[@]}")${exts[-1]}")")
				tbs=$(der_wrap 30 "$(printf '%s' "${fields[@]}")")
			fi
			if [ $uid = 1 ]; then
				mapfile -t fields < <(der_children "$(der_content "$tbs")")
				fields[7]="810200ab${fields[7]}"
				tbs=$(der_wrap 30 "$(printf '%s' "${fields[@]}")")
			fi
			[ -n "$tbs_edit" ] && tbs=$(replace_fields "$tbs" "$tbs_edit")
			h=$(der_wrap 30 "$tbs${parts[1]}${parts[2]}")
			[ -n "$cert_edit" ] && h=$(replace_fields "$h" "$cert_edit")
			hex_to_file "$h" "$2"
		fi
		if [ -n "$trail" ]; then
			hex_to_file "$trail" "$w/trail.bin"
			cat "$w/trail.bin" >>"$2"
		fi
	}
	case $kind in
	pair) issue precert "$OUT/der/$key.pre.der"; issue final "$OUT/der/$key.der" ;;
	precert) issue precert "$OUT/der/$key.pre.der" ;;
	final) issue final "$OUT/der/$key.der" ;;
	garbage) # a real certificate cut short: malformed DER
		issue final "$w/full.der"; head -c 200 "$w/full.der" >"$OUT/der/$key.der" ;;
	cacert) # another certificate of the line's CA itself (a renewal): its name and key, self-issued
		openssl x509 -in "$OUT/ca/$ca.pem" -x509toreq -signkey "$OUT/ca/$ca.key" -out "$w/ca.csr" 2>"$w/err.log" ||
			{ cat "$w/err.log" >&2; exit 1; }
		: >"$w/index.txt"
		printf '%s\n' "$serial" >"$w/serial"
		CSW=$w openssl ca -batch -notext -selfsign -preserveDN -config "$OUT/openssl-ca.cnf" \
			-keyfile "$OUT/ca/$ca.key" -in "$w/ca.csr" -startdate "$nb" -enddate "$na" -extensions v3_ca \
			-out "$w/out.pem" 2>"$w/err.log" || { cat "$w/err.log" >&2; exit 1; }
		openssl x509 -in "$w/out.pem" -outform DER -out "$OUT/der/$key.der" ;;
	*) die "unknown kind $kind" ;;
	esac
	rm -rf "$w"
}
export -f make_psc issue_one die der_children der_content der_wrap replace_fields hex_to_file leaf_csr leaf_csr_make
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
CAS="ov ev dv"; [ -s "$OUT/ca/dv2.pem" ] && CAS="$CAS dv2"
for ca in $CAS; do mkdir -p "$OUT/crlwork/$ca"; : >"$OUT/crlwork/$ca/index.txt"; done
echo "BEGIN;" >"$OUT/ejbca.sql"
echo "BEGIN;" >"$OUT/ejbca-old.sql"
nrow=0
{
	echo "BEGIN;"
	for ca in ov ev dv dv2; do
		[ -s "$OUT/ca/$ca.pem" ] || continue
		echo "INSERT INTO ca (id, name, public_key) VALUES ($(ca_id $ca), '$(openssl x509 -in "$OUT/ca/$ca.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')', '\\x$(openssl x509 -in "$OUT/ca/$ca.pem" -noout -pubkey | openssl pkey -pubin -outform DER | od -An -v -tx1 | tr -d ' \n')');"
	done
} >"$OUT/load.sql"
: >"$OUT/certs.tsv"
id=0
# Precertificate Signing Certificates: CA ids 201-203 (for 101-103), loaded
# before the certificates (their own rows come after the spec's).
for ca in ov ev dv; do
	[ -s "$OUT/ca/$ca-psc.pem" ] || continue
	echo "INSERT INTO ca (id, name, public_key) VALUES ($(( $(ca_id $ca) + 100 )), '$(openssl x509 -in "$OUT/ca/$ca-psc.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')', '\\x$(openssl x509 -in "$OUT/ca/$ca-psc.pem" -noout -pubkey | openssl pkey -pubin -outform DER | od -An -v -tx1 | tr -d ' \n')');" >>"$OUT/load.sql"
	openssl x509 -in "$OUT/ca/$ca-psc.pem" -outform DER -out "$OUT/der/0psc-$ca.der"
done
while IFS='|' read -r key ca serial nb na kind subj dns policy rev reason _opts; do
	cid=$(ca_id "$ca")
	for f in "$OUT/der/$key.pre.der" "$OUT/der/$key.der"; do
		[ -s "$f" ] || continue
		id=$((id + 1))
		pre=final; [[ $f == *.pre.der ]] && pre=precert
		[ "$kind" = garbage ] && pre=garbage
		sha=$(sha256sum "$f" | cut -d' ' -f1)
		printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$cid" "$key" "$pre" "$sha" >>"$OUT/certs.tsv"
		rowca=$cid
		[ $pre = precert ] && [[ "~$_opts~" == *"~psc~"* ]] && rowca=$((cid + 100))
		echo "INSERT INTO certificate (id, issuer_ca_id, certificate) VALUES ($id, $rowca, '\\x$(hexof "$f")');" >>"$OUT/load.sql"
		# a CA certificate (kind cacert) is the CA's own: crt.sh links it through ca_certificate
		[ "$kind" = cacert ] && echo "INSERT INTO ca_certificate (certificate_id, ca_id) VALUES ($id, $cid);" >>"$OUT/load.sql"
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
for ca in ov ev dv; do
	[ -s "$OUT/ca/$ca-psc.pem" ] || continue
	id=$((id + 1))
	echo "INSERT INTO certificate (id, issuer_ca_id, certificate) VALUES ($id, $(ca_id $ca), '\\x$(hexof "$OUT/der/0psc-$ca.der")');" >>"$OUT/load.sql"
	echo "INSERT INTO ca_certificate (certificate_id, ca_id) VALUES ($id, $(( $(ca_id $ca) + 100 )));" >>"$OUT/load.sql"
done
echo "SELECT setval('certificate_id_seq', $id);" >>"$OUT/load.sql"
echo "COMMIT;" >>"$OUT/load.sql"
echo "COMMIT;" >>"$OUT/ejbca.sql"
echo "COMMIT;" >>"$OUT/ejbca-old.sql"
for ca in $CAS; do
	sort -t$'\t' -k4 "$OUT/crlwork/$ca/index.txt" -o "$OUT/crlwork/$ca/index.txt"
	# with a re-keyed CA, the CRLs say which key signed them (AKI)
	crlexts=(); [ -s "$OUT/ca/dv2.pem" ] && crlexts=(-crlexts crl_akid)
	CSW="$OUT/crlwork/$ca" openssl ca -gencrl -batch -config "$OUT/openssl-ca.cnf" -cert "$OUT/ca/$ca.pem" \
		-keyfile "$OUT/ca/$ca.key" -crldays 30 "${crlexts[@]}" -out "$OUT/crl/$ca.crl" 2>"$OUT/crlwork/err.log" ||
		{ cat "$OUT/crlwork/err.log" >&2; exit 1; }
done
rm -rf "$OUT/crlwork"
echo "gen-corpus: $id certificate rows in $OUT" >&2
