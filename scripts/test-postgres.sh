#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a loopback port for the tests (CI and local runs) and
# prints the URL to export as COPILOT_GATEWAY_TEST_DATABASE_URL. Installs Debian's postgresql when
# missing. Runs the server as the `postgres` user when started as root (initdb refuses root).
# Usage: scripts/test-postgres.sh start [dir] [port]   |   scripts/test-postgres.sh stop [dir]
set -euo pipefail
cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/cgw-test-pg}
port=${3:-55432}

bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && bin=$d; done
if [ -z "$bin" ] && [ "$cmd" = start ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && bin=$d; done
fi
[ -n "$bin" ] || { echo "no PostgreSQL server binaries found" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U gateway --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  fi
  echo "postgres://gateway@127.0.0.1:$port/postgres"
  ;;
stop)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  ;;
*)
  echo "usage: $0 start|stop [dir] [port]" >&2
  exit 2
  ;;
esac
