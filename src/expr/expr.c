/* Parser and evaluator of --where expressions (grammar in expr.h). */
#include "certsweep/expr.h"

#include "certsweep/buf.h"
#include "certsweep/corpus.h"
#include "certsweep/date.h"
#include "certsweep/der.h"
#include "certsweep/name.h"
#include "certsweep/oid.h"

#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Deepest nesting of '(' and 'not' accepted: the parser and the evaluator
 * recurse once per level, so a hostile --where-file must not reach the
 * stack's end. Chains of and/or are iterative and not limited. */
#define EXPR_MAX_DEPTH 200
/* Regex work per match (PCRE2 match limit): a backtracking pattern against a
 * hostile SAN stops here instead of stalling the audit. Ordinary patterns
 * use a few hundred steps. */
#define RE_MATCH_LIMIT 1000000u
#define RE_DEPTH_LIMIT 10000u
#define RE_HEAP_LIMIT_KIB 16384u

enum ftype { F_STRING, F_NUMBER, F_TIME, F_BOOL };

enum field_id {
	FLD_SUBJECT_ATTR, FLD_ISSUER_ATTR, FLD_SUBJECT, FLD_ISSUER, FLD_SAN_DNS, FLD_SAN_IP, FLD_SAN_EMAIL,
	FLD_NOT_BEFORE, FLD_NOT_AFTER, FLD_VALIDITY_DAYS, FLD_POLICY, FLD_EKU, FLD_EXT, FLD_IS_PRECERT,
	FLD_IS_CA, FLD_KEY_TYPE, FLD_KEY_RSA_BITS, FLD_KEY_CURVE, FLD_SERIAL, FLD_SERIAL_LEN, FLD_TYPE,
	FLD_VERSION, FLD_SHA256, FLD_SIG_ALG, FLD_KIND, FLD_TBS_SHA256,
};

static const struct field {
	const char *name;
	enum field_id id;
	enum ftype type;
	int list;
	const char *doc;
} fields[] = {
	{ "subject.<ATTR>", FLD_SUBJECT_ATTR, F_STRING, 1, "values of a subject attribute (CN, O, OU, L, ST, C, serialNumber, jurisdictionC, ...)" },
	{ "issuer.<ATTR>", FLD_ISSUER_ATTR, F_STRING, 1, "values of an issuer attribute" },
	{ "subject", FLD_SUBJECT, F_STRING, 0, "the subject as an RFC 4514 string" },
	{ "issuer", FLD_ISSUER, F_STRING, 0, "the issuer as an RFC 4514 string" },
	{ "san.dns", FLD_SAN_DNS, F_STRING, 1, "subjectAltName dNSNames" },
	{ "san.ip", FLD_SAN_IP, F_STRING, 1, "subjectAltName iPAddresses (dotted or RFC 5952 text)" },
	{ "san.email", FLD_SAN_EMAIL, F_STRING, 1, "subjectAltName rfc822Names" },
	{ "not_before", FLD_NOT_BEFORE, F_TIME, 0, "notBefore (compare with 2025-10-17 or 2025-10-17T05:51:15Z)" },
	{ "not_after", FLD_NOT_AFTER, F_TIME, 0, "notAfter" },
	{ "validity_days", FLD_VALIDITY_DAYS, F_NUMBER, 0, "validity period in days, inclusive of both ends (BR 1.6.1) for\nevery certificate, whatever its issuance date" },
	{ "policy", FLD_POLICY, F_STRING, 1, "certificatePolicies OIDs (dotted)" },
	{ "eku", FLD_EKU, F_STRING, 1, "extKeyUsage OIDs (dotted)" },
	{ "ext", FLD_EXT, F_STRING, 1, "OIDs of the extensions present (dotted)" },
	{ "is_precert", FLD_IS_PRECERT, F_BOOL, 0, "has the RFC 6962 poison extension" },
	{ "is_ca", FLD_IS_CA, F_BOOL, 0, "basicConstraints cA is true" },
	{ "key.type", FLD_KEY_TYPE, F_STRING, 0, "RSA, EC, or the algorithm OID" },
	{ "key.rsa_bits", FLD_KEY_RSA_BITS, F_NUMBER, 0, "RSA modulus size in bits (0 if not RSA)" },
	{ "key.curve", FLD_KEY_CURVE, F_STRING, 0, "P-256, P-384, P-521, or the curve OID (empty if not EC)" },
	{ "serial", FLD_SERIAL, F_STRING, 0, "serial number, hex of its content octets" },
	{ "serial.len", FLD_SERIAL_LEN, F_NUMBER, 0, "serial number length in octets, as encoded" },
	{ "type", FLD_TYPE, F_STRING, 0, "DV, OV, IV, EV (from CA/B Forum policy OIDs) or unknown" },
	{ "version", FLD_VERSION, F_NUMBER, 0, "X.509 version (1, 2 or 3)" },
	{ "sha256", FLD_SHA256, F_STRING, 0, "SHA-256 of the DER, lowercase hex" },
	{ "sig_alg", FLD_SIG_ALG, F_STRING, 0, "signatureAlgorithm OID (dotted)" },
	{ "kind", FLD_KIND, F_STRING, 0, "tls-subscriber, tls-root-ca, tls-sub-ca, tls-tc-sub-ca, precert-ca, ocsp, smime, smime-ca, codesigning, other-ca, other" },
	{ "tbs_sha256", FLD_TBS_SHA256, F_STRING, 0,
	  "SHA-256 of the TBSCertificate without poison and SCT list (RFC 6962 3.2): a precertificate's equals its final's" },
};

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_RE, OP_NRE, OP_IN, OP_HAS, OP_EXISTS, OP_TRUE };
enum kind { N_AND, N_OR, N_NOT, N_PRED, N_LINT };

