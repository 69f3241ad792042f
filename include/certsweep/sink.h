/* Writers of the audit outputs. Each writes one file atomically. */
#ifndef CERTSWEEP_SINK_H
#define CERTSWEEP_SINK_H

#include "certsweep/audit.h"

int sweep_sink_csv_write(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
			 struct sweep_error *err);
int sweep_sink_links_write(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
			   struct sweep_error *err);
int sweep_sink_impact_write(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
			    struct sweep_error *err);
int sweep_sink_html_write(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
			  struct sweep_error *err);
/* All of the above. */
int sweep_sinks_write(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
		      struct sweep_error *err);

/* Figures shared by impact.md and report.html. */
struct sweep_impact {
	size_t serials, certificates, remaining_valid, revoked, expired, precert_only;
	size_t by_type[5]; /* indexed by enum sweep_cert_type */
	int64_t first_nb, last_nb;
};
void sweep_impact_compute(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
			  struct sweep_impact *out);

#endif
