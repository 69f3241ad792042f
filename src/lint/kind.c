/* Certificate kind (include/certsweep/kind.h) and the lint scopes built on
 * it. The decisions follow zlint's util package: a CA is basicConstraints
 * cA TRUE; a subscriber is not a CA and not self-issued; a certificate is
 * for TLS server authentication when extKeyUsage is absent or holds
 * serverAuth or anyExtendedKeyUsage. certsweep does not verify signatures,
 * so "self-signed" is read as self-issued (issuer == subject, byte-exact)
 * unless the key identifiers show another key signed it (self_signed()). */
#include "certsweep/kind.h"
#include "checks.h"

#include <pthread.h>
#include <stdatomic.h>

/* CA/B Forum arcs: 2.23.140.1.5 S/MIME BR, 2.23.140.1.3 EV code signing,
 * 2.23.140.1.4 code signing BR */
SWEEP_OID(ARC_POLICY_SMIME, 0x67, 0x81, 0x0c, 0x01, 0x05);
SWEEP_OID(ARC_POLICY_EV_CS, 0x67, 0x81, 0x0c, 0x01, 0x03);
SWEEP_OID(ARC_POLICY_CS, 0x67, 0x81, 0x0c, 0x01, 0x04);

int sweep_eku_has(const struct sweep_cert *c, const uint8_t *oid, size_t len)
{
	for (size_t i = 0; i < c->n_eku; i++)
		if (c->eku[i].len == len && memcmp(c->eku[i].oid, oid, len) == 0)
			return 1;
	return 0;
}

static int policy_under(const struct sweep_cert *c, const uint8_t *arc, size_t len)
{
	for (size_t i = 0; i < c->n_policies; i++)
		if (c->policies[i].len >= len && memcmp(c->policies[i].oid, arc, len) == 0)
			return 1;
	return 0;
}
#define POLICY_UNDER(c, name) policy_under((c), name, sizeof(name))

static int self_issued(const struct sweep_cert *c)
{
	return c->issuer.der_len == c->subject.der_len && memcmp(c->issuer.der, c->subject.der, c->issuer.der_len) == 0;
}

/* zlint's IsSelfSigned verifies the signature with the certificate's own
 * key; certsweep verifies none. A self-issued certificate whose
 * authorityKeyIdentifier names another key than its subjectKeyIdentifier is
 * signed by another key of the same CA: a key-rollover certificate (RFC
 * 4210 4.4; RFC 5280 6.1 "self-issued"), which the BRs treat as a
 * cross-certified subordinate CA certificate, not a root (BR 7.1.2.2). */
static int self_signed(const struct sweep_cert *c)
{
	const uint8_t *skid;
	size_t len;

	if (!self_issued(c))
		return 0;
	if (!c->akid_key_id || !(skid = sweep_cert_skid(c, &len)))
		return 1; /* nothing says the keys differ */
	return len == c->akid_key_id_len && memcmp(skid, c->akid_key_id, len) == 0;
}

enum sweep_cert_kind sweep_cert_kind_of(const struct sweep_cert *c)
{
	/* zlint IsServerAuthCert: no EKU, serverAuth or anyEKU. */
	int tls = !c->has_eku || EKU_HAS(c, OID_EKU_SERVER_AUTH) || EKU_HAS(c, OID_EKU_ANY);

	if (c->is_ca) {
		/* RFC 6962 3.1: the precertificate signing EKU marks a CA that
		 * only signs precertificates (BR 7.1.2.4). */
		if (EKU_HAS(c, OID_EKU_PRECERT_SIGNING))
			return SWEEP_KIND_PRECERT_CA;
		if (!tls)
			return EKU_HAS(c, OID_EKU_EMAIL) ? SWEEP_KIND_SMIME_CA : SWEEP_KIND_OTHER_CA;
		if (self_signed(c))
			return SWEEP_KIND_TLS_ROOT_CA;
		/* BR 7.1.5 / 7.1.2.5: name constraints and an EKU that is not
		 * anyExtendedKeyUsage. Cross-certificates cannot be told from
		 * subordinates without the issuer's context; they count as
		 * subordinates, whose profile is the stricter one. */
		if (c->has_eku && !EKU_HAS(c, OID_EKU_ANY) && CERT_EXT(c, OID_EXT_NAME_CONSTRAINTS))
			return SWEEP_KIND_TLS_TC_SUB_CA;
		return SWEEP_KIND_TLS_SUB_CA;
	}
	/* zlint IsSubscriberCert excludes self-signed end entities. */
	if (self_signed(c))
		return SWEEP_KIND_OTHER;
	if (c->has_eku) {
		if (tls)
			return SWEEP_KIND_TLS_SUBSCRIBER;
		/* zlint IsDelegatedOCSPResponderCert (RFC 6960 4.2.2.2). */
		if (EKU_HAS(c, OID_EKU_OCSP_SIGNING))
			return SWEEP_KIND_OCSP;
		if (EKU_HAS(c, OID_EKU_EMAIL))
			return SWEEP_KIND_SMIME;
		if (EKU_HAS(c, OID_EKU_CODE_SIGNING))
			return SWEEP_KIND_CODESIGNING;
		return SWEEP_KIND_OTHER;
	}
	/* Without an EKU only the CA/B Forum policy OIDs of the other
	 * requirement sets tell an S/MIME or code signing certificate apart. */
	if (POLICY_UNDER(c, ARC_POLICY_SMIME))
		return SWEEP_KIND_SMIME;
	if (POLICY_UNDER(c, ARC_POLICY_CS) || POLICY_UNDER(c, ARC_POLICY_EV_CS))
		return SWEEP_KIND_CODESIGNING;
	return SWEEP_KIND_TLS_SUBSCRIBER;
}

