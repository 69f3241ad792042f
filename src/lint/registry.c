/* The lint registry. One row per lint; the row is the whole metadata. */
#include "certsweep/der.h"
#include "certsweep/lint.h"
#include "checks.h"

#include <string.h>

static const struct sweep_lint registry[] = {
	{
		.name = "e_subject_attribute_value_embedded_rdn",
		.description = "A subject attribute value contains text shaped like another RDN "
			       "(\", C=JP\", \"/O=...\", \"+CN=\"): the attribute does not hold only its own "
			       "information. Not flagged by zlint, pkilint or pkimetal at the time of the "
			       "SECOM stateOrProvinceName incident.",
		.source = "BR",
		.citation = "BR 7.1.2.7.4 (v2.0.0), BR 7.1.4.2.2 (v1.x); RFC 5280 4.1.2.6",
		.effective = 20120701, /* BR v1.0 effective date */
		.applies = sweep_applies_all,
		.check = sweep_check_subject_embedded_rdn,
	},
	{
		.name = "e_ev_jurisdiction_level_inconsistent",
		.description = "EV jurisdiction fields must form one registration level: country (C), "
			       "state (C+ST) or locality (C+ST+L). Locality without state, state without "
			       "country, or fields below (or short of) the level declared with "
			       "--joi-level CC=country|state|locality are errors.",
		.source = "EV",
		.citation = "EV Guidelines 9.2.4",
		.effective = 20070612, /* EV Guidelines v1.0 */
		.applies = sweep_applies_ev_or_jurisdiction,
		.check = sweep_check_ev_jurisdiction_level,
	},
};

const struct sweep_lint *sweep_lint_registry(size_t *n_out)
{
	*n_out = sizeof(registry) / sizeof(registry[0]);
	return registry;
}

const struct sweep_lint *sweep_lint_find(const char *name)
{
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(registry[i].name, name) == 0)
			return &registry[i];
	return NULL;
}

enum sweep_result sweep_lint_severity(const struct sweep_lint *lint)
{
	switch (lint->name[0]) {
	case 'e': return SWEEP_R_ERROR;
	case 'w': return SWEEP_R_WARN;
	default: return SWEEP_R_NOTICE;
	}
}

static const char *const result_names[] = { "NA", "NE", "pass", "notice", "warn", "error", "fatal" };

const char *sweep_result_name(enum sweep_result r)
{
	return (unsigned)r < sizeof(result_names) / sizeof(result_names[0]) ? result_names[r] : "?";
}

int sweep_result_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(result_names) / sizeof(result_names[0]); i++)
		if (strcmp(result_names[i], s) == 0)
			return (int)i;
	if (strcmp(s, "warning") == 0)
		return SWEEP_R_WARN;
	return -1;
}

unsigned sweep_yyyymmdd(int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int y;
	unsigned m, d;

	sweep_civil_from_days(days, &y, &m, &d);
	if (y < 0)
		return 0;
	return (unsigned)y * 10000 + m * 100 + d;
}

enum sweep_result sweep_lint_run(const struct sweep_lint *lint, const struct sweep_cert *cert,
				 const struct sweep_lint_config *cfg, int64_t as_of, struct sweep_buf *details)
{
	unsigned day;

	if (!lint->applies(cert))
		return SWEEP_R_NA;
	day = sweep_yyyymmdd(as_of);
	if (day < lint->effective || (lint->ineffective && day >= lint->ineffective))
		return SWEEP_R_NE;
	switch (lint->check(cert, cfg, details)) {
	case SWEEP_CHECK_PASS: return SWEEP_R_PASS;
	case SWEEP_CHECK_FAIL: return sweep_lint_severity(lint);
	default: return SWEEP_R_FATAL;
	}
}
