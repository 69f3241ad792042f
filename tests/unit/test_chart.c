/* The report chart (src/sink/chart.c): bin choice, stacking totals checked
 * against counts the test makes itself, ticks, legend, small multiples, and
 * that the SVG stays self-contained. With CERTSWEEP_CHART_SAMPLE=DIR set it
 * also writes sample SVGs there, for looking at them in a browser. */
#include "testutil.h"

#include "certsweep/der.h"
#include "sink/chart.h"

static int64_t at(int y, unsigned m, unsigned d)
{
	return sweep_days_from_civil(y, m, d) * 86400 + 12 * 3600;
}

static char *render(const struct sweep_chart_point *p, size_t n, const char *const *names, size_t n_names)
{
	struct sweep_buf b = SWEEP_BUF_INIT;
	struct sweep_error err = {0, ""};
	assert_int_equal(sweep_chart_svg(&b, p, n, names, n_names, &err), 0);
	assert_false(b.oom);
	return sweep_buf_detach(&b);
}

static size_t occurrences(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* The integer after `attr="` at or after p (within the element at p). */
static long attr_long(const char *p, const char *attr)
{
	char key[64];
	snprintf(key, sizeof(key), " %s=\"", attr);
	const char *end = strchr(p, '>');
	const char *a = strstr(p, key);
	assert_non_null(a);
	assert_true(end == NULL || a < end);
	return strtol(a + strlen(key), NULL, 10);
}

static double attr_double(const char *p, const char *attr)
{
	char key[64];
	snprintf(key, sizeof(key), " %s=\"", attr);
	const char *a = strstr(p, key);
	assert_non_null(a);
	return strtod(a + strlen(key), NULL);
}

/* Bin id of the bin element at p ("2019-03"). */
static void attr_bin(const char *p, char out[16])
{
	const char *a = strstr(p, " data-bin=\"");
	assert_non_null(a);
	a += strlen(" data-bin=\"");
	size_t n = strcspn(a, "\"");
	assert_true(n < 16);
	memcpy(out, a, n);
	out[n] = '\0';
}

static void bin_unit_follows_the_span(void **state)
{
	(void)state;
	assert_int_equal(sweep_chart_unit_for(at(2025, 1, 1), at(2025, 1, 1)), SWEEP_CHART_DAY);
	assert_int_equal(sweep_chart_unit_for(at(2025, 1, 1), at(2025, 4, 2)), SWEEP_CHART_DAY);    /* 92 days */
	assert_int_equal(sweep_chart_unit_for(at(2025, 1, 1), at(2025, 4, 3)), SWEEP_CHART_WEEK);   /* 93 */
	assert_int_equal(sweep_chart_unit_for(at(2024, 1, 1), at(2025, 12, 31)), SWEEP_CHART_WEEK); /* 731 */
	assert_int_equal(sweep_chart_unit_for(at(2024, 1, 1), at(2026, 1, 1)), SWEEP_CHART_MONTH);
	assert_int_equal(sweep_chart_unit_for(at(2012, 6, 1), at(2026, 11, 1)), SWEEP_CHART_MONTH);
}

static void tick_steps_are_round(void **state)
{
	(void)state;
	assert_int_equal(sweep_chart_tick_step(1, 5), 1);
	assert_int_equal(sweep_chart_tick_step(7, 5), 2);
	assert_int_equal(sweep_chart_tick_step(10, 5), 2);
	assert_int_equal(sweep_chart_tick_step(11, 5), 5);
	assert_int_equal(sweep_chart_tick_step(96, 5), 20);
	assert_int_equal(sweep_chart_tick_step(101, 5), 50);
	assert_int_equal(sweep_chart_tick_step(1234, 5), 500);
	assert_int_equal(sweep_chart_tick_step(3, 2), 2);
	assert_int_equal(sweep_chart_tick_step(0, 5), 1);
}

/* A CSV-like list the test counts itself: month -> per-status counts. */
static const struct {
	const char *date; /* YYYY-MM-DD */
	int status, issuer;
} rows[] = {
	{"2019-01-15", SWEEP_CHART_EXPIRED, 0}, {"2019-01-30", SWEEP_CHART_EXPIRED, 0},
	{"2019-01-31", SWEEP_CHART_REVOKED, 0}, {"2019-02-01", SWEEP_CHART_EXPIRED, 0},
	{"2020-07-04", SWEEP_CHART_REVOKED, 0}, {"2020-07-04", SWEEP_CHART_REVOKED, 0},
	{"2020-07-19", SWEEP_CHART_EXPIRED, 0}, {"2023-12-31", SWEEP_CHART_EXPIRED, 0},
	{"2025-11-02", SWEEP_CHART_VALID, 0},	{"2025-11-02", SWEEP_CHART_PLANNED, 0},
	{"2025-11-30", SWEEP_CHART_VALID, 0},	{"2026-03-01", SWEEP_CHART_VALID, 0},
	{"2026-03-01", SWEEP_CHART_VALID, 0},	{"2026-03-01", SWEEP_CHART_VALID, 0},
	{"2026-03-31", SWEEP_CHART_REVOKED, 0},
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static size_t points_of_rows(struct sweep_chart_point *p)
{
	for (size_t i = 0; i < NROWS; i++) {
		int y;
		unsigned m, d;
		assert_int_equal(sscanf(rows[i].date, "%d-%u-%u", &y, &m, &d), 3);
		p[i].not_before = at(y, m, d);
		p[i].status = rows[i].status;
		p[i].issuer_index = rows[i].issuer;
		p[i].weight = 0;
	}
	return NROWS;
}

static void monthly_bins_stack_to_the_counted_totals(void **state)
{
	(void)state;
	struct sweep_chart_point p[NROWS];
	const char *names[] = {"CN=Example CA"};
	char *svg = render(p, points_of_rows(p), names, 1);
	size_t bins = 0, sum = 0;

	assert_non_null(strstr(svg, "data-unit=\"month\""));
	assert_non_null(strstr(svg, "data-total=\"15\""));
	for (const char *g = strstr(svg, "<g class=\"bin\""); g; g = strstr(g + 1, "<g class=\"bin\"")) {
		char id[16];
		long count = attr_long(g, "data-count");
		attr_bin(g, id);
		/* the test's own count of the rows in this month, per status */
		long want[SWEEP_CHART_N_STATUS] = {0}, want_total = 0;
		for (size_t i = 0; i < NROWS; i++)
			if (strncmp(rows[i].date, id, 7) == 0) {
				want[rows[i].status]++;
				want_total++;
			}
		assert_int_equal(count, want_total);
		/* segments: one per status present, contiguous from the baseline up */
		const char *end = strstr(g, "</g>");
		long seg_sum = 0;
		double prev_y = -1;
		int segs = 0;
		for (const char *r = strstr(g, "<rect data-status=\""); r && r < end;
		     r = strstr(r + 1, "<rect data-status=\"")) {
			char key[16];
			sscanf(r + strlen("<rect data-status=\""), "%15[a-z]", key);
			int s = 0;
			while (s < SWEEP_CHART_N_STATUS && strcmp(sweep_chart_status_key(s), key) != 0)
				s++;
			assert_true(s < SWEEP_CHART_N_STATUS);
			assert_int_equal(attr_long(r, "data-count"), want[s]);
			double y = attr_double(r, "y"), h = attr_double(r, "height");
			if (prev_y >= 0)
				assert_true(y + h > prev_y - 0.02 && y + h < prev_y + 0.02);
			prev_y = y;
			seg_sum += attr_long(r, "data-count");
			segs++;
		}
		assert_int_equal(seg_sum, count);
		int want_segs = 0;
		for (int s = 0; s < SWEEP_CHART_N_STATUS; s++)
			want_segs += want[s] != 0;
		assert_int_equal(segs, want_segs);
		/* every bin says what it holds in words */
		assert_true(strstr(g, "<title>") && strstr(g, "<title>") < end);
		bins++;
		sum += (size_t)count;
	}
	assert_int_equal(sum, NROWS);
	assert_int_equal(bins, 6); /* 2019-01, 2019-02, 2020-07, 2023-12, 2025-11, 2026-03 */
	assert_non_null(strstr(svg, "<title>March 2026: 4 certificates (Revoked 1, Remaining valid 3)</title>"));
	free(svg);
}

static void weeks_start_on_monday(void **state)
{
	(void)state;
	/* 2025-03-16 is a Sunday, 2025-03-17 a Monday */
	struct sweep_chart_point p[] = {
		{at(2025, 3, 16), SWEEP_CHART_EXPIRED, 0, 0},
		{at(2025, 3, 17), SWEEP_CHART_EXPIRED, 0, 0},
		{at(2025, 3, 23), SWEEP_CHART_REVOKED, 0, 0},
		{at(2025, 9, 1), SWEEP_CHART_VALID, 0, 0},
	};
	const char *names[] = {"CN=Example CA"};
	char *svg = render(p, 4, names, 1);
	assert_non_null(strstr(svg, "data-unit=\"week\""));
	assert_non_null(strstr(svg, "data-bin=\"2025-03-10\" data-count=\"1\""));
	assert_non_null(strstr(svg, "data-bin=\"2025-03-17\" data-count=\"2\""));
	assert_non_null(strstr(svg, "data-bin=\"2025-09-01\" data-count=\"1\""));
	assert_non_null(strstr(svg, "<title>week of 2025-03-17: 2 certificates"));
	/* no January in view: the start names month and year; months are named */
	assert_non_null(strstr(svg, "font-weight=\"bold\">Mar 2025</text>"));
	assert_non_null(strstr(svg, ">Jul</text>"));
	free(svg);
}

static void days_when_the_span_is_short(void **state)
{
	(void)state;
	struct sweep_chart_point p[] = {
		{at(2025, 2, 20), SWEEP_CHART_VALID, 0, 0},
		{at(2025, 2, 20) + 3600, SWEEP_CHART_VALID, 0, 0},
		{at(2025, 3, 10), SWEEP_CHART_DELAYED, 0, 0},
	};
	const char *names[] = {"CN=Example CA"};
	char *svg = render(p, 3, names, 1);
	assert_non_null(strstr(svg, "data-unit=\"day\""));
	assert_non_null(strstr(svg, "data-bin=\"2025-02-20\" data-count=\"2\""));
	assert_non_null(strstr(svg, "data-bin=\"2025-03-10\" data-count=\"1\""));
	/* March is named at its first day; no January in view, so the start names month and year */
	assert_non_null(strstr(svg, ">Mar</text>"));
	assert_non_null(strstr(svg, "class=\"label-day\""));
	assert_non_null(strstr(svg, "font-weight=\"bold\">Feb 2025</text>"));
	free(svg);
}

static void ticks_years_months_and_round_counts(void **state)
{
	(void)state;
	struct sweep_chart_point p[NROWS];
	const char *names[] = {"CN=Example CA"};
	char *svg = render(p, points_of_rows(p), names, 1);

	/* 2019-01 .. 2026-03: a tick and a label for every year */
	for (int y = 2019; y <= 2026; y++) {
		char label[64];
		snprintf(label, sizeof(label), "font-weight=\"bold\">%d</text>", y);
		assert_non_null(strstr(svg, label));
	}
	assert_int_equal(occurrences(svg, "class=\"tick-year\""), 8);
	assert_true(occurrences(svg, "class=\"tick-month\"") >= 70);
	/* tallest bin 4: y ticks 0 1 2 3 4; cumulative axis 0..15 in fives */
	assert_int_equal(occurrences(svg, "class=\"tick-y\""), 5);
	for (int v = 0; v <= 4; v++) {
		char t[64];
		snprintf(t, sizeof(t), "data-value=\"%d\">%d</text>", v, v);
		assert_non_null(strstr(strstr(svg, "class=\"y-axis\""), t));
	}
	assert_int_equal(occurrences(svg, "class=\"tick-cumulative\""), 4);
	for (int v = 0; v <= 15; v += 5) {
		char t[80];
		const char *c = strstr(svg, "class=\"cumulative\"");
		snprintf(t, sizeof(t), "data-value=\"%d\">%d</text>", v, v);
		assert_non_null(strstr(c, t));
	}
	assert_non_null(strstr(svg, "class=\"cumulative\" data-count=\"15\""));
	free(svg);
}

static void legend_names_the_statuses_present(void **state)
{
	(void)state;
	struct sweep_chart_point p[NROWS];
	const char *names[] = {"CN=Example CA"};
	char *svg = render(p, points_of_rows(p), names, 1);

	assert_non_null(strstr(svg, "<g class=\"legend-item\" data-status=\"revoked\" data-count=\"4\""));
	assert_non_null(strstr(svg, ">Revoked (4)</text>"));
	assert_non_null(strstr(svg, ">Expired (5)</text>"));
	assert_non_null(strstr(svg, ">Remaining valid (5)</text>"));
	assert_non_null(strstr(svg, ">Revocation planned (1)</text>"));
	assert_null(strstr(svg, "Revocation delayed ("));		/* absent status, no legend entry */
	assert_int_equal(occurrences(svg, "class=\"legend-item\""), 5); /* 4 statuses + the line */
	assert_non_null(strstr(svg, "Cumulative (right axis)"));
	/* each status has a pattern, not only a colour */
	for (int s = 0; s < SWEEP_CHART_N_STATUS; s++) {
		char id[64];
		snprintf(id, sizeof(id), "<pattern id=\"cs-fill-%s\"", sweep_chart_status_key(s));
		assert_non_null(strstr(svg, id));
	}
	free(svg);
}

static void small_multiples_per_issuer(void **state)
{
	(void)state;
	struct sweep_chart_point p[] = {
		{at(2021, 5, 1), SWEEP_CHART_EXPIRED, 2, 0}, {at(2021, 5, 2), SWEEP_CHART_EXPIRED, 2, 0},
		{at(2022, 5, 1), SWEEP_CHART_REVOKED, 2, 0}, {at(2023, 1, 1), SWEEP_CHART_VALID, 0, 0},
		{at(2024, 8, 9), SWEEP_CHART_VALID, 3, 0},	  {at(2024, 8, 9), SWEEP_CHART_VALID, 3, 0},
	};
	const char *names[] = {"CN=Alpha CA", "CN=Unused CA", "O=A&B <Test>, CN=Beta CA", "CN=Gamma CA"};
	char *svg = render(p, 6, names, 4);

	assert_int_equal(occurrences(svg, "<g class=\"multiple\""), 3); /* the unused issuer has none */
	assert_non_null(strstr(svg, "data-issuers=\"3\""));
	/* most affected first: Beta (3), Gamma (2), Alpha (1) */
	const char *beta = strstr(svg, "<g class=\"multiple\" data-issuer=\"2\" data-count=\"3\"");
	const char *gamma = strstr(svg, "<g class=\"multiple\" data-issuer=\"3\" data-count=\"2\"");
	const char *alpha = strstr(svg, "<g class=\"multiple\" data-issuer=\"0\" data-count=\"1\"");
	assert_non_null(beta);
	assert_non_null(gamma);
	assert_non_null(alpha);
	assert_true(beta < gamma && gamma < alpha);
	assert_non_null(strstr(beta, "O=A&amp;B &lt;Test&gt;, CN=Beta CA"));
	assert_null(strstr(svg, "<Test>"));
	/* the multiples' bins add up to the main panel's */
	long sum = 0;
	for (const char *g = strstr(beta, "<g class=\"bin\""); g; g = strstr(g + 1, "<g class=\"bin\""))
		sum += attr_long(g, "data-count");
	assert_int_equal(sum, 6);

	/* one issuer: no multiples */
	p[0].issuer_index = p[1].issuer_index = p[2].issuer_index = p[4].issuer_index = p[5].issuer_index = 0;
	free(svg);
	svg = render(p, 6, names, 4);
	assert_null(strstr(svg, "class=\"multiple\""));
	free(svg);
}

static void self_contained_and_rejects_bad_points(void **state)
{
	(void)state;
	struct sweep_chart_point p[NROWS];
	const char *names[] = {"CN=Example CA"};
	char *svg = render(p, points_of_rows(p), names, 1);
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "href"));
	assert_int_equal(occurrences(svg, "http"), 1); /* the xmlns only */
	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	free(svg);

	struct sweep_buf b = SWEEP_BUF_INIT;
	struct sweep_error err = {0, ""};
	p[3].status = SWEEP_CHART_N_STATUS;
	assert_int_equal(sweep_chart_svg(&b, p, NROWS, names, 1, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "status"));
	assert_int_equal(b.len, 0);
	p[3].status = 0;
	p[4].issuer_index = 1;
	sweep_error_clear(&err);
	assert_int_equal(sweep_chart_svg(&b, p, NROWS, names, 1, &err), SWEEP_EINVAL);
	assert_int_equal(b.len, 0);

	svg = render(NULL, 0, names, 1);
	assert_non_null(strstr(svg, "No affected certificates"));
	free(svg);
}

