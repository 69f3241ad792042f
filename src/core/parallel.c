/* --connections M: M readers, each a thread with its own connection, each
 * auditing one id range (the --shard machinery) with its share of the --jobs
 * workers; their affected sets fold in memory into exactly the result of a
 * single run. */
#include "certsweep/parallel.h"

#include "corpus_fails.h"

#include "certsweep/corpus.h"
#include "certsweep/merge.h"
#include "certsweep/expr.h"
#include "certsweep/snapshot.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct reader {
	pthread_t thread;
	_Atomic int *done, *imported;
	struct sweep_pg_params pg;
	struct sweep_audit_opts opts;
	struct sweep_run_opts run;
	struct sweep_outdir dir;
	struct sweep_audit_result res;
	int rc;
	struct sweep_error err;
	/* a corpus check is selected: reader 1's source stays open, in the
	 * snapshot, for what follows the fold */
	int keep_src;
	struct sweep_source *src;
};

static void *run_reader(void *arg)
{
	struct reader *r = arg;
	struct sweep_source *src = NULL;

	r->rc = sweep_source_crtsh_new(&src, &r->pg, &r->err);
	/* connected and inside the snapshot (or failed): the exporter may go */
	atomic_fetch_add(r->imported, 1);
	if (!r->rc)
		r->rc = sweep_audit_run(&r->res, src, &r->opts, &r->run, &r->err);
	if (!r->rc && r->keep_src)
		r->src = src;
	else
		sweep_source_free(src);
	atomic_fetch_add(r->done, 1);
	return NULL;
}

static void remove_tree(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		unlinkat(parent, name, 0);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) != 0)
			remove_tree(dirfd(d), e->d_name);
	}
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);
}

static void wait_for(_Atomic int *counter, int n, const struct sweep_run_opts *run, _Atomic uint64_t *rows)
{
	while (atomic_load(counter) < n) {
		struct timespec ts = { 0, 100000000L };
		nanosleep(&ts, NULL);
		if (run->progress) {
			/* one progress line for all readers; serials are known only after the fold */
			struct sweep_progress_info info = { atomic_load(rows), UINT64_MAX, -1, 0 };
			run->progress(&info, run->payload);
		}
	}
}

