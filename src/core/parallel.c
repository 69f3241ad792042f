/* --connections M: M readers, each a thread with its own connection on one
 * exported snapshot, each auditing one id range (the --shard machinery) with
 * its share of the --jobs workers, merged at the end into exactly the outputs
 * of a single run. */
#include "certsweep/parallel.h"

#include "certsweep/buf.h"
#include "certsweep/merge.h"
#include "certsweep/output.h"
#include "certsweep/state.h"
#include "../source/pg.h"
#include "progress.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct job {
	pthread_t thread;
	_Atomic int *done;
	struct sweep_pg_params pg;
	struct sweep_audit_opts opts;
	char *dir;
	int rc;
	struct sweep_error err;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	struct sweep_source *src = NULL;
	struct sweep_audit_result res;

	memset(&res, 0, sizeof(res));
	j->rc = sweep_source_crtsh_new(&src, &j->pg, &j->err);
	if (!j->rc)
		j->rc = sweep_audit_run(&res, src, &j->opts, &j->err);
	sweep_audit_result_release(&res);
	sweep_source_free(src);
	atomic_fetch_add(j->done, 1);
	return NULL;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct sweep_buf p = SWEEP_BUF_INIT;
		sweep_buf_printf(&p, "%s/%s", dir, e->d_name);
		if (unlink(sweep_buf_str(&p)) != 0)
			remove_tree(sweep_buf_str(&p));
		sweep_buf_release(&p);
	}
	closedir(d);
	rmdir(dir);
}

int sweep_audit_parallel(struct sweep_state *out, const struct sweep_pg_params *pg,
			 const struct sweep_audit_opts *opts, int jobs, struct sweep_error *err)
{
	PGconn *coord = NULL;
	PGresult *res;
	char *snapshot = NULL;
	struct job *j = calloc((size_t)jobs, sizeof(*j));
	struct sweep_buf work = SWEEP_BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!j)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	rc = sweep_mkdirs(opts->out_dir, err);
	if (!rc)
		rc = sweep_pg_open(&coord, pg, err);
	if (!rc) {
		/* The coordinator holds the snapshot open until every worker is done. */
		static const char q[] = "SELECT pg_export_snapshot()";
		res = PQexec(coord, q);
		rc = sweep_pg_check(res, PGRES_TUPLES_OK, coord, q, err);
		if (!rc) {
			snapshot = strdup(PQgetvalue(res, 0, 0));
			PQclear(res);
			if (!snapshot)
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
	}
	sweep_buf_printf(&work, "%s/.certsweep-jobs", opts->out_dir);
	int started = 0;
	_Atomic int done = 0;
	_Atomic uint64_t rows = 0;
	for (int i = 0; !rc && i < jobs; i++) {
		struct sweep_buf d = SWEEP_BUF_INIT;
		sweep_buf_printf(&d, "%s/%d", sweep_buf_str(&work), i + 1);
		j[i].dir = sweep_buf_detach(&d);
		j[i].pg = *pg;
		j[i].pg.snapshot = snapshot;
		j[i].pg.prompt_password = 0; /* asked once, by the coordinator; workers reuse the environment */
		j[i].opts = *opts;
		j[i].opts.out_dir = j[i].dir;
		j[i].opts.shard_k = i + 1;
		j[i].opts.shard_n = jobs;
		j[i].opts.progress = 0;
		j[i].opts.workers = opts->workers / jobs > 1 ? opts->workers / jobs : 1;
		j[i].opts.shared_rows = &rows;
		j[i].done = &done;
		if (!j[i].dir) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
	}
	for (int i = 0; !rc && i < jobs; i++) {
		if (pthread_create(&j[i].thread, NULL, run_job, &j[i]) != 0) {
			rc = sweep_error_set(err, SWEEP_EIO, "cannot start worker thread %d", i + 1);
			break;
		}
		started++;
	}
	/* one progress line for all workers (only on a terminal) */
	struct sweep_progress progress;
	sweep_progress_init(&progress, opts->progress, -1);
	while (atomic_load(&done) < started) {
		struct timespec ts = { 0, 100000000L };
		nanosleep(&ts, NULL);
		sweep_progress_force(&progress, atomic_load(&rows), UINT64_MAX);
	}
	sweep_progress_done(&progress);
	for (int i = 0; i < started; i++)
		pthread_join(j[i].thread, NULL);
	for (int i = 0; !rc && i < started; i++) {
		if (j[i].rc) {
			*err = j[i].err;
			sweep_error_wrap(err, "worker %d", i + 1);
			rc = j[i].rc;
		}
	}
	if (coord) {
		PQclear(PQexec(coord, "ROLLBACK"));
		PQfinish(coord);
	}
	if (!rc) {
		const char **dirs = calloc((size_t)jobs, sizeof(*dirs));
		if (!dirs)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		for (int i = 0; !rc && i < jobs; i++)
			dirs[i] = j[i].dir;
		if (!rc)
			rc = sweep_merge(opts->out_dir, dirs, (size_t)jobs, err);
		free(dirs);
	}
	if (!rc) {
		struct sweep_buf p = SWEEP_BUF_INIT;
		sweep_buf_printf(&p, "%s/audit.state", opts->out_dir);
		rc = sweep_state_read(sweep_buf_str(&p), out, err);
		sweep_buf_release(&p);
	}
	remove_tree(sweep_buf_str(&work));
	for (int i = 0; i < jobs; i++)
		free(j[i].dir);
	free(j);
	free(snapshot);
	sweep_buf_release(&work);
	return rc;
}
