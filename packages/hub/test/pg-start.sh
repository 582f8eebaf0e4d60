#!/bin/sh
# Starts (or finds running) a throwaway PostgreSQL 15 cluster for the hub's tests, creates the
# test database, and prints the connection URL. Idempotent: a second run finds the cluster up.
#   packages/hub/test/pg-start.sh            # prints: export SUYUAN_TEST_PG=postgres://…
#   eval "$(packages/hub/test/pg-start.sh)"  # and sets it in this shell
# The URL is also written to /tmp/suyuan-test-pg.url (or $SUYUAN_PG_URL_FILE), where the tests
# look when SUYUAN_TEST_PG is not set. Paths are fixed, not under $TMPDIR: the test runner gives
# each run its own TMPDIR and deletes it. Exits non-zero if PostgreSQL is missing or will not start.
set -eu
BIN=${SUYUAN_PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${SUYUAN_PG_DIR:-/tmp/suyuan-test-pg}
PORT=${SUYUAN_PG_PORT:-54329}
DB=suyuan_test
URLFILE=${SUYUAN_PG_URL_FILE:-/tmp/suyuan-test-pg.url}
SOCK=/tmp

if [ ! -x "$BIN/pg_ctl" ]; then
  echo "pg-start: PostgreSQL binaries not found in $BIN (apt-get install -y postgresql)" >&2
  exit 1
fi

# As root, the cluster belongs to the postgres user (initdb refuses to run as root).
if [ "$(id -u)" = 0 ]; then
  as() { runuser -u postgres -- "$@"; }
  OWNER=postgres
else
  as() { "$@"; }
  OWNER=$(id -un)
fi

if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  chown "$OWNER" "$DIR"
  chmod 700 "$DIR"
  as "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! as "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  as "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null
fi

if ! as "$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  as "$BIN/createdb" -h "$SOCK" -p "$PORT" -U postgres "$DB"
fi

URL="postgres://postgres@127.0.0.1:$PORT/$DB"
printf '%s\n' "$URL" > "$URLFILE"
echo "export SUYUAN_TEST_PG=$URL"
