/* The affected set past its memory budget (--memory-limit, issue #17).
 *
 * When the set holds more than its budget, every group in memory is written
 * to an unlinked temporary file as a run sorted by key (issuer, key
 * identity, serial) and freed; the scan goes on with an empty set, so a
 * serial may now have fragments in several runs and in memory. A Bloom
 * filter of the spilled serials lets a later sibling (a certificate that
 * only shares an affected serial) start a fragment of its own; a fragment
 * in which no certificate matched is dropped once folded (it was the
 * filter's false positive). At the end (sweep_affected_drain) the runs are
 * merged in key order, each serial's fragments folded in the order they
 * were made, and the whole groups handed on in batches (the revocation and
 * CRL joins) to a second sort, by output order, whose runs the sinks read
 * back through sweep_groups_next. Memory: the budget, the filter (~2.4 MiB a million spilled serials),
 * and a read buffer per run. Runs hold groups as in memory, the interned
 * issuer as its pointer: a run is read by the process that wrote it. */
#include "certsweep/affected.h"

#include "certsweep/buf.h"
#include "certsweep/corpus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WRITE_CHUNK ((size_t)1 << 20)
#define READ_CHUNK ((size_t)64 << 10)
/* The filter of spilled serials is a chain of Bloom filters (a scalable
 * Bloom filter): 14 bits and 7 probes a serial (~0.16% false positives
 * each), the first of 1 MiB, each next one twice the size once the last is
 * full; ~2.4 MiB a million serials on disk, however many there are. */
#define BLOOM_FIRST_BITS ((uint64_t)1 << 23)
#define BLOOM_BITS_PER_KEY 14
#define BLOOM_K 7
#define BLOOM_MAX 40

/* ---- one group as bytes ---- */

static void put_u32(struct sweep_buf *b, uint32_t v)
{
	sweep_buf_add(b, &v, sizeof(v));
}

static void put_str(struct sweep_buf *b, const char *s)
{
	if (!s) {
		put_u32(b, UINT32_MAX);
		return;
	}
	size_t n = strlen(s);
	put_u32(b, (uint32_t)n);
	sweep_buf_add(b, s, n);
}

/* Append g as [u32 length][the group struct][serial][subject][dNSNames]
 * [conflict][members][each member's two strings][lint hits]. */
static void pack(struct sweep_buf *b, const struct sweep_group *g)
{
	size_t at = b->len;

	put_u32(b, 0);
	sweep_buf_add(b, g, sizeof(*g));
	sweep_buf_add(b, g->serial, g->serial_len);
	put_str(b, g->subject);
	put_str(b, g->dns_names);
	put_str(b, g->rev_conflict);
	if (g->n_members)
		sweep_buf_add(b, g->members, g->n_members * sizeof(*g->members));
	for (size_t i = 0; i < g->n_members; i++) {
		put_str(b, g->members[i].subject);
		put_str(b, g->members[i].dns_names);
	}
	if (g->n_lint_hits)
		sweep_buf_add(b, g->lint_hits, g->n_lint_hits * sizeof(*g->lint_hits));
	if (!b->oom) {
		uint32_t len = (uint32_t)(b->len - at - 4);
		memcpy(b->p + at, &len, 4);
	}
}

struct reader {
	const uint8_t *p;
	size_t left;
	int bad;
};

static const void *take(struct reader *r, size_t n)
{
	if (r->bad || n > r->left) {
		r->bad = 1;
		return NULL;
	}
	const void *p = r->p;
	r->p += n;
	r->left -= n;
	return p;
}

static int get_str(struct reader *r, char **out)
{
	uint32_t n;
	const void *p = take(r, 4);

	*out = NULL;
	if (!p)
		return -1;
	memcpy(&n, p, 4);
	if (n == UINT32_MAX)
		return 0;
	p = take(r, n);
	if (!p || !(*out = malloc((size_t)n + 1)))
		return -1;
	memcpy(*out, p, n);
	(*out)[n] = 0;
	return 0;
}

