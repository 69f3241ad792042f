/* Audits of the fixture corpus through the files source (no database), for
 * the core unit tests. */
#ifndef CERTSWEEP_TEST_AUDIT_FIXTURE_H
#define CERTSWEEP_TEST_AUDIT_FIXTURE_H

#include "testutil.h"

#include "certsweep/audit.h"
#include "certsweep/lint.h"
#include "certsweep/report.h"
#include "certsweep/state.h"

#include <sys/stat.h>
#include <unistd.h>

struct fixture_audit {
	char root[64];
	struct sweep_outdir d;
	const struct sweep_lint *lints[2];
	struct sweep_audit_opts o;
	struct sweep_run_opts run;
	struct sweep_audit_result res;
};

/* Audit fixture files (names under der/) with two lints into ROOT/SUB. */
static inline void fixture_audit(struct fixture_audit *fa, const char *sub, const char *const *names, size_t n,
				 int publish)
{
	struct sweep_error err = { 0, "" };
	struct sweep_source *src = NULL;
	char **paths = calloc(n, sizeof(*paths));
	char dir[128];

	if (!fa->root[0]) {
		snprintf(fa->root, sizeof(fa->root), "/tmp/certsweep-unit-XXXXXX");
		assert_non_null(mkdtemp(fa->root));
	}
	snprintf(dir, sizeof(dir), "%s/%s", fa->root, sub);
	assert_int_equal(sweep_outdir_open(&fa->d, dir, SWEEP_FILE_MODE_DEFAULT, &err), 0);
	for (size_t i = 0; i < n; i++) {
		paths[i] = malloc(4096);
		snprintf(paths[i], 4096, "%s/der/%s", getenv("CERTSWEEP_FIXTURES"), names[i]);
	}
	assert_int_equal(sweep_source_files_new(&src, (const char *const *)paths, n, &err), 0);
	fa->lints[0] = sweep_lint_find("e_subject_attribute_value_embedded_rdn");
	fa->lints[1] = sweep_lint_find("e_ev_jurisdiction_level_inconsistent");
	assert_non_null(fa->lints[0]);
	assert_non_null(fa->lints[1]);
	memset(&fa->o, 0, sizeof(fa->o));
	fa->o.lints = fa->lints;
	fa->o.n_lints = 2;
	fa->o.now = 1780000000; /* 2026-05-28 */
	fa->o.selection = "certsweep audit --files der --lint e_subject_attribute_value_embedded_rdn";
	memset(&fa->run, 0, sizeof(fa->run));
	fa->run.out = &fa->d;
	fa->run.publish = publish;
	assert_int_equal(sweep_audit_run(&fa->res, src, &fa->o, &fa->run, &err), 0);
	sweep_source_free(src);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static inline void fixture_audit_release(struct fixture_audit *fa)
{
	sweep_audit_result_release(&fa->res);
	if (fa->d.path)
		sweep_outdir_close(&fa->d);
}

static inline void fixture_root_remove(const char *root)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static inline int file_exists(const char *root, const char *sub, const char *name)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s/%s", root, sub, name);
	return access(p, F_OK) == 0;
}

#endif
