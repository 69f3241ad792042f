#include "certsweep/der.h"

#include "certsweep/error.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Nesting bound for indefinite lengths: each level recurses once, and real
 * certificates nest well under 20 levels. */
enum { BER_MAX_DEPTH = 32 };

/* Parse the TLV at p (avail bytes): header size, contents length and the
 * total size including any end-of-contents octets. */
static int tlv_at(const uint8_t *p, size_t avail, int depth, size_t *hdr_out, size_t *len_out, size_t *total_out,
		  unsigned *ber)
{
	size_t hdr = 1, len;

	if (avail < 2)
		return SWEEP_EDECODE;
	if ((p[0] & 0x1f) == 0x1f) {
		/* high tag number: base-128 octets, the last without bit 8, as
		 * many as OpenSSL's d2i reads (a number up to INT_MAX: a CT
		 * project's test certificate carries a 29-bit one) */
		size_t k = 1;
		uint64_t v = 0;
		while (k < avail && (p[k] & 0x80)) {
			v = v << 7 | (p[k] & 0x7f);
			if (v > (INT_MAX >> 7))
				return SWEEP_EDECODE;
			k++;
		}
		if (k >= avail)
			return SWEEP_EDECODE;
		hdr = k + 1;
		*ber |= DER_BER_HIGH_TAG;
	}
	if (avail < hdr + 1)
		return SWEEP_EDECODE;
	len = p[hdr];
	hdr++;
	if (len == 0x80) {
		/* indefinite: constructed only, contents run to an end-of-contents 00 00 */
		size_t pos = hdr;
		if (!(p[0] & 0x20) || depth >= BER_MAX_DEPTH)
			return SWEEP_EDECODE;
		*ber |= DER_BER_INDEFINITE;
		for (;;) {
			size_t h, l, t;
			if (avail - pos >= 2 && p[pos] == 0 && p[pos + 1] == 0)
				break;
			if (tlv_at(p + pos, avail - pos, depth + 1, &h, &l, &t, ber))
				return SWEEP_EDECODE;
			pos += t;
		}
		*hdr_out = hdr;
		*len_out = pos - hdr;
		*total_out = pos + 2;
		return 0;
	}
	if (len & 0x80) {
		size_t n = len & 0x7f;
		if (n > 8 || avail - hdr < n)
			return SWEEP_EDECODE;
		len = 0;
		for (size_t i = 0; i < n; i++) {
			if (len >> 56)
				return SWEEP_EDECODE;
			len = (len << 8) | p[hdr + i];
		}
		/* DER: the fewest octets, and the short form below 128 */
		if (len < 128 || p[hdr] == 0)
			*ber |= DER_BER_LONG_LENGTH;
		hdr += n;
	}
	if (len > avail - hdr)
		return SWEEP_EDECODE;
	*hdr_out = hdr;
	*len_out = len;
	*total_out = hdr + len;
	return 0;
}

int der_next_slow(struct der_cursor *cur, struct der_tlv *out)
{
	size_t hdr, len, total;
	unsigned ber = 0;

	if (cur->len == 0)
		return DER_END;
	if (tlv_at(cur->p, cur->len, 0, &hdr, &len, &total, &ber))
		return SWEEP_EDECODE;
	out->tag = cur->p[0];
	out->val = cur->p + hdr;
	out->len = len;
	out->raw = cur->p;
	out->raw_len = total;
	out->ber = ber;
	cur->p += total;
	cur->len -= total;
	return 0;
}

int64_t sweep_days_from_civil(int y, unsigned m, unsigned d)
{
	/* Howard Hinnant's algorithm: exact for the proleptic Gregorian calendar. */
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void sweep_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400) + (*m <= 2);
}

static int digits(const uint8_t *p, size_t n, unsigned *out)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	*out = v;
	return 0;
}

int der_time(const struct der_tlv *t, int64_t *out)
{
	unsigned quirks = 0;
	int64_t v;

	/* RFC 5280 4.1.2.5: seconds present, 'Z', no fractions. */
	if (der_time_lenient(t, &v, &quirks) || quirks)
		return SWEEP_EDECODE;
	*out = v;
	return 0;
}

