/* Text-keyed, keyset-paged SQL sources: EJBCA's CertificateData and any
 * user query (--query). Both page on a text key ($1, NULL first) with a
 * page size ($2) and read text results; they differ only in columns. */
#include "certsweep/sql.h"
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column positions; -1 when the query does not return the column. */
struct columns {
	int key, der, status, revdate_ms, reason, revoked_at, issuer_key;
	int der_is_bytea;
	int revoked_at_is_epoch;
};

struct sqlsrc {
	struct sweep_source base;
	PGconn *conn;
	char *sql;
	size_t page_size;
	PGresult *page;
	int row, rows, done;
	char *last_key;
	uint8_t *der;
	int64_t ordinal;
	struct columns col;
	int ejbca;
	int autocommit; /* --no-snapshot: each page its own snapshot */
	struct sweep_buf desc;
};

static void drop_page(struct sqlsrc *s)
{
	PQclear(s->page);
	s->page = NULL;
	s->row = s->rows = 0;
}

static int sql_begin(struct sweep_source *base, const struct sweep_scan_filter *f, struct sweep_error *err)
{
	struct sqlsrc *s = (struct sqlsrc *)base;

	(void)f; /* no issuer ids or integer ids here: every pass is a full scan */
	(void)err;
	drop_page(s);
	free(s->last_key);
	s->last_key = NULL;
	s->done = 0;
	s->ordinal = 0;
	return 0;
}

static int fetch(struct sqlsrc *s, struct sweep_error *err)
{
	char limit[32];
	const char *params[2] = { s->last_key, limit };

	snprintf(limit, sizeof(limit), "%zu", s->page_size);
	PGresult *res = PQexecParams(s->conn, s->sql, 2, NULL, params, NULL, NULL, 0);
	if (sweep_pg_check(res, PGRES_TUPLES_OK, s->conn, s->sql, err))
		return SWEEP_EDB;
	s->page = res;
	s->rows = PQntuples(res);
	s->row = 0;
	if ((size_t)s->rows < s->page_size)
		s->done = 1;
	return 0;
}

static int int_at(PGresult *res, int r, int c, long long *out)
{
	char *end;

	if (c < 0 || PQgetisnull(res, r, c))
		return -1;
	*out = strtoll(PQgetvalue(res, r, c), &end, 10);
	return *end ? -1 : 0;
}

static int sql_next(struct sweep_source *base, struct sweep_row *out, struct sweep_error *err)
{
	struct sqlsrc *s = (struct sqlsrc *)base;
	const struct columns *c = &s->col;

	if (!s->page || s->row >= s->rows) {
		int was_done = s->done;
		drop_page(s);
		if (was_done)
			return 1;
		int rc = fetch(s, err);
		if (rc)
			return rc;
		if (s->rows == 0)
			return 1;
	}
	int r = s->row++;
	PGresult *p = s->page;
	if (PQgetisnull(p, r, c->key))
		return sweep_error_set(err, SWEEP_EDB, "the query returned a NULL id: keyset paging needs one on every row");
	free(s->last_key);
	s->last_key = strdup(PQgetvalue(p, r, c->key));
	if (!s->last_key)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");

	memset(out, 0, sizeof(*out));
	out->id = ++s->ordinal;
	out->key = s->last_key;
	out->issuer_ref = -1;
	out->reason = -1;
	free(s->der);
	s->der = NULL;
	size_t len = 0;
	const char *v = PQgetvalue(p, r, c->der);
	size_t vlen = (size_t)PQgetlength(p, r, c->der);
	out->der_null = PQgetisnull(p, r, c->der);
	int bad = out->der_null ||
		  (c->der_is_bytea ? sweep_pg_bytea_hex(v, vlen, &s->der, &len) : sweep_base64_decode(v, vlen, &s->der, &len));
	if (bad) {
		/* Not decodable as bytes: hand the decoder nothing, it reports the row. */
		free(s->der);
		s->der = NULL;
		len = 0;
	}
	out->der = s->der ? s->der : (const uint8_t *)"";
	out->der_len = len;

	long long x = 0;
	if (s->ejbca) {
		long long status = 0, reason = -1, ms = 0;
		(void)int_at(p, r, c->status, &status);
		(void)int_at(p, r, c->reason, &reason);
		(void)int_at(p, r, c->revdate_ms, &ms);
		/* EJBCA CertificateConstants: 30 on hold, 40 revoked, 60 archived (keeps its reason). */
		out->has_status = 1;
		out->revoked = status == 30 || status == 40 || (status == 60 && reason != -1);
		if (out->revoked) {
			out->revoked_at = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
			out->reason = (int)reason;
		}
	} else {
		if (c->revoked_at >= 0) {
			out->has_status = 1;
			if (!PQgetisnull(p, r, c->revoked_at)) {
				const char *t = PQgetvalue(p, r, c->revoked_at);
				int ok = c->revoked_at_is_epoch ? int_at(p, r, c->revoked_at, &x) == 0
								: sweep_pg_timestamp(t, &out->revoked_at) == 0;
				if (!ok)
					return sweep_error_set(err, SWEEP_EDB, "revoked_at \"%s\" of id %s is not a timestamp",
							       t, s->last_key);
				if (c->revoked_at_is_epoch)
					out->revoked_at = x;
				out->revoked = 1;
				out->reason = int_at(p, r, c->reason, &x) == 0 ? (int)x : -1;
			}
		}
		if (int_at(p, r, c->issuer_key, &x) == 0)
			out->issuer_ref = x;
	}
	return 0;
}

