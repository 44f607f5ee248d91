"""Database roles: the application runs as a role that cannot rewrite the audit trail.

Migrations run as the owner of the tables (DATABASE_OWNER_URL in the make targets and
docker-compose). After every migration, the owner grants the runtime role (DATABASE_APP_ROLE,
the user of DATABASE_URL) what the application needs: read and write on ordinary tables, but
only INSERT and SELECT on the append-only tables: the access log, the break-glass log and
every change-history (pghistory event) table. UPDATE, DELETE and TRUNCATE are not granted
there, so no setting of `pgtrigger.ignore`, no TRUNCATE and (not being the owner) no
`ALTER TABLE ... DISABLE TRIGGER` can empty or change them.
"""

from contextlib import contextmanager
from urllib.parse import unquote

import environ
from django.apps import apps
from django.conf import settings
from django.db import connections

# Tables the runtime role may only append to and read (besides the pghistory event tables).
APPEND_ONLY_MODELS = ["core.AccessLog", "candidates.BreakGlassAccess"]


def append_only_tables() -> list[str]:
    import pghistory.models

    tables = [apps.get_model(label)._meta.db_table for label in APPEND_ONLY_MODELS]
    for model in apps.get_models():
        meta = model._meta
        if issubclass(model, pghistory.models.Event) and meta.managed and not meta.proxy:
            tables.append(meta.db_table)
    return sorted(set(tables))


def grant_runtime_role(*, using: str = "default") -> str | None:
    """Grant the runtime role its privileges; returns the role, or None when there is no
    separate runtime role (one role for everything, e.g. a developer's own server)."""
    role = settings.DATABASE_APP_ROLE
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)", [role]
        )
        current, exists = cursor.fetchone()
        if not exists or current == role:
            return None
        quoted = connection.ops.quote_name(role)
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {quoted}")
        cursor.execute(
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted}"
        )
        for table in append_only_tables():
            name = connection.ops.quote_name(table)
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {name} FROM {quoted}")
    return role


def grant_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate receiver (connected for the core app only: once per migration run)."""
    grant_runtime_role(using=using)


@contextmanager
def as_owner(connection):
    """`connection` connects as DATABASE_OWNER_URL's role for the duration (migrations, and
    in the tests the database set-up and the flush after a transactional test). Without a
    DATABASE_OWNER_URL nothing changes: one role does everything."""
    if not settings.DATABASE_OWNER_URL:
        yield
        return
    owner = environ.Env.db_url_config(settings.DATABASE_OWNER_URL)
    keys = ("USER", "PASSWORD", "HOST", "PORT")
    saved = {key: connection.settings_dict.get(key) for key in keys}
    connection.close()
    connection.settings_dict.update(
        USER=owner.get("USER", ""),
        PASSWORD=owner.get("PASSWORD", ""),
        HOST=unquote(str(owner.get("HOST", ""))),
        PORT=owner.get("PORT", ""),
    )
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)
