/* The PEM reader behind `lint` and --files: RFC 7468 blocks, what is
 * skipped, and what is reported as broken instead of silently dropped. */
#include "testutil.h"

#include "certsweep/pem.h"

/* Collect "C:<hex of der>" / "B:<raw length>" per block, joined by spaces. */
static void read_all(const char *text, char *got, size_t n)
{
	struct sweep_pem_reader r;
	struct sweep_pem_block blk;
	struct sweep_buf der = SWEEP_BUF_INIT;
	size_t used = 0;

	got[0] = '\0';
	sweep_pem_reader_init(&r, text, strlen(text));
	for (;;) {
		int rc = sweep_pem_next(&blk, &der, &r);
		assert_true(rc >= 0);
		if (rc == SWEEP_PEM_END)
			break;
		used += (size_t)snprintf(got + used, n - used, "%s%zu%c", used ? " " : "", blk.index,
					 rc == SWEEP_PEM_CERT ? ':' : '!');
		if (rc == SWEEP_PEM_CERT)
			for (size_t i = 0; i < der.len; i++)
				used += (size_t)snprintf(got + used, n - used, "%02x", (unsigned char)der.p[i]);
		else
			used += (size_t)snprintf(got + used, n - used, "%zu", blk.raw_len);
	}
	sweep_buf_release(&der);
}

static void expect(const char *text, const char *want)
{
	char got[1024];

	read_all(text, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("%s\ngot  \"%s\"\nwant \"%s\"", text, got, want);
}

static void decodes_blocks(void **state)
{
	(void)state;
	expect("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "0:308201");
	/* padding, CRLF, whitespace inside, text around, X509 CERTIFICATE */
	expect("junk\r\n-----BEGIN CERTIFICATE-----\r\nMII=\r\n-----END CERTIFICATE-----\r\n"
	       "-----BEGIN X509 CERTIFICATE-----\nMA = =\n-----END X509 CERTIFICATE-----trailer",
	       "0:3082 1:30");
	/* keys, CRLs and requests are skipped and not counted */
	expect("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
	       "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n"
	       "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n",
	       "0:010203");
	/* RFC 1421 headers before the base64 */
	expect("-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: x\n\nAQID\n-----END CERTIFICATE-----\n",
	       "0:010203");
	expect("no pem here", "");
	expect("-----BEGIN CERTIFICATE", "");
	/* blank lines (spaces, CR) before "-----END", which Go accepts and
	 * OpenSSL's PEM reader does not */
	expect("-----BEGIN CERTIFICATE-----\nMAMCAQU=\n\n \r\n-----END CERTIFICATE-----\n", "0:3003020105");
}

static void reports_broken_blocks(void **state)
{
	(void)state;
	/* bad characters, data after padding, a wrong length, a missing or
	 * mismatched END line: each a broken block of the given raw length,
	 * and reading goes on after it */
	expect("-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n"
	       "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n",
	       "0!58 1:010203");
	expect("-----BEGIN CERTIFICATE-----\nAQ==AQID\n-----END CERTIFICATE-----", "0!62");
	expect("-----BEGIN CERTIFICATE-----\nAQI\n-----END CERTIFICATE-----", "0!57");
	expect("-----BEGIN CERTIFICATE-----\nAQID\n-----END PRIVATE KEY-----", "0!58");
	expect("-----BEGIN CERTIFICATE-----\nAQID\n", "0!33");
	assert_int_equal(sweep_pem_sniff("x\n-----BEGIN CERTIFICATE-----", 29), 1);
	assert_int_equal(sweep_pem_sniff("\x30\x82", 2), 0);
}

/* sweep_pem_append: every certificate block's DER one after the other in
 * one buffer (the files source keeps a bundle's rows so); a broken block
 * between them leaves nothing behind, not even what decoded before it broke. */
static void appends_blocks(void **state)
{
	const char *text = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n"
			   "-----BEGIN CERTIFICATE-----\nBAUG\nBw@@\n-----END CERTIFICATE-----\n"
			   "-----BEGIN CERTIFICATE-----\nCAkK\n-----END CERTIFICATE-----\n";
	struct sweep_pem_reader r;
	struct sweep_pem_block blk;
	struct sweep_buf der = SWEEP_BUF_INIT;

	(void)state;
	sweep_buf_puts(&der, "x");
	sweep_pem_reader_init(&r, text, strlen(text));
	assert_int_equal(sweep_pem_append(&blk, &der, &r), SWEEP_PEM_CERT);
	assert_int_equal(der.len, 4);
	assert_int_equal(sweep_pem_append(&blk, &der, &r), SWEEP_PEM_BROKEN);
	assert_int_equal(blk.index, 1);
	assert_int_equal(der.len, 4);
	assert_int_equal(sweep_pem_append(&blk, &der, &r), SWEEP_PEM_CERT);
	assert_int_equal(blk.index, 2);
	assert_int_equal(sweep_pem_append(&blk, &der, &r), SWEEP_PEM_END);
	assert_int_equal(der.len, 7);
	assert_memory_equal(der.p, "x\x01\x02\x03\x08\x09\x0a", 7);
	assert_int_equal(der.p[7], '\0');
	sweep_buf_release(&der);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_blocks),
		cmocka_unit_test(reports_broken_blocks),
		cmocka_unit_test(appends_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
