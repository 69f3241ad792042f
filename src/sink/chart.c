/* The affected-certificates chart of report.html: one pure function from
 * points to SVG text. Colours are the Okabe-Ito palette (safe for the
 * common colour-vision deficiencies) and every status also has its own fill
 * pattern, so the chart reads printed in greyscale; counts are in the
 * legend and in each bar's <title>, so nothing depends on colour alone. */
#include "chart.h"

#include "certsweep/der.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 960
#define LEFT 64	 /* y tick labels */
#define RIGHT 72 /* cumulative axis labels */
#define PLOT_W (W - LEFT - RIGHT)
#define MAIN_H 240
#define SMALL_H 72
#define MAX_MULTIPLES 12

static const struct {
	const char *key, *label, *colour;
	/* the pattern drawn over the colour: what tells statuses apart in grey */
	const char *overlay;
} status_style[SWEEP_CHART_N_STATUS] = {
	{"revoked", "Revoked", "#0072B2", "<path d=\"M0 1.5h8M0 5.5h8\" stroke=\"#fff\" stroke-width=\"1.2\"/>"},
	{"expired", "Expired", "#56B4E9",
	 "<path d=\"M-2 2l4-4M0 8l8-8M6 10l4-4\" stroke=\"#fff\" stroke-width=\"1.6\"/>"},
	{"valid", "Remaining valid", "#D55E00", ""},
	{"planned", "Revocation planned", "#E69F00",
	 "<circle cx=\"2\" cy=\"2\" r=\"1.1\" fill=\"#000\"/><circle cx=\"6\" cy=\"6\" r=\"1.1\" fill=\"#000\"/>"},
	{"delayed", "Revocation delayed", "#CC79A7",
	 "<path d=\"M0 0l8 8M8 0l-8 8\" stroke=\"#000\" stroke-width=\"0.9\"/>"},
};

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const month_name[12] = {"January", "February", "March",     "April",	  "May",      "June",
					   "July",    "August",	  "September", "October", "November", "December"};

const char *sweep_chart_status_key(enum sweep_chart_status s)
{
	return s < SWEEP_CHART_N_STATUS ? status_style[s].key : "unknown";
}

const char *sweep_chart_status_label(enum sweep_chart_status s)
{
	return s < SWEEP_CHART_N_STATUS ? status_style[s].label : "Unknown";
}

static int64_t day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* 1970-01-01 was a Thursday: (day + 3) mod 7 counts from Monday. */
static int64_t monday_of(int64_t day)
{
	int64_t r = (day + 3) % 7;
	return day - (r < 0 ? r + 7 : r);
}

static int64_t month_of(int64_t day)
{
	int y;
	unsigned m, d;
	sweep_civil_from_days(day, &y, &m, &d);
	return (int64_t)y * 12 + (int64_t)m - 1;
}

static int64_t month_start(int64_t month)
{
	int64_t y = month >= 0 ? month / 12 : -((-month + 11) / 12);
	return sweep_days_from_civil((int)y, (unsigned)(month - y * 12) + 1, 1);
}

enum sweep_chart_unit sweep_chart_unit_for(int64_t first_not_before, int64_t last_not_before)
{
	int64_t span = day_of(last_not_before) - day_of(first_not_before) + 1;

	if (span <= 92)
		return SWEEP_CHART_DAY;
	if (span <= 731)
		return SWEEP_CHART_WEEK;
	return SWEEP_CHART_MONTH;
}

int64_t sweep_chart_tick_step(int64_t max, int max_ticks)
{
	static const int64_t f[3] = {1, 2, 5};

	if (max < 1)
		max = 1;
	if (max_ticks < 1)
		max_ticks = 1;
	for (int64_t mag = 1;; mag *= 10)
		for (int i = 0; i < 3; i++)
			if (f[i] * mag * max_ticks >= max)
				return f[i] * mag;
}

struct chart {
	enum sweep_chart_unit unit;
	int64_t first; /* bin 0: its start day (day, week) or month index */
	size_t nbins;
	size_t npanels;	 /* 0 = every issuer, then 1 + issuer index */
	uint32_t *count; /* [panel][bin][status] */
	const char *const *names;
};

