/* Sources yield rows under one contract, so decoding, lints, pairing,
 * revocation and sinks never know which source fed them. */
#ifndef CERTSWEEP_SOURCE_H
#define CERTSWEEP_SOURCE_H

#include "certsweep/error.h"

#include <stddef.h>
#include <stdint.h>

struct sweep_row {
	int64_t id;         /* crt.sh certificate.id, else the row's ordinal in the scan */
	int64_t issuer_ref; /* crt.sh issuer_ca_id; -1 when the source has none */
	const char *key;    /* printable key (EJBCA fingerprint, file path); NULL: print id */
	const uint8_t *der; /* valid until the next sweep_source_next() */
	size_t der_len;
	/* Revocation as the store states it for this row (EJBCA status, --query columns). */
	int has_status;
	int revoked;
	int64_t revoked_at;
	int reason; /* RFC 5280 reasonCode, -1 for none */
	/* The store holds NULL where the certificate should be (der_len is 0);
	 * an empty value has der_null 0. They are different defects. */
	int der_null;
	/* The next row of this pass has the same id (crt.sh's id is not unique):
	 * a checkpoint taken after this row would resume past its twin. */
	int id_continues;
};

/* Filter for one pass over the source. */
struct sweep_scan_filter {
	const int64_t *issuer_refs; /* NULL: every issuer */
	size_t n_issuer_refs;
	int64_t before_id; /* only rows with id < before_id; 0 = no bound */
	int64_t after_id;  /* only rows with id > after_id; used when has_after */
	int has_after;
};

/* qsort comparator over int64_t (issuer refs, ids). */
int sweep_i64_cmp(const void *a, const void *b);
/* An issuer list for a filter: refs sorted, repeats dropped; the count kept. */
size_t sweep_issuer_refs_distinct(int64_t *refs, size_t n);

/* One revocation lookup: in issuer_ref + serial, out revoked/date/reason. */
struct sweep_rev_query {
	int64_t issuer_ref;
	const uint8_t *serial;
	size_t serial_len;
	int revoked;
	int64_t revoked_at;
	int reason; /* RFC 5280 reasonCode, -1 when the CRL entry had none */
	int revoked_at_null; /* the store has the entry without a revocation date */
	/* The store holds more entries for this key that disagree with the one
	 * chosen (the earliest revocation date, then the lowest reason): how
	 * many, and the first of them in that same order. */
	int n_conflicting;
	int64_t conflict_revoked_at;
	int conflict_reason;
};

struct sweep_source;

struct sweep_source_ops {
	const char *name;
	/* Start a pass. A source may be scanned several times in one snapshot. */
	int (*begin)(struct sweep_source *src, const struct sweep_scan_filter *filter, struct sweep_error *err);
	/* 0 and a row, 1 at the end, or a negative error. */
	int (*next)(struct sweep_source *src, struct sweep_row *out, struct sweep_error *err);
	/* Fill in revocation for n keys (NULL when the source knows none). */
	int (*revocations)(struct sweep_source *src, struct sweep_rev_query *q, size_t n, struct sweep_error *err);
	/* Every entry revoked for keyCompromise under the filter's issuers
	 * (c_key_reused_after_compromise), each given to each(); NULL when the
	 * source keeps revocations on its rows or not at all. */
	int (*key_compromises)(struct sweep_source *src, const struct sweep_scan_filter *filter,
			       int (*each)(void *ctx, int64_t issuer_ref, const uint8_t *serial, size_t serial_len,
					   int64_t revoked_at),
			       void *ctx, struct sweep_error *err);
	/* Smallest and largest id under the filter's issuers (for --shard); NULL if unsupported. */
	int (*id_bounds)(struct sweep_source *src, const struct sweep_scan_filter *filter, int64_t *lo, int64_t *hi,
			 struct sweep_error *err);
	/* Estimated number of rows, -1 if unknown. */
	int64_t (*estimate)(struct sweep_source *src);
	/* One line describing where the data came from, no secrets. */
	const char *(*describe)(struct sweep_source *src);
	void (*free)(struct sweep_source *src);
	/* Exact number of rows under the filter (count(*) in the same snapshot),
	 * to check a scan against; NULL if unsupported. Costs a full count. */
	int (*count)(struct sweep_source *src, const struct sweep_scan_filter *filter, int64_t *out,
		     struct sweep_error *err);
	/* Candidate Precertificate Signing Certificates issued by the filter's
	 * issuers (all when it names none), one call of fn each: row->id is the
	 * issuer ref its precertificates carry, row->issuer_ref its issuer's,
	 * row->der the certificate. NULL when the source has no such index. */
	int (*precert_signers)(struct sweep_source *src, const struct sweep_scan_filter *filter,
			       int (*fn)(void *arg, const struct sweep_row *row, struct sweep_error *err), void *arg,
			       struct sweep_error *err);
	/* The certificates of the filter's issuers themselves (all CAs when it
	 * names none): one call of fn each, row->id the issuer ref, row->der the
	 * CA certificate. NULL when the source has no such index. */
	int (*issuer_certs)(struct sweep_source *src, const struct sweep_scan_filter *filter,
			    int (*fn)(void *arg, const struct sweep_row *row, struct sweep_error *err), void *arg,
			    struct sweep_error *err);
	/* Where a pass in index order (index_order set) stands after the last
	 * row next() gave: a line of text (no newline) that hints.resume_after
	 * takes back to continue after that row. 0 and the text, or -1 when
	 * the pass is in id order (the id is the place) or it does not fit. */
	int (*position)(struct sweep_source *src, char *buf, size_t cap);
};

