/* The affected set: one group per (issuer, serial), found by hash; a group
 * is one line of the CCADB CSV, or one per final certificate when the serial
 * was reused (sweep_group_lines). Scanning adds certificates to it; --jobs, --connections, merge and
 * resume fold one set into another with the same code; the sinks read it. */
#ifndef CERTSWEEP_AFFECTED_H
#define CERTSWEEP_AFFECTED_H

#include "certsweep/cert.h"
#include "certsweep/error.h"

#include <stddef.h>
#include <stdint.h>

/* One certificate (precertificate or final) of an affected serial, with the
 * fields its own CSV line shows when the serial was reused. */
struct sweep_member {
	uint8_t sha256[32];
	uint8_t tbs_sha256[32]; /* canonical TBS (sweep_tbs_sha256): shared by a precertificate and its final */
	int64_t id;
	int64_t not_before, not_after;
	/* owned; NULL: the same as its group's subject / dns_names (the common
	 * case: a precertificate and its final show one line), so a member holds
	 * strings only when they differ; read through sweep_member_subject/_dns */
	char *subject, *dns_names;
	uint8_t is_precert;
	uint8_t failed; /* this certificate itself matched */
	uint8_t has_tbs;
	/* a corpus check's match counted while the set had spilled: the same
	 * certificate may be counted in another fragment (sweep_affected_drain) */
	uint8_t tentative;
};

/* An issuer of the affected set, interned: one copy per (Name DER, key
 * identity, RFC 4514 string) for the whole process (never freed). */
struct sweep_issuer_id {
	uint8_t *der;
	size_t der_len;
	uint8_t *kid; /* NULL: none */
	size_t kid_len;
	char *name; /* RFC 4514; NULL: not known (a state file still being read) */
};

/* One (issuer, serial): one line of the CCADB CSV. */
struct sweep_group {
	/* the interned issuer (sweep_group_set_issuer), not owned: its Name
	 * DER, key identity (AKI keyIdentifier; kid NULL: none) and RFC 4514
	 * name; one pointer instead of five fields (issue #17: 32 octets a group) */
	const struct sweep_issuer_id *iss;
	uint8_t *serial; /* made by sweep_affected_group: in g's own allocation, just past *g */
	size_t serial_len;
	uint64_t hash;
	int64_t issuer_ref;
	int64_t first_id;       /* id of the first matching certificate seen */
	int64_t fields_id;      /* the row the CSV fields below come from: the lowest-id final, else the lowest-id precert */
	char *subject, *dns_names; /* owned */
	int64_t not_before, not_after;
	struct sweep_member *members;
	size_t n_members;
	size_t *lint_hits; /* indices into the audit's lints that failed, sorted, unique */
	size_t n_lint_hits;
	int64_t revoked_at;
	char *rev_conflict; /* store and CRL disagree: what each says; NULL when they agree */
	/* the small fields together (no padding between the 8-octet ones) */
	int fields_from_final; /* the CSV fields come from a final certificate */
	enum sweep_cert_type type;
	int revoked;
	int reason;
	int rev_stated; /* the store stated this serial's revocation status */
	int dirty;      /* changed since the last checkpoint (its journal record is stale) */
};

/* Open-addressing hash map of groups keyed by (issuer DER, serial). */
struct sweep_affected {
	struct sweep_group **slots;
	size_t cap, n;
	/* accounting (issue #17, --memory-limit): the sum of sweep_group_bytes
	 * over the groups plus the slot array, kept by the sweep_affected_*
	 * functions (a group changed through sweep_group_* directly is counted
	 * again when it next goes through them), and its highest value */
	size_t bytes, peak;
	/* --memory-limit: past budget bytes (0: never) the scan spills the set
	 * to runs on disk (sweep_affected_spill); spills counts them */
	size_t budget, spills;
	struct sweep_affected_spill *spill; /* NULL until the first spill */
};

/* What the store says of one row's revocation (EJBCA status, --query columns). */
struct sweep_row_status {
	int has_status, revoked;
	int64_t revoked_at;
	int reason;
};

