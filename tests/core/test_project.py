"""Project shape: the production docker-compose file and the English translation."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_has_db_migrate_and_web_in_order():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "migrate", "web", "reminders", "backup", "retention"}
    # Only the migration and the retention job connect as the owner of the tables.
    owners = {name for name, svc in services.items() if "DATABASE_OWNER_URL" in str(svc)}
    assert owners == {"migrate", "retention"}
    db = services["db"]
    assert db["image"].startswith("postgres")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["web"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    env = services["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "basisbaan.settings.production"
    for key in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert "${" in env[key], key  # from the environment, never a value in the file
    assert "gunicorn" in (ROOT / "Dockerfile").read_text()
    # The daily work-list reminders: tried hourly after the migration, as the web app.
    reminders = services["reminders"]
    assert "manage.py send_work_digests" in " ".join(reminders["command"])
    assert reminders["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert reminders["environment"]["DATABASE_URL"] == env["DATABASE_URL"]


def test_docker_compose_runs_the_application_as_the_runtime_role():
    """Issue #10: the application connected as the image's superuser. Now the web service
    connects as basisbaan_app; only the one-off migration knows the owner's password."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    web, migrate, db = (
        services["web"]["environment"],
        services["migrate"]["environment"],
        services["db"],
    )
    assert web["DATABASE_URL"].startswith("postgres://basisbaan_app:")
    assert "DATABASE_OWNER_URL" not in web
    assert migrate["DATABASE_URL"] == web["DATABASE_URL"]
    assert migrate["DATABASE_OWNER_URL"].startswith("postgres://basisbaan_owner:")
    init = [v for v in db["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert init and (ROOT / init[0].split(":")[0]).exists()
    script = (ROOT / "scripts/docker-initdb.sh").read_text()
    assert "basisbaan_app LOGIN NOSUPERUSER" in script and "basisbaan_owner" in script


def parse_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) per entry; plural entries report their first form."""
    entries, msgid, msgstr, fuzzy, current = [], None, None, False, None
    for raw in path.read_text().splitlines() + [""]:
        line = raw.strip()
        if not line:
            if msgid is not None:
                entries.append((msgid, msgstr or "", fuzzy))
            msgid, msgstr, fuzzy, current = None, None, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, current = line[7:-1], "id"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr, current = line.split(" ", 1)[1][1:-1], "str"
        elif line.startswith('"') and current == "id":
            msgid += line[1:-1]
        elif line.startswith('"') and current == "str" and msgstr is not None:
            msgstr += line[1:-1]
        elif line.startswith(("msgid_plural", "msgstr[")):
            current = None
    return entries


def test_english_translation_is_complete():
    entries = parse_po(ROOT / "locale/en/LC_MESSAGES/django.po")
    assert len(entries) > 50
    missing = [msgid for msgid, msgstr, fuzzy in entries if msgid and (not msgstr or fuzzy)]
    assert missing == []


def test_every_ui_string_is_in_the_translation_file():
    """makemessages would add nothing: every marked string has an entry."""
    import re

    po_ids = {
        msgid for msgid, _msgstr, _fuzzy in parse_po(ROOT / "locale/en/LC_MESSAGES/django.po")
    }
    pattern = re.compile(r'{% translate "([^"]+)"')
    missing = set()
    for template in (ROOT / "templates").rglob("*.html"):
        missing |= {m for m in pattern.findall(template.read_text()) if m not in po_ids}
    assert missing == set()


def test_docker_image_leaves_out_secrets_and_local_state():
    """`COPY . .` must not put the .env file, the private database, the git history or
    local installs into the image."""
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for path in (".env", ".postgres", ".git", ".venv", "node_modules", "media"):
        assert path in ignored, path
    assert "!.env.example" in ignored


def test_lock_files_pin_every_package_with_hashes_and_installs_require_them():
    for name in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / name).read_text()
        pins = [line for line in text.splitlines() if line[:1].isalpha()]
        assert pins, name
        for pin in pins:
            assert "==" in pin and pin.endswith("\\"), pin  # a hash line follows each pin
        assert text.count("--hash=sha256:") >= len(pins)
    assert "--require-hashes -r requirements-dev.lock" in (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in (ROOT / "Dockerfile").read_text()


def test_charts_are_drawn_once_for_the_same_data(monkeypatch):
    """Charts are cached by their data (issue #11): the same data is not drawn twice, other
    data is."""
    from django.core.cache import cache

    from basisbaan import charts

    cache.clear()
    drawn = []
    original = charts._svg

    def counting(fig):
        drawn.append(1)
        return original(fig)

    monkeypatch.setattr(charts, "_svg", counting)
    first = charts.bar_chart(labels=["a", "b"], values=[1.0, 2.0], ylabel="euro")
    again = charts.bar_chart(labels=["a", "b"], values=[1.0, 2.0], ylabel="euro")
    other = charts.bar_chart(labels=["a", "b"], values=[1.0, 3.0], ylabel="euro")
    assert first == again and first != other
    assert len(drawn) == 2


def test_no_template_has_inline_styles_or_scripts():
    """The CSP allows no inline style or script (issue #14: the console stays empty); the
    printed pages load their stylesheet with a nonce, nothing else is inline."""
    import re

    inline = re.compile(
        r'\sstyle="|\son[a-z]+="|<script(?![^>]*\ssrc=)[^>]*>|<style(?![^>]*nonce)', re.I
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if inline.search(line)
    ]
    assert offenders == []


def test_docker_compose_backs_up_the_database_and_the_documents():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    backup = compose["services"]["backup"]
    # The database image itself: its pg_dump is the server's version.
    assert backup["image"] == compose["services"]["db"]["image"]
    assert backup["command"][-1] == "schedule"
    assert any(v.startswith("documents:") for v in backup["volumes"])
    assert any(v.startswith("documents:/app/media") for v in compose["services"]["web"]["volumes"])
    assert "backups" in compose["volumes"] and "documents" in compose["volumes"]
