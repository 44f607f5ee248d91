#!/usr/bin/env bash
# Provides the PostgreSQL database for `make run` and `make test`.
#
#   scripts/db.sh start       start (creating once) the database; print the application's URL
#   scripts/db.sh owner-url   the same, but print the URL of the owner role (migrations)
#   scripts/db.sh stop        stop the private cluster
#   scripts/db.sh dir         print where the private cluster lives
#
# When DATABASE_URL is set, it is used as it is and nothing is started (owner-url then prints
# DATABASE_OWNER_URL, or DATABASE_URL when that is not set). Otherwise a private cluster lives
# under .postgres/ (git-ignored), listening only on a Unix socket inside it. As root, the
# server runs as an unprivileged user (postgres, else nobody); when that user cannot enter
# the clone, the cluster lives under /var/tmp instead. PG_BINDIR chooses the server programs.
#
# Two roles, as in production: basisbaan_owner owns the tables and runs the migrations;
# basisbaan_app is what the application (and the test suite) connects as. It is neither owner
# nor superuser, and may only INSERT and SELECT on the access log and the change history.
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
pg_dir="$root_dir/.postgres"
db_name="${BASISBAAN_DB_NAME:-basisbaan}"

die() { echo "db: $*" >&2; exit 1; }

# Where the cluster lives: .postgres/ in the clone; but when root runs the server as an
# unprivileged user who cannot enter the clone (a clone under a closed home directory), a
# directory of its own under /var/tmp, one per clone.
set_dirs() {
  if [ "$(id -u)" -eq 0 ] && ! (cd / && runuser -u "$owner" -- test -x "$root_dir"); then
    pg_dir="/var/tmp/basisbaan-pg-$(printf '%s' "$root_dir" | md5sum | cut -c1-12)"
  fi
  data_dir="$pg_dir/data"
  sock_dir="$pg_dir/run"
  log_file="$pg_dir/server.log"
}

find_bindir() {
  local dir
  if [ -n "${PG_BINDIR:-}" ]; then
    if [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then echo "$PG_BINDIR"; return; fi
    die "PG_BINDIR=$PG_BINDIR holds no initdb and pg_ctl."
  fi
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
    (cd / && runuser -u "$owner" -- "$@")
  else
    "$@"
  fi
}

pick_owner() {
  if [ "$(id -u)" -ne 0 ]; then owner=$(id -un); set_dirs; return; fi
  if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
  set_dirs
  if [ "$pg_dir" != "$root_dir/.postgres" ]; then
    echo "db: '$owner' cannot enter $root_dir; the private cluster lives in $pg_dir" >&2
  fi
}

OWNER_ROLE=basisbaan_owner
APP_ROLE=basisbaan_app

url() {
  local host role="${1:-$APP_ROLE}"
  host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$sock_dir")
  echo "postgres://${role}@${host}/${db_name}"
}

start() {
  local role="${1:-$APP_ROLE}"
  if [ -n "${DATABASE_URL:-}" ]; then
    if [ "$role" = "$OWNER_ROLE" ]; then echo "${DATABASE_OWNER_URL:-$DATABASE_URL}"; else echo "$DATABASE_URL"; fi
    return
  fi
  local bindir
  bindir=$(find_bindir)
  pick_owner
  mkdir -p "$pg_dir" "$sock_dir"
  if [ "$(id -u)" -eq 0 ]; then chown "$owner" "$pg_dir" "$sock_dir"; chmod 700 "$pg_dir"; fi
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    echo "db: creating a private PostgreSQL cluster in $pg_dir (once)" >&2
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
  # The owner may create databases (the test suite makes its own); the runtime role may not.
  "$psql" -h "$sock_dir" -U postgres -d postgres -qX >/dev/null <<SQL
SELECT 'CREATE ROLE $OWNER_ROLE LOGIN CREATEDB NOSUPERUSER'
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$OWNER_ROLE') \\gexec
SELECT 'CREATE ROLE $APP_ROLE LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE'
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP_ROLE') \\gexec
SQL
  if ! "$psql" -h "$sock_dir" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
    "$psql" -h "$sock_dir" -U postgres -d postgres -qc \
      "CREATE DATABASE \"$db_name\" OWNER $OWNER_ROLE" >/dev/null
  fi
  # An older cluster made everything as postgres: hand the database, its schema, tables,
  # sequences and trigger functions to the owner (nothing to do on a new cluster).
  "$psql" -h "$sock_dir" -U postgres -d "$db_name" -qX >/dev/null <<'SQL'
ALTER SCHEMA public OWNER TO basisbaan_owner;
DO $do$
DECLARE item record;
BEGIN
  FOR item IN SELECT c.relname, c.relkind FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        AND pg_get_userbyid(c.relowner) = 'postgres' LOOP
    EXECUTE format('ALTER %s public.%I OWNER TO basisbaan_owner',
      CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
        WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, item.relname);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = 'postgres' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO basisbaan_owner', item.signature);
  END LOOP;
END
$do$;
SQL
  "$psql" -h "$sock_dir" -U postgres -d postgres -qc \
    "ALTER DATABASE \"$db_name\" OWNER TO $OWNER_ROLE" >/dev/null
  url "$role"
}

stop() {
  pick_owner
  if [ ! -f "$data_dir/PG_VERSION" ]; then echo "db: no private cluster in $pg_dir" >&2; return; fi
  local bindir
  bindir=$(find_bindir)
  if as_owner "$bindir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    as_owner "$bindir/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null
    echo "db: private cluster stopped" >&2
  else
    echo "db: private cluster was not running" >&2
  fi
}

case "${1:-start}" in
  start) start "$APP_ROLE" ;;
  owner-url) start "$OWNER_ROLE" ;;
  stop) stop ;;
  dir) pick_owner; echo "$pg_dir" ;;
  *) die "usage: $0 start|owner-url|stop|dir" ;;
esac
