/* One audit: scan the source into an affected set (scan.c, pipeline.c,
 * join.c), then hand it to the report stage (report.c). */
#include "scan.h"

#include "corpus_fails.h"

#include "certsweep/expr.h"
#include "certsweep/parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

/* After a failure with nothing to resume from, no partial output stays
 * behind, unless a whole audit.state.partial says publication had begun
 * (then --resume finishes it). */
static void discard_partials(const struct sweep_outdir *d)
{
	struct sweep_error ignored = { 0, "" };
	struct sweep_buf name = SWEEP_BUF_INIT;

	if (sweep_outdir_has(d, "audit.state.partial"))
		return;
	for (size_t i = 0; sweep_report_outputs[i]; i++) {
		sweep_buf_reset(&name);
		sweep_buf_printf(&name, "%s.partial", sweep_report_outputs[i]);
		if (!name.oom)
			sweep_outdir_remove(d, sweep_buf_str(&name), &ignored);
	}
	sweep_buf_release(&name);
}

/* What one call audits: the whole thing; a shard with corpus checks; or
 * the rest after such shards are folded. */
enum audit_part { AUDIT_WHOLE, AUDIT_SHARD, AUDIT_MERGE };

/* AUDIT_SHARD: a --shard K/N run (or a --connections reader, which is one)
 * with corpus checks. Its main pass feeds
 * the checks, which write their state to corpus.state instead of deciding;
 * the pairing pass and the revocation join wait for merge too (a check may
 * add serials there), so the shard's own outputs are an intermediate.
 * AUDIT_MERGE: merge -d over such shards, or --connections after its
 * readers: the folded result, the checks' states folded from every shard's
 * corpus.state (corpus_state.c) in place of a pass over the rows, then the
 * decisions, pairing and revocation, as in one run. */
struct audit_merge {
	const char *const *dirs;
	const int *shard_k;
	size_t n;
	int shard_n;
};

size_t sweep_affected_budget(size_t memory_limit)
{
	/* the rest, measured (issue #17: peak RSS less the set's count, ~90 MiB
	 * with every lint and corpus check at 1M and 3M rows): the corpus
	 * checks' sort buffers (4 x 4 MiB), the filter of spilled serials (~2.4
	 * MiB a million), a source's pages (two pages of rows), the program and
	 * its libraries, and the allocator's own overhead on the set's many small
	 * blocks (an eighth of what the set counts) */
	const size_t reserve = (size_t)70 << 20;

	if (memory_limit == 0)
		return 0;
	if (memory_limit > 2 * reserve)
		return (memory_limit - reserve) / 8 * 7;
	return memory_limit / 2 ? memory_limit / 2 : 1;
}

/* The main pass, or what is left of it after --resume. */
static int scan_run(struct scan *s, enum audit_part part, const struct audit_merge *m, struct sweep_error *err)
{
	const struct sweep_run_opts *run = s->run;
	int rc;

	rc = scan_corpus_begin(s, err);
	if (rc)
		return rc;
	if (part == AUDIT_MERGE) {
		rc = scan_psc_learn(s, err);
		/* the pairing pass may take its rows from the records only when they are every shard's */
		s->corpus_partial = m->shard_n > 0 && m->n != (size_t)m->shard_n;
		for (size_t i = 0; !rc && i < m->n; i++)
			rc = scan_corpus_load(s, m->dirs[i], m->shard_k[i], m->shard_n, err);
		if (!rc)
			rc = scan_corpus_finish(s, err);
		if (!rc)
			rc = scan_pass_pairing(s, err);
		if (!rc)
			rc = scan_join_revocation(s, err);
		return rc;
	}
	if (run->resume) {
		rc = scan_resume_load(s, err);
	} else {
		rc = sweep_stream_open(&s->findings, &sweep_stream_findings, run->out, err);
		if (!rc)
			rc = sweep_stream_open(&s->unparseable, &sweep_stream_unparseable, run->out, err);
		s->off_unparseable = s->unparseable.bytes;
	}
	if (rc)
		return rc;
	s->estimate = s->src->ops->estimate ? s->src->ops->estimate(s->src) : -1;
	rc = scan_psc_learn(s, err);
	if (rc)
		return rc;
	/* resumed after the main pass, the corpus checks' state is rebuilt
	 * there unless they had finished too */
	if (!s->scan_done || (s->corpus && !s->corpus_finished))
		rc = scan_pass_main(s, err);
	if (rc == SWEEP_EDB && s->checkpointing && !s->mid_id) {
		/* the server went away: keep what was done for --resume (after a failed
		 * write the checkpoint on disk is the last one known to be whole) */
		struct sweep_error e2 = { 0, "" };
		scan_checkpoint(s, 0, &e2);
	}
	if (!rc && s->checkpointing && run->checkpoint_rows)
		rc = scan_checkpoint(s, 1, err);
	if (part == AUDIT_SHARD) {
		if (!rc && !s->corpus_finished) {
			rc = scan_corpus_save(s, err);
			s->corpus_finished = rc == 0;
			if (!rc && s->checkpointing && run->checkpoint_rows)
				rc = scan_checkpoint(s, 1, err);
		}
		return rc;
	}
	if (!rc && !s->corpus_finished) {
		rc = scan_corpus_finish(s, err);
		s->corpus_finished = rc == 0 && s->corpus;
	}
	if (!rc)
		rc = scan_pass_pairing(s, err);
	if (!rc)
		rc = scan_join_revocation(s, err);
	return rc;
}

