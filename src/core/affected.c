/* The affected set: serial map, adding certificates, folding, ordering,
 * revocation status and the counting rules. */
#include "certsweep/affected.h"

#include "certsweep/corpus.h"
#include "certsweep/keyhash.h"
#include "certsweep/name.h"
#include "certsweep/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sweep_affected_init(struct sweep_affected *set)
{
	memset(set, 0, sizeof(*set));
}

void sweep_affected_release(struct sweep_affected *set)
{
	for (size_t i = 0; i < set->cap; i++)
		sweep_group_free(set->slots[i]);
	free(set->slots);
	sweep_affected_spill_release(set);
	memset(set, 0, sizeof(*set));
}

void sweep_group_free(struct sweep_group *g)
{
	if (!g)
		return;
	if (g->serial != (uint8_t *)(g + 1)) /* one allocation with g, or its own */
		free(g->serial);
	free(g->subject);
	free(g->dns_names);
	for (size_t i = 0; i < g->n_members; i++) {
		free(g->members[i].subject);
		free(g->members[i].dns_names);
	}
	free(g->members);
	free(g->lint_hits);
	free(g->rev_conflict);
	free(g);
}

struct key {
	const uint8_t *issuer, *kid, *serial;
	size_t ilen, klen, slen;
};

static struct sweep_group **slot(const struct sweep_affected *m, uint64_t h, const struct key *k)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct sweep_group *g = m->slots[i];
		if (!g)
			return &m->slots[i];
		const struct sweep_issuer_id *iss = g->iss;
		if (g->hash == h && g->serial_len == k->slen && iss->der_len == k->ilen && iss->kid_len == k->klen &&
		    memcmp(g->serial, k->serial, k->slen) == 0 && memcmp(iss->der, k->issuer, k->ilen) == 0 &&
		    (!k->klen || memcmp(iss->kid, k->kid, k->klen) == 0))
			return &m->slots[i];
	}
}

static uint64_t key_hash(const struct key *k)
{
	return sweep_key_hash_kid(k->issuer, k->ilen, k->kid, k->klen, k->serial, k->slen);
}

struct sweep_group *sweep_affected_find(const struct sweep_affected *set, const uint8_t *issuer, size_t issuer_len,
					const uint8_t *kid, size_t kid_len, const uint8_t *serial, size_t serial_len)
{
	struct key k = { issuer, kid, serial, issuer_len, kid_len, serial_len };

	if (set->n == 0)
		return NULL;
	return *slot(set, key_hash(&k), &k);
}

struct sweep_group *sweep_affected_find_cert(const struct sweep_affected *set, const struct sweep_cert *c)
{
	return sweep_affected_find(set, c->issuer.der, c->issuer.der_len, c->akid_key_id, c->akid_key_id_len, c->serial,
				   c->serial_len);
}

/* The set's byte count grows by n (or shrinks: n wraps). */
static void charge(struct sweep_affected *m, size_t n)
{
	m->bytes += n;
	if (m->bytes > m->peak)
		m->peak = m->bytes;
}

size_t sweep_affected_bytes(const struct sweep_affected *set)
{
	return set->bytes;
}

/* Keep the load at most one half. */
static int reserve(struct sweep_affected *m)
{
	if ((m->n + 1) * 2 <= m->cap)
		return 0;
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	struct sweep_group **slots = calloc(ncap, sizeof(*slots));

	if (!slots)
		return SWEEP_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		struct sweep_group *g = m->slots[i];
		if (!g)
			continue;
		size_t j = g->hash & (ncap - 1);
		while (slots[j])
			j = (j + 1) & (ncap - 1);
		slots[j] = g;
	}
	free(m->slots);
	m->slots = slots;
	charge(m, (ncap - m->cap) * sizeof(*slots));
	m->cap = ncap;
	return 0;
}

/* p (a detached sweep_buf) cut to its length: a buffer grows by doubling,
 * and the set keeps these strings for the whole audit (issue #17: a quarter
 * of their bytes was spare capacity). */
