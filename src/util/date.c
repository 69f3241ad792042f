#include "certsweep/date.h"

#include "certsweep/der.h"
#include "certsweep/error.h"

#include <stddef.h>

/* n decimal digits at s; -1 on anything else (signs and spaces included). */
static int digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
	static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

int sweep_date_parse(int64_t *out, const char *s)
{
	unsigned y, mo, d, h = 0, mi = 0, sec = 0;
	size_t i;

	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		return SWEEP_EINVAL;
	i = 10;
	if (s[i] == 'T' || s[i] == ' ') {
		if (digits(s + i + 1, 2, &h) || s[i + 3] != ':' || digits(s + i + 4, 2, &mi))
			return SWEEP_EINVAL;
		i += 6;
		if (s[i] == ':') {
			if (digits(s + i + 1, 2, &sec))
				return SWEEP_EINVAL;
			i += 3;
		}
		if (s[i] == 'Z')
			i++;
	}
	if (s[i] != '\0')
		return SWEEP_EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
		return SWEEP_EINVAL;
	*out = sweep_days_from_civil((int)y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}
