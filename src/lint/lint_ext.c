/* Extension lints: basicConstraints, keyUsage, extKeyUsage, AIA, CRL
 * distribution points, certificate policies, CT poison, duplicates. */
#include "checks.h"

#include <stdio.h>

int sweep_applies_precert(const struct sweep_cert *cert)
{
	return cert->is_precert;
}

int sweep_applies_has_key_usage(const struct sweep_cert *cert)
{
	return cert->has_key_usage;
}

int sweep_applies_has_aia(const struct sweep_cert *cert)
{
	return cert->has_aia;
}

int sweep_applies_has_crldp(const struct sweep_cert *cert)
{
	return cert->has_crldp;
}

int sweep_applies_subscriber_with_eku(const struct sweep_cert *cert)
{
	return cert->kind == SWEEP_KIND_TLS_SUBSCRIBER && cert->has_eku;
}

int sweep_applies_not_self_issued(const struct sweep_cert *cert)
{
	return cert->issuer.der_len != cert->subject.der_len ||
	       memcmp(cert->issuer.der, cert->subject.der, cert->issuer.der_len) != 0;
}

SWEEP_CHECK_DECL(sweep_check_ca_bc_not_critical)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_BASIC_CONSTRAINTS);

	(void)cfg;
	if (e && !e->critical) {
		sweep_buf_puts(details, "CA certificate with a non-critical basicConstraints");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_ca_key_usage_missing)
{
	(void)cfg;
	return sweep_require(cert->has_key_usage, "CA certificate without keyUsage", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_skid_missing)
{
	(void)cfg;
	return sweep_require(cert->has_skid, "CA certificate without subjectKeyIdentifier", details);
}

SWEEP_CHECK_DECL(sweep_check_akid_missing)
{
	(void)cfg;
	return sweep_require(cert->has_akid, "authorityKeyIdentifier missing", details);
}

SWEEP_CHECK_DECL(sweep_check_eku_missing)
{
	(void)cfg;
	return sweep_require(cert->has_eku, "subscriber certificate without extKeyUsage", details);
}

static int has_eku(const struct sweep_cert *c, const uint8_t *oid, size_t len)
{
	for (size_t i = 0; i < c->n_eku; i++)
		if (c->eku[i].len == len && memcmp(c->eku[i].oid, oid, len) == 0)
			return 1;
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_eku_server_auth_missing)
{
	(void)cfg;
	if (!has_eku(cert, OID_EKU_SERVER_AUTH, sizeof(OID_EKU_SERVER_AUTH))) {
		sweep_buf_puts(details, "extKeyUsage without id-kp-serverAuth");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_eku_prohibited)
{
	static const struct {
		uint8_t oid[8];
		size_t len;
		const char *name;
	} banned[] = {
		{ { 0x55, 0x1d, 0x25, 0x00 }, 4, "anyExtendedKeyUsage" },
		{ { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03 }, 8, "id-kp-codeSigning" },
		{ { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04 }, 8, "id-kp-emailProtection" },
		{ { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08 }, 8, "id-kp-timeStamping" },
		{ { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09 }, 8, "id-kp-OCSPSigning" },
	};

	(void)cfg;
	for (size_t k = 0; k < sizeof(banned) / sizeof(banned[0]); k++) {
		if (has_eku(cert, banned[k].oid, banned[k].len)) {
			sweep_buf_printf(details, "extKeyUsage contains %s", banned[k].name);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

enum { KU_DIGITAL_SIGNATURE = 1u << 0, KU_KEY_ENCIPHERMENT = 1u << 2, KU_KEY_CERT_SIGN = 1u << 5,
       KU_CRL_SIGN = 1u << 6 };

SWEEP_CHECK_DECL(sweep_check_ku_cert_sign)
{
	(void)cfg;
	if (cert->key_usage & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) {
		sweep_buf_puts(details, "subscriber certificate asserts keyCertSign or cRLSign");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_ku_no_bits)
{
	(void)cfg;
	if (cert->key_usage == 0) {
		sweep_buf_puts(details, "keyUsage with no bit set");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_ku_not_critical)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_KEY_USAGE);

	(void)cfg;
	if (e && !e->critical) {
		sweep_buf_puts(details, "keyUsage is not critical");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_ec_ku_key_encipherment)
{
	(void)cfg;
	if (cert->has_key_usage && (cert->key_usage & KU_KEY_ENCIPHERMENT)) {
		sweep_buf_puts(details, "ECDSA key with keyEncipherment");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_OID(OID_AD_OCSP, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01);

/* Walk AIA AccessDescriptions: fn(method, location) returns nonzero to stop. */
static int each_access(const struct sweep_cert *c, int (*fn)(const struct der_tlv *method, const struct der_tlv *loc,
							   void *ctx),
		       void *ctx)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_AIA);
	struct der_cursor cur, seq;
	struct der_tlv outer, ad, method, loc;

	if (!e)
		return 0;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &outer))
		return -1;
	seq = der_inside(&outer);
	while (seq.len) {
		if (der_expect(&seq, DER_SEQUENCE, &ad))
			return -1;
		struct der_cursor in = der_inside(&ad);
		if (der_expect(&in, DER_OID, &method) || der_next(&in, &loc))
			return -1;
		int r = fn(&method, &loc, ctx);
		if (r)
			return r;
	}
	return 0;
}

static int is_ocsp(const struct der_tlv *m, const struct der_tlv *l, void *ctx)
{
	(void)l;
	(void)ctx;
	return SWEEP_OID_EQ(m->val, m->len, OID_AD_OCSP);
}

SWEEP_CHECK_DECL(sweep_check_aia_missing)
{
	(void)cfg;
	return sweep_require(cert->has_aia, "subscriber certificate without authorityInformationAccess", details);
}

SWEEP_CHECK_DECL(sweep_check_aia_ocsp_missing)
{
	int r = each_access(cert, is_ocsp, NULL);

	(void)cfg;
	if (r < 0) {
		sweep_buf_puts(details, "authorityInformationAccess does not parse");
		return SWEEP_CHECK_FATAL;
	}
	if (r == 0) {
		sweep_buf_puts(details, "authorityInformationAccess has no OCSP responder");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

static int uri_not_http(const struct der_tlv *loc, struct sweep_buf *d, const char *where)
{
	if (loc->tag != DER_CONTEXT(6)) {
		sweep_buf_printf(d, "%s location is not a URI", where);
		return 1;
	}
	if (loc->len < 7 || memcmp(loc->val, "http://", 7) != 0) {
		sweep_buf_printf(d, "%s URI \"%.*s\" is not an http:// URL", where, (int)(loc->len > 80 ? 80 : loc->len),
				 (const char *)loc->val);
		return 1;
	}
	return 0;
}

static int aia_scheme(const struct der_tlv *m, const struct der_tlv *l, void *ctx)
{
	(void)m;
	return uri_not_http(l, ctx, "authorityInformationAccess");
}

SWEEP_CHECK_DECL(sweep_check_aia_url_scheme)
{
	int r = each_access(cert, aia_scheme, details);

	(void)cfg;
	if (r < 0) {
		sweep_buf_puts(details, "authorityInformationAccess does not parse");
		return SWEEP_CHECK_FATAL;
	}
	return r ? SWEEP_CHECK_FAIL : SWEEP_CHECK_PASS;
}

/* CRLDistributionPoints: SEQUENCE OF { [0] { [0] fullName GeneralNames } ... } */
SWEEP_CHECK_DECL(sweep_check_crldp_url_scheme)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_CRLDP);
	struct der_cursor cur, dps;
	struct der_tlv outer, dp, dpn, full, gn;

	(void)cfg;
	if (!e)
		return SWEEP_CHECK_PASS;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &outer))
		goto bad;
	dps = der_inside(&outer);
	while (dps.len) {
		if (der_expect(&dps, DER_SEQUENCE, &dp))
			goto bad;
		struct der_cursor in = der_inside(&dp);
		if (der_optional(&in, DER_CONTEXT_CONS(0), &dpn) != 0)
			continue;
		struct der_cursor names = der_inside(&dpn);
		if (der_optional(&names, DER_CONTEXT_CONS(0), &full) != 0)
			continue;
		struct der_cursor gns = der_inside(&full);
		while (gns.len) {
			if (der_next(&gns, &gn))
				goto bad;
			if (uri_not_http(&gn, details, "cRLDistributionPoints"))
				return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
bad:
	sweep_buf_puts(details, "cRLDistributionPoints does not parse");
	return SWEEP_CHECK_FATAL;
}

SWEEP_CHECK_DECL(sweep_check_policies_missing)
{
	(void)cfg;
	return sweep_require(cert->has_policies, "subscriber certificate without certificatePolicies", details);
}

SWEEP_CHECK_DECL(sweep_check_reserved_policy_count)
{
	size_t n = 0;

	(void)cfg;
	for (size_t i = 0; i < cert->n_policies; i++) {
		const struct sweep_oidref *p = &cert->policies[i];
		n += SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_EV) || SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_DV) ||
		     SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_OV) || SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_IV);
	}
	if (n != 1) {
		sweep_buf_printf(details, "%zu CA/Browser Forum reserved policy identifiers (want exactly one)", n);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_poison_not_critical)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_CT_POISON);

	(void)cfg;
	if (e && !e->critical) {
		sweep_buf_puts(details, "precertificate poison extension is not critical");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_poison_not_null)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_CT_POISON);

	(void)cfg;
	if (e && !(e->len == 2 && e->val[0] == 0x05 && e->val[1] == 0x00)) {
		sweep_buf_puts(details, "precertificate poison extension value is not ASN.1 NULL");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_precert_has_scts)
{
	(void)cfg;
	if (cert->has_sct_list) {
		sweep_buf_puts(details, "precertificate carries an SCT list");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_duplicate_extension)
{
	char t[128];

	(void)cfg;
	for (size_t i = 0; i < cert->n_ext; i++) {
		for (size_t k = i + 1; k < cert->n_ext; k++) {
			if (cert->exts[i].oid_len == cert->exts[k].oid_len &&
			    memcmp(cert->exts[i].oid, cert->exts[k].oid, cert->exts[i].oid_len) == 0) {
				if (der_oid_text(cert->exts[i].oid, cert->exts[i].oid_len, t, sizeof(t)))
					snprintf(t, sizeof(t), "?");
				sweep_buf_printf(details, "extension %s appears more than once", t);
				return SWEEP_CHECK_FAIL;
			}
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_version_not_v3)
{
	(void)cfg;
	if (cert->version != 2) {
		sweep_buf_printf(details, "certificate is X.509 v%d", cert->version + 1);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}
