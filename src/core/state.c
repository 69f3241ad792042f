/* audit.state: one line per fact, strings percent-escaped, groups in
 * output order. Text, so an auditor can read what a shard found. */
#include "certsweep/state.h"

#include "certsweep/output.h"
#include "state_text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2: members carry their own fields (a reused serial writes one CSV line per
 * certificate). A version 1 file lacks them and is refused: rerun. */
#define STATE_VERSION "2"
#define STATE_MAGIC "certsweep-state " STATE_VERSION

void state_put_str(FILE *fp, const char *key, const char *s)
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

/* ---- writing a group: straight into a buffer (issue #17: fprintf per
 * hex octet and fputc per character were a quarter of an all-lints audit,
 * the journal writing every group once or more) ---- */

static void buf_hex(struct sweep_buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	if (sweep_buf_reserve(b, 2 * n))
		return;
	char *o = b->p + b->len;
	for (size_t i = 0; i < n; i++) {
		*o++ = digits[p[i] >> 4];
		*o++ = digits[p[i] & 15];
	}
	b->len += 2 * n;
	b->p[b->len] = '\0';
}

/* ' ' and v in decimal, as "%" PRId64 writes it */
static void buf_num(struct sweep_buf *b, int64_t v)
{
	sweep_buf_putc(b, ' ');
	sweep_buf_i64(b, v);
}

/* state_put_str into a buffer */
static void buf_str(struct sweep_buf *b, const char *key, const char *s)
{
	static const char digits[] = "0123456789ABCDEF";

	sweep_buf_puts(b, key);
	if (!s) {
		sweep_buf_add(b, " -\n", 3);
		return;
	}
	sweep_buf_add(b, " =", 2);
	for (const char *p = s;;) {
		size_t n = strcspn(p, "%\n\r"); /* the run to copy as it is */
		sweep_buf_add(b, p, n);
		unsigned char c = (unsigned char)p[n];
		if (!c)
			break;
		char esc[3] = { '%', digits[c >> 4], digits[c & 15] };
		sweep_buf_add(b, esc, 3);
		p += n + 1;
	}
	sweep_buf_putc(b, '\n');
}

/* The audit options as the state holds them; compared by resume and merge. */
static void write_group(struct sweep_buf *b, const struct sweep_group *g, const struct sweep_audit_opts *o)
{
	sweep_buf_add(b, "group ", 6);
	buf_hex(b, g->iss->der, g->iss->der_len);
	sweep_buf_putc(b, ' ');
	buf_hex(b, g->serial, g->serial_len);
	buf_num(b, g->issuer_ref);
	buf_num(b, g->first_id);
	buf_num(b, g->not_before);
	buf_num(b, g->not_after);
	buf_num(b, (int)g->type);
	buf_num(b, g->fields_from_final);
	buf_num(b, g->fields_id);
	buf_num(b, g->revoked);
	buf_num(b, g->revoked_at);
	buf_num(b, g->reason);
	buf_num(b, g->rev_stated);
	sweep_buf_putc(b, '\n');
	if (g->iss->kid_len) {
		sweep_buf_add(b, "kid ", 4);
		buf_hex(b, g->iss->kid, g->iss->kid_len);
		sweep_buf_putc(b, '\n');
	}
	buf_str(b, "subject", g->subject);
	buf_str(b, "issuer", g->iss->name);
	buf_str(b, "dns", g->dns_names);
	buf_str(b, "conflict", g->rev_conflict);
	for (size_t k = 0; k < g->n_members; k++) {
		const struct sweep_member *m = &g->members[k];
		sweep_buf_add(b, "member ", 7);
		buf_hex(b, m->sha256, 32);
		buf_num(b, (int)m->is_precert);
		buf_num(b, m->id);
		buf_num(b, (int)m->failed);
		sweep_buf_putc(b, ' ');
		if (m->has_tbs)
			buf_hex(b, m->tbs_sha256, 32);
		else
			sweep_buf_putc(b, '-');
		buf_num(b, m->not_before);
		buf_num(b, m->not_after);
		sweep_buf_putc(b, '\n');
		buf_str(b, "msubject", sweep_member_subject(g, m));
		buf_str(b, "mdns", sweep_member_dns(g, m));
	}
	for (size_t k = 0; k < g->n_lint_hits; k++)
		buf_str(b, "hit", o->lints[g->lint_hits[k]]->name);
}

