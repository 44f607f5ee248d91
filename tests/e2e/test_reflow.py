"""Reflow at 375 px (WCAG 1.4.10, issue #14): no page of lists or the dossier scrolls
sideways; wide tables scroll inside their own labelled container; the menu folds away."""

from datetime import date

import pytest
from django.utils import timezone

from placements.models import Contract, ContractHours, Employer, Placement, SickReport
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The outermost elements sticking out on the right (for the failure message).
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 1 || e.scrollWidth > width)
    .filter(e => !e.parentElement.closest(".app-table-scroll") && getComputedStyle(e).position !== "fixed")
    .slice(0, 6)
    .map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right));
}"""


@pytest.fixture
def placed(coach):
    today = timezone.localdate()
    person = CandidateFactory(coach=coach, first_name="Annemarie", last_name="Vries-Bakker")
    CandidateFactory(coach=coach)
    placement = Placement.objects.create(
        candidate=person,
        employer=Employer.objects.create(name="Thermiek Groenvoorziening BV"),
        primary_wijk=person.home_wijk,
        start_date=date(2025, 1, 6),
    )
    contract = Contract.objects.create(
        placement=placement,
        kind="bepaald",
        start_date=date(2025, 1, 6),
        end_date=today.replace(day=28),
    )
    ContractHours.objects.create(contract=contract, valid_from=date(2025, 1, 6), hours_per_week=32)
    SickReport.objects.create(placement=placement, first_day=date(2026, 10, 1))
    return placement


def too_wide(page, paths) -> list:
    wide = []
    for path in paths:
        assert page.goto(path).status == 200, path
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide.append((path, overflow, page.evaluate(STICKING_OUT)))
    return wide


PHONE = {"viewport": {"width": 375, "height": 800}}


def test_the_lists_of_policy_staff_and_administrators_reflow_at_375_px(
    login_as, policy_admin, functional_admin, placed, axe_check
):
    policy = login_as(policy_admin, **PHONE)
    assert (
        too_wide(
            policy,
            [
                "/taken/",
                "/taken/organisaties/",
                "/wijken/",
                "/lijsten/",
                "/financien/",
                "/financien/parameters/",
                "/financien/budgetten/",
                "/financien/bijdragen/",
                "/plaatsingen/overzicht/",
                "/kandidaten/trechter/",
                "/begeleiding/",
                "/raadsbrieven/",
            ],
        )
        == []
    )
    admin = login_as(functional_admin, **PHONE)
    assert (
        too_wide(
            admin,
            [
                "/gebruikers/",
                "/toegangslog/",
                "/kandidaten/doorbraken/",
                "/bewaartermijnen/",
                "/bewaartermijnen/wissen/",
            ],
        )
        == []
    )
    axe_check(admin)


def test_lists_and_the_dossier_reflow_at_375_px(
    browser, live_server, login_as, coach, placed, axe_check
):
    page = login_as(coach, viewport={"width": 375, "height": 800})
    person = placed.candidate
    paths = [
        "/",
        "/kandidaten/?coach=alle",
        f"/kandidaten/{person.pk}/",
        f"/kandidaten/{person.pk}/plan/",
        f"/kandidaten/{person.pk}/documenten/",
        "/plaatsingen/",
        f"/plaatsingen/{placed.pk}/",
        "/plaatsingen/aflopend/",
        "/plaatsingen/verzuim/",
        "/taken/",
        "/begeleiding/week/",
        f"/begeleiding/deelnemer/{person.pk}/",
        "/begeleiding/metingen/",
    ]
    wide = too_wide(page, paths)
    assert wide == [], wide
    # Selects look like selects: the component library's arrow is drawn.
    page.goto("/plaatsingen/")
    arrow = page.evaluate(
        "getComputedStyle(document.querySelector('select.utrecht-select')).backgroundImage"
    )
    assert arrow.startswith("url(")
    # The menu is folded behind a button; it opens and closes.
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    menu = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kandidaten")
    assert not menu.is_visible()
    toggle.click()
    assert menu.is_visible()
    axe_check(page)