static char *fit(char *p)
{
	char *q = p ? realloc(p, strlen(p) + 1) : NULL;

	return q ? q : p;
}

/* c's Subject (RFC 4514) and its dNSNames, space separated. */
static int cert_strings(char **subject, char **dns, const struct sweep_cert *c)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	*subject = *dns = NULL;
	sweep_name_rfc4514(&c->subject, &b);
	char *sub = fit(sweep_buf_detach(&b));
	sweep_buf_add(&b, "", 0);
	for (size_t i = 0; i < c->n_san; i++) {
		if (c->san[i].tag != 2)
			continue;
		if (b.len)
			sweep_buf_putc(&b, ' ');
		/* dNSName is IA5String; show any other byte escaped rather than raw
		 * (the printable runs appended whole: issue #17) */
		const uint8_t *v = c->san[i].val;
		size_t len = c->san[i].len, run = 0;
		for (size_t k = 0; k < len; k++) {
			uint8_t ch = v[k];
			if (ch >= 0x21 && ch < 0x7f)
				continue;
			sweep_buf_add(&b, v + run, k - run);
			sweep_buf_printf(&b, "\\x%02x", ch);
			run = k + 1;
		}
		sweep_buf_add(&b, v + run, len - run);
	}
	char *d = fit(sweep_buf_detach(&b));
	if (!sub || !d) {
		free(sub);
		free(d);
		return SWEEP_ENOMEM;
	}
	*subject = sub;
	*dns = d;
	return 0;
}

const char *sweep_member_subject(const struct sweep_group *g, const struct sweep_member *m)
{
	return m->subject ? m->subject : g->subject;
}

const char *sweep_member_dns(const struct sweep_group *g, const struct sweep_member *m)
{
	return m->dns_names ? m->dns_names : g->dns_names;
}

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* g's line strings are about to become subject and dns: members that
 * shared the old ones (NULL) take a copy where they differ. */
static int keep_member_strings(struct sweep_group *g, const char *subject, const char *dns)
{
	int sub_same = str_eq(g->subject, subject), dns_same = str_eq(g->dns_names, dns);

	for (size_t i = 0; i < g->n_members && !(sub_same && dns_same); i++) {
		struct sweep_member *m = &g->members[i];
		if (!sub_same && !m->subject && g->subject && !(m->subject = strdup(g->subject)))
			return SWEEP_ENOMEM;
		if (!dns_same && !m->dns_names && g->dns_names && !(m->dns_names = strdup(g->dns_names)))
			return SWEEP_ENOMEM;
	}
	return 0;
}

/* Drop a member's own strings where they equal the group's. */
static void share_member_strings(const struct sweep_group *g, struct sweep_member *m)
{
	if (m->subject && str_eq(m->subject, g->subject)) {
		free(m->subject);
		m->subject = NULL;
	}
	if (m->dns_names && str_eq(m->dns_names, g->dns_names)) {
		free(m->dns_names);
		m->dns_names = NULL;
	}
}

void sweep_group_compact(struct sweep_group *g)
{
	for (size_t i = 0; i < g->n_members; i++)
		share_member_strings(g, &g->members[i]);
}

size_t sweep_group_bytes(const struct sweep_group *g)
{
	size_t n = sizeof(*g) + g->serial_len + g->n_members * sizeof(*g->members) + g->n_lint_hits * sizeof(size_t);

	n += (g->subject ? strlen(g->subject) + 1 : 0) + (g->dns_names ? strlen(g->dns_names) + 1 : 0);
	n += g->rev_conflict ? strlen(g->rev_conflict) + 1 : 0;
	for (size_t i = 0; i < g->n_members; i++) {
		const struct sweep_member *m = &g->members[i];
		n += (m->subject ? strlen(m->subject) + 1 : 0) + (m->dns_names ? strlen(m->dns_names) + 1 : 0);
	}
	return n;
}