/* The group packed in p[0..len) (its length word already read). */
static struct sweep_group *unpack(const uint8_t *p, size_t len)
{
	struct reader r = { p, len, 0 };
	struct sweep_group tmp, *g;
	const void *q = take(&r, sizeof(tmp));

	if (!q)
		return NULL;
	memcpy(&tmp, q, sizeof(tmp));
	const void *serial = take(&r, tmp.serial_len);
	if (!serial || !(g = malloc(sizeof(*g) + tmp.serial_len)))
		return NULL;
	*g = tmp;
	g->serial = (uint8_t *)(g + 1);
	memcpy(g->serial, serial, tmp.serial_len);
	g->subject = g->dns_names = g->rev_conflict = NULL;
	g->members = NULL;
	g->lint_hits = NULL;
	size_t n_members = g->n_members, n_hits = g->n_lint_hits;
	g->n_members = g->n_lint_hits = 0;
	int bad = get_str(&r, &g->subject) || get_str(&r, &g->dns_names) || get_str(&r, &g->rev_conflict);
	if (!bad && n_members) {
		q = take(&r, n_members * sizeof(*g->members));
		if (!q || !(g->members = malloc(n_members * sizeof(*g->members)))) {
			bad = 1;
		} else {
			memcpy(g->members, q, n_members * sizeof(*g->members));
			for (size_t i = 0; i < n_members; i++)
				g->members[i].subject = g->members[i].dns_names = NULL;
			g->n_members = n_members;
			for (size_t i = 0; !bad && i < n_members; i++)
				bad = get_str(&r, &g->members[i].subject) || get_str(&r, &g->members[i].dns_names);
		}
	}
	if (!bad && n_hits) {
		q = take(&r, n_hits * sizeof(*g->lint_hits));
		if (!q || !(g->lint_hits = malloc(n_hits * sizeof(*g->lint_hits))))
			bad = 1;
		else {
			memcpy(g->lint_hits, q, n_hits * sizeof(*g->lint_hits));
			g->n_lint_hits = n_hits;
		}
	}
	if (bad || r.left) {
		sweep_group_free(g);
		return NULL;
	}
	return g;
}

/* ---- runs of groups in a temporary file ---- */

struct group_run {
	uint64_t off, end;
};

struct sweep_group_runs {
	int fd;
	uint64_t file_len;
	struct group_run *runs;
	size_t n_runs;
	sweep_group_cmp cmp;
	size_t groups; /* written */
};

int sweep_group_runs_new(struct sweep_group_runs **out, sweep_group_cmp cmp, struct sweep_error *err)
{
	struct sweep_group_runs *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	r->fd = -1;
	r->cmp = cmp;
	*out = r;
	return 0;
}

void sweep_group_runs_free(struct sweep_group_runs *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	free(r->runs);
	free(r);
}

size_t sweep_group_runs_count(const struct sweep_group_runs *r)
{
	return r ? r->n_runs : 0;
}

static int write_all(struct sweep_group_runs *r, const uint8_t *p, size_t n, struct sweep_error *err)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = pwrite(r->fd, p + done, n - done, (off_t)(r->file_len + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return sweep_error_set(err, SWEEP_EIO,
					       "cannot write the affected set's temporary file (TMPDIR): %s; give TMPDIR "
					       "more room, or raise --memory-limit",
					       w < 0 ? strerror(errno) : "short write");
		done += (size_t)w;
	}
	r->file_len += n;
	return 0;
}

