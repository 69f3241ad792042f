/* CRL loading with OpenSSL (CRLs are few; their entries go into a hash map). */
#include "certsweep/crl.h"

#include "certsweep/keyhash.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
	uint8_t *key; /* issuer DER || serial */
	size_t issuer_len, serial_len;
	uint64_t hash;
	struct sweep_crl_entry entry;
};

struct sweep_crlset {
	struct item *slots;
	size_t cap, n;
};

static struct item *slot(const struct sweep_crlset *set, uint64_t h, const uint8_t *i, size_t il,
			 const uint8_t *s, size_t sl)
{
	for (size_t k = h & (set->cap - 1);; k = (k + 1) & (set->cap - 1)) {
		struct item *it = &set->slots[k];
		if (!it->key)
			return it;
		if (it->hash == h && it->issuer_len == il && it->serial_len == sl && memcmp(it->key, i, il) == 0 &&
		    memcmp(it->key + il, s, sl) == 0)
			return it;
	}
}

static int grow(struct sweep_crlset *set)
{
	size_t ncap = set->cap ? set->cap * 2 : 1024;
	struct item *old = set->slots;
	size_t ocap = set->cap;

	set->slots = calloc(ncap, sizeof(*set->slots));
	if (!set->slots) {
		set->slots = old;
		return -1;
	}
	set->cap = ncap;
	for (size_t k = 0; k < ocap; k++) {
		if (!old[k].key)
			continue;
		struct item *it = slot(set, old[k].hash, old[k].key, old[k].issuer_len, old[k].key + old[k].issuer_len,
				       old[k].serial_len);
		*it = old[k];
	}
	free(old);
	return 0;
}

static int64_t to_epoch(const ASN1_TIME *t)
{
	struct tm tm;
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return (int64_t)timegm(&tm);
}

