/* --files: PEM bundles and DER files; directories are walked recursively,
 * entries in byte order of their names so every run sees the same order.
 * Each file is read with one read() into a buffer reused across files, and
 * PEM is decoded by sweep_pem_append: opening 20k small files and OpenSSL's
 * BIO/PEM stack used to cost more than judging the certificates. Loading a
 * file (sweep_files_load, files_load.c) gives all its rows at once: reading, decoding its PEM
 * blocks and, in the first pass, copying the rows into the kept chunks.
 * The rows of the first pass are kept, up to FILES_CACHE_BUDGET octets, for
 * the passes after it (the pairing pass reads the files again): they are
 * given from memory, the same ids, keys and bytes, and reading goes on from
 * the disk past the last file kept whole.
 * Files are loaded ahead by a thread of their own (files_ahead.c: the next files in order,
 * up to AHEAD_SLOTS files and AHEAD_BYTES octets), so that the system
 * calls, most of the cost of a directory of small files, the PEM decoding
 * and the kept copies overlap the judging; the rows, their order and the
 * errors are the same. */
#include "certsweep/buf.h"
#include "certsweep/source.h"
#include "files_ahead.h"
#include "files_load.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The paths' text: blocks that never move, so f->paths point into them
 * (one allocation per ARENA_BLOCK octets, not one per file). */
#define ARENA_BLOCK ((size_t)64 << 10)

struct arena {
	char **blocks;
	size_t n_blocks, used, cap;
};

/* "dir/name" (dir NULL: name alone), NUL-terminated, or NULL. */
static char *arena_path(struct arena *a, const char *dir, size_t dlen, const char *name, size_t nlen)
{
	size_t need = (dir ? dlen + 1 : 0) + nlen + 1;

	if (!a->n_blocks || a->cap - a->used < need) {
		size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		char **nb = realloc(a->blocks, (a->n_blocks + 1) * sizeof(*nb));
		if (!nb)
			return NULL;
		a->blocks = nb;
		char *blk = malloc(cap);
		if (!blk)
			return NULL;
		a->blocks[a->n_blocks++] = blk;
		a->used = 0;
		a->cap = cap;
	}
	char *p = a->blocks[a->n_blocks - 1] + a->used, *o = p;
	if (dir) {
		memcpy(o, dir, dlen);
		o[dlen] = '/';
		o += dlen + 1;
	}
	memcpy(o, name, nlen);
	o[nlen] = '\0';
	a->used += need;
	return p;
}

static void arena_free(struct arena *a)
{
	for (size_t i = 0; i < a->n_blocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
}

enum { CACHE_NONE, CACHE_FILLING, CACHE_FULL, CACHE_READY, CACHE_OFF };

struct files {
	struct sweep_source base;
	char **paths; /* into names */
	size_t n, cap;
	struct arena names;
	size_t next_file;
	struct loaded cur;   /* file next_file - 1 */
	size_t cur_row;      /* its next row to give */
	struct sweep_buf key;
	struct dir_cache dc; /* loading without the read-ahead thread */
	struct ahead ahead;
	int ahead_ok;        /* the read-ahead's mutex and conditions were made */
	int64_t ordinal;
	int64_t before_id; /* the filter's bound: rows from this id on are not read; 0 = none */
	int cache;          /* CACHE_*: FULL = the budget was reached, the pass goes on uncached */
	struct keeper keeper;
	struct cached_row *rows;
	size_t n_rows, cap_rows;
	size_t file_first_row; /* rows[] index of the current file's first row, while filling */
	size_t cached_files;   /* files [0, cached_files) are kept whole */
	size_t replay;         /* next row to give from memory in this pass */
	int replaying;
	struct sweep_buf desc;
};

static int add_path(struct files *f, char *p)
{
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 64;
		char **np = realloc(f->paths, ncap * sizeof(*np));
		if (!np)
			return -1;
		f->paths = np;
		f->cap = ncap;
	}
	f->paths[f->n++] = p;
	return 0;
}

/* Entries are "<d_type byte>name" (see walk): compare the names. */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* path: in f->names. d_type: what readdir says the entry is, so a
 * directory of 20k files costs no stat per file; DT_UNKNOWN (some file
 * systems) and links are stat'ed. */
