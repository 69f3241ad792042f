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

/* --- policyMappings and policyConstraints (RFC 5280 4.2.1.5, 4.2.1.11) --- */

static int cert_has_policy(const struct sweep_cert *c, const uint8_t *oid, size_t len)
{
	for (size_t i = 0; i < c->n_policies; i++)
		if (c->policies[i].len == len && memcmp(c->policies[i].oid, oid, len) == 0)
			return 1;
	return 0;
}

/* Returns 1 (a mapping to or from anyPolicy), 2 (an issuerDomainPolicy not
 * asserted in certificatePolicies), 3 (both), 0, or -1 on bad DER. */
static int policy_mapping_findings(const struct sweep_cert *c)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_POLICY_MAPPINGS);
	struct der_cursor cur, in;
	struct der_tlv seq, m, idp, sdp;
	int f = 0;

	if (!e)
		return 0;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return -1;
	in = der_inside(&seq);
	while (in.len) {
		if (der_expect(&in, DER_SEQUENCE, &m))
			return -1;
		struct der_cursor p = der_inside(&m);
		if (der_expect(&p, DER_OID, &idp) || der_expect(&p, DER_OID, &sdp))
			return -1;
		if (SWEEP_OID_EQ(idp.val, idp.len, OID_ANY_POLICY) || SWEEP_OID_EQ(sdp.val, sdp.len, OID_ANY_POLICY))
			f |= 1;
		if (!cert_has_policy(c, idp.val, idp.len))
			f |= 2;
	}
	return f;
}

SWEEP_CHECK_DECL(sweep_check_policy_map_any_policy)
{
	int f = policy_mapping_findings(cert);

	(void)cfg;
	if (f < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_forbid(f & 1, "policyMappings maps to or from anyPolicy", details);
}

SWEEP_CHECK_DECL(sweep_check_policy_map_not_in_policies)
{
	int f = policy_mapping_findings(cert);

	(void)cfg;
	if (f < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_forbid(f & 2, "an issuerDomainPolicy of policyMappings is not in certificatePolicies", details);
}

SWEEP_CHECK_DECL(sweep_check_policy_constraints_empty)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_POLICY_CONSTRAINTS);

	(void)cfg;
	return sweep_forbid(e && e->len == 2 && e->val[0] == DER_SEQUENCE && e->val[1] == 0,
			    "policyConstraints is an empty SEQUENCE", details);
}

/* --- nameConstraints (RFC 5280 4.2.1.10) --- */

enum nc_finding {
	NC_EMPTY = 1u << 0,   /* neither subtree list, or an empty one */
	NC_MINIMUM = 1u << 1, /* minimum present (it MUST be 0, the DEFAULT) */
	NC_MAXIMUM = 1u << 2, /* maximum present */
	NC_X400 = 1u << 3,
	NC_EDI = 1u << 4,
	NC_REGID = 1u << 5,
};

static int nc_findings(const struct sweep_cert *c)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_NAME_CONSTRAINTS);
	struct der_cursor cur, in;
	struct der_tlv seq, trees, st;
	unsigned f = 0;
	int lists = 0;

	if (!e)
		return 0;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return -1;
	in = der_inside(&seq);
	while (in.len) {
		if (der_next(&in, &trees))
			return -1;
		lists++;
		if (trees.len == 0)
			f |= NC_EMPTY;
		struct der_cursor t = der_inside(&trees);
		while (t.len) {
			if (der_expect(&t, DER_SEQUENCE, &st))
				return -1;
			struct der_cursor s = der_inside(&st);
			struct der_tlv base, opt;
			if (der_next(&s, &base))
				return -1;
			unsigned tag = base.tag & 0x1f;
			f |= tag == 3 ? NC_X400 : tag == 5 ? NC_EDI : tag == 8 ? NC_REGID : 0;
			while (s.len) {
				if (der_next(&s, &opt))
					return -1;
				f |= opt.tag == DER_CONTEXT(0)	 ? NC_MINIMUM
				     : opt.tag == DER_CONTEXT(1) ? NC_MAXIMUM
								 : 0;
			}
		}
	}
	if (lists == 0)
		f |= NC_EMPTY;
	return (int)f;
}

static enum sweep_check nc_rule(const struct sweep_cert *c, unsigned bit, const char *what, struct sweep_buf *details)
{
	int f = nc_findings(c);

