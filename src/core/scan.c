/* The main pass: each row decoded, judged (window, --where, lints) and
 * applied to the affected set in row order; checkpoints and --resume.
 * Memory holds only the affected serials, never the corpus. */
#include "scan.h"

#include "corpus_fails.h"
#include "corpus_pass.h"

#include "certsweep/corpus.h"
#include "certsweep/expr.h"
#include "certsweep/state.h"

#include <openssl/sha.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void scan_fault_signal(const char *stage)
{
	const char *at = getenv("CERTSWEEP_FAULT_SIGNAL_IN");

	if (at && strcmp(at, stage) == 0)
		raise(SIGTERM);
}

void scan_fault_init(struct scan *s)
{
	const char *v = getenv("CERTSWEEP_FAULT_AFTER_ROWS");
	char *end = NULL;

	if (!v || !*v)
		return;
	s->fault_after = strtoull(v, &end, 10);
	s->fault_sig = end && strcmp(end, ":TERM") == 0 ? SIGTERM : SIGKILL;
}

int scan_in_window(const struct sweep_audit_opts *o, const struct sweep_cert *c)
{
	if (o->has_nb_from && c->not_before < o->nb_from)
		return 0;
	if (o->has_nb_to && c->not_before >= o->nb_to)
		return 0;
	return 1;
}

int scan_where_match(const struct sweep_audit_opts *o, const struct sweep_row *row, const struct sweep_cert *c,
		     int64_t as_of)
{
	struct sweep_expr_env env = { &o->lint_cfg, as_of, row->id, o->where_fails ? corpus_fails_has : NULL,
				      o->where_fails };
	return sweep_expr_match(o->where, c, &env);
}

/* One findings.jsonl line, appended to out. */
void scan_format_finding(struct sweep_buf *out, const struct sweep_row *row, const struct sweep_cert *c,
			   const struct sweep_lint *lint, enum sweep_result r, const char *details)
{
	char hex[65];

	sweep_hex(sweep_cert_sha256(c), 32, hex);
	sweep_buf_puts(out, "{\"id\":");
	if (row->key)
		sweep_json_str(out, row->key);
	else
		sweep_buf_i64(out, row->id);
	sweep_buf_puts(out, ",\"sha256\":\"");
	sweep_buf_add(out, hex, 64);
	sweep_buf_puts(out, c->is_precert ? "\",\"precert\":true,\"lint\":" : "\",\"precert\":false,\"lint\":");
	sweep_json_str(out, lint->name);
	sweep_buf_puts(out, ",\"result\":\"");
	sweep_buf_puts(out, sweep_result_name(r));
	sweep_buf_puts(out, "\",\"details\":");
	sweep_json_str(out, details);
	sweep_buf_puts(out, "}\n");
}

void scan_verdict_key(struct row_verdict *v, const struct sweep_cert *c)
{
	v->is_precert = c->is_precert;
	v->issuer = c->issuer.der;
	v->issuer_len = c->issuer.der_len;
	v->kid = c->akid_key_id;
	v->kid_len = c->akid_key_id_len;
	v->serial = c->serial;
	v->serial_len = c->serial_len;
}

int scan_verdict_corpus(struct row_verdict *v, const struct sweep_cert *c)
{
	struct sweep_error derr = { 0, "" };
	uint8_t spki[32];

	if (sweep_tbs_sha256(v->tbs_sha256, c->tbs, c->tbs_len, &derr))
		return -1;
	/* the corpus checks' keys, here on the judging thread (issue #17: the
	 * thread applying rows in order is --jobs' bottleneck) */
	sweep_sha256(spki, c->spki, c->spki_len);
	if (corpus_issuer_key(v->issuer_key, c->issuer.der, c->issuer.der_len, spki) ||
	    corpus_pair_key(v->pair_key, c->issuer.der, c->issuer.der_len, c->akid_key_id, c->akid_key_id_len, c->serial,
			    c->serial_len))
		return -1;
	v->corpus = 1;
	v->not_before = c->not_before;
	return 0;
}

/* Decode, window, --where and lints for one row. Finding lines (or the
 * unparseable reason) are appended to text, failing lint indices to hits. */
/* A finding of scan_judge_row's lint loop (sweep_lint_run_all's callback). */
struct lint_hit_ctx {
	const struct sweep_audit_opts *o;
	const struct sweep_row *row;
	const struct sweep_cert *c;
	struct sweep_buf *text;
	size_t **hits, *hits_cap, *n_hits_total;
	struct row_verdict *v;
};

