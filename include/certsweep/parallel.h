/* --connections M for the crt.sh source. */
#ifndef CERTSWEEP_PARALLEL_H
#define CERTSWEEP_PARALLEL_H

#include "certsweep/audit.h"

/* Audit with `readers` connections (threads), each over one id range of one
 * exported snapshot (or of the live tables with pg->no_snapshot); their
 * affected sets are folded in memory and published once into run->out.
 * The exporting transaction ends as soon as every reader has imported the
 * snapshot: M+1 server connections while they start, M during the scan. */
int sweep_audit_parallel(struct sweep_audit_result *res, const struct sweep_pg_params *pg,
			 const struct sweep_audit_opts *opts, const struct sweep_run_opts *run, int readers,
			 struct sweep_error *err);

/* merge over shards (or --connections readers) that ran corpus checks: res
 * holds their folded result and run->out their concatenated findings; the
 * checks' states come from dirs[i]/corpus.state (shard
 * shard_k[i] of shard_n), then they decide, re-reading from src, and the
 * pairing, revocation and --crl passes run. Nothing is published. */
int sweep_audit_merge_corpus(struct sweep_audit_result *res, struct sweep_source *src,
			     const struct sweep_audit_opts *opts, const struct sweep_run_opts *run,
			     const char *const *dirs, const int *shard_k, size_t n, int shard_n, struct sweep_error *err);

#endif
