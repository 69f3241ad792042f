/* Building blocks of the corpus checks: facts that only show across
 * certificates (issue: precertificate/final correspondence, serial reuse,
 * serial entropy, key reuse after compromise). Each block is a pure
 * function or a small mergeable sketch, so --jobs, --connections, shards
 * and --resume can fold them exactly. */
#ifndef CERTSWEEP_CORPUS_H
#define CERTSWEEP_CORPUS_H

#include "certsweep/buf.h"
#include "certsweep/error.h"
#include "certsweep/lint.h"

#include <stddef.h>
#include <stdint.h>

/* ---- RFC 6962 3.2 correspondence -------------------------------------------------------------- */

/* The TBSCertificate (whole TLV) with the CT poison and SCT-list extensions
 * removed, re-encoded in DER (an extensions field left empty is dropped).
 * A precertificate and its final certificate give the same bytes. */
int sweep_tbs_canonical(struct sweep_buf *out, const uint8_t *tbs, size_t tbs_len, struct sweep_error *err);
/* SHA-256 of sweep_tbs_canonical(): the fingerprint a precertificate shares
 * with its final certificate ("tbs_sha256"). */
int sweep_tbs_sha256(uint8_t out[32], const uint8_t *tbs, size_t tbs_len, struct sweep_error *err);

/* Fields of a TBSCertificate, for reporting what differs. */
enum {
	SWEEP_TBS_VERSION = 1u << 0,
	SWEEP_TBS_SERIAL = 1u << 1,
	SWEEP_TBS_SIGNATURE = 1u << 2,
	SWEEP_TBS_ISSUER = 1u << 3,
	SWEEP_TBS_VALIDITY = 1u << 4,
	SWEEP_TBS_SUBJECT = 1u << 5,
	SWEEP_TBS_SPKI = 1u << 6,
	SWEEP_TBS_UNIQUE_IDS = 1u << 7,
	SWEEP_TBS_EXTENSIONS = 1u << 8,      /* an extension added, removed or changed */
	SWEEP_TBS_EXTENSION_ORDER = 1u << 9, /* same extensions, another order */
};
/* Flags for sweep_tbs_diff. */
enum {
	/* The precertificate came from a Precertificate Signing Certificate
	 * (RFC 6962 3.1): its issuer and authorityKeyIdentifier name that
	 * certificate, so they may differ from the final certificate's. */
	SWEEP_TBS_PRECERT_SIGNING_CA = 1u << 0,
};
/* Compare a precertificate's TBS with a final certificate's, poison and SCT
 * list ignored. Returns a mask of SWEEP_TBS_* fields that differ (0: they
 * correspond) or a negative code when either does not decode. When details
 * is not NULL it receives a readable list ("validity; extension 2.5.29.17
 * differs; ..."). */
int sweep_tbs_diff(unsigned *out, const uint8_t *pre_tbs, size_t pre_len, const uint8_t *fin_tbs, size_t fin_len,
		   unsigned flags, struct sweep_buf *details, struct sweep_error *err);

/* ---- serial-number entropy (BR 7.1: >= 64 bits of CSPRNG output) --------------------------------- */

#define SWEEP_SERIAL_SKETCH_OCTETS 20 /* RFC 5280 4.1.2.2: at most 20 octets */

/* What one issuer's serials (in one window) say about their generator:
 * which bit positions ever varied. A bit produced by a CSPRNG is constant
 * across n serials with probability 2^(1-n); so with n >= 100 serials, a
 * generator with 64 random bits shows at least 64 varying positions except
 * with probability below 64 * 2^-99. Fewer varying positions prove less
 * entropy: the 2019 "63-bit serial" incidents (top bit always clear),
 * sequential serials (only the low bits vary), long constant prefixes. */
struct sweep_serial_sketch {
	uint64_t n;
	uint8_t any[SWEEP_SERIAL_SKETCH_OCTETS]; /* OR of every serial, right-aligned */
	uint8_t all[SWEEP_SERIAL_SKETCH_OCTETS]; /* AND of every serial, right-aligned */
	unsigned max_bits;                       /* widest serial, sign octet not counted */
};

void sweep_serial_sketch_init(struct sweep_serial_sketch *s);
/* Add a serial (INTEGER content octets as encoded; a leading 00 sign octet
 * is not part of the value; a value over 20 octets adds its low 20). */
void sweep_serial_sketch_add(struct sweep_serial_sketch *s, const uint8_t *serial, size_t len);
/* Fold b into a exactly (shards, workers): the result is the sketch of both. */
void sweep_serial_sketch_merge(struct sweep_serial_sketch *a, const struct sweep_serial_sketch *b);
/* Number of bit positions (within the widest serial) that ever varied:
 * an upper bound on the generator's entropy in bits. */
unsigned sweep_serial_sketch_varying_bits(const struct sweep_serial_sketch *s);
#define SWEEP_SERIAL_MIN_SAMPLE 100 /* serials needed before the sketch judges */
#define SWEEP_SERIAL_MIN_BITS 64    /* BR 7.1 */
/* 1 when the sample is large enough and shows fewer than 64 varying bits. */
int sweep_serial_sketch_insufficient(const struct sweep_serial_sketch *s);

