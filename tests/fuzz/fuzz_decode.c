/* libFuzzer: certificate decoding, names as RFC 4514 text and every lint
 * on whatever decodes. Must never crash, leak or hang. */
#include "certsweep/cert.h"
#include "certsweep/lint.h"
#include "certsweep/name.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sweep_cert c; /* reused, as a scan reuses it */
	struct sweep_error err = { 0, "" };
	struct sweep_buf b = SWEEP_BUF_INIT;
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	/* an exact-size copy, so reads past the end are caught */
	uint8_t *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	if (sweep_cert_decode(&c, copy, size, &err) == 0) {
		sweep_name_rfc4514(&c.subject, &b);
		sweep_name_rfc4514(&c.issuer, &b);
		for (size_t i = 0; i < n; i++) {
			sweep_buf_reset(&b);
			(void)sweep_lint_run(&reg[i], &c, NULL, c.not_before, &b);
		}
		(void)sweep_cert_rsa_bits(&c);
	}
	sweep_buf_release(&b);
	free(copy);
	return 0;
}