static int scan_lint_hit(void *arg, size_t i, enum sweep_result r, const struct sweep_buf *details)
{
	struct lint_hit_ctx *h = arg;

	if (*h->n_hits_total == *h->hits_cap) {
		size_t ncap = *h->hits_cap ? *h->hits_cap * 2 : 64;
		size_t *nh = realloc(*h->hits, ncap * sizeof(*nh));
		if (!nh)
			return SWEEP_ENOMEM;
		*h->hits = nh;
		*h->hits_cap = ncap;
	}
	(*h->hits)[(*h->n_hits_total)++] = i;
	h->v->n_hits++;
	h->v->n_findings++;
	if ((int)r > h->v->worst)
		h->v->worst = (int)r;
	scan_format_finding(h->text, h->row, h->c, h->o->lints[i], r, sweep_buf_str(details));
	return 0;
}

int scan_judge_row(const struct sweep_audit_opts *o, struct judge_ctx *ctx, const struct sweep_row *row,
		   struct sweep_buf *text, size_t **hits, size_t *hits_cap, size_t *n_hits_total, struct row_verdict *v)
{
	struct sweep_error derr = { 0, "" };
	struct sweep_cert *c = &ctx->cert;
	int rc;

	if (ctx->corpus_for != o) {
		ctx->corpus_for = o;
		ctx->corpus = scan_corpus_wanted(o) >= 0;
	}
	int corpus = ctx->corpus;
	memset(v, 0, sizeof(*v));
	v->text_off = text->len;
	v->hits_off = *n_hits_total;
	if (row->der_null) {
		/* a NULL where the certificate should be is not an empty certificate */
		v->status = ROW_UNPARSEABLE;
		sweep_buf_puts(text, "certificate is NULL");
		v->text_len = text->len - v->text_off;
		return text->oom ? SWEEP_ENOMEM : 0;
	}
	rc = sweep_cert_decode(c, row->der, row->der_len, &derr);
	if (rc == SWEEP_ENOMEM)
		return rc;
	if (rc) {
		v->status = ROW_UNPARSEABLE;
		sweep_buf_puts(text, derr.msg);
		v->text_len = text->len - v->text_off;
		return text->oom ? SWEEP_ENOMEM : 0;
	}
	scan_verdict_key(v, c);
	v->psc = scan_cert_is_psc(c);
	v->corpus_ca = c->is_ca && corpus;
	if (!scan_in_window(o, c)) {
		v->status = ROW_OUT_OF_WINDOW;
		return 0;
	}
	v->status = ROW_JUDGED;
	int64_t as_of = o->as_of == SWEEP_AS_OF_ISSUED ? c->not_before
			: o->as_of == SWEEP_AS_OF_NOW  ? o->now
						       : o->as_of_date;
	if (o->where && !scan_where_match(o, row, c, as_of))
		return 0;
	if (corpus)
		(void)scan_verdict_corpus(v, c);
	struct lint_hit_ctx hc = { o, row, c, text, hits, hits_cap, n_hits_total, v };
	rc = sweep_lint_run_all(o->lints, o->n_lints, c, &o->lint_cfg, as_of, &ctx->details, SWEEP_R_NOTICE,
				scan_lint_hit, &hc);
	if (rc)
		return rc;
	if (o->n_lints == 0 && o->where) {
		/* a --where-only audit: every affected certificate still has its reason on record */
		char hex[65];
		sweep_hex(sweep_cert_sha256(c), 32, hex);
		sweep_buf_puts(text, "{\"id\":");
		if (row->key)
			sweep_json_str(text, row->key);
		else
			sweep_buf_printf(text, "%lld", (long long)row->id);
		sweep_buf_printf(text, ",\"sha256\":\"%s\",\"precert\":%s,\"lint\":\"where\",\"result\":\"match\","
				       "\"details\":",
				 hex, c->is_precert ? "true" : "false");
		sweep_json_str(text, o->where_text ? o->where_text : "");
		sweep_buf_puts(text, "}\n");
	}
	v->text_len = text->len - v->text_off;
	v->matched = o->n_lints == 0 || v->n_hits > 0;
	return text->oom ? SWEEP_ENOMEM : 0;
}

