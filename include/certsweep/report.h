/* The report stage: every output written from an in-memory affected set,
 * then published with audit.state as one recoverable step. */
#ifndef CERTSWEEP_REPORT_H
#define CERTSWEEP_REPORT_H

#include "certsweep/affected.h"
#include "certsweep/audit_opts.h"
#include "certsweep/output.h"

struct sweep_audit_stats {
	uint64_t rows, decoded, unparseable, in_window, matched_certs, findings;
	int worst; /* most severe lint result among matched certificates (enum sweep_result) */
	uint64_t reconnects; /* connections lost and re-established mid-scan */
	uint64_t restarts;   /* transient errors after which a page was read again in a new transaction */
	int snapshot;        /* enum sweep_snapshot_kind; the weakest over merged parts */
	int has_count;       /* count is the source's count(*) under the audit's filter */
	uint64_t count;
	uint64_t regex_stops; /* --where regex matches stopped by PCRE2's limits (counted as matches) */
	int index_order;      /* the scan walked crt.sh's (issuer_ca_id, notBefore) index */
	uint64_t set_peak;    /* the affected set's highest byte count (sweep_affected_bytes); summed over shards */
};

void sweep_stats_add(struct sweep_audit_stats *dst, const struct sweep_audit_stats *s);

struct sweep_audit_result {
	struct sweep_group **groups; /* sorted by notBefore, serial, issuer */
	size_t n_groups;
	/* a set that spilled past --memory-limit: the n_groups groups in that
	 * order on disk, groups NULL; read either through sweep_result_groups */
	struct sweep_group_runs *runs;
	size_t spills; /* times the set went to disk (--memory-limit) */
	struct sweep_audit_stats stats;
	char *source_desc;
	size_t rev_conflicts;
	int clocks_differ; /* merged shards ran at different times; expiry judged at opts.now */
};

void sweep_audit_result_release(struct sweep_audit_result *res);
/* Begin reading res's groups in output order (sweep_groups_next / _end). */
void sweep_result_groups(struct sweep_groups_it *it, const struct sweep_audit_result *res);

/* Publication, in this order, each step a crash may stop at:
 *   1. every output as NAME.partial (findings.jsonl and unparseable.csv,
 *      streamed by the scan, are already there), fsynced;
 *   2. audit.state.partial, fsynced: from here on the audit is complete;
 *   3. NAME.partial -> NAME for each output in sweep_report_outputs order;
 *   4. audit.state.partial -> audit.state;
 *   5. checkpoint.state removed.
 * sweep_report_recover() finishes 3-5 when it finds a whole
 * audit.state.partial, so --resume succeeds after a stop at any step. */
int sweep_report_publish(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			 const struct sweep_audit_opts *o, struct sweep_error *err);
/* 1 when an interrupted publication was completed, 0 when there was none. */
int sweep_report_recover(const struct sweep_outdir *d, struct sweep_error *err);
/* The output names, in the order step 3 renames them (NULL-terminated). */
extern const char *const sweep_report_outputs[];

#endif
