/* --files: PEM bundles and DER files; directories are walked recursively,
 * entries in byte order of their names so every run sees the same order.
 * Each file is read with one read() into a buffer reused across files, and
 * PEM is decoded by sweep_pem_append: opening 20k small files and OpenSSL's
 * BIO/PEM stack used to cost more than judging the certificates. Loading a
 * file (load_file) gives all its rows at once: reading, decoding its PEM
 * blocks and, in the first pass, copying the rows into the kept chunks.
 * The rows of the first pass are kept, up to FILES_CACHE_BUDGET octets, for
 * the passes after it (the pairing pass reads the files again): they are
 * given from memory, the same ids, keys and bytes, and reading goes on from
 * the disk past the last file kept whole.
 * Files are loaded ahead by a thread of their own (the next files in order,
 * up to AHEAD_SLOTS files and AHEAD_BYTES octets), so that the system
 * calls, most of the cost of a directory of small files, the PEM decoding
 * and the kept copies overlap the judging; the rows, their order and the
 * errors are the same. */
#include "certsweep/buf.h"
#include "certsweep/pem.h"
#include "certsweep/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILES_CACHE_BUDGET ((size_t)64 << 20)

#define FILES_CHUNK ((size_t)4 << 20)

/* Opening files relative to the last directory's descriptor, so the kernel
 * resolves one name, not the whole path, per file (files come directory by
 * directory). One per thread that reads. */
struct dir_cache {
	int fd;
	struct sweep_buf path;
};

/* What reading one file came to. */
enum read_status { READ_OK, READ_OPEN_FAILED, READ_READ_FAILED, READ_NO_MEMORY };

/* The whole file at path into *data (grown as needed, kept by the caller):
 * usually one read(). *errnum: errno of a failure. */
