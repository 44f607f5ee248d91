"""Navigation shows only what the user's role may use; the start page counts real data."""

import re

import pytest
from django.urls import reverse

from basisbaan.roles import COACH, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, PARTY_COACH, POLICY_ADMIN
from tests.factories import WijkFactory

pytestmark = pytest.mark.django_db

EXPECTED_NAV = {
    COACH: {
        "Start",
        "Kandidaten",
        "Plaatsingen",
        "Verzuim",
        "Selectietrechter",
        "Werk en verzuim",
        "Begeleiding",
        "Financiën",
        "Raadsbrieven",
        "Wijken",
        "Taken",
    },
    POLICY_ADMIN: {
        "Start",
        "Selectietrechter",
        "Werk en verzuim",
        "Begeleiding",
        "Financiën",
        "Raadsbrieven",
        "Wijken",
        "Taken",
        "Lijsten",
    },
    EXECUTIVE_STAFF: {
        "Start",
        "Selectietrechter",
        "Werk en verzuim",
        "Begeleiding",
        "Financiën",
        "Raadsbrieven",
        "Wijken",
    },
    FUNCTIONAL_ADMIN: {"Start", "Gemeenteprofiel", "Gebruikers", "Toegangslog", "Bewaartermijnen"},
    PARTY_COACH: {"Start", "Mijn deelnemers", "Weekrooster"},
}
ALL_LABELS = set().union(*EXPECTED_NAV.values())


def nav_labels(html: str) -> set[str]:
    nav = html.split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]
    # The coach's "Start" carries the work-list badge, loaded after the page (empty here).
    nav = re.sub(r'<span hx-get="[^"]*" hx-trigger="load" hx-swap="outerHTML"></span>', "", nav)
    return {label for label in ALL_LABELS if f">{label}</a>" in nav}


@pytest.mark.parametrize("role", list(EXPECTED_NAV))
def test_navigation_per_role(role, users_by_role, client_as):
    html = client_as(users_by_role[role]).get(reverse("home")).content.decode()
    assert nav_labels(html) == EXPECTED_NAV[role]


def test_start_page_counts_wijken_and_dorpen(coach, client_as):
    WijkFactory.create_batch(3, kind="wijk")
    WijkFactory.create_batch(2, kind="dorp")
    WijkFactory(kind="wijk", active=False)
    html = client_as(coach).get(reverse("home")).content.decode()
    assert "<dt>Wijken</dt><dd>3</dd>" in html
    assert "<dt>Dorpen</dt><dd>2</dd>" in html
    assert "<dt>Niet meer actief</dt><dd>1</dd>" in html


def test_start_page_of_the_functional_admin_counts_accounts(
    functional_admin, coach, make_user, client_as
):
    make_user(full_name="Zonder Rol")
    make_user(COACH, is_active=False)
    html = client_as(functional_admin).get(reverse("home")).content.decode()
    assert "<dt>Actieve accounts</dt><dd>3</dd>" in html
    assert "<dt>Zonder rol</dt><dd>1</dd>" in html
    assert "<dt>Uitgezet</dt><dd>1</dd>" in html


def test_user_without_role_is_told_so(no_role_user, client_as):
    html = client_as(no_role_user).get(reverse("home")).content.decode()
    assert "nog geen rol gekoppeld" in html
    assert nav_labels(html) == {"Start"}


def test_coach_start_page_counts_the_own_caseload(coach, make_user, client_as):
    from datetime import date

    from tests.factories import CandidateFactory, ConversationFactory

    CandidateFactory(coach=coach)
    spoken = CandidateFactory(coach=coach)
    ConversationFactory(candidate=spoken, coach=coach, date=date(2026, 1, 5))
    CandidateFactory(coach=make_user(COACH))  # someone else's
    html = client_as(coach).get(reverse("home")).content.decode()
    assert "<dt>Aangemeld</dt><dd>1</dd>" in html
    assert "<dt>In gesprek</dt><dd>1</dd>" in html
    assert "Naar mijn 2 kandidaten" in html
