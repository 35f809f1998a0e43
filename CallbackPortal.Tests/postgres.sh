#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the scale-out tests and benchmarks, on loopback only, and prints its
# connection string (without a database name) as the last line. Installs Debian's postgresql when no server
# binaries are found. Idempotent: a cluster already running on the port is reused.
#   CALLBACKPORTAL_PG_PORT (default 55432), CALLBACKPORTAL_PG_DIR (default /tmp/callbackportal-pg)
set -euo pipefail
port="${CALLBACKPORTAL_PG_PORT:-55432}"
dir="${CALLBACKPORTAL_PG_DIR:-/tmp/callbackportal-pg}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

find_bin() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; fi
}

bin="$(find_bin)"
if [ -z "$bin" ]; then
  echo "Installing Debian's postgresql for the scale-out tests..." >&2
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin="$(find_bin)"
fi
[ -n "$bin" ] || { echo "No PostgreSQL server binaries after installing postgresql." >&2; exit 1; }

# The server refuses to run as root: the cluster belongs to the postgres user (created by the package).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! as_pg "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir"
    mkdir -p "$dir/data" "$dir/socket"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
    # Trust on loopback: a throwaway cluster for tests, reachable from this machine only.
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" \
    start >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres"
