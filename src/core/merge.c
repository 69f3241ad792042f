/* certsweep merge: combine the outputs of shards (--shard K/N) into the
 * outputs a single run would have written, byte for byte. */
#include "certsweep/merge.h"

#include "certsweep/parallel.h"
#include "certsweep/state.h"

#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sweep_results_fold(struct sweep_audit_result *out, struct sweep_audit_result *parts, size_t n,
		       struct sweep_error *err)
{
	struct sweep_affected set;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	sweep_affected_init(&set);
	/* a total count only when every part has one */
	out->stats.has_count = n > 0;
	for (size_t i = 0; i < n; i++) {
		sweep_stats_add(&out->stats, &parts[i].stats);
		out->stats.has_count = out->stats.has_count && parts[i].stats.has_count;
		for (size_t g = 0; g < parts[i].n_groups; g++) {
			struct sweep_group *grp = parts[i].groups[g];
			parts[i].groups[g] = NULL; /* moved */
			if (!rc)
				rc = sweep_affected_put(&set, grp);
			else
				sweep_group_free(grp);
		}
		parts[i].n_groups = 0;
	}
	if (!rc)
		rc = sweep_affected_take_sorted(&out->groups, &out->n_groups, &set);
	sweep_affected_release(&set);
	if (rc)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < out->n_groups; i++)
		out->rev_conflicts += out->groups[i]->rev_conflict != NULL;
	if (n) {
		out->source_desc = parts[0].source_desc;
		parts[0].source_desc = NULL;
	}
	return 0;
}

/* The shards ran corpus checks (AUDIT_SHARD in audit.c): decide them now,
 * over every shard's corpus.state, re-reading from the shards' database. */
static int merge_corpus(struct sweep_audit_result *res, const struct sweep_outdir *d, const struct sweep_audit_opts *o,
			const struct sweep_state *st, const char *const *dirs, size_t n, const struct sweep_merge_opts *mo,
			struct sweep_error *err)
{
	struct sweep_source *src = NULL;
	struct sweep_run_opts run;
	int *ks = calloc(n ? n : 1, sizeof(*ks)), rc;

	if (!ks)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	if (!mo->pg) {
		free(ks);
		return sweep_error_set(err, SWEEP_EINVAL,
				       "the shards ran corpus checks (%s): merge decides them over the whole corpus and "
				       "re-reads the certificates that fail, so it needs the shards' database: give -d "
				       "CONNINFO (read only, as the audit)",
				       o->lints[scan_corpus_wanted(o)]->name);
	}
	for (size_t i = 0; i < n; i++)
		ks[i] = st[i].opts.shard_k;
	memset(&run, 0, sizeof(run));
	run.out = d;
	run.id_order = 1;
	run.workers = 1;
	rc = sweep_source_crtsh_new(&src, mo->pg, err);
	if (!rc)
		rc = sweep_audit_merge_corpus(res, src, o, &run, dirs, ks, n, st[0].opts.shard_n, err);
	sweep_source_free(src);
	free(ks);
	return rc;
}

int sweep_merge(const char *out_dir, const char *const *dirs, size_t n, const struct sweep_merge_opts *mo,
		struct sweep_error *err)
{
	struct sweep_state *st = calloc(n ? n : 1, sizeof(*st));
	struct sweep_audit_result res, *parts = calloc(n ? n : 1, sizeof(*parts));
	struct sweep_outdir d;
	const char **paths = calloc(n ? n : 1, sizeof(*paths));
	struct sweep_buf *pathbufs = calloc(n ? n : 1, sizeof(*pathbufs));
	int rc = 0;

	memset(&res, 0, sizeof(res));
	memset(&d, 0, sizeof(d));
	d.fd = -1;
	if (!st || !parts || !paths || !pathbufs) {
		free(st);
		free(parts);
		free(paths);
		free(pathbufs);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && !rc; i++) {
		struct sweep_buf path = SWEEP_BUF_INIT;
		sweep_buf_printf(&path, "%s/audit.state", dirs[i]);
		rc = sweep_state_read(&st[i], sweep_buf_str(&path), err);
		sweep_buf_release(&path);
		if (!rc && i > 0 &&
		    ((st[0].res.source_desc && strcmp(st[0].res.source_desc, st[i].res.source_desc) != 0) ||
		     sweep_audit_opts_compare(&st[0].opts, &st[i].opts, SWEEP_OPTS_ANY_CLOCK | SWEEP_OPTS_ANY_SHARD)))
			rc = sweep_error_set(err, SWEEP_EINVAL,
					     "%s and %s are not shards of one audit (source, selection or options differ)",
					     dirs[0], dirs[i]);
	}
	if (!rc && st[0].opts.shard_n && (size_t)st[0].opts.shard_n != n)
		rc = sweep_error_set(err, SWEEP_EINVAL, "the shards say N=%d but %zu directories were given",
				     st[0].opts.shard_n, n);
	for (size_t i = 0; !rc && i < n; i++)
		for (size_t k = i + 1; !rc && k < n; k++)
			if (st[i].opts.shard_k == st[k].opts.shard_k)
				rc = sweep_error_set(err, SWEEP_EINVAL, "%s and %s are the same shard", dirs[i], dirs[k]);

	struct sweep_audit_opts o;
	memset(&o, 0, sizeof(o));
	if (!rc) {
		o = st[0].opts;
		o.shard_k = o.shard_n = 0;
		/* one clock for all: the latest shard's, or --now */
		for (size_t i = 1; i < n; i++) {
			if (st[i].opts.now != o.now)
				res.clocks_differ = 1;
			if (st[i].opts.now > o.now)
				o.now = st[i].opts.now;
		}
		if (mo->has_now)
			o.now = mo->now;
		for (size_t i = 0; i < n; i++)
			parts[i] = st[i].res, memset(&st[i].res, 0, sizeof(st[i].res));
		int clocks = res.clocks_differ;
		rc = sweep_results_fold(&res, parts, n, err);
		res.clocks_differ = clocks;
	}
	if (!rc)
		rc = sweep_outdir_open(&d, out_dir, mo->file_mode, err);
	if (!rc && !mo->force && sweep_outdir_has(&d, "audit.state"))
		rc = sweep_error_set(err, SWEEP_EINVAL, "%s holds a finished audit; give --force to replace it", out_dir);
	if (!rc && mo->force)
		rc = sweep_outdir_remove(&d, "audit.state", err);
	for (size_t i = 0; !rc && i < 2; i++) {
		const struct sweep_stream_ops *ops = i == 0 ? &sweep_stream_findings : &sweep_stream_unparseable;
		for (size_t k = 0; k < n; k++) {
			sweep_buf_reset(&pathbufs[k]);
			sweep_buf_printf(&pathbufs[k], "%s/%s", dirs[k], ops->name);
			paths[k] = sweep_buf_str(&pathbufs[k]);
		}
		rc = sweep_stream_concat(&d, ops, paths, n, err);
	}
	if (!rc && scan_corpus_wanted(&o) >= 0)
		rc = merge_corpus(&res, &d, &o, st, dirs, n, mo, err);
	if (!rc)
		rc = sweep_report_publish(&d, &res, &o, err);
	sweep_audit_result_release(&res);
	for (size_t i = 0; i < n; i++) {
		sweep_audit_result_release(&parts[i]);
		sweep_state_release(&st[i]);
		sweep_buf_release(&pathbufs[i]);
	}
	if (d.fd >= 0)
		sweep_outdir_close(&d);
	free(st);
	free(parts);
	free(paths);
	free(pathbufs);
	return rc;
}
