/* Certificate decoding, checked against OpenSSL's d2i_X509 on every
 * generated fixture, and against hostile input. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/name.h"
#include "certsweep/oid.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

static const char *const fixtures[] = {
	"secom_pair.pre.der", "secom_pair.der", "secom_preonly.pre.der", "secom_revoked.der",
	"secom_noreason.der", "ev_locality.der", "ev_nostate.pre.der", "dv_same_serial.der", "dv_expired.der",
};

static int64_t openssl_time(const ASN1_TIME *t)
{
	struct tm tm;
	assert_int_equal(ASN1_TIME_to_tm(t, &tm), 1);
	return (int64_t)timegm(&tm);
}

/* Our view of each fixture agrees with OpenSSL's full decoder. */
static void agrees_with_openssl(void **state)
{
	(void)state;
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };

	sweep_cert_init(&c);
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		size_t len;
		unsigned char *der = fixture(fixtures[i], &len);
		const unsigned char *p = der;
		X509 *x = d2i_X509(NULL, &p, (long)len);
		assert_non_null(x);
		assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);

		/* serial content octets */
		const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
		unsigned char *snder = NULL;
		int snlen = i2d_ASN1_INTEGER((ASN1_INTEGER *)sn, &snder);
		assert_true(snlen > 2);
		assert_int_equal(c.serial_len, (size_t)(snlen - 2));
		assert_memory_equal(c.serial, snder + 2, c.serial_len);
		OPENSSL_free(snder);

		assert_int_equal(c.not_before, openssl_time(X509_get0_notBefore(x)));
		assert_int_equal(c.not_after, openssl_time(X509_get0_notAfter(x)));
		assert_int_equal(c.version, X509_get_version(x));

		/* names: the DER we point at is the DER OpenSSL re-encodes */
		unsigned char *nder = NULL;
		int nlen = i2d_X509_NAME(X509_get_subject_name(x), &nder);
		assert_int_equal(c.subject.der_len, (size_t)nlen);
		assert_memory_equal(c.subject.der, nder, (size_t)nlen);
		OPENSSL_free(nder);
		assert_int_equal(c.subject.n, (size_t)X509_NAME_entry_count(X509_get_subject_name(x)));

		/* precertificate poison and SANs */
		int poison = X509_get_ext_by_NID(x, NID_ct_precert_poison, -1) >= 0;
		assert_int_equal(c.is_precert, poison);
		GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
		size_t dns = 0;
		for (int k = 0; gens && k < sk_GENERAL_NAME_num(gens); k++)
			dns += sk_GENERAL_NAME_value(gens, k)->type == GEN_DNS;
		GENERAL_NAMES_free(gens);
		size_t ours = 0;
		for (size_t k = 0; k < c.n_san; k++)
			ours += c.san[k].tag == 2;
		assert_int_equal(ours, dns);
		assert_int_equal(c.n_ext, (size_t)X509_get_ext_count(x));

		uint8_t sha[32];
		SHA256(der, len, sha);
		assert_memory_equal(sweep_cert_sha256(&c), sha, 32);
		X509_free(x);
		free(der);
	}
	sweep_cert_release(&c);
}

static void classifies_policy_types(void **state)
{
	(void)state;
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };
	const struct {
		const char *f;
		enum sweep_cert_type t;
	} cases[] = { { "secom_pair.der", SWEEP_TYPE_OV }, { "ev_locality.der", SWEEP_TYPE_EV },
		      { "dv_expired.der", SWEEP_TYPE_DV } };

	sweep_cert_init(&c);
	for (size_t i = 0; i < 3; i++) {
		size_t len;
		unsigned char *der = fixture(cases[i].f, &len);
		assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);
		assert_int_equal(c.type, cases[i].t);
		free(der);
	}
	sweep_cert_release(&c);
}

static void serial_hex_keeps_leading_zero(void **state)
{
	(void)state;
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };
	size_t len;
	unsigned char *der = fixture("secom_revoked.der", &len);
	char hex[64];

	sweep_cert_init(&c);
	assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);
	sweep_hex(c.serial, c.serial_len, hex);
	assert_string_equal(hex, "00a003");
	assert_int_equal(sweep_cert_rsa_bits(&c), 0); /* fixtures use P-256 */
	assert_non_null(sweep_cert_ec_curve(&c).oid);
	free(der);
	sweep_cert_release(&c);
}

/* Every prefix of a real certificate is an error with a reason, never a crash. */
static void every_truncation_is_a_clean_error(void **state)
{
	(void)state;
	struct sweep_cert c;
	size_t len;
	unsigned char *der = fixture("ev_locality.der", &len);

	sweep_cert_init(&c);
	for (size_t n = 0; n < len; n++) {
		struct sweep_error err = { 0, "" };
		unsigned char *copy = malloc(n ? n : 1); /* exact size so ASan sees overreads */
		memcpy(copy, der, n);
		assert_int_equal(sweep_cert_decode(&c, copy, n, &err), SWEEP_EDECODE);
		assert_true(err.msg[0] != '\0');
		free(copy);
	}
	free(der);
	sweep_cert_release(&c);
}

