"""Every read of a person's data is in the access log with its purpose (DESIGN.md,
"Personal data over its lifetime"); before issue #10 the edit form, searches, matching,
lists, per-person costs and the week grid were not."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from basisbaan.models import AccessLog
from tests.factories import CandidateFactory
from tests.placements.conftest import employer, make_placement  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.django_db


def logged(action: str) -> list[tuple[int | None, str]]:
    return list(AccessLog.objects.filter(action=action).values_list("subject_id", "purpose"))


def test_the_edit_form_is_a_logged_read(coach, client_as):
    person = CandidateFactory(coach=coach)
    client_as(coach).get(reverse("candidates:update", args=[person.pk]))
    assert logged("dossier_edit_view") == [(person.pk, "intake")]


def test_every_person_on_a_list_page_is_logged(coach, client_as):
    people = [CandidateFactory(coach=coach) for _ in range(3)]
    before = timezone.now()
    client_as(coach).get(reverse("candidates:list"))
    assert sorted(logged("list_view")) == sorted((p.pk, "casework") for p in people)
    # Who, what kind of data and when: the rows are written in one INSERT of their own.
    rows = AccessLog.objects.filter(action="list_view")
    assert {(row.user_id, row.subject_type, row.detail) for row in rows} == {
        (coach.pk, "candidate", "")
    }
    assert all(before <= row.at <= timezone.now() for row in rows)


def test_a_search_logs_the_hits_and_never_the_term(coach, client_as):
    hit = CandidateFactory(coach=coach, last_name="Zoekmij")
    CandidateFactory(coach=coach, last_name="Anders")
    client_as(coach).post(reverse("candidates:list"), {"zoek": "Zoekmij"})
    assert logged("search_hit") == [(hit.pk, "search")]
    assert not AccessLog.objects.filter(detail__icontains="Zoekmij").exists()


def test_matching_is_a_logged_read(coach, client_as):
    person = CandidateFactory(coach=coach)
    client_as(coach).get(reverse("placements:matching", args=[person.pk]))
    assert logged("matching_view") == [(person.pk, "employment")]


def test_the_week_grid_logs_the_people_it_shows(coach, client_as, make_placement):  # noqa: F811
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    person = CandidateFactory(coach=coach)
    make_placement(
        [("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])], candidate=person
    )
    client_as(coach).get(reverse("coaching:week"), {"week": monday.isoformat()})
    assert logged("week_grid_view") == [(person.pk, "coaching")]
