#!/usr/bin/env bash
# Runs a command (a benchmark) beside a PostgreSQL cluster kept for benchmarks: created
# once in COMPLAINTDESK_BENCH_PG_DIR (default /var/tmp/complaintdesk-bench-pg), so the
# million-complaint database moved onto it is kept between runs; started for the command
# and stopped after it. Unlike the tests' throwaway cluster it keeps PostgreSQL's durable
# defaults (fsync, synchronous_commit, full_page_writes): a commit waits for the disk, as
# on a center's server. The desks reach it over TCP on the loopback interface; the
# command finds it in COMPLAINTDESK_BENCH_PG (`host=127.0.0.1 port=…`).
#
#   scripts/bench-postgres.sh cargo bench -p complaint-core --bench desk
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
    echo "没有找到 PostgreSQL（/usr/lib/postgresql/*/bin）：请安装 postgresql 软件包" >&2
    exit 1
fi
DIR=${COMPLAINTDESK_BENCH_PG_DIR:-/var/tmp/complaintdesk-bench-pg}
PORT=${COMPLAINTDESK_BENCH_PG_PORT:-54329}
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ ! -d "$DIR/data" ]; then
    mkdir -p "$DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
    chmod 700 "$DIR"
    # Trust on the loopback interface only: the cluster is this machine's benchmark.
    as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 --lc-collate=C >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
fi
stop() {
    as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
}
trap stop EXIT
# A server's usual memory for a center's database (a quarter of a small server's RAM);
# COMPLAINTDESK_BENCH_PG_OPTS adds settings (`-c shared_preload_libraries=pg_stat_statements`
# to see which statements take the time).
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 120 -o "-k $DIR \
    -c listen_addresses=127.0.0.1 -p $PORT -c shared_buffers=1GB \
    -c effective_cache_size=4GB -c maintenance_work_mem=512MB -c max_wal_size=4GB \
    ${COMPLAINTDESK_BENCH_PG_OPTS:-}" \
    start >/dev/null || { tail -20 "$DIR/server.log" >&2; exit 1; }

export COMPLAINTDESK_BENCH_PG="host=127.0.0.1 port=$PORT"
"$@"
