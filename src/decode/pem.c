/* PEM leniency that OpenSSL's PEM reader lacks. */
#include "certsweep/cert.h"

#include <string.h>

static int blank(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/* Go's encoding/pem accepts blank lines between the Base64 body and the
 * "-----END" line; OpenSSL's PEM_read_bio does not, so such a file would
 * land in unparseable.csv although the certificate is intact. Dropping
 * them (only there: headers are still separated by their blank line) is
 * all it takes. Linear: each byte is copied at most once. */
size_t sweep_pem_normalize(uint8_t *data, size_t len)
{
	size_t in = 0, out = 0;

	while (in < len) {
		const uint8_t *nl = memchr(data + in, '\n', len - in);
		size_t end = nl ? (size_t)(nl - data) + 1 : len; /* one past this line */
		if (nl && blank(data + in, end - in - 1)) {
			/* a run of blank lines: drop it when an END line follows */
			size_t k = end;
			for (;;) {
				const uint8_t *n2 = memchr(data + k, '\n', len - k);
				if (!n2 || !blank(data + k, (size_t)(n2 - data) - k))
					break;
				k = (size_t)(n2 - data) + 1;
			}
			if (len - k >= 8 && memcmp(data + k, "-----END", 8) == 0) {
				in = k;
				continue;
			}
		}
		memmove(data + out, data + in, end - in);
		out += end - in;
		in = end;
	}
	return out;
}
