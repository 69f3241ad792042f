/* EV Guidelines lints. */
#include "certsweep/name.h"
#include "certsweep/oid.h"
#include "checks.h"

#include <string.h>

int sweep_applies_ev_or_jurisdiction(const struct sweep_cert *cert)
{
	if (cert->type == SWEEP_TYPE_EV)
		return 1;
	return sweep_name_find(&cert->subject, OID_AT_JUR_C, sizeof(OID_AT_JUR_C)) ||
	       sweep_name_find(&cert->subject, OID_AT_JUR_ST, sizeof(OID_AT_JUR_ST)) ||
	       sweep_name_find(&cert->subject, OID_AT_JUR_L, sizeof(OID_AT_JUR_L));
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
