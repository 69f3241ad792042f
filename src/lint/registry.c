/* The lint registry: one row per lint, and the row is the whole metadata.
 * Dates are YYYYMMDD of notBefore: a rule applies to certificates issued on
 * or after `effective` and before `ineffective` (0 = still in force).
 * Where certsweep deliberately differs from zlint or pkilint, the
 * description says so. */
#include "certsweep/lint.h"
#include "checks.h"

#include "certsweep/corpus.h"
#include "certsweep/der.h"

#include <stdio.h>
#include <string.h>

#define RFC5280 20080501 /* RFC 5280 published */
#define BR1 20120701     /* Baseline Requirements v1.0 effective */
#define BR2 20230915     /* BR v2.0.0 certificate profiles effective */
#define EVG1 20070612    /* EV Guidelines v1.0 */
#define CT 20130601      /* RFC 6962 published */
#define RFC8813 20200801 /* RFC 8813 published (ECDSA keyUsage) */
#define BR_1_8_0 20210825 /* BR v1.8.0 effective (CN character-for-character from SAN) */

/* Trailing arguments are optional designated initialisers, e.g.
 * ROW(..., "desc", .zlint = "e_a e_b", .pkilint = "X.Y.Z") for the
 * reference linters' equivalent checks (space-separated names). */
#define ROW(n, src, cite, eff, ineff, app, chk, desc, ...)                                                 \
	{ .name = n, .description = desc, .source = src, .citation = cite, .effective = eff,                \
	  .ineffective = ineff, .applies = app, .check = chk, __VA_ARGS__ }

