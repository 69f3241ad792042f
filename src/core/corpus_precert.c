/* c_precert_final_mismatch (RFC 6962 3.1, 3.2): a final certificate whose
 * TBSCertificate, SCT list removed, is not its precertificate's, poison
 * removed.
 *
 * The main pass appends a 49-byte record per row in window (the 16-byte
 * (issuer, serial) key, row id, kind, the first 16 bytes of the canonical-
 * TBS SHA-256, issuer ref) to an external sort (src/corpus/spill.c: a fixed
 * buffer, sorted runs on disk), so the scan's memory does not grow with the
 * corpus, however many precertificates never meet their final certificate.
 * After the pass the runs are merged: the records of one key come together
 * in id (row) order, and the pairing the scan used to do in a map is
 * replayed on them: the first certificate waits for the first one of the
 * other kind (repeats of its own kind are ignored); a pair whose
 * fingerprints differ is a mismatch; a completed pair leaves, and the next
 * certificate of the key waits again. Only the certificates of mismatching
 * pairs are re-read (issuer- and id-bounded), to join the affected set and
 * to compute which fields differ; both findings of a pair are written in
 * the order of (earlier id, later id). */
#include "corpus_pass.h"

#include "certsweep/corpus.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { P_KEY = 0, P_ID = 16, P_KIND = 24, P_FP = 25, P_REF = 41, P_SIZE = 49 };

struct corpus_precert {
	size_t lint;
	struct sweep_spill sp;
	/* after finish: the rows the pairing pass would look at (scan_corpus_siblings) */
	struct scan_sibling *sibs;
	size_t n_sibs, cap_sibs;
	int sibs_ready;
	const struct scan *scan; /* during finish: the scan whose groups the list is for */
};

/* The affected groups by their records' key (corpus_pair_key), to find a
 * key's group while the sorted records go by. */
struct gkey_map {
	uint8_t (*key)[16];
	struct sweep_group **g; /* NULL: empty */
	size_t mask;
};

/* One certificate of a mismatching pair. */
struct pcert {
	int64_t id, ref;
	uint8_t key[16], fp[16];
	int precert;
	size_t pair; /* index of its pair */
	int role;    /* 0: the earlier partner, 1: the later */
	int found;   /* re-read: der, row_key and sha256 are set */
	uint8_t *der;
	size_t der_len;
	char *row_key;
};

struct ppair {
	int64_t a_id, b_id;
	size_t at[2]; /* indices into the id-sorted list */
};

