/* The corpus checks across shards (--shard K/N, then merge): a shard does
 * not decide its checks (a precertificate's final certificate, a reused
 * serial's twin, a compromised key's revocation or an issuer's other serials
 * may lie in another shard); it writes what each check has gathered over
 * its id range to corpus.state, and merge folds the shards' states into
 * fresh checks and decides once, over the whole corpus, re-reading only the
 * certificates that fail (merge -d). Every piece of state folds exactly:
 * the sorts' records are re-sorted together (memcmp order, whatever shard
 * they came from), the serial sketches are OR/AND folds, the key and CA
 * sets are unions; so the merged decision is the single run's.
 *
 * corpus.state:
 *   certsweep corpus state 1\n
 *   shard K/N\n
 *   section NAME COUNT SIZE\n  then COUNT records of SIZE bytes (binary)
 *   ...
 *   end\n
 * The names and record layouts are the checks' own (corpus_*_save),
 * except "unobserved" (one 8-octet record), the scan's. */
#include "corpus_pass.h"

#include "certsweep/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC "certsweep corpus state 1\n"
#define MAX_REC 256
/* the scan's own section: one record, the rows in window the checks did
 * not take (merge folds them; scan_corpus_siblings wants a count from
 * every shard) */
#define UNOBSERVED "unobserved"

struct corpus_w {
	FILE *fp;
	uint64_t left; /* records the current section still owes */
};

int corpus_w_section(struct corpus_w *w, const char *name, uint64_t count, size_t size, struct sweep_error *err)
{
	if (w->left)
		return sweep_error_set(err, SWEEP_EINVAL, "internal error: a corpus.state section is short");
	w->left = count;
	fprintf(w->fp, "section %s %" PRIu64 " %zu\n", name, count, size);
	return 0;
}

int corpus_w_rec(struct corpus_w *w, const void *rec, size_t size, struct sweep_error *err)
{
	if (!w->left)
		return sweep_error_set(err, SWEEP_EINVAL, "internal error: a corpus.state section is long");
	w->left--;
	fwrite(rec, size, 1, w->fp);
	return 0;
}

int corpus_w_spill(struct corpus_w *w, const char *name, struct sweep_spill *sp, struct sweep_error *err)
{
	const uint8_t *rec;
	int rc = corpus_w_section(w, name, sp->total, sp->rec_size, err);

	if (!rc)
		rc = sweep_spill_sort(sp, err);
	while (!rc && (rc = sweep_spill_next(sp, &rec, err)) == 0)
		rc = corpus_w_rec(w, rec, sp->rec_size, err);
	return rc == 1 ? 0 : rc;
}

int scan_corpus_save(struct scan *s, struct sweep_error *err)
{
	struct corpus_state *cs = s->corpus;
	struct sweep_ofile f;
	struct corpus_w w = { NULL, 0 };
	int rc;

	if (!cs)
		return 0;
	/* a stop asked for now leaves the main pass's checkpoint, as in
	 * scan_corpus_finish: a resume gathers the state again */
	scan_fault_signal("corpus");
	if (scan_interrupted(s))
		return scan_interrupt(s, 1, err);
	memset(&f, 0, sizeof(f));
	rc = sweep_ofile_open(&f, s->run->out, SWEEP_CORPUS_STATE, err);
	if (rc)
		return rc;
	w.fp = f.fp;
	fprintf(w.fp, MAGIC "shard %d/%d\n", s->o->shard_k, s->o->shard_n);
	if (cs->reuse)
		rc = corpus_reuse_save(cs->reuse, &w, err);
	if (!rc && cs->entropy)
		rc = corpus_entropy_save(cs->entropy, &w, err);
	if (!rc && cs->key)
		rc = corpus_key_save(cs->key, &w, err);
	if (!rc && cs->issuer)
		rc = corpus_issuer_save(cs->issuer, &w, err);
	if (!rc && cs->precert)
		rc = corpus_precert_save(cs->precert, &w, err);
	if (!rc) {
		/* the rows in window the checks did not take (scan.h: corpus_unobserved) */
		uint8_t rec[8];
		corpus_put64(rec, (int64_t)s->corpus_unobserved);
		rc = corpus_w_section(&w, UNOBSERVED, 1, sizeof(rec), err);
		if (!rc)
			rc = corpus_w_rec(&w, rec, sizeof(rec), err);
	}
	if (!rc && w.left)
		rc = sweep_error_set(err, SWEEP_EINVAL, "internal error: a corpus.state section is short");
	if (!rc) {
		fputs("end\n", w.fp);
		rc = sweep_ofile_commit(&f, err);
	} else {
		sweep_ofile_abort(&f);
	}
	return rc;
}

