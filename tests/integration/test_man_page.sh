#!/usr/bin/env bash
# certsweep(1) (#16.2): the OPTIONS section is what `certsweep audit
# --help=man` prints from the option table; every long option of every
# command's --help is in the page and every option in the page is in some
# --help; every command is described; man renders it without a warning.
. "$SRC/tests/integration/lib.sh"
PAGE=$SRC/docs/certsweep.1
[ -f "$PAGE" ] || fail "docs/certsweep.1 missing"

# In sync with the option table (regenerate with scripts/gen-man.sh).
"$CERTSWEEP" audit --help=man >"$WORK/gen.roff" || fail "audit --help=man failed"
sed -n '/^\.\\" BEGIN generated/,/^\.\\" END generated/p' "$PAGE" | sed '1d;$d' >"$WORK/page.roff"
[ -s "$WORK/page.roff" ] || fail "no generated block between the markers"
diff -u "$WORK/page.roff" "$WORK/gen.roff" >"$WORK/sync.diff" ||
	fail "docs/certsweep.1 is out of date: run scripts/gen-man.sh build/certsweep
$(cat "$WORK/sync.diff")"
pass "OPTIONS section equals certsweep audit --help=man"

# Options both ways, across the commands.
: >"$WORK/help.txt"
for c in "" audit lint lints diff merge; do
	# shellcheck disable=SC2086 # "" is the top-level --help
	"$CERTSWEEP" $c --help >>"$WORK/help.txt" || fail "certsweep $c --help failed"
done
opts() { grep -oE -- '--[a-z][a-z0-9-]*[a-z0-9]' | sort -u; }
opts <"$WORK/help.txt" >"$WORK/help.opts"
sed 's/\\-/-/g' "$PAGE" | grep -v '^\.\\"' | opts >"$WORK/page.opts"
[ "$(wc -l <"$WORK/help.opts")" -gt 40 ] || fail "too few options found in --help: $(cat "$WORK/help.opts")"
missing=$(comm -23 "$WORK/help.opts" "$WORK/page.opts")
[ -z "$missing" ] || fail "in --help, not in the man page: $missing"
extra=$(comm -13 "$WORK/help.opts" "$WORK/page.opts")
[ -z "$extra" ] || fail "in the man page, in no --help: $extra"
pass "$(wc -l <"$WORK/help.opts") long options, each in --help and in the man page"

# Every command of `certsweep --help` has its entry under COMMANDS.
cmds=$("$CERTSWEEP" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}')
[ "$(echo "$cmds" | wc -w)" -ge 7 ] || fail "commands not found in --help: $cmds"
for c in $cmds; do
	sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$PAGE" | grep -qx "\.B $c" || fail "command $c not described"
done
pass "every command described: $(echo $cmds)"

# man renders it, without a roff warning, with the sections a user looks for.
command -v man >/dev/null || fail "man not installed (scripts/test.sh installs man-db)"
warn=$(MANWIDTH=80 man -l --warnings "$PAGE" 2>&1 >/dev/null)
[ -z "$warn" ] || fail "roff warnings: $warn"
MANWIDTH=80 man -l "$PAGE" 2>/dev/null >"$WORK/page.txt"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" FILES EXAMPLES; do
	grep -q "^$s\$" "$WORK/page.txt" || fail "rendered page lacks section $s"
done
for code in 0 1 2 3 4; do
	sed -n '/^EXIT STATUS$/,/^FILES$/p' "$WORK/page.txt" | grep -qE "^       $code( |\$)" || fail "exit code $code undocumented"
done
for f in affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv; do
	sed -n '/^FILES$/,/^ENVIRONMENT$/p' "$WORK/page.txt" | grep -q "^       $f\$" || fail "file $f undocumented"
done

pass "man -l renders it with no warning: sections, exit codes 0-4, files"