static int64_t bin_key(const struct chart *c, int64_t day)
{
	switch (c->unit) {
	case SWEEP_CHART_DAY: return day;
	case SWEEP_CHART_WEEK: return monday_of(day);
	default: return month_of(day);
	}
}

static size_t bin_index(const struct chart *c, int64_t day)
{
	int64_t k = bin_key(c, day) - c->first;
	return (size_t)(c->unit == SWEEP_CHART_WEEK ? k / 7 : k);
}

static int64_t bin_start(const struct chart *c, size_t k)
{
	switch (c->unit) {
	case SWEEP_CHART_DAY: return c->first + (int64_t)k;
	case SWEEP_CHART_WEEK: return c->first + 7 * (int64_t)k;
	default: return month_start(c->first + (int64_t)k);
	}
}

/* Position of a day in bin units from the left edge of bin 0. */
static double pos_of(const struct chart *c, int64_t day)
{
	switch (c->unit) {
	case SWEEP_CHART_DAY: return (double)(day - c->first);
	case SWEEP_CHART_WEEK: return (double)(day - c->first) / 7.0;
	default: {
		int64_t m = month_of(day), s = month_start(m), e = month_start(m + 1);
		return (double)(m - c->first) + (double)(day - s) / (double)(e - s);
	}
	}
}

static uint32_t *cell(const struct chart *c, size_t panel, size_t bin)
{
	return c->count + (panel * c->nbins + bin) * SWEEP_CHART_N_STATUS;
}

static uint32_t bin_total(const struct chart *c, size_t panel, size_t bin)
{
	const uint32_t *v = cell(c, panel, bin);
	uint32_t t = 0;
	for (int s = 0; s < SWEEP_CHART_N_STATUS; s++)
		t += v[s];
	return t;
}

static void xml_text(struct sweep_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': sweep_buf_puts(b, "&lt;"); break;
		case '>': sweep_buf_puts(b, "&gt;"); break;
		case '&': sweep_buf_puts(b, "&amp;"); break;
		case '"': sweep_buf_puts(b, "&quot;"); break;
		case '\'': sweep_buf_puts(b, "&#39;"); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
				sweep_buf_putc(b, ' ');
			else
				sweep_buf_putc(b, *s);
		}
	}
}

/* data-bin value: YYYY-MM for months, YYYY-MM-DD (the first day) otherwise. */
static void bin_id(const struct chart *c, size_t k, char buf[16])
{
	int y;
	unsigned m, d;
	sweep_civil_from_days(bin_start(c, k), &y, &m, &d);
	if (c->unit == SWEEP_CHART_MONTH)
		snprintf(buf, 16, "%04d-%02u", y, m);
	else
		snprintf(buf, 16, "%04d-%02u-%02u", y, m, d);
}

static void bin_title(struct sweep_buf *b, const struct chart *c, size_t k)
{
	int y;
	unsigned m, d;
	sweep_civil_from_days(bin_start(c, k), &y, &m, &d);
	switch (c->unit) {
	case SWEEP_CHART_DAY: sweep_buf_printf(b, "%04d-%02u-%02u", y, m, d); break;
	case SWEEP_CHART_WEEK: sweep_buf_printf(b, "week of %04d-%02u-%02u", y, m, d); break;
	default: sweep_buf_printf(b, "%s %04d", month_name[m - 1], y); break;
	}
}

static const char *unit_noun(enum sweep_chart_unit u)
{
	return u == SWEEP_CHART_DAY ? "day" : u == SWEEP_CHART_WEEK ? "week" : "month";
}

static void defs(struct sweep_buf *b)
{
	sweep_buf_puts(b, "<defs>\n");
	for (int s = 0; s < SWEEP_CHART_N_STATUS; s++)
		sweep_buf_printf(b,
				 "<pattern id=\"cs-fill-%s\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
				 "<rect width=\"8\" height=\"8\" fill=\"%s\"/>%s</pattern>\n",
				 status_style[s].key, status_style[s].colour, status_style[s].overlay);
	sweep_buf_puts(b, "</defs>\n");
}

/* x ticks under a plot whose baseline is at y: month ticks, longer year
 * ticks; month names when there is room, years always. */