/* What the caller can take beyond its filter, set on the source (its
 * hints field) before begin(); all zero means none. Kept apart from the
 * filter so that code building filters need not change. */
struct sweep_scan_hints {
	/* notBefore window [nb_from, nb_to) (epoch seconds), pushed into the SQL
	 * where the server can evaluate it (crt.sh's x509_notBefore); rows
	 * outside it may still come, so callers keep their own check. */
	int has_nb_from, has_nb_to;
	int64_t nb_from, nb_to;
	/* The caller needs rows in no particular order (it will not resume a
	 * checkpoint by id): the source may then page each issuer along its
	 * (issuer_ca_id, notBefore) index instead of the id index. */
	int any_order;
	/* Continue an index-order pass after this position (what position()
	 * gave at a checkpoint); NULL: from the start. A source that cannot take
	 * it, or a pass that is not in index order, fails begin(). */
	const char *resume_after;
};

/* Longest position() text, terminator included. */
#define SWEEP_SOURCE_POSITION_MAX 96

/* How a database source's reads relate to snapshots. */
enum sweep_snapshot_kind {
	SWEEP_SNAPSHOT_NONE = 0,  /* not a database (files) */
	SWEEP_SNAPSHOT_ONE,       /* every read in one REPEATABLE READ snapshot */
	SWEEP_SNAPSHOT_RESTARTED, /* one snapshot per stretch: reconnects or retries began new ones */
	SWEEP_SNAPSHOT_PER_QUERY, /* autocommit (--no-snapshot, statement pooling): each page its own */
};

struct sweep_source {
	const struct sweep_source_ops *ops;
	int reconnects; /* times a lost connection was re-established mid-scan */
	/* Transient errors (conflict with recovery on a standby, statement
	 * timeout, administrator shutdown) after which the page was read again
	 * in a new transaction on the same connection. */
	int restarts;
	int snapshot;     /* enum sweep_snapshot_kind */
	int index_order;  /* the last pass paged along (issuer_ca_id, notBefore) */
	struct sweep_scan_hints hints; /* set by the caller before begin() */
	/* Only rows with these ids (ascending), when n_only_ids > 0: set by
	 * the caller before begin(), which takes a copy, and cleared after it.
	 * A source that cannot take a list reads the filter's rows (crt.sh's
	 * id-order pass takes it). */
	const int64_t *only_ids;
	size_t n_only_ids;
};

static inline int sweep_source_begin(struct sweep_source *s, const struct sweep_scan_filter *f,
				     struct sweep_error *err)
{
	return s->ops->begin(s, f, err);
}
static inline int sweep_source_next(struct sweep_source *s, struct sweep_row *out, struct sweep_error *err)
{
	return s->ops->next(s, out, err);
}
void sweep_source_free(struct sweep_source *src);

/* Connection parameters as pg_dump takes them; strings are borrowed. */
struct sweep_pg_params {
	const char *dbname; /* conninfo, URI or service=..., expanded by libpq */
	const char *host, *port, *user;
	int prompt_password; /* -W */
	int no_password;     /* -w */
	size_t page_size;
	const char *snapshot; /* SET TRANSACTION SNAPSHOT (pg_export_snapshot() name), or NULL */
	int retries;          /* reconnect attempts after a lost connection (backoff 1, 2, 4 ... s) */
	int throttle_ms;      /* pause between pages, to be gentle with a shared server */
	int no_snapshot;      /* --no-snapshot: autocommit, one self-contained query per page (statement pooling) */
	int allow_privileged_role; /* --allow-privileged-role: accept a superuser or a role that can write */
};

/* crt.sh schema (certificate, ca, crl_revoked) over one REPEATABLE READ,
 * READ ONLY transaction held for the source's lifetime. */
int sweep_source_crtsh_new(struct sweep_source **out, const struct sweep_pg_params *params,
			   struct sweep_error *err);
/* EJBCA's CertificateData (+ Base64CertData), keyset-paged by fingerprint. */
int sweep_source_ejbca_new(struct sweep_source **out, const struct sweep_pg_params *params,
			   struct sweep_error *err);
/* Any SQL returning the documented columns (id, der, [revoked_at], [revocation_reason]);
 * $1 is the last id of the previous page (NULL first), $2 the page size. */
int sweep_source_query_new(struct sweep_source **out, const struct sweep_pg_params *params,
			   const char *sql, const char *sql_name, struct sweep_error *err);
/* PEM bundles and DER files; directories are walked recursively in name order. */
int sweep_source_files_new(struct sweep_source **out, const char *const *paths, size_t n,
			   struct sweep_error *err);

#endif
