/* c_issued_outside_issuer_validity (RFC 5280 6.1.3 (a)(2); see its
 * registry row for what it does and does not prove): a certificate whose
 * notBefore is before the notBefore or after the notAfter of every
 * certificate of its issuing CA that the source holds.
 *
 * A certificate's issuer CA certificates are those whose subject is its
 * issuer Name and, when the certificate has an AKI keyIdentifier and the CA
 * certificate an SKI, whose SKI is that keyIdentifier (a CA may hold several
 * certificates for one key: renewals, cross-signs). A certificate with no
 * such CA certificate in the source is not judged.
 *
 * Where the CA certificates come from: every decoded row with basicConstraints
 * cA (in window or not, any source), and for crt.sh the certificates linked
 * to the audited CAs through ca_certificate, read once before the main pass
 * (queries/crtsh/issuer_certs.sql). The CA certificates are held in memory
 * (few); a certificate in window whose notBefore is inside none of its CA
 * certificates known so far appends a 57-byte record to spill.c's file of
 * records (unordered: each is judged alone), judged after the main pass, so
 * a certificate read before its CA certificate (--files order) is judged
 * all the same.
 * Only the failing certificates are re-read, to write findings and join the
 * affected set. The CA certificate's own revocation is not covered. */
#include "corpus_pass.h"

#include "certsweep/corpus.h"
#include "certsweep/der.h"

#include <openssl/sha.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { I_NAME = 0, I_KID = 16, I_HASKID = 32, I_NB = 33, I_ID = 41, I_REF = 49, I_SIZE = 57 };

struct ca_validity {
	uint8_t name[16], ski[16];
	int has_ski;
	int64_t not_before, not_after;
};

struct corpus_issuer {
	size_t lint;
	struct ca_validity *cas;
	size_t n_cas, cap_cas;
	size_t n_ready; /* cas[0, n_ready) sorted (cmp_ca) without duplicates; the rest added since */
	struct sweep_spill sp;
	/* the last issuer Name and key identifier hashed, and their hashes (a
	 * CA's rows come one after another: SHA-256 once per change) */
	uint8_t *last_name, *last_kid;
	size_t last_name_len, last_kid_len;
	uint8_t name16[16], kid16[16];
};

struct outside {
	uint8_t name[16], kid[16];
	int has_kid, done;
	int64_t id, ref, not_before;
	int64_t earliest, latest; /* of the matching CA certificates */
	size_t n_ca;
};

static void hash16(uint8_t out[16], const uint8_t *p, size_t len)
{
	uint8_t full[32];

	sweep_sha256(full, p, len);
	memcpy(out, full, 16);
}

int corpus_issuer_begin(struct corpus_issuer **out, const struct scan *s, int lint, struct sweep_error *err)
{
	struct corpus_issuer *ci = calloc(1, sizeof(*ci));
	int rc;

	if (!ci)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	ci->lint = (size_t)lint;
	rc = sweep_spill_init(&ci->sp, I_SIZE, 0, err);
	ci->sp.unordered = 1; /* each record is judged alone, against the CA certificates */
	if (rc) {
		free(ci);
		return rc;
	}
	*out = ci;
	(void)s;
	return 0;
}

void corpus_issuer_release(struct corpus_issuer *ci)
{
	if (!ci)
		return;
	free(ci->cas);
	free(ci->last_name);
	free(ci->last_kid);
	sweep_spill_release(&ci->sp);
	free(ci);
}

static int add_ca(struct corpus_issuer *ci, const struct ca_validity *v)
{
	if (ci->n_cas == ci->cap_cas) {
		size_t ncap = ci->cap_cas ? ci->cap_cas * 2 : 16;
		struct ca_validity *p = realloc(ci->cas, ncap * sizeof(*p));
		if (!p)
			return SWEEP_ENOMEM;
		ci->cas = p;
		ci->cap_cas = ncap;
	}
	ci->cas[ci->n_cas++] = *v;
	return 0;
}

