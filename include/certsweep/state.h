/* An audit's state on disk (audit.state): the matched serials, the counters
 * and the options that shape the outputs. `certsweep merge` reads the states
 * of shards and writes outputs byte-identical to a single run. */
#ifndef CERTSWEEP_STATE_H
#define CERTSWEEP_STATE_H

#include "certsweep/audit.h"

/* Where an interrupted scan stands (checkpoint.state only). */
struct sweep_resume {
	int64_t last_id;         /* every row up to and including this id is accounted for */
	long findings_offset;    /* bytes of findings.jsonl.partial that belong to those rows */
	long unparseable_offset; /* likewise for unparseable.csv.partial */
	int scan_done;           /* the main pass finished; resume from the pairing pass */
};

struct sweep_state {
	int has_resume;
	struct sweep_resume resume;
	char *source_desc;
	char *selection;
	char *where_text;     /* NULL without --where */
	char **lint_names;
	size_t n_lints;
	int64_t now;
	int has_planned;
	int64_t planned;
	int csv_safe;
	int have_crls;
	int shard_k, shard_n;  /* 0/0 when not sharded */
	struct sweep_audit_stats stats;
	size_t rev_conflicts;
	struct sweep_group **groups;
	size_t n_groups;
};

int sweep_state_write(const char *dir, const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
		      struct sweep_error *err);
/* The same under another name, with a resume line (checkpoint.state). */
int sweep_state_write_file(const char *dir, const char *name, const struct sweep_audit_result *res,
			   const struct sweep_audit_opts *o, const struct sweep_resume *resume, struct sweep_error *err);
int sweep_state_read(const char *path, struct sweep_state *out, struct sweep_error *err);
void sweep_state_release(struct sweep_state *st);
void sweep_group_free(struct sweep_group *g);

#endif
