"""Browser test: a job coach of a guidance party logs in, sees the participants the party
guides, fills in the party's week of hours, and cannot open a dossier. axe-core on the
party's pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import CoachingEntry, GuidanceParty, PartyAssignment
from placements.models import Contract, ContractHours, Employer, Placement
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_party_coach_enters_a_week_and_cannot_open_a_dossier(
    page, login, axe_check, coach, party_coach
):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(days=30)
    person = CandidateFactory(first_name="Anna", last_name="Aalders", coach=coach)
    placement = Placement.objects.create(
        candidate=person,
        employer=Employer.objects.create(name="Thermiek BV"),
        primary_wijk=person.home_wijk,
        start_date=start,
    )
    contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=start)
    ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
    werkpad = GuidanceParty.objects.get(name="Werkpad")
    PartyAssignment.objects.create(candidate=person, party=werkpad, start_date=start)

    login(party_coach)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Mijn deelnemers").click()
    assert page.get_by_role("heading", name="Anna Aalders").is_visible()
    assert person.bsn not in page.content()
    axe_check(page)
    page.get_by_role("link", name="Weekrooster invullen").click()
    page.get_by_label("Anna Aalders: werk").fill("120")
    axe_check(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De week is opgeslagen.").wait_for()
    entry = CoachingEntry.objects.get()
    assert (entry.party, entry.minutes, entry.candidate) == (werkpad, 120, person)

    response = page.goto(f"/kandidaten/{person.pk}/")
    assert response.status == 403
