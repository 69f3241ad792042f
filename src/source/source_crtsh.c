/* crt.sh schema source: keyset pages of certificate by id, binary results. */
#include "certsweep/cert.h"
#include "certsweep/sql.h"
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct crtsh {
	struct sweep_source base;
	struct sweep_pg_params params; /* kept to reconnect (borrowed strings) */
	PGconn *conn;
	size_t page_size;
	PGresult *page;
	int row, rows;
	int64_t last_id;
	int done;
	char *issuer_filter; /* "{1,2}" or NULL */
	int64_t before_id;
	int64_t first_last_id; /* where this pass started, so the first page is not throttled */
	struct sweep_buf desc;
};

static void drop_page(struct crtsh *s)
{
	PQclear(s->page);
	s->page = NULL;
	s->row = s->rows = 0;
}

static char *int_array_literal(const int64_t *v, size_t n)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	sweep_buf_putc(&b, '{');
	for (size_t i = 0; i < n; i++)
		sweep_buf_printf(&b, "%s%lld", i ? "," : "", (long long)v[i]);
	sweep_buf_putc(&b, '}');
	return sweep_buf_detach(&b);
}

static int crtsh_begin(struct sweep_source *base, const struct sweep_scan_filter *f, struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;

	drop_page(s);
	free(s->issuer_filter);
	s->issuer_filter = NULL;
	if (f && f->issuer_refs) {
		s->issuer_filter = int_array_literal(f->issuer_refs, f->n_issuer_refs);
		if (!s->issuer_filter)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	s->before_id = f ? f->before_id : 0;
	s->last_id = f && f->has_after ? f->after_id : -1;
	s->first_last_id = s->last_id;
	s->done = 0;
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* A lost connection: reconnect with backoff and carry on from the last id.
 * The rows after it come from a new snapshot (the old one died with the
 * session); the audit's impact.md says how often that happened. */
static int reconnect(struct crtsh *s, struct sweep_error *err)
{
	struct sweep_pg_params p = s->params;
	long wait = 1000;

	p.snapshot = NULL; /* an exported snapshot does not outlive its session */
	p.prompt_password = 0;
	for (int attempt = 1; attempt <= s->params.retries; attempt++) {
		struct sweep_error e2 = { 0, "" };
		PGconn *c = NULL;
		fprintf(stderr, "certsweep: connection lost after id %lld; reconnecting in %ld s (attempt %d of %d)\n",
			(long long)s->last_id, wait / 1000, attempt, s->params.retries);
		sleep_ms(wait);
		if (sweep_pg_open(&c, &p, &e2) == 0) {
			PQfinish(s->conn);
			s->conn = c;
			s->base.reconnects++;
			return 0;
		}
		wait = wait * 2 > 30000 ? 30000 : wait * 2;
	}
	return sweep_error_wrap(err, "gave up after %d reconnect attempt(s)", s->params.retries);
}

static int fetch_page(struct crtsh *s, struct sweep_error *err)
{
	char last[32], limit[32], before[32];
	const char *params[4];
	PGresult *res;

	if (s->params.throttle_ms > 0 && s->last_id != s->first_last_id)
		sleep_ms(s->params.throttle_ms);

	snprintf(last, sizeof(last), "%lld", (long long)s->last_id);
	snprintf(limit, sizeof(limit), "%zu", s->page_size);
	params[0] = last;
	params[1] = s->issuer_filter;
	params[2] = limit;
	snprintf(before, sizeof(before), "%lld", (long long)s->before_id);
	params[3] = s->before_id > 0 ? before : NULL;
	res = PQexecParams(s->conn, sweep_sql_crtsh_scan_sql, 4, NULL, params, NULL, NULL, 1);
	while (sweep_pg_check(res, PGRES_TUPLES_OK, s->conn, sweep_sql_crtsh_scan_sql, err)) {
		if (PQstatus(s->conn) != CONNECTION_BAD || s->params.retries <= 0 || reconnect(s, err))
			return SWEEP_EDB;
		sweep_error_clear(err);
		res = PQexecParams(s->conn, sweep_sql_crtsh_scan_sql, 4, NULL, params, NULL, NULL, 1);
	}
	if (PQnfields(res) != 3 || PQfsize(res, 0) != 8 || PQfsize(res, 1) != 4) {
		PQclear(res);
		return sweep_error_set(err, SWEEP_EDB,
				       "unexpected columns from the crt.sh scan query (is this a crt.sh schema?)");
	}
	s->page = res;
	s->rows = PQntuples(res);
	s->row = 0;
	if ((size_t)s->rows < s->page_size)
		s->done = 1; /* a short page is the last one */
	return 0;
}

static int crtsh_next(struct sweep_source *base, struct sweep_row *out, struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;

	if (!s->page || s->row >= s->rows) {
		int was_done = s->done || (s->page && s->rows == 0);
		drop_page(s);
		if (was_done)
			return 1;
		int rc = fetch_page(s, err);
		if (rc)
			return rc;
		if (s->rows == 0)
			return 1;
	}
	int r = s->row++;
	memset(out, 0, sizeof(*out)); /* revocation comes from crl_revoked, joined later */
	out->reason = -1;
	out->id = sweep_pg_int8(PQgetvalue(s->page, r, 0));
	out->issuer_ref = sweep_pg_int4(PQgetvalue(s->page, r, 1));
	out->der = (const uint8_t *)PQgetvalue(s->page, r, 2);
	out->der_len = (size_t)PQgetlength(s->page, r, 2);
	s->last_id = out->id;
	return 0;
}

static int crtsh_revocations(struct sweep_source *base, struct sweep_rev_query *q, size_t n,
			     struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;
	const size_t batch = 1000;

	for (size_t off = 0; off < n; off += batch) {
		size_t m = n - off < batch ? n - off : batch;
		struct sweep_buf ids = SWEEP_BUF_INIT, serials = SWEEP_BUF_INIT, stripped = SWEEP_BUF_INIT;
		char hex[2 * 64 + 1];
		sweep_buf_putc(&ids, '{');
		sweep_buf_putc(&serials, '{');
		sweep_buf_putc(&stripped, '{');
		for (size_t i = 0; i < m; i++) {
			const struct sweep_rev_query *k = &q[off + i];
			sweep_buf_printf(&ids, "%s%lld", i ? "," : "", (long long)k->issuer_ref);
			if (k->serial_len <= 64)
				sweep_hex(k->serial, k->serial_len, hex);
			else
				hex[0] = '\0'; /* no CRL holds such a serial */
			sweep_buf_printf(&serials, "%s%s", i ? "," : "", hex[0] ? hex : "\"\"");
			const char *st = hex;
			while (st[0] == '0' && st[1] == '0' && st[2])
				st += 2;
			sweep_buf_printf(&stripped, "%s%s", i ? "," : "", st[0] ? st : "\"\"");
		}
		sweep_buf_putc(&ids, '}');
		sweep_buf_putc(&serials, '}');
		sweep_buf_putc(&stripped, '}');
		if (ids.oom || serials.oom || stripped.oom) {
			sweep_buf_release(&ids);
			sweep_buf_release(&serials);
			sweep_buf_release(&stripped);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
		const char *params[3] = { ids.p, serials.p, stripped.p };
		PGresult *res = PQexecParams(s->conn, sweep_sql_crtsh_revocation_sql, 3, NULL, params, NULL, NULL, 0);
		sweep_buf_release(&ids);
		sweep_buf_release(&serials);
		sweep_buf_release(&stripped);
		if (sweep_pg_check(res, PGRES_TUPLES_OK, s->conn, sweep_sql_crtsh_revocation_sql, err))
			return SWEEP_EDB;
		for (int r = 0; r < PQntuples(res); r++) {
			long long ord = strtoll(PQgetvalue(res, r, 0), NULL, 10);
			if (ord < 1 || (size_t)ord > m)
				continue;
			struct sweep_rev_query *k = &q[off + (size_t)ord - 1];
			k->revoked = 1;
			k->reason = PQgetisnull(res, r, 1) ? -1 : atoi(PQgetvalue(res, r, 1));
			k->revoked_at = PQgetisnull(res, r, 2) ? 0 : strtoll(PQgetvalue(res, r, 2), NULL, 10);
		}
		PQclear(res);
	}
	return 0;
}

static int crtsh_id_bounds(struct sweep_source *base, const struct sweep_scan_filter *f, int64_t *lo, int64_t *hi,
			   struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;
	char *issuers = NULL;
	PGresult *res;

	if (f && f->issuer_refs) {
		issuers = int_array_literal(f->issuer_refs, f->n_issuer_refs);
		if (!issuers)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	const char *params[1] = { issuers };
	res = PQexecParams(s->conn, sweep_sql_crtsh_bounds_sql, 1, NULL, params, NULL, NULL, 0);
	free(issuers);
	if (sweep_pg_check(res, PGRES_TUPLES_OK, s->conn, sweep_sql_crtsh_bounds_sql, err))
		return SWEEP_EDB;
	*lo = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*hi = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return 0;
}

static int64_t crtsh_estimate(struct sweep_source *base)
{
	struct crtsh *s = (struct crtsh *)base;
	PGresult *res = PQexec(s->conn, sweep_sql_crtsh_count_sql);
	int64_t n = -1;

	if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

static const char *crtsh_describe(struct sweep_source *base)
{
	return sweep_buf_str(&((struct crtsh *)base)->desc);
}

static void crtsh_free(struct sweep_source *base)
{
	struct crtsh *s = (struct crtsh *)base;

	drop_page(s);
	if (s->conn) {
		/* Nothing was written; ROLLBACK ends the snapshot. */
		PQclear(PQexec(s->conn, "ROLLBACK"));
		PQfinish(s->conn);
	}
	free(s->issuer_filter);
	sweep_buf_release(&s->desc);
	free(s);
}

static const struct sweep_source_ops crtsh_ops = {
	.name = "crtsh",
	.begin = crtsh_begin,
	.next = crtsh_next,
	.revocations = crtsh_revocations,
	.id_bounds = crtsh_id_bounds,
	.estimate = crtsh_estimate,
	.describe = crtsh_describe,
	.free = crtsh_free,
};

int sweep_source_crtsh_new(struct sweep_source **out, const struct sweep_pg_params *params,
			   struct sweep_error *err)
{
	struct crtsh *s;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	s->base.ops = &crtsh_ops;
	s->params = *params;
	s->page_size = params->page_size ? params->page_size : 1000;
	rc = sweep_pg_open(&s->conn, params, err);
	if (rc) {
		free(s);
		return rc;
	}
	sweep_buf_puts(&s->desc, "crt.sh schema, ");
	sweep_pg_describe(s->conn, &s->desc);
	s->last_id = -1;
	*out = &s->base;
	return 0;
}