static void x_axis(struct sweep_buf *b, const struct chart *c, double y, int labels_months)
{
	double bw = (double)PLOT_W / (double)c->nbins;
	int64_t d0 = bin_start(c, 0), d1 = bin_start(c, c->nbins); /* end, exclusive */
	int64_t m0 = month_of(d0), m1 = month_of(d1 - 1);
	int64_t years = (m1 / 12) - (m0 / 12) + 1;
	int stride = years > 30 ? 5 : years > 15 ? 2 : 1;
	int months_named = labels_months && m1 - m0 < 24;
	int year_shown = 0;
	double first_year_x = 0;

	sweep_buf_printf(b, "<g class=\"x-axis\"><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#222\"/>\n",
			 LEFT, y, LEFT + PLOT_W, y);
	for (int64_t m = m0; m <= m1 + 1; m++) {
		int64_t day = month_start(m);
		if (day < d0 || day > d1)
			continue;
		double x = LEFT + bw * pos_of(c, day);
		int64_t yr = m >= 0 ? m / 12 : -((-m + 11) / 12);
		int january = m - yr * 12 == 0;
		if (january) {
			sweep_buf_printf(b,
					 "<line class=\"tick-year\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
					 "stroke=\"#222\"/>",
					 x, y, x, y + (labels_months ? 26 : 14));
			if (yr % stride == 0 && day < d1) {
				sweep_buf_printf(b,
						 "<text class=\"label-year\" x=\"%.1f\" y=\"%.1f\" "
						 "font-weight=\"bold\">%lld</text>",
						 x + 3, y + (labels_months ? 27 : 13), (long long)yr);
				if (!year_shown)
					first_year_x = x;
				year_shown = 1;
			}
		} else if (bw * pos_of(c, month_start(m + 1)) - bw * pos_of(c, day) >= 3) {
			sweep_buf_printf(b,
					 "<line class=\"tick-month\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
					 "stroke=\"#222\"/>",
					 x, y, x, y + 4);
		}
		if (months_named && day < d1)
			sweep_buf_printf(b, "<text class=\"label-month\" x=\"%.1f\" y=\"%.1f\">%s</text>", x + 2,
					 y + 13, month_abbr[m - yr * 12]);
		sweep_buf_putc(b, '\n');
	}
	if (labels_months && c->unit == SWEEP_CHART_DAY) { /* day numbers between the month names */
		size_t day_stride = (c->nbins + 29) / 30;
		for (size_t k = 0; k < c->nbins; k += day_stride) {
			int yy;
			unsigned mm, dd;
			sweep_civil_from_days(bin_start(c, k), &yy, &mm, &dd);
			/* keep clear of the month names: one starts each month */
			int64_t d = bin_start(c, k), ms = month_start(month_of(d)), me = month_start(month_of(d) + 1);
			if (bw * (double)(d - ms) + bw / 2 >= 32 && bw * (double)(me - d) - bw / 2 >= 10)
				sweep_buf_printf(b,
						 "<text class=\"label-day\" x=\"%.1f\" y=\"%.1f\" "
						 "text-anchor=\"middle\">%u</text>",
						 LEFT + bw * ((double)k + 0.5), y + 13, dd);
		}
		sweep_buf_putc(b, '\n');
	}
	/* name the year (and month) at the start unless a January is there */
	if (!year_shown || first_year_x - LEFT > 48) {
		int yy;
		unsigned mm, dd;
		sweep_civil_from_days(d0, &yy, &mm, &dd);
		sweep_buf_printf(b,
				 "<text class=\"label-year\" x=\"%d\" y=\"%.1f\" font-weight=\"bold\">%s%s%d</text>\n",
				 LEFT, y + (labels_months ? 27 : 13),
				 labels_months && c->unit != SWEEP_CHART_MONTH ? month_abbr[mm - 1] : "",
				 labels_months && c->unit != SWEEP_CHART_MONTH ? " " : "", yy);
	}
	sweep_buf_puts(b, "</g>\n");
}

