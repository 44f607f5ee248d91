"""Change history (pghistory): changes are recorded by triggers, with the acting user."""

import pytest
from django.urls import reverse

from basisbaan.models import Wijk

pytestmark = pytest.mark.django_db


def test_wijk_changes_are_recorded_with_the_acting_user(policy_admin, client_as):
    client = client_as(policy_admin)
    client.post(reverse("wijk_create"), {"name": "Centrum", "kind": "wijk", "active": "on"})
    wijk = Wijk.objects.get()
    client.post(
        reverse("wijk_update", kwargs={"pk": wijk.pk}),
        {"name": "Binnenstad", "kind": "wijk", "active": "on", "version": 1},
    )
    events = list(wijk.events.order_by("pgh_id"))
    assert [(e.pgh_label, e.name) for e in events] == [
        ("insert", "Centrum"),
        ("update", "Binnenstad"),
    ]
    for event in events:
        assert event.pgh_context.metadata["user"] == policy_admin.pk


def test_history_is_written_even_when_the_application_is_bypassed():
    wijk = Wijk.objects.create(name="Haren", kind="dorp")
    Wijk.objects.filter(pk=wijk.pk).update(name="Haren (Gn)")
    assert list(wijk.events.values_list("name", flat=True).order_by("pgh_id")) == [
        "Haren",
        "Haren (Gn)",
    ]


def test_user_history_never_stores_the_password_hash(coach):
    coach.full_name = "Coby de Coach"
    coach.save()
    event_fields = {f.name for f in coach.events.model._meta.fields}
    assert "password" not in event_fields
    assert coach.events.last().full_name == "Coby de Coach"


def test_profile_history_is_tracked(functional_admin, client_as):
    from basisbaan.models import MunicipalityProfile

    client = client_as(functional_admin)
    client.get(reverse("profile_update"))
    client.post(reverse("profile_update"), {"name": "Gemeente A", "version": 1})
    profile = MunicipalityProfile.objects.get()
    assert profile.events.last().name == "Gemeente A"
    assert profile.events.last().pgh_context.metadata["user"] == functional_admin.pk
