/* certsweep merge: combine the outputs of shards (--shard K/N) into the
 * outputs a single run would have written, byte for byte. */
#include "certsweep/merge.h"

#include "certsweep/output.h"
#include "certsweep/sink.h"
#include "certsweep/state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int compatible(const struct sweep_state *a, const struct sweep_state *b)
{
	if (!same_str(a->source_desc, b->source_desc) || !same_str(a->selection, b->selection) ||
	    !same_str(a->where_text, b->where_text) || a->n_lints != b->n_lints || a->now != b->now ||
	    a->has_planned != b->has_planned || a->planned != b->planned || a->csv_safe != b->csv_safe ||
	    a->have_crls != b->have_crls || a->shard_n != b->shard_n)
		return 0;
	for (size_t i = 0; i < a->n_lints; i++)
		if (strcmp(a->lint_names[i], b->lint_names[i]) != 0)
			return 0;
	return 1;
}

static int same_key(const struct sweep_group *x, const struct sweep_group *y)
{
	return x->serial_len == y->serial_len && x->issuer_der_len == y->issuer_der_len &&
	       memcmp(x->serial, y->serial, x->serial_len) == 0 &&
	       memcmp(x->issuer_der, y->issuer_der, x->issuer_der_len) == 0;
}

/* Fold src into dst (same issuer and serial); src's strings move into dst. */
static int fold(struct sweep_group *dst, struct sweep_group *src)
{
	for (size_t i = 0; i < src->n_members; i++) {
		size_t k = 0;
		while (k < dst->n_members && memcmp(dst->members[k].sha256, src->members[i].sha256, 32) != 0)
			k++;
		if (k < dst->n_members) {
			dst->members[k].failed |= src->members[i].failed;
			continue;
		}
		struct sweep_member *m = realloc(dst->members, (dst->n_members + 1) * sizeof(*m));
		if (!m)
			return -1;
		dst->members = m;
		m[dst->n_members++] = src->members[i];
	}
	for (size_t i = 0; i < src->n_lint_hits; i++) {
		size_t k = 0;
		while (k < dst->n_lint_hits && dst->lint_hits[k] != src->lint_hits[i])
			k++;
		if (k < dst->n_lint_hits)
			continue;
		size_t *h = realloc(dst->lint_hits, (dst->n_lint_hits + 1) * sizeof(*h));
		if (!h)
			return -1;
		dst->lint_hits = h;
		/* keep sorted */
		k = dst->n_lint_hits;
		while (k > 0 && h[k - 1] > src->lint_hits[i]) {
			h[k] = h[k - 1];
			k--;
		}
		h[k] = src->lint_hits[i];
		dst->n_lint_hits++;
	}
	if (src->first_id < dst->first_id)
		dst->first_id = src->first_id;
	if (sweep_group_fields_better(dst, !src->fields_from_final, src->fields_id)) {
		char *t;
		t = dst->subject, dst->subject = src->subject, src->subject = t;
		t = dst->issuer, dst->issuer = src->issuer, src->issuer = t;
		t = dst->dns_names, dst->dns_names = src->dns_names, src->dns_names = t;
		dst->not_before = src->not_before;
		dst->not_after = src->not_after;
		dst->type = src->type;
		dst->fields_from_final = src->fields_from_final;
		dst->fields_id = src->fields_id;
	}
	if (src->revoked && !dst->revoked) {
		dst->revoked = 1;
		dst->revoked_at = src->revoked_at;
		dst->reason = src->reason;
	}
	dst->rev_stated |= src->rev_stated;
	if (src->rev_conflict && !dst->rev_conflict) {
		dst->rev_conflict = src->rev_conflict;
		src->rev_conflict = NULL;
	}
	return 0;
}

/* Concatenate a per-shard text output in shard order, keeping one header. */
static int concat(const char *out_dir, const char *name, const char *const *dirs, size_t n, int header,
		  struct sweep_error *err)
{
	struct sweep_ofile f;
	int rc = sweep_ofile_open(&f, out_dir, name, err);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct sweep_buf path = SWEEP_BUF_INIT;
		sweep_buf_printf(&path, "%s/%s", dirs[i], name);
		FILE *in = fopen(sweep_buf_str(&path), "rb");
		if (!in) {
			sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", sweep_buf_str(&path), strerror(errno));
			sweep_buf_release(&path);
			free(line);
			sweep_ofile_abort(&f);
			return SWEEP_EIO;
		}
		sweep_buf_release(&path);
		long no = 0;
		while ((len = getline(&line, &cap, in)) > 0) {
			if (header && no++ == 0 && i > 0)
				continue;
			fwrite(line, 1, (size_t)len, f.fp);
		}
		fclose(in);
	}
	free(line);
	return sweep_ofile_commit(&f, err);
}

