/* Public keys revoked for keyCompromise: an open-addressing hash set keyed
 * by SPKI SHA-256 (already uniformly distributed, so its first 8 octets are
 * the hash). */
#include "certsweep/corpus.h"

#include <stdlib.h>
#include <string.h>

struct sweep_keyset_slot {
	uint8_t key[32];
	int64_t revoked_at;
	int used;
};

void sweep_keyset_init(struct sweep_keyset *ks)
{
	memset(ks, 0, sizeof(*ks));
}

void sweep_keyset_release(struct sweep_keyset *ks)
{
	free(ks->slots);
	sweep_keyset_init(ks);
}

static size_t slot_of(const struct sweep_keyset_slot *slots, size_t cap, const uint8_t key[32])
{
	uint64_t h;
	size_t i;

	memcpy(&h, key, sizeof(h));
	for (i = (size_t)h & (cap - 1); slots[i].used && memcmp(slots[i].key, key, 32) != 0; i = (i + 1) & (cap - 1))
		;
	return i;
}

static int grow(struct sweep_keyset *ks)
{
	size_t ncap = ks->cap ? ks->cap * 2 : 64;
	struct sweep_keyset_slot *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return SWEEP_ENOMEM;
	for (size_t i = 0; i < ks->cap; i++)
		if (ks->slots[i].used)
			ns[slot_of(ns, ncap, ks->slots[i].key)] = ks->slots[i];
	free(ks->slots);
	ks->slots = ns;
	ks->cap = ncap;
	return 0;
}

int sweep_keyset_add(struct sweep_keyset *ks, const uint8_t spki_sha256[32], int64_t revoked_at)
{
	size_t i;

	if ((ks->n + 1) * 2 > ks->cap && grow(ks) < 0)
		return SWEEP_ENOMEM;
	i = slot_of(ks->slots, ks->cap, spki_sha256);
	if (!ks->slots[i].used) {
		memcpy(ks->slots[i].key, spki_sha256, 32);
		ks->slots[i].revoked_at = revoked_at;
		ks->slots[i].used = 1;
		ks->n++;
	} else if (revoked_at < ks->slots[i].revoked_at) {
		ks->slots[i].revoked_at = revoked_at;
	}
	return 0;
}

int sweep_keyset_find(const struct sweep_keyset *ks, const uint8_t spki_sha256[32], int64_t *revoked_at)
{
	size_t i;

	if (!ks->cap)
		return 0;
	i = slot_of(ks->slots, ks->cap, spki_sha256);
	if (!ks->slots[i].used)
		return 0;
	*revoked_at = ks->slots[i].revoked_at;
	return 1;
}

int sweep_keyset_merge(struct sweep_keyset *a, const struct sweep_keyset *b)
{
	for (size_t i = 0; i < b->cap; i++)
		if (b->slots[i].used && sweep_keyset_add(a, b->slots[i].key, b->slots[i].revoked_at) < 0)
			return SWEEP_ENOMEM;
	return 0;
}

int sweep_keyset_next(const struct sweep_keyset *ks, size_t *pos, uint8_t key[32], int64_t *revoked_at)
{
	while (*pos < ks->cap) {
		const struct sweep_keyset_slot *sl = &ks->slots[(*pos)++];
		if (sl->used) {
			memcpy(key, sl->key, 32);
			*revoked_at = sl->revoked_at;
			return 1;
		}
	}
	return 0;
}
