"""Project shape: the production docker-compose file and the English translation."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_has_db_migrate_and_web_in_order():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "migrate", "web"}
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