static const char *const kind_names[SWEEP_KIND_COUNT] = {
	[SWEEP_KIND_OTHER] = "other",
	[SWEEP_KIND_TLS_SUBSCRIBER] = "tls-subscriber",
	[SWEEP_KIND_TLS_ROOT_CA] = "tls-root-ca",
	[SWEEP_KIND_TLS_SUB_CA] = "tls-sub-ca",
	[SWEEP_KIND_TLS_TC_SUB_CA] = "tls-tc-sub-ca",
	[SWEEP_KIND_PRECERT_CA] = "precert-ca",
	[SWEEP_KIND_OCSP] = "ocsp",
	[SWEEP_KIND_SMIME] = "smime",
	[SWEEP_KIND_SMIME_CA] = "smime-ca",
	[SWEEP_KIND_CODESIGNING] = "codesigning",
	[SWEEP_KIND_OTHER_CA] = "other-ca",
};

const char *sweep_cert_kind_name(enum sweep_cert_kind k)
{
	return (unsigned)k < SWEEP_KIND_COUNT ? kind_names[k] : "other";
}

int sweep_cert_kind_is_ca(enum sweep_cert_kind k)
{
	return k == SWEEP_KIND_TLS_ROOT_CA || k == SWEEP_KIND_TLS_SUB_CA || k == SWEEP_KIND_TLS_TC_SUB_CA ||
	       k == SWEEP_KIND_PRECERT_CA || k == SWEEP_KIND_SMIME_CA || k == SWEEP_KIND_OTHER_CA;
}

static unsigned scope_by_source(const struct sweep_lint *lint)
{
	static const struct {
		const char *source;
		unsigned scope;
	} by_source[] = {
		{"BR", SWEEP_SCOPE_TLS},    {"EV", SWEEP_SCOPE_TLS},	      {"Chrome", SWEEP_SCOPE_TLS},
		{"Apple", SWEEP_SCOPE_TLS}, {"Mozilla", SWEEP_SCOPE_MOZILLA},
	};

	if (lint->scope)
		return lint->scope;
	for (size_t i = 0; i < sizeof(by_source) / sizeof(by_source[0]); i++)
		if (strcmp(lint->source, by_source[i].source) == 0)
			return by_source[i].scope;
	return SWEEP_SCOPE_ALL;
}

/* sweep_lint_run() asks for every lint and every certificate: the scopes of
 * the registry rows are worked out once instead of by string compares. */
enum { SCOPE_CACHE_MAX = 1024 };
static unsigned scope_cache[SCOPE_CACHE_MAX];
static const struct sweep_lint *scope_base;
static size_t scope_n;
static pthread_once_t scope_once = PTHREAD_ONCE_INIT;
static atomic_int scope_ready; /* set once scope_init has run: skips pthread_once on the hot path */

static void scope_init(void)
{
	const struct sweep_lint *reg = sweep_lint_registry(&scope_n);

	if (scope_n > SCOPE_CACHE_MAX)
		scope_n = SCOPE_CACHE_MAX;
	for (size_t i = 0; i < scope_n; i++)
		scope_cache[i] = scope_by_source(&reg[i]);
	scope_base = reg;
	atomic_store_explicit(&scope_ready, 1, memory_order_release);
}

unsigned sweep_lint_scope(const struct sweep_lint *lint)
{
	if ((atomic_load_explicit(&scope_ready, memory_order_acquire) || pthread_once(&scope_once, scope_init) == 0) &&
	    scope_base && lint >= scope_base &&
	    lint < scope_base + scope_n)
		return scope_cache[lint - scope_base];
	return scope_by_source(lint);
}

const unsigned *sweep_lint_scope_table(const struct sweep_lint **base, size_t *n)
{
	if (!atomic_load_explicit(&scope_ready, memory_order_acquire) && pthread_once(&scope_once, scope_init)) {
		*base = NULL;
		*n = 0;
		return NULL;
	}
	*base = scope_base;
	*n = scope_base ? scope_n : 0;
	return scope_base ? scope_cache : NULL;
}

/* applies() helpers by kind, for the lint families. */
int sweep_applies_tls_subscriber(const struct sweep_cert *cert)
{
	return cert->kind == SWEEP_KIND_TLS_SUBSCRIBER;
}

int sweep_applies_tls_ca(const struct sweep_cert *cert)
{
	return (SWEEP_SCOPE(cert->kind) & SWEEP_SCOPE_TLS_CA) != 0;
}

int sweep_applies_tls_root_ca(const struct sweep_cert *cert)
{
	return cert->kind == SWEEP_KIND_TLS_ROOT_CA;
}

int sweep_applies_tls_sub_ca(const struct sweep_cert *cert)
{
	return (SWEEP_SCOPE(cert->kind) & SWEEP_SCOPE_TLS_SUB_CA) != 0;
}

int sweep_applies_precert_ca(const struct sweep_cert *cert)
{
	return cert->kind == SWEEP_KIND_PRECERT_CA;
}

int sweep_applies_ocsp_responder(const struct sweep_cert *cert)
{
	return cert->kind == SWEEP_KIND_OCSP;
}
