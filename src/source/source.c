#include "certsweep/source.h"

#include <stdlib.h>

int sweep_i64_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

size_t sweep_issuer_refs_distinct(int64_t *refs, size_t n)
{
	size_t u = 0;

	if (n)
		qsort(refs, n, sizeof(*refs), sweep_i64_cmp);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || refs[u - 1] != refs[i])
			refs[u++] = refs[i];
	return u;
}

void sweep_source_free(struct sweep_source *src)
{
	if (src)
		src->ops->free(src);
}