static int walk(struct files *f, char *path, unsigned char d_type, struct sweep_error *err)
{
	struct stat st;

	if (d_type != DT_REG && d_type != DT_DIR) {
		if (stat(path, &st) != 0)
			return sweep_error_set(err, SWEEP_EIO, "--files: %s: %s", path, strerror(errno));
		d_type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
	}
	if (d_type == DT_REG)
		return add_path(f, path) ? sweep_error_set(err, SWEEP_ENOMEM, "out of memory") : 0;
	if (d_type != DT_DIR)
		return 0; /* sockets, fifos: not certificate files */
	DIR *d = opendir(path);
	if (!d)
		return sweep_error_set(err, SWEEP_EIO, "--files: cannot read directory %s: %s", path, strerror(errno));
	/* the entries as "<d_type byte>name\0", one after the other in one
	 * buffer, sorted by name, then each made a path in f->names: no
	 * allocation per entry */
	struct sweep_buf ents = SWEEP_BUF_INIT;
	size_t n = 0, plen = strlen(path);
	struct dirent *e;
	int rc = 0;
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (!e) {
			if (errno)
				rc = sweep_error_set(err, SWEEP_EIO, "--files: cannot read directory %s: %s", path,
						     strerror(errno));
			break;
		}
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files */
		char t = (char)e->d_type;
		sweep_buf_add(&ents, &t, 1);
		sweep_buf_add(&ents, e->d_name, strlen(e->d_name) + 1);
		n++;
	}
	closedir(d);
	char **names = !rc && n ? malloc(n * sizeof(*names)) : NULL;
	if (!rc && (ents.oom || (n && !names)))
		rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	if (!rc) {
		for (size_t i = 0, o = 0; i < n; i++) {
			names[i] = ents.p + o;
			o += strlen(names[i] + 1) + 2;
		}
		qsort(names, n, sizeof(*names), by_name);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		const char *name = names[i] + 1;
		char *child = arena_path(&f->names, path, plen, name, strlen(name));
		rc = child ? walk(f, child, (unsigned char)names[i][0], err)
			   : sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	free(names);
	sweep_buf_release(&ents);
	return rc;
}

static void close_file(struct files *f)
{
	f->cur.n_rows = 0;
	f->cur_row = 0;
}

static int files_begin(struct sweep_source *base, const struct sweep_scan_filter *flt, struct sweep_error *err)
{
	struct files *f = (struct files *)base;

	(void)err;
	close_file(f);
	f->next_file = 0;
	f->ordinal = 0;
	/* Ids are ordinals, given in order: a pass bounded by before_id (the
	 * pairing pass) stops reading files once the next row would be past it.
	 * Files have no issuer ref, so issuer_refs cannot narrow the pass. */
	f->before_id = flt ? flt->before_id : 0;
	/* a first pass that did not finish keeps nothing */
	if (f->cache == CACHE_FILLING || f->cache == CACHE_FULL) {
		f->n_rows = 0;
		f->cache = CACHE_OFF;
	}
	if (f->cache == CACHE_NONE) {
		f->cache = CACHE_FILLING;
		/* a row per file, most often: made at once, not grown by copies
		 * (up to what the budget holds of certificates of 1 KiB) */
		size_t want = f->n < FILES_CACHE_BUDGET / 1024 ? f->n : FILES_CACHE_BUDGET / 1024;
		if (!f->rows && want) {
			f->rows = malloc(want * sizeof(*f->rows));
			f->cap_rows = f->rows ? want : 0;
		}
	}
	f->file_first_row = 0;
	f->replay = 0;
	f->replaying = f->cache == CACHE_READY;
	return 0;
}

/* File f->next_file - 1 (path) into f->cur: from the read-ahead thread,
 * started (again) here when it is not where this pass reads; by this
 * thread when none could be made. The first pass's files are kept. */
static int read_file(struct files *f, const char *path, struct sweep_error *err)
{
	size_t i = f->next_file - 1;
	int keep = f->cache == CACHE_FILLING || f->cache == CACHE_FULL;
	struct ahead *a = &f->ahead;

	if (f->ahead_ok && (!a->running || atomic_load(&a->take) != i || a->keep != keep) && f->n - i > 1)
		sweep_files_ahead_start(a, f->paths, i, f->n, &f->keeper, keep);
	if (f->ahead_ok && a->running && atomic_load(&a->take) == i && a->keep == keep) {
		sweep_files_ahead_take(a, i, &f->cur);
	} else {
		if (f->ahead_ok)
			sweep_files_ahead_stop(a); /* the keeper is this thread's */
		sweep_files_load(&f->cur, &f->dc, &f->keeper, keep, path);
	}
	switch (f->cur.status) {
	case READ_OK: return 0;
	case READ_OPEN_FAILED:
		return sweep_error_set(err, SWEEP_EIO, "--files: cannot open %s: %s", path, strerror(f->cur.errnum));
	case READ_READ_FAILED:
		return sweep_error_set(err, SWEEP_EIO, "--files: cannot read %s: %s", path, strerror(f->cur.errnum));
	default: return sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", path);
	}
}

