/* What makes two runs one audit: the options that shape the result, one
 * serialisation (audit.state's option lines) and one comparison. */
#include "certsweep/audit_opts.h"

#include "state_text.h"

#include <inttypes.h>
#include <string.h>

const struct sweep_extra_column sweep_extra_columns[] = {
	/* the one fingerprint a precertificate shares with its final certificate (RFC 6962 3.2) */
	{ "tbs_sha256", SWEEP_COL_TBS_SHA256, "TBS SHA-256 hash (poison and SCT list removed)" },
};
const size_t sweep_n_extra_columns = sizeof(sweep_extra_columns) / sizeof(sweep_extra_columns[0]);

int sweep_extra_columns_parse(unsigned *out, const char *list, const char **bad, size_t *bad_len)
{
	unsigned mask = 0;
	const char *p = list;

	*out = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		size_t i = 0;
		while (i < sweep_n_extra_columns &&
		       !(strlen(sweep_extra_columns[i].name) == len && strncmp(sweep_extra_columns[i].name, p, len) == 0))
			i++;
		if (i == sweep_n_extra_columns) {
			*bad = p;
			*bad_len = len;
			return -1;
		}
		mask |= sweep_extra_columns[i].bit;
		if (!p[len])
			break;
		p += len + 1;
	}
	*out = mask;
	return 0;
}

/* "tbs_sha256,..." in table order. */
static void put_columns(FILE *fp, unsigned mask)
{
	const char *sep = "";

	fputs("columns ", fp);
	for (size_t i = 0; i < sweep_n_extra_columns; i++) {
		if (mask & sweep_extra_columns[i].bit) {
			fprintf(fp, "%s%s", sep, sweep_extra_columns[i].name);
			sep = ",";
		}
	}
	fputc('\n', fp);
}

void sweep_audit_opts_write(FILE *fp, const struct sweep_audit_opts *o)
{
	state_put_str(fp, "selection", o->selection);
	state_put_str(fp, "where", o->where_text);
	for (size_t i = 0; i < o->n_lints; i++)
		state_put_str(fp, "lint", o->lints[i]->name);
	fprintf(fp, "now %" PRId64 "\nplanned %d %" PRId64 "\ncsv_safe %d\ncrls %d\nshard %d %d\nas_of %d %" PRId64 "\n",
		o->now, o->has_planned, o->planned, o->csv_safe, o->have_crls, o->shard_k, o->shard_n, (int)o->as_of,
		o->as_of_date);
	/* only when given, so audits without them read as before */
	if (o->extra_columns)
		put_columns(fp, o->extra_columns);
	if (o->delayed_reason)
		state_put_str(fp, "delayed", o->delayed_reason);
	for (size_t i = 0; i < o->n_plan; i++)
		fprintf(fp, "plan %s %c %d %" PRId64 "\n", o->plan[i].serial, o->plan[i].delayed ? 'D' : 'P',
			o->plan[i].has_date, o->plan[i].date);
}

static int same_str(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

int sweep_audit_opts_compare(const struct sweep_audit_opts *a, const struct sweep_audit_opts *b, unsigned ignore)
{
	/* --as-of now judges lints at the clock: then the clock is part of the result */
	int clock_free = (ignore & SWEEP_OPTS_ANY_CLOCK) && a->as_of != SWEEP_AS_OF_NOW;

	if (!same_str(a->selection, b->selection) || !same_str(a->where_text, b->where_text) ||
	    a->n_lints != b->n_lints || (!clock_free && a->now != b->now) || a->has_planned != b->has_planned ||
	    a->planned != b->planned || a->csv_safe != b->csv_safe || a->have_crls != b->have_crls ||
	    a->shard_n != b->shard_n || (!(ignore & SWEEP_OPTS_ANY_SHARD) && a->shard_k != b->shard_k) ||
	    a->as_of != b->as_of || a->as_of_date != b->as_of_date || a->extra_columns != b->extra_columns)
		return 1;
	for (size_t i = 0; i < a->n_lints; i++)
		if (strcmp(a->lints[i]->name, b->lints[i]->name) != 0)
			return 1;
	if (!same_str(a->delayed_reason, b->delayed_reason) || a->n_plan != b->n_plan)
		return 1;
	for (size_t i = 0; i < a->n_plan; i++) {
		const struct sweep_plan_entry *x = &a->plan[i], *y = &b->plan[i];
		if (strcmp(x->serial, y->serial) != 0 || x->delayed != y->delayed || x->has_date != y->has_date ||
		    x->date != y->date)
			return 1;
	}
	return 0;
}
