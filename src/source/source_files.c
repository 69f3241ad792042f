/* --files: PEM bundles and DER files; directories are walked recursively,
 * entries in byte order of their names so every run sees the same order. */
#include "certsweep/buf.h"
#include "certsweep/cert.h"
#include "certsweep/output.h"
#include "certsweep/source.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct files {
	struct sweep_source base;
	char **paths;
	size_t n, cap;
	size_t next_file;
	unsigned char *data; /* current file */
	size_t data_len;
	BIO *bio;            /* PEM blocks of the current file */
	int block;
	unsigned char *der;  /* current PEM block's DER (OPENSSL_malloc'd) */
	char *key;
	int64_t ordinal;
	struct sweep_buf desc;
};

static int add_path(struct files *f, const char *p)
{
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 64;
		char **np = realloc(f->paths, ncap * sizeof(*np));
		if (!np)
			return -1;
		f->paths = np;
		f->cap = ncap;
	}
	f->paths[f->n] = strdup(p);
	return f->paths[f->n++] ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(struct files *f, const char *path, struct sweep_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return sweep_error_set(err, SWEEP_EIO, "--files: %s: %s", path, strerror(errno));
	if (S_ISREG(st.st_mode))
		return add_path(f, path) ? sweep_error_set(err, SWEEP_ENOMEM, "out of memory") : 0;
	if (!S_ISDIR(st.st_mode))
		return 0; /* sockets, fifos: not certificate files */
	DIR *d = opendir(path);
	if (!d)
		return sweep_error_set(err, SWEEP_EIO, "--files: cannot read directory %s: %s", path, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof(*nn));
			if (!nn) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			names = nn;
		}
		struct sweep_buf b = SWEEP_BUF_INIT;
		sweep_buf_printf(&b, "%s/%s", path, e->d_name);
		names[n] = sweep_buf_detach(&b);
		if (!names[n]) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (!rc)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = walk(f, names[i], err);
		free(names[i]);
	}
	free(names);
	return rc;
}

static void close_file(struct files *f)
{
	BIO_free(f->bio);
	f->bio = NULL;
	free(f->data);
	f->data = NULL;
	OPENSSL_free(f->der);
	f->der = NULL;
}

static int files_begin(struct sweep_source *base, const struct sweep_scan_filter *flt, struct sweep_error *err)
{
	struct files *f = (struct files *)base;

	(void)flt;
	(void)err;
	close_file(f);
	f->next_file = 0;
	f->ordinal = 0;
	return 0;
}

static int read_file(const char *path, unsigned char **out, size_t *len, struct sweep_error *err)
{
	struct sweep_buf b = SWEEP_BUF_INIT;
	int rc = sweep_file_read(path, &b, err);

	if (rc) {
		sweep_buf_release(&b);
		return sweep_error_wrap(err, "--files");
	}
	*len = b.len;
	*out = (unsigned char *)sweep_buf_detach(&b);
	return 0;
}

static int set_key(struct files *f, const char *path, int block)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	free(f->key);
	if (block > 0)
		sweep_buf_printf(&b, "%s#%d", path, block);
	else
		sweep_buf_puts(&b, path);
	f->key = sweep_buf_detach(&b);
	return f->key ? 0 : -1;
}

/* One row: the next ordinal, keyed by path (and PEM block). */
static int emit(struct files *f, struct sweep_row *out, const uint8_t *der, size_t len, const char *path, int block,
		struct sweep_error *err)
{
	memset(out, 0, sizeof(*out));
	out->id = ++f->ordinal;
	out->issuer_ref = -1;
	out->reason = -1;
	out->der = der;
	out->der_len = len;
	if (set_key(f, path, block))
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	out->key = f->key;
	return 0;
}

static int files_next(struct sweep_source *base, struct sweep_row *out, struct sweep_error *err)
{
	struct files *f = (struct files *)base;

	for (;;) {
		if (f->bio) {
			char *name = NULL, *header = NULL;
			long len = 0;
			OPENSSL_free(f->der);
			f->der = NULL;
			if (PEM_read_bio(f->bio, &name, &header, &f->der, &len) == 1) {
				int cert = strcmp(name, "CERTIFICATE") == 0 || strcmp(name, "X509 CERTIFICATE") == 0;
				OPENSSL_free(name);
				OPENSSL_free(header);
				if (!cert)
					continue; /* keys, CRLs, requests in a bundle are not rows */
				return emit(f, out, f->der, (size_t)len, f->paths[f->next_file - 1], f->block++, err);
			}
			ERR_clear_error();
			int none = f->block == 0;
			close_file(f);
			if (none) {
				/* Not DER and no PEM certificate: a row that will not decode, so it is
				 * listed in unparseable.csv rather than skipped. */
				return emit(f, out, (const uint8_t *)"", 0, f->paths[f->next_file - 1], 0, err);
			}
		}
		if (f->next_file >= f->n)
			return 1;
		const char *path = f->paths[f->next_file++];
		close_file(f);
		int rc = read_file(path, &f->data, &f->data_len, err);
		if (rc)
			return rc;
		if (f->data_len > 0 && f->data[0] == 0x30)
			return emit(f, out, f->data, f->data_len, path, 0, err);
		f->data_len = sweep_pem_normalize(f->data, f->data_len); /* blank line before END (issue 10) */
		f->bio = BIO_new_mem_buf(f->data, (int)f->data_len);
		if (!f->bio)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		f->block = 0;
	}
}

static const char *files_describe(struct sweep_source *base)
{
	return sweep_buf_str(&((struct files *)base)->desc);
}

static void files_free(struct sweep_source *base)
{
	struct files *f = (struct files *)base;

	close_file(f);
	for (size_t i = 0; i < f->n; i++)
		free(f->paths[i]);
	free(f->paths);
	free(f->key);
	sweep_buf_release(&f->desc);
	free(f);
}

static const struct sweep_source_ops files_ops = {
	.name = "files",
	.begin = files_begin,
	.next = files_next,
	.describe = files_describe,
	.free = files_free,
};

int sweep_source_files_new(struct sweep_source **out, const char *const *paths, size_t n,
			   struct sweep_error *err)
{
	struct files *f = calloc(1, sizeof(*f));
	int rc = 0;

	*out = NULL;
	if (!f)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	f->base.ops = &files_ops;
	for (size_t i = 0; i < n && !rc; i++)
		rc = walk(f, paths[i], err);
	if (rc) {
		files_free(&f->base);
		return rc;
	}
	sweep_buf_printf(&f->desc, "%zu file(s) under %s%s", f->n, n ? paths[0] : "", n > 1 ? " and more" : "");
	*out = &f->base;
	return 0;
}