/* y ticks and grid lines at round numbers; returns the axis top value. */
static int64_t y_axis(struct sweep_buf *b, int64_t max, double top, double h, int max_ticks, const char *caption)
{
	int64_t step = sweep_chart_tick_step(max, max_ticks), ymax = (max + step - 1) / step * step;

	if (ymax < step)
		ymax = step;
	sweep_buf_puts(b, "<g class=\"y-axis\">");
	for (int64_t v = 0; v <= ymax; v += step) {
		double y = top + h - h * (double)v / (double)ymax;
		sweep_buf_printf(b,
				 "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
				 "<text class=\"tick-y\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" "
				 "data-value=\"%lld\">%lld</text>\n",
				 LEFT, y, LEFT + PLOT_W, y, v ? "#d9d9d9" : "#222", LEFT - 6, y + 4, (long long)v,
				 (long long)v);
	}
	if (caption)
		sweep_buf_printf(b,
				 "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
				 "text-anchor=\"middle\">%s</text>\n",
				 top + h / 2, top + h / 2, caption);
	sweep_buf_puts(b, "</g>\n");
	return ymax;
}

/* The stacked bars of one panel, tallest total mapped to ymax. */
static void bars(struct sweep_buf *b, const struct chart *c, size_t panel, double top, double h, int64_t ymax)
{
	double bw = (double)PLOT_W / (double)c->nbins, gap = bw >= 4 ? 1 : 0;

	sweep_buf_puts(b, "<g class=\"bars\">\n");
	for (size_t k = 0; k < c->nbins; k++) {
		uint32_t total = bin_total(c, panel, k);
		const uint32_t *v = cell(c, panel, k);
		char id[16];
		double x = LEFT + bw * (double)k, y = top + h;

		if (!total)
			continue;
		bin_id(c, k, id);
		sweep_buf_printf(b, "<g class=\"bin\" data-bin=\"%s\" data-count=\"%u\"><title>", id, total);
		bin_title(b, c, k);
		sweep_buf_printf(b, ": %u certificate%s", total, total == 1 ? "" : "s");
		const char *sep = " (";
		for (int s = 0; s < SWEEP_CHART_N_STATUS; s++) {
			if (!v[s])
				continue;
			sweep_buf_printf(b, "%s%s %u", sep, status_style[s].label, v[s]);
			sep = ", ";
		}
		sweep_buf_puts(b, ")</title>");
		for (int s = 0; s < SWEEP_CHART_N_STATUS; s++) {
			if (!v[s])
				continue;
			double sh = h * (double)v[s] / (double)ymax;
			y -= sh;
			sweep_buf_printf(
				b,
				"<rect data-status=\"%s\" data-count=\"%u\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
				"height=\"%.2f\" fill=\"url(#cs-fill-%s)\"%s><title>",
				status_style[s].key, v[s], x + gap / 2, y, bw - gap, sh, status_style[s].key,
				bw >= 6 ? " stroke=\"#fff\" stroke-width=\"0.5\"" : "");
			bin_title(b, c, k);
			sweep_buf_printf(b, ": %s %u of %u</title></rect>", status_style[s].label, v[s], total);
		}
		sweep_buf_puts(b, "</g>\n");
	}
	sweep_buf_puts(b, "</g>\n");
}

/* Running total over the bins on its own right-hand axis. */
static void cumulative(struct sweep_buf *b, const struct chart *c, double top, double h, uint64_t total)
{
	double bw = (double)PLOT_W / (double)c->nbins;
	int64_t step = sweep_chart_tick_step((int64_t)total, 4), cmax = ((int64_t)total + step - 1) / step * step;
	struct sweep_buf pts = SWEEP_BUF_INIT;
	uint64_t run = 0;

	sweep_buf_printf(&pts, "%d,%.1f", LEFT, top + h);
	for (size_t k = 0; k < c->nbins; k++) {
		run += bin_total(c, 0, k);
		sweep_buf_printf(&pts, " %.1f,%.1f", LEFT + bw * (double)(k + 1),
				 top + h - h * (double)run / (double)cmax);
	}
	/* a white halo keeps the line legible over dark bars and in grey */
	sweep_buf_printf(
		b,
		"<g class=\"cumulative\" data-count=\"%llu\"><title>Cumulative: %llu certificates</title>"
		"<polyline points=\"%s\" fill=\"none\" stroke=\"#fff\" stroke-width=\"4\" stroke-linejoin=\"round\"/>"
		"<polyline points=\"%s\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.8\" stroke-dasharray=\"7 3\" "
		"stroke-linejoin=\"round\"/>\n",
		(unsigned long long)total, (unsigned long long)total, sweep_buf_str(&pts), sweep_buf_str(&pts));
	sweep_buf_release(&pts);
	for (int64_t v = 0; v <= cmax; v += step) {
		double y = top + h - h * (double)v / (double)cmax;
		sweep_buf_printf(
			b,
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\"/>"
			"<text class=\"tick-cumulative\" x=\"%d\" y=\"%.1f\" data-value=\"%lld\">%lld</text>\n",
			LEFT + PLOT_W, y, LEFT + PLOT_W + 4, y, LEFT + PLOT_W + 7, y + 4, (long long)v, (long long)v);
	}
	sweep_buf_printf(
		b,
		"<text x=\"%d\" y=\"%.1f\" transform=\"rotate(90 %d %.1f)\" text-anchor=\"middle\">cumulative</text>"
		"</g>\n",
		W - 10, top + h / 2, W - 10, top + h / 2);
}

