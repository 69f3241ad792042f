/* RFC 6962 3.2: a final certificate's TBSCertificate, without its SCT-list
 * extension, is its precertificate's TBSCertificate without the poison
 * extension. This file canonicalises a TBS to that common form and says
 * which fields differ when the two do not correspond. */
#include "certsweep/corpus.h"

#include "certsweep/cert.h"
#include "certsweep/der.h"
#include "certsweep/oid.h"

#include <stdio.h>
#include <string.h>

enum { F_VERSION, F_SERIAL, F_SIG, F_ISSUER, F_VALIDITY, F_SUBJECT, F_SPKI, F_IUID, F_SUID, F_EXTS, F_COUNT };

struct tbs_fields {
	struct der_tlv f[F_COUNT];
	int present[F_COUNT];
};

/* The fields of a TBSCertificate TLV, by position and tag. */
static int tbs_split(struct tbs_fields *out, const uint8_t *tbs, size_t len, struct sweep_error *err)
{
	struct der_cursor outer = der_cursor_of(tbs, len), cur;
	struct der_tlv seq, t;
	static const unsigned fixed[] = { DER_INTEGER, DER_SEQUENCE, DER_SEQUENCE, DER_SEQUENCE, DER_SEQUENCE,
					  DER_SEQUENCE };

	memset(out, 0, sizeof(*out));
	if (der_expect(&outer, DER_SEQUENCE, &seq) < 0)
		return sweep_error_set(err, SWEEP_EDECODE, "TBSCertificate is not a SEQUENCE");
	cur = der_inside(&seq);
	if (der_optional(&cur, DER_CONTEXT_CONS(0), &out->f[F_VERSION]) == 0)
		out->present[F_VERSION] = 1;
	for (int i = 0; i < 6; i++) {
		if (der_expect(&cur, fixed[i], &out->f[F_SERIAL + i]) < 0)
			return sweep_error_set(err, SWEEP_EDECODE, "TBSCertificate field %d is malformed", i + 1);
		out->present[F_SERIAL + i] = 1;
	}
	for (;;) {
		int rc = der_next(&cur, &t), slot;

		if (rc == DER_END)
			break;
		if (rc < 0)
			return sweep_error_set(err, SWEEP_EDECODE, "TBSCertificate trailing fields are malformed");
		switch (t.tag & 0xdf) { /* primitive or constructed alike */
		case DER_CONTEXT(1): slot = F_IUID; break;
		case DER_CONTEXT(2): slot = F_SUID; break;
		case DER_CONTEXT(3): slot = F_EXTS; break;
		default: return sweep_error_set(err, SWEEP_EDECODE, "TBSCertificate has an unexpected field (tag 0x%02x)", t.tag);
		}
		out->f[slot] = t;
		out->present[slot] = 1;
	}
	return 0;
}

/* A TLV header (tag, DER length of n) into out (10 octets at most); its length. */
static size_t put_len(uint8_t out[10], unsigned tag, size_t n)
{
	size_t k = 0;

	out[0] = (uint8_t)tag;
	if (n < 0x80) {
		out[1] = (uint8_t)n;
		return 2;
	}
	for (size_t v = n; v; v >>= 8)
		k++;
	out[1] = (uint8_t)(0x80 | k);
	for (size_t i = 0; i < k; i++)
		out[2 + i] = (uint8_t)(n >> (8 * (k - 1 - i)));
	return 2 + k;
}

struct ext_view {
	const uint8_t *oid;
	size_t oid_len;
	const uint8_t *raw;
	size_t raw_len;
};

/* Extensions of a [3] field, the CT poison and SCT list left out. *n is the
 * capacity on entry and the count on return; more than fit is an error. */
static int exts_split(struct ext_view *out, size_t *n, const struct der_tlv *exts)
{
	struct der_cursor c = der_inside(exts), list;
	struct der_tlv seq, ext, oid;
	size_t cap = *n, k = 0;

	if (der_expect(&c, DER_SEQUENCE, &seq) < 0)
		return SWEEP_EDECODE;
	list = der_inside(&seq);
	for (;;) {
		int rc = der_next(&list, &ext);
		struct der_cursor e;

		if (rc == DER_END)
			break;
		if (rc < 0 || ext.tag != DER_SEQUENCE)
			return SWEEP_EDECODE;
		e = der_inside(&ext);
		if (der_expect(&e, DER_OID, &oid) < 0)
			return SWEEP_EDECODE;
		if (SWEEP_OID_EQ(oid.val, oid.len, OID_EXT_CT_POISON) || SWEEP_OID_EQ(oid.val, oid.len, OID_EXT_CT_SCTS))
			continue;
		if (k == cap)
			return SWEEP_EDECODE;
		out[k].oid = oid.val;
		out[k].oid_len = oid.len;
		out[k].raw = ext.raw;
		out[k].raw_len = ext.raw_len;
		k++;
	}
	*n = k;
	return 0;
}

