/* Progress on stderr, only when it is a terminal, at most 4 times a second. */
#ifndef CERTSWEEP_PROGRESS_H
#define CERTSWEEP_PROGRESS_H

#include <stdint.h>

struct sweep_progress {
	int enabled;
	int64_t estimate;
	double start, last;
	int shown;
};

void sweep_progress_init(struct sweep_progress *p, int enabled, int64_t estimate);
void sweep_progress_tick(struct sweep_progress *p, uint64_t rows, uint64_t affected);
void sweep_progress_done(struct sweep_progress *p);
/* As tick, without the every-1024-rows shortcut (callers that poll). */
void sweep_progress_force(struct sweep_progress *p, uint64_t rows, uint64_t affected);

#endif
