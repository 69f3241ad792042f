/* impact.md: the CCADB incident report's Impact and Timeline draft. */
#include "certsweep/format.h"
#include "certsweep/output.h"
#include "certsweep/sink.h"
#include "certsweep/source.h"

#include <stdlib.h>
#include <string.h>

/* Count one CSV line (a group, or one certificate of a reused serial). */
static void impact_add(struct sweep_impact *out, const struct sweep_group *g, const struct sweep_audit_opts *o,
		       int first)
{
	size_t n = sweep_group_cert_count(g);
	int64_t when;
	int has_date;
	enum sweep_rev_status st = sweep_sink_status(g, o, &when, &has_date);

	out->certificates += n;
	out->by_type[g->type] += n;
	if (!sweep_group_has_final(g))
		out->precert_only++;
	if (st == SWEEP_REV_YES)
		out->revoked += n;
	else if (st == SWEEP_REV_EXPIRED)
		out->expired += n;
	else
		out->remaining_valid += n;
	if (st == SWEEP_REV_DELAYED)
		out->delayed += n;
	if (first || g->not_before < out->first_nb)
		out->first_nb = g->not_before;
	if (first || g->not_before > out->last_nb)
		out->last_nb = g->not_before;
}

int sweep_impact_compute(const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
			 struct sweep_impact *out, struct sweep_error *err)
{
	struct sweep_groups_it it;
	const struct sweep_group *g;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	out->serials = res->n_groups;
	sweep_result_groups(&it, res);
	for (; (g = sweep_groups_next(&it)) != NULL; i++) {
		struct sweep_group *lines, one;
		size_t n_lines;
		/* a reused serial: each final certificate with its own validity */
		if (sweep_group_lines(&lines, &n_lines, g)) {
			one = *g; /* out of memory: count the group as one line */
			impact_add(out, &one, o, i == 0);
			continue;
		}
		for (size_t l = 0; l < n_lines; l++)
			impact_add(out, &lines[l], o, i == 0 && l == 0);
		sweep_group_lines_free(lines, n_lines);
	}
	return sweep_groups_end(&it, err);
}

struct count {
	const char *key;
	size_t certs, serials;
};

