/* The exporting transaction of --connections: held only until every reader
 * has imported the snapshot. */
#include "certsweep/snapshot.h"

#include "pg.h"

#include <stdlib.h>
#include <string.h>

struct sweep_snapshot {
	PGconn *conn;
	char *name;
};

int sweep_snapshot_export(struct sweep_snapshot **out, const struct sweep_pg_params *pg, struct sweep_error *err)
{
	static const char q[] = "SELECT pg_export_snapshot()";
	struct sweep_snapshot *s = calloc(1, sizeof(*s));
	int autocommit = 0, rc = 0;

	*out = NULL;
	if (!s)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	if (!pg->no_snapshot)
		rc = sweep_pg_open_ex(&s->conn, &autocommit, pg, NULL, err);
	if (!rc && s->conn && !autocommit) {
		PGresult *res = PQexec(s->conn, q);
		rc = sweep_pg_check(res, PGRES_TUPLES_OK, s->conn, q, err);
		if (!rc) {
			s->name = strdup(PQgetvalue(res, 0, 0));
			PQclear(res);
			if (!s->name)
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
	} else if (!rc && s->conn) {
		/* a pooler in statement mode holds no transaction: nothing to export */
		PQfinish(s->conn);
		s->conn = NULL;
	}
	if (rc) {
		sweep_snapshot_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

const char *sweep_snapshot_name(const struct sweep_snapshot *s)
{
	return s->name;
}

void sweep_snapshot_free(struct sweep_snapshot *s)
{
	if (!s)
		return;
	if (s->conn) {
		/* nothing was written; ROLLBACK ends the exporting transaction */
		PQclear(PQexec(s->conn, "ROLLBACK"));
		PQfinish(s->conn);
	}
	free(s->name);
	free(s);
}
