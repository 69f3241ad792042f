/* Corpus-check building blocks: RFC 6962 correspondence on generated
 * precertificate/final pairs, the serial-entropy sketch, the key set. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/corpus.h"
#include "certsweep/der.h"

#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/rand.h>

struct tbs {
	unsigned char *der;
	size_t len;
	const uint8_t *tbs;
	size_t tbs_len;
};

static struct tbs load(const char *name)
{
	struct tbs t = { 0 };
	struct sweep_cert c;
	struct sweep_error err = { 0 };

	t.der = fixture(name, &t.len);
	sweep_cert_init(&c);
	assert_int_equal(sweep_cert_decode(&c, t.der, t.len, &err), 0);
	t.tbs = c.tbs;
	t.tbs_len = c.tbs_len;
	sweep_cert_release(&c);
	return t;
}

static void test_pair_corresponds(void **state)
{
	(void)state;
	struct tbs pre = load("secom_pair.pre.der"), fin = load("secom_pair.der");
	struct sweep_error err = { 0 };
	struct sweep_buf a = SWEEP_BUF_INIT, b = SWEEP_BUF_INIT, d = SWEEP_BUF_INIT;
	uint8_t ha[32], hb[32];
	unsigned mask = 99;

	/* The raw TBS differ (poison vs SCT list) ... */
	assert_false(pre.tbs_len == fin.tbs_len && memcmp(pre.tbs, fin.tbs, pre.tbs_len) == 0);
	/* ... their canonical forms do not. */
	assert_int_equal(sweep_tbs_canonical(&a, pre.tbs, pre.tbs_len, &err), 0);
	assert_int_equal(sweep_tbs_canonical(&b, fin.tbs, fin.tbs_len, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	assert_true(a.len < pre.tbs_len);
	assert_int_equal(sweep_tbs_sha256(ha, pre.tbs, pre.tbs_len, &err), 0);
	assert_int_equal(sweep_tbs_sha256(hb, fin.tbs, fin.tbs_len, &err), 0);
	assert_memory_equal(ha, hb, 32);
	/* hashed range by range, the same digest as of the built canonical form */
	uint8_t want[32];
	SHA256((const unsigned char *)a.p, a.len, want);
	assert_memory_equal(ha, want, 32);
	assert_int_equal(sweep_tbs_diff(&mask, pre.tbs, pre.tbs_len, fin.tbs, fin.tbs_len, 0, &d, &err), 0);
	assert_int_equal(mask, 0);
	assert_int_equal(d.len, 0);
	sweep_buf_release(&a);
	sweep_buf_release(&b);
	sweep_buf_release(&d);
	free(pre.der);
	free(fin.der);
}

/* A CA certificate of the corpus (PEM): no CT extensions. */
static struct tbs load_ca(const char *name)
{
	char path[4096];
	struct tbs t = { 0 };
	struct sweep_cert c;
	struct sweep_error err = { 0 };
	unsigned char *p = NULL;
	FILE *fp;
	X509 *x;
	int n;

	snprintf(path, sizeof(path), "%s/ca/%s.pem", getenv("CERTSWEEP_FIXTURES"), name);
	fp = fopen(path, "r");
	assert_non_null(fp);
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	assert_non_null(x);
	n = i2d_X509(x, &p);
	assert_true(n > 0);
	X509_free(x);
	t.der = malloc((size_t)n);
	assert_non_null(t.der);
	memcpy(t.der, p, (size_t)n);
	OPENSSL_free(p);
	t.len = (size_t)n;
	sweep_cert_init(&c);
	assert_int_equal(sweep_cert_decode(&c, t.der, t.len, &err), 0);
	t.tbs = c.tbs;
	t.tbs_len = c.tbs_len;
	sweep_cert_release(&c);
	return t;
}

static void test_canonical_of_plain_tbs_is_itself(void **state)
{
	(void)state;
	struct tbs ca = load_ca("ov");
	struct sweep_error err = { 0 };
	struct sweep_buf a = SWEEP_BUF_INIT;

	assert_int_equal(sweep_tbs_canonical(&a, ca.tbs, ca.tbs_len, &err), 0);
	assert_int_equal(a.len, ca.tbs_len);
	assert_memory_equal(a.p, ca.tbs, ca.tbs_len);
	uint8_t got[32], want[32];
	assert_int_equal(sweep_tbs_sha256(got, ca.tbs, ca.tbs_len, &err), 0);
	SHA256(ca.tbs, ca.tbs_len, want);
	assert_memory_equal(got, want, 32);
	sweep_buf_release(&a);
	free(ca.der);
}

static void test_mismatch_names_fields(void **state)
{
	(void)state;
	/* Two different serials' certificates: serial, validity, subject and SAN differ. */
	struct tbs pre = load("secom_pair.pre.der"), fin = load("secom_revoked.der");
	struct sweep_error err = { 0 };
	struct sweep_buf d = SWEEP_BUF_INIT;
	unsigned mask = 0;

	assert_int_equal(sweep_tbs_diff(&mask, pre.tbs, pre.tbs_len, fin.tbs, fin.tbs_len, 0, &d, &err), 0);
	assert_true(mask & SWEEP_TBS_SERIAL);
	assert_true(mask & SWEEP_TBS_VALIDITY);
	assert_true(mask & SWEEP_TBS_SUBJECT);
	assert_true(mask & SWEEP_TBS_EXTENSIONS);
	assert_false(mask & SWEEP_TBS_ISSUER);
	assert_non_null(strstr(sweep_buf_str(&d), "validity"));
	assert_non_null(strstr(sweep_buf_str(&d), "extension 2.5.29.17 differs"));
	sweep_buf_release(&d);
	free(pre.der);
	free(fin.der);
}

/* DER length octets. */
static void put_len(struct sweep_buf *b, size_t n)
{
	if (n < 0x80) {
		sweep_buf_putc(b, (char)n);
	} else if (n < 0x100) {
		sweep_buf_putc(b, (char)0x81);
		sweep_buf_putc(b, (char)n);
	} else {
		sweep_buf_putc(b, (char)0x82);
		sweep_buf_putc(b, (char)(n >> 8));
		sweep_buf_putc(b, (char)n);
	}
}

/* TBS surgery: the same TBS with its extensions in reverse order. */
static void reverse_extensions(struct sweep_buf *out, const uint8_t *tbs, size_t len)
{
	struct der_cursor c = der_cursor_of(tbs, len), in, el;
	struct der_tlv seq, t, exts, list, e[64];
	struct sweep_buf body = SWEEP_BUF_INIT, ext_seq = SWEEP_BUF_INIT, wrap = SWEEP_BUF_INIT;
	size_t n = 0;

	assert_int_equal(der_expect(&c, DER_SEQUENCE, &seq), 0);
	in = der_inside(&seq);
	while (der_next(&in, &t) == 0) {
		if (t.tag != DER_CONTEXT_CONS(3)) {
			sweep_buf_add(&body, t.raw, t.raw_len);
			continue;
		}
		exts = t;
	}
	in = der_inside(&exts);
	assert_int_equal(der_expect(&in, DER_SEQUENCE, &list), 0);
	el = der_inside(&list);
	while (n < 64 && der_next(&el, &e[n]) == 0)
		n++;
	assert_true(n >= 2);
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += e[i].raw_len;
	sweep_buf_putc(&ext_seq, 0x30);
	put_len(&ext_seq, total);
	for (size_t i = n; i-- > 0;)
		sweep_buf_add(&ext_seq, e[i].raw, e[i].raw_len);
	sweep_buf_putc(&wrap, (char)0xa3);
	put_len(&wrap, ext_seq.len);
	sweep_buf_add(&wrap, ext_seq.p, ext_seq.len);
	sweep_buf_add(&body, wrap.p, wrap.len);
	sweep_buf_putc(out, 0x30);
	put_len(out, body.len);
	sweep_buf_add(out, body.p, body.len);
	sweep_buf_release(&body);
	sweep_buf_release(&ext_seq);
	sweep_buf_release(&wrap);
}

static void test_extension_order(void **state)
{
	(void)state;
	struct tbs pre = load("secom_pair.pre.der");
	struct sweep_error err = { 0 };
	struct sweep_buf rev = SWEEP_BUF_INIT, d = SWEEP_BUF_INIT;
	unsigned mask = 0;

	reverse_extensions(&rev, pre.tbs, pre.tbs_len);
	assert_int_equal(sweep_tbs_diff(&mask, pre.tbs, pre.tbs_len, (const uint8_t *)rev.p, rev.len, 0, &d, &err), 0);
	assert_int_equal(mask, SWEEP_TBS_EXTENSION_ORDER);
	assert_string_equal(sweep_buf_str(&d), "extension order");
	sweep_buf_release(&rev);
	sweep_buf_release(&d);
	free(pre.der);
}

static void test_precert_signing_ca_allows_issuer_and_aki(void **state)
{
	(void)state;
	/* Same serial space, two issuers: OV and EV fixtures differ in issuer and
	 * AKI among other fields; with the flag, issuer is not reported. */
	struct tbs pre = load("secom_pair.pre.der"), fin = load("ev_locality.der");
	struct sweep_error err = { 0 };
	unsigned strict = 0, lax = 0;

	assert_int_equal(sweep_tbs_diff(&strict, pre.tbs, pre.tbs_len, fin.tbs, fin.tbs_len, 0, NULL, &err), 0);
	assert_int_equal(sweep_tbs_diff(&lax, pre.tbs, pre.tbs_len, fin.tbs, fin.tbs_len, SWEEP_TBS_PRECERT_SIGNING_CA,
					NULL, &err), 0);
	assert_true(strict & SWEEP_TBS_ISSUER);
	assert_false(lax & SWEEP_TBS_ISSUER);
	assert_true(lax & SWEEP_TBS_SUBJECT);
	free(pre.der);
	free(fin.der);
}

static void test_garbage_is_an_error(void **state)
{
	(void)state;
	static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01 };
	struct sweep_error err = { 0 };
	struct sweep_buf a = SWEEP_BUF_INIT;

	assert_true(sweep_tbs_canonical(&a, junk, sizeof(junk), &err) < 0);
	assert_int_equal(err.code, SWEEP_EDECODE);
	sweep_buf_release(&a);
}