/* Keep a row of the first pass (its bytes were kept when its file was
 * loaded); past the budget (or out of memory) the current file's rows are
 * dropped and nothing more is kept. */
static void keep_row(struct files *f, const uint8_t *der, size_t len, size_t block)
{
	if (f->cur.kept && f->n_rows == f->cap_rows) {
		size_t ncap = f->cap_rows ? f->cap_rows * 2 : 1024;
		struct cached_row *nr = realloc(f->rows, ncap * sizeof(*nr));
		if (nr) {
			f->rows = nr;
			f->cap_rows = ncap;
		}
	}
	if (!f->cur.kept || f->n_rows == f->cap_rows) {
		f->cache = CACHE_FULL;
		atomic_store(&f->keeper.full, 1);
		f->n_rows = f->file_first_row;
		f->cached_files = f->next_file - 1;
		return;
	}
	f->rows[f->n_rows++] = (struct cached_row){ f->next_file - 1, block, len, der };
}

/* One row: the next ordinal, keyed by path (and #N for the Nth PEM
 * certificate block after the first). */
static int emit(struct files *f, struct sweep_row *out, const uint8_t *der, size_t len, const char *path,
		size_t block, struct sweep_error *err)
{
	memset(out, 0, sizeof(*out));
	out->id = ++f->ordinal;
	out->issuer_ref = -1;
	out->reason = -1;
	out->der = der;
	out->der_len = len;
	sweep_buf_reset(&f->key);
	sweep_buf_puts(&f->key, path);
	if (block > 0)
		sweep_buf_printf(&f->key, "#%zu", block);
	if (f->key.oom)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	out->key = f->key.p;
	if (f->cache == CACHE_FILLING && !f->replaying)
		keep_row(f, der, len, block);
	return 0;
}

static int files_next(struct sweep_source *base, struct sweep_row *out, struct sweep_error *err)
{
	struct files *f = (struct files *)base;

	if (f->before_id > 0 && f->ordinal + 1 >= f->before_id)
		return 1;
	if (f->replaying) {
		if (f->replay < f->n_rows) {
			const struct cached_row *r = &f->rows[f->replay++];
			return emit(f, out, r->p, r->len, f->paths[r->file], r->block, err);
		}
		/* the rest from the disk, after the last file kept whole */
		f->replaying = 0;
		f->next_file = f->cached_files;
	}
	for (;;) {
		if (f->cur_row < f->cur.n_rows) {
			const struct file_row *r = &f->cur.rows[f->cur_row++];
			return emit(f, out, r->p, r->len, f->paths[f->next_file - 1], r->block, err);
		}
		if (f->next_file >= f->n) {
			if (f->cache == CACHE_FILLING)
				f->cached_files = f->n;
			if (f->cache == CACHE_FILLING || f->cache == CACHE_FULL)
				f->cache = CACHE_READY;
			return 1;
		}
		f->file_first_row = f->n_rows;
		const char *path = f->paths[f->next_file++];
		close_file(f);
		int rc = read_file(f, path, err);
		if (rc)
			return rc;
	}
}

static const char *files_describe(struct sweep_source *base)
{
	return sweep_buf_str(&((struct files *)base)->desc);
}

static void files_free(struct sweep_source *base)
{
	struct files *f = (struct files *)base;

	if (f->ahead_ok)
		sweep_files_ahead_release(&f->ahead);
	sweep_files_dir_cache_release(&f->dc);
	sweep_files_loaded_release(&f->cur);
	free(f->paths);
	arena_free(&f->names);
	sweep_buf_release(&f->key);
	sweep_buf_release(&f->desc);
	sweep_files_keeper_release(&f->keeper);
	free(f->rows);
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
	f->dc.fd = -1;
	/* CERTSWEEP_FILES_READ_AHEAD=0: every file read by the pass itself (the
	 * tests compare the two; the benchmark measures both) */
	const char *ra = getenv("CERTSWEEP_FILES_READ_AHEAD");
	f->ahead_ok = !(ra && strcmp(ra, "0") == 0) && sweep_files_ahead_init(&f->ahead) == 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char *p = arena_path(&f->names, NULL, 0, paths[i], strlen(paths[i]));
		rc = p ? walk(f, p, DT_UNKNOWN, err) : sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (rc) {
		files_free(&f->base);
		return rc;
	}
	sweep_buf_printf(&f->desc, "%zu file(s) under %s%s", f->n, n ? paths[0] : "", n > 1 ? " and more" : "");
	*out = &f->base;
	return 0;
}
