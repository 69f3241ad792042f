/* applies()/check() functions referenced by the registry table. Private. */
#ifndef CERTSWEEP_LINT_CHECKS_H
#define CERTSWEEP_LINT_CHECKS_H

#include "certsweep/lint.h"

#define SWEEP_CHECK_DECL(fn)                                                                       \
	enum sweep_check fn(const struct sweep_cert *cert, const struct sweep_lint_config *cfg,        \
			    struct sweep_buf *details)

int sweep_applies_all(const struct sweep_cert *cert);
int sweep_applies_ev_or_jurisdiction(const struct sweep_cert *cert);

SWEEP_CHECK_DECL(sweep_check_subject_embedded_rdn);
SWEEP_CHECK_DECL(sweep_check_ev_jurisdiction_level);

#endif