struct literal {
	char *text;
	double num;
	int64_t time;
};

struct sweep_expr {
	enum kind kind;
	struct sweep_expr *l, *r;
	const struct field *field;
	const uint8_t *attr_oid; /* subject.X / issuer.X */
	size_t attr_oid_len;
	enum op op;
	struct literal *vals;
	size_t n_vals;
	struct regex *re;
	const struct sweep_lint *lint;
	int lint_fails;
};

/* A compiled --where regex. The node is shared read-only by --jobs
 * workers; only the error counter changes, atomically. */
struct regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	atomic_ulong errors; /* matches stopped by a limit (counted as matches) */
};

/* ---- lexer ---- */

enum tok { T_END, T_WORD, T_STRING, T_REGEX, T_LPAREN, T_RPAREN, T_COMMA, T_OP, T_ERR };

struct parser {
	const char *src;
	size_t pos;      /* next char */
	enum tok tok;
	size_t tok_pos;  /* column of the current token */
	char *text;      /* current token text (owned) */
	int re_icase;
	int depth;       /* '(' and 'not' levels open */
	struct sweep_error *err;
};

static int fail(struct parser *p, size_t col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, size_t col, const char *fmt, ...)
{
	char msg[600];
	struct sweep_buf b = SWEEP_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* A message that names its own column ends with it, so the text
	 * never reads "at column 1 at column 19". */
	if (strstr(msg, " at column "))
		sweep_buf_printf(&b, "%s\n  %s\n  %*s^", msg, p->src, (int)col, "");
	else
		sweep_buf_printf(&b, "%s at column %zu\n  %s\n  %*s^", msg, col + 1, p->src, (int)col, "");
	sweep_error_set(p->err, SWEEP_ESYNTAX, "%s", b.oom ? msg : b.p);
	sweep_buf_release(&b);
	return SWEEP_ESYNTAX;
}

static int is_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c == ':' || c == '<' || c == '>' || c == '*';
}

static int lex(struct parser *p)
{
	const char *s = p->src;
	size_t i = p->pos;
	struct sweep_buf b = SWEEP_BUF_INIT;

	free(p->text);
	p->text = NULL;
	while (isspace((unsigned char)s[i]))
		i++;
	p->tok_pos = i;
	if (!s[i]) {
		p->tok = T_END;
		p->pos = i;
		return 0;
	}
	char c = s[i];
	if (c == '(' || c == ')' || c == ',') {
		p->tok = c == '(' ? T_LPAREN : c == ')' ? T_RPAREN : T_COMMA;
		p->pos = i + 1;
		return 0;
	}
	if (c == '"') {
		for (i++; s[i] && s[i] != '"'; i++) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			sweep_buf_putc(&b, s[i]);
		}
		if (s[i] != '"') {
			sweep_buf_release(&b);
			return fail(p, p->tok_pos, "unterminated string");
		}
		sweep_buf_add(&b, "", 0);
		p->text = sweep_buf_detach(&b);
		p->tok = T_STRING;
		p->pos = i + 1;
		return p->text ? 0 : fail(p, p->tok_pos, "out of memory");
	}
	if (c == '/') {
		for (i++; s[i] && s[i] != '/'; i++) {
			if (s[i] == '\\' && s[i + 1] == '/') {
				sweep_buf_putc(&b, '/');
				i++;
				continue;
			}
			sweep_buf_putc(&b, s[i]);
			if (s[i] == '\\' && s[i + 1])
				sweep_buf_putc(&b, s[++i]);
		}
		if (s[i] != '/') {
			sweep_buf_release(&b);
			return fail(p, p->tok_pos, "unterminated regular expression");
		}
		i++;
		p->re_icase = 0;
		if (s[i] == 'i') {
			p->re_icase = 1;
			i++;
		}
		sweep_buf_add(&b, "", 0);
		p->text = sweep_buf_detach(&b);
		p->tok = T_REGEX;
		p->pos = i;
		return p->text ? 0 : fail(p, p->tok_pos, "out of memory");
	}
	static const char *const ops[] = { "!=", "<=", ">=", "!~", "=", "<", ">", "~" };
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		size_t n = strlen(ops[k]);
		/* byte by byte, not strncmp: the text may be a multi-megabyte
		 * --where-file, and nothing here may depend on its length */
		if (s[i] == ops[k][0] && (n == 1 || s[i + 1] == ops[k][1])) {
			p->text = strdup(ops[k]);
			p->tok = T_OP;
			p->pos = i + n;
			return p->text ? 0 : fail(p, p->tok_pos, "out of memory");
		}
	}
	if (is_word_char((unsigned char)c) && c != '<' && c != '>') {
		size_t st = i;
		while (is_word_char((unsigned char)s[i]) && !(s[i] == '<' || s[i] == '>'))
			i++;
		/* A time literal may carry a trailing Z; words carry no other punctuation. */
		p->text = malloc(i - st + 1);
		if (p->text) {
			memcpy(p->text, s + st, i - st);
			p->text[i - st] = '\0';
		}
		p->tok = T_WORD;
		p->pos = i;
		return p->text ? 0 : fail(p, p->tok_pos, "out of memory");
	}
	char bad[2] = { c, 0 };
	return fail(p, i, "unexpected character '%s'", bad);
}

