/* audit.state: one line per fact, strings percent-escaped, groups in
 * output order. Text, so an auditor can read what a shard found. */
#include "certsweep/state.h"

#include "certsweep/output.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_MAGIC "certsweep-state 1"

static void put_str(FILE *fp, const char *key, const char *s)
{
	fprintf(fp, "%s ", key);
	if (!s) {
		fputs("-\n", fp);
		return;
	}
	fputc('=', fp); /* distinguishes "" from NULL */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '%' || *p == '\n' || *p == '\r')
			fprintf(fp, "%%%02X", *p);
		else
			fputc(*p, fp);
	}
	fputc('\n', fp);
}

static void put_hex(FILE *fp, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%02x", p[i]);
}

int sweep_state_write(const char *dir, const struct sweep_audit_result *res, const struct sweep_audit_opts *o,
		      struct sweep_error *err)
{
	return sweep_state_write_file(dir, "audit.state", res, o, NULL, err);
}

int sweep_state_write_file(const char *dir, const char *name, const struct sweep_audit_result *res,
			   const struct sweep_audit_opts *o, const struct sweep_resume *resume, struct sweep_error *err)
{
	struct sweep_ofile f;
	const struct sweep_audit_stats *s = &res->stats;
	int rc = sweep_ofile_open(&f, dir, name, err);

	if (rc)
		return rc;
	FILE *fp = f.fp;
	fprintf(fp, "%s\n", STATE_MAGIC);
	put_str(fp, "source", res->source_desc);
	put_str(fp, "selection", o->selection);
	put_str(fp, "where", o->where_text);
	for (size_t i = 0; i < o->n_lints; i++)
		put_str(fp, "lint", o->lints[i]->name);
	fprintf(fp, "now %" PRId64 "\nplanned %d %" PRId64 "\ncsv_safe %d\ncrls %d\nshard %d %d\n", o->now,
		o->has_planned, o->planned, o->csv_safe, o->have_crls, o->shard_k, o->shard_n);
	fprintf(fp, "stats %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %d %" PRIu64 "\n",
		s->rows, s->decoded, s->unparseable, s->in_window, s->matched_certs, s->findings, s->worst,
		s->reconnects);
	if (resume)
		fprintf(fp, "resume %" PRId64 " %ld %ld %d\n", resume->last_id, resume->findings_offset,
			resume->unparseable_offset, resume->scan_done);
	fprintf(fp, "conflicts %zu\n", res->rev_conflicts);
	for (size_t i = 0; i < res->n_groups; i++) {
		const struct sweep_group *g = res->groups[i];
		fputs("group ", fp);
		put_hex(fp, g->issuer_der, g->issuer_der_len);
		fputc(' ', fp);
		put_hex(fp, g->serial, g->serial_len);
		fprintf(fp, " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %d %d %" PRId64 " %d %" PRId64 " %d %d\n",
			g->issuer_ref, g->first_id, g->not_before, g->not_after, (int)g->type, g->fields_from_final,
			g->fields_id, g->revoked, g->revoked_at, g->reason, g->rev_stated);
		put_str(fp, "subject", g->subject);
		put_str(fp, "issuer", g->issuer);
		put_str(fp, "dns", g->dns_names);
		put_str(fp, "conflict", g->rev_conflict);
		for (size_t k = 0; k < g->n_members; k++) {
			fputs("member ", fp);
			put_hex(fp, g->members[k].sha256, 32);
			fprintf(fp, " %d %" PRId64 " %d\n", g->members[k].is_precert, g->members[k].id, g->members[k].failed);
		}
		for (size_t k = 0; k < g->n_lint_hits; k++)
			put_str(fp, "hit", o->lints[g->lint_hits[k]]->name);
	}
	fputs("end\n", fp);
	return sweep_ofile_commit(&f, err);
}

/* ---- reading ---- */