int sweep_state_group_text(struct sweep_buf *out, const struct sweep_group *g, const struct sweep_audit_opts *o)
{
	write_group(out, g, o);
	return out->oom ? SWEEP_ENOMEM : 0;
}

int sweep_state_write(const struct sweep_outdir *d, const char *name, const struct sweep_audit_result *res,
		      const struct sweep_audit_opts *o, const struct sweep_resume *resume, int commit,
		      struct sweep_error *err)
{
	struct sweep_ofile f;
	const struct sweep_audit_stats *s = &res->stats;
	int rc = sweep_ofile_open(&f, d, name, err);

	if (rc)
		return rc;
	FILE *fp = f.fp;
	fprintf(fp, "%s\n", STATE_MAGIC);
	state_put_str(fp, "source", res->source_desc);
	sweep_audit_opts_write(fp, o);
	fprintf(fp, "stats %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %d %" PRIu64 "\n",
		s->rows, s->decoded, s->unparseable, s->in_window, s->matched_certs, s->findings, s->worst,
		s->reconnects);
	fprintf(fp, "scan %" PRIu64 " %d %d %" PRIu64 " %" PRIu64 " %d\n", s->restarts, s->snapshot, s->has_count,
		s->count, s->regex_stops, s->index_order);
	if (resume)
		fprintf(fp, "resume %" PRId64 " %ld %ld %d\n", resume->last_id, resume->findings_offset,
			resume->unparseable_offset, resume->scan_done);
	fprintf(fp, "conflicts %zu\n", res->rev_conflicts);
	if (resume && resume->journal_bytes >= 0)
		fprintf(fp, "journal %ld\n", resume->journal_bytes);
	if (resume && resume->position[0] && !strpbrk(resume->position, "\r\n"))
		fprintf(fp, "position %s\n", resume->position);
	struct sweep_buf b = SWEEP_BUF_INIT;
	struct sweep_groups_it it;
	const struct sweep_group *g;
	sweep_result_groups(&it, res);
	while (!b.oom && (g = sweep_groups_next(&it)) != NULL) {
		write_group(&b, g, o);
		if (b.len >= 1 << 16) {
			fwrite(b.p, 1, b.len, fp);
			sweep_buf_reset(&b);
		}
	}
	if (!b.oom && b.len)
		fwrite(b.p, 1, b.len, fp);
	int oom = b.oom;
	sweep_buf_release(&b);
	rc = sweep_groups_end(&it, err);
	if (rc) {
		sweep_ofile_abort(&f);
		return rc;
	}
	if (oom) {
		sweep_ofile_abort(&f);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	fputs("end\n", fp);
	return commit ? sweep_ofile_commit(&f, err) : sweep_ofile_finish(&f, err);
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
		/* exactly two hex digits: "%e" at the end once read past the NUL (found by fuzz_state) */
		if (*v == '%' && isxdigit((unsigned char)v[1]) && isxdigit((unsigned char)v[2])) {
			char hex[3] = { v[1], v[2], '\0' };
			*q++ = (char)strtoul(hex, NULL, 16);
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
		char pair[3] = { h[2 * i], h[2 * i + 1], '\0' };
		/* sscanf's %x would take a sign or "0x" */
		if (!isxdigit((unsigned char)pair[0]) || !isxdigit((unsigned char)pair[1]))
			goto bad;
		b[i] = (uint8_t)strtoul(pair, NULL, 16);
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
	free(st->selection);
	free(st->where_text);
	free(st->lints);
	free(st->delayed);
	for (size_t i = 0; i < st->opts.n_plan; i++)
		free(st->plan[i].serial);
	free(st->plan);
	sweep_audit_result_release(&st->res);
	memset(st, 0, sizeof(*st));
}

static int lint_index(const struct sweep_state *st, const char *name)
{
	for (size_t i = 0; i < st->opts.n_lints; i++)
		if (strcmp(st->lints[i]->name, name) == 0)
			return (int)i;
	return -1;
}

static int parse_int(const char *v, int *out)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < -1000000 || x > 1000000)
		return -1;
	*out = (int)x;
	return 0;
}

