/* Certificate decoding with a bounds-checked DER walk. OpenSSL's d2i_X509
 * spends ~90% of its time decoding the public key (DESIGN.md 5); certsweep
 * needs only a few key facts, read lazily from the SPKI bytes. */
#include "certsweep/cert.h"

#include "certsweep/der.h"
#include "certsweep/oid.h"

#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

void sweep_cert_init(struct sweep_cert *cert)
{
	memset(cert, 0, sizeof(*cert));
}

void sweep_cert_release(struct sweep_cert *cert)
{
	free(cert->issuer.attrs);
	free(cert->subject.attrs);
	free(cert->exts);
	free(cert->san);
	free(cert->policies);
	free(cert->eku);
	memset(cert, 0, sizeof(*cert));
}

/* Grow *arr so that index n fits; keeps the old buffer on failure. */
static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = realloc(*arr, ncap * elem);
	if (!p)
		return SWEEP_ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

#define FAIL(what) return sweep_error_set(err, SWEEP_EDECODE, "%s", what)

static int decode_name(const struct der_tlv *tlv, struct sweep_name *name, struct sweep_error *err)
{
	struct der_cursor rdns = der_inside(tlv);
	struct der_tlv rdn, atv, type, value;
	int rc;

	name->der = tlv->raw;
	name->der_len = tlv->raw_len;
	name->n = 0;
	name->n_rdn = 0;
	for (;;) {
		rc = der_next(&rdns, &rdn);
		if (rc)
			break;
		if (rdn.tag != DER_SET)
			FAIL("Name: RelativeDistinguishedName is not a SET");
		struct der_cursor atvs = der_inside(&rdn);
		int any = 0;
		for (;;) {
			rc = der_next(&atvs, &atv);
			if (rc)
				break;
			if (atv.tag != DER_SEQUENCE)
				FAIL("Name: AttributeTypeAndValue is not a SEQUENCE");
			struct der_cursor in = der_inside(&atv);
			if (der_expect(&in, DER_OID, &type) || der_next(&in, &value) || in.len)
				FAIL("Name: malformed AttributeTypeAndValue");
			if (grow((void **)&name->attrs, &name->cap, name->n, sizeof(*name->attrs)))
				return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			struct sweep_attr *a = &name->attrs[name->n++];
			a->oid = type.val;
			a->oid_len = type.len;
			a->tag = value.tag;
			a->val = value.val;
			a->len = value.len;
			a->raw = value.raw;
			a->raw_len = value.raw_len;
			a->rdn = name->n_rdn;
			any = 1;
		}
		if (rc < 0)
			FAIL("Name: truncated RDN");
		if (!any)
			FAIL("Name: empty RDN");
		name->n_rdn++;
	}
	if (rc < 0)
		FAIL("Name: truncated");
	return 0;
}

static int decode_alg(struct der_cursor *cur, struct sweep_oidref *oid, const uint8_t **params,
		      size_t *params_len)
{
	struct der_tlv seq, o, p;

	if (der_expect(cur, DER_SEQUENCE, &seq))
		return SWEEP_EDECODE;
	struct der_cursor in = der_inside(&seq);
	if (der_expect(&in, DER_OID, &o))
		return SWEEP_EDECODE;
	oid->oid = o.val;
	oid->len = o.len;
	if (params) {
		*params = NULL;
		*params_len = 0;
	}
	if (in.len) {
		if (der_next(&in, &p) || in.len)
			return SWEEP_EDECODE;
		if (params) {
			*params = p.raw;
			*params_len = p.raw_len;
		}
	}
	return 0;
}