int corpus_precert_begin(struct corpus_precert **out, int lint, struct sweep_error *err)
{
	struct corpus_precert *p = calloc(1, sizeof(*p));
	int rc;

	if (!p)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	p->lint = (size_t)lint;
	rc = sweep_spill_init(&p->sp, P_SIZE, 0, err);
	if (rc) {
		free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void corpus_precert_release(struct corpus_precert *p)
{
	if (!p)
		return;
	sweep_spill_release(&p->sp);
	free(p->sibs);
	free(p);
}

/* Whether the records hold every row the pairing pass would read and
 * decide on (see scan_corpus_siblings in scan.h). */
static int records_whole(const struct scan *s)
{
	const char *force = getenv("CERTSWEEP_PAIRING_PASS");

	if (force && strcmp(force, "1") == 0)
		return 0;
	/* a row in window not taken; a precertificate re-keyed to its
	 * signing certificate's CA (its records' key is not its group's);
	 * ids that are not the source's keyset (the rows are fetched by id) */
	if (s->corpus_unobserved || s->psc.n || !s->src->ops->id_bounds || s->collect)
		return 0;
	/* merge: every shard's records, each with its count of rows left out */
	return !s->corpus_partial && s->corpus_states_counted == s->corpus_states;
}

static uint64_t key_word(const uint8_t *k)
{
	uint64_t h;
	memcpy(&h, k, sizeof(h)); /* the key is a hash already */
	return h;
}

static int gkey_build(struct gkey_map *m, const struct sweep_affected *set)
{
	size_t cap = 16;
	uint8_t k[16];

	while (cap < set->n * 2 + 2)
		cap *= 2;
	m->key = calloc(cap, sizeof(*m->key));
	m->g = calloc(cap, sizeof(*m->g));
	m->mask = cap - 1;
	if (!m->key || !m->g)
		return SWEEP_ENOMEM;
	for (size_t i = 0; i < set->cap; i++) {
		struct sweep_group *g = set->slots[i];
		if (!g)
			continue;
		if (corpus_pair_key(k, g->iss->der, g->iss->der_len, g->iss->kid, g->iss->kid_len, g->serial, g->serial_len))
			return SWEEP_ENOMEM;
		size_t j = key_word(k) & m->mask;
		while (m->g[j])
			j = (j + 1) & m->mask;
		memcpy(m->key[j], k, 16);
		m->g[j] = g;
	}
	return 0;
}

/* The group of this key, or NULL (a key collision of two groups: the first) */
static struct sweep_group *gkey_find(const struct gkey_map *m, const uint8_t *k)
{
	for (size_t j = key_word(k) & m->mask; m->g[j]; j = (j + 1) & m->mask)
		if (memcmp(m->key[j], k, 16) == 0)
			return m->g[j];
	return NULL;
}

static void gkey_release(struct gkey_map *m)
{
	free(m->key);
	free(m->g);
}

/* The record is the row of one of g's members: same id, kind and canonical TBS. */
static int is_member(const struct sweep_group *g, const uint8_t *rec)
{
	int64_t id = corpus_get64(rec + P_ID);

	for (size_t i = 0; i < g->n_members; i++) {
		const struct sweep_member *m = &g->members[i];
		if (m->id == id && m->is_precert == rec[P_KIND] && m->has_tbs && memcmp(m->tbs_sha256, rec + P_FP, 16) == 0)
			return 1;
	}
	return 0;
}

static int cmp_sib(const void *x, const void *y)
{
	const struct scan_sibling *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static int push_sib(struct corpus_precert *p, const uint8_t *rec)
{
	if (p->n_sibs == p->cap_sibs) {
		size_t ncap = p->cap_sibs ? p->cap_sibs * 2 : 64;
		struct scan_sibling *q = realloc(p->sibs, ncap * sizeof(*q));
		if (!q)
			return SWEEP_ENOMEM;
		p->sibs = q;
		p->cap_sibs = ncap;
	}
	p->sibs[p->n_sibs].id = corpus_get64(rec + P_ID);
	p->sibs[p->n_sibs].ref = corpus_get64(rec + P_REF);
	p->n_sibs++;
	return 0;
}

/* The records of one key (cur, n of them, in sort order) once it ends:
 * where the key is a group's, or a mismatching pair's (merged into the
 * affected set next), each row not already a member is one the pairing
 * pass may add. Two records of one row id, kind and TBS (crt.sh ids may
 * repeat) are both kept: which of them is the member is not known. */
static int key_done(struct corpus_precert *p, const struct gkey_map *map, const uint8_t *cur, size_t n, int mismatch)
{
	const struct sweep_group *g = gkey_find(map, cur + P_KEY);

	if (!g && !mismatch)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *r = cur + i * P_SIZE;
		int twin = (i > 0 && memcmp(r, r - P_SIZE, P_REF) == 0) ||
			   (i + 1 < n && memcmp(r, r + P_SIZE, P_REF) == 0);
		if (g && !twin && is_member(g, r))
			continue;
		if (push_sib(p, r))
			return SWEEP_ENOMEM;
	}
	return 0;
}

int corpus_precert_observe(struct corpus_precert *p, const uint8_t key[16], const struct sweep_row *row,
			   const struct row_verdict *v, struct sweep_error *err)
{
	uint8_t rec[P_SIZE];

	memcpy(rec + P_KEY, key, 16);
	corpus_put64(rec + P_ID, row->id);
	rec[P_KIND] = (uint8_t)(v->is_precert != 0);
	memcpy(rec + P_FP, v->tbs_sha256, 16);
	corpus_put64(rec + P_REF, row->issuer_ref);
	return sweep_spill_add(&p->sp, rec, err);
}

static int cmp_id(const void *x, const void *y)
{
	const struct pcert *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static int cmp_pair(const void *x, const void *y)
{
	const struct ppair *a = x, *b = y;
	if (a->a_id != b->a_id)
		return (a->a_id > b->a_id) - (a->a_id < b->a_id);
	return (a->b_id > b->b_id) - (a->b_id < b->b_id);
}

static int push(struct pcert **list, size_t *n, size_t *cap, const uint8_t *rec, size_t pair, int role)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct pcert *p = realloc(*list, ncap * sizeof(*p));
		if (!p)
			return SWEEP_ENOMEM;
		*list = p;
		*cap = ncap;
	}
	struct pcert *e = &(*list)[(*n)++];
	memset(e, 0, sizeof(*e));
	memcpy(e->key, rec + P_KEY, 16);
	memcpy(e->fp, rec + P_FP, 16);
	e->id = corpus_get64(rec + P_ID);
	e->ref = corpus_get64(rec + P_REF);
	e->precert = rec[P_KIND];
	e->pair = pair;
	e->role = role;
	return 0;
}

/* Merge the runs and replay the pairing per key: both certificates of
 * every mismatching pair, into *out (2 * *n_pairs entries). */
static int collect(struct corpus_precert *p, struct pcert **out, size_t *n_out, size_t *n_pairs,
		   struct sweep_error *err)
{
	uint8_t wait[P_SIZE]; /* the certificate of the current key waiting for its partner */
	int waiting = 0;
	struct pcert *list = NULL;
	size_t n = 0, cap = 0, pairs = 0;
	const uint8_t *rec;
	int rc;
	/* the pairing pass's rows (scan_corpus_siblings): the current key's records */
	struct gkey_map map = { NULL, NULL, 0 };
	const struct scan *s = p->scan; /* NULL: no list for the pairing pass */
	/* (past --memory-limit the pairing pass reads the table instead: the
	 * list would name only the siblings of groups still in memory) */
	int sibs = s && records_whole(s) && !sweep_affected_spilled(&s->set), key_mismatch = 0;
	uint8_t *cur = NULL;
	size_t n_cur = 0, cap_cur = 0;

	p->n_sibs = 0;
	p->sibs_ready = 0;
	if (sibs && gkey_build(&map, &s->set)) {
		gkey_release(&map);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	rc = sweep_spill_sort(&p->sp, err);
	while (!rc) {
		rc = sweep_spill_next(&p->sp, &rec, err);
		if (rc)
			break;
		if (sibs) {
			if (n_cur && memcmp(cur + P_KEY, rec + P_KEY, 16) != 0) {
				if (key_done(p, &map, cur, n_cur, key_mismatch)) {
					rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
					break;
				}
				n_cur = 0;
				key_mismatch = 0;
			}
			if (n_cur == cap_cur) {
				size_t ncap = cap_cur ? cap_cur * 2 : 8;
				uint8_t *q = realloc(cur, ncap * P_SIZE);
				if (!q) {
					rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
					break;
				}
				cur = q;
				cap_cur = ncap;
			}
			memcpy(cur + n_cur++ * P_SIZE, rec, P_SIZE);
		}
		if (waiting && memcmp(wait + P_KEY, rec + P_KEY, 16) != 0)
			waiting = 0; /* a new key: the last one's lone certificate stays alone */
		if (!waiting) {
			memcpy(wait, rec, P_SIZE);
			waiting = 1;
			continue;
		}
		/* same kind again (a repeated row, or serial reuse): nothing here */
		if (wait[P_KIND] == rec[P_KIND])
			continue;
		waiting = 0; /* the pair is complete */
		if (memcmp(wait + P_FP, rec + P_FP, 16) == 0)
			continue;
		if (push(&list, &n, &cap, wait, pairs, 0) || push(&list, &n, &cap, rec, pairs, 1)) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
		key_mismatch = 1;
		pairs++;
	}
	if (rc == 1 && sibs) {
		if (n_cur && key_done(p, &map, cur, n_cur, key_mismatch))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		else
			p->sibs_ready = 1;
		if (p->n_sibs)
			qsort(p->sibs, p->n_sibs, sizeof(*p->sibs), cmp_sib);
	}
	free(cur);
	gkey_release(&map);
	/* the sorted records have done their work: the temporary file goes now */
	sweep_spill_release(&p->sp);
	if (rc < 0) {
		free(list);
		return rc;
	}
	*out = list;
	*n_out = n;
	*n_pairs = pairs;
	return 0;
}

/* Re-read the certificates of the mismatching pairs: their DER, keys, affected set. */
static int reread(struct scan *s, struct corpus_precert *p, struct pcert *list, size_t n, struct sweep_error *err)
{
	struct sweep_row row;
	int rc;

	rc = corpus_reread_begin(s, list, n, sizeof(*list), offsetof(struct pcert, id), offsetof(struct pcert, ref), err);
	while (!rc) {
		rc = sweep_source_next(s->src, &row, err);
		if (rc)
			break;
		size_t lo = corpus_reread_find(list, n, sizeof(*list), offsetof(struct pcert, id), row.id);
		if (lo == n)
			continue;
		struct sweep_error derr = { 0, "" };
		uint8_t key[16], fp[32];
		if (sweep_cert_decode(&s->cert, row.der, row.der_len, &derr) ||
		    sweep_tbs_sha256(fp, s->cert.tbs, s->cert.tbs_len, &derr))
			continue;
		if (corpus_pair_key(key, s->cert.issuer.der, s->cert.issuer.der_len, s->cert.akid_key_id,
				    s->cert.akid_key_id_len, s->cert.serial, s->cert.serial_len)) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
		/* crt.sh ids may repeat: the record is the row of the same key, kind and fingerprint */
		for (size_t k = lo; !rc && k < n && list[k].id == row.id; k++) {
			struct pcert *e = &list[k];
			if (e->found || memcmp(e->key, key, 16) != 0 || memcmp(e->fp, fp, 16) != 0 ||
			    e->precert != (s->cert.is_precert != 0))
				continue;
			e->der = malloc(row.der_len ? row.der_len : 1);
			e->row_key = row.key ? strdup(row.key) : NULL;
			if (!e->der || (row.key && !e->row_key) || corpus_affect(s, &row, &s->cert, p->lint)) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			memcpy(e->der, row.der, row.der_len);
			e->der_len = row.der_len;
			e->found = 1;
		}
	}
	if (rc == 1)
		rc = 0;
	return rc;
}

static void row_of(struct sweep_row *row, const struct pcert *e)
{
	memset(row, 0, sizeof(*row));
	row->id = e->id;
	row->key = e->row_key;
}

/* The findings of one mismatching pair: the field diff when both were
 * found again, else the one found names the other's row. */
static int pair_findings(struct scan *s, struct corpus_precert *p, const struct pcert *a, const struct pcert *b,
			 struct sweep_cert *ca, struct sweep_cert *cb)
{
	const struct sweep_lint *lint = s->o->lints[p->lint];
	struct sweep_buf det = SWEEP_BUF_INIT, text = SWEEP_BUF_INIT;
	struct sweep_error derr = { 0, "" };
	struct sweep_row row;
	size_t written = 0;
	int rc = 0;

	/* both decoded in the main pass and again in the re-read: a failure cannot happen */
	int have_a = a->found && !sweep_cert_decode(ca, a->der, a->der_len, &derr);
	int have_b = b->found && !sweep_cert_decode(cb, b->der, b->der_len, &derr);
	if (have_a && have_b) {
		const struct sweep_cert *pre = ca->is_precert ? ca : cb, *fin = ca->is_precert ? cb : ca;
		struct sweep_buf fields = SWEEP_BUF_INIT;
		unsigned mask = 0;
		char ha[65], hb[65];
		sweep_hex(sweep_cert_sha256(ca), 32, ha);
		sweep_hex(sweep_cert_sha256(cb), 32, hb);
		if (sweep_tbs_diff(&mask, pre->tbs, pre->tbs_len, fin->tbs, fin->tbs_len, 0, &fields, &derr) < 0) {
			sweep_buf_reset(&fields);
			sweep_buf_printf(&fields, "(no field diff: %s)", derr.msg);
		}
		sweep_buf_printf(&det, "precertificate %s and final certificate %s differ in: %s",
				 ca->is_precert ? ha : hb, ca->is_precert ? hb : ha, sweep_buf_str(&fields));
		det.oom |= fields.oom;
		sweep_buf_release(&fields);
	} else if (have_a || have_b) {
		const struct pcert *gone = have_a ? b : a;
		sweep_buf_printf(&det, "TBSCertificate differs from its %s (row %lld, not found again)",
				 gone->precert ? "precertificate" : "final certificate", (long long)gone->id);
	}
	if (have_a) {
		row_of(&row, a);
		scan_format_finding(&text, &row, ca, lint, SWEEP_R_ERROR, sweep_buf_str(&det));
		written++;
	}
	if (have_b) {
		row_of(&row, b);
		scan_format_finding(&text, &row, cb, lint, SWEEP_R_ERROR, sweep_buf_str(&det));
		written++;
	}
	if (det.oom || text.oom) {
		rc = SWEEP_ENOMEM;
	} else if (written) {
		sweep_stream_write(&s->findings, text.p, text.len);
		s->stats.findings += written;
		if ((int)SWEEP_R_ERROR > s->stats.worst)
			s->stats.worst = (int)SWEEP_R_ERROR;
	}
	sweep_buf_release(&det);
	sweep_buf_release(&text);
	return rc;
}

static int findings(struct scan *s, struct corpus_precert *p, struct pcert *list, size_t n, size_t n_pairs,
		    struct sweep_error *err)
{
	struct ppair *pairs = calloc(n_pairs ? n_pairs : 1, sizeof(*pairs));
	struct sweep_cert ca, cb;
	int rc = 0;

	if (!pairs)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct ppair *q = &pairs[list[i].pair];
		q->at[list[i].role] = i;
		if (list[i].role)
			q->b_id = list[i].id;
		else
			q->a_id = list[i].id;
	}
	qsort(pairs, n_pairs, sizeof(*pairs), cmp_pair);
	sweep_cert_init(&ca);
	sweep_cert_init(&cb);
	for (size_t i = 0; !rc && i < n_pairs; i++)
		if (pair_findings(s, p, &list[pairs[i].at[0]], &list[pairs[i].at[1]], &ca, &cb))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	sweep_cert_release(&ca);
	sweep_cert_release(&cb);
	free(pairs);
	return rc;
}

int corpus_precert_finish(struct scan *s, struct corpus_precert *p, struct sweep_error *err)
{
	struct pcert *list = NULL;
	size_t n = 0, n_pairs = 0;
	int rc;

	p->scan = s;
	rc = collect(p, &list, &n, &n_pairs, err);
	p->scan = NULL;
	if (rc || n == 0) {
		free(list);
		return rc;
	}
	qsort(list, n, sizeof(*list), cmp_id);
	rc = reread(s, p, list, n, err);
	if (!rc)
		rc = findings(s, p, list, n, n_pairs, err);
	for (size_t i = 0; i < n; i++) {
		free(list[i].der);
		free(list[i].row_key);
	}
	free(list);
	return rc;
}

int scan_corpus_siblings(const struct scan *s, const struct scan_sibling **out, size_t *n)
{
	const struct corpus_precert *p = s->corpus ? s->corpus->precert : NULL;

	if (!p || !p->sibs_ready)
		return -1;
	*out = p->sibs;
	*n = p->n_sibs;
	return 0;
}

int corpus_precert_save(struct corpus_precert *p, struct corpus_w *w, struct sweep_error *err)
{
	return corpus_w_spill(w, "precert", &p->sp, err);
}

int corpus_precert_load(struct corpus_precert *p, const char *section, const uint8_t *rec, size_t size,
			struct sweep_error *err)
{
	if (strcmp(section, "precert") != 0 || size != P_SIZE)
		return 1;
	return sweep_spill_add(&p->sp, rec, err);
}
