/* libFuzzer: the state file reader (audit.state, checkpoint.state). Merge
 * and --resume read these from directories others can write to: whatever
 * the bytes, the reader returns an error or a state whose invariants hold
 * (lint hits index the lint list, types in range, fields present). */
#include "certsweep/sink.h"
#include "certsweep/state.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sweep_state st;
	struct sweep_error err = { 0, "" };
	FILE *fp;

	if (size == 0)
		return 0;
	fp = fmemopen((void *)data, size, "r");
	if (!fp)
		return 0;
	if (sweep_state_parse(&st, fp, "fuzz", &err) == 0) {
		for (size_t i = 0; i < st.res.n_groups; i++) {
			const struct sweep_group *g = st.res.groups[i];
			assert(g->subject && g->iss->name && g->dns_names);
			assert((int)g->type >= 0 && g->type <= SWEEP_TYPE_EV);
			for (size_t k = 0; k < g->n_lint_hits; k++)
				assert(g->lint_hits[k] < st.opts.n_lints);
			(void)sweep_group_cert_count(g);
		}
		/* what impact.md and report.html compute from a merged state */
		struct sweep_impact im;
		(void)sweep_impact_compute(&st.res, &st.opts, &im, NULL);
		sweep_state_release(&st);
	}
	fclose(fp);
	return 0;
}