void sweep_affected_init(struct sweep_affected *set);
void sweep_affected_release(struct sweep_affected *set);
/* A group is keyed by (issuer Name, issuer key identity, serial): a
 * re-keyed CA keeps its name but is another issuer (as crt.sh keeps them
 * apart by ca.public_key); the key identity is the certificate's AKI
 * keyIdentifier, empty when it has none. */
struct sweep_group *sweep_affected_find(const struct sweep_affected *set, const uint8_t *issuer, size_t issuer_len,
					const uint8_t *kid, size_t kid_len, const uint8_t *serial, size_t serial_len);
/* sweep_affected_find by certificate c's key. */
struct sweep_group *sweep_affected_find_cert(const struct sweep_affected *set, const struct sweep_cert *c);
/* The group of c's (issuer, key identity, serial), made from c if new. */
int sweep_affected_group(struct sweep_group **out, struct sweep_affected *set, const struct sweep_cert *c, int64_t id,
			 int64_t issuer_ref);
/* sweep_group_add_cert / sweep_group_add_lints on g, a group of set, with
 * set's byte count kept. */
int sweep_affected_add_cert(struct sweep_affected *set, struct sweep_group *g, const struct sweep_cert *c, int64_t id,
			    const struct sweep_row_status *status, int failed);
/* The same with c's canonical-TBS SHA-256 (sweep_tbs_sha256) already made
 * (the scan made it for the corpus checks); NULL: made here if needed. */
int sweep_affected_add_cert_tbs(struct sweep_affected *set, struct sweep_group *g, const struct sweep_cert *c,
				int64_t id, const struct sweep_row_status *status, int failed, const uint8_t *tbs_sha256);
int sweep_affected_add_lints(struct sweep_affected *set, struct sweep_group *g, const size_t *hits, size_t n);
/* Bytes the set holds on the heap (set->bytes; an estimate, as sweep_group_bytes). */
size_t sweep_affected_bytes(const struct sweep_affected *set);
/* Add certificate c (row id) to g; failed: it matched itself. */
int sweep_group_add_cert(struct sweep_group *g, const struct sweep_cert *c, int64_t id,
			 const struct sweep_row_status *status, int failed);
/* Record failed lint indices (sorted, unique). */
int sweep_group_add_lints(struct sweep_group *g, const size_t *hits, size_t n);
/* Insert g (which the set then owns); folds into an existing group of the same key. */
int sweep_affected_put(struct sweep_affected *set, struct sweep_group *g);
/* Move every group of src into dst, folding groups of one key; src is left empty. */
int sweep_affected_fold(struct sweep_affected *dst, struct sweep_affected *src);
/* Fold g into dst (same key); g keeps what was not moved and is freed by the caller. */
int sweep_group_fold(struct sweep_group *dst, struct sweep_group *g);
/* Whether g holds a precertificate and a final certificate. */
int sweep_group_complete(const struct sweep_group *g);
/* Whether one of g's certificates matched itself (not only a sibling). */
int sweep_group_matched(const struct sweep_group *g);
/* What the pairing pass needs of the groups that lack a precertificate or a
 * final certificate: whether there is one, the highest first id + 1 among
 * them (a fragment with no match has none), whether one has no issuer ref,
 * and their issuer refs (sorted and distinct after sweep_pairing_bounds_refs). */
struct sweep_pairing_bounds {
	int any, unknown_ref;
	int64_t before;
	int64_t *refs;
	size_t n_refs, cap_refs;
};
/* Note g if it lacks a precertificate or a final; 0 or SWEEP_ENOMEM. The
 * room kept for refs is at most four times the distinct issuers. */
int sweep_pairing_bounds_note(struct sweep_pairing_bounds *b, const struct sweep_group *g);
/* Add src's bounds to dst; 0 or SWEEP_ENOMEM. */
int sweep_pairing_bounds_add(struct sweep_pairing_bounds *dst, const struct sweep_pairing_bounds *src);
/* Sort b's refs and drop repeats. */
void sweep_pairing_bounds_refs(struct sweep_pairing_bounds *b);
void sweep_pairing_bounds_release(struct sweep_pairing_bounds *b);
/* Drop the groups in which no certificate matched (fragments a spilled set
 * made for siblings, read back from a checkpoint's journal: a filter's false
 * positive, or a sibling whose serial's match is in no checkpoint yet); how many. */
