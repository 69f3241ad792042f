#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sweep_progress_init(struct sweep_progress *p, int enabled, int64_t estimate)
{
	p->enabled = enabled && isatty(STDERR_FILENO);
	p->estimate = estimate;
	p->start = p->last = now_s();
	p->shown = 0;
}

void sweep_progress_tick(struct sweep_progress *p, uint64_t rows, uint64_t affected)
{
	if (!p->enabled || (rows & 1023) != 0)
		return;
	sweep_progress_force(p, rows, affected);
}

void sweep_progress_force(struct sweep_progress *p, uint64_t rows, uint64_t affected)
{
	if (!p->enabled)
		return;
	double t = now_s();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	double rate = (double)rows / (t - p->start);
	if (affected == UINT64_MAX) { /* --jobs: the workers' serials are known only at the merge */
		fprintf(stderr, "\r%llu certificates, %.0f/s ", (unsigned long long)rows, rate);
		p->shown = 1;
		return;
	}
	if (p->estimate > 0 && (double)p->estimate > (double)rows && rate > 0) {
		double eta = ((double)p->estimate - (double)rows) / rate;
		fprintf(stderr, "\r%llu certificates, %.0f/s, %llu affected serials, ETA %02d:%02d:%02d ",
			(unsigned long long)rows, rate, (unsigned long long)affected, (int)(eta / 3600),
			(int)(eta / 60) % 60, (int)eta % 60);
	} else {
		fprintf(stderr, "\r%llu certificates, %.0f/s, %llu affected serials ", (unsigned long long)rows,
			rate, (unsigned long long)affected);
	}
	p->shown = 1;
}

void sweep_progress_done(struct sweep_progress *p)
{
	if (p->shown)
		fputc('\n', stderr);
	p->shown = 0;
}
