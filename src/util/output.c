#include "certsweep/output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *name, const char *suffix)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	sweep_buf_printf(&b, "%s%s", name, suffix);
	return sweep_buf_detach(&b);
}

static long env_long(const char *name)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return 0;
	n = strtol(v, &end, 10);
	return *end ? 0 : n;
}

int sweep_fault_enospc(void)
{
	static long count; /* test hook only: single-threaded publication path */
	long at = env_long("CERTSWEEP_FAULT_ENOSPC_AT");

	return at > 0 && ++count == at;
}

void sweep_fault_step(void)
{
	static long count;
	long at = env_long("CERTSWEEP_FAULT_KILL_AT");

	if (at > 0 && ++count == at)
		raise(SIGKILL);
}

static unsigned dir_mode_for(unsigned file_mode)
{
	unsigned m = file_mode | 0200u;

	/* search permission wherever reading is granted */
	if (m & 0400u)
		m |= 0100u;
	if (m & 0040u)
		m |= 0010u;
	if (m & 0004u)
		m |= 0001u;
	return m;
}

int sweep_outdir_open(struct sweep_outdir *out, const char *path, unsigned file_mode, struct sweep_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	rc = sweep_mkdirs(path, dir_mode_for(file_mode), err);
	if (rc)
		return rc;
	out->fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (out->fd < 0) {
		int e = errno;
		struct stat st;
		int link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
		return sweep_error_set(err, SWEEP_EIO, "cannot open output directory %s: %s", path,
				       link ? "it is a symbolic link" : strerror(e));
	}
	out->path = strdup(path);
	out->file_mode = file_mode;
	if (!out->path) {
		sweep_outdir_close(out);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	return 0;
}

void sweep_outdir_close(struct sweep_outdir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	free(d->path);
	memset(d, 0, sizeof(*d));
	d->fd = -1;
}

int sweep_outdir_has(const struct sweep_outdir *d, const char *name)
{
	struct stat st;

	return fstatat(d->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int sweep_outdir_remove(const struct sweep_outdir *d, const char *name, struct sweep_error *err)
{
	if (unlinkat(d->fd, name, 0) != 0 && errno != ENOENT) {
		int e = errno;
		return sweep_error_set(err, SWEEP_EIO, "cannot remove %s/%s: %s", d->path, name, strerror(e));
	}
	return 0;
}

int sweep_outdir_sync(const struct sweep_outdir *d, struct sweep_error *err)
{
	if (fsync(d->fd) != 0) {
		int e = errno;
		return sweep_error_set(err, SWEEP_EIO, "cannot sync %s: %s", d->path, strerror(e));
	}
	return 0;
}

int sweep_outdir_rename(const struct sweep_outdir *d, const char *from, const char *to, struct sweep_error *err)
{
	if (renameat(d->fd, from, d->fd, to) != 0) {
		int e = errno;
		return sweep_error_set(err, SWEEP_EIO, "cannot rename %s/%s to %s: %s", d->path, from, to, strerror(e));
	}
	return sweep_outdir_sync(d, err);
}

static int ofile_names(struct sweep_ofile *f, const struct sweep_outdir *d, const char *name, struct sweep_error *err)
{
	memset(f, 0, sizeof(*f));
	f->dir = d;
	f->name = join(name, "");
	f->tmp_name = join(name, ".partial");
	if (!f->name || !f->tmp_name) {
		sweep_ofile_keep(f);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	return 0;
}

int sweep_ofile_open(struct sweep_ofile *f, const struct sweep_outdir *d, const char *name, struct sweep_error *err)
{
	int rc = ofile_names(f, d, name, err), fd;

	if (rc)
		return rc;
	/* a stale partial (or a link planted in its place) goes; then create, never follow */
	rc = sweep_outdir_remove(d, f->tmp_name, err);
	if (rc) {
		sweep_ofile_keep(f);
		return rc;
	}
	fd = openat(d->fd, f->tmp_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)d->file_mode);
	if (fd >= 0) {
		/* the umask must not widen or narrow what --mode asked for */
		if (fchmod(fd, (mode_t)d->file_mode) == 0)
			f->fp = fdopen(fd, "wb");
		if (!f->fp)
			close(fd);
	}
	if (!f->fp) {
		int e = errno;
		sweep_error_set(err, SWEEP_EIO, "cannot create %s/%s: %s", d->path, f->tmp_name, strerror(e));
		sweep_ofile_abort(f);
		return SWEEP_EIO;
	}
	return 0;
}

int sweep_ofile_reopen(struct sweep_ofile *f, const struct sweep_outdir *d, const char *name, long offset,
		       struct sweep_error *err)
{
	int rc = ofile_names(f, d, name, err), fd;

	if (rc)
		return rc;
	fd = openat(d->fd, f->tmp_name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		f->fp = fdopen(fd, "r+b");
		if (!f->fp)
			close(fd);
	}
	if (!f->fp || ftruncate(fileno(f->fp), offset) != 0 || fseek(f->fp, 0, SEEK_END) != 0) {
		int e = errno;
		sweep_error_set(err, SWEEP_EIO, "cannot resume %s/%s: %s", d->path, f->tmp_name, strerror(e));
		sweep_ofile_keep(f);
		return SWEEP_EIO;
	}
	return 0;
}

/* fflush + fsync; the fault hook stands in for a full disk. */
static int flush_sync(FILE *fp)
{
	if (fflush(fp) != 0 || ferror(fp))
		return errno ? errno : EIO;
	if (sweep_fault_enospc())
		return ENOSPC;
	if (fsync(fileno(fp)) != 0)
		return errno;
	return 0;
}

int sweep_ofile_sync(struct sweep_ofile *f, long *offset, struct sweep_error *err)
{
	int e = flush_sync(f->fp);

	if (e)
		return sweep_error_set(err, SWEEP_EIO, "cannot write %s/%s: %s", f->dir->path, f->tmp_name, strerror(e));
	*offset = ftell(f->fp);
	return 0;
}

void sweep_ofile_keep(struct sweep_ofile *f)
{
	if (f->fp)
		fclose(f->fp);
	free(f->tmp_name);
	free(f->name);
	memset(f, 0, sizeof(*f));
}

/* Flush, fsync and close; the names stay for the caller. */
static int ofile_close(struct sweep_ofile *f, struct sweep_error *err)
{
	int e;

	errno = 0;
	e = flush_sync(f->fp);
	if (fclose(f->fp) != 0 && !e)
		e = errno;
	f->fp = NULL;
	if (e)
		return sweep_error_set(err, SWEEP_EIO, "cannot write %s/%s: %s", f->dir->path, f->name, strerror(e));
	return 0;
}

int sweep_ofile_finish(struct sweep_ofile *f, struct sweep_error *err)
{
	int rc = ofile_close(f, err);

	/* kept even on failure: a checkpoint may count on the bytes before it */
	sweep_ofile_keep(f);
	return rc;
}

int sweep_ofile_commit(struct sweep_ofile *f, struct sweep_error *err)
{
	int rc = ofile_close(f, err);

	if (!rc)
		rc = sweep_outdir_rename(f->dir, f->tmp_name, f->name, err);
	if (rc)
		sweep_ofile_abort(f);
	else
		sweep_ofile_keep(f);
	return rc;
}

void sweep_ofile_abort(struct sweep_ofile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp_name && f->dir)
		unlinkat(f->dir->fd, f->tmp_name, 0);
	free(f->tmp_name);
	free(f->name);
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
	/* the runs between quotes appended whole (issue #17: a call per character) */
	for (;;) {
		size_t n = strcspn(s, "\"");
		sweep_buf_add(line, s, n);
		if (!s[n])
			break;
		sweep_buf_add(line, "\"\"", 2);
		s += n + 1;
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
		/* the run needing no escape appended whole (issue #17) */
		const unsigned char *q = p;
		while (*q >= 0x20 && *q != '"' && *q != '\\' && *q != 0x7f)
			q++;
		if (q != p) {
			sweep_buf_add(b, p, (size_t)(q - p));
			p = q;
			if (!*p)
				break;
		}
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

int sweep_mkdirs(const char *dir, unsigned dir_mode, struct sweep_error *err)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return sweep_error_set(err, SWEEP_EINVAL, "bad output directory");
	memcpy(path, dir, n + 1);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char c = path[i];
		path[i] = '\0';
		if (mkdir(path, c ? 0777 : (mode_t)dir_mode) != 0 && errno != EEXIST) {
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
