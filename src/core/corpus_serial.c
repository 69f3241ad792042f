/* c_serial_reused (RFC 5280 4.1.2.2, BR 7.1): two certificates of one
 * issuer name with one serial that are not a precertificate and its final
 * certificate.
 *
 * The main pass appends a 41-byte record per row in window (the 16-byte
 * (issuer, serial) key, kind, 8 bytes of the canonical-TBS SHA-256, row id,
 * issuer ref) to an external sort (src/corpus/spill.c: 4 MiB in memory,
 * sorted runs in an unlinked temporary file in $TMPDIR), so memory stays
 * flat on a CA's whole history. After the pass the runs are merged; a key
 * with two different fingerprints among its final certificates, or among
 * its precertificates, is a reused serial (a precertificate and a final
 * with one fingerprint are a pair; a precertificate and a final that differ
 * are c_precert_final_mismatch's business). Only the certificates of those
 * keys are re-read (issuer- and id-bounded) to write the findings, each
 * naming the other certificates, and to join the affected set. */
#include "corpus_pass.h"

#include "certsweep/corpus.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { R_KEY = 0, R_KIND = 16, R_FP = 17, R_ID = 25, R_REF = 33, R_SIZE = 41 };

struct corpus_reuse {
	size_t lint;
	struct sweep_spill sp;
};

/* One certificate of a reused serial. */
struct reused {
	uint8_t key[16], fp[8];
	int precert;
	int64_t id, ref;
	size_t group;    /* reused serials numbered in key order */
	int64_t first;   /* the lowest id of its group: findings come out in that order */
	int found;       /* re-read */
	uint8_t sha256[32];
	char *row_key;
};

