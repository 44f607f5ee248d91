#!/usr/bin/env bash
# The scheduled backup of docker-compose's `backup` service (image postgres, so pg_dump
# matches the server), in the format `manage.py backup` writes and `manage.py restore` reads:
#
#   BACKUP_DIR/basisbaan-<timestamp>/{database.dump, roles.sql, documents.tar.gz, manifest.json}
#
#   scripts/backup.sh once      one backup now, then rotation
#   scripts/backup.sh schedule  a backup every BACKUP_INTERVAL_SECONDS (default a day)
#
# Connection from the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE);
# DOCUMENTS_DIR is the document storage on disk (skipped when absent); BACKUP_KEEP backups
# are kept (default 14).
set -euo pipefail

backup_dir="${BACKUP_DIR:?set BACKUP_DIR}"
keep="${BACKUP_KEEP:-14}"

once() {
  local target
  target="$backup_dir/basisbaan-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$target"
  # Row counts of every table, for the restore to check against.
  local counts
  counts=$(psql -XAtq -v ON_ERROR_STOP=1 <<'SQL'
SELECT coalesce(json_object_agg(tablename, n ORDER BY tablename), '{}')
FROM (
  SELECT tablename,
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I',
           tablename), false, true, '')))[1]::text::bigint AS n
  FROM pg_tables WHERE schemaname = 'public'
) AS t;
SQL
)
  pg_dump --format=custom --file "$target/database.dump"
  local roles=false
  if [ "$(psql -XAtqc 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')" = "t" ]; then
    pg_dumpall --roles-only --no-role-passwords --database "${PGDATABASE:-postgres}" \
      > "$target/roles.sql"
    roles=true
  fi
  local documents=false
  if [ -n "${DOCUMENTS_DIR:-}" ] && [ -d "$DOCUMENTS_DIR" ]; then
    tar -czf "$target/documents.tar.gz" -C "$(dirname "$DOCUMENTS_DIR")" \
      --transform "s,^$(basename "$DOCUMENTS_DIR"),documents," "$(basename "$DOCUMENTS_DIR")"
    documents=true
  fi
  printf '{"created_at": "%s", "database": "%s", "roles": %s, "documents": %s, "tables": %s}\n' \
    "$(date +%Y-%m-%dT%H:%M:%S)" "${PGDATABASE:-}" "$roles" "$documents" "$counts" \
    > "$target/manifest.json"
  echo "backup: $target"
  # Rotation: keep the newest $keep.
  ls -1d "$backup_dir"/basisbaan-* 2>/dev/null | sort -r | tail -n +"$((keep + 1))" \
    | while read -r old; do rm -rf -- "$old"; echo "backup: removed $old"; done
}

case "${1:-once}" in
  once) once ;;
  schedule)
    while true; do
      once || echo "backup: FAILED" >&2
      sleep "${BACKUP_INTERVAL_SECONDS:-86400}"
    done
    ;;
  *) echo "usage: $0 once|schedule" >&2; exit 1 ;;
esac