size_t sweep_affected_drop_unmatched(struct sweep_affected *set);
/* Take the groups out in output order (members ordered too); the set is left empty. */
int sweep_affected_take_sorted(struct sweep_group ***out, size_t *n, struct sweep_affected *set);
void sweep_group_free(struct sweep_group *g);

/* The interned issuer (Name DER, key identity, RFC 4514 name; name NULL
 * allowed); NULL when out of memory. Thread-safe. */
const struct sweep_issuer_id *sweep_issuer_intern(const uint8_t *der, size_t der_len, const uint8_t *kid,
						  size_t kid_len, const char *name);
/* The interned issuer of certificate c, its name made from c's issuer Name. */
const struct sweep_issuer_id *sweep_issuer_intern_cert(const struct sweep_cert *c);
/* Point g at its interned issuer id. */
void sweep_group_set_issuer(struct sweep_group *g, const struct sweep_issuer_id *id);

/* Member m's subject and dNSNames as its own CSV line shows them. */
const char *sweep_member_subject(const struct sweep_group *g, const struct sweep_member *m);
const char *sweep_member_dns(const struct sweep_group *g, const struct sweep_member *m);
/* Drop member strings equal to the group's (after reading a state file). */
void sweep_group_compact(struct sweep_group *g);
/* Bytes g holds on the heap (an estimate: allocations, not allocator overhead). */
size_t sweep_group_bytes(const struct sweep_group *g);

/* qsort comparators: serials by notBefore, serial, issuer; members by SHA-256. */
int sweep_group_order(const void *a, const void *b);
int sweep_member_order(const void *a, const void *b);
/* Fields rule: which certificate a serial's CSV line describes. */
int sweep_group_fields_better(const struct sweep_group *g, int is_precert, int64_t id);

/* The CSV lines of a group, each a view of g: a copy of g (its strings and
 * lint hits borrowed, not owned) with its own members array and, when the
 * serial holds two or more distinct final certificates, that final's
 * subject, validity and dNSNames. Such a group gives one line per final
 * (with the precertificates whose canonical TBS equals that final's) and one
 * per precertificate matching no final, each only when one of its
 * certificates matched itself (a sibling read because it shares the serial
 * is not affected); any other group gives one line, g itself. Lines are
 * ordered by notBefore, finals first, then SHA-256. */
int sweep_group_lines(struct sweep_group **out, size_t *n, const struct sweep_group *g);
/* Free what sweep_group_lines allocated (the views' members arrays and out). */
void sweep_group_lines_free(struct sweep_group *lines, size_t n);
/* Whether g holds two or more distinct final certificates (serial reuse). */
int sweep_group_reused(const struct sweep_group *g);

/* Counting rules shared by the sinks (CCADB "Certificate" = final certificate). */
size_t sweep_group_cert_count(const struct sweep_group *g); /* CSV lines: finals, or 1 if precert only; see above */
int sweep_group_has_final(const struct sweep_group *g);
const char *sweep_reason_name(int reason);                  /* RFC 5280 names */

/* Revocation status of a serial as the CCADB CSV states it. */
enum sweep_rev_status {
	SWEEP_REV_YES,     /* revoked */
	SWEEP_REV_EXPIRED, /* N/A: expired, not revoked */
	SWEEP_REV_PLANNED, /* --planned-revocation given */
	SWEEP_REV_NO,      /* still valid and no plan: CCADB wants Planned or Delayed */
	SWEEP_REV_DELAYED, /* --delayed-revocation, or the --revocation-plan says so */
};
enum sweep_rev_status sweep_group_status(const struct sweep_group *g, int64_t now, int has_planned);

/* ---- past the memory budget (affected_spill.c) ---------------------------------------------- */

typedef int (*sweep_group_cmp)(const void *, const void *); /* qsort comparator over struct sweep_group * */
/* Key order (issuer Name, key identity, serial; by hash first). */
int sweep_group_key_order(const void *a, const void *b);
/* The serials' hash the spill's filter and the pairing pass's quick test use. */
uint64_t sweep_serial_hash(const uint8_t *p, size_t n);

