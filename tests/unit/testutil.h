/* Helpers shared by the cmocka unit tests. */
#ifndef CERTSWEEP_TESTUTIL_H
#define CERTSWEEP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "certsweep/cert.h"

#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read a fixture produced at build time by scripts/gen-corpus.sh. */
static inline unsigned char *fixture(const char *name, size_t *len)
{
	char path[4096];
	const char *dir = getenv("CERTSWEEP_FIXTURES");
	FILE *fp;
	unsigned char *buf;
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

/* A fixture certificate, decoded. */
struct test_cert {
	struct sweep_cert c;
	unsigned char *der;
};

static inline void test_cert_load(struct test_cert *f, const char *name)
{
	struct sweep_error err = { 0, "" };
	size_t len;

	f->der = fixture(name, &len);
	sweep_cert_init(&f->c);
	assert_int_equal(sweep_cert_decode(&f->c, f->der, len, &err), 0);
}

static inline void test_cert_unload(struct test_cert *f)
{
	sweep_cert_release(&f->c);
	free(f->der);
}

/* DER of an X509_NAME built by OpenSSL from (type, string-type, bytes, len, new_rdn) entries. */
struct name_entry {
	const char *field;
	int type; /* MBSTRING_UTF8, V_ASN1_BMPSTRING ... */
	const char *bytes;
	int len; /* -1: strlen */
	int set; /* -1 new RDN, 0 add to previous (multi-valued) */
};

static inline unsigned char *name_der(const struct name_entry *e, size_t n, size_t *len)
{
	X509_NAME *name = X509_NAME_new();
	unsigned char *der = NULL;

	assert_non_null(name);
	for (size_t i = 0; i < n; i++) {
		/* OpenSSL: set 0 starts a new RDN, -1 joins the previous one. */
		if (X509_NAME_add_entry_by_txt(name, e[i].field, e[i].type, (const unsigned char *)e[i].bytes,
					       e[i].len, -1, e[i].set == -1 ? 0 : -1) != 1)
			fail_msg("OpenSSL refused name entry %s", e[i].field);
	}
	int l = i2d_X509_NAME(name, &der);
	assert_true(l > 0);
	X509_NAME_free(name);
	*len = (size_t)l;
	return der;
}

#endif