static char *get_str(const char *v)
{
	if (strcmp(v, "-") == 0)
		return NULL;
	if (*v != '=')
		return NULL;
	v++;
	char *out = malloc(strlen(v) + 1), *q = out;
	if (!out)
		return NULL;
	while (*v) {
		unsigned x;
		if (*v == '%' && sscanf(v + 1, "%2X", &x) == 1) {
			*q++ = (char)x;
			v += 3;
		} else {
			*q++ = *v++;
		}
	}
	*q = '\0';
	return out;
}

static int get_hex(const char *h, size_t n, uint8_t **out, size_t *len)
{
	size_t l = n / 2;
	uint8_t *b = malloc(l ? l : 1);

	if (!b || n % 2)
		goto bad;
	for (size_t i = 0; i < l; i++) {
		unsigned x;
		if (sscanf(h + 2 * i, "%2x", &x) != 1)
			goto bad;
		b[i] = (uint8_t)x;
	}
	*out = b;
	*len = l;
	return 0;
bad:
	free(b);
	return -1;
}

void sweep_state_release(struct sweep_state *st)
{
	free(st->source_desc);
	free(st->selection);
	free(st->where_text);
	for (size_t i = 0; i < st->n_lints; i++)
		free(st->lint_names[i]);
	free(st->lint_names);
	for (size_t i = 0; i < st->n_groups; i++)
		sweep_group_free(st->groups[i]);
	free(st->groups);
	memset(st, 0, sizeof(*st));
}

static int lint_index(struct sweep_state *st, const char *name)
{
	for (size_t i = 0; i < st->n_lints; i++)
		if (strcmp(st->lint_names[i], name) == 0)
			return (int)i;
	return -1;
}

