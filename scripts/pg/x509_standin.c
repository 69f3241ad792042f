/* C stand-ins for libx509pq's functions that crt.sh's certificate table is
 * partitioned and indexed on (queries/crtsh/schema-real.sql): the same names
 * and signatures, computed with a small bounds-checked DER walk. The
 * PL/pgSQL stand-ins in schema-real.sql give the plans crt.sh's shape but
 * cost ~0.75 ms a row to load; libx509pq's C functions cost microseconds,
 * and so do these. Only for scripts/bench-issuer.sh: built against the
 * server's headers (postgresql-server-dev-15) and created by absolute path.
 * A value this walk cannot find is NULL (as libx509pq on a bad certificate). */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "datatype/timestamp.h"

PG_MODULE_MAGIC;

struct tlv {
	const unsigned char *p; /* the element's first byte */
	size_t hdr, len;        /* header and content lengths */
};

/* The element at p (within end), or 0 when it does not fit. */
static int tlv_at(struct tlv *t, const unsigned char *p, const unsigned char *end)
{
	size_t n, len = 0;

	if (end - p < 2)
		return 0;
	t->p = p;
	if (p[1] < 0x80) {
		t->hdr = 2;
		len = p[1];
	} else {
		n = p[1] & 0x7f;
		if (n == 0 || n > 4 || (size_t)(end - p) < 2 + n)
			return 0;
		for (size_t i = 0; i < n; i++)
			len = len << 8 | p[2 + i];
		t->hdr = 2 + n;
	}
	if ((size_t)(end - p) - t->hdr < len)
		return 0;
	t->len = len;
	return 1;
}

/* The k-th field of TBSCertificate (0 = serialNumber), the optional [0]
 * version skipped. */
static int tbs_field(struct tlv *out, bytea *der, int k)
{
	const unsigned char *p = (const unsigned char *)VARDATA_ANY(der);
	const unsigned char *end = p + VARSIZE_ANY_EXHDR(der);
	struct tlv cert, tbs, e;
	const unsigned char *q, *tend;

	if (!tlv_at(&cert, p, end) || !tlv_at(&tbs, p + cert.hdr, p + cert.hdr + cert.len))
		return 0;
	q = tbs.p + tbs.hdr;
	tend = q + tbs.len;
	if (!tlv_at(&e, q, tend))
		return 0;
	if (e.p[0] == 0xa0)
		k++;
	for (int i = 0; i < k; i++) {
		q = e.p + e.hdr + e.len;
		if (!tlv_at(&e, q, tend))
			return 0;
	}
	*out = e;
	return 1;
}

static bytea *copy_bytes(const unsigned char *p, size_t n)
{
	bytea *r = (bytea *)palloc(VARHDRSZ + n);

	SET_VARSIZE(r, VARHDRSZ + n);
	memcpy(VARDATA(r), p, n);
	return r;
}

static int digits(const unsigned char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* notBefore (which 0) or notAfter (1) as a timestamp without time zone. */
static Datum validity_time(PG_FUNCTION_ARGS, int which)
{
	struct tlv v, t;
	const unsigned char *s;
	int y, mo, d, h, mi, sec;
	struct pg_tm tm;
	Timestamp ts;

	if (!tbs_field(&v, PG_GETARG_BYTEA_PP(0), 3) || !tlv_at(&t, v.p + v.hdr, v.p + v.hdr + v.len))
		PG_RETURN_NULL();
	if (which && !tlv_at(&t, t.p + t.hdr + t.len, v.p + v.hdr + v.len))
		PG_RETURN_NULL();
	s = t.p + t.hdr;
	if (t.p[0] == 23 && t.len >= 12) {
		y = digits(s, 2);
		y += y < 50 ? 2000 : 1900;
		s += 2;
	} else if (t.p[0] == 24 && t.len >= 14) {
		y = digits(s, 4);
		s += 4;
	} else
		PG_RETURN_NULL();
	mo = digits(s, 2), d = digits(s + 2, 2), h = digits(s + 4, 2), mi = digits(s + 6, 2), sec = digits(s + 8, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
		PG_RETURN_NULL();
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y, tm.tm_mon = mo, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = sec == 60 ? 59 : sec;
	if (tm2timestamp(&tm, 0, NULL, &ts) != 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMP(ts);
}

PG_FUNCTION_INFO_V1(x509_notbefore);
Datum x509_notbefore(PG_FUNCTION_ARGS)
{
	return validity_time(fcinfo, 0);
}

PG_FUNCTION_INFO_V1(x509_notafter);
Datum x509_notafter(PG_FUNCTION_ARGS)
{
	return validity_time(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(x509_serialnumber);
Datum x509_serialnumber(PG_FUNCTION_ARGS)
{
	struct tlv e;

	if (!tbs_field(&e, PG_GETARG_BYTEA_PP(0), 0))
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(copy_bytes(e.p + e.hdr, e.len));
}

/* x509_name(cert, subject DEFAULT TRUE): the whole Name element. */
PG_FUNCTION_INFO_V1(x509_name);
Datum x509_name(PG_FUNCTION_ARGS)
{
	struct tlv e;

	if (!tbs_field(&e, PG_GETARG_BYTEA_PP(0), PG_GETARG_BOOL(1) ? 4 : 2))
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(copy_bytes(e.p, e.hdr + e.len));
}

PG_FUNCTION_INFO_V1(x509_publickey);
Datum x509_publickey(PG_FUNCTION_ARGS)
{
	struct tlv e;

	if (!tbs_field(&e, PG_GETARG_BYTEA_PP(0), 5))
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(copy_bytes(e.p, e.hdr + e.len));
}
