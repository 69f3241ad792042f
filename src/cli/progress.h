/* Progress on stderr, at most 4 times a second: the library reports through
 * a callback (struct sweep_run_opts.progress), the CLI prints. */
#ifndef CERTSWEEP_CLI_PROGRESS_H
#define CERTSWEEP_CLI_PROGRESS_H

#include "certsweep/audit.h"

struct cli_progress {
	int enabled;
	double start, last;
	int shown;
};

enum { CLI_PROGRESS_NEVER = 0, CLI_PROGRESS_TTY = 1, CLI_PROGRESS_ALWAYS = 2 };

void cli_progress_init(struct cli_progress *p, int mode);
/* A sweep_progress_cb; payload is the struct cli_progress. */
void cli_progress_cb(const struct sweep_progress_info *info, void *payload);

#endif
