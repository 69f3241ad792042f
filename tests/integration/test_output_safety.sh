#!/usr/bin/env bash
# Outputs are created, never opened (#14 items 1, 2, 8): symlinks planted
# where certsweep writes are neither followed nor published; files are 0600
# in a 0700 directory unless --mode; a finished directory is refused
# without --force.
. "$SRC/tests/integration/lib.sh"
C=$(fixture_corpus)
ARGS=(--files "$C/der" --lint 'e_*' --now 2026-06-01 --no-progress)
umask 022

echo precious >"$WORK/victim"
# Planted links at the partial names, and at the names of the state files.
D=$WORK/planted
mkdir -p "$D"
for n in affected.csv.partial findings.jsonl.partial unparseable.csv.partial impact.md.partial \
	crtsh-links.txt.partial report.html.partial; do
	ln -s "$WORK/victim" "$D/$n"
done
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>"$WORK/err" || fail "audit with planted links: $(cat "$WORK/err")"
[ "$(cat "$WORK/victim")" = precious ] || fail "a planted symlink was written through"
for f in affected.csv crtsh-links.txt impact.md report.html findings.jsonl unparseable.csv audit.state; do
	[ -f "$D/$f" ] && [ ! -L "$D/$f" ] || fail "$f is not a regular file of its own"
done
! ls "$D"/*.partial >/dev/null 2>&1 || fail "planted partials left behind"
pass "symlinks planted at *.partial are replaced, never written through or published"

# A link planted at audit.state makes the directory look finished, one at
# audit.state.partial interrupted: refused; --force removes the links
# themselves, not their target.
D=$WORK/planted-state
mkdir -p "$D"
ln -s "$WORK/victim" "$D/audit.state"
ln -s "$WORK/victim" "$D/audit.state.partial"
set +e
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'finished audit; give --force' "$WORK/err" || fail "link at audit.state: rc=$rc $(cat "$WORK/err")"
"$CERTSWEEP" audit "${ARGS[@]}" --force --out-dir "$D" 2>/dev/null || fail "--force over a planted audit.state"
[ "$(cat "$WORK/victim")" = precious ] && [ -f "$D/audit.state" ] && [ ! -L "$D/audit.state" ] ||
	fail "audit.state link followed"
# The output directory itself a symlink: refused.
ln -s "$WORK/planted" "$WORK/dirlink"
set +e
"$CERTSWEEP" audit "${ARGS[@]}" --force --out-dir "$WORK/dirlink" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 3 ] && grep -q 'symbolic link' "$WORK/err" || fail "symlinked --out-dir: rc=$rc $(cat "$WORK/err")"
pass "a link at audit.state or as --out-dir is refused; --force removes the link, not its target"

# Permissions: 0700 / 0600 whatever the umask; --mode 0640 gives 0750 / 0640.
D=$WORK/private
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$D" 2>/dev/null || fail "private audit"
[ "$(stat -c %a "$D")" = 700 ] || fail "output directory is $(stat -c %a "$D")"
for f in "$D"/*; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f is $(stat -c %a "$f")"
done
D=$WORK/shared
"$CERTSWEEP" audit "${ARGS[@]}" --mode 0640 --out-dir "$D" 2>/dev/null || fail "--mode 0640 audit"
[ "$(stat -c %a "$D")" = 750 ] || fail "--mode 0640: directory is $(stat -c %a "$D")"
for f in "$D"/*; do
	[ "$(stat -c %a "$f")" = 640 ] || fail "--mode 0640: $f is $(stat -c %a "$f")"
done
set +e
"$CERTSWEEP" audit "${ARGS[@]}" --mode 0044 --out-dir "$WORK/badmode" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'certsweep audit --help' "$WORK/err" || fail "--mode 0044: rc=$rc"
pass "outputs are 0600 in a 0700 directory; --mode 0640 gives 0640 in 0750"

# A finished directory is not silently overwritten.
D=$WORK/private
cp "$D/affected.csv" "$WORK/before.csv"
set +e
"$CERTSWEEP" audit --files "$C/der" --lint 'e_ev_*' --now 2026-06-01 --out-dir "$D" 2>"$WORK/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'holds a finished audit' "$WORK/err" || fail "rerun over a finished directory: rc=$rc"
cmp "$WORK/before.csv" "$D/affected.csv" || fail "the finished audit was touched"
"$CERTSWEEP" audit --files "$C/der" --lint 'e_ev_*' --now 2026-06-01 --force --out-dir "$D" 2>/dev/null || fail "--force"
! cmp -s "$WORK/before.csv" "$D/affected.csv" || fail "--force did not replace the audit"
pass "a finished --out-dir is refused (exit 2) unless --force"
