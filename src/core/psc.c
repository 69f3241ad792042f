/* Precertificate Signing Certificates (RFC 6962 3.1): a CA may sign its
 * precertificates with a dedicated CA certificate (extendedKeyUsage
 * 1.3.6.1.4.1.11129.2.4.4) that it issued itself. Such a precertificate
 * names that certificate's subject as its issuer, and crt.sh files it under
 * another issuer_ca_id; yet it is the real issuing CA's certificate and
 * belongs on the line of its final certificate. The scan keeps the (few)
 * Precertificate Signing Certificates it learns of, from the source before
 * the pass (crt.sh: ca_certificate) or as their rows go by (files), and
 * keys such precertificates by the real issuer: the signing certificate's
 * own issuer. */
#include "scan.h"

#include <stdlib.h>
#include <string.h>

/* 1.3.6.1.4.1.11129.2.4.4, content octets */
static const uint8_t psc_eku[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x04 };

int scan_cert_is_psc(const struct sweep_cert *c)
{
	if (!c->has_basic_constraints || !c->is_ca || c->is_precert)
		return 0;
	for (size_t i = 0; i < c->n_eku; i++)
		if (c->eku[i].len == sizeof(psc_eku) && memcmp(c->eku[i].oid, psc_eku, sizeof(psc_eku)) == 0)
			return 1;
	return 0;
}

const struct scan_psc *scan_psc_find(const struct scan_psc_map *m, const uint8_t *issuer, size_t len)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct scan_psc *p = &m->v[i];
		if (p->cert.subject.der_len == len && memcmp(p->cert.subject.der, issuer, len) == 0)
			return p;
	}
	return NULL;
}

int scan_psc_note(struct scan_psc_map *m, const uint8_t *der, size_t len, int64_t real_ref, int64_t own_ref,
		  struct sweep_error *err)
{
	struct sweep_error derr = { 0, "" };
	struct scan_psc p;

	memset(&p, 0, sizeof(p));
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].der_len == len && memcmp(m->v[i].der, der, len) == 0) {
			if (m->v[i].own_ref < 0)
				m->v[i].own_ref = own_ref;
			return 0; /* known already (crt.sh: from ca_certificate, then its row) */
		}
	p.der = malloc(len ? len : 1);
	if (!p.der)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	memcpy(p.der, der, len);
	p.der_len = len;
	sweep_cert_init(&p.cert);
	if (sweep_cert_decode(&p.cert, p.der, len, &derr) || !scan_cert_is_psc(&p.cert)) {
		sweep_cert_release(&p.cert);
		free(p.der);
		return 0; /* not one: nothing to learn */
	}
	p.real_ref = real_ref;
	p.own_ref = own_ref;
	struct scan_psc *v = realloc(m->v, (m->n + 1) * sizeof(*v));
	if (!v) {
		sweep_cert_release(&p.cert);
		free(p.der);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	m->v = v;
	m->v[m->n++] = p;
	return 0;
}

void scan_psc_release(struct scan_psc_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		sweep_cert_release(&m->v[i].cert);
		free(m->v[i].der);
	}
	free(m->v);
	free(m->refs);
	m->v = NULL;
	m->refs = NULL;
	m->n = 0;
}

const struct sweep_cert *scan_psc_rekey(const struct scan_psc_map *m, const struct sweep_cert *c,
					struct sweep_cert *tmp, int64_t *issuer_ref)
{
	const struct scan_psc *p;

	if (!c->is_precert || m->n == 0)
		return c;
	p = scan_psc_find(m, c->issuer.der, c->issuer.der_len);
	if (!p)
		return c;
	if (issuer_ref && p->own_ref >= 0 && *issuer_ref == p->own_ref)
		*issuer_ref = p->real_ref;
	else if (issuer_ref && *issuer_ref < 0)
		*issuer_ref = p->real_ref;
	*tmp = *c;
	tmp->issuer = p->cert.issuer;
	/* the key identity of the real issuer: the signing certificate's AKI */
	tmp->akid_key_id = p->cert.akid_key_id;
	tmp->akid_key_id_len = p->cert.akid_key_id_len;
	return tmp;
}

static int learn_one(void *arg, const struct sweep_row *row, struct sweep_error *err)
{
	struct scan *s = arg;

	return scan_psc_note(&s->psc, row->der, row->der_len, row->issuer_ref, row->id, err);
}

int scan_psc_learn(struct scan *s, struct sweep_error *err)
{
	struct sweep_scan_filter filter = { s->o->issuer_refs, s->o->n_issuer_refs, 0, 0, 0 };

	if (!s->src->ops->precert_signers)
		return 0;
	return s->src->ops->precert_signers(s->src, &filter, learn_one, s, err);
}

int scan_psc_add_refs(const struct scan_psc_map *m, int64_t **refs, size_t *n)
{
	size_t k = *n;

	for (size_t i = 0; i < m->n; i++) {
		const struct scan_psc *p = &m->v[i];
		int wanted = 0, dup = 0;
		if (p->own_ref < 0)
			continue;
		for (size_t j = 0; j < *n; j++)
			wanted |= (*refs)[j] == p->real_ref;
		for (size_t j = 0; j < k; j++)
			dup |= (*refs)[j] == p->own_ref;
		if (!wanted || dup)
			continue;
		int64_t *v = realloc(*refs, (k + 1) * sizeof(*v));
		if (!v)
			return SWEEP_ENOMEM;
		*refs = v;
		v[k++] = p->own_ref;
	}
	*n = k;
	return 0;
}
