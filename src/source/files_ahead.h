/* The --files read-ahead: a thread that loads the next files in order
 * (sweep_files_load) while the pass judges the ones before. Private to
 * src/source. */
#ifndef CERTSWEEP_SOURCE_FILES_AHEAD_H
#define CERTSWEEP_SOURCE_FILES_AHEAD_H

#include "files_load.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

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
	size_t end;		     /* files [.., end) */
	_Atomic size_t fill;	     /* the next file the thread reads */
	_Atomic size_t take;	     /* the next file the consumer takes */
	_Atomic size_t bytes;	     /* octets in read slots and in the file the consumer holds */
	size_t held;		     /* octets of the file the consumer holds (its last taken) */
	_Atomic int reader_sleeps;   /* the thread waits for room */
	_Atomic int consumer_sleeps; /* the consumer waits for file take */
	_Atomic int stop;
	struct keeper *keeper;
	int keep;			 /* the files are the first pass's: kept */
	struct dir_cache dc;		 /* the thread's own */
	struct loaded slot[AHEAD_SLOTS]; /* swapped with the consumer's when taken */
};

/* The mutex and conditions; -1 when they cannot be made (then nothing
 * reads ahead). */
int sweep_files_ahead_init(struct ahead *a);
/* Start loading files [from, end) of paths ahead (keep: into keeper, which
 * is the thread's until it stops); when no thread can be made, it is not
 * running and the consumer loads for itself. */
void sweep_files_ahead_start(struct ahead *a, char *const *paths, size_t from, size_t end, struct keeper *keeper,
			     int keep);
void sweep_files_ahead_stop(struct ahead *a);
/* File i (the next to take), loaded by the thread, swapped into *l. */
void sweep_files_ahead_take(struct ahead *a, size_t i, struct loaded *l);
void sweep_files_ahead_release(struct ahead *a);

#endif
