/* Dates typed by people (--now, --not-before-from, dates in --where): parsed
 * strictly, so an impossible date is an error rather than a day that
 * mktime-style arithmetic moved (2026-02-30 is not 2026-03-02). */
#ifndef CERTSWEEP_DATE_H
#define CERTSWEEP_DATE_H

#include <stdint.h>

/* YYYY-MM-DD or YYYY-MM-DD[T ]HH:MM[:SS][Z], UTC, to seconds since the epoch.
 * The day must exist in that month (leap years by the Gregorian rule), the
 * time must be 00:00:00..23:59:59. Returns 0 or SWEEP_EINVAL; *out is set
 * only on success. */
int sweep_date_parse(int64_t *out, const char *s);

#endif
