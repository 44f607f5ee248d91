"""Each role logs in, sees its own start page, and the page passes axe-core."""

import pytest

from basisbaan.roles import COACH, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, POLICY_ADMIN
from tests.factories import WijkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    COACH: (
        "Mijn caseload",
        [
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
        ],
    ),
    POLICY_ADMIN: (
        "Wijken en dorpen",
        [
            "Start",
            "Selectietrechter",
            "Werk en verzuim",
            "Begeleiding",
            "Financiën",
            "Raadsbrieven",
            "Wijken",
            "Taken",
            "Lijsten",
            "Inlezen",
        ],
    ),
    EXECUTIVE_STAFF: (
        "Kerncijfers dit kwartaal",
        [
            "Start",
            "Selectietrechter",
            "Werk en verzuim",
            "Begeleiding",
            "Financiën",
            "Raadsbrieven",
            "Wijken",
        ],
    ),
    FUNCTIONAL_ADMIN: (
        "Gebruikers",
        ["Start", "Gemeenteprofiel", "Gebruikers", "Toegangslog", "Bewaartermijnen", "Inlezen"],
    ),
}


def test_login_page_is_accessible(page, axe_check, roles):
    page.goto("/inloggen/")
    assert page.title().startswith("Inloggen")
    axe_check(page)
    page.get_by_role("button", name="Inloggen").click()  # empty form
    assert page.get_by_text("Dit veld is verplicht.").first.is_visible()
    axe_check(page)


@pytest.mark.parametrize("role", [COACH, POLICY_ADMIN, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN])
def test_each_role_sees_its_start_page(role, page, login, axe_check, users_by_role):
    WijkFactory.create_batch(3)
    user = users_by_role[role]
    login(user)
    card_heading, nav = EXPECTED[role]
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    assert page.get_by_role("heading", name=card_heading).first.is_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link").all_inner_texts() == nav
    axe_check(page)


def test_skip_link_and_keyboard_navigation(page, login, policy_admin):
    login(policy_admin)
    page.wait_for_load_state("load")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_policy_admin_adds_a_wijk_by_keyboard(page, login, axe_check, policy_admin):
    login(policy_admin)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijken").click()
    axe_check(page)
    page.get_by_role("link", name="Wijk of dorp toevoegen").click()
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Dit veld is verplicht.").first.is_visible()
    axe_check(page)
    page.get_by_label("Naam").fill("Vinkhuizen")
    page.get_by_label("Naam").press("Enter")
    page.wait_for_url("**/wijken/")
    assert page.get_by_role("row", name="Vinkhuizen").is_visible()
    assert page.get_by_text("Vinkhuizen is toegevoegd.").is_visible()


def test_functional_admin_pages_are_accessible(page, login, axe_check, functional_admin):
    login(functional_admin)
    for path in ["/gemeente/", "/gemeente/bewerken/", "/gebruikers/", "/gebruikers/nieuw/"]:
        page.goto(path)
        axe_check(page)
