"""Matching order and reasons; the inventory, placement and absence pages."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from basisbaan.models import AccessLog, TaskType
from placements.models import DisplacementCheck, Placement, SickReport, Task, TaskAssignment
from placements.selectors import matching
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory, WijkFactory

pytestmark = pytest.mark.django_db


def test_matching_order_and_reasons(make_task, make_placement):
    """Candidate: home W1, W2 within reach, wishes type X, middle capacity, 24 h available.
    T_a W1 X light 12 h, places free      -> 3 + 2 + 2 + 1 + 1 = 9
    T_f W1 X light 12 h, the only place taken -> 3 + 2 + 2 + 1 + 0 = 8
    T_b W2 Y middle 12 h                  -> 2 + 0 + 2 + 1 + 1 = 6
    T_c W3 X heavy 30 h                   -> 0 + 2 + 0 + 0 + 1 = 3
    T_d has no check, T_e an expired one: not offered.
    By default only tasks that fit are shown (within reach, capacity, hours, a free place):
    T_a and T_b; T_f (full) and T_c (out of reach, too heavy, too many hours) are behind the
    toggle. At most 25 are shown."""
    w1, w2, w3 = WijkFactory(name="W1"), WijkFactory(name="W2"), WijkFactory(name="W3")
    x, y = TaskType.objects.create(name="X"), TaskType.objects.create(name="Y")
    candidate = CandidateFactory(home_wijk=w1, physical_capacity="middel", available_hours=24)
    candidate.wijken_within_reach.set([w2])
    candidate.preferred_task_types.set([x])
    today = timezone.localdate()
    make_task(wijk=w1, task_type=x, title="T_a", checked_on=today)
    full = make_task(wijk=w1, task_type=x, title="T_f", places=1, checked_on=today)
    make_task(wijk=w2, task_type=y, title="T_b", demand="middel", checked_on=today)
    make_task(wijk=w3, task_type=x, title="T_c", demand="zwaar", hours=30, checked_on=today)
    make_task(wijk=w1, task_type=x, title="T_d", checked_on=None)
    make_task(wijk=w1, task_type=x, title="T_e", checked_on=today - timedelta(days=400))
    other = make_placement(
        [("onbepaald", today - timedelta(days=30), None, [(today - timedelta(days=30), 32)])]
    )
    TaskAssignment.objects.create(
        placement=other, task=full, hours_per_week=12, start_date=today - timedelta(days=30)
    )

    assert [(m.task.title, m.score) for m in matching(candidate)] == [("T_a", 9), ("T_b", 6)]
    result = matching(candidate, only_fitting=False)
    assert [(m.task.title, m.score) for m in result] == [
        ("T_a", 9),
        ("T_f", 8),
        ("T_b", 6),
        ("T_c", 3),
    ]
    t_c = list(result[-1].reasons)
    assert [r.ok for r in t_c] == [False, True, False, False, True]
    assert t_c[0].text == "in W3, niet binnen bereik"
    assert "zwaarder dan de kandidaat aankan" in t_c[2].text
    assert result[1].reasons[4].text == "0 van 1 plaatsen vrij"
    assert [m.task.title for m in matching(candidate, wijk_id=w2.pk)] == ["T_b"]
    assert [m.task.title for m in matching(candidate, only_fitting=False, limit=2)] == [
        "T_a",
        "T_f",
    ]


def test_policy_admin_adds_a_task_and_its_check(policy_admin, client_as, organisation):
    client = client_as(policy_admin)
    wijk = WijkFactory(name="Beijum")
    task_type = TaskType.objects.create(name="Zwerfafval opruimen")
    response = client.post(
        reverse("tasks:create"),
        {
            "title": "Zwerfafvalronde Beijum",
            "organisation": organisation.pk,
            "wijk": wijk.pk,
            "task_type": task_type.pk,
            "hours_per_week": "12",
            "places": "3",
            "physical_demand": "middel",
            "active": "on",
        },
    )
    task = Task.objects.get()
    assert response["Location"] == reverse("tasks:detail", args=[task.pk])
    detail = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "nog geen verdringingstoets" in detail
    bad = client.post(reverse("tasks:check", args=[task.pk]), {"checked_on": "2026-01-05"})
    assert "Licht toe welke verdringing u ziet" in bad.content.decode()
    client.post(
        reverse("tasks:check", args=[task.pk]),
        {"checked_on": "2026-01-05", "no_displacement": "on"},
    )
    assert DisplacementCheck.objects.get().checked_by == policy_admin


def test_task_validation(policy_admin, client_as, organisation):
    response = client_as(policy_admin).post(
        reverse("tasks:create"), {"title": "", "hours_per_week": "41", "places": "0"}
    )
    body = response.content.decode()
    for field in ("title", "hours_per_week", "places", "wijk", "task_type", "physical_demand"):
        assert f'id="id_{field}_error"' in body, field
    assert not Task.objects.exists()


def test_task_list_flags_checks_due(policy_admin, client_as, make_task):
    make_task(title="Oud getoetst", checked_on=date(2020, 1, 1))
    make_task(title="Vers getoetst", checked_on=timezone.localdate())
    body = client_as(policy_admin).get(reverse("tasks:list"), {"status": "toets"}).content.decode()
    assert "Oud getoetst" in body and "Vers getoetst" not in body
    assert "verlopen, opnieuw toetsen" in body


def test_coach_creates_a_placement_from_matching(coach, client_as, make_task, employer):
    today = timezone.localdate()
    candidate = CandidateFactory(coach=coach)
    ConversationFactory(candidate=candidate, coach=coach, date=today - timedelta(days=20))
    DecisionFactory(candidate=candidate, decided_by=coach, decided_on=today - timedelta(days=10))
    t1, t2 = make_task(wijk=candidate.home_wijk, checked_on=today), make_task(checked_on=today)
    client = client_as(coach)
    assert (
        "Passende taken zoeken"
        in client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    )
    matching_page = client.get(reverse("placements:matching", args=[candidate.pk])).content.decode()
    assert f'value="{t1.pk}"' in matching_page
    form = client.get(
        reverse("placements:create", args=[candidate.pk]), {"taak": [t1.pk, t2.pk]}
    ).content.decode()
    assert f'<option value="{t2.pk}" selected>' in form
    response = client.post(
        reverse("placements:create", args=[candidate.pk]),
        {
            "employer": employer.pk,
            "primary_wijk": candidate.home_wijk_id,
            "start_date": today.isoformat(),
            "contract_kind": "bepaald",
            "contract_end": (today + timedelta(days=365)).isoformat(),
            "hours_per_week": "32",
            "taken-TOTAL_FORMS": "3",
            "taken-INITIAL_FORMS": "0",
            "taken-0-task": t1.pk,
            "taken-0-hours_per_week": "16",
            "taken-1-task": t2.pk,
            "taken-1-hours_per_week": "12",
        },
    )
    placement = Placement.objects.get()
    assert response["Location"] == reverse("placements:detail", args=[placement.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "De taken tellen op tot 28 uur per week" in detail
    assert AccessLog.objects.filter(action="employment_view", subject_id=placement.pk).exists()


def test_fixed_term_needs_an_end_date(coach, client_as, employer):
    candidate = CandidateFactory()
    response = client_as(coach).post(
        reverse("placements:create", args=[candidate.pk]),
        {
            "employer": employer.pk,
            "primary_wijk": candidate.home_wijk_id,
            "start_date": "2026-01-01",
            "contract_kind": "bepaald",
            "hours_per_week": "32",
            "taken-TOTAL_FORMS": "0",
            "taken-INITIAL_FORMS": "0",
        },
    )
    assert 'id="id_contract_end_error"' in response.content.decode()


def test_sick_report_partial_recovery_and_recovery(coach, client_as, make_placement):
    today = timezone.localdate()
    placement = make_placement(
        [("onbepaald", today - timedelta(days=100), None, [(today - timedelta(days=100), 32)])]
    )
    client = client_as(coach)
    client.post(
        reverse("placements:sick_report_create", args=[placement.pk]),
        {"first_day": (today - timedelta(days=10)).isoformat()},
    )
    report = SickReport.objects.get()
    assert (
        "1 deelnemer ziek gemeld" in client.get(reverse("placements:sick_reports")).content.decode()
    )
    url = reverse("placements:sick_report", args=[report.pk])
    client.post(
        url,
        {
            "form": "step",
            "step-version": "1",
            "step-from_date": (today - timedelta(days=5)).isoformat(),
            "step-incapacity_percent": "50",
        },
    )
    bad = client.post(
        url,
        {
            "form": "recover",
            "recover-version": "2",
            "recover-recovered_on": (today - timedelta(days=20)).isoformat(),
        },
    )
    assert "Herstel ligt na de eerste ziektedag." in bad.content.decode()
    # A form opened before the recovery step was added (version 1) is refused...
    stale = client.post(
        url, {"form": "recover", "recover-version": "1", "recover-recovered_on": today.isoformat()}
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    report.refresh_from_db()
    assert report.recovered_on is None
    # ...the refused attempt above left the version as it was (nothing half-saved).
    client.post(
        url, {"form": "recover", "recover-version": "2", "recover-recovered_on": today.isoformat()}
    )
    report.refresh_from_db()
    assert report.recovered_on == today and report.steps.get().incapacity_percent == 50
    assert AccessLog.objects.filter(action="absence_view").exists()


def test_renewal_breaking_the_chain_rule_asks_for_confirmation(coach, client_as, make_placement):
    placement = make_placement(
        [
            ("bepaald", date(2024, 1, 1), date(2024, 6, 30), [(date(2024, 1, 1), 32)]),
            ("bepaald", date(2024, 7, 1), date(2024, 12, 31), [(date(2024, 7, 1), 32)]),
            ("bepaald", date(2025, 1, 1), date(2025, 6, 30), [(date(2025, 1, 1), 32)]),
        ]
    )
    client = client_as(coach)
    url = reverse("placements:renew", args=[placement.pk])
    assert "confirm_chain_rule" not in client.get(url).content.decode()
    data = {"start_date": "2025-07-01", "end_date": "2025-12-31"}
    first = client.post(url, data).content.decode()
    assert "doorbreekt de ketenregeling" in first and 'name="confirm_chain_rule"' in first
    assert placement.contracts.count() == 3
    client.post(url, {**data, "confirm_chain_rule": "on"})
    assert placement.contracts.count() == 4


def test_overview_shows_aggregates_only(executive_staff, client_as, make_placement):
    today = timezone.localdate()
    placement = make_placement(
        [("onbepaald", today - timedelta(days=200), None, [(today - timedelta(days=200), 32)])]
    )
    body = client_as(executive_staff).get(reverse("placements:overview")).content.decode()
    assert "1 deelnemer werkt in een basisbaan, gemiddeld 32,0 uur per week." in body
    assert placement.candidate.last_name not in body


def test_wijk_page_counts_tasks_places_and_participants(
    policy_admin, client_as, make_task, make_placement
):
    today = timezone.localdate()
    wijk = WijkFactory(name="Selwerd")
    task = make_task(wijk=wijk, places=3, checked_on=today)
    make_task(wijk=wijk, places=2, checked_on=today)
    candidate = CandidateFactory(home_wijk=wijk)
    placement = make_placement(
        [("onbepaald", today - timedelta(days=10), None, [(today - timedelta(days=10), 32)])],
        candidate=candidate,
    )
    TaskAssignment.objects.create(
        placement=placement, task=task, hours_per_week=32, start_date=today - timedelta(days=10)
    )
    body = client_as(policy_admin).get(reverse("wijk_list")).content.decode()
    row = body.split(">Selwerd</th>")[1].split("</tr>")[0]
    cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
    assert cells[1:4] == ["2", "1 / 5", "1"]


def test_open_sick_reports_are_paged_and_only_the_page_shown_is_logged(
    coach, client_as, make_placement, make_sick
):
    """30 open sick reports: the caption counts all 30, the first page lists 25, the
    second the other 5; each page logs the people it shows."""
    today = timezone.localdate()
    for _ in range(30):
        placement = make_placement(
            [("onbepaald", today - timedelta(days=100), None, [(today - timedelta(days=100), 32)])]
        )
        make_sick(placement, today - timedelta(days=5))
    client = client_as(coach)
    url = reverse("placements:sick_reports")
    first = client.get(url).content.decode()
    assert "30 deelnemers ziek gemeld" in first and "Pagina 1 van 2" in first
    report_links = re.compile(re.escape(url) + r"\d+/")
    assert len(set(report_links.findall(first))) == 25
    logged = AccessLog.objects.filter(user=coach, action="absence_view")
    assert logged.count() == 25
    client.get(url, {"pagina": 2})
    assert logged.count() == 30


def test_tasks_chosen_in_matching_prefill_their_hours(coach, client_as, make_task):
    """Two tasks chosen on the matching page (12 and 16 hours): the placement form starts
    with both rows and their hours, the contract at 28 hours and the first task's wijk."""
    candidate = CandidateFactory(coach=coach)
    beijum = WijkFactory(name="Beijum")
    first = make_task(wijk=beijum, hours=12, title="Gastheer")
    second = make_task(hours=16, title="Zwerfafval")
    url = reverse("placements:create", args=[candidate.pk])
    page = client_as(coach).get(f"{url}?taak={first.pk}&taak={second.pk}&taak=999999")
    form = page.context["form"]
    rows = [f.initial for f in page.context["formset"]][:2]
    assert rows == [
        {"task": first.pk, "hours_per_week": first.hours_per_week},
        {"task": second.pk, "hours_per_week": second.hours_per_week},
    ]
    assert form.initial["hours_per_week"] == 28
    assert form.initial["primary_wijk"] == beijum.pk


