"""Browser test: a policy admin moves a team in from its own spreadsheet: upload, map a
header and a value the team spells its own way, dry run, confirm. axe-core on each step."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from basisbaan.models import Wijk
from candidates.models import Candidate, IntakeConversation
from tests.factories import default_team, valid_bsn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workbook(coach_email: str) -> bytes:
    book = Workbook()
    people = book.active
    people.title = "Kandidaten"
    people.append(["Burgerservicenummer", "Voornaam", "Achternaam", "Geboortedatum", "Geslacht",
                   "Huishouden", "Woonwijk", "Team", "In de bijstand sinds", "Aangemeld via",
                   "Aangemeld op", "Fysieke belastbaarheid"])  # fmt: skip
    for n, (first, wijk) in enumerate([("Anna", "Centrum"), ("Bram", "Centrum-Oost")]):
        people.append([valid_bsn(700 + n), first, "Proef", date(1980, 3, 1), "vrouw",
                       "alleenstaand", wijk, "Testteam", "01-01-2020", "klantmanager",
                       "10-01-2026", "licht"])  # fmt: skip
    talks = book.create_sheet("Intakegesprekken")
    talks.append(["BSN", "Datum", "Coach (e-mail)", "Duur (minuten)", "Soort gesprek"])
    talks.append([valid_bsn(700), "15-01-2026", coach_email, 60, "kennismaking"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_upload_map_check_and_confirm(page, login, axe_check, policy_admin, coach):
    Wijk.objects.create(name="Centrum")
    default_team()
    login(policy_admin)
    page.get_by_role("link", name="Inlezen").click()
    axe_check(page)
    page.get_by_label("Werkmap").set_input_files(
        files=[
            {
                "name": "team-noord.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": _workbook(coach.email),
            }
        ]
    )
    page.get_by_role("button", name="Werkmap inlezen").click()

    # The team calls the BSN column differently: mapped once.
    page.get_by_label("Kolom ‘Burgerservicenummer’ in blad ‘Kandidaten’ is").select_option("bsn")
    axe_check(page)
    page.get_by_role("button", name="Indeling opslaan").click()
    assert page.get_by_text("De indeling is onthouden").is_visible()

    # Dry run: the unknown wijk is reported at its sheet, row and column; nothing saved.
    page.get_by_role("button", name="Controleren").click()
    errors = page.get_by_role("table", name="Fouten per blad, rij en kolom")
    assert "Onbekende wijk ‘Centrum-Oost’" in errors.inner_text()
    assert "Woonwijk" in errors.inner_text()
    assert not Candidate.objects.exists()
    axe_check(page)

    page.get_by_label("‘Centrum-Oost’ betekent").select_option("Centrum")
    page.get_by_role("button", name="Waarden opslaan en opnieuw controleren").click()
    assert page.get_by_text("De werkmap is in orde").is_visible()
    summary = page.get_by_role("table", name="Wat het inlezen zou doen (regels zonder fouten)")
    assert "Kandidaten" in summary.inner_text()
    assert not Candidate.objects.exists()

    page.get_by_role("button", name="Inlezen: alles opslaan").click()
    assert page.get_by_text("De werkmap is ingelezen.").first.is_visible()
    axe_check(page)
    assert sorted(Candidate.objects.values_list("first_name", flat=True)) == ["Anna", "Bram"]
    assert IntakeConversation.objects.get().coach == coach
