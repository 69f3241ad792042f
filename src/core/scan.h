/* The scanner's private parts, shared by the sequential pass (scan.c), the
 * --jobs pipeline (pipeline.c) and the later passes (join.c). */
#ifndef CERTSWEEP_CORE_SCAN_H
#define CERTSWEEP_CORE_SCAN_H

#include "certsweep/audit.h"
#include "certsweep/sink.h"

/* Per-thread scratch for judging rows. */
struct judge_ctx {
	struct sweep_cert cert;
	struct sweep_buf details;
	/* whether a corpus check is selected in corpus_for, worked out once per
	 * options (issue #17: scan_corpus_wanted looks at every lint's name) */
	const struct sweep_audit_opts *corpus_for;
	int corpus;
};

/* What one row comes to, worked out without touching the scan's state, so
 * worker threads can compute it and the reader apply it in row order. */
enum row_status { ROW_UNPARSEABLE, ROW_OUT_OF_WINDOW, ROW_JUDGED };

struct row_verdict {
	enum row_status status;
	int matched, worst;
	size_t n_hits, n_findings;
	size_t hits_off;           /* into the hits array of the batch */
	size_t text_off, text_len; /* finding lines, or the unparseable reason */
	int is_precert;
	const uint8_t *issuer; /* pairing key, pointing into the row's DER */
	size_t issuer_len;
	const uint8_t *kid; /* ...with the issuer's key identity (AKI keyIdentifier) */
	size_t kid_len;
	const uint8_t *serial;
	size_t serial_len;
	int corpus;             /* a corpus check is selected and the row takes part */
	uint8_t tbs_sha256[32]; /* ...with this canonical TBS fingerprint */
	int psc;                /* a Precertificate Signing Certificate (psc.c) */
	int64_t not_before;     /* ...and this notBefore (c_serial_entropy_insufficient) */
	uint8_t issuer_key[32]; /* ...this issuer and public key (corpus_issuer_key: c_key_reused_after_compromise) */
	uint8_t pair_key[16];   /* ...and this (issuer, key id, serial) (corpus_pair_key) */
	int corpus_ca;          /* a corpus check is selected and the row is a CA certificate (in window or not) */
};

/* A Precertificate Signing Certificate the scan knows of (psc.c). */
struct scan_psc {
	uint8_t *der;
	size_t der_len;
	struct sweep_cert cert; /* decoded from der */
	int64_t real_ref;       /* issuer ref of the CA that issued it: its precertificates' real issuer */
	int64_t own_ref;        /* issuer ref its precertificates carry (crt.sh's ca_id of it), -1 unknown */
};

struct scan_psc_map {
	struct scan_psc *v;
	size_t n;
	int64_t *refs; /* the main pass's issuer filter, widened by them */
};

struct corpus_state; /* corpus_pass.c */

struct scan {
	const struct sweep_audit_opts *o;
	const struct sweep_run_opts *run;
	struct sweep_source *src;
	struct sweep_cert cert;
	struct sweep_affected set;
	struct sweep_stream findings, unparseable;
	struct sweep_stream journal; /* checkpoint.groups.partial, once a checkpoint was taken */
	int journal_open;
	/* the pairing pass or the revocation join has begun: they change groups
	 * without marking them dirty, so a checkpoint journals every group */
	int unmarked;
	struct sweep_buf line;
	struct sweep_audit_stats stats;
	struct judge_ctx judge; /* the reader thread's own judging scratch */
	struct sweep_buf text;
	size_t *hits_arr, hits_cap, n_hits;
	int checkpointing; /* the source pages by integer id, so a scan can resume */
	int have_last;
	int64_t last_id;                    /* last row fully accounted for */
	long off_findings, off_unparseable; /* stream lengths at that row */
	uint64_t since_checkpoint;
	int scan_done; /* resumed after the main pass had finished (SCAN_DONE_CORPUS: and the corpus checks) */
	int corpus_finished; /* the corpus checks have written their findings and affected serials */
	/* The last row applied has a twin with the same id still to come: a
	 * checkpoint now would resume past the twin, so none is taken. */
	int mid_id;
	/* The source's position after the last row applied, when it pages in
	 * index order (a checkpoint resumes there rather than after an id);
	 * "" otherwise. Resumed from a checkpoint that had one until set. */
	char position[SWEEP_SOURCE_POSITION_MAX];
	/* the source stands right after the last row applied (no batch read
	 * ahead), so a checkpoint asks it for its position */
	int position_live;
	uint64_t applied_here; /* rows applied by this process */
	/* Test hook CERTSWEEP_FAULT_AFTER_ROWS=N[:TERM]: SIGKILL (or SIGTERM)
	 * this process once it has applied N rows, so that tests interrupt an
	 * audit at a chosen row instead of after a guessed delay. 0: off. */
	uint64_t fault_after;
	int fault_sig;
	unsigned long regex_base; /* sweep_expr_regex_errors() when this run began */
	int64_t estimate;
	struct corpus_state *corpus; /* NULL when no corpus check is selected */
	/* --where's pre-pass (corpus_fails.c): the checks record the rows they
	 * would add to the affected set here instead */
	struct sweep_corpus_fails *collect;
	struct scan_psc_map psc;
	/* Rows in window the corpus checks did not take (--where left them out,
	 * or their TBS could not be made canonical): c_precert_final_mismatch's
	 * sorted records then do not hold every row the pairing pass would read
	 * (scan_corpus_siblings). merge: the shards' counts, summed. */
	uint64_t corpus_unobserved;
	/* merge: corpus.state files loaded, how many of them gave their count
	 * of unobserved rows, and whether they were not every shard of the
	 * selection (the records then lack rows the pairing pass reads) */
	size_t corpus_states, corpus_states_counted;
	int corpus_partial;
};

