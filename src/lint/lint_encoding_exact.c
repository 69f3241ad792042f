/* Byte-exact AlgorithmIdentifier encodings: Mozilla Root Store Policy
 * 5.1.1 / 5.1.2 lists the only encodings it accepts, and RFC 4055 / RFC 3279
 * want NULL parameters for the PKCS #1 v1.5 signature algorithms. */
#include "checks.h"

#include <string.h>

/* The whole AlgorithmIdentifier TLVs: of subjectPublicKeyInfo, of
 * TBSCertificate.signature and of Certificate.signatureAlgorithm. */
static int spki_alg(const struct sweep_cert *c, struct der_tlv *out)
{
	struct der_cursor cur = der_cursor_of(c->spki, c->spki_len), in;
	struct der_tlv t;

	if (der_expect(&cur, DER_SEQUENCE, &t))
		return -1;
	in = der_inside(&t);
	return der_expect(&in, DER_SEQUENCE, out) ? -1 : 0;
}

static int tbs_sig_alg(const struct sweep_cert *c, struct der_tlv *out)
{
	struct der_cursor cur = der_cursor_of(c->tbs, c->tbs_len), in;
	struct der_tlv t;

	if (der_expect(&cur, DER_SEQUENCE, &t))
		return -1;
	in = der_inside(&t);
	(void)der_optional(&in, DER_CONTEXT_CONS(0), &t);
	if (der_expect(&in, DER_INTEGER, &t))
		return -1;
	return der_expect(&in, DER_SEQUENCE, out) ? -1 : 0;
}

static int outer_sig_alg(const struct sweep_cert *c, struct der_tlv *out)
{
	struct der_cursor cur = der_cursor_of(c->der, c->der_len), in;
	struct der_tlv t;

	if (der_expect(&cur, DER_SEQUENCE, &t))
		return -1;
	in = der_inside(&t);
	if (der_expect(&in, DER_SEQUENCE, &t))
		return -1;
	return der_expect(&in, DER_SEQUENCE, out) ? -1 : 0;
}

static unsigned hex_nibble(char h)
{
	return h <= '9' ? (unsigned)(h - '0') : (unsigned)(h - 'a' + 10);
}

/* hex: lower-case, even length (the literals below) */
static int raw_is(const struct der_tlv *t, const char *hex)
{
	size_t n = strlen(hex) / 2;

	if (t->raw_len != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (t->raw[i] != (hex_nibble(hex[2 * i]) << 4 | hex_nibble(hex[2 * i + 1])))
			return 0;
	return 1;
}

/* 1.2.840.10045.4.3 (ecdsa-with-SHA2 arc) and 1.2.840.113549.1.1.10 (RSASSA-PSS) */
SWEEP_OID(ARC_ECDSA_SHA2, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03);
SWEEP_OID(OID_RSASSA_PSS, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a);
/* 1.2.840.113549.1.1.x */
SWEEP_OID(ARC_PKCS1, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01);

int sweep_applies_ecdsa_signature(const struct sweep_cert *cert)
{
	return cert->sig_alg.len == sizeof(ARC_ECDSA_SHA2) + 1 &&
	       memcmp(cert->sig_alg.oid, ARC_ECDSA_SHA2, sizeof(ARC_ECDSA_SHA2)) == 0;
}

int sweep_applies_pss_signature(const struct sweep_cert *cert)
{
	return SWEEP_OID_EQ(cert->sig_alg.oid, cert->sig_alg.len, OID_RSASSA_PSS);
}

/* sha1/224/256/384/512WithRSAEncryption (1.1.5, 1.1.14, 1.1.11-13) in the TBS. */
int sweep_applies_tbs_pkcs1_signature(const struct sweep_cert *cert)
{
	const struct sweep_oidref *o = &cert->tbs_sig_alg;
	uint8_t last;

	if (o->len != sizeof(ARC_PKCS1) + 1 || memcmp(o->oid, ARC_PKCS1, sizeof(ARC_PKCS1)) != 0)
		return 0;
	last = o->oid[o->len - 1];
	return last == 5 || (last >= 11 && last <= 14);
}

/* Mozilla 5.1.2: the three accepted encodings (P-256, P-384; P-521 since 3.0). */
SWEEP_CHECK_DECL(sweep_check_mp_ecdsa_spki_encoding)
{
	struct der_tlv alg;

	(void)cfg;
	if (spki_alg(cert, &alg))
		return SWEEP_CHECK_FATAL;
	if (raw_is(&alg, "301306072a8648ce3d020106082a8648ce3d030107") ||
	    raw_is(&alg, "301006072a8648ce3d020106052b81040022") ||
	    raw_is(&alg, "301006072a8648ce3d020106052b81040023"))
		return SWEEP_CHECK_PASS;
	sweep_buf_puts(details,
		       "EC subjectPublicKeyInfo AlgorithmIdentifier is not one of the encodings Mozilla accepts");
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_mp_ecdsa_sig_encoding)
{
	struct der_tlv alg;

	(void)cfg;
	if (outer_sig_alg(cert, &alg))
		return SWEEP_CHECK_FATAL;
	if (raw_is(&alg, "300a06082a8648ce3d040302") || raw_is(&alg, "300a06082a8648ce3d040303"))
		return SWEEP_CHECK_PASS;
	sweep_buf_puts(details,
		       "ECDSA signatureAlgorithm is not ecdsa-with-SHA256 or -SHA384 encoded exactly (no parameters)");
	return SWEEP_CHECK_FAIL;
}

/* Mozilla 5.1.1: RSASSA-PSS with SHA-256, SHA-384 or SHA-512, MGF1 with the
 * same hash, salt length of the hash, encoded byte for byte. */
SWEEP_CHECK_DECL(sweep_check_mp_pss_sig_encoding)
{
	static const char *const ok[] = {
		"304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108"
		"300d06096086480165030402010500a203020120",
		"304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108"
		"300d06096086480165030402020500a203020130",
		"304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108"
		"300d06096086480165030402030500a203020140",
	};
	struct der_tlv alg;

	(void)cfg;
	if (outer_sig_alg(cert, &alg))
		return SWEEP_CHECK_FATAL;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (raw_is(&alg, ok[i]))
			return SWEEP_CHECK_PASS;
	sweep_buf_puts(details, "RSASSA-PSS signatureAlgorithm parameters are not one of Mozilla's three encodings");
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_mp_pss_in_spki)
{
	(void)cfg;
	return sweep_forbid(SWEEP_OID_EQ(cert->key_alg.oid, cert->key_alg.len, OID_RSASSA_PSS),
			    "subjectPublicKeyInfo uses id-RSASSA-PSS", details);
}

SWEEP_CHECK_DECL(sweep_check_tbs_sig_rsa_params_not_null)
{
	struct der_tlv alg;

	(void)cfg;
	if (tbs_sig_alg(cert, &alg))
		return SWEEP_CHECK_FATAL;
	struct der_cursor in = der_inside(&alg);
	struct der_tlv oid, params;
	if (der_expect(&in, DER_OID, &oid))
		return SWEEP_CHECK_FATAL;
	if (der_next(&in, &params) == 0 && params.tag == DER_NULL && params.len == 0 && in.len == 0)
		return SWEEP_CHECK_PASS;
	sweep_buf_puts(details, "TBSCertificate.signature PKCS #1 v1.5 AlgorithmIdentifier without NULL parameters");
	return SWEEP_CHECK_FAIL;
}