static void many_issuers_one_point_and_a_century(void **state)
{
	(void)state;
	struct sweep_chart_point p[20];
	const char *names[20];
	char text[20][16];
	for (int i = 0; i < 20; i++) {
		snprintf(text[i], sizeof(text[i]), "CN=CA %d", i);
		names[i] = text[i];
		p[i] = (struct sweep_chart_point){at(2020, 1, 1 + i), SWEEP_CHART_EXPIRED, i, 0};
	}
	p[19].issuer_index = 0; /* issuer 0 has two, the most */
	char *svg = render(p, 20, names, 20);
	assert_int_equal(occurrences(svg, "<g class=\"multiple\""), 12);
	assert_non_null(strstr(svg, "data-issuers=\"19\""));
	assert_non_null(strstr(svg, "and 7 more issuers with 7 certificates"));
	assert_non_null(strstr(svg, "<g class=\"multiple\" data-issuer=\"0\" data-count=\"2\""));
	free(svg);

	svg = render(p, 1, names, 1);
	assert_non_null(strstr(svg, "data-bin=\"2020-01-01\" data-count=\"1\""));
	assert_int_equal(occurrences(svg, "<g class=\"bin\""), 1);
	free(svg);

	/* a garbage notBefore far away: monthly bins, years labelled every 5 */
	p[1].not_before = at(2049, 12, 31);
	p[2].not_before = at(1950, 1, 1);
	svg = render(p, 3, names, 1 + 2);
	assert_non_null(strstr(svg, "data-unit=\"month\""));
	assert_non_null(strstr(svg, ">1950</text>"));
	assert_non_null(strstr(svg, ">2045</text>"));
	assert_null(strstr(svg, ">1951</text>"));
	free(svg);
}

