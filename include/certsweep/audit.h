/* The scanner: source -> decode -> check -> pair -> revocation, into an
 * in-memory affected set; the report stage (report.h) writes the outputs. */
#ifndef CERTSWEEP_AUDIT_H
#define CERTSWEEP_AUDIT_H

#include "certsweep/audit_opts.h"
#include "certsweep/report.h"
#include "certsweep/source.h"

#include <signal.h>
#include <stdatomic.h>

/* Progress, reported to whoever runs the scan (the CLI prints it). */
struct sweep_progress_info {
	uint64_t rows;     /* rows read so far */
	uint64_t affected; /* affected serials so far; UINT64_MAX when unknown */
	int64_t estimate;  /* rows expected, -1 if unknown */
	int done;          /* the scan is over */
};
typedef void (*sweep_progress_cb)(const struct sweep_progress_info *info, void *payload);

/* How an audit runs; none of this changes its result. */
struct sweep_run_opts {
	const struct sweep_outdir *out;      /* where partial outputs and checkpoints go */
	uint64_t checkpoint_rows;            /* write checkpoint.state every N rows (0: never) */
	int resume;                          /* --resume from out/checkpoint.state */
	int id_order;                        /* --id-order: never page along crt.sh's issuer index */
	volatile sig_atomic_t *interrupted;  /* set by a signal handler: checkpoint and stop */
	_Atomic uint64_t *shared_rows;       /* --connections: rows read by all readers */
	int workers;                         /* --jobs: threads judging rows */
	int publish;                         /* write the outputs (0: scan only, for --connections) */
	size_t memory_limit;                 /* --memory-limit bytes (0: none): the affected set spills past its share */
	const char *source_label;            /* --source-label: published instead of the source's description */
	sweep_progress_cb progress;          /* called every 1024 rows or so; NULL: silent */
	void *payload;
};

/* Scan the source into res (groups sorted, revocation joined) and, when
 * run->publish, write and publish every output. */
/* The affected set's share of --memory-limit BYTES (0: no limit): what is
 * left after the rest of the audit's memory (row pages, the corpus checks'
 * sort buffers, the filter of spilled serials, allocator overhead). */
size_t sweep_affected_budget(size_t memory_limit);

int sweep_audit_run(struct sweep_audit_result *res, struct sweep_source *src, const struct sweep_audit_opts *opts,
		    const struct sweep_run_opts *run, struct sweep_error *err);

#endif
