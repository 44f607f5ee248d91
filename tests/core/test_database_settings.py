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