#define MAX_EXTS 256 /* far above any real certificate; more is reported as undecodable */

/* The canonical TBSCertificate as the byte ranges that make it, in order:
 * the original TBS with the CT poison and SCT list extensions left out (and
 * the [3] field dropped when nothing is left in it), under new headers
 * written to hdr (room for 3 headers of 10 octets). Ranges point into tbs,
 * exts' raw TLVs and hdr; n is the count. */
enum { TBS_PARTS = F_COUNT + MAX_EXTS + 3 };
struct tbs_view {
	struct sweep_span parts[TBS_PARTS];
	size_t n;
	uint8_t hdr[30];
};

static int tbs_view_of(struct tbs_view *v, const uint8_t *tbs, size_t tbs_len, struct sweep_error *err)
{
	struct sweep_span *parts = v->parts;
	uint8_t *hdr = v->hdr;
	struct tbs_fields tf;
	struct ext_view exts[MAX_EXTS];
	size_t n_ext = MAX_EXTS, body = 0, ext_body = 0, k = 0;
	int rc = tbs_split(&tf, tbs, tbs_len, err);

	if (rc < 0)
		return rc;
	if (tf.present[F_EXTS] && exts_split(exts, &n_ext, &tf.f[F_EXTS]) < 0)
		return sweep_error_set(err, SWEEP_EDECODE, "TBSCertificate extensions are malformed");
	if (!tf.present[F_EXTS])
		n_ext = 0;
	for (int i = 0; i < F_EXTS; i++)
		if (tf.present[i])
			body += tf.f[i].raw_len;
	for (size_t i = 0; i < n_ext; i++)
		ext_body += exts[i].raw_len;

	/* [3] { SEQUENCE { ext... } }, dropped when nothing is left in it */
	uint8_t seq_hdr[10], ext_hdr[10];
	size_t seq_hdr_len = 0, ext_hdr_len = 0;
	if (n_ext) {
		seq_hdr_len = put_len(seq_hdr, DER_SEQUENCE, ext_body);
		ext_hdr_len = put_len(ext_hdr, DER_CONTEXT_CONS(3), seq_hdr_len + ext_body);
		body += ext_hdr_len + seq_hdr_len + ext_body;
	}
	size_t top = put_len(hdr, DER_SEQUENCE, body);
	parts[k++] = (struct sweep_span){ hdr, top };
	for (int i = 0; i < F_EXTS; i++)
		if (tf.present[i])
			parts[k++] = (struct sweep_span){ tf.f[i].raw, tf.f[i].raw_len };
	if (n_ext) {
		/* the two headers together, after the top one */
		memcpy(hdr + top, ext_hdr, ext_hdr_len);
		memcpy(hdr + top + ext_hdr_len, seq_hdr, seq_hdr_len);
		parts[k++] = (struct sweep_span){ hdr + top, ext_hdr_len + seq_hdr_len };
		for (size_t i = 0; i < n_ext; i++)
			parts[k++] = (struct sweep_span){ exts[i].raw, exts[i].raw_len };
	}
	v->n = k;
	return 0;
}

int sweep_tbs_canonical(struct sweep_buf *out, const uint8_t *tbs, size_t tbs_len, struct sweep_error *err)
{
	struct tbs_view v;
	int rc = tbs_view_of(&v, tbs, tbs_len, err);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < v.n; i++)
		sweep_buf_add(out, v.parts[i].p, v.parts[i].len);
	if (out->oom)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory canonicalising a TBSCertificate");
	return 0;
}

/* Hashed range by range: the canonical TBS is never built (issue #17: it
 * was built in a fresh buffer for every row a corpus check reads). */
int sweep_tbs_sha256(uint8_t out[32], const uint8_t *tbs, size_t tbs_len, struct sweep_error *err)
{
	struct tbs_view v;
	int rc = tbs_view_of(&v, tbs, tbs_len, err);

	if (rc < 0)
		return rc;
	if (sweep_sha256_parts(out, v.parts, v.n))
		return sweep_error_set(err, SWEEP_ENOMEM, "SHA-256 failed on a TBSCertificate");
	return 0;
}

static int tlv_equal(const struct tbs_fields *a, const struct tbs_fields *b, int i)
{
	if (a->present[i] != b->present[i])
		return 0;
	return !a->present[i] ||
	       (a->f[i].raw_len == b->f[i].raw_len && memcmp(a->f[i].raw, b->f[i].raw, a->f[i].raw_len) == 0);
}

