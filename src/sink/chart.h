/* The report page's chart: affected certificates by issuance date, as a
 * self-contained SVG (no scripts, no network, readable printed in
 * greyscale). Private to src/sink. */
#ifndef CERTSWEEP_SINK_CHART_H
#define CERTSWEEP_SINK_CHART_H

#include "certsweep/buf.h"
#include "certsweep/error.h"

#include <stddef.h>
#include <stdint.h>

/* Stacking order, bottom up (the CCADB revocation states). */
enum sweep_chart_status {
	SWEEP_CHART_REVOKED = 0,
	SWEEP_CHART_EXPIRED,
	SWEEP_CHART_VALID, /* remaining valid, no revocation scheduled */
	SWEEP_CHART_PLANNED,
	SWEEP_CHART_DELAYED,
	SWEEP_CHART_N_STATUS
};

/* One affected certificate, or weight of them issued the same day. */
struct sweep_chart_point {
	int64_t not_before; /* seconds since the epoch, UTC */
	int status;	    /* enum sweep_chart_status */
	int issuer_index;   /* into the issuer names */
	uint64_t weight;    /* certificates it stands for; 0: one */
};

enum sweep_chart_unit { SWEEP_CHART_DAY = 0, SWEEP_CHART_WEEK, SWEEP_CHART_MONTH };

/* Bars per day up to 92 days of issuance, per ISO week (Monday) up to two
 * years, per month beyond: about a hundred bars at most for a decade. */
enum sweep_chart_unit sweep_chart_unit_for(int64_t first_not_before, int64_t last_not_before);

/* A round axis step (1, 2 or 5 times a power of ten) giving at most
 * max_ticks steps up to max (>= 1). */
int64_t sweep_chart_tick_step(int64_t max, int max_ticks);

const char *sweep_chart_status_key(enum sweep_chart_status s);	 /* "revoked" ... */
const char *sweep_chart_status_label(enum sweep_chart_status s); /* "Revoked" ... */

/* Append the SVG to out: bars stacked by status with a legend, year and
 * month ticks, round y ticks, a cumulative line on a right axis, and one
 * small multiple per issuer (same scales) when more than one issuer has
 * points. Every bar is a <g class="bin" data-bin data-count> with a
 * <title>, each of its segments a <rect data-status data-count>. Returns
 * 0, or SWEEP_EINVAL for a point with an unknown status or issuer (out
 * untouched), or SWEEP_ENOMEM. */
int sweep_chart_svg(struct sweep_buf *out, const struct sweep_chart_point *points, size_t n_points,
		    const char *const *issuer_names, size_t n_issuers, struct sweep_error *err);

#endif
