"""Browser test: staff create a draft council letter, edit a section (autosaved), preview
it with the figures stored in the draft, recompute them after new data, finalise it and
download the PDF. axe-core on the letter pages."""

import re
from datetime import date

import pytest

from basisbaan.letters.models import CouncilLetter
from finance.models import CostParameters
from placements.models import Contract, ContractHours, Employer, Placement
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def participant(start: date) -> None:
    candidate = CandidateFactory()
    placement = Placement.objects.create(
        candidate=candidate,
        employer=Employer.objects.get_or_create(name="Thermiek BV")[0],
        primary_wijk=candidate.home_wijk,
        start_date=start,
    )
    contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=start)
    ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)


@pytest.fixture
def data(roles):
    CostParameters.objects.create(year=2026, target_participants=10)
    for _ in range(4):
        participant(date(2025, 6, 1))


def test_draft_edit_preview_finalise_download(
    page, login, axe_check, executive_staff, data, tmp_path
):
    login(executive_staff)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Raadsbrieven"
    ).click()
    axe_check(page)
    page.get_by_label("Jaar").fill("2026")
    page.get_by_label("1", exact=True).check()
    page.get_by_role("button", name="Concept maken").click()
    page.wait_for_url(re.compile(r"/raadsbrieven/\d+/$"))
    assert page.get_by_text("Het concept is gemaakt").is_visible()
    axe_check(page)
    opening = page.get_by_label("Inleiding")
    assert "Geachte leden van de raad" in opening.input_value()
    page.get_by_label("Vervolg").fill("In het tweede kwartaal starten tien nieuwe deelnemers.")
    page.locator("#status-next_steps").get_by_text("Opgeslagen om").wait_for()
    letter = CouncilLetter.objects.get()
    assert letter.sections["next_steps"] == "In het tweede kwartaal starten tien nieuwe deelnemers."

    # A section of their own, after the jobs: added, written, moved up one place.
    page.get_by_label("Titel van het onderdeel").fill("Project in Selwerd")
    page.get_by_label("Plaats het na").select_option(
        label="Kenmerken van de deelnemers en de selectie"
    )
    page.get_by_role("button", name="Onderdeel toevoegen").click()
    page.get_by_text("Het onderdeel is toegevoegd").wait_for()
    page.get_by_label("Project in Selwerd").fill("Zes deelnemers ruimen samen het park op.")
    page.locator("#status-vrij-1").get_by_text("Opgeslagen om").wait_for()
    page.get_by_role("button", name="“Project in Selwerd” omhoog").click()
    letter.refresh_from_db()
    keys = [key for key, _title, _free in letter.outline()]
    assert keys.index("vrij-1") == keys.index("jobs") + 1
    axe_check(page)

    page.get_by_role("link", name="Voorbeeld bekijken").click()
    assert page.get_by_text("In het tweede kwartaal starten tien nieuwe deelnemers.").is_visible()
    assert page.get_by_role("heading", name="Project in Selwerd").is_visible()
    assert page.get_by_text("CONCEPT — niet verspreiden").is_visible()
    assert page.get_by_role("table", name="Kerncijfers").is_visible()
    assert page.get_by_text(
        "Op 31 maart 2026 zijn 4 personen werkzaam in een basisbaan; het doel is 10."
    ).is_visible()
    axe_check(page)
    page.get_by_role("link", name="Terug naar de brief").click()

    # A participant entered late: the draft keeps the figures it was made with until
    # someone asks for them again.
    participant(date(2026, 2, 1))
    page.get_by_role("link", name="Voorbeeld bekijken").click()
    assert page.get_by_text("Op 31 maart 2026 zijn 4 personen werkzaam").is_visible()
    page.get_by_role("link", name="Terug naar de brief").click()
    page.get_by_role("button", name="Cijfers opnieuw berekenen").click()
    page.get_by_text("De cijfers zijn opnieuw berekend").wait_for()
    page.get_by_role("link", name="Voorbeeld bekijken").click()
    assert page.get_by_text(
        "Op 31 maart 2026 zijn 5 personen werkzaam in een basisbaan; het doel is 10."
    ).is_visible()
    page.get_by_role("link", name="Terug naar de brief").click()

    page.get_by_role("link", name="Definitief maken").click()
    axe_check(page)
    page.get_by_role("button", name="Ja, definitief maken").click()
    assert page.get_by_text("De brief is definitief.").is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    path = tmp_path / "brief.pdf"
    download_info.value.save_as(path)
    letter.refresh_from_db()
    assert letter.is_final and path.read_bytes() == bytes(letter.pdf)
    assert page.get_by_label("Vervolg").count() == 0  # read-only now