/* Remember a CA certificate (decoded). */
static int note_ca(struct corpus_issuer *ci, const struct sweep_cert *c)
{
	struct ca_validity v;
	const uint8_t *ski;
	size_t ski_len = 0;

	if (!c->is_ca)
		return 0;
	memset(&v, 0, sizeof(v));
	hash16(v.name, c->subject.der, c->subject.der_len);
	ski = sweep_cert_skid(c, &ski_len);
	if (ski && ski_len) {
		hash16(v.ski, ski, ski_len);
		v.has_ski = 1;
	}
	v.not_before = c->not_before;
	v.not_after = c->not_after;
	return add_ca(ci, &v);
}

static int learn_row(void *arg, const struct sweep_row *row, struct sweep_error *err)
{
	struct corpus_issuer *ci = arg;
	struct sweep_cert c;
	struct sweep_error derr = { 0, "" };
	int rc = 0;

	sweep_cert_init(&c);
	if (sweep_cert_decode(&c, row->der, row->der_len, &derr) == 0 && note_ca(ci, &c))
		rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	sweep_cert_release(&c);
	return rc;
}

int corpus_issuer_learn(struct corpus_issuer *ci, const struct scan *s, struct sweep_error *err)
{
	if (!s->src->ops->issuer_certs)
		return 0;
	struct sweep_scan_filter f = { s->o->issuer_refs, s->o->n_issuer_refs, 0, 0, 0 };
	return s->src->ops->issuer_certs(s->src, &f, learn_row, ci, err);
}

int corpus_issuer_note_ca(struct corpus_issuer *ci, const struct sweep_row *row, struct sweep_error *err)
{
	return learn_row(ci, row, err);
}

/* hash16 of p, from the memo when p is what was hashed last */
static int memo_hash16(uint8_t **last, size_t *last_len, uint8_t out[16], const uint8_t *p, size_t len)
{
	if (*last && *last_len == len && memcmp(*last, p, len) == 0)
		return 0;
	uint8_t *copy = realloc(*last, len ? len : 1);
	if (!copy)
		return SWEEP_ENOMEM;
	memcpy(copy, p, len);
	*last = copy;
	*last_len = len;
	hash16(out, p, len);
	return 0;
}

static int cmp_ca(const void *x, const void *y);

/* Sort the CA certificates and drop duplicates (the same CA certificate
 * learned twice, a row and ca_certificate, counts once). */
static void cas_prepare(struct corpus_issuer *ci)
{
	qsort(ci->cas, ci->n_cas, sizeof(*ci->cas), cmp_ca);
	size_t n_uniq = 0;
	for (size_t i = 0; i < ci->n_cas; i++)
		if (n_uniq == 0 || cmp_ca(&ci->cas[n_uniq - 1], &ci->cas[i]) != 0)
			ci->cas[n_uniq++] = ci->cas[i];
	ci->n_cas = ci->n_ready = n_uniq;
}

/* The first CA certificate of cas[0, n) with the record's issuer name
 * (cas[0, n) sorted). */
