/* RFC 5280 extension rules the older families leave out: criticality per
 * extension (one parametrised check), unique identifiers, an empty subject
 * without subjectAltName, and the certificatePolicies qualifiers of
 * RFC 5280 4.2.1.4 / RFC 6818 3. */
#include "checks.h"

#include <stdio.h>

/* One rule of RFC 5280 4.2 per extension: must (or should) be critical, or
 * must not be. The registry rows differ only in these three values. */
static enum sweep_check criticality(const struct sweep_cert *c, const uint8_t *oid, size_t len, int want_critical,
				    const char *name, struct sweep_buf *details)
{
	const struct sweep_ext *e = sweep_cert_ext(c, oid, len);

	if (!e || (e->critical != 0) == want_critical)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "%s is %scritical", name, e->critical ? "" : "not ");
	return SWEEP_CHECK_FAIL;
}

#define CRITICALITY_CHECK(fn, oid, want, label)                                                                        \
	SWEEP_CHECK_DECL(fn)                                                                                           \
	{                                                                                                              \
		(void)cfg;                                                                                             \
		return criticality(cert, oid, sizeof(oid), want, label, details);                                      \
	}

CRITICALITY_CHECK(sweep_check_skid_critical, OID_EXT_SKID, 0, "subjectKeyIdentifier")
CRITICALITY_CHECK(sweep_check_akid_critical, OID_EXT_AKID, 0, "authorityKeyIdentifier")
CRITICALITY_CHECK(sweep_check_aia_critical, OID_EXT_AIA, 0, "authorityInformationAccess")
CRITICALITY_CHECK(sweep_check_sia_critical, OID_EXT_SIA, 0, "subjectInformationAccess")
CRITICALITY_CHECK(sweep_check_freshest_crl_critical, OID_EXT_FRESHEST_CRL, 0, "freshestCRL")
CRITICALITY_CHECK(sweep_check_subject_dir_attr_critical, OID_EXT_SUBJECT_DIR_ATTR, 0, "subjectDirectoryAttributes")
CRITICALITY_CHECK(sweep_check_crldp_critical, OID_EXT_CRLDP, 0, "cRLDistributionPoints")
CRITICALITY_CHECK(sweep_check_ian_critical, OID_EXT_IAN, 0, "issuerAltName")
CRITICALITY_CHECK(sweep_check_policy_constraints_not_critical, OID_EXT_POLICY_CONSTRAINTS, 1, "policyConstraints")
CRITICALITY_CHECK(sweep_check_inhibit_any_not_critical, OID_EXT_INHIBIT_ANY, 1, "inhibitAnyPolicy")
CRITICALITY_CHECK(sweep_check_policy_map_not_critical, OID_EXT_POLICY_MAPPINGS, 1, "policyMappings")
CRITICALITY_CHECK(sweep_check_name_constraints_not_critical, OID_EXT_NAME_CONSTRAINTS, 1, "nameConstraints")

/* RFC 5280 4.2.1.12: SHOULD NOT be critical when anyExtendedKeyUsage is present. */
SWEEP_CHECK_DECL(sweep_check_eku_any_critical)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_EKU);

	(void)cfg;
	return sweep_forbid(e && e->critical && EKU_HAS(cert, OID_EKU_ANY),
			    "extKeyUsage with anyExtendedKeyUsage is critical", details);
}

/* RFC 5280 4.1.2.8: issuerUniqueID [1] and subjectUniqueID [2] follow the
 * subjectPublicKeyInfo; the decoder skips them, so look for them here. */