int sweep_group_runs_write(struct sweep_group_runs *r, struct sweep_group **gs, size_t n, struct sweep_error *err)
{
	struct sweep_buf b = SWEEP_BUF_INIT;
	int rc = 0;

	if (n == 0)
		return 0;
	if (r->fd < 0 && (rc = sweep_temp_fd(&r->fd, "affected", err)) != 0)
		return rc;
	struct group_run *runs = realloc(r->runs, (r->n_runs + 1) * sizeof(*runs));
	if (!runs)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	r->runs = runs;
	qsort(gs, n, sizeof(*gs), r->cmp);
	uint64_t start = r->file_len;
	for (size_t i = 0; !rc && i < n; i++) {
		pack(&b, gs[i]);
		if (b.oom)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		else if (b.len >= WRITE_CHUNK || i + 1 == n) {
			rc = write_all(r, (const uint8_t *)b.p, b.len, err);
			sweep_buf_reset(&b);
		}
	}
	sweep_buf_release(&b);
	if (rc)
		return rc;
	r->runs[r->n_runs].off = start;
	r->runs[r->n_runs].end = r->file_len;
	r->n_runs++;
	r->groups += n;
	return 0;
}

/* ---- reading runs back, merged ---- */

struct merge_run {
	uint64_t off, end; /* unread bytes of the file */
	uint8_t *buf;
	size_t pos, len, cap, chunk;
	struct sweep_group *head;
};

struct sweep_group_merge {
	const struct sweep_group_runs *r;
	struct merge_run *runs;
	size_t *heap, n_heap;
};

/* The next group of run m into m->head (NULL at its end): 0 or an error. */
static int advance(const struct sweep_group_runs *r, struct merge_run *m, struct sweep_error *err)
{
	uint32_t len;

	m->head = NULL;
	for (;;) {
		size_t have = m->len - m->pos;
		if (have >= 4) {
			memcpy(&len, m->buf + m->pos, 4);
			if (have >= 4 + (size_t)len)
				break;
		}
		if (m->off >= m->end) {
			if (have)
				return sweep_error_set(err, SWEEP_EIO, "the affected set's temporary file ends inside a group");
			return 0;
		}
		/* keep what is left, then read more (a group longer than the buffer grows it) */
		if (have)
			memmove(m->buf, m->buf + m->pos, have);
		m->pos = 0;
		m->len = have;
		size_t want = m->chunk;
		if (have >= 4 && 4 + (size_t)len > want)
			want = 4 + (size_t)len;
		if (want > m->cap) {
			uint8_t *nb = realloc(m->buf, want);
			if (!nb)
				return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			m->buf = nb;
			m->cap = want;
		}
		size_t room = m->cap - m->len;
		if (room > m->end - m->off)
			room = (size_t)(m->end - m->off);
		while (room) {
			ssize_t n = pread(r->fd, m->buf + m->len, room, (off_t)m->off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return sweep_error_set(err, SWEEP_EIO, "cannot read the affected set's temporary file: %s",
						       n < 0 ? strerror(errno) : "file shorter than written");
			m->len += (size_t)n;
			m->off += (uint64_t)n;
			room -= (size_t)n;
		}
	}
	m->head = unpack(m->buf + m->pos + 4, len);
	if (!m->head)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading the affected set's temporary file");
	m->pos += 4 + (size_t)len;
	return 0;
}

/* Heap order: the comparator, then the run (earlier runs first: a serial's
 * fragments come out in the order they were written). */
static int less(const struct sweep_group_merge *mg, size_t a, size_t b)
{
	int c = mg->r->cmp(&mg->runs[a].head, &mg->runs[b].head);
	return c ? c < 0 : a < b;
}

static void sift_down(struct sweep_group_merge *mg, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, best = i;
		if (l < mg->n_heap && less(mg, mg->heap[l], mg->heap[best]))
			best = l;
		if (l + 1 < mg->n_heap && less(mg, mg->heap[l + 1], mg->heap[best]))
			best = l + 1;
		if (best == i)
			return;
		size_t t = mg->heap[i];
		mg->heap[i] = mg->heap[best];
		mg->heap[best] = t;
		i = best;
	}
}

