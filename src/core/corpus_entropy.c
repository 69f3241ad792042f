/* c_serial_entropy_insufficient (BR 7.1, effective 2016-09-30: serials
 * non-sequential, greater than zero, with at least 64 bits of CSPRNG
 * output).
 *
 * The main pass folds the serial of every row in window issued on or after
 * 2016-09-30 into a sketch per issuer name and kind (final certificates and
 * precertificates apart, so that a pair does not count one serial twice):
 * which bit positions ever varied (src/corpus/serials.c). A bit drawn from a
 * CSPRNG stays constant over n serials with probability 2^(1-n); with
 * n >= 100 a generator of 64 random bits shows 64 varying positions except
 * with probability below 64 * 2^-99. An issuer whose sketch of either kind
 * has n >= 100 and fewer than 64 varying positions (the "63-bit" serials
 * with the top bit never set, sequential serials, constant prefixes) fails;
 * after the main pass its rows are re-read (issuer-bounded) and every
 * certificate of it in the window from 2016-09-30 fails. Memory: one sketch
 * pair per issuer name. */
#include "corpus_pass.h"

#include "certsweep/corpus.h"
#include "certsweep/expr.h"

#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#define BR_7_1_ENTROPY_FROM 1475193600 /* 2016-09-30T00:00:00Z */

struct issuer {
	uint8_t name[16]; /* SHA-256 of the issuer name DER, cut */
	struct sweep_serial_sketch sk[2]; /* [0] final certificates, [1] precertificates */
	int64_t *refs;                    /* issuer refs seen (-1: the source has none) */
	size_t n_refs;
	int failed;
};

struct corpus_entropy {
	size_t lint;
	struct issuer *iss;
	size_t n, last;
};

int corpus_entropy_begin(struct corpus_entropy **out, int lint, struct sweep_error *err)
{
	struct corpus_entropy *e = calloc(1, sizeof(*e));

	if (!e)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	e->lint = (size_t)lint;
	*out = e;
	return 0;
}

void corpus_entropy_release(struct corpus_entropy *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		free(e->iss[i].refs);
	free(e->iss);
	free(e);
}

/* The issuer with this name hash (made when new and add is set), or NULL. */
static struct issuer *issuer_by_hash(struct corpus_entropy *e, const uint8_t name[16], int add)
{
	/* rows come mostly issuer by issuer: try the last one first */
	if (e->n && memcmp(e->iss[e->last].name, name, 16) == 0)
		return &e->iss[e->last];
	for (size_t i = 0; i < e->n; i++)
		if (memcmp(e->iss[i].name, name, 16) == 0) {
			e->last = i;
			return &e->iss[i];
		}
	if (!add)
		return NULL;
	struct issuer *p = realloc(e->iss, (e->n + 1) * sizeof(*p));
	if (!p)
		return NULL;
	e->iss = p;
	memset(&p[e->n], 0, sizeof(p[0]));
	memcpy(p[e->n].name, name, 16);
	sweep_serial_sketch_init(&p[e->n].sk[0]);
	sweep_serial_sketch_init(&p[e->n].sk[1]);
	e->last = e->n++;
	return &p[e->last];
}

/* The issuer of that name (made when new and add is set), or NULL. */
static struct issuer *issuer_of(struct corpus_entropy *e, const uint8_t *der, size_t len, int add)
{
	uint8_t full[32];

	sweep_sha256(full, der, len);
	return issuer_by_hash(e, full, add);
}

int corpus_entropy_observe(struct corpus_entropy *e, const struct sweep_row *row, const struct row_verdict *v,
			   struct sweep_error *err)
{
	if (v->not_before < BR_7_1_ENTROPY_FROM)
		return 0;
	struct issuer *is = issuer_of(e, v->issuer, v->issuer_len, 1);
	if (!is)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	sweep_serial_sketch_add(&is->sk[v->is_precert != 0], v->serial, v->serial_len);
	size_t i = 0;
	while (i < is->n_refs && is->refs[i] != row->issuer_ref)
		i++;
	if (i == is->n_refs) {
		int64_t *p = realloc(is->refs, (is->n_refs + 1) * sizeof(*p));
		if (!p)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		is->refs = p;
		is->refs[is->n_refs++] = row->issuer_ref;
	}
	return 0;
}

