/* --where 'lint c_X fails': which rows the corpus checks a --where names
 * fail, decided by a pre-pass before the audit (corpus_fails.c). */
#ifndef CERTSWEEP_CORE_CORPUS_FAILS_H
#define CERTSWEEP_CORE_CORPUS_FAILS_H

#include "scan.h"

/* The sorted list of (row id, check) that fail. Read-only once built, so
 * the --jobs workers share it. */
struct sweep_corpus_fail {
	int64_t id;
	const struct sweep_lint *check;
};
struct sweep_corpus_fails {
	struct sweep_corpus_fail *v;
	size_t n, cap;
};

/* Collect mode (s->collect): corpus_affect records (row id, check) here. */
int corpus_fails_add(struct sweep_corpus_fails *f, const struct sweep_lint *check, int64_t id);
/* sweep_expr_corpus_fn over a sorted list (ctx): binary search by row id. */
int corpus_fails_has(const void *ctx, const struct sweep_lint *check, int64_t id);
void corpus_fails_release(struct sweep_corpus_fails *f);

/* The pre-pass: when o->where names corpus checks, run them (alone: no
 * --where, no lints, no outputs, no checkpoints) over every row of the
 * selection in the window, read from src as the main pass reads it (the
 * same transaction, hence the same snapshot, on crt.sh), and fill out with
 * the rows each would add to the affected set, sorted. Nothing to do
 * (out left empty) when the expression names none. */
int corpus_fails_collect(struct sweep_corpus_fails *out, struct sweep_source *src, const struct sweep_audit_opts *o,
			 const struct sweep_run_opts *run, struct sweep_error *err);

#endif