def test_the_task_list_is_searched_and_sorted(policy_admin, client_as, make_task):
    """Search on words of the title (or the organisation), sort by title or free places."""
    make_task(title="Zwerfafval Beijum", places=1)
    make_task(title="Gastheer buurthuis", places=3)
    make_task(title="Zwerfvuil park", places=2)
    client = client_as(policy_admin)
    url = reverse("tasks:list")
    found = client.get(url, {"zoek": "zwerf", "sorteer": "taak"}).context["page"].object_list
    assert [t.title for t in found] == ["Zwerfafval Beijum", "Zwerfvuil park"]
    free = client.get(url, {"sorteer": "vrij"}).context["page"].object_list
    assert [t.title for t in free] == ["Gastheer buurthuis", "Zwerfvuil park", "Zwerfafval Beijum"]


def test_the_organisation_list_is_searched_and_paged(policy_admin, client_as):
    from placements.models import Organisation

    for number in range(30):
        Organisation.objects.create(name=f"Buurthuis {number:02d}")
    Organisation.objects.create(name="Stichting Groenwerk")
    client = client_as(policy_admin)
    url = reverse("tasks:organisation_list")
    first = client.get(url)
    assert len(first.context["organisations"]) == 25 and "Pagina 1 van 2" in first.content.decode()
    found = client.get(url, {"zoek": "groen"}).context["organisations"]
    assert [o.name for o in found] == ["Stichting Groenwerk"]
    assert "Geen organisaties gevonden." in client.get(url, {"zoek": "xyz"}).content.decode()
