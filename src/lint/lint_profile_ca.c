/* Certificate profiles by kind (BR 7.1.2.x): root and subordinate CAs,
 * delegated OCSP responders, and the BR v2 subscriber profile rules the
 * older families do not cover. Which certificates each rule governs comes
 * from kind.h; these functions only judge. */
#include "checks.h"

#include <stdio.h>

static int ku_has(const struct sweep_cert *c, unsigned bit)
{
	return c->has_key_usage && (c->key_usage & bit) != 0;
}

static int ext_critical(const struct sweep_cert *c, const uint8_t *oid, size_t len)
{
	const struct sweep_ext *e = sweep_cert_ext(c, oid, len);
	return e && e->critical;
}
#define EXT_CRITICAL(c, name) ext_critical((c), name, sizeof(name))
#define EXT_NONCRITICAL(c, name) (CERT_EXT((c), name) && !EXT_CRITICAL((c), name))

int sweep_applies_tls_ca_with_ku(const struct sweep_cert *cert)
{
	return sweep_applies_tls_ca(cert) && cert->has_key_usage;
}

/* --- CA certificates: BR 7.1.2.1 (root), 7.1.2.2 (subordinate); v2 7.1.2.10 --- */

SWEEP_CHECK_DECL(sweep_check_ca_key_cert_sign_not_set)
{
	(void)cfg;
	return sweep_require(ku_has(cert, SWEEP_KU_KEY_CERT_SIGN), "CA keyUsage without keyCertSign", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_crl_sign_not_set)
{
	(void)cfg;
	return sweep_require(ku_has(cert, SWEEP_KU_CRL_SIGN), "CA keyUsage without cRLSign", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_ku_not_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_NONCRITICAL(cert, OID_EXT_KEY_USAGE), "CA keyUsage is not critical", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_digital_signature_not_set)
{
	(void)cfg;
	return sweep_require(ku_has(cert, SWEEP_KU_DIGITAL_SIGNATURE),
			     "CA keyUsage without digitalSignature: the key cannot sign OCSP responses", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_cn_missing)
{
	(void)cfg;
	return sweep_require(NAME_HAS(&cert->subject, OID_AT_CN), "CA subject without commonName", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_org_missing)
{
	(void)cfg;
	return sweep_require(NAME_HAS(&cert->subject, OID_AT_O), "CA subject without organizationName", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_country_missing)
{
	(void)cfg;
	return sweep_require(NAME_HAS(&cert->subject, OID_AT_C), "CA subject without countryName", details);
}

SWEEP_CHECK_DECL(sweep_check_ca_subject_empty)
{
	(void)cfg;
	return sweep_forbid(cert->subject.n == 0, "CA certificate with an empty subject", details);
}

SWEEP_CHECK_DECL(sweep_check_root_eku_present)
{
	(void)cfg;
	return sweep_forbid(cert->has_eku, "root CA certificate with extKeyUsage", details);
}

SWEEP_CHECK_DECL(sweep_check_root_policies_present)
{
	(void)cfg;
	return sweep_forbid(cert->has_policies, "root CA certificate with certificatePolicies", details);
}

SWEEP_CHECK_DECL(sweep_check_root_path_len_present)
{
	(void)cfg;
	return sweep_forbid(cert->path_len >= 0, "root CA basicConstraints with pathLenConstraint", details);
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_policies_missing)
{
	(void)cfg;
	return sweep_require(cert->has_policies, "subordinate CA without certificatePolicies", details);
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_policies_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_CRITICAL(cert, OID_EXT_POLICIES), "subordinate CA certificatePolicies is critical",
			    details);
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_crldp_missing)
{
	(void)cfg;
	return sweep_require(cert->has_crldp, "subordinate CA without cRLDistributionPoints", details);
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_crldp_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_CRITICAL(cert, OID_EXT_CRLDP), "subordinate CA cRLDistributionPoints is critical",
			    details);
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_aia_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_CRITICAL(cert, OID_EXT_AIA), "subordinate CA authorityInformationAccess is critical",
			    details);
}

/* Walk the fullName URIs of cRLDistributionPoints: returns the number of
 * http:// URIs, -1 when the extension does not decode. crl_issuer and
 * reasons report whether any DistributionPoint carries those fields. */
static int crldp_scan(const struct sweep_cert *c, int *crl_issuer, int *reasons)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_CRLDP);
	struct der_cursor cur, seq;
	struct der_tlv outer, dp, f;
	int http = 0;

	*crl_issuer = *reasons = 0;
	if (!e)
		return 0;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &outer))
		return -1;
	seq = der_inside(&outer);
	while (seq.len) {
		if (der_expect(&seq, DER_SEQUENCE, &dp))
			return -1;
		struct der_cursor in = der_inside(&dp);
		while (in.len) {
			if (der_next(&in, &f))
				return -1;
			if (f.tag == DER_CONTEXT(1) || f.tag == DER_CONTEXT_CONS(1))
				*reasons = 1;
			if (f.tag == DER_CONTEXT_CONS(2))
				*crl_issuer = 1;
			if (f.tag != DER_CONTEXT_CONS(0))
				continue;
			/* DistributionPointName: [0] fullName GeneralNames */
			struct der_cursor dpn = der_inside(&f);
			struct der_tlv full, gn;
			if (der_next(&dpn, &full))
				return -1;
			if (full.tag != DER_CONTEXT_CONS(0))
				continue;
			struct der_cursor names = der_inside(&full);
			while (names.len) {
				if (der_next(&names, &gn))
					return -1;
				if (gn.tag == DER_CONTEXT(6) && gn.len > 7 && memcmp(gn.val, "http://", 7) == 0)
					http++;
			}
		}
	}
	return http;
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_crldp_no_url)
{
	int ci, rs, n = crldp_scan(cert, &ci, &rs);

	(void)cfg;
	if (n < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_require(n > 0, "cRLDistributionPoints holds no http:// URL", details);
}

SWEEP_CHECK_DECL(sweep_check_crldp_reasons_or_issuer)
{
	int ci, rs, n = crldp_scan(cert, &ci, &rs);

	(void)cfg;
	if (n < 0)
		return SWEEP_CHECK_FATAL;
	if (ci || rs) {
		sweep_buf_puts(details,
			       ci ? "a DistributionPoint carries cRLIssuer" : "a DistributionPoint carries reasons");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* --- any certificate: RFC 5280 basicConstraints / keyUsage consistency --- */

int sweep_applies_has_path_len(const struct sweep_cert *cert)
{
	return cert->path_len >= 0;
}

SWEEP_CHECK_DECL(sweep_check_path_len_improper)
{
	(void)cfg;
	if (!cert->is_ca || (cert->has_key_usage && !(cert->key_usage & SWEEP_KU_KEY_CERT_SIGN))) {
		sweep_buf_puts(details, "pathLenConstraint without cA TRUE and keyCertSign");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_cert_sign_without_ca)
{
	(void)cfg;
	return sweep_forbid(!cert->is_ca && (cert->key_usage & SWEEP_KU_KEY_CERT_SIGN),
			    "keyCertSign asserted without basicConstraints cA TRUE", details);
}

SWEEP_CHECK_DECL(sweep_check_name_constraints_not_in_ca)
{
	(void)cfg;
	return sweep_forbid(!cert->is_ca && CERT_EXT(cert, OID_EXT_NAME_CONSTRAINTS),
			    "nameConstraints in a certificate that is not a CA", details);
}

/* --- delegated OCSP responders: BR v2 7.1.2.8 --- */

SWEEP_CHECK_DECL(sweep_check_ocsp_nocheck_missing)
{
	(void)cfg;
	return sweep_require(CERT_EXT(cert, OID_EXT_OCSP_NOCHECK) != NULL,
			     "OCSP responder certificate without id-pkix-ocsp-nocheck", details);
}

SWEEP_CHECK_DECL(sweep_check_ocsp_crldp_present)
{
	(void)cfg;
	return sweep_forbid(cert->has_crldp, "OCSP responder certificate with cRLDistributionPoints", details);
}

SWEEP_CHECK_DECL(sweep_check_ocsp_policies_present)
{
	(void)cfg;
	return sweep_forbid(cert->has_policies, "OCSP responder certificate with certificatePolicies", details);
}

SWEEP_CHECK_DECL(sweep_check_ocsp_san_present)
{
	(void)cfg;
	return sweep_forbid(cert->has_san, "OCSP responder certificate with subjectAltName", details);
}

SWEEP_CHECK_DECL(sweep_check_ocsp_ku)
{
	(void)cfg;
	if (!cert->has_key_usage) {
		sweep_buf_puts(details, "OCSP responder certificate without keyUsage");
		return SWEEP_CHECK_FAIL;
	}
	if (cert->key_usage != SWEEP_KU_DIGITAL_SIGNATURE) {
		sweep_buf_printf(details, "OCSP responder keyUsage is 0x%x, not digitalSignature alone",
				 cert->key_usage);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_ocsp_ku_not_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_NONCRITICAL(cert, OID_EXT_KEY_USAGE), "OCSP responder keyUsage is not critical",
			    details);
}

/* --- subscriber certificates: BR v2 7.1.2.7.6 (and the SC-063 CRL rule) --- */

SWEEP_CHECK_DECL(sweep_check_subscriber_skid_present)
{
	(void)cfg;
	return sweep_forbid(cert->has_skid, "subscriber certificate with subjectKeyIdentifier (NOT RECOMMENDED)",
			    details);
}

SWEEP_CHECK_DECL(sweep_check_subscriber_name_constraints)
{
	(void)cfg;
	return sweep_forbid(CERT_EXT(cert, OID_EXT_NAME_CONSTRAINTS) != NULL,
			    "subscriber certificate with nameConstraints", details);
}

SWEEP_CHECK_DECL(sweep_check_subscriber_bc_not_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_NONCRITICAL(cert, OID_EXT_BASIC_CONSTRAINTS),
			    "subscriber basicConstraints present but not critical", details);
}

SWEEP_CHECK_DECL(sweep_check_subscriber_eku_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_CRITICAL(cert, OID_EXT_EKU), "subscriber extKeyUsage is critical", details);
}

SWEEP_CHECK_DECL(sweep_check_subscriber_crldp_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_CRITICAL(cert, OID_EXT_CRLDP), "subscriber cRLDistributionPoints is critical", details);
}

SWEEP_CHECK_DECL(sweep_check_subscriber_policies_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_CRITICAL(cert, OID_EXT_POLICIES), "subscriber certificatePolicies is critical",
			    details);
}

