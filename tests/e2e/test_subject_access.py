"""Browser test: a coach answers a subject access request from the dossier (issue #15):
the page explains what the overview holds, both files download; axe-core on the page."""

import json
from pathlib import Path

import pytest

from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_downloads_the_subject_access_files(page, login, axe_check, coach):
    person = CandidateFactory(coach=coach, first_name="Jannie", last_name="Doornbos")
    login(coach)
    page.goto(f"/kandidaten/{person.pk}/")
    page.get_by_role("link", name="Inzageverzoek: alle gegevens voor de persoon zelf").click()
    page.get_by_role("heading", name="Inzage voor Jannie Doornbos").wait_for()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Gegevens als JSON (voor een ander systeem)").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["sections"]["personal_data"][0]["last_name"] == "Doornbos"
    with page.expect_download() as download:
        page.get_by_role("link", name="Overzicht als PDF (leesbaar)").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
