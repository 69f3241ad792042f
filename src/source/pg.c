#include "pg.h"

#include "certsweep/der.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int sweep_pg_open(PGconn **out, const struct sweep_pg_params *p, struct sweep_error *err)
{
	const char *keys[8], *vals[8];
	char password[256] = "";
	int n = 0;
	PGconn *conn;
	PGresult *res;

	*out = NULL;
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
	explicit_bzero(password, sizeof(password));
	if (!conn)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory creating a connection");
	if (PQstatus(conn) != CONNECTION_OK) {
		/* libpq's message names host and port, never the password. */
		char msg[900];
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(conn));
		for (char *c = msg; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		size_t l = strlen(msg);
		while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
			msg[--l] = '\0';
		PQfinish(conn);
		return sweep_error_set(err, SWEEP_EDB, "connection to database failed: %s", msg);
	}
	/* The audit is evidence: one snapshot, and no way to write. */
	static const char begin[] = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
	res = PQexec(conn, begin);
	if (sweep_pg_check(res, PGRES_COMMAND_OK, conn, begin, err)) {
		PQfinish(conn);
		return SWEEP_EDB;
	}
	PQclear(res);
	if (p->snapshot) {
		/* Shards of one audit read one snapshot, as pg_dump -j does. */
		char *lit = PQescapeLiteral(conn, p->snapshot, strlen(p->snapshot));
		struct sweep_buf q = SWEEP_BUF_INIT;
		if (!lit) {
			PQfinish(conn);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
		sweep_buf_printf(&q, "SET TRANSACTION SNAPSHOT %s", lit);
		PQfreemem(lit);
		res = PQexec(conn, sweep_buf_str(&q));
		int bad = sweep_pg_check(res, PGRES_COMMAND_OK, conn, sweep_buf_str(&q), err);
		sweep_buf_release(&q);
		if (bad) {
			PQfinish(conn);
			return SWEEP_EDB;
		}
		PQclear(res);
	}
	*out = conn;
	return 0;
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
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	char m[700];
	snprintf(m, sizeof(m), "%s", msg && *msg ? msg : "no result");
	size_t l = strlen(m);
	while (l && (m[l - 1] == '\n' || m[l - 1] == ' '))
		m[--l] = '\0';
	if (PQstatus(conn) == CONNECTION_BAD)
		sweep_error_set(err, SWEEP_EDB, "connection lost: %s\nQuery was: %s", m, first);
	else
		sweep_error_set(err, SWEEP_EDB, "query failed: %s\nQuery was: %s", m, first);
	PQclear(res);
	return SWEEP_EDB;
}

void sweep_pg_describe(PGconn *conn, struct sweep_buf *out)
{
	const char *host = PQhost(conn);

	sweep_buf_printf(out, "database %s on %s%s as %s (port %s)", PQdb(conn), host && *host == '/' ? "socket " : "",
			 host ? host : "?", PQuser(conn), PQport(conn));
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
