#include "pg.h"

#include "certsweep/der.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>

/* Read a password from the terminal without echo, as psql -W does. */
static int prompt_password(char *buf, size_t n)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	ssize_t got;
	size_t len = 0;

	if (fd < 0)
		return -1;
	if (write(fd, "Password: ", 10) < 0) {
		close(fd);
		return -1;
	}
	int have_term = tcgetattr(fd, &old) == 0;
	if (have_term) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	while (len + 1 < n) {
		char c;
		got = read(fd, &c, 1);
		if (got <= 0 || c == '\n')
			break;
		buf[len++] = c;
	}
	buf[len] = '\0';
	if (have_term)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* nothing useful to do */
	}
	close(fd);
	return 0;
}

/* Replace every occurrence of secret in msg (cap bytes) with "****". */
static void scrub_secret(char *msg, size_t cap, const char *secret)
{
	size_t sl = secret ? strlen(secret) : 0;
	char tmp[1024];
	size_t o = 0;

	if (sl == 0 || cap == 0 || !strstr(msg, secret))
		return;
	for (const char *p = msg; *p && o + 1 < sizeof(tmp);) {
		if (strncmp(p, secret, sl) == 0) {
			for (const char *r = "****"; *r && o + 1 < sizeof(tmp); r++)
				tmp[o++] = *r;
			p += sl;
		} else {
			tmp[o++] = *p++;
		}
	}
	tmp[o] = '\0';
	if (o >= cap) /* a shorter buffer keeps what fits: truncation is intended */
		o = cap - 1;
	memcpy(msg, tmp, o);
	msg[o] = '\0';
}

/* The password as written in a URI's userinfo (still percent-encoded), so a
 * message that echoes the URI can be scrubbed of it too. */
static void uri_raw_password(const char *uri, char *out, size_t cap)
{
	const char *p = strstr(uri, "://");
	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	size_t auth = strcspn(p, "@/?");
	if (p[auth] != '@')
		return;
	const char *colon = memchr(p, ':', auth);
	if (!colon)
		return;
	size_t n = (size_t)(p + auth - colon - 1);
	if (n + 1 > cap)
		n = cap - 1;
	memcpy(out, colon + 1, n);
	out[n] = '\0';
}

/* libpq expands dbname when it is a URI or holds "=" (its
 * recognized_connection_string()); only then can it carry a password. */
static int is_conninfo(const char *s)
{
	return s && (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0 || strchr(s, '='));
}

/* A libpq message as certsweep passes it on: trailing blanks go, and no
 * password of this connection survives. */
static void clean_message(char *m, size_t cap, PGconn *conn, const char *dbname)
{
	char raw[256];

	size_t l = strlen(m);
	while (l && (m[l - 1] == ' ' || m[l - 1] == '\n'))
		m[--l] = '\0';
	if (conn)
		scrub_secret(m, cap, PQpass(conn));
	if (is_conninfo(dbname)) {
		PQconninfoOption *opts = PQconninfoParse(dbname, NULL);
		for (PQconninfoOption *o = opts; o && o->keyword; o++)
			if (strcmp(o->keyword, "password") == 0 && o->val)
				scrub_secret(m, cap, o->val);
		PQconninfoFree(opts);
		uri_raw_password(dbname, raw, sizeof(raw));
		scrub_secret(m, cap, raw);
		explicit_bzero(raw, sizeof(raw));
	}
}

/* libpq's parse errors quote the string they could not parse, password and
 * all: keep the reason, drop every quoted part. */
