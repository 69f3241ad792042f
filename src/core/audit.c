/* The audit pipeline. Memory holds only the affected serials, never the
 * corpus: rows stream from the source page by page. */
#include "certsweep/audit.h"

#include "certsweep/crl.h"
#include "certsweep/state.h"

#include "certsweep/der.h"
#include "certsweep/expr.h"
#include "certsweep/keyhash.h"
#include "certsweep/name.h"
#include "certsweep/output.h"
#include "certsweep/sink.h"
#include "progress.h"

#include <openssl/sha.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct group_map {
	struct sweep_group **slots;
	size_t cap, n;
};

/* Per-thread scratch for judging rows. */
struct judge_ctx {
	struct sweep_cert cert;
	struct sweep_buf details;
};

struct audit {
	const struct sweep_audit_opts *o;
	struct sweep_cert cert;
	struct group_map map;
	struct sweep_ofile findings, unparseable;
	struct sweep_buf line;
	struct sweep_audit_stats stats;
	struct sweep_progress progress;
	struct sweep_source *src;
	struct judge_ctx judge;    /* the reader thread's own judging scratch */
	struct sweep_buf text;
	size_t *hits_arr, hits_cap, n_hits;
	int checkpointing;         /* the source pages by integer id, so a scan can resume */
	int have_last;
	int64_t last_id;           /* last row fully accounted for */
	long off_findings, off_unparseable; /* file lengths at that row */
	long bytes_findings, bytes_unparseable; /* bytes written so far */
	uint64_t since_checkpoint;
	int scan_done;             /* resumed after the main pass had finished */
};

static struct sweep_group **map_slot_key(struct group_map *m, uint64_t h, const uint8_t *issuer, size_t ilen,
					 const uint8_t *serial, size_t slen)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct sweep_group *g = m->slots[i];
		if (!g)
			return &m->slots[i];
		if (g->hash == h && g->serial_len == slen && g->issuer_der_len == ilen && memcmp(g->serial, serial, slen) == 0 &&
		    memcmp(g->issuer_der, issuer, ilen) == 0)
			return &m->slots[i];
	}
}

static struct sweep_group **map_slot(struct group_map *m, uint64_t h, const struct sweep_cert *c)
{
	return map_slot_key(m, h, c->issuer.der, c->issuer.der_len, c->serial, c->serial_len);
}

static struct sweep_group *map_find(struct group_map *m, const struct sweep_cert *c)
{
	if (m->n == 0)
		return NULL;
	return *map_slot(m, sweep_key_hash(c->issuer.der, c->issuer.der_len, c->serial, c->serial_len), c);
}

static int map_grow(struct group_map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	struct sweep_group **slots = calloc(ncap, sizeof(*slots));

	if (!slots)
		return SWEEP_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		struct sweep_group *g = m->slots[i];
		if (!g)
			continue;
		size_t j = g->hash & (ncap - 1);
		while (slots[j])
			j = (j + 1) & (ncap - 1);
		slots[j] = g;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = ncap;
	return 0;
}

void sweep_group_free(struct sweep_group *g)
{
	if (!g)
		return;
	free(g->issuer_der);
	free(g->serial);
	free(g->subject);
	free(g->issuer);
	free(g->dns_names);
	free(g->members);
	free(g->lint_hits);
	free(g->rev_conflict);
	free(g);
}

static char *dup_mem(const void *p, size_t n)
{
	char *d = malloc(n ? n : 1);

	if (d && n)
		memcpy(d, p, n);
	return d;
}

/* Fill the CSV fields of g from c (row id). */
static int group_fields(struct audit *a, struct sweep_group *g, const struct sweep_cert *c, int64_t id)
{
	struct sweep_buf b = SWEEP_BUF_INIT;
	char *subject, *issuer, *dns;

	sweep_name_rfc4514(&c->subject, &b);
	subject = sweep_buf_detach(&b);
	sweep_name_rfc4514(&c->issuer, &b);
	issuer = sweep_buf_detach(&b);
	sweep_buf_add(&b, "", 0);
	for (size_t i = 0; i < c->n_san; i++) {
		if (c->san[i].tag != 2)
			continue;
		if (b.len)
			sweep_buf_putc(&b, ' ');
		/* dNSName is IA5String; show any other byte escaped rather than raw. */
		for (size_t k = 0; k < c->san[i].len; k++) {
			uint8_t ch = c->san[i].val[k];
			if (ch >= 0x21 && ch < 0x7f)
				sweep_buf_putc(&b, (char)ch);
			else
				sweep_buf_printf(&b, "\\x%02x", ch);
		}
	}
	dns = sweep_buf_detach(&b);
	(void)a;
	if (!subject || !issuer || !dns) {
		free(subject);
		free(issuer);
		free(dns);
		return SWEEP_ENOMEM;
	}
	free(g->subject);
	free(g->issuer);
	free(g->dns_names);
	g->subject = subject;
	g->issuer = issuer;
	g->dns_names = dns;
	g->not_before = c->not_before;
	g->not_after = c->not_after;
	g->type = c->type;
	g->fields_from_final = !c->is_precert;
	g->fields_id = id;
	return 0;
}

/* Which certificate's fields a serial's CSV line shows does not depend on
 * the order rows arrive in (so shards merge exactly): the final certificate
 * with the lowest id, else the precertificate with the lowest id. */
int sweep_group_fields_better(const struct sweep_group *g, int is_precert, int64_t id)
{
	if (!is_precert && !g->fields_from_final)
		return 1;
	return is_precert == !g->fields_from_final && id < g->fields_id;
}