static const char *sql_describe(struct sweep_source *base)
{
	return sweep_buf_str(&((struct sqlsrc *)base)->desc);
}

static void sql_free(struct sweep_source *base)
{
	struct sqlsrc *s = (struct sqlsrc *)base;

	drop_page(s);
	if (s->conn) {
		if (!s->autocommit)
			PQclear(PQexec(s->conn, "ROLLBACK"));
		PQfinish(s->conn);
	}
	free(s->sql);
	free(s->last_key);
	free(s->der);
	sweep_buf_release(&s->desc);
	free(s);
}

static const struct sweep_source_ops sql_ops = {
	.name = "sql",
	.begin = sql_begin,
	.next = sql_next,
	.describe = sql_describe,
	.free = sql_free,
};

/* tables: the ones whose write privilege makes a role privileged (NULL: any). */
static int open_common(struct sqlsrc **out, const struct sweep_pg_params *params, const char *tables,
		       struct sweep_error *err)
{
	struct sqlsrc *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	s->base.ops = &sql_ops;
	s->page_size = params->page_size ? params->page_size : 1000;
	rc = sweep_pg_open_ex(&s->conn, NULL, params, tables, err);
	if (rc) {
		free(s);
		return rc;
	}
	s->autocommit = params->no_snapshot;
	s->base.snapshot = s->autocommit ? SWEEP_SNAPSHOT_PER_QUERY : SWEEP_SNAPSHOT_ONE;
	*out = s;
	if (s->autocommit)
		return 0; /* timestamptz text then carries its offset, which is parsed */
	/* Timestamps come back in UTC whatever the server's default. */
	PGresult *res = PQexec(s->conn, "SET LOCAL TIME ZONE 'UTC'");
	if (sweep_pg_check(res, PGRES_COMMAND_OK, s->conn, "SET LOCAL TIME ZONE 'UTC'", err)) {
		sql_free(&s->base);
		*out = NULL;
		return SWEEP_EDB;
	}
	PQclear(res);
	return 0;
}

int sweep_source_ejbca_new(struct sweep_source **out, const struct sweep_pg_params *params,
			   struct sweep_error *err)
{
	struct sqlsrc *s;
	int rc = open_common(&s, params, "{certificatedata,base64certdata}", err);

