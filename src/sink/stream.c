/* findings.jsonl and unparseable.csv: appended row by row during the scan. */
#include "certsweep/sink.h"

#include "certsweep/format.h"
#include "certsweep/merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct sweep_stream_ops sweep_stream_findings = { "findings.jsonl", NULL };
const struct sweep_stream_ops sweep_stream_unparseable = { "unparseable.csv", "id,sha256,reason\r\n" };

int sweep_stream_open(struct sweep_stream *s, const struct sweep_stream_ops *ops, const struct sweep_outdir *d,
		      struct sweep_error *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->ops = ops;
	rc = sweep_ofile_open(&s->f, d, ops->name, err);
	if (!rc && ops->header)
		sweep_stream_write(s, ops->header, strlen(ops->header));
	return rc;
}

int sweep_stream_reopen(struct sweep_stream *s, const struct sweep_stream_ops *ops, const struct sweep_outdir *d,
			long offset, struct sweep_error *err)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->bytes = offset;
	return sweep_ofile_reopen(&s->f, d, ops->name, offset, err);
}

void sweep_stream_write(struct sweep_stream *s, const char *p, size_t n)
{
	fwrite(p, 1, n, s->f.fp);
	s->bytes += (long)n;
}

int sweep_stream_sync(struct sweep_stream *s, struct sweep_error *err)
{
	long ignored;

	return sweep_ofile_sync(&s->f, &ignored, err);
}

int sweep_stream_finish(struct sweep_stream *s, struct sweep_error *err)
{
	return sweep_ofile_finish(&s->f, err);
}

void sweep_stream_close(struct sweep_stream *s, int keep)
{
	if (keep)
		sweep_ofile_keep(&s->f);
	else
		sweep_ofile_abort(&s->f);
}

int sweep_stream_unparseable_row(struct sweep_stream *s, struct sweep_buf *line, const char *key, const uint8_t sha[32],
				 const char *reason, int csv_safe)
{
	char hex[65];

	sweep_hex(sha, 32, hex);
	sweep_buf_reset(line);
	sweep_csv_cell(line, key, 1, csv_safe);
	sweep_csv_cell(line, hex, 0, 0);
	sweep_csv_cell(line, reason, 0, csv_safe);
	sweep_csv_end(line);
	if (line->oom)
		return SWEEP_ENOMEM;
	sweep_stream_write(s, line->p, line->len);
	return 0;
}

int sweep_stream_concat(const struct sweep_outdir *d, const struct sweep_stream_ops *ops, const char *const *paths,
			size_t n, struct sweep_error *err)
{
	struct sweep_ofile f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = sweep_ofile_open(&f, d, ops->name, err);

	for (size_t i = 0; !rc && i < n; i++) {
		int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
		FILE *in = fd >= 0 ? fdopen(fd, "rb") : NULL;
		if (!in) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			rc = sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", paths[i], strerror(e));
			break;
		}
		long no = 0;
		while ((len = getline(&line, &cap, in)) > 0) {
			if (ops->header && no++ == 0 && i > 0)
				continue;
			fwrite(line, 1, (size_t)len, f.fp);
		}
		if (ferror(in))
			rc = sweep_error_set(err, SWEEP_EIO, "cannot read %s", paths[i]);
		fclose(in);
	}
	free(line);
	if (rc) {
		sweep_ofile_abort(&f);
		return rc;
	}
	return sweep_ofile_finish(&f, err);
}
