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

# The fixture corpus is generated at build time by the `fixtures` target
# (scripts/gen-corpus.sh on tests/fixtures/crtsh.spec); tests only read it,
# so tests running in parallel never race on it.
fixture_corpus() {
	[ -s "${CERTSWEEP_FIXTURES:-}/load.sql" ] || fail "fixtures missing: build the 'fixtures' target first"
	echo "$CERTSWEEP_FIXTURES"
}

# Start the server (stopped on exit, whatever happens) and load a corpus
# into database certwatch, readable by the login role guest.
start_crtsh_db() { # CORPUS_DIR
	pg_throwaway_start
	trap 'pg_throwaway_stop' EXIT
	psql -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE certwatch" >/dev/null
	psql -qX -v ON_ERROR_STOP=1 -d certwatch -f "$SRC/queries/crtsh/schema.sql" >/dev/null
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