static int add_member(struct audit *a, struct sweep_group *g, const struct sweep_cert *c,
		      const struct sweep_row *row, int failed)
{
	if (row->has_status) {
		/* The store's own statement; any member revoked revokes the serial. */
		g->rev_stated = 1;
		if (row->revoked && !g->revoked) {
			g->revoked = 1;
			g->revoked_at = row->revoked_at;
			g->reason = row->reason;
		}
	}
	for (size_t i = 0; i < g->n_members; i++) {
		if (memcmp(g->members[i].sha256, c->sha256, 32) == 0) {
			g->members[i].failed |= failed;
			return 0; /* the same certificate seen twice (a file source may repeat) */
		}
	}
	struct sweep_member *m = realloc(g->members, (g->n_members + 1) * sizeof(*m));
	if (!m)
		return SWEEP_ENOMEM;
	g->members = m;
	m = &g->members[g->n_members++];
	memcpy(m->sha256, c->sha256, 32);
	m->is_precert = c->is_precert;
	m->id = row->id;
	m->failed = failed;
	if (sweep_group_fields_better(g, c->is_precert, row->id))
		return group_fields(a, g, c, row->id);
	return 0;
}

static int group_add_lints(struct sweep_group *g, const size_t *hits, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = 0;
		while (i < g->n_lint_hits && g->lint_hits[i] < hits[k])
			i++;
		if (i < g->n_lint_hits && g->lint_hits[i] == hits[k])
			continue;
		size_t *p = realloc(g->lint_hits, (g->n_lint_hits + 1) * sizeof(*p));
		if (!p)
			return SWEEP_ENOMEM;
		g->lint_hits = p;
		memmove(p + i + 1, p + i, (g->n_lint_hits - i) * sizeof(*p));
		p[i] = hits[k];
		g->n_lint_hits++;
	}
	return 0;
}

static int group_new(struct audit *a, const struct sweep_cert *c, int64_t id, int64_t issuer_ref,
		     struct sweep_group **out)
{
	struct group_map *m = &a->map;
	struct sweep_group *g;

	*out = NULL;
	if ((m->n + 1) * 2 > m->cap && map_grow(m))
		return SWEEP_ENOMEM;
	g = calloc(1, sizeof(*g));
	if (!g)
		return SWEEP_ENOMEM;
	g->issuer_der = (uint8_t *)dup_mem(c->issuer.der, c->issuer.der_len);
	g->issuer_der_len = c->issuer.der_len;
	g->serial = (uint8_t *)dup_mem(c->serial, c->serial_len);
	g->serial_len = c->serial_len;
	g->hash = sweep_key_hash(c->issuer.der, c->issuer.der_len, c->serial, c->serial_len);
	g->issuer_ref = issuer_ref;
	g->first_id = id;
	g->reason = -1;
	g->fields_id = INT64_MAX;
	if (!g->issuer_der || !g->serial || group_fields(a, g, c, id)) {
		sweep_group_free(g);
		return SWEEP_ENOMEM;
	}
	*map_slot(m, g->hash, c) = g;
	m->n++;
	*out = g;
	return 0;
}

static int write_unparseable(struct audit *a, const struct sweep_row *row, const char *reason)
{
	uint8_t sha[32];
	char hex[65], id[32];

	SHA256(row->der, row->der_len, sha);
	sweep_hex(sha, 32, hex);
	snprintf(id, sizeof(id), "%lld", (long long)row->id);
	sweep_buf_reset(&a->line);
	sweep_csv_cell(&a->line, row->key ? row->key : id, 1, a->o->csv_safe);
	sweep_csv_cell(&a->line, hex, 0, 0);
	sweep_csv_cell(&a->line, reason, 0, a->o->csv_safe);
	sweep_csv_end(&a->line);
	if (a->line.oom)
		return SWEEP_ENOMEM;
	fwrite(a->line.p, 1, a->line.len, a->unparseable.fp);
	a->bytes_unparseable += (long)a->line.len;
	return 0;
}

/* One findings.jsonl line, appended to out. */
static void format_finding(struct sweep_buf *out, const struct sweep_row *row, const struct sweep_cert *c,
			   const struct sweep_lint *lint, enum sweep_result r, const char *details)
{
	char hex[65];

	sweep_hex(c->sha256, 32, hex);
	sweep_buf_puts(out, "{\"id\":");
	if (row->key)
		sweep_json_str(out, row->key);
	else
		sweep_buf_printf(out, "%lld", (long long)row->id);
	sweep_buf_printf(out, ",\"sha256\":\"%s\",\"precert\":%s,\"lint\":", hex, c->is_precert ? "true" : "false");
	sweep_json_str(out, lint->name);
	sweep_buf_printf(out, ",\"result\":\"%s\",\"details\":", sweep_result_name(r));
	sweep_json_str(out, details);
	sweep_buf_puts(out, "}\n");
}

/* What one row comes to, worked out without touching the audit's state, so
 * worker threads can compute it and the reader apply it in row order. */
enum row_status { ROW_UNPARSEABLE, ROW_OUT_OF_WINDOW, ROW_JUDGED };

struct row_verdict {
	enum row_status status;
	int matched, worst;
	size_t n_hits, n_findings;
	size_t hits_off;            /* into the hits array of the batch */
	size_t text_off, text_len;  /* finding lines, or the unparseable reason */
	uint8_t sha256[32];
	int is_precert;
	const uint8_t *issuer;      /* pairing key, pointing into the row's DER */
	size_t issuer_len;
	const uint8_t *serial;
	size_t serial_len;
};

static int in_window(const struct sweep_audit_opts *o, const struct sweep_cert *c);

/* Decode, window, --where and lints for one row. Finding lines (or the
 * unparseable reason) are appended to text, failing lint indices to hits. */
