#!/usr/bin/env bash
# Starts a throwaway Redis on a loopback port for the tests (CI and local runs): daemonized, no
# persistence, and prints the URL to export as COPILOT_GATEWAY_TEST_REDIS_URL. Installs Debian's
# redis-server when missing.
# Usage: scripts/test-redis.sh start [dir] [port]   |   scripts/test-redis.sh stop [dir]
set -euo pipefail
cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/cgw-test-redis}
port=${3:-56379}

case "$cmd" in
start)
  if ! command -v redis-server >/dev/null; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
  fi
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2
  for _ in $(seq 100); do
    [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] && break
    sleep 0.05
  done
  [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] || { cat "$dir/redis.log" >&2; exit 1; }
  echo "redis://127.0.0.1:$port"
  ;;
stop)
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  ;;
*)
  echo "usage: $0 start [dir] [port] | stop [dir]" >&2
  exit 2
  ;;
esac
