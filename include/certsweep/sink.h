/* Writers of the audit outputs. Each writes DIR/NAME.partial, complete and
 * fsynced; sweep_report_publish() renames them into place. Sinks read the
 * affected set and the audit options, never the scanner. */
#ifndef CERTSWEEP_SINK_H
#define CERTSWEEP_SINK_H

#include "certsweep/report.h"

int sweep_sink_csv_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			 const struct sweep_audit_opts *o, struct sweep_error *err);
int sweep_sink_links_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			   const struct sweep_audit_opts *o, struct sweep_error *err);
int sweep_sink_impact_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			    const struct sweep_audit_opts *o, struct sweep_error *err);
int sweep_sink_html_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			  const struct sweep_audit_opts *o, struct sweep_error *err);
int sweep_sink_conflicts_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			       const struct sweep_audit_opts *o, struct sweep_error *err);

/* "Is revoked?" for one serial: revoked or expired, else what
 * --revocation-plan, --delayed-revocation or --planned-revocation say (in
 * that order); *date is set when there is a date to show. */
enum sweep_rev_status sweep_sink_status(const struct sweep_group *g, const struct sweep_audit_opts *o, int64_t *date,
					int *has_date);

/* Figures shared by impact.md and report.html. */
struct sweep_impact {
	size_t serials, certificates, remaining_valid, revoked, expired, precert_only, delayed;
	size_t by_type[5]; /* indexed by enum sweep_cert_type */
	int64_t first_nb, last_nb;
};
/* 0, or the error reading the groups back (--memory-limit). */
int sweep_impact_compute(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
			 struct sweep_impact *out, struct sweep_error *err);

/* Streaming outputs (findings.jsonl, unparseable.csv): rows are appended
 * during the scan, in row order, to NAME.partial; a checkpoint records how
 * many bytes belong to the rows it accounts for. One table of these, as
 * pg_dump's archive formats. */
struct sweep_stream_ops {
	const char *name;
	const char *header; /* written once at the top, or NULL */
};
extern const struct sweep_stream_ops sweep_stream_findings, sweep_stream_unparseable;

struct sweep_stream {
	const struct sweep_stream_ops *ops;
	struct sweep_ofile f;
	long bytes; /* written so far (counted: ftell costs a system call) */
};

int sweep_stream_open(struct sweep_stream *s, const struct sweep_stream_ops *ops, const struct sweep_outdir *d,
		      struct sweep_error *err);
/* Reopen NAME.partial, cut back to offset (--resume). */
int sweep_stream_reopen(struct sweep_stream *s, const struct sweep_stream_ops *ops, const struct sweep_outdir *d,
			long offset, struct sweep_error *err);
void sweep_stream_write(struct sweep_stream *s, const char *p, size_t n);
int sweep_stream_sync(struct sweep_stream *s, struct sweep_error *err);
/* Complete NAME.partial for publication. */
int sweep_stream_finish(struct sweep_stream *s, struct sweep_error *err);
/* Close; keep NAME.partial for --resume, or remove it. */
void sweep_stream_close(struct sweep_stream *s, int keep);
/* One unparseable.csv record. */
int sweep_stream_unparseable_row(struct sweep_stream *s, struct sweep_buf *line, const char *key, const uint8_t sha[32],
				 const char *reason, int csv_safe);

#endif