void sweep_group_merge_end(struct sweep_group_merge *mg)
{
	if (!mg)
		return;
	for (size_t i = 0; mg->r && i < mg->r->n_runs; i++) {
		free(mg->runs[i].buf);
		sweep_group_free(mg->runs[i].head);
	}
	free(mg->runs);
	free(mg->heap);
	free(mg);
}

int sweep_group_merge_begin(struct sweep_group_merge **out, const struct sweep_group_runs *r, struct sweep_error *err)
{
	struct sweep_group_merge *mg = calloc(1, sizeof(*mg));
	size_t n = r->n_runs;
	int rc = 0;

	*out = NULL;
	if (!mg)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	mg->r = r;
	mg->runs = calloc(n ? n : 1, sizeof(*mg->runs));
	mg->heap = calloc(n ? n : 1, sizeof(*mg->heap));
	if (!mg->runs || !mg->heap) {
		sweep_group_merge_end(mg);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	/* a read buffer per run: 64 KiB, smaller when there are many runs (a
	 * small --memory-limit over a large history), so that the buffers stay
	 * near 4 MiB in all */
	size_t chunk = n <= 64 ? READ_CHUNK : ((size_t)4 << 20) / n;
	if (chunk < 4096)
		chunk = 4096;
	for (size_t i = 0; !rc && i < n; i++) {
		mg->runs[i].off = r->runs[i].off;
		mg->runs[i].end = r->runs[i].end;
		mg->runs[i].chunk = chunk;
		rc = advance(r, &mg->runs[i], err);
		if (!rc && mg->runs[i].head)
			mg->heap[mg->n_heap++] = i;
	}
	if (rc) {
		sweep_group_merge_end(mg);
		return rc;
	}
	for (size_t i = mg->n_heap / 2; i-- > 0;)
		sift_down(mg, i);
	*out = mg;
	return 0;
}

int sweep_group_merge_next(struct sweep_group_merge *mg, struct sweep_group **g, struct sweep_error *err)
{
	*g = NULL;
	if (mg->n_heap == 0)
		return 1;
	struct merge_run *m = &mg->runs[mg->heap[0]];
	*g = m->head;
	m->head = NULL;
	int rc = advance(mg->r, m, err);
	if (rc) {
		sweep_group_free(*g);
		*g = NULL;
		return rc;
	}
	if (!m->head)
		mg->heap[0] = mg->heap[--mg->n_heap];
	sift_down(mg, 0);
	return 0;
}

/* ---- the set's spill ---- */

struct sweep_affected_spill {
	struct sweep_group_runs *runs; /* by key */
	struct bloom {
		uint64_t *bits;
		uint64_t n_bits, n, capacity;
	} bloom[BLOOM_MAX]; /* over the spilled serials; n_bloom in use */
	size_t n_bloom;
	/* test hook CERTSWEEP_SPILL_FILTER_ALL=1: the filter says "maybe" to
	 * every serial, so that tests see a fragment for every sibling-shaped
	 * row (its false positives, which drain must drop) */
	int say_all;
	/* what the pairing pass needs of the spilled groups that lacked a
	 * precertificate or a final certificate when written */
	struct sweep_pairing_bounds incomplete;
};

/* Key order: what slot() in affected.c compares, the hash first. */
int sweep_group_key_order(const void *p, const void *q)
{
	const struct sweep_group *x = *(struct sweep_group *const *)p, *y = *(struct sweep_group *const *)q;
	const struct sweep_issuer_id *xi = x->iss, *yi = y->iss;
	int c;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->serial_len != y->serial_len)
		return x->serial_len < y->serial_len ? -1 : 1;
	if ((c = memcmp(x->serial, y->serial, x->serial_len)) != 0)
		return c;
	if (xi->der_len != yi->der_len)
		return xi->der_len < yi->der_len ? -1 : 1;
	if ((c = memcmp(xi->der, yi->der, xi->der_len)) != 0)
		return c;
	if (xi->kid_len != yi->kid_len)
		return xi->kid_len < yi->kid_len ? -1 : 1;
	return xi->kid_len ? memcmp(xi->kid, yi->kid, xi->kid_len) : 0;
}

