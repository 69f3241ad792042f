#include "mp.h"

#include <math.h>
#include <string.h>

typedef unsigned __int128 u128;

/* Division by a normalised word d (top bit set) with its reciprocal
 * v = floor((2^128 - 1) / d) - 2^64, made once per divisor: two
 * multiplications per quotient word instead of a divq (Moller and
 * Granlund, "Improved division by invariant integers", 2011, Algorithm 4).
 * (hi:lo) / d needs hi < d. */
static inline uint64_t reciprocal_word(uint64_t d)
{
	uint64_t rem;
	return sweep_div_word(~d, UINT64_MAX, d, &rem);
}

static inline uint64_t div_word_pre(uint64_t hi, uint64_t lo, uint64_t d, uint64_t v, uint64_t *rem)
{
	u128 q = (u128)v * hi + ((u128)hi << 64 | lo);
	uint64_t q1 = (uint64_t)(q >> 64) + 1, q0 = (uint64_t)q;
	uint64_t r = lo - q1 * d;
	if (r > q0) {
		q1--;
		r += d;
	}
	if (r >= d) {
		q1++;
		r -= d;
	}
	*rem = r;
	return q1;
}

static void norm(struct sweep_mp *a)
{
	while (a->n && a->d[a->n - 1] == 0)
		a->n--;
}

static void set_word(struct sweep_mp *r, uint64_t w)
{
	r->d[0] = w;
	r->n = w != 0;
}

int sweep_mp_from_bytes(struct sweep_mp *r, const uint8_t *p, size_t len)
{
	while (len && *p == 0) {
		p++;
		len--;
	}
	if (len > SWEEP_MP_MAX_BITS / 8)
		return -1;
	r->n = (len + 7) / 8;
	/* whole big-endian words from the end, then the leading partial one */
	size_t i = 0;
	for (; (i + 1) * 8 <= len; i++) {
		uint64_t w = 0;
		const uint8_t *q = p + len - 8 * (i + 1);
		for (int k = 0; k < 8; k++)
			w = w << 8 | q[k];
		r->d[i] = w;
	}
	if (i < r->n) {
		uint64_t w = 0;
		for (size_t k = 0; k < len - 8 * i; k++)
			w = w << 8 | p[k];
		r->d[i] = w;
	}
	return 0;
}

size_t sweep_mp_to_bytes(uint8_t *out, size_t cap, const struct sweep_mp *a)
{
	size_t len = (sweep_mp_bits(a) + 7) / 8;

	if (len > cap)
		return 0;
	for (size_t i = 0; i < len; i++)
		out[len - 1 - i] = (uint8_t)(a->d[i / 8] >> (8 * (i % 8)));
	return len;
}

unsigned sweep_mp_bits(const struct sweep_mp *a)
{
	if (!a->n)
		return 0;
	return (unsigned)(64 * a->n) - (unsigned)__builtin_clzll(a->d[a->n - 1]);
}