static int decode_san(struct sweep_cert *c, const struct sweep_ext *e, struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(e->val, e->len), in;
	struct der_tlv seq, gn;
	int rc;

	if (der_expect(&cur, DER_SEQUENCE, &seq) || cur.len)
		FAIL("subjectAltName: not a SEQUENCE");
	in = der_inside(&seq);
	for (;;) {
		rc = der_next(&in, &gn);
		if (rc)
			break;
		if ((gn.tag & 0xc0) != 0x80)
			FAIL("subjectAltName: GeneralName is not context-tagged");
		if (grow((void **)&c->san, &c->cap_san, c->n_san, sizeof(*c->san)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		c->san[c->n_san].tag = gn.tag & 0x1f;
		c->san[c->n_san].val = gn.val;
		c->san[c->n_san].len = gn.len;
		c->n_san++;
	}
	if (rc < 0)
		FAIL("subjectAltName: truncated");
	c->has_san = 1;
	return 0;
}

static int decode_oid_seq(const struct sweep_ext *e, int policy_info, struct sweep_oidref **arr,
			  size_t *n, size_t *cap, struct sweep_error *err, const char *what)
{
	struct der_cursor cur = der_cursor_of(e->val, e->len), in;
	struct der_tlv seq, item, oid;
	int rc;

	if (der_expect(&cur, DER_SEQUENCE, &seq) || cur.len)
		return sweep_error_set(err, SWEEP_EDECODE, "%s: not a SEQUENCE", what);
	in = der_inside(&seq);
	for (;;) {
		rc = der_next(&in, &item);
		if (rc)
			break;
		if (policy_info) {
			struct der_cursor pi;
			if (item.tag != DER_SEQUENCE)
				return sweep_error_set(err, SWEEP_EDECODE, "%s: malformed PolicyInformation", what);
			pi = der_inside(&item);
			if (der_expect(&pi, DER_OID, &oid))
				return sweep_error_set(err, SWEEP_EDECODE, "%s: malformed policyIdentifier", what);
		} else {
			if (item.tag != DER_OID)
				return sweep_error_set(err, SWEEP_EDECODE, "%s: element is not an OID", what);
			oid = item;
		}
		if (grow((void **)arr, cap, *n, sizeof(**arr)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		(*arr)[*n].oid = oid.val;
		(*arr)[*n].len = oid.len;
		(*n)++;
	}
	if (rc < 0)
		return sweep_error_set(err, SWEEP_EDECODE, "%s: truncated", what);
	return 0;
}

static int decode_basic_constraints(struct sweep_cert *c, const struct sweep_ext *e,
				    struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(e->val, e->len), in;
	struct der_tlv seq, t;

	if (der_expect(&cur, DER_SEQUENCE, &seq) || cur.len)
		FAIL("basicConstraints: not a SEQUENCE");
	in = der_inside(&seq);
	c->has_basic_constraints = 1;
	c->path_len = -1;
	if (der_optional(&in, DER_BOOLEAN, &t) == 0) {
		if (t.len != 1)
			FAIL("basicConstraints: bad BOOLEAN");
		c->is_ca = t.val[0] != 0;
	}
	if (der_optional(&in, DER_INTEGER, &t) == 0) {
		if (t.len < 1 || t.len > 2 || (t.val[0] & 0x80))
			FAIL("basicConstraints: bad pathLenConstraint");
		c->path_len = t.len == 1 ? t.val[0] : (t.val[0] << 8) | t.val[1];
	}
	if (in.len)
		FAIL("basicConstraints: trailing data");
	return 0;
}

static int decode_key_usage(struct sweep_cert *c, const struct sweep_ext *e, struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(e->val, e->len);
	struct der_tlv bs;

	if (der_expect(&cur, DER_BIT_STRING, &bs) || cur.len || bs.len < 1 || bs.val[0] > 7)
		FAIL("keyUsage: not a BIT STRING");
	c->has_key_usage = 1;
	c->key_usage = 0;
	for (size_t i = 1; i < bs.len && i < 3; i++)
		for (unsigned b = 0; b < 8; b++)
			if (bs.val[i] & (0x80u >> b))
				c->key_usage |= 1u << ((i - 1) * 8 + b);
	return 0;
}

static int decode_extensions(struct sweep_cert *c, const struct der_tlv *outer, struct sweep_error *err)
{
	struct der_cursor cur = der_inside(outer), exts;
	struct der_tlv seq, ext, oid, crit, val;
	int rc;

	if (der_expect(&cur, DER_SEQUENCE, &seq) || cur.len)
		FAIL("extensions: not a SEQUENCE");
	exts = der_inside(&seq);
	for (;;) {
		rc = der_next(&exts, &ext);
		if (rc)
			break;
		if (ext.tag != DER_SEQUENCE)
			FAIL("extensions: Extension is not a SEQUENCE");
		struct der_cursor in = der_inside(&ext);
		if (der_expect(&in, DER_OID, &oid))
			FAIL("extensions: missing extnID");
		int critical = 0;
		if (der_optional(&in, DER_BOOLEAN, &crit) == 0) {
			if (crit.len != 1)
				FAIL("extensions: bad critical flag");
			critical = crit.val[0] != 0;
		}
		if (der_expect(&in, DER_OCTET_STRING, &val) || in.len)
			FAIL("extensions: malformed extnValue");
		for (size_t i = 0; i < c->n_ext; i++)
			if (c->exts[i].oid_len == oid.len && memcmp(c->exts[i].oid, oid.val, oid.len) == 0)
				c->duplicate_extension = 1; /* RFC 5280 4.2: a lint, not a decode failure */
		if (grow((void **)&c->exts, &c->cap_ext, c->n_ext, sizeof(*c->exts)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		struct sweep_ext *e = &c->exts[c->n_ext++];
		e->oid = oid.val;
		e->oid_len = oid.len;
		e->critical = critical;
		e->val = val.val;
		e->len = val.len;
	}
	if (rc < 0)
		FAIL("extensions: truncated");

	for (size_t i = 0; i < c->n_ext; i++) {
		const struct sweep_ext *e = &c->exts[i];
		if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_SAN)) {
			if (!c->has_san) {
				rc = decode_san(c, e, err);
				if (rc)
					return rc;
			}
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_POLICIES)) {
			if (!c->has_policies) {
				rc = decode_oid_seq(e, 1, &c->policies, &c->n_policies, &c->cap_policies, err,
						    "certificatePolicies");
				if (rc)
					return rc;
			}
			c->has_policies = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_EKU)) {
			if (!c->has_eku) {
				rc = decode_oid_seq(e, 0, &c->eku, &c->n_eku, &c->cap_eku, err, "extKeyUsage");
				if (rc)
					return rc;
			}
			c->has_eku = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_BASIC_CONSTRAINTS)) {
			rc = decode_basic_constraints(c, e, err);
			if (rc)
				return rc;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_KEY_USAGE)) {
			rc = decode_key_usage(c, e, err);
			if (rc)
				return rc;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_CT_POISON)) {
			c->is_precert = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_CT_SCTS)) {
			c->has_sct_list = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_AIA)) {
			c->has_aia = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_CRLDP)) {
			c->has_crldp = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_SKID)) {
			c->has_skid = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_AKID)) {
			c->has_akid = 1;
		}
	}
	return 0;
}

