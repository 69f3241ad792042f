/* External sort of fixed-size records: a buffer of records sorted and
 * written as runs to an unlinked temporary file, merged k-way when read
 * back. c_serial_reused sees every (issuer, serial) of a CA's history
 * through it without holding them in memory. */
#include "certsweep/corpus.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_BUFFER ((size_t)64 << 10) /* per run while merging */

int sweep_spill_init(struct sweep_spill *sp, size_t rec_size, size_t buffer_bytes, struct sweep_error *err)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	if (rec_size == 0)
		return sweep_error_set(err, SWEEP_EINVAL, "spill: empty records");
	if (!buffer_bytes) {
		/* test hook CERTSWEEP_SPILL_BUFFER=BYTES: small buffers force many runs */
		const char *hook = getenv("CERTSWEEP_SPILL_BUFFER");
		buffer_bytes = hook && strtoull(hook, NULL, 10) ? (size_t)strtoull(hook, NULL, 10) : SWEEP_SPILL_BUFFER;
	}
	sp->rec_size = rec_size;
	sp->cap = buffer_bytes / rec_size;
	if (sp->cap < 2)
		sp->cap = 2;
	return 0;
}

void sweep_spill_release(struct sweep_spill *sp)
{
	for (size_t i = 0; i < sp->n_runs; i++)
		free(sp->runs[i].buf);
	free(sp->runs);
	free(sp->heap);
	free(sp->buf);
	if (sp->fd >= 0)
		close(sp->fd);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

/* ---- in-memory sort: heapsort over records (no comparator state needed) ---- */

static void swap_rec(uint8_t *a, uint8_t *b, size_t size)
{
	uint8_t t[64];

	while (size) {
		size_t k = size < sizeof(t) ? size : sizeof(t);
		memcpy(t, a, k);
		memcpy(a, b, k);
		memcpy(b, t, k);
		a += k;
		b += k;
		size -= k;
	}
}

static void sift(uint8_t *base, size_t size, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && memcmp(base + child * size, base + (child + 1) * size, size) < 0)
			child++;
		if (memcmp(base + root * size, base + child * size, size) >= 0)
			return;
		swap_rec(base + root * size, base + child * size, size);
		root = child;
	}
}

static void heapsort_records(uint8_t *base, size_t n, size_t size)
{
	if (n < 2)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift(base, size, i, n);
	for (size_t end = n - 1; end > 0; end--) {
		swap_rec(base, base + end * size, size);
		sift(base, size, 0, end);
	}
}

/* ---- the same order, faster (issue #17: the heapsort's record swaps and
 * compares were 6% of an all-lints audit): record indices bucketed by
 * their first two octets (the records start with hashes), each bucket
 * sorted by the rest, then the records moved once along the permutation's
 * cycles. Equal records are equal bytes, so the result is the same. ---- */

static int idx_less(const uint8_t *base, size_t size, uint32_t a, uint32_t b)
{
	return memcmp(base + (size_t)a * size + 2, base + (size_t)b * size + 2, size - 2) < 0;
}

static void idx_sift(const uint8_t *base, size_t size, uint32_t *v, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && idx_less(base, size, v[child], v[child + 1]))
			child++;
		if (!idx_less(base, size, v[root], v[child]))
			return;
		uint32_t t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

