"""The functional admin's retention pages (issue #15): the periods with their reasons,
changed only within the legal bounds; erasure on request, refused while a retention duty
applies and otherwise carried out by the retention job, nothing of the person left."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from basisbaan.models import AccessLog, ErasureRequest, RetentionPeriod
from candidates.models import Candidate
from placements.models import Employer, Placement
from tests.factories import CandidateFactory


@pytest.mark.django_db
def test_periods_are_shown_with_their_reason_and_kept_within_bounds(functional_admin, client_as):
    client = client_as(functional_admin)
    url = reverse("retention")
    page = client.get(url).content.decode()
    assert "fiscale bewaarplicht" in page and "Oud-deelnemers" in page
    client.post(url, {"kind": "drafts", "days": "45"})
    assert RetentionPeriod.objects.get(kind="drafts").days == 45
    refused = client.post(url, {"kind": "drafts", "days": "5000"})
    assert "Kies een termijn van 1 tot en met 90 dagen." in refused.content.decode()
    assert RetentionPeriod.objects.get(kind="drafts").days == 45
    too_short = client.post(url, {"kind": "former_participant", "days": "365"})
    assert "Kies een termijn van 2555" in too_short.content.decode()  # the legal minimum
    assert not RetentionPeriod.objects.filter(kind="former_participant").exists()


@pytest.mark.django_db
def test_the_retention_page_queries_do_not_grow(functional_admin, client_as):
    """Guards the page (periods and what the next run removes, all counted in SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(functional_admin)
    CandidateFactory.create_batch(3, registered_on=date(2020, 1, 6))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("retention"))
    CandidateFactory.create_batch(30, registered_on=date(2020, 1, 6))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("retention"))
    assert len(many.captured_queries) == len(few.captured_queries)


def placed(end):
    person = CandidateFactory()
    Placement.objects.create(
        candidate=person,
        employer=Employer.objects.get_or_create(name="Thermiek BV")[0],
        primary_wijk=person.home_wijk,
        start_date=date(2019, 1, 7),
        end_date=end,
        end_reason="eigen_verzoek" if end else "",
    )
    return person


@pytest.mark.django_db(transaction=True)
def test_erasure_is_refused_during_a_retention_duty_and_carried_out_otherwise(
    functional_admin, client_as
):
    client = client_as(functional_admin)
    url = reverse("erasure")
    working = placed(None)
    left = placed(date(2022, 6, 30))
    never = CandidateFactory(first_name="Wietske", last_name="Oosterbroek")
    data = {"ground": "c", "confirm": "on"}
    refused = client.post(url, {**data, "nummer": working.pk}).content.decode()
    assert "nog in dienst" in refused
    refused = client.post(url, {**data, "nummer": left.pk}).content.decode()
    until = date(2022, 6, 30) + timedelta(days=2555)
    assert "fiscale bewaarplicht" in refused and str(until.year) in refused
    assert (
        "Er is geen persoon met dit nummer."
        in client.post(url, {**data, "nummer": 999999}).content.decode()
    )
    assert client.post(url, {**data, "nummer": never.pk}).status_code == 302
    assert "Wietske" not in client.get(url).content.decode()  # no names on the page
    request = ErasureRequest.objects.get()
    assert request.done_at is None

    call_command("retention")
    request.refresh_from_db()
    assert request.done_at is not None and request.rows_removed > 0 and not request.refused
    assert not Candidate.objects.filter(pk=never.pk).exists()
    from tests.core.test_retention import tables_mentioning

    assert tables_mentioning("Oosterbroek", never.bsn) == set()  # history included
    assert set(Candidate.objects.values_list("pk", flat=True)) == {working.pk, left.pk}
    assert AccessLog.objects.filter(action="retention").count() == 1
    assert request.done_at <= timezone.now()
