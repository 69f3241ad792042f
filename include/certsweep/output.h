/* Output files: written under a temporary name and renamed into place only
 * when complete, so a file with the final name is always whole. */
#ifndef CERTSWEEP_OUTPUT_H
#define CERTSWEEP_OUTPUT_H

#include "certsweep/buf.h"
#include "certsweep/error.h"

#include <stdio.h>

struct sweep_ofile {
	FILE *fp;
	char *tmp_path;
	char *path;
};

int sweep_ofile_open(struct sweep_ofile *f, const char *dir, const char *name, struct sweep_error *err);
/* Reopen an existing DIR/NAME.partial for appending after truncating it to
 * offset (resuming an interrupted audit). */
int sweep_ofile_reopen(struct sweep_ofile *f, const char *dir, const char *name, long offset,
		       struct sweep_error *err);
/* Flush and fsync without closing; *offset receives the file's length. */
int sweep_ofile_sync(struct sweep_ofile *f, long *offset, struct sweep_error *err);
/* Close, leaving DIR/NAME.partial on disk for a later --resume. */
void sweep_ofile_keep(struct sweep_ofile *f);
/* Flush, fsync, close and rename; any write error surfaces here. */
int sweep_ofile_commit(struct sweep_ofile *f, struct sweep_error *err);
/* Remove the temporary file (no-op if none). */
void sweep_ofile_abort(struct sweep_ofile *f);

/* One RFC 4180 cell (quoted only when needed). With csv_safe, a cell
 * starting with = + - @ TAB or CR is prefixed with ' for spreadsheets. */
void sweep_csv_cell(struct sweep_buf *line, const char *s, int first, int csv_safe);
/* End a record with CRLF (RFC 4180). */
void sweep_csv_end(struct sweep_buf *line);
/* A JSON string literal of UTF-8 text. */
void sweep_json_str(struct sweep_buf *b, const char *s);
/* Read a whole file into out (NUL-terminated; out->len excludes the NUL). */
int sweep_file_read(const char *path, struct sweep_buf *out, struct sweep_error *err);
/* Make the directory (and parents) if missing. */
int sweep_mkdirs(const char *dir, struct sweep_error *err);

#endif