static void fill_random(uint8_t *p, size_t n)
{
	assert_int_equal(RAND_bytes(p, (int)n), 1);
}

static void test_serial_sketch_64_random_bits_pass(void **state)
{
	(void)state;
	struct sweep_serial_sketch s;

	sweep_serial_sketch_init(&s);
	for (int i = 0; i < 200; i++) {
		uint8_t v[9] = { 0 };
		fill_random(v + 1, 8); /* 64 random bits, sign octet when the top bit is set */
		if (v[1] & 0x80)
			sweep_serial_sketch_add(&s, v, 9);
		else
			sweep_serial_sketch_add(&s, v + 1, 8);
	}
	assert_int_equal(sweep_serial_sketch_varying_bits(&s), 64);
	assert_false(sweep_serial_sketch_insufficient(&s));
}

static void test_serial_sketch_63_bits_fail(void **state)
{
	(void)state;
	struct sweep_serial_sketch s, half1, half2;

	sweep_serial_sketch_init(&s);
	sweep_serial_sketch_init(&half1);
	sweep_serial_sketch_init(&half2);
	for (int i = 0; i < 200; i++) {
		uint8_t v[8];
		fill_random(v, 8);
		v[0] &= 0x7f; /* the 2019 incidents: a positive 64-bit value, top bit forced clear */
		sweep_serial_sketch_add(&s, v, 8);
		sweep_serial_sketch_add(i % 2 ? &half1 : &half2, v, 8);
	}
	assert_int_equal(sweep_serial_sketch_varying_bits(&s), 63);
	assert_true(sweep_serial_sketch_insufficient(&s));
	/* Folding two halves gives exactly the sketch of the whole. */
	sweep_serial_sketch_merge(&half1, &half2);
	assert_memory_equal(&half1, &s, sizeof(s));
}