static size_t first_of_name(const struct corpus_issuer *ci, size_t n, const uint8_t *rec)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (memcmp(ci->cas[mid].name, rec + I_NAME, 16) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int judge_among(const struct corpus_issuer *ci, size_t n, const uint8_t *rec, struct outside *o);

int corpus_issuer_observe(struct corpus_issuer *ci, const struct sweep_row *row, const struct row_verdict *v,
			  struct sweep_error *err)
{
	uint8_t rec[I_SIZE];

	memset(rec, 0, sizeof(rec));
	if (memo_hash16(&ci->last_name, &ci->last_name_len, ci->name16, v->issuer, v->issuer_len))
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	memcpy(rec + I_NAME, ci->name16, 16);
	if (v->kid && v->kid_len) {
		if (memo_hash16(&ci->last_kid, &ci->last_kid_len, ci->kid16, v->kid, v->kid_len))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		memcpy(rec + I_KID, ci->kid16, 16);
		rec[I_HASKID] = 1;
	}
	corpus_put64(rec + I_NB, v->not_before);
	corpus_put64(rec + I_ID, row->id);
	corpus_put64(rec + I_REF, row->issuer_ref);
	/* inside a CA certificate already known: more CA certificates cannot
	 * put it outside them all, so the record is never written (issue #17:
	 * for crt.sh the CA certificates are read before the main pass, and
	 * nearly every record was written, sorted and read back for nothing) */
	if (ci->n_cas > ci->n_ready && (ci->n_cas - ci->n_ready) * 8 >= ci->n_ready + 8)
		cas_prepare(ci); /* re-sorted when it grew by an eighth: n log n over the pass */
	struct outside o;
	if (judge_among(ci, ci->n_ready, rec, &o) < 0)
		return 0;
	return sweep_spill_add(&ci->sp, rec, err);
}

/* By name first (judge_among() searches it), then the rest, so that the same CA
 * certificate learned twice (a row and ca_certificate) sorts together. */
static int cmp_ca(const void *x, const void *y)
{
	const struct ca_validity *a = x, *b = y;
	int c = memcmp(a->name, b->name, 16);

	if (!c)
		c = (a->has_ski > b->has_ski) - (a->has_ski < b->has_ski);
	if (!c)
		c = memcmp(a->ski, b->ski, 16);
	if (!c)
		c = (a->not_before > b->not_before) - (a->not_before < b->not_before);
	if (!c)
		c = (a->not_after > b->not_after) - (a->not_after < b->not_after);
	return c;
}

static int cmp_id(const void *x, const void *y)
{
	const struct outside *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

/* Judge one record against cas[0, n): -1 when its notBefore is inside one
 * of its issuer's CA certificates, 1 when some match and it is inside none
 * of them (*o filled), 0 when none match. */
static int judge_among(const struct corpus_issuer *ci, size_t n, const uint8_t *rec, struct outside *o)
{
	int64_t nb = corpus_get64(rec + I_NB);

	memset(o, 0, sizeof(*o));
	for (size_t i = first_of_name(ci, n, rec); i < n && memcmp(ci->cas[i].name, rec + I_NAME, 16) == 0; i++) {
		const struct ca_validity *c = &ci->cas[i];
		if (rec[I_HASKID] && c->has_ski && memcmp(c->ski, rec + I_KID, 16) != 0)
			continue;
		if (nb >= c->not_before && nb <= c->not_after)
			return -1;
		if (o->n_ca == 0 || c->not_before < o->earliest)
			o->earliest = c->not_before;
		if (o->n_ca == 0 || c->not_after > o->latest)
			o->latest = c->not_after;
		o->n_ca++;
	}
	if (o->n_ca == 0)
		return 0;
	memcpy(o->name, rec + I_NAME, 16);
	memcpy(o->kid, rec + I_KID, 16);
	o->has_kid = rec[I_HASKID];
	o->not_before = nb;
	o->id = corpus_get64(rec + I_ID);
	o->ref = corpus_get64(rec + I_REF);
	return 1;
}

int corpus_issuer_finish(struct scan *s, struct corpus_issuer *ci, struct sweep_error *err)
{
	struct outside *list = NULL, o;
	size_t n = 0, cap = 0;
	const uint8_t *rec;
	int rc;

	if (ci->n_cas == 0) {
		sweep_spill_release(&ci->sp);
		return 0;
	}
	cas_prepare(ci);
	rc = sweep_spill_sort(&ci->sp, err);
	while (!rc && (rc = sweep_spill_next(&ci->sp, &rec, err)) == 0) {
		if (judge_among(ci, ci->n_cas, rec, &o) != 1)
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct outside *p = realloc(list, ncap * sizeof(*p));
			if (!p) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			list = p;
			cap = ncap;
		}
		list[n++] = o;
	}
	if (rc == 1)
		rc = 0;
	sweep_spill_release(&ci->sp);
	if (rc || n == 0) {
		free(list);
		return rc;
	}
	/* re-read the certificates outside their issuer's life, bounded by issuer and id */
	struct sweep_buf det = SWEEP_BUF_INIT;
	qsort(list, n, sizeof(*list), cmp_id);
	struct sweep_row row;
	rc = corpus_reread_begin(s, list, n, sizeof(*list), offsetof(struct outside, id), offsetof(struct outside, ref), err);
	while (!rc) {
		rc = sweep_source_next(s->src, &row, err);
		if (rc)
			break;
		size_t lo = corpus_reread_find(list, n, sizeof(*list), offsetof(struct outside, id), row.id);
		if (lo == n)
			continue;
		struct sweep_error derr = { 0, "" };
		uint8_t name[16], kid[16];
		if (sweep_cert_decode(&s->cert, row.der, row.der_len, &derr))
			continue;
		hash16(name, s->cert.issuer.der, s->cert.issuer.der_len);
		memset(kid, 0, sizeof(kid));
		if (s->cert.akid_key_id && s->cert.akid_key_id_len)
			hash16(kid, s->cert.akid_key_id, s->cert.akid_key_id_len);
		for (size_t j = lo; j < n && list[j].id == row.id; j++) {
			struct outside *e = &list[j];
			char nb[32], from[32], to[32];
			/* crt.sh ids may repeat: the record is the row of the same issuer and notBefore */
			if (e->done || memcmp(e->name, name, 16) != 0 || memcmp(e->kid, kid, 16) != 0 ||
			    e->not_before != s->cert.not_before)
				continue;
			e->done = 1;
			sweep_time_iso(e->not_before, nb);
			sweep_time_iso(e->earliest, from);
			sweep_time_iso(e->latest, to);
			sweep_buf_reset(&det);
			sweep_buf_printf(&det,
					 "notBefore %s is outside the validity of every certificate of its issuer CA in the "
					 "source (%zu of them; the earliest notBefore %s, the latest notAfter %s)",
					 nb, e->n_ca, from, to);
			if (det.oom || corpus_affect(s, &row, &s->cert, ci->lint) ||
			    corpus_write_finding(s, &row, &s->cert, ci->lint, sweep_buf_str(&det))) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			break;
		}
	}
	if (rc == 1)
		rc = 0;
	free(list);
	sweep_buf_release(&det);
	return rc;
}

/* Sections: "issuer.ca" (the CA certificates known: subject hash, SKI hash,
 * whether it has one, notBefore, notAfter: 49 bytes) and "issuer" (the
 * sort's records). */
enum { CA_NAME = 0, CA_SKI = 16, CA_HASSKI = 32, CA_NB = 33, CA_NA = 41, CA_SIZE = 49 };

int corpus_issuer_save(struct corpus_issuer *ci, struct corpus_w *w, struct sweep_error *err)
{
	uint8_t rec[CA_SIZE];
	int rc = corpus_w_section(w, "issuer.ca", ci->n_cas, sizeof(rec), err);

	for (size_t i = 0; !rc && i < ci->n_cas; i++) {
		memcpy(rec + CA_NAME, ci->cas[i].name, 16);
		memcpy(rec + CA_SKI, ci->cas[i].ski, 16);
		rec[CA_HASSKI] = (uint8_t)(ci->cas[i].has_ski != 0);
		corpus_put64(rec + CA_NB, ci->cas[i].not_before);
		corpus_put64(rec + CA_NA, ci->cas[i].not_after);
		rc = corpus_w_rec(w, rec, sizeof(rec), err);
	}
	return rc ? rc : corpus_w_spill(w, "issuer", &ci->sp, err);
}

int corpus_issuer_load(struct corpus_issuer *ci, const char *section, const uint8_t *rec, size_t size,
		       struct sweep_error *err)
{
	if (strcmp(section, "issuer") == 0 && size == I_SIZE)
		return sweep_spill_add(&ci->sp, rec, err);
	if (strcmp(section, "issuer.ca") != 0 || size != CA_SIZE)
		return 1;
	struct ca_validity v;
	memset(&v, 0, sizeof(v));
	memcpy(v.name, rec + CA_NAME, 16);
	memcpy(v.ski, rec + CA_SKI, 16);
	v.has_ski = rec[CA_HASSKI] != 0;
	v.not_before = corpus_get64(rec + CA_NB);
	v.not_after = corpus_get64(rec + CA_NA);
	return add_ca(ci, &v) ? sweep_error_set(err, SWEEP_ENOMEM, "out of memory") : 0;
}
