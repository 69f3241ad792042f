/* Corpus checks in the scan: the hooks scan.c calls, and
 * c_precert_final_mismatch (RFC 6962 3.1, 3.2); c_serial_reused is in
 * corpus_serial.c, c_serial_entropy_insufficient in corpus_entropy.c.
 *
 * The main pass remembers, per (issuer, serial), a 16-byte key and the first
 * 16 bytes of the canonical-TBS SHA-256 (poison and SCT list removed) of the
 * first certificate seen. When the other kind (precertificate or final)
 * arrives with another fingerprint, that row fails at once; the earlier
 * partner is re-read after the main pass (issuer- and id-bounded, as the
 * pairing pass does), and only for those pairs the field diff is computed
 * and both findings written. Rows are observed in row order by the thread
 * that applies verdicts, so --jobs gives the same result.
 *
 * Memory: 48 bytes of map (at most half full) per (issuer, serial) whose
 * partner has not been seen yet; a completed pair leaves the map. Shards and --connections would each see part of a pair,
 * and the map is not in the state file, so those and --resume are refused. */
#include "corpus_pass.h"

#include "certsweep/corpus.h"
#include "certsweep/expr.h"

#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

struct pend {
	uint8_t key[16];
	uint8_t tbs[16];
	int64_t id;
	uint8_t used, precert;
};

struct mismatch {
	int64_t a_id; /* the earlier partner, re-read after the main pass */
	int64_t b_id;
	int64_t b_issuer_ref;
	char *b_key;
	uint8_t *b_der;
	size_t b_len;
	int done;
};

struct corpus_state {
	int lint; /* c_precert_final_mismatch, or -1 */
	struct corpus_reuse *reuse;
	struct corpus_entropy *entropy;
	struct corpus_key *key;
	struct corpus_issuer *issuer;
	struct pend *slots;
	size_t cap, n;
	struct mismatch *mm;
	size_t n_mm;
	struct sweep_buf keybuf;
};

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
	if (s->o->shard_n || s->run->resume)
		return sweep_error_set(err, SWEEP_EINVAL,
				       "%s is decided across the whole corpus: it cannot run with --shard, --connections "
				       "or --resume; run it in one pass (--jobs is fine)",
				       s->o->lints[first]->name);
	s->corpus = calloc(1, sizeof(*s->corpus));
	if (!s->corpus)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	s->corpus->lint = corpus_lint_index(s->o, SWEEP_CORPUS_PRECERT_FINAL_MISMATCH);
	int reuse = corpus_lint_index(s->o, SWEEP_CORPUS_SERIAL_REUSED);
	int entropy = corpus_lint_index(s->o, SWEEP_CORPUS_SERIAL_ENTROPY);
	if (reuse >= 0)
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
	corpus_reuse_release(cs->reuse);
	corpus_entropy_release(cs->entropy);
	corpus_key_release(cs->key);
	corpus_issuer_release(cs->issuer);
	for (size_t i = 0; i < cs->n_mm; i++) {
		free(cs->mm[i].b_key);
		free(cs->mm[i].b_der);
	}
	free(cs->mm);
	free(cs->slots);
	sweep_buf_release(&cs->keybuf);
	free(cs);
	s->corpus = NULL;
}

int corpus_affect(struct scan *s, const struct sweep_row *row, const struct sweep_cert *cert, size_t lint)
{
	struct sweep_group *g = sweep_affected_find_cert(&s->set, cert);
	struct sweep_row_status st = { row->has_status, row->revoked, row->revoked_at, row->reason };
	struct sweep_cert typed;
	int fresh = 1, rc;

	if (sweep_lint_cert_type(cert, &s->o->lint_cfg) != cert->type) {
		/* a CA-specific EV OID (--ev-oid): the serial counts as EV in the outputs */
		typed = *cert;
		typed.type = SWEEP_TYPE_EV;
		cert = &typed;
	}
	for (size_t j = 0; g && j < g->n_members; j++)
		if (memcmp(g->members[j].sha256, cert->sha256, 32) == 0 && g->members[j].failed)
			fresh = 0;
	s->stats.matched_certs += (uint64_t)fresh;
	rc = g ? 0 : sweep_affected_group(&g, &s->set, cert, row->id, row->issuer_ref);
	if (!rc)
		rc = sweep_group_add_cert(g, cert, row->id, &st, 1);
	if (!rc)
		rc = sweep_group_add_lints(g, &lint, 1);
	return rc ? SWEEP_ENOMEM : 0;
}