int der_time_lenient(const struct der_tlv *t, int64_t *out, unsigned *quirks)
{
	unsigned y, mo, d, h, mi, s = 0, oh = 0, om = 0;
	const uint8_t *p = t->val;
	size_t n = t->len, ylen, i;
	int64_t offset = 0;

	if (t->tag == DER_UTCTIME)
		ylen = 2;
	else if (t->tag == DER_GENERALIZEDTIME)
		ylen = 4;
	else
		return SWEEP_EDECODE;
	if (n < ylen + 8 || digits(p, ylen, &y) || digits(p + ylen, 2, &mo) || digits(p + ylen + 2, 2, &d) ||
	    digits(p + ylen + 4, 2, &h) || digits(p + ylen + 6, 2, &mi))
		return SWEEP_EDECODE;
	i = ylen + 8;
	if (n >= i + 2 && digits(p + i, 2, &s) == 0)
		i += 2;
	else
		*quirks |= DER_TIME_NO_SECONDS;
	if (i < n && (p[i] == '.' || p[i] == ',')) {
		/* fractions are dropped: the lints work in whole seconds */
		size_t k = i + 1;
		while (k < n && p[k] >= '0' && p[k] <= '9')
			k++;
		if (k == i + 1)
			return SWEEP_EDECODE;
		*quirks |= DER_TIME_FRACTION;
		i = k;
	}
	if (i < n && p[i] == 'Z') {
		i++;
	} else if (i < n && (p[i] == '+' || p[i] == '-')) {
		if (n - i < 5 || digits(p + i + 1, 2, &oh) || digits(p + i + 3, 2, &om) || oh > 23 || om > 59)
			return SWEEP_EDECODE;
		offset = (int64_t)(oh * 3600 + om * 60) * (p[i] == '+' ? 1 : -1);
		*quirks |= DER_TIME_NOT_ZULU;
		i += 5;
	} else {
		*quirks |= DER_TIME_NOT_ZULU; /* local time of an unknown zone, read as UTC */
	}
	if (i != n)
		return SWEEP_EDECODE;
	if (ylen == 2)
		y += y >= 50 ? 1900 : 2000;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return SWEEP_EDECODE;
	*out = sweep_days_from_civil((int)y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
	return 0;
}

int der_oid_text(const uint8_t *oid, size_t len, char *buf, size_t bufsz)
{
	size_t used = 0;
	uint64_t v = 0;
	int first = 1, n;

	if (len == 0 || bufsz == 0 || (oid[len - 1] & 0x80))
		return SWEEP_EDECODE;
	for (size_t i = 0; i < len; i++) {
		if (v > (UINT64_MAX >> 7))
			return SWEEP_EDECODE;
		v = (v << 7) | (oid[i] & 0x7f);
		if (oid[i] & 0x80)
			continue;
		if (first) {
			unsigned arc1 = v < 40 ? 0 : v < 80 ? 1 : 2;
			n = snprintf(buf + used, bufsz - used, "%u.%llu", arc1,
				     (unsigned long long)(v - 40ull * arc1));
			first = 0;
		} else {
			n = snprintf(buf + used, bufsz - used, ".%llu", (unsigned long long)v);
		}
		if (n < 0 || (size_t)n >= bufsz - used)
			return SWEEP_EDECODE;
		used += (size_t)n;
		v = 0;
	}
	return 0;
}

void sweep_time_iso(int64_t t, char buf[21])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400;
	int y;
	unsigned m, d;

	sweep_civil_from_days(days, &y, &m, &d);
	/* years outside 0..9999 cannot come from DER times; clamp for safety */
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	/* "%04d-%02u-%02uT%02u:%02u:%02uZ" by hand (issue #17: snprintf was ~2% of
	 * an all-lints audit, every line of every output showing dates) */
	const unsigned v[6] = { (unsigned)y, m % 100, d % 100, (unsigned)(secs / 3600) % 100,
				(unsigned)(secs / 60 % 60), (unsigned)(secs % 60) };
	static const char sep[5] = { '-', '-', 'T', ':', ':' };
	char *p = buf;
	*p++ = (char)('0' + v[0] / 1000);
	*p++ = (char)('0' + v[0] / 100 % 10);
	*p++ = (char)('0' + v[0] / 10 % 10);
	*p++ = (char)('0' + v[0] % 10);
	for (int i = 1; i < 6; i++) {
		*p++ = sep[i - 1];
		*p++ = (char)('0' + v[i] / 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	*p++ = 'Z';
	*p = '\0';
}

int sweep_time_parse(const char *s, int64_t *out)
{
	unsigned y, mo, d, h = 0, mi = 0, sec = 0;
	size_t n = strlen(s);
	const uint8_t *p = (const uint8_t *)s;

	if (n < 10 || p[4] != '-' || p[7] != '-' || digits(p, 4, &y) || digits(p + 5, 2, &mo) ||
	    digits(p + 8, 2, &d))
		return SWEEP_EINVAL;
	if (n > 10) {
		if ((p[10] != 'T' && p[10] != ' ') || n < 16 || p[13] != ':' || digits(p + 11, 2, &h) ||
		    digits(p + 14, 2, &mi))
			return SWEEP_EINVAL;
		size_t rest = 16;
		if (n >= 19 && p[16] == ':') {
			if (digits(p + 17, 2, &sec))
				return SWEEP_EINVAL;
			rest = 19;
		}
		if (!(n == rest || (n == rest + 1 && p[rest] == 'Z')))
			return SWEEP_EINVAL;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return SWEEP_EINVAL;
	*out = sweep_days_from_civil((int)y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}
