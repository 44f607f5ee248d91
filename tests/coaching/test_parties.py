"""Guidance parties per participant (issue #13): a party's week grid lists every
participant it guides that week, including someone who started that very week, and not
someone it coached earlier but no longer guides."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coaching import services
from coaching.models import CoachingEntry, GuidanceParty, PartyAssignment

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 16)


def participant(make_placement, coach, start):
    placement = make_placement([("onbepaald", start, None, [(start, 32)])])
    placement.candidate.coach = coach
    placement.candidate.save()
    return placement.candidate


def test_the_party_grid_lists_whom_it_guides_that_week(make_placement, coach, client_as):
    """New: started Wednesday 18 November and assigned from that day: listed (it was not,
    when the grid went by coaching of the last six months). Old: coached by the party in
    October, assignment ended 31 October: not listed. Other: guided by another party."""
    werkpad = GuidanceParty.objects.create(name="Werkpad")
    ander = GuidanceParty.objects.create(name="Anderpad")
    new = participant(make_placement, coach, MONDAY + timedelta(days=2))
    old = participant(make_placement, coach, date(2026, 1, 5))
    other = participant(make_placement, coach, date(2026, 1, 5))
    services.party_assign(candidate=new, party=werkpad, start_date=MONDAY + timedelta(days=2))
    services.party_assign(
        candidate=old, party=werkpad, start_date=date(2026, 1, 5), end_date=date(2026, 10, 31)
    )
    CoachingEntry.objects.create(
        candidate=old, date=date(2026, 10, 5), minutes=60, kind="werk", party=werkpad
    )
    services.party_assign(candidate=other, party=ander, start_date=date(2026, 1, 5))
    page = client_as(coach).get(
        reverse("coaching:week"), {"week": MONDAY.isoformat(), "partij": werkpad.pk}
    )
    rows = [row["candidate"] for row in page.context["rows"]]
    assert rows == [new]


def test_a_party_guides_a_participant_once_at_a_time(make_placement, coach, client_as):
    party = GuidanceParty.objects.create(name="Werkpad")
    person = participant(make_placement, coach, date(2026, 1, 5))
    services.party_assign(candidate=person, party=party, start_date=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        services.party_assign(candidate=person, party=party, start_date=date(2026, 3, 1))
    # Through the page: the coach ends it today, and can assign the party again later.
    client = client_as(coach)
    (assignment,) = PartyAssignment.objects.all()
    client.post(reverse("coaching:party_assignment_end", args=[person.pk, assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.end_date is not None
    page = client.get(reverse("coaching:person", args=[person.pk])).content.decode()
    assert "Werkpad: van 5 januari 2026 tot en met" in page


def test_a_party_coach_sees_only_what_work_guidance_needs(
    make_placement, make_task, coach, party_coach, client_as
):
    """Pim, job coach of Werkpad, sees the participants Werkpad guides today with their
    tasks and the plan actions for Werkpad; not someone guided by another party; never a
    BSN; and no dossier, coaching page or plan opens for him (403: those need permissions
    his role does not have)."""
    from datetime import date as day

    from coaching.models import GuidanceParty
    from placements.models import TaskAssignment

    werkpad = GuidanceParty.objects.get(name="Werkpad")
    ander = GuidanceParty.objects.create(name="Anderpad")
    today = day.today()
    mine = participant(make_placement, coach, today - timedelta(days=60))
    theirs = participant(make_placement, coach, today - timedelta(days=60))
    services.party_assign(candidate=mine, party=werkpad, start_date=today - timedelta(days=60))
    services.party_assign(candidate=theirs, party=ander, start_date=today - timedelta(days=60))
    task = make_task(title="Gastheer buurthuis", hours=16)
    TaskAssignment.objects.create(
        placement=mine.placements.get(),
        task=task,
        hours_per_week=16,
        start_date=today - timedelta(days=60),
    )
    goal = services.goal_add(candidate=mine, domain="werk", description="Zelfstandig werken")
    services.action_add(
        goal=goal, description="Werkplek inrichten", owner="partij", party=werkpad, due_date=today
    )
    CoachingEntry.objects.create(
        candidate=mine,
        party=werkpad,
        date=today,
        minutes=75,
        kind="werk",
        note="Vertelde over schulden",
        confidential=True,
    )
    CoachingEntry.objects.create(
        candidate=mine, coach=coach, date=today, minutes=40, kind="werk", note="Intakegesprek"
    )
    client = client_as(party_coach)
    page = client.get(reverse("coaching:party_home")).content.decode()
    assert mine.full_name in page and theirs.full_name not in page
    # Werkpad's own registration is listed (75 minutes), the municipal coach's is not, and
    # no note of either shows.
    assert ">75<" in page and ">40<" not in page
    assert "schulden" not in page and "Intakegesprek" not in page
    assert "Gastheer buurthuis" in page and "Werkplek inrichten" in page
    assert mine.bsn not in page
    for url in [
        reverse("candidates:detail", args=[mine.pk]),
        reverse("coaching:person", args=[mine.pk]),
        reverse("plan:detail", args=[mine.pk]),
        reverse("coaching:week"),
        reverse("candidates:list"),
    ]:
        assert client.get(url).status_code == 403, url


def test_a_party_coach_fills_in_the_partys_week(make_placement, coach, party_coach, client_as):
    """The grid lists the people Werkpad guides that week (here one who started on the
    Wednesday); the minutes are saved as Werkpad's; a cell for someone else is ignored."""
    from coaching.models import GuidanceParty

    werkpad = GuidanceParty.objects.get(name="Werkpad")
    new = participant(make_placement, coach, MONDAY + timedelta(days=2))
    other = participant(make_placement, coach, date(2026, 1, 5))
    services.party_assign(candidate=new, party=werkpad, start_date=MONDAY + timedelta(days=2))
    client = client_as(party_coach)
    url = reverse("coaching:party_week") + f"?week={MONDAY.isoformat()}"
    page = client.get(url)
    assert [row["candidate"] for row in page.context["rows"]] == [new]
    client.post(url, {f"m-{new.pk}-werk": "90", f"m-{other.pk}-werk": "60"})
    (entry,) = CoachingEntry.objects.all()
    assert (entry.candidate, entry.party, entry.minutes, entry.coach) == (new, werkpad, 90, None)


def test_an_unlinked_party_account_sees_nobody(make_user, client_as):
    from basisbaan.roles import PARTY_COACH

    user = make_user(PARTY_COACH)
    page = client_as(user).get(reverse("coaching:party_home")).content.decode()
    assert "nog niet aan een begeleidende partij gekoppeld" in page


def test_the_party_pages_are_paged_and_their_queries_do_not_grow(
    make_placement, coach, party_coach, client_as
):
    """27 people guided: 25 on the first page of 'Mijn deelnemers', 2 on the second; the
    page costs the same number of queries with 2 people as with 25 (guards against N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coaching.models import GuidanceParty

    werkpad = GuidanceParty.objects.get(name="Werkpad")
    start = date(2026, 1, 5)
    for _ in range(27):
        person = participant(make_placement, coach, start)
        services.party_assign(candidate=person, party=werkpad, start_date=start)
    client = client_as(party_coach)
    url = reverse("coaching:party_home")
    with CaptureQueriesContext(connection) as full:
        first = client.get(url)
    assert len(first.context["people"]) == 25
    with CaptureQueriesContext(connection) as short:
        second = client.get(url, {"pagina": 2})
    assert len(second.context["people"]) == 2
    assert len(full.captured_queries) == len(short.captured_queries)
