/* libFuzzer: the --where parser, and evaluation of what parses against a
 * real certificate (CERTSWEEP_FUZZ_CERT, a DER file) when one is given. */
#include "certsweep/cert.h"
#include "certsweep/expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sweep_cert cert;
static uint8_t *cert_der;
static int have_cert = -1;

static void load_cert(void)
{
	const char *path = getenv("CERTSWEEP_FUZZ_CERT");
	FILE *fp = path ? fopen(path, "rb") : NULL;
	struct sweep_error err = { 0, "" };
	long n;

	have_cert = 0;
	if (!fp)
		return;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	cert_der = malloc((size_t)n);
	if (cert_der && fread(cert_der, 1, (size_t)n, fp) == (size_t)n && sweep_cert_decode(&cert, cert_der, (size_t)n, &err) == 0)
		have_cert = 1;
	fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sweep_error err = { 0, "" };
	struct sweep_expr *e = NULL;
	char *text = malloc(size + 1);

	if (have_cert < 0)
		load_cert();
	memcpy(text, data, size);
	text[size] = '\0';
	if (sweep_expr_parse(&e, text, &err) == 0) {
		if (have_cert)
			(void)sweep_expr_match(e, &cert, NULL);
		sweep_expr_free(e);
	} else if (err.msg[0] == '\0') {
		__builtin_trap(); /* every parse error must say what is wrong */
	}
	free(text);
	return 0;
}