/* ---- regular expressions ---- */

/* Where a POSIX ERE and PCRE2 read the same text differently, say it the
 * PCRE2 way: a quantifier after a quantifier repeats the repetition in ERE
 * (a+* is (a+)*) but is possessive or lazy in PCRE2, and {,m} is {0,m}.
 * Stacked *, + and ? fold into one (a+++++ is a+: the same strings, and
 * linear), a stacked {m,n} gets a group of its own. Everything else, PCRE2
 * reads as ERE does: bracket expressions with [:classes:], anchors,
 * alternation, intervals; \s \d \w work natively. */
static int ere_to_pcre2(const char *re, struct sweep_buf *out, const char **why)
{
	size_t opens[EXPR_MAX_DEPTH];
	size_t n_open = 0;
	size_t atom = SIZE_MAX;   /* where the last repeatable item starts in out */
	size_t quant = SIZE_MAX;  /* where the quantifier after it starts, if any */
	int simple_quant = 0;     /* that quantifier is one of * + ? */

	for (size_t i = 0; re[i];) {
		char c = re[i];
		size_t here = out->len;

		if (c == '*' || c == '+' || c == '?' || c == '{') {
			size_t end = i + 1;
			if (c == '{') {
				/* an interval only when it reads as one; else a literal brace */
				size_t j = i + 1;
				while (isdigit((unsigned char)re[j]))
					j++;
				int lo = j > i + 1, hi = 0;
				if (re[j] == ',') {
					size_t k = ++j;
					while (isdigit((unsigned char)re[j]))
						j++;
					hi = j > k;
				}
				if (re[j] != '}' || !(lo || hi) || atom == SIZE_MAX) {
					sweep_buf_add(out, "\\{", 2);
					atom = here;
					quant = SIZE_MAX;
					i++;
					continue;
				}
				end = j + 1;
			}
			if (atom == SIZE_MAX) {
				/* nothing to repeat: PCRE2 reports it */
				sweep_buf_add(out, re + i, end - i);
				i = end;
				continue;
			}
			if (quant != SIZE_MAX && simple_quant && c != '{') {
				char prev = out->p[quant];
				out->p[quant] = prev == c && c != '*' ? c : '*';
				i = end;
				continue;
			}
			if (quant != SIZE_MAX) {
				/* (?: before the repeated item, ) after its quantifier */
				sweep_buf_add(out, ")", 1);
				if (out->oom)
					return -1;
				sweep_buf_add(out, "(?:", 3); /* grow by 3, then shift */
				if (out->oom)
					return -1;
				memmove(out->p + atom + 3, out->p + atom, out->len - 3 - atom);
				memcpy(out->p + atom, "(?:", 3);
				here = out->len;
			}
			quant = here;
			simple_quant = c != '{';
			if (c == '{' && re[i + 1] == ',') {
				sweep_buf_add(out, "{0", 2);
				sweep_buf_add(out, re + i + 1, end - i - 1);
			} else {
				sweep_buf_add(out, re + i, end - i);
			}
			i = end;
			continue;
		}
		quant = SIZE_MAX;
		if (c == '(') {
			if (n_open == EXPR_MAX_DEPTH) {
				*why = "groups nested too deeply";
				return -1;
			}
			opens[n_open++] = here;
			sweep_buf_putc(out, c);
			atom = SIZE_MAX;
			i++;
			if (re[i] == '?') { /* (?:, (?i) etc.: PCRE2 syntax passes through */
				sweep_buf_putc(out, '?');
				i++;
			}
			continue;
		}
		if (c == ')') {
			atom = n_open ? opens[--n_open] : SIZE_MAX;
			sweep_buf_putc(out, c);
			i++;
			continue;
		}
		if (c == '|' || c == '^' || c == '$') {
			atom = SIZE_MAX;
			sweep_buf_putc(out, c);
			i++;
			continue;
		}
		if (c == '\\' && (re[i + 1] == '<' || re[i + 1] == '>')) {
			/* GNU ERE word boundaries; PCRE2 would read a literal < or > */
			sweep_buf_puts(out, re[i + 1] == '<' ? "\\b(?=\\w)" : "\\b(?<=\\w)");
			atom = SIZE_MAX;
			i += 2;
			continue;
		}
		atom = here;
		if (c == '\\' && re[i + 1]) {
			sweep_buf_add(out, re + i, 2);
			i += 2;
		} else if (c == '[') {
			/* copy the bracket expression whole: ] first is a member,
			 * [:alpha:] [=a=] [.a.] nest, a backslash escapes */
			size_t j = i + 1;
			if (re[j] == '^')
				j++;
			if (re[j] == ']')
				j++;
			while (re[j] && re[j] != ']') {
				if (re[j] == '[' && (re[j + 1] == ':' || re[j + 1] == '=' || re[j + 1] == '.')) {
					const char *close = strstr(re + j + 2, (char[]){ re[j + 1], ']', 0 });
					j = close ? (size_t)(close - re) + 2 : j + 1;
				} else if (re[j] == '\\' && re[j + 1]) {
					j += 2;
				} else {
					j++;
				}
			}
			if (!re[j]) {
				*why = "missing ] in a bracket expression";
				return -1;
			}
			sweep_buf_add(out, re + i, j + 1 - i);
			i = j + 1;
		} else {
			/* one character, all of a UTF-8 sequence */
			size_t j = i + 1;
			while (((unsigned char)re[j] & 0xc0) == 0x80)
				j++;
			sweep_buf_add(out, re + i, j - i);
			i = j;
		}
	}
	sweep_buf_add(out, "", 0);
	return out->oom ? -1 : 0;
}

