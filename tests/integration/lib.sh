# Shared by the integration tests: a real throwaway PostgreSQL with the
# crt.sh schema loaded from the generated corpus. Sourced with:
#   CERTSWEEP=path/to/certsweep  SRC=source dir  WORK=scratch dir
set -euo pipefail
. "$SRC/scripts/lib/pg.sh"
# a fresh scratch directory: audits refuse to overwrite a finished --out-dir
rm -rf "$WORK"
mkdir -p "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

# An output file as an uninterrupted run would have written it: a resumed
# audit read more than one snapshot and says so (impact.md's note, the
# snapshot count in audit.state); everything else as is.
one_snapshot() { # file
	case $1 in
	*/impact.md) sed '/^The audit did not read one snapshot/{N;d;}' "$1" ;;
	*/audit.state) sed 's/^scan \([0-9]*\) 2 /scan \1 1 /' "$1" ;;
	*) cat "$1" ;;
	esac
}

# The fixture corpus is generated at build time by the `fixtures` target
# (scripts/gen-corpus.sh on tests/fixtures/crtsh.spec); tests only read it,
# so tests running in parallel never race on it.
fixture_corpus() {
	[ -s "${CERTSWEEP_FIXTURES:-}/load.sql" ] || fail "fixtures missing: build the 'fixtures' target first"
	echo "$CERTSWEEP_FIXTURES"
}

# Start the server (stopped on exit, whatever happens) and load a corpus
# into database certwatch, readable by the login role guest. CRTSH_SCHEMA
# picks the schema: schema.sql (a mirror's) or schema-real.sql (crt.sh's
# partitions and function indexes).
start_crtsh_db() { # CORPUS_DIR
	pg_throwaway_start
	trap 'cleanup_all' EXIT
	psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
	psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$SRC/queries/crtsh/${CRTSH_SCHEMA:-schema.sql}" >/dev/null
	psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$1/load.sql" >/dev/null
	psql -qX -v ON_ERROR_STOP=1 -d certwatch >/dev/null <<'SQL'
CREATE ROLE guest LOGIN;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO guest;
SQL
	GUEST="host=$PGHOST port=$PGPORT dbname=certwatch user=guest"
}

# Expected CSV from a template: {pre:KEY} / {fin:KEY} become the hashes in certs.tsv.
expand_expected() { # TEMPLATE CORPUS_DIR
	local sed_args=() id ca key kind sha
	while IFS=$'\t' read -r id ca key kind sha; do
		case $kind in
		precert) sed_args+=(-e "s/{pre:$key}/$sha/g") ;;
		final) sed_args+=(-e "s/{fin:$key}/$sha/g") ;;
		esac
	done <"$2/certs.tsv"
	sed "${sed_args[@]}" "$1" | sed 's/$/\r/'
}

# Compare CSVs cell by cell, naming the first differing line and cell.
assert_csv_equal() { # EXPECTED ACTUAL
	if ! cmp -s "$1" "$2"; then
		echo "--- expected vs actual (cells differ):" >&2
		diff <(tr -d '\r' <"$1") <(tr -d '\r' <"$2") >&2 || true
		fail "CSV differs: $2"
	fi
}

# Everything a test started, stopped in reverse order on exit.
CLEANUPS=()
cleanup_all() {
	local i
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
	pg_throwaway_stop
}

# A hot standby of the throwaway server (pg_basebackup -R), on its own socket
# directory and port; extra server settings as arguments. Sets STANDBY_PORT
# and STANDBY_HOST.
start_standby() { # [-c name=value ...]
	local dir=$PGTMP/standby port try
	# initdb -A trust already allows local replication; wal_level is replica by default.
	mkdir -p "$dir/sock"
	[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
	pg_as_owner "$PG_BINDIR/pg_basebackup" -h "$PGHOST" -p "$PGPORT" -U postgres -D "$dir/data" -R -X stream -c fast \
		>"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; return 1; }
	for try in 1 2 3 4 5 6 7 8; do
		port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if pg_as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-c listen_addresses='' -c unix_socket_directories='$dir/sock' -p $port -c hot_standby=on $*" \
			start >/dev/null 2>&1; then
			STANDBY_PORT=$port STANDBY_HOST=$dir/sock
			CLEANUPS+=("pg_as_owner '$PG_BINDIR/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null 2>&1")
			return 0
		fi
	done
	cat "$dir/server.log" >&2
	return 1
}

# PgBouncer (Debian's package) in front of the throwaway server, on a
# private socket directory and port. Sets BOUNCER_HOST and BOUNCER_PORT.
start_pgbouncer() { # POOL_MODE POOL_SIZE [extra "key = value" lines]
	BOUNCERS=$((${BOUNCERS:-0} + 1))
	local dir=$PGTMP/bouncer-$BOUNCERS port try
	command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || return 1
	local bin; bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
	mkdir -p "$dir"
	printf '"guest" ""\n"postgres" ""\n' >"$dir/users.txt"
	[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
	for try in 1 2 3 4 5 6 7 8; do
		port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		cat >"$dir/pgbouncer.ini" <<INI
[databases]
certwatch = host=$PGHOST port=$PGPORT dbname=certwatch
[pgbouncer]
listen_addr =
listen_port = $port
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/users.txt
pool_mode = $1
default_pool_size = $2
max_client_conn = 20
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
${3:-}
INI
		[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/pgbouncer.ini"
		if pg_as_owner "$bin" -d -q "$dir/pgbouncer.ini" 2>>"$dir/start.log"; then
			for _ in $(seq 50); do [ -S "$dir/.s.PGSQL.$port" ] && break; sleep 0.1; done
			BOUNCER_HOST=$dir BOUNCER_PORT=$port
			CLEANUPS+=("kill \$(cat '$dir/pgbouncer.pid') 2>/dev/null")
			return 0
		fi
	done
	cat "$dir/start.log" "$dir/pgbouncer.log" >&2 2>/dev/null
	return 1
}
