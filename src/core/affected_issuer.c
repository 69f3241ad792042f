/* The issuers of the affected set, one copy each for the process (issue #17:
 * intern issuer strings): a group points to its issuer's Name DER, key
 * identity and RFC 4514 string instead of holding copies of them. A CA's
 * audit has a handful of issuers and hundreds of thousands of groups. The
 * table lives until the process ends; shards (--jobs) share it. */
#include "certsweep/affected.h"

#include "certsweep/keyhash.h"
#include "certsweep/name.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	struct sweep_issuer_id id;
	uint64_t hash;
	int from_cert; /* name made by sweep_name_rfc4514 from the DER (not read from a file) */
	struct entry *next;
};

static struct {
	pthread_mutex_t lock;
	struct entry **buckets;
	size_t cap, n;
} table = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0 };

static int same_bytes(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	return al == bl && (!al || memcmp(a, b, al) == 0);
}

static int grow(void)
{
	if (table.n * 2 < table.cap)
		return 0;
	size_t ncap = table.cap ? table.cap * 2 : 64;
	struct entry **b = calloc(ncap, sizeof(*b));

	if (!b)
		return -1;
	for (size_t i = 0; i < table.cap; i++) {
		for (struct entry *e = table.buckets[i], *next; e; e = next) {
			next = e->next;
			e->next = b[e->hash & (ncap - 1)];
			b[e->hash & (ncap - 1)] = e;
		}
	}
	free(table.buckets);
	table.buckets = b;
	table.cap = ncap;
	return 0;
}

static void *dup_bytes(const void *p, size_t n)
{
	void *d = malloc(n ? n : 1);

	if (d && n)
		memcpy(d, p, n);
	return d;
}

/* The entry for (der, kid) whose name is name (from_cert: made from the DER,
 * name ignored); NULL when there is none. Called with the lock held. */
static struct entry *lookup(uint64_t h, const uint8_t *der, size_t der_len, const uint8_t *kid, size_t kid_len,
			    const char *name, int from_cert)
{
	if (!table.cap)
		return NULL;
	for (struct entry *e = table.buckets[h & (table.cap - 1)]; e; e = e->next) {
		if (e->hash != h || e->from_cert != from_cert || !same_bytes(e->id.der, e->id.der_len, der, der_len) ||
		    !same_bytes(e->id.kid, e->id.kid_len, kid, kid_len))
			continue;
		if (from_cert || (!e->id.name && !name) || (e->id.name && name && strcmp(e->id.name, name) == 0))
			return e;
	}
	return NULL;
}

/* Insert a new entry, taking name (owned); NULL on failure (name freed). */
static struct entry *insert(uint64_t h, const uint8_t *der, size_t der_len, const uint8_t *kid, size_t kid_len,
			    char *name, int from_cert)
{
	struct entry *e = calloc(1, sizeof(*e));

	if (!e || grow()) {
		free(e);
		free(name);
		return NULL;
	}
	e->id.der = dup_bytes(der, der_len);
	e->id.der_len = der_len;
	e->id.kid = kid_len ? dup_bytes(kid, kid_len) : NULL;
	e->id.kid_len = kid_len;
	e->id.name = name;
	e->hash = h;
	e->from_cert = from_cert;
	if (!e->id.der || (kid_len && !e->id.kid)) {
		free(e->id.der);
		free(e->id.kid);
		free(name);
		free(e);
		return NULL;
	}
	e->next = table.buckets[h & (table.cap - 1)];
	table.buckets[h & (table.cap - 1)] = e;
	table.n++;
	return e;
}

const struct sweep_issuer_id *sweep_issuer_intern(const uint8_t *der, size_t der_len, const uint8_t *kid,
						  size_t kid_len, const char *name)
{
	uint64_t h = sweep_key_hash_kid(der, der_len, kid, kid_len, NULL, 0);
	struct entry *e;

	pthread_mutex_lock(&table.lock);
	e = lookup(h, der, der_len, kid, kid_len, name, 0);
	if (!e) {
		char *copy = name ? strdup(name) : NULL;
		e = (name && !copy) ? NULL : insert(h, der, der_len, kid, kid_len, copy, 0);
	}
	pthread_mutex_unlock(&table.lock);
	return e ? &e->id : NULL;
}

const struct sweep_issuer_id *sweep_issuer_intern_cert(const struct sweep_cert *c)
{
	uint64_t h = sweep_key_hash_kid(c->issuer.der, c->issuer.der_len, c->akid_key_id, c->akid_key_id_len, NULL, 0);
	struct entry *e;

	pthread_mutex_lock(&table.lock);
	e = lookup(h, c->issuer.der, c->issuer.der_len, c->akid_key_id, c->akid_key_id_len, NULL, 1);
	if (!e) {
		struct sweep_buf b = SWEEP_BUF_INIT;
		sweep_name_rfc4514(&c->issuer, &b);
		char *name = sweep_buf_detach(&b);
		e = name ? insert(h, c->issuer.der, c->issuer.der_len, c->akid_key_id, c->akid_key_id_len, name, 1) : NULL;
	}
	pthread_mutex_unlock(&table.lock);
	return e ? &e->id : NULL;
}

void sweep_group_set_issuer(struct sweep_group *g, const struct sweep_issuer_id *id)
{
	g->iss = id;
}
