#include "certsweep/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *dir, const char *name, const char *suffix)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	sweep_buf_printf(&b, "%s/%s%s", dir, name, suffix);
	return sweep_buf_detach(&b);
}

int sweep_ofile_open(struct sweep_ofile *f, const char *dir, const char *name, struct sweep_error *err)
{
	memset(f, 0, sizeof(*f));
	f->path = join(dir, name, "");
	f->tmp_path = join(dir, name, ".partial");
	if (!f->path || !f->tmp_path) {
		sweep_ofile_abort(f);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	f->fp = fopen(f->tmp_path, "wb");
	if (!f->fp) {
		int e = errno;
		sweep_error_set(err, SWEEP_EIO, "cannot create %s: %s", f->tmp_path, strerror(e));
		sweep_ofile_abort(f);
		return SWEEP_EIO;
	}
	return 0;
}

int sweep_ofile_reopen(struct sweep_ofile *f, const char *dir, const char *name, long offset,
		       struct sweep_error *err)
{
	memset(f, 0, sizeof(*f));
	f->path = join(dir, name, "");
	f->tmp_path = join(dir, name, ".partial");
	if (!f->path || !f->tmp_path) {
		sweep_ofile_keep(f);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	f->fp = fopen(f->tmp_path, "r+b");
	if (!f->fp || ftruncate(fileno(f->fp), offset) != 0 || fseek(f->fp, 0, SEEK_END) != 0) {
		int e = errno;
		sweep_error_set(err, SWEEP_EIO, "cannot resume %s: %s", f->tmp_path, strerror(e));
		sweep_ofile_keep(f);
		return SWEEP_EIO;
	}
	return 0;
}

int sweep_ofile_sync(struct sweep_ofile *f, long *offset, struct sweep_error *err)
{
	if (fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0) {
		int e = errno ? errno : EIO;
		return sweep_error_set(err, SWEEP_EIO, "cannot write %s: %s", f->tmp_path, strerror(e));
	}
	*offset = ftell(f->fp);
	return 0;
}

void sweep_ofile_keep(struct sweep_ofile *f)
{
	if (f->fp)
		fclose(f->fp);
	free(f->tmp_path);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

int sweep_ofile_commit(struct sweep_ofile *f, struct sweep_error *err)
{
	int e = 0;

	if (fflush(f->fp) != 0 || ferror(f->fp))
		e = errno ? errno : EIO;
	if (!e && fsync(fileno(f->fp)) != 0)
		e = errno;
	if (fclose(f->fp) != 0 && !e)
		e = errno;
	f->fp = NULL;
	if (!e && rename(f->tmp_path, f->path) != 0)
		e = errno;
	if (e) {
		sweep_error_set(err, SWEEP_EIO, "cannot write %s: %s", f->path, strerror(e));
		sweep_ofile_abort(f);
		return SWEEP_EIO;
	}
	free(f->tmp_path);
	free(f->path);
	memset(f, 0, sizeof(*f));
	return 0;
}

void sweep_ofile_abort(struct sweep_ofile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp_path)
		unlink(f->tmp_path);
	free(f->tmp_path);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

void sweep_csv_cell(struct sweep_buf *line, const char *s, int first, int csv_safe)
{
	int quote = 0;

	if (!first)
		sweep_buf_putc(line, ',');
	if (csv_safe && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
			 s[0] == '\r')) {
		/* OWASP CSV injection guidance: a leading apostrophe makes it text. */
		sweep_buf_putc(line, '"');
		sweep_buf_putc(line, '\'');
		quote = 2;
	} else {
		quote = strpbrk(s, ",\"\r\n") != NULL;
		if (quote)
			sweep_buf_putc(line, '"');
	}
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sweep_buf_putc(line, '"');
		sweep_buf_putc(line, *p);
	}
	if (quote)
		sweep_buf_putc(line, '"');
}

void sweep_csv_end(struct sweep_buf *line)
{
	sweep_buf_add(line, "\r\n", 2);
}

void sweep_json_str(struct sweep_buf *b, const char *s)
{
	sweep_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sweep_buf_puts(b, "\\\""); break;
		case '\\': sweep_buf_puts(b, "\\\\"); break;
		case '\n': sweep_buf_puts(b, "\\n"); break;
		case '\r': sweep_buf_puts(b, "\\r"); break;
		case '\t': sweep_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				sweep_buf_printf(b, "\\u%04x", *p);
			else
				sweep_buf_putc(b, (char)*p);
		}
	}
	sweep_buf_putc(b, '"');
}

int sweep_mkdirs(const char *dir, struct sweep_error *err)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return sweep_error_set(err, SWEEP_EINVAL, "bad output directory");
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char c = path[i];
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			int e = errno;
			return sweep_error_set(err, SWEEP_EIO, "cannot create directory %s: %s", path, strerror(e));
		}
		path[i] = c;
	}
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return sweep_error_set(err, SWEEP_EIO, "%s is not a directory", dir);
	if (access(dir, W_OK) != 0)
		return sweep_error_set(err, SWEEP_EIO, "output directory %s is not writable", dir);
	return 0;
}

int sweep_file_read(const char *path, struct sweep_buf *out, struct sweep_error *err)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];

	if (!fp) {
		int e = errno;
		return sweep_error_set(err, SWEEP_EIO, "cannot open %s: %s", path, strerror(e));
	}
	for (;;) {
		size_t n = fread(chunk, 1, sizeof(chunk), fp);
		if (n == 0)
			break;
		sweep_buf_add(out, chunk, n);
	}
	int bad = ferror(fp);
	fclose(fp);
	sweep_buf_add(out, "", 0);
	if (bad)
		return sweep_error_set(err, SWEEP_EIO, "cannot read %s", path);
	if (out->oom)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", path);
	return 0;
}
