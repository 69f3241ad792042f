/* --connections M for the crt.sh source. */
#ifndef CERTSWEEP_PARALLEL_H
#define CERTSWEEP_PARALLEL_H

#include "certsweep/audit.h"
#include "certsweep/state.h"

/* Audit with `jobs` reader connections (threads) over one exported snapshot
 * and merge; out holds the merged state (for the caller's summary). */
int sweep_audit_parallel(struct sweep_state *out, const struct sweep_pg_params *pg,
			 const struct sweep_audit_opts *opts, int jobs, struct sweep_error *err);

#endif