/* ---- public keys revoked for keyCompromise (BR 4.9.1.1, 6.1.1.3) ------------------------------- */

/* A set of SPKI SHA-256 hashes, each with the earliest keyCompromise
 * revocation seen for it. Only compromised keys are held, so memory follows
 * the number of compromised keys, not the corpus. */
struct sweep_keyset {
	struct sweep_keyset_slot *slots;
	size_t n, cap;
};

void sweep_keyset_init(struct sweep_keyset *ks);
void sweep_keyset_release(struct sweep_keyset *ks);
/* Record a key revoked for keyCompromise at revoked_at (the earliest wins). */
int sweep_keyset_add(struct sweep_keyset *ks, const uint8_t spki_sha256[32], int64_t revoked_at);
/* 1 and *revoked_at when the key is in the set, else 0. */
int sweep_keyset_find(const struct sweep_keyset *ks, const uint8_t spki_sha256[32], int64_t *revoked_at);
/* Fold b into a. */
int sweep_keyset_merge(struct sweep_keyset *a, const struct sweep_keyset *b);
/* Walk the set: start with *pos = 0; 1 and the next entry, or 0 at the end. */
int sweep_keyset_next(const struct sweep_keyset *ks, size_t *pos, uint8_t key[32], int64_t *revoked_at);

/* ---- external sort of fixed-size records (serial reuse without holding every serial) ------------ */

/* Records are appended to a buffer; a full buffer is sorted (memcmp order
 * over the whole record) and written as a run to an unlinked temporary file
 * in $TMPDIR; reading merges the runs (k-way, a small read buffer each), so
 * memory stays at the buffer size whatever the number of records. */
struct sweep_spill_run {
	uint64_t off, end; /* bytes of the temp file: next unread, end of run */
	uint8_t *buf;      /* read buffer */
	size_t pos, len;   /* within buf */
};

struct sweep_spill {
	size_t rec_size;
	uint8_t *buf; /* records not yet spilled */
	size_t n, cap; /* in records */
	int fd;        /* the temp file, -1 until the first run */
	uint64_t file_len;
	struct sweep_spill_run *runs;
	size_t n_runs;
	size_t *heap, n_heap; /* run indices, smallest head first (merge) */
	size_t mem_pos;       /* next buffered record (no runs: read from memory) */
	int merging;
	int unordered;  /* set after init: runs are not sorted, reading gives the records as added, run by run */
	uint64_t total; /* records added */
	size_t read_buffer; /* bytes a run while merging */
};

/* 4 MiB: four checks sort at once, beside the affected set's share of
 * --memory-limit; 100M rows make ~1,200 runs, merged with ~4 MiB of read
 * buffers in all */
#define SWEEP_SPILL_BUFFER ((size_t)4 << 20)

/* A temporary file in $TMPDIR (certsweep-WHAT-XXXXXX), unlinked at once: *fd;
 * SWEEP_EIO when it cannot be made. */
int sweep_temp_fd(int *fd, const char *what, struct sweep_error *err);
/* rec_size bytes per record; buffer_bytes of records in memory before a
 * run is written (0: the test hook CERTSWEEP_SPILL_BUFFER=BYTES if set, else
 * SWEEP_SPILL_BUFFER). */
int sweep_spill_init(struct sweep_spill *sp, size_t rec_size, size_t buffer_bytes, struct sweep_error *err);
void sweep_spill_release(struct sweep_spill *sp);
/* Append one record. A run that cannot be written (ENOSPC, I/O) is SWEEP_EIO. */
int sweep_spill_add(struct sweep_spill *sp, const void *rec, struct sweep_error *err);
/* No more records: start reading them back in order. */
int sweep_spill_sort(struct sweep_spill *sp, struct sweep_error *err);
/* The next record in memcmp order (in the order added when unordered: for
 * a check that judges each record alone, issue #17: sorting them was most
 * of the external sorts' cost): 0 and *rec (valid until the next call),
 * 1 at the end, or a negative code. */
int sweep_spill_next(struct sweep_spill *sp, const uint8_t **rec, struct sweep_error *err);

/* ---- the corpus checks as registry rows (src/corpus/checks.c) ---------------------------------- */

/* Registry hooks of a c_ row: per certificate it never applies; the scan
 * decides it across certificates. */
int sweep_corpus_applies_never(const struct sweep_cert *cert);
/* The check needs revocation reasons (a database's, or --crl with files). */
int sweep_corpus_needs_revocations(const struct sweep_lint *lint);
enum sweep_check sweep_corpus_check_none(const struct sweep_cert *cert, const struct sweep_lint_config *cfg,
					 struct sweep_buf *details);
/* 1 for a corpus check (name prefix c_). */
int sweep_corpus_is_check(const struct sweep_lint *lint);
#define SWEEP_CORPUS_PRECERT_FINAL_MISMATCH "c_precert_final_mismatch"
#define SWEEP_CORPUS_SERIAL_REUSED "c_serial_reused"
#define SWEEP_CORPUS_SERIAL_ENTROPY "c_serial_entropy_insufficient"
#define SWEEP_CORPUS_KEY_REUSED "c_key_reused_after_compromise"

#endif