/* Does AIA carry an id-ad-ocsp access method? -1 when AIA does not decode. */
static int aia_has_ocsp(const struct sweep_cert *c)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_AIA);
	struct der_cursor cur, seq;
	struct der_tlv outer, ad, method;

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
		if (der_expect(&in, DER_OID, &method))
			return -1;
		if (SWEEP_OID_EQ(method.val, method.len, OID_AD_OCSP_METHOD))
			return 1;
	}
	return 0;
}

/* BR 7.1.2.11.2 after ballot SC-063: without an OCSP URL the certificate
 * needs a CRL URL, unless it is a Short-lived Subscriber Certificate
 * (validity of 10 days or less, 7 days or less from 2026-03-15). */
SWEEP_CHECK_DECL(sweep_check_subscriber_no_revocation_info)
{
	int ocsp = aia_has_ocsp(cert);
	int64_t short_lived = sweep_yyyymmdd(cert->not_before) >= 20260315 ? 7 * 86400 : 10 * 86400;

	(void)cfg;
	if (ocsp < 0)
		return SWEEP_CHECK_FATAL;
	if (ocsp || cert->has_crldp || cert->not_after - cert->not_before + 1 <= short_lived)
		return SWEEP_CHECK_PASS;
	sweep_buf_puts(details, "neither an OCSP URL in authorityInformationAccess nor cRLDistributionPoints");
	return SWEEP_CHECK_FAIL;
}

