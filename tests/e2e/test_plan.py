"""Browser test: a coach makes a plan with a participant: a goal, an action for the
guidance party, ticks an action off, records the review and prints the plan in plain
language. axe-core on the plan pages."""

import pytest

from coaching.models import GuidanceParty, PlanAction
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_makes_a_plan(page, login, axe_check, coach):
    GuidanceParty.objects.create(name="Werkpad")
    person = CandidateFactory(first_name="Anna", last_name="Aalders", coach=coach)
    login(coach)
    page.goto(f"/kandidaten/{person.pk}/")
    page.get_by_role("link", name="Doelen en acties bekijken").click()
    assert page.get_by_text("Er staan nog geen doelen in het plan.").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Onderwerp").select_option(label="werk")
    page.get_by_label("Doel", exact=True).fill("Ik wil 24 uur per week werken.")
    axe_check(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het doel staat in het plan.").wait_for()
    page.get_by_role("link", name="Actie toevoegen bij").click()
    page.get_by_label("Actie", exact=True).fill("Werkrooster uitbreiden")
    page.get_by_label("de begeleidende partij").check()
    page.get_by_label("Klaar op").fill("2030-01-15")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text(
        "Kies de begeleidende partij die de actie doet.", exact=True
    ).is_visible()
    page.get_by_role("combobox", name="Begeleidende partij").select_option(label="Werkpad")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De actie staat in het plan.").wait_for()
    assert PlanAction.objects.get().party.name == "Werkpad"
    page.get_by_role("button", name="“Werkrooster uitbreiden” gedaan").click()
    page.get_by_text("De actie is bijgewerkt.").wait_for()
    page.get_by_role("button", name="Bespreking vastleggen").click()
    page.get_by_text("De bespreking van het plan is vastgelegd.").wait_for()
    assert page.get_by_text("Laatst besproken op").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Plan voor de deelnemer (eenvoudige taal)").click()
    assert page.get_by_role("heading", name="Mijn plan, Anna").is_visible()
    assert page.get_by_text("Wat ik wil: Ik wil 24 uur per week werken.").is_visible()
    axe_check(page)