uint64_t sweep_serial_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	h ^= h >> 29;
	return h ? h : 1;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Add h to the chain (0, or SWEEP_ENOMEM). */
static int bloom_add(struct sweep_affected_spill *sp, uint64_t h)
{
	struct bloom *f = sp->n_bloom ? &sp->bloom[sp->n_bloom - 1] : NULL;

	if ((!f || f->n >= f->capacity) && sp->n_bloom < BLOOM_MAX) {
		uint64_t n_bits = f ? f->n_bits * 2 : BLOOM_FIRST_BITS;
		/* test hook CERTSWEEP_SPILL_FILTER_BITS=2^N: a small first filter, so
		 * that a test grows the chain with a few thousand serials */
		const char *hook = f ? NULL : getenv("CERTSWEEP_SPILL_FILTER_BITS");
		unsigned long long hb = hook ? strtoull(hook, NULL, 10) : 0;
		if (hb >= 1024 && (hb & (hb - 1)) == 0)
			n_bits = hb;
		struct bloom *nf = &sp->bloom[sp->n_bloom];
		nf->bits = calloc(n_bits / 64, sizeof(uint64_t));
		if (!nf->bits)
			return SWEEP_ENOMEM;
		nf->n_bits = n_bits;
		nf->n = 0;
		nf->capacity = n_bits / BLOOM_BITS_PER_KEY;
		sp->n_bloom++;
		f = nf;
	}
	uint64_t a = mix(h), b = mix(a) | 1;
	for (int i = 0; i < BLOOM_K; i++) {
		uint64_t bit = (a + (uint64_t)i * b) & (f->n_bits - 1);
		f->bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
	}
	f->n++;
	return 0;
}

static int bloom_has(const struct sweep_affected_spill *sp, uint64_t h)
{
	uint64_t a = mix(h), b = mix(a) | 1;

	for (size_t k = 0; k < sp->n_bloom; k++) {
		const struct bloom *f = &sp->bloom[k];
		int i = 0;
		for (; i < BLOOM_K; i++) {
			uint64_t bit = (a + (uint64_t)i * b) & (f->n_bits - 1);
			if (!(f->bits[bit >> 6] & ((uint64_t)1 << (bit & 63))))
				break;
		}
		if (i == BLOOM_K)
			return 1;
	}
	return 0;
}

int sweep_affected_spilled(const struct sweep_affected *set)
{
	return set->spill != NULL;
}

size_t sweep_affected_spilled_groups(const struct sweep_affected *set)
{
	return set->spill ? set->spill->runs->groups : 0;
}

int sweep_affected_over_budget(const struct sweep_affected *set)
{
	return set->budget && set->bytes > set->budget && set->n;
}

int sweep_affected_maybe_spilled(const struct sweep_affected *set, const uint8_t *serial, size_t serial_len)
{
	return set->spill && (set->spill->say_all || bloom_has(set->spill, sweep_serial_hash(serial, serial_len)));
}

const struct sweep_pairing_bounds *sweep_affected_spilled_incomplete(const struct sweep_affected *set)
{
	return set->spill ? &set->spill->incomplete : NULL;
}

