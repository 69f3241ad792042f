/* Folding the results of parts of one audit (shards, --connections readers)
 * into the result of the whole. */
#ifndef CERTSWEEP_MERGE_H
#define CERTSWEEP_MERGE_H

#include "certsweep/report.h"
#include "certsweep/sink.h"
#include "certsweep/source.h"

/* Move the groups of parts[0..n) into out (folded by key, in output order),
 * sum the counters; source_desc is taken from parts[0]. */
int sweep_results_fold(struct sweep_audit_result *out, struct sweep_audit_result *parts, size_t n,
		       struct sweep_error *err);
/* Concatenate files in order into d/NAME.partial (complete, fsynced),
 * keeping the stream's header line only from the first. */
int sweep_stream_concat(const struct sweep_outdir *d, const struct sweep_stream_ops *ops, const char *const *paths,
			size_t n, struct sweep_error *err);

struct sweep_merge_opts {
	int has_now;        /* merge --now: judge expiry at now */
	int64_t now;
	unsigned file_mode; /* --mode */
	int force;          /* overwrite a finished output directory */
	/* The shards' database (crt.sh schema), or NULL: shards that ran corpus
	 * checks leave them to merge, which re-reads the certificates that fail. */
	const struct sweep_pg_params *pg;
};

/* Read DIR/audit.state of each shard directory (in shard order) and write
 * the outputs of the whole audit into out_dir. Shards whose only difference
 * is the clock they ran at are one audit: expiry is judged at the latest
 * shard's clock (or mo->now), and impact.md says so. */
int sweep_merge(const char *out_dir, const char *const *dirs, size_t n, const struct sweep_merge_opts *mo,
		struct sweep_error *err);

#endif
