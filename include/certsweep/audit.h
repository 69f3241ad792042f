/* The audit pipeline: source -> decode -> check -> pair -> revocation -> sinks. */
#ifndef CERTSWEEP_AUDIT_H
#define CERTSWEEP_AUDIT_H

#include "certsweep/cert.h"
#include "certsweep/lint.h"
#include "certsweep/source.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>

struct sweep_expr;

enum sweep_as_of { SWEEP_AS_OF_ISSUED = 0, SWEEP_AS_OF_NOW, SWEEP_AS_OF_DATE };

struct sweep_audit_opts {
	const struct sweep_lint *const *lints; /* selected lints */
	size_t n_lints;
	const struct sweep_expr *where;        /* --where, or NULL */
	const char *where_text;
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
	int csv_safe;
	const char *out_dir;
	const struct sweep_crlset *crls; /* --crl, or NULL */
	int have_crls;                   /* outputs speak of CRLs (set with crls, or by merge) */
	int shard_k, shard_n;            /* --shard K/N: this run covers the Kth of N id ranges */
	const char *snapshot;            /* --snapshot: a pg_export_snapshot() name to read in */
	uint64_t checkpoint_rows;        /* write checkpoint.state every N rows (0: never) */
	int resume;                      /* --resume from out_dir/checkpoint.state */
	volatile sig_atomic_t *interrupted; /* set by a signal handler: checkpoint and stop */
	_Atomic uint64_t *shared_rows;   /* --connections: rows read by all readers, for one progress line */
	int workers;                     /* --jobs: threads judging rows (decode, lints, --where) */
	const char *selection;       /* the heuristic, as the user gave it, for impact.md */
	int progress;                /* print progress to stderr */
};

/* One certificate (precertificate or final) of an affected serial. */
struct sweep_member {
	uint8_t sha256[32];
	int is_precert;
	int64_t id;
	int failed; /* this certificate itself matched */
};

/* One (issuer, serial): one line of the CCADB CSV. */
struct sweep_group {
	uint8_t *issuer_der;
	size_t issuer_der_len;
	uint8_t *serial;
	size_t serial_len;
	uint64_t hash;
	int64_t issuer_ref;
	int64_t first_id;       /* id of the first matching certificate seen */
	int fields_from_final;  /* CSV fields below come from a final certificate */
	int64_t fields_id;      /* ...namely this row: the lowest-id final, else the lowest-id precert */
	char *subject, *issuer, *dns_names;
	int64_t not_before, not_after;
	enum sweep_cert_type type;
	struct sweep_member *members;
	size_t n_members;
	size_t *lint_hits; /* indices into opts.lints that failed, sorted, unique */
	size_t n_lint_hits;
	int revoked;
	int64_t revoked_at;
	int reason;
	int rev_stated;     /* the store stated this serial's revocation status */
	char *rev_conflict; /* store and CRL disagree: what each says; NULL when they agree */
};

struct sweep_audit_stats {
	uint64_t rows, decoded, unparseable, in_window, matched_certs, findings;
	int worst; /* most severe lint result among matched certificates (enum sweep_result) */
	uint64_t reconnects; /* connections lost and re-established mid-scan */
};

struct sweep_audit_result {
	struct sweep_group **groups; /* sorted by notBefore, serial, issuer */
	size_t n_groups;
	struct sweep_audit_stats stats;
	char *source_desc;
	size_t rev_conflicts;
};

/* Run the audit and write every output into opts->out_dir. */
int sweep_audit_run(struct sweep_audit_result *out, struct sweep_source *src,
		    const struct sweep_audit_opts *opts, struct sweep_error *err);
void sweep_audit_result_release(struct sweep_audit_result *res);

/* qsort comparators: serials by notBefore, serial, issuer; members by SHA-256. */
int sweep_group_order(const void *a, const void *b);
int sweep_member_order(const void *a, const void *b);
/* Fields rule: which certificate a serial's CSV line describes. */
int sweep_group_fields_better(const struct sweep_group *g, int is_precert, int64_t id);

/* Counting rules shared by the sinks (CCADB "Certificate" = final certificate). */
size_t sweep_group_cert_count(const struct sweep_group *g);        /* finals, or 1 if precert only */
int sweep_group_has_final(const struct sweep_group *g);
const char *sweep_reason_name(int reason);                          /* RFC 5280 names */

#endif

#ifndef CERTSWEEP_AUDIT_STATUS
#define CERTSWEEP_AUDIT_STATUS
/* Revocation status of a serial as the CCADB CSV states it. */
enum sweep_rev_status {
	SWEEP_REV_YES,     /* revoked */
	SWEEP_REV_EXPIRED, /* N/A: expired, not revoked */
	SWEEP_REV_PLANNED, /* --planned-revocation given */
	SWEEP_REV_NO,      /* still valid and no plan: CCADB wants Planned or Delayed */
};
enum sweep_rev_status sweep_group_status(const struct sweep_group *g, const struct sweep_audit_opts *o);
#endif