/* The group being read; NULL before the first "group" line. */
static struct sweep_group *last_group(struct sweep_state *st)
{
	return st->res.n_groups ? st->res.groups[st->res.n_groups - 1] : NULL;
}

enum { LINE_OK = 0, LINE_BAD = -1, LINE_OOM = -2, LINE_UNKNOWN_LINT = -3, LINE_OLD = -4 };

static int parse_group(struct sweep_state *st, const char *v)
{
	char ih[8192], sh[512];
	int type;
	struct sweep_group f, *g;
	struct sweep_group **p;
	uint8_t *der, *serial;
	size_t der_len, serial_len;

	memset(&f, 0, sizeof(f));
	if (sscanf(v, "%8191s %511s %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %d %d %" SCNd64 " %d %" SCNd64 " %d %d",
		   ih, sh, &f.issuer_ref, &f.first_id, &f.not_before, &f.not_after, &type, &f.fields_from_final,
		   &f.fields_id, &f.revoked, &f.revoked_at, &f.reason, &f.rev_stated) != 13 ||
	    type < 0 || type > SWEEP_TYPE_EV || get_hex(sh, strlen(sh), &serial, &serial_len))
		return LINE_BAD;
	f.type = (enum sweep_cert_type)type;
	if (get_hex(ih, strlen(ih), &der, &der_len)) {
		free(serial);
		return LINE_BAD;
	}
	/* interned as it stands; the kid and issuer lines intern it again */
	const struct sweep_issuer_id *id = sweep_issuer_intern(der, der_len, NULL, 0, NULL);
	free(der);
	/* one allocation, the serial just past the group (as sweep_affected_group makes it) */
	g = id ? malloc(sizeof(*g) + serial_len) : NULL;
	p = g ? realloc(st->res.groups, (st->res.n_groups + 1) * sizeof(*p)) : NULL;
	if (!p) {
		free(g);
		free(serial);
		return LINE_OOM;
	}
	*g = f;
	sweep_group_set_issuer(g, id);
	g->serial = (uint8_t *)(g + 1);
	g->serial_len = serial_len;
	if (serial_len)
		memcpy(g->serial, serial, serial_len);
	free(serial);
	st->res.groups = p;
	p[st->res.n_groups++] = g;
	return LINE_OK;
}

/* 32 octets in hex, or NULL (fuzzed files may hold anything). */
static int get_sha(const char *h, uint8_t out[32])
{
	uint8_t *b;
	size_t l;

	if (strlen(h) != 64 || get_hex(h, 64, &b, &l))
		return -1;
	memcpy(out, b, 32);
	free(b);
	return 0;
}

static int parse_member(struct sweep_group *g, const char *v)
{
	char hh[65], th[65];
	struct sweep_member m;
	int is_precert, failed;

	memset(&m, 0, sizeof(m));
	if (sscanf(v, "%64s %d %" SCNd64 " %d %64s %" SCNd64 " %" SCNd64, hh, &is_precert, &m.id, &failed, th,
		   &m.not_before, &m.not_after) != 7 ||
	    get_sha(hh, m.sha256))
		return LINE_BAD;
	m.is_precert = is_precert != 0;
	m.failed = failed != 0;
	m.has_tbs = strcmp(th, "-") != 0;
	if (m.has_tbs && get_sha(th, m.tbs_sha256))
		return LINE_BAD;
	struct sweep_member *p = realloc(g->members, (g->n_members + 1) * sizeof(*p));
	if (!p)
		return LINE_OOM;
	g->members = p;
	p[g->n_members++] = m;
	return LINE_OK;
}

