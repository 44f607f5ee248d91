"""The participant's plan (issue #13): goals with actions owned by the coach, the
participant or a guidance party; reviewed every six months; every version kept; printable
in plain language with who helps with what."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import selectors, services
from coaching.models import GuidanceParty, PlanAction, PlanGoal
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_actions_name_a_party_only_when_it_does_them(coach):
    person = CandidateFactory(coach=coach)
    goal = services.goal_add(candidate=person, domain="geld", description="Schulden op een rij")
    with pytest.raises(ValidationError) as refused:
        services.action_add(
            goal=goal, description="Bellen met de GKB", owner="partij", due_date=date(2026, 12, 1)
        )
    assert "party" in refused.value.error_dict
    party = GuidanceParty.objects.create(name="Werkpad")
    action = services.action_add(
        goal=goal,
        description="Werkrooster maken",
        owner="partij",
        party=party,
        due_date=date(2026, 12, 1),
    )
    assert action.party == party
    own = services.action_add(
        goal=goal,
        description="Post openmaken",
        owner="deelnemer",
        party=party,
        due_date=date(2026, 12, 1),
    )
    assert own.party is None  # the participant does it: no party stored


def test_the_review_is_due_six_months_after_the_last_one(coach):
    """Goal made on 10 March 2026: first review by 10 September 2026. Reviewed on 1 May
    2026: the next one by 1 November 2026."""
    person = CandidateFactory(coach=coach)
    with time_machine.travel(date(2026, 3, 10)):
        services.goal_add(candidate=person, domain="werk", description="Ik wil 24 uur werken.")
    assert selectors.plan_for(person).next_review == date(2026, 9, 10)
    with time_machine.travel(date(2026, 5, 2)):
        services.plan_review_add(candidate=person, reviewed_on=date(2026, 5, 1), reviewed_by=coach)
    assert selectors.plan_for(person).next_review == date(2026, 11, 1)


def test_every_version_is_kept(coach):
    person = CandidateFactory(coach=coach)
    goal = services.goal_add(candidate=person, domain="sociaal", description="Een club vinden")
    action = services.action_add(
        goal=goal, description="Buurthuis bezoeken", owner="deelnemer", due_date=date(2026, 12, 1)
    )
    services.action_set_status(action=action, status="gedaan", on=date(2026, 11, 20))
    services.goal_set_status(goal=goal, status="bereikt")
    history = selectors.plan_history(person)
    # (One test transaction gives every version the same moment; in use each change is its
    # own transaction and the list is newest first.)
    assert sorted((what, status) for _m, what, _d, status in history) == [
        ("actie", "gedaan"),
        ("actie", "open"),
        ("doel", "bereikt"),
        ("doel", "open"),
    ]


def test_the_plan_pages(coach, client_as):
    """Adding a goal and an action through the pages (a refused form comes back filled in),
    ticking the action off, and the plain-language print with who helps with what."""
    person = CandidateFactory(coach=coach, first_name="Anna")
    client = client_as(coach)
    add = reverse("plan:goal_add", args=[person.pk])
    refused = client.post(add, {"domain": "werk", "description": ""})
    assert refused.status_code == 200 and "Dit veld is verplicht." in refused.content.decode()
    client.post(add, {"domain": "werk", "description": "Ik wil 24 uur werken."})
    goal = PlanGoal.objects.get()
    client.post(
        reverse("plan:action_add", args=[person.pk, goal.pk]),
        {"description": "Rooster bespreken", "owner": "coach", "due_date": "2026-12-01"},
    )
    action = PlanAction.objects.get()
    client.post(reverse("plan:action_status", args=[person.pk, action.pk]), {"stand": "gedaan"})
    action.refresh_from_db()
    assert action.status == "gedaan" and action.done_on is not None
    page = client.get(reverse("plan:detail", args=[person.pk])).content.decode()
    assert "Ik wil 24 uur werken." in page and "Geschiedenis" in page
    printed = client.get(reverse("plan:print", args=[person.pk])).content.decode()
    assert "Mijn plan, Anna" in printed and "Wat ik wil:" in printed
    assert "Wie helpt mij waarmee" in printed


def test_the_plan_page_queries_do_not_grow(coach, client_as):
    """Guards the plan page against N+1: 1 goal with 1 action or 4 goals with 3 actions
    each cost the same number of queries."""
    person = CandidateFactory(coach=coach)
    client = client_as(coach)
    url = reverse("plan:detail", args=[person.pk])

    def grow(goals: int, actions: int) -> None:
        for g in range(goals):
            goal = services.goal_add(candidate=person, domain="werk", description=f"Doel {g}")
            for a in range(actions):
                services.action_add(
                    goal=goal, description=f"Actie {a}", owner="coach", due_date=date(2026, 12, 1)
                )

    grow(1, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(3, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
