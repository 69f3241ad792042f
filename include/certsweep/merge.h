/* Merging shard outputs. */
#ifndef CERTSWEEP_MERGE_H
#define CERTSWEEP_MERGE_H

#include "certsweep/error.h"

#include <stddef.h>

/* Read DIR/audit.state of each shard directory (in shard order) and write
 * the outputs of the whole audit into out_dir. */
int sweep_merge(const char *out_dir, const char *const *dirs, size_t n, struct sweep_error *err);

#endif
