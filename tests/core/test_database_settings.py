"""The application's database connections: JIT off, persistent with health checks."""

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def test_jit_is_off_for_the_applications_connections():
    """PostgreSQL's JIT spent 0.79 s of a 0.83 s figure query compiling (issue #11)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_connections_are_kept_and_checked():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_an_empty_database_url_stops_with_a_message():
    """When the database script fails, make passes an empty DATABASE_URL: the settings refuse
    it instead of connecting to whatever server libpq finds by default (a CI run once did
    that and skipped the database-role tests)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": "", "DJANGO_SETTINGS_MODULE": "basisbaan.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "DATABASE_URL is empty" in result.stderr
