/* crt.sh schema source: keyset pages of certificate by id, binary results. */
#include "certsweep/cert.h"
#include "certsweep/der.h"
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
	int have_last; /* last_id bounds the next page (else: from the smallest id, negative ones too) */
	int done;
	int pages;     /* pages read in this pass, so the first one is not throttled */
	char *issuer_filter; /* "{1,2}" or NULL */
	char *id_filter;     /* base.only_ids as "{1,2}", or NULL */
	int64_t before_id;
	int has_after;
	int64_t after_id;
	int autocommit; /* no transaction: each query reads its own snapshot */
	int x509;       /* the server has x509_notBefore(bytea) (crt.sh itself) */
	/* The (issuer_ca_id, notBefore) path: one issuer after another. */
	int by_issuer;
	int64_t *issuers;
	size_t n_issuers, cur_issuer;
	char last_nb[40]; /* notBefore text of the last row read; "" before the first */
	int issuer_switch; /* the last page ended its issuer: the next starts the next one */
	size_t page_issuer;   /* index of the issuer whose rows the page holds */
	int have_page_issuer; /* a row has been given in this pass */
	char nb_from[32], nb_to[32];
	struct sweep_buf desc;
	/* The next id page, sent while this one is being read (issue #17: the
	 * server made each page while the client waited, and the client judged
	 * it while the server waited); its result is taken by the next
	 * fetch_page, or thrown away (settle) before any other query. */
	int prefetched;
	int64_t prefetch_last; /* the keyset it was sent with */
	int prefetch_polled;   /* rows given since its input was last taken in */
};

/* Throw away the prefetched page, if any, so the connection is free. */
static void settle(struct crtsh *s)
{
	PGresult *res;

	if (!s->prefetched)
		return;
	s->prefetched = 0;
	while ((res = PQgetResult(s->conn)) != NULL)
		PQclear(res);
}

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

static void epoch_text(int64_t t, char *out, size_t cap)
{
	char iso[32];

	sweep_time_iso(t, iso); /* 2026-01-02T03:04:05Z */
	snprintf(out, cap, "%.10s %.8s", iso, iso + 11);
}

/* position(): "ISSUER ID NOTBEFORE" after the last row given, where ISSUER is
 * the issuer_ca_id being paged (the filter's order), ID and NOTBEFORE that
 * row's keyset. */
