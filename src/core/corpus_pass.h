/* The corpus checks' private parts (corpus_pass.c, corpus_serial.c,
 * corpus_entropy.c): each check observes rows in window in row order during
 * the main pass and, after it, re-reads only the rows it needs to write its
 * findings and add them to the affected set. */
#ifndef CERTSWEEP_CORE_CORPUS_PASS_H
#define CERTSWEEP_CORE_CORPUS_PASS_H

#include "scan.h"

struct corpus_precert; /* corpus_precert.c */
struct corpus_reuse;   /* corpus_serial.c */
struct corpus_entropy; /* corpus_entropy.c */
struct corpus_key;     /* corpus_key.c */
struct corpus_issuer;  /* corpus_issuer.c */

/* The selected checks of one scan (s->corpus); NULL members are not selected. */
struct corpus_state {
	struct corpus_precert *precert;
	struct corpus_reuse *reuse;
	struct corpus_entropy *entropy;
	struct corpus_key *key;
	struct corpus_issuer *issuer;
};

#define SWEEP_CORPUS_ISSUER_VALIDITY "c_issued_outside_issuer_validity"

/* --shard + merge: a shard writes each check's state (its sorts' records,
 * sketches, key and CA sets) to corpus.state in its output directory
 * instead of deciding; merge folds every shard's into fresh checks and
 * decides once (corpus_state.c). A section is named, then count records of
 * size bytes. */
struct corpus_w;    /* corpus_state.c */
struct sweep_spill; /* certsweep/corpus.h */
int corpus_w_section(struct corpus_w *w, const char *name, uint64_t count, size_t size, struct sweep_error *err);
int corpus_w_rec(struct corpus_w *w, const void *rec, size_t size, struct sweep_error *err);
/* A section of every record of the sort, in order (the sort is spent). */
int corpus_w_spill(struct corpus_w *w, const char *name, struct sweep_spill *sp, struct sweep_error *err);
/* Each check's save, and its load of one record of a section: 0, a
 * negative code, or 1 when the section or size is not the check's. */
int corpus_precert_save(struct corpus_precert *p, struct corpus_w *w, struct sweep_error *err);
int corpus_precert_load(struct corpus_precert *p, const char *section, const uint8_t *rec, size_t size,
			struct sweep_error *err);
int corpus_reuse_save(struct corpus_reuse *r, struct corpus_w *w, struct sweep_error *err);
int corpus_reuse_load(struct corpus_reuse *r, const char *section, const uint8_t *rec, size_t size,
		      struct sweep_error *err);
int corpus_entropy_save(struct corpus_entropy *e, struct corpus_w *w, struct sweep_error *err);
int corpus_entropy_load(struct corpus_entropy *e, const char *section, const uint8_t *rec, size_t size,
			struct sweep_error *err);
int corpus_key_save(struct corpus_key *k, struct corpus_w *w, struct sweep_error *err);
int corpus_key_load(struct corpus_key *k, const char *section, const uint8_t *rec, size_t size,
		    struct sweep_error *err);
int corpus_issuer_save(struct corpus_issuer *ci, struct corpus_w *w, struct sweep_error *err);
int corpus_issuer_load(struct corpus_issuer *ci, const char *section, const uint8_t *rec, size_t size,
		       struct sweep_error *err);

/* Index of the named check in o->lints, or -1. */
int corpus_lint_index(const struct sweep_audit_opts *o, const char *name);
/* Add a re-read certificate that failed check lint to the affected set
 * (making its group when none is there yet). */
int corpus_affect(struct scan *s, const struct sweep_row *row, const struct sweep_cert *cert, size_t lint);
/* One finding line, counted. */
int corpus_write_finding(struct scan *s, const struct sweep_row *row, const struct sweep_cert *c, size_t lint,
			 const char *details);

/* c_precert_final_mismatch (RFC 6962 3.1, 3.2). */
int corpus_precert_begin(struct corpus_precert **out, int lint, struct sweep_error *err);
int corpus_precert_observe(struct corpus_precert *p, const uint8_t key[16], const struct sweep_row *row,
			   const struct row_verdict *v, struct sweep_error *err);
int corpus_precert_finish(struct scan *s, struct corpus_precert *p, struct sweep_error *err);
void corpus_precert_release(struct corpus_precert *p);

