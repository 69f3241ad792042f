/* After the main pass: siblings seen before their matching partner (the
 * pairing pass), the store's revocation statements and --crl. */
#include "scan.h"

#include "certsweep/crl.h"
#include "certsweep/der.h"

#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

/* The pairing pass's quick test (issue #17: it decoded every row read, and
 * most rows are no sibling): the serials of the groups as a set of hashes.
 * A row whose serial is not in it belongs to no group (a group's key holds
 * its serial), so it is passed without being decoded. */
struct serial_set {
	uint64_t *h; /* 0: empty */
	size_t mask;
};

static int serial_set_build(struct serial_set *ss, const struct sweep_affected *m)
{
	size_t cap = 16;

	while (cap < m->n * 2 + 2)
		cap *= 2;
	ss->h = calloc(cap, sizeof(*ss->h));
	ss->mask = cap - 1;
	if (!ss->h)
		return SWEEP_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		const struct sweep_group *g = m->slots[i];
		if (!g)
			continue;
		uint64_t h = sweep_serial_hash(g->serial, g->serial_len);
		size_t j = h & ss->mask;
		while (ss->h[j] && ss->h[j] != h)
			j = (j + 1) & ss->mask;
		ss->h[j] = h;
	}
	return 0;
}

/* 0: no group has this row's serial; 1: one may (or the row did not parse
 * this far: the full decode decides) */
static int serial_set_may_hold(const struct serial_set *ss, const struct sweep_affected *m, const uint8_t *der,
			       size_t len)
{
	struct der_cursor cur = der_cursor_of(der, len), in, tbs;
	struct der_tlv t;

	if (der_expect(&cur, DER_SEQUENCE, &t))
		return 1;
	in = der_inside(&t);
	if (der_expect(&in, DER_SEQUENCE, &t))
		return 1;
	tbs = der_inside(&t);
	if (der_optional(&tbs, DER_CONTEXT_CONS(0), &t) < 0 || der_expect(&tbs, DER_INTEGER, &t) || t.len == 0)
		return 1;
	uint64_t h = sweep_serial_hash(t.val, t.len);
	for (size_t j = h & ss->mask; ss->h[j]; j = (j + 1) & ss->mask)
		if (ss->h[j] == h)
			return 1;
	return sweep_affected_maybe_spilled(m, t.val, t.len); /* a group on disk (--memory-limit) */
}

/* One row of the pairing pass: a sibling of a group joins it. 0, or a negative code. */
static int pair_row(struct scan *s, const struct sweep_row *row, struct sweep_error *err)
{
	struct sweep_affected *m = &s->set;
	struct sweep_error derr;

	sweep_error_clear(&derr);
	if (sweep_cert_decode(&s->cert, row->der, row->der_len, &derr))
		return 0; /* already reported by the main pass */
	struct sweep_cert rekeyed;
	const struct sweep_cert *kc = scan_psc_rekey(&s->psc, &s->cert, &rekeyed, NULL);
	struct sweep_group *g = sweep_affected_find_cert(m, kc);
	int on_disk = !g && sweep_affected_maybe_spilled(m, kc->serial, kc->serial_len);
	if ((!g && !on_disk) || !scan_in_window(s->o, &s->cert))
		return 0;
	s->cert.type = sweep_lint_cert_type(&s->cert, &s->o->lint_cfg); /* --ev-oid */
	int64_t ref = row->issuer_ref;
	kc = scan_psc_rekey(&s->psc, &s->cert, &rekeyed, &ref);
	/* its serial's group may be on disk (--memory-limit): a fragment */
	if (on_disk && !(g = scan_sibling_fragment(s, kc, row->id, ref)))
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	struct sweep_row_status st = { row->has_status, row->revoked, row->revoked_at, row->reason };
	if (sweep_affected_add_cert(m, g, kc, row->id, &st, 0))
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	return scan_spill_due(s, err);
}

/* ids asked for in one pass of the source (a few pages' worth) */
#define SIBLING_SLICE 4096

static int has_ref(const int64_t *refs, size_t n, int64_t ref)
{
	return bsearch(&ref, refs, n, sizeof(*refs), sweep_i64_cmp) != NULL;
}