static void regex_free(struct regex *r)
{
	if (!r)
		return;
	pcre2_code_free(r->code);
	pcre2_match_context_free(r->mctx);
	free(r);
}

/* Compile p->text (the current T_REGEX token) into *out. */
static int regex_compile(struct parser *p, struct regex **out)
{
	struct sweep_buf pat = SWEEP_BUF_INIT;
	const char *why = "out of memory";
	struct regex *r;
	int code;
	PCRE2_SIZE off;

	*out = NULL;
	if (ere_to_pcre2(p->text, &pat, &why)) {
		sweep_buf_release(&pat);
		return fail(p, p->tok_pos, "bad regular expression: %s", why);
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		sweep_buf_release(&pat);
		return fail(p, p->tok_pos, "out of memory");
	}
	atomic_init(&r->errors, 0);
	/* UTF-8 text (names are converted to UTF-8); a SAN with bytes that are
	 * not UTF-8 still matches where it can instead of failing. $ means the
	 * end, as in POSIX. */
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C |
			(p->re_icase ? PCRE2_CASELESS : 0);
	r->code = pcre2_compile((PCRE2_SPTR)pat.p, pat.len, opts, &code, &off, NULL);
	sweep_buf_release(&pat);
	if (!r->code) {
		PCRE2_UCHAR m[256];
		if (pcre2_get_error_message(code, m, sizeof(m)) < 0)
			snprintf((char *)m, sizeof(m), "error %d", code);
		regex_free(r);
		return fail(p, p->tok_pos, "bad regular expression: %s", (const char *)m);
	}
	/* JIT where the platform has it; the interpreter otherwise. */
	(void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
	r->mctx = pcre2_match_context_create(NULL);
	if (!r->mctx) {
		regex_free(r);
		return fail(p, p->tok_pos, "out of memory");
	}
	pcre2_set_match_limit(r->mctx, RE_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, RE_DEPTH_LIMIT);
	pcre2_set_heap_limit(r->mctx, RE_HEAP_LIMIT_KIB);
	*out = r;
	return 0;
}

/* 1 when s matches. A match stopped by a limit counts as a match, so a
 * hostile value puts its certificate in front of a person rather than
 * hiding it; the count is reported (sweep_expr_regex_errors). */
static int regex_match(struct regex *r, const char *s, pcre2_match_data **md)
{
	if (!*md)
		*md = pcre2_match_data_create(1, NULL);
	if (!*md) {
		atomic_fetch_add(&r->errors, 1);
		return 1;
	}
	int rc = pcre2_match(r->code, (PCRE2_SPTR)s, strlen(s), 0, 0, *md, r->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	atomic_fetch_add(&r->errors, 1);
	return 1;
}

/* ---- fields ---- */

static void fields_list(struct sweep_buf *b)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		sweep_buf_printf(b, "%s%s", i ? ", " : "", fields[i].name);
}

static int resolve_field(struct parser *p, struct sweep_expr *n, const char *name, size_t col)
{
	const char *dot = strchr(name, '.');

	if (dot && (strncmp(name, "subject.", 8) == 0 || strncmp(name, "issuer.", 7) == 0)) {
		int subj = name[0] == 's';
		if (sweep_attr_type_lookup(dot + 1, &n->attr_oid, &n->attr_oid_len) == 0) {
			n->field = &fields[subj ? 0 : 1];
			return 0;
		}
	}
	for (size_t i = 2; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(fields[i].name, name) == 0) {
			n->field = &fields[i];
			return 0;
		}
	}
	struct sweep_buf b = SWEEP_BUF_INIT;
	sweep_buf_printf(&b, "unknown field '%s'; known fields: ", name);
	fields_list(&b);
	sweep_buf_puts(&b, " (see `certsweep fields`)");
	int rc = fail(p, col, "%s", b.oom ? name : b.p);
	sweep_buf_release(&b);
	return rc;
}

/* ---- parser ---- */

static int parse_or(struct parser *p, struct sweep_expr **out);

static struct sweep_expr *node(enum kind k)
{
	struct sweep_expr *n = calloc(1, sizeof(*n));
	if (n)
		n->kind = k;
	return n;
}

static int tok_is(struct parser *p, const char *word)
{
	return p->tok == T_WORD && strcmp(p->text, word) == 0;
}

static int add_value(struct parser *p, struct sweep_expr *n)
{
	size_t col = p->tok_pos;

	if (p->tok != T_WORD && p->tok != T_STRING)
		return fail(p, col, "expected a value%s", p->tok == T_END ? " but the expression ended" : "");
	struct literal *v = realloc(n->vals, (n->n_vals + 1) * sizeof(*v));
	if (!v)
		return fail(p, col, "out of memory");
	n->vals = v;
	v = &v[n->n_vals++];
	memset(v, 0, sizeof(*v));
	v->text = p->text;
	p->text = NULL;
	switch (n->field->type) {
	case F_NUMBER: {
		char *end;
		v->num = strtod(v->text, &end);
		if (p->tok != T_WORD || *end || end == v->text)
			return fail(p, col, "field %s takes a number", n->field->name);
		break;
	}
	case F_TIME:
		if (p->tok != T_WORD || sweep_date_parse(&v->time, v->text))
			return fail(p, col, "field %s takes a date: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
				    n->field->name);
		break;
	default:
		break;
	}
	return lex(p);
}

