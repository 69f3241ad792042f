/* Loading one file of --files (see files_load.h): one read() into a
 * buffer reused from file to file, PEM decoded by sweep_pem_append (a
 * bundle's DER in one buffer), the first pass's rows copied into chunks
 * made whole at once. */
#include "files_load.h"

#include "certsweep/pem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

void sweep_files_keeper_release(struct keeper *k)
{
	for (size_t i = 0; i < k->n_chunks; i++)
		munmap(k->chunks[i], k->chunk_size[i]);
	free(k->chunks);
	free(k->chunk_size);
}

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
	l->rows[l->n_rows++] = (struct file_row){p, off, len, block};
	return 0;
}

void sweep_files_loaded_release(struct loaded *l)
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

void sweep_files_load(struct loaded *l, struct dir_cache *dc, struct keeper *k, int keep, const char *path)
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

void sweep_files_loaded_swap(struct loaded *a, struct loaded *b)
{
	struct loaded t = *a;
	*a = *b;
	*b = t;
}

void sweep_files_dir_cache_release(struct dir_cache *dc)
{
	if (dc->fd >= 0)
		close(dc->fd);
	dc->fd = -1;
	sweep_buf_release(&dc->path);
}