/* The pairing pass over the rows c_precert_final_mismatch's records named
 * (scan_corpus_siblings) rather than over the table: those under the
 * pass's filter, asked for by id with that filter, so they come in the
 * order the pass would give them, each decided as the pass decides it. A
 * row the records do not name is in no group or a member already: the
 * pass would change nothing with it. */
static int pairing_fetch(struct scan *s, const struct scan_sibling *sib, size_t n_sib,
			 const struct sweep_scan_filter *pass, struct sweep_error *err)
{
	int64_t *ids = malloc((n_sib ? n_sib : 1) * sizeof(*ids));
	struct sweep_row row;
	size_t n = 0;
	int rc;

	if (!ids)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < n_sib; i++) {
		const struct scan_sibling *e = &sib[i];
		if ((pass->before_id && e->id >= pass->before_id) ||
		    (pass->issuer_refs && !has_ref(pass->issuer_refs, pass->n_issuer_refs, e->ref)))
			continue;
		if (n == 0 || ids[n - 1] != e->id) /* sib is in id order */
			ids[n++] = e->id;
	}
	if (n == 0) {
		free(ids);
		return 0;
	}
	/* in ascending slices, so that no query carries more than one slice
	 * of the list (every page of a pass sends its list again); test hook
	 * CERTSWEEP_SIBLING_SLICE=N: slices of N ids */
	const char *hook = getenv("CERTSWEEP_SIBLING_SLICE");
	size_t slice = hook && strtoul(hook, NULL, 10) ? (size_t)strtoul(hook, NULL, 10) : SIBLING_SLICE;
	rc = 0;
	for (size_t at = 0; !rc && at < n; at += slice) {
		s->src->only_ids = ids + at;
		s->src->n_only_ids = n - at < slice ? n - at : slice;
		rc = sweep_source_begin(s->src, pass, err); /* takes a copy of the ids */
		s->src->only_ids = NULL;
		s->src->n_only_ids = 0;
		while (!rc) {
			if (scan_interrupted(s)) {
				free(ids);
				return scan_interrupt(s, 1, err); /* as in the pass: it reruns on --resume */
			}
			rc = sweep_source_next(s->src, &row, err);
			if (!rc)
				rc = pair_row(s, &row, err);
		}
		if (rc == 1)
			rc = 0;
	}
	free(ids);
	return rc;
}

/* A second pass over the same snapshot, limited to the issuers and the id
 * range where the missing siblings can be; or, where the corpus check
 * c_precert_final_mismatch's records hold every row, only the rows they
 * name (pairing_fetch). */
