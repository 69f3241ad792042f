# Throwaway PostgreSQL cluster helpers, sourced by tests, the demo and the bench.
# The server runs as the `postgres` user (when we are root), listens only on a
# private socket directory and a private port, lives under a temp dir, and is
# stopped by pg_throwaway_stop (call it from an EXIT trap).

pg_bindir() {
	local d
	for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

pg_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_throwaway_start: sets PGTMP, PGHOST (socket dir), PGPORT, PGUSER, PGDATABASE.
pg_throwaway_start() {
	local bindir try
	bindir=$(pg_bindir) || { echo "pg.sh: PostgreSQL server binaries not found" >&2; return 1; }
	PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/certsweep-pg.XXXXXX")
	chmod 755 "$PGTMP"
	mkdir -p "$PGTMP/data" "$PGTMP/sock"
	[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PGTMP"
	pg_as_owner "$bindir/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
		--no-sync >"$PGTMP/initdb.log" 2>&1 || { cat "$PGTMP/initdb.log" >&2; rm -rf "$PGTMP"; return 1; }
	for try in 1 2 3 4 5 6 7 8; do
		PGPORT=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		PG_OPTS="-c listen_addresses='' -c unix_socket_directories='$PGTMP/sock' -p $PGPORT -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
		if pg_as_owner "$bindir/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 -o "$PG_OPTS" \
			start >/dev/null 2>&1; then
			export PGHOST="$PGTMP/sock" PGPORT PGUSER=postgres PGDATABASE=postgres PGTMP
			PG_BINDIR=$bindir
			return 0
		fi
	done
	cat "$PGTMP/server.log" >&2 2>/dev/null
	rm -rf "$PGTMP"
	PGTMP=
	return 1
}

# Start the throwaway server again after a test stopped it (same socket and port).
pg_throwaway_start_again() {
	pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 -o "$PG_OPTS" start >/dev/null 2>&1
}

pg_throwaway_stop() {
	[ -n "${PGTMP:-}" ] && [ -d "$PGTMP/data" ] || return 0
	pg_as_owner "${PG_BINDIR:-$(pg_bindir)}/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$PGTMP"
	PGTMP=
}