int sweep_affected_spill(struct sweep_affected *set, struct sweep_error *err)
{
	struct sweep_affected_spill *sp = set->spill;
	int rc;

	if (set->n == 0)
		return 0;
	if (!sp) {
		sp = calloc(1, sizeof(*sp));
		if (!sp)
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		if (sweep_group_runs_new(&sp->runs, sweep_group_key_order, err)) {
			free(sp);
			return SWEEP_ENOMEM;
		}
		const char *all = getenv("CERTSWEEP_SPILL_FILTER_ALL");
		sp->say_all = all && strcmp(all, "1") == 0;
		set->spill = sp;
	}
	struct sweep_group **gs = malloc(set->n * sizeof(*gs));
	size_t k = 0;
	if (!gs)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->cap; i++)
		if (set->slots[i])
			gs[k++] = set->slots[i];
	for (size_t i = 0; i < k; i++) {
		if (bloom_add(sp, sweep_serial_hash(gs[i]->serial, gs[i]->serial_len)) || sweep_pairing_bounds_note(&sp->incomplete, gs[i])) {
			free(gs);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
	}
	rc = sweep_group_runs_write(sp->runs, gs, k, err);
	if (!rc) {
		for (size_t i = 0; i < k; i++)
			sweep_group_free(gs[i]);
		/* the slot array goes too: it is sized for the set just written */
		free(set->slots);
		set->slots = NULL;
		set->cap = set->n = 0;
		set->bytes = 0;
		set->spills++;
	}
	free(gs);
	return rc;
}

void sweep_affected_spill_release(struct sweep_affected *set)
{
	struct sweep_affected_spill *sp = set->spill;

	if (!sp)
		return;
	sweep_group_runs_free(sp->runs);
	for (size_t i = 0; i < sp->n_bloom; i++)
		free(sp->bloom[i].bits);
	sweep_pairing_bounds_release(&sp->incomplete);
	free(sp);
	set->spill = NULL;
}

/* Fold fragment g of dst's serial (written later) into dst, keeping the
 * counts exact: a certificate counted as matched in two fragments (a
 * corpus check's match of a certificate whose earlier match was spilled)
 * is counted once. */
static int fold_fragment(struct sweep_group *dst, struct sweep_group *g, uint64_t *double_counted)
{
	for (size_t i = 0; i < g->n_members; i++) {
		struct sweep_member *b = &g->members[i];
		for (size_t j = 0; j < dst->n_members; j++) {
			struct sweep_member *a = &dst->members[j];
			if (memcmp(a->sha256, b->sha256, 32) != 0)
				continue;
			if (a->failed && b->failed && (a->tentative || b->tentative))
				(*double_counted)++;
			/* the surviving count's origin */
			int t = (a->failed ? a->tentative : 1) && (b->failed ? b->tentative : 1) && (a->failed || b->failed);
			a->tentative = b->tentative = (uint8_t)t;
			break;
		}
	}
	/* a fragment made for a sibling (no match of its own) gives no issuer
	 * ref or first id: those are the matching certificate's */
	int64_t ref = dst->issuer_ref;
	int dst_matched = dst->first_id != INT64_MAX;
	int rc = sweep_group_fold(dst, g);
	if (dst_matched)
		dst->issuer_ref = ref;
	else
		dst->issuer_ref = g->issuer_ref;
	return rc;
}

#define DRAIN_BATCH 4096

int sweep_affected_drain(struct sweep_affected *set, const struct sweep_affected_drain_hooks *hooks,
			 struct sweep_group_runs **out, size_t *n_out, struct sweep_error *err)
{
	struct sweep_group_merge *mg = NULL;
	struct sweep_group_runs *sorted = NULL;
	struct sweep_group **batch = NULL, **mem = NULL, *cur = NULL, *g = NULL;
	size_t n_batch = 0, n_mem = 0, cap_mem = 0, mem_bytes = 0;
	int rc;