/* Runs of groups in an unlinked temporary file in $TMPDIR, each sorted by
 * cmp; read back merged (sweep_group_merge_*), a read buffer per run. */
struct sweep_group_runs;
int sweep_group_runs_new(struct sweep_group_runs **out, sweep_group_cmp cmp, struct sweep_error *err);
/* Sort gs[0..n) by the runs' order and write them as one run (the caller
 * still owns and frees them). SWEEP_EIO when the file cannot be written. */
int sweep_group_runs_write(struct sweep_group_runs *r, struct sweep_group **gs, size_t n, struct sweep_error *err);
size_t sweep_group_runs_count(const struct sweep_group_runs *r);
void sweep_group_runs_free(struct sweep_group_runs *r);
struct sweep_group_merge;
int sweep_group_merge_begin(struct sweep_group_merge **out, const struct sweep_group_runs *r, struct sweep_error *err);
/* The next group (the caller owns it): 0, 1 at the end, or a negative
 * code. Equal groups come in the order their runs were written. */
int sweep_group_merge_next(struct sweep_group_merge *mg, struct sweep_group **g, struct sweep_error *err);
void sweep_group_merge_end(struct sweep_group_merge *mg);

/* Whether set holds more than its budget (and something to spill). */
int sweep_affected_over_budget(const struct sweep_affected *set);
/* Write every group in memory as a run and free them (the set is left
 * empty, its budget and spill kept). Groups must not be held across it. */
int sweep_affected_spill(struct sweep_affected *set, struct sweep_error *err);
/* Whether the set has spilled. */
int sweep_affected_spilled(const struct sweep_affected *set);
/* Group fragments written to disk so far (progress only: a serial may have several). */
size_t sweep_affected_spilled_groups(const struct sweep_affected *set);
/* 1 when a spilled group may have this serial (a Bloom filter: a false
 * 1 costs a fragment that drain drops), 0 when none has. */
int sweep_affected_maybe_spilled(const struct sweep_affected *set, const uint8_t *serial, size_t serial_len);
/* The pairing pass's bounds over the spilled groups that lacked a
 * precertificate or a final when spilled (owned by the set); NULL when none spilled. */
const struct sweep_pairing_bounds *sweep_affected_spilled_incomplete(const struct sweep_affected *set);
void sweep_affected_spill_release(struct sweep_affected *set);

struct sweep_affected_drain_hooks {
	/* whole groups, a batch at a time, before they are sorted for output
	 * (the revocation and CRL joins); NULL: none */
	int (*batch)(struct sweep_group **gs, size_t n, void *arg, struct sweep_error *err);
	void *arg;
	uint64_t *double_counted; /* += certificates counted as matched twice across fragments */
};
/* A spilled set's end: every run and what is in memory merged by key, each
 * serial's fragments folded, a fragment without a matching certificate
 * dropped, the batch hook run, members sorted, and the groups sorted in
 * output order into *out (runs; *n_out groups). The set is left empty. */
int sweep_affected_drain(struct sweep_affected *set, const struct sweep_affected_drain_hooks *hooks,
			 struct sweep_group_runs **out, size_t *n_out, struct sweep_error *err);

/* Reading a result's groups in output order: from an array, or merged from
 * runs (each group valid until the next call). */
struct sweep_groups_it {
	const struct sweep_group *const *groups;
	size_t n, i;
	const struct sweep_group_runs *runs;
	struct sweep_group_merge *merge;
	struct sweep_group *cur;
	int rc;
	struct sweep_error err;
};
void sweep_groups_begin(struct sweep_groups_it *it, const struct sweep_group *const *groups, size_t n,
			const struct sweep_group_runs *runs);
/* The next group, or NULL at the end or on an error (sweep_groups_end says which). */
const struct sweep_group *sweep_groups_next(struct sweep_groups_it *it);
/* 0, or the error that ended the reading (copied to err when given). */
int sweep_groups_end(struct sweep_groups_it *it, struct sweep_error *err);

#endif
