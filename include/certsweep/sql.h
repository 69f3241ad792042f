/* SQL text compiled in from queries/ (see CMakeLists.txt). */
#ifndef CERTSWEEP_SQL_H
#define CERTSWEEP_SQL_H

extern const char sweep_sql_crtsh_scan_sql[];
extern const char sweep_sql_crtsh_revocation_sql[];
extern const char sweep_sql_crtsh_count_sql[];

#endif