	*out = NULL;
	if (rc)
		return rc;
	PGresult *res = PQexec(s->conn, sweep_sql_ejbca_has_base64certdata_sql);
	if (sweep_pg_check(res, PGRES_TUPLES_OK, s->conn, sweep_sql_ejbca_has_base64certdata_sql, err)) {
		sql_free(&s->base);
		return SWEEP_EDB;
	}
	int separate = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	s->sql = strdup(separate ? sweep_sql_ejbca_scan_sql : sweep_sql_ejbca_scan_no_base64certdata_sql);
	if (!s->sql) {
		sql_free(&s->base);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	s->ejbca = 1;
	s->col = (struct columns){ .key = 0, .der = 1, .status = 2, .revdate_ms = 3, .reason = 4,
				   .revoked_at = -1, .issuer_key = -1 };
	sweep_buf_puts(&s->desc, "EJBCA CertificateData, ");
	sweep_pg_describe(s->conn, &s->desc);
	*out = &s->base;
	return 0;
}

/* Type OIDs from PostgreSQL's pg_type.h (stable across versions). */
enum { OID_INT8 = 20, OID_INT4 = 23, OID_TEXT = 25, OID_BYTEA = 17, OID_VARCHAR = 1043,
       OID_TIMESTAMP = 1114, OID_TIMESTAMPTZ = 1184, OID_INT2 = 21, OID_NUMERIC = 1700 };

int sweep_source_query_new(struct sweep_source **out, const struct sweep_pg_params *params, const char *sql,
			   const char *sql_name, struct sweep_error *err)
{
	struct sqlsrc *s;
	/* Which tables a query reads is not known: any writable table counts. */
	int rc = open_common(&s, params, NULL, err);

	*out = NULL;
	if (rc)
		return rc;
	s->sql = strdup(sql);
	if (!s->sql) {
		sql_free(&s->base);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	/* Check the column contract before scanning: describe, don't run. */
	PGresult *res = PQprepare(s->conn, "", sql, 2, NULL);
	if (sweep_pg_check(res, PGRES_COMMAND_OK, s->conn, sql, err)) {
		sql_free(&s->base);
		return sweep_error_wrap(err, "--query %s", sql_name);
	}
	PQclear(res);
	res = PQdescribePrepared(s->conn, "");
	if (sweep_pg_check(res, PGRES_COMMAND_OK, s->conn, sql, err)) {
		sql_free(&s->base);
		return sweep_error_wrap(err, "--query %s", sql_name);
	}
	struct columns c = { -1, -1, -1, -1, -1, -1, -1, 0, 0 };
	c.key = PQfnumber(res, "id");
	c.der = PQfnumber(res, "der");
	c.revoked_at = PQfnumber(res, "revoked_at");
	c.reason = PQfnumber(res, "revocation_reason");
	c.issuer_key = PQfnumber(res, "issuer_key");
	const char *missing = c.key < 0 ? "id" : c.der < 0 ? "der" : NULL;
	if (!missing && PQnparams(res) != 2)
		missing = "$1 and $2 (the query must take the last id and the page size)";
	if (missing) {
		sweep_error_set(err, SWEEP_EINVAL,
				"--query %s: the query does not return column \"%s\"; certsweep needs id, der "
				"[, revoked_at, revocation_reason, issuer_key]",
				sql_name, missing);
		PQclear(res);
		sql_free(&s->base);
		return SWEEP_EINVAL;
	}
	Oid der_type = PQftype(res, c.der);
	if (der_type == OID_BYTEA)
		c.der_is_bytea = 1;
	else if (der_type != OID_TEXT && der_type != OID_VARCHAR)
		missing = "der (must be bytea or base64 text)";
	if (!missing && c.revoked_at >= 0) {
		Oid t = PQftype(res, c.revoked_at);
		if (t == OID_INT8 || t == OID_INT4 || t == OID_NUMERIC)
			c.revoked_at_is_epoch = 1;
		else if (t != OID_TIMESTAMP && t != OID_TIMESTAMPTZ)
			missing = "revoked_at (must be a timestamp or epoch seconds)";
	}
	if (!missing && c.reason >= 0) {
		Oid t = PQftype(res, c.reason);
		if (t != OID_INT2 && t != OID_INT4 && t != OID_INT8)
			missing = "revocation_reason (must be an integer reasonCode)";
	}
	PQclear(res);
	if (missing) {
		sql_free(&s->base);
		return sweep_error_set(err, SWEEP_EINVAL, "--query %s: wrong type for column %s", sql_name, missing);
	}
	s->col = c;
	sweep_buf_printf(&s->desc, "query %s, ", sql_name);
	sweep_pg_describe(s->conn, &s->desc);
	*out = &s->base;
	return 0;
}