/* AUDIT_MERGE: res holds the folded result of the shards or readers and
 * run->out the concatenated findings; its groups go back into a set and
 * the findings are reopened for the corpus checks' to follow. */
static int load_folded(struct scan *s, struct sweep_audit_result *res, struct sweep_error *err)
{
	const struct sweep_run_opts *run = s->run;
	struct sweep_buf name = SWEEP_BUF_INIT;
	struct stat st;
	int rc = 0;

	for (size_t i = 0; i < res->n_groups; i++) {
		struct sweep_group *g = res->groups[i];
		res->groups[i] = NULL;
		if (!rc && sweep_affected_put(&s->set, g))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		else if (rc)
			sweep_group_free(g);
	}
	free(res->groups);
	res->groups = NULL;
	res->n_groups = 0;
	if (rc)
		return rc;
	s->stats = res->stats;
	s->checkpointing = 0; /* neither merge nor --connections is resumed */
	s->have_last = 1;
	s->last_id = INT64_MAX - 1;
	s->scan_done = 1;
	sweep_buf_printf(&name, "%s.partial", sweep_stream_findings.name);
	if (name.oom)
		rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	else if (fstatat(run->out->fd, sweep_buf_str(&name), &st, AT_SYMLINK_NOFOLLOW) != 0)
		rc = sweep_error_set(err, SWEEP_EIO, "cannot read %s/%s: %s", run->out->path, sweep_buf_str(&name),
				     strerror(errno));
	sweep_buf_release(&name);
	if (!rc)
		rc = sweep_stream_reopen(&s->findings, &sweep_stream_findings, run->out, (long)st.st_size, err);
	return rc;
}

/* --where 'lint c_X fails': decide the named corpus checks first, over the
 * whole selection on this source (corpus_fails.c), and hand the list to the
 * scan through a copy of the options. --connections decides them before its
 * readers start (parallel.c: they and the stage after the fold get the list
 * in their options); a shard and merge -d run it over the whole
 * selection, so every part looks rows up in the same list. */
static int where_corpus_stage(struct scan *s, struct sweep_corpus_fails *fails, struct sweep_audit_opts *with,
			      struct sweep_error *err)
{
	const struct sweep_audit_opts *o = s->o;
	int rc;

	if (!o->where || o->where_fails || sweep_expr_corpus_checks(o->where, NULL, 0) == 0)
		return 0;
	/* a shard (and merge -d, whose corpus checks' re-reads evaluate the
	 * --where) decides them over the whole selection too, not its range */
	rc = corpus_fails_collect(fails, s->src, o, s->run, err);
	*with = *o;
	with->where_fails = fails;
	s->o = with;
	return rc;
}

static int audit_run(struct sweep_audit_result *res, struct sweep_source *src, const struct sweep_audit_opts *opts,
		     const struct sweep_run_opts *run, enum audit_part part, const struct audit_merge *m,
		     struct sweep_error *err)
{
	struct scan s;
	struct sweep_corpus_fails fails = { NULL, 0, 0 };
	struct sweep_audit_opts with_fails;
	int rc = 0;
	long reconnects = src->reconnects, restarts = src->restarts;

