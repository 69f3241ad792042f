/* The CCADB Incident Reporting Guidelines v3.2 appendix CSV. */
#include "certsweep/format.h"
#include "certsweep/output.h"
#include "certsweep/sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const header[] = {
	"Precertificate SHA-256 hash", "Certificate SHA-256 hash", "Subject", "Issuer", "Not before",
	"Not after", "Serial #", "dNSNames", "Is revoked?", "Revocation date", "Revocation reason",
};

static void hashes(struct sweep_buf *b, const struct sweep_group *g, int precert)
{
	char hex[65];
	int any = 0;

	sweep_buf_reset(b);
	sweep_buf_add(b, "", 0);
	for (size_t i = 0; i < g->n_members; i++) {
		if (g->members[i].is_precert != precert)
			continue;
		sweep_hex(g->members[i].sha256, 32, hex);
		if (any)
			sweep_buf_putc(b, ' ');
		sweep_buf_puts(b, hex);
		any = 1;
	}
}

/* The distinct canonical-TBS hashes of a line's certificates, in member
 * order: one for a corresponding pair, two where they do not correspond. */
static void tbs_hashes(struct sweep_buf *b, const struct sweep_group *g)
{
	char hex[65];

	sweep_buf_reset(b);
	sweep_buf_add(b, "", 0);
	for (size_t i = 0; i < g->n_members; i++) {
		int seen = !g->members[i].has_tbs;
		for (size_t k = 0; k < i && !seen; k++)
			seen = g->members[k].has_tbs && memcmp(g->members[k].tbs_sha256, g->members[i].tbs_sha256, 32) == 0;
		if (seen)
			continue;
		sweep_hex(g->members[i].tbs_sha256, 32, hex);
		if (b->len)
			sweep_buf_putc(b, ' ');
		sweep_buf_puts(b, hex);
	}
}

/* One line of affected.csv: g is a group or one of its lines (sweep_group_lines). */
static void write_line(struct sweep_buf *line, struct sweep_buf *pre, struct sweep_buf *fin, const struct sweep_group *g,
		       const struct sweep_audit_opts *o)
{
	char nb[21], na[21], rd[21];
	char *serial = malloc(2 * g->serial_len + 1);
	if (!serial) {
		line->oom = 1;
		return;
	}
	sweep_hex(g->serial, g->serial_len, serial);
	sweep_time_iso(g->not_before, nb);
	sweep_time_iso(g->not_after, na);
	hashes(pre, g, 1);
	hashes(fin, g, 0);
	/* CCADB v3.2 appendix: "Revocation date: Actual Date, Planned Date, or
	 * N/A"; the reason is the CRL entry's, so N/A where there is none */
	const char *status = "No", *date = "N/A", *reason = "N/A";
	int64_t when;
	int has_date;
	switch (sweep_sink_status(g, o, &when, &has_date)) {
	case SWEEP_REV_YES:
		status = "Yes";
		reason = sweep_reason_name(g->reason);
		break;
	case SWEEP_REV_EXPIRED:
		status = date = reason = "N/A";
		break;
	case SWEEP_REV_PLANNED: status = "Planned"; break;
	case SWEEP_REV_DELAYED: status = "Delayed"; break;
	case SWEEP_REV_NO: break;
	}
	if (has_date) {
		sweep_time_iso(when, rd);
		date = rd;
	}
	/* a serial without a precertificate (or without a final): N/A, not an empty cell */
	sweep_csv_cell(line, pre->len ? sweep_buf_str(pre) : "N/A", 1, 0);
	sweep_csv_cell(line, fin->len ? sweep_buf_str(fin) : "N/A", 0, 0);
	sweep_csv_cell(line, g->subject, 0, o->csv_safe);
	sweep_csv_cell(line, g->iss->name, 0, o->csv_safe);
	sweep_csv_cell(line, nb, 0, 0);
	sweep_csv_cell(line, na, 0, 0);
	sweep_csv_cell(line, serial, 0, 0);
	sweep_csv_cell(line, g->dns_names, 0, o->csv_safe);
	sweep_csv_cell(line, status, 0, 0);
	sweep_csv_cell(line, date, 0, 0);
	sweep_csv_cell(line, reason, 0, 0);
	if (o->extra_columns & SWEEP_COL_TBS_SHA256) {
		tbs_hashes(pre, g);
		sweep_csv_cell(line, pre->len ? sweep_buf_str(pre) : "N/A", 0, 0);
	}
	sweep_csv_end(line);
	free(serial);
}