static int judge_row(const struct sweep_audit_opts *o, struct judge_ctx *ctx, const struct sweep_row *row,
		     struct sweep_buf *text, size_t **hits, size_t *hits_cap, size_t *n_hits_total,
		     struct row_verdict *v)
{
	struct sweep_error derr = { 0, "" };
	struct sweep_cert *c = &ctx->cert;
	int rc;

	memset(v, 0, sizeof(*v));
	v->text_off = text->len;
	v->hits_off = *n_hits_total;
	rc = sweep_cert_decode(c, row->der, row->der_len, &derr);
	if (rc == SWEEP_ENOMEM)
		return rc;
	if (rc) {
		v->status = ROW_UNPARSEABLE;
		sweep_buf_puts(text, derr.msg);
		v->text_len = text->len - v->text_off;
		return text->oom ? SWEEP_ENOMEM : 0;
	}
	memcpy(v->sha256, c->sha256, 32);
	v->is_precert = c->is_precert;
	v->issuer = c->issuer.der;
	v->issuer_len = c->issuer.der_len;
	v->serial = c->serial;
	v->serial_len = c->serial_len;
	if (!in_window(o, c)) {
		v->status = ROW_OUT_OF_WINDOW;
		return 0;
	}
	v->status = ROW_JUDGED;
	int64_t as_of = o->as_of == SWEEP_AS_OF_ISSUED ? c->not_before
			: o->as_of == SWEEP_AS_OF_NOW  ? o->now
						       : o->as_of_date;
	if (o->where) {
		struct sweep_expr_env env = { &o->lint_cfg, as_of };
		if (!sweep_expr_match(o->where, c, &env))
			return 0;
	}
	for (size_t i = 0; i < o->n_lints; i++) {
		sweep_buf_reset(&ctx->details);
		enum sweep_result r = sweep_lint_run(o->lints[i], c, &o->lint_cfg, as_of, &ctx->details);
		if (r < SWEEP_R_NOTICE)
			continue;
		if (*n_hits_total == *hits_cap) {
			size_t ncap = *hits_cap ? *hits_cap * 2 : 64;
			size_t *nh = realloc(*hits, ncap * sizeof(*nh));
			if (!nh)
				return SWEEP_ENOMEM;
			*hits = nh;
			*hits_cap = ncap;
		}
		(*hits)[(*n_hits_total)++] = i;
		v->n_hits++;
		v->n_findings++;
		if ((int)r > v->worst)
			v->worst = (int)r;
		format_finding(text, row, c, o->lints[i], r, sweep_buf_str(&ctx->details));
	}
	v->text_len = text->len - v->text_off;
	v->matched = o->n_lints == 0 || v->n_hits > 0;
	return text->oom ? SWEEP_ENOMEM : 0;
}

static int in_window(const struct sweep_audit_opts *o, const struct sweep_cert *c)
{
	if (o->has_nb_from && c->not_before < o->nb_from)
		return 0;
	if (o->has_nb_to && c->not_before >= o->nb_to)
		return 0;
	return 1;
}

/* --shard K/N: the Kth of N equal id ranges [start, end). */
static int shard_range(const struct sweep_audit_opts *o, struct sweep_source *src, struct sweep_scan_filter *f,
		       struct sweep_error *err)
{
	int64_t lo, hi;
	int rc;

	if (!o->shard_n)
		return 0;
	if (!src->ops->id_bounds)
		return sweep_error_set(err, SWEEP_EINVAL, "--shard needs a source with integer ids (--schema crtsh)");
	rc = src->ops->id_bounds(src, f, &lo, &hi, err);
	if (rc)
		return rc;
	__int128 span = (__int128)hi - lo + 1;
	if (span < 0)
		span = 0;
	int64_t start = lo + (int64_t)(span * (o->shard_k - 1) / o->shard_n);
	int64_t end = lo + (int64_t)(span * o->shard_k / o->shard_n);
	f->has_after = 1;
	f->after_id = start - 1;
	f->before_id = end;
	if (start == end) {
		/* an empty range: make the scan return nothing */
		f->after_id = 0;
		f->before_id = 1;
	}
	return 0;
}

/* checkpoint.state: the serials so far, the counters, and where the scan
 * stands, written atomically; the partial outputs are fsynced first. */
static int checkpoint(struct audit *a, int scan_done, struct sweep_error *err)
{
	struct sweep_resume r = { a->last_id, a->off_findings, a->off_unparseable, scan_done };
	struct sweep_audit_result res;
	long ignored;
	int rc;

	memset(&res, 0, sizeof(res));
	rc = sweep_ofile_sync(&a->findings, &ignored, err);
	if (!rc)
		rc = sweep_ofile_sync(&a->unparseable, &ignored, err);
	if (rc)
		return rc;
	res.groups = calloc(a->map.n ? a->map.n : 1, sizeof(*res.groups));
	if (!res.groups)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < a->map.cap; i++)
		if (a->map.slots[i])
			res.groups[res.n_groups++] = a->map.slots[i];
	res.stats = a->stats;
	res.stats.reconnects += (uint64_t)a->src->reconnects;
	res.source_desc = (char *)(a->src->ops->describe ? a->src->ops->describe(a->src) : "");
	rc = sweep_state_write_file(a->o->out_dir, "checkpoint.state", &res, a->o, &r, err);
	free(res.groups);
	a->since_checkpoint = 0;
	return rc;
}

static void row_done(struct audit *a, int64_t id)
{
	a->last_id = id;
	a->have_last = 1;
	/* counted, not ftell()ed: glibc's ftell costs a system call per row */
	a->off_findings = a->bytes_findings;
	a->off_unparseable = a->bytes_unparseable;
	a->since_checkpoint++;
}