/* Flipping any byte never crashes; most flips are caught. */
static void byte_flips_never_crash(void **state)
{
	(void)state;
	struct sweep_cert c;
	size_t len;
	unsigned char *der = fixture("secom_pair.der", &len);

	sweep_cert_init(&c);
	for (size_t i = 0; i < len; i++) {
		for (int v = 0; v < 3; v++) {
			struct sweep_error err = { 0, "" };
			unsigned char *copy = malloc(len);
			memcpy(copy, der, len);
			copy[i] = (unsigned char)(v == 0 ? 0xff : v == 1 ? 0x00 : copy[i] ^ 0x80);
			(void)sweep_cert_decode(&c, copy, len, &err);
			free(copy);
		}
	}
	free(der);
	sweep_cert_release(&c);
}

/* Issue 10 1: trailing bytes are a finding (OpenSSL reads the certificate
 * and ignores them), not a reason to skip the certificate. */
static void trailing_data_is_a_defect_not_a_skip(void **state)
{
	(void)state;
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };
	size_t len;
	unsigned char *der = fixture("dv_expired.der", &len);
	unsigned char *more = malloc(len + 1);

	memcpy(more, der, len);
	more[len] = 0;
	sweep_cert_init(&c);
	assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);
	assert_int_equal(c.defects, 0);
	int64_t nb = c.not_before;
	assert_int_equal(sweep_cert_decode(&c, more, len + 1, &err), 0);
	assert_int_equal(c.defects, SWEEP_DEFECT_TRAILING_DATA);
	assert_int_equal(c.not_before, nb); /* the rest is decoded as before */
	assert_int_equal(c.der_len, len + 1);
	free(more);
	free(der);
	sweep_cert_release(&c);
}

/* DER helpers for hand-built hostile inputs. */
static size_t put_len(uint8_t *p, size_t n)
{
	if (n < 128) {
		p[0] = (uint8_t)n;
		return 1;
	}
	p[0] = 0x84;
	p[1] = (uint8_t)(n >> 24);
	p[2] = (uint8_t)(n >> 16);
	p[3] = (uint8_t)(n >> 8);
	p[4] = (uint8_t)n;
	return 5;
}

/* A million nested SEQUENCEs: the reader never recurses, so this is a
 * clean error, not a stack overflow. */
static void depth_bomb_is_a_clean_error(void **state)
{
	(void)state;
	const size_t depth = 1000000;
	uint8_t *buf = malloc(depth * 6 + 8);
	size_t len = 0;
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };

	for (size_t i = 0; i < depth; i++) {
		buf[len++] = 0x30;
		len += put_len(buf + len, (depth - i - 1) * 6); /* lengths that do not add up */
	}
	sweep_cert_init(&c);
	assert_int_equal(sweep_cert_decode(&c, buf, len, &err), SWEEP_EDECODE);
	free(buf);
	sweep_cert_release(&c);
}

/* A real certificate with 10 MB of SAN entries appended inside a rebuilt
 * SAN extension would need re-signing; instead the decoder gets a 10 MB
 * SEQUENCE whose content is valid TLVs: it must finish quickly and cleanly. */
static void ten_megabyte_input(void **state)
{
	(void)state;
	const size_t n = 10 * 1024 * 1024;
	uint8_t *buf = malloc(n + 16);
	size_t off = 0;
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };

	buf[off++] = 0x30;
	off += put_len(buf + off, n);
	for (size_t i = 0; i < n; i += 2) {
		buf[off + i] = 0x05; /* NULL, NULL, NULL ... */
		buf[off + i + 1] = 0x00;
	}
	sweep_cert_init(&c);
	assert_int_equal(sweep_cert_decode(&c, buf, off + n, &err), SWEEP_EDECODE);
	assert_non_null(strstr(err.msg, "TBSCertificate"));
	free(buf);
	sweep_cert_release(&c);
}

/* sweep_sha256 (the decode's digest, fetched once, a context per thread)
 * equals OpenSSL's SHA256() on inputs of 0 to 300 bytes and on a certificate. */
static void sha256_matches_openssl(void **state)
{
	(void)state;
	uint8_t data[300], got[32], want[32];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	for (size_t n = 0; n <= sizeof(data); n += n < 70 ? 1 : 23) {
		sweep_sha256(got, data, n);
		SHA256(data, n, want);
		assert_memory_equal(got, want, 32);
	}
	size_t len;
	unsigned char *der = fixture(fixtures[0], &len);
	sweep_sha256(got, der, len);
	SHA256(der, len, want);
	assert_memory_equal(got, want, 32);
	free(der);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agrees_with_openssl),
		cmocka_unit_test(classifies_policy_types),
		cmocka_unit_test(serial_hex_keeps_leading_zero),
		cmocka_unit_test(every_truncation_is_a_clean_error),
		cmocka_unit_test(byte_flips_never_crash),
		cmocka_unit_test(trailing_data_is_a_defect_not_a_skip),
		cmocka_unit_test(depth_bomb_is_a_clean_error),
		cmocka_unit_test(ten_megabyte_input),
		cmocka_unit_test(sha256_matches_openssl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
