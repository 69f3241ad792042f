/* Output files: created (never opened) relative to the output directory's
 * descriptor under a temporary name, and renamed into place only when
 * complete, so a file with the final name is always whole and never a link
 * someone planted (OpenSSH / git lockfile discipline). */
#ifndef CERTSWEEP_OUTPUT_H
#define CERTSWEEP_OUTPUT_H

#include "certsweep/buf.h"
#include "certsweep/error.h"

#include <stdio.h>

/* Default permissions: reports can hold personal data (S/MIME subjects,
 * internal host names), so only the owner reads them unless --mode says so. */
#define SWEEP_FILE_MODE_DEFAULT 0600u

/* The output directory, held open: every output is created relative to fd. */
struct sweep_outdir {
	int fd;
	char *path;         /* for messages */
	unsigned file_mode; /* permission bits of created files */
};

/* Make PATH (parents with the umask's defaults; the directory itself with
 * file_mode plus search bits where reading is allowed, 0600 -> 0700) and
 * open it. A symlink as the last component is refused. */
int sweep_outdir_open(struct sweep_outdir *out, const char *path, unsigned file_mode, struct sweep_error *err);
void sweep_outdir_close(struct sweep_outdir *d);
/* Whether NAME exists in the directory (a symlink counts, it is not followed). */
int sweep_outdir_has(const struct sweep_outdir *d, const char *name);
/* Remove NAME (the entry itself, never what a symlink points to); 0 if absent. */
int sweep_outdir_remove(const struct sweep_outdir *d, const char *name, struct sweep_error *err);
/* Rename FROM to TO inside the directory and make the rename durable. */
int sweep_outdir_rename(const struct sweep_outdir *d, const char *from, const char *to, struct sweep_error *err);
/* fsync the directory: renames and removals survive a crash. */
int sweep_outdir_sync(const struct sweep_outdir *d, struct sweep_error *err);

struct sweep_ofile {
	FILE *fp;
	const struct sweep_outdir *dir;
	char *name;     /* final name */
	char *tmp_name; /* NAME.partial */
};

/* Create DIR/NAME.partial with O_CREAT|O_EXCL|O_NOFOLLOW after removing a
 * stale one (unlinkat removes a planted symlink, not its target). */
int sweep_ofile_open(struct sweep_ofile *f, const struct sweep_outdir *d, const char *name, struct sweep_error *err);
/* Reopen an existing DIR/NAME.partial (never through a symlink) for
 * appending after truncating it to offset (resuming an interrupted audit). */
int sweep_ofile_reopen(struct sweep_ofile *f, const struct sweep_outdir *d, const char *name, long offset,
		       struct sweep_error *err);
/* Flush and fsync without closing; *offset receives the file's length. */
int sweep_ofile_sync(struct sweep_ofile *f, long *offset, struct sweep_error *err);
/* Close, leaving DIR/NAME.partial on disk for a later --resume. */
void sweep_ofile_keep(struct sweep_ofile *f);
/* Flush, fsync and close, leaving NAME.partial complete for a later
 * publication step (sweep_outdir_rename). Any write error surfaces here;
 * NAME.partial stays then too (a checkpoint may count on its first bytes). */
int sweep_ofile_finish(struct sweep_ofile *f, struct sweep_error *err);
/* Finish, then rename into place and fsync the directory. */
int sweep_ofile_commit(struct sweep_ofile *f, struct sweep_error *err);
/* Remove the temporary file (no-op if none). */
void sweep_ofile_abort(struct sweep_ofile *f);

/* Test hook (CERTSWEEP_FAULT_ENOSPC_AT=K): the Kth flush of an output
 * fails as on a full disk. Counted per process. */
int sweep_fault_enospc(void);
/* Test hook (CERTSWEEP_FAULT_KILL_AT=K): the process kills itself with
 * SIGKILL at the Kth publication step boundary, as kill -9 would. */
void sweep_fault_step(void);

/* One RFC 4180 cell (quoted only when needed). With csv_safe, a cell
 * starting with = + - @ TAB or CR is prefixed with ' for spreadsheets. */
void sweep_csv_cell(struct sweep_buf *line, const char *s, int first, int csv_safe);
/* End a record with CRLF (RFC 4180). */
void sweep_csv_end(struct sweep_buf *line);
/* A JSON string literal of UTF-8 text. */
void sweep_json_str(struct sweep_buf *b, const char *s);
/* Read a whole file into out (NUL-terminated; out->len excludes the NUL). */
int sweep_file_read(const char *path, struct sweep_buf *out, struct sweep_error *err);
/* Make the directory (and parents) if missing; the last one with dir_mode. */
int sweep_mkdirs(const char *dir, unsigned dir_mode, struct sweep_error *err);

#endif
