/* SQL text compiled in from queries/ (see CMakeLists.txt). */
#ifndef CERTSWEEP_SQL_H
#define CERTSWEEP_SQL_H

extern const char sweep_sql_crtsh_scan_sql[];
extern const char sweep_sql_crtsh_scan_issuer_sql[];
extern const char sweep_sql_crtsh_exact_count_sql[];
extern const char sweep_sql_crtsh_has_x509_sql[];
extern const char sweep_sql_crtsh_revocation_sql[];
extern const char sweep_sql_crtsh_key_compromise_sql[];
extern const char sweep_sql_crtsh_count_sql[];
extern const char sweep_sql_crtsh_bounds_sql[];
extern const char sweep_sql_crtsh_precert_signers_sql[];
extern const char sweep_sql_crtsh_issuer_certs_sql[];
extern const char sweep_sql_ejbca_scan_sql[];
extern const char sweep_sql_ejbca_scan_no_base64certdata_sql[];
extern const char sweep_sql_ejbca_has_base64certdata_sql[];

#endif
