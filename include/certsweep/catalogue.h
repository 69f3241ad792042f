/* The lint catalogue's second table: requirements the reference linters
 * (zlint, pkilint) check that certsweep deliberately does not, with why. */
#ifndef CERTSWEEP_CATALOGUE_H
#define CERTSWEEP_CATALOGUE_H

#include <stddef.h>

struct sweep_not_implemented {
	const char *what;      /* the requirement or family */
	const char *reference; /* the reference linters' names for it */
	const char *reason;
};

const struct sweep_not_implemented *sweep_lint_not_implemented(size_t *n_out);

#endif