	if (f < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_forbid((unsigned)f & bit, what, details);
}

#define NC_CHECK(fn, bit, what)                                                                                        \
	SWEEP_CHECK_DECL(fn)                                                                                           \
	{                                                                                                              \
		(void)cfg;                                                                                             \
		return nc_rule(cert, bit, what, details);                                                              \
	}

NC_CHECK(sweep_check_nc_empty, NC_EMPTY, "nameConstraints without permitted or excluded subtrees")
NC_CHECK(sweep_check_nc_minimum, NC_MINIMUM, "a GeneralSubtree with minimum")
NC_CHECK(sweep_check_nc_maximum, NC_MAXIMUM, "a GeneralSubtree with maximum")
NC_CHECK(sweep_check_nc_x400, NC_X400, "a name constraint on x400Address")
NC_CHECK(sweep_check_nc_edi, NC_EDI, "a name constraint on ediPartyName")
NC_CHECK(sweep_check_nc_regid, NC_REGID, "a name constraint on registeredID")

/* --- cRLDistributionPoints and AIA locations (RFC 5280 4.2.1.13, 4.2.2.1) --- */

/* 1: a DistributionPoint with neither distributionPoint nor cRLIssuer;
 * 2: a DistributionPointName without an LDAP or HTTP URI; -1 bad DER. */
static int dp_findings(const struct sweep_cert *c)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_CRLDP);
	struct der_cursor cur, in;
	struct der_tlv seq, dp, f;
	int out = 0;

	if (!e)
		return 0;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return -1;
	in = der_inside(&seq);
	while (in.len) {
		if (der_expect(&in, DER_SEQUENCE, &dp))
			return -1;
		struct der_cursor d = der_inside(&dp);
		int name = 0, issuer = 0, uri = 0;
		while (d.len) {
			if (der_next(&d, &f))
				return -1;
			if (f.tag == DER_CONTEXT_CONS(2))
				issuer = 1;
			if (f.tag != DER_CONTEXT_CONS(0))
				continue;
			name = 1;
			struct der_cursor dpn = der_inside(&f);
			struct der_tlv full, gn;
			if (der_next(&dpn, &full))
				return -1;
			if (full.tag != DER_CONTEXT_CONS(0)) {
				uri = 1; /* nameRelativeToCRLIssuer: no URI expected */
				continue;
			}
			struct der_cursor g = der_inside(&full);
			while (g.len) {
				if (der_next(&g, &gn))
					return -1;
				if (gn.tag == DER_CONTEXT(6) && ((gn.len > 7 && memcmp(gn.val, "http://", 7) == 0) ||
								 (gn.len > 7 && memcmp(gn.val, "ldap://", 7) == 0)))
					uri = 1;
			}
		}
		if (!name && !issuer)
			out |= 1;
		if (name && !uri)
			out |= 2;
	}
	return out;
}

SWEEP_CHECK_DECL(sweep_check_dp_incomplete)
{
	int f = dp_findings(cert);

	(void)cfg;
	if (f < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_forbid(f & 1, "a DistributionPoint with neither distributionPoint nor cRLIssuer", details);
}

SWEEP_CHECK_DECL(sweep_check_dp_no_ldap_or_uri)
{
	int f = dp_findings(cert);

	(void)cfg;
	if (f < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_forbid(f & 2, "a DistributionPoint fullName without an HTTP or LDAP URI", details);
}

/* RFC 5280 4.2.2.1: id-ad-caIssuers SHOULD include an HTTP or LDAP URI. */
SWEEP_CHECK_DECL(sweep_check_aia_ca_issuers_location)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_AIA);
	struct der_cursor cur, in;
	struct der_tlv seq, ad, method, loc;
	int ca_issuers = 0, good = 0;

	(void)cfg;
	if (!e)
		return SWEEP_CHECK_PASS;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return SWEEP_CHECK_FATAL;
	in = der_inside(&seq);
	while (in.len) {
		if (der_expect(&in, DER_SEQUENCE, &ad))
			return SWEEP_CHECK_FATAL;
		struct der_cursor a = der_inside(&ad);
		if (der_expect(&a, DER_OID, &method) || der_next(&a, &loc))
			return SWEEP_CHECK_FATAL;
		if (!SWEEP_OID_EQ(method.val, method.len, OID_AD_CA_ISSUERS))
			continue;
		ca_issuers = 1;
		if (loc.tag == DER_CONTEXT(6) && loc.len > 7 &&
		    (memcmp(loc.val, "http://", 7) == 0 || memcmp(loc.val, "ldap://", 7) == 0))
			good = 1;
	}
	return sweep_forbid(ca_issuers && !good, "id-ad-caIssuers without an HTTP or LDAP URI", details);
}
