#include "certsweep/name.h"

#include "certsweep/der.h"
#include "certsweep/oid.h"

#include <stdio.h>
#include <strings.h>

static const struct {
	const char *name;
	const uint8_t *oid;
	size_t len;
} attr_types[] = {
#define T(n, o) { n, o, sizeof(o) }
	T("CN", OID_AT_CN),
	T("L", OID_AT_L),
	T("ST", OID_AT_ST),
	T("O", OID_AT_O),
	T("OU", OID_AT_OU),
	T("C", OID_AT_C),
	T("STREET", OID_AT_STREET),
	T("DC", OID_AT_DC),
	T("UID", OID_AT_UID),
	T("serialNumber", OID_AT_SERIAL),
	T("SN", OID_AT_SURNAME),
	T("GN", OID_AT_GIVEN_NAME),
	T("businessCategory", OID_AT_BUSINESS_CATEGORY),
	T("postalCode", OID_AT_POSTAL_CODE),
	T("organizationIdentifier", OID_AT_ORG_ID),
	T("jurisdictionL", OID_AT_JUR_L),
	T("jurisdictionST", OID_AT_JUR_ST),
	T("jurisdictionC", OID_AT_JUR_C),
	T("emailAddress", OID_AT_EMAIL),
#undef T
};

const char *sweep_attr_type_name(const uint8_t *oid, size_t len)
{
	for (size_t i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++)
		if (attr_types[i].len == len && memcmp(attr_types[i].oid, oid, len) == 0)
			return attr_types[i].name;
	return NULL;
}

int sweep_attr_type_lookup(const char *name, const uint8_t **oid, size_t *len)
{
	for (size_t i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++)
		if (strcasecmp(attr_types[i].name, name) == 0) {
			*oid = attr_types[i].oid;
			*len = attr_types[i].len;
			return 0;
		}
	return -1;
}

static void put_utf8(struct sweep_buf *b, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		s[0] = (char)cp;
		sweep_buf_add(b, s, 1);
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		sweep_buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		sweep_buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		sweep_buf_add(b, s, 4);
	}
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629), or 0. */
static size_t utf8_seq(const uint8_t *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t need;
	uint32_t v, min;
	if ((p[0] & 0xe0) == 0xc0) {
		need = 2, v = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		need = 3, v = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		need = 4, v = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need;
}

static int is_string_tag(unsigned tag)
{
	switch (tag) {
	case DER_UTF8STRING:
	case DER_PRINTABLESTRING:
	case DER_IA5STRING:
	case DER_TELETEXSTRING:
	case DER_VISIBLESTRING:
	case DER_NUMERICSTRING:
	case DER_BMPSTRING:
	case DER_UNIVERSALSTRING:
		return 1;
	default:
		return 0;
	}
}

/* Walk a string value as code points; bad units are reported as -1 with the raw byte. */
typedef void (*cp_fn)(void *ctx, int ok, uint32_t cp, uint8_t raw);

static int walk(const struct sweep_attr *a, cp_fn fn, void *ctx)
{
	const uint8_t *p = a->val;
	size_t n = a->len, i = 0;
	int valid = 1;
	uint32_t cp;

	switch (a->tag) {
	case DER_UTF8STRING:
		while (i < n) {
			size_t k = utf8_seq(p + i, n - i, &cp);
			if (k == 0) {
				fn(ctx, 0, 0xfffd, p[i]);
				valid = 0;
				i++;
			} else {
				fn(ctx, 1, cp, 0);
				i += k;
			}
		}
		return valid;
	case DER_BMPSTRING:
	case DER_UNIVERSALSTRING: {
		size_t w = a->tag == DER_BMPSTRING ? 2 : 4;
		if (n % w)
			valid = 0;
		for (i = 0; i + w <= n; i += w) {
			cp = w == 2 ? (uint32_t)(p[i] << 8 | p[i + 1])
				    : (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3];
			/* BMPString is UCS-2: surrogates are not characters there. */
			if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
				fn(ctx, 0, 0xfffd, p[i]);
				valid = 0;
			} else {
				fn(ctx, 1, cp, 0);
			}
		}
		if (i < n)
			fn(ctx, 0, 0xfffd, p[i]);
		return valid;
	}
	case DER_TELETEXSTRING: /* treated as ISO 8859-1, as OpenSSL does */
		for (i = 0; i < n; i++)
			fn(ctx, 1, p[i], 0);
		return 1;
	default: /* PrintableString, IA5String, VisibleString, NumericString: ASCII */
		for (i = 0; i < n; i++) {
			if (p[i] >= 0x80) {
				fn(ctx, 0, 0xfffd, p[i]);
				valid = 0;
			} else {
				fn(ctx, 1, p[i], 0);
			}
		}
		return valid;
	}
}

