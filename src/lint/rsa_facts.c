/* The RSA key facts the weak-key lints share (BR 6.1.6; lint_keys_weak.c):
 * the RSAPublicKey decoded once per certificate, and the modulus reduced by
 * every odd prime below 752 in one pass of word arithmetic, without BIGNUMs.
 *
 * Residues: the primes are grouped so that each group's product m is below
 * 2^58. The modulus, read as 64-bit words c_i (least significant first), is
 * n = sum c_i 2^(64i), so n mod m = sum c_i w_i mod m with w_i = 2^(64i) mod m
 * from a table built once: one 64x58-bit product (below 2^122) per word and
 * group, summed in 128 bits (four sums of at most 64 terms each: no
 * overflow up to 256 words), and one or four reductions per group at the
 * end. Moduli longer than the table (16384 bits) take BN_mod_word. */
#include "checks.h"
#include "mp.h"

#include <openssl/bn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

const uint16_t sweep_small_primes[SWEEP_SMALL_PRIMES] = {
	3,   5,	  7,   11,  13,	 17,  19,  23,	29,  31,  37,  41,  43,	 47,  53,  59,	61,  67,  71,  73,  79,	 83,
	89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197,
	199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331,
	337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461,
	463, 467, 479, 487, 491, 499, 503, 509, 521, 523, 541, 547, 557, 563, 569, 571, 577, 587, 593, 599, 601, 607,
	613, 617, 619, 631, 641, 643, 647, 653, 659, 661, 673, 677, 683, 691, 701, 709, 719, 727, 733, 739, 743, 751,
};

enum { SWEEP_RSA_HAVE_KEY = 1u << 0, SWEEP_RSA_HAVE_RES = 1u << 1 };

/* ---- residues by word arithmetic ---- */

__extension__ typedef unsigned __int128 u128;

enum { MAX_GROUPS = 40, MAX_WORDS = 256 /* 16384-bit moduli */ };
#define GROUP_BITS 58
static uint64_t group_m[MAX_GROUPS];
static uint8_t group_first[MAX_GROUPS + 1]; /* primes group_first[g] .. group_first[g+1]-1 */
static size_t n_groups;
static uint64_t weight[MAX_GROUPS][MAX_WORDS]; /* 2^(64 i) mod group_m[g] */
/* per prime p: floor((2^64 - 1) / p), for Barrett reduction */
static uint64_t prime_inv[SWEEP_SMALL_PRIMES];

/* r mod p for any 64-bit r: the quotient estimate floor(r inv / 2^64) is
 * floor(r / p) or one less, so one conditional subtraction settles it */
static inline uint32_t barrett(uint64_t r, uint64_t inv, uint32_t p)
{
	uint64_t q = (uint64_t)(((u128)r * inv) >> 64);
	uint64_t t = r - q * p;
	return (uint32_t)(t >= p ? t - p : t);
}

/* x mod m for m < 2^64, by two word divisions (hi mod m first, so that the
 * second quotient fits a word) instead of the 128-bit division routine */
static inline uint64_t mod128(u128 x, uint64_t m)
{
	uint64_t r;

	(void)sweep_div_word(0, (uint64_t)(x >> 64), m, &r);
	(void)sweep_div_word(r, (uint64_t)x, m, &r);
	return r;
}
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_init(void)
{
	size_t i = 0;

	while (i < SWEEP_SMALL_PRIMES && n_groups < MAX_GROUPS) {
		uint64_t prod = 1;
		group_first[n_groups] = (uint8_t)i;
		while (i < SWEEP_SMALL_PRIMES && prod <= ((UINT64_C(1) << GROUP_BITS) - 1) / sweep_small_primes[i])
			prod *= sweep_small_primes[i++];
		group_m[n_groups++] = prod;
	}
	group_first[n_groups] = (uint8_t)i; /* i == SWEEP_SMALL_PRIMES: 132 primes make 23 groups */
	for (size_t k = 0; k < SWEEP_SMALL_PRIMES; k++) {
		prime_inv[k] = UINT64_MAX / sweep_small_primes[k];
	}
	for (size_t g = 0; g < n_groups; g++) {
		uint64_t m = group_m[g], w = 1 % m;
		for (size_t k = 0; k < MAX_WORDS; k++) {
			weight[g][k] = w;
			w = (uint64_t)(((u128)w << 64) % m);
		}
	}
}