/* --shard K/N: the Kth of N equal id ranges [start, end). */
static int shard_range(const struct sweep_audit_opts *o, struct sweep_source *src, struct sweep_scan_filter *f,
		       struct sweep_error *err)
{
	int64_t lo, hi;
	int rc;

	if (!o->shard_n)
		return 0;
	if (!src->ops->id_bounds)
		return sweep_error_set(err, SWEEP_EINVAL, "--shard needs a source with integer ids (--schema crtsh)");
	rc = src->ops->id_bounds(src, f, &lo, &hi, err);
	if (rc)
		return rc;
	__int128 span = (__int128)hi - lo + 1;
	if (span < 0)
		span = 0;
	int64_t start = lo + (int64_t)(span * (o->shard_k - 1) / o->shard_n);
	int64_t end = lo + (int64_t)(span * o->shard_k / o->shard_n);
	f->has_after = 1;
	f->after_id = start - 1;
	f->before_id = end;
	if (start == end) {
		/* an empty range: make the scan return nothing */
		f->after_id = 0;
		f->before_id = 1;
	}
	return 0;
}

void scan_progress(struct scan *s, int done)
{
	if (!s->run->progress)
		return;
	struct sweep_progress_info info = { s->stats.rows, s->set.n + sweep_affected_spilled_groups(&s->set), s->estimate,
					    done };
	s->run->progress(&info, s->run->payload);
}

/* checkpoint.state: the serials so far, the counters, and where the scan
 * stands, written atomically; the partial outputs are fsynced first. */
static const struct sweep_stream_ops journal_ops = { SWEEP_STATE_JOURNAL, NULL };

/* Append the groups changed since the last checkpoint to the journal (all of
 * them once the pairing pass or the revocation join has begun: they change
 * groups without marking them) and make it durable. */
static int journal_append(struct scan *s, int all, struct sweep_error *err)
{
	struct sweep_buf b = SWEEP_BUF_INIT;
	int rc = 0;

	if (!s->journal_open) {
		rc = sweep_stream_open(&s->journal, &journal_ops, s->run->out, err);
		if (rc)
			return rc;
		s->journal_open = 1;
	}
	for (size_t i = 0; !rc && i < s->set.cap; i++) {
		struct sweep_group *g = s->set.slots[i];
		if (!g || !(g->dirty || all))
			continue;
		if (sweep_state_group_text(&b, g, s->o)) {
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
			break;
		}
		g->dirty = 0;
		if (b.len > 1 << 16) {
			sweep_stream_write(&s->journal, b.p, b.len);
			sweep_buf_reset(&b);
		}
	}
	if (!rc && b.len)
		sweep_stream_write(&s->journal, b.p, b.len);
	sweep_buf_release(&b);
	return rc ? rc : sweep_stream_sync(&s->journal, err);
}

int scan_checkpoint(struct scan *s, int scan_done, struct sweep_error *err)
{
	struct sweep_resume r = { s->last_id, s->off_findings, s->off_unparseable, scan_done, 0, "" };
	struct sweep_audit_result res;
	int rc;

	if (scan_done && s->corpus_finished) {
		/* the corpus checks' findings follow the main pass's: keep them */
		r.scan_done = SCAN_DONE_CORPUS;
		r.findings_offset = s->off_findings = s->findings.bytes;
	}

	memset(&res, 0, sizeof(res));
	rc = sweep_stream_sync(&s->findings, err);
	if (!rc)
		rc = sweep_stream_sync(&s->unparseable, err);
	if (!rc)
		rc = journal_append(s, scan_done && s->unmarked, err);
	if (rc)
		return rc;
	/* the header names the journal's length; the groups are in the journal */
	r.journal_bytes = s->journal.bytes;
	if (s->src->index_order && s->position_live && s->src->ops->position &&
	    s->src->ops->position(s->src, s->position, sizeof(s->position)) != 0)
		return sweep_error_set(err, SWEEP_EINVAL, "the source cannot say where its pass stands");
	memcpy(r.position, s->position, sizeof(r.position));
	res.stats = s->stats;
	res.stats.reconnects += (uint64_t)s->src->reconnects;
	res.stats.restarts += (uint64_t)s->src->restarts;
	scan_stats_source(s, &res.stats);
	res.source_desc = (char *)(s->run->source_label     ? s->run->source_label
				   : s->src->ops->describe ? s->src->ops->describe(s->src)
							   : "");
	rc = sweep_state_write(s->run->out, "checkpoint.state", &res, s->o, &r, 1, err);
	s->since_checkpoint = 0;
	return rc;
}