int sweep_sink_csv_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			 const struct sweep_audit_opts *o, struct sweep_error *err)
{
	struct sweep_ofile f;
	struct sweep_buf line = SWEEP_BUF_INIT, pre = SWEEP_BUF_INIT, fin = SWEEP_BUF_INIT;
	int rc = sweep_ofile_open(&f, d, "affected.csv", err);

	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		sweep_csv_cell(&line, header[i], i == 0, 0);
	for (size_t i = 0; i < sweep_n_extra_columns; i++)
		if (o->extra_columns & sweep_extra_columns[i].bit)
			sweep_csv_cell(&line, sweep_extra_columns[i].header, 0, 0);
	sweep_csv_end(&line);
	struct sweep_groups_it it;
	const struct sweep_group *g;
	sweep_result_groups(&it, res);
	while (!line.oom && (g = sweep_groups_next(&it)) != NULL) {
		struct sweep_group *lines;
		size_t n_lines;
		if (sweep_group_lines(&lines, &n_lines, g)) {
			line.oom = 1;
			break;
		}
		for (size_t l = 0; l < n_lines && !line.oom; l++)
			write_line(&line, &pre, &fin, &lines[l], o);
		sweep_group_lines_free(lines, n_lines);
		if (line.len > 1 << 16) {
			fwrite(line.p, 1, line.len, f.fp);
			sweep_buf_reset(&line);
		}
	}
	if (!line.oom && line.len)
		fwrite(line.p, 1, line.len, f.fp);
	int oom = line.oom || pre.oom || fin.oom;
	sweep_buf_release(&line);
	sweep_buf_release(&pre);
	sweep_buf_release(&fin);
	if ((rc = sweep_groups_end(&it, err)) != 0) {
		sweep_ofile_abort(&f);
		return rc;
	}
	if (oom) {
		sweep_ofile_abort(&f);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory writing affected.csv");
	}
	return sweep_ofile_finish(&f, err);
}

int sweep_sink_links_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			 const struct sweep_audit_opts *o, struct sweep_error *err)
{
	struct sweep_ofile f;
	char hex[65];
	int rc = sweep_ofile_open(&f, d, "crtsh-links.txt", err);

	(void)o; /* one signature for every sink */
	if (rc)
		return rc;
	/* One line per final certificate; a precertificate only where no final exists. */
	struct sweep_groups_it it;
	const struct sweep_group *grp;
	sweep_result_groups(&it, res);
	while ((grp = sweep_groups_next(&it)) != NULL) {
		struct sweep_group *lines;
		size_t n_lines;
		if (sweep_group_lines(&lines, &n_lines, grp)) {
			sweep_groups_end(&it, NULL);
			sweep_ofile_abort(&f);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory writing crtsh-links.txt");
		}
		for (size_t l = 0; l < n_lines; l++) {
			const struct sweep_group *g = &lines[l];
			int want_precert = !sweep_group_has_final(g);
			for (size_t k = 0; k < g->n_members; k++) {
				if (g->members[k].is_precert != want_precert)
					continue;
				sweep_hex(g->members[k].sha256, 32, hex);
				fprintf(f.fp, "https://crt.sh/?sha256=%s\n", hex);
			}
		}
		sweep_group_lines_free(lines, n_lines);
	}
	if ((rc = sweep_groups_end(&it, err)) != 0) {
		sweep_ofile_abort(&f);
		return rc;
	}
	return sweep_ofile_finish(&f, err);
}

/* Where the store and a CRL disagree (--crl), or the store's own duplicate
 * crl_revoked rows disagree; written only when there can be such lines. */
int sweep_sink_conflicts_write(const struct sweep_outdir *d, const struct sweep_audit_result *res,
			       const struct sweep_audit_opts *o, struct sweep_error *err)
{
	struct sweep_ofile f;
	struct sweep_buf line = SWEEP_BUF_INIT;
	int rc;

	if (!o->have_crls && !res->rev_conflicts)
		return 0;
	rc = sweep_ofile_open(&f, d, "revocation-conflicts.csv", err);
	if (rc)
		return rc;
	sweep_buf_puts(&line, "Serial #,Issuer,Disagreement\r\n");
	struct sweep_groups_it it;
	const struct sweep_group *g;
	sweep_result_groups(&it, res);
	while ((g = sweep_groups_next(&it)) != NULL) {
		char hex[2 * 64 + 1];
		if (!g->rev_conflict)
			continue;
		if (g->serial_len <= 64)
			sweep_hex(g->serial, g->serial_len, hex);
		else
			snprintf(hex, sizeof(hex), "(%zu octets)", g->serial_len);
		sweep_csv_cell(&line, hex, 1, 0);
		sweep_csv_cell(&line, g->iss->name, 0, o->csv_safe);
		sweep_csv_cell(&line, g->rev_conflict, 0, 0);
		sweep_csv_end(&line);
	}
	if ((rc = sweep_groups_end(&it, err)) != 0 || line.oom) {
		sweep_buf_release(&line);
		sweep_ofile_abort(&f);
		return rc ? rc : sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	fwrite(line.p, 1, line.len, f.fp);
	sweep_buf_release(&line);
	return sweep_ofile_finish(&f, err);
}
