/* --jobs N: a reader, a bounded queue of batches, N judging workers; the
 * reader applies judged batches in row order, so outputs do not change. */
#include "scan.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


enum { BATCH_ROWS = 256 };
enum batch_state { BATCH_FREE, BATCH_QUEUED, BATCH_DONE };

struct batch {
	size_t n;
	struct sweep_row rows[BATCH_ROWS];
	size_t der_off[BATCH_ROWS], key_off[BATCH_ROWS];
	struct sweep_buf blob, keys; /* copies: a source's row memory lives only until its next row */
	struct row_verdict v[BATCH_ROWS];
	struct sweep_buf text;
	size_t *hits, hits_cap, n_hits;
	enum batch_state state;
	int rc;
	char pos[SWEEP_SOURCE_POSITION_MAX]; /* the source's position after the last row ("": none) */
};

struct pipeline {
	const struct sweep_audit_opts *o;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct batch *b;
	size_t nb;
	size_t *queue, qhead, qlen; /* batch indices waiting for a worker */
	int stop;
	pthread_t *threads;
	int nthreads;
};

static void judge_batch(struct pipeline *p, struct judge_ctx *ctx, struct batch *b)
{
	sweep_buf_reset(&b->text);
	b->n_hits = 0;
	b->rc = 0;
	for (size_t i = 0; i < b->n && !b->rc; i++)
		b->rc = scan_judge_row(p->o, ctx, &b->rows[i], &b->text, &b->hits, &b->hits_cap, &b->n_hits, &b->v[i]);
}

static void *worker_main(void *arg)
{
	struct pipeline *p = arg;
	struct judge_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	sweep_cert_init(&ctx.cert);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->qlen == 0)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->qlen == 0)
			break;
		size_t idx = p->queue[p->qhead];
		p->qhead = (p->qhead + 1) % p->nb;
		p->qlen--;
		pthread_mutex_unlock(&p->mu);
		judge_batch(p, &ctx, &p->b[idx]);
		pthread_mutex_lock(&p->mu);
		p->b[idx].state = BATCH_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	sweep_cert_release(&ctx.cert);
	sweep_buf_release(&ctx.details);
	return NULL;
}

static int pipeline_start(struct pipeline *p, const struct sweep_audit_opts *o, int workers)
{
	memset(p, 0, sizeof(*p));
	p->o = o;
	p->nb = (size_t)workers * 2;
	p->b = calloc(p->nb, sizeof(*p->b));
	p->queue = calloc(p->nb, sizeof(*p->queue));
	p->threads = calloc((size_t)workers, sizeof(*p->threads));
	if (!p->b || !p->queue || !p->threads)
		return SWEEP_ENOMEM;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	for (int i = 0; i < workers; i++) {
		if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0)
			return SWEEP_EIO;
		p->nthreads++;
	}
	return 0;
}

static void pipeline_stop(struct pipeline *p)
{
	if (p->b) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_broadcast(&p->work);
		pthread_mutex_unlock(&p->mu);
	}
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	if (p->b) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->work);
		pthread_cond_destroy(&p->done);
		for (size_t i = 0; i < p->nb; i++) {
			sweep_buf_release(&p->b[i].blob);
			sweep_buf_release(&p->b[i].keys);
			sweep_buf_release(&p->b[i].text);
			free(p->b[i].hits);
		}
	}
	free(p->b);
	free(p->queue);
	free(p->threads);
}

/* Whether batch idx is judged; the state is written by workers under the
 * mutex, so it is read under it too (ThreadSanitizer found the unlocked read). */
static int batch_done(struct pipeline *p, size_t idx)
{
	int done;

	pthread_mutex_lock(&p->mu);
	done = p->b[idx].state == BATCH_DONE;
	pthread_mutex_unlock(&p->mu);
	return done;
}