static int parse_predicate(struct parser *p, struct sweep_expr **out)
{
	struct sweep_expr *n;
	size_t col = p->tok_pos;
	int rc;

	if (p->tok != T_WORD)
		return fail(p, col, "expected a field name, 'lint', 'not' or '('%s",
			    p->tok == T_END ? " but the expression ended" : "");
	static const char *const keywords[] = { "and", "or", "in", "has", "exists", "fails", "passes" };
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (tok_is(p, keywords[k]))
			return fail(p, col, "expected a field name, 'lint', 'not' or '(' but found '%s'", p->text);
	if (tok_is(p, "lint")) {
		n = node(N_LINT);
		if (!n)
			return fail(p, col, "out of memory");
		*out = n;
		rc = lex(p);
		if (rc)
			return rc;
		if (p->tok != T_WORD)
			return fail(p, p->tok_pos, "expected a lint name after 'lint'");
		n->lint = sweep_lint_find(p->text);
		if (!n->lint)
			return fail(p, p->tok_pos, "unknown lint '%s' (see `certsweep lints`)", p->text);
		rc = lex(p);
		if (rc)
			return rc;
		if (tok_is(p, "fails"))
			n->lint_fails = 1;
		else if (!tok_is(p, "passes"))
			return fail(p, p->tok_pos, "expected 'fails' or 'passes' after the lint name");
		return lex(p);
	}
	n = node(N_PRED);
	if (!n)
		return fail(p, col, "out of memory");
	*out = n;
	rc = resolve_field(p, n, p->text, col);
	if (rc)
		return rc;
	rc = lex(p);
	if (rc)
		return rc;
	size_t opcol = p->tok_pos;
	if (tok_is(p, "exists")) {
		n->op = OP_EXISTS;
		return lex(p);
	}
	if (tok_is(p, "in")) {
		n->op = OP_IN;
		rc = lex(p);
		if (rc)
			return rc;
		if (p->tok != T_LPAREN)
			return fail(p, p->tok_pos, "expected '(' after 'in'");
		rc = lex(p);
		if (!rc)
			rc = add_value(p, n);
		if (rc)
			return rc;
		while (p->tok == T_COMMA) {
			rc = lex(p);
			if (!rc)
				rc = add_value(p, n);
			if (rc)
				return rc;
		}
		if (p->tok != T_RPAREN)
			return fail(p, p->tok_pos, "expected ',' or ')' in the list");
		return lex(p);
	}
	if (tok_is(p, "has")) {
		if (!n->field->list)
			return fail(p, opcol, "'has' needs a list field; %s is not one", n->field->name);
		n->op = OP_HAS;
		rc = lex(p);
		if (rc)
			return rc;
		return add_value(p, n);
	}
	if (p->tok == T_OP) {
		static const char *const names[] = { "=", "!=", "<", "<=", ">", ">=", "~", "!~" };
		for (int k = 0; k < 8; k++)
			if (strcmp(p->text, names[k]) == 0)
				n->op = (enum op)k;
		if (n->field->type == F_BOOL)
			return fail(p, opcol, "%s is a boolean field: use it alone or with 'not'", n->field->name);
		if (n->op == OP_RE || n->op == OP_NRE) {
			if (n->field->type != F_STRING)
				return fail(p, opcol, "'~' needs a text field; %s is not one", n->field->name);
			rc = lex(p);
			if (rc)
				return rc;
			if (p->tok != T_REGEX)
				return fail(p, p->tok_pos, "expected /regex/ after '~'");
			rc = regex_compile(p, &n->re);
			if (rc)
				return rc;
			return lex(p);
		}
		rc = lex(p);
		if (rc)
			return rc;
		return add_value(p, n);
	}
	if (n->field->type == F_BOOL) {
		n->op = OP_TRUE;
		return 0;
	}
	return fail(p, opcol, "expected an operator (= != < <= > >= ~ !~ in has exists) after %s",
		    n->field->name);
}

static int parse_not(struct parser *p, struct sweep_expr **out)
{
	int rc;

	if (tok_is(p, "not") || p->tok == T_LPAREN) {
		if (p->depth == EXPR_MAX_DEPTH)
			return fail(p, p->tok_pos, "nested more than %d levels deep ('(' and 'not')", EXPR_MAX_DEPTH);
		p->depth++;
	}
	if (tok_is(p, "not")) {
		struct sweep_expr *n = node(N_NOT);
		if (!n)
			return fail(p, p->tok_pos, "out of memory");
		*out = n;
		rc = lex(p);
		if (rc)
			return rc;
		rc = parse_not(p, &n->l);
		p->depth--;
		return rc;
	}
	if (p->tok == T_LPAREN) {
		size_t col = p->tok_pos;
		rc = lex(p);
		if (!rc)
			rc = parse_or(p, out);
		if (rc)
			return rc;
		if (p->tok != T_RPAREN)
			return fail(p, p->tok_pos, "unclosed '(' at column %zu: expected ')'%s at column %zu", col + 1,
				    p->tok == T_END ? " before the end" : "", p->tok_pos + 1);
		p->depth--;
		return lex(p);
	}
	return parse_predicate(p, out);
}

/* a AND b AND c as a AND (b AND c): evaluation and freeing walk the right
 * spine in a loop, so a chain of any length costs no stack. */
