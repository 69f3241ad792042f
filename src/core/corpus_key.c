/* c_key_reused_after_compromise (BR 6.1.1.3 (4), BR 4.9.1.1): a
 * certificate issued (notBefore) after an earlier certificate of the same
 * issuer name with the same public key was revoked for keyCompromise.
 *
 * Where the revocation comes from: the row itself (EJBCA status and
 * reason, --query's revocation columns), --crl (looked up per row during
 * the main pass), or for crt.sh, whose rows carry none (crl_revoked is
 * joined after the scan, for the affected serials only), its crl_revoked
 * entries with reasonCode 1 under the audited issuers, read once before the
 * main pass (queries/crtsh/key_compromise.sql) into a set of (issuer_ca_id,
 * serial) that each row is looked up in. --files without --crl knows no
 * revocation, and is refused.
 *
 * Memory: only the compromised keys are held (sweep_keyset: the key is the
 * SHA-256 of the issuer name and the SPKI hash, with the earliest
 * keyCompromise date). Every row in window appends a 56-byte record (that
 * key, notBefore, id, issuer ref) to spill.c's file of records (unordered:
 * each is judged alone, so they are never sorted), since a
 * reuse may be read before the revoked certificate; after the pass each
 * record is looked up in the key set, and only the certificates issued
 * after the compromise are re-read, to write findings and join the
 * affected set. */
#include "corpus_pass.h"

#include "certsweep/corpus.h"
#include "certsweep/crl.h"
#include "certsweep/der.h"

#include <openssl/sha.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { K_KEY = 0, K_NB = 32, K_ID = 40, K_REF = 48, K_SIZE = 56 };
#define REASON_KEY_COMPROMISE 1

struct corpus_key {
	size_t lint;
	struct sweep_keyset ks;
	struct sweep_keyset revoked; /* crt.sh: (issuer_ca_id, serial) revoked for keyCompromise */
	struct sweep_spill sp;
};

struct reissued {
	uint8_t key[32];
	int64_t id, ref, not_before, compromised_at;
	int done; /* a twin row is not counted twice */
};

/* SHA-256 of the issuer ref and the serial without leading 00 octets. */
static int serial_key(uint8_t out[32], int64_t ref, const uint8_t *serial, size_t len)
{
	uint8_t r[8];

	while (len > 1 && serial[0] == 0) {
		serial++;
		len--;
	}
	corpus_be64(r, (uint64_t)ref);
	const struct sweep_span parts[] = { { r, 8 }, { serial, len } };
	return sweep_sha256_parts(out, parts, 2) ? SWEEP_ENOMEM : 0;
}

static int add_revoked(void *ctx, int64_t issuer_ref, const uint8_t *serial, size_t serial_len, int64_t revoked_at)
{
	struct corpus_key *k = ctx;
	uint8_t key[32];

	if (serial_key(key, issuer_ref, serial, serial_len) || sweep_keyset_add(&k->revoked, key, revoked_at))
		return SWEEP_ENOMEM;
	return 0;
}

