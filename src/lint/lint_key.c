/* Serial number, public key and signature algorithm lints. */
#include "checks.h"

#include <stdio.h>

int sweep_applies_rsa(const struct sweep_cert *cert)
{
	return SWEEP_OID_EQ(cert->key_alg.oid, cert->key_alg.len, OID_KEY_RSA);
}

int sweep_applies_ec(const struct sweep_cert *cert)
{
	return SWEEP_OID_EQ(cert->key_alg.oid, cert->key_alg.len, OID_KEY_EC);
}

SWEEP_CHECK_DECL(sweep_check_serial_not_positive)
{
	int zero = 1;

	(void)cfg;
	for (size_t i = 0; i < cert->serial_len; i++)
		zero &= cert->serial[i] == 0;
	if (cert->serial[0] & 0x80) {
		sweep_buf_puts(details, "serial number is negative");
		return SWEEP_CHECK_FAIL;
	}
	if (zero) {
		sweep_buf_puts(details, "serial number is zero");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* Octets of the value, not counting a 00 sign octet in front of a high bit. */
static size_t value_octets(const struct sweep_cert *c)
{
	if (c->serial_len > 1 && c->serial[0] == 0 && (c->serial[1] & 0x80))
		return c->serial_len - 1;
	return c->serial_len;
}

/* Content octets of the minimal (DER) encoding: redundant leading 00/FF
 * octets dropped, a needed sign octet kept. */
static size_t der_octets(const struct sweep_cert *c)
{
	size_t i = 0;

	while (c->serial_len - i > 1 && ((c->serial[i] == 0 && !(c->serial[i + 1] & 0x80)) ||
					 (c->serial[i] == 0xff && (c->serial[i + 1] & 0x80))))
		i++;
	return c->serial_len - i;
}

/* RFC 5280 4.1.2.2 "MUST NOT use serialNumber values longer than 20 octets",
 * read as zlint and pkilint read it: the DER INTEGER's content octets, so a
 * 20-octet value with its top bit set (21 octets with the 00 sign octet) fails. */
SWEEP_CHECK_DECL(sweep_check_serial_too_long)
{
	(void)cfg;
	if (der_octets(cert) > 20) {
		sweep_buf_printf(details, "serial number INTEGER has %zu content octets (value %zu octets%s)",
				 der_octets(cert), value_octets(cert),
				 der_octets(cert) > value_octets(cert) ? " plus the 00 sign octet" : "");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_serial_short)
{
	(void)cfg;
	if (value_octets(cert) < 8) {
		sweep_buf_printf(details, "serial number has %zu octets: cannot hold 64 bits of CSPRNG output",
				 value_octets(cert));
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_serial_not_der)
{
	(void)cfg;
	if (cert->serial_len > 1 && ((cert->serial[0] == 0 && !(cert->serial[1] & 0x80)) ||
				     (cert->serial[0] == 0xff && (cert->serial[1] & 0x80)))) {
		sweep_buf_puts(details, "serial number INTEGER is not minimally encoded (X.690 8.3.2)");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static int rsa_parts(const struct sweep_cert *c, struct der_tlv *n, struct der_tlv *e)
{
	struct der_cursor cur;
	struct der_tlv seq;

	if (c->key_bits_len < 2 || c->key_bits[0] != 0)
		return -1;
	cur = der_cursor_of(c->key_bits + 1, c->key_bits_len - 1);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return -1;
	cur = der_inside(&seq);
	if (der_expect(&cur, DER_INTEGER, n) || der_expect(&cur, DER_INTEGER, e) || e->len == 0)
		return -1;
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_rsa_modulus_small)
{
	unsigned bits = sweep_cert_rsa_bits(cert);

	(void)cfg;
	if (bits == 0) {
		sweep_buf_puts(details, "RSA public key does not parse");
		return SWEEP_CHECK_FATAL;
	}
	if (bits < 2048) {
		sweep_buf_printf(details, "RSA modulus is %u bits", bits);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_rsa_modulus_not_div8)
{
	unsigned bits = sweep_cert_rsa_bits(cert);

	(void)cfg;
	if (bits == 0)
		return SWEEP_CHECK_FATAL;
	if (bits % 8) {
		sweep_buf_printf(details, "RSA modulus is %u bits, not a multiple of 8", bits);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_rsa_exponent_even)
{
	struct der_tlv n, e;

	(void)cfg;
	if (rsa_parts(cert, &n, &e))
		return SWEEP_CHECK_FATAL;
	if (!(e.val[e.len - 1] & 1)) {
		sweep_buf_puts(details, "RSA public exponent is even");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_rsa_exponent_small)
{
	struct der_tlv n, e;
	uint64_t v = 0;

	(void)cfg;
	if (rsa_parts(cert, &n, &e))
		return SWEEP_CHECK_FATAL;
	if (e.len > 8)
		return SWEEP_CHECK_PASS;
	for (size_t i = 0; i < e.len; i++)
		v = v << 8 | e.val[i];
	if (v < 65537) {
		sweep_buf_printf(details, "RSA public exponent %llu is below 2^16+1", (unsigned long long)v);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_rsa_params_not_null)
{
	static const uint8_t null[] = { 0x05, 0x00 };

	(void)cfg;
	if (cert->key_params_len != 2 || memcmp(cert->key_params, null, 2) != 0) {
		sweep_buf_puts(details, "rsaEncryption AlgorithmIdentifier parameters are not NULL");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_OID(OID_P256, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);
SWEEP_OID(OID_P384, 0x2b, 0x81, 0x04, 0x00, 0x22);
SWEEP_OID(OID_P521, 0x2b, 0x81, 0x04, 0x00, 0x23);

static enum sweep_check curve(const struct sweep_cert *c, int allow_p521, struct sweep_buf *d)
{
	struct sweep_oidref o = sweep_cert_ec_curve(c);
	char t[128];

	if (o.oid && (SWEEP_OID_EQ(o.oid, o.len, OID_P256) || SWEEP_OID_EQ(o.oid, o.len, OID_P384) ||
		      (allow_p521 && SWEEP_OID_EQ(o.oid, o.len, OID_P521))))
		return SWEEP_CHECK_PASS;
	if (!o.oid || der_oid_text(o.oid, o.len, t, sizeof(t)))
		snprintf(t, sizeof(t), "(explicit or missing parameters)");
	sweep_buf_printf(d, "EC key on curve %s", t);
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_ec_curve_br)
{
	(void)cfg;
	return curve(cert, 1, details);
}

SWEEP_CHECK_DECL(sweep_check_ec_curve_mozilla)
{
	(void)cfg;
	return curve(cert, 0, details);
}

/* id-dsa (RFC 3279 2.3.2) */
SWEEP_OID(OID_KEY_DSA, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01);
/* BR 1.7.1 (ballot SC31, 2020-08-20) left RSA and ECDSA as the only key
 * algorithms; BR 1.0-1.7.0 6.1.5 (Appendix A in 1.0) also allowed DSA with
 * L=2048, N=224 or 256, its domain parameters in the certificate (6.1.6). */
#define BR_1_7_1_EPOCH INT64_C(1597881600) /* 2020-08-20T00:00:00Z */

/* Bits of a DER INTEGER's value (content octets, sign octet included). */
static unsigned integer_bits(const struct der_tlv *t)
{
	const uint8_t *p = t->val;
	size_t n = t->len;

	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	if (n == 0 || p[0] == 0)
		return 0;
	unsigned bits = (unsigned)(n - 1) * 8;
	for (uint8_t b = p[0]; b; b >>= 1)
		bits++;
	return bits;
}

/* Dss-Parms ::= SEQUENCE { p, q, g INTEGER }: *l and *n are the bit
 * lengths of p and q. Returns 0, or -1 when the parameters are absent or
 * do not parse. */
static int dsa_sizes(const struct sweep_cert *c, unsigned *l, unsigned *n)
{
	struct der_cursor cur, in;
	struct der_tlv seq, p, q, g;

	if (!c->key_params)
		return -1;
	cur = der_cursor_of(c->key_params, c->key_params_len);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return -1;
	in = der_inside(&seq);
	if (der_expect(&in, DER_INTEGER, &p) || der_expect(&in, DER_INTEGER, &q) || der_expect(&in, DER_INTEGER, &g) ||
	    in.len)
		return -1;
	*l = integer_bits(&p);
	*n = integer_bits(&q);
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_key_algorithm)
{
	char t[128];

	(void)cfg;
	if (sweep_applies_rsa(cert) || sweep_applies_ec(cert))
		return SWEEP_CHECK_PASS;
	if (SWEEP_OID_EQ(cert->key_alg.oid, cert->key_alg.len, OID_KEY_DSA) && cert->not_before < BR_1_7_1_EPOCH) {
		unsigned l, n;
		if (dsa_sizes(cert, &l, &n)) {
			sweep_buf_puts(details,
				       "DSA key without its domain parameters (BR 6.1.6: they MUST be included)");
			return SWEEP_CHECK_FAIL;
		}
		if (l >= 2048 && n >= 224)
			return SWEEP_CHECK_PASS;
		sweep_buf_printf(details, "DSA key with L=%u, N=%u (BR 1.x 6.1.5: L=2048, N=224 or 256)", l, n);
		return SWEEP_CHECK_FAIL;
	}
	if (der_oid_text(cert->key_alg.oid, cert->key_alg.len, t, sizeof(t)))
		snprintf(t, sizeof(t), "?");
	sweep_buf_printf(details, "public key algorithm %s is neither RSA nor ECDSA", t);
	return SWEEP_CHECK_FAIL;
}

/* Signature algorithm OIDs */
SWEEP_OID(OID_SIG_MD5_RSA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04);
SWEEP_OID(OID_SIG_SHA1_RSA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05);
SWEEP_OID(OID_SIG_SHA256_RSA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b);
SWEEP_OID(OID_SIG_SHA384_RSA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c);
SWEEP_OID(OID_SIG_SHA512_RSA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d);
SWEEP_OID(OID_SIG_RSA_PSS, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a);
SWEEP_OID(OID_SIG_ECDSA_SHA1, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01);
SWEEP_OID(OID_SIG_ECDSA_SHA256, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);
SWEEP_OID(OID_SIG_ECDSA_SHA384, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03);
SWEEP_OID(OID_SIG_ECDSA_SHA512, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04);

SWEEP_CHECK_DECL(sweep_check_sig_sha1)
{
	(void)cfg;
	if (SWEEP_OID_EQ(cert->sig_alg.oid, cert->sig_alg.len, OID_SIG_SHA1_RSA) ||
	    SWEEP_OID_EQ(cert->sig_alg.oid, cert->sig_alg.len, OID_SIG_ECDSA_SHA1)) {
		sweep_buf_puts(details, "signed with SHA-1");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_sig_md5)
{
	(void)cfg;
	if (SWEEP_OID_EQ(cert->sig_alg.oid, cert->sig_alg.len, OID_SIG_MD5_RSA)) {
		sweep_buf_puts(details, "signed with MD5");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* RFC 5280 4.1.1.2: signatureAlgorithm "MUST contain the same algorithm
 * identifier as the signature field": the whole AlgorithmIdentifier,
 * parameters included (NULL versus absent differs). */
SWEEP_CHECK_DECL(sweep_check_sig_mismatch)
{
	(void)cfg;
	if (cert->sig_alg.len != cert->tbs_sig_alg.len ||
	    memcmp(cert->sig_alg.oid, cert->tbs_sig_alg.oid, cert->sig_alg.len) != 0) {
		sweep_buf_puts(details, "TBSCertificate signature and signatureAlgorithm name different algorithms");
		return SWEEP_CHECK_FAIL;
	}
	if (cert->sig_alg_der_len != cert->tbs_sig_alg_der_len ||
	    memcmp(cert->sig_alg_der, cert->tbs_sig_alg_der, cert->sig_alg_der_len) != 0) {
		sweep_buf_puts(details, "TBSCertificate signature and signatureAlgorithm differ in their parameters");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* dsa-with-sha1 (RFC 3279 2.2.2), dsa-with-sha256 (RFC 5758 3.1) */
SWEEP_OID(OID_SIG_DSA_SHA1, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03);
SWEEP_OID(OID_SIG_DSA_SHA256, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02);

SWEEP_CHECK_DECL(sweep_check_sig_not_allowed)
{
	char t[128];
	const struct sweep_oidref *s = &cert->sig_alg;

	(void)cfg;
	if (SWEEP_OID_EQ(s->oid, s->len, OID_SIG_SHA256_RSA) || SWEEP_OID_EQ(s->oid, s->len, OID_SIG_SHA384_RSA) ||
	    SWEEP_OID_EQ(s->oid, s->len, OID_SIG_SHA512_RSA) || SWEEP_OID_EQ(s->oid, s->len, OID_SIG_RSA_PSS) ||
	    SWEEP_OID_EQ(s->oid, s->len, OID_SIG_ECDSA_SHA256) || SWEEP_OID_EQ(s->oid, s->len, OID_SIG_ECDSA_SHA384) ||
	    SWEEP_OID_EQ(s->oid, s->len, OID_SIG_ECDSA_SHA512))
		return SWEEP_CHECK_PASS;
	/* BR 1.0-1.7.0 6.1.5: digests SHA-1, SHA-256, SHA-384, SHA-512 with RSA,
	 * ECDSA or DSA. SHA-1 is judged where 7.1.3 banned it (subscriber and
	 * subordinate CA certificates from 2016: e_signature_algorithm_sha1,
	 * e_sub_ca_signature_sha1), not here a second time. */
	if (cert->not_before < BR_1_7_1_EPOCH &&
	    (SWEEP_OID_EQ(s->oid, s->len, OID_SIG_SHA1_RSA) || SWEEP_OID_EQ(s->oid, s->len, OID_SIG_ECDSA_SHA1) ||
	     SWEEP_OID_EQ(s->oid, s->len, OID_SIG_DSA_SHA1) || SWEEP_OID_EQ(s->oid, s->len, OID_SIG_DSA_SHA256)))
		return SWEEP_CHECK_PASS;
	if (der_oid_text(s->oid, s->len, t, sizeof(t)))
		snprintf(t, sizeof(t), "?");
	sweep_buf_printf(details, "signature algorithm %s is not allowed", t);
	return SWEEP_CHECK_FAIL;
}
