/* An audit's state on disk (audit.state): the matched serials, the counters
 * and the options that shape the outputs. `certsweep merge` reads the states
 * of shards and writes outputs byte-identical to a single run. */
#ifndef CERTSWEEP_STATE_H
#define CERTSWEEP_STATE_H

#include "certsweep/audit.h"

struct sweep_state {
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
int sweep_state_read(const char *path, struct sweep_state *out, struct sweep_error *err);
void sweep_state_release(struct sweep_state *st);
void sweep_group_free(struct sweep_group *g);

#endif
