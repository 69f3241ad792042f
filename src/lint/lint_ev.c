/* EV Guidelines lints. */
#include "checks.h"

#include <stdio.h>

int sweep_applies_ev(const struct sweep_cert *cert)
{
	return !cert->is_ca && cert->type == SWEEP_TYPE_EV;
}

int sweep_applies_ev_or_jurisdiction(const struct sweep_cert *cert)
{
	if (cert->type == SWEEP_TYPE_EV && !cert->is_ca)
		return 1;
	return NAME_HAS(&cert->subject, OID_AT_JUR_C) || NAME_HAS(&cert->subject, OID_AT_JUR_ST) ||
	       NAME_HAS(&cert->subject, OID_AT_JUR_L);
}

static const char *level_name(enum sweep_joi_level l)
{
	return l == SWEEP_JOI_COUNTRY ? "country" : l == SWEEP_JOI_STATE ? "state" : "locality";
}

/* EV Guidelines 9.2.4: country level C; state level C+ST; locality level C+ST+L. */
SWEEP_CHECK_DECL(sweep_check_ev_jurisdiction_level)
{
	const struct sweep_attr *c = sweep_name_find(&cert->subject, OID_AT_JUR_C, sizeof(OID_AT_JUR_C));
	const struct sweep_attr *st = sweep_name_find(&cert->subject, OID_AT_JUR_ST, sizeof(OID_AT_JUR_ST));
	const struct sweep_attr *l = sweep_name_find(&cert->subject, OID_AT_JUR_L, sizeof(OID_AT_JUR_L));

	if (!c) {
		sweep_buf_puts(details, st || l ? "jurisdiction fields without jurisdictionCountryName"
						: "EV certificate without jurisdictionCountryName");
		return SWEEP_CHECK_FAIL;
	}
	if (l && !st) {
		sweep_buf_puts(details, "jurisdictionLocalityName without jurisdictionStateOrProvinceName");
		return SWEEP_CHECK_FAIL;
	}
	enum sweep_joi_level have = l ? SWEEP_JOI_LOCALITY : st ? SWEEP_JOI_STATE : SWEEP_JOI_COUNTRY;
	for (size_t i = 0; cfg && i < cfg->n_joi; i++) {
		const struct sweep_joi_rule *r = &cfg->joi[i];
		if (c->len != 2 || memcmp(c->val, r->country, 2) != 0)
			continue;
		if (have != r->level) {
			sweep_buf_printf(details,
					 "jurisdiction fields go to %s level but registration in %s is at %s level",
					 level_name(have), r->country, level_name(r->level));
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

static enum sweep_check require(const struct sweep_cert *c, const uint8_t *oid, size_t len, const char *what,
				struct sweep_buf *d)
{
	if (!sweep_name_find(&c->subject, oid, len)) {
		sweep_buf_printf(d, "EV certificate without %s", what);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_ev_missing_org)
{
	(void)cfg;
	return require(cert, OID_AT_O, sizeof(OID_AT_O), "organizationName (EVG 9.2.1)", details);
}

SWEEP_CHECK_DECL(sweep_check_ev_missing_business_category)
{
	(void)cfg;
	return require(cert, OID_AT_BUSINESS_CATEGORY, sizeof(OID_AT_BUSINESS_CATEGORY), "businessCategory", details);
}

SWEEP_CHECK_DECL(sweep_check_ev_missing_serial_number)
{
	(void)cfg;
	return require(cert, OID_AT_SERIAL, sizeof(OID_AT_SERIAL), "serialNumber (registration number)", details);
}

SWEEP_CHECK_DECL(sweep_check_ev_missing_country)
{
	(void)cfg;
	return require(cert, OID_AT_C, sizeof(OID_AT_C), "countryName", details);
}

SWEEP_CHECK_DECL(sweep_check_ev_missing_locality)
{
	(void)cfg;
	return require(cert, OID_AT_L, sizeof(OID_AT_L), "localityName", details);
}

SWEEP_CHECK_DECL(sweep_check_ev_business_category_value)
{
	static const char *const ok[] = { "Private Organization", "Government Entity", "Business Entity",
					  "Non-Commercial Entity" };
	const struct sweep_attr *a =
		sweep_name_find(&cert->subject, OID_AT_BUSINESS_CATEGORY, sizeof(OID_AT_BUSINESS_CATEGORY));

	(void)cfg;
	if (!a)
		return SWEEP_CHECK_PASS; /* e_ev_business_category_missing says so */
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strlen(ok[i]) == a->len && memcmp(ok[i], a->val, a->len) == 0)
			return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "businessCategory \"%.*s\" is none of the four EVG 9.2.3 values",
			 (int)(a->len > 64 ? 64 : a->len), (const char *)a->val);
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_ev_wildcard)
{
	(void)cfg;
	for (size_t i = 0; i < cert->n_san; i++) {
		if (cert->san[i].tag == 2 && memchr(cert->san[i].val, '*', cert->san[i].len)) {
			sweep_buf_printf(details, "EV certificate with wildcard dNSName %.*s", (int)cert->san[i].len,
					 (const char *)cert->san[i].val);
			return SWEEP_CHECK_FAIL;
		}
	}
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		if (ATTR_IS(a, OID_AT_CN) && memchr(a->val, '*', a->len)) {
			sweep_buf_puts(details, "EV certificate with a wildcard commonName");
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}