int scan_pass_pairing(struct scan *s, struct sweep_error *err)
{
	struct sweep_affected *m = &s->set;
	struct sweep_pairing_bounds bounds = { 0, 0, 0, NULL, 0, 0 };
	const struct sweep_pairing_bounds *spilled = sweep_affected_spilled_incomplete(m);
	int rc = 0;

	s->unmarked = 1;

	scan_fault_signal("pairing");
	for (size_t i = 0; !rc && i < m->cap; i++)
		if (m->slots[i])
			rc = sweep_pairing_bounds_note(&bounds, m->slots[i]);
	/* and those of the groups on disk (--memory-limit), as they were written */
	if (!rc && spilled)
		rc = sweep_pairing_bounds_add(&bounds, spilled);
	if (rc || !bounds.any) {
		sweep_pairing_bounds_release(&bounds);
		return rc ? sweep_error_set(err, SWEEP_ENOMEM, "out of memory") : 0;
	}
	/* their precertificates may be filed under a Precertificate Signing Certificate */
	if (bounds.n_refs && scan_psc_add_refs(&s->psc, &bounds.refs, &bounds.n_refs)) {
		sweep_pairing_bounds_release(&bounds);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	sweep_pairing_bounds_refs(&bounds);
	int64_t *refs = bounds.refs, before = bounds.before;
	size_t u = bounds.n_refs;
	int unknown_ref = bounds.unknown_ref;
	/* A shard's siblings may sit in any other shard: no id bound then. */
	struct sweep_scan_filter filter = { unknown_ref ? NULL : refs, u, s->o->shard_n ? 0 : before, 0, 0 };
	const struct scan_sibling *sib;
	size_t n_sib;
	/* the records hold the selection's rows only: a pass over every issuer
	 * (a group's issuer unknown) of a selection of some issuers reads more;
	 * and stretches by id need the pass to go in id order */
	/* (the records' list names the siblings of groups in memory: not when
	 * some went to disk) */
	if (scan_corpus_siblings(s, &sib, &n_sib) == 0 && !(unknown_ref && s->o->issuer_refs) &&
	    !s->src->hints.any_order && !sweep_affected_spilled(m)) {
		rc = pairing_fetch(s, sib, n_sib, &filter, err);
		free(refs);
		if (m->peak > s->stats.set_peak)
			s->stats.set_peak = m->peak;
		return rc;
	}
	struct serial_set ss = { NULL, 0 };
	if (serial_set_build(&ss, m)) {
		free(refs);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	rc = sweep_source_begin(s->src, &filter, err);
	struct sweep_row row;
	while (!rc) {
		if (scan_interrupted(s)) {
			/* members added so far are kept; the pass reruns idempotently on --resume */
			free(refs);
			free(ss.h);
			return scan_interrupt(s, 1, err);
		}
		rc = sweep_source_next(s->src, &row, err);
		if (rc)
			break;
		if (!serial_set_may_hold(&ss, m, row.der, row.der_len))
			continue;
		rc = pair_row(s, &row, err);
	}
	free(refs);
	free(ss.h);
	if (m->peak > s->stats.set_peak)
		s->stats.set_peak = m->peak;
	return rc == 1 ? 0 : rc;
}

static void describe_rev(struct sweep_buf *b, int revoked, int64_t at, int reason);

/* Duplicate crl_revoked rows that disagree (or one without a date): the
 * serial carries what was chosen and what else the store says. */
static int store_conflict(struct sweep_group *g, const struct sweep_rev_query *q)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	sweep_buf_puts(&b, "store: ");
	if (q->revoked_at_null)
		sweep_buf_puts(&b, "a crl_revoked row has no revocation date; ");
	if (q->n_conflicting) {
		describe_rev(&b, 1, q->revoked_at, q->reason);
		sweep_buf_printf(&b, " (taken: earliest date, then lowest reason), and %d other disagreeing row(s), first ",
				 q->n_conflicting);
		describe_rev(&b, 1, q->conflict_revoked_at, q->conflict_reason);
	}
	free(g->rev_conflict);
	g->rev_conflict = sweep_buf_detach(&b);
	return g->rev_conflict ? 0 : SWEEP_ENOMEM;
}

/* The store's revocation statements (crt.sh crl_revoked) for the groups
 * gs[0..n) (those of a known issuer). */
static int revocation_apply(struct scan *s, struct sweep_group **gs, size_t n, struct sweep_error *err)
{
	struct sweep_source *src = s->src;
	struct sweep_rev_query *q = calloc(n ? n : 1, sizeof(*q));
	struct sweep_group **which = calloc(n ? n : 1, sizeof(*which));
	size_t k = 0;
	int rc;

	if (!q || !which) {
		free(q);
		free(which);
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		struct sweep_group *g = gs[i];
		if (g->issuer_ref < 0)
			continue;
		q[k].issuer_ref = g->issuer_ref;
		q[k].serial = g->serial;
		q[k].serial_len = g->serial_len;
		which[k++] = g;
	}
	rc = k ? src->ops->revocations(src, q, k, err) : 0;
	for (size_t i = 0; !rc && i < k; i++) {
		struct sweep_group *g = which[i];
		g->rev_stated = 1; /* crl_revoked is the store's statement: absent = not revoked */
		if (!q[i].revoked)
			continue;
		g->revoked = 1;
		g->revoked_at = q[i].revoked_at;
		g->reason = q[i].reason;
		if (q[i].n_conflicting || q[i].revoked_at_null) {
			rc = store_conflict(g, &q[i]);
			if (rc)
				rc = sweep_error_set(err, rc, "out of memory");
		}
	}
	free(q);
	free(which);
	return rc;
}

/* The store's revocation statements (crt.sh crl_revoked) for every serial;
 * a set that spilled (--memory-limit) is joined as it is read back
 * (scan_drain). */
int scan_join_revocation(struct scan *s, struct sweep_error *err)
{
	struct sweep_group **gs;
	size_t k = 0;
	int rc;

	s->unmarked = 1;

	scan_fault_signal("revocation");
	if (!s->src->ops->revocations || s->set.n == 0 || sweep_affected_spilled(&s->set))
		return scan_interrupted(s) ? scan_interrupt(s, 1, err) : 0;
	gs = calloc(s->set.n, sizeof(*gs));
	if (!gs)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->set.cap; i++)
		if (s->set.slots[i])
			gs[k++] = s->set.slots[i];
	rc = revocation_apply(s, gs, k, err);
	free(gs);
	/* a signal during the lookup: nothing above is lost, the join reruns on --resume */
	if (!rc && scan_interrupted(s))
		rc = scan_interrupt(s, 1, err);
	return rc;
}