	if (part == AUDIT_WHOLE && opts->shard_n && scan_corpus_wanted(opts) >= 0)
		part = AUDIT_SHARD;
	int folded = part == AUDIT_MERGE;
	if (!folded)
		memset(res, 0, sizeof(*res));
	memset(&s, 0, sizeof(s));
	s.o = opts;
	s.run = run;
	s.src = src;
	s.checkpointing = src->ops->id_bounds != NULL;
	s.regex_base = sweep_expr_regex_errors(opts->where);
	scan_fault_init(&s);
	sweep_cert_init(&s.cert);
	sweep_cert_init(&s.judge.cert);
	sweep_affected_init(&s.set);
	/* --memory-limit: the set spills past its share of it, in an audit
	 * that writes its own outputs (a --connections reader's set is folded
	 * in memory; merge reads whole states) */
	if (part == AUDIT_WHOLE && run->publish)
		s.set.budget = sweep_affected_budget(run->memory_limit);
	if (run->resume && !s.checkpointing) {
		scan_release(&s);
		return sweep_error_set(err, SWEEP_EINVAL, "--resume needs a source paged by integer id (--schema crtsh)");
	}
	rc = where_corpus_stage(&s, &fails, &with_fails, err);
	if (rc) {
		/* nothing was opened yet */
	} else if (folded) {
		rc = load_folded(&s, res, err);
		if (!rc)
			rc = scan_run(&s, part, m, err);
	} else {
		rc = scan_run(&s, part, m, err);
	}
	scan_progress(&s, 1);
	s.stats.reconnects += (uint64_t)(src->reconnects - reconnects);
	s.stats.restarts += (uint64_t)(src->restarts - restarts);
	scan_stats_source(&s, &s.stats);
	res->stats = s.stats;
	res->spills = s.set.spills;
	/* the corpus checks are done (a shard saved them): their sort buffers
	 * go before the set is sorted and published */
	if (!rc)
		scan_corpus_release(&s);
	if (!rc && sweep_affected_spilled(&s.set)) {
		/* past --memory-limit: folded from disk, the joins as it is read */
		rc = scan_drain(&s, res, part != AUDIT_SHARD, err);
	} else {
		if (!rc && sweep_affected_take_sorted(&res->groups, &res->n_groups, &s.set))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		/* a reader's groups are joined with --crl after the fold, once */
		if (!rc && part != AUDIT_SHARD && scan_join_crls(opts, res->groups, res->n_groups, &res->rev_conflicts))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (!rc && !res->source_desc) {
		res->source_desc = strdup(run->source_label   ? run->source_label
					  : src->ops->describe ? src->ops->describe(src)
							       : "");
		if (!res->source_desc)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (!rc)
		rc = sweep_stream_finish(&s.findings, err);
	if (!rc && !folded)
		rc = sweep_stream_finish(&s.unparseable, err);
	if (!rc && run->publish)
		rc = sweep_report_publish(run->out, res, opts, err);
	/* never delete what a --resume could continue from */
	int keep = rc && (s.checkpointing || run->resume);
	sweep_stream_close(&s.findings, keep);
	if (!folded)
		sweep_stream_close(&s.unparseable, keep);
	if (s.journal_open)
		sweep_stream_close(&s.journal, keep);
	if (rc && !keep)
		discard_partials(run->out);
	scan_release(&s);
	corpus_fails_release(&fails);
	return rc;
}

int sweep_audit_run(struct sweep_audit_result *res, struct sweep_source *src, const struct sweep_audit_opts *opts,
		    const struct sweep_run_opts *run, struct sweep_error *err)
{
	return audit_run(res, src, opts, run, AUDIT_WHOLE, NULL, err);
}

int sweep_audit_merge_corpus(struct sweep_audit_result *res, struct sweep_source *src,
			     const struct sweep_audit_opts *opts, const struct sweep_run_opts *run,
			     const char *const *dirs, const int *shard_k, size_t n, int shard_n, struct sweep_error *err)
{
	struct audit_merge m = { dirs, shard_k, n, shard_n };
	return audit_run(res, src, opts, run, AUDIT_MERGE, &m, err);
}