int corpus_write_finding(struct scan *s, const struct sweep_row *row, const struct sweep_cert *c, size_t lint,
			 const char *details)
{
	struct sweep_buf text = SWEEP_BUF_INIT;

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

static int grow(struct corpus_state *cs)
{
	if ((cs->n + 1) * 2 <= cs->cap)
		return 0;
	size_t ncap = cs->cap ? cs->cap * 2 : 4096;
	struct pend *slots = calloc(ncap, sizeof(*slots));

	if (!slots)
		return SWEEP_ENOMEM;
	for (size_t i = 0; i < cs->cap; i++) {
		if (!cs->slots[i].used)
			continue;
		uint64_t h;
		memcpy(&h, cs->slots[i].key, sizeof(h));
		size_t j = h & (ncap - 1);
		while (slots[j].used)
			j = (j + 1) & (ncap - 1);
		slots[j] = cs->slots[i];
	}
	free(cs->slots);
	cs->slots = slots;
	cs->cap = ncap;
	return 0;
}

/* Remove slot i, moving later entries of its probe run back (linear
 * probing without tombstones). */
static void forget(struct corpus_state *cs, size_t i)
{
	size_t mask = cs->cap - 1, j = i;

	for (;;) {
		cs->slots[i].used = 0;
		for (;;) {
			j = (j + 1) & mask;
			if (!cs->slots[j].used)
				goto done;
			uint64_t h;
			memcpy(&h, cs->slots[j].key, sizeof(h));
			size_t home = h & mask;
			/* j may move to i unless its home lies cyclically in (i, j] */
			if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
				break;
		}
		cs->slots[i] = cs->slots[j];
		i = j;
	}
done:
	cs->n--;
}

void corpus_put64(uint8_t *p, int64_t v)
{
	uint64_t u = (uint64_t)v ^ ((uint64_t)1 << 63);
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(u >> (8 * (7 - i)));
}

int64_t corpus_get64(const uint8_t *p)
{
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u = u << 8 | p[i];
	return (int64_t)(u ^ ((uint64_t)1 << 63));
}

static int cmp_ref(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
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
	qsort(refs, n_refs, sizeof(*refs), cmp_ref);
	for (size_t i = 0; i < n_refs; i++)
		if (u == 0 || refs[u - 1] != refs[i])
			refs[u++] = refs[i];
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

int corpus_pair_key(struct sweep_buf *scratch, uint8_t out[16], const uint8_t *issuer, size_t ilen,
		    const uint8_t *kid, size_t klen, const uint8_t *serial, size_t slen)
{
	uint8_t len[8], klenb[8], full[32];

	for (int i = 0; i < 8; i++) {
		len[i] = (uint8_t)((uint64_t)ilen >> (8 * (7 - i)));
		klenb[i] = (uint8_t)((uint64_t)klen >> (8 * (7 - i)));
	}
	sweep_buf_reset(scratch);
	sweep_buf_add(scratch, len, sizeof(len));
	sweep_buf_add(scratch, issuer, ilen);
	/* a re-keyed CA (same name, another key) is another issuer */
	sweep_buf_add(scratch, klenb, sizeof(klenb));
	sweep_buf_add(scratch, kid, klen);
	sweep_buf_add(scratch, serial, slen);
	if (scratch->oom)
		return SWEEP_ENOMEM;
	SHA256((const uint8_t *)scratch->p, scratch->len, full);
	memcpy(out, full, 16);
	return 0;
}

int scan_corpus_note_ca(struct scan *s, const struct sweep_row *row, struct sweep_error *err)
{
	if (!s->corpus || !s->corpus->issuer)
		return 0;
	return corpus_issuer_note_ca(s->corpus->issuer, row, err);
}

int scan_corpus_observe(struct scan *s, const struct sweep_row *row, const struct row_verdict *v, int *hit,
			struct sweep_error *err)
{
	struct corpus_state *cs = s->corpus;
	uint8_t key[16];
	uint64_t h;

	int rc;

	*hit = -1;
	if (!cs)
		return 0;
	if (corpus_pair_key(&cs->keybuf, key, v->issuer, v->issuer_len, v->kid, v->kid_len, v->serial, v->serial_len))
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	if (cs->reuse && (rc = corpus_reuse_observe(cs->reuse, key, row, v, err)) != 0)
		return rc;
	if (cs->entropy && (rc = corpus_entropy_observe(cs->entropy, row, v, err)) != 0)
		return rc;
	if (cs->key && (rc = corpus_key_observe(cs->key, s, row, v, err)) != 0)
		return rc;
	if (cs->issuer && (rc = corpus_issuer_observe(cs->issuer, row, v, err)) != 0)
		return rc;
	if (cs->lint < 0)
		return 0;
	if (grow(cs))
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	memcpy(&h, key, sizeof(h));
	size_t i = h & (cs->cap - 1);
	while (cs->slots[i].used && memcmp(cs->slots[i].key, key, 16) != 0)
		i = (i + 1) & (cs->cap - 1);
	struct pend *e = &cs->slots[i];
	if (!e->used) {
		memcpy(e->key, key, 16);
		memcpy(e->tbs, v->tbs_sha256, 16);
		e->id = row->id;
		e->used = 1;
		e->precert = (uint8_t)(v->is_precert != 0);
		cs->n++;
		return 0;
	}
	/* same kind again (a repeated row, or serial reuse): nothing here */
	if (e->precert == (v->is_precert != 0))
		return 0;
	int corresponds = memcmp(e->tbs, v->tbs_sha256, 16) == 0;
	int64_t a_id = e->id;
	/* the pair is complete: its entry is no longer needed, which keeps the
	 * map to the certificates still waiting for their partner */
	forget(cs, i);
	if (corresponds)
		return 0;
	struct mismatch *p = realloc(cs->mm, (cs->n_mm + 1) * sizeof(*p));
	if (!p)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	cs->mm = p;
	struct mismatch *m = &p[cs->n_mm];
	memset(m, 0, sizeof(*m));
	m->a_id = a_id;
	m->b_id = row->id;
	m->b_issuer_ref = row->issuer_ref;
	m->b_der = malloc(row->der_len ? row->der_len : 1);
	m->b_key = row->key ? strdup(row->key) : NULL;
	if (!m->b_der || (row->key && !m->b_key)) {
		free(m->b_der);
		free(m->b_key);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (row->der_len)
		memcpy(m->b_der, row->der, row->der_len);
	m->b_len = row->der_len;
	cs->n_mm++;
	*hit = cs->lint;
	return 0;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

static int cmp_mm(const void *x, const void *y)
{
	const struct mismatch *a = x, *b = y;
	if (a->a_id != b->a_id)
		return (a->a_id > b->a_id) - (a->a_id < b->a_id);
	return (a->b_id > b->b_id) - (a->b_id < b->b_id);
}

/* Both findings of one mismatching pair: a is the partner re-read now (NULL
 * when it could not be), b the row remembered from the main pass. */
static int pair_findings(struct scan *s, struct mismatch *m, const struct sweep_row *arow,
			 const struct sweep_cert *a, struct sweep_cert *b)
{
	const struct sweep_lint *lint = s->o->lints[s->corpus->lint];
	struct sweep_buf det = SWEEP_BUF_INIT, text = SWEEP_BUF_INIT;
	struct sweep_error derr = { 0, "" };
	char ha[65], hb[65];
	int rc = 0;

	if (sweep_cert_decode(b, m->b_der, m->b_len, &derr))
		return 0; /* decoded in the main pass: cannot happen */
	sweep_hex(b->sha256, 32, hb);
	if (a) {
		const struct sweep_cert *pre = a->is_precert ? a : b, *fin = a->is_precert ? b : a;
		struct sweep_buf fields = SWEEP_BUF_INIT;
		unsigned mask = 0;
		sweep_hex(a->sha256, 32, ha);
		if (sweep_tbs_diff(&mask, pre->tbs, pre->tbs_len, fin->tbs, fin->tbs_len, 0, &fields, &derr) < 0) {
			sweep_buf_reset(&fields);
			sweep_buf_printf(&fields, "(no field diff: %s)", derr.msg);
		}
		sweep_buf_printf(&det, "precertificate %s and final certificate %s differ in: %s",
				 a->is_precert ? ha : hb, a->is_precert ? hb : ha, sweep_buf_str(&fields));
		det.oom |= fields.oom;
		sweep_buf_release(&fields);
	} else {
		sweep_buf_printf(&det, "TBSCertificate differs from its %s (row %lld, not found again)",
				 b->is_precert ? "final certificate" : "precertificate", (long long)m->a_id);
	}
	if (a)
		scan_format_finding(&text, arow, a, lint, SWEEP_R_ERROR, sweep_buf_str(&det));
	struct sweep_row brow;
	memset(&brow, 0, sizeof(brow));
	brow.id = m->b_id;
	brow.key = m->b_key;
	scan_format_finding(&text, &brow, b, lint, SWEEP_R_ERROR, sweep_buf_str(&det));
	if (det.oom || text.oom) {
		rc = SWEEP_ENOMEM;
	} else {
		sweep_stream_write(&s->findings, text.p, text.len);
		s->stats.findings += a ? 2 : 1;
		if ((int)SWEEP_R_ERROR > s->stats.worst)
			s->stats.worst = (int)SWEEP_R_ERROR;
	}
	sweep_buf_release(&det);
	sweep_buf_release(&text);
	m->done = 1;
	return rc;
}

int scan_corpus_finish(struct scan *s, struct sweep_error *err)
{
	struct corpus_state *cs = s->corpus;
	struct sweep_cert bcert;
	int64_t *refs = NULL, before = 0;
	size_t n_refs = 0;
	int unknown_ref = 0, rc = 0;

	if (!cs)
		return 0;
	if (cs->reuse && (rc = corpus_reuse_finish(s, cs->reuse, err)) != 0)
		return rc;
	if (cs->entropy && (rc = corpus_entropy_finish(s, cs->entropy, err)) != 0)
		return rc;
	if (cs->key && (rc = corpus_key_finish(s, cs->key, err)) != 0)
		return rc;
	if (cs->issuer && (rc = corpus_issuer_finish(s, cs->issuer, err)) != 0)
		return rc;
	if (cs->n_mm == 0)
		return 0;
	/* the map has done its work: give its memory back before the re-read */
	free(cs->slots);
	cs->slots = NULL;
	cs->cap = cs->n = 0;
	qsort(cs->mm, cs->n_mm, sizeof(*cs->mm), cmp_mm);
	refs = calloc(cs->n_mm, sizeof(*refs));
	if (!refs)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < cs->n_mm; i++) {
		if (cs->mm[i].a_id + 1 > before)
			before = cs->mm[i].a_id + 1;
		if (cs->mm[i].b_issuer_ref < 0)
			unknown_ref = 1;
		else
			refs[n_refs++] = cs->mm[i].b_issuer_ref;
	}
	qsort(refs, n_refs, sizeof(*refs), cmp_i64);
	size_t u = 0;
	for (size_t i = 0; i < n_refs; i++)
		if (u == 0 || refs[u - 1] != refs[i])
			refs[u++] = refs[i];
	struct sweep_scan_filter filter = { unknown_ref ? NULL : refs, u, before, 0, 0 };
	sweep_cert_init(&bcert);
	rc = sweep_source_begin(s->src, &filter, err);
	struct sweep_row row;
	while (!rc) {
		rc = sweep_source_next(s->src, &row, err);
		if (rc)
			break;
		struct mismatch probe = { .a_id = row.id, .b_id = INT64_MIN };
		/* the first record of this partner, if any */
		size_t lo = 0, hi = cs->n_mm;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (cmp_mm(&cs->mm[mid], &probe) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == cs->n_mm || cs->mm[lo].a_id != row.id)
			continue;
		struct sweep_error derr = { 0, "" };
		if (sweep_cert_decode(&s->cert, row.der, row.der_len, &derr))
			continue;
		for (size_t k = lo; !rc && k < cs->n_mm && cs->mm[k].a_id == row.id; k++) {
			struct mismatch *m = &cs->mm[k];
			if (m->done)
				continue;
			/* crt.sh ids may repeat: the partner is the row of the same (issuer, serial) */
			if (sweep_cert_decode(&bcert, m->b_der, m->b_len, &derr) ||
			    bcert.serial_len != s->cert.serial_len ||
			    memcmp(bcert.serial, s->cert.serial, bcert.serial_len) != 0 ||
			    bcert.issuer.der_len != s->cert.issuer.der_len ||
			    memcmp(bcert.issuer.der, s->cert.issuer.der, bcert.issuer.der_len) != 0)
				continue;
			struct sweep_group *g = sweep_affected_find_cert(&s->set, &s->cert);
			struct sweep_row_status st = { row.has_status, row.revoked, row.revoked_at, row.reason };
			size_t h = (size_t)cs->lint;
			if (g && !scan_in_window(s->o, &s->cert))
				g = NULL; /* only rows in the window were remembered: cannot happen */
			if (g) {
				int fresh = 1;
				for (size_t j = 0; j < g->n_members; j++)
					if (memcmp(g->members[j].sha256, s->cert.sha256, 32) == 0 && g->members[j].failed)
						fresh = 0;
				s->stats.matched_certs += (uint64_t)fresh;
				rc = sweep_group_add_cert(g, &s->cert, row.id, &st, 1);
				if (!rc)
					rc = sweep_group_add_lints(g, &h, 1);
				if (rc) {
					rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
					break;
				}
			}
			if (pair_findings(s, m, &row, &s->cert, &bcert))
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
	}
	free(refs);
	if (rc == 1)
		rc = 0;
	for (size_t i = 0; !rc && i < cs->n_mm; i++)
		if (!cs->mm[i].done && pair_findings(s, &cs->mm[i], NULL, NULL, &bcert))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	sweep_cert_release(&bcert);
	return rc;
}
