/* libpq helpers shared by the PostgreSQL sources. Private. */
#ifndef CERTSWEEP_SOURCE_PG_H
#define CERTSWEEP_SOURCE_PG_H

#include "certsweep/buf.h"
#include "certsweep/source.h"

#include <libpq-fe.h>

/* Connect like pg_dump (expand_dbname, fallback_application_name), refuse a
 * privileged role (unless params->allow_privileged_role) and open the audit
 * snapshot: BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY. With
 * params->no_snapshot the session stays in autocommit. No password of the
 * connection appears in any message. */
int sweep_pg_open(PGconn **out, const struct sweep_pg_params *params, struct sweep_error *err);
/* The same; *autocommit (may be NULL) says whether the session runs without
 * a transaction: asked for with no_snapshot, or chosen because a statement
 * pooler refused BEGIN (only when autocommit is not NULL and no snapshot is
 * to be imported). tables: a text[] literal of the tables whose write
 * privilege makes a role privileged, NULL for every table. */
int sweep_pg_open_ex(PGconn **out, int *autocommit, const struct sweep_pg_params *params, const char *tables,
		     struct sweep_error *err);
/* BEGIN the audit transaction (and import params->snapshot) on a session. */
int sweep_pg_begin(PGconn *conn, const struct sweep_pg_params *params, struct sweep_error *err);
/* 1 when the failed result (or a lost connection) may succeed if the page is
 * read again in a new transaction: recovery conflicts, timeouts, shutdowns. */
int sweep_pg_transient(PGresult *res, PGconn *conn);
/* Check a result's status; on failure sets "query failed: ..." with the
 * query's first line, clears the result and returns SWEEP_EDB. */
int sweep_pg_check(PGresult *res, ExecStatusType want, PGconn *conn, const char *query,
		   struct sweep_error *err);
/* "database D": what published outputs name (no host, port, socket or user). */
void sweep_pg_describe(PGconn *conn, struct sweep_buf *out);
/* Decode base64 (whitespace ignored) into *out (malloc'd). 0 or -1. */
int sweep_base64_decode(const char *in, size_t len, uint8_t **out, size_t *out_len);
/* Decode PostgreSQL's text form of bytea ("\x0102..."). 0 or -1. */
int sweep_pg_bytea_hex(const char *in, size_t len, uint8_t **out, size_t *out_len);
/* A timestamp's text form ("2026-02-01 10:20:30[.123][+00]"), UTC. 0 or -1. */
int sweep_pg_timestamp(const char *in, int64_t *out);

/* Network-order integers from binary results. */
int64_t sweep_pg_int8(const char *p);
int32_t sweep_pg_int4(const char *p);

#endif
