"""Backups of the database (pg_dump's custom format, with the cluster's roles where the
connection may read them) and of the document storage, and their restore (BIO 8.13).

A backup is a directory `basisbaan-<timestamp>/` holding:
- `database.dump`: pg_dump -Fc of the whole database (schema, data, grants);
- `roles.sql`: pg_dumpall --roles-only (no passwords), when the connection is a superuser,
  to run before a restore on a new cluster;
- `documents.tar.gz`: the document files, when they are on local disk (an S3-compatible
  store keeps its own versions and backups);
- `manifest.json`: when, which database, and the row count of every table, which a restore
  checks against.
"""

import json
import os
import shutil
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.db import connections

from .dbroles import as_owner, grant_runtime_role


class BackupError(Exception):
    pass


def _libpq(settings_dict: dict, *, flag: str = "--dbname") -> tuple[list[str], dict]:
    """Command-line arguments and environment for the PostgreSQL programs (pg_dumpall names
    its database with --database)."""
    args = [flag, settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    # The PostgreSQL programs by name, with connection settings from Django's settings.
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result


def table_counts(using: str = "default") -> dict[str, int]:
    """The number of rows of every table of the public schema, by name."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            quoted = connections[using].ops.quote_name(table)  # a name from pg_tables
            cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def documents_dir() -> Path | None:
    """Where the documents are on local disk (None for another storage backend)."""
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["documents"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def backup(*, output_dir: Path, using: str = "default") -> Path:
    """A backup of the database and the documents in a new directory under `output_dir`."""
    target = Path(output_dir) / f"basisbaan-{datetime.now():%Y%m%d-%H%M%S}"
    target.mkdir(parents=True, exist_ok=False)
    connection = connections[using]
    with as_owner(connection):
        connection.ensure_connection()
        args, env = _libpq(connection.settings_dict)
        counts = table_counts(using)
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
        _run(["pg_dump", "--format=custom", "--file", str(target / "database.dump"), *args], env)
        roles = False
        if superuser:
            all_args, _env = _libpq(connection.settings_dict, flag="--database")
            result = _run(["pg_dumpall", "--roles-only", "--no-role-passwords", *all_args], env)
            (target / "roles.sql").write_text(result.stdout)
            roles = True
        database = connection.settings_dict["NAME"]
    documents = documents_dir()
    if documents is not None and documents.exists():
        with tarfile.open(target / "documents.tar.gz", "w:gz") as archive:
            archive.add(documents, arcname="documents")
    manifest = {
        "created_at": datetime.now().isoformat(timespec="seconds"),
        "database": database,
        "roles": roles,
        "documents": documents is not None and documents.exists(),
        "tables": counts,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return target


def restore(*, backup_dir: Path, using: str = "default", documents: bool = True) -> dict:
    """Restores `backup_dir` into the database of `using`, which must be empty (a new
    database: a restore never overwrites data), and the documents; checks the row count of
    every table against the manifest. Returns the manifest."""
    backup_dir = Path(backup_dir)
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    connection = connections[using]
    with as_owner(connection):
        connection.ensure_connection()
        if table_counts(using):
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} is not empty: restore into "
                "a new, empty database."
            )
        args, env = _libpq(connection.settings_dict)
        _run(
            [
                "pg_restore",
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                *args,
                str(backup_dir / "database.dump"),
            ],
            env,
        )
        counts = table_counts(using)
        grant_runtime_role(using=using)
    if counts != manifest["tables"]:
        different = sorted(
            name
            for name in set(counts) | set(manifest["tables"])
            if counts.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(f"Restored row counts differ from the backup: {', '.join(different)}")
    archive = backup_dir / "documents.tar.gz"
    target = documents_dir()
    if documents and archive.exists() and target is not None:
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                if not member.name.startswith("documents/") or not (
                    member.isfile() or member.isdir()
                ):
                    continue
                member.name = member.name.removeprefix("documents/")
                if member.name:
                    tar.extract(member, target, filter="data")
    return manifest


def rotate(*, output_dir: Path, keep: int) -> list[Path]:
    """Removes all but the newest `keep` backups in `output_dir`; returns what went."""
    backups = sorted(Path(output_dir).glob("basisbaan-*"), reverse=True)
    removed = backups[keep:]
    for old in removed:
        shutil.rmtree(old)
    return removed
