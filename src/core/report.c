/* The report stage: every output from the in-memory affected set, published
 * with audit.state as one step that --resume can finish after a crash. */
#include "certsweep/report.h"

#include "certsweep/sink.h"
#include "certsweep/state.h"

#include <stdlib.h>
#include <string.h>

/* Renamed in this order; audit.state comes after all of them. */
const char *const sweep_report_outputs[] = {
	"affected.csv", "crtsh-links.txt", "impact.md", "report.html", "revocation-conflicts.csv",
	"findings.jsonl", "unparseable.csv", NULL,
};

static const char STATE_PARTIAL[] = "audit.state.partial";

void sweep_stats_add(struct sweep_audit_stats *t, const struct sweep_audit_stats *s)
{
	t->rows += s->rows;
	t->decoded += s->decoded;
	t->unparseable += s->unparseable;
	t->in_window += s->in_window;
	t->matched_certs += s->matched_certs;
	t->findings += s->findings;
	t->reconnects += s->reconnects;
	t->restarts += s->restarts;
	t->regex_stops += s->regex_stops;
	/* the kinds are ordered from one snapshot to none: keep the weakest */
	if (s->snapshot > t->snapshot)
		t->snapshot = s->snapshot;
	t->count += s->count;
	t->index_order = t->index_order || s->index_order;
	t->set_peak += s->set_peak; /* shards hold their sets at once: an upper bound */
	if (s->worst > t->worst)
		t->worst = s->worst;
}

void sweep_audit_result_release(struct sweep_audit_result *res)
{
	for (size_t i = 0; res->groups && i < res->n_groups; i++)
		sweep_group_free(res->groups[i]);
	free(res->groups);
	sweep_group_runs_free(res->runs);
	free(res->source_desc);
	memset(res, 0, sizeof(*res));
}

void sweep_result_groups(struct sweep_groups_it *it, const struct sweep_audit_result *res)
{
	sweep_groups_begin(it, (const struct sweep_group *const *)res->groups, res->n_groups, res->runs);
}

/* Steps 3-5: every NAME.partial that is there, in order, then audit.state. */
static int rename_all(const struct sweep_outdir *d, struct sweep_error *err)
{
	struct sweep_buf tmp = SWEEP_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; !rc && sweep_report_outputs[i]; i++) {
		sweep_buf_reset(&tmp);
		sweep_buf_printf(&tmp, "%s.partial", sweep_report_outputs[i]);
		if (tmp.oom) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
		if (!sweep_outdir_has(d, sweep_buf_str(&tmp)))
			continue; /* renamed before a crash, or not written (revocation-conflicts.csv without --crl) */
		rc = sweep_outdir_rename(d, sweep_buf_str(&tmp), sweep_report_outputs[i], err);
		sweep_fault_step();
	}
	sweep_buf_release(&tmp);
	if (!rc)
		rc = sweep_outdir_rename(d, STATE_PARTIAL, "audit.state", err);
	sweep_fault_step();
	if (!rc)
		rc = sweep_outdir_remove(d, "checkpoint.state", err);
	/* its group journal after it: a checkpoint never names a missing journal */
	if (!rc)
		rc = sweep_outdir_remove(d, SWEEP_STATE_JOURNAL ".partial", err);
	if (!rc)
		rc = sweep_outdir_sync(d, err);
	sweep_fault_step();
	return rc;
}

int sweep_report_publish(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			 const struct sweep_audit_opts *o, struct sweep_error *err)
{
	typedef int (*sink_fn)(const struct sweep_outdir *, const struct sweep_audit_result *,
			       const struct sweep_audit_opts *, struct sweep_error *);
	static const sink_fn sinks[] = { sweep_sink_csv_write, sweep_sink_links_write, sweep_sink_impact_write,
					 sweep_sink_html_write, sweep_sink_conflicts_write };
	int rc = 0;

	/* a stale revocation-conflicts.csv.partial must not be published by this run */
	if (!o->have_crls && !res->rev_conflicts)
		rc = sweep_outdir_remove(d, "revocation-conflicts.csv.partial", err);
	for (size_t i = 0; !rc && i < sizeof(sinks) / sizeof(sinks[0]); i++) {
		rc = sinks[i](d, res, o, err);
		sweep_fault_step();
	}
	if (!rc) {
		rc = sweep_state_write(d, "audit.state", res, o, NULL, 0, err); /* as audit.state.partial */
		if (rc) {
			/* torn: it must not pass for the mark of a complete audit */
			struct sweep_error ignored = { 0, "" };
			sweep_outdir_remove(d, STATE_PARTIAL, &ignored);
		}
	}
	sweep_fault_step();
	if (!rc)
		rc = rename_all(d, err);
	return rc;
}

int sweep_report_recover(const struct sweep_outdir *d, struct sweep_error *err)
{
	struct sweep_state st;
	struct sweep_error ignored = { 0, "" };

	if (!sweep_outdir_has(d, STATE_PARTIAL))
		return 0;
	/* a torn audit.state.partial means step 2 never ended: the scan's checkpoint decides */
	if (sweep_state_read_at(&st, d, STATE_PARTIAL, &ignored) != 0)
		return sweep_outdir_remove(d, STATE_PARTIAL, err);
	sweep_state_release(&st);
	int rc = rename_all(d, err);
	return rc ? rc : 1;
}