int sweep_audit_parallel(struct sweep_audit_result *res, const struct sweep_pg_params *pg,
			 const struct sweep_audit_opts *opts, const struct sweep_run_opts *run, int readers,
			 struct sweep_error *err)
{
	static const char work[] = ".certsweep-jobs";
	struct sweep_snapshot *coord = NULL;
	const char *snap = NULL;
	unsigned long regex_base = sweep_expr_regex_errors(opts->where);
	struct reader *r = calloc((size_t)readers, sizeof(*r));
	_Atomic int done = 0, imported = 0;
	_Atomic uint64_t rows = 0;
	int started = 0, rc = 0, corpus = 0;
	struct sweep_corpus_fails fails = { NULL, 0, 0 };
	struct sweep_audit_opts with_fails = *opts;

	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < opts->n_lints; i++)
		corpus = corpus || sweep_corpus_is_check(opts->lints[i]);
	if (!r)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	/* The coordinator's session tells whether a transaction can be held
	 * (a pooler in statement mode cannot): only then is there a snapshot
	 * to export; otherwise every reader runs in autocommit over its range. */
	rc = sweep_snapshot_export(&coord, pg, err);
	if (!rc)
		snap = sweep_snapshot_name(coord);
	if (!rc && opts->where && sweep_expr_corpus_checks(opts->where, NULL, 0)) {
		/* --where 'lint c_X fails': decided first over the whole selection,
		 * on one more connection in the exported snapshot (corpus_fails.c);
		 * every reader and the stage after the fold look rows up in it */
		struct sweep_pg_params pp = *pg;
		struct sweep_source *pre = NULL;
		pp.snapshot = snap;
		pp.no_snapshot = snap == NULL;
		pp.prompt_password = 0;
		rc = sweep_source_crtsh_new(&pre, &pp, err);
		if (!rc)
			rc = corpus_fails_collect(&fails, pre, opts, run, err);
		sweep_source_free(pre);
		with_fails.where_fails = &fails;
		opts = &with_fails;
	}
	remove_tree(run->out->fd, work);
	for (int i = 0; !rc && i < readers; i++) {
		struct sweep_buf d = SWEEP_BUF_INIT;
		sweep_buf_printf(&d, "%s/%s/%d", run->out->path, work, i + 1);
		r[i].dir.fd = -1;
		if (d.oom)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		if (!rc)
			rc = sweep_outdir_open(&r[i].dir, sweep_buf_str(&d), 0600, err);
		sweep_buf_release(&d);
		r[i].pg = *pg;
		r[i].pg.snapshot = snap;
		r[i].pg.no_snapshot = snap == NULL;
		r[i].pg.prompt_password = 0; /* asked once, by the exporter; readers reuse the environment */
		r[i].opts = *opts;
		r[i].opts.shard_k = i + 1;
		r[i].opts.shard_n = readers;
		r[i].run = *run;
		r[i].run.out = &r[i].dir;
		r[i].run.publish = 0;
		r[i].run.checkpoint_rows = 0; /* never resumed: the readers may take any row order */
		r[i].run.progress = NULL;
		r[i].run.workers = run->workers / readers > 1 ? run->workers / readers : 1;
		r[i].run.shared_rows = &rows;
		/* with corpus checks a reader is a shard (audit.c AUDIT_SHARD): it
		 * gathers the checks' state over its range into corpus.state, and
		 * they decide over the whole selection after the fold
		 * (sweep_audit_merge_corpus); the readers take rows in id order, as
		 * a single run with a corpus check does, so findings concatenate alike */
		r[i].keep_src = corpus && i == 0;
		if (corpus)
			r[i].run.id_order = 1;
		r[i].done = &done;
		r[i].imported = &imported;
	}
	for (int i = 0; !rc && i < readers; i++) {
		if (pthread_create(&r[i].thread, NULL, run_reader, &r[i]) != 0) {
			rc = sweep_error_set(err, SWEEP_EIO, "cannot start reader thread %d", i + 1);
			break;
		}
		started++;
	}
	wait_for(&imported, started, run, &rows);
	/* every reader holds the snapshot in its own transaction now: end the
	 * exporting one, so --connections M needs M connections, not M + 1 */
	sweep_snapshot_free(coord);
	wait_for(&done, started, run, &rows);
	if (run->progress) {
		struct sweep_progress_info info = { atomic_load(&rows), UINT64_MAX, -1, 1 };
		run->progress(&info, run->payload);
	}
	for (int i = 0; i < started; i++)
		pthread_join(r[i].thread, NULL);
	for (int i = 0; !rc && i < started; i++) {
		if (r[i].rc) {
			*err = r[i].err;
			sweep_error_wrap(err, "reader %d", i + 1);
			rc = r[i].rc;
		}
	}
	if (rc == SWEEP_EINTR) {
		/* the readers' checkpoints go with their work directory */
		sweep_error_clear(err);
		rc = sweep_error_set(err, SWEEP_EIO, "interrupted; an audit with --connections cannot be resumed, "
						     "rerun it (or use --shard K/N, which can)");
	}
	if (!rc) {
		struct sweep_audit_result *parts = calloc((size_t)readers, sizeof(*parts));
		const char **paths = calloc((size_t)readers, sizeof(*paths));
		struct sweep_buf *pb = calloc((size_t)readers, sizeof(*pb));
		if (!parts || !paths || !pb)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		for (int i = 0; !rc && i < readers; i++) {
			parts[i] = r[i].res;
			memset(&r[i].res, 0, sizeof(r[i].res));
		}
		if (!rc)
			rc = sweep_results_fold(res, parts, (size_t)readers, err);
		for (int s = 0; !rc && s < 2; s++) {
			const struct sweep_stream_ops *ops = s == 0 ? &sweep_stream_findings : &sweep_stream_unparseable;
			for (int i = 0; i < readers; i++) {
				sweep_buf_reset(&pb[i]);
				sweep_buf_printf(&pb[i], "%s/%s.partial", r[i].dir.path, ops->name);
				paths[i] = sweep_buf_str(&pb[i]);
			}
			rc = sweep_stream_concat(run->out, ops, paths, (size_t)readers, err);
		}
		for (int i = 0; parts && i < readers; i++)
			sweep_audit_result_release(&parts[i]);
		for (int i = 0; pb && i < readers; i++)
			sweep_buf_release(&pb[i]);
		free(parts);
		free(paths);
		free(pb);
	}
	if (!rc && corpus) {
		/* the readers' corpus.state folded; reader 1's connection, still in
		 * the snapshot, re-reads what the checks need */
		struct sweep_run_opts after = *run;
		const char **dirs = calloc((size_t)readers, sizeof(*dirs));
		int *ks = calloc((size_t)readers, sizeof(*ks));
		after.publish = 0;
		after.progress = NULL;
		after.checkpoint_rows = 0;
		after.shared_rows = NULL;
		after.resume = 0;
		after.id_order = 1;
		if (!dirs || !ks)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		for (int i = 0; !rc && i < readers; i++) {
			dirs[i] = r[i].dir.path;
			ks[i] = i + 1;
		}
		if (!rc)
			rc = sweep_audit_merge_corpus(res, r[0].src, opts, &after, dirs, ks, (size_t)readers, readers, err);
		free(dirs);
		free(ks);
		if (rc && run->interrupted && *run->interrupted) {
			sweep_error_clear(err);
			rc = sweep_error_set(err, SWEEP_EIO, "interrupted; an audit with --connections cannot be "
							     "resumed, rerun it (or use --jobs, which can)");
		}
	}
	/* the readers share one --where: count its stops once, not per reader */
	if (!rc)
		res->stats.regex_stops = sweep_expr_regex_errors(opts->where) - regex_base;
	if (!rc && run->publish)
		rc = sweep_report_publish(run->out, res, opts, err);
	for (int i = 0; i < readers; i++) {
		sweep_source_free(r[i].src);
		sweep_audit_result_release(&r[i].res);
		if (r[i].dir.path)
			sweep_outdir_close(&r[i].dir);
	}
	remove_tree(run->out->fd, work);
	free(r);
	corpus_fails_release(&fails);
	return rc;
}
