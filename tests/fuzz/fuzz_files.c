/* libFuzzer: the --files source on one file of arbitrary bytes: DER/PEM
 * sniffing, the PEM block reader (labels, headers, base64, broken blocks),
 * and decoding of every row it yields. Must never crash, leak or hang. */
#include "certsweep/cert.h"
#include "certsweep/source.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/certsweep-fuzz-files-XXXXXX";
static char path[sizeof(dir) + 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sweep_cert c;
	struct sweep_error err = { 0, "" };
	struct sweep_source *src = NULL;
	struct sweep_row row;
	const char *paths[1];
	int fd, rc;

	if (!path[0]) {
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/input", dir);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	close(fd);
	paths[0] = dir;
	if (sweep_source_files_new(&src, paths, 1, &err))
		abort(); /* the directory and file exist */
	if (sweep_source_begin(src, NULL, &err))
		abort();
	size_t rows = 0;
	for (;;) {
		rc = sweep_source_next(src, &row, &err);
		if (rc != 0)
			break;
		struct sweep_error derr = { 0, "" };
		/* every row's bytes are readable to their end (ASan checks) */
		volatile uint8_t sum = 0;
		for (size_t i = 0; i < row.der_len; i++)
			sum ^= row.der[i];
		(void)sum;
		if (!row.key || strncmp(row.key, path, strlen(path)) != 0)
			__builtin_trap(); /* every row is keyed by its file */
		(void)sweep_cert_decode(&c, row.der, row.der_len, &derr);
		rows++;
	}
	if (rc < 0 || rows == 0)
		__builtin_trap(); /* a file always yields a row: a certificate or an unparseable one */
	sweep_source_free(src);
	return 0;
}