/* Legend: the statuses present, with their totals, then the line. Returns
 * the height used. */
static double legend(struct sweep_buf *b, const uint64_t *by_status, double y)
{
	double x = LEFT, row = 0;

	sweep_buf_puts(b, "<g class=\"legend\">\n");
	for (int s = 0; s < SWEEP_CHART_N_STATUS; s++) {
		char text[64];
		if (!by_status[s])
			continue;
		int len = snprintf(text, sizeof(text), "%s (%llu)", status_style[s].label,
				   (unsigned long long)by_status[s]);
		double w = 26 + 7.2 * len;
		if (x + w > W - 10) {
			x = LEFT;
			row += 20;
		}
		sweep_buf_printf(b,
				 "<g class=\"legend-item\" data-status=\"%s\" data-count=\"%llu\">"
				 "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"14\" fill=\"url(#cs-fill-%s)\" "
				 "stroke=\"#222\" "
				 "stroke-width=\"0.6\"/><text x=\"%.1f\" y=\"%.1f\">%s</text></g>\n",
				 status_style[s].key, (unsigned long long)by_status[s], x, y + row, status_style[s].key,
				 x + 21, y + row + 12, text);
		x += w;
	}
	if (x + 200 > W - 10) {
		x = LEFT;
		row += 20;
	}
	sweep_buf_printf(b,
			 "<g class=\"legend-item\" data-line=\"cumulative\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			 "y2=\"%.1f\" stroke=\"#000\" stroke-width=\"1.8\" stroke-dasharray=\"7 3\"/>"
			 "<text x=\"%.1f\" y=\"%.1f\">Cumulative (right axis)</text></g>\n</g>\n",
			 x, y + row + 7, x + 22, y + row + 7, x + 27, y + row + 12);
	return row + 20;
}

