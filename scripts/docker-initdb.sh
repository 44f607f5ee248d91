#!/usr/bin/env bash
# Runs once, when the docker-compose database volume is created (postgres image's
# /docker-entrypoint-initdb.d). Makes the two roles of basisbaan.dbroles:
#   basisbaan_owner  owns the tables; only the one-off `migrate` service connects as it
#   basisbaan_app    what the web application connects as: not owner, not superuser
# The image's own superuser (POSTGRES_USER) is used by nothing else.
set -euo pipefail
: "${DB_OWNER_PASSWORD:?set DB_OWNER_PASSWORD}"
: "${DB_APP_PASSWORD:?set DB_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DB_OWNER_PASSWORD" -v app_password="$DB_APP_PASSWORD" <<'SQL'
CREATE ROLE basisbaan_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'owner_password';
CREATE ROLE basisbaan_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'app_password';
SELECT format('ALTER DATABASE %I OWNER TO basisbaan_owner', current_database()) \gexec
ALTER SCHEMA public OWNER TO basisbaan_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