static void elide_quoted(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	int quoted = 0;

	for (const char *p = in; *p && o + 4 < cap; p++) {
		if (*p == '"') {
			quoted = !quoted;
			out[o++] = '"';
			if (quoted) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			continue;
		}
		if (!quoted)
			out[o++] = *p == '\n' ? ' ' : *p;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* SQLSTATEs after which the same page, read again in a new transaction, can
 * succeed: a hot standby cancelling a query for a conflict with recovery
 * (40001, 40P01), a statement timeout (57014), an administrator or the
 * server shutting the session (57P01, 57P02, 57P03, 57P04), a pooler or the
 * network dropping it (08*). */
int sweep_pg_transient(PGresult *res, PGconn *conn)
{
	static const char *const states[] = { "40001", "40P01", "57014", "57P01", "57P02", "57P03", "57P04", NULL };
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(conn) == CONNECTION_BAD)
		return 1;
	if (!st)
		return 0;
	if (strncmp(st, "08", 2) == 0)
		return 1;
	for (int i = 0; states[i]; i++)
		if (strcmp(st, states[i]) == 0)
			return 1;
	return 0;
}

/* PgBouncer in statement pooling mode refuses BEGIN with this message (its
 * src/client.c); the session is then unusable. */
static int statement_pooling(PGresult *res, PGconn *conn)
{
	const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	return (m && strstr(m, "transaction blocks not allowed in statement pooling mode")) ||
	       strstr(PQerrorMessage(conn), "transaction blocks not allowed in statement pooling mode");
}

/* Shards of one audit read one snapshot, as pg_dump -j does. */
static int set_snapshot(PGconn *conn, const struct sweep_pg_params *p, struct sweep_error *err)
{
	if (!p->snapshot)
		return 0;
	char *lit = PQescapeLiteral(conn, p->snapshot, strlen(p->snapshot));
	struct sweep_buf q = SWEEP_BUF_INIT;
	if (!lit)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	sweep_buf_printf(&q, "SET TRANSACTION SNAPSHOT %s", lit);
	PQfreemem(lit);
	PGresult *res = PQexec(conn, sweep_buf_str(&q));
	int bad = sweep_pg_check(res, PGRES_COMMAND_OK, conn, sweep_buf_str(&q), err);
	sweep_buf_release(&q);
	if (bad)
		return SWEEP_EDB;
	PQclear(res);
	return 0;
}

/* The audit is evidence: one snapshot, and no way to write. */
static const char begin_sql[] = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

int sweep_pg_begin(PGconn *conn, const struct sweep_pg_params *p, struct sweep_error *err)
{
	PGresult *res = PQexec(conn, begin_sql);

	if (sweep_pg_check(res, PGRES_COMMAND_OK, conn, begin_sql, err))
		return SWEEP_EDB;
	PQclear(res);
	return set_snapshot(conn, p, err);
}

/* READ ONLY stops INSERT/UPDATE/DELETE/DDL, not what a privileged role can
 * do through functions (dblink to itself, pg_file_write, lo_export, COPY TO
 * PROGRAM): refuse such a role unless the user says it is intended. */
static const char privileged_sql[] =
	"SELECT r.rolsuper,"
	" pg_has_role(current_user, 'pg_write_server_files', 'MEMBER')"
	"  OR pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER'),"
	" (SELECT string_agg(DISTINCT c.relname, ', ' ORDER BY c.relname) FROM pg_class c"
	"   JOIN pg_namespace n ON n.oid = c.relnamespace"
	"  WHERE c.relkind IN ('r', 'p', 'v', 'f')"
	"    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
	"    AND ($1::text[] IS NULL OR lower(c.relname) = ANY ($1::text[]))"
	"    AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')"
	"      OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE')))"
	"  FROM pg_roles r WHERE r.rolname = current_user";

static int check_role(PGconn *conn, const char *tables, int *transient, struct sweep_error *err)
{
	const char *params[1] = { tables };
	PGresult *res = PQexecParams(conn, privileged_sql, 1, NULL, params, NULL, NULL, 0);

	*transient = 0;
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
		*transient = sweep_pg_transient(res, conn) && PQstatus(conn) != CONNECTION_BAD;
	if (sweep_pg_check(res, PGRES_TUPLES_OK, conn, privileged_sql, err))
		return SWEEP_EDB;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return sweep_error_set(err, SWEEP_EDB, "cannot read the attributes of role %s", PQuser(conn));
	}
	int super = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	int server_files = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	char writable[300];
	snprintf(writable, sizeof(writable), "%s", PQgetisnull(res, 0, 2) ? "" : PQgetvalue(res, 0, 2));
	PQclear(res);
	if (super || server_files || writable[0])
		return sweep_error_set(err, SWEEP_EINVAL,
				       "role %s %s%s; READ ONLY does not stop such a role from writing through "
				       "functions: connect as a role that can only SELECT (as crt.sh's guest), or "
				       "pass --allow-privileged-role",
				       PQuser(conn),
				       super ? "is a superuser"
				       : server_files ? "may write server files or run server programs"
						      : "may write to the audited tables: ",
				       super || server_files ? "" : writable);
	return 0;
}

int sweep_pg_open_ex(PGconn **out, int *autocommit, const struct sweep_pg_params *p, const char *tables,
		     struct sweep_error *err)
{
	const char *keys[8], *vals[8];
	char password[256] = "";
	int n = 0;
	PGconn *conn;
	PGresult *res;