/* Fill the CSV fields of g from c (row id). */
static int group_fields(struct sweep_group *g, const struct sweep_cert *c, int64_t id)
{
	char *subject, *dns;

	if (cert_strings(&subject, &dns, c))
		return SWEEP_ENOMEM;
	if (keep_member_strings(g, subject, dns)) {
		free(subject);
		free(dns);
		return SWEEP_ENOMEM;
	}
	free(g->subject);
	free(g->dns_names);
	g->subject = subject;
	g->dns_names = dns;
	g->not_before = c->not_before;
	g->not_after = c->not_after;
	g->type = c->type;
	g->fields_from_final = !c->is_precert;
	g->fields_id = id;
	return 0;
}

/* Which certificate's fields a serial's CSV line shows does not depend on
 * the order rows arrive in (so shards merge exactly): the final certificate
 * with the lowest id, else the precertificate with the lowest id. */
int sweep_group_fields_better(const struct sweep_group *g, int is_precert, int64_t id)
{
	if (!is_precert && !g->fields_from_final)
		return 1;
	return is_precert == !g->fields_from_final && id < g->fields_id;
}

int sweep_affected_group(struct sweep_group **out, struct sweep_affected *set, const struct sweep_cert *c, int64_t id,
			 int64_t issuer_ref)
{
	struct sweep_group *g;
	struct key k = { c->issuer.der, c->akid_key_id, c->serial, c->issuer.der_len, c->akid_key_id_len, c->serial_len };
	uint64_t h = key_hash(&k);

	*out = NULL;
	if (reserve(set))
		return SWEEP_ENOMEM;
	struct sweep_group **s = slot(set, h, &k);
	if (*s) {
		*out = *s;
		return 0;
	}
	const struct sweep_issuer_id *iid = sweep_issuer_intern_cert(c);
	if (!iid)
		return SWEEP_ENOMEM;
	g = calloc(1, sizeof(*g) + c->serial_len); /* the serial in the same allocation */
	if (!g)
		return SWEEP_ENOMEM;
	sweep_group_set_issuer(g, iid);
	g->serial = (uint8_t *)(g + 1);
	if (c->serial_len)
		memcpy(g->serial, c->serial, c->serial_len);
	g->serial_len = c->serial_len;
	g->hash = h;
	g->issuer_ref = issuer_ref;
	g->first_id = id;
	g->reason = -1;
	g->fields_id = INT64_MAX;
	if (group_fields(g, c, id)) {
		sweep_group_free(g);
		return SWEEP_ENOMEM;
	}
	g->dirty = 1;
	*s = g;
	set->n++;
	charge(set, sweep_group_bytes(g));
	*out = g;
	return 0;
}

static int group_add_cert(struct sweep_group *g, const struct sweep_cert *c, int64_t id,
			  const struct sweep_row_status *status, int failed, const uint8_t *tbs_sha256);

int sweep_affected_add_cert_tbs(struct sweep_affected *set, struct sweep_group *g, const struct sweep_cert *c,
				int64_t id, const struct sweep_row_status *status, int failed, const uint8_t *tbs_sha256)
{
	size_t before = sweep_group_bytes(g);
	int rc = group_add_cert(g, c, id, status, failed, tbs_sha256);

	charge(set, sweep_group_bytes(g) - before);
	return rc;
}

int sweep_affected_add_cert(struct sweep_affected *set, struct sweep_group *g, const struct sweep_cert *c, int64_t id,
			    const struct sweep_row_status *status, int failed)
{
	return sweep_affected_add_cert_tbs(set, g, c, id, status, failed, NULL);
}

int sweep_affected_add_lints(struct sweep_affected *set, struct sweep_group *g, const size_t *hits, size_t n)
{
	size_t before = g->n_lint_hits;
	int rc = sweep_group_add_lints(g, hits, n);

	charge(set, (g->n_lint_hits - before) * sizeof(*g->lint_hits));
	return rc;
}