static int parse_binary(struct parser *p, struct sweep_expr **out, const char *word, enum kind k,
			int (*sub)(struct parser *, struct sweep_expr **))
{
	struct sweep_expr **slot = out;
	int rc = sub(p, slot);

	while (!rc && tok_is(p, word)) {
		struct sweep_expr *n = node(k);
		if (!n)
			return fail(p, p->tok_pos, "out of memory");
		n->l = *slot;
		*slot = n;
		slot = &n->r;
		rc = lex(p);
		if (rc)
			return rc;
		rc = sub(p, slot);
	}
	return rc;
}

static int parse_and(struct parser *p, struct sweep_expr **out)
{
	return parse_binary(p, out, "and", N_AND, parse_not);
}

static int parse_or(struct parser *p, struct sweep_expr **out)
{
	return parse_binary(p, out, "or", N_OR, parse_and);
}

int sweep_expr_parse(struct sweep_expr **out, const char *text, struct sweep_error *err)
{
	struct parser p = { .src = text, .err = err };
	struct sweep_expr *e = NULL;
	int rc;

	*out = NULL;
	rc = lex(&p);
	if (!rc && p.tok == T_END)
		rc = fail(&p, p.tok_pos, "empty expression");
	if (!rc)
		rc = parse_or(&p, &e);
	if (!rc && p.tok != T_END)
		rc = fail(&p, p.tok_pos, "expected 'and', 'or' or the end of the expression");
	free(p.text);
	if (rc) {
		sweep_expr_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

void sweep_expr_free(struct sweep_expr *e)
{
	while (e) {
		struct sweep_expr *next = e->r; /* the and/or spine, iteratively */
		sweep_expr_free(e->l);
		for (size_t i = 0; i < e->n_vals; i++)
			free(e->vals[i].text);
		free(e->vals);
		regex_free(e->re);
		free(e);
		e = next;
	}
}

void sweep_expr_regex_version(char *buf, size_t n)
{
	if (n == 0)
		return;
	buf[0] = '\0';
	int need = pcre2_config(PCRE2_CONFIG_VERSION, NULL); /* code units with the NUL */
	if (need > 0 && (size_t)need <= n)
		(void)pcre2_config(PCRE2_CONFIG_VERSION, buf);
}

unsigned long sweep_expr_regex_errors(const struct sweep_expr *e)
{
	unsigned long n = 0;

	for (; e; e = e->r) {
		n += sweep_expr_regex_errors(e->l);
		if (e->re)
			n += atomic_load(&e->re->errors);
	}
	return n;
}

/* ---- evaluation ---- */

static int cmp_ok(enum op op, int c)
{
	switch (op) {
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	case OP_GE: return c >= 0;
	default: return 0;
	}
}

/* Scratch space of one sweep_expr_match call (so workers share nothing). */
struct scratch {
	struct sweep_buf b;
	pcre2_match_data *md;
	const struct sweep_lint_config *cfg; /* --ev-oid decides `type` too */
};

static int match_string(struct scratch *x, const struct sweep_expr *n, const char *s)
{
	switch (n->op) {
	case OP_EXISTS: return 1;
	case OP_RE: return regex_match(n->re, s, &x->md);
	case OP_NRE: return !regex_match(n->re, s, &x->md);
	case OP_IN:
	case OP_HAS:
		for (size_t i = 0; i < n->n_vals; i++)
			if (strcmp(s, n->vals[i].text) == 0)
				return 1;
		return 0;
	default: return cmp_ok(n->op, strcmp(s, n->vals[0].text));
	}
}

static int match_number(const struct sweep_expr *n, double v)
{
	switch (n->op) {
	case OP_EXISTS: return 1;
	case OP_IN:
		for (size_t i = 0; i < n->n_vals; i++)
			if (v == n->vals[i].num)
				return 1;
		return 0;
	default: return cmp_ok(n->op, (v > n->vals[0].num) - (v < n->vals[0].num));
	}
}

static int match_time(const struct sweep_expr *n, int64_t t)
{
	switch (n->op) {
	case OP_EXISTS: return 1;
	case OP_IN:
		for (size_t i = 0; i < n->n_vals; i++)
			if (t == n->vals[i].time)
				return 1;
		return 0;
	default: return cmp_ok(n->op, (t > n->vals[0].time) - (t < n->vals[0].time));
	}
}

static void oid_text(const uint8_t *oid, size_t len, struct sweep_buf *b)
{
	char t[256];

	sweep_buf_reset(b);
	sweep_buf_puts(b, der_oid_text(oid, len, t, sizeof(t)) == 0 ? t : "?");
}

static void ip_text(const struct sweep_gname *g, struct sweep_buf *b)
{
	sweep_buf_reset(b);
	if (g->len == 4) {
		sweep_buf_printf(b, "%u.%u.%u.%u", g->val[0], g->val[1], g->val[2], g->val[3]);
	} else if (g->len == 16) {
		for (int i = 0; i < 8; i++)
			sweep_buf_printf(b, "%s%x", i ? ":" : "", (unsigned)(g->val[2 * i] << 8 | g->val[2 * i + 1]));
	} else {
		for (size_t i = 0; i < g->len; i++)
			sweep_buf_printf(b, "%02x", g->val[i]);
	}
}

static const char *curve_name(const struct sweep_oidref *o, struct sweep_buf *b)
{
	static const uint8_t p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
	static const uint8_t p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
	static const uint8_t p521[] = { 0x2b, 0x81, 0x04, 0x00, 0x23 };

	if (!o->oid)
		return "";
	if (SWEEP_OID_EQ(o->oid, o->len, p256))
		return "P-256";
	if (SWEEP_OID_EQ(o->oid, o->len, p384))
		return "P-384";
	if (SWEEP_OID_EQ(o->oid, o->len, p521))
		return "P-521";
	oid_text(o->oid, o->len, b);
	return sweep_buf_str(b);
}

static int eval_pred(const struct sweep_expr *n, const struct sweep_cert *c, struct scratch *x)
{
	struct sweep_buf *b = &x->b;
	const struct sweep_name *name;
	int64_t bits;

	switch (n->field->id) {
	case FLD_SUBJECT_ATTR:
	case FLD_ISSUER_ATTR:
		name = n->field->id == FLD_SUBJECT_ATTR ? &c->subject : &c->issuer;
		for (size_t i = 0; i < name->n; i++) {
			const struct sweep_attr *a = &name->attrs[i];
			if (a->oid_len != n->attr_oid_len || memcmp(a->oid, n->attr_oid, a->oid_len) != 0)
				continue;
			sweep_buf_reset(b);
			sweep_attr_utf8(a, b);
			if (match_string(x, n, sweep_buf_str(b)))
				return 1;
		}
		return 0;
	case FLD_SUBJECT:
	case FLD_ISSUER:
		sweep_buf_reset(b);
		sweep_name_rfc4514(n->field->id == FLD_SUBJECT ? &c->subject : &c->issuer, b);
		return match_string(x, n, sweep_buf_str(b));
	case FLD_SAN_DNS:
	case FLD_SAN_EMAIL:
	case FLD_SAN_IP: {
		unsigned want = n->field->id == FLD_SAN_DNS ? 2 : n->field->id == FLD_SAN_EMAIL ? 1 : 7;
		for (size_t i = 0; i < c->n_san; i++) {
			if (c->san[i].tag != want)
				continue;
			if (want == 7) {
				ip_text(&c->san[i], b);
			} else {
				sweep_buf_reset(b);
				sweep_buf_add(b, c->san[i].val, c->san[i].len);
			}
			if (match_string(x, n, sweep_buf_str(b)))
				return 1;
		}
		return 0;
	}
	case FLD_NOT_BEFORE: return match_time(n, c->not_before);
	case FLD_NOT_AFTER: return match_time(n, c->not_after);
	case FLD_VALIDITY_DAYS: return match_number(n, (double)(c->not_after - c->not_before + 1) / 86400.0);
	case FLD_POLICY:
	case FLD_EKU:
	case FLD_EXT: {
		size_t cnt = n->field->id == FLD_POLICY ? c->n_policies : n->field->id == FLD_EKU ? c->n_eku : c->n_ext;
		for (size_t i = 0; i < cnt; i++) {
			if (n->field->id == FLD_POLICY)
				oid_text(c->policies[i].oid, c->policies[i].len, b);
			else if (n->field->id == FLD_EKU)
				oid_text(c->eku[i].oid, c->eku[i].len, b);
			else
				oid_text(c->exts[i].oid, c->exts[i].oid_len, b);
			if (match_string(x, n, sweep_buf_str(b)))
				return 1;
		}
		return 0;
	}
	case FLD_IS_PRECERT: return c->is_precert;
	case FLD_IS_CA: return c->is_ca;
	case FLD_KEY_TYPE: {
		const char *t = SWEEP_OID_EQ(c->key_alg.oid, c->key_alg.len, OID_KEY_RSA) ? "RSA"
				: SWEEP_OID_EQ(c->key_alg.oid, c->key_alg.len, OID_KEY_EC) ? "EC" : NULL;
		if (!t) {
			oid_text(c->key_alg.oid, c->key_alg.len, b);
			t = sweep_buf_str(b);
		}
		return match_string(x, n, t);
	}
	case FLD_KEY_RSA_BITS: return match_number(n, sweep_cert_rsa_bits(c));
	case FLD_KEY_CURVE: {
		struct sweep_oidref o = sweep_cert_ec_curve(c);
		if (n->op == OP_EXISTS)
			return o.oid != NULL;
		return match_string(x, n, curve_name(&o, b));
	}
	case FLD_SERIAL:
		sweep_buf_reset(b);
		for (size_t i = 0; i < c->serial_len; i++)
			sweep_buf_printf(b, "%02x", c->serial[i]);
		return match_string(x, n, sweep_buf_str(b));
	case FLD_SERIAL_LEN: return match_number(n, (double)c->serial_len);
	case FLD_TYPE: return match_string(x, n, sweep_cert_type_name(sweep_lint_cert_type(c, x->cfg)));
	case FLD_KIND: return match_string(x, n, sweep_cert_kind_name(c->kind));
	case FLD_VERSION:
		bits = c->version + 1;
		return match_number(n, (double)bits);
	case FLD_SHA256:
		sweep_buf_reset(b);
		for (size_t i = 0; i < 32; i++)
			sweep_buf_printf(b, "%02x", sweep_cert_sha256(c)[i]);
		return match_string(x, n, sweep_buf_str(b));
	case FLD_SIG_ALG:
		oid_text(c->sig_alg.oid, c->sig_alg.len, b);
		return match_string(x, n, sweep_buf_str(b));
	case FLD_TBS_SHA256: {
		uint8_t tbs[32];
		struct sweep_error ignored = { 0, "" };
		if (sweep_tbs_sha256(tbs, c->tbs, c->tbs_len, &ignored))
			return 0; /* extensions that do not re-encode: no fingerprint to compare */
		sweep_buf_reset(b);
		for (size_t i = 0; i < 32; i++)
			sweep_buf_printf(b, "%02x", tbs[i]);
		return match_string(x, n, sweep_buf_str(b));
	}
	}
	return 0;
}

static int eval(const struct sweep_expr *n, const struct sweep_cert *c, const struct sweep_expr_env *env,
		struct scratch *x)
{
	/* and/or chains lean right: walk the spine in a loop */
	while (n->kind == N_AND || n->kind == N_OR) {
		int v = eval(n->l, c, env, x);
		if (n->kind == N_AND ? !v : v)
			return v;
		n = n->r;
	}
	switch (n->kind) {
	case N_AND:
	case N_OR: return 0; /* not reached */
	case N_NOT: return !eval(n->l, c, env, x);
	case N_LINT: {
		if (sweep_corpus_is_check(n->lint)) {
			/* decided across certificates before the scan, looked up by row */
			int f = env && env->corpus_fails && env->corpus_fails(env->corpus_ctx, n->lint, env->row_id);
			return n->lint_fails ? f : !f;
		}
		struct sweep_buf details = SWEEP_BUF_INIT;
		enum sweep_result r = sweep_lint_run(n->lint, c, env ? env->lint_cfg : NULL,
						     env ? env->as_of : c->not_before, &details);
		sweep_buf_release(&details);
		return n->lint_fails ? r >= SWEEP_R_NOTICE : r == SWEEP_R_PASS;
	}
	case N_PRED: return eval_pred(n, c, x);
	}
	return 0;
}

static void corpus_checks(const struct sweep_expr *e, const struct sweep_lint **out, size_t max, size_t *n)
{
	for (; e; e = e->r) {
		corpus_checks(e->l, out, max, n);
		if (e->kind != N_LINT || !sweep_corpus_is_check(e->lint))
			continue;
		size_t i = 0;
		while (i < *n && i < max && out[i] != e->lint)
			i++;
		if (i < *n && i < max)
			continue; /* named before */
		if (*n < max)
			out[*n] = e->lint;
		(*n)++;
	}
}

size_t sweep_expr_corpus_checks(const struct sweep_expr *e, const struct sweep_lint **out, size_t max)
{
	size_t n = 0;

	corpus_checks(e, out, max, &n);
	return n;
}

int sweep_expr_match(const struct sweep_expr *e, const struct sweep_cert *cert, const struct sweep_expr_env *env)
{
	struct scratch x = { SWEEP_BUF_INIT, NULL, env ? env->lint_cfg : NULL };
	int r = eval(e, cert, env, &x);

	sweep_buf_release(&x.b);
	pcre2_match_data_free(x.md);
	return r;
}

int sweep_expr_read_file(char **out, const char *path, struct sweep_error *err)
{
	FILE *fp;
	struct sweep_buf b = SWEEP_BUF_INIT;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = 0;

	*out = NULL;
	fp = fopen(path, "r");
	if (!fp)
		return sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", path, strerror(errno));
	/* getline: a line of any length stays whole (a 4,096-byte buffer used to
	 * split long lines mid-token). */
	for (;;) {
		errno = 0;
		n = getline(&line, &cap, fp);
		if (n < 0)
			break;
		lineno++;
		if (memchr(line, '\0', (size_t)n)) {
			rc = sweep_error_set(err, SWEEP_EINVAL, "%s:%zu: a NUL byte is not text", path, lineno);
			break;
		}
		/* '#' starts a comment outside "strings" and /regexes/ */
		char quote = 0;
		for (char *q = line; *q; q++) {
			if (quote && *q == '\\' && q[1]) {
				q++;
			} else if (quote) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '"' || *q == '/') {
				quote = *q;
			} else if (*q == '#') {
				*q = '\0';
				break;
			}
		}
		char *s = line, *e = line + strlen(line);
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		while (s < e && isspace((unsigned char)*s))
			s++;
		if (s == e)
			continue;
		if (b.len)
			sweep_buf_putc(&b, ' ');
		sweep_buf_add(&b, s, (size_t)(e - s));
	}
	if (!rc && ferror(fp))
		rc = sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", path, strerror(errno ? errno : EIO));
	free(line);
	fclose(fp);
	if (!rc && b.oom)
		rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", path);
	if (rc) {
		sweep_buf_release(&b);
		return rc;
	}
	*out = sweep_buf_detach(&b);
	return *out ? 0 : sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", path);
}

void sweep_expr_fields_print(FILE *fp)
{
	static const char *const tn[] = { "text", "number", "time", "bool" };

	fprintf(fp, "%-16s %-11s %s\n", "FIELD", "TYPE", "DESCRIPTION");
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char type[16];
		snprintf(type, sizeof(type), "%s%s", tn[fields[i].type], fields[i].list ? " list" : "");
		fprintf(fp, "%-16s %-11s %s\n", fields[i].name, type, fields[i].doc);
	}
	fprintf(fp, "\nATTR is one of: CN L ST O OU C STREET DC UID serialNumber SN GN businessCategory "
		    "postalCode organizationIdentifier jurisdictionL jurisdictionST jurisdictionC emailAddress\n");
	fprintf(fp, "Also: lint NAME fails | lint NAME passes (NAME: a lint or a corpus check, c_*)\n");
}
