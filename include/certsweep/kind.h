/* What kind of certificate this is, decided from the certificate alone the
 * way the reference linters do (zlint util.IsCACert / IsSubscriberCert /
 * IsServerAuthCert / IsDelegatedOCSPResponderCert; the certificate types of
 * BR v2 7.1.2). A lint only judges the kinds its rule governs: a BR rule
 * says nothing about an S/MIME, code-signing or clientAuth-only certificate
 * sitting in the same CA store. */
#ifndef CERTSWEEP_KIND_H
#define CERTSWEEP_KIND_H

struct sweep_cert;
struct sweep_lint;

/* TLS subscriber is 0: a view built by hand (zeroed, no extensions, not a
 * CA) is what zlint calls a server-auth subscriber certificate. */
enum sweep_cert_kind {
	SWEEP_KIND_TLS_SUBSCRIBER =
		0,	  /* not a CA; extKeyUsage absent, serverAuth or anyExtendedKeyUsage (BR 7.1.2.7) */
	SWEEP_KIND_OTHER, /* end entity for another purpose (clientAuth only, timeStamping ...), or self-issued leaf */
	SWEEP_KIND_TLS_ROOT_CA,	  /* CA, self-issued (BR 7.1.2.1) */
	SWEEP_KIND_TLS_SUB_CA,	  /* CA, not self-issued, may issue TLS certificates (BR 7.1.2.2, 7.1.2.6) */
	SWEEP_KIND_TLS_TC_SUB_CA, /* ... technically constrained: nameConstraints and a restricted EKU (BR 7.1.2.5) */
	SWEEP_KIND_PRECERT_CA,	  /* CA with the RFC 6962 precertificate signing EKU (BR 7.1.2.4) */
	SWEEP_KIND_OCSP,	  /* delegated OCSP responder: not a CA, id-kp-OCSPSigning (BR 7.1.2.8) */
	SWEEP_KIND_SMIME,	  /* not a CA; emailProtection without serverAuth, or an S/MIME BR policy */
	SWEEP_KIND_SMIME_CA,	  /* CA whose EKU allows emailProtection but not serverAuth */
	SWEEP_KIND_CODESIGNING,	  /* not a CA; codeSigning without serverAuth, or a code signing BR policy */
	SWEEP_KIND_OTHER_CA,	  /* CA whose EKU allows neither serverAuth nor emailProtection */
	SWEEP_KIND_COUNT
};

/* Scopes: bit sets of kinds, for a lint's .scope. */
#define SWEEP_SCOPE(k) (1u << (k))
#define SWEEP_SCOPE_TLS_CA                                                                                             \
	(SWEEP_SCOPE(SWEEP_KIND_TLS_ROOT_CA) | SWEEP_SCOPE(SWEEP_KIND_TLS_SUB_CA) |                                    \
	 SWEEP_SCOPE(SWEEP_KIND_TLS_TC_SUB_CA) | SWEEP_SCOPE(SWEEP_KIND_PRECERT_CA))
#define SWEEP_SCOPE_TLS_SUB_CA (SWEEP_SCOPE(SWEEP_KIND_TLS_SUB_CA) | SWEEP_SCOPE(SWEEP_KIND_TLS_TC_SUB_CA))
/* Everything the TLS Baseline Requirements govern. */
#define SWEEP_SCOPE_TLS (SWEEP_SCOPE(SWEEP_KIND_TLS_SUBSCRIBER) | SWEEP_SCOPE_TLS_CA | SWEEP_SCOPE(SWEEP_KIND_OCSP))
/* Mozilla's Root Store Policy governs TLS and S/MIME hierarchies (1.1). */
#define SWEEP_SCOPE_MOZILLA (SWEEP_SCOPE_TLS | SWEEP_SCOPE(SWEEP_KIND_SMIME) | SWEEP_SCOPE(SWEEP_KIND_SMIME_CA))
#define SWEEP_SCOPE_ALL ((1u << SWEEP_KIND_COUNT) - 1)

/* The kind of a decoded certificate (called once, at the end of decoding). */
enum sweep_cert_kind sweep_cert_kind_of(const struct sweep_cert *cert);
/* "tls-subscriber", "tls-root-ca", ... as --where's kind field spells them. */
const char *sweep_cert_kind_name(enum sweep_cert_kind k);
int sweep_cert_kind_is_ca(enum sweep_cert_kind k);
/* The kinds a lint governs: its .scope, else by its source (BR and EV:
 * SWEEP_SCOPE_TLS; Mozilla: SWEEP_SCOPE_MOZILLA; RFCs and the rest: all). */
unsigned sweep_lint_scope(const struct sweep_lint *lint);

#endif
