/* An audit's state on disk (audit.state, checkpoint.state): the matched
 * serials, the counters and the options that shape the outputs. Text, so an
 * auditor can read what a shard found; `certsweep merge` and --resume read it. */
#ifndef CERTSWEEP_STATE_H
#define CERTSWEEP_STATE_H

#include "certsweep/report.h"
#include "certsweep/source.h"

/* Where an interrupted scan stands (checkpoint.state only). */
struct sweep_resume {
	int64_t last_id;         /* every row up to and including this id is accounted for */
	long findings_offset;    /* bytes of findings.jsonl.partial that belong to those rows */
	long unparseable_offset; /* likewise for unparseable.csv.partial */
	int scan_done;           /* the main pass finished; resume from the pairing pass */
	/* bytes of checkpoint.groups.partial (the group journal) that belong
	 * to this checkpoint; -1: the groups are in the state file itself */
	long journal_bytes;
	/* a pass in index order resumes after this source position
	 * (sweep_source_ops.position); "": by id */
	char position[SWEEP_SOURCE_POSITION_MAX];
};

struct sweep_state {
	int has_resume;
	struct sweep_resume resume;
	struct sweep_audit_opts opts;   /* points into the fields below */
	struct sweep_audit_result res;  /* groups in file order */
	const struct sweep_lint **lints;
	char *selection, *where_text, *delayed;
	struct sweep_plan_entry *plan;
};

/* Write DIR/NAME: committed (renamed into place) when commit, else left as
 * NAME.partial, complete and fsynced, for the publication step. */
int sweep_state_write(const struct sweep_outdir *d, const char *name, const struct sweep_audit_result *res,
		      const struct sweep_audit_opts *o, const struct sweep_resume *resume, int commit,
		      struct sweep_error *err);
/* Read a state file; label names it in messages. Lints are resolved in this
 * certsweep's registry (an unknown one is an error). */
int sweep_state_read(struct sweep_state *out, const char *path, struct sweep_error *err);
int sweep_state_read_at(struct sweep_state *out, const struct sweep_outdir *d, const char *name,
			struct sweep_error *err);
int sweep_state_parse(struct sweep_state *out, FILE *fp, const char *label, struct sweep_error *err);

/* The checkpoint's group journal: checkpoint.state holds the header (counters,
 * offsets, "journal N") and each checkpoint appends to this file only the
 * groups changed since the previous one, so the checkpoints of a long audit
 * write in total what its affected set holds, not that many times over. A
 * reader folds repeated records of one group (the later is a superset). */
#define SWEEP_STATE_JOURNAL "checkpoint.groups"
/* Append the record of g (the state file's group lines) to out. */
int sweep_state_group_text(struct sweep_buf *out, const struct sweep_group *g, const struct sweep_audit_opts *o);
void sweep_state_release(struct sweep_state *st);

#endif