/* Wait for batch idx, then apply its rows in order. */
static int apply_batch(struct scan *s, struct pipeline *p, size_t idx, struct sweep_error *err)
{
	struct batch *b = &p->b[idx];
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	while (b->state != BATCH_DONE)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	if (b->rc)
		rc = sweep_error_set(err, b->rc, "out of memory judging rows");
	for (size_t i = 0; !rc && i < b->n; i++)
		rc = scan_apply_row(s, &b->rows[i], NULL, &b->v[i], sweep_buf_str(&b->text), b->hits, err);
	if (!rc && b->pos[0])
		scan_note_position(s, b->pos);
	pthread_mutex_lock(&p->mu);
	b->state = BATCH_FREE;
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* Read up to limit rows into b (copying them). 1 at the end, <0 on error. */
static int fill_batch(struct sweep_source *src, struct batch *b, size_t limit, struct sweep_error *err)
{
	struct sweep_row row;
	int rc = 0;

	b->n = 0;
	sweep_buf_reset(&b->blob);
	sweep_buf_reset(&b->keys);
	while (b->n < limit) {
		rc = sweep_source_next(src, &row, err);
		if (rc)
			break;
		b->rows[b->n] = row;
		b->der_off[b->n] = b->blob.len;
		sweep_buf_add(&b->blob, row.der, row.der_len);
		b->key_off[b->n] = SIZE_MAX;
		if (row.key) {
			b->key_off[b->n] = b->keys.len;
			sweep_buf_add(&b->keys, row.key, strlen(row.key) + 1);
		}
		b->n++;
	}
	if (b->blob.oom || b->keys.oom)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	/* where a checkpoint after this batch's last row resumes */
	b->pos[0] = '\0';
	if (b->n && src->index_order && src->ops->position && src->ops->position(src, b->pos, sizeof(b->pos)) != 0)
		b->pos[0] = '\0';
	/* the buffers stopped moving: point the rows at the copies */
	for (size_t i = 0; i < b->n; i++) {
		b->rows[i].der = (const uint8_t *)(b->blob.p ? b->blob.p : "") + b->der_off[i];
		b->rows[i].key = b->key_off[i] == SIZE_MAX ? NULL : b->keys.p + b->key_off[i];
	}
	return rc;
}

/* The main pass with worker threads: same rows, same order, same outputs. */
int scan_pipelined(struct scan *s, struct sweep_error *err)
{
	const struct sweep_run_opts *run = s->run;
	struct pipeline p;
	size_t head = 0, tail = 0, inflight = 0;
	/* a batch never spans more rows than a checkpoint interval, so a slow
	 * source still reaches its checkpoints */
	size_t limit = s->checkpointing && run->checkpoint_rows && run->checkpoint_rows < BATCH_ROWS
			       ? (size_t)run->checkpoint_rows
			       : BATCH_ROWS;
	int rc = pipeline_start(&p, s->o, run->workers), src_rc = 0;

	s->position_live = 0; /* batches are read ahead of the rows applied */

	if (rc) {
		pipeline_stop(&p);
		return sweep_error_set(err, rc, "cannot start %d worker threads", run->workers);
	}
	for (;;) {
		/* apply finished batches at the head, and make room when the queue is full */
		while (inflight && (inflight == p.nb || batch_done(&p, head))) {
			rc = apply_batch(s, &p, head, err);
			head = (head + 1) % p.nb;
			inflight--;
			/* every checkpoint interval, also when several batches are
			 * applied back to back (a source that reads ahead fills the
			 * queue faster than the workers empty it) */
			if (!rc)
				rc = scan_checkpoint_due(s, err);
			if (rc)
				goto out;
		}
		if (scan_interrupted(s))
			break;
		rc = scan_checkpoint_due(s, err);
		if (rc)
			goto out;
		struct batch *b = &p.b[tail];
		src_rc = fill_batch(s->src, b, limit, err);
		if (src_rc < 0 && b->n == 0)
			break;
		if (b->n) {
			pthread_mutex_lock(&p.mu);
			b->state = BATCH_QUEUED;
			p.queue[(p.qhead + p.qlen) % p.nb] = tail;
			p.qlen++;
			pthread_cond_signal(&p.work);
			pthread_mutex_unlock(&p.mu);
			tail = (tail + 1) % p.nb;
			inflight++;
		}
		if (src_rc)
			break;
	}
	/* every row read is applied before we stop, so a checkpoint covers it */
	while (inflight && !rc) {
		rc = apply_batch(s, &p, head, err);
		head = (head + 1) % p.nb;
		inflight--;
		if (!rc && !scan_interrupted(s))
			rc = scan_checkpoint_due(s, err);
	}
	s->position_live = 1;
	if (!rc && src_rc < 0)
		rc = src_rc;
	/* a batch may end between two rows of one id: read on to the last twin */
	if (!rc && !src_rc && s->run->interrupted && *s->run->interrupted)
		rc = scan_finish_twins(s, err);
	if (!rc && scan_interrupted(s))
		rc = scan_interrupt(s, 0, err);
out:
	pipeline_stop(&p);
	return rc;
}