int corpus_key_begin(struct corpus_key **out, const struct scan *s, int lint, struct sweep_error *err)
{
	struct corpus_key *k;
	int rc;

	if (!s->o->crls && strcmp(s->src->ops->name, "files") == 0)
		return sweep_error_set(err, SWEEP_EINVAL,
				       "%s needs revocation reasons: certificate files carry none, so give the CA's CRLs "
				       "with --crl",
				       SWEEP_CORPUS_KEY_REUSED);
	k = calloc(1, sizeof(*k));
	if (!k)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	k->lint = (size_t)lint;
	sweep_keyset_init(&k->ks);
	sweep_keyset_init(&k->revoked);
	rc = sweep_spill_init(&k->sp, K_SIZE, 0, err);
	k->sp.unordered = 1; /* each record is judged alone (by its key's compromise date) */
	if (rc) {
		free(k);
		return rc;
	}
	*out = k;
	if (!s->o->crls && s->src->ops->key_compromises) {
		struct sweep_scan_filter f = { s->o->issuer_refs, s->o->n_issuer_refs, 0, 0, 0 };
		rc = s->src->ops->key_compromises(s->src, &f, add_revoked, k, err);
		if (rc == SWEEP_ENOMEM)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	return rc;
}

void corpus_key_release(struct corpus_key *k)
{
	if (!k)
		return;
	sweep_keyset_release(&k->ks);
	sweep_keyset_release(&k->revoked);
	sweep_spill_release(&k->sp);
	free(k);
}

int corpus_key_observe(struct corpus_key *k, const struct scan *s, const struct sweep_row *row,
		       const struct row_verdict *v, struct sweep_error *err)
{
	uint8_t rec[K_SIZE];
	int64_t at = 0;
	int compromised = 0;

	memcpy(rec + K_KEY, v->issuer_key, 32); /* corpus_issuer_key, made by the judging thread */
	if (row->has_status && row->revoked && row->reason == REASON_KEY_COMPROMISE) {
		compromised = 1;
		at = row->revoked_at;
	} else if (s->o->crls) {
		const struct sweep_crl_entry *e =
			sweep_crlset_find(s->o->crls, v->issuer, v->issuer_len, v->kid, v->kid_len, v->serial, v->serial_len);
		if (e && e->reason == REASON_KEY_COMPROMISE) {
			compromised = 1;
			at = e->revoked_at;
		}
	}
	if (!compromised && k->revoked.n && row->issuer_ref >= 0) {
		uint8_t sk[32];
		if (serial_key(sk, row->issuer_ref, v->serial, v->serial_len))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		compromised = sweep_keyset_find(&k->revoked, sk, &at);
	}
	if (compromised && sweep_keyset_add(&k->ks, rec + K_KEY, at))
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	corpus_put64(rec + K_NB, v->not_before);
	corpus_put64(rec + K_ID, row->id);
	corpus_put64(rec + K_REF, row->issuer_ref);
	return sweep_spill_add(&k->sp, rec, err);
}

static int cmp_id(const void *x, const void *y)
{
	const struct reissued *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

int corpus_key_finish(struct scan *s, struct corpus_key *k, struct sweep_error *err)
{
	struct reissued *list = NULL;
	size_t n = 0, cap = 0;
	const uint8_t *rec;
	int rc;

	if (k->ks.n == 0) {
		sweep_spill_release(&k->sp);
		return 0;
	}
	rc = sweep_spill_sort(&k->sp, err);
	while (!rc && (rc = sweep_spill_next(&k->sp, &rec, err)) == 0) {
		int64_t at, nb = corpus_get64(rec + K_NB);
		/* issued after the key was revoked for keyCompromise, and on or
		 * after the check's effective date (judged by issuance, like a lint) */
		if (!sweep_keyset_find(&k->ks, rec + K_KEY, &at) || nb <= at ||
		    sweep_yyyymmdd(nb) < s->o->lints[k->lint]->effective)
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct reissued *p = realloc(list, ncap * sizeof(*p));
			if (!p) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			list = p;
			cap = ncap;
		}
		memcpy(list[n].key, rec + K_KEY, 32);
		list[n].not_before = nb;
		list[n].compromised_at = at;
		list[n].id = corpus_get64(rec + K_ID);
		list[n].ref = corpus_get64(rec + K_REF);
		list[n].done = 0;
		n++;
	}
	if (rc == 1)
		rc = 0;
	sweep_spill_release(&k->sp);
	if (rc || n == 0) {
		free(list);
		return rc;
	}
	/* re-read the reissued certificates, bounded by issuer and id */
	struct sweep_buf det = SWEEP_BUF_INIT;
	qsort(list, n, sizeof(*list), cmp_id);
	struct sweep_row row;
	rc = corpus_reread_begin(s, list, n, sizeof(*list), offsetof(struct reissued, id), offsetof(struct reissued, ref), err);
	while (!rc) {
		rc = sweep_source_next(s->src, &row, err);
		if (rc)
			break;
		size_t lo = corpus_reread_find(list, n, sizeof(*list), offsetof(struct reissued, id), row.id);
		if (lo == n)
			continue;
		struct sweep_error derr = { 0, "" };
		uint8_t spki[32], key[32];
		if (sweep_cert_decode(&s->cert, row.der, row.der_len, &derr))
			continue;
		sweep_sha256(spki, s->cert.spki, s->cert.spki_len);
		if (corpus_issuer_key(key, s->cert.issuer.der, s->cert.issuer.der_len, spki)) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
		for (size_t j = lo; j < n && list[j].id == row.id; j++) {
			struct reissued *e = &list[j];
			char when[32], hex[65];
			/* crt.sh ids may repeat: the record is the row of the same key and notBefore */
			if (e->done || memcmp(e->key, key, 32) != 0 || e->not_before != s->cert.not_before)
				continue;
			e->done = 1;
			sweep_time_iso(e->compromised_at, when);
			sweep_hex(spki, 32, hex);
			sweep_buf_reset(&det);
			sweep_buf_printf(&det,
					 "public key (SPKI SHA-256 %s) certified again: an earlier certificate of this "
					 "issuer with it was revoked for keyCompromise at %s",
					 hex, when);
			if (det.oom || corpus_affect(s, &row, &s->cert, k->lint) ||
			    corpus_write_finding(s, &row, &s->cert, k->lint, sweep_buf_str(&det))) {
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

/* Sections: "key.compromised" (the key, then its earliest keyCompromise
 * date: 40 bytes) and "key" (the sort's records). The crt.sh revocation set
 * is not saved: merge reads it again, from the same database. */
int corpus_key_save(struct corpus_key *k, struct corpus_w *w, struct sweep_error *err)
{
	uint8_t rec[40];
	size_t pos = 0;
	int64_t at;
	int rc = corpus_w_section(w, "key.compromised", k->ks.n, sizeof(rec), err);

	while (!rc && sweep_keyset_next(&k->ks, &pos, rec, &at)) {
		corpus_put64(rec + 32, at);
		rc = corpus_w_rec(w, rec, sizeof(rec), err);
	}
	return rc ? rc : corpus_w_spill(w, "key", &k->sp, err);
}

int corpus_key_load(struct corpus_key *k, const char *section, const uint8_t *rec, size_t size,
		    struct sweep_error *err)
{
	if (strcmp(section, "key.compromised") == 0 && size == 40)
		return sweep_keyset_add(&k->ks, rec, corpus_get64(rec + 32))
			       ? sweep_error_set(err, SWEEP_ENOMEM, "out of memory")
			       : 0;
	if (strcmp(section, "key") == 0 && size == K_SIZE)
		return sweep_spill_add(&k->sp, rec, err);
	return 1;
}
