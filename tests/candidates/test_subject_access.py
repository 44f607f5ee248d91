"""Subject access (AVG art. 15, issue #15): everything held about one person, as a readable
PDF and as JSON, from the dossier and the command line; only for the person's own team; the
request logged."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from basisbaan.models import AccessLog
from coaching.models import CoachingEntry
from placements.models import Contract, ContractHours, Employer, Placement, SickReport
from tests.factories import CandidateFactory, ConversationFactory, TeamFactory

pytestmark = pytest.mark.django_db

SECTIONS = [
    "personal_data",
    "guideline",
    "prior_instruments",
    "conversations",
    "decisions",
    "placements",
    "contracts",
    "tasks",
    "absence",
    "coaching",
    "plan",
    "wellbeing",
    "documents",
    "access_log",
]


@pytest.fixture
def person(coach):
    person = CandidateFactory(coach=coach, first_name="Jannie", last_name="Doornbos")
    ConversationFactory(candidate=person, coach=coach, notes="Wil graag buiten werken.")
    placement = Placement.objects.create(
        candidate=person,
        employer=Employer.objects.create(name="Thermiek BV"),
        primary_wijk=person.home_wijk,
        start_date=date(2025, 3, 3),
    )
    contract = Contract.objects.create(
        placement=placement, kind="onbepaald", start_date=date(2025, 3, 3)
    )
    ContractHours.objects.create(contract=contract, valid_from=date(2025, 3, 3), hours_per_week=28)
    SickReport.objects.create(placement=placement, first_day=date(2026, 9, 1))
    CoachingEntry.objects.create(
        candidate=person,
        coach=coach,
        date=date(2026, 10, 5),
        minutes=45,
        kind="werk",
        note="Vertelde over thuis",
        confidential=True,
    )
    return person


def test_the_json_holds_every_section_and_the_pdf_reads_plainly(coach, client_as, person):
    client = client_as(coach)
    client.get(reverse("candidates:detail", args=[person.pk]))  # a read, to be listed
    url = reverse("candidates:subject_access", args=[person.pk])
    assert "Inzage voor Jannie Doornbos" in client.get(url).content.decode()

    response = client.get(url, {"formaat": "json"})
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert list(data["sections"]) == SECTIONS
    (personal,) = data["sections"]["personal_data"]
    assert personal["bsn"] == person.bsn and personal["last_name"] == "Doornbos"
    assert data["sections"]["conversations"][0]["notes"] == "Wil graag buiten werken."
    # Confidential notes are the person's data too.
    assert data["sections"]["coaching"][0]["note"] == "Vertelde over thuis"
    assert data["sections"]["contracts"][1]["hours_per_week"] == "28.0"
    assert data["sections"]["absence"][0]["first_day"] == "2026-09-01"
    seen = data["sections"]["access_log"]
    assert any(row["user"] == "Coby Coach" and row["action"] == "dossier bekeken" for row in seen)

    pdf = client.get(url, {"formaat": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for title in ("Persoonsgegevens", "Gesprekken", "Dienstverband", "Ziekte en herstel"):
        assert title in text
    assert "Wie uw gegevens heeft bekeken" in text and "Thermiek BV" in text

    logged = AccessLog.objects.filter(action="subject_access", subject_id=person.pk)
    assert [(e.user, e.purpose, e.detail) for e in logged.order_by("pk")] == [
        (coach, "subject_access", "JSON"),
        (coach, "subject_access", "PDF"),
    ]


def test_another_teams_person_is_refused(coach, client_as):
    outsider = CandidateFactory(team=TeamFactory())
    url = reverse("candidates:subject_access", args=[outsider.pk])
    assert client_as(coach).get(url, {"formaat": "json"}).status_code == 404
    assert not AccessLog.objects.filter(action="subject_access").exists()


def test_the_command_writes_both_files_and_logs(coach, person, tmp_path):
    call_command("subject_access", candidate=person.pk, user=coach.email, output=str(tmp_path))
    names = sorted(p.suffix for p in tmp_path.iterdir())
    assert names == [".json", ".pdf"]
    data = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert list(data["sections"]) == SECTIONS
    assert AccessLog.objects.filter(action="subject_access", user=coach).count() == 1
