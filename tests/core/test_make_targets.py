"""The make targets stop with the database script's own message when it fails (issue #14):
before, `VAR="$(scripts/db.sh start)" command` swallowed the failure and `make run` went on
into a Django traceback, `make test` into whatever server answered on the default socket."""

import os
import subprocess

from django.conf import settings


def test_make_stops_loudly_when_the_database_cannot_start():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DATABASE_OWNER_URL", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    }
    env["PG_BINDIR"] = "/nonexistent"  # as if PostgreSQL were not installed
    result = subprocess.run(
        ["make", "-s", "migrate"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "db: PG_BINDIR=/nonexistent holds no initdb and pg_ctl." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Operations to perform" not in result.stdout  # migrate never ran
