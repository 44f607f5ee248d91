"""Browser test of the intake flow: register, two conversations (one after a validation
error, nothing lost), an exclusion with a reason; axe-core on every page on the way."""

import re

import pytest

from basisbaan.models import TaskType
from candidates.models import Candidate, ConversationDraft, IntakeConversation, SelectionDecision
from tests.factories import WijkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(roles):
    from candidates.models import ExclusionReason

    WijkFactory(name="Beijum")
    WijkFactory(name="Selwerd")
    TaskType.objects.create(name="Zwerfafval opruimen")
    if not ExclusionReason.objects.exists():  # a transactional test emptied the tables
        ExclusionReason.objects.create(name="(Fysieke) beperkingen te groot", position=20)


def test_coach_registers_converses_and_excludes(page, login, axe_check, coach, reference_data):
    login(coach)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kandidaten").click()
    assert page.get_by_text("Er zijn geen kandidaten met deze filters.").is_visible()
    axe_check(page)

    page.get_by_role("link", name="Kandidaat registreren").click()
    axe_check(page)
    page.get_by_label("BSN").fill("111222333")
    page.get_by_label("Voornaam").fill("Anna")
    page.get_by_label("Achternaam").fill("de Vries")
    page.get_by_label("Geboortedatum").fill("1968-04-02")
    page.get_by_label("vrouw").check()
    page.get_by_label("alleenstaand", exact=True).check()
    page.get_by_label("Woonwijk").select_option(label="Beijum")
    page.get_by_label("In de bijstand sinds").fill("2018-03-01")
    page.get_by_label("Aangemeld via").select_option(label="wijkteam")
    page.get_by_label("Zwerfafval opruimen").check()
    page.get_by_label("licht werk").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r"/kandidaten/\d+/$"))
    assert page.get_by_text("Anna de Vries is geregistreerd.").is_visible()
    assert page.get_by_text("Voldoet aan de richtlijn.").is_visible()
    assert "111222333" not in page.url and "111222333" not in page.title()
    axe_check(page)

    # First conversation: a forced validation error (duration 2 minutes), nothing lost.
    form = page.locator("#conversation-form")
    form.get_by_label("Datum").fill("2026-01-12")
    form.get_by_label("Duur (minuten)").fill("2")
    form.get_by_label("Soort gesprek").select_option(label="kennismakingsgesprek")
    form.get_by_label("financiën: toeslagen (zorg, huur, kind)").check()
    form.get_by_label("Verslag").fill("Eerste kennismaking; wil graag buiten werken.")
    form.get_by_role("button", name="Gesprek opslaan").click()
    error = page.locator("#id_duration_minutes_error")
    error.wait_for()
    assert "minstens 5" in error.inner_text()
    form = page.locator("#conversation-form")
    assert (
        form.get_by_label("Verslag").input_value()
        == "Eerste kennismaking; wil graag buiten werken."
    )
    assert form.get_by_label("financiën: toeslagen (zorg, huur, kind)").is_checked()
    axe_check(page)
    form.get_by_label("Duur (minuten)").fill("60")
    form.get_by_role("button", name="Gesprek opslaan").click()
    page.get_by_text("Het gesprek is opgeslagen en staat in de tijdlijn.").wait_for()
    assert page.locator(".app-timeline__item").count() == 1
    assert page.locator("#status-badge").inner_text() == "in gesprek"

    # Second conversation: typed, autosaved, the page reloaded, the draft is back.
    form = page.locator("#conversation-form")
    form.get_by_label("Datum").fill("2026-01-26")
    form.get_by_label("Duur (minuten)").fill("45")
    form.get_by_label("Soort gesprek").select_option(label="huisbezoek")
    form.get_by_label("Verslag").fill("Huisbezoek: rugklachten besproken.")
    page.get_by_text("Concept opgeslagen om").wait_for()
    page.reload()
    assert page.get_by_text("concept van").is_visible()
    form = page.locator("#conversation-form")
    assert form.get_by_label("Verslag").input_value() == "Huisbezoek: rugklachten besproken."
    form.get_by_role("button", name="Gesprek opslaan").click()
    page.get_by_text("Het gesprek is opgeslagen en staat in de tijdlijn.").wait_for()
    assert page.locator(".app-timeline__item").count() == 2
    assert IntakeConversation.objects.count() == 2
    assert not ConversationDraft.objects.exists()

    # Exclusion with a reason and a motivation.
    page.get_by_role("link", name="Besluit vastleggen").click()
    axe_check(page)
    page.get_by_label("afgewezen").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert page.get_by_text("Kies de reden waarom de kandidaat afvalt.", exact=True).is_visible()
    page.get_by_label("Reden").select_option(label="(Fysieke) beperkingen te groot")
    page.get_by_label("Motivering").fill("Rugklachten: het werk is te zwaar.")
    with page.expect_navigation():
        page.get_by_role("button", name="Besluit vastleggen").click()
    assert page.get_by_text("Het besluit is vastgelegd.").is_visible()
    decision = SelectionDecision.objects.get()
    assert (decision.outcome, decision.exclusion_reason.name) == (
        "afgewezen",
        "(Fysieke) beperkingen te groot",
    )
    assert Candidate.objects.with_status().get().status == "afgewezen"


def test_funnel_and_access_log_pages_are_accessible(
    page, login, axe_check, executive_staff, functional_admin, policy_admin
):
    login(executive_staff)
    page.goto("/kandidaten/trechter/")
    assert page.get_by_role("heading", name="Selectietrechter").is_visible()
    axe_check(page)
    page.context.clear_cookies()
    login(functional_admin)
    page.goto("/toegangslog/")
    axe_check(page)
    page.context.clear_cookies()
    login(policy_admin)
    for path in ["/kandidaten/afwijsredenen/", "/kandidaten/afwijsredenen/nieuw/", "/taaktypen/"]:
        page.goto(path)
        axe_check(page)