/* one bucket: insertion sort when small, heapsort (no worst case) else */
static void sort_bucket(const uint8_t *base, size_t size, uint32_t *v, size_t n)
{
	if (n < 2 || size <= 2)
		return;
	if (n <= 16) {
		for (size_t i = 1; i < n; i++) {
			uint32_t x = v[i];
			size_t j = i;
			for (; j > 0 && idx_less(base, size, x, v[j - 1]); j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	for (size_t i = n / 2; i-- > 0;)
		idx_sift(base, size, v, i, n);
	for (size_t end = n - 1; end > 0; end--) {
		uint32_t t = v[0];
		v[0] = v[end];
		v[end] = t;
		idx_sift(base, size, v, 0, end);
	}
}

static void sort_records(uint8_t *base, size_t n, size_t size)
{
	enum { BUCKETS = 1 << 16 };
	uint32_t *start = NULL, *idx = NULL;
	uint8_t *tmp = NULL;

	if (n < 2)
		return;
	/* a small run (a test's tiny buffer): the 64 Ki buckets would cost more than they save */
	if (n < 4096 || size < 2 || n > UINT32_MAX || !(start = calloc(BUCKETS + 1, sizeof(*start))) ||
	    !(idx = malloc(n * sizeof(*idx))) || !(tmp = malloc(size))) {
		/* few records, or no memory for the indices: the sort in place */
		free(start);
		free(idx);
		heapsort_records(base, n, size);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const uint8_t *r = base + i * size;
		start[((unsigned)r[0] << 8 | r[1]) + 1]++;
	}
	for (size_t b = 0; b < BUCKETS; b++)
		start[b + 1] += start[b];
	/* start[b]: next free place of bucket b; afterwards, its end */
	for (size_t i = 0; i < n; i++) {
		const uint8_t *r = base + i * size;
		idx[start[(unsigned)r[0] << 8 | r[1]]++] = (uint32_t)i;
	}
	for (size_t b = 0, lo = 0; b < BUCKETS; b++) {
		sort_bucket(base, size, idx + lo, start[b] - lo);
		lo = start[b];
	}
	/* place k takes record idx[k]: follow each cycle once */
	for (size_t i = 0; i < n; i++) {
		if (idx[i] == i)
			continue;
		memcpy(tmp, base + i * size, size);
		size_t j = i;
		for (;;) {
			size_t k = idx[j];
			idx[j] = (uint32_t)j;
			if (k == i) {
				memcpy(base + j * size, tmp, size);
				break;
			}
			memcpy(base + j * size, base + k * size, size);
			j = k;
		}
	}
	free(start);
	free(idx);
	free(tmp);
}

/* ---- runs ---- */

int sweep_temp_fd(int *fd, const char *what, struct sweep_error *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];

	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(path, sizeof(path), "%s/certsweep-%s-XXXXXX", dir, what) >= (int)sizeof(path))
		return sweep_error_set(err, SWEEP_EIO, "TMPDIR is too long for a temporary file");
	*fd = mkstemp(path);
	if (*fd < 0)
		return sweep_error_set(err, SWEEP_EIO, "cannot create a temporary file in %s (TMPDIR): %s", dir,
				       strerror(errno));
	/* nothing to clean up later, whatever ends this process */
	unlink(path);
	return 0;
}

static int write_run(struct sweep_spill *sp, struct sweep_error *err)
{
	size_t bytes = sp->n * sp->rec_size, done = 0;
	int rc;

	if (sp->fd < 0 && (rc = sweep_temp_fd(&sp->fd, "spill", err)) != 0)
		return rc;
	struct sweep_spill_run *r = realloc(sp->runs, (sp->n_runs + 1) * sizeof(*r));
	if (!r)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	sp->runs = r;
	if (!sp->unordered)
		sort_records(sp->buf, sp->n, sp->rec_size);
	while (done < bytes) {
		ssize_t w = pwrite(sp->fd, sp->buf + done, bytes - done, (off_t)(sp->file_len + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return sweep_error_set(err, SWEEP_EIO,
					       "cannot write the serial-reuse temporary file (TMPDIR): %s; give TMPDIR "
					       "a file system with about %zu bytes per certificate free",
					       w < 0 ? strerror(errno) : "short write", sp->rec_size);
		done += (size_t)w;
	}
	memset(&sp->runs[sp->n_runs], 0, sizeof(sp->runs[0]));
	sp->runs[sp->n_runs].off = sp->file_len;
	sp->runs[sp->n_runs].end = sp->file_len + bytes;
	sp->n_runs++;
	sp->file_len += bytes;
	sp->n = 0;
	return 0;
}

int sweep_spill_add(struct sweep_spill *sp, const void *rec, struct sweep_error *err)
{
	if (!sp->buf) {
		sp->buf = malloc(sp->cap * sp->rec_size);
		if (!sp->buf)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	if (sp->n == sp->cap) {
		int rc = write_run(sp, err);
		if (rc)
			return rc;
	}
	memcpy(sp->buf + sp->n * sp->rec_size, rec, sp->rec_size);
	sp->n++;
	sp->total++;
	return 0;
}

/* Refill run r's read buffer: 0, 1 when the run is exhausted, or an error. */
static int refill(struct sweep_spill *sp, struct sweep_spill_run *r, struct sweep_error *err)
{
	if (r->off >= r->end)
		return 1;
	size_t want = sp->read_buffer / sp->rec_size * sp->rec_size;
	if (want == 0)
		want = sp->rec_size;
	if (want > r->end - r->off)
		want = (size_t)(r->end - r->off);
	size_t got = 0;
	while (got < want) {
		ssize_t n = pread(sp->fd, r->buf + got, want - got, (off_t)(r->off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return sweep_error_set(err, SWEEP_EIO, "cannot read the serial-reuse temporary file: %s",
					       n < 0 ? strerror(errno) : "file shorter than written");
		got += (size_t)n;
	}
	r->off += want;
	r->pos = 0;
	r->len = want;
	return 0;
}

static const uint8_t *head(const struct sweep_spill *sp, size_t run)
{
	return sp->runs[run].buf + sp->runs[run].pos;
}

static int heap_less(const struct sweep_spill *sp, size_t a, size_t b)
{
	int c = sp->unordered ? 0 : memcmp(head(sp, sp->heap[a]), head(sp, sp->heap[b]), sp->rec_size);
	/* equal records (or unordered): the earlier run first, so the order is stable */
	return c < 0 || (c == 0 && sp->heap[a] < sp->heap[b]);
}

static void heap_down(struct sweep_spill *sp, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < sp->n_heap && heap_less(sp, l, m))
			m = l;
		if (l + 1 < sp->n_heap && heap_less(sp, l + 1, m))
			m = l + 1;
		if (m == i)
			return;
		size_t t = sp->heap[i];
		sp->heap[i] = sp->heap[m];
		sp->heap[m] = t;
		i = m;
	}
}

int sweep_spill_sort(struct sweep_spill *sp, struct sweep_error *err)
{
	int rc;

	sp->merging = 1;
	sp->mem_pos = 0;
	if (sp->n_runs == 0) {
		/* it all fit in memory: no file at all */
		if (!sp->unordered)
			sort_records(sp->buf, sp->n, sp->rec_size);
		return 0;
	}
	if (sp->n && (rc = write_run(sp, err)) != 0)
		return rc;
	/* the buffer's memory goes to the runs' read buffers */
	free(sp->buf);
	sp->buf = NULL;
	sp->heap = calloc(sp->n_runs, sizeof(*sp->heap));
	if (!sp->heap)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	/* 64 KiB a run, less when there are many (a long history): ~4 MiB in all */
	sp->read_buffer = sp->n_runs <= 64 ? READ_BUFFER : ((size_t)4 << 20) / sp->n_runs;
	if (sp->read_buffer < 4096)
		sp->read_buffer = 4096;
	for (size_t i = 0; i < sp->n_runs; i++) {
		size_t sz = sp->read_buffer / sp->rec_size * sp->rec_size;
		if (sz == 0)
			sz = sp->rec_size;
		if (sz > sp->runs[i].end - sp->runs[i].off)
			sz = (size_t)(sp->runs[i].end - sp->runs[i].off);
		sp->runs[i].buf = malloc(sz);
		if (!sp->runs[i].buf)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		rc = refill(sp, &sp->runs[i], err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			sp->heap[sp->n_heap++] = i;
	}
	for (size_t i = sp->n_heap / 2; i-- > 0;)
		heap_down(sp, i);
	return 0;
}

int sweep_spill_next(struct sweep_spill *sp, const uint8_t **rec, struct sweep_error *err)
{
	if (!sp->merging)
		return sweep_error_set(err, SWEEP_EINVAL, "spill: read before sort");
	if (sp->n_runs == 0) {
		if (sp->mem_pos >= sp->n)
			return 1;
		*rec = sp->buf + sp->mem_pos++ * sp->rec_size;
		return 0;
	}
	/* the record handed out last time is consumed only now, so *rec stays valid until this call */
	if (sp->mem_pos) {
		struct sweep_spill_run *r = &sp->runs[sp->heap[0]];
		r->pos += sp->rec_size;
		if (r->pos >= r->len) {
			int rc = refill(sp, r, err);
			if (rc < 0)
				return rc;
			if (rc == 1)
				sp->heap[0] = sp->heap[--sp->n_heap];
		}
		if (sp->n_heap)
			heap_down(sp, 0);
	}
	if (sp->n_heap == 0) {
		sp->mem_pos = 0; /* nothing handed out: a call after the end stays at the end */
		return 1;
	}
	sp->mem_pos = 1;
	*rec = head(sp, sp->heap[0]);
	return 0;
}