SWEEP_CHECK_DECL(sweep_check_unique_identifier)
{
	struct der_cursor tbs = der_cursor_of(cert->tbs, cert->tbs_len), in;
	struct der_tlv t, f;

	(void)cfg;
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		return SWEEP_CHECK_FATAL;
	in = der_inside(&t);
	while (in.len) {
		if (der_next(&in, &f))
			return SWEEP_CHECK_FATAL;
		if (f.tag == DER_CONTEXT(1) || f.tag == DER_CONTEXT(2)) {
			sweep_buf_printf(details, "%s present",
					 f.tag == DER_CONTEXT(1) ? "issuerUniqueID" : "subjectUniqueID");
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

/* RFC 5280 4.1.2.6: an empty subject needs subjectAltName. */
SWEEP_CHECK_DECL(sweep_check_subject_empty_without_san)
{
	(void)cfg;
	return sweep_forbid(cert->subject.n == 0 && !cert->has_san, "empty subject and no subjectAltName", details);
}

/* --- certificatePolicies: RFC 5280 4.2.1.4, RFC 6818 3, BR v2 7.1.2.7.9 --- */

enum policy_finding {
	POL_DUPLICATE = 1u << 0,	 /* a policy OID twice */
	POL_ANY_QUALIFIER = 1u << 1,	 /* anyPolicy with a qualifier other than CPS / user notice */
	POL_TEXT_TOO_LONG = 1u << 2,	 /* explicitText over 200 characters */
	POL_TEXT_IA5 = 1u << 3,		 /* explicitText as IA5String */
	POL_NOTICE_REF = 1u << 4,	 /* noticeRef used */
	POL_TEXT_CONTROL = 1u << 5,	 /* explicitText with control characters */
	POL_QUALIFIER_NOT_CPS = 1u << 6, /* a qualifier other than id-qt-cps */
	POL_CPS_NOT_HTTP = 1u << 7,	 /* cPSuri not http:// or https:// */
	POL_TEXT_NOT_UTF8 = 1u << 8,	 /* explicitText other than UTF8String */
};

static int count_chars(const struct der_tlv *t)
{
	if (t->tag == DER_BMPSTRING)
		return (int)(t->len / 2);
	if (t->tag != DER_UTF8STRING)
		return (int)t->len;
	int n = 0;
	for (size_t i = 0; i < t->len; i++)
		n += (t->val[i] & 0xc0) != 0x80;
	return n;
}

static int has_control(const struct der_tlv *t)
{
	size_t step = t->tag == DER_BMPSTRING ? 2 : 1;
	for (size_t i = step - 1; i < t->len; i += step)
		if ((t->val[i] < 0x20 && (step == 1 || t->val[i - 1] == 0)) || (t->val[i] == 0x7f))
			return 1;
	return 0;
}

static unsigned user_notice(const struct der_tlv *q)
{
	struct der_cursor in = der_inside(q);
	struct der_tlv t;
	unsigned found = 0;

	while (in.len && der_next(&in, &t) == 0) {
		if (t.tag == DER_SEQUENCE) {
			found |= POL_NOTICE_REF;
			continue;
		}
		if (count_chars(&t) > 200)
			found |= POL_TEXT_TOO_LONG;
		if (t.tag == DER_IA5STRING)
			found |= POL_TEXT_IA5;
		if (t.tag != DER_UTF8STRING)
			found |= POL_TEXT_NOT_UTF8;
		if (has_control(&t))
			found |= POL_TEXT_CONTROL;
	}
	return found;
}

/* All findings of the certificatePolicies extension, or -1 when it does not decode. */
static int policy_findings(const struct sweep_cert *c)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_POLICIES);
	struct der_cursor cur, seq;
	struct der_tlv outer, pi, oid, quals, pqi, qid, q;
	unsigned found = 0;

	if (!e)
		return 0;
	for (size_t i = 0; i < c->n_policies; i++)
		for (size_t j = i + 1; j < c->n_policies; j++)
			if (c->policies[i].len == c->policies[j].len &&
			    memcmp(c->policies[i].oid, c->policies[j].oid, c->policies[i].len) == 0)
				found |= POL_DUPLICATE;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &outer))
		return -1;
	seq = der_inside(&outer);
	while (seq.len) {
		if (der_expect(&seq, DER_SEQUENCE, &pi))
			return -1;
		struct der_cursor in = der_inside(&pi);
		if (der_expect(&in, DER_OID, &oid))
			return -1;
		int any = SWEEP_OID_EQ(oid.val, oid.len, OID_ANY_POLICY);
		if (der_optional(&in, DER_SEQUENCE, &quals))
			continue;
		struct der_cursor qs = der_inside(&quals);
		while (qs.len) {
			if (der_expect(&qs, DER_SEQUENCE, &pqi))
				return -1;
			struct der_cursor qi = der_inside(&pqi);
			if (der_expect(&qi, DER_OID, &qid) || der_next(&qi, &q))
				return -1;
			int cps = SWEEP_OID_EQ(qid.val, qid.len, OID_QT_CPS);
			int unotice = SWEEP_OID_EQ(qid.val, qid.len, OID_QT_UNOTICE);
			if (!cps)
				found |= POL_QUALIFIER_NOT_CPS;
			if (any && !cps && !unotice)
				found |= POL_ANY_QUALIFIER;
			if (cps && !(q.tag == DER_IA5STRING && ((q.len > 7 && memcmp(q.val, "http://", 7) == 0) ||
								(q.len > 8 && memcmp(q.val, "https://", 8) == 0))))
				found |= POL_CPS_NOT_HTTP;
			if (unotice && q.tag == DER_SEQUENCE)
				found |= user_notice(&q);
		}
	}
	return (int)found;
}

static enum sweep_check policy_rule(const struct sweep_cert *c, unsigned bit, const char *what,
				    struct sweep_buf *details)
{
	int f = policy_findings(c);

	if (f < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_forbid((unsigned)f & bit, what, details);
}

#define POLICY_CHECK(fn, bit, what)                                                                                    \
	SWEEP_CHECK_DECL(fn)                                                                                           \
	{                                                                                                              \
		(void)cfg;                                                                                             \
		return policy_rule(cert, bit, what, details);                                                          \
	}

POLICY_CHECK(sweep_check_policy_duplicate, POL_DUPLICATE, "a policy OID appears more than once")
POLICY_CHECK(sweep_check_policy_any_qualifier, POL_ANY_QUALIFIER,
	     "anyPolicy with a qualifier other than CPS pointer or user notice")
POLICY_CHECK(sweep_check_policy_text_too_long, POL_TEXT_TOO_LONG, "explicitText longer than 200 characters")
POLICY_CHECK(sweep_check_policy_text_ia5, POL_TEXT_IA5, "explicitText encoded as IA5String")
POLICY_CHECK(sweep_check_policy_notice_ref, POL_NOTICE_REF, "userNotice with noticeRef")
POLICY_CHECK(sweep_check_policy_text_control, POL_TEXT_CONTROL, "explicitText with control characters")
POLICY_CHECK(sweep_check_policy_text_not_utf8, POL_TEXT_NOT_UTF8, "explicitText not encoded as UTF8String")
POLICY_CHECK(sweep_check_policy_qualifier_not_cps, POL_QUALIFIER_NOT_CPS, "a policy qualifier other than id-qt-cps")
POLICY_CHECK(sweep_check_policy_cps_not_http, POL_CPS_NOT_HTTP, "a cPSuri that is not an http:// or https:// URL")