/* BR v2 7.1.2.7.7 / 7.1.2.10.3: AIA holds only id-ad-ocsp and id-ad-caIssuers. */
SWEEP_CHECK_DECL(sweep_check_aia_method_not_allowed)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_AIA);
	struct der_cursor cur, seq;
	struct der_tlv outer, ad, method;

	(void)cfg;
	if (!e)
		return SWEEP_CHECK_PASS;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &outer))
		return SWEEP_CHECK_FATAL;
	seq = der_inside(&outer);
	while (seq.len) {
		if (der_expect(&seq, DER_SEQUENCE, &ad))
			return SWEEP_CHECK_FATAL;
		struct der_cursor in = der_inside(&ad);
		if (der_expect(&in, DER_OID, &method))
			return SWEEP_CHECK_FATAL;
		if (!SWEEP_OID_EQ(method.val, method.len, OID_AD_OCSP_METHOD) &&
		    !SWEEP_OID_EQ(method.val, method.len, OID_AD_CA_ISSUERS)) {
			char oid[64];
			if (der_oid_text(method.val, method.len, oid, sizeof(oid)))
				snprintf(oid, sizeof(oid), "?");
			sweep_buf_printf(details, "authorityInformationAccess method %s", oid);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

/* --- more BR v1 profile rules (7.1.2.2(c), 7.1.2.3(c), (f); 7.1.3) --- */

static int aia_has_method(const struct sweep_cert *c, const uint8_t *oid, size_t len)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_AIA);
	struct der_cursor cur, seq;
	struct der_tlv outer, ad, method;

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
		if (der_expect(&in, DER_OID, &method))
			return -1;
		if (method.len == len && memcmp(method.val, oid, len) == 0)
			return 1;
	}
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_aia_no_ca_issuers)
{
	int r = aia_has_method(cert, OID_AD_CA_ISSUERS, sizeof(OID_AD_CA_ISSUERS));

	(void)cfg;
	if (r < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_require(r, "authorityInformationAccess without the issuing CA's certificate URL (id-ad-caIssuers)",
			     details);
}

SWEEP_CHECK_DECL(sweep_check_aia_no_ocsp_url)
{
	int r = aia_has_method(cert, OID_AD_OCSP_METHOD, sizeof(OID_AD_OCSP_METHOD));

	(void)cfg;
	if (r < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_require(r, "authorityInformationAccess without an OCSP URL", details);
}

int sweep_applies_tls_sub_ca_with_aia(const struct sweep_cert *cert)
{
	return sweep_applies_tls_sub_ca(cert) && cert->has_aia;
}

/* A subordinate CA without cRLDistributionPoints is
 * e_sub_ca_crl_distribution_points_missing's finding, not also this one's. */
int sweep_applies_tls_sub_ca_with_crldp(const struct sweep_cert *cert)
{
	return sweep_applies_tls_sub_ca(cert) && cert->has_crldp;
}

int sweep_applies_tls_subscriber_with_aia(const struct sweep_cert *cert)
{
	return sweep_applies_tls_subscriber(cert) && cert->has_aia;
}

/* BR 7.1.2.3(f): serverAuth and/or clientAuth; other values SHOULD NOT. */
SWEEP_CHECK_DECL(sweep_check_subscriber_eku_extra)
{
	(void)cfg;
	for (size_t i = 0; i < cert->n_eku; i++) {
		const struct sweep_oidref *o = &cert->eku[i];
		if (SWEEP_OID_EQ(o->oid, o->len, OID_EKU_SERVER_AUTH) ||
		    SWEEP_OID_EQ(o->oid, o->len, OID_EKU_CLIENT_AUTH))
			continue;
		char oid[64];
		if (der_oid_text(o->oid, o->len, oid, sizeof(oid)))
			snprintf(oid, sizeof(oid), "?");
		sweep_buf_printf(details, "extKeyUsage also holds %s", oid);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* sha1WithRSAEncryption 1.2.840.113549.1.1.5, ecdsa-with-SHA1 1.2.840.10045.4.1 */
SWEEP_OID(OID_SIG_RSA_SHA1, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05);
SWEEP_OID(OID_SIG_ECDSA_SHA1, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01);

SWEEP_CHECK_DECL(sweep_check_sub_ca_sha1)
{
	(void)cfg;
	return sweep_forbid(SWEEP_OID_EQ(cert->sig_alg.oid, cert->sig_alg.len, OID_SIG_RSA_SHA1) ||
				    SWEEP_OID_EQ(cert->sig_alg.oid, cert->sig_alg.len, OID_SIG_ECDSA_SHA1),
			    "subordinate CA certificate signed with SHA-1", details);
}

/* BR v2 7.1.2.7.11: RSA keys digitalSignature, keyEncipherment,
 * dataEncipherment; ECDSA keys digitalSignature, keyAgreement; nothing else.
 * keyEncipherment/dataEncipherment on ECDSA keys are left to
 * e_ec_key_usage_key_encipherment, so one defect is one finding. */
SWEEP_CHECK_DECL(sweep_check_subscriber_ku_bits)
{
	unsigned allowed = SWEEP_KU_DIGITAL_SIGNATURE;

	(void)cfg;
	if (SWEEP_OID_EQ(cert->key_alg.oid, cert->key_alg.len, OID_KEY_RSA))
		allowed |= SWEEP_KU_KEY_ENCIPHERMENT | SWEEP_KU_DATA_ENCIPHERMENT;
	else if (SWEEP_OID_EQ(cert->key_alg.oid, cert->key_alg.len, OID_KEY_EC))
		allowed |= SWEEP_KU_KEY_AGREEMENT | SWEEP_KU_KEY_ENCIPHERMENT | SWEEP_KU_DATA_ENCIPHERMENT;
	if (!(cert->key_usage & ~allowed))
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "subscriber keyUsage bits 0x%x beyond those BR 7.1.2.7.11 allows",
			 cert->key_usage & ~allowed);
	return SWEEP_CHECK_FAIL;
}

int sweep_applies_tls_subscriber_with_ku(const struct sweep_cert *cert)
{
	return sweep_applies_tls_subscriber(cert) && cert->has_key_usage;
}

/* zlint's notices on subordinate CA EKUs: without one the CA may issue for
 * any purpose; with one but no nameConstraints it is not technically
 * constrained (BR 7.1.5), so it needs the full audits. */
SWEEP_CHECK_DECL(sweep_check_sub_ca_eku_missing)
{
	(void)cfg;
	return sweep_require(cert->has_eku, "subordinate CA without extKeyUsage", details);
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_not_technically_constrained)
{
	(void)cfg;
	return sweep_forbid(cert->has_eku && !EKU_HAS(cert, OID_EKU_ANY) && !CERT_EXT(cert, OID_EXT_NAME_CONSTRAINTS),
			    "subordinate CA with an extKeyUsage but no nameConstraints: not technically constrained",
			    details);
}

SWEEP_CHECK_DECL(sweep_check_sub_ca_nc_not_critical)
{
	(void)cfg;
	return sweep_forbid(EXT_NONCRITICAL(cert, OID_EXT_NAME_CONSTRAINTS),
			    "subordinate CA nameConstraints is not critical", details);
}

int sweep_applies_tls_leaf_or_sub_ca_rsa(const struct sweep_cert *cert)
{
	return (sweep_applies_tls_sub_ca(cert) || sweep_applies_tls_subscriber(cert)) && sweep_applies_rsa(cert);
}

int sweep_applies_tls_root_ca_rsa(const struct sweep_cert *cert)
{
	return sweep_applies_tls_root_ca(cert) && sweep_applies_rsa(cert);
}

int sweep_applies_tls_root_or_sub_ca(const struct sweep_cert *cert)
{
	return cert->kind == SWEEP_KIND_TLS_ROOT_CA || cert->kind == SWEEP_KIND_TLS_SUB_CA;
}