/* A string field that may appear once. */
static int set_str(char **field, const char *v)
{
	if (*field)
		return LINE_BAD;
	*field = get_str(v);
	return *field ? LINE_OK : LINE_BAD;
}

static int parse_line(struct sweep_state *st, const char *k, const char *v, const char **unknown)
{
	struct sweep_audit_opts *o = &st->opts;
	struct sweep_group *g = last_group(st);

	if (strcmp(k, "source") == 0)
		return set_str(&st->res.source_desc, v);
	if (strcmp(k, "selection") == 0) {
		free(st->selection); /* the last one counts (fuzzing found the first leaked) */
		st->selection = get_str(v);
		return LINE_OK;
	}
	if (strcmp(k, "where") == 0) {
		free(st->where_text);
		st->where_text = get_str(v);
		return LINE_OK;
	}
	if (strcmp(k, "lint") == 0) {
		if (g)
			return LINE_BAD; /* hits name lints listed before them */
		char *name = get_str(v);
		const struct sweep_lint *l = name ? sweep_lint_find(name) : NULL;
		if (!l) {
			*unknown = v;
			free(name);
			return name ? LINE_UNKNOWN_LINT : LINE_BAD;
		}
		free(name);
		const struct sweep_lint **p = realloc(st->lints, (o->n_lints + 1) * sizeof(*p));
		if (!p)
			return LINE_OOM;
		st->lints = p;
		p[o->n_lints++] = l;
		return LINE_OK;
	}
	if (strcmp(k, "delayed") == 0)
		return set_str(&st->delayed, v);
	if (strcmp(k, "plan") == 0) {
		char hex[2 * 64 + 1], kind;
		struct sweep_plan_entry e;
		if (sscanf(v, "%128s %c %d %" SCNd64, hex, &kind, &e.has_date, &e.date) != 4 || (kind != 'P' && kind != 'D'))
			return LINE_BAD;
		e.delayed = kind == 'D';
		struct sweep_plan_entry *p = realloc(st->plan, (o->n_plan + 1) * sizeof(*p));
		if (!p)
			return LINE_OOM;
		st->plan = p;
		e.serial = strdup(hex);
		if (!e.serial)
			return LINE_OOM;
		p[o->n_plan++] = e;
		return LINE_OK;
	}
	if (strcmp(k, "now") == 0)
		return sscanf(v, "%" SCNd64, &o->now) == 1 ? LINE_OK : LINE_BAD;
	if (strcmp(k, "planned") == 0)
		return sscanf(v, "%d %" SCNd64, &o->has_planned, &o->planned) == 2 ? LINE_OK : LINE_BAD;
	if (strcmp(k, "columns") == 0) {
		const char *bad;
		size_t bad_len;
		return sweep_extra_columns_parse(&o->extra_columns, v, &bad, &bad_len) || !o->extra_columns ? LINE_BAD
														  : LINE_OK;
	}
	if (strcmp(k, "csv_safe") == 0)
		return parse_int(v, &o->csv_safe) ? LINE_BAD : LINE_OK;
	if (strcmp(k, "crls") == 0)
		return parse_int(v, &o->have_crls) ? LINE_BAD : LINE_OK;
	if (strcmp(k, "shard") == 0)
		return sscanf(v, "%d %d", &o->shard_k, &o->shard_n) == 2 ? LINE_OK : LINE_BAD;
	if (strcmp(k, "as_of") == 0) {
		int a;
		if (sscanf(v, "%d %" SCNd64, &a, &o->as_of_date) != 2 || a < SWEEP_AS_OF_ISSUED || a > SWEEP_AS_OF_DATE)
			return LINE_BAD;
		o->as_of = (enum sweep_as_of)a;
		return LINE_OK;
	}
	if (strcmp(k, "stats") == 0) {
		struct sweep_audit_stats *s = &st->res.stats;
		return sscanf(v, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %d %" SCNu64,
			      &s->rows, &s->decoded, &s->unparseable, &s->in_window, &s->matched_certs, &s->findings,
			      &s->worst, &s->reconnects) == 8
			       ? LINE_OK
			       : LINE_BAD;
	}
	if (strcmp(k, "scan") == 0) {
		struct sweep_audit_stats *s = &st->res.stats;
		return sscanf(v, "%" SCNu64 " %d %d %" SCNu64 " %" SCNu64 " %d", &s->restarts, &s->snapshot,
			      &s->has_count, &s->count, &s->regex_stops, &s->index_order) == 6 && s->snapshot >= 0 &&
				       s->snapshot <= 3
			       ? LINE_OK
			       : LINE_BAD;
	}
	if (strcmp(k, "resume") == 0) {
		struct sweep_resume *r = &st->resume;
		if (sscanf(v, "%" SCNd64 " %ld %ld %d", &r->last_id, &r->findings_offset, &r->unparseable_offset,
			   &r->scan_done) != 4 ||
		    r->findings_offset < 0 || r->unparseable_offset < 0)
			return LINE_BAD;
		st->has_resume = 1;
		return LINE_OK;
	}
	if (strcmp(k, "position") == 0) {
		size_t n = strlen(v);
		if (n == 0 || n >= sizeof(st->resume.position) || st->resume.position[0])
			return LINE_BAD;
		memcpy(st->resume.position, v, n + 1);
		return LINE_OK;
	}
	if (strcmp(k, "journal") == 0) {
		char *end;
		long n = strtol(v, &end, 10);
		if (end == v || *end || n < 0 || st->resume.journal_bytes >= 0)
			return LINE_BAD;
		st->resume.journal_bytes = n;
		return LINE_OK;
	}
	if (strcmp(k, "conflicts") == 0) {
		st->res.rev_conflicts = (size_t)strtoull(v, NULL, 10);
		return LINE_OK;
	}
	if (strcmp(k, "group") == 0)
		return parse_group(st, v);
	if (!g)
		return LINE_BAD;
	if (strcmp(k, "kid") == 0) {
		uint8_t *kid;
		size_t kid_len;
		if (g->iss->kid || get_hex(v, strlen(v), &kid, &kid_len))
			return LINE_BAD;
		const struct sweep_issuer_id *id =
			kid_len ? sweep_issuer_intern(g->iss->der, g->iss->der_len, kid, kid_len, g->iss->name) : NULL;
		free(kid);
		if (!kid_len)
			return LINE_BAD;
		if (!id)
			return LINE_OOM;
		sweep_group_set_issuer(g, id);
		return LINE_OK;
	}
	if (strcmp(k, "subject") == 0)
		return set_str(&g->subject, v);
	if (strcmp(k, "issuer") == 0) {
		char *name;
		if (g->iss->name || !(name = get_str(v)))
			return LINE_BAD;
		const struct sweep_issuer_id *id =
			sweep_issuer_intern(g->iss->der, g->iss->der_len, g->iss->kid, g->iss->kid_len, name);
		free(name);
		if (!id)
			return LINE_OOM;
		sweep_group_set_issuer(g, id);
		return LINE_OK;
	}
	if (strcmp(k, "dns") == 0)
		return set_str(&g->dns_names, v);
	if (strcmp(k, "conflict") == 0) {
		if (g->rev_conflict)
			return LINE_BAD;
		g->rev_conflict = get_str(v);
		return LINE_OK;
	}
	if (strcmp(k, "member") == 0)
		return parse_member(g, v);
	if (strcmp(k, "msubject") == 0 || strcmp(k, "mdns") == 0) {
		if (!g->n_members)
			return LINE_BAD;
		struct sweep_member *m = &g->members[g->n_members - 1];
		return set_str(k[1] == 's' ? &m->subject : &m->dns_names, v);
	}
	if (strcmp(k, "hit") == 0) {
		char *name = get_str(v);
		int idx = name ? lint_index(st, name) : -1;
		free(name);
		if (idx < 0)
			return LINE_BAD;
		size_t hit = (size_t)idx;
		return sweep_group_add_lints(g, &hit, 1) ? LINE_OOM : LINE_OK;
	}
	return LINE_BAD;
}

