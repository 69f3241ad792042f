/* The lint registry: one static table of rows (src/lint/registry.c). */
#ifndef CERTSWEEP_LINT_H
#define CERTSWEEP_LINT_H

#include "certsweep/buf.h"
#include "certsweep/cert.h"

/* zlint's result states, in increasing order of severity. */
enum sweep_result {
	SWEEP_R_NA = 0, /* does not apply to this certificate */
	SWEEP_R_NE,     /* rule not in force at the as-of date */
	SWEEP_R_PASS,
	SWEEP_R_NOTICE,
	SWEEP_R_WARN,
	SWEEP_R_ERROR,
	SWEEP_R_FATAL, /* the lint could not evaluate the certificate */
};

/* Jurisdiction registration level declared for a country (--joi-level CC=level). */
enum sweep_joi_level { SWEEP_JOI_COUNTRY = 1, SWEEP_JOI_STATE, SWEEP_JOI_LOCALITY };

struct sweep_joi_rule {
	char country[3];
	enum sweep_joi_level level;
};

/* Configuration some lints take; owned by the caller. */
struct sweep_lint_config {
	const struct sweep_joi_rule *joi;
	size_t n_joi;
	/* --ev-oid OID (repeatable): dotted policy OIDs that make a certificate EV,
	 * besides 2.23.140.1.1 and the built-in CA table (sweep_ev_policies()). */
	const char *const *ev_oids;
	size_t n_ev_oids;
};

/* What a check says: pass, fail (mapped to the lint's severity), or that it
 * could not evaluate the certificate (fatal). */
enum sweep_check { SWEEP_CHECK_PASS = 0, SWEEP_CHECK_FAIL, SWEEP_CHECK_FATAL };

struct sweep_lint {
	const char *name;        /* e_ / w_ / n_ prefix gives the severity */
	const char *description;
	const char *source;      /* BR, EV, RFC5280, Mozilla, community */
	const char *citation;
	unsigned effective;      /* YYYYMMDD: issued on or after this date */
	unsigned ineffective;    /* YYYYMMDD: rule retired for certs issued on or after; 0 = never */
	const char *zlint;       /* equivalent zlint lint names, space-separated; NULL = none */
	const char *pkilint;     /* equivalent pkilint validation names, space-separated; NULL = none */
	int (*applies)(const struct sweep_cert *cert);
	enum sweep_check (*check)(const struct sweep_cert *cert, const struct sweep_lint_config *cfg,
				  struct sweep_buf *details);
	unsigned scope; /* kinds governed (SWEEP_SCOPE_* of kind.h); 0 = by source, see sweep_lint_scope() */
};

const struct sweep_lint *sweep_lint_registry(size_t *n_out);
const struct sweep_lint *sweep_lint_find(const char *name);
/* Severity of a failing result, from the name prefix. */
enum sweep_result sweep_lint_severity(const struct sweep_lint *lint);
const char *sweep_result_name(enum sweep_result r);
/* Parse "error", "warn" ... (for --fail-on); returns -1 if unknown. */
int sweep_result_parse(const char *s);
/* YYYYMMDD of a time (for effective-date comparisons). */
unsigned sweep_yyyymmdd(int64_t t);
/* A YYYYMMDD date as "YYYY-MM-DD". */
void sweep_yyyymmdd_text(unsigned d, char buf[16]);

/* The certificate's type with --ev-oid applied (DV/OV/IV/EV for reports);
 * cfg may be NULL. */
enum sweep_cert_type sweep_lint_cert_type(const struct sweep_cert *cert, const struct sweep_lint_config *cfg);

/* Run one lint: NA if it does not apply, NE if not in force on as_of,
 * else pass or its severity. details receives the reason on failure. */
enum sweep_result sweep_lint_run(const struct sweep_lint *lint, const struct sweep_cert *cert,
				 const struct sweep_lint_config *cfg, int64_t as_of, struct sweep_buf *details);

/* Called by sweep_lint_run_all() for lint i's result r; details holds that
 * lint's reason (empty if it gave none). A non-zero return stops the run. */
typedef int (*sweep_lint_result_fn)(void *arg, size_t i, enum sweep_result r, const struct sweep_buf *details);

/* Run lints[0..n) on one certificate: the results of sweep_lint_run() on each
 * in turn, with the per-call work (--ev-oid view, as_of's day, the kind's
 * scope bit) done once, and details reset only after a lint wrote to it.
 * fn(arg, i, r, details) is called for every result r >= min, in order.
 * Returns 0, or fn's non-zero return. */
int sweep_lint_run_all(const struct sweep_lint *const *lints, size_t n, const struct sweep_cert *cert,
		       const struct sweep_lint_config *cfg, int64_t as_of, struct sweep_buf *details,
		       enum sweep_result min, sweep_lint_result_fn fn, void *arg);

#endif