/* Add one member, or mark an existing one (the same certificate seen twice):
 * 0 when added (m's strings now belong to g, m's pointers cleared), 1 when
 * already there (m keeps its strings), or a negative code. */
static int add_member(struct sweep_group *g, struct sweep_member *m)
{
	for (size_t i = 0; i < g->n_members; i++) {
		if (memcmp(g->members[i].sha256, m->sha256, 32) == 0) {
			g->members[i].failed |= m->failed;
			return 1;
		}
	}
	struct sweep_member *p = realloc(g->members, (g->n_members + 1) * sizeof(*p));
	if (!p)
		return SWEEP_ENOMEM;
	g->members = p;
	p[g->n_members++] = *m;
	m->subject = m->dns_names = NULL;
	return 0;
}

int sweep_group_add_cert(struct sweep_group *g, const struct sweep_cert *c, int64_t id,
			 const struct sweep_row_status *status, int failed)
{
	return group_add_cert(g, c, id, status, failed, NULL);
}

static int group_add_cert(struct sweep_group *g, const struct sweep_cert *c, int64_t id,
			  const struct sweep_row_status *status, int failed, const uint8_t *tbs_sha256)
{
	struct sweep_member m;
	int rc = 0;

	g->dirty = 1;
	/* a fragment a spilled set made for a sibling has no first match until
	 * one joins it (INT64_MAX): this one is (folds take the lowest) */
	if (failed && g->first_id == INT64_MAX)
		g->first_id = id;
	if (status && status->has_status) {
		/* The store's own statement; any member revoked revokes the serial. */
		g->rev_stated = 1;
		if (status->revoked && !g->revoked) {
			g->revoked = 1;
			g->revoked_at = status->revoked_at;
			g->reason = status->reason;
		}
	}
	memset(&m, 0, sizeof(m));
	memcpy(m.sha256, sweep_cert_sha256(c), 32);
	m.is_precert = c->is_precert;
	m.id = id;
	m.failed = failed;
	m.not_before = c->not_before;
	m.not_after = c->not_after;
	for (size_t i = 0; i < g->n_members; i++) {
		if (memcmp(g->members[i].sha256, m.sha256, 32) == 0) {
			g->members[i].failed |= m.failed; /* a file source may repeat a certificate */
			return 0;
		}
	}
	/* a TBS the canonicaliser cannot read pairs with nothing (its own line);
	 * made only for a new member (issue #17: the pairing pass sees every
	 * member again) */
	struct sweep_error ignored = { 0, { 0 } };
	if (tbs_sha256) { /* made already (issue #17: it was made twice a row) */
		memcpy(m.tbs_sha256, tbs_sha256, 32);
		m.has_tbs = 1;
	} else {
		m.has_tbs = sweep_tbs_sha256(m.tbs_sha256, c->tbs, c->tbs_len, &ignored) == 0;
	}
	if (sweep_group_fields_better(g, c->is_precert, id)) {
		/* c gives the line: its member shares it (NULL strings), and
		 * group_fields hands the others the old line where it differs */
		rc = group_fields(g, c, id);
	} else {
		/* the member's own strings, kept only where they differ from the line */
		if (cert_strings(&m.subject, &m.dns_names, c))
			return SWEEP_ENOMEM;
		share_member_strings(g, &m);
	}
	if (!rc)
		rc = add_member(g, &m);
	free(m.subject);
	free(m.dns_names);
	return rc < 0 ? rc : 0;
}

int sweep_group_add_lints(struct sweep_group *g, const size_t *hits, size_t n)
{
	g->dirty |= n > 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = 0;
		while (i < g->n_lint_hits && g->lint_hits[i] < hits[k])
			i++;
		if (i < g->n_lint_hits && g->lint_hits[i] == hits[k])
			continue;
		size_t *p = realloc(g->lint_hits, (g->n_lint_hits + 1) * sizeof(*p));
		if (!p)
			return SWEEP_ENOMEM;
		g->lint_hits = p;
		memmove(p + i + 1, p + i, (g->n_lint_hits - i) * sizeof(*p));
		p[i] = hits[k];
		g->n_lint_hits++;
	}
	return 0;
}