static int crtsh_position(struct sweep_source *base, char *buf, size_t cap)
{
	struct crtsh *s = (struct crtsh *)base;

	if (!s->by_issuer || s->n_issuers == 0)
		return -1;
	int n = s->have_page_issuer ? snprintf(buf, cap, "%lld %lld %s", (long long)s->issuers[s->page_issuer],
					       (long long)s->last_id, s->last_nb)
				    : snprintf(buf, cap, "%lld 0 -", (long long)s->issuers[s->cur_issuer]);
	return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* Continue after position p (crtsh_position's text) of an index-order pass. */
static int resume_position(struct crtsh *s, const char *p, struct sweep_error *err)
{
	long long issuer, id;
	char nb[40];
	size_t i;

	if (!s->by_issuer || sscanf(p, "%lld %lld %39[^\n]", &issuer, &id, nb) != 3)
		return sweep_error_set(err, SWEEP_EINVAL, "cannot resume this pass at position '%s'", p);
	for (i = 0; i < s->n_issuers && s->issuers[i] != issuer; i++)
		;
	if (i == s->n_issuers)
		return sweep_error_set(err, SWEEP_EINVAL, "cannot resume at issuer %lld: not in this audit", issuer);
	s->cur_issuer = i;
	if (strcmp(nb, "-") != 0) {
		snprintf(s->last_nb, sizeof(s->last_nb), "%s", nb);
		s->last_id = id;
		s->have_last = 1;
		s->page_issuer = i;
		s->have_page_issuer = 1;
	}
	return 0;
}

static int crtsh_begin(struct sweep_source *base, const struct sweep_scan_filter *f, struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;

	settle(s);
	drop_page(s);
	free(s->issuer_filter);
	s->issuer_filter = NULL;
	free(s->id_filter);
	s->id_filter = NULL;
	free(s->issuers);
	s->issuers = NULL;
	s->n_issuers = s->cur_issuer = 0;
	s->issuer_switch = s->have_page_issuer = 0;
	free(s->id_filter);
	s->id_filter = NULL;
	if (base->n_only_ids) {
		s->id_filter = int_array_literal(base->only_ids, base->n_only_ids);
		if (!s->id_filter)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (f && f->issuer_refs) {
		s->issuer_filter = int_array_literal(f->issuer_refs, f->n_issuer_refs);
		if (!s->issuer_filter)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	s->before_id = f ? f->before_id : 0;
	s->has_after = f && f->has_after;
	s->after_id = s->has_after ? f->after_id : 0;
	s->have_last = s->has_after;
	s->last_id = s->after_id;
	s->pages = 0;
	s->done = 0;
	s->last_nb[0] = s->nb_from[0] = s->nb_to[0] = '\0';
	/* crt.sh has no (issuer_ca_id, id) index: walking ids and filtering by
	 * issuer reads the whole table. Its (issuer_ca_id, notBefore) index
	 * reads only the window, when the caller can take rows in that order. */
	const struct sweep_scan_hints *h = &base->hints;
	s->by_issuer = s->x509 && f && h->any_order && f->issuer_refs && f->n_issuer_refs &&
		       (h->has_nb_from || h->has_nb_to);
	s->base.index_order = s->by_issuer;
	if (s->by_issuer) {
		s->issuers = malloc(f->n_issuer_refs * sizeof(*s->issuers));
		if (!s->issuers)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		memcpy(s->issuers, f->issuer_refs, f->n_issuer_refs * sizeof(*s->issuers));
		s->n_issuers = f->n_issuer_refs;
		if (h->has_nb_from)
			epoch_text(h->nb_from, s->nb_from, sizeof(s->nb_from));
		if (h->has_nb_to)
			epoch_text(h->nb_to, s->nb_to, sizeof(s->nb_to));
	}
	if (h->resume_after)
		return resume_position(s, h->resume_after, err);
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static void note_new_snapshot(struct crtsh *s)
{
	if (s->base.snapshot == SWEEP_SNAPSHOT_ONE)
		s->base.snapshot = SWEEP_SNAPSHOT_RESTARTED;
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
	p.no_snapshot = s->autocommit;
	for (int attempt = 1; attempt <= s->params.retries; attempt++) {
		struct sweep_error e2 = { 0, "" };
		PGconn *c = NULL;
		char where[48] = "before the first row";
		if (s->have_last)
			snprintf(where, sizeof(where), "after id %lld", (long long)s->last_id);
		fprintf(stderr, "certsweep: connection lost %s; reconnecting in %ld s (attempt %d of %d)\n", where,
			wait / 1000, attempt, s->params.retries);
		sleep_ms(wait);
		if (sweep_pg_open(&c, &p, &e2) == 0) {
			PQfinish(s->conn);
			s->conn = c;
			s->base.reconnects++;
			note_new_snapshot(s);
			return 0;
		}
		wait = wait * 2 > 30000 ? 30000 : wait * 2;
	}
	return sweep_error_wrap(err, "gave up after %d reconnect attempt(s)", s->params.retries);
}

/* Run a query; when it fails for a reason that reading again can cure (a
 * hot standby cancelling it for a conflict with recovery, a statement
 * timeout, an administrator's shutdown, a lost connection), roll back,
 * begin a new snapshot (or reconnect) and run it again, --retries times at
 * most in a row. The keyset parameters still hold the last row read, so
 * nothing is skipped or read twice. */
static int run_query_sent(struct crtsh *s, PGresult **out, const char *sql, int n, const char *const *params,
			  int binary, int sent, struct sweep_error *err)
{
	long wait = 200;

	*out = NULL;
	for (int attempt = 0;; attempt++) {
		PGresult *res;
		if (attempt == 0 && sent) {
			/* the query went out already (a prefetched page): its result,
			 * then the end of its results */
			res = PQgetResult(s->conn);
			PGresult *more;
			while ((more = PQgetResult(s->conn)) != NULL)
				PQclear(more);
		} else {
			res = PQexecParams(s->conn, sql, n, NULL, params, NULL, NULL, binary);
		}
		if (res && PQresultStatus(res) == PGRES_TUPLES_OK) {
			*out = res;
			return 0;
		}
		int transient = sweep_pg_transient(res, s->conn);
		int lost = PQstatus(s->conn) == CONNECTION_BAD;
		sweep_pg_check(res, PGRES_TUPLES_OK, s->conn, sql, err); /* clears res */
		if (!transient || attempt >= s->params.retries)
			return SWEEP_EDB;
		if (lost) {
			if (reconnect(s, err))
				return SWEEP_EDB;
		} else {
			int why = (int)strcspn(err->msg, "\n");
			char where[48] = "from the start";
			if (s->have_last)
				snprintf(where, sizeof(where), "after id %lld", (long long)s->last_id);
			fprintf(stderr, "certsweep: %.*s; reading on %s in a new transaction (attempt %d of %d)\n", why,
				err->msg, where, attempt + 1, s->params.retries);
			sleep_ms(wait);
			wait = wait * 2 > 30000 ? 30000 : wait * 2;
			if (!s->autocommit) {
				struct sweep_pg_params p = s->params;
				p.snapshot = NULL; /* the exporting session's snapshot is the one that conflicted */
				PQclear(PQexec(s->conn, "ROLLBACK"));
				struct sweep_error e2 = { 0, "" };
				if (sweep_pg_begin(s->conn, &p, &e2)) {
					/* a standby may end the whole session right after
					 * cancelling the query (FATAL, conflict with
					 * recovery): that is a lost connection, not an end */
					if (PQstatus(s->conn) != CONNECTION_BAD) {
						*err = e2;
						return SWEEP_EDB;
					}
					if (reconnect(s, err))
						return SWEEP_EDB;
				}
				note_new_snapshot(s);
			}
			s->base.restarts++;
		}
		sweep_error_clear(err);
	}
}

static int run_query(struct crtsh *s, PGresult **out, const char *sql, int n, const char *const *params, int binary,
		     struct sweep_error *err)
{
	settle(s);
	return run_query_sent(s, out, sql, n, params, binary, 0, err);
}

static int check_columns(PGresult *res, int n, struct sweep_error *err)
{
	if (PQnfields(res) != n || PQfsize(res, 0) != 8 || PQfsize(res, 1) != 4) {
		PQclear(res);
		return sweep_error_set(err, SWEEP_EDB,
				       "unexpected columns from the crt.sh scan query (is this a crt.sh schema?)");
	}
	return 0;
}

static int fetch_page(struct crtsh *s, struct sweep_error *err)
{
	char last[32], limit[32], before[32];
	const char *params[5];
	PGresult *res;
	int rc;

	if (s->params.throttle_ms > 0 && s->pages > 0)
		sleep_ms(s->params.throttle_ms);
	s->pages++;

	snprintf(last, sizeof(last), "%lld", (long long)s->last_id);
	snprintf(limit, sizeof(limit), "%zu", s->page_size);
	params[0] = s->have_last ? last : NULL;
	params[1] = s->issuer_filter;
	params[2] = limit;
	snprintf(before, sizeof(before), "%lld", (long long)s->before_id);
	params[3] = s->before_id != 0 ? before : NULL;
	params[4] = s->id_filter;
	/* the page sent ahead is this one when it was sent after the same row */
	int sent = s->prefetched && s->have_last && s->prefetch_last == s->last_id;
	if (sent)
		s->prefetched = 0;
	else
		settle(s);
	rc = run_query_sent(s, &res, sweep_sql_crtsh_scan_sql, 5, params, 1, sent, err);
	if (rc)
		return rc;
	if (check_columns(res, 3, err))
		return SWEEP_EDB;
	s->page = res;
	s->rows = PQntuples(res);
	s->row = 0;
	if ((size_t)s->rows < s->page_size) {
		s->done = 1; /* a short page is the last one */
		return 0;
	}
	/* a full page: send the next one now, so that the server makes it while
	 * this one is judged (not when throttled: the pause is between pages) */
	if (s->params.throttle_ms <= 0) {
		int64_t next = sweep_pg_int8(PQgetvalue(res, s->rows - 1, 0));
		snprintf(last, sizeof(last), "%lld", (long long)next);
		params[0] = last;
		if (PQsendQueryParams(s->conn, sweep_sql_crtsh_scan_sql, 5, NULL, params, NULL, NULL, 1)) {
			s->prefetched = 1;
			s->prefetch_last = next;
			s->prefetch_polled = 0;
		}
	}
	return 0;
}

/* The next page of the current issuer along its notBefore index; an empty
 * page moves on to the next issuer. */
static int fetch_issuer_page(struct crtsh *s, struct sweep_error *err)
{
	char issuer[32], last[32], limit[32], after[32], before[32];
	const char *params[8];
	PGresult *res;

	if (s->issuer_switch) {
		s->issuer_switch = 0;
		s->last_nb[0] = '\0';
	}
	for (;;) {
		if (s->cur_issuer >= s->n_issuers) {
			s->done = 1;
			return 0;
		}
		if (s->params.throttle_ms > 0 && s->pages > 0)
			sleep_ms(s->params.throttle_ms);
		s->pages++;
		snprintf(issuer, sizeof(issuer), "%lld", (long long)s->issuers[s->cur_issuer]);
		snprintf(last, sizeof(last), "%lld", (long long)s->last_id);
		snprintf(limit, sizeof(limit), "%zu", s->page_size);
		snprintf(after, sizeof(after), "%lld", (long long)s->after_id);
		snprintf(before, sizeof(before), "%lld", (long long)s->before_id);
		params[0] = issuer;
		params[1] = s->last_nb[0] ? s->last_nb : NULL;
		params[2] = last;
		params[3] = limit;
		params[4] = s->nb_from[0] ? s->nb_from : NULL;
		params[5] = s->nb_to[0] ? s->nb_to : NULL;
		params[6] = s->has_after ? after : NULL;
		params[7] = s->before_id != 0 ? before : NULL;
		int rc = run_query(s, &res, sweep_sql_crtsh_scan_issuer_sql, 8, params, 1, err);
		if (rc)
			return rc;
		if (check_columns(res, 4, err))
			return SWEEP_EDB;
		if (PQntuples(res) > 0) {
			s->page = res;
			s->rows = PQntuples(res);
			s->row = 0;
			s->page_issuer = s->cur_issuer;
			if ((size_t)s->rows < s->page_size) {
				/* this issuer is done; the next page starts the next one */
				s->cur_issuer++;
				s->issuer_switch = 1;
			}
			return 0;
		}
		PQclear(res);
		s->cur_issuer++;
		s->last_nb[0] = '\0';
	}
}

static int crtsh_next(struct sweep_source *base, struct sweep_row *out, struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;

	if (!s->page || s->row >= s->rows) {
		int was_done = s->by_issuer ? s->done : s->done || (s->page && s->rows == 0);
		drop_page(s);
		if (was_done)
			return 1;
		int rc = s->by_issuer ? fetch_issuer_page(s, err) : fetch_page(s, err);
		if (rc)
			return rc;
		if (s->rows == 0)
			return 1;
	}
	int r = s->row++;
	/* take in what the server has sent of the next page, so that it is not
	 * held up by a full socket buffer (never waits) */
	if (s->prefetched && ++s->prefetch_polled >= 16) {
		s->prefetch_polled = 0;
		PQconsumeInput(s->conn);
	}
	memset(out, 0, sizeof(*out)); /* revocation comes from crl_revoked, joined later */
	out->reason = -1;
	out->id = sweep_pg_int8(PQgetvalue(s->page, r, 0));
	/* NULL issuer_ca_id: no issuer at all, never an id read out of an empty field. */
	out->issuer_ref = PQgetisnull(s->page, r, 1) ? -1 : sweep_pg_int4(PQgetvalue(s->page, r, 1));
	out->der_null = PQgetisnull(s->page, r, 2);
	out->der = (const uint8_t *)PQgetvalue(s->page, r, 2); /* "" when NULL */
	out->der_len = (size_t)PQgetlength(s->page, r, 2);
	if (r + 1 < s->rows) {
		out->id_continues = sweep_pg_int8(PQgetvalue(s->page, r + 1, 0)) == out->id;
		if (s->by_issuer)
			out->id_continues = out->id_continues &&
					    strcmp(PQgetvalue(s->page, r + 1, 3), PQgetvalue(s->page, r, 3)) == 0;
	}
	s->last_id = out->id;
	s->have_last = 1;
	if (s->by_issuer) {
		snprintf(s->last_nb, sizeof(s->last_nb), "%s", PQgetvalue(s->page, r, 3));
		s->have_page_issuer = 1;
	}
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
		for (size_t i = 0; i < m; i++) {
			q[off + i].revoked = 0;
			q[off + i].n_conflicting = 0;
		}
		const char *params[3] = { ids.p, serials.p, stripped.p };
		PGresult *res;
		int rc = run_query(s, &res, sweep_sql_crtsh_revocation_sql, 3, params, 0, err);
		sweep_buf_release(&ids);
		sweep_buf_release(&serials);
		sweep_buf_release(&stripped);
		if (rc)
			return rc;
		/* Rows come per key in the order of choice (see revocation.sql):
		 * the first decides, the others are counted when they disagree. */
		for (int r = 0; r < PQntuples(res); r++) {
			long long ord = strtoll(PQgetvalue(res, r, 0), NULL, 10);
			if (ord < 1 || (size_t)ord > m)
				continue;
			struct sweep_rev_query *k = &q[off + (size_t)ord - 1];
			int reason = PQgetisnull(res, r, 1) ? -1 : (int)strtol(PQgetvalue(res, r, 1), NULL, 10);
			int date_null = PQgetisnull(res, r, 2);
			int64_t at = date_null ? 0 : strtoll(PQgetvalue(res, r, 2), NULL, 10);
			if (!k->revoked) {
				k->revoked = 1;
				k->reason = reason;
				k->revoked_at = at;
				k->revoked_at_null = date_null;
				k->n_conflicting = 0;
				continue;
			}
			if (reason == k->reason && date_null == k->revoked_at_null && at == k->revoked_at)
				continue; /* the same entry stored twice (or in both serial forms) */
			if (k->n_conflicting++ == 0) {
				k->conflict_reason = reason;
				k->conflict_revoked_at = at;
			}
		}
		PQclear(res);
	}
	return 0;
}

static int crtsh_key_compromises(struct sweep_source *base, const struct sweep_scan_filter *f,
				 int (*each)(void *ctx, int64_t issuer_ref, const uint8_t *serial, size_t serial_len,
					     int64_t revoked_at),
				 void *ctx, struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;
	char *ids = f && f->issuer_refs ? int_array_literal(f->issuer_refs, f->n_issuer_refs) : NULL;
	const char *params[1] = { ids };
	uint8_t serial[64];
	PGresult *res;
	int rc;

	if (f && f->issuer_refs && !ids)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	rc = run_query(s, &res, sweep_sql_crtsh_key_compromise_sql, 1, params, 0, err);
	free(ids);
	if (rc)
		return rc;
	for (int r = 0; !rc && r < PQntuples(res); r++) {
		const char *hex = PQgetvalue(res, r, 1);
		size_t len = strlen(hex) / 2;
		if (len == 0 || len > sizeof(serial))
			continue; /* no certificate has such a serial */
		for (size_t i = 0; i < len; i++) {
			unsigned v;
			if (sscanf(hex + 2 * i, "%2x", &v) != 1)
				v = 0;
			serial[i] = (uint8_t)v;
		}
		rc = each(ctx, strtoll(PQgetvalue(res, r, 0), NULL, 10), serial, len,
			  strtoll(PQgetvalue(res, r, 2), NULL, 10));
	}
	PQclear(res);
	return rc;
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
	int rc = run_query(s, &res, sweep_sql_crtsh_bounds_sql, 1, params, 0, err);
	free(issuers);
	if (rc)
		return rc;
	*lo = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*hi = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return 0;
}

static int crtsh_count(struct sweep_source *base, const struct sweep_scan_filter *f, int64_t *out,
		       struct sweep_error *err)
{
	struct crtsh *s = (struct crtsh *)base;
	char *issuers = NULL, after[32], before[32];
	PGresult *res;

	*out = -1;
	if (f && f->issuer_refs) {
		issuers = int_array_literal(f->issuer_refs, f->n_issuer_refs);
		if (!issuers)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	snprintf(after, sizeof(after), "%lld", f ? (long long)f->after_id : 0LL);
	snprintf(before, sizeof(before), "%lld", f ? (long long)f->before_id : 0LL);
	const char *params[3] = { issuers, f && f->has_after ? after : NULL, f && f->before_id ? before : NULL };
	int rc = run_query(s, &res, sweep_sql_crtsh_exact_count_sql, 3, params, 0, err);
	free(issuers);
	if (rc)
		return rc;
	*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/* Rows of CA certificates read before the scan (Precertificate Signing
 * Certificates, the audited CAs' own certificates): the query takes the
 * issuer filter and returns a CA id, its issuer's CA id and the DER. */
static int ca_rows(struct crtsh *s, const char *sql, const struct sweep_scan_filter *f,
		   int (*fn)(void *arg, const struct sweep_row *row, struct sweep_error *err), void *arg,
		   struct sweep_error *err)
{
	char *issuers = NULL;
	PGresult *res;
	int rc;

	if (f && f->issuer_refs) {
		issuers = int_array_literal(f->issuer_refs, f->n_issuer_refs);
		if (!issuers)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	const char *params[1] = { issuers };
	rc = run_query(s, &res, sql, 1, params, 1, err);
	free(issuers);
	if (rc)
		return rc;
	for (int r = 0; !rc && r < PQntuples(res); r++) {
		struct sweep_row row;
		memset(&row, 0, sizeof(row));
		if (PQgetisnull(res, r, 0) || PQgetisnull(res, r, 1) || PQgetisnull(res, r, 2))
			continue;
		row.id = sweep_pg_int8(PQgetvalue(res, r, 0));
		row.issuer_ref = sweep_pg_int8(PQgetvalue(res, r, 1));
		row.der = (const uint8_t *)PQgetvalue(res, r, 2);
		row.der_len = (size_t)PQgetlength(res, r, 2);
		row.reason = -1;
		rc = fn(arg, &row, err);
	}
	PQclear(res);
	return rc;
}

static int crtsh_precert_signers(struct sweep_source *base, const struct sweep_scan_filter *f,
				 int (*fn)(void *arg, const struct sweep_row *row, struct sweep_error *err), void *arg,
				 struct sweep_error *err)
{
	return ca_rows((struct crtsh *)base, sweep_sql_crtsh_precert_signers_sql, f, fn, arg, err);
}

static int crtsh_issuer_certs(struct sweep_source *base, const struct sweep_scan_filter *f,
			      int (*fn)(void *arg, const struct sweep_row *row, struct sweep_error *err), void *arg,
			      struct sweep_error *err)
{
	return ca_rows((struct crtsh *)base, sweep_sql_crtsh_issuer_certs_sql, f, fn, arg, err);
}

/* Small enough to count exactly for the ETA when the statistics say nothing. */
#define COUNT_FALLBACK_BYTES (256LL * 1024 * 1024)

static int64_t crtsh_estimate(struct sweep_source *base)
{
	struct crtsh *s = (struct crtsh *)base;
	int64_t n = -1;

	settle(s);
	/* An estimate must never abort the audit's transaction. */
	if (!s->autocommit)
		PQclear(PQexec(s->conn, "SAVEPOINT certsweep_estimate"));
	PGresult *res = PQexec(s->conn, sweep_sql_crtsh_count_sql);

	if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		int unanalysed = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
		int64_t bytes = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
		n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		if (unanalysed) {
			/* Some partition was never analysed: its rows are unknown.
			 * Count a small table; a large one gets a rate only. */
			n = -1;
			if (bytes <= COUNT_FALLBACK_BYTES) {
				PGresult *c = PQexec(s->conn, "SELECT count(*) FROM certificate");
				if (c && PQresultStatus(c) == PGRES_TUPLES_OK && PQntuples(c) == 1)
					n = strtoll(PQgetvalue(c, 0, 0), NULL, 10);
				PQclear(c);
			}
		}
	}
	if (!s->autocommit)
		PQclear(PQexec(s->conn, PQresultStatus(res) == PGRES_TUPLES_OK ? "RELEASE SAVEPOINT certsweep_estimate"
									   : "ROLLBACK TO SAVEPOINT certsweep_estimate"));
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
		settle(s);
		/* Nothing was written; ROLLBACK ends the snapshot. */
		if (!s->autocommit)
			PQclear(PQexec(s->conn, "ROLLBACK"));
		PQfinish(s->conn);
	}
	free(s->issuer_filter);
	free(s->id_filter);
	free(s->issuers);
	sweep_buf_release(&s->desc);
	free(s);
}

static const struct sweep_source_ops crtsh_ops = {
	.name = "crtsh",
	.begin = crtsh_begin,
	.next = crtsh_next,
	.revocations = crtsh_revocations,
	.key_compromises = crtsh_key_compromises,
	.id_bounds = crtsh_id_bounds,
	.estimate = crtsh_estimate,
	.describe = crtsh_describe,
	.free = crtsh_free,
	.count = crtsh_count,
	.precert_signers = crtsh_precert_signers,
	.issuer_certs = crtsh_issuer_certs,
	.position = crtsh_position,
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
	rc = sweep_pg_open_ex(&s->conn, &s->autocommit, params, "{certificate,ca,crl_revoked,ca_certificate}", err);
	if (rc) {
		free(s);
		return rc;
	}
	s->params.no_snapshot = s->autocommit; /* a reconnect keeps the mode */
	s->base.snapshot = s->autocommit ? SWEEP_SNAPSHOT_PER_QUERY : SWEEP_SNAPSHOT_ONE;
	PGresult *res;
	/* retried like every page (a standby may cancel it) */
	if (run_query(s, &res, sweep_sql_crtsh_has_x509_sql, 0, NULL, 0, err)) {
		crtsh_free(&s->base);
		return SWEEP_EDB;
	}
	s->x509 = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	sweep_buf_puts(&s->desc, "crt.sh schema, ");
	sweep_pg_describe(s->conn, &s->desc);
	*out = &s->base;
	return 0;
}