static enum sweep_cert_type classify(const struct sweep_cert *c)
{
	enum sweep_cert_type t = SWEEP_TYPE_UNKNOWN;

	for (size_t i = 0; i < c->n_policies; i++) {
		const struct sweep_oidref *p = &c->policies[i];
		if (SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_EV))
			return SWEEP_TYPE_EV;
		if (SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_OV))
			t = SWEEP_TYPE_OV;
		else if (SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_IV) && t != SWEEP_TYPE_OV)
			t = SWEEP_TYPE_IV;
		else if (SWEEP_OID_EQ(p->oid, p->len, OID_POLICY_DV) && t == SWEEP_TYPE_UNKNOWN)
			t = SWEEP_TYPE_DV;
	}
	return t;
}

static void reset(struct sweep_cert *c)
{
	struct sweep_cert keep = *c;

	memset(c, 0, sizeof(*c));
	c->issuer.attrs = keep.issuer.attrs;
	c->issuer.cap = keep.issuer.cap;
	c->subject.attrs = keep.subject.attrs;
	c->subject.cap = keep.subject.cap;
	c->exts = keep.exts;
	c->cap_ext = keep.cap_ext;
	c->san = keep.san;
	c->cap_san = keep.cap_san;
	c->policies = keep.policies;
	c->cap_policies = keep.cap_policies;
	c->eku = keep.eku;
	c->cap_eku = keep.cap_eku;
	c->path_len = -1;
}

