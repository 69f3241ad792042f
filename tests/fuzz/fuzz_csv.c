/* libFuzzer: the CSV writer. Cells (split at NUL bytes) are written with
 * sweep_csv_cell and read back with an independent RFC 4180 reader; the
 * round trip must give the same cells (with --csv-safe: the same cells,
 * apart from the leading apostrophe it adds to formula-like cells). */
#include "certsweep/output.h"

#include <stdint.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse one CRLF-terminated record into cells (NUL-separated in out). */
static size_t parse(const char *in, size_t len, char *out, size_t *n_cells)
{
	size_t i = 0, o = 0;
	int quoted = 0, at_start = 1;

	*n_cells = 1;
	while (i < len) {
		char c = in[i++];
		if (quoted) {
			if (c == '"') {
				if (i < len && in[i] == '"') {
					out[o++] = '"';
					i++;
				} else {
					quoted = 0;
				}
			} else {
				out[o++] = c;
			}
			continue;
		}
		if (c == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		}
		if (c == ',') {
			out[o++] = '\0';
			(*n_cells)++;
			at_start = 1;
			continue;
		}
		if (c == '\r' && i < len && in[i] == '\n' && i + 1 == len)
			break;
		out[o++] = c;
		at_start = 0;
	}
	out[o] = '\0';
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int safe = data[0] & 1;
	const char *cells = (const char *)data + 1;
	size_t clen = size - 1;
	/* cells: the bytes between NULs, as C strings */
	char *copy = malloc(clen + 1);
	memcpy(copy, cells, clen);
	copy[clen] = '\0';
	struct sweep_buf line = SWEEP_BUF_INIT;
	size_t n_in = 0;
	for (size_t off = 0; off <= clen; off += strlen(copy + off) + 1) {
		sweep_csv_cell(&line, copy + off, n_in == 0, safe);
		n_in++;
	}
	sweep_csv_end(&line);

	char *back = malloc(line.len + 1);
	size_t n_out;
	parse(line.p, line.len, back, &n_out);
	if (n_out != n_in)
		__builtin_trap();
	size_t off_in = 0, off_out = 0;
	for (size_t k = 0; k < n_in; k++) {
		const char *a = copy + off_in, *b = back + off_out;
		int formula = a[0] == '=' || a[0] == '+' || a[0] == '-' || a[0] == '@' || a[0] == '\t' || a[0] == '\r';
		if (safe && formula) {
			if (b[0] != '\'' || strcmp(a, b + 1) != 0)
				__builtin_trap();
		} else if (strcmp(a, b) != 0) {
			__builtin_trap();
		}
		off_in += strlen(a) + 1;
		off_out += strlen(b) + 1;
	}
	free(back);
	free(copy);
	sweep_buf_release(&line);
	return 0;
}