static int cmp_panel(const void *a, const void *b, const uint64_t *tot)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (tot[x] != tot[y])
		return tot[x] > tot[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/* Issuers with points, most points first (ties by index): insertion sort,
 * as there are few. */
static size_t rank_issuers(size_t *order, const uint64_t *per_panel, size_t npanels)
{
	size_t n = 0;
	for (size_t p = 1; p < npanels; p++) {
		if (!per_panel[p])
			continue;
		size_t i = n++;
		order[i] = p;
		while (i > 0 && cmp_panel(&order[i], &order[i - 1], per_panel) < 0) {
			size_t t = order[i];
			order[i] = order[i - 1];
			order[i - 1] = t;
			i--;
		}
	}
	return n;
}

static void render(struct sweep_buf *b, const struct chart *c, const uint64_t *by_status, const uint64_t *per_panel,
		   uint64_t total, size_t *order, size_t n_affected_issuers)
{
	size_t shown =
		n_affected_issuers > 1 ? (n_affected_issuers < MAX_MULTIPLES ? n_affected_issuers : MAX_MULTIPLES) : 0;
	uint32_t max_main = 1, max_small = 1;
	char first[16], last[16];

	for (size_t k = 0; k < c->nbins; k++) {
		uint32_t t = bin_total(c, 0, k);
		if (t > max_main)
			max_main = t;
		for (size_t i = 0; i < shown; i++) {
			t = bin_total(c, order[i], k);
			if (t > max_small)
				max_small = t;
		}
	}
	/* the legend may take two rows; lay out below it */
	struct sweep_buf leg = SWEEP_BUF_INIT;
	double leg_h = legend(&leg, by_status, 40);
	double main_top = 40 + leg_h + 14, main_base = main_top + MAIN_H;
	double small_top0 = main_base + 70, small_step = SMALL_H + 50;
	double height = shown ? small_top0 + 26 + (double)shown * small_step + (n_affected_issuers > shown ? 20 : 0)
			      : main_base + 44;

	bin_id(c, 0, first);
	bin_id(c, c->nbins - 1, last);
	sweep_buf_printf(
		b,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"certsweep-chart\" width=\"%d\" height=\"%.0f\" "
		"viewBox=\"0 0 %d %.0f\" role=\"img\" aria-labelledby=\"cs-chart-title cs-chart-desc\" "
		"font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"12\" fill=\"#222\" "
		"data-unit=\"%s\" data-total=\"%llu\" data-issuers=\"%zu\">\n",
		W, height, W, height, unit_noun(c->unit), (unsigned long long)total, n_affected_issuers);
	sweep_buf_printf(b,
			 "<title id=\"cs-chart-title\">Affected certificates by %s of issuance</title>\n"
			 "<desc id=\"cs-chart-desc\">%llu affected certificates issued from %s to %s, counted per %s "
			 "(notBefore, UTC) and stacked by revocation status",
			 unit_noun(c->unit), (unsigned long long)total, first, last, unit_noun(c->unit));
	for (int s = 0; s < SWEEP_CHART_N_STATUS; s++)
		if (by_status[s])
			sweep_buf_printf(b, "; %s: %llu", status_style[s].label, (unsigned long long)by_status[s]);
	sweep_buf_puts(b, ".</desc>\n");
	defs(b);
	sweep_buf_printf(b, "<rect width=\"%d\" height=\"%.0f\" fill=\"#fff\"/>\n", W, height);
	sweep_buf_printf(
		b,
		"<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Affected certificates per %s of "
		"issuance (notBefore), by revocation status</text>\n",
		LEFT, unit_noun(c->unit));
	sweep_buf_add(b, leg.p ? leg.p : "", leg.len);
	sweep_buf_release(&leg);

	char cap[48];
	snprintf(cap, sizeof(cap), "certificates per %s", unit_noun(c->unit));
	sweep_buf_printf(b, "<g class=\"panel\" data-issuer=\"all\" data-count=\"%llu\">\n", (unsigned long long)total);
	int64_t ymax = y_axis(b, max_main, main_top, MAIN_H, 5, cap);
	bars(b, c, 0, main_top, MAIN_H, ymax);
	cumulative(b, c, main_top, MAIN_H, total);
	x_axis(b, c, main_base, 1);
	sweep_buf_puts(b, "</g>\n");

	if (!shown) {
		sweep_buf_puts(b, "</svg>\n");
		return;
	}
	sweep_buf_printf(b,
			 "<text x=\"%d\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\">By issuer (same scales; "
			 "%zu issuers)</text>\n",
			 LEFT, small_top0, n_affected_issuers);
	for (size_t i = 0; i < shown; i++) {
		size_t p = order[i];
		double top = small_top0 + 26 + (double)i * small_step + 18;
		sweep_buf_printf(
			b,
			"<g class=\"multiple\" data-issuer=\"%zu\" data-count=\"%llu\">\n<text x=\"%d\" y=\"%.1f\" "
			"font-weight=\"bold\">",
			p - 1, (unsigned long long)per_panel[p], LEFT, top - 6);
		xml_text(b, c->names[p - 1] ? c->names[p - 1] : "(unnamed issuer)");
		sweep_buf_printf(b, "</text><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%llu certificate%s</text>\n",
				 LEFT + PLOT_W, top - 6, (unsigned long long)per_panel[p],
				 per_panel[p] == 1 ? "" : "s");
		int64_t sm = y_axis(b, max_small, top, SMALL_H, 3, NULL);
		bars(b, c, p, top, SMALL_H, sm);
		x_axis(b, c, top + SMALL_H, 0);
		sweep_buf_puts(b, "</g>\n");
	}
	if (n_affected_issuers > shown) {
		uint64_t rest = 0;
		for (size_t i = shown; i < n_affected_issuers; i++)
			rest += per_panel[order[i]];
		sweep_buf_printf(b,
				 "<text class=\"more-issuers\" x=\"%d\" y=\"%.1f\">and %zu more issuers with %llu "
				 "certificates (in the table)</text>\n",
				 LEFT, height - 10, n_affected_issuers - shown, (unsigned long long)rest);
	}
	sweep_buf_puts(b, "</svg>\n");
}

static void render_empty(struct sweep_buf *b)
{
	sweep_buf_printf(
		b,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"certsweep-chart\" width=\"%d\" height=\"60\" "
		"viewBox=\"0 0 %d 60\" role=\"img\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" "
		"font-size=\"14\" data-unit=\"none\" data-total=\"0\" data-issuers=\"0\">"
		"<title>No affected certificates</title><text x=\"%d\" y=\"34\">No affected certificates.</text>"
		"</svg>\n",
		W, W, LEFT);
}

int sweep_chart_svg(struct sweep_buf *out, const struct sweep_chart_point *points, size_t n_points,
		    const char *const *issuer_names, size_t n_issuers, struct sweep_error *err)
{
	struct chart c = {0};
	uint64_t by_status[SWEEP_CHART_N_STATUS] = {0}, *per_panel = NULL;
	size_t *order = NULL;
	int64_t lo = 0, hi = 0;
	struct sweep_buf b = SWEEP_BUF_INIT;

	for (size_t i = 0; i < n_points; i++) {
		if (points[i].status < 0 || points[i].status >= SWEEP_CHART_N_STATUS)
			return sweep_error_set(err, SWEEP_EINVAL, "chart: point %zu has unknown status %d", i,
					       points[i].status);
		if (points[i].issuer_index < 0 || (size_t)points[i].issuer_index >= n_issuers)
			return sweep_error_set(err, SWEEP_EINVAL, "chart: point %zu has issuer %d of %zu", i,
					       points[i].issuer_index, n_issuers);
		if (i == 0 || points[i].not_before < lo)
			lo = points[i].not_before;
		if (i == 0 || points[i].not_before > hi)
			hi = points[i].not_before;
	}
	if (n_points == 0) {
		render_empty(out);
		return out->oom ? sweep_error_set(err, SWEEP_ENOMEM, "chart: out of memory") : 0;
	}
	c.unit = sweep_chart_unit_for(lo, hi);
	c.first = bin_key(&c, day_of(lo));
	c.nbins = bin_index(&c, day_of(hi)) + 1;
	c.npanels = n_issuers + 1;
	c.names = issuer_names;
	c.count = calloc(c.npanels * c.nbins * SWEEP_CHART_N_STATUS, sizeof(*c.count));
	per_panel = calloc(c.npanels, sizeof(*per_panel));
	order = calloc(c.npanels, sizeof(*order));
	if (!c.count || !per_panel || !order) {
		free(c.count);
		free(per_panel);
		free(order);
		return sweep_error_set(err, SWEEP_ENOMEM, "chart: out of memory");
	}
	uint64_t total = 0;
	for (size_t i = 0; i < n_points; i++) {
		size_t k = bin_index(&c, day_of(points[i].not_before)), p = (size_t)points[i].issuer_index + 1;
		uint64_t w = points[i].weight ? points[i].weight : 1;
		cell(&c, 0, k)[points[i].status] += w;
		cell(&c, p, k)[points[i].status] += w;
		by_status[points[i].status] += w;
		per_panel[p] += w;
		total += w;
	}
	size_t n_aff = rank_issuers(order, per_panel, c.npanels);
	render(&b, &c, by_status, per_panel, total, order, n_aff);
	free(c.count);
	free(per_panel);
	free(order);
	if (b.oom) {
		sweep_buf_release(&b);
		return sweep_error_set(err, SWEEP_ENOMEM, "chart: out of memory");
	}
	sweep_buf_add(out, b.p, b.len);
	sweep_buf_release(&b);
	return out->oom ? sweep_error_set(err, SWEEP_ENOMEM, "chart: out of memory") : 0;
}
