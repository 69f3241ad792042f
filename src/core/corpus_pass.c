/* Corpus checks in the scan: the hooks scan.c calls, which hand each row
 * in window to the selected checks: c_precert_final_mismatch
 * (corpus_precert.c), c_serial_reused (corpus_serial.c),
 * c_serial_entropy_insufficient (corpus_entropy.c),
 * c_key_reused_after_compromise (corpus_key.c),
 * c_issued_outside_issuer_validity (corpus_issuer.c); and the helpers they
 * share (affected set, findings, re-read, keys, sort-record integers).
 * Rows are observed in row order by the thread that applies verdicts, so
 * --jobs gives the same result. No check decides during the main pass:
 * each decides after it and re-reads only the rows it needs. */
#include "corpus_pass.h"

#include "corpus_fails.h"

#include "certsweep/corpus.h"
#include "certsweep/expr.h"

#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

int corpus_lint_index(const struct sweep_audit_opts *o, const char *name)
{
	for (size_t i = 0; i < o->n_lints; i++)
		if (strcmp(o->lints[i]->name, name) == 0)
			return (int)i;
	return -1;
}

int scan_corpus_wanted(const struct sweep_audit_opts *o)
{
	for (size_t i = 0; i < o->n_lints; i++)
		if (sweep_corpus_is_check(o->lints[i]))
			return (int)i;
	return -1;
}

int scan_corpus_begin(struct scan *s, struct sweep_error *err)
{
	int first = scan_corpus_wanted(s->o), rc = 0;

	if (first < 0)
		return 0;
	/* With --shard the checks gather over the shard's rows and write that
	 * to corpus.state (scan_corpus_save); merge folds and decides them.
	 * --connections readers are shards the same way (src/core/parallel.c). */
	s->corpus = calloc(1, sizeof(*s->corpus));
	if (!s->corpus)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	int precert = corpus_lint_index(s->o, SWEEP_CORPUS_PRECERT_FINAL_MISMATCH);
	if (precert >= 0)
		rc = corpus_precert_begin(&s->corpus->precert, precert, err);
	int reuse = corpus_lint_index(s->o, SWEEP_CORPUS_SERIAL_REUSED);
	int entropy = corpus_lint_index(s->o, SWEEP_CORPUS_SERIAL_ENTROPY);
	if (!rc && reuse >= 0)
		rc = corpus_reuse_begin(&s->corpus->reuse, reuse, err);
	int key = corpus_lint_index(s->o, SWEEP_CORPUS_KEY_REUSED);
	if (!rc && entropy >= 0)
		rc = corpus_entropy_begin(&s->corpus->entropy, entropy, err);
	if (!rc && key >= 0)
		rc = corpus_key_begin(&s->corpus->key, s, key, err);
	int issuer = corpus_lint_index(s->o, SWEEP_CORPUS_ISSUER_VALIDITY);
	if (!rc && issuer >= 0)
		rc = corpus_issuer_begin(&s->corpus->issuer, s, issuer, err);
	if (!rc && s->corpus->issuer)
		rc = corpus_issuer_learn(s->corpus->issuer, s, err);
	return rc;
}

void scan_corpus_release(struct scan *s)
{
	struct corpus_state *cs = s->corpus;

	if (!cs)
		return;
	corpus_precert_release(cs->precert);
	corpus_reuse_release(cs->reuse);
	corpus_entropy_release(cs->entropy);
	corpus_key_release(cs->key);
	corpus_issuer_release(cs->issuer);
	free(cs);
	s->corpus = NULL;
}

int corpus_affect(struct scan *s, const struct sweep_row *row, const struct sweep_cert *cert, size_t lint)
{
	struct sweep_group *g = sweep_affected_find_cert(&s->set, cert);
	struct sweep_row_status st = { row->has_status, row->revoked, row->revoked_at, row->reason };
	struct sweep_cert typed;
	int fresh = 1, rc;

	if (s->collect) /* --where's pre-pass: only which row fails */
		return corpus_fails_add(s->collect, s->o->lints[lint], row->id) ? SWEEP_ENOMEM : 0;
	if (sweep_lint_cert_type(cert, &s->o->lint_cfg) != cert->type) {
		/* a CA-specific EV OID (--ev-oid): the serial counts as EV in the outputs */
		typed = *cert;
		typed.type = SWEEP_TYPE_EV;
		cert = &typed;
	}
	for (size_t j = 0; g && j < g->n_members; j++)
		if (memcmp(g->members[j].sha256, sweep_cert_sha256(cert), 32) == 0 && g->members[j].failed)
			fresh = 0;
	s->stats.matched_certs += (uint64_t)fresh;
	rc = g ? 0 : sweep_affected_group(&g, &s->set, cert, row->id, row->issuer_ref);
	if (!rc)
		rc = sweep_affected_add_cert(&s->set, g, cert, row->id, &st, 1);
	if (!rc)
		rc = sweep_affected_add_lints(&s->set, g, &lint, 1);
	if (!rc && fresh && sweep_affected_spilled(&s->set)) {
		/* its earlier match may be in a fragment on disk: counted once
		 * when they are folded (sweep_affected_drain) */
		for (size_t j = 0; j < g->n_members; j++)
			if (memcmp(g->members[j].sha256, sweep_cert_sha256(cert), 32) == 0)
				g->members[j].tentative = 1;
	}
	return rc ? SWEEP_ENOMEM : 0;
}