int sweep_mp_cmp(const struct sweep_mp *a, const struct sweep_mp *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (size_t i = a->n; i-- > 0;)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

void sweep_mp_add(struct sweep_mp *r, const struct sweep_mp *a, const struct sweep_mp *b)
{
	if (a->n < b->n) {
		const struct sweep_mp *t = a;
		a = b;
		b = t;
	}
	size_t an = a->n, bn = b->n;
	uint64_t c = 0;
	for (size_t i = 0; i < an; i++) {
		u128 s = (u128)a->d[i] + (i < bn ? b->d[i] : 0) + c;
		r->d[i] = (uint64_t)s;
		c = (uint64_t)(s >> 64);
	}
	r->n = an;
	if (c)
		r->d[r->n++] = c;
}

void sweep_mp_sub(struct sweep_mp *r, const struct sweep_mp *a, const struct sweep_mp *b)
{
	size_t an = a->n, bn = b->n;
	uint64_t borrow = 0;
	for (size_t i = 0; i < an; i++) {
		uint64_t x = a->d[i], y = i < bn ? b->d[i] : 0;
		uint64_t t = x - y, b1 = x < y;
		r->d[i] = t - borrow;
		borrow = b1 | (t < borrow);
	}
	r->n = an;
	norm(r);
}

void sweep_mp_mul(struct sweep_mp *r, const struct sweep_mp *a, const struct sweep_mp *b)
{
	size_t an = a->n, bn = b->n;

	if (!an || !bn) {
		r->n = 0;
		return;
	}
	memset(r->d, 0, (an + bn) * sizeof(r->d[0]));
	for (size_t i = 0; i < an; i++) {
		uint64_t c = 0, ai = a->d[i];
		for (size_t j = 0; j < bn; j++) {
			u128 p = (u128)ai * b->d[j] + r->d[i + j] + c;
			r->d[i + j] = (uint64_t)p;
			c = (uint64_t)(p >> 64);
		}
		r->d[i + bn] = c;
	}
	r->n = an + bn;
	norm(r);
}

void sweep_mp_add_word(struct sweep_mp *r, uint64_t w)
{
	for (size_t i = 0; w; i++) {
		if (i == r->n) {
			r->d[r->n++] = w;
			return;
		}
		r->d[i] += w;
		w = r->d[i] < w;
	}
}

void sweep_mp_sub_word(struct sweep_mp *r, uint64_t w)
{
	for (size_t i = 0; w && i < r->n; i++) {
		uint64_t x = r->d[i];
		r->d[i] = x - w;
		w = x < w;
	}
	norm(r);
}

void sweep_mp_mul_word(struct sweep_mp *r, uint64_t w)
{
	uint64_t c = 0;

	for (size_t i = 0; i < r->n; i++) {
		u128 p = (u128)r->d[i] * w + c;
		r->d[i] = (uint64_t)p;
		c = (uint64_t)(p >> 64);
	}
	if (c)
		r->d[r->n++] = c;
	if (!w)
		r->n = 0;
}

/* r = a >> s; r may be a. */
static void shr(struct sweep_mp *r, const struct sweep_mp *a, unsigned s)
{
	size_t w = s / 64, n = a->n > w ? a->n - w : 0;
	unsigned b = s % 64;

	for (size_t i = 0; i < n; i++) {
		uint64_t lo = a->d[i + w] >> b;
		uint64_t hi = b && i + w + 1 < a->n ? a->d[i + w + 1] << (64 - b) : 0;
		r->d[i] = lo | hi;
	}
	r->n = n;
	norm(r);
}

/* r = a << s; r is not a. */
static void shl(struct sweep_mp *r, const struct sweep_mp *a, unsigned s)
{
	size_t w = s / 64;
	unsigned b = s % 64;

	if (!a->n) {
		r->n = 0;
		return;
	}
	for (size_t i = 0; i < w; i++)
		r->d[i] = 0;
	r->d[a->n + w] = 0;
	for (size_t i = 0; i < a->n; i++) {
		r->d[i + w] = (i ? r->d[i + w] : 0) | a->d[i] << b;
		r->d[i + w + 1] = b ? a->d[i] >> (64 - b) : 0;
	}
	r->n = a->n + w + 1;
	norm(r);
}

/* r = a mod 2^s; r may be a. */
static void low_bits(struct sweep_mp *r, const struct sweep_mp *a, unsigned s)
{
	size_t w = s / 64;
	unsigned b = s % 64;

	if (a->n <= w) {
		if (r != a)
			*r = *a;
		return;
	}
	for (size_t i = 0; i < w; i++)
		r->d[i] = a->d[i];
	r->n = w;
	if (b) {
		r->d[w] = a->d[w] & ((UINT64_C(1) << b) - 1);
		r->n = w + 1;
	}
	norm(r);
}

/* q = floor(u / v), rem = u mod v; v != 0; q and rem are neither u nor v.
 * Knuth's algorithm D (TAOCP 4.3.1) in 64-bit digits, as in Hacker's
 * Delight's divmnu. */
static void divmod(struct sweep_mp *q, struct sweep_mp *rem, const struct sweep_mp *u, const struct sweep_mp *v)
{
	size_t m = u->n, n = v->n;

	if (m < n) {
		q->n = 0;
		*rem = *u;
		return;
	}
	if (n == 1) {
		uint64_t k = 0;
		for (size_t j = m; j-- > 0;)
			q->d[j] = sweep_div_word(k, u->d[j], v->d[0], &k);
		q->n = m;
		norm(q);
		set_word(rem, k);
		return;
	}
	uint64_t vn[SWEEP_MP_WORDS], un[SWEEP_MP_WORDS + 1];
	unsigned s = (unsigned)__builtin_clzll(v->d[n - 1]);
	for (size_t i = n - 1; i > 0; i--)
		vn[i] = v->d[i] << s | (s ? v->d[i - 1] >> (64 - s) : 0);
	vn[0] = v->d[0] << s;
	un[m] = s ? u->d[m - 1] >> (64 - s) : 0;
	for (size_t i = m - 1; i > 0; i--)
		un[i] = u->d[i] << s | (s ? u->d[i - 1] >> (64 - s) : 0);
	un[0] = u->d[0] << s;
	uint64_t vinv = reciprocal_word(vn[n - 1]);
	for (size_t j = m - n + 1; j-- > 0;) {
		/* qhat = (un[j+n]:un[j+n-1]) / vn[n-1], at most B - 1 (un[j+n] <= vn[n-1]) */
		uint64_t qhat, rhat;
		int rhat_big = 0; /* rhat >= B: the test below cannot hold */
		if (un[j + n] >= vn[n - 1]) {
			qhat = UINT64_MAX;
			u128 r = (u128)un[j + n - 1] + vn[n - 1];
			rhat = (uint64_t)r;
			rhat_big = (int)(r >> 64);
		} else {
			qhat = div_word_pre(un[j + n], un[j + n - 1], vn[n - 1], vinv, &rhat);
		}
		while (!rhat_big && (u128)qhat * vn[n - 2] > ((u128)rhat << 64 | un[j + n - 2])) {
			qhat--;
			u128 r = (u128)rhat + vn[n - 1];
			rhat = (uint64_t)r;
			rhat_big = (int)(r >> 64);
		}
		/* un[j .. j+n] -= qhat * vn */
		uint64_t borrow = 0, carry = 0;
		for (size_t i = 0; i < n; i++) {
			u128 p = (u128)qhat * vn[i] + carry;
			carry = (uint64_t)(p >> 64);
			uint64_t lo = (uint64_t)p, x = un[i + j];
			uint64_t t = x - lo, b1 = x < lo;
			un[i + j] = t - borrow;
			borrow = b1 | (t < borrow);
		}
		uint64_t x = un[j + n], t = x - carry, b1 = x < carry;
		un[j + n] = t - borrow;
		borrow = b1 | (t < borrow);
		if (borrow) {
			/* qhat was one too large: add v back */
			qhat--;
			uint64_t c = 0;
			for (size_t i = 0; i < n; i++) {
				u128 sum = (u128)un[i + j] + vn[i] + c;
				un[i + j] = (uint64_t)sum;
				c = (uint64_t)(sum >> 64);
			}
			un[j + n] += c;
		}
		q->d[j] = (uint64_t)qhat;
	}
	q->n = m - n + 1;
	norm(q);
	for (size_t i = 0; i < n; i++)
		rem->d[i] = un[i] >> s | (s ? un[i + 1] << (64 - s) : 0);
	rem->n = n;
	norm(rem);
}

/* floor(sqrt(x)) of x < 2^128, and x - root^2 */
static void sqrtrem128(struct sweep_mp *r, struct sweep_mp *rem, u128 x)
{
	long double f = sqrtl((long double)x);
	uint64_t s = f >= 18446744073709551615.0L ? UINT64_MAX : (uint64_t)f;
	/* a long double's root is within a unit or two; settle it exactly */
	while (s && (u128)s * s > x)
		s--;
	while (s < UINT64_MAX && (u128)(s + 1) * (s + 1) <= x)
		s++;
	set_word(r, s);
	if (rem) {
		u128 d = x - (u128)s * s;
		rem->d[0] = (uint64_t)d;
		rem->d[1] = (uint64_t)(d >> 64);
		rem->n = 2;
		norm(rem);
	}
}

/* The same step as sweep_bn_isqrt (lint_keys_weak.c), whose comment derives
 * it: with s = bits/4 - 1 and X = floor(sqrt(x >> 2s)) + 1, x0 = X 2^s,
 * q = floor((x >> s) / X), y = floor((x0 + q) / 2) is the root or one more,
 * and 4(x - y^2) = 4R - (x0 - q)^2 + (S odd ? 2S - 1 : 0) with R = x - x0 q
 * and S = x0 + q: its sign picks the root, and the remainder comes with it
 * (x - (y - 1)^2 = x - y^2 + 2y - 1). */
void sweep_mp_sqrtrem(struct sweep_mp *r, struct sweep_mp *rem, const struct sweep_mp *x)
{
	unsigned bits = sweep_mp_bits(x);

	if (bits <= 128) {
		u128 v = 0;
		if (x->n > 1)
			v = (u128)x->d[1] << 64;
		if (x->n > 0)
			v |= x->d[0];
		sqrtrem128(r, rem, v);
		return;
	}
	unsigned s = bits / 4 - 1;
	struct sweep_mp X, q, u, R, t;
	shr(&t, x, 2 * s);
	sweep_mp_sqrtrem(&X, NULL, &t);
	sweep_mp_add_word(&X, 1);
	/* q = floor((x >> s) / X); R = (remainder << s) + (x mod 2^s) = x - x0 q */
	shr(&t, x, s);
	divmod(&q, &u, &t, &X);
	shl(&R, &u, s);
	low_bits(&t, x, s);
	sweep_mp_add(&R, &R, &t);
	/* r = x0; t = S = x0 + q; u = (x0 - q)^2 */
	shl(r, &X, s);
	sweep_mp_add(&t, r, &q);
	sweep_mp_sub(&q, r, &q);
	sweep_mp_mul(&u, &q, &q);
	int odd = t.n && (t.d[0] & 1);
	/* X = 4R + (S odd ? 2S - 1 : 0); r = y = S >> 1 */
	shl(&X, &R, 2);
	if (odd) {
		shl(&R, &t, 1);
		sweep_mp_sub_word(&R, 1);
		sweep_mp_add(&X, &X, &R);
	}
	shr(r, &t, 1);
	if (sweep_mp_cmp(&X, &u) >= 0) {
		/* y is the root: rem = (X - u) / 4 */
		if (rem) {
			sweep_mp_sub(&X, &X, &u);
			shr(rem, &X, 2);
		}
		return;
	}
	/* the root is y - 1: rem = 2y - 1 - (u - X) / 4 */
	if (rem) {
		sweep_mp_sub(&u, &u, &X);
		shr(&X, &u, 2);
		sweep_mp_add(&t, r, r);
		sweep_mp_sub_word(&t, 1);
		sweep_mp_sub(rem, &t, &X);
	}
	sweep_mp_sub_word(r, 1);
}

void sweep_mp_isqrt(struct sweep_mp *r, const struct sweep_mp *x)
{
	sweep_mp_sqrtrem(r, NULL, x);
}
