/* Loading one file of --files: its bytes, the rows in it (the whole file
 * when DER, else its PEM certificate blocks decoded) and, in the first
 * pass, those rows' bytes kept for the passes after it. Used by the pass
 * itself and by the read-ahead thread. Private to src/source. */
#ifndef CERTSWEEP_SOURCE_FILES_LOAD_H
#define CERTSWEEP_SOURCE_FILES_LOAD_H

#include "certsweep/buf.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define FILES_CACHE_BUDGET ((size_t)64 << 20)

#define FILES_CHUNK ((size_t)4 << 20)

/* Opening files relative to the last directory's descriptor, so the kernel
 * resolves one name, not the whole path, per file (files come directory by
 * directory). One per thread that reads. */
struct dir_cache {
	int fd;
	struct sweep_buf path;
};

/* What reading one file came to. */
enum read_status { READ_OK, READ_OPEN_FAILED, READ_READ_FAILED, READ_NO_MEMORY };

/* One row kept from the first pass: its file, PEM block and bytes. */
struct cached_row {
	size_t file, block, len;
	const uint8_t *p;
};

/* The kept rows' bytes, in chunks of FILES_CHUNK (no copy as they grow).
 * Filled by whoever loads the first pass's files: the read-ahead thread
 * while it runs, the pass itself otherwise. */
struct keeper {
	uint8_t **chunks;
	size_t *chunk_size;
	size_t n_chunks, chunk_used;
	size_t kept, n_rows; /* octets and rows kept, against FILES_CACHE_BUDGET */
	_Atomic int full;    /* nothing more is kept (the budget, or out of memory) */
};

/* One row of a loaded file: its bytes (p, or at off in the file's DER
 * while it is decoded) and its PEM block. */
struct file_row {
	const uint8_t *p;
	size_t off, len, block;
};

/* A file as loaded: its bytes, the DER of its PEM blocks, its rows. The
 * buffers are reused from file to file. */
struct loaded {
	unsigned char *data;
	size_t len, cap;
	struct sweep_buf der;
	struct file_row *rows;
	size_t n_rows, cap_rows;
	enum read_status status;
	int errnum;
	int kept; /* the rows' bytes are in the keeper's chunks */
};

/* Load the file at path into l (its buffers reused); keep: copy its rows
 * into k, all or none (past FILES_CACHE_BUDGET, or out of memory, k is
 * full and nothing more is kept). l->status says how reading went. */
void sweep_files_load(struct loaded *l, struct dir_cache *dc, struct keeper *k, int keep, const char *path);
void sweep_files_loaded_swap(struct loaded *a, struct loaded *b);
void sweep_files_loaded_release(struct loaded *l);
void sweep_files_keeper_release(struct keeper *k);
void sweep_files_dir_cache_release(struct dir_cache *dc);

#endif