static int decode(struct sweep_cert *c, const uint8_t *der, size_t len, int hash, struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(der, len), in, tbs;
	struct der_tlv cert, t, sig;
	int rc;

	reset(c);
	c->der = der;
	c->der_len = len;
	if (der_expect(&cur, DER_SEQUENCE, &cert))
		FAIL("not a DER SEQUENCE (truncated or not a certificate)");
	if (cur.len)
		FAIL("trailing data after the certificate");
	in = der_inside(&cert);
	if (der_expect(&in, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: not a SEQUENCE");
	c->tbs = t.raw;
	c->tbs_len = t.raw_len;
	tbs = der_inside(&t);
	if (decode_alg(&in, &c->sig_alg, NULL, NULL))
		FAIL("signatureAlgorithm: malformed");
	if (der_expect(&in, DER_BIT_STRING, &sig) || in.len)
		FAIL("signatureValue: malformed");

	if (der_optional(&tbs, DER_CONTEXT_CONS(0), &t) == 0) {
		struct der_cursor v = der_inside(&t);
		struct der_tlv ver;
		if (der_expect(&v, DER_INTEGER, &ver) || v.len || ver.len != 1)
			FAIL("TBSCertificate: bad version");
		c->version = ver.val[0];
	}
	if (der_expect(&tbs, DER_INTEGER, &t) || t.len == 0)
		FAIL("TBSCertificate: bad serialNumber");
	c->serial = t.val;
	c->serial_len = t.len;
	if (decode_alg(&tbs, &c->tbs_sig_alg, NULL, NULL))
		FAIL("TBSCertificate: bad signature AlgorithmIdentifier");
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad issuer");
	rc = decode_name(&t, &c->issuer, err);
	if (rc)
		return sweep_error_wrap(err, "issuer");
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad validity");
	{
		struct der_cursor v = der_inside(&t);
		struct der_tlv nb, na;
		if (der_next(&v, &nb) || der_time(&nb, &c->not_before))
			FAIL("validity: bad notBefore");
		if (der_next(&v, &na) || der_time(&na, &c->not_after) || v.len)
			FAIL("validity: bad notAfter");
		c->not_before_tag = nb.tag;
		c->not_after_tag = na.tag;
	}
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad subject");
	rc = decode_name(&t, &c->subject, err);
	if (rc)
		return sweep_error_wrap(err, "subject");
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad subjectPublicKeyInfo");
	c->spki = t.raw;
	c->spki_len = t.raw_len;
	{
		struct der_cursor k = der_inside(&t);
		struct der_tlv bits;
		if (decode_alg(&k, &c->key_alg, &c->key_params, &c->key_params_len))
			FAIL("subjectPublicKeyInfo: bad algorithm");
		if (der_expect(&k, DER_BIT_STRING, &bits) || k.len || bits.len < 1)
			FAIL("subjectPublicKeyInfo: bad subjectPublicKey");
		c->key_bits = bits.val;
		c->key_bits_len = bits.len;
	}
	(void)der_optional(&tbs, DER_CONTEXT(1), &t);
	(void)der_optional(&tbs, DER_CONTEXT(2), &t);
	if (der_optional(&tbs, DER_CONTEXT_CONS(3), &t) == 0) {
		rc = decode_extensions(c, &t, err);
		if (rc)
			return rc;
	}
	if (tbs.len)
		FAIL("TBSCertificate: unexpected trailing fields");
	c->type = classify(c);
	c->kind = sweep_cert_kind_of(c);
	if (hash)
		SHA256(der, len, c->sha256);
	return 0;
}

int sweep_name_decode(struct sweep_name *name, const uint8_t *der, size_t len, struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(der, len);
	struct der_tlv t;

	if (der_expect(&cur, DER_SEQUENCE, &t) || cur.len)
		FAIL("Name: not a SEQUENCE");
	return decode_name(&t, name, err);
}

int sweep_cert_decode(struct sweep_cert *cert, const uint8_t *der, size_t len, struct sweep_error *err)
{
	return decode(cert, der, len, 1, err);
}

int sweep_cert_decode_nohash(struct sweep_cert *cert, const uint8_t *der, size_t len,
			     struct sweep_error *err)
{
	return decode(cert, der, len, 0, err);
}

const struct sweep_ext *sweep_cert_ext(const struct sweep_cert *cert, const uint8_t *oid, size_t oid_len)
{
	for (size_t i = 0; i < cert->n_ext; i++)
		if (cert->exts[i].oid_len == oid_len && memcmp(cert->exts[i].oid, oid, oid_len) == 0)
			return &cert->exts[i];
	return NULL;
}

void sweep_hex(const uint8_t *p, size_t n, char *buf)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = hex[p[i] >> 4];
		buf[2 * i + 1] = hex[p[i] & 15];
	}
	buf[2 * n] = '\0';
}

unsigned sweep_cert_rsa_bits(const struct sweep_cert *c)
{
	struct der_cursor cur;
	struct der_tlv seq, n;

	if (!SWEEP_OID_EQ(c->key_alg.oid, c->key_alg.len, OID_KEY_RSA) || c->key_bits_len < 2 ||
	    c->key_bits[0] != 0)
		return 0;
	cur = der_cursor_of(c->key_bits + 1, c->key_bits_len - 1);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return 0;
	cur = der_inside(&seq);
	if (der_expect(&cur, DER_INTEGER, &n) || n.len == 0)
		return 0;
	const uint8_t *p = n.val;
	size_t len = n.len;
	while (len > 1 && p[0] == 0) {
		p++;
		len--;
	}
	unsigned bits = (unsigned)(len - 1) * 8;
	for (unsigned top = p[0]; top; top >>= 1)
		bits++;
	return bits;
}

struct sweep_oidref sweep_cert_ec_curve(const struct sweep_cert *c)
{
	struct sweep_oidref none = { NULL, 0 };
	struct der_cursor cur;
	struct der_tlv oid;

	if (!SWEEP_OID_EQ(c->key_alg.oid, c->key_alg.len, OID_KEY_EC) || !c->key_params)
		return none;
	cur = der_cursor_of(c->key_params, c->key_params_len);
	if (der_expect(&cur, DER_OID, &oid))
		return none;
	struct sweep_oidref r = { oid.val, oid.len };
	return r;
}

const char *sweep_cert_type_name(enum sweep_cert_type t)
{
	switch (t) {
	case SWEEP_TYPE_DV: return "DV";
	case SWEEP_TYPE_OV: return "OV";
	case SWEEP_TYPE_IV: return "IV";
	case SWEEP_TYPE_EV: return "EV";
	default: return "unknown";
	}
}
