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

void cli_progress_init(struct cli_progress *p, int mode)
{
	/* --progress asks for it even when stderr is a file (a CI log) */
	p->enabled = mode == CLI_PROGRESS_ALWAYS || (mode == CLI_PROGRESS_TTY && isatty(STDERR_FILENO));
	p->start = p->last = now_s();
	p->shown = 0;
}

void cli_progress_cb(const struct sweep_progress_info *info, void *payload)
{
	struct cli_progress *p = payload;

	if (!p->enabled)
		return;
	if (info->done) {
		if (p->shown)
			fputc('\n', stderr);
		p->shown = 0;
		return;
	}
	double t = now_s();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	double rate = (double)info->rows / (t - p->start);
	fprintf(stderr, "\r%llu certificates, %.0f/s", (unsigned long long)info->rows, rate);
	if (info->affected != UINT64_MAX)
		fprintf(stderr, ", %llu affected serials", (unsigned long long)info->affected);
	if (info->estimate > 0 && (double)info->estimate > (double)info->rows && rate > 0) {
		double eta = ((double)info->estimate - (double)info->rows) / rate;
		fprintf(stderr, ", ETA %02d:%02d:%02d", (int)(eta / 3600), (int)(eta / 60) % 60, (int)eta % 60);
	}
	fputc(' ', stderr);
	p->shown = 1;
}