/* Apply a verdict to the audit, in row order. cert is the row decoded, or
 * NULL when the verdict came from a worker (then it is decoded again here,
 * only for the few rows that touch the serial map). */
static int apply_row(struct audit *a, const struct sweep_row *row, const struct sweep_cert *cert,
		     const struct row_verdict *v, const char *text, const size_t *hits, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = a->o;
	int rc;

	a->stats.rows++;
	if (o->shared_rows)
		atomic_fetch_add_explicit(o->shared_rows, 1, memory_order_relaxed);
	if (v->status == ROW_UNPARSEABLE) {
		char *reason = strndup(text + v->text_off, v->text_len);
		a->stats.unparseable++;
		rc = reason ? write_unparseable(a, row, reason) : SWEEP_ENOMEM;
		free(reason);
		if (rc)
			return sweep_error_set(err, rc, "out of memory");
		row_done(a, row->id);
		return 0;
	}
	a->stats.decoded++;
	if (v->status == ROW_OUT_OF_WINDOW) {
		row_done(a, row->id);
		return 0;
	}
	a->stats.in_window++;
	if (v->text_len)
		fwrite(text + v->text_off, 1, v->text_len, a->findings.fp);
	a->bytes_findings += (long)v->text_len;
	a->stats.findings += v->n_findings;
	if (v->worst > a->stats.worst)
		a->stats.worst = v->worst;
	struct sweep_group *g = NULL;
	if (a->map.n)
		g = *map_slot_key(&a->map, sweep_key_hash(v->issuer, v->issuer_len, v->serial, v->serial_len), v->issuer,
				  v->issuer_len, v->serial, v->serial_len);
	if (!v->matched && !g) {
		row_done(a, row->id);
		sweep_progress_tick(&a->progress, a->stats.rows, a->map.n);
		return 0;
	}
	if (!cert) {
		struct sweep_error derr = { 0, "" };
		if (sweep_cert_decode_nohash(&a->cert, row->der, row->der_len, &derr))
			return sweep_error_set(err, SWEEP_EDECODE, "row %lld decoded differently twice", (long long)row->id);
		memcpy(a->cert.sha256, v->sha256, 32);
		cert = &a->cert;
	}
	if (v->matched) {
		a->stats.matched_certs++;
		if (!g) {
			rc = group_new(a, cert, row->id, row->issuer_ref, &g);
			if (rc)
				return sweep_error_set(err, rc, "out of memory");
		}
		rc = add_member(a, g, cert, row, 1);
		if (!rc)
			rc = group_add_lints(g, hits + v->hits_off, v->n_hits);
	} else {
		/* A sibling seen after its matching partner joins its line now. */
		rc = add_member(a, g, cert, row, 0);
	}
	if (rc)
		return sweep_error_set(err, rc, "out of memory");
	row_done(a, row->id);
	sweep_progress_tick(&a->progress, a->stats.rows, a->map.n);
	return 0;
}

static int scan_pipelined(struct audit *a, struct sweep_source *src, struct sweep_error *err);

static int pass_main(struct audit *a, struct sweep_source *src, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = a->o;
	struct sweep_scan_filter filter = { o->issuer_refs, o->n_issuer_refs, 0, 0, 0 };
	struct sweep_row row;

	int rc;

	rc = shard_range(o, src, &filter, err);
	if (rc)
		return rc;
	if (a->have_last) {
		/* resuming: keyset from the last row the checkpoint accounts for */
		if (!filter.has_after || a->last_id > filter.after_id)
			filter.after_id = a->last_id;
		filter.has_after = 1;
	} else {
		a->last_id = filter.has_after ? filter.after_id : -1;
	}
	rc = sweep_source_begin(src, &filter, err);
	if (rc)
		return rc;
	if (o->workers > 1)
		return scan_pipelined(a, src, err);
	for (;;) {
		if (a->checkpointing && o->interrupted && *o->interrupted) {
			rc = checkpoint(a, 0, err);
			if (rc)
				return rc;
			return sweep_error_set(err, SWEEP_EINTR,
					       "interrupted after id %lld; continue with --resume (same options)",
					       (long long)a->last_id);
		}
		if (a->checkpointing && o->checkpoint_rows && a->since_checkpoint >= o->checkpoint_rows) {
			rc = checkpoint(a, 0, err);
			if (rc)
				return rc;
		}
		rc = sweep_source_next(src, &row, err);
		if (rc == 1)
			break;
		if (rc < 0)
			return rc;
		struct row_verdict v;
		sweep_buf_reset(&a->text);
		a->n_hits = 0;
		rc = judge_row(o, &a->judge, &row, &a->text, &a->hits_arr, &a->hits_cap, &a->n_hits, &v);
		if (rc)
			return sweep_error_set(err, rc, "out of memory judging row %lld", (long long)row.id);
		rc = apply_row(a, &row, &a->judge.cert, &v, sweep_buf_str(&a->text), a->hits_arr, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- --jobs N: reader -> bounded queue of batches -> N judging workers ---- */

enum { BATCH_ROWS = 256 };
enum batch_state { BATCH_FREE, BATCH_QUEUED, BATCH_DONE };

struct batch {
	size_t n;
	struct sweep_row rows[BATCH_ROWS];
	size_t der_off[BATCH_ROWS], key_off[BATCH_ROWS];
	struct sweep_buf blob, keys; /* copies: a source's row memory lives only until its next row */
	struct row_verdict v[BATCH_ROWS];
	struct sweep_buf text;
	size_t *hits, hits_cap, n_hits;
	enum batch_state state;
	int rc;
};

struct pipeline {
	const struct sweep_audit_opts *o;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct batch *b;
	size_t nb;
	size_t *queue, qhead, qlen; /* batch indices waiting for a worker */
	int stop;
	pthread_t *threads;
	int nthreads;
};

static void judge_batch(struct pipeline *p, struct judge_ctx *ctx, struct batch *b)
{
	sweep_buf_reset(&b->text);
	b->n_hits = 0;
	b->rc = 0;
	for (size_t i = 0; i < b->n && !b->rc; i++)
		b->rc = judge_row(p->o, ctx, &b->rows[i], &b->text, &b->hits, &b->hits_cap, &b->n_hits, &b->v[i]);
}

static void *worker_main(void *arg)
{
	struct pipeline *p = arg;
	struct judge_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	sweep_cert_init(&ctx.cert);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->qlen == 0)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->qlen == 0)
			break;
		size_t idx = p->queue[p->qhead];
		p->qhead = (p->qhead + 1) % p->nb;
		p->qlen--;
		pthread_mutex_unlock(&p->mu);
		judge_batch(p, &ctx, &p->b[idx]);
		pthread_mutex_lock(&p->mu);
		p->b[idx].state = BATCH_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	sweep_cert_release(&ctx.cert);
	sweep_buf_release(&ctx.details);
	return NULL;
}

static int pipeline_start(struct pipeline *p, const struct sweep_audit_opts *o, int workers)
{
	memset(p, 0, sizeof(*p));
	p->o = o;
	p->nb = (size_t)workers * 2;
	p->b = calloc(p->nb, sizeof(*p->b));
	p->queue = calloc(p->nb, sizeof(*p->queue));
	p->threads = calloc((size_t)workers, sizeof(*p->threads));
	if (!p->b || !p->queue || !p->threads)
		return SWEEP_ENOMEM;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	for (int i = 0; i < workers; i++) {
		if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0)
			return SWEEP_EIO;
		p->nthreads++;
	}
	return 0;
}