static void swap_str(char **a, char **b)
{
	char *t = *a;
	*a = *b;
	*b = t;
}

int sweep_group_fold(struct sweep_group *dst, struct sweep_group *g)
{
	int g_better = sweep_group_fields_better(dst, !g->fields_from_final, g->fields_id);
	int rc;

	/* members sharing their group's line (NULL strings) keep their own copy
	 * where the line dst ends with differs from their group's */
	rc = g_better ? keep_member_strings(dst, g->subject, g->dns_names)
		      : keep_member_strings(g, dst->subject, dst->dns_names);
	if (rc)
		return rc;
	dst->dirty = 1;
	for (size_t i = 0; i < g->n_members; i++) {
		rc = add_member(dst, &g->members[i]);
		if (rc < 0)
			return rc;
	}
	rc = sweep_group_add_lints(dst, g->lint_hits, g->n_lint_hits);
	if (rc)
		return rc;
	if (g->first_id < dst->first_id)
		dst->first_id = g->first_id;
	if (g_better) {
		/* one key, so the same Name DER and key identity; the interned
		 * entries differ only in a name read from a file against one
		 * made from the DER: the line's own goes with it */
		const struct sweep_issuer_id *iss = dst->iss;
		swap_str(&dst->subject, &g->subject);
		dst->iss = g->iss;
		g->iss = iss;
		swap_str(&dst->dns_names, &g->dns_names);
		dst->not_before = g->not_before;
		dst->not_after = g->not_after;
		dst->type = g->type;
		dst->fields_from_final = g->fields_from_final;
		dst->fields_id = g->fields_id;
	}
	if (g->revoked && !dst->revoked) {
		dst->revoked = 1;
		dst->revoked_at = g->revoked_at;
		dst->reason = g->reason;
	}
	dst->rev_stated |= g->rev_stated;
	if (g->rev_conflict && !dst->rev_conflict)
		swap_str(&dst->rev_conflict, &g->rev_conflict);
	return 0;
}

int sweep_affected_put(struct sweep_affected *set, struct sweep_group *g)
{
	struct key k = { g->iss->der, g->iss->kid, g->serial, g->iss->der_len, g->iss->kid_len, g->serial_len };
	g->hash = key_hash(&k);
	if (reserve(set)) {
		sweep_group_free(g);
		return SWEEP_ENOMEM;
	}
	struct sweep_group **s = slot(set, g->hash, &k);
	if (!*s) {
		*s = g;
		set->n++;
		charge(set, sweep_group_bytes(g));
		return 0;
	}
	size_t before = sweep_group_bytes(*s);
	int rc = sweep_group_fold(*s, g);
	charge(set, sweep_group_bytes(*s) - before);
	sweep_group_free(g);
	return rc;
}

int sweep_affected_fold(struct sweep_affected *dst, struct sweep_affected *src)
{
	int rc = 0;

	for (size_t i = 0; i < src->cap; i++) {
		struct sweep_group *g = src->slots[i];
		if (!g)
			continue;
		src->slots[i] = NULL;
		src->n--;
		charge(src, 0 - sweep_group_bytes(g));
		if (!rc)
			rc = sweep_affected_put(dst, g);
		else
			sweep_group_free(g);
	}
	return rc;
}

int sweep_group_complete(const struct sweep_group *g)
{
	int pre = 0, fin = 0;

	for (size_t i = 0; i < g->n_members; i++) {
		if (g->members[i].is_precert)
			pre = 1;
		else
			fin = 1;
	}
	return pre && fin;
}

int sweep_group_matched(const struct sweep_group *g)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (g->members[i].failed)
			return 1;
	return 0;
}

void sweep_pairing_bounds_refs(struct sweep_pairing_bounds *b)
{
	b->n_refs = sweep_issuer_refs_distinct(b->refs, b->n_refs);
}

