/* One exported snapshot for --connections readers (pg_dump -j's way). */
#ifndef CERTSWEEP_SNAPSHOT_H
#define CERTSWEEP_SNAPSHOT_H

#include "certsweep/source.h"

struct sweep_snapshot;

/* Connect, open the audit transaction and pg_export_snapshot(). Where no
 * transaction can be held (--no-snapshot, or a pooler in statement mode)
 * the snapshot has no name and readers run in autocommit. */
int sweep_snapshot_export(struct sweep_snapshot **out, const struct sweep_pg_params *pg, struct sweep_error *err);
/* The name readers pass as sweep_pg_params.snapshot; NULL when there is none. */
const char *sweep_snapshot_name(const struct sweep_snapshot *s);
/* End the exporting transaction and disconnect (once every reader has
 * imported the snapshot: it stays valid in their transactions). NULL is fine. */
void sweep_snapshot_free(struct sweep_snapshot *s);

#endif
