"""The audit trail against the application's own database role.

The test suite runs as the runtime role (make test: the owner migrates, the runtime role runs
the tests), so these statements are exactly what a compromised application could send. The
access log, the break-glass log and the change history can be appended to and read, never
changed, emptied or switched off.
"""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from basisbaan.dbroles import append_only_tables
from basisbaan.models import AccessLog
from basisbaan.services import access_log_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.DATABASE_OWNER_URL,
        reason="one database role for everything (no DATABASE_OWNER_URL): make test sets both",
    ),
]

PROTECTED = [
    "core_accesslog",
    "candidates_breakglassaccess",
    "candidates_candidateevent",
    "core_userroleevent",
]


def refused(sql: str, params=None) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def test_the_tests_run_as_the_runtime_role_which_is_neither_owner_nor_superuser():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
            "WHERE rolname = current_user"
        )
        user, superuser, createrole, createdb = cursor.fetchone()
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'core_accesslog'")
        (owner,) = cursor.fetchone()
    assert user == settings.DATABASE_APP_ROLE
    assert not (superuser or createrole or createdb)
    assert owner != user


def test_the_protected_tables_include_every_history_table():
    tables = append_only_tables()
    assert set(PROTECTED) <= set(tables)
    assert sum(t.endswith("event") for t in tables) >= 20


@pytest.mark.parametrize("table", PROTECTED)
def test_the_runtime_role_cannot_change_or_empty_the_audit_trail(table, coach):
    access_log_record(user=coach, action="dossier_view", subject_type="candidate", subject_id=1)
    assert refused(f"UPDATE {table} SET id = id")  # noqa: S608 - table names from this module
    assert refused(f"DELETE FROM {table}")  # noqa: S608
    assert refused(f"TRUNCATE {table}")
    assert refused(f"TRUNCATE {table} CASCADE")
    assert refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert refused(f"DROP TABLE {table}")


def test_ignoring_the_triggers_does_not_help(coach):
    """pgtrigger's escape hatch is a session setting anyone can set; the privileges stand."""
    access_log_record(user=coach, action="dossier_view", subject_type="candidate", subject_id=1)
    assert refused(
        "SELECT set_config('pgtrigger.ignore', '{core_accesslog:accesslog_append_only}', true);"
        "UPDATE core_accesslog SET detail = 'weg'"
    )
    assert refused("SET session_replication_role = replica")
    assert AccessLog.objects.get().detail == ""


def test_the_runtime_role_cannot_create_or_alter_tables():
    assert refused("CREATE TABLE sneaky (id int)")
    assert refused("ALTER TABLE candidates_candidate ADD COLUMN sneaky int")