static void plain_cp(void *ctx, int ok, uint32_t cp, uint8_t raw)
{
	(void)ok;
	(void)raw;
	put_utf8(ctx, cp);
}

int sweep_attr_utf8(const struct sweep_attr *a, struct sweep_buf *out)
{
	if (!is_string_tag(a->tag))
		return -1;
	sweep_buf_add(out, "", 0);
	return walk(a, plain_cp, out);
}

struct esc_ctx {
	struct sweep_buf *b;
	size_t start;
};

/* A character RFC 4514 2.4 escapes wherever it stands. */
static int always_escaped(uint32_t cp)
{
	switch (cp) {
	case '"': case '+': case ',': case ';': case '<': case '>': case '\\': case '=':
		return 1;
	default:
		return 0;
	}
}

static void escaped_cp(void *vctx, int ok, uint32_t cp, uint8_t raw)
{
	struct esc_ctx *ctx = vctx;
	struct sweep_buf *b = ctx->b;

	if (!ok) {
		sweep_buf_printf(b, "\\%02X", raw);
		return;
	}
	if (cp < 0x20 || cp == 0x7f) {
		sweep_buf_printf(b, "\\%02X", (unsigned)cp);
		return;
	}
	if (always_escaped(cp) || ((cp == '#' || cp == ' ') && b->len == ctx->start)) /* or a leading '#' or space */
		sweep_buf_putc(b, '\\');
	put_utf8(b, cp);
}

/* Whether a's value is written as it is: a one-octet-per-character string
 * type, every octet printable ASCII that RFC 4514 2.4 does not escape, no
 * leading '#' or space, no trailing space. */
static int plain_ascii(const struct sweep_attr *a)
{
	if (!is_string_tag(a->tag) || a->tag == DER_BMPSTRING || a->tag == DER_UNIVERSALSTRING)
		return 0;
	const uint8_t *p = a->val;
	size_t n = a->len;
	if (n == 0 || p[0] == '#' || p[0] == ' ' || p[n - 1] == ' ')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e || always_escaped(p[i]))
			return 0;
	return 1;
}

static void append_value(struct sweep_buf *b, const struct sweep_attr *a)
{
	if (!is_string_tag(a->tag)) {
		/* RFC 4514 2.4: a value with no string form is '#' and the hex of its BER. */
		sweep_buf_putc(b, '#');
		for (size_t i = 0; i < a->raw_len; i++)
			sweep_buf_printf(b, "%02x", a->raw[i]);
		return;
	}
	if (plain_ascii(a)) {
		/* the common value: what walk() would write, byte for byte (issue #17:
		 * a call per character was most of an affected serial's CSV strings) */
		sweep_buf_add(b, a->val, a->len);
		return;
	}
	struct esc_ctx ctx = { b, b->len };
	walk(a, escaped_cp, &ctx);
	if (b->len > ctx.start && b->p[b->len - 1] == ' ') {
		/* trailing space must be escaped; rewrite it as "\ " */
		b->len--;
		sweep_buf_add(b, "\\ ", 2);
	}
}

void sweep_name_rfc4514(const struct sweep_name *name, struct sweep_buf *out)
{
	sweep_buf_add(out, "", 0);
	if (name->n == 0)
		return;
	/* RDNs are written last to first; attributes inside an RDN in order. */
	size_t end = name->n;
	while (end > 0) {
		size_t begin = end - 1;
		while (begin > 0 && name->attrs[begin - 1].rdn == name->attrs[end - 1].rdn)
			begin--;
		if (end != name->n)
			sweep_buf_putc(out, ',');
		for (size_t i = begin; i < end; i++) {
			const struct sweep_attr *a = &name->attrs[i];
			const char *tn = sweep_attr_type_name(a->oid, a->oid_len);
			char oid[128];
			if (i != begin)
				sweep_buf_putc(out, '+');
			if (tn) {
				sweep_buf_puts(out, tn);
			} else if (der_oid_text(a->oid, a->oid_len, oid, sizeof(oid)) == 0) {
				sweep_buf_puts(out, oid);
			} else {
				sweep_buf_puts(out, "?");
			}
			sweep_buf_putc(out, '=');
			append_value(out, a);
		}
		end = begin;
	}
}

const struct sweep_attr *sweep_name_find(const struct sweep_name *name, const uint8_t *oid, size_t len)
{
	for (size_t i = 0; i < name->n; i++)
		if (name->attrs[i].oid_len == len && (len == 0 || name->attrs[i].oid[len - 1] == oid[len - 1]) &&
		    memcmp(name->attrs[i].oid, oid, len) == 0) /* 2.5.4.x: the last octet differs */
			return &name->attrs[i];
	return NULL;
}
