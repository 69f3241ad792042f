/* What the subject says, beyond its encoding: placeholder values, reserved
 * IP addresses in commonName, the attributes each CA/B Forum policy OID
 * requires (BR 7.1.6.1, 7.1.4.2.2), and the EV validity limit. */
#include "checks.h"

#include <arpa/inet.h>
#include <ctype.h>

/* BR 7.1.4.2.2(j): no metadata such as ".", "-" or " " saying that a
 * value is absent, incomplete or not applicable. */
static int placeholder(const uint8_t *v, size_t n)
{
	static const char *const words[] = {"n/a", "n.a.", "not applicable", "none"};
	size_t punct = 0;

	for (size_t i = 0; i < n; i++)
		punct += v[i] == '.' || v[i] == '-' || v[i] == ' ' || v[i] == '_' || v[i] == '/';
	if (n > 0 && punct == n)
		return 1;
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		size_t wl = strlen(words[k]);
		if (n != wl)
			continue;
		size_t i = 0;
		while (i < n && tolower(v[i]) == words[k][i])
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_subject_noninformational)
{
	char label[64];

	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		if (a->tag == DER_BMPSTRING || a->tag == DER_UNIVERSALSTRING)
			continue;
		if (placeholder(a->val, a->len)) {
			sweep_buf_printf(details, "%s holds the placeholder \"%.*s\"", sweep_attr_label(a, label),
					 (int)a->len, (const char *)a->val);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

/* IANA special-purpose ranges (RFC 6890 and the registries it created). */
int sweep_ipv4_reserved(const uint8_t a[4])
{
	uint32_t x = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
	static const struct {
		uint32_t net;
		unsigned bits;
	} r[] = {
		{0x00000000, 8},  {0x0a000000, 8},  {0x64400000, 10}, {0x7f000000, 8},	{0xa9fe0000, 16},
		{0xac100000, 12}, {0xc0000000, 24}, {0xc0000200, 24}, {0xc0586300, 24}, {0xc0a80000, 16},
		{0xc6120000, 15}, {0xc6336400, 24}, {0xcb007100, 24}, {0xe0000000, 4},	{0xf0000000, 4},
	};
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if ((x >> (32 - r[i].bits)) == (r[i].net >> (32 - r[i].bits)))
			return 1;
	return 0;
}

int sweep_ipv6_reserved(const uint8_t a[16])
{
	static const uint8_t zero[16], mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (memcmp(a, zero, 15) == 0 && a[15] <= 1) /* :: and ::1 */
		return 1;
	if (memcmp(a, mapped, 12) == 0) /* ::ffff:0:0/96 */
		return 1;
	if ((a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
	    a[0] == 0xff) /* ULA, link-local, multicast */
		return 1;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) /* 2001:db8::/32 documentation */
		return 1;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] < 0x02) /* 2001::/23 IETF protocol assignments */
		return 1;
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_subject_cn_reserved_ip)
{
	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		char text[64];
		uint8_t addr[16];
		if (!ATTR_IS(a, OID_AT_CN) || a->len == 0 || a->len >= sizeof(text))
			continue;
		memcpy(text, a->val, a->len);
		text[a->len] = '\0';
		if ((inet_pton(AF_INET, text, addr) == 1 && sweep_ipv4_reserved(addr)) ||
		    (inet_pton(AF_INET6, text, addr) == 1 && sweep_ipv6_reserved(addr))) {
			sweep_buf_printf(details, "commonName %s is a reserved IP address", text);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

int sweep_applies_iv(const struct sweep_cert *cert)
{
	return cert->type == SWEEP_TYPE_IV;
}

int sweep_applies_ov_or_iv(const struct sweep_cert *cert)
{
	return cert->type == SWEEP_TYPE_OV || cert->type == SWEEP_TYPE_IV;
}

SWEEP_CHECK_DECL(sweep_check_policy_requires_country)
{
	(void)cfg;
	return sweep_require(NAME_HAS(&cert->subject, OID_AT_C), "OV/IV certificate without countryName", details);
}

SWEEP_CHECK_DECL(sweep_check_policy_requires_place)
{
	(void)cfg;
	return sweep_require(NAME_HAS(&cert->subject, OID_AT_L) || NAME_HAS(&cert->subject, OID_AT_ST),
			     "OV/IV certificate with neither localityName nor stateOrProvinceName", details);
}

SWEEP_CHECK_DECL(sweep_check_iv_personal_name)
{
	(void)cfg;
	return sweep_require(NAME_HAS(&cert->subject, OID_AT_O) || (NAME_HAS(&cert->subject, OID_AT_GIVEN_NAME) &&
								    NAME_HAS(&cert->subject, OID_AT_SURNAME)),
			     "IV certificate with neither organizationName nor givenName and surname", details);
}

SWEEP_CHECK_DECL(sweep_check_given_name_without_iv)
{
	(void)cfg;
	return sweep_forbid((NAME_HAS(&cert->subject, OID_AT_GIVEN_NAME) || NAME_HAS(&cert->subject, OID_AT_SURNAME)) &&
				    cert->type != SWEEP_TYPE_IV && cert->type != SWEEP_TYPE_EV,
			    "givenName or surname without the IV policy 2.23.140.1.2.3", details);
}

/* EV Guidelines 9.4 (until ballot 193): at most 27 months, by the calendar. */
SWEEP_CHECK_DECL(sweep_check_ev_validity_27_months)
{
	int y;
	unsigned m, d;
	int64_t day = cert->not_before >= 0 ? cert->not_before / 86400 : -((-cert->not_before + 86399) / 86400);
	int64_t secs = cert->not_before - day * 86400;

	(void)cfg;
	sweep_civil_from_days(day, &y, &m, &d);
	m += 27;
	y += (int)((m - 1) / 12);
	m = (m - 1) % 12 + 1;
	if (d > 28) {
		/* clamp to the end of the target month */
		int64_t next = sweep_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
		int64_t last = next - sweep_days_from_civil(y, m, 1);
		if (d > last)
			d = (unsigned)last;
	}
	int64_t limit = sweep_days_from_civil(y, m, d) * 86400 + secs;
	if (cert->not_after <= limit)
		return SWEEP_CHECK_PASS;
	sweep_buf_puts(details, "EV certificate valid for more than 27 months");
	return SWEEP_CHECK_FAIL;
}

/* BR 7.1.4.2.2(d)-(g) (v1): the address fields follow organizationName,
 * givenName or surname: required with them, forbidden without them. */
static int has_name_holder(const struct sweep_cert *c)
{
	return NAME_HAS(&c->subject, OID_AT_O) || NAME_HAS(&c->subject, OID_AT_GIVEN_NAME) ||
	       NAME_HAS(&c->subject, OID_AT_SURNAME);
}

SWEEP_CHECK_DECL(sweep_check_locality_must_appear)
{
	(void)cfg;
	return sweep_forbid(
		has_name_holder(cert) && !NAME_HAS(&cert->subject, OID_AT_ST) && !NAME_HAS(&cert->subject, OID_AT_L),
		"organizationName, givenName or surname without localityName or stateOrProvinceName", details);
}

SWEEP_CHECK_DECL(sweep_check_country_must_appear)
{
	(void)cfg;
	return sweep_forbid(has_name_holder(cert) && !NAME_HAS(&cert->subject, OID_AT_C),
			    "organizationName, givenName or surname without countryName", details);
}

static enum sweep_check must_not_appear(const struct sweep_cert *c, const uint8_t *oid, size_t len, const char *what,
					struct sweep_buf *details)
{
	if (has_name_holder(c) || !sweep_name_find(&c->subject, oid, len))
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "%s without organizationName, givenName or surname", what);
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_locality_must_not_appear)
{
	(void)cfg;
	return must_not_appear(cert, OID_AT_L, sizeof(OID_AT_L), "localityName", details);
}

SWEEP_CHECK_DECL(sweep_check_province_must_not_appear)
{
	(void)cfg;
	return must_not_appear(cert, OID_AT_ST, sizeof(OID_AT_ST), "stateOrProvinceName", details);
}

SWEEP_CHECK_DECL(sweep_check_postal_must_not_appear)
{
	(void)cfg;
	return must_not_appear(cert, OID_AT_POSTAL_CODE, sizeof(OID_AT_POSTAL_CODE), "postalCode", details);
}

SWEEP_CHECK_DECL(sweep_check_street_must_not_appear)
{
	(void)cfg;
	return must_not_appear(cert, OID_AT_STREET, sizeof(OID_AT_STREET), "streetAddress", details);
}

/* BR v2 7.1.2.7.2: a DV subject holds countryName and commonName at most. */
SWEEP_CHECK_DECL(sweep_check_dv_subject_v2)
{
	char label[64];

	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		if (ATTR_IS(a, OID_AT_C) || ATTR_IS(a, OID_AT_CN))
			continue;
		sweep_buf_printf(details, "DV subject holds %s", sweep_attr_label(a, label));
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_multiple_rdn)
{
	(void)cfg;
	for (size_t i = 1; i < cert->subject.n; i++)
		if (cert->subject.attrs[i].rdn == cert->subject.attrs[i - 1].rdn)
			return sweep_forbid(1, "a subject RDN holds more than one attribute", details);
	return SWEEP_CHECK_PASS;
}

/* BR v2 7.1.2.10.2: no organizationalUnitName in root or subordinate CA certificates. */
SWEEP_CHECK_DECL(sweep_check_ca_ou_present)
{
	(void)cfg;
	return sweep_forbid(NAME_HAS(&cert->subject, OID_AT_OU), "CA subject with organizationalUnitName", details);
}