struct drain_ctx {
	struct scan *s;
	struct sweep_audit_result *res;
	int revocation;
};

static int drain_batch(struct sweep_group **gs, size_t n, void *arg, struct sweep_error *err)
{
	struct drain_ctx *d = arg;
	size_t conflicts = 0;
	int rc = 0;

	if (scan_interrupted(d->s))
		return scan_interrupt(d->s, 1, err); /* the groups are in the journal: the join reruns on --resume */
	if (d->revocation && d->s->src->ops->revocations)
		rc = revocation_apply(d->s, gs, n, err);
	if (!rc && scan_join_crls(d->s->o, gs, n, &conflicts))
		rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	d->res->rev_conflicts += conflicts;
	return rc;
}

int scan_drain(struct scan *s, struct sweep_audit_result *res, int revocation, struct sweep_error *err)
{
	struct drain_ctx d = { s, res, revocation };
	uint64_t twice = 0;
	struct sweep_affected_drain_hooks hooks = { drain_batch, &d, &twice };
	int rc;

	res->rev_conflicts = 0;
	rc = scan_spill_now(s, err); /* what is in memory goes to the journal and disk too */
	if (!rc)
		rc = sweep_affected_drain(&s->set, &hooks, &res->runs, &res->n_groups, err);
	/* a certificate a corpus check matched again after its first match went to disk */
	res->stats.matched_certs -= twice;
	s->stats.matched_certs -= twice;
	return rc;
}

static void describe_rev(struct sweep_buf *b, int revoked, int64_t at, int reason)
{
	char t[21];

	if (!revoked) {
		sweep_buf_puts(b, "not revoked");
		return;
	}
	sweep_time_iso(at, t);
	sweep_buf_printf(b, "revoked %s %s", t, sweep_reason_name(reason));
}

/* --crl: the CRL is what relying parties see, so it decides "Is revoked?";
 * where the store said otherwise the serial carries the conflict. */
int scan_join_crls(const struct sweep_audit_opts *o, struct sweep_group **groups, size_t n, size_t *conflicts)
{
	*conflicts = 0;
	for (size_t i = 0; o->crls && i < n; i++) {
		struct sweep_group *g = groups[i];
		const struct sweep_crl_entry *e =
			sweep_crlset_find(o->crls, g->iss->der, g->iss->der_len, g->iss->kid, g->iss->kid_len,
					  g->serial, g->serial_len);
		int crl_revoked = e != NULL;
		/* "unspecified" may be stored as 0 or as no reasonCode (RFC 5280 5.3.1 prefers the latter) */
		int same_reason = crl_revoked && (e->reason <= 0 ? g->reason <= 0 : e->reason == g->reason);
		if (g->rev_stated && (crl_revoked != g->revoked ||
				      (crl_revoked && (e->revoked_at != g->revoked_at || !same_reason)))) {
			struct sweep_buf b = SWEEP_BUF_INIT;
			if (g->rev_conflict) /* the store's own disagreement stays on the line */
				sweep_buf_printf(&b, "%s; ", g->rev_conflict);
			sweep_buf_puts(&b, "store: ");
			describe_rev(&b, g->revoked, g->revoked_at, g->reason);
			sweep_buf_puts(&b, "; CRL: ");
			describe_rev(&b, crl_revoked, e ? e->revoked_at : 0, e ? e->reason : -1);
			free(g->rev_conflict);
			g->rev_conflict = sweep_buf_detach(&b);
			if (!g->rev_conflict)
				return SWEEP_ENOMEM;
		}
		g->revoked = crl_revoked;
		g->revoked_at = e ? e->revoked_at : 0;
		g->reason = e ? e->reason : -1;
	}
	/* with the store's own disagreements (duplicate crl_revoked rows) */
	for (size_t i = 0; i < n; i++)
		*conflicts += groups[i]->rev_conflict != NULL;
	return 0;
}