static int add_crl(struct sweep_crlset *set, X509_CRL *crl, struct sweep_error *err, const char *path)
{
	unsigned char *name = NULL;
	int name_len = i2d_X509_NAME(X509_CRL_get_issuer(crl), &name);
	STACK_OF(X509_REVOKED) *revoked = X509_CRL_get_REVOKED(crl);

	if (name_len <= 0)
		return sweep_error_set(err, SWEEP_EDECODE, "%s: CRL issuer does not encode", path);
	/* The issuer is its Name and its key (the CRL's AKI keyIdentifier): a
	 * re-keyed CA's CRLs share the name (see sweep_crlset_find). The key is
	 * the Name's DER (a TLV, so self-delimiting) followed by the key id. */
	AUTHORITY_KEYID *akid = X509_CRL_get_ext_d2i(crl, NID_authority_key_identifier, NULL, NULL);
	int kl = akid && akid->keyid ? ASN1_STRING_length(akid->keyid) : 0;
	int il = name_len + kl;
	unsigned char *issuer = OPENSSL_malloc((size_t)il);
	if (!issuer) {
		AUTHORITY_KEYID_free(akid);
		OPENSSL_free(name);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	memcpy(issuer, name, (size_t)name_len);
	if (kl)
		memcpy(issuer + name_len, ASN1_STRING_get0_data(akid->keyid), (size_t)kl);
	AUTHORITY_KEYID_free(akid);
	OPENSSL_free(name);
	for (int i = 0; i < sk_X509_REVOKED_num(revoked); i++) {
		X509_REVOKED *r = sk_X509_REVOKED_value(revoked, i);
		unsigned char *sder = NULL;
		int sl = i2d_ASN1_INTEGER((ASN1_INTEGER *)X509_REVOKED_get0_serialNumber(r), &sder);
		if (sl < 3) {
			OPENSSL_free(sder);
			continue;
		}
		/* content octets: skip the INTEGER's tag and length */
		const unsigned char *content = sder + 2;
		size_t clen = (size_t)sl - 2;
		if (sder[1] & 0x80) {
			size_t nl = sder[1] & 0x7f;
			content = sder + 2 + nl;
			clen = (size_t)sl - 2 - nl;
		}
		if ((set->n + 1) * 2 > set->cap && grow(set)) {
			OPENSSL_free(sder);
			OPENSSL_free(issuer);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
		uint64_t h = sweep_key_hash(issuer, (size_t)il, content, clen);
		struct item *it = slot(set, h, issuer, (size_t)il, content, clen);
		if (!it->key) {
			it->key = malloc((size_t)il + clen);
			if (!it->key) {
				OPENSSL_free(sder);
				OPENSSL_free(issuer);
				return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			}
			memcpy(it->key, issuer, (size_t)il);
			memcpy(it->key + il, content, clen);
			it->issuer_len = (size_t)il;
			it->serial_len = clen;
			it->hash = h;
			set->n++;
		}
		it->entry.revoked_at = to_epoch(X509_REVOKED_get0_revocationDate(r));
		ASN1_ENUMERATED *reason = X509_REVOKED_get_ext_d2i(r, NID_crl_reason, NULL, NULL);
		it->entry.reason = reason ? (int)ASN1_ENUMERATED_get(reason) : -1;
		ASN1_ENUMERATED_free(reason);
		OPENSSL_free(sder);
	}
	OPENSSL_free(issuer);
	return 0;
}

static int load_file(struct sweep_crlset *set, const char *path, struct sweep_error *err)
{
	FILE *fp = fopen(path, "rb");
	int c, count = 0, rc = 0;

	if (!fp)
		return sweep_error_set(err, SWEEP_EIO, "--crl: cannot open %s", path);
	c = fgetc(fp);
	rewind(fp);
	if (c == 0x30) {
		X509_CRL *crl = d2i_X509_CRL_fp(fp, NULL);
		if (!crl)
			rc = sweep_error_set(err, SWEEP_EDECODE, "--crl: %s is not a DER CRL", path);
		else
			rc = add_crl(set, crl, err, path);
		X509_CRL_free(crl);
		fclose(fp);
		return rc;
	}
	for (;;) {
		X509_CRL *crl = PEM_read_X509_CRL(fp, NULL, NULL, NULL);
		if (!crl)
			break;
		rc = add_crl(set, crl, err, path);
		X509_CRL_free(crl);
		count++;
		if (rc)
			break;
	}
	fclose(fp);
	if (!rc && count == 0)
		rc = sweep_error_set(err, SWEEP_EDECODE, "--crl: no CRL found in %s (want DER or PEM)", path);
	return rc;
}

int sweep_crlset_load(struct sweep_crlset **out, const char *const *paths, size_t n, struct sweep_error *err)
{
	struct sweep_crlset *set = calloc(1, sizeof(*set));
	int rc = 0;

	*out = NULL;
	if (!set || grow(set)) {
		free(set);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = load_file(set, paths[i], err);
	if (rc) {
		sweep_crlset_free(set);
		return rc;
	}
	*out = set;
	return 0;
}

void sweep_crlset_free(struct sweep_crlset *set)
{
	if (!set)
		return;
	for (size_t k = 0; k < set->cap; k++)
		free(set->slots[k].key);
	free(set->slots);
	free(set);
}

static const struct sweep_crl_entry *find(const struct sweep_crlset *set, const uint8_t *key, size_t key_len,
					  const uint8_t *serial, size_t serial_len)
{
	struct item *it = slot(set, sweep_key_hash(key, key_len, serial, serial_len), key, key_len, serial, serial_len);
	return it->key ? &it->entry : NULL;
}

const struct sweep_crl_entry *sweep_crlset_find(const struct sweep_crlset *set, const uint8_t *issuer,
						size_t issuer_len, const uint8_t *kid, size_t kid_len,
						const uint8_t *serial, size_t serial_len)
{
	const struct sweep_crl_entry *e = NULL;

	if (!set || set->n == 0)
		return NULL;
	if (kid_len) {
		/* the CRL of the certificate's own issuer key */
		uint8_t *key = malloc(issuer_len + kid_len);
		if (!key)
			return NULL;
		memcpy(key, issuer, issuer_len);
		memcpy(key + issuer_len, kid, kid_len);
		e = find(set, key, issuer_len + kid_len, serial, serial_len);
		free(key);
	}
	/* a CRL without an AKI: matched by name alone */
	return e ? e : find(set, issuer, issuer_len, serial, serial_len);
}

size_t sweep_crlset_size(const struct sweep_crlset *set)
{
	return set ? set->n : 0;
}