/* Whether every group has its fields and every member its own (as the file
 * writes them); then members drop the strings equal to their group's. */
static int groups_whole(const struct sweep_state *st, size_t first)
{
	for (size_t i = first; i < st->res.n_groups; i++) {
		struct sweep_group *g = st->res.groups[i];
		int fields = g->subject && g->iss->name && g->dns_names;
		for (size_t k = 0; k < g->n_members; k++)
			fields = fields && g->members[k].subject && g->members[k].dns_names;
		if (!fields)
			return 0;
		sweep_group_compact(g);
	}
	return 1;
}

/* The first `bytes` of the group journal: group records only, each line
 * whole; what lies beyond belongs to a checkpoint that never completed. */
static int parse_journal(struct sweep_state *st, FILE *fp, long bytes, const char *label, struct sweep_error *err)
{
	char *line = NULL;
	const char *unknown = NULL;
	size_t cap = 0;
	ssize_t n;
	long used = 0, lineno = 0;
	int rc = LINE_OK;
	size_t first = st->res.n_groups;

	while (rc == LINE_OK && used < bytes && (n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		used += (long)n;
		if (used > bytes || line[n - 1] != '\n') {
			rc = LINE_BAD;
			break;
		}
		line[--n] = '\0';
		if (strlen(line) != (size_t)n) {
			rc = LINE_BAD;
			break;
		}
		char *sp = strchr(line, ' ');
		const char *v = sp ? sp + 1 : "";
		if (sp)
			*sp = '\0';
		/* only group records: a journal never carries options or counters */
		if (strcmp(line, "group") && strcmp(line, "kid") && strcmp(line, "subject") && strcmp(line, "issuer") &&
		    strcmp(line, "dns") && strcmp(line, "conflict") && strcmp(line, "member") &&
		    strcmp(line, "msubject") && strcmp(line, "mdns") && strcmp(line, "hit"))
			rc = LINE_BAD;
		else
			rc = parse_line(st, line, v, &unknown);
	}
	free(line);
	if (rc == LINE_OOM)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", label);
	if (rc == LINE_UNKNOWN_LINT)
		return sweep_error_set(err, SWEEP_EINVAL, "%s uses lint %s, which this certsweep lacks", label, unknown);
	if (rc != LINE_OK)
		return sweep_error_set(err, SWEEP_EDECODE, "%s:%ld: not a certsweep group record", label, lineno);
	if (used != bytes)
		return sweep_error_set(err, SWEEP_EDECODE, "%s: shorter (%ld bytes) than its checkpoint says (%ld)", label,
				       used, bytes);
	if (!groups_whole(st, first))
		return sweep_error_set(err, SWEEP_EDECODE, "%s: group without its fields", label);
	return 0;
}

int sweep_state_parse(struct sweep_state *st, FILE *fp, const char *label, struct sweep_error *err)
{
	char *line = NULL;
	const char *unknown = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int ended = 0, rc = LINE_OK;

	memset(st, 0, sizeof(*st));
	st->resume.journal_bytes = -1;
	while (rc == LINE_OK && (n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (strlen(line) != (size_t)n) {
			rc = LINE_BAD; /* a NUL byte: not text this program wrote */
			break;
		}
		char *sp = strchr(line, ' ');
		const char *v = sp ? sp + 1 : "";
		if (sp)
			*sp = '\0';
		if (lineno == 1) {
			if (strcmp(line, "certsweep-state") != 0)
				rc = LINE_BAD;
			else if (strcmp(v, "1") == 0)
				rc = LINE_OLD;
			else if (strcmp(v, STATE_VERSION) != 0)
				rc = LINE_BAD;
			continue;
		}
		if (strcmp(line, "end") == 0) {
			ended = 1;
			break;
		}
		rc = parse_line(st, line, v, &unknown);
		if (rc == LINE_UNKNOWN_LINT)
			sweep_error_set(err, SWEEP_EINVAL, "%s uses lint %s, which this certsweep lacks", label, unknown);
	}
	free(line);
	if (rc == LINE_UNKNOWN_LINT) {
		sweep_state_release(st);
		return SWEEP_EINVAL;
	}
	if (rc == LINE_OLD) {
		sweep_state_release(st);
		return sweep_error_set(err, SWEEP_EINVAL,
				       "%s was written by an older certsweep (state format 1, without each certificate's "
				       "own fields); rerun that audit with this version",
				       label);
	}
	if (rc == LINE_OOM) {
		sweep_state_release(st);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", label);
	}
	if (rc == LINE_BAD) {
		sweep_state_release(st);
		return sweep_error_set(err, SWEEP_EDECODE, "%s:%ld: not a certsweep state line", label, lineno);
	}
	if (!ended || !st->res.source_desc) {
		sweep_state_release(st);
		return sweep_error_set(err, SWEEP_EDECODE, "%s: truncated state file (the audit did not finish)", label);
	}
	if (!groups_whole(st, 0)) {
		sweep_state_release(st);
		return sweep_error_set(err, SWEEP_EDECODE, "%s: group without its fields", label);
	}
	st->opts.lints = st->lints;
	st->opts.selection = st->selection;
	st->opts.where_text = st->where_text;
	st->opts.delayed_reason = st->delayed;
	st->opts.plan = st->plan;
	for (size_t i = 1; i < st->opts.n_plan; i++) {
		if (strcmp(st->plan[i - 1].serial, st->plan[i].serial) >= 0) {
			sweep_state_release(st);
			return sweep_error_set(err, SWEEP_EDECODE, "%s: revocation plan out of order", label);
		}
	}
	return 0;
}

static int read_fd(struct sweep_state *st, int fd, const char *label, struct sweep_error *err)
{
	FILE *fp;
	int rc;

	memset(st, 0, sizeof(*st));
	if (fd < 0) {
		int e = errno;
		return sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", label, strerror(e));
	}
	fp = fdopen(fd, "r");
	if (!fp) {
		close(fd);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	rc = sweep_state_parse(st, fp, label, err);
	fclose(fp);
	return rc;
}

int sweep_state_read(struct sweep_state *st, const char *path, struct sweep_error *err)
{
	return read_fd(st, open(path, O_RDONLY | O_CLOEXEC), path, err);
}

int sweep_state_read_at(struct sweep_state *st, const struct sweep_outdir *d, const char *name,
			struct sweep_error *err)
{
	struct sweep_buf label = SWEEP_BUF_INIT;
	int rc;

	sweep_buf_printf(&label, "%s/%s", d->path, name);
	rc = read_fd(st, openat(d->fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), sweep_buf_str(&label), err);
	if (!rc && st->resume.journal_bytes >= 0) {
		/* a checkpoint: its groups are in the journal beside it */
		sweep_buf_reset(&label);
		sweep_buf_printf(&label, "%s/%s.partial", d->path, SWEEP_STATE_JOURNAL);
		int fd = openat(d->fd, SWEEP_STATE_JOURNAL ".partial", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		FILE *fp = fd >= 0 ? fdopen(fd, "r") : NULL;
		if (!fp) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			rc = sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", sweep_buf_str(&label), strerror(e));
		} else {
			rc = parse_journal(st, fp, st->resume.journal_bytes, sweep_buf_str(&label), err);
			fclose(fp);
		}
		if (rc)
			sweep_state_release(st);
	}
	sweep_buf_release(&label);
	return rc;
}
