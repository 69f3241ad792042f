/* report.html: a self-contained page (no scripts, no fetched resources;
 * links to crt.sh only) with the impact figures, the chart of affected
 * certificates (src/sink/chart.c) and the affected set as a plain table
 * that pastes cleanly into a spreadsheet. */
#include "certsweep/format.h"
#include "certsweep/output.h"
#include "certsweep/sink.h"
#include "chart.h"

#include <stdlib.h>
#include <string.h>

/* s escaped; the runs between the characters to escape in one fwrite each
 * (issue #17: fputc per character of every subject and name) */
static void html(FILE *fp, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "<>&\"");
		if (n)
			fwrite(s, 1, n, fp);
		s += n;
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: return; /* the end */
		}
		s++;
	}
}

static enum sweep_chart_status chart_status(enum sweep_rev_status st)
{
	switch (st) {
	case SWEEP_REV_YES: return SWEEP_CHART_REVOKED;
	case SWEEP_REV_EXPIRED: return SWEEP_CHART_EXPIRED;
	case SWEEP_REV_PLANNED: return SWEEP_CHART_PLANNED;
	case SWEEP_REV_DELAYED: return SWEEP_CHART_DELAYED;
	case SWEEP_REV_NO: break;
	}
	return SWEEP_CHART_VALID;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The chart's points: one per certificate as the CCADB counts them (each
 * final certificate, or the serial once when only its precertificate was
 * logged), so the chart's total is the "Total certificates" figure.
 * Issuers are told apart by name, sorted. */
static int chart_svg(struct sweep_buf *out, const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
		     struct sweep_error *err)
{
	struct sweep_chart_point *pts = NULL;
	const char **names = NULL, *last = NULL;
	size_t n_pts = 0, n_names = 0, cap_names = 0;
	struct sweep_groups_it it;
	const struct sweep_group *g;
	int rc = SWEEP_ENOMEM;

	/* the issuers' names, sorted and distinct (a few: kept as found) */
	sweep_result_groups(&it, res);
	while ((g = sweep_groups_next(&it)) != NULL) {
		const char *issuer = g->iss->name ? g->iss->name : "";
		if (issuer == last)
			continue; /* interned: the same issuer as the group before */
		last = issuer;
		size_t lo = 0, hi = n_names;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(names[mid], issuer) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n_names && strcmp(names[lo], issuer) == 0)
			continue;
		if (n_names == cap_names) {
			size_t ncap = cap_names ? cap_names * 2 : 16;
			const char **p = realloc(names, ncap * sizeof(*p));
			if (!p) {
				sweep_groups_end(&it, NULL);
				goto oom;
			}
			names = p;
			cap_names = ncap;
		}
		memmove(names + lo + 1, names + lo, (n_names - lo) * sizeof(*names));
		names[lo] = issuer;
		n_names++;
	}
	if ((rc = sweep_groups_end(&it, err)) != 0)
		goto fail;
	/* A point per (day of issuance, status, issuer) with its weight, not
	 * one per certificate (issue #17: 43 MB at 10M rows, a quarter
	 * affected): the chart counts by day. The groups come in notBefore
	 * order, so a day's points are made together: those since day_start. */
	rc = SWEEP_ENOMEM;
	size_t cap_pts = 0, day_start = 0;
	int64_t day = INT64_MIN;
	sweep_result_groups(&it, res);
	while ((g = sweep_groups_next(&it)) != NULL) {
		const char *issuer = g->iss->name ? g->iss->name : "";
		const char **found = names ? bsearch(&issuer, names, n_names, sizeof(*names), name_cmp) : NULL;
		int64_t when, d = g->not_before >= 0 ? g->not_before / 86400 : -((-g->not_before + 86399) / 86400);
		int has_date;
		struct sweep_chart_point p = {
			.not_before = g->not_before,
			.status = (int)chart_status(sweep_sink_status(g, o, &when, &has_date)),
			.issuer_index = found ? (int)(found - names) : 0,
			.weight = sweep_group_cert_count(g),
		};
		if (d != day) {
			day = d;
			day_start = n_pts;
		}
		size_t k = day_start;
		while (k < n_pts && (pts[k].status != p.status || pts[k].issuer_index != p.issuer_index))
			k++;
		if (k < n_pts) {
			pts[k].weight += p.weight;
			continue;
		}
		if (n_pts == cap_pts) {
			size_t ncap = cap_pts ? cap_pts * 2 : 256;
			struct sweep_chart_point *q = realloc(pts, ncap * sizeof(*q));
			if (!q) {
				sweep_groups_end(&it, NULL);
				goto oom;
			}
			pts = q;
			cap_pts = ncap;
		}
		pts[n_pts++] = p;
	}
	if ((rc = sweep_groups_end(&it, err)) != 0)
		goto fail;
	rc = sweep_chart_svg(out, pts, n_pts, names, n_names, err);
	free(pts);
	free(names);
	return rc;