int corpus_write_finding(struct scan *s, const struct sweep_row *row, const struct sweep_cert *c, size_t lint,
			 const char *details)
{
	struct sweep_buf text = SWEEP_BUF_INIT;

	if (s->collect)
		return 0; /* --where's pre-pass writes nothing */
	scan_format_finding(&text, row, c, s->o->lints[lint], SWEEP_R_ERROR, details);
	if (text.oom) {
		sweep_buf_release(&text);
		return SWEEP_ENOMEM;
	}
	sweep_stream_write(&s->findings, text.p, text.len);
	s->stats.findings++;
	if ((int)SWEEP_R_ERROR > s->stats.worst)
		s->stats.worst = (int)SWEEP_R_ERROR;
	sweep_buf_release(&text);
	return 0;
}

void corpus_be64(uint8_t out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * (7 - i)));
}

void corpus_put64(uint8_t *p, int64_t v)
{
	corpus_be64(p, (uint64_t)v ^ ((uint64_t)1 << 63));
}

int64_t corpus_get64(const uint8_t *p)
{
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u = u << 8 | p[i];
	return (int64_t)(u ^ ((uint64_t)1 << 63));
}

static int64_t field64(const void *list, size_t i, size_t size, size_t off)
{
	int64_t v;
	memcpy(&v, (const char *)list + i * size + off, sizeof(v));
	return v;
}

int corpus_reread_begin(struct scan *s, const void *list, size_t n, size_t size, size_t id_off, size_t ref_off,
			struct sweep_error *err)
{
	int64_t *refs = calloc(n ? n : 1, sizeof(*refs)), before = 0;
	size_t n_refs = 0, u = 0;
	int unknown_ref = 0, rc;

	if (!refs)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int64_t id = field64(list, i, size, id_off), ref = field64(list, i, size, ref_off);
		if (id + 1 > before)
			before = id + 1;
		if (ref < 0)
			unknown_ref = 1;
		else
			refs[n_refs++] = ref;
	}
	u = sweep_issuer_refs_distinct(refs, n_refs);
	struct sweep_scan_filter filter = { unknown_ref ? NULL : refs, u, before, 0, 0 };
	rc = sweep_source_begin(s->src, &filter, err); /* the source copies the issuer list */
	free(refs);
	return rc;
}

