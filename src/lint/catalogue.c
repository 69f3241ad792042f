/* Requirements left out on purpose, listed by `certsweep lints --format md`
 * next to the registry so that a CA comparing certsweep with zlint or
 * pkilint sees the gap and its reason rather than a silent difference. */
#include "certsweep/catalogue.h"

static const struct sweep_not_implemented not_implemented[] = {
	{"TLD validity against the root zone, dated by delegation",
	 "zlint e_dnsname_not_valid_tld; pkilint cabf.serverauth dns name validation",
	 "needs a dated copy of the IANA root zone (delegation and removal dates per TLD); none is packaged "
	 "with this build and a table without dates would flag names under TLDs retired later"},
	{"Public Suffix List: wildcards left of a public suffix, bare IANA suffixes",
	 "zlint w_dnsname_wildcard_left_of_public_suffix, e_dnsname_contains_bare_iana_suffix",
	 "the PSL changes weekly and is not versioned by date; e_san_dns_name_wildcard_on_tld covers the "
	 "single-label case"},
	{"IDN U-labels in NFC", "zlint e_international_dns_name_not_nfc",
	 "needs Unicode normalisation tables, which certsweep does not link; Punycode validity is checked "
	 "(e_international_dns_name_not_unicode)"},
	{"Debian weak-key blocklist (CVE-2008-0166)", "pkimetal/badkeys blocklist",
	 "the blocklist (openssl-blacklist) is not packaged here; Fermat, small factors and ROCA are checked"},
	{"CT policies before 2022-04-15 (lifetime bands of 15/27/39 months) and log-operator diversity",
	 "zlint w_ct_sct_policy_count_unsatisfied (Apple policy)",
	 "the older Chrome and Apple bands were not verified against the policy texts, and no CT log list "
	 "(operators, states) is shipped; w_ct_sct_count_under_policy counts distinct log IDs from 2022-04-15"},
	{"Chrome Root Program: no clientAuth in serverAuth hierarchies", "-",
	 "the policy's effective date for issuance was not verified against the Chrome Root Program text"},
	{"Backdating: notBefore more than 48 hours before issuance (BR v2 7.1.2.7)",
	 "pkilint cabf.serverauth validity checks",
	 "needs the issuance time (CT log timestamp or the CA database), which the certificate alone lacks"},
	{"Cross-certified subordinate CA profile (BR v2 7.1.2.2)", "pkilint cabf.serverauth cross CA types",
	 "a cross-certificate cannot be told from a subordinate CA without the issuer's context; both are "
	 "judged by the subordinate CA rules"},
	{"Subordinate CA extKeyUsage required", "zlint n_sub_ca_eku_missing, e_sub_ca_eku_missing",
	 "the date from which BR 7.1.2.2(g) required it was not verified"},
	{"Subordinate CA authorityInformationAccess required", "zlint e_sub_ca_aia_missing",
	 "BR v1 7.1.2.2(c) says SHOULD, zlint reports an error; certsweep does not report a MUST that is a SHOULD"},
	{"S/MIME Baseline Requirements profiles", "zlint cabf_smime_br lints; pkilint cabf.smime",
	 "S/MIME certificates are recognised (kind smime) and judged by the RFC and Mozilla lints only"},
	{"Code signing and EV code signing requirements", "zlint community code signing lints",
	 "out of scope: certsweep audits TLS issuance; code-signing certificates get kind codesigning"},
	{"ETSI qualified certificate statements", "zlint e_qcstatem_*",
	 "eIDAS/ETSI profiles are not CA/B Forum requirements"},
	{"EV organizationIdentifier and the CABFOrganizationIdentifier extension",
	 "zlint e_ev_orgid_*, e_cabf_org_identifier_*", "not in this round"},
	{"Tor onion names", "zlint e_san_dns_name_onion_not_ev_cert, e_onion_subject_validity_time_too_large",
	 "not in this round"},
	{"DSA key parameters", "zlint e_dsa_*", "DSA keys are already errors (e_public_key_algorithm_not_allowed)"},
	{"UTCTime / GeneralizedTime format details", "zlint e_utc_time_*, e_generalized_time_*",
	 "part of lenient decoding (issue #10 section 1)"},
};

const struct sweep_not_implemented *sweep_lint_not_implemented(size_t *n_out)
{
	*n_out = sizeof(not_implemented) / sizeof(not_implemented[0]);
	return not_implemented;
}