/* What the failing sketch says, for the finding. */
static void describe(struct sweep_buf *det, const struct issuer *is)
{
	static const char *const kind[2] = { "certificates", "precertificates" };
	int first = 1;

	for (int k = 0; k < 2; k++) {
		const struct sweep_serial_sketch *sk = &is->sk[k];
		if (!sweep_serial_sketch_insufficient(sk))
			continue;
		unsigned bits = sweep_serial_sketch_varying_bits(sk);
		sweep_buf_printf(det, "%sthe serials of this issuer's %llu %s from 2016-09-30 vary in only %u bit "
				      "positions (widest serial %u bits)",
				 first ? "" : "; ", (unsigned long long)sk->n, kind[k], bits, sk->max_bits);
		if (bits == 63 && sk->max_bits == 63)
			sweep_buf_puts(det, ": a 64-bit field whose top bit is never set (63 bits)");
		first = 0;
	}
	sweep_buf_puts(det, "; BR 7.1 wants at least 64 bits of CSPRNG output");
}

int corpus_entropy_finish(struct scan *s, struct corpus_entropy *e, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = s->o;
	int64_t *refs = NULL;
	size_t n_refs = 0, n_failed = 0;
	int unknown_ref = 0, rc = 0;
	struct sweep_buf det = SWEEP_BUF_INIT;

	for (size_t i = 0; i < e->n; i++) {
		struct issuer *is = &e->iss[i];
		is->failed = sweep_serial_sketch_insufficient(&is->sk[0]) || sweep_serial_sketch_insufficient(&is->sk[1]);
		if (!is->failed)
			continue;
		n_failed++;
		int64_t *p = realloc(refs, (n_refs + is->n_refs) * sizeof(*p));
		if (!p) {
			free(refs);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
		refs = p;
		for (size_t j = 0; j < is->n_refs; j++) {
			if (is->refs[j] < 0)
				unknown_ref = 1;
			else
				refs[n_refs++] = is->refs[j];
		}
	}
	if (!n_failed) {
		free(refs);
		return 0;
	}
	size_t u = sweep_issuer_refs_distinct(refs, n_refs);
	struct sweep_scan_filter filter = { unknown_ref ? NULL : refs, u, 0, 0, 0 };
	struct sweep_row row;
	rc = sweep_source_begin(s->src, &filter, err);
	while (!rc) {
		rc = sweep_source_next(s->src, &row, err);
		if (rc)
			break;
		struct sweep_error derr = { 0, "" };
		if (row.der_null || sweep_cert_decode(&s->cert, row.der, row.der_len, &derr))
			continue;
		const struct sweep_cert *c = &s->cert;
		/* the rows the main pass sketched: in window, --where, from the effective date */
		if (c->not_before < BR_7_1_ENTROPY_FROM || !scan_in_window(o, c))
			continue;
		struct issuer *is = issuer_of(e, c->issuer.der, c->issuer.der_len, 0);
		if (!is || !is->failed)
			continue;
		if (o->where) {
			int64_t as_of = o->as_of == SWEEP_AS_OF_ISSUED ? c->not_before
					: o->as_of == SWEEP_AS_OF_NOW  ? o->now
								       : o->as_of_date;
			if (!scan_where_match(o, &row, c, as_of))
				continue;
		}
		sweep_buf_reset(&det);
		describe(&det, is);
		if (det.oom || corpus_affect(s, &row, c, e->lint) ||
		    corpus_write_finding(s, &row, c, e->lint, sweep_buf_str(&det)))
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (rc == 1)
		rc = 0;
	free(refs);
	sweep_buf_release(&det);
	return rc;
}

/* Sections: "entropy" (per issuer: name hash, then each kind's sketch: n,
 * any, all, max_bits; 16 + 2 * 52 bytes) and "entropy.ref" (name hash and
 * one issuer ref: 24 bytes). Sketches fold exactly
 * (sweep_serial_sketch_merge), refs are a set. */
enum { E_SK = 52, E_SIZE = 16 + 2 * E_SK, E_REF_SIZE = 24 };

static void sketch_put(uint8_t *p, const struct sweep_serial_sketch *sk)
{
	corpus_put64(p, (int64_t)sk->n);
	memcpy(p + 8, sk->any, SWEEP_SERIAL_SKETCH_OCTETS);
	memcpy(p + 28, sk->all, SWEEP_SERIAL_SKETCH_OCTETS);
	for (int i = 0; i < 4; i++)
		p[48 + i] = (uint8_t)(sk->max_bits >> (8 * (3 - i)));
}

static void sketch_get(struct sweep_serial_sketch *sk, const uint8_t *p)
{
	sk->n = (uint64_t)corpus_get64(p);
	memcpy(sk->any, p + 8, SWEEP_SERIAL_SKETCH_OCTETS);
	memcpy(sk->all, p + 28, SWEEP_SERIAL_SKETCH_OCTETS);
	sk->max_bits = 0;
	for (int i = 0; i < 4; i++)
		sk->max_bits = sk->max_bits << 8 | p[48 + i];
}

int corpus_entropy_save(struct corpus_entropy *e, struct corpus_w *w, struct sweep_error *err)
{
	uint8_t rec[E_SIZE];
	size_t n_refs = 0;
	int rc = corpus_w_section(w, "entropy", e->n, sizeof(rec), err);

	for (size_t i = 0; !rc && i < e->n; i++) {
		memcpy(rec, e->iss[i].name, 16);
		sketch_put(rec + 16, &e->iss[i].sk[0]);
		sketch_put(rec + 16 + E_SK, &e->iss[i].sk[1]);
		rc = corpus_w_rec(w, rec, sizeof(rec), err);
		n_refs += e->iss[i].n_refs;
	}
	if (!rc)
		rc = corpus_w_section(w, "entropy.ref", n_refs, E_REF_SIZE, err);
	for (size_t i = 0; !rc && i < e->n; i++)
		for (size_t j = 0; !rc && j < e->iss[i].n_refs; j++) {
			memcpy(rec, e->iss[i].name, 16);
			corpus_put64(rec + 16, e->iss[i].refs[j]);
			rc = corpus_w_rec(w, rec, E_REF_SIZE, err);
		}
	return rc;
}

int corpus_entropy_load(struct corpus_entropy *e, const char *section, const uint8_t *rec, size_t size,
			struct sweep_error *err)
{
	int ref = strcmp(section, "entropy.ref") == 0;

	if (!(ref && size == E_REF_SIZE) && !(strcmp(section, "entropy") == 0 && size == E_SIZE))
		return 1;
	struct issuer *is = issuer_by_hash(e, rec, 1);
	if (!is)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	if (!ref) {
		struct sweep_serial_sketch sk;
		for (int k = 0; k < 2; k++) {
			sketch_get(&sk, rec + 16 + (size_t)k * E_SK);
			sweep_serial_sketch_merge(&is->sk[k], &sk);
		}
		return 0;
	}
	int64_t r = corpus_get64(rec + 16);
	for (size_t i = 0; i < is->n_refs; i++)
		if (is->refs[i] == r)
			return 0;
	int64_t *p = realloc(is->refs, (is->n_refs + 1) * sizeof(*p));
	if (!p)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	is->refs = p;
	is->refs[is->n_refs++] = r;
	return 0;
}