int sweep_state_read(const char *path, struct sweep_state *st, struct sweep_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	struct sweep_group *g = NULL;
	int ended = 0;

	memset(st, 0, sizeof(*st));
	if (!fp)
		return sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", path, strerror(errno));
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		char *sp = strchr(line, ' ');
		const char *v = sp ? sp + 1 : "";
		if (sp)
			*sp = '\0';
		const char *k = line;
		if (lineno == 1) {
			if (strcmp(k, "certsweep-state") != 0 || strcmp(v, "1") != 0)
				goto bad;
			continue;
		}
		if (strcmp(k, "source") == 0) {
			st->source_desc = get_str(v);
		} else if (strcmp(k, "selection") == 0) {
			st->selection = get_str(v);
		} else if (strcmp(k, "where") == 0) {
			st->where_text = get_str(v);
		} else if (strcmp(k, "lint") == 0) {
			char **p = realloc(st->lint_names, (st->n_lints + 1) * sizeof(*p));
			if (!p)
				goto oom;
			st->lint_names = p;
			p[st->n_lints] = get_str(v);
			if (!p[st->n_lints])
				goto bad;
			st->n_lints++;
		} else if (strcmp(k, "now") == 0) {
			if (sscanf(v, "%" SCNd64, &st->now) != 1)
				goto bad;
		} else if (strcmp(k, "planned") == 0) {
			if (sscanf(v, "%d %" SCNd64, &st->has_planned, &st->planned) != 2)
				goto bad;
		} else if (strcmp(k, "csv_safe") == 0) {
			st->csv_safe = atoi(v);
		} else if (strcmp(k, "crls") == 0) {
			st->have_crls = atoi(v);
		} else if (strcmp(k, "shard") == 0) {
			if (sscanf(v, "%d %d", &st->shard_k, &st->shard_n) != 2)
				goto bad;
		} else if (strcmp(k, "stats") == 0) {
			struct sweep_audit_stats *s = &st->stats;
			if (sscanf(v, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %d %" SCNu64,
				   &s->rows, &s->decoded, &s->unparseable, &s->in_window, &s->matched_certs, &s->findings,
				   &s->worst, &s->reconnects) != 8)
				goto bad;
		} else if (strcmp(k, "resume") == 0) {
			struct sweep_resume *r = &st->resume;
			if (sscanf(v, "%" SCNd64 " %ld %ld %d", &r->last_id, &r->findings_offset, &r->unparseable_offset,
				   &r->scan_done) != 4)
				goto bad;
			st->has_resume = 1;
		} else if (strcmp(k, "conflicts") == 0) {
			st->rev_conflicts = (size_t)strtoull(v, NULL, 10);
		} else if (strcmp(k, "group") == 0) {
			char ih[8192], sh[512];
			int type;
			g = calloc(1, sizeof(*g));
			if (!g)
				goto oom;
			struct sweep_group **p = realloc(st->groups, (st->n_groups + 1) * sizeof(*p));
			if (!p) {
				free(g);
				goto oom;
			}
			st->groups = p;
			p[st->n_groups++] = g;
			if (sscanf(v, "%8191s %511s %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %d %d %" SCNd64
				      " %d %" SCNd64 " %d %d",
				   ih, sh, &g->issuer_ref, &g->first_id, &g->not_before, &g->not_after, &type,
				   &g->fields_from_final, &g->fields_id, &g->revoked, &g->revoked_at, &g->reason,
				   &g->rev_stated) != 13 ||
			    type < 0 || type > SWEEP_TYPE_EV ||
			    get_hex(ih, strlen(ih), &g->issuer_der, &g->issuer_der_len) ||
			    get_hex(sh, strlen(sh), &g->serial, &g->serial_len))
				goto bad;
			g->type = (enum sweep_cert_type)type;
		} else if (g && strcmp(k, "subject") == 0) {
			g->subject = get_str(v);
		} else if (g && strcmp(k, "issuer") == 0) {
			g->issuer = get_str(v);
		} else if (g && strcmp(k, "dns") == 0) {
			g->dns_names = get_str(v);
		} else if (g && strcmp(k, "conflict") == 0) {
			g->rev_conflict = get_str(v);
		} else if (g && strcmp(k, "member") == 0) {
			char hh[65];
			struct sweep_member m;
			uint8_t *sha;
			size_t sl;
			if (sscanf(v, "%64s %d %" SCNd64 " %d", hh, &m.is_precert, &m.id, &m.failed) != 4 ||
			    get_hex(hh, strlen(hh), &sha, &sl) || sl != 32)
				goto bad;
			memcpy(m.sha256, sha, 32);
			free(sha);
			struct sweep_member *p = realloc(g->members, (g->n_members + 1) * sizeof(*p));
			if (!p)
				goto oom;
			g->members = p;
			p[g->n_members++] = m;
		} else if (g && strcmp(k, "hit") == 0) {
			char *name = get_str(v);
			int idx = name ? lint_index(st, name) : -1;
			free(name);
			if (idx < 0)
				goto bad;
			size_t *p = realloc(g->lint_hits, (g->n_lint_hits + 1) * sizeof(*p));
			if (!p)
				goto oom;
			g->lint_hits = p;
			p[g->n_lint_hits++] = (size_t)idx;
		} else if (strcmp(k, "end") == 0) {
			ended = 1;
			break;
		} else {
			goto bad;
		}
	}
	free(line);
	fclose(fp);
	if (!ended || !st->source_desc) {
		sweep_state_release(st);
		return sweep_error_set(err, SWEEP_EDECODE, "%s: truncated state file (the audit did not finish)", path);
	}
	for (size_t i = 0; i < st->n_groups; i++)
		if (!st->groups[i]->subject || !st->groups[i]->issuer || !st->groups[i]->dns_names) {
			sweep_state_release(st);
			return sweep_error_set(err, SWEEP_EDECODE, "%s: group without its fields", path);
		}
	return 0;
bad:
	free(line);
	fclose(fp);
	sweep_state_release(st);
	return sweep_error_set(err, SWEEP_EDECODE, "%s:%ld: not a certsweep state line", path, lineno);
oom:
	free(line);
	fclose(fp);
	sweep_state_release(st);
	return sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", path);
}
