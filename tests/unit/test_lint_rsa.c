/* The weak-RSA-key lints' arithmetic (rsa_facts.c, lint_keys_weak.c)
 * against plain OpenSSL references: residues modulo the small primes by
 * word arithmetic vs BN_mod_word, and the Fermat lint vs the textbook
 * method (integer square root from 2^ceil(bits/2), a BIGNUM per round), on
 * random moduli, moduli with planted small factors, ROCA-shaped moduli and
 * products of close primes. */
#include "testutil.h"

#include "certsweep/buf.h"
#include "certsweep/cert.h"
#include "lint/checks.h"
#include "lint/mp.h"

#include <openssl/bn.h>
#include <openssl/rand.h>

/* ---- references: the BIGNUM code the lints used to run ---- */

static int ref_isqrt(BIGNUM *r, const BIGNUM *x, BN_CTX *ctx)
{
	BN_CTX_start(ctx);
	BIGNUM *y = BN_CTX_get(ctx), *q = BN_CTX_get(ctx);
	assert_non_null(q);
	BN_zero(r);
	if (!BN_is_zero(x)) {
		assert_true(BN_set_bit(r, (BN_num_bits(x) + 1) / 2));
		for (;;) {
			assert_true(BN_div(q, NULL, x, r, ctx) && BN_add(y, r, q) && BN_rshift1(y, y));
			if (BN_cmp(y, r) >= 0)
				break;
			assert_non_null(BN_copy(r, y));
		}
	}
	BN_CTX_end(ctx);
	return 0;
}

/* The round (1..100) in which Fermat's method factors n, 0 when none. */
static int ref_fermat(const BIGNUM *n)
{
	BN_CTX *ctx = BN_CTX_new();
	assert_non_null(ctx);
	BN_CTX_start(ctx);
	BIGNUM *a = BN_CTX_get(ctx), *b2 = BN_CTX_get(ctx), *b = BN_CTX_get(ctx), *t = BN_CTX_get(ctx);
	int found = 0;

	assert_non_null(t);
	ref_isqrt(a, n, ctx);
	assert_true(BN_sqr(t, a, ctx));
	if (BN_cmp(t, n) < 0)
		assert_true(BN_add_word(a, 1) && BN_sqr(t, a, ctx));
	assert_true(BN_sub(b2, t, n));
	for (int round = 0; round < 100 && !found; round++) {
		ref_isqrt(b, b2, ctx);
		assert_true(BN_sqr(t, b, ctx));
		if (BN_cmp(t, b2) == 0)
			found = round + 1;
		assert_true(BN_lshift1(t, a) && BN_add_word(t, 1) && BN_add(b2, b2, t) && BN_add_word(a, 1));
	}
	BN_CTX_end(ctx);
	BN_CTX_free(ctx);
	return found;
}

/* sweep_bn_isqrt against the textbook root: random values of 1 to 4200
 * bits, and squares, squares - 1 and squares + 1 (where an estimate one too
 * high or too low shows). */