static const struct sweep_lint registry[] = {
	/* --- the incident lints ------------------------------------------------------------------- */
	ROW("e_subject_attribute_value_embedded_rdn", "BR", "BR 7.1.2.7.4 (v2), BR 7.1.4.2.2 (v1); RFC 5280 4.1.2.6",
	    BR1, 0, sweep_applies_all, sweep_check_subject_embedded_rdn,
	    "A subject attribute value contains text shaped like another RDN (\", C=JP\", \"/O=...\", \"+CN=\"): "
	    "the attribute does not hold only its own information. zlint, pkilint and pkimetal had no such "
	    "check at the time of the SECOM stateOrProvinceName incident."),
	ROW("e_ev_jurisdiction_level_inconsistent", "EV", "EV Guidelines 9.2.4", EVG1, 0,
	    sweep_applies_ev_or_jurisdiction, sweep_check_ev_jurisdiction_level,
	    "EV jurisdiction fields must form one registration level: country (C), state (C+ST) or locality "
	    "(C+ST+L). Locality without state, state without country, or fields below (or short of) the level "
	    "declared with --joi-level CC=country|state|locality are errors. Unlike zlint, certsweep also "
	    "checks a jurisdiction field on a certificate without the EV policy OID.",
	    .pkilint = "cabf.ev_guidelines.jurisdiction_locality_present_stateprovince_missing cabf.ev_guidelines.jurisdiction_country_attribute_absent"),

	/* --- decode defects: read past by the decoder (enum sweep_defect), each a finding --------------- */
	ROW("e_certificate_trailing_data", "RFC5280", "RFC 5280 4.1; X.690 10.1", RFC5280, 0, sweep_applies_all,
	    sweep_check_trailing_data,
	    "Bytes follow the Certificate SEQUENCE. The certificate is still decoded and judged (OpenSSL "
	    "ignores the trailing bytes); the SHA-256 stays that of the bytes as stored."),
	ROW("e_certificate_not_der", "RFC5280", "RFC 5280 4.1 (DER); X.690 10.1, 8.1.3", RFC5280, 0, sweep_applies_all,
	    sweep_check_ber_length,
	    "A length inside the certificate (TBSCertificate, or an extension value) is indefinite or not in its "
	    "shortest form: BER, not DER. pkilint stops at such a certificate (fatal itu.invalid_asn1_syntax); "
	    "certsweep reports it and judges the rest.",
	    .pkilint = "itu.invalid_asn1_syntax"),
	ROW("e_subject_empty_rdn", "RFC5280", "RFC 5280 4.1.2.6, Appendix A (RDN SET SIZE (1..MAX))", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_empty_rdn, "The subject has an empty RelativeDistinguishedName."),
	ROW("e_issuer_empty_rdn", "RFC5280", "RFC 5280 4.1.2.4, Appendix A (RDN SET SIZE (1..MAX))", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_empty_rdn, "The issuer has an empty RelativeDistinguishedName."),
	ROW("e_name_attribute_value_unknown_type", "RFC5280", "RFC 5280 4.1.2.4, Appendix A (DirectoryString)",
	    RFC5280, 0, sweep_applies_all, sweep_check_name_value_unknown_type,
	    "A subject or issuer attribute value is not one of the X.520 string types (e.g. GeneralString, "
	    "GraphicString, OCTET STRING); it is shown as #hex in names."),
	ROW("e_validity_time_without_seconds", "RFC5280", "RFC 5280 4.1.2.5.1, 4.1.2.5.2", RFC5280, 0,
	    sweep_applies_all, sweep_check_validity_time_no_seconds,
	    "notBefore or notAfter is YYMMDDHHMMZ (or the GeneralizedTime equivalent): seconds are mandatory.",
	    .zlint = "e_utc_time_does_not_include_seconds e_generalized_time_does_not_include_seconds",
	    .pkilint = "pkix.utctime_incorrect_syntax pkix.generalizedtime_incorrect_syntax"),
	ROW("e_validity_time_not_zulu", "RFC5280", "RFC 5280 4.1.2.5.1, 4.1.2.5.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_time_not_zulu,
	    "notBefore or notAfter has a +hhmm/-hhmm offset or no zone; it must end in Z. An offset is applied, "
	    "a time without zone is read as UTC.",
	    .zlint = "e_utc_time_not_in_zulu e_generalized_time_not_in_zulu",
	    .pkilint = "pkix.utctime_incorrect_syntax pkix.generalizedtime_incorrect_syntax"),
	ROW("e_validity_time_fractional_seconds", "RFC5280", "RFC 5280 4.1.2.5.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_time_fraction, "A GeneralizedTime validity date has fractional seconds.",
	    .zlint = "e_generalized_time_includes_fraction_seconds",
	    .pkilint = "pkix.generalizedtime_incorrect_syntax"),
	ROW("e_basic_constraints_path_len_invalid", "RFC5280", "RFC 5280 4.2.1.9, Appendix A (INTEGER (0..MAX))",
	    RFC5280, 0, sweep_applies_all, sweep_check_path_len_invalid,
	    "pathLenConstraint is negative (as zlint's e_path_len_constraint_zero_or_less), or larger than "
	    "certsweep can hold (over 2^31-1).",
	    .zlint = "e_path_len_constraint_zero_or_less"),
	ROW("e_san_general_name_not_context_tagged", "RFC5280", "RFC 5280 4.2.1.6, Appendix A (GeneralName)",
	    RFC5280, 0, sweep_applies_has_san, sweep_check_san_general_name_tag,
	    "A subjectAltName entry is not a context-tagged GeneralName (e.g. a bare IA5String); it is skipped, "
	    "the other entries are judged."),
	ROW("e_extension_value_malformed", "RFC5280", "RFC 5280 4.2 (extnValue)", RFC5280, 0, sweep_applies_all,
	    sweep_check_extension_value_malformed,
	    "The value of an extension certsweep reads (subjectAltName, keyUsage, extKeyUsage, basicConstraints, "
	    "certificatePolicies, authorityKeyIdentifier) does not parse; what parsed before the fault is kept.",
	    .pkilint = "itu.invalid_asn1_syntax"),

	/* --- subject and issuer names --------------------------------------------------------------- */
	ROW("e_subject_attribute_value_empty", "RFC5280", "RFC 5280 4.1.2.6, Appendix A (ub >= 1)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_empty_value, "A subject attribute has an empty value."),
	ROW("e_issuer_attribute_value_empty", "RFC5280", "RFC 5280 4.1.2.4, Appendix A (ub >= 1)", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_empty_value, "An issuer attribute has an empty value."),
	ROW("e_issuer_dn_empty", "RFC5280", "RFC 5280 4.1.2.4", RFC5280, 0, sweep_applies_all,
	    sweep_check_issuer_dn_empty, "The issuer field MUST contain a non-empty distinguished name.",
	    .zlint = "e_issuer_field_empty",
	    .pkilint = "pkix.name_empty"),
	ROW("w_subject_attribute_value_whitespace", "community", "zlint w_subject_dn_leading/trailing_whitespace",
	    RFC5280, 0, sweep_applies_all, sweep_check_subject_whitespace,
	    "A subject attribute value starts or ends with whitespace (one lint for both ends).",
	    .zlint = "w_subject_dn_leading_whitespace w_subject_dn_trailing_whitespace"),
	ROW("w_subject_attribute_value_control_character", "community", "RFC 5280 4.1.2.4; X.520 DirectoryString",
	    RFC5280, 0, sweep_applies_all, sweep_check_subject_control_chars,
	    "A subject attribute value contains a C0 control character, DEL (NUL included) or a C1 control "
	    "character (U+0080-U+009F). A warning: zlint's e_subject_dn_not_printable_characters is an error.",
	    .zlint = "e_subject_dn_not_printable_characters"),
	ROW("e_subject_printable_string_bad_alphabet", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_printable_alphabet,
	    "A subject PrintableString holds a character outside A-Z a-z 0-9 space ' ( ) + , - . / : = ?",
	    .zlint = "e_subject_printable_string_badalpha"),
	ROW("e_issuer_printable_string_bad_alphabet", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_printable_alphabet,
	    "An issuer PrintableString holds a character outside its alphabet."),
	ROW("e_subject_ia5_string_non_ascii", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_ia5_non_ascii, "A subject IA5String holds a byte above 0x7F."),
	ROW("e_subject_utf8_string_invalid", "RFC5280", "RFC 5280 4.1.2.4; RFC 3629", RFC5280, 0, sweep_applies_all,
	    sweep_check_subject_utf8_invalid,
	    "A subject UTF8String is not well-formed UTF-8 (overlong, surrogate, truncated sequence)."),
	ROW("e_subject_bmp_string_invalid", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.16", RFC5280, 0, sweep_applies_all,
	    sweep_check_subject_bmp_invalid, "A subject BMPString has an odd length or a surrogate code unit."),
	ROW("e_subject_string_type_not_allowed", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_string_type,
	    "Subject attributes must be PrintableString or UTF8String (IA5String for domainComponent and "
	    "emailAddress; PrintableString only for countryName, jurisdictionCountryName and serialNumber).",
	    .pkilint = "cabf.serverauth.attribute_value_invalid_encoding_type"),
	ROW("e_subject_country_not_printable_string", "RFC5280", "RFC 5280 Appendix A (X520countryName)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_country_printable, "countryName must be a PrintableString.",
	    .zlint = "e_subject_dn_country_not_printable_string"),
	ROW("e_subject_country_not_iso3166", "BR", "BR 7.1.4.2.2(g) (v1), 7.1.2.7.4 (v2)", BR1, 0, sweep_applies_all,
	    sweep_check_subject_country_code,
	    "Subject countryName is not an ISO 3166-1 alpha-2 code (XX accepted, as the BR allow).",
	    .zlint = "e_subject_country_not_iso",
	    .pkilint = "cabf.invalid_country_code"),
	ROW("e_issuer_country_not_iso3166", "BR", "BR 7.1.4.3.1 (v1), 7.1.2.7 (v2)", BR1, 0, sweep_applies_all,
	    sweep_check_issuer_country_code, "Issuer countryName is not an ISO 3166-1 alpha-2 code."),
	ROW("e_subject_duplicate_attribute", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_duplicate_attribute,
	    "An attribute type appears more than once in the subject (domainComponent and streetAddress excepted).",
	    .pkilint = "cabf.serverauth.prohibited_duplicate_attribute_type"),
	ROW("e_subject_multi_valued_rdn", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_multi_valued_rdn, "A subject RDN holds more than one AttributeTypeAndValue. An error from BR v2 as in pkilint; zlint's "
	    "n_multiple_subject_rdn is a notice at any date.",
	    .zlint = "n_multiple_subject_rdn",
	    .pkilint = "cabf.serverauth.rdn_contains_multiple_atvs"),
	ROW("e_subject_contains_organizational_unit", "BR", "BR 7.1.4.2.2(i) (ballot SC47); 7.1.2.7.4 (v2)",
	    20220901, 0, sweep_applies_subscriber, sweep_check_subject_contains_ou,
	    "organizationalUnitName is prohibited in subscriber certificates issued from 2022-09-01.",
	    .zlint = "e_organizational_unit_name_prohibited",
	    .pkilint = "cabf.serverauth.ov.organizational_unit_name_attribute_present cabf.serverauth.iv.organizational_unit_name_attribute_present"),
	ROW("e_subject_common_name_not_in_san", "BR", "BR 7.1.4.2.2(a) (v1.0-1.7.9)", BR1, BR_1_8_0,
	    sweep_applies_subscriber, sweep_check_subject_cn_not_in_san,
	    "A subject commonName is not one of the subjectAltName dNSNames (compared ignoring case) or iPAddresses "
	    "(an IPv4 or IPv6 address in the CN matches the iPAddress of the same octets).",
	    .zlint = "e_subject_common_name_not_from_san"),
	ROW("e_subject_common_name_not_exactly_in_san", "BR", "BR 7.1.4.2.2(a) (v1.8.0), 7.1.4.3 / 7.1.2.7.2 (v2)",
	    BR_1_8_0, 0, sweep_applies_subscriber, sweep_check_subject_cn_not_exactly_in_san,
	    "From BR 1.8.0 (2021-08-25) a commonName holding a domain name must be a character-for-character copy "
	    "of a dNSName: a CN differing from the SAN entry only in case fails. IP addresses compare by octets.",
	    .zlint = "e_subject_common_name_not_exactly_from_san",
	    .pkilint = "cabf.serverauth.subscriber_common_name_unknown_source"),
	ROW("e_subject_locality_without_organization", "BR", "BR 7.1.4.2.2(e)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_locality_without_org, "localityName is present without organizationName.",
	    .zlint = "e_sub_cert_locality_name_must_not_appear"),
	ROW("e_subject_state_without_organization", "BR", "BR 7.1.4.2.2(d)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_state_without_org, "stateOrProvinceName is present without organizationName.",
	    .zlint = "e_sub_cert_province_must_not_appear"),
	ROW("e_subject_street_or_postal_without_organization", "BR", "BR 7.1.4.2.2(f)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_subject_street_without_org,
	    "streetAddress or postalCode is present without organizationName.",
	    .zlint = "e_sub_cert_street_address_should_not_exist e_sub_cert_postal_code_must_not_appear"),
	ROW("e_subject_organization_without_locality_or_state", "BR", "BR 7.1.4.2.2(d),(e)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_subject_org_without_place,
	    "organizationName is present with neither localityName nor stateOrProvinceName.",
	    .zlint = "e_sub_cert_locality_name_must_appear e_sub_cert_province_must_appear",
	    .pkilint = "cabf.serverauth.subscriber_stateprovince_and_locality_missing"),
	ROW("e_subject_organization_without_country", "BR", "BR 7.1.4.2.2(g)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_org_without_country, "organizationName is present without countryName.",
	    .zlint = "e_sub_cert_country_name_must_appear",
	    .pkilint = "cabf.serverauth.ov.country_attribute_absent"),
	ROW("e_subject_attribute_not_allowed", "BR", "BR 7.1.2.7.2-7.1.2.7.5 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_attribute_not_allowed,
	    "The subject holds an attribute type outside the BR v2 subscriber profiles (OU, emailAddress, title...).",
	    .pkilint = "cabf.serverauth.dv.unknown_attribute_present cabf.serverauth.ov.unknown_attribute_present"),
	ROW("e_subject_common_name_too_long", "RFC5280", "RFC 5280 Appendix A (ub-common-name 64)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_cn_too_long, "commonName longer than 64 characters.",
	    .zlint = "e_subject_common_name_max_length",
	    .pkilint = "cabf.serverauth.name_attribute_value_too_long"),
	ROW("e_subject_organization_too_long", "RFC5280", "RFC 5280 Appendix A (ub-organization-name 64)", RFC5280,
	    0, sweep_applies_all, sweep_check_subject_org_too_long, "organizationName longer than 64 characters.",
	    .zlint = "e_subject_organization_name_max_length",
	    .pkilint = "cabf.serverauth.name_attribute_value_too_long"),
	ROW("e_dv_subject_contains_organization_fields", "BR", "BR 7.1.6.1 (v1), 7.1.2.7.2 (v2)", BR1, 0,
	    sweep_applies_dv, sweep_check_dv_subject_org_fields,
	    "A DV certificate (2.23.140.1.2.1) carries organizationName, street, locality, state, postal code, "
	    "givenName or surname. Effective date as zlint's e_cab_dv_conflicts_with_*.",
	    .zlint = "e_cab_dv_conflicts_with_org e_cab_dv_conflicts_with_locality e_cab_dv_conflicts_with_province e_cab_dv_conflicts_with_street e_cab_dv_conflicts_with_postal",
	    .pkilint = "cabf.serverauth.dv.unknown_attribute_present"),
	ROW("e_ov_subject_missing_organization", "BR", "BR 7.1.6.1 (v1), 7.1.2.7.4 (v2)", BR1, 0, sweep_applies_ov,
	    sweep_check_ov_missing_org, "An OV certificate (2.23.140.1.2.2) without organizationName.",
	    .zlint = "e_cab_ov_requires_org",
	    .pkilint = "cabf.serverauth.ov.organization_name_attribute_absent"),

	/* --- EV ------------------------------------------------------------------------------------ */
	ROW("e_ev_subject_missing_organization", "EV", "EV Guidelines 9.2.1", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_org, "An EV certificate without organizationName.",
	    .zlint = "e_ev_organization_name_missing",
	    .pkilint = "cabf.ev_guidelines.organization_name_attribute_absent"),
	ROW("e_ev_subject_missing_business_category", "EV", "EV Guidelines 9.2.3", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_business_category, "An EV certificate without businessCategory.",
	    .zlint = "e_ev_business_category_missing",
	    .pkilint = "cabf.ev_guidelines.business_category_attribute_absent"),
	ROW("e_ev_business_category_invalid", "EV", "EV Guidelines 9.2.3", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_business_category_value,
	    "businessCategory is not \"Private Organization\", \"Government Entity\", \"Business Entity\" or "
	    "\"Non-Commercial Entity\" (exact spelling).",
	    .pkilint = "cabf.ev_guidelines.invalid_business_category"),
	ROW("e_ev_subject_missing_serial_number", "EV", "EV Guidelines 9.2.5", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_serial_number, "An EV certificate without subject serialNumber.",
	    .zlint = "e_ev_serial_number_missing",
	    .pkilint = "cabf.ev_guidelines.serial_number_attribute_absent"),
	ROW("e_ev_subject_missing_country", "EV", "EV Guidelines 9.2.7", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_country, "An EV certificate without countryName.",
	    .zlint = "e_ev_country_name_missing",
	    .pkilint = "cabf.ev_guidelines.country_attribute_absent"),
	ROW("e_ev_subject_missing_locality", "EV", "EV Guidelines 9.2.7", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_locality, "An EV certificate without localityName."),
	ROW("e_ev_jurisdiction_country_not_iso3166", "EV", "EV Guidelines 9.2.4", EVG1, 0,
	    sweep_applies_ev_or_jurisdiction, sweep_check_ev_jurisdiction_country_code,
	    "jurisdictionCountryName is not an ISO 3166-1 alpha-2 code.",
	    .pkilint = "cabf.serverauth.invalid_jurisdiction_country_code"),
	ROW("e_ev_wildcard", "EV", "EV Guidelines 9.8.1", EVG1, 0, sweep_applies_ev, sweep_check_ev_wildcard,
	    "An EV certificate with a wildcard dNSName or commonName.",
	    .pkilint = "cabf.ev_guidelines.ev_wildcard_san_present"),

	/* --- subjectAltName ---------------------------------------------------------------------------- */
	ROW("e_subscriber_san_missing", "BR", "BR 7.1.4.2.1 (v1), 7.1.2.7.12 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_san_missing, "A subscriber certificate without subjectAltName.",
	    .zlint = "e_ext_san_missing",
	    .pkilint = "cabf.serverauth.subscriber.subject_altname_extension_absent"),
	ROW("e_san_empty", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san, sweep_check_san_empty,
	    "subjectAltName holds no name.",
	    .zlint = "e_ext_san_no_entries"),
	ROW("e_san_dns_name_bad_syntax", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5; BR 7.1.4.2.1", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_syntax,
	    "A dNSName is not in preferred name syntax: empty label, label over 63, name over 253, trailing "
	    "dot, leading/trailing hyphen, or a character other than letters, digits, hyphen (underscores "
	    "and wildcards have their own lints).",
	    .zlint = "e_dnsname_bad_character_in_label e_dnsname_empty_label e_dnsname_label_too_long e_dnsname_hyphen_in_sld",
	    .pkilint = "pkix.invalid_domain_name_syntax cabf.serverauth.invalid_dnsname_syntax"),
	ROW("e_san_dns_name_underscore", "BR", "BR 7.1.4.2.1 (ballot SC12)", 20190401, 0, sweep_applies_subscriber_san,
	    sweep_check_san_dns_underscore, "A dNSName contains an underscore (prohibited from 2019-04-01).",
	    .zlint = "e_dnsname_underscore_in_sld"),
	ROW("e_san_dns_name_wildcard_not_leftmost", "BR", "BR 1.6.1 (Wildcard Domain Name)", BR1, 0,
	    sweep_applies_subscriber_san, sweep_check_san_dns_wildcard_position,
	    "'*' appears other than as the entire leftmost label.",
	    .zlint = "e_dnsname_wildcard_only_in_left_label e_dnsname_left_label_wildcard_correct"),
	ROW("e_san_dns_name_wildcard_on_tld", "BR", "BR 3.2.2.6", BR1, 0, sweep_applies_subscriber_san,
	    sweep_check_san_dns_wildcard_tld,
	    "A wildcard directly under a top-level domain (*.com). certsweep does not carry the Public Suffix "
	    "List, so *.co.uk is not caught here, unlike zlint."),
	ROW("e_san_dns_name_internal", "BR", "BR 4.2.2, 7.1.4.2.1 (Internal Names)", 20151101, 0,
	    sweep_applies_subscriber_san, sweep_check_san_dns_internal,
	    "A dNSName is an Internal Name: a single label, or under a suffix reserved for private use "
	    "(.local, .internal, .corp, .lan, .home, .test, .invalid, .example ...). A fixed list, not the "
	    "live root zone, unlike zlint's TLD check.",
	    .zlint = "e_dnsname_not_valid_tld",
	    .pkilint = "cabf.internal_domain_name"),
	ROW("n_san_dns_name_not_lowercase", "community", "RFC 5280 4.2.1.6 (case-insensitive comparison)", RFC5280, 0,
	    sweep_applies_subscriber_san, sweep_check_san_dns_uppercase,
	    "A dNSName has upper-case letters: legal, but relying parties and CT monitors compare poorly."),
	ROW("e_san_ip_address_reserved", "BR", "BR 4.2.2, 7.1.4.2.1 (Reserved IP Address)", 20151101, 0,
	    sweep_applies_subscriber_san, sweep_check_san_ip_reserved,
	    "An iPAddress in a reserved range (RFC 1918, loopback, link-local, CGN, ULA, documentation).",
	    .zlint = "e_ext_san_contains_reserved_ip",
	    .pkilint = "cabf.internal_ip_address"),
	ROW("e_san_ip_address_bad_length", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_ip_length, "An iPAddress that is neither 4 nor 16 octets.",
	    .pkilint = "pkix.ip_address_wrong_length"),
	ROW("e_san_general_name_type_not_allowed", "BR", "BR 7.1.4.2.1 (v1), 7.1.2.7.12 (v2)", BR1, 0,
	    sweep_applies_subscriber_san, sweep_check_san_type_not_allowed,
	    "subjectAltName of a TLS subscriber certificate holds something other than dNSName or iPAddress "
	    "(BR v1.0 already: \"Each entry MUST be either a dNSName ... or an iPAddress\").",
	    .zlint = "e_ext_san_other_name_present e_ext_san_rfc822_name_present e_ext_san_directory_name_present e_ext_san_edi_party_name_present e_ext_san_uniform_resource_identifier_present e_ext_san_registered_id_present",
	    .pkilint = "cabf.serverauth.prohibited_san_type"),
	ROW("w_san_critical_with_nonempty_subject", "RFC5280", "RFC 5280 4.2.1.6 (SHOULD NOT)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_critical_with_subject,
	    "subjectAltName is critical although the subject is not empty.",
	    .zlint = "w_ext_san_critical_with_subject_dn",
	    .pkilint = "pkix.san_extension_is_critical_non_empty_subject"),
	ROW("e_san_not_critical_with_empty_subject", "RFC5280", "RFC 5280 4.2.1.6 (MUST)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_not_critical_empty_subject,
	    "The subject is empty and subjectAltName is not critical.",
	    .zlint = "e_ext_san_not_critical_without_subject",
	    .pkilint = "pkix.san_extension_not_critical_empty_subject"),
	ROW("n_san_duplicate_entry", "community", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_duplicate, "subjectAltName lists the same name twice.",
	    .zlint = "n_san_dns_name_duplicate"),

	/* --- validity period, judged by the rule of the issuance date ------------------------------------ */
	ROW("e_validity_over_60_months", "BR", "BR 9.4 (v1.0); BR 1.6.1 \"Validity Period\" (v1.0-v1.7.0)", BR1, 20150401,
	    sweep_applies_subscriber, sweep_check_validity_60_months,
	    "Validity over 60 months (issued 2012-07-01 to 2015-03-31). Validity periods are measured by the "
	    "definition in force at issuance: notAfter - notBefore until BR 1.7.1, notBefore through notAfter "
	    "inclusive (+1 s, RFC 5280 4.1.2.5) from 2020-08-20 (ballot SC31)."),
	ROW("e_validity_over_39_months", "BR", "BR 6.3.2 (v1.3)", 20150401, 20180301, sweep_applies_subscriber,
	    sweep_check_validity_39_months, "Validity over 39 months (issued 2015-04-01 to 2018-02-28).",
	    .zlint = "e_sub_cert_valid_time_longer_than_39_months"),
	ROW("e_validity_over_825_days", "BR", "BR 6.3.2 (ballot 193)", 20180301, 20200901, sweep_applies_subscriber,
	    sweep_check_validity_825_days,
	    "Validity over 825 days (issued 2018-03-01 to 2020-08-31). Until 2020-08-19 measured as notAfter - "
	    "notBefore, so exactly 825 days is compliant; unlike zlint, which always adds one second.",
	    .zlint = "e_sub_cert_valid_time_longer_than_825_days"),
	ROW("e_validity_over_398_days", "BR", "BR 6.3.2 (ballot SC31)", 20200901, 20260315, sweep_applies_subscriber,
	    sweep_check_validity_398_days, "Validity over 398 days (issued 2020-09-01 to 2026-03-14).",
	    .zlint = "e_tls_server_cert_valid_time_longer_than_398_days",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_398_days"),
	ROW("e_validity_over_200_days", "BR", "BR 6.3.2 (ballot SC-081)", 20260315, 20270315, sweep_applies_subscriber,
	    sweep_check_validity_200_days, "Validity over 200 days (issued 2026-03-15 to 2027-03-14).",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_200_days"),
	ROW("e_validity_over_100_days", "BR", "BR 6.3.2 (ballot SC-081)", 20270315, 20290315, sweep_applies_subscriber,
	    sweep_check_validity_100_days, "Validity over 100 days (issued 2027-03-15 to 2029-03-14).",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_100_days"),
	ROW("e_validity_over_47_days", "BR", "BR 6.3.2 (ballot SC-081)", 20290315, 0, sweep_applies_subscriber,
	    sweep_check_validity_47_days, "Validity over 47 days (issued from 2029-03-15).",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_47_days"),
	ROW("e_validity_negative", "RFC5280", "RFC 5280 4.1.2.5", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_negative, "notAfter is earlier than notBefore.",
	    .zlint = "e_validity_time_not_positive",
	    .pkilint = "pkix.certificate_negative_validity_period"),
	ROW("e_validity_time_encoding", "RFC5280", "RFC 5280 4.1.2.5", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_time_encoding,
	    "Dates through 2049 must be UTCTime, from 2050 GeneralizedTime.",
	    .zlint = "e_wrong_time_format_pre2050",
	    .pkilint = "pkix.wrong_time_useful_type"),

	/* --- serial number -------------------------------------------------------------------------- */
	ROW("e_serial_number_not_positive", "RFC5280", "RFC 5280 4.1.2.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_not_positive, "The serial number is zero or negative.",
	    .zlint = "e_serial_number_not_positive",
	    .pkilint = "pkix.certificate_serial_number_out_of_range"),
	ROW("e_serial_number_longer_than_20_octets", "RFC5280", "RFC 5280 4.1.2.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_too_long,
	    "The serial number's DER INTEGER has more than 20 content octets, the sign octet counted (as zlint and "
	    "pkilint read RFC 5280): a 20-octet value with its top bit set fails.",
	    .zlint = "e_serial_number_longer_than_20_octets",
	    .pkilint = "pkix.certificate_serial_number_out_of_range"),
	ROW("w_serial_number_shorter_than_64_bits", "BR", "BR 7.1 (64 bits of CSPRNG output)", 20160930, 0,
	    sweep_applies_subscriber, sweep_check_serial_short,
	    "The serial number has fewer than 8 octets of value, so it cannot hold 64 bits of CSPRNG output. "
	    "A warning: 1 in 256 random 64-bit serials also encodes in 7 octets.",
	    .zlint = "w_serial_number_low_entropy"),
	ROW("e_serial_number_not_der", "RFC5280", "RFC 5280 4.1 (DER); X.690 8.3.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_not_der, "The serial number INTEGER has a redundant leading 00 or FF octet."),

	/* --- keys and signatures -------------------------------------------------------------------- */
	ROW("e_rsa_modulus_under_2048_bits", "BR", "BR 6.1.5", 20140101, 0, sweep_applies_rsa,
	    sweep_check_rsa_modulus_small, "RSA modulus shorter than 2048 bits.",
	    .zlint = "e_rsa_mod_less_than_2048_bits",
	    .pkilint = "cabf.rsa_modulus_invalid_length"),
	ROW("e_rsa_modulus_not_multiple_of_8", "Mozilla", "Mozilla Root Store Policy 5.1", 20170228, 0,
	    sweep_applies_rsa, sweep_check_rsa_modulus_not_div8, "RSA modulus size in bits is not divisible by 8.",
	    .zlint = "e_mp_modulus_must_be_divisible_by_8",
	    .pkilint = "cabf.rsa_modulus_invalid_length"),
	ROW("e_rsa_public_exponent_even", "BR", "BR 6.1.6", BR1, 0, sweep_applies_rsa, sweep_check_rsa_exponent_even,
	    "RSA public exponent is even.",
	    .zlint = "e_rsa_public_exponent_not_odd",
	    .pkilint = "cabf.rsa_exponent_prohibited_value"),
	ROW("w_rsa_public_exponent_small", "BR", "BR 6.1.6 (SHOULD be 2^16+1 or more)", BR1, 0, sweep_applies_rsa,
	    sweep_check_rsa_exponent_small, "RSA public exponent below 65537.",
	    .zlint = "w_rsa_public_exponent_not_in_range",
	    .pkilint = "cabf.rsa_exponent_not_in_recommended_range"),
	ROW("e_rsa_parameters_not_null", "RFC5280", "RFC 3279 2.3.1; BR 7.1.3.1.1", RFC5280, 0, sweep_applies_rsa,
	    sweep_check_rsa_params_not_null, "rsaEncryption AlgorithmIdentifier parameters must be NULL.",
	    .zlint = "e_spki_rsa_encryption_parameter_not_null",
	    .pkilint = "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
	ROW("e_ec_curve_not_allowed", "BR", "BR 6.1.5", BR1, 0, sweep_applies_ec, sweep_check_ec_curve_br,
	    "EC key on a curve other than P-256, P-384 or P-521 (or with explicit parameters).",
	    .zlint = "e_ec_improper_curves",
	    .pkilint = "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
	ROW("e_mozilla_ec_curve_not_allowed", "Mozilla", "Mozilla Root Store Policy 2.4-2.9, 5.1", 20170228, 20250315,
	    sweep_applies_ec, sweep_check_ec_curve_mozilla,
	    "EC key on a curve other than P-256 or P-384 (issued 2017-02-28 to 2025-03-14). Mozilla Root Store "
	    "Policy 3.0 (2025-03-15) allows P-521, so later certificates are judged by the BR curve lint only."),
	ROW("e_public_key_algorithm_not_allowed", "BR", "BR 6.1.5", BR1, 0, sweep_applies_all,
	    sweep_check_key_algorithm, "Public key neither RSA nor ECDSA (DSA, Ed25519 ...).",
	    .zlint = "e_public_key_type_not_allowed",
	    .pkilint = "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
	ROW("e_signature_algorithm_sha1", "BR", "BR 7.1.3", 20160101, 0, sweep_applies_subscriber,
	    sweep_check_sig_sha1, "Subscriber certificate signed with SHA-1 on or after 2016-01-01.",
	    .zlint = "e_sub_cert_or_sub_ca_using_sha1",
	    .pkilint = "cabf.serverauth.prohibited_signature_algorithm_encoding"),
	ROW("e_signature_algorithm_md5", "BR", "BR 7.1.3", BR1, 0, sweep_applies_all, sweep_check_sig_md5,
	    "Certificate signed with MD5 (zlint and pkilint report it through their general signature-algorithm "
	    "checks).",
	    .zlint = "e_signature_algorithm_not_supported",
	    .pkilint = "cabf.serverauth.prohibited_signature_algorithm_encoding"),
	ROW("e_signature_algorithm_mismatch", "RFC5280", "RFC 5280 4.1.1.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_sig_mismatch,
	    "TBSCertificate.signature differs from signatureAlgorithm: the whole AlgorithmIdentifier is compared, "
	    "parameters included (NULL versus absent differs).",
	    .zlint = "e_cert_sig_alg_not_match_tbs_sig_alg",
	    .pkilint = "pkix.certificate_signature_algorithm_mismatch"),
	ROW("e_signature_algorithm_not_allowed", "BR", "BR 7.1.3.2", 20160101, 0, sweep_applies_all,
	    sweep_check_sig_not_allowed,
	    "Signature algorithm outside SHA-256/384/512 with RSA (PKCS#1 v1.5 or PSS) or ECDSA.",
	    .zlint = "e_signature_algorithm_not_supported",
	    .pkilint = "cabf.serverauth.prohibited_signature_algorithm_encoding"),

	/* --- extensions ------------------------------------------------------------------------------ */
	ROW("e_version_not_3", "BR", "BR 7.1.1", BR1, 0, sweep_applies_all, sweep_check_version_not_v3,
	    "The certificate is not X.509 v3.",
	    .zlint = "e_invalid_certificate_version",
	    .pkilint = "pkix.certificate_version_is_not_v3"),
	ROW("e_extension_duplicate", "RFC5280", "RFC 5280 4.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_duplicate_extension, "An extension appears more than once.",
	    .zlint = "e_ext_duplicate_extension",
	    .pkilint = "pkix.duplicate_extension"),
	ROW("e_ca_basic_constraints_not_critical", "RFC5280", "RFC 5280 4.2.1.9", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_bc_not_critical, "CA certificate whose basicConstraints is not critical.",
	    .zlint = "e_basic_constraints_not_critical",
	    .pkilint = "pkix.basic_constraints_extension_not_critical"),
	ROW("e_ca_key_usage_missing", "RFC5280", "RFC 5280 4.2.1.3", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_key_usage_missing, "CA certificate without keyUsage.",
	    .zlint = "e_ca_key_usage_missing",
	    .pkilint = "pkix.ca_certificate_no_ku_extension"),
	ROW("e_ca_subject_key_identifier_missing", "RFC5280", "RFC 5280 4.2.1.2", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_skid_missing, "CA certificate without subjectKeyIdentifier.",
	    .zlint = "e_ext_subject_key_identifier_missing_ca",
	    .pkilint = "pkix.certificate_skid_ca_missing"),
	ROW("e_authority_key_identifier_missing", "RFC5280", "RFC 5280 4.2.1.1", RFC5280, 0,
	    sweep_applies_not_self_issued, sweep_check_akid_missing,
	    "A certificate that is not self-issued lacks authorityKeyIdentifier.",
	    .zlint = "e_ext_authority_key_identifier_missing",
	    .pkilint = "pkix.authority_key_identifier_extension_absent"),
	ROW("e_authority_key_identifier_no_key_identifier", "RFC5280", "RFC 5280 4.2.1.1", RFC5280, 0,
	    sweep_applies_has_akid_not_self_issued, sweep_check_akid_no_key_id,
	    "authorityKeyIdentifier is present without its keyIdentifier field (issuer name and serial only).",
	    .zlint = "e_ext_authority_key_identifier_no_key_identifier",
	    .pkilint = "pkix.authority_key_identifier_keyid_missing"),
	ROW("e_subscriber_eku_missing", "BR", "BR 7.1.2.3(f) (v1), 7.1.2.7.10 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_eku_missing, "Subscriber certificate without extKeyUsage.",
	    .zlint = "e_sub_cert_eku_missing",
	    .pkilint = "cabf.serverauth.subscriber.extended_key_usage_extension_absent"),
	ROW("e_subscriber_eku_server_or_client_auth_missing", "BR", "BR 7.1.2.3(f) (v1)", BR1, BR2,
	    sweep_applies_subscriber_with_eku, sweep_check_eku_server_or_client_auth_missing,
	    "extKeyUsage with neither id-kp-serverAuth nor id-kp-clientAuth (BR v1: either or both MUST be "
	    "present, so a clientAuth-only certificate was compliant).",
	    .zlint = "e_sub_cert_eku_server_auth_client_auth_missing"),
	ROW("e_subscriber_eku_server_auth_missing", "BR", "BR 7.1.2.7.10 (v2)", BR2, 0, sweep_applies_subscriber_with_eku,
	    sweep_check_eku_server_auth_missing, "extKeyUsage without id-kp-serverAuth (required from BR v2).",
	    .pkilint = "cabf.serverauth.subscriber.serverauth_eku_absent"),
	ROW("w_subscriber_eku_extra_values", "BR", "BR 7.1.2.3(f) (v1: SHOULD NOT), 7.1.2.7.10 (v2: NOT RECOMMENDED)",
	    BR1, 0, sweep_applies_subscriber_with_eku, sweep_check_eku_extra_values,
	    "extKeyUsage holds a purpose other than id-kp-serverAuth and id-kp-clientAuth.",
	    .zlint = "w_sub_cert_eku_extra_values",
	    .pkilint = "cabf.serverauth.subscriber.unknown_eku_present"),
	ROW("e_subscriber_eku_prohibited_purpose", "BR", "BR 7.1.2.7.10 (v2)", BR2, 0, sweep_applies_subscriber_with_eku,
	    sweep_check_eku_prohibited,
	    "extKeyUsage with anyExtendedKeyUsage, codeSigning, emailProtection, timeStamping, OCSPSigning or the "
	    "RFC 6962 Precertificate Signing Certificate purpose.",
	    .pkilint = "cabf.serverauth.subscriber.anyeku_eku_present cabf.serverauth.subscriber.codesigning_eku_present cabf.serverauth.subscriber.emailprotection_eku_present cabf.serverauth.subscriber.timestamping_eku_present cabf.serverauth.subscriber.ocspsigning_eku_present cabf.serverauth.subscriber.precertsigning_eku_present"),
	ROW("e_subscriber_key_usage_cert_sign", "BR", "BR 7.1.2.3(e)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_ku_cert_sign, "Subscriber certificate asserting keyCertSign or cRLSign.",
	    .zlint = "e_sub_cert_key_usage_cert_sign_bit_set e_sub_cert_key_usage_crl_sign_bit_set",
	    .pkilint = "cabf.serverauth.subscriber_prohibited_ku_present"),
	ROW("e_key_usage_no_bits", "RFC5280", "RFC 5280 4.2.1.3", RFC5280, 0, sweep_applies_has_key_usage,
	    sweep_check_ku_no_bits, "keyUsage present with no bit set.",
	    .zlint = "e_ext_key_usage_without_bits",
	    .pkilint = "pkix.no_ku_bits_set"),
	ROW("w_key_usage_not_critical", "RFC5280", "RFC 5280 4.2.1.3 (SHOULD)", RFC5280, 0, sweep_applies_has_key_usage,
	    sweep_check_ku_not_critical, "keyUsage is not marked critical.",
	    .zlint = "w_ext_key_usage_not_critical",
	    .pkilint = "pkix.key_usage_extension_not_critical"),
	ROW("e_ec_key_usage_key_encipherment", "RFC5280", "RFC 8813 3; BR 7.1.2.7.11 (v2)", RFC8813, 0, sweep_applies_ec,
	    sweep_check_ec_ku_key_encipherment,
	    "An id-ecPublicKey certificate asserting keyEncipherment or dataEncipherment (RFC 8813, 2020-08-01; "
	    "the BR v2 profile restates it).",
	    .zlint = "e_ecdsa_allowed_ku",
	    .pkilint = "pkix.key_usage_value_prohibited_for_ec"),
	ROW("e_subscriber_aia_missing", "BR", "BR 7.1.2.3(c) (v1), 7.1.2.7.7 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_aia_missing, "Subscriber certificate without authorityInformationAccess.",
	    .zlint = "e_sub_cert_aia_missing",
	    .pkilint = "cabf.serverauth.subscriber.authority_info_access_extension_absent"),
	ROW("e_subscriber_aia_ocsp_missing", "BR", "BR 7.1.2.3(c) (until ballot SC-063)", BR1, 20240315,
	    sweep_applies_has_aia, sweep_check_aia_ocsp_missing,
	    "authorityInformationAccess without an OCSP responder (required until 2024-03-15).",
	    .zlint = "e_sub_cert_aia_does_not_contain_ocsp_url"),
	ROW("e_aia_url_not_http", "BR", "BR 7.1.2.7.7 (v2)", BR2, 0, sweep_applies_has_aia, sweep_check_aia_url_scheme,
	    "An authorityInformationAccess location is not an http:// URL.",
	    .zlint = "e_aia_ocsp_must_have_http_only e_aia_ca_issuers_must_have_http_only",
	    .pkilint = "cabf.serverauth.aia_location_uri_not_http"),
	ROW("e_crl_distribution_point_not_http", "BR", "BR 7.1.2.11.2 (v2)", BR2, 0, sweep_applies_has_crldp,
	    sweep_check_crldp_url_scheme, "A cRLDistributionPoints fullName is not an http:// URL.",
	    .zlint = "e_crl_distrib_points_not_http",
	    .pkilint = "cabf.serverauth.crldp_dpname_prohibited_uri_scheme"),
	ROW("e_subscriber_certificate_policies_missing", "BR", "BR 7.1.2.3(a) (v1), 7.1.2.7.9 (v2)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_policies_missing,
	    "Subscriber certificate without certificatePolicies.",
	    .zlint = "e_sub_cert_certificate_policies_missing",
	    .pkilint = "cabf.serverauth.subscriber.certificate_policies_extension_absent"),
	ROW("e_subscriber_reserved_policy_not_exactly_one", "BR", "BR 7.1.2.7.9 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_reserved_policy_count,
	    "Not exactly one CA/Browser Forum reserved policy OID (2.23.140.1.1, 2.23.140.1.2.1/2/3).",
	    .pkilint = "cabf.serverauth.subscriber_missing_reserved_policy_oid cabf.serverauth.subscriber_multiple_reserved_policy_oids"),
	ROW("e_precert_poison_not_critical", "RFC6962", "RFC 6962 3.1", CT, 0, sweep_applies_precert,
	    sweep_check_poison_not_critical, "The precertificate poison extension is not critical.",
	    .pkilint = "pkix.ct_precert_poison_extension_not_critical"),
	ROW("e_precert_poison_not_null", "RFC6962", "RFC 6962 3.1", CT, 0, sweep_applies_precert,
	    sweep_check_poison_not_null, "The precertificate poison extension's value is not ASN.1 NULL."),
	ROW("e_precert_with_sct_list", "RFC6962", "RFC 6962 3.1, 3.3", CT, 0, sweep_applies_precert,
	    sweep_check_precert_has_scts, "A precertificate that also carries an SCT list extension.",
	    .pkilint = "pkix.ct_precert_poison_and_sctlist_extensions_present"),
	/* --- corpus checks: decided across certificates (src/core/corpus_pass.c) --------------------- */
	ROW(SWEEP_CORPUS_PRECERT_FINAL_MISMATCH, "RFC6962", "RFC 6962 3.1, 3.2", CT, 0, sweep_corpus_applies_never,
	    sweep_corpus_check_none,
	    "Corpus check: a precertificate and a final certificate of one (issuer, serial) whose TBSCertificates, "
	    "poison and SCT-list extensions removed, differ (validity, SAN, extension order...); the finding names "
	    "the fields. Both certificates fail. Pairs are by issuer name and serial, so a precertificate from a "
	    "Precertificate Signing Certificate is not paired. Selected by --lint c_*, not by --all-lints; not "
	    "with --shard, --connections or --resume."),
};

const struct sweep_lint *sweep_lint_registry(size_t *n_out)
{
	*n_out = sizeof(registry) / sizeof(registry[0]);
	return registry;
}

const struct sweep_lint *sweep_lint_find(const char *name)
{
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(registry[i].name, name) == 0)
			return &registry[i];
	return NULL;
}

enum sweep_result sweep_lint_severity(const struct sweep_lint *lint)
{
	switch (lint->name[0]) {
	case 'e': return SWEEP_R_ERROR;
	case 'w': return SWEEP_R_WARN;
	case 'c': return SWEEP_R_ERROR; /* corpus checks: each is a misissuance */
	default: return SWEEP_R_NOTICE;
	}
}

static const char *const result_names[] = { "NA", "NE", "pass", "notice", "warn", "error", "fatal" };

const char *sweep_result_name(enum sweep_result r)
{
	return (unsigned)r < sizeof(result_names) / sizeof(result_names[0]) ? result_names[r] : "?";
}

int sweep_result_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(result_names) / sizeof(result_names[0]); i++)
		if (strcmp(result_names[i], s) == 0)
			return (int)i;
	if (strcmp(s, "warning") == 0)
		return SWEEP_R_WARN;
	return -1;
}

unsigned sweep_yyyymmdd(int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int y;
	unsigned m, d;

	sweep_civil_from_days(days, &y, &m, &d);
	if (y < 0)
		return 0;
	return (unsigned)y * 10000 + m * 100 + d;
}

void sweep_yyyymmdd_text(unsigned d, char buf[16])
{
	snprintf(buf, 16, "%04u-%02u-%02u", d / 10000 % 10000, d / 100 % 100, d % 100);
}

/* A policy OID of the certificate is one of cfg's --ev-oid values. */
static int ev_by_config(const struct sweep_cert *c, const struct sweep_lint_config *cfg)
{
	char t[128];

	for (size_t i = 0; i < c->n_policies; i++) {
		if (der_oid_text(c->policies[i].oid, c->policies[i].len, t, sizeof(t)))
			continue;
		for (size_t k = 0; k < cfg->n_ev_oids; k++)
			if (strcmp(t, cfg->ev_oids[k]) == 0)
				return 1;
	}
	return 0;
}

enum sweep_cert_type sweep_lint_cert_type(const struct sweep_cert *cert, const struct sweep_lint_config *cfg)
{
	if (cert->type != SWEEP_TYPE_EV && cfg && cfg->n_ev_oids && ev_by_config(cert, cfg))
		return SWEEP_TYPE_EV;
	return cert->type;
}

enum sweep_result sweep_lint_run(const struct sweep_lint *lint, const struct sweep_cert *cert,
				 const struct sweep_lint_config *cfg, int64_t as_of, struct sweep_buf *details)
{
	struct sweep_cert ev_view;
	unsigned day;

	/* EVG 9.3.2: a CA's own EV OID given with --ev-oid makes the certificate
	 * EV for every lint; the lints read the type from a shallow copy. */
	if (sweep_lint_cert_type(cert, cfg) != cert->type) {
		ev_view = *cert;
		ev_view.type = SWEEP_TYPE_EV;
		cert = &ev_view;
	}
	if (!lint->applies(cert))
		return SWEEP_R_NA;
	day = sweep_yyyymmdd(as_of);
	if (day < lint->effective || (lint->ineffective && day >= lint->ineffective))
		return SWEEP_R_NE;
	switch (lint->check(cert, cfg, details)) {
	case SWEEP_CHECK_PASS: return SWEEP_R_PASS;
	case SWEEP_CHECK_FAIL: return sweep_lint_severity(lint);
	default: return SWEEP_R_FATAL;
	}
}
