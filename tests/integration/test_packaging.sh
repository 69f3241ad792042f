#!/usr/bin/env bash
# What a packager runs (#16.1, #16.2, #16.3): a plain Release configure
# without cmocka or pkg-config (simulated with CMAKE_DISABLE_FIND_PACKAGE_cmocka
# and a PKG_CONFIG_EXECUTABLE that does not exist) builds the binary without -Werror and without generating fixtures, and
# `cmake --install` into a DESTDIR installs the binary and the incident
# queries (and the man page once docs/certsweep.1 exists).
. "$SRC/tests/integration/lib.sh"
B="$WORK/build" D="$WORK/destdir"
rm -rf "$B" "$D"

# Asking for the tests without cmocka is a clear configure error.
set +e
cmake -S "$SRC" -B "$WORK/build-req" -DBUILD_TESTING=ON -DCMAKE_DISABLE_FIND_PACKAGE_cmocka=ON \
	-DCMOCKA_LIBRARY=CMOCKA_LIBRARY-NOTFOUND >"$WORK/req.log" 2>&1
rc=$?
set -e
[ $rc != 0 ] && grep -q 'cmocka was not found' "$WORK/req.log" || fail "BUILD_TESTING=ON without cmocka: rc=$rc $(tail -5 "$WORK/req.log")"
rm -rf "$WORK/build-req"
pass "BUILD_TESTING=ON requires cmocka, with a message saying so"

# Not asked for: no cmocka is fine, and nothing of the tests is configured.
cmake -S "$SRC" -B "$B" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
	-DCMAKE_DISABLE_FIND_PACKAGE_cmocka=ON -DPKG_CONFIG_EXECUTABLE=/nonexistent/pkg-config >"$WORK/cfg.log" 2>&1 ||
	fail "configure (without cmocka and pkg-config): $(tail -20 "$WORK/cfg.log")"
grep -q '^BUILD_TESTING:BOOL=OFF' "$B/CMakeCache.txt" || fail "tests enabled without cmocka"
[ ! -d "$B/tests" ] || fail "tests configured without cmocka"
grep -q '^CERTSWEEP_WERROR:BOOL=OFF' "$B/CMakeCache.txt" || fail "-Werror on by default"
! grep -q -- '-Werror' "$B/CMakeFiles/certsweep.dir/flags.make" || fail "-Werror in a plain build"
pass "plain configure: no cmocka needed, no tests, no -Werror, no pkg-config"

cmake --build "$B" -j 2 --target certsweep >"$WORK/build.log" 2>&1 || fail "build: $(tail -20 "$WORK/build.log")"
[ ! -d "$B/tests/fixtures" ] || fail "fixtures generated"
DESTDIR="$D" cmake --install "$B" >"$WORK/install.log" 2>&1 || fail "install: $(tail -20 "$WORK/install.log")"
[ -x "$D/usr/bin/certsweep" ] || fail "binary not installed: $(find "$D")"
for q in "$SRC"/queries/incidents/*.q; do
	cmp -s "$q" "$D/usr/share/certsweep/incidents/$(basename "$q")" || fail "$(basename "$q") not installed"
done
if [ -f "$SRC/docs/certsweep.1" ]; then
	[ -f "$D/usr/share/man/man1/certsweep.1" ] || fail "man page not installed"
fi
pass "cmake --install: bin/certsweep, share/certsweep/incidents/*.q"

# The installed binary names the libraries it runs with (#16.3).
"$D/usr/bin/certsweep" --version >"$WORK/version" || fail "--version"
grep -q '^certsweep [0-9]' "$WORK/version" && grep -q '^OpenSSL 3\.' "$WORK/version" &&
	grep -q '^libpq [0-9][0-9]*\.[0-9]' "$WORK/version" && grep -q '^PCRE2 10\.' "$WORK/version" ||
	fail "--version: $(cat "$WORK/version")"
"$D/usr/bin/certsweep" version | cmp -s - "$WORK/version" || fail "certsweep version differs from --version"
"$D/usr/bin/certsweep" --help | grep -q -- '--version' || fail "--version not in --help"
"$D/usr/bin/certsweep" --help | grep -q '^  version ' || fail "version command not in --help"
pass "--version and 'certsweep version' print certsweep, OpenSSL, libpq and PCRE2 versions; --help lists them"
rm -rf "$B" "$D"
