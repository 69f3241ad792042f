#include "certsweep/source.h"

void sweep_source_free(struct sweep_source *src)
{
	if (src)
		src->ops->free(src);
}
