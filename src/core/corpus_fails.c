/* --where 'lint c_X fails' (issue #12): a corpus check is decided across
 * certificates after the pass that observes them, while --where filters
 * the rows of that very pass. So an audit whose --where names corpus
 * checks runs in two stages:
 *
 *  1. this pre-pass: the named checks alone (no --where, no lints, no
 *     outputs) over every row of the selection in the window, read in id
 *     order from the audit's own source, i.e. inside its one READ ONLY
 *     transaction on crt.sh (the same snapshot as the main pass; with
 *     --files the files are read once more). When they decide, the rows
 *     they would add to the affected set (corpus_affect) are collected as
 *     (row id, check) instead, and sorted;
 *  2. the audit itself, whose --where looks a row up in that list by id
 *     (corpus_fails_has: binary search, read-only, so --jobs workers share
 *     it). `passes` is `not fails`.
 *
 * A row's value is therefore exactly what `--lint c_X` would put in the
 * affected set for it (crt.sh rows sharing an id are one certificate and
 * share the value). Cost: one more read and decode of the selection,
 * single-threaded, plus 16 bytes per failing row. */
#include "corpus_fails.h"

#include "certsweep/corpus.h"
#include "certsweep/expr.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int corpus_fails_add(struct sweep_corpus_fails *f, const struct sweep_lint *check, int64_t id)
{
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 64;
		struct sweep_corpus_fail *nv = realloc(f->v, ncap * sizeof(*nv));
		if (!nv)
			return SWEEP_ENOMEM;
		f->v = nv;
		f->cap = ncap;
	}
	f->v[f->n].id = id;
	f->v[f->n].check = check;
	f->n++;
	return 0;
}

static int cmp_fail(const void *x, const void *y)
{
	const struct sweep_corpus_fail *a = x, *b = y;
	if (a->id != b->id)
		return (a->id > b->id) - (a->id < b->id);
	/* the registry's rows: one order within the process is all it needs */
	uintptr_t p = (uintptr_t)a->check, q = (uintptr_t)b->check;
	return (p > q) - (p < q);
}

static void fails_sort(struct sweep_corpus_fails *f)
{
	size_t u = 0;

	if (f->n)
		qsort(f->v, f->n, sizeof(*f->v), cmp_fail);
	for (size_t i = 0; i < f->n; i++)
		if (u == 0 || cmp_fail(&f->v[u - 1], &f->v[i]) != 0)
			f->v[u++] = f->v[i];
	f->n = u;
}

int corpus_fails_has(const void *ctx, const struct sweep_lint *check, int64_t id)
{
	const struct sweep_corpus_fails *f = ctx;
	size_t lo = 0, hi = f ? f->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; f && lo < f->n && f->v[lo].id == id; lo++)
		if (f->v[lo].check == check)
			return 1;
	return 0;
}

void corpus_fails_release(struct sweep_corpus_fails *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static void pre_release(struct scan *s)
{
	scan_release(s);
	if (s->findings.f.fp)
		fclose(s->findings.f.fp);
}

static int pre_interrupted(const struct scan *s, struct sweep_error *err)
{
	if (!s->run->interrupted || !*s->run->interrupted)
		return 0;
	return sweep_error_set(err, SWEEP_EINTR,
			       "interrupted while deciding the corpus checks --where names, before the main pass; "
			       "nothing new to resume from: rerun");
}

/* Every row of the selection, in id order, to the checks, as the main pass
 * hands them (scan_judge_row + scan_apply_row without lints or outputs). */
static int pre_read(struct scan *s, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = s->o;
	struct sweep_scan_filter filter = { o->issuer_refs, o->n_issuer_refs, 0, 0, 0 };
	struct sweep_row row;
	uint64_t n = 0;
	int rc;

	if (o->issuer_refs && s->psc.n) {
		/* as scan_pass_main: precertificates filed under a Precertificate Signing Certificate's CA id */
		size_t k = o->n_issuer_refs;
		s->psc.refs = malloc(k * sizeof(*s->psc.refs));
		if (!s->psc.refs || (memcpy(s->psc.refs, o->issuer_refs, k * sizeof(*s->psc.refs)),
				     scan_psc_add_refs(&s->psc, &s->psc.refs, &k)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		filter.issuer_refs = s->psc.refs;
		filter.n_issuer_refs = k;
	}
	struct sweep_scan_hints h = { o->has_nb_from, o->has_nb_to, o->nb_from, o->nb_to, 0, NULL };
	s->src->hints = h; /* id order: the checks take rows in id order */
	rc = sweep_source_begin(s->src, &filter, err);
	while (!rc) {
		if ((++n & 1023) == 0 && (rc = pre_interrupted(s, err)) != 0)
			break;
		rc = scan_corpus_next(s, &row, err);
		if (rc)
			break;
		const struct sweep_cert *c = &s->cert;
		struct row_verdict v;
		if (scan_cert_is_psc(c) && scan_psc_note(&s->psc, row.der, row.der_len, row.issuer_ref, -1, err)) {
			rc = SWEEP_ENOMEM;
			break;
		}
		if (!scan_in_window(o, c))
			continue;
		if (scan_corpus_verdict(&v, c))
			continue;
		rc = scan_corpus_observe(s, &row, &v, err);
	}
	return rc == 1 ? 0 : rc;
}

int corpus_fails_collect(struct sweep_corpus_fails *out, struct sweep_source *src, const struct sweep_audit_opts *o,
			 const struct sweep_run_opts *run, struct sweep_error *err)
{
	const struct sweep_lint *checks[32];
	size_t k = o->where ? sweep_expr_corpus_checks(o->where, checks, 32) : 0;
	int rc;

	if (k == 0)
		return 0;
	if (k > 32)
		return sweep_error_set(err, SWEEP_EINVAL, "--where names more corpus checks than there are");
	struct sweep_audit_opts pre = *o;
	pre.lints = checks;
	pre.n_lints = k;
	pre.where = NULL;
	pre.where_text = NULL;
	pre.where_fails = NULL;
	struct sweep_run_opts prerun = *run;
	prerun.resume = 0;
	prerun.checkpoint_rows = 0;
	prerun.workers = 1;
	prerun.publish = 0;
	prerun.progress = NULL;
	prerun.shared_rows = NULL;
	struct scan s;
	memset(&s, 0, sizeof(s));
	s.o = &pre;
	s.run = &prerun;
	s.src = src;
	s.collect = out;
	sweep_cert_init(&s.cert);
	sweep_cert_init(&s.judge.cert);
	sweep_affected_init(&s.set);
	/* the checks' findings go nowhere (c_precert_final_mismatch writes its own) */
	s.findings.f.fp = fopen("/dev/null", "w");
	if (!s.findings.f.fp)
		rc = sweep_error_set(err, SWEEP_EIO, "cannot open /dev/null");
	else
		rc = scan_corpus_begin(&s, err);
	if (!rc)
		rc = scan_psc_learn(&s, err);
	if (!rc)
		rc = pre_read(&s, err);
	if (!rc)
		rc = pre_interrupted(&s, err);
	if (!rc)
		rc = scan_corpus_finish(&s, err);
	pre_release(&s);
	if (!rc)
		fails_sort(out);
	return rc;
}
