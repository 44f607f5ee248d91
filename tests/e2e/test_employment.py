"""Browser test of the employment flow: a policy admin adds a task with its displacement
check; a coach matches a candidate, employs them with two tasks, reports sick and recovery.
axe-core runs on every new page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from basisbaan.models import TaskType
from placements.models import DisplacementCheck, Employer, Organisation, Placement, SickReport, Task
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory, WijkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(roles, coach, policy_admin):
    today = timezone.localdate()
    beijum = WijkFactory(name="Beijum")
    litter = TaskType.objects.create(name="Zwerfafval opruimen")
    host = TaskType.objects.create(name="Gastheer of gastvrouw")
    Organisation.objects.create(name="Woningcorporatie Veenwonen", kind="wonen")
    centre = Organisation.objects.create(
        name="Buurtcentrum Beijum", kind="buurtcentrum", wijk=beijum
    )
    existing = Task.objects.create(
        organisation=centre,
        wijk=beijum,
        task_type=host,
        title="Gastheer wijkpunt Beijum",
        hours_per_week=16,
        places=2,
        physical_demand="licht",
    )
    DisplacementCheck.objects.create(
        task=existing, checked_on=today, checked_by=policy_admin, no_displacement=True
    )
    Employer.objects.create(name="Thermiek BV")
    candidate = CandidateFactory(
        first_name="Piet",
        last_name="Pietersen",
        home_wijk=beijum,
        coach=coach,
        physical_capacity="middel",
        available_hours=32,
    )
    candidate.preferred_task_types.set([litter])
    ConversationFactory(candidate=candidate, coach=coach, date=today - timedelta(days=30))
    DecisionFactory(candidate=candidate, decided_by=coach, decided_on=today - timedelta(days=20))
    return {"candidate": candidate, "litter": litter, "beijum": beijum}


def test_task_placement_sickness_and_recovery(page, login, axe_check, setting, policy_admin, coach):
    # A policy admin adds a task and confirms its displacement check.
    login(policy_admin)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Taken", exact=True
    ).click()
    axe_check(page)
    page.get_by_role("link", name="Taak toevoegen").click()
    page.get_by_label("Korte omschrijving").fill("Zwerfafvalronde Beijum")
    page.get_by_label("Organisatie").select_option(label="Woningcorporatie Veenwonen")
    page.get_by_label("Wijk", exact=True).select_option(label="Beijum")
    page.get_by_label("Soort taak").select_option(label="Zwerfafval opruimen")
    page.get_by_label("Uren per week").fill("16")
    page.get_by_label("Aantal plaatsen").fill("3")
    page.get_by_label("middelzwaar werk").check()
    axe_check(page)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r"/taken/\d+/$"))
    assert page.get_by_text("nog geen verdringingstoets").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Verdringingstoets vastleggen").click()
    page.get_by_label("Geen verdringing").check()
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De verdringingstoets is vastgelegd.").is_visible()
    page.context.clear_cookies()

    # A coach matches the candidate and employs them with two tasks.
    login(coach)
    candidate = setting["candidate"]
    page.goto(f"/kandidaten/{candidate.pk}/")
    page.get_by_role("link", name="Passende taken zoeken").click()
    axe_check(page)
    matches = page.locator(".app-match")
    assert "Zwerfafvalronde Beijum" in matches.first.inner_text()  # own wijk + wished type
    assert "gewenst werk: Zwerfafval opruimen" in matches.first.inner_text()
    page.get_by_label(re.compile("Zwerfafvalronde Beijum")).check()
    page.get_by_label(re.compile("Gastheer wijkpunt Beijum")).check()
    page.get_by_role("button", name="Verder met de gekozen taken").click()
    axe_check(page)
    page.get_by_label("Werkgever").select_option(label="Thermiek BV")
    page.get_by_label("In dienst per").fill((timezone.localdate() - timedelta(days=10)).isoformat())
    end = (timezone.localdate() + timedelta(days=364)).isoformat()
    page.get_by_label("Einddatum contract").fill(end)
    page.locator("#id_taken-0-hours_per_week").fill("16")
    page.locator("#id_taken-1-hours_per_week").fill("16")
    page.get_by_role("button", name="In dienst nemen").click()
    page.wait_for_url(re.compile(r"/plaatsingen/\d+/$"))
    assert page.get_by_text("Piet Pietersen is in dienst.").is_visible()
    axe_check(page)
    placement = Placement.objects.get()
    assert placement.assignments.count() == 2

    # Sick, partially recovered, recovered.
    page.get_by_role("link", name="Ziekmelden").click()
    page.get_by_label("Eerste ziektedag").fill(
        (timezone.localdate() - timedelta(days=6)).isoformat()
    )
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De ziekmelding is vastgelegd.").is_visible()
    page.get_by_role("link", name=re.compile("Ziek vanaf")).click()
    axe_check(page)
    page.get_by_label("Nog arbeidsongeschikt (%)").fill("50")
    page.locator("#id_step-from_date").fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Herstelstap opslaan").click()
    page.locator("#id_recover-recovered_on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Herstel melden").click()
    assert page.get_by_text("Volledig hersteld per").is_visible()
    report = SickReport.objects.get()
    assert report.recovered_on == timezone.localdate()
    assert report.steps.get().incapacity_percent == 50


def test_overview_and_lists_are_accessible(
    page, login, axe_check, setting, coach, executive_staff, policy_admin
):
    login(coach)
    for path in ["/plaatsingen/", "/plaatsingen/aflopend/", "/plaatsingen/verzuim/"]:
        page.goto(path)
        axe_check(page)
    page.context.clear_cookies()
    login(executive_staff)
    page.goto("/plaatsingen/overzicht/")
    assert page.get_by_role("heading", name="Overzicht werk en verzuim").is_visible()
    axe_check(page)
    page.context.clear_cookies()
    login(policy_admin)
    for path in [
        "/wijken/",
        "/taken/organisaties/",
        "/plaatsingen/werkgevers/",
        "/plaatsingen/landelijk-verzuim/",
    ]:
        page.goto(path)
        axe_check(page)