/* Sample charts for a human to look at (not a test). */
static void write_samples(const char *dir)
{
	static const char *const names[] = {"C=JP, O=SECOM Trust Systems, CN=Example OV CA",
					    "C=CH, O=SwissSign AG, CN=Example EV CA",
					    "C=US, O=Example, CN=Example DV CA"};
	size_t n = 2400;
	struct sweep_chart_point *p = calloc(n, sizeof(*p));
	uint32_t x = 12345;
	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		int64_t day = sweep_days_from_civil(2019, 1, 1) + (int64_t)((x >> 8) % 2860);
		x = x * 1103515245u + 12345u;
		int issuer = (x >> 8) % 10 < 6 ? 0 : (x >> 8) % 10 < 9 ? 1 : 2;
		int64_t age = sweep_days_from_civil(2026, 11, 1) - day;
		x = x * 1103515245u + 12345u;
		int r = (int)((x >> 8) % 100);
		int st = age > 398 ? (r < 15 ? SWEEP_CHART_REVOKED : SWEEP_CHART_EXPIRED)
				   : (r < 20   ? SWEEP_CHART_REVOKED
				      : r < 70 ? SWEEP_CHART_PLANNED
				      : r < 85 ? SWEEP_CHART_DELAYED
					       : SWEEP_CHART_VALID);
		p[i] = (struct sweep_chart_point){day * 86400 + 3600, st, issuer, 0};
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/chart-months.svg", dir);
	char *svg = render(p, n, names, 3);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(svg, fp);
	fclose(fp);
	free(svg);
	for (size_t i = 0; i < n; i++)
		p[i].not_before = at(2026, 8, 1) + (p[i].not_before % (86400 * 70));
	snprintf(path, sizeof(path), "%s/chart-days.svg", dir);
	svg = render(p, 300, names, 3);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(svg, fp);
	fclose(fp);
	free(svg);
	for (size_t i = 0; i < n; i++)
		p[i].not_before = at(2025, 9, 1) + (int64_t)(i * 7919 % 400) * 86400;
	snprintf(path, sizeof(path), "%s/chart-weeks.svg", dir);
	svg = render(p, 900, names, 3);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(svg, fp);
	fclose(fp);
	free(svg);
	free(p);
}

