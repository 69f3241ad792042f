/* Fixed-size natural numbers in 64-bit words, for the few exact big-number
 * steps of the weak-key lints (Fermat's method: a square root, squarings,
 * residues). No allocation and no BN_CTX: OpenSSL's BIGNUM calls cost more
 * in bookkeeping than in arithmetic at these sizes. Numbers up to
 * SWEEP_MP_MAX_BITS; the callers fall back to BIGNUM above. */
#ifndef CERTSWEEP_LINT_MP_H
#define CERTSWEEP_LINT_MP_H

#include <stddef.h>
#include <stdint.h>

#define SWEEP_MP_WORDS 132 /* products of two numbers of SWEEP_MP_MAX_BITS / 2 + a word */
#define SWEEP_MP_MAX_BITS 8192

struct sweep_mp {
	size_t n;		    /* words in use; d[n - 1] != 0, or n == 0 for zero */
	uint64_t d[SWEEP_MP_WORDS]; /* least significant first */
};

/* (hi:lo) / d and its remainder, hi < d (the quotient fits a word): one
 * divq on x86-64 instead of the 128-bit division routine. */
static inline uint64_t sweep_div_word(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__)
	uint64_t q, r;
	__asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
	*rem = r;
	return q;
#else
	__extension__ unsigned __int128 n = (unsigned __int128)hi << 64 | lo;
	*rem = (uint64_t)(n % d);
	return (uint64_t)(n / d);
#endif
}

/* From big-endian bytes (len * 8 <= SWEEP_MP_MAX_BITS); 0 or -1 when too large. */
int sweep_mp_from_bytes(struct sweep_mp *r, const uint8_t *p, size_t len);
/* Big-endian bytes of a (no leading zero bytes; zero gives len 0) into
 * out of room cap; the length, or 0 when it does not fit. */
size_t sweep_mp_to_bytes(uint8_t *out, size_t cap, const struct sweep_mp *a);
unsigned sweep_mp_bits(const struct sweep_mp *a);
int sweep_mp_cmp(const struct sweep_mp *a, const struct sweep_mp *b);
/* r = a + b; r may be a or b. */
void sweep_mp_add(struct sweep_mp *r, const struct sweep_mp *a, const struct sweep_mp *b);
/* r = a - b, a >= b; r may be a or b. */
void sweep_mp_sub(struct sweep_mp *r, const struct sweep_mp *a, const struct sweep_mp *b);
/* r = a * b; r is neither a nor b; a->n + b->n <= SWEEP_MP_WORDS. */
void sweep_mp_mul(struct sweep_mp *r, const struct sweep_mp *a, const struct sweep_mp *b);
void sweep_mp_add_word(struct sweep_mp *r, uint64_t w);
void sweep_mp_sub_word(struct sweep_mp *r, uint64_t w); /* r >= w */
void sweep_mp_mul_word(struct sweep_mp *r, uint64_t w);
/* floor(sqrt(x)); r is not x. */
void sweep_mp_isqrt(struct sweep_mp *r, const struct sweep_mp *x);
/* The same, and rem = x - r^2 when rem is not NULL (rem is neither r nor x). */
void sweep_mp_sqrtrem(struct sweep_mp *r, struct sweep_mp *rem, const struct sweep_mp *x);

#endif