static const struct ext_view *ext_find(const struct ext_view *v, size_t n, const struct ext_view *key, size_t *at)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].oid_len == key->oid_len && memcmp(v[i].oid, key->oid, key->oid_len) == 0) {
			*at = i;
			return &v[i];
		}
	return NULL;
}

static void note(struct sweep_buf *d, const char *what)
{
	if (!d)
		return;
	if (d->len)
		sweep_buf_puts(d, "; ");
	sweep_buf_puts(d, what);
}

static void note_ext(struct sweep_buf *d, const struct ext_view *e, const char *how)
{
	char oid[128];

	if (!d)
		return;
	if (der_oid_text(e->oid, e->oid_len, oid, sizeof(oid)) < 0)
		snprintf(oid, sizeof(oid), "(bad OID)");
	if (d->len)
		sweep_buf_puts(d, "; ");
	sweep_buf_printf(d, "extension %s %s", oid, how);
}

int sweep_tbs_diff(unsigned *out, const uint8_t *pre_tbs, size_t pre_len, const uint8_t *fin_tbs, size_t fin_len,
		   unsigned flags, struct sweep_buf *details, struct sweep_error *err)
{
	static const struct {
		int field;
		unsigned bit;
		const char *name;
	} plain[] = {
		{ F_VERSION, SWEEP_TBS_VERSION, "version" },     { F_SERIAL, SWEEP_TBS_SERIAL, "serialNumber" },
		{ F_SIG, SWEEP_TBS_SIGNATURE, "signature" },     { F_ISSUER, SWEEP_TBS_ISSUER, "issuer" },
		{ F_VALIDITY, SWEEP_TBS_VALIDITY, "validity" },  { F_SUBJECT, SWEEP_TBS_SUBJECT, "subject" },
		{ F_SPKI, SWEEP_TBS_SPKI, "subjectPublicKeyInfo" }, { F_IUID, SWEEP_TBS_UNIQUE_IDS, "issuerUniqueID" },
		{ F_SUID, SWEEP_TBS_UNIQUE_IDS, "subjectUniqueID" },
	};
	struct tbs_fields a, b;
	struct ext_view ea[MAX_EXTS], eb[MAX_EXTS];
	size_t na = MAX_EXTS, nb = MAX_EXTS, at;
	unsigned mask = 0;
	int rc;

	*out = 0;
	rc = tbs_split(&a, pre_tbs, pre_len, err);
	if (rc == 0)
		rc = tbs_split(&b, fin_tbs, fin_len, err);
	if (rc < 0)
		return rc;
	if ((a.present[F_EXTS] && exts_split(ea, &na, &a.f[F_EXTS]) < 0) ||
	    (b.present[F_EXTS] && exts_split(eb, &nb, &b.f[F_EXTS]) < 0))
		return sweep_error_set(err, SWEEP_EDECODE, "TBSCertificate extensions are malformed");
	if (!a.present[F_EXTS])
		na = 0;
	if (!b.present[F_EXTS])
		nb = 0;

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (plain[i].field == F_ISSUER && (flags & SWEEP_TBS_PRECERT_SIGNING_CA))
			continue;
		if (!tlv_equal(&a, &b, plain[i].field)) {
			mask |= plain[i].bit;
			note(details, plain[i].name);
		}
	}

	/* Extensions: present in one only, different, or in another order. */
	int order_differs = 0;
	size_t last_at = 0;
	for (size_t i = 0; i < na; i++) {
		const struct ext_view *o = ext_find(eb, nb, &ea[i], &at);
		int aki = SWEEP_OID_EQ(ea[i].oid, ea[i].oid_len, OID_EXT_AKID);

		if (!o) {
			mask |= SWEEP_TBS_EXTENSIONS;
			note_ext(details, &ea[i], "only in the precertificate");
			continue;
		}
		if (at < last_at)
			order_differs = 1; /* the common extensions appear in another relative order */
		last_at = at;
		if ((o->raw_len != ea[i].raw_len || memcmp(o->raw, ea[i].raw, o->raw_len) != 0) &&
		    !(aki && (flags & SWEEP_TBS_PRECERT_SIGNING_CA))) {
			mask |= SWEEP_TBS_EXTENSIONS;
			note_ext(details, &ea[i], "differs");
		}
	}
	for (size_t i = 0; i < nb; i++)
		if (!ext_find(ea, na, &eb[i], &at)) {
			mask |= SWEEP_TBS_EXTENSIONS;
			note_ext(details, &eb[i], "only in the final certificate");
		}
	if (order_differs) {
		mask |= SWEEP_TBS_EXTENSION_ORDER;
		note(details, "extension order");
	}
	*out = mask;
	return 0;
}