static void isqrt_matches(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *x = BN_new(), *got = BN_new(), *want = BN_new(), *root = BN_new();

	(void)state;
	assert_true(ctx && x && got && want && root);
	for (int bits = 1; bits <= 4200; bits += bits < 140 ? 1 : 37) {
		for (int rep = 0; rep < 8; rep++) {
			assert_true(BN_rand(root, (bits + 1) / 2, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
			for (int form = 0; form < 4; form++) {
				if (form == 0)
					assert_true(BN_rand(x, bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
				else
					assert_true(BN_sqr(x, root, ctx));
				if (form == 2 && !BN_is_zero(x))
					assert_true(BN_sub_word(x, 1));
				if (form == 3)
					assert_true(BN_add_word(x, 1));
				assert_int_equal(sweep_bn_isqrt(got, x, ctx), 0);
				ref_isqrt(want, x, ctx);
				if (BN_cmp(got, want) != 0) {
					char *hx = BN_bn2hex(x);
					fail_msg("isqrt(%s) off (%d bits, form %d)", hx, bits, form);
				}
			}
		}
	}
	BN_free(x);
	BN_free(got);
	BN_free(want);
	BN_free(root);
	BN_CTX_free(ctx);
}

/* ---- a certificate view holding only an RSA key ---- */

static void bn_of_mp(BIGNUM *r, const struct sweep_mp *m)
{
	static uint8_t bytes[SWEEP_MP_WORDS * 8];
	size_t len = sweep_mp_to_bytes(bytes, sizeof(bytes), m);

	assert_true(len || m->n == 0);
	assert_non_null(BN_bin2bn(bytes, (int)len, r));
}

/* sweep_mp_sqrtrem (the word-array root Fermat's method runs on) against
 * the textbook root: root and remainder of random values of 1 to 8192
 * bits, squares, squares -+ 1 and 2^k - 1 (all words full). */
static void mp_sqrtrem_matches(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *x = BN_new(), *got = BN_new(), *want = BN_new(), *root = BN_new(), *rem = BN_new(), *t = BN_new();
	static uint8_t bytes[SWEEP_MP_MAX_BITS / 8];
	struct sweep_mp mx, mr, mrem;

	(void)state;
	assert_true(ctx && x && got && want && root && rem && t);
	for (int bits = 1; bits <= SWEEP_MP_MAX_BITS; bits += bits < 300 ? 1 : 61) {
		for (int form = 0; form < 5; form++) {
			assert_true(BN_rand(root, (bits + 1) / 2, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
			if (form == 0)
				assert_true(BN_rand(x, bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
			else if (form == 4)
				assert_true(BN_set_word(x, 1) && BN_lshift(x, x, bits) && BN_sub_word(x, 1));
			else
				assert_true(BN_sqr(x, root, ctx));
			if (form == 2 && !BN_is_zero(x))
				assert_true(BN_sub_word(x, 1));
			if (form == 3)
				assert_true(BN_add_word(x, 1));
			if (BN_num_bits(x) > SWEEP_MP_MAX_BITS)
				continue;
			int len = BN_bn2bin(x, bytes);
			assert_int_equal(sweep_mp_from_bytes(&mx, bytes, (size_t)len), 0);
			sweep_mp_sqrtrem(&mr, &mrem, &mx);
			bn_of_mp(got, &mr);
			bn_of_mp(rem, &mrem);
			ref_isqrt(want, x, ctx);
			assert_true(BN_sqr(t, want, ctx) && BN_sub(t, x, t));
			if (BN_cmp(got, want) != 0 || BN_cmp(rem, t) != 0) {
				char *hx = BN_bn2hex(x);
				fail_msg("sqrtrem(%s) off (%d bits, form %d)", hx, bits, form);
			}
			sweep_mp_isqrt(&mr, &mx);
			bn_of_mp(got, &mr);
			assert_int_equal(BN_cmp(got, want), 0);
		}
	}
	/* too large for the word arrays */
	memset(bytes, 0xff, sizeof(bytes));
	assert_int_equal(sweep_mp_from_bytes(&mx, bytes, sizeof(bytes)), 0);
	uint8_t big[SWEEP_MP_MAX_BITS / 8 + 1] = { 1 };
	assert_int_equal(sweep_mp_from_bytes(&mx, big, sizeof(big)), -1);
	BN_free(x);
	BN_free(got);
	BN_free(want);
	BN_free(root);
	BN_free(rem);
	BN_free(t);
	BN_CTX_free(ctx);
}

struct rsa_cert {
	struct sweep_cert c;
	uint8_t bits[8 + 3000]; /* 0x00 || SEQUENCE { INTEGER n, INTEGER 65537 } */
};

static size_t put_len(uint8_t *p, size_t len)
{
	if (len < 128) {
		p[0] = (uint8_t)len;
		return 1;
	}
	p[0] = 0x82;
	p[1] = (uint8_t)(len >> 8);
	p[2] = (uint8_t)len;
	return 3;
}

static void rsa_cert(struct rsa_cert *rc, const BIGNUM *n)
{
	uint8_t integer[2600];
	size_t nlen = (size_t)BN_num_bytes(n), ilen = 0, slen, o = 0;
	static const uint8_t e[] = { 0x02, 0x03, 0x01, 0x00, 0x01 };

	assert_true(nlen + 8 < sizeof(integer));
	integer[ilen++] = 0x02;
	/* a leading zero octet keeps the INTEGER positive, as DER wants */
	size_t vlen = nlen + (nlen == 0 || BN_is_bit_set(n, (int)nlen * 8 - 1));
	ilen += put_len(integer + ilen, vlen);
	if (vlen > nlen)
		integer[ilen++] = 0;
	BN_bn2bin(n, integer + ilen);
	ilen += nlen;
	slen = ilen + sizeof(e);
	memset(rc, 0, sizeof(*rc));
	sweep_cert_init(&rc->c);
	rc->bits[o++] = 0;
	rc->bits[o++] = 0x30;
	o += put_len(rc->bits + o, slen);
	memcpy(rc->bits + o, integer, ilen);
	o += ilen;
	memcpy(rc->bits + o, e, sizeof(e));
	o += sizeof(e);
	rc->c.key_bits = rc->bits;
	rc->c.key_bits_len = o;
}

/* ---- residues ---- */

static void residues_match(const uint8_t *p, size_t len)
{
	uint16_t got[SWEEP_SMALL_PRIMES];
	BIGNUM *n = BN_bin2bn(p, (int)len, NULL);

	assert_non_null(n);
	assert_int_equal(sweep_small_residues(got, p, len), 0);
	for (size_t k = 0; k < SWEEP_SMALL_PRIMES; k++) {
		BN_ULONG want = BN_mod_word(n, sweep_small_primes[k]);
		if (got[k] != want)
			fail_msg("%zu octets: mod %u: got %u, want %lu", len, sweep_small_primes[k], got[k],
				 (unsigned long)want);
	}
	BN_free(n);
}

static void residues_random_moduli(void **state)
{
	static const size_t lens[] = { 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 127, 128, 129, 256, 257, 384, 512, 513,
				       1024, 2047, 2048, 2049, 2100 /* past the table: BN_mod_word */ };
	uint8_t buf[2100];

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (int rep = 0; rep < 20; rep++) {
			assert_int_equal(RAND_bytes(buf, (int)lens[i]), 1);
			residues_match(buf, lens[i]);
		}
	}
	/* all ones (the largest chunks and sums), zero, leading zero octets */
	memset(buf, 0xff, sizeof(buf));
	residues_match(buf, 2048);
	residues_match(buf, 2049);
	memset(buf, 0, sizeof(buf));
	residues_match(buf, 1);
	residues_match(buf, 256);
	buf[255] = 7;
	residues_match(buf, 256);
}

static void residues_planted_factors(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *n = BN_new(), *r = BN_new();
	uint8_t buf[600];

	(void)state;
	assert_true(ctx && n && r);
	for (size_t k = 0; k < SWEEP_SMALL_PRIMES; k++) {
		uint16_t got[SWEEP_SMALL_PRIMES];
		int bits = k % 3 == 0 ? 1024 : k % 3 == 1 ? 2048 : 4096;
		assert_true(BN_rand(r, bits - 10, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
		assert_true(BN_mul_word(r, sweep_small_primes[k]));
		int len = BN_bn2bin(r, buf);
		assert_int_equal(sweep_small_residues(got, buf, (size_t)len), 0);
		assert_int_equal(got[k], 0);
		residues_match(buf, (size_t)len);
	}
	BN_free(n);
	BN_free(r);
	BN_CTX_free(ctx);
}

/* ---- the lints on crafted keys ---- */

static enum sweep_check run_check(SWEEP_CHECK_DECL((*check)), const BIGNUM *n, char *details, size_t dlen)
{
	struct rsa_cert *rc = malloc(sizeof(*rc));
	struct sweep_buf d = { 0 };
	enum sweep_check r;

	assert_non_null(rc);
	rsa_cert(rc, n);
	r = check(&rc->c, NULL, &d);
	snprintf(details, dlen, "%s", d.p ? d.p : "");
	sweep_buf_release(&d);
	free(rc);
	return r;
}

/* The small-factor lint names the smallest planted prime; the modulus
 * built from 65537's powers by the CRT has the ROCA fingerprint. */
static void small_factor_and_roca(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *n = BN_new(), *m = BN_new(), *g = BN_new(), *x = BN_new();
	char d[256], want[64];

	(void)state;
	assert_true(ctx && n && m && g && x);
	for (size_t k = 0; k < SWEEP_SMALL_PRIMES; k += 7) {
		/* a prime times the largest small prime and the k-th: the k-th is named */
		assert_true(BN_generate_prime_ex(n, 512, 0, NULL, NULL, NULL));
		assert_true(BN_mul_word(n, sweep_small_primes[SWEEP_SMALL_PRIMES - 1]));
		assert_true(BN_mul_word(n, sweep_small_primes[k]));
		assert_int_equal(run_check(sweep_check_rsa_small_factor, n, d, sizeof(d)), SWEEP_CHECK_FAIL);
		snprintf(want, sizeof(want), "RSA modulus divisible by %u", sweep_small_primes[k]);
		assert_string_equal(d, want);
	}
	assert_true(BN_generate_prime_ex(n, 1024, 0, NULL, NULL, NULL));
	assert_int_equal(run_check(sweep_check_rsa_small_factor, n, d, sizeof(d)), SWEEP_CHECK_PASS);
	assert_int_equal(run_check(sweep_check_rsa_roca, n, d, sizeof(d)), SWEEP_CHECK_PASS);

	/* ROCA: m = 3 * 5 * ... * 167; n = 65537^x mod m + m * random */
	assert_true(BN_one(m));
	for (size_t k = 0; k < 38; k++)
		assert_true(BN_mul_word(m, sweep_small_primes[k]));
	for (int rep = 0; rep < 8; rep++) {
		assert_true(BN_set_word(g, 65537) && BN_rand(x, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
		assert_true(BN_mod_exp(n, g, x, m, ctx));
		assert_true(BN_rand(x, 2048 - BN_num_bits(m), BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY));
		assert_true(BN_mul(x, x, m, ctx) && BN_add(n, n, x));
		assert_int_equal(run_check(sweep_check_rsa_roca, n, d, sizeof(d)), SWEEP_CHECK_FAIL);
		assert_string_equal(d, "RSA modulus has the ROCA fingerprint (CVE-2017-15361)");
		/* n + m has the same residues */
		assert_true(BN_add(n, n, m));
		assert_int_equal(run_check(sweep_check_rsa_roca, n, d, sizeof(d)), SWEEP_CHECK_FAIL);
		/* one residue moved (mod 11, where 65537 = 10 generates {1, 10}) */
		BIGNUM *m11 = BN_dup(m);
		assert_true(m11 && BN_div_word(m11, 11) != (BN_ULONG)-1);
		/* + m/11 changes n mod 11 by m/11 mod 11 != 0 and no other residue */
		assert_true(BN_add(n, n, m11));
		BN_ULONG r11 = BN_mod_word(n, 11);
		enum sweep_check want_r = (r11 == 1 || r11 == 10) ? SWEEP_CHECK_FAIL : SWEEP_CHECK_PASS;
		assert_int_equal(run_check(sweep_check_rsa_roca, n, d, sizeof(d)), want_r);
		BN_free(m11);
	}
	BN_free(n);
	BN_free(m);
	BN_free(g);
	BN_free(x);
	BN_CTX_free(ctx);
}

static void fermat_matches(const BIGNUM *n)
{
	char d[256], want[128];
	int round = ref_fermat(n);
	enum sweep_check r = run_check(sweep_check_rsa_fermat, n, d, sizeof(d));

	if (round) {
		snprintf(want, sizeof(want), "RSA modulus factors by Fermat's method in round %d", round);
		assert_int_equal(r, SWEEP_CHECK_FAIL);
		assert_string_equal(d, want);
	} else {
		assert_int_equal(r, SWEEP_CHECK_PASS);
	}
}

/* Products of primes q - p apart, with gaps that land in early, middle and
 * late rounds and just past round 100, and random moduli of many sizes. */
static void fermat_close_primes(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *p = BN_new(), *q = BN_new(), *n = BN_new(), *gap = BN_new();
	int seen_late = 0, seen_none = 0;

	(void)state;
	assert_true(ctx && p && q && n && gap);
	for (int bits = 512; bits <= 2048; bits *= 2) {
		int half = bits / 2;
		assert_true(BN_generate_prime_ex(p, half, 0, NULL, NULL, NULL));
		/* round ~ gap^2 / (8 sqrt n): gap ~ 2^(half/2 + 1.5) sqrt(8 round) */
		static const unsigned rounds[] = { 1, 2, 5, 30, 70, 99, 100, 101, 130, 1000 };
		for (size_t i = 0; i < sizeof(rounds) / sizeof(rounds[0]); i++) {
			/* mult = 2^10 sqrt(8 round), in integers */
			unsigned long mult = 0;
			while ((mult + 1) * (mult + 1) <= (unsigned long)8 * rounds[i] << 20)
				mult++;
			assert_true(BN_set_word(gap, mult) && BN_lshift(gap, gap, half / 2 - 10));
			assert_true(BN_add(q, p, gap));
			/* the next prime after p + gap */
			if (!BN_is_odd(q))
				assert_true(BN_add_word(q, 1));
			while (BN_check_prime(q, ctx, NULL) != 1)
				assert_true(BN_add_word(q, 2));
			assert_true(BN_mul(n, p, q, ctx));
			int round = ref_fermat(n);
			seen_late |= round > 50;
			seen_none |= round == 0;
			fermat_matches(n);
		}
		/* p * p: a perfect square, round 1 */
		assert_true(BN_sqr(n, p, ctx));
		assert_int_equal(ref_fermat(n), 1);
		fermat_matches(n);
	}
	assert_true(seen_late);
	assert_true(seen_none);
	/* random moduli, tiny to large */
	for (int bits = 1; bits <= 4200; bits += bits < 80 ? 1 : 97) {
		assert_true(BN_rand(n, bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
		fermat_matches(n);
	}
	for (unsigned long v = 0; v < 300; v++) {
		assert_true(BN_set_word(n, v));
		fermat_matches(n);
	}
	/* above SWEEP_MP_MAX_BITS (the BIGNUM path): a random modulus and a square */
	assert_true(BN_rand(n, SWEEP_MP_MAX_BITS + 200, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
	fermat_matches(n);
	assert_true(BN_rand(p, SWEEP_MP_MAX_BITS / 2 + 100, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD) && BN_sqr(n, p, ctx));
	assert_int_equal(ref_fermat(n), 1);
	fermat_matches(n);
	BN_free(p);
	BN_free(q);
	BN_free(n);
	BN_free(gap);
	BN_CTX_free(ctx);
}

/* rsa_facts.c's per-thread memo of recent moduli (32 slots, keyed by the
 * low octets) gives each modulus its own answers: moduli sharing their low
 * 8 octets (one slot) alternate, and 80 moduli (evictions) come back in
 * three orders; Fermat's answer and the residues match the reference each
 * time. */
static void memo_residues_match(const BIGNUM *n)
{
	struct rsa_cert *rc = malloc(sizeof(*rc));
	uint16_t want[SWEEP_SMALL_PRIMES];

	assert_non_null(rc);
	rsa_cert(rc, n);
	const struct sweep_rsa_facts *k = sweep_rsa_facts(&rc->c, 1);
	assert_true(k->ok && k->res_ok);
	assert_int_equal(sweep_small_residues(want, k->n, k->n_len), 0);
	assert_memory_equal(k->res, want, sizeof(want));
	free(rc);
}

static void memo_keeps_each_modulus_apart(void **state)
{
	enum { N = 80 };
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *mod[N], *p = BN_new(), *q = BN_new();

	(void)state;
	assert_true(ctx && p && q);
	for (size_t i = 0; i < N; i++) {
		mod[i] = BN_new();
		assert_non_null(mod[i]);
	}
	/* mod[0]: Fermat factors it (primes 2^40 apart); mod[1]: mod[0] + 2^512,
	 * the same low octets and no early round */
	assert_true(BN_generate_prime_ex(p, 512, 0, NULL, NULL, NULL));
	assert_true(BN_set_word(q, 1) && BN_lshift(q, q, 40) && BN_add(q, q, p));
	while (BN_check_prime(q, ctx, NULL) != 1)
		assert_true(BN_add_word(q, 2));
	assert_true(BN_mul(mod[0], p, q, ctx));
	assert_true(ref_fermat(mod[0]) > 0);
	assert_true(BN_set_word(mod[1], 1) && BN_lshift(mod[1], mod[1], 512) && BN_add(mod[1], mod[1], mod[0]));
	assert_int_equal(ref_fermat(mod[1]), 0);
	for (int rep = 0; rep < 3; rep++)
		for (size_t i = 0; i < 2; i++) {
			fermat_matches(mod[i]);
			memo_residues_match(mod[i]);
		}
	/* the rest: random 2048-bit moduli, every fourth one a Fermat product */
	for (size_t i = 2; i < N; i++) {
		if (i % 4 == 0) {
			assert_true(BN_generate_prime_ex(p, 1024, 0, NULL, NULL, NULL));
			assert_true(BN_set_word(q, 1) && BN_lshift(q, q, 500) && BN_add(q, q, p));
			assert_true(BN_mul(mod[i], p, q, ctx));
		} else {
			assert_true(BN_rand(mod[i], 2048, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
		}
	}
	for (int order = 0; order < 3; order++)
		for (size_t j = 0; j < N; j++) {
			size_t i = order == 0 ? j : order == 1 ? N - 1 - j : j * 7 % N;
			fermat_matches(mod[i]);
			memo_residues_match(mod[i]);
		}
	for (size_t i = 0; i < N; i++)
		BN_free(mod[i]);
	BN_free(p);
	BN_free(q);
	BN_CTX_free(ctx);
}

static uint8_t *lint_fixture(const char *name, size_t *len)
{
	char path[4096];
	const char *dir = getenv("CERTSWEEP_LINT_FIXTURES");
	FILE *fp;
	uint8_t *buf;
	long n;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/der/%s", dir, name);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("missing fixture %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* The facts are per certificate: decoding another certificate into the same
 * view replaces them (rsa_even_div3 is divisible by 3, rsa_fermat is not). */
static void facts_follow_the_decode(void **state)
{
	size_t la, lb;
	uint8_t *a = lint_fixture("rsa_even_div3.der", &la), *b = lint_fixture("rsa_fermat.der", &lb);
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };
	struct sweep_buf d = { 0 };

	(void)state;
	sweep_cert_init(&c);
	for (int rep = 0; rep < 2; rep++) {
		assert_int_equal(sweep_cert_decode(&c, a, la, &err), 0);
		assert_int_equal(sweep_check_rsa_small_factor(&c, NULL, &d), SWEEP_CHECK_FAIL);
		assert_string_equal(sweep_buf_str(&d), "RSA modulus divisible by 3");
		assert_int_equal(sweep_check_rsa_mod_even(&c, NULL, &d), SWEEP_CHECK_FAIL);
		sweep_buf_reset(&d);
		assert_int_equal(sweep_cert_decode(&c, b, lb, &err), 0);
		assert_int_equal(sweep_check_rsa_mod_even(&c, NULL, &d), SWEEP_CHECK_PASS);
		assert_int_equal(sweep_check_rsa_small_factor(&c, NULL, &d), SWEEP_CHECK_PASS);
		assert_int_equal(sweep_check_rsa_fermat(&c, NULL, &d), SWEEP_CHECK_FAIL);
		assert_non_null(strstr(sweep_buf_str(&d), "RSA modulus factors by Fermat's method in round "));
		sweep_buf_reset(&d);
	}
	sweep_buf_release(&d);
	sweep_cert_release(&c);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(residues_random_moduli),
		cmocka_unit_test(isqrt_matches),
		cmocka_unit_test(mp_sqrtrem_matches),
		cmocka_unit_test(residues_planted_factors),
		cmocka_unit_test(small_factor_and_roca),
		cmocka_unit_test(fermat_close_primes),
		cmocka_unit_test(facts_follow_the_decode),
		cmocka_unit_test(memo_keeps_each_modulus_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