static int count_order(const void *p, const void *q)
{
	const struct count *a = p, *b = q;
	if (a->certs != b->certs)
		return a->certs > b->certs ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* Markdown table cells must not break the table. */
static void md_cell(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
}

int sweep_sink_impact_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			 const struct sweep_audit_opts *o, struct sweep_error *err)
{
	struct sweep_impact im;
	struct sweep_ofile f;
	char now[21], first[21], last[21];
	int rc;

	rc = sweep_impact_compute(res, o, &im, err);
	if (!rc)
		rc = sweep_ofile_open(&f, d, "impact.md", err);
	if (rc)
		return rc;
	FILE *fp = f.fp;
	sweep_time_iso(o->now, now);
	fprintf(fp, "# Incident impact\n\n");
	fprintf(fp, "For the CCADB Incident Reporting Guidelines v3.2 (effective 2026-03-20): the Impact and "
		    "Timeline sections, and `affected.csv` as the appendix of affected certificates.\n\n");
	fprintf(fp, "Computed by certsweep from %s. Expiry judged at %s (UTC). ", res->source_desc, now);
	fprintf(fp, "Every certificate in the selection was visited, expired and revoked ones included: "
		    "%llu rows read, %llu decoded, %llu unparseable (see `unparseable.csv`).\n\n",
		(unsigned long long)res->stats.rows, (unsigned long long)res->stats.decoded,
		(unsigned long long)res->stats.unparseable);
	if (res->clocks_differ)
		fprintf(fp, "The shards merged here ran at different times; expiry is judged for all of them at %s, "
			    "the latest shard's clock (or `merge --now`).\n\n", now);
	if (res->stats.reconnects)
		fprintf(fp, "The connection was lost and re-established %llu time(s) during the scan; the rows after "
			    "each reconnection were read from a new snapshot.\n\n",
			(unsigned long long)res->stats.reconnects);
	if (res->stats.restarts)
		fprintf(fp, "A transient server error (a conflict with recovery on a standby, a statement timeout, an "
			    "administrator shutdown) made certsweep read a page again %llu time(s); the rows after each "
			    "retry were read from a new snapshot.\n\n",
			(unsigned long long)res->stats.restarts);
	if (res->stats.snapshot == SWEEP_SNAPSHOT_RESTARTED)
		fprintf(fp, "The audit did not read one snapshot: its rows come from several consecutive snapshots "
			    "(reconnections, retries, `--resume` or shards run apart). Rows inserted during the scan may be "
			    "missed; keyset paging by id means none was visited twice.\n\n");
	else if (res->stats.snapshot == SWEEP_SNAPSHOT_PER_QUERY)
		fprintf(fp, "The audit did not read one snapshot: it ran in autocommit (`--no-snapshot`, or a pooler "
			    "in statement mode), each page its own query and snapshot. Rows inserted during the scan may be "
			    "missed; keyset paging by id means none was visited twice.\n\n");
	if (res->stats.index_order)
		fprintf(fp, "The notBefore window was applied in SQL: each issuer's rows were read along crt.sh's "
			    "(issuer_ca_id, notBefore) index, so the rows read are the window's.\n\n");
	if (res->stats.has_count)
		fprintf(fp, "Rows read %llu of count(*) %llu under the selection%s.\n\n",
			(unsigned long long)res->stats.rows, (unsigned long long)res->stats.count,
			res->stats.rows == res->stats.count ? ""
			: res->stats.snapshot == SWEEP_SNAPSHOT_ONE
				? ": THE SCAN AND THE COUNT DISAGREE, rows were lost or repeated"
				: " (they may differ: the count and the scan did not read one snapshot)");
	if (res->stats.regex_stops)
		fprintf(fp, "A `--where` regular expression hit PCRE2's match limit %llu time(s); each such "
			    "certificate was counted as a match (over-listed rather than hidden): check them by hand.\n\n",
			(unsigned long long)res->stats.regex_stops);

	fprintf(fp, "## Impact\n\n| Figure | Count |\n|---|---:|\n");
	fprintf(fp, "| Total certificates (final certificates, plus precertificates with no final certificate; "
		    "expired and revoked included) | %zu |\n", im.certificates);
	fprintf(fp, "| Remaining valid (not expired, not revoked) | %zu |\n", im.remaining_valid);
	fprintf(fp, "| Revoked | %zu |\n| Expired, not revoked | %zu |\n", im.revoked, im.expired);
	fprintf(fp, "| Final certificates (what CCADB counts as certificates) | %zu |\n",
		im.certificates - im.precert_only);
	/* affected.csv has one line per certificate: per serial, except where a serial was reused */
	fprintf(fp, "| Serials (issuer and serial number) | %zu |\n", im.serials);
	fprintf(fp, "| Serials with a precertificate only | %zu |\n\n", im.precert_only);
	if (im.delayed) {
		fprintf(fp, "Revocation is delayed for %zu of the remaining valid certificate(s)", im.delayed);
		if (o->delayed_reason)
			fprintf(fp, ", for this reason: %s", o->delayed_reason);
		fprintf(fp, "%s\n\n", o->n_plan ? " (per serial: `--revocation-plan`)." : ".");
	}
	if (o->have_crls)
		fprintf(fp, "Revocation comes from the CRLs given with `--crl`; %zu serial(s) where the store "
			    "said otherwise are listed in `revocation-conflicts.csv`.\n\n", res->rev_conflicts);
	else if (res->rev_conflicts)
		fprintf(fp, "The store holds disagreeing revocation entries (duplicate `crl_revoked` rows) for %zu "
			    "serial(s): the earliest revocation date (then the lowest reason) was taken; all are listed in "
			    "`revocation-conflicts.csv`.\n\n", res->rev_conflicts);

	fprintf(fp, "### Certificate types (CA/B Forum policy OIDs)\n\n| Type | Policy OID | Certificates |\n|---|---|---:|\n");
	fprintf(fp, "| DV | 2.23.140.1.2.1 | %zu |\n", im.by_type[SWEEP_TYPE_DV]);
	fprintf(fp, "| OV | 2.23.140.1.2.2 | %zu |\n", im.by_type[SWEEP_TYPE_OV]);
	fprintf(fp, "| IV | 2.23.140.1.2.3 | %zu |\n", im.by_type[SWEEP_TYPE_IV]);
	fprintf(fp, "| EV | 2.23.140.1.1 | %zu |\n", im.by_type[SWEEP_TYPE_EV]);
	if (im.by_type[SWEEP_TYPE_UNKNOWN])
		fprintf(fp, "| no CA/B Forum policy OID | | %zu |\n", im.by_type[SWEEP_TYPE_UNKNOWN]);

	fprintf(fp, "\n## Incident heuristic\n\nA third party can rebuild the affected set with:\n\n```\n%s\n```\n\n",
		o->selection ? o->selection : "");
	if (o->where_text)
		fprintf(fp, "Expression (`--where`), verbatim:\n\n```\n%s\n```\n\n", o->where_text);
	if (o->n_lints) {
		fprintf(fp, "Lints (a serial is affected when any of its certificates fails one):\n\n");
		for (size_t i = 0; i < o->n_lints; i++) {
			char eff[16];
			sweep_yyyymmdd_text(o->lints[i]->effective, eff);
			fprintf(fp, "- `%s` (%s, %s; effective %s): %s\n", o->lints[i]->name, o->lints[i]->source,
				o->lints[i]->citation, eff, o->lints[i]->description);
		}
		fputc('\n', fp);
	}

	fprintf(fp, "## Timeline\n\n");
	if (res->n_groups) {
		sweep_time_iso(im.first_nb, first);
		sweep_time_iso(im.last_nb, last);
		fprintf(fp, "- Non-compliance began (first affected notBefore): %s\n", first);
		fprintf(fp, "- Last affected issuance (last affected notBefore): %s\n\n", last);
	} else {
		fprintf(fp, "No affected certificate.\n\n");
	}

	/* Per issuer and per lint, largest first; one pass over the groups
	 * (they may be read back from disk: --memory-limit) */
	struct count *c = NULL;
	size_t n = 0, cap = 0, *serials = o->n_lints ? calloc(o->n_lints, sizeof(*serials)) : NULL;
	struct sweep_groups_it it;
	const struct sweep_group *g;
	int oom = o->n_lints && !serials;
	sweep_result_groups(&it, res);
	while (!oom && (g = sweep_groups_next(&it)) != NULL) {
		size_t k = 0;
		while (k < n && c[k].key != g->iss->name && strcmp(c[k].key, g->iss->name) != 0)
			k++;
		if (k == n) {
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				struct count *p = realloc(c, ncap * sizeof(*p));
				if (!p) {
					oom = 1;
					break;
				}
				c = p;
				cap = ncap;
			}
			memset(&c[n], 0, sizeof(c[n]));
			c[n++].key = g->iss->name;
		}
		c[k].certs += sweep_group_cert_count(g);
		c[k].serials++;
		for (size_t h = 0; h < g->n_lint_hits; h++)
			if (g->lint_hits[h] < o->n_lints)
				serials[g->lint_hits[h]]++;
	}
	rc = sweep_groups_end(&it, err);
	if (rc || oom) {
		free(c);
		free(serials);
		sweep_ofile_abort(&f);
		return rc ? rc : sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (n)
		qsort(c, n, sizeof(*c), count_order);
	fprintf(fp, "## Affected certificates per issuer\n\n| Issuer | Certificates | Serials |\n|---|---:|---:|\n");
	for (size_t k = 0; k < n; k++) {
		fputs("| ", fp);
		md_cell(fp, c[k].key);
		fprintf(fp, " | %zu | %zu |\n", c[k].certs, c[k].serials);
	}
	free(c);
	if (o->n_lints) {
		/* counted in the pass above, not one per lint (issue #17: 289 lints
		 * times every affected serial) */
		fprintf(fp, "\n## Affected serials per lint\n\n| Lint | Citation | Serials |\n|---|---|---:|\n");
		for (size_t l = 0; l < o->n_lints; l++)
			fprintf(fp, "| `%s` | %s | %zu |\n", o->lints[l]->name, o->lints[l]->citation, serials[l]);
	}
	free(serials);
	fprintf(fp, "\n## Files\n\n- `affected.csv`: CCADB appendix, one line per serial\n"
		    "- `crtsh-links.txt`: one crt.sh link per certificate\n"
		    "- `findings.jsonl`: every lint finding\n- `unparseable.csv`: rows that did not decode\n"
		    "- `report.html`: this report with a chart\n");
	return sweep_ofile_finish(&f, err);
}
