/* "Is revoked?": the CCADB values Yes, N/A, Planned and Delayed. */
#include "certsweep/format.h"
#include "certsweep/sink.h"

#include <stdlib.h>
#include <string.h>

static int entry_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct sweep_plan_entry *)e)->serial);
}

enum sweep_rev_status sweep_sink_status(const struct sweep_group *g, const struct sweep_audit_opts *o, int64_t *date,
					int *has_date)
{
	enum sweep_rev_status st = sweep_group_status(g, o->now, o->has_planned);

	*has_date = 0;
	*date = 0;
	if (st == SWEEP_REV_YES) {
		*date = g->revoked_at;
		*has_date = 1;
		return st;
	}
	if (st == SWEEP_REV_EXPIRED)
		return st;
	if (o->n_plan) {
		char *hex = malloc(2 * g->serial_len + 1);
		const struct sweep_plan_entry *e = NULL;
		if (hex) {
			sweep_hex(g->serial, g->serial_len, hex);
			e = bsearch(hex, o->plan, o->n_plan, sizeof(*o->plan), entry_cmp);
			free(hex);
		}
		if (e) {
			*has_date = e->has_date || o->has_planned;
			*date = e->has_date ? e->date : o->planned;
			return e->delayed ? SWEEP_REV_DELAYED : SWEEP_REV_PLANNED;
		}
	}
	*has_date = o->has_planned;
	*date = o->planned;
	return o->delayed_reason ? SWEEP_REV_DELAYED : st;
}