	*out = NULL;
	if (autocommit)
		*autocommit = 0;
	if (is_conninfo(p->dbname)) {
		char *perr = NULL;
		PQconninfoOption *opts = PQconninfoParse(p->dbname, &perr);
		if (!opts) {
			char why[600];
			elide_quoted(perr ? perr : "out of memory", why, sizeof(why));
			PQfreemem(perr);
			/* Never echoed: the string may hold a password. */
			return sweep_error_set(err, SWEEP_EDB,
					       "connection to database failed: the -d connection string does not parse "
					       "(%s); it is not shown because it may contain a password",
					       why);
		}
		PQconninfoFree(opts);
	}
	if (p->host) {
		keys[n] = "host";
		vals[n++] = p->host;
	}
	if (p->port) {
		keys[n] = "port";
		vals[n++] = p->port;
	}
	if (p->user) {
		keys[n] = "user";
		vals[n++] = p->user;
	}
	if (p->prompt_password) {
		if (prompt_password(password, sizeof(password)) != 0)
			return sweep_error_set(err, SWEEP_EDB, "-W: cannot read a password from the terminal");
		keys[n] = "password";
		vals[n++] = password;
	}
	keys[n] = "fallback_application_name";
	vals[n++] = "certsweep";
	/* dbname last so that a conninfo/URI in -d overrides nothing given by flags
	 * before it, exactly as psql orders them. */
	keys[n] = "dbname";
	vals[n++] = p->dbname ? p->dbname : "";
	keys[n] = NULL;
	vals[n] = NULL;

	conn = PQconnectdbParams(keys, vals, 1);
	if (!conn) {
		explicit_bzero(password, sizeof(password));
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory creating a connection");
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		char msg[900];
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(conn));
		for (char *c = msg; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		clean_message(msg, sizeof(msg), conn, p->dbname);
		scrub_secret(msg, sizeof(msg), password);
		explicit_bzero(password, sizeof(password));
		PQfinish(conn);
		return sweep_error_set(err, SWEEP_EDB, "connection to database failed: %s", msg);
	}
	explicit_bzero(password, sizeof(password));
	/* Test hook (CERTSWEEP_FAULT_ROLE_CHECK_DROP=1): the server ends this
	 * session just before the role check, as a hot standby does on a
	 * conflict with recovery (FATAL) */
	const char *drop = getenv("CERTSWEEP_FAULT_ROLE_CHECK_DROP");
	if (drop && strcmp(drop, "1") == 0)
		PQclear(PQexec(conn, "SELECT pg_terminate_backend(pg_backend_pid())"));
	/* a hot standby may cancel even this catalog query (a conflict with
	 * recovery): it runs in autocommit, so it is simply run again; it may
	 * also end the whole session (FATAL): then connect again, the same way */
	for (int attempt = 0; !p->allow_privileged_role; attempt++) {
		int transient = 0;
		if (check_role(conn, tables, &transient, err) == 0)
			break;
		if (!transient && PQstatus(conn) == CONNECTION_BAD && attempt < p->retries) {
			PQreset(conn);
			transient = PQstatus(conn) == CONNECTION_OK;
		}
		if (!transient || attempt >= p->retries) {
			PQfinish(conn);
			return err->code;
		}
		struct timespec ts = { 0, 200000000L };
		nanosleep(&ts, NULL);
		sweep_error_clear(err);
	}
	if (p->no_snapshot) {
		if (autocommit)
			*autocommit = 1;
		*out = conn;
		return 0;
	}
	res = PQexec(conn, begin_sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && autocommit && !p->snapshot && statement_pooling(res, conn)) {
		/* A pooler that hands each statement to any server connection
		 * cannot keep a transaction: read in autocommit, each page its
		 * own self-contained query, on a fresh session (the pooler
		 * closed this one). */
		PQclear(res);
		PQfinish(conn);
		struct sweep_pg_params again = *p;
		again.no_snapshot = 1;
		again.prompt_password = 0;
		return sweep_pg_open_ex(out, autocommit, &again, tables, err);
	}
	if (sweep_pg_check(res, PGRES_COMMAND_OK, conn, begin_sql, err)) {
		PQfinish(conn);
		return SWEEP_EDB;
	}
	PQclear(res);
	if (set_snapshot(conn, p, err)) {
		PQfinish(conn);
		return SWEEP_EDB;
	}
	*out = conn;
	return 0;
}

int sweep_pg_open(PGconn **out, const struct sweep_pg_params *p, struct sweep_error *err)
{
	return sweep_pg_open_ex(out, NULL, p, NULL, err);
}

