/* certsweep lints | fields  (certsweep lint FILE... is in cmd_lint.c) */
#include "certsweep/buf.h"
#include "certsweep/expr.h"
#include "certsweep/lint.h"
#include "certsweep/output.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *severity_word(const struct sweep_lint *l)
{
	return sweep_result_name(sweep_lint_severity(l));
}

/* ,"key":["a","b"] from a space-separated list (an empty array for NULL). */
static void json_names(struct sweep_buf *b, const char *key, const char *names)
{
	int first = 1;

	sweep_buf_printf(b, ",\"%s\":[", key);
	for (const char *p = names; p && *p;) {
		size_t n = strcspn(p, " ");
		if (n) {
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			sweep_buf_puts(b, first ? "" : ",");
			sweep_json_str(b, name);
			first = 0;
		}
		p += n + (p[n] == ' ');
	}
	sweep_buf_puts(b, "]");
}

int cmd_lints(int argc, char **argv)
{
	int json = 0;
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--help") == 0) {
			printf("Usage: certsweep lints [--json]\nList every lint: name, severity, source, "
			       "citation, effective date.\n");
			return EXIT_CLEAN;
		} else {
			return cli_usage_error("lints: unexpected argument \"%s\"", argv[i]);
		}
	}
	if (!json)
		printf("%-48s %-8s %-9s %-10s %s\n", "NAME", "SEVERITY", "SOURCE", "EFFECTIVE", "CITATION");
	for (size_t i = 0; i < n; i++) {
		const struct sweep_lint *l = &reg[i];
		char eff[16], ineff[16];
		sweep_yyyymmdd_text(l->effective, eff);
		if (!json) {
			printf("%-48s %-8s %-9s %-10s %s\n", l->name, severity_word(l), l->source, eff, l->citation);
			continue;
		}
		struct sweep_buf b = SWEEP_BUF_INIT;
		sweep_buf_puts(&b, "{\"name\":");
		sweep_json_str(&b, l->name);
		sweep_buf_printf(&b, ",\"severity\":\"%s\",\"source\":", severity_word(l));
		sweep_json_str(&b, l->source);
		sweep_buf_puts(&b, ",\"citation\":");
		sweep_json_str(&b, l->citation);
		sweep_buf_printf(&b, ",\"effective\":\"%s\"", eff);
		if (l->ineffective) {
			sweep_yyyymmdd_text(l->ineffective, ineff);
			sweep_buf_printf(&b, ",\"ineffective\":\"%s\"", ineff);
		}
		json_names(&b, "zlint", l->zlint);
		json_names(&b, "pkilint", l->pkilint);
		sweep_buf_puts(&b, ",\"description\":");
		sweep_json_str(&b, l->description);
		sweep_buf_puts(&b, "}\n");
		fputs(sweep_buf_str(&b), stdout);
		sweep_buf_release(&b);
	}
	return EXIT_CLEAN;
}

int cmd_fields(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error("fields takes no arguments");
	sweep_expr_fields_print(stdout);
	return EXIT_CLEAN;
}