/* Precertificate Signing Certificates (psc.c). */
int scan_cert_is_psc(const struct sweep_cert *c);
int scan_psc_note(struct scan_psc_map *m, const uint8_t *der, size_t len, int64_t real_ref, int64_t own_ref,
		  struct sweep_error *err);
const struct scan_psc *scan_psc_find(const struct scan_psc_map *m, const uint8_t *issuer, size_t len);
/* c itself, or (a precertificate signed by a known Precertificate Signing
 * Certificate) a copy in tmp whose issuer is the real issuing CA's, with
 * *issuer_ref moved to it where it was the signing certificate's. */
const struct sweep_cert *scan_psc_rekey(const struct scan_psc_map *m, const struct sweep_cert *c,
					struct sweep_cert *tmp, int64_t *issuer_ref);
/* Learn the source's Precertificate Signing Certificates before a pass (crt.sh). */
int scan_psc_learn(struct scan *s, struct sweep_error *err);
/* Append to refs (*n of them, realloc'ed) the refs of the Precertificate
 * Signing Certificates issued by any of them. */
int scan_psc_add_refs(const struct scan_psc_map *m, int64_t **refs, size_t *n);
void scan_psc_release(struct scan_psc_map *m);

/* Record the source's position after the last row read as the last row
 * applied's (index-order passes; the pipeline calls it per batch). */
void scan_note_position(struct scan *s, const char *pos);

int scan_judge_row(const struct sweep_audit_opts *o, struct judge_ctx *ctx, const struct sweep_row *row,
		   struct sweep_buf *text, size_t **hits, size_t *hits_cap, size_t *n_hits_total, struct row_verdict *v);
int scan_apply_row(struct scan *s, const struct sweep_row *row, const struct sweep_cert *cert,
		   const struct row_verdict *v, const char *text, const size_t *hits, struct sweep_error *err);
int scan_in_window(const struct sweep_audit_opts *o, const struct sweep_cert *c);
/* Whether the row's decoded certificate c matches o->where (judged as of
 * as_of; `lint c_X fails` looked up in o->where_fails by the row's id). */
int scan_where_match(const struct sweep_audit_opts *o, const struct sweep_row *row, const struct sweep_cert *c,
		     int64_t as_of);
int scan_checkpoint(struct scan *s, int scan_done, struct sweep_error *err);
/* A checkpoint when --checkpoint-rows rows have been applied since the
 * last one (never between two rows of one id); 0 when none is due. */
int scan_checkpoint_due(struct scan *s, struct sweep_error *err);
/* Spill the set if it is past its budget (--memory-limit); called between
 * rows, never while a group is held. */
int scan_spill_due(struct scan *s, struct sweep_error *err);
/* The same whatever the budget (the groups journaled first when checkpointing). */
int scan_spill_now(struct scan *s, struct sweep_error *err);
/* A fragment for sibling c (row id, issuer ref ref) of a serial that may
 * have gone to disk; NULL when none has that serial, or out of memory. */
struct sweep_group *scan_sibling_fragment(struct scan *s, const struct sweep_cert *c, int64_t id, int64_t ref);
/* After the scan, a spilled set: fragments folded, the revocation join (when
 * revocation) and --crl applied, into res (its groups on disk, in order). */
int scan_drain(struct scan *s, struct sweep_audit_result *res, int revocation, struct sweep_error *err);
/* A signal asked to stop: checkpoint (scan_done as given) and return SWEEP_EINTR. */
int scan_interrupt(struct scan *s, int scan_done, struct sweep_error *err);
int scan_interrupted(const struct scan *s);
/* Fold what the source and --where know into st: snapshot kind, regex stops. */
void scan_stats_source(const struct scan *s, struct sweep_audit_stats *st);
void scan_progress(struct scan *s, int done);

int scan_resume_load(struct scan *s, struct sweep_error *err);
int scan_pass_main(struct scan *s, struct sweep_error *err);
/* Read and apply rows until the last one applied has no twin to come, so
 * that a checkpoint can be taken (after an interrupt in the pipeline). */