int scan_checkpoint_due(struct scan *s, struct sweep_error *err)
{
	const struct sweep_run_opts *run = s->run;
	int rc = 0;

	if (s->checkpointing && !s->mid_id && run->checkpoint_rows && s->since_checkpoint >= run->checkpoint_rows)
		rc = scan_checkpoint(s, 0, err);
	return rc ? rc : scan_spill_due(s, err);
}

/* --memory-limit: past its budget the set goes to disk (affected_spill.c).
 * A checkpoint's journal must still hold every group the set had: the
 * groups about to go are appended to it first (a checkpoint taken later
 * counts them in; one taken before cuts them on --resume, as it should). */
int scan_spill_due(struct scan *s, struct sweep_error *err)
{
	return sweep_affected_over_budget(&s->set) ? scan_spill_now(s, err) : 0;
}

int scan_spill_now(struct scan *s, struct sweep_error *err)
{
	int rc;

	if (s->set.n == 0)
		return 0;
	if (s->checkpointing && (rc = journal_append(s, s->unmarked, err)) != 0)
		return rc;
	return sweep_affected_spill(&s->set, err);
}

struct sweep_group *scan_sibling_fragment(struct scan *s, const struct sweep_cert *c, int64_t id, int64_t ref)
{
	struct sweep_group *g = NULL;

	if (!sweep_affected_maybe_spilled(&s->set, c->serial, c->serial_len) ||
	    sweep_affected_group(&g, &s->set, c, id, ref))
		return NULL;
	g->first_id = INT64_MAX; /* no certificate of it matched (yet): sweep_affected_drain */
	return g;
}

int scan_interrupted(const struct scan *s)
{
	/* between two rows of one id the stop waits for the twin */
	if (s->checkpointing && s->mid_id)
		return 0;
	return s->run->interrupted && *s->run->interrupted;
}

void scan_stats_source(const struct scan *s, struct sweep_audit_stats *st)
{
	int kind = s->src->snapshot;

	/* an audit resumed within the main pass read its rows in more than one
	 * run (one resumed after it only finishes pairing and publication) */
	int resumed_mid_scan = s->run->resume && !s->scan_done;
	if (kind == SWEEP_SNAPSHOT_ONE && (resumed_mid_scan || s->src->reconnects || s->src->restarts))
		kind = SWEEP_SNAPSHOT_RESTARTED;
	if (kind > st->snapshot)
		st->snapshot = kind;
	st->regex_stops += sweep_expr_regex_errors(s->o->where) - s->regex_base;
}

int scan_interrupt(struct scan *s, int scan_done, struct sweep_error *err)
{
	int rc;

	if (!s->checkpointing)
		return sweep_error_set(err, SWEEP_EIO, "interrupted; this audit keeps no checkpoint (--files, --query, "
						       "--schema ejbca), rerun it");
	rc = scan_checkpoint(s, scan_done, err);

	if (rc)
		return rc;
	if (scan_done)
		return sweep_error_set(err, SWEEP_EINTR, "interrupted after the main pass; continue with --resume (same options)");
	return sweep_error_set(err, SWEEP_EINTR, "interrupted after id %lld; continue with --resume (same options)",
			       (long long)s->last_id);
}

void scan_note_position(struct scan *s, const char *pos)
{
	snprintf(s->position, sizeof(s->position), "%s", pos ? pos : "");
}

static void row_done(struct scan *s, const struct sweep_row *row)
{
	s->last_id = row->id;
	s->have_last = 1;
	s->mid_id = row->id_continues;
	s->off_findings = s->findings.bytes;
	s->off_unparseable = s->unparseable.bytes;
	s->since_checkpoint++;
	s->applied_here++;
	if (s->fault_after && s->applied_here == s->fault_after)
		raise(s->fault_sig);
}

static void tick(struct scan *s)
{
	if ((s->stats.rows & 1023) == 0)
		scan_progress(s, 0);
}

/* Apply a verdict to the scan, in row order. cert is the row decoded, or
 * NULL when the verdict came from a worker (then it is decoded again here,
 * only for the few rows that touch the serial map). */