static void samples(void **state)
{
	(void)state;
	const char *dir = getenv("CERTSWEEP_CHART_SAMPLE");
	if (dir)
		write_samples(dir);
}

/* A point with a weight draws as that many points of one day (the report
 * gives one per day, status and issuer: issue #17). */
static void weighted_points_draw_as_many(void **state)
{
	(void)state;
	const char *const names[] = { "CN=A", "CN=B" };
	struct sweep_chart_point one[7], w[] = {
		{ at(2024, 3, 1), SWEEP_CHART_VALID, 0, 3 },
		{ at(2024, 3, 1) + 7200, SWEEP_CHART_REVOKED, 1, 2 },
		{ at(2024, 5, 9), SWEEP_CHART_EXPIRED, 1, 0 },
		{ at(2024, 5, 9), SWEEP_CHART_VALID, 0, 1 },
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		for (uint64_t k = w[i].weight ? w[i].weight : 1; k; k--) {
			one[n] = w[i];
			one[n].weight = 0;
			n++;
		}
	assert_int_equal(n, 7);
	char *a = render(w, sizeof(w) / sizeof(w[0]), names, 2), *b = render(one, n, names, 2);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "data-total=\"7\""));
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weighted_points_draw_as_many),
		cmocka_unit_test(bin_unit_follows_the_span),
		cmocka_unit_test(tick_steps_are_round),
		cmocka_unit_test(monthly_bins_stack_to_the_counted_totals),
		cmocka_unit_test(weeks_start_on_monday),
		cmocka_unit_test(days_when_the_span_is_short),
		cmocka_unit_test(ticks_years_months_and_round_counts),
		cmocka_unit_test(legend_names_the_statuses_present),
		cmocka_unit_test(small_multiples_per_issuer),
		cmocka_unit_test(self_contained_and_rejects_bad_points),
		cmocka_unit_test(many_issuers_one_point_and_a_century),
		cmocka_unit_test(samples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
