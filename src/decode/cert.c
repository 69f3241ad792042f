/* Certificate decoding with a bounds-checked DER walk. OpenSSL's d2i_X509
 * spends ~90% of its time decoding the public key (DESIGN.md 5); certsweep
 * needs only a few key facts, read lazily from the SPKI bytes. */
#include "certsweep/cert.h"

#include "certsweep/der.h"
#include "certsweep/oid.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
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

/* *empty_rdn is set when an RDN holds no attribute (RFC 5280: SIZE (1..MAX));
 * such an RDN is skipped, the rest of the name is kept. */
static int decode_name(const struct der_tlv *tlv, struct sweep_name *name, int *empty_rdn, struct sweep_error *err)
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
		if (!any) {
			*empty_rdn = 1;
			continue;
		}
		name->n_rdn++;
	}
	if (rc < 0)
		FAIL("Name: truncated");
	return 0;
}

static int decode_alg(struct der_cursor *cur, struct sweep_oidref *oid, const uint8_t **params,
		      size_t *params_len, const uint8_t **whole, size_t *whole_len)
{
	struct der_tlv seq, o, p;

	if (der_expect(cur, DER_SEQUENCE, &seq))
		return SWEEP_EDECODE;
	if (whole) {
		*whole = seq.raw;
		*whole_len = seq.raw_len;
	}
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

/* Names read before a malformed part are kept; the malformed part is a defect. */
static int decode_san(struct sweep_cert *c, const struct sweep_ext *e, struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(e->val, e->len), in;
	struct der_tlv seq, gn;
	int rc;

	c->has_san = 1;
	if (der_expect(&cur, DER_SEQUENCE, &seq) || cur.len) {
		c->defects |= SWEEP_DEFECT_EXTENSION_VALUE;
		return 0;
	}
	in = der_inside(&seq);
	for (;;) {
		rc = der_next(&in, &gn);
		if (rc)
			break;
		if ((gn.tag & 0xc0) != 0x80) {
			c->defects |= SWEEP_DEFECT_GENERAL_NAME_TAG;
			continue;
		}
		if (grow((void **)&c->san, &c->cap_san, c->n_san, sizeof(*c->san)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		c->san[c->n_san].tag = gn.tag & 0x1f;
		c->san[c->n_san].val = gn.val;
		c->san[c->n_san].len = gn.len;
		c->n_san++;
	}
	if (rc < 0)
		c->defects |= SWEEP_DEFECT_EXTENSION_VALUE;
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
		/* INTEGER (0..MAX): a negative or absurd value is a finding, not a skip */
		if (t.len < 1 || (t.val[0] & 0x80) || t.len > 4 || (t.len == 4 && t.val[0] != 0 && (t.val[0] & 0x80))) {
			c->path_len = -2;
			c->defects |= SWEEP_DEFECT_PATH_LEN;
		} else {
			int v = 0;
			for (size_t i = 0; i < t.len; i++)
				v = (v << 8) | t.val[i];
			c->path_len = v;
		}
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

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... } */
static void decode_akid(struct sweep_cert *c, const struct sweep_ext *e)
{
	struct der_cursor cur = der_cursor_of(e->val, e->len), in;
	struct der_tlv seq, t;

	if (der_expect(&cur, DER_SEQUENCE, &seq) || cur.len) {
		c->defects |= SWEEP_DEFECT_EXTENSION_VALUE;
		return;
	}
	in = der_inside(&seq);
	c->akid_has_key_id = der_optional(&in, DER_CONTEXT(0), &t) == 0;
	if (c->akid_has_key_id) {
		c->akid_key_id = t.val;
		c->akid_key_id_len = t.len;
	}
}

/* 1 when some TLV in [p, p+len), at any depth of constructed encodings, has
 * a BER length; 0 when all are DER; -1 when the bytes are not TLVs. Linear
 * in len: every byte is visited once per nesting level, and depth is bounded. */
static int ber_scan(const uint8_t *p, size_t len, int depth)
{
	struct der_cursor cur = der_cursor_of(p, len);
	struct der_tlv t;

	if (depth > 32)
		return -1;
	for (;;) {
		int rc = der_next(&cur, &t);
		if (rc == DER_END)
			return 0;
		if (rc < 0)
			return -1;
		if (t.ber & (DER_BER_LONG_LENGTH | DER_BER_INDEFINITE))
			return 1;
		if (t.tag & 0x20) {
			rc = ber_scan(t.val, t.len, depth + 1);
			if (rc)
				return rc;
		}
	}
}

/* RFC 5280 4.2: an extension appears at most once; a repeat is a lint, not a
 * decode failure. Hashing the OIDs keeps this linear in the number of
 * extensions (a hostile certificate may carry tens of thousands). */
static int find_duplicate_extension(struct sweep_cert *c)
{
	size_t cap = 16, *slots, small[64];

	while (cap < c->n_ext * 2)
		cap *= 2;
	/* the usual handful of extensions hash into a table on the stack */
	if (cap <= sizeof(small) / sizeof(small[0])) {
		slots = small;
		memset(slots, 0, cap * sizeof(*slots));
	} else {
		slots = calloc(cap, sizeof(*slots));
		if (!slots)
			return SWEEP_ENOMEM;
	}
	for (size_t i = 0; i < c->n_ext && !c->duplicate_extension; i++) {
		const struct sweep_ext *e = &c->exts[i];
		uint64_t h = 1469598103934665603ull;
		for (size_t k = 0; k < e->oid_len; k++)
			h = (h ^ e->oid[k]) * 1099511628211ull;
		size_t at = (size_t)h & (cap - 1);
		for (; slots[at]; at = (at + 1) & (cap - 1)) {
			const struct sweep_ext *o = &c->exts[slots[at] - 1];
			if (o->oid_len == e->oid_len && memcmp(o->oid, e->oid, e->oid_len) == 0) {
				c->duplicate_extension = (int)(i + 1);
				break;
			}
		}
		slots[at] = i + 1;
	}
	if (slots != small)
		free(slots);
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
		if (grow((void **)&c->exts, &c->cap_ext, c->n_ext, sizeof(*c->exts)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		struct sweep_ext *e = &c->exts[c->n_ext++];
		e->oid = oid.val;
		e->oid_len = oid.len;
		e->critical = critical;
		e->val = val.val;
		e->len = val.len;
		if (oid.len == 3 && oid.val[0] == 0x55 && oid.val[1] == 0x1d && oid.val[2] < 64 &&
		    !c->ext_ce[oid.val[2]] && c->n_ext <= UINT16_MAX)
			c->ext_ce[oid.val[2]] = (uint16_t)c->n_ext;
	}
	if (rc < 0)
		FAIL("extensions: truncated");
	rc = find_duplicate_extension(c);
	if (rc)
		return sweep_error_set(err, rc, "out of memory");

	for (size_t i = 0; i < c->n_ext; i++) {
		const struct sweep_ext *e = &c->exts[i];
		rc = 0;
		if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_SAN)) {
			if (!c->has_san)
				rc = decode_san(c, e, err);
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_POLICIES)) {
			if (!c->has_policies)
				rc = decode_oid_seq(e, 1, &c->policies, &c->n_policies, &c->cap_policies, err,
						    "certificatePolicies");
			c->has_policies = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_EKU)) {
			if (!c->has_eku)
				rc = decode_oid_seq(e, 0, &c->eku, &c->n_eku, &c->cap_eku, err, "extKeyUsage");
			c->has_eku = 1;
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_BASIC_CONSTRAINTS)) {
			rc = decode_basic_constraints(c, e, err);
		} else if (SWEEP_OID_EQ(e->oid, e->oid_len, OID_EXT_KEY_USAGE)) {
			rc = decode_key_usage(c, e, err);
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
			decode_akid(c, e);
		}
		/* A malformed extension value is a finding about that extension; the
		 * certificate is still judged (OpenSSL decodes extension values lazily). */
		if (rc == SWEEP_EDECODE)
			c->defects |= SWEEP_DEFECT_EXTENSION_VALUE;
		else if (rc)
			return rc;
		if (ber_scan(e->val, e->len, 0) > 0)
			c->defects |= SWEEP_DEFECT_BER_LENGTH;
	}
	return 0;
}

