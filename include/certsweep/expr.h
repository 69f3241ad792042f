/* Incident heuristics: a small expression language over decoded fields.
 *
 *   expr  := or ; or := and ('or' and)* ; and := not ('and' not)*
 *   not   := 'not' not | '(' expr ')' | predicate
 *   predicate := FIELD                          (boolean field)
 *              | FIELD 'exists'                 (list non-empty / value present)
 *              | FIELD ('='|'!='|'<'|'<='|'>'|'>=') VALUE
 *              | FIELD ('~'|'!~') /ERE/[i]      (POSIX extended regex, run by PCRE2)
 *              | FIELD 'in' '(' VALUE (',' VALUE)* ')'
 *              | FIELD 'has' VALUE              (list contains)
 *              | 'lint' NAME ('fails'|'passes')
 *                (NAME may be a corpus check, c_*: see sweep_expr_env)
 *   VALUE := "string" | number | 2025-10-17[THH:MM[:SS]Z] | dotted.oid | word
 * A list field matches when any element does. See `certsweep fields`. */
#ifndef CERTSWEEP_EXPR_H
#define CERTSWEEP_EXPR_H

#include "certsweep/cert.h"
#include "certsweep/error.h"
#include "certsweep/lint.h"

#include <stdio.h>

struct sweep_expr;

/* Whether corpus check `check` fails for the row with this id (decided
 * beforehand, across the corpus: see src/core/corpus_fails.c). */
typedef int (*sweep_expr_corpus_fn)(const void *ctx, const struct sweep_lint *check, int64_t row_id);

/* What evaluation needs besides the certificate. */
struct sweep_expr_env {
	const struct sweep_lint_config *lint_cfg;
	int64_t as_of; /* for `lint X fails` */
	/* `lint c_X fails` for a corpus check: corpus_fails(corpus_ctx, c_X,
	 * row_id). Without it (NULL env or NULL fn) no corpus check fails. */
	int64_t row_id;
	sweep_expr_corpus_fn corpus_fails;
	const void *corpus_ctx;
};

/* Parse text. On error returns SWEEP_ESYNTAX with a message that shows the
 * text and a caret under the offending column. Nesting of '(' and 'not' is
 * limited (200 levels); dates must exist (2026-02-30 is an error). */
int sweep_expr_parse(struct sweep_expr **out, const char *text, struct sweep_error *err);
void sweep_expr_free(struct sweep_expr *e);
/* 1 when the certificate matches. Safe to call from several threads on one
 * expression. A regex match that hits PCRE2's match limit (a backtracking
 * pattern on a hostile value) counts as a match and is counted. */
int sweep_expr_match(const struct sweep_expr *e, const struct sweep_cert *cert, const struct sweep_expr_env *env);
/* The distinct corpus checks (c_*) the expression names, in order of first
 * appearance: up to max of them into out; returns how many there are
 * (exact while max covers them: the registry's corpus checks are few). */
size_t sweep_expr_corpus_checks(const struct sweep_expr *e, const struct sweep_lint **out, size_t max);
/* How many regex matches stopped at a limit so far (for a warning). */
unsigned long sweep_expr_regex_errors(const struct sweep_expr *e);
/* The PCRE2 library's version ("10.42 2022-12-11"), for `certsweep version`. */
void sweep_expr_regex_version(char *buf, size_t n);
/* --where-file: the expression in path, lines of any length joined with
 * spaces, '#' comments (outside strings and regexes) removed. On error the
 * message names the file and the system's reason. */
int sweep_expr_read_file(char **out, const char *path, struct sweep_error *err);
/* The catalogue of fields with types, one per line. */
void sweep_expr_fields_print(FILE *fp);

#endif
