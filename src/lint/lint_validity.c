/* Validity period lints (BR 6.3.2 and its history, RFC 5280 4.1.2.5). Each
 * limit is its own row, with the dates its rule was in force, so a
 * certificate is judged by the limit of the day it was issued. */
#include "checks.h"

#include <stdio.h>

/* BR 1.6.1 "Validity Period": notBefore to notAfter inclusive. */
static int64_t validity_seconds(const struct sweep_cert *c)
{
	return c->not_after - c->not_before + 1;
}

static enum sweep_check max_seconds(const struct sweep_cert *c, int64_t max, const char *limit, struct sweep_buf *d)
{
	int64_t v = validity_seconds(c);

	if (v > max) {
		sweep_buf_printf(d, "validity period %.2f days exceeds %s", (double)v / 86400.0, limit);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* Months counted from notBefore's calendar date, as a CA's profile would. */
static enum sweep_check max_months(const struct sweep_cert *c, unsigned months, const char *limit, struct sweep_buf *d)
{
	int y;
	unsigned m, day;
	int64_t days = c->not_before >= 0 ? c->not_before / 86400 : -((-c->not_before + 86399) / 86400);
	int64_t secs = c->not_before - days * 86400;

	sweep_civil_from_days(days, &y, &m, &day);
	unsigned total = m - 1 + months;
	y += (int)(total / 12);
	m = total % 12 + 1;
	int64_t end = sweep_days_from_civil(y, m, day) * 86400 + secs;
	return max_seconds(c, end - c->not_before, limit, d);
}

SWEEP_CHECK_DECL(sweep_check_validity_60_months)
{
	(void)cfg;
	return max_months(cert, 60, "60 months", details);
}

SWEEP_CHECK_DECL(sweep_check_validity_39_months)
{
	(void)cfg;
	return max_months(cert, 39, "39 months", details);
}

SWEEP_CHECK_DECL(sweep_check_validity_825_days)
{
	(void)cfg;
	return max_seconds(cert, 825 * 86400LL, "825 days", details);
}

SWEEP_CHECK_DECL(sweep_check_validity_398_days)
{
	(void)cfg;
	return max_seconds(cert, 398 * 86400LL, "398 days", details);
}

SWEEP_CHECK_DECL(sweep_check_validity_200_days)
{
	(void)cfg;
	return max_seconds(cert, 200 * 86400LL, "200 days", details);
}

SWEEP_CHECK_DECL(sweep_check_validity_100_days)
{
	(void)cfg;
	return max_seconds(cert, 100 * 86400LL, "100 days", details);
}

SWEEP_CHECK_DECL(sweep_check_validity_47_days)
{
	(void)cfg;
	return max_seconds(cert, 47 * 86400LL, "47 days", details);
}

SWEEP_CHECK_DECL(sweep_check_validity_negative)
{
	(void)cfg;
	if (cert->not_after < cert->not_before) {
		sweep_buf_puts(details, "notAfter is before notBefore");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
static int time_tag_ok(int64_t t, unsigned tag)
{
	const int64_t y2050 = 2524608000LL;
	return t < y2050 ? tag == DER_UTCTIME : tag == DER_GENERALIZEDTIME;
}

SWEEP_CHECK_DECL(sweep_check_validity_time_encoding)
{
	(void)cfg;
	if (!time_tag_ok(cert->not_before, cert->not_before_tag) || !time_tag_ok(cert->not_after, cert->not_after_tag)) {
		sweep_buf_puts(details, "validity uses GeneralizedTime before 2050 or UTCTime from 2050");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}