/* The same residues through OpenSSL, for moduli beyond the table. */
static int residues_bn(uint16_t res[SWEEP_SMALL_PRIMES], const uint8_t *n, size_t len)
{
	BIGNUM *bn = BN_bin2bn(n, (int)len, NULL);
	int rc = 0;

	if (!bn)
		return -1;
	for (size_t g = 0; g < n_groups && rc == 0; g++) {
		BN_ULONG r = BN_mod_word(bn, group_m[g]);
		if (r == (BN_ULONG)-1)
			rc = -1;
		for (size_t k = group_first[g]; k < group_first[g + 1] && rc == 0; k++)
			res[k] = (uint16_t)(r % sweep_small_primes[k]);
	}
	BN_free(bn);
	return rc;
}

int sweep_small_residues(uint16_t res[SWEEP_SMALL_PRIMES], const uint8_t *n, size_t len)
{
	uint64_t word[MAX_WORDS];
	size_t words = (len + 7) / 8;

	if (pthread_once(&tables_once, tables_init) || group_first[n_groups] != SWEEP_SMALL_PRIMES)
		return -1;
	if (len > INT32_MAX)
		return -1;
	if (words > MAX_WORDS)
		return residues_bn(res, n, len);
	for (size_t i = 0; i < words; i++) {
		/* word i: the big-endian octets n[len-8i-8 .. len-8i-1], fewer at the top */
		size_t end = len - 8 * i, start = end >= 8 ? end - 8 : 0;
		uint64_t c = 0;
		for (size_t b = start; b < end; b++)
			c = c << 8 | n[b];
		word[i] = c;
	}
	for (size_t g = 0; g < n_groups; g++) {
		const uint64_t *w = weight[g];
		/* four sums, so that the additions do not wait on each other; each
		 * takes at most 64 terms below 2^122 */
		u128 a0 = 0, a1 = 0, a2 = 0, a3 = 0;
		size_t i = 0;
		for (; i + 4 <= words; i += 4) {
			a0 += (u128)word[i] * w[i];
			a1 += (u128)word[i + 1] * w[i + 1];
			a2 += (u128)word[i + 2] * w[i + 2];
			a3 += (u128)word[i + 3] * w[i + 3];
		}
		for (; i < words; i++)
			a0 += (u128)word[i] * w[i];
		uint64_t m = group_m[g], r;
		if (words <= 64) {
			/* at most 64 terms in all: the total fits */
			r = mod128(a0 + a1 + a2 + a3, m);
		} else {
			r = mod128(a0, m) + mod128(a1, m) + mod128(a2, m) + mod128(a3, m); /* below 2^60 */
			r %= m;
		}
		for (size_t k = group_first[g]; k < group_first[g + 1]; k++)
			res[k] = (uint16_t)barrett(r, prime_inv[k], sweep_small_primes[k]);
	}
	return 0;
}

/* ---- the per-thread memo of recent moduli ----
 *
 * The same RSA key recurs: a precertificate and its final certificate
 * always share one, and renewals often keep theirs. What depends on the
 * modulus alone (the residues, Fermat's answer) is kept per thread for the
 * last moduli seen, in a small direct-mapped table keyed by the modulus's
 * low octets and matched on every octet; a miss or an eviction only means
 * working it out again. Moduli above 4096 bits (rare) are not kept. */
enum { KEY_SLOTS = 32, KEY_MAX = 520 };
struct key_slot {
	size_t len;        /* 0: empty */
	uint8_t res_known; /* res[] and res_ok hold the residues */
	uint8_t res_ok;
	uint8_t fermat;    /* 0 unknown, 1 pass, 2 fails in round fermat_round */
	int fermat_round;
	uint16_t res[SWEEP_SMALL_PRIMES];
	uint8_t n[KEY_MAX];
};
static _Thread_local struct key_slot key_slots[KEY_SLOTS];

/* CERTSWEEP_RSA_MEMO=0 turns the memo off (every modulus worked out
 * afresh): scripts/bench.sh measures with and without it, since a corpus
 * whose certificates share few keys gains more than a CA's history does. */