int sweep_merge(const char *out_dir, const char *const *dirs, size_t n, struct sweep_error *err)
{
	struct sweep_state *st = calloc(n ? n : 1, sizeof(*st));
	struct sweep_audit_result res;
	struct sweep_audit_opts o;
	const struct sweep_lint **lints = NULL;
	int rc = 0;

	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	if (!st)
		return sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		struct sweep_buf path = SWEEP_BUF_INIT;
		sweep_buf_printf(&path, "%s/audit.state", dirs[i]);
		rc = sweep_state_read(sweep_buf_str(&path), &st[i], err);
		sweep_buf_release(&path);
		if (!rc && i > 0 && !compatible(&st[0], &st[i]))
			rc = sweep_error_set(err, SWEEP_EINVAL,
					     "%s and %s are not shards of one audit (source, selection or options differ)",
					     dirs[0], dirs[i]);
	}
	if (!rc && st[0].shard_n && (size_t)st[0].shard_n != n)
		rc = sweep_error_set(err, SWEEP_EINVAL, "the shards say N=%d but %zu directories were given", st[0].shard_n, n);
	for (size_t i = 0; !rc && i < n; i++)
		for (size_t k = i + 1; !rc && k < n; k++)
			if (st[i].shard_k == st[k].shard_k)
				rc = sweep_error_set(err, SWEEP_EINVAL, "%s and %s are the same shard", dirs[i], dirs[k]);

	/* Union of the serials; counters add up. */
	for (size_t i = 0; !rc && i < n; i++) {
		struct sweep_audit_stats *s = &st[i].stats, *t = &res.stats;
		t->rows += s->rows;
		t->decoded += s->decoded;
		t->unparseable += s->unparseable;
		t->in_window += s->in_window;
		t->matched_certs += s->matched_certs;
		t->findings += s->findings;
		t->reconnects += s->reconnects;
		if (s->worst > t->worst)
			t->worst = s->worst;
		for (size_t g = 0; !rc && g < st[i].n_groups; g++) {
			struct sweep_group *src = st[i].groups[g];
			size_t k = 0;
			while (k < res.n_groups && !same_key(res.groups[k], src))
				k++;
			if (k < res.n_groups) {
				if (fold(res.groups[k], src))
					rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				continue;
			}
			struct sweep_group **p = realloc(res.groups, (res.n_groups + 1) * sizeof(*p));
			if (!p) {
				rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
				break;
			}
			res.groups = p;
			p[res.n_groups++] = src;
			st[i].groups[g] = NULL; /* moved */
		}
	}
	if (!rc) {
		for (size_t i = 0; i < res.n_groups; i++) {
			qsort(res.groups[i]->members, res.groups[i]->n_members, sizeof(struct sweep_member),
			      sweep_member_order);
			res.rev_conflicts += res.groups[i]->rev_conflict != NULL;
		}
		if (res.n_groups)
			qsort(res.groups, res.n_groups, sizeof(*res.groups), sweep_group_order);
		lints = calloc(st[0].n_lints ? st[0].n_lints : 1, sizeof(*lints));
		if (!lints)
			rc = sweep_error_set(err, SWEEP_ENOMEM, "out of memory");
		for (size_t i = 0; !rc && i < st[0].n_lints; i++) {
			lints[i] = sweep_lint_find(st[0].lint_names[i]);
			if (!lints[i])
				rc = sweep_error_set(err, SWEEP_EINVAL, "the shards used lint %s, which this certsweep lacks",
						     st[0].lint_names[i]);
		}
	}
	if (!rc) {
		res.source_desc = st[0].source_desc;
		o.lints = lints;
		o.n_lints = st[0].n_lints;
		o.where_text = st[0].where_text;
		o.selection = st[0].selection;
		o.now = st[0].now;
		o.has_planned = st[0].has_planned;
		o.planned = st[0].planned;
		o.csv_safe = st[0].csv_safe;
		o.have_crls = st[0].have_crls;
		o.out_dir = out_dir;
		rc = sweep_mkdirs(out_dir, err);
		if (!rc)
			rc = concat(out_dir, "findings.jsonl", dirs, n, 0, err);
		if (!rc)
			rc = concat(out_dir, "unparseable.csv", dirs, n, 1, err);
		if (!rc)
			rc = sweep_sinks_write(&res, &o, err);
		if (!rc)
			rc = sweep_state_write(out_dir, &res, &o, err);
		res.source_desc = NULL;
	}
	for (size_t i = 0; i < res.n_groups; i++)
		sweep_group_free(res.groups[i]);
	free(res.groups);
	free(lints);
	for (size_t i = 0; i < n; i++)
		sweep_state_release(&st[i]);
	free(st);
	return rc;
}
