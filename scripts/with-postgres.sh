#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster of its own: a fresh cluster in a
# temporary folder, reached only by its Unix socket there, stopped and removed at the end
# whatever the command's outcome. The command finds it in COMPLAINTDESK_TEST_PG (a
# connection string as the superuser `postgres`, to the `postgres` database).
#
#   scripts/with-postgres.sh cargo test …
#
# PostgreSQL comes from Debian's packages (`make test` installs `postgresql` when missing);
# Debian keeps its programs off PATH, under /usr/lib/postgresql/<version>/bin. initdb
# refuses to run as root, so as root the cluster runs as the `postgres` user the package
# created.
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
    echo "没有找到 PostgreSQL（/usr/lib/postgresql/*/bin）：请安装 postgresql 软件包" >&2
    exit 1
fi
DIR=$(mktemp -d /tmp/complaintdesk-pg.XXXXXX)
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
chmod 700 "$DIR"
stop() {
    as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT

# C collation (byte order, as SQLite compares text) with UTF-8 character classes, which
# pg_trgm needs to cut Chinese text into trigrams.
as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --lc-collate=C >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
# Durability is off: the cluster lives for one test run.
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "-k $DIR \
    -c listen_addresses='' -c max_connections=200 -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$DIR/server.log" >&2; exit 1; }

export COMPLAINTDESK_TEST_PG="host=$DIR user=postgres dbname=postgres"
export COMPLAINTDESK_TEST_PG_DIR="$DIR"
export COMPLAINTDESK_TEST_PG_BIN="$PGBIN"
"$@"
