/* The --files read-ahead (see files_ahead.h). */
#include "files_ahead.h"

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
		sweep_files_load(sl, &a->dc, a->keeper, a->keep, a->paths[i]);
		atomic_fetch_add(&a->bytes, sl->len);
		atomic_store(&a->fill, ++i);
		/* a consumer that waits is woken once a few files are ready (not
		 * once per file while the thread catches up), at the end, or
		 * when the thread is about to sleep */
		if (atomic_load(&a->consumer_sleeps) && (i - atomic_load(&a->take) >= AHEAD_WAKE || i >= a->end ||
							 !ahead_room(a, i, AHEAD_SLOTS, AHEAD_BYTES)))
			wake(&a->mu, &a->cv_consumer);
	}
	return NULL;
}

void sweep_files_ahead_stop(struct ahead *a)
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

void sweep_files_ahead_start(struct ahead *a, char *const *paths, size_t from, size_t end, struct keeper *keeper,
			     int keep)
{
	sweep_files_ahead_stop(a);
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

void sweep_files_ahead_take(struct ahead *a, size_t i, struct loaded *l)
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
	sweep_files_loaded_swap(l, &a->slot[i % AHEAD_SLOTS]);
	/* the file given now counts until the next is taken: a huge file in
	 * the consumer's hands keeps the thread from reading another */
	atomic_fetch_sub(&a->bytes, a->held);
	a->held = l->len;
	atomic_store(&a->take, i + 1);
	ahead_nudge(a);
}

void sweep_files_ahead_release(struct ahead *a)
{
	sweep_files_ahead_stop(a);
	for (size_t k = 0; k < AHEAD_SLOTS; k++)
		sweep_files_loaded_release(&a->slot[k]);
	sweep_files_dir_cache_release(&a->dc);
	pthread_cond_destroy(&a->cv_consumer);
	pthread_cond_destroy(&a->cv_reader);
	pthread_mutex_destroy(&a->mu);
}

int sweep_files_ahead_init(struct ahead *a)
{
	a->dc.fd = -1;
	if (pthread_mutex_init(&a->mu, NULL) != 0)
		return -1;
	if (pthread_cond_init(&a->cv_reader, NULL) != 0) {
		pthread_mutex_destroy(&a->mu);
		return -1;
	}
	if (pthread_cond_init(&a->cv_consumer, NULL) != 0) {
		pthread_cond_destroy(&a->cv_reader);
		pthread_mutex_destroy(&a->mu);
		return -1;
	}
	return 0;
}
