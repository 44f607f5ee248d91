"""Browser test: a policy admin enters next year's cost parameters and sees the forecast
change. axe-core on the finance pages."""

from datetime import date

import pytest
from django.utils import timezone

from finance.models import CostParameters
from placements.models import Contract, ContractHours, Employer, Placement
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def employed(roles):
    today = timezone.localdate()
    CostParameters.objects.create(year=today.year)
    employer = Employer.objects.create(name="Thermiek BV")
    start = date(today.year - 1, 1, 1)
    for _ in range(2):
        candidate = CandidateFactory()
        placement = Placement.objects.create(
            candidate=candidate,
            employer=employer,
            primary_wijk=candidate.home_wijk,
            start_date=start,
        )
        contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=start)
        ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
    return today.year + 1


def test_next_years_parameters_change_the_forecast(page, login, axe_check, policy_admin, employed):
    next_year = employed
    login(policy_admin)
    page.goto(
        f"/financien/?van={next_year - 1}-01-01&tot_en_met={next_year - 1}-12-31&jaar={next_year}"
    )
    assert page.get_by_text(
        f"Voor {next_year} zijn nog geen kostenparameters ingevoerd"
    ).is_visible()
    assert page.locator("#forecast-gross").inner_text() == "EUR 0"
    axe_check(page)

    page.get_by_role("link", name="Kostenparameters").first.click()
    axe_check(page)
    page.get_by_role("link", name="Jaar toevoegen").click()
    assert page.get_by_label("Jaar", exact=True).input_value() == str(next_year)  # suggested
    axe_check(page)
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De kostenparameters zijn opgeslagen.").is_visible()

    page.goto(
        f"/financien/?van={next_year - 1}-01-01&tot_en_met={next_year - 1}-12-31&jaar={next_year}"
    )
    forecast = page.locator("#forecast-gross").inner_text()
    # Two participants in employment year 3, 32 h, all year: 2 x (27,987 + 4,500) = 64,974.
    assert forecast == "EUR 64.974"
    assert not page.get_by_text(f"Voor {next_year} zijn nog geen kostenparameters").is_visible()


def test_finance_lists_are_accessible(page, login, axe_check, policy_admin, employed):
    login(policy_admin)
    for path in ["/financien/bijdragen/", "/financien/budgetten/", "/financien/bronnen/"]:
        page.goto(path)
        axe_check(page)
