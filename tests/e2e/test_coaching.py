"""Browser test of coaching: a coach fills in a week grid (one invalid cell first, corrected
without retyping the rest) and sees the hours on the participant's dossier. axe-core on the
new pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.models import ExclusionReason  # noqa: F401  (app registry is loaded)
from coaching.models import CoachingEntry, GuidanceParty
from placements.models import Contract, ContractHours, Employer, Placement
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def participants(roles, coach):
    from coaching.models import WellbeingDomain

    # A transactional test empties the tables the migrations filled: seed what is needed.
    for position, name in enumerate(["Financiën", "Schulden", "Huisvesting"], start=1):
        WellbeingDomain.objects.get_or_create(name=name, defaults={"position": position})
    today = timezone.localdate()
    start = today - timedelta(days=120)
    employer = Employer.objects.create(name="Thermiek BV")
    people = []
    for first, last in [("Anna", "Aalders"), ("Bert", "Bos")]:
        candidate = CandidateFactory(first_name=first, last_name=last, coach=coach)
        ConversationFactory(candidate=candidate, coach=coach, date=start - timedelta(days=30))
        DecisionFactory(
            candidate=candidate, decided_by=coach, decided_on=start - timedelta(days=20)
        )
        placement = Placement.objects.create(
            candidate=candidate,
            employer=employer,
            primary_wijk=candidate.home_wijk,
            start_date=start,
        )
        contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=start)
        ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
        people.append(candidate)
    GuidanceParty.objects.create(name="Werkpad Begeleiding")
    return people


def test_week_grid_then_the_dossier(page, login, axe_check, coach, participants):
    anna, bert = participants
    login(coach)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Begeleiding").click()
    axe_check(page)
    page.get_by_role("link", name="Weekstaat invullen").click()
    page.get_by_role("link", name="← vorige week").click()  # last week, a full week
    axe_check(page)
    page.locator(f"#m-{anna.pk}-werk").fill("90")
    page.locator(f"#m-{anna.pk}-inkomen").fill("30")
    page.locator(f"#m-{bert.pk}-werk").fill("anderhalf uur")
    page.get_by_role("button", name="Week opslaan").click()
    assert page.get_by_text("Niets is opgeslagen: verbeter de gemarkeerde vakken.").is_visible()
    assert page.locator(f"#m-{bert.pk}-werk-error").is_visible()
    assert page.locator(f"#m-{anna.pk}-werk").input_value() == "90"  # nothing to retype
    assert page.locator(f"#m-{anna.pk}-inkomen").input_value() == "30"
    assert not CoachingEntry.objects.exists()
    axe_check(page)
    page.locator(f"#m-{bert.pk}-werk").fill("90")
    page.get_by_role("button", name="Week opslaan").click()
    assert page.get_by_text("De week is opgeslagen.").is_visible()
    assert CoachingEntry.objects.count() == 3

    page.goto(f"/kandidaten/{anna.pk}/")
    section = page.locator("#coaching-section")
    section.wait_for()
    assert "Begeleiding de laatste 13 weken: 120 minuten." in section.inner_text()
    axe_check(page)
    page.goto(f"/begeleiding/contact/{anna.pk}/")
    axe_check(page)


def test_import_and_measurement_pages_are_accessible(
    page, login, axe_check, coach, participants, policy_admin
):
    login(coach)
    for path in [
        "/begeleiding/import/",
        "/begeleiding/metingen/",
        f"/begeleiding/metingen/nieuw/{participants[0].pk}/",
        f"/begeleiding/deelnemer/{participants[0].pk}/verwijzing/",
    ]:
        page.goto(path)
        axe_check(page)
    page.context.clear_cookies()
    login(policy_admin)
    for path in [
        "/lijsten/",
        "/begeleiding/partijen/",
        "/begeleiding/domeinen/",
        "/begeleiding/instellingen/",
    ]:
        page.goto(path)
        axe_check(page)