static enum read_status read_whole(struct dir_cache *dc, const char *path, unsigned char **data, size_t *len,
				   size_t *cap, int *errnum)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	int fd;

	if (slash && dlen > 0 && !(dc->fd >= 0 && dc->path.len == dlen && memcmp(dc->path.p, path, dlen) == 0)) {
		if (dc->fd >= 0)
			close(dc->fd);
		sweep_buf_reset(&dc->path);
		sweep_buf_add(&dc->path, path, dlen);
		dc->fd = dc->path.oom ? -1 : open(dc->path.p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (slash && dlen > 0 && dc->fd >= 0)
		fd = openat(dc->fd, slash + 1, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*errnum = errno;
		return READ_OPEN_FAILED;
	}
	*len = 0;
	for (;;) {
		if (*cap - *len < 4096) {
			size_t ncap = *cap ? *cap * 2 : 65536;
			unsigned char *nd = realloc(*data, ncap);
			if (!nd) {
				close(fd);
				return READ_NO_MEMORY;
			}
			*data = nd;
			*cap = ncap;
		}
		size_t room = *cap - *len;
		ssize_t n = read(fd, *data + *len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*errnum = errno;
			close(fd);
			return READ_READ_FAILED;
		}
		*len += (size_t)n;
		/* a short read of a regular file is its end */
		if (n == 0 || (size_t)n < room)
			break;
	}
	close(fd);
	return READ_OK;
}

/* ---- loading a file: its rows, kept in the first pass ---- */

/* One row kept from the first pass: its file, PEM block and bytes. */
struct cached_row {
	size_t file, block, len;
	const uint8_t *p;
};

/* A chunk of size octets for the kept rows, its pages made at once, or
 * NULL. Where the kernel has them it is backed by 2 MiB pages: under a
 * hypervisor that maps guest pages lazily, the first store to each fresh
 * 4 KiB page costs as much as reading a file (a 32 MiB copy: ~300 ms in
 * 4 KiB pages, populated or not, against ~10 ms in 2 MiB pages), and with
 * fewer entries the later passes miss the TLB less as well. */
static void *chunk_map(size_t size)
{
	const size_t huge = (size_t)2 << 20;
	uint8_t *m = mmap(NULL, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	/* keep the 2 MiB-aligned size octets, unmap the rest */
	uint8_t *a = m + (-(uintptr_t)m & (huge - 1));
	if (a > m)
		munmap(m, (size_t)(a - m));
	if (a + size < m + size + huge)
		munmap(a + size, (size_t)(m + size + huge - (a + size)));
#ifdef MADV_HUGEPAGE
	(void)madvise(a, size, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
	if (madvise(a, size, MADV_POPULATE_WRITE) == 0)
		return a;
#endif
	/* an older kernel: the pages made one store each, as MAP_POPULATE would */
	for (size_t o = 0; o < size; o += 4096)
		a[o] = 0;
	return a;
}

/* The kept rows' bytes, in chunks of FILES_CHUNK (no copy as they grow).
 * Filled by whoever loads the first pass's files: the read-ahead thread
 * while it runs, the pass itself otherwise. */
struct keeper {
	uint8_t **chunks;
	size_t *chunk_size;
	size_t n_chunks, chunk_used;
	size_t kept, n_rows; /* octets and rows kept, against FILES_CACHE_BUDGET */
	_Atomic int full;    /* nothing more is kept (the budget, or out of memory) */
};

/* Room for len kept octets, or NULL (a row longer than a chunk gets its own). */
static uint8_t *keep_room(struct keeper *k, size_t len)
{
	if (k->n_chunks && len <= FILES_CHUNK - k->chunk_used) {
		uint8_t *p = k->chunks[k->n_chunks - 1] + k->chunk_used;
		k->chunk_used += len;
		return p;
	}
	uint8_t **nc = realloc(k->chunks, (k->n_chunks + 1) * sizeof(*nc));
	if (!nc)
		return NULL;
	k->chunks = nc;
	size_t *ns = realloc(k->chunk_size, (k->n_chunks + 1) * sizeof(*ns));
	if (!ns)
		return NULL;
	k->chunk_size = ns;
	size_t size = len > FILES_CHUNK ? len : FILES_CHUNK;
	/* its pages made at once: faulting them in one by one as the rows are
	 * copied cost as much as reading the files again */
	void *m = chunk_map(size);
	if (!m)
		return NULL;
	uint8_t *c = m;
	/* a chunk of its own is full at once; the current one stays current */
	if (len > FILES_CHUNK && k->n_chunks) {
		k->chunks[k->n_chunks] = k->chunks[k->n_chunks - 1];
		k->chunk_size[k->n_chunks] = k->chunk_size[k->n_chunks - 1];
		k->chunks[k->n_chunks - 1] = c;
		k->chunk_size[k->n_chunks - 1] = size;
		k->n_chunks++;
		return c;
	}
	k->chunk_size[k->n_chunks] = size;
	k->chunks[k->n_chunks++] = c;
	k->chunk_used = len > FILES_CHUNK ? FILES_CHUNK : len;
	return c;
}

static void keeper_free(struct keeper *k)
{
	for (size_t i = 0; i < k->n_chunks; i++)
		munmap(k->chunks[i], k->chunk_size[i]);
	free(k->chunks);
	free(k->chunk_size);
}

/* One row of a loaded file: its bytes (p, or at off in the file's DER
 * while it is decoded) and its PEM block. */
struct file_row {
	const uint8_t *p;
	size_t off, len, block;
};

/* A file as loaded: its bytes, the DER of its PEM blocks, its rows. The
 * buffers are reused from file to file. */
struct loaded {
	unsigned char *data;
	size_t len, cap;
	struct sweep_buf der;
	struct file_row *rows;
	size_t n_rows, cap_rows;
	enum read_status status;
	int errnum;
	int kept; /* the rows' bytes are in the keeper's chunks */
};

static int add_row(struct loaded *l, const uint8_t *p, size_t off, size_t len, size_t block)
{
	if (l->n_rows == l->cap_rows) {
		size_t ncap = l->cap_rows ? l->cap_rows * 2 : 4;
		struct file_row *nr = realloc(l->rows, ncap * sizeof(*nr));
		if (!nr)
			return -1;
		l->rows = nr;
		l->cap_rows = ncap;
	}
	l->rows[l->n_rows++] = (struct file_row){ p, off, len, block };
	return 0;
}

static void loaded_free(struct loaded *l)
{
	free(l->data);
	sweep_buf_release(&l->der);
	free(l->rows);
}

/* The rows of a file: the whole file when it is DER (starts with a
 * SEQUENCE); else one per PEM certificate block, its DER, or its text when
 * it will not decode (unparseable.csv, hashed); a file with no certificate
 * block is one row of its bytes, that will not decode, so it is listed in
 * unparseable.csv rather than skipped. */
static enum read_status split_rows(struct loaded *l)
{
	if (l->len > 0 && l->data[0] == 0x30)
		return add_row(l, l->data, 0, l->len, 0) ? READ_NO_MEMORY : READ_OK;
	struct sweep_pem_reader r;
	struct sweep_pem_block blk;
	sweep_pem_reader_init(&r, l->data, l->len);
	for (;;) {
		size_t at = l->der.len;
		int rc = sweep_pem_append(&blk, &l->der, &r);
		if (rc < 0)
			return READ_NO_MEMORY;
		if (rc == SWEEP_PEM_END)
			break;
		if (rc == SWEEP_PEM_CERT ? add_row(l, NULL, at, l->der.len - at, blk.index)
					 : add_row(l, blk.raw, 0, blk.raw_len, blk.index))
			return READ_NO_MEMORY;
	}
	if (r.count == 0)
		return add_row(l, l->data, 0, l->len, 0) ? READ_NO_MEMORY : READ_OK;
	for (size_t i = 0; i < l->n_rows; i++)
		if (!l->rows[i].p)
			l->rows[i].p = (const uint8_t *)l->der.p + l->rows[i].off;
	return READ_OK;
}

/* Copy the file's rows into the keeper, all or none: past the budget (or
 * out of memory) nothing more is kept. */
static void keep_file(struct loaded *l, struct keeper *k)
{
	size_t total = 0;

	for (size_t i = 0; i < l->n_rows; i++)
		total += l->rows[i].len;
	if (k->kept + total + (k->n_rows + l->n_rows) * sizeof(struct cached_row) > FILES_CACHE_BUDGET) {
		atomic_store(&k->full, 1);
		return;
	}
	for (size_t i = 0; i < l->n_rows; i++) {
		struct file_row *r = &l->rows[i];
		uint8_t *p = keep_room(k, r->len);
		if (!p) {
			/* the rows copied so far point to the same bytes, kept */
			atomic_store(&k->full, 1);
			return;
		}
		if (r->len)
			memcpy(p, r->p, r->len);
		r->p = p;
	}
	k->kept += total;
	k->n_rows += l->n_rows;
	l->kept = 1;
}

/* Load the file at path into l; keep: copy its rows into k (the first pass). */
static void load_file(struct loaded *l, struct dir_cache *dc, struct keeper *k, int keep, const char *path)
{
	l->n_rows = 0;
	l->kept = 0;
	l->errnum = 0;
	sweep_buf_reset(&l->der);
	l->status = read_whole(dc, path, &l->data, &l->len, &l->cap, &l->errnum);
	if (l->status == READ_OK)
		l->status = split_rows(l);
	if (l->status == READ_OK && keep && !atomic_load(&k->full))
		keep_file(l, k);
}

static void loaded_swap(struct loaded *a, struct loaded *b)
{
	struct loaded t = *a;
	*a = *b;
	*b = t;
}

/* ---- read-ahead ---- */

enum { AHEAD_SLOTS = 32, AHEAD_WAKE = 4 };
#define AHEAD_BYTES ((size_t)16 << 20)

/* File i is in slot i % AHEAD_SLOTS from when fill passes i until take
 * passes it. The two threads hand files over through fill, take and bytes
 * (C11 atomics, sequentially consistent) and take the mutex only to sleep
 * or to wake the other: a full ring waits until it is half empty, so the
 * thread is woken once per AHEAD_SLOTS / 2 files, not once per file (the
 * futex calls of a wake-up per file cost as much as reading the files). */
struct ahead {
	pthread_t thread;
	int running;
	pthread_mutex_t mu;
	pthread_cond_t cv_reader, cv_consumer;
	char *const *paths;
	size_t end;              /* files [.., end) */
	_Atomic size_t fill;     /* the next file the thread reads */
	_Atomic size_t take;     /* the next file the consumer takes */
	_Atomic size_t bytes;    /* octets in read slots and in the file the consumer holds */
	size_t held;             /* octets of the file the consumer holds (its last taken) */
	_Atomic int reader_sleeps;   /* the thread waits for room */
	_Atomic int consumer_sleeps; /* the consumer waits for file take */
	_Atomic int stop;
	struct keeper *keeper;
	int keep;            /* the files are the first pass's: kept */
	struct dir_cache dc; /* the thread's own */
	struct loaded slot[AHEAD_SLOTS]; /* swapped with the consumer's when taken */
};

/* Wake the other thread, which sleeps on cv or is about to (it looks at
 * what it waits for under mu, then waits): taking mu once is enough to
 * know it waits or will see the change, and signalling after unlocking
 * saves it waking only to wait for mu. */
static void wake(pthread_mutex_t *mu, pthread_cond_t *cv)
{
	pthread_mutex_lock(mu);
	pthread_mutex_unlock(mu);
	pthread_cond_signal(cv);
}

/* Room to read file i: a free slot, and under the byte budget; over it,
 * the next file only once the consumer waits for it. */
static int ahead_room(struct ahead *a, size_t i, size_t slots, size_t bytes)
{
	size_t take = atomic_load(&a->take);

	if (i - take >= slots)
		return 0;
	return atomic_load(&a->bytes) < bytes || (i == take && atomic_load(&a->consumer_sleeps));
}

static void *ahead_main(void *arg)
{
	struct ahead *a = arg;
	size_t i = atomic_load(&a->fill);

	while (!atomic_load(&a->stop) && i < a->end) {
		if (!ahead_room(a, i, AHEAD_SLOTS, AHEAD_BYTES)) {
			/* full: sleep until half empty (or the consumer waits) */
			pthread_mutex_lock(&a->mu);
			atomic_store(&a->reader_sleeps, 1);
			while (!atomic_load(&a->stop) && !ahead_room(a, i, AHEAD_SLOTS / 2, AHEAD_BYTES / 2))
				pthread_cond_wait(&a->cv_reader, &a->mu);
			atomic_store(&a->reader_sleeps, 0);
			pthread_mutex_unlock(&a->mu);
			continue;
		}
		struct loaded *sl = &a->slot[i % AHEAD_SLOTS];
		load_file(sl, &a->dc, a->keeper, a->keep, a->paths[i]);
		atomic_fetch_add(&a->bytes, sl->len);
		atomic_store(&a->fill, ++i);
		/* a consumer that waits is woken once a few files are ready (not
		 * once per file while the thread catches up), at the end, or
		 * when the thread is about to sleep */
		if (atomic_load(&a->consumer_sleeps) &&
		    (i - atomic_load(&a->take) >= AHEAD_WAKE || i >= a->end || !ahead_room(a, i, AHEAD_SLOTS, AHEAD_BYTES)))
			wake(&a->mu, &a->cv_consumer);
	}
	return NULL;
}

static void ahead_stop(struct ahead *a)
{
	if (!a->running)
		return;
	pthread_mutex_lock(&a->mu);
	atomic_store(&a->stop, 1);
	pthread_cond_signal(&a->cv_reader);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	a->running = 0;
}

/* Start loading files [from, end) ahead (keep: into keeper, which is the
 * thread's until it stops); when no thread can be made, it is not running
 * and the consumer loads for itself. */
static void ahead_start(struct ahead *a, char *const *paths, size_t from, size_t end, struct keeper *keeper,
			int keep)
{
	ahead_stop(a);
	a->paths = paths;
	a->keeper = keeper;
	a->keep = keep;
	atomic_store(&a->fill, from);
	atomic_store(&a->take, from);
	a->end = end;
	atomic_store(&a->bytes, 0);
	a->held = 0;
	atomic_store(&a->reader_sleeps, 0);
	atomic_store(&a->consumer_sleeps, 0);
	atomic_store(&a->stop, 0);
	a->running = pthread_create(&a->thread, NULL, ahead_main, a) == 0;
}

/* Wake the thread when it sleeps and has room again. */
static void ahead_nudge(struct ahead *a)
{
	if (atomic_load(&a->reader_sleeps) && ahead_room(a, atomic_load(&a->fill), AHEAD_SLOTS / 2, AHEAD_BYTES / 2))
		wake(&a->mu, &a->cv_reader);
}

/* File i, loaded by the thread, swapped into *l. */
static void ahead_take(struct ahead *a, size_t i, struct loaded *l)
{
	if (atomic_load(&a->fill) <= i) {
		pthread_mutex_lock(&a->mu);
		atomic_store(&a->consumer_sleeps, 1);
		/* over the byte budget the thread reads file i only for a consumer that waits */
		if (atomic_load(&a->reader_sleeps))
			pthread_cond_signal(&a->cv_reader);
		while (atomic_load(&a->fill) <= i)
			pthread_cond_wait(&a->cv_consumer, &a->mu);
		atomic_store(&a->consumer_sleeps, 0);
		pthread_mutex_unlock(&a->mu);
	}
	loaded_swap(l, &a->slot[i % AHEAD_SLOTS]);
	/* the file given now counts until the next is taken: a huge file in
	 * the consumer's hands keeps the thread from reading another */
	atomic_fetch_sub(&a->bytes, a->held);
	a->held = l->len;
	atomic_store(&a->take, i + 1);
	ahead_nudge(a);
}

static void ahead_free(struct ahead *a)
{
	ahead_stop(a);
	for (size_t k = 0; k < AHEAD_SLOTS; k++)
		loaded_free(&a->slot[k]);
	if (a->dc.fd >= 0)
		close(a->dc.fd);
	sweep_buf_release(&a->dc.path);
	pthread_cond_destroy(&a->cv_consumer);
	pthread_cond_destroy(&a->cv_reader);
	pthread_mutex_destroy(&a->mu);
}

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
		if (!(a->blocks[a->n_blocks] = malloc(cap)))
			return NULL;
		a->n_blocks++;
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
	char **names = NULL;
	if (!rc && (ents.oom || (n && !(names = malloc(n * sizeof(*names))))))
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
		if (!f->rows && want && (f->rows = malloc(want * sizeof(*f->rows))))
			f->cap_rows = want;
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
		ahead_start(a, f->paths, i, f->n, &f->keeper, keep);
	if (f->ahead_ok && a->running && atomic_load(&a->take) == i && a->keep == keep) {
		ahead_take(a, i, &f->cur);
	} else {
		if (f->ahead_ok)
			ahead_stop(a); /* the keeper is this thread's */
		load_file(&f->cur, &f->dc, &f->keeper, keep, path);
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
		ahead_free(&f->ahead);
	if (f->dc.fd >= 0)
		close(f->dc.fd);
	sweep_buf_release(&f->dc.path);
	loaded_free(&f->cur);
	free(f->paths);
	arena_free(&f->names);
	sweep_buf_release(&f->key);
	sweep_buf_release(&f->desc);
	keeper_free(&f->keeper);
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
	f->ahead.dc.fd = -1;
	/* CERTSWEEP_FILES_READ_AHEAD=0: every file read by the pass itself (the
	 * tests compare the two; the benchmark measures both) */
	const char *ra = getenv("CERTSWEEP_FILES_READ_AHEAD");
	if (!(ra && strcmp(ra, "0") == 0) && pthread_mutex_init(&f->ahead.mu, NULL) == 0) {
		if (pthread_cond_init(&f->ahead.cv_reader, NULL) != 0) {
			pthread_mutex_destroy(&f->ahead.mu);
		} else if (pthread_cond_init(&f->ahead.cv_consumer, NULL) != 0) {
			pthread_cond_destroy(&f->ahead.cv_reader);
			pthread_mutex_destroy(&f->ahead.mu);
		} else {
			f->ahead_ok = 1;
		}
	}
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