static int push_ref(struct sweep_pairing_bounds *b, int64_t ref)
{
	if (b->n_refs && b->refs[b->n_refs - 1] == ref)
		return 0; /* a group of the issuer before: the common case */
	if (b->n_refs == b->cap_refs) {
		/* full: the repeats go first, then room for as many again */
		sweep_pairing_bounds_refs(b);
		if (b->cap_refs == 0 || b->n_refs * 2 > b->cap_refs) {
			size_t ncap = b->cap_refs ? b->cap_refs * 2 : 16;
			int64_t *p = realloc(b->refs, ncap * sizeof(*p));
			if (!p)
				return SWEEP_ENOMEM;
			b->refs = p;
			b->cap_refs = ncap;
		}
	}
	b->refs[b->n_refs++] = ref;
	return 0;
}

int sweep_pairing_bounds_note(struct sweep_pairing_bounds *b, const struct sweep_group *g)
{
	if (sweep_group_complete(g))
		return 0;
	b->any = 1;
	/* (a fragment made for a sibling past --memory-limit has no matching
	 * certificate: INT64_MAX, no bound of its own; + 1 would overflow) */
	if (g->first_id != INT64_MAX && g->first_id + 1 > b->before)
		b->before = g->first_id + 1;
	if (g->issuer_ref < 0) {
		b->unknown_ref = 1;
		return 0;
	}
	return push_ref(b, g->issuer_ref);
}

int sweep_pairing_bounds_add(struct sweep_pairing_bounds *dst, const struct sweep_pairing_bounds *src)
{
	dst->any |= src->any;
	dst->unknown_ref |= src->unknown_ref;
	if (src->before > dst->before)
		dst->before = src->before;
	for (size_t i = 0; i < src->n_refs; i++)
		if (push_ref(dst, src->refs[i]))
			return SWEEP_ENOMEM;
	return 0;
}

void sweep_pairing_bounds_release(struct sweep_pairing_bounds *b)
{
	free(b->refs);
	memset(b, 0, sizeof(*b));
}

size_t sweep_affected_drop_unmatched(struct sweep_affected *set)
{
	size_t dropped = 0, k = 0;
	struct sweep_group **keep = set->n ? malloc(set->n * sizeof(*keep)) : NULL;

	if (!keep)
		return 0; /* nothing there, or no room to rebuild: kept (drain drops them) */
	for (size_t i = 0; i < set->cap; i++) {
		struct sweep_group *g = set->slots[i];
		if (!g)
			continue;
		set->slots[i] = NULL;
		if (sweep_group_matched(g)) {
			keep[k++] = g;
		} else {
			charge(set, 0 - sweep_group_bytes(g));
			sweep_group_free(g);
			dropped++;
		}
	}
	/* the table again (a hole breaks linear probing) */
	for (size_t i = 0; i < k; i++) {
		size_t j = keep[i]->hash & (set->cap - 1);
		while (set->slots[j])
			j = (j + 1) & (set->cap - 1);
		set->slots[j] = keep[i];
	}
	set->n = k;
	free(keep);
	return dropped;
}

int sweep_affected_take_sorted(struct sweep_group ***out, size_t *n, struct sweep_affected *set)
{
	struct sweep_group **groups = calloc(set->n ? set->n : 1, sizeof(*groups));
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!groups)
		return SWEEP_ENOMEM;
	for (size_t i = 0; i < set->cap; i++) {
		if (set->slots[i]) {
			groups[k++] = set->slots[i];
			set->slots[i] = NULL;
		}
	}
	set->n = 0;
	set->bytes = set->cap * sizeof(*set->slots);
	for (size_t i = 0; i < k; i++)
		qsort(groups[i]->members, groups[i]->n_members, sizeof(struct sweep_member), sweep_member_order);
	if (k)
		qsort(groups, k, sizeof(*groups), sweep_group_order);
	*out = groups;
	*n = k;
	return 0;
}