int corpus_reuse_begin(struct corpus_reuse **out, int lint, struct sweep_error *err)
{
	struct corpus_reuse *r = calloc(1, sizeof(*r));
	int rc;

	if (!r)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	r->lint = (size_t)lint;
	rc = sweep_spill_init(&r->sp, R_SIZE, 0, err);
	if (rc) {
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void corpus_reuse_release(struct corpus_reuse *r)
{
	if (!r)
		return;
	sweep_spill_release(&r->sp);
	free(r);
}

int corpus_reuse_observe(struct corpus_reuse *r, const uint8_t key[16], const struct sweep_row *row,
			 const struct row_verdict *v, struct sweep_error *err)
{
	uint8_t rec[R_SIZE];

	memcpy(rec + R_KEY, key, 16);
	rec[R_KIND] = (uint8_t)(v->is_precert != 0);
	memcpy(rec + R_FP, v->tbs_sha256, 8);
	corpus_put64(rec + R_ID, row->id);
	corpus_put64(rec + R_REF, row->issuer_ref);
	return sweep_spill_add(&r->sp, rec, err);
}

static int cmp_id(const void *x, const void *y)
{
	const struct reused *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static int cmp_out(const void *x, const void *y)
{
	const struct reused *a = x, *b = y;
	if (a->first != b->first)
		return (a->first > b->first) - (a->first < b->first);
	if (a->group != b->group)
		return (a->group > b->group) - (a->group < b->group);
	return (a->id > b->id) - (a->id < b->id);
}

/* The records of one key (sorted by kind, then fingerprint): is the serial reused? */
static int group_reused(const uint8_t *recs, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const uint8_t *a = recs + (i - 1) * R_SIZE, *b = recs + i * R_SIZE;
		if (a[R_KIND] == b[R_KIND] && memcmp(a + R_FP, b + R_FP, 8) != 0)
			return 1;
	}
	return 0;
}

/* Merge the runs: every certificate of a reused serial, into *out. */
static int collect(struct corpus_reuse *r, struct reused **out, size_t *n_out, struct sweep_error *err)
{
	uint8_t *grp = NULL;
	size_t n_grp = 0, cap_grp = 0, n = 0, cap = 0, groups = 0;
	struct reused *list = NULL;
	const uint8_t *rec;
	int rc;

	rc = sweep_spill_sort(&r->sp, err);
	for (;;) {
		int end = 0;
		if (!rc) {
			rc = sweep_spill_next(&r->sp, &rec, err);
			if (rc == 1) {
				end = 1;
				rc = 0;
			}
		}
		if (rc)
			break;
		/* a group ends at a new key or at the end */
		if (n_grp && (end || memcmp(grp, rec + R_KEY, 16) != 0)) {
			if (group_reused(grp, n_grp)) {
				int64_t first = INT64_MAX;
				for (size_t i = 0; i < n_grp; i++)
					if (corpus_get64(grp + i * R_SIZE + R_ID) < first)
						first = corpus_get64(grp + i * R_SIZE + R_ID);
				if (n + n_grp > cap) {
					size_t ncap = (n + n_grp) * 2;
					struct reused *p = realloc(list, ncap * sizeof(*p));
					if (!p) {
						rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
						break;
					}
					list = p;
					cap = ncap;
				}
				for (size_t i = 0; i < n_grp; i++) {
					const uint8_t *g = grp + i * R_SIZE;
					struct reused *e = &list[n++];
					memset(e, 0, sizeof(*e));
					memcpy(e->key, g + R_KEY, 16);
					memcpy(e->fp, g + R_FP, 8);
					e->precert = g[R_KIND];
					e->id = corpus_get64(g + R_ID);
					e->ref = corpus_get64(g + R_REF);
					e->group = groups;
					e->first = first;
				}
				groups++;
			}
			n_grp = 0;
		}
		if (end)
			break;
		if (n_grp == cap_grp) {
			size_t ncap = cap_grp ? cap_grp * 2 : 8;
			uint8_t *p = realloc(grp, ncap * R_SIZE);
			if (!p) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			grp = p;
			cap_grp = ncap;
		}
		memcpy(grp + n_grp * R_SIZE, rec, R_SIZE);
		n_grp++;
	}
	free(grp);
	/* the sorted records have done their work: the temporary file goes now */
	sweep_spill_release(&r->sp);
	if (rc) {
		free(list);
		return rc;
	}
	*out = list;
	*n_out = n;
	return 0;
}

/* Re-read the certificates of the reused serials: hashes, keys, affected set. */
static int reread(struct scan *s, struct corpus_reuse *r, struct reused *list, size_t n, struct sweep_error *err)
{
	int rc;
	qsort(list, n, sizeof(*list), cmp_id);
	struct sweep_row row;
	rc = corpus_reread_begin(s, list, n, sizeof(*list), offsetof(struct reused, id), offsetof(struct reused, ref), err);
	while (!rc) {
		rc = sweep_source_next(s->src, &row, err);
		if (rc)
			break;
		size_t lo = corpus_reread_find(list, n, sizeof(*list), offsetof(struct reused, id), row.id);
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
		/* crt.sh ids may repeat: the record is the row of the same key and fingerprint */
		for (size_t k = lo; k < n && list[k].id == row.id; k++) {
			struct reused *e = &list[k];
			if (e->found || memcmp(e->key, key, 16) != 0 || memcmp(e->fp, fp, 8) != 0 ||
			    e->precert != (s->cert.is_precert != 0))
				continue;
			e->found = 1;
			memcpy(e->sha256, sweep_cert_sha256(&s->cert), 32);
			if (row.key && !(e->row_key = strdup(row.key))) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			if (corpus_affect(s, &row, &s->cert, r->lint)) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
		}
	}
	if (rc == 1)
		rc = 0;
	return rc;
}

/* One finding per certificate found again, naming the others of its serial. */
static int findings(struct scan *s, struct corpus_reuse *r, struct reused *list, size_t n)
{
	struct sweep_buf det = SWEEP_BUF_INIT;
	struct sweep_cert c;
	int rc = 0;

	qsort(list, n, sizeof(*list), cmp_out);
	memset(&c, 0, sizeof(c));
	for (size_t i = 0; !rc && i < n; i++) {
		struct reused *e = &list[i];
		if (!e->found)
			continue;
		size_t lo = i, hi = i;
		while (lo > 0 && list[lo - 1].group == e->group)
			lo--;
		while (hi + 1 < n && list[hi + 1].group == e->group)
			hi++;
		sweep_buf_reset(&det);
		sweep_buf_puts(&det, "serial number also used by this issuer for ");
		int any = 0;
		for (size_t k = lo; k <= hi; k++) {
			char hex[65];
			if (k == i)
				continue;
			if (any++)
				sweep_buf_puts(&det, ", ");
			if (list[k].found) {
				sweep_hex(list[k].sha256, 32, hex);
				sweep_buf_printf(&det, "%s %s", list[k].precert ? "precertificate" : "certificate", hex);
			} else {
				sweep_buf_printf(&det, "%s row %lld (not found again)",
						 list[k].precert ? "precertificate" : "certificate", (long long)list[k].id);
			}
		}
		sweep_buf_puts(&det, " (another TBSCertificate)");
		sweep_cert_set_sha256(&c, e->sha256);
		c.is_precert = e->precert;
		struct sweep_row row;
		memset(&row, 0, sizeof(row));
		row.id = e->id;
		row.key = e->row_key;
		rc = det.oom ? SWEEP_ENOMEM : corpus_write_finding(s, &row, &c, r->lint, sweep_buf_str(&det));
	}
	sweep_buf_release(&det);
	return rc;
}

int corpus_reuse_finish(struct scan *s, struct corpus_reuse *r, struct sweep_error *err)
{
	struct reused *list = NULL;
	size_t n = 0;
	int rc;

	rc = collect(r, &list, &n, err);
	if (rc || n == 0) {
		free(list);
		return rc;
	}
	rc = reread(s, r, list, n, err);
	if (!rc && findings(s, r, list, n))
		rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		free(list[i].row_key);
	free(list);
	return rc;
}

int corpus_reuse_save(struct corpus_reuse *r, struct corpus_w *w, struct sweep_error *err)
{
	return corpus_w_spill(w, "reuse", &r->sp, err);
}

int corpus_reuse_load(struct corpus_reuse *r, const char *section, const uint8_t *rec, size_t size,
		      struct sweep_error *err)
{
	if (strcmp(section, "reuse") != 0 || size != R_SIZE)
		return 1;
	return sweep_spill_add(&r->sp, rec, err);
}