int scan_apply_row(struct scan *s, const struct sweep_row *row, const struct sweep_cert *cert,
		   const struct row_verdict *v, const char *text, const size_t *hits, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = s->o;
	int rc;

	s->stats.rows++;
	if (s->run->shared_rows)
		atomic_fetch_add_explicit(s->run->shared_rows, 1, memory_order_relaxed);
	if (v->status == ROW_UNPARSEABLE) {
		char *reason = strndup(text + v->text_off, v->text_len);
		char id[32];
		uint8_t sha[32];
		s->stats.unparseable++;
		snprintf(id, sizeof(id), "%lld", (long long)row->id);
		sweep_sha256(sha, row->der, row->der_len);
		rc = reason ? sweep_stream_unparseable_row(&s->unparseable, &s->line, row->key ? row->key : id, sha,
							  reason, o->csv_safe)
			    : SWEEP_ENOMEM;
		free(reason);
		if (rc)
			return sweep_error_set(err, rc, "out of memory");
		row_done(s, row);
		return 0;
	}
	s->stats.decoded++;
	if (v->psc && scan_psc_note(&s->psc, row->der, row->der_len, row->issuer_ref, -1, err))
		return SWEEP_ENOMEM;
	if (v->corpus_ca && (rc = scan_corpus_note_ca(s, row, err)) != 0)
		return rc;
	if (v->status == ROW_OUT_OF_WINDOW) {
		row_done(s, row);
		return 0;
	}
	s->stats.in_window++;
	if (v->text_len)
		sweep_stream_write(&s->findings, text + v->text_off, v->text_len);
	s->stats.findings += v->n_findings;
	if (v->worst > s->stats.worst)
		s->stats.worst = v->worst;
	if (v->corpus && (rc = scan_corpus_observe(s, row, v, err)) != 0)
		return rc;
	s->corpus_unobserved += s->corpus && !v->corpus;
	int matched = v->matched;
	/* a precertificate signed by a Precertificate Signing Certificate
	 * belongs on the line of the CA that issued that certificate */
	const struct scan_psc *psc = v->is_precert && s->psc.n ? scan_psc_find(&s->psc, v->issuer, v->issuer_len) : NULL;
	struct sweep_group *g = psc ? sweep_affected_find(&s->set, psc->cert.issuer.der, psc->cert.issuer.der_len,
							  psc->cert.akid_key_id, psc->cert.akid_key_id_len, v->serial,
							  v->serial_len)
				    : sweep_affected_find(&s->set, v->issuer, v->issuer_len, v->kid, v->kid_len, v->serial,
							  v->serial_len);
	/* (past --memory-limit the serial's group may be on disk: a sibling
	 * then starts a fragment of its own, folded with it at the end) */
	if (!matched && !g && !sweep_affected_maybe_spilled(&s->set, v->serial, v->serial_len)) {
		row_done(s, row);
		tick(s);
		return 0;
	}
	if (!cert) {
		struct sweep_error derr = { 0, "" };
		if (sweep_cert_decode(&s->cert, row->der, row->der_len, &derr))
			return sweep_error_set(err, SWEEP_EDECODE, "row %lld decoded differently twice", (long long)row->id);
		cert = &s->cert;
	}
	struct sweep_row_status st = { row->has_status, row->revoked, row->revoked_at, row->reason };
	struct sweep_cert typed;
	if (sweep_lint_cert_type(cert, &o->lint_cfg) != cert->type) {
		/* a CA-specific EV OID (--ev-oid): the serial counts as EV in the outputs */
		typed = *cert;
		typed.type = SWEEP_TYPE_EV;
		cert = &typed;
	}
	struct sweep_cert rekeyed;
	int64_t ref = row->issuer_ref;
	/* the canonical TBS's hash the corpus checks had made, for the member */
	const uint8_t *tbs = v->corpus ? v->tbs_sha256 : NULL;
	if (psc)
		cert = scan_psc_rekey(&s->psc, cert, &rekeyed, &ref);
	if (matched) {
		s->stats.matched_certs++;
		rc = g ? 0 : sweep_affected_group(&g, &s->set, cert, row->id, ref);
		if (!rc)
			rc = sweep_affected_add_cert_tbs(&s->set, g, cert, row->id, &st, 1, tbs);
		if (!rc)
			rc = sweep_affected_add_lints(&s->set, g, hits + v->hits_off, v->n_hits);
	} else {
		/* A sibling seen after its matching partner joins its line now. */
		if (!g && !(g = scan_sibling_fragment(s, cert, row->id, ref)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		rc = sweep_affected_add_cert_tbs(&s->set, g, cert, row->id, &st, 0, tbs);
	}
	s->stats.set_peak = s->set.peak;
	if (rc)
		return sweep_error_set(err, rc, "out of memory");
	row_done(s, row);
	tick(s);
	return 0;
}

int scan_pass_main(struct scan *s, struct sweep_error *err)
{
	const struct sweep_audit_opts *o = s->o;
	const struct sweep_run_opts *run = s->run;
	struct sweep_scan_filter filter = { o->issuer_refs, o->n_issuer_refs, 0, 0, 0 };
	struct sweep_row row;
	int rc;

	if (o->issuer_refs && s->psc.n) {
		/* precertificates the audited CAs signed through a Precertificate
		 * Signing Certificate are filed under its own CA id */
		size_t n = o->n_issuer_refs;
		free(s->psc.refs);
		s->psc.refs = malloc(n * sizeof(*s->psc.refs));
		if (!s->psc.refs || (memcpy(s->psc.refs, o->issuer_refs, n * sizeof(*s->psc.refs)),
				     scan_psc_add_refs(&s->psc, &s->psc.refs, &n)))
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		filter.issuer_refs = s->psc.refs;
		filter.n_issuer_refs = n;
	}
	rc = shard_range(o, s->src, &filter, err);
	if (rc)
		return rc;
	/* The notBefore window may go into the SQL; rows may come in
	 * (notBefore, id) order along crt.sh's issuer index, checkpointed by the
	 * source's position in that order, except when resuming a checkpoint
	 * taken in id order (it must go on by id). */
	int by_position = s->have_last && s->position[0];
	/* (the corpus checks rebuild their state on resume by re-reading the
	 * rows up to the checkpoint's id: they take rows in id order) */
	struct sweep_scan_hints h = { o->has_nb_from, o->has_nb_to, o->nb_from, o->nb_to,
				      (!s->have_last && !run->id_order && !s->corpus) || by_position,
				      by_position ? s->position : NULL };
	s->src->hints = h;
	/* with the window in SQL the rows read are the window's, not count(*)'s */
	int windowed = h.any_order && o->n_issuer_refs && (h.has_nb_from || h.has_nb_to);
	if (!s->stats.has_count && s->src->ops->count && !windowed) {
		/* the whole selection, before a resume narrows the filter, so that
		 * impact.md can check the rows read against it */
		int64_t n = 0;
		rc = s->src->ops->count(s->src, &filter, &n, err);
		if (rc)
			return rc;
		s->stats.has_count = 1;
		s->stats.count = n > 0 ? (uint64_t)n : 0;
	}
	if (s->have_last && s->corpus) {
		rc = scan_corpus_rebuild(s, &filter, err);
		if (rc)
			return rc;
	}
	if (s->scan_done)
		return 0; /* resumed after the main pass: only the corpus checks' state was wanted */
	if (s->have_last && !by_position) {
		/* resuming: keyset from the last row the checkpoint accounts for */
		if (!filter.has_after || s->last_id > filter.after_id)
			filter.after_id = s->last_id;
		filter.has_after = 1;
	} else {
		s->last_id = filter.has_after ? filter.after_id : -1;
	}
	rc = sweep_source_begin(s->src, &filter, err);
	/* the checkpoint's position is this pass's: the passes after it (the
	 * pairing pass, the corpus checks' re-reads) start from the beginning
	 * (it pointed at s->position, which the checkpoints rewrite) */
	s->src->hints.resume_after = NULL;
	if (rc)
		return rc;
	if (s->src->index_order) {
		if (!s->src->ops->position)
			s->checkpointing = 0; /* the last id is no place to resume from */
		s->stats.index_order = 1;
	}
	s->position_live = 1;
	if (run->workers > 1)
		return scan_pipelined(s, err);
	for (;;) {
		if (scan_interrupted(s))
			return scan_interrupt(s, 0, err);
		rc = scan_checkpoint_due(s, err);
		if (rc)
			return rc;
		rc = sweep_source_next(s->src, &row, err);
		if (rc == 1)
			break;
		if (rc < 0)
			return rc;
		struct row_verdict v;
		sweep_buf_reset(&s->text);
		s->n_hits = 0;
		rc = scan_judge_row(o, &s->judge, &row, &s->text, &s->hits_arr, &s->hits_cap, &s->n_hits, &v);
		if (rc)
			return sweep_error_set(err, rc, "out of memory judging row %lld", (long long)row.id);
		rc = scan_apply_row(s, &row, &s->judge.cert, &v, sweep_buf_str(&s->text), s->hits_arr, err);
		if (rc)
			return rc;
	}
	return 0;
}

int scan_finish_twins(struct scan *s, struct sweep_error *err)
{
	struct sweep_row row;
	int rc;

	while (s->mid_id) {
		rc = sweep_source_next(s->src, &row, err);
		if (rc == 1)
			return 0;
		if (rc < 0)
			return rc;
		struct row_verdict v;
		sweep_buf_reset(&s->text);
		s->n_hits = 0;
		rc = scan_judge_row(s->o, &s->judge, &row, &s->text, &s->hits_arr, &s->hits_cap, &s->n_hits, &v);
		if (rc)
			return sweep_error_set(err, rc, "out of memory judging row %lld", (long long)row.id);
		rc = scan_apply_row(s, &row, &s->judge.cert, &v, sweep_buf_str(&s->text), s->hits_arr, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* --resume: the checkpoint must be of this very audit; its serials go back
 * into the set and the partial outputs are cut back to the checkpoint. */
int scan_resume_load(struct scan *s, struct sweep_error *err)
{
	const struct sweep_run_opts *run = s->run;
	struct sweep_state st;
	int rc;

	rc = sweep_state_read_at(&st, run->out, "checkpoint.state", err);
	if (rc)
		return rc;
	if (!st.has_resume || sweep_audit_opts_compare(&st.opts, s->o, 0) != 0) {
		sweep_state_release(&st);
		return sweep_error_set(err, SWEEP_EINVAL,
				       "the checkpoint in %s is of an audit with other options; rerun it with the same "
				       "options (see its selection line), or start afresh in another directory",
				       run->out->path);
	}
	for (size_t i = 0; i < st.res.n_groups; i++) {
		struct sweep_group *g = st.res.groups[i];
		st.res.groups[i] = NULL;
		if (sweep_affected_put(&s->set, g)) {
			sweep_state_release(&st);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		}
	}
	/* a fragment made for a sibling past --memory-limit whose serial had
	 * no match after all (folded above with the serial's other fragments)
	 * is no affected serial: drain would have dropped it */
	sweep_affected_drop_unmatched(&s->set);
	/* what was loaded is in the journal already (a checkpoint without one
	 * held its groups itself: they go into the first journal) */
	for (size_t i = 0; st.resume.journal_bytes >= 0 && i < s->set.cap; i++)
		if (s->set.slots[i])
			s->set.slots[i]->dirty = 0;
	s->stats = st.res.stats;
	s->last_id = st.resume.last_id;
	s->have_last = 1;
	memcpy(s->position, st.resume.position, sizeof(s->position));
	s->scan_done = st.resume.scan_done;
	s->corpus_finished = st.resume.scan_done == SCAN_DONE_CORPUS;
	s->off_findings = st.resume.findings_offset;
	s->off_unparseable = st.resume.unparseable_offset;
	rc = sweep_stream_reopen(&s->findings, &sweep_stream_findings, run->out, st.resume.findings_offset, err);
	if (!rc)
		rc = sweep_stream_reopen(&s->unparseable, &sweep_stream_unparseable, run->out,
					 st.resume.unparseable_offset, err);
	if (!rc && st.resume.journal_bytes >= 0) {
		/* cut what a checkpoint that never completed appended */
		rc = sweep_stream_reopen(&s->journal, &journal_ops, run->out, st.resume.journal_bytes, err);
		s->journal_open = rc == 0;
	}
	sweep_state_release(&st);
	return rc;
}

void scan_release(struct scan *s)
{
	sweep_cert_release(&s->cert);
	sweep_cert_release(&s->judge.cert);
	sweep_buf_release(&s->judge.details);
	sweep_buf_release(&s->text);
	sweep_buf_release(&s->line);
	free(s->hits_arr);
	sweep_affected_release(&s->set);
	scan_corpus_release(s);
	scan_psc_release(&s->psc);
}