static int serial_cmp(const struct sweep_group *x, const struct sweep_group *y)
{
	/* Numeric order of the (positive) integers: skip sign octets, then length, then bytes. */
	const uint8_t *a = x->serial, *b = y->serial;
	size_t al = x->serial_len, bl = y->serial_len;
	while (al > 1 && a[0] == 0) {
		a++;
		al--;
	}
	while (bl > 1 && b[0] == 0) {
		b++;
		bl--;
	}
	if (al != bl)
		return al < bl ? -1 : 1;
	int c = memcmp(a, b, al);
	if (c)
		return c;
	return (x->serial_len > y->serial_len) - (x->serial_len < y->serial_len);
}

int sweep_group_order(const void *p, const void *q)
{
	const struct sweep_group *x = *(struct sweep_group *const *)p, *y = *(struct sweep_group *const *)q;
	int c;

	if (x->not_before != y->not_before)
		return x->not_before < y->not_before ? -1 : 1;
	c = serial_cmp(x, y);
	if (c)
		return c;
	const struct sweep_issuer_id *xi = x->iss, *yi = y->iss;
	c = strcmp(xi->name, yi->name);
	if (c)
		return c;
	if (xi->der_len != yi->der_len)
		return xi->der_len < yi->der_len ? -1 : 1;
	c = memcmp(xi->der, yi->der, xi->der_len);
	if (c)
		return c;
	/* a re-keyed CA: the same name, another key */
	if (xi->kid_len != yi->kid_len)
		return xi->kid_len < yi->kid_len ? -1 : 1;
	return xi->kid_len ? memcmp(xi->kid, yi->kid, xi->kid_len) : 0;
}

int sweep_member_order(const void *p, const void *q)
{
	const struct sweep_member *x = p, *y = q;
	return memcmp(x->sha256, y->sha256, 32);
}

int sweep_group_reused(const struct sweep_group *g)
{
	size_t finals = 0;

	for (size_t i = 0; i < g->n_members; i++)
		finals += !g->members[i].is_precert;
	return finals >= 2;
}

/* Whether precertificate p pairs with final certificate f (RFC 6962 3.2:
 * equal TBS once the poison and SCT list are removed). */
static int pairs(const struct sweep_member *p, const struct sweep_member *f)
{
	return p->has_tbs && f->has_tbs && memcmp(p->tbs_sha256, f->tbs_sha256, 32) == 0;
}

/* In a reused serial, member i has a line of its own when it is a final
 * certificate or a precertificate pairing with no final, and that line is
 * affected: one of its certificates matched itself (a sibling read only
 * because it shares the serial is another certificate, not affected). */
static int own_line(const struct sweep_group *g, size_t i)
{
	const struct sweep_member *m = &g->members[i];
	int affected = m->failed;

	for (size_t j = 0; j < g->n_members; j++) {
		const struct sweep_member *o = &g->members[j];
		if (m->is_precert && !o->is_precert && pairs(m, o))
			return 0; /* on its final's line */
		if (!m->is_precert && o->is_precert && pairs(o, m))
			affected |= o->failed;
	}
	return affected;
}

/* Lines of a reused serial; 0 when g is not one (or none of its lines matched). */
static size_t reused_lines(const struct sweep_group *g)
{
	size_t n = 0;

	if (!sweep_group_reused(g))
		return 0;
	for (size_t i = 0; i < g->n_members; i++)
		n += own_line(g, i) != 0;
	return n;
}

size_t sweep_group_cert_count(const struct sweep_group *g)
{
	size_t finals = 0, lines = reused_lines(g);

	if (lines)
		return lines;
	for (size_t i = 0; i < g->n_members; i++)
		finals += !g->members[i].is_precert;
	return finals ? finals : 1;
}

static int line_order(const void *p, const void *q)
{
	const struct sweep_group *x = p, *y = q;

	if (x->not_before != y->not_before)
		return x->not_before < y->not_before ? -1 : 1;
	if (x->fields_from_final != y->fields_from_final)
		return x->fields_from_final ? -1 : 1;
	return memcmp(x->members[0].sha256, y->members[0].sha256, 32);
}

