/* report.html: a self-contained page (no scripts, no network) with the
 * impact figures, an SVG chart of affected certificates per day of
 * issuance, and the affected set. */
#include "certsweep/format.h"
#include "certsweep/output.h"
#include "certsweep/sink.h"

#include <stdlib.h>
#include <string.h>

static void html(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static int64_t day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

static int chart(FILE *fp, const struct sweep_audit_result *res, const struct sweep_impact *im)
{
	const int W = 900, H = 260, left = 50, bottom = 40, top = 20;
	int64_t d0 = day_of(im->first_nb), days = day_of(im->last_nb) - d0 + 1;
	size_t *per = calloc((size_t)days, sizeof(*per)), max = 1;
	char a[21], b[21];

	if (!per)
		return -1;
	for (size_t i = 0; i < res->n_groups; i++) {
		size_t k = (size_t)(day_of(res->groups[i]->not_before) - d0);
		per[k] += sweep_group_cert_count(res->groups[i]);
		if (per[k] > max)
			max = per[k];
	}
	double bw = (double)(W - left - 10) / (double)days;
	fprintf(fp, "<svg role=\"img\" aria-label=\"Affected certificates per day of issuance\" "
		    "viewBox=\"0 0 %d %d\" width=\"100%%\" xmlns=\"http://www.w3.org/2000/svg\">\n", W, H);
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, H - bottom, W - 10, H - bottom);
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, top, left, H - bottom);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%zu</text>\n", left - 4, top + 10, max);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">0</text>\n", left - 4, H - bottom);
	for (int64_t k = 0; k < days; k++) {
		if (!per[k])
			continue;
		double h = (double)(H - bottom - top) * (double)per[k] / (double)max;
		char day[21];
		sweep_time_iso((d0 + k) * 86400, day);
		day[10] = '\0';
		fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#c0392b\">"
			    "<title>%s: %zu</title></rect>\n",
			left + bw * (double)k, (double)(H - bottom) - h, bw > 3 ? bw - 1 : 2.0, h, day, per[k]);
	}
	sweep_time_iso(im->first_nb, a);
	sweep_time_iso(im->last_nb, b);
	a[10] = b[10] = '\0';
	fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n", left, H - bottom + 16, a);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>\n", W - 10, H - bottom + 16, b);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">day of issuance (notBefore, UTC)</text>\n",
		(W + left) / 2, H - 6);
	fputs("</svg>\n", fp);
	free(per);
	return 0;
}

int sweep_sink_html_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			 const struct sweep_audit_opts *o, struct sweep_error *err)
{
	struct sweep_impact im;
	struct sweep_ofile f;
	char t[21], u[21];
	int rc;

	sweep_impact_compute(res, o, &im);
	rc = sweep_ofile_open(&f, d, "report.html", err);
	if (rc)
		return rc;
	FILE *fp = f.fp;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>certsweep incident report</title>\n<style>\n"
	      "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}\n"
	      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .5em;"
	      "text-align:left;vertical-align:top}\n"
	      "td.n{text-align:right}code,pre{background:#f4f4f4}pre{padding:.5em;white-space:pre-wrap}\n"
	      ".affected td{font-size:12px;word-break:break-all}\n</style></head><body>\n", fp);
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
	fputs("</pre>\n", fp);
	if (res->n_groups) {
		fputs("<h2>Affected certificates per day of issuance</h2>\n", fp);
		if (chart(fp, res, &im)) {
			sweep_ofile_abort(&f);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
	}
	fputs("<h2>Affected set</h2>\n<table class=\"affected\"><tr><th>Serial #</th><th>Not before</th>"
	      "<th>Subject</th><th>Issuer</th><th>Revoked?</th></tr>\n", fp);
	for (size_t i = 0; i < res->n_groups; i++) {
		const struct sweep_group *g = res->groups[i];
		char *serial = malloc(2 * g->serial_len + 1);
		if (!serial)
			break;
		sweep_hex(g->serial, g->serial_len, serial);
		sweep_time_iso(g->not_before, t);
		static const char *const st[] = { "Yes", "N/A", "Planned", "No", "Delayed" };
		int64_t when;
		int has_date;
		fprintf(fp, "<tr><td>%s</td><td>%s</td><td>", serial, t);
		html(fp, g->subject);
		fputs("</td><td>", fp);
		html(fp, g->issuer);
		fprintf(fp, "</td><td>%s</td></tr>\n", st[sweep_sink_status(g, o, &when, &has_date)]);
		free(serial);
	}
	fputs("</table>\n</body></html>\n", fp);
	return sweep_ofile_finish(&f, err);
}