int sweep_pg_check(PGresult *res, ExecStatusType want, PGconn *conn, const char *query,
		   struct sweep_error *err)
{
	char first[200];
	size_t i = 0;

	if (res && PQresultStatus(res) == want)
		return 0;
	/* First meaningful line of the query, for "Query was:". */
	while (*query == '-' || *query == '\n' || *query == ' ') {
		if (*query == '-')
			query += strcspn(query, "\n");
		else
			query++;
	}
	while (query[i] && query[i] != '\n' && i + 1 < sizeof(first)) {
		first[i] = query[i];
		i++;
	}
	first[i] = '\0';
	/* A pooler or server that ends the session sends its reason first
	 * (PgBouncer's query_wait_timeout, "no more connections allowed", a
	 * FATAL from the server); libpq then adds "server closed the connection
	 * unexpectedly". The connection's message holds them all, in order. */
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	if (!msg || !*msg || PQstatus(conn) == CONNECTION_BAD)
		msg = PQerrorMessage(conn);
	char m[700];
	snprintf(m, sizeof(m), "%s", msg && *msg ? msg : "no result");
	clean_message(m, sizeof(m), conn, NULL);
	if (PQstatus(conn) == CONNECTION_BAD)
		sweep_error_set(err, SWEEP_EDB, "connection lost: %s\nQuery was: %s", m, first);
	else
		sweep_error_set(err, SWEEP_EDB, "query failed: %s\nQuery was: %s", m, first);
	PQclear(res);
	return SWEEP_EDB;
}

void sweep_pg_describe(PGconn *conn, struct sweep_buf *out)
{
	/* Published outputs (impact.md, report.html) go into public incident
	 * reports: name the database only, never the host, port, socket or user
	 * (issue 16.7); --source-label overrides it. */
	sweep_buf_printf(out, "database %s", PQdb(conn));
}

int64_t sweep_pg_int8(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | u[i];
	return (int64_t)v;
}

int32_t sweep_pg_int4(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (int32_t)((uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3]);
}

int sweep_base64_decode(const char *in, size_t len, uint8_t **out, size_t *out_len)
{
	char *clean = malloc(len + 1);
	size_t n = 0, pad = 0;

	*out = NULL;
	if (!clean)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (in[i] != '\n' && in[i] != '\r' && in[i] != ' ' && in[i] != '\t')
			clean[n++] = in[i];
	clean[n] = '\0';
	if (n % 4 != 0 || n > INT32_MAX) {
		free(clean);
		return -1;
	}
	if (n >= 1 && clean[n - 1] == '=')
		pad++;
	if (n >= 2 && clean[n - 2] == '=')
		pad++;
	uint8_t *buf = malloc(n / 4 * 3 + 1);
	if (!buf) {
		free(clean);
		return -1;
	}
	int got = EVP_DecodeBlock(buf, (const unsigned char *)clean, (int)n);
	free(clean);
	if (got < 0 || (size_t)got < pad) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = (size_t)got - pad;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int sweep_pg_bytea_hex(const char *in, size_t len, uint8_t **out, size_t *out_len)
{
	*out = NULL;
	if (len < 2 || in[0] != '\\' || in[1] != 'x' || (len - 2) % 2)
		return -1;
	uint8_t *buf = malloc((len - 2) / 2 + 1);
	if (!buf)
		return -1;
	for (size_t i = 2, k = 0; i < len; i += 2, k++) {
		int h = hexval(in[i]), l = hexval(in[i + 1]);
		if (h < 0 || l < 0) {
			free(buf);
			return -1;
		}
		buf[k] = (uint8_t)(h << 4 | l);
	}
	*out = buf;
	*out_len = (len - 2) / 2;
	return 0;
}

int sweep_pg_timestamp(const char *in, int64_t *out)
{
	char head[20];
	const char *p;

	if (strlen(in) < 19)
		return -1;
	memcpy(head, in, 19);
	head[19] = '\0';
	if (sweep_time_parse(head, out))
		return -1;
	p = in + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == '+' || *p == '-') {
		int sign = *p == '+' ? 1 : -1, hh = 0, mm = 0;
		p++;
		if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9'))
			return -1;
		hh = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
		if (*p == ':')
			p++;
		if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') {
			mm = (p[0] - '0') * 10 + (p[1] - '0');
			p += 2;
		}
		*out -= sign * (hh * 3600 + mm * 60);
	}
	return *p == '\0' ? 0 : -1;
}