oom:
	free(pts);
	free(names);
	return sweep_error_set(err, rc, "out of memory drawing the chart");
fail:
	free(pts);
	free(names);
	return rc;
}

/* The hashes of one kind (precertificate or final): the first 12 hex digits
 * as a crt.sh link, the full value in the title. No hidden text, so a
 * copied table pastes as what is seen. */
static void hash_cell(FILE *fp, const struct sweep_group *g, int precert)
{
	char hex[65];
	int any = 0;

	fputs("<td class=\"h\">", fp);
	for (size_t i = 0; i < g->n_members; i++) {
		if (g->members[i].is_precert != precert)
			continue;
		sweep_hex(g->members[i].sha256, 32, hex);
		/* "%s<a href=\"https://crt.sh/?sha256=%s\" title=\"%s\"><code>%.12s&#8230;</code></a>" */
		fputs(any ? " <a href=\"https://crt.sh/?sha256=" : "<a href=\"https://crt.sh/?sha256=", fp);
		fwrite(hex, 1, 64, fp);
		fputs("\" title=\"", fp);
		fwrite(hex, 1, 64, fp);
		fputs("\"><code>", fp);
		fwrite(hex, 1, 12, fp);
		fputs("&#8230;</code></a>", fp);
		any = 1;
	}
	fputs("</td>", fp);
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>certsweep incident report</title>\n<style>\n"
	"body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}\n"
	"table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .5em;"
	"text-align:left;vertical-align:top}\n"
	"td.n{text-align:right}code,pre{background:#f4f4f4}pre{padding:.5em;white-space:pre-wrap}\n"
	".certsweep-chart{max-width:100%;height:auto;display:block}.wide{overflow-x:auto}\n"
	/* serials, dates and hashes never break mid-token; names may wrap */
	".affected td{font-size:12px}.affected td.s,.affected td.d,.affected td.h,.affected td.r"
	"{white-space:nowrap}.affected td.h a{color:inherit}\n"
	"@media print{body{margin:0;max-width:none;font-size:10pt}a{color:inherit;text-decoration:none}"
	".certsweep-chart{width:100%;break-inside:avoid;page-break-inside:avoid}"
	"tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
	"code,pre{background:none}.wide{overflow:visible}}\n"
	"</style></head><body>\n";

/* One row of the affected-set table: g is a group or one of its lines. */
static int affected_row(FILE *fp, const struct sweep_group *g, const struct sweep_audit_opts *o)
{
	char t[21], u[21];
	static const char *const st[] = { "Yes", "N/A", "Planned", "No", "Delayed" };
	char *serial = malloc(2 * g->serial_len + 1);
	int64_t when;
	int has_date;
	if (!serial)
		return SWEEP_ENOMEM;
	sweep_hex(g->serial, g->serial_len, serial);
	enum sweep_rev_status s = sweep_sink_status(g, o, &when, &has_date);
	sweep_time_iso(g->not_before, t);
	sweep_time_iso(g->not_after, u);
	fputs("<tr><td class=\"s\"><code>", fp);
	fputs(serial, fp);
	fputs("</code></td><td class=\"d\">", fp);
	fputs(t, fp);
	fputs("</td><td class=\"d\">", fp);
	fputs(u, fp);
	fputs("</td><td>", fp);
	html(fp, g->subject ? g->subject : "");
	fputs("</td><td>", fp);
	html(fp, g->iss->name ? g->iss->name : "");
	fputs("</td><td class=\"r\">", fp);
	fputs(st[s], fp);
	fputs("</td><td class=\"d\">", fp);
	if (has_date) {
		sweep_time_iso(when, t);
		fputs(t, fp);
	} else if (s == SWEEP_REV_EXPIRED) {
		fputs("N/A", fp);
	}
	fputs("</td>", fp);
	hash_cell(fp, g, 1);
	hash_cell(fp, g, 0);
	fputs("</tr>\n", fp);
	free(serial);
	return 0;
}

int sweep_sink_html_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			  const struct sweep_audit_opts *o, struct sweep_error *err)
{
	struct sweep_impact im;
	struct sweep_ofile f;
	struct sweep_buf svg = SWEEP_BUF_INIT;
	char t[21], u[21];
	int rc;

	rc = sweep_impact_compute(res, o, &im, err);
	if (rc)
		return rc;
	/* drawn first: an error leaves no partial file behind */
	rc = chart_svg(&svg, res, o, err);
	if (rc) {
		sweep_buf_release(&svg);
		return rc;
	}
	rc = sweep_ofile_open(&f, d, "report.html", err);
	if (rc) {
		sweep_buf_release(&svg);
		return rc;
	}
	FILE *fp = f.fp;
	fputs(page_head, fp);
	sweep_time_iso(o->now, t);
	fputs("<h1>Incident report</h1>\n<p>Source: ", fp);
	html(fp, res->source_desc);
	fprintf(fp, ". Expiry judged at %s. %llu rows read, %llu unparseable.</p>\n", t,
		(unsigned long long)res->stats.rows, (unsigned long long)res->stats.unparseable);
	fputs("<h2>Impact</h2>\n<table id=\"impact\">\n", fp);
	fprintf(fp, "<tr><th>Total certificates</th><td class=\"n\">%zu</td></tr>\n", im.certificates);
	fprintf(fp, "<tr><th>Final certificates (CCADB)</th><td class=\"n\">%zu</td></tr>\n",
		im.certificates - im.precert_only);
	fprintf(fp, "<tr><th>Remaining valid</th><td class=\"n\">%zu</td></tr>\n", im.remaining_valid);
	fprintf(fp, "<tr><th>Revoked</th><td class=\"n\">%zu</td></tr>\n", im.revoked);
	fprintf(fp, "<tr><th>Expired, not revoked</th><td class=\"n\">%zu</td></tr>\n", im.expired);
	fprintf(fp, "<tr><th>Precertificate-only serials</th><td class=\"n\">%zu</td></tr>\n", im.precert_only);
	fprintf(fp, "<tr><th>DV / OV / IV / EV / none</th><td class=\"n\">%zu / %zu / %zu / %zu / %zu</td></tr>\n",
		im.by_type[SWEEP_TYPE_DV], im.by_type[SWEEP_TYPE_OV], im.by_type[SWEEP_TYPE_IV],
		im.by_type[SWEEP_TYPE_EV], im.by_type[SWEEP_TYPE_UNKNOWN]);
	if (res->n_groups) {
		sweep_time_iso(im.first_nb, t);
		sweep_time_iso(im.last_nb, u);
		fprintf(fp, "<tr><th>First affected issuance</th><td>%s</td></tr>\n", t);
		fprintf(fp, "<tr><th>Last affected issuance</th><td>%s</td></tr>\n", u);
	}
	fputs("</table>\n<h2>Incident heuristic</h2>\n<pre>", fp);
	html(fp, o->selection ? o->selection : "");
	fputs("</pre>\n<h2>Affected certificates by date of issuance</h2>\n", fp);
	fprintf(fp, "<p id=\"chart-count\">Counted as the CCADB counts certificates: each final certificate, "
		    "and once each serial of which only the precertificate was found (%zu of the %zu).</p>\n",
		im.precert_only, im.certificates);
	fwrite(sweep_buf_str(&svg), 1, svg.len, fp);
	sweep_buf_release(&svg);
	fputs("<h2>Affected set</h2>\n<div class=\"wide\"><table class=\"affected\"><thead><tr><th>Serial #</th><th>Not before</th>"
	      "<th>Not after</th><th>Subject</th><th>Issuer</th><th>Is revoked?</th><th>Revocation date</th>"
	      "<th>Precertificate SHA-256 (crt.sh)</th><th>Certificate SHA-256 (crt.sh)</th></tr></thead>\n<tbody>\n",
	      fp);
	struct sweep_groups_it it;
	const struct sweep_group *g;
	sweep_result_groups(&it, res);
	while ((g = sweep_groups_next(&it)) != NULL) {
		/* a row per affected.csv line: a reused serial is a row per certificate */
		struct sweep_group *lines = NULL;
		size_t n_lines = 0;
		int bad = sweep_group_lines(&lines, &n_lines, g) != 0;
		for (size_t l = 0; !bad && l < n_lines; l++)
			bad = affected_row(fp, &lines[l], o);
		sweep_group_lines_free(lines, n_lines);
		if (bad) {
			sweep_groups_end(&it, NULL);
			sweep_ofile_abort(&f);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory writing report.html");
		}
	}
	rc = sweep_groups_end(&it, err);
	if (rc) {
		sweep_ofile_abort(&f);
		return rc;
	}
	fputs("</tbody></table></div>\n</body></html>\n", fp);
	return sweep_ofile_finish(&f, err);
}