/* One record to the check whose section it is. */
static int load_rec(struct corpus_state *cs, const char *section, const uint8_t *rec, size_t size,
		    struct sweep_error *err)
{
	int rc = 1;

	if (cs->reuse)
		rc = corpus_reuse_load(cs->reuse, section, rec, size, err);
	if (rc == 1 && cs->entropy)
		rc = corpus_entropy_load(cs->entropy, section, rec, size, err);
	if (rc == 1 && cs->key)
		rc = corpus_key_load(cs->key, section, rec, size, err);
	if (rc == 1 && cs->issuer)
		rc = corpus_issuer_load(cs->issuer, section, rec, size, err);
	if (rc == 1 && cs->precert)
		rc = corpus_precert_load(cs->precert, section, rec, size, err);
	return rc;
}

int scan_corpus_load(struct scan *s, const char *dir, int shard_k, int shard_n, struct sweep_error *err)
{
	struct corpus_state *cs = s->corpus;
	char line[160], name[64];
	uint8_t rec[MAX_REC];
	struct sweep_buf path = SWEEP_BUF_INIT;
	FILE *fp = NULL;
	int fd, rc = 0, k, n, ended = 0;

	if (!cs)
		return 0;
	sweep_buf_printf(&path, "%s/%s", dir, SWEEP_CORPUS_STATE);
	if (path.oom) {
		sweep_buf_release(&path);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	fd = open(sweep_buf_str(&path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && !(fp = fdopen(fd, "rb")))
		close(fd);
	if (!fp) {
		int e = errno;
		rc = sweep_error_set(err, SWEEP_EIO,
				     "cannot read %s: %s (a shard of an audit with corpus checks writes it; rerun that "
				     "shard)",
				     sweep_buf_str(&path), strerror(e));
		sweep_buf_release(&path);
		return rc;
	}
	if (!fgets(line, sizeof(line), fp) || strcmp(line, MAGIC) != 0)
		rc = sweep_error_set(err, SWEEP_EINVAL, "%s is not a certsweep corpus state", sweep_buf_str(&path));
	else if (!fgets(line, sizeof(line), fp) || sscanf(line, "shard %d/%d", &k, &n) != 2 || k != shard_k ||
		 n != shard_n)
		rc = sweep_error_set(err, SWEEP_EINVAL, "%s is not the corpus state of shard %d/%d",
				     sweep_buf_str(&path), shard_k, shard_n);
	while (!rc && fgets(line, sizeof(line), fp)) {
		unsigned long long count;
		size_t size;
		if (!strchr(line, '\n')) {
			rc = sweep_error_set(err, SWEEP_EINVAL, "%s is truncated", sweep_buf_str(&path));
			break;
		}
		if (strcmp(line, "end\n") == 0) {
			ended = 1;
			break;
		}
		if (sscanf(line, "section %63s %llu %zu", name, &count, &size) != 3 || size == 0 || size > MAX_REC) {
			rc = sweep_error_set(err, SWEEP_EINVAL, "%s: malformed section line", sweep_buf_str(&path));
			break;
		}
		for (unsigned long long i = 0; !rc && i < count; i++) {
			if (fread(rec, size, 1, fp) != 1) {
				rc = sweep_error_set(err, SWEEP_EINVAL, "%s is truncated (section %s)", sweep_buf_str(&path),
						     name);
				break;
			}
			if (strcmp(name, UNOBSERVED) == 0 && size == 8) {
				s->corpus_unobserved += (uint64_t)corpus_get64(rec);
				s->corpus_states_counted += count == 1;
				continue;
			}
			rc = load_rec(cs, name, rec, size, err);
			if (rc == 1)
				rc = sweep_error_set(err, SWEEP_EINVAL,
						     "%s: section %s (%zu-byte records) belongs to no selected corpus check",
						     sweep_buf_str(&path), name, size);
		}
	}
	s->corpus_states++;
	if (!rc && (!ended || fgetc(fp) != EOF))
		rc = sweep_error_set(err, SWEEP_EINVAL, "%s is truncated or has trailing bytes", sweep_buf_str(&path));
	if (!rc && ferror(fp))
		rc = sweep_error_set(err, SWEEP_EIO, "cannot read %s", sweep_buf_str(&path));
	fclose(fp);
	sweep_buf_release(&path);
	return rc;
}