int scan_finish_twins(struct scan *s, struct sweep_error *err);
/* Parse CERTSWEEP_FAULT_AFTER_ROWS into s. */
void scan_fault_init(struct scan *s);
int scan_pipelined(struct scan *s, struct sweep_error *err);
int scan_pass_pairing(struct scan *s, struct sweep_error *err);
/* A row that may be a sibling the main pass missed: its id and issuer ref. */
struct scan_sibling {
	int64_t id, ref;
};
/* The pairing pass's rows without a pass over the table (issue #17): when
 * c_precert_final_mismatch ran, its sorted records (every row in window,
 * by (issuer, key id, serial) key) gave the rows whose key is an affected
 * group's (or one of its mismatching pairs', which become groups) and
 * that are not already a member of it: 0 and that list, in id order, or -1
 * when there is none or the records do not hold every row the pass would
 * read (a row in window left out, a Precertificate Signing Certificate
 * known, a source without integer ids, merge over some of the shards;
 * test hook CERTSWEEP_PAIRING_PASS=1): the pass reads the table then. */
int scan_corpus_siblings(const struct scan *s, const struct scan_sibling **out, size_t *n);
int scan_join_revocation(struct scan *s, struct sweep_error *err);
int scan_join_crls(const struct sweep_audit_opts *o, struct sweep_group **groups, size_t n, size_t *conflicts);

/* Corpus checks (corpus_pass.c, corpus_serial.c, corpus_entropy.c).
 * wanted: index into o->lints of the first corpus check (c_*), or -1. */
int scan_corpus_wanted(const struct sweep_audit_opts *o);
int scan_corpus_begin(struct scan *s, struct sweep_error *err);
/* A row in window: the checks take note (none decides during the main pass). */
int scan_corpus_observe(struct scan *s, const struct sweep_row *row, const struct row_verdict *v,
			struct sweep_error *err);
/* After the main pass: re-read the rows each check needs (both
 * certificates of a mismatching pair, the certificates of a reused serial, an
 * issuer with too little serial entropy), write their findings and add
 * them to the affected set. */
int scan_corpus_finish(struct scan *s, struct sweep_error *err);
/* A checkpoint's scan_done when the corpus checks had finished too (the
 * pairing pass or the revocation join was interrupted): a resume neither
 * rebuilds nor reruns them. */
#define SCAN_DONE_CORPUS 2
/* --resume: rebuild the corpus checks' state from the rows the checkpoint
 * accounts for (selection: the main pass's filter, before the resume
 * narrows it). */
int scan_corpus_rebuild(struct scan *s, const struct sweep_scan_filter *selection, struct sweep_error *err);
/* A decoded row that is a CA certificate (v->corpus_ca), in window or not:
 * c_issued_outside_issuer_validity learns its validity. */
int scan_corpus_note_ca(struct scan *s, const struct sweep_row *row, struct sweep_error *err);
void scan_corpus_release(struct scan *s);
/* The row_verdict the corpus checks take for a decoded certificate in the
 * selection (their passes outside the main pass: --resume, --where's
 * pre-pass); -1 when its TBS cannot be made canonical (not observed). */
int scan_corpus_verdict(struct row_verdict *v, const struct sweep_cert *c);
/* The parts of a row_verdict both the main pass and those passes fill: the
 * pairing key (precertificate or not, issuer, key identifier, serial:
 * pointing into c), and what the corpus checks take (the canonical TBS's
 * SHA-256, the pair and issuer keys of corpus_pass.h, notBefore; v->corpus
 * set), -1 when the TBS cannot be made canonical. */
void scan_verdict_key(struct row_verdict *v, const struct sweep_cert *c);
int scan_verdict_corpus(struct row_verdict *v, const struct sweep_cert *c);
/* The next row of such a pass decoded into s->cert (rows that are NULL or
 * do not decode are skipped: the checks never see them), a CA certificate
 * noted for c_issued_outside_issuer_validity: 0, 1 at the end, or a
 * negative code. */
int scan_corpus_next(struct scan *s, struct sweep_row *row, struct sweep_error *err);
/* Free what a scan holds (not its streams). */
void scan_release(struct scan *s);
/* --shard: write the checks' state to corpus.state in the output directory
 * (atomically) instead of deciding. */
int scan_corpus_save(struct scan *s, struct sweep_error *err);
/* merge: fold the corpus.state of shard K/N in directory dir into the checks. */
int scan_corpus_load(struct scan *s, const char *dir, int shard_k, int shard_n, struct sweep_error *err);
#define SWEEP_CORPUS_STATE "corpus.state" 
void scan_format_finding(struct sweep_buf *out, const struct sweep_row *row, const struct sweep_cert *c,
			 const struct sweep_lint *lint, enum sweep_result r, const char *details);

/* Test hook (CERTSWEEP_FAULT_SIGNAL_IN=corpus|pairing|revocation): raise SIGTERM on
 * entering that stage, as a user's Ctrl-C would. */
void scan_fault_signal(const char *stage);

#endif