/* A view of g showing member m's fields, members filled by the caller. */
static void view_of(struct sweep_group *v, const struct sweep_group *g, const struct sweep_member *m)
{
	*v = *g;
	v->subject = (char *)sweep_member_subject(g, m);
	v->dns_names = (char *)sweep_member_dns(g, m);
	v->not_before = m->not_before;
	v->not_after = m->not_after;
	v->fields_from_final = !m->is_precert;
	v->fields_id = m->id;
	v->members = NULL;
	v->n_members = 0;
}

int sweep_group_lines(struct sweep_group **out, size_t *n, const struct sweep_group *g)
{
	size_t n_lines = reused_lines(g), k = 0;
	struct sweep_group *lines;

	*out = NULL;
	*n = 0;
	lines = calloc(n_lines ? n_lines : 1, sizeof(*lines));
	if (!lines)
		return SWEEP_ENOMEM;
	if (!n_lines) {
		lines[0] = *g;
		lines[0].members = malloc((g->n_members ? g->n_members : 1) * sizeof(*g->members));
		if (!lines[0].members) {
			free(lines);
			return SWEEP_ENOMEM;
		}
		if (g->n_members)
			memcpy(lines[0].members, g->members, g->n_members * sizeof(*g->members));
		*out = lines;
		*n = 1;
		return 0;
	}
	for (size_t i = 0; i < g->n_members; i++) {
		const struct sweep_member *m = &g->members[i];
		size_t want = 1;
		if (!own_line(g, i))
			continue;
		if (!m->is_precert)
			for (size_t j = 0; j < g->n_members; j++)
				want += g->members[j].is_precert && pairs(&g->members[j], m);
		struct sweep_group *v = &lines[k++];
		view_of(v, g, m);
		v->members = malloc(want * sizeof(*v->members));
		if (!v->members) {
			sweep_group_lines_free(lines, k);
			return SWEEP_ENOMEM;
		}
		/* in g's member order, as a line without reuse lists them */
		for (size_t j = 0; j < g->n_members; j++)
			if (j == i || (!m->is_precert && g->members[j].is_precert && pairs(&g->members[j], m)))
				v->members[v->n_members++] = g->members[j];
	}
	qsort(lines, k, sizeof(*lines), line_order);
	*out = lines;
	*n = k;
	return 0;
}

void sweep_group_lines_free(struct sweep_group *lines, size_t n)
{
	if (!lines)
		return;
	for (size_t i = 0; i < n; i++)
		free(lines[i].members);
	free(lines);
}

int sweep_group_has_final(const struct sweep_group *g)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (!g->members[i].is_precert)
			return 1;
	return 0;
}

const char *sweep_reason_name(int reason)
{
	/* RFC 5280 5.3.1; value 7 is unused. */
	static const char *const names[] = { "unspecified", "keyCompromise", "cACompromise",
					     "affiliationChanged", "superseded", "cessationOfOperation",
					     "certificateHold", NULL, "removeFromCRL", "privilegeWithdrawn",
					     "aACompromise" };
	/* codes RFC 5280 leaves undefined print as their number: "unknown"
	 * would hide what the store or CRL actually said */
	static _Thread_local char num[16];

	if (reason < 0)
		return "unspecified"; /* the CRL entry had no reasonCode */
	if ((size_t)reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	snprintf(num, sizeof(num), "%d", reason);
	return num;
}

enum sweep_rev_status sweep_group_status(const struct sweep_group *g, int64_t now, int has_planned)
{
	if (g->revoked)
		return SWEEP_REV_YES;
	if (now > g->not_after) /* notAfter is the last valid second (RFC 5280 4.1.2.5) */
		return SWEEP_REV_EXPIRED;
	return has_planned ? SWEEP_REV_PLANNED : SWEEP_REV_NO;
}
