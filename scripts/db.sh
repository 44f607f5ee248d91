#!/usr/bin/env bash
# Provides the PostgreSQL database for `make run` and `make test`.
#
#   scripts/db.sh start   start (creating once) the database and print its DATABASE_URL
#   scripts/db.sh stop    stop the private cluster
#
# When DATABASE_URL is set, it is used as it is and nothing is started. Otherwise a private
# cluster lives under .postgres/ (git-ignored), listening only on a Unix socket inside it.
# As root, the server runs as an unprivileged user (postgres, else nobody).
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
pg_dir="$root_dir/.postgres"
data_dir="$pg_dir/data"
sock_dir="$pg_dir/run"
log_file="$pg_dir/server.log"
db_name="${BASISBAAN_DB_NAME:-basisbaan}"

die() { echo "db: $*" >&2; exit 1; }

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then latest="$dir"; fi
  done
  if [ -n "${latest:-}" ]; then echo "$latest"; return; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return
  fi
  cat >&2 <<'MSG'
db: no PostgreSQL server programs (initdb, pg_ctl) were found.
    Install PostgreSQL 15 or newer (Debian/Ubuntu: apt-get install postgresql;
    macOS: brew install postgresql) or point DATABASE_URL at a running server, e.g.
    DATABASE_URL=postgres://user:password@127.0.0.1:5432/basisbaan make run
MSG
  exit 1
}

# Runs a command as the cluster's owner: ourselves, or an unprivileged user when root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$owner" -- "$@"
  else
    "$@"
  fi
}

pick_owner() {
  if [ "$(id -u)" -ne 0 ]; then owner=$(id -un); return; fi
  if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
  if ! runuser -u "$owner" -- test -x "$root_dir"; then
    die "the server runs as '$owner', who cannot enter $root_dir.
    Clone the project under a directory others may enter (e.g. /srv or /tmp), or set DATABASE_URL."
  fi
}

url() {
  local host
  host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$sock_dir")
  echo "postgres://postgres@${host}/${db_name}"
}

start() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; return; fi
  local bindir
  bindir=$(find_bindir)
  pick_owner
  mkdir -p "$pg_dir" "$sock_dir"
  if [ "$(id -u)" -eq 0 ]; then chown "$owner" "$pg_dir" "$sock_dir"; fi
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    echo "db: creating a private PostgreSQL cluster in .postgres/ (once)" >&2
    as_owner "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
      || { cat "$pg_dir/initdb.log" >&2; die "initdb failed"; }
  fi
  if ! as_owner "$bindir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    as_owner "$bindir/pg_ctl" -D "$data_dir" -l "$log_file" -w -t 60 \
      -o "-c listen_addresses='' -k $sock_dir -c fsync=off -c full_page_writes=off" \
      start >/dev/null || { tail -20 "$log_file" >&2; die "the server did not start"; }
  fi
  local psql="$bindir/psql"
  [ -x "$psql" ] || psql=psql
  if ! "$psql" -h "$sock_dir" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
    "$psql" -h "$sock_dir" -U postgres -d postgres -qc "CREATE DATABASE \"$db_name\"" >/dev/null
  fi
  url
}

stop() {
  if [ ! -f "$data_dir/PG_VERSION" ]; then echo "db: no private cluster in .postgres/" >&2; return; fi
  local bindir
  bindir=$(find_bindir)
  pick_owner
  if as_owner "$bindir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    as_owner "$bindir/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null
    echo "db: private cluster stopped" >&2
  else
    echo "db: private cluster was not running" >&2
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