static int memo_on(void)
{
	static _Atomic int on = -1;
	int v = atomic_load_explicit(&on, memory_order_relaxed);

	if (v < 0) {
		const char *e = getenv("CERTSWEEP_RSA_MEMO");
		v = !(e && strcmp(e, "0") == 0);
		atomic_store_explicit(&on, v, memory_order_relaxed);
	}
	return v;
}

/* n's slot when it holds n; with make, else a slot emptied for n. */
static struct key_slot *key_slot(const uint8_t *n, size_t len, int make)
{
	if (len < 8 || len > KEY_MAX || !memo_on())
		return NULL;
	uint64_t low = 0;
	for (size_t i = len - 8; i < len; i++)
		low = low << 8 | n[i];
	struct key_slot *s = &key_slots[(low * 0x9e3779b97f4a7c15u) >> 59 & (KEY_SLOTS - 1)];
	if (s->len == len && memcmp(s->n, n, len) == 0)
		return s;
	if (!make)
		return NULL;
	memset(s, 0, offsetof(struct key_slot, res));
	memcpy(s->n, n, len);
	s->len = len;
	return s;
}

int sweep_rsa_fermat_known(const struct sweep_rsa_facts *k, int *round)
{
	const struct key_slot *s = k->ok ? key_slot(k->n, k->n_len, 0) : NULL;

	if (!s || !s->fermat)
		return -1;
	*round = s->fermat_round;
	return s->fermat == 2;
}

void sweep_rsa_fermat_remember(const struct sweep_rsa_facts *k, int fails, int round)
{
	struct key_slot *s = k->ok ? key_slot(k->n, k->n_len, 1) : NULL;

	if (s) {
		s->fermat = fails ? 2 : 1;
		s->fermat_round = round;
	}
}

/* ---- the per-certificate facts ---- */

/* Bits of an unsigned big-endian magnitude, leading zero octets ignored. */
static unsigned magnitude_bits(const uint8_t *p, size_t len)
{
	while (len > 0 && p[0] == 0) {
		p++;
		len--;
	}
	if (len == 0)
		return 0;
	unsigned bits = (unsigned)(len - 1) * 8;
	for (unsigned top = p[0]; top; top >>= 1)
		bits++;
	return bits;
}

static void read_key(const struct sweep_cert *c, struct sweep_rsa_facts *f)
{
	struct der_cursor cur;
	struct der_tlv seq, n, e;

	if (c->key_bits_len < 1 || c->key_bits[0] != 0)
		return;
	cur = der_cursor_of(c->key_bits + 1, c->key_bits_len - 1);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return;
	cur = der_inside(&seq);
	if (der_expect(&cur, DER_INTEGER, &n) || der_expect(&cur, DER_INTEGER, &e) || n.len == 0 || e.len == 0 ||
	    n.len > INT32_MAX || e.len > INT32_MAX)
		return;
	f->n = n.val;
	f->n_len = n.len;
	f->e = e.val;
	f->e_len = e.len;
	f->n_bits = magnitude_bits(n.val, n.len);
	f->e_bits = magnitude_bits(e.val, e.len);
	f->ok = 1;
}

const struct sweep_rsa_facts *sweep_rsa_facts(const struct sweep_cert *cert, int residues)
{
	/* cert->rsa is a cache, and no sweep_cert is defined const */
	struct sweep_rsa_facts *f = (struct sweep_rsa_facts *)&cert->rsa;

	if (!(f->have & SWEEP_RSA_HAVE_KEY)) {
		read_key(cert, f);
		f->have |= SWEEP_RSA_HAVE_KEY;
	}
	if (residues && f->ok && !(f->have & SWEEP_RSA_HAVE_RES)) {
		struct key_slot *s = key_slot(f->n, f->n_len, 1);
		if (s && s->res_known) {
			f->res_ok = s->res_ok;
			memcpy(f->res, s->res, sizeof(f->res));
		} else {
			f->res_ok = sweep_small_residues(f->res, f->n, f->n_len) == 0;
			if (s && f->res_ok) {
				memcpy(s->res, f->res, sizeof(s->res));
				s->res_ok = 1;
				s->res_known = 1;
			}
		}
		f->have |= SWEEP_RSA_HAVE_RES;
	}
	return f;
}