static void pipeline_stop(struct pipeline *p)
{
	if (p->b) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_broadcast(&p->work);
		pthread_mutex_unlock(&p->mu);
	}
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	if (p->b) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->work);
		pthread_cond_destroy(&p->done);
		for (size_t i = 0; i < p->nb; i++) {
			sweep_buf_release(&p->b[i].blob);
			sweep_buf_release(&p->b[i].keys);
			sweep_buf_release(&p->b[i].text);
			free(p->b[i].hits);
		}
	}
	free(p->b);
	free(p->queue);
	free(p->threads);
}

/* Wait for batch idx, then apply its rows in order. */
static int apply_batch(struct audit *a, struct pipeline *p, size_t idx, struct sweep_error *err)
{
	struct batch *b = &p->b[idx];
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	while (b->state != BATCH_DONE)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	if (b->rc)
		rc = sweep_error_set(err, b->rc, "out of memory judging rows");
	for (size_t i = 0; !rc && i < b->n; i++)
		rc = apply_row(a, &b->rows[i], NULL, &b->v[i], sweep_buf_str(&b->text), b->hits, err);
	b->state = BATCH_FREE;
	return rc;
}

/* Read up to limit rows into b (copying them). 1 at the end, <0 on error. */
static int fill_batch(struct sweep_source *src, struct batch *b, size_t limit, struct sweep_error *err)
{
	struct sweep_row row;
	int rc = 0;

	b->n = 0;
	sweep_buf_reset(&b->blob);
	sweep_buf_reset(&b->keys);
	while (b->n < limit) {
		rc = sweep_source_next(src, &row, err);
		if (rc)
			break;
		b->rows[b->n] = row;
		b->der_off[b->n] = b->blob.len;
		sweep_buf_add(&b->blob, row.der, row.der_len);
		b->key_off[b->n] = SIZE_MAX;
		if (row.key) {
			b->key_off[b->n] = b->keys.len;
			sweep_buf_add(&b->keys, row.key, strlen(row.key) + 1);
		}
		b->n++;
	}
	if (b->blob.oom || b->keys.oom)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	/* the buffers stopped moving: point the rows at the copies */
	for (size_t i = 0; i < b->n; i++) {
		b->rows[i].der = (const uint8_t *)(b->blob.p ? b->blob.p : "") + b->der_off[i];
		b->rows[i].key = b->key_off[i] == SIZE_MAX ? NULL : b->keys.p + b->key_off[i];
	}
	return rc;
}

/* The main pass with worker threads: same rows, same order, same outputs. */
static int scan_pipelined(struct audit *a, struct sweep_source *src, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = a->o;
	struct pipeline p;
	size_t head = 0, tail = 0, inflight = 0;
	/* a batch never spans more rows than a checkpoint interval, so a slow
	 * source still reaches its checkpoints */
	size_t limit = a->checkpointing && o->checkpoint_rows && o->checkpoint_rows < BATCH_ROWS
			       ? (size_t)o->checkpoint_rows
			       : BATCH_ROWS;
	int rc = pipeline_start(&p, o, o->workers), src_rc = 0;

	if (rc) {
		pipeline_stop(&p);
		return sweep_error_set(err, rc, "cannot start %d worker threads", o->workers);
	}
	for (;;) {
		/* apply finished batches at the head, and make room when the queue is full */
		while (inflight && (inflight == p.nb || p.b[head].state == BATCH_DONE)) {
			rc = apply_batch(a, &p, head, err);
			head = (head + 1) % p.nb;
			inflight--;
			if (rc)
				goto out;
		}
		if (a->checkpointing && o->interrupted && *o->interrupted)
			break;
		if (a->checkpointing && o->checkpoint_rows && a->since_checkpoint >= o->checkpoint_rows) {
			rc = checkpoint(a, 0, err);
			if (rc)
				goto out;
		}
		struct batch *b = &p.b[tail];
		src_rc = fill_batch(src, b, limit, err);
		if (src_rc < 0 && b->n == 0)
			break;
		if (b->n) {
			pthread_mutex_lock(&p.mu);
			b->state = BATCH_QUEUED;
			p.queue[(p.qhead + p.qlen) % p.nb] = tail;
			p.qlen++;
			pthread_cond_signal(&p.work);
			pthread_mutex_unlock(&p.mu);
			tail = (tail + 1) % p.nb;
			inflight++;
		}
		if (src_rc)
			break;
	}
	/* every row read is applied before we stop, so a checkpoint covers it */
	while (inflight && !rc) {
		rc = apply_batch(a, &p, head, err);
		head = (head + 1) % p.nb;
		inflight--;
	}
	if (!rc && src_rc < 0)
		rc = src_rc;
	if (!rc && a->checkpointing && o->interrupted && *o->interrupted) {
		rc = checkpoint(a, 0, err);
		if (!rc)
			rc = sweep_error_set(err, SWEEP_EINTR, "interrupted after id %lld; continue with --resume (same options)",
					     (long long)a->last_id);
	}
out:
	pipeline_stop(&p);
	return rc;
}

