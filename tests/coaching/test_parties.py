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