/* c_serial_reused (RFC 5280 4.1.2.2, BR 7.1). */
int corpus_reuse_begin(struct corpus_reuse **out, int lint, struct sweep_error *err);
int corpus_reuse_observe(struct corpus_reuse *r, const uint8_t key[16], const struct sweep_row *row,
			 const struct row_verdict *v, struct sweep_error *err);
int corpus_reuse_finish(struct scan *s, struct corpus_reuse *r, struct sweep_error *err);
void corpus_reuse_release(struct corpus_reuse *r);

/* c_serial_entropy_insufficient (BR 7.1). */
int corpus_entropy_begin(struct corpus_entropy **out, int lint, struct sweep_error *err);
int corpus_entropy_observe(struct corpus_entropy *e, const struct sweep_row *row, const struct row_verdict *v,
			   struct sweep_error *err);
int corpus_entropy_finish(struct scan *s, struct corpus_entropy *e, struct sweep_error *err);
void corpus_entropy_release(struct corpus_entropy *e);

/* c_key_reused_after_compromise (BR 6.1.1.3, 4.9.1.1). */
int corpus_key_begin(struct corpus_key **out, const struct scan *s, int lint, struct sweep_error *err);
int corpus_key_observe(struct corpus_key *k, const struct scan *s, const struct sweep_row *row,
		       const struct row_verdict *v, struct sweep_error *err);
int corpus_key_finish(struct scan *s, struct corpus_key *k, struct sweep_error *err);
void corpus_key_release(struct corpus_key *k);

/* c_issued_outside_issuer_validity (RFC 5280 4.1.2.5, 6.1.3 (a)(2)).
 * learn reads the source's CA certificates of the audited issuers (crt.sh);
 * note_ca takes a row that is a CA certificate, in window or not. */
int corpus_issuer_begin(struct corpus_issuer **out, const struct scan *s, int lint, struct sweep_error *err);
int corpus_issuer_learn(struct corpus_issuer *ci, const struct scan *s, struct sweep_error *err);
int corpus_issuer_note_ca(struct corpus_issuer *ci, const struct sweep_row *row, struct sweep_error *err);
int corpus_issuer_observe(struct corpus_issuer *ci, const struct sweep_row *row, const struct row_verdict *v,
			  struct sweep_error *err);
int corpus_issuer_finish(struct scan *s, struct corpus_issuer *ci, struct sweep_error *err);
void corpus_issuer_release(struct corpus_issuer *ci);

/* The (issuer, issuer key id, serial) key: SHA-256 of the issuer's length,
 * issuer, the key id's length, key id and serial, cut to 128 bits (a
 * collision among 10^9 keys: ~10^-21). 0, or SWEEP_ENOMEM (no digest context). */
int corpus_pair_key(uint8_t out[16], const uint8_t *issuer, size_t ilen, const uint8_t *kid, size_t klen,
		    const uint8_t *serial, size_t slen);
/* c_key_reused_after_compromise's key: SHA-256 of the issuer name's length,
 * the name and the SPKI's SHA-256. 0, or SWEEP_ENOMEM. */
int corpus_issuer_key(uint8_t out[32], const uint8_t *issuer, size_t ilen, const uint8_t spki_sha256[32]);

/* An int64_t as 8 big-endian octets whose byte order is the numbers' order
 * (sign bit flipped), for the records of the on-disk sorts; and back. */
void corpus_put64(uint8_t *p, int64_t v);
/* v as 8 big-endian octets (lengths and refs inside the keys' hashes) */
void corpus_be64(uint8_t out[8], uint64_t v);
int64_t corpus_get64(const uint8_t *p);

/* The rows a corpus check re-reads after the main pass: list holds n structs
 * of `size` bytes, sorted by the int64_t id at id_off, each with its issuer
 * ref (int64_t, -1 unknown) at ref_off. Begins a pass over their issuers
 * (every issuer when a ref is unknown) below the largest id + 1. */
int corpus_reread_begin(struct scan *s, const void *list, size_t n, size_t size, size_t id_off, size_t ref_off,
			struct sweep_error *err);
/* The index of the entry with this id in such a list, or n. */
size_t corpus_reread_find(const void *list, size_t n, size_t size, size_t id_off, int64_t id);

#endif