static void test_serial_sketch_sequential_and_prefix(void **state)
{
	(void)state;
	struct sweep_serial_sketch seq, pre, few;

	sweep_serial_sketch_init(&seq);
	sweep_serial_sketch_init(&pre);
	sweep_serial_sketch_init(&few);
	for (unsigned i = 0; i < 150; i++) {
		uint8_t v[16];
		/* Sequential: 1000, 1001, ... */
		uint8_t c[4] = { 0, 0, (uint8_t)((1000 + i) >> 8), (uint8_t)(1000 + i) };
		sweep_serial_sketch_add(&seq, c, 4);
		/* 16 octets: a constant 9-octet prefix, then 56 random bits. */
		memset(v, 0x5a, 9);
		fill_random(v + 9, 7);
		sweep_serial_sketch_add(&pre, v, 16);
		if (i < 50)
			sweep_serial_sketch_add(&few, v, 16);
	}
	assert_true(sweep_serial_sketch_varying_bits(&seq) <= 11); /* 1000..1149 spans 11 low bits */
	assert_true(sweep_serial_sketch_insufficient(&seq));
	assert_true(sweep_serial_sketch_varying_bits(&pre) <= 56);
	assert_true(sweep_serial_sketch_insufficient(&pre));
	/* Too few serials to judge. */
	assert_false(sweep_serial_sketch_insufficient(&few));
}

static void test_keyset(void **state)
{
	(void)state;
	struct sweep_keyset a, b;
	uint8_t k[1000][32];
	int64_t at = 0;

	sweep_keyset_init(&a);
	sweep_keyset_init(&b);
	for (int i = 0; i < 1000; i++) {
		fill_random(k[i], 32);
		assert_int_equal(sweep_keyset_add(i < 500 ? &a : &b, k[i], 1000 + i), 0);
	}
	assert_int_equal(sweep_keyset_add(&a, k[7], 5), 0); /* an earlier revocation wins */
	assert_int_equal(sweep_keyset_add(&a, k[8], 5000), 0);
	assert_int_equal(sweep_keyset_merge(&a, &b), 0);
	assert_int_equal(a.n, 1000);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(sweep_keyset_find(&a, k[i], &at), 1);
		assert_int_equal(at, i == 7 ? 5 : 1000 + i);
	}
	uint8_t other[32];
	fill_random(other, 32);
	assert_int_equal(sweep_keyset_find(&a, other, &at), 0);
	sweep_keyset_release(&a);
	sweep_keyset_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pair_corresponds),
		cmocka_unit_test(test_canonical_of_plain_tbs_is_itself),
		cmocka_unit_test(test_mismatch_names_fields),
		cmocka_unit_test(test_extension_order),
		cmocka_unit_test(test_precert_signing_ca_allows_issuer_and_aki),
		cmocka_unit_test(test_garbage_is_an_error),
		cmocka_unit_test(test_serial_sketch_64_random_bits_pass),
		cmocka_unit_test(test_serial_sketch_63_bits_fail),
		cmocka_unit_test(test_serial_sketch_sequential_and_prefix),
		cmocka_unit_test(test_keyset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
