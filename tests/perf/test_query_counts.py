"""The number of queries a page makes does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from basisbaan.roles import COACH
from tests.factories import WijkFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("fixture", "url_name"),
    [
        ("coach", "home"),
        ("policy_admin", "home"),
        ("functional_admin", "home"),
        ("policy_admin", "wijk_list"),
        ("functional_admin", "user_list"),
        ("functional_admin", "profile_detail"),
    ],
)
def test_page_queries_do_not_grow_with_rows(fixture, url_name, request, client_as, make_user):
    """Guards the start page counts (single aggregates), the wijk list and the user list
    (roles prefetched) against N+1 queries: 5 rows and 60 rows cost the same."""
    client = client_as(request.getfixturevalue(fixture))
    url = reverse(url_name)
    WijkFactory.create_batch(5)
    for _ in range(5):
        make_user(COACH)
    few = count_queries(client, url)
    WijkFactory.create_batch(55)
    for _ in range(55):
        make_user(COACH)
    many = count_queries(client, url)
    assert few == many
    assert many <= 12, f"{url_name}: {many} queries"


def test_start_page_query_budget(coach, client_as):
    """The coach's start page: session read, user, 2 permission queries, wijk counts,
    caseload counts, selection totals, profile, groups, and the session save (renewing the
    idle timeout: BEGIN, UPDATE, COMMIT)."""
    client = client_as(coach)
    WijkFactory.create_batch(20)
    assert count_queries(client, reverse("home")) <= 12


def _candidates(n: int, coach) -> None:
    from datetime import date

    from basisbaan.models import TaskType
    from candidates.models import PriorInstrument
    from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

    task_type = TaskType.objects.get_or_create(name="Zwerfafval")[0]
    for _ in range(n):
        candidate = CandidateFactory(coach=coach)
        candidate.preferred_task_types.add(task_type)
        ConversationFactory(candidate=candidate, coach=coach)
        DecisionFactory(candidate=candidate, decided_by=coach)
        PriorInstrument.objects.create(
            candidate=candidate, kind="overig", start_date=date(2019, 1, 1)
        )


@pytest.mark.parametrize("url_name", ["candidates:list", "candidates:funnel"])
def test_candidate_pages_do_not_grow_from_5_to_200_candidates(url_name, coach, client_as):
    """The list annotates status in SQL and joins wijk and coach; the funnel is aggregates."""
    client = client_as(coach)
    url = reverse(url_name)
    _candidates(5, coach)
    few = count_queries(client, url)
    _candidates(195, coach)
    assert count_queries(client, url) == few


def test_dossier_queries_do_not_grow_with_its_history(coach, client_as):
    """The dossier prefetches instruments, conversations, decisions, wishes: a fixed count
    however long the candidate's history is."""
    from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

    candidate = CandidateFactory(coach=coach)
    client = client_as(coach)
    url = reverse("candidates:detail", args=[candidate.pk])
    ConversationFactory(candidate=candidate, coach=coach)
    few = count_queries(client, url)
    for _ in range(30):
        ConversationFactory(candidate=candidate, coach=coach)
        DecisionFactory(candidate=candidate, decided_by=coach)
    many = count_queries(client, url)
    assert many == few, (few, many)
