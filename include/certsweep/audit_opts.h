/* What an audit is: the options that shape its result, with one compare
 * and one serialise function (resume and merge use them). How it runs
 * (threads, checkpoints, progress, the signal flag) is struct
 * sweep_run_opts in audit.h. */
#ifndef CERTSWEEP_AUDIT_OPTS_H
#define CERTSWEEP_AUDIT_OPTS_H

#include "certsweep/lint.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sweep_expr;
struct sweep_crlset;
struct sweep_corpus_fails;

enum sweep_as_of { SWEEP_AS_OF_ISSUED = 0, SWEEP_AS_OF_NOW, SWEEP_AS_OF_DATE };

/* One line of --revocation-plan: this serial's revocation is Planned or Delayed. */
struct sweep_plan_entry {
	char *serial; /* lower-case hex, as affected.csv's "Serial #" */
	int delayed;
	int has_date;
	int64_t date;
};

/* Optional columns of affected.csv, to the right of "Revocation reason"
 * (CCADB Incident Reporting Guidelines v3.2 allows extra columns only there),
 * written in this table's order. */
enum {
	SWEEP_COL_TBS_SHA256 = 1u << 0, /* canonical TBS SHA-256 (sweep_tbs_sha256) */
};
struct sweep_extra_column {
	const char *name;   /* as --extra-columns takes it */
	unsigned bit;
	const char *header; /* the CSV header cell */
};
extern const struct sweep_extra_column sweep_extra_columns[];
extern const size_t sweep_n_extra_columns;
/* A comma-separated list of names to a mask; -1 (and *bad the first
 * unknown name, pointing into list) when a name is unknown. */
int sweep_extra_columns_parse(unsigned *out, const char *list, const char **bad, size_t *bad_len);

struct sweep_audit_opts {
	const struct sweep_lint *const *lints; /* selected lints */
	size_t n_lints;
	const struct sweep_expr *where;        /* --where, or NULL */
	const char *where_text;
	/* the rows that fail the corpus checks --where names, decided before
	 * the scan (src/core/corpus_fails.c; set by the audit, not an option) */
	const struct sweep_corpus_fails *where_fails;
	struct sweep_lint_config lint_cfg;
	enum sweep_as_of as_of;
	int64_t as_of_date;
	int64_t now;                 /* expiry is judged at this time */
	int has_nb_from, has_nb_to;  /* notBefore window [from, to) */
	int64_t nb_from, nb_to;
	const int64_t *issuer_refs;  /* --issuer-ca-id */
	size_t n_issuer_refs;
	int has_planned;             /* --planned-revocation */
	int64_t planned;
	const char *delayed_reason;  /* --delayed-revocation: still-valid serials are Delayed, for this reason */
	const struct sweep_plan_entry *plan; /* --revocation-plan, sorted by serial */
	size_t n_plan;
	int csv_safe;
	unsigned extra_columns;          /* --extra-columns: SWEEP_COL_* */
	const struct sweep_crlset *crls; /* --crl, or NULL */
	int have_crls;                   /* outputs speak of CRLs (set with crls, or by merge) */
	int shard_k, shard_n;            /* --shard K/N: this run covers the Kth of N id ranges */
	const char *selection;           /* the heuristic as a command line, for impact.md */
};

/* What a comparison may overlook. */
enum {
	SWEEP_OPTS_ANY_CLOCK = 1, /* shards run at different times are one audit */
	SWEEP_OPTS_ANY_SHARD = 2, /* shards differ in K */
};

/* 0 when a and b describe the same audit (the serialised fields). */
int sweep_audit_opts_compare(const struct sweep_audit_opts *a, const struct sweep_audit_opts *b, unsigned ignore);
/* The serialised fields, one line each, as audit.state holds them. */
void sweep_audit_opts_write(FILE *fp, const struct sweep_audit_opts *o);

#endif
