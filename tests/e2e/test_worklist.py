"""Browser test: a coach works through the work list on the start page: renews a contract
that is about to end, records the wellbeing measurement that is due, ticks off a
Poortwachter steps; each line goes away once done. axe-core on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import WellbeingDomain, WellbeingMeasurement
from placements.models import Contract, ContractHours, Employer, Placement, SickReport
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caseload(roles, coach):
    # A transactional test empties the tables the migrations filled: seed what is needed.
    for position, name in enumerate(["Financiën", "Schulden"], start=1):
        WellbeingDomain.objects.get_or_create(name=name, defaults={"position": position})
    today = timezone.localdate()
    employer = Employer.objects.create(name="Thermiek BV")

    def placed(first, last, start, until=None):
        person = CandidateFactory(first_name=first, last_name=last, coach=coach)
        placement = Placement.objects.create(
            candidate=person, employer=employer, primary_wijk=person.home_wijk, start_date=start
        )
        contract = Contract.objects.create(
            placement=placement,
            kind="bepaald" if until else "onbepaald",
            start_date=start,
            end_date=until,
        )
        ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
        return placement

    ending = placed("Anna", "Aalders", today - timedelta(days=300), today + timedelta(days=10))
    new = placed("Bert", "Bos", today - timedelta(days=2))
    sick = placed("Cor", "Claassen", today - timedelta(days=400))
    # Anna and Cor had their measurements; Bert's T0 is due.
    for placement in (ending, sick):
        WellbeingMeasurement.objects.create(
            candidate=placement.candidate, date=today, measured_by=coach
        )
    SickReport.objects.create(placement=sick, first_day=today - timedelta(days=44))
    return {"ending": ending, "new": new, "sick": sick}


def test_a_coach_works_through_the_work_list(page, login, axe_check, coach, caseload):
    login(coach)
    assert page.get_by_role("heading", name="Werklijst: 4 dingen te doen").is_visible()
    axe_check(page)

    # The contract: renewed from the work list.
    contracts = page.get_by_role("list", name="Contracten die aflopen")
    contracts.get_by_role("link", name="Anna Aalders").click()
    page.get_by_role("link", name="Verlengen").click()
    end = caseload["ending"].contracts.get().end_date
    page.get_by_label("Nieuw contract vanaf").fill(str(end + timedelta(days=1)))
    page.get_by_label("Tot en met").fill(str(end + timedelta(days=365)))
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het contract is verlengd.").wait_for()
    page.goto("/")
    assert page.get_by_role("heading", name="Werklijst: 3 dingen te doen").is_visible()
    assert page.get_by_role("list", name="Contracten die aflopen").count() == 0

    # The measurement: recorded from the work list.
    page.get_by_role("list", name="Welzijnsmetingen").get_by_role("link", name="Bert Bos").click()
    axe_check(page)
    for domain in WellbeingDomain.objects.active():
        page.get_by_role("group", name=domain.name).get_by_label("4").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De meting is opgeslagen.").wait_for()
    assert WellbeingMeasurement.objects.filter(candidate=caseload["new"].candidate).exists()

    # Week 6 of Cor's sickness was 2 days ago (overdue), week 8 is in 12 days (within the
    # two weeks' notice): both ticked off on the sick report.
    page.goto("/")
    steps = page.get_by_role("list", name="Verzuim: stappen Wet Poortwachter")
    assert steps.get_by_text("te laat").is_visible()
    steps.get_by_role("link", name="Cor Claassen").first.click()
    axe_check(page)
    page.get_by_role("button", name="Probleemanalyse (week 6): vandaag gedaan").click()
    page.get_by_text("De stap is afgevinkt.").wait_for()
    page.get_by_role("button", name="Plan van aanpak (week 8): vandaag gedaan").click()
    page.get_by_text("De stap is afgevinkt.").wait_for()
    assert page.get_by_role("button", name="vandaag gedaan").count() == 2  # week 42 and 52
    page.goto("/")
    assert page.get_by_role("heading", name="Werklijst: 0 dingen te doen").is_visible()
    assert page.get_by_text("Alles is gedaan").is_visible()
    axe_check(page)