	*out = NULL;
	*n_out = 0;
	/* what is still in memory is the last run */
	rc = sweep_affected_spill(set, err);
	if (!rc)
		rc = sweep_group_runs_new(&sorted, sweep_group_order, err);
	if (!rc)
		rc = sweep_group_merge_begin(&mg, set->spill->runs, err);
	if (!rc && !(batch = malloc(DRAIN_BATCH * sizeof(*batch))))
		rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (int end = 0; !rc && !end;) {
		rc = sweep_group_merge_next(mg, &g, err);
		if (rc < 0)
			break;
		end = rc == 1;
		rc = 0;
		if (cur && g && sweep_group_key_order(&cur, &g) == 0) {
			rc = fold_fragment(cur, g, hooks->double_counted);
			sweep_group_free(g);
			g = NULL;
			if (rc)
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			continue;
		}
		/* cur is whole */
		if (cur && !sweep_group_matched(cur)) {
			sweep_group_free(cur); /* a sibling of no affected serial (the filter's false positive) */
			cur = NULL;
		}
		if (cur) {
			batch[n_batch++] = cur;
			cur = NULL;
		}
		cur = g;
		g = NULL;
		if (n_batch == DRAIN_BATCH || (end && n_batch)) {
			if (hooks->batch)
				rc = hooks->batch(batch, n_batch, hooks->arg, err);
			for (size_t i = 0; i < n_batch; i++) {
				struct sweep_group *b = batch[i];
				batch[i] = NULL;
				if (rc) {
					sweep_group_free(b);
					continue;
				}
				for (size_t m = 0; m < b->n_members; m++)
					b->members[m].tentative = 0;
				qsort(b->members, b->n_members, sizeof(*b->members), sweep_member_order);
				if (n_mem == cap_mem) {
					size_t ncap = cap_mem ? cap_mem * 2 : 1024;
					struct sweep_group **p = realloc(mem, ncap * sizeof(*p));
					if (!p) {
						rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
						sweep_group_free(b);
						continue;
					}
					mem = p;
					cap_mem = ncap;
				}
				mem[n_mem++] = b;
				mem_bytes += sweep_group_bytes(b);
				(*n_out)++;
			}
			n_batch = 0;
			if (!rc && set->budget && mem_bytes > set->budget) {
				rc = sweep_group_runs_write(sorted, mem, n_mem, err);
				for (size_t i = 0; i < n_mem; i++)
					sweep_group_free(mem[i]);
				n_mem = 0;
				mem_bytes = 0;
			}
		}
	}
	sweep_group_free(cur);
	sweep_group_free(g);
	for (size_t i = 0; i < n_batch; i++)
		sweep_group_free(batch[i]);
	free(batch);
	sweep_group_merge_end(mg);
	sweep_affected_spill_release(set);
	if (!rc)
		rc = sweep_group_runs_write(sorted, mem, n_mem, err);
	for (size_t i = 0; i < n_mem; i++)
		sweep_group_free(mem[i]);
	free(mem);
	if (rc) {
		sweep_group_runs_free(sorted);
		*n_out = 0;
		return rc;
	}
	*out = sorted;
	return 0;
}

/* ---- the result, in output order, from memory or from runs ---- */

void sweep_groups_begin(struct sweep_groups_it *it, const struct sweep_group *const *groups, size_t n,
			const struct sweep_group_runs *runs)
{
	memset(it, 0, sizeof(*it));
	it->groups = groups;
	it->n = n;
	it->runs = runs;
}

const struct sweep_group *sweep_groups_next(struct sweep_groups_it *it)
{
	if (!it->runs)
		return it->i < it->n ? it->groups[it->i++] : NULL;
	sweep_group_free(it->cur);
	it->cur = NULL;
	if (it->rc)
		return NULL;
	if (!it->merge && (it->rc = sweep_group_merge_begin(&it->merge, it->runs, &it->err)) != 0)
		return NULL;
	int rc = sweep_group_merge_next(it->merge, &it->cur, &it->err);
	if (rc < 0)
		it->rc = rc;
	it->i += rc == 0;
	return rc == 0 ? it->cur : NULL;
}

int sweep_groups_end(struct sweep_groups_it *it, struct sweep_error *err)
{
	int rc = it->rc;

	sweep_group_free(it->cur);
	it->cur = NULL;
	sweep_group_merge_end(it->merge);
	it->merge = NULL;
	if (rc && err)
		sweep_error_set(err, rc, "%s", it->err.msg);
	return rc;
}