size_t corpus_reread_find(const void *list, size_t n, size_t size, size_t id_off, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (field64(list, mid, size, id_off) < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && field64(list, lo, size, id_off) == id ? lo : n;
}

int corpus_pair_key(uint8_t out[16], const uint8_t *issuer, size_t ilen, const uint8_t *kid, size_t klen,
		    const uint8_t *serial, size_t slen)
{
	uint8_t len[8], klenb[8], full[32];

	corpus_be64(len, ilen);
	corpus_be64(klenb, klen);
	/* a re-keyed CA (same name, another key) is another issuer */
	const struct sweep_span parts[] = { { len, 8 }, { issuer, ilen }, { klenb, 8 }, { kid, klen }, { serial, slen } };
	if (sweep_sha256_parts(full, parts, 5))
		return SWEEP_ENOMEM;
	memcpy(out, full, 16);
	return 0;
}

int corpus_issuer_key(uint8_t out[32], const uint8_t *issuer, size_t ilen, const uint8_t spki_sha256[32])
{
	uint8_t len[8];

	corpus_be64(len, ilen);
	const struct sweep_span parts[] = { { len, 8 }, { issuer, ilen }, { spki_sha256, 32 } };
	return sweep_sha256_parts(out, parts, 3) ? SWEEP_ENOMEM : 0;
}

int scan_corpus_note_ca(struct scan *s, const struct sweep_row *row, struct sweep_error *err)
{
	if (!s->corpus || !s->corpus->issuer)
		return 0;
	return corpus_issuer_note_ca(s->corpus->issuer, row, err);
}

int scan_corpus_observe(struct scan *s, const struct sweep_row *row, const struct row_verdict *v,
			struct sweep_error *err)
{
	struct corpus_state *cs = s->corpus;
	const uint8_t *key = v->pair_key; /* made by the judging thread (scan_verdict_corpus) */
	int rc;

	if (!cs)
		return 0;
	if (cs->reuse && (rc = corpus_reuse_observe(cs->reuse, key, row, v, err)) != 0)
		return rc;
	if (cs->entropy && (rc = corpus_entropy_observe(cs->entropy, row, v, err)) != 0)
		return rc;
	if (cs->key && (rc = corpus_key_observe(cs->key, s, row, v, err)) != 0)
		return rc;
	if (cs->issuer && (rc = corpus_issuer_observe(cs->issuer, row, v, err)) != 0)
		return rc;
	if (cs->precert && (rc = corpus_precert_observe(cs->precert, key, row, v, err)) != 0)
		return rc;
	return 0;
}

int scan_corpus_finish(struct scan *s, struct sweep_error *err)
{
	struct corpus_state *cs = s->corpus;
	int rc;

	if (!cs)
		return 0;
	/* a stop asked for now leaves the checkpoint of the main pass's end:
	 * nothing of the checks is in the outputs yet, a resume rebuilds them */
	scan_fault_signal("corpus");
	if (scan_interrupted(s))
		return scan_interrupt(s, 1, err);
	/* c_precert_final_mismatch's findings come last, as they always have;
	 * past --memory-limit the set spills between two checks (a check may
	 * hold groups while it decides) */
	if (cs->reuse && ((rc = corpus_reuse_finish(s, cs->reuse, err)) != 0 || (rc = scan_spill_due(s, err)) != 0))
		return rc;
	if (cs->entropy && ((rc = corpus_entropy_finish(s, cs->entropy, err)) != 0 || (rc = scan_spill_due(s, err)) != 0))
		return rc;
	if (cs->key && ((rc = corpus_key_finish(s, cs->key, err)) != 0 || (rc = scan_spill_due(s, err)) != 0))
		return rc;
	if (cs->issuer && ((rc = corpus_issuer_finish(s, cs->issuer, err)) != 0 || (rc = scan_spill_due(s, err)) != 0))
		return rc;
	if (cs->precert && ((rc = corpus_precert_finish(s, cs->precert, err)) != 0 || (rc = scan_spill_due(s, err)) != 0))
		return rc;
	return 0;
}

int scan_corpus_next(struct scan *s, struct sweep_row *row, struct sweep_error *err)
{
	for (;;) {
		struct sweep_error derr = { 0, "" };
		int rc = sweep_source_next(s->src, row, err);
		if (rc)
			return rc;
		if (row->der_null)
			continue;
		rc = sweep_cert_decode(&s->cert, row->der, row->der_len, &derr);
		if (rc == SWEEP_ENOMEM)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		if (rc)
			continue;
		if (s->cert.is_ca)
			return scan_corpus_note_ca(s, row, err);
		return 0;
	}
}

int scan_corpus_verdict(struct row_verdict *v, const struct sweep_cert *c)
{
	memset(v, 0, sizeof(*v));
	v->status = ROW_JUDGED;
	scan_verdict_key(v, c);
	return scan_verdict_corpus(v, c);
}

/* --resume: the checks' state is rebuilt by re-reading the rows the
 * checkpoint accounts for (the selection, id-bounded below last_id + 1),
 * each decoded and windowed as the main pass did and handed to the checks
 * (no lints, no outputs, no counters).
 *
 * Why a re-read rather than keeping the checks' state on disk with every
 * checkpoint: the state is five different things (two external sorts, the
 * per-issuer serial sketches, the compromised-key set and the CA validity
 * map with its candidates), and only the sorts are append-only; writing all
 * of them durably at every checkpoint would cost I/O on every uninterrupted
 * audit and add a file format per check, while a resume is rare. No check
 * decides or writes anything before the main pass ends, so what they hold
 * is a pure function of the rows read: re-reading those rows in the same
 * (id) order rebuilds it exactly. A checkpoint taken after the checks
 * finished (SCAN_DONE_CORPUS) needs none of it. Cost: one more read and
 * decode of the rows before the checkpoint, without the lints. */
int scan_corpus_rebuild(struct scan *s, const struct sweep_scan_filter *selection, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = s->o;
	struct sweep_scan_filter f = *selection;
	struct sweep_row row;
	int rc;

	if (!s->corpus || !s->have_last || s->corpus_finished)
		return 0;
	if (s->last_id == INT64_MAX || (f.has_after && s->last_id <= f.after_id))
		return 0; /* nothing was read before the checkpoint */
	if (!f.before_id || s->last_id + 1 < f.before_id)
		f.before_id = s->last_id + 1;
	if (f.before_id <= 0)
		return 0;
	rc = sweep_source_begin(s->src, &f, err);
	while (!rc && (rc = scan_corpus_next(s, &row, err)) == 0) {
		const struct sweep_cert *c = &s->cert;
		struct row_verdict v;
		if (!scan_in_window(o, c))
			continue;
		int64_t as_of = o->as_of == SWEEP_AS_OF_ISSUED ? c->not_before
				: o->as_of == SWEEP_AS_OF_NOW  ? o->now
							       : o->as_of_date;
		if ((o->where && !scan_where_match(o, &row, c, as_of)) || scan_corpus_verdict(&v, c)) {
			s->corpus_unobserved++; /* as the main pass counts it */
			continue;
		}
		rc = scan_corpus_observe(s, &row, &v, err);
	}
	return rc == 1 ? 0 : rc;
}