static enum sweep_cert_type classify(const struct sweep_cert *c)
{
	enum sweep_cert_type t = SWEEP_TYPE_UNKNOWN;

	for (size_t i = 0; i < c->n_policies; i++) {
		const struct sweep_oidref *p = &c->policies[i];
		if (sweep_policy_is_ev(p->oid, p->len))
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

/* SHA256() fetches the digest from the provider on every call (OpenSSL 3's
 * EVP_Q_digest): fetched once here. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
/* and one digest context per thread, kept between certificates (EVP_Digest
 * makes and frees a context per call); freed when the thread ends */
static pthread_key_t sha256_key;
static int sha256_key_ok;

static void sha256_ctx_free(void *ctx)
{
	EVP_MD_CTX_free(ctx);
}

static void sha256_init(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
	sha256_key_ok = pthread_key_create(&sha256_key, sha256_ctx_free) == 0;
}

static EVP_MD_CTX *sha256_ctx(void)
{
	EVP_MD_CTX *ctx;

	if (!sha256_key_ok)
		return NULL;
	ctx = pthread_getspecific(sha256_key);
	if (!ctx) {
		ctx = EVP_MD_CTX_new();
		if (ctx && pthread_setspecific(sha256_key, ctx)) {
			EVP_MD_CTX_free(ctx);
			ctx = NULL;
		}
	}
	return ctx;
}

int sweep_sha256_parts(uint8_t out[32], const struct sweep_span *parts, size_t n)
{
	if (pthread_once(&sha256_once, sha256_init) || !sha256_md)
		return -1;
	EVP_MD_CTX *ctx = sha256_ctx();
	if (!ctx || !EVP_DigestInit_ex2(ctx, sha256_md, NULL))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (parts[i].len && !EVP_DigestUpdate(ctx, parts[i].p, parts[i].len))
			return -1;
	return EVP_DigestFinal_ex(ctx, out, NULL) ? 0 : -1;
}

void sweep_sha256(uint8_t out[32], const void *data, size_t len)
{
	struct sweep_span one = { data, len };

	if (sweep_sha256_parts(out, &one, 1) == 0)
		return;
	SHA256(data, len, out);
}

static void reset(struct sweep_cert *c)
{
	/* the arrays decoding grows are kept; the per-certificate caches at the
	 * end (2.5 KiB, mostly the memo's text buffer) are only marked empty:
	 * their accessors read nothing else until they have filled them */
	struct sweep_attr *ia = c->issuer.attrs, *sa = c->subject.attrs;
	size_t icap = c->issuer.cap, scap = c->subject.cap;
	struct sweep_ext *exts = c->exts;
	struct sweep_gname *san = c->san;
	size_t cap_ext = c->cap_ext, cap_san = c->cap_san, cap_policies = c->cap_policies, cap_eku = c->cap_eku;
	struct sweep_oidref *policies = c->policies, *eku = c->eku;

	memset(c, 0, offsetof(struct sweep_cert, rsa));
	memset(&c->rsa, 0, sizeof(c->rsa));
	memset(&c->memo, 0, offsetof(struct sweep_lint_memo, subj_utf8));
	c->issuer.attrs = ia;
	c->issuer.cap = icap;
	c->subject.attrs = sa;
	c->subject.cap = scap;
	c->exts = exts;
	c->cap_ext = cap_ext;
	c->san = san;
	c->cap_san = cap_san;
	c->policies = policies;
	c->cap_policies = cap_policies;
	c->eku = eku;
	c->cap_eku = cap_eku;
	c->path_len = -1;
}

static int decode(struct sweep_cert *c, const uint8_t *der, size_t len, struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(der, len), in, tbs;
	struct der_tlv cert, t, sig;
	int rc, empty_rdn;

	reset(c);
	c->der = der;
	c->der_len = len;
	if (der_expect(&cur, DER_SEQUENCE, &cert))
		FAIL("not a DER SEQUENCE (truncated or not a certificate)");
	if (cur.len)
		c->defects |= SWEEP_DEFECT_TRAILING_DATA; /* OpenSSL's d2i stops at the end of the SEQUENCE too */
	in = der_inside(&cert);
	if (der_expect(&in, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: not a SEQUENCE");
	c->tbs = t.raw;
	c->tbs_len = t.raw_len;
	tbs = der_inside(&t);
	if (decode_alg(&in, &c->sig_alg, NULL, NULL, &c->sig_alg_der, &c->sig_alg_der_len))
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
	if (decode_alg(&tbs, &c->tbs_sig_alg, NULL, NULL, &c->tbs_sig_alg_der, &c->tbs_sig_alg_der_len))
		FAIL("TBSCertificate: bad signature AlgorithmIdentifier");
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad issuer");
	empty_rdn = 0;
	rc = decode_name(&t, &c->issuer, &empty_rdn, err);
	if (rc)
		return sweep_error_wrap(err, "issuer");
	if (empty_rdn)
		c->defects |= SWEEP_DEFECT_EMPTY_RDN_ISSUER;
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad validity");
	{
		struct der_cursor v = der_inside(&t);
		struct der_tlv nb, na;
		unsigned quirks = 0;
		if (der_next(&v, &nb) || der_time_lenient(&nb, &c->not_before, &quirks))
			FAIL("validity: bad notBefore");
		if (der_next(&v, &na) || der_time_lenient(&na, &c->not_after, &quirks) || v.len)
			FAIL("validity: bad notAfter");
		c->not_before_tag = nb.tag;
		c->not_after_tag = na.tag;
		if (quirks & DER_TIME_NO_SECONDS)
			c->defects |= SWEEP_DEFECT_TIME_NO_SECONDS;
		if (quirks & DER_TIME_NOT_ZULU)
			c->defects |= SWEEP_DEFECT_TIME_NOT_ZULU;
		if (quirks & DER_TIME_FRACTION)
			c->defects |= SWEEP_DEFECT_TIME_FRACTION;
	}
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad subject");
	empty_rdn = 0;
	rc = decode_name(&t, &c->subject, &empty_rdn, err);
	if (rc)
		return sweep_error_wrap(err, "subject");
	if (empty_rdn)
		c->defects |= SWEEP_DEFECT_EMPTY_RDN_SUBJECT;
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		FAIL("TBSCertificate: bad subjectPublicKeyInfo");
	c->spki = t.raw;
	c->spki_len = t.raw_len;
	{
		struct der_cursor k = der_inside(&t);
		struct der_tlv bits;
		if (decode_alg(&k, &c->key_alg, &c->key_params, &c->key_params_len, NULL, NULL))
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
	/* extension values were scanned on their own; this covers the TLVs around them */
	if (ber_scan(cert.raw, cert.raw_len, 0) > 0)
		c->defects |= SWEEP_DEFECT_BER_LENGTH;
	c->type = classify(c);
	for (size_t i = 0; i < c->n_policies && !c->ev_policy_index; i++)
		c->ev_policy_index = sweep_ev_policy_lookup(c->policies[i].oid, c->policies[i].len);
	c->kind = sweep_cert_kind_of(c);
	/* past 65535 extensions the index cannot name them all: searched */
	c->ext_index = c->n_ext <= UINT16_MAX;
	return 0;
}

int sweep_name_decode(struct sweep_name *name, const uint8_t *der, size_t len, struct sweep_error *err)
{
	struct der_cursor cur = der_cursor_of(der, len);
	struct der_tlv t;
	int empty_rdn = 0;

	if (der_expect(&cur, DER_SEQUENCE, &t) || cur.len)
		FAIL("Name: not a SEQUENCE");
	return decode_name(&t, name, &empty_rdn, err);
}

int sweep_cert_decode(struct sweep_cert *cert, const uint8_t *der, size_t len, struct sweep_error *err)
{
	return decode(cert, der, len, err);
}

const uint8_t *sweep_cert_sha256(const struct sweep_cert *cert)
{
	/* a cache: no sweep_cert is defined const */
	struct sweep_cert *c = (struct sweep_cert *)cert;

	if (!c->sha256_have) {
		sweep_sha256(c->sha256_memo, c->der, c->der_len);
		c->sha256_have = 1;
	}
	return c->sha256_memo;
}

void sweep_cert_set_sha256(struct sweep_cert *cert, const uint8_t sha256[32])
{
	memcpy(cert->sha256_memo, sha256, 32);
	cert->sha256_have = 1;
}

const struct sweep_ext *sweep_cert_ext(const struct sweep_cert *cert, const uint8_t *oid, size_t oid_len)
{
	/* 2.5.29.x from the decode's index */
	if (cert->ext_index && oid_len == 3 && oid[0] == 0x55 && oid[1] == 0x1d && oid[2] < 64) {
		unsigned k = cert->ext_ce[oid[2]];
		return k ? &cert->exts[k - 1] : NULL;
	}
	/* the last octet first: most extension OIDs are 2.5.29.x, equal but for it */
	for (size_t i = 0; i < cert->n_ext; i++)
		if (cert->exts[i].oid_len == oid_len &&
		    (oid_len == 0 || cert->exts[i].oid[oid_len - 1] == oid[oid_len - 1]) && memcmp(cert->exts[i].oid, oid, oid_len) == 0)
			return &cert->exts[i];
	return NULL;
}

const uint8_t *sweep_cert_skid(const struct sweep_cert *cert, size_t *len)
{
	const struct sweep_ext *e = sweep_cert_ext(cert, OID_EXT_SKID, sizeof(OID_EXT_SKID));
	struct der_cursor cur;
	struct der_tlv os;

	if (!e)
		return NULL;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_OCTET_STRING, &os) || cur.len)
		return NULL;
	*len = os.len;
	return os.val;
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