static int same_opt_str(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* --resume: the checkpoint must be of this very audit; its serials go back
 * into the map and the partial outputs are cut back to the checkpoint. */
static int resume_load(struct audit *a, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = a->o;
	struct sweep_state st;
	struct sweep_buf path = SWEEP_BUF_INIT;
	int rc;

	sweep_buf_printf(&path, "%s/checkpoint.state", o->out_dir);
	rc = sweep_state_read(sweep_buf_str(&path), &st, err);
	sweep_buf_release(&path);
	if (rc)
		return rc;
	int same = st.has_resume && same_opt_str(st.selection, o->selection) && same_opt_str(st.where_text, o->where_text) &&
		   st.n_lints == o->n_lints && st.now == o->now && st.has_planned == o->has_planned &&
		   st.planned == o->planned && st.csv_safe == o->csv_safe && st.have_crls == o->have_crls &&
		   st.shard_k == o->shard_k && st.shard_n == o->shard_n;
	for (size_t i = 0; same && i < o->n_lints; i++)
		same = strcmp(st.lint_names[i], o->lints[i]->name) == 0;
	if (!same) {
		sweep_state_release(&st);
		return sweep_error_set(err, SWEEP_EINVAL,
				       "the checkpoint in %s is of an audit with other options; rerun it with the same "
				       "options (see its selection line), or start afresh in another directory",
				       o->out_dir);
	}
	for (size_t i = 0; i < st.n_groups; i++) {
		struct sweep_group *g = st.groups[i];
		if ((a->map.n + 1) * 2 > a->map.cap && map_grow(&a->map)) {
			sweep_state_release(&st);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
		g->hash = sweep_key_hash(g->issuer_der, g->issuer_der_len, g->serial, g->serial_len);
		*map_slot_key(&a->map, g->hash, g->issuer_der, g->issuer_der_len, g->serial, g->serial_len) = g;
		a->map.n++;
		st.groups[i] = NULL;
	}
	a->stats = st.stats;
	a->last_id = st.resume.last_id;
	a->have_last = 1;
	a->scan_done = st.resume.scan_done;
	a->off_findings = st.resume.findings_offset;
	a->off_unparseable = st.resume.unparseable_offset;
	a->bytes_findings = st.resume.findings_offset;
	a->bytes_unparseable = st.resume.unparseable_offset;
	rc = sweep_ofile_reopen(&a->findings, o->out_dir, "findings.jsonl", st.resume.findings_offset, err);
	if (!rc)
		rc = sweep_ofile_reopen(&a->unparseable, o->out_dir, "unparseable.csv", st.resume.unparseable_offset, err);
	sweep_state_release(&st);
	return rc;
}

static int group_complete(const struct sweep_group *g)
{
	int pre = 0, fin = 0;

	for (size_t i = 0; i < g->n_members; i++) {
		if (g->members[i].is_precert)
			pre = 1;
		else
			fin = 1;
	}
	return pre && fin;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* Siblings seen before their matching partner: a second pass over the same
 * snapshot, limited to the issuers and the id range where they can be. */
static int pass_pairing(struct audit *a, struct sweep_source *src, struct sweep_error *err)
{
	struct group_map *m = &a->map;
	int64_t *refs = NULL, before = 0;
	size_t n_refs = 0;
	int any = 0, unknown_ref = 0, rc;

	for (size_t i = 0; i < m->cap; i++) {
		struct sweep_group *g = m->slots[i];
		if (!g || group_complete(g))
			continue;
		any = 1;
		if (g->first_id + 1 > before)
			before = g->first_id + 1;
		if (g->issuer_ref < 0) {
			unknown_ref = 1;
			continue;
		}
		int64_t *p = realloc(refs, (n_refs + 1) * sizeof(*p));
		if (!p) {
			free(refs);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
		refs = p;
		refs[n_refs++] = g->issuer_ref;
	}
	if (!any)
		return 0;
	if (n_refs)
		qsort(refs, n_refs, sizeof(*refs), cmp_i64);
	size_t u = 0;
	for (size_t i = 0; i < n_refs; i++)
		if (u == 0 || refs[u - 1] != refs[i])
			refs[u++] = refs[i];
	/* A shard's siblings may sit in any other shard: no id bound then. */
	struct sweep_scan_filter filter = { unknown_ref ? NULL : refs, u, a->o->shard_n ? 0 : before, 0, 0 };
	rc = sweep_source_begin(src, &filter, err);
	struct sweep_row row;
	struct sweep_error derr;
	while (!rc) {
		rc = sweep_source_next(src, &row, err);
		if (rc)
			break;
		sweep_error_clear(&derr);
		if (sweep_cert_decode_nohash(&a->cert, row.der, row.der_len, &derr))
			continue; /* already reported by the main pass */
		struct sweep_group *g = map_find(m, &a->cert);
		if (!g || !in_window(a->o, &a->cert))
			continue;
		SHA256(row.der, row.der_len, a->cert.sha256);
		if (add_member(a, g, &a->cert, &row, 0)) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
	}
	free(refs);
	return rc == 1 ? 0 : rc;
}

static int join_revocation(struct audit *a, struct sweep_source *src, struct sweep_group **groups, size_t n,
			   struct sweep_error *err)
{
	struct sweep_rev_query *q;
	size_t *which, k = 0;
	int rc;

	if (!src->ops->revocations || n == 0)
		return 0;
	q = calloc(n, sizeof(*q));
	which = calloc(n, sizeof(*which));
	if (!q || !which) {
		free(q);
		free(which);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		if (groups[i]->issuer_ref < 0)
			continue;
		q[k].issuer_ref = groups[i]->issuer_ref;
		q[k].serial = groups[i]->serial;
		q[k].serial_len = groups[i]->serial_len;
		which[k++] = i;
	}
	(void)a;
	rc = src->ops->revocations(src, q, k, err);
	for (size_t i = 0; !rc && i < k; i++) {
		struct sweep_group *g = groups[which[i]];
		g->rev_stated = 1; /* crl_revoked is the store's statement: absent = not revoked */
		if (!q[i].revoked)
			continue;
		g->revoked = 1;
		g->revoked_at = q[i].revoked_at;
		g->reason = q[i].reason;
	}
	free(q);
	free(which);
	return rc;
}

static void describe_rev(struct sweep_buf *b, int revoked, int64_t at, int reason)
{
	char t[21];

	if (!revoked) {
		sweep_buf_puts(b, "not revoked");
		return;
	}
	sweep_time_iso(at, t);
	sweep_buf_printf(b, "revoked %s %s", t, sweep_reason_name(reason));
}

/* --crl: the CRL is what relying parties see, so it decides "Is revoked?";
 * where the store said otherwise the serial carries the conflict. */
static int join_crls(const struct sweep_audit_opts *o, struct sweep_group **groups, size_t n, size_t *conflicts)
{
	*conflicts = 0;
	if (!o->crls)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct sweep_group *g = groups[i];
		const struct sweep_crl_entry *e =
			sweep_crlset_find(o->crls, g->issuer_der, g->issuer_der_len, g->serial, g->serial_len);
		int crl_revoked = e != NULL;
		/* "unspecified" may be stored as 0 or as no reasonCode (RFC 5280 5.3.1 prefers the latter) */
		int same_reason = crl_revoked && (e->reason <= 0 ? g->reason <= 0 : e->reason == g->reason);
		if (g->rev_stated && (crl_revoked != g->revoked ||
				      (crl_revoked && (e->revoked_at != g->revoked_at || !same_reason)))) {
			struct sweep_buf b = SWEEP_BUF_INIT;
			sweep_buf_puts(&b, "store: ");
			describe_rev(&b, g->revoked, g->revoked_at, g->reason);
			sweep_buf_puts(&b, "; CRL: ");
			describe_rev(&b, crl_revoked, e ? e->revoked_at : 0, e ? e->reason : -1);
			free(g->rev_conflict);
			g->rev_conflict = sweep_buf_detach(&b);
			if (!g->rev_conflict)
				return SWEEP_ENOMEM;
			(*conflicts)++;
		}
		g->revoked = crl_revoked;
		g->revoked_at = e ? e->revoked_at : 0;
		g->reason = e ? e->reason : -1;
	}
	return 0;
}

static int serial_cmp(const struct sweep_group *x, const struct sweep_group *y)
{
	/* Numeric order of the (positive) integers: skip sign octets, then length, then bytes. */
	const uint8_t *a = x->serial, *b = y->serial;
	size_t al = x->serial_len, bl = y->serial_len;
	while (al > 1 && a[0] == 0) {
		a++;
		al--;
	}
	while (bl > 1 && b[0] == 0) {
		b++;
		bl--;
	}
	if (al != bl)
		return al < bl ? -1 : 1;
	int c = memcmp(a, b, al);
	if (c)
		return c;
	return (x->serial_len > y->serial_len) - (x->serial_len < y->serial_len);
}

int sweep_group_order(const void *p, const void *q)
{
	const struct sweep_group *x = *(struct sweep_group *const *)p, *y = *(struct sweep_group *const *)q;
	int c;

	if (x->not_before != y->not_before)
		return x->not_before < y->not_before ? -1 : 1;
	c = serial_cmp(x, y);
	if (c)
		return c;
	c = strcmp(x->issuer, y->issuer);
	if (c)
		return c;
	if (x->issuer_der_len != y->issuer_der_len)
		return x->issuer_der_len < y->issuer_der_len ? -1 : 1;
	return memcmp(x->issuer_der, y->issuer_der, x->issuer_der_len);
}

int sweep_member_order(const void *p, const void *q)
{
	const struct sweep_member *x = p, *y = q;
	return memcmp(x->sha256, y->sha256, 32);
}

static void audit_release(struct audit *a, int keep_partials)
{
	sweep_cert_release(&a->cert);
	sweep_cert_release(&a->judge.cert);
	sweep_buf_release(&a->judge.details);
	sweep_buf_release(&a->text);
	free(a->hits_arr);
	if (keep_partials) {
		sweep_ofile_keep(&a->findings);
		sweep_ofile_keep(&a->unparseable);
	} else {
		sweep_ofile_abort(&a->findings);
		sweep_ofile_abort(&a->unparseable);
	}
	sweep_buf_release(&a->line);
	for (size_t i = 0; i < a->map.cap; i++)
		sweep_group_free(a->map.slots[i]);
	free(a->map.slots);
}

int sweep_audit_run(struct sweep_audit_result *out, struct sweep_source *src,
		    const struct sweep_audit_opts *opts, struct sweep_error *err)
{
	struct audit a;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	a.o = opts;
	a.src = src;
	a.checkpointing = src->ops->id_bounds != NULL;
	sweep_cert_init(&a.cert);
	sweep_cert_init(&a.judge.cert);
	if (opts->resume && !a.checkpointing) {
		sweep_cert_release(&a.cert);
		sweep_cert_release(&a.judge.cert);
		return sweep_error_set(err, SWEEP_EINVAL, "--resume needs a source paged by integer id (--schema crtsh)");
	}
	rc = sweep_mkdirs(opts->out_dir, err);
	if (!rc && !opts->resume) {
		struct sweep_buf cp = SWEEP_BUF_INIT;
		sweep_buf_printf(&cp, "%s/checkpoint.state", opts->out_dir);
		if (access(sweep_buf_str(&cp), F_OK) == 0)
			rc = sweep_error_set(err, SWEEP_EINVAL,
					     "%s holds an interrupted audit: continue it with --resume, or use another "
					     "directory", opts->out_dir);
		sweep_buf_release(&cp);
	}
	if (!rc && opts->resume) {
		rc = resume_load(&a, err);
	} else if (!rc) {
		rc = sweep_ofile_open(&a.findings, opts->out_dir, "findings.jsonl", err);
		if (!rc)
			rc = sweep_ofile_open(&a.unparseable, opts->out_dir, "unparseable.csv", err);
		if (!rc) {
			fputs("id,sha256,reason\r\n", a.unparseable.fp);
			a.bytes_unparseable = (long)strlen("id,sha256,reason\r\n");
			a.off_unparseable = a.bytes_unparseable;
		}
	}
	int resumable = 0; /* a failure from here on leaves a checkpoint to resume from */
	if (!rc) {
		resumable = a.checkpointing;
		sweep_progress_init(&a.progress, opts->progress,
				    src->ops->estimate ? src->ops->estimate(src) : -1);
		if (!a.scan_done)
			rc = pass_main(&a, src, err);
		if (rc && rc != SWEEP_EINTR && a.checkpointing) {
			struct sweep_error e2 = { 0, "" };
			if (checkpoint(&a, 0, &e2))
				resumable = 0;
		}
		if (!rc && a.checkpointing && opts->checkpoint_rows)
			rc = checkpoint(&a, 1, err);
	}
	if (!rc)
		rc = pass_pairing(&a, src, err);
	sweep_progress_done(&a.progress);
	a.stats.reconnects += (uint64_t)src->reconnects;

	struct sweep_group **groups = NULL;
	size_t n = 0;
	if (!rc) {
		groups = calloc(a.map.n ? a.map.n : 1, sizeof(*groups));
		if (!groups)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (!rc) {
		for (size_t i = 0; i < a.map.cap; i++) {
			if (a.map.slots[i]) {
				groups[n++] = a.map.slots[i];
				a.map.slots[i] = NULL;
			}
		}
		for (size_t i = 0; i < n; i++)
			qsort(groups[i]->members, groups[i]->n_members, sizeof(struct sweep_member), sweep_member_order);
		qsort(groups, n, sizeof(*groups), sweep_group_order);
		out->groups = groups;
		out->n_groups = n;
		rc = join_revocation(&a, src, groups, n, err);
		if (!rc && join_crls(opts, groups, n, &out->rev_conflicts))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	out->stats = a.stats;
	if (!rc) {
		const char *d = src->ops->describe ? src->ops->describe(src) : "";
		out->source_desc = strdup(d);
		if (!out->source_desc)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (!rc)
		rc = sweep_sinks_write(out, opts, err);
	if (!rc)
		rc = sweep_ofile_commit(&a.findings, err);
	if (!rc)
		rc = sweep_ofile_commit(&a.unparseable, err);
	/* audit.state last: its presence means the directory is complete */
	if (!rc)
		rc = sweep_state_write(opts->out_dir, out, opts, err);
	if (!rc) {
		struct sweep_buf cp = SWEEP_BUF_INIT;
		sweep_buf_printf(&cp, "%s/checkpoint.state", opts->out_dir);
		unlink(sweep_buf_str(&cp));
		sweep_buf_release(&cp);
	}
	/* never delete what a --resume could continue from */
	audit_release(&a, rc && (resumable || opts->resume));
	return rc;
}

void sweep_audit_result_release(struct sweep_audit_result *res)
{
	for (size_t i = 0; i < res->n_groups; i++)
		sweep_group_free(res->groups[i]);
	free(res->groups);
	free(res->source_desc);
	memset(res, 0, sizeof(*res));
}

size_t sweep_group_cert_count(const struct sweep_group *g)
{
	size_t finals = 0;

	for (size_t i = 0; i < g->n_members; i++)
		finals += !g->members[i].is_precert;
	return finals ? finals : 1;
}

int sweep_group_has_final(const struct sweep_group *g)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (!g->members[i].is_precert)
			return 1;
	return 0;
}

const char *sweep_reason_name(int reason)
{
	/* RFC 5280 5.3.1; value 7 is unused. */
	static const char *const names[] = { "unspecified", "keyCompromise", "cACompromise",
					     "affiliationChanged", "superseded", "cessationOfOperation",
					     "certificateHold", NULL, "removeFromCRL", "privilegeWithdrawn",
					     "aACompromise" };
	if (reason < 0)
		return "unspecified"; /* the CRL entry had no reasonCode */
	if ((size_t)reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "unknown";
}
