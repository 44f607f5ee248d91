"""Admin-managed lists: exclusion reasons (candidates) and task types (core)."""

import pytest
from django.urls import reverse

from basisbaan.models import TaskType
from candidates.forms import DecisionForm
from candidates.models import ExclusionReason

pytestmark = pytest.mark.django_db


def test_seeded_exclusion_reasons_are_the_ones_of_the_design():
    assert list(ExclusionReason.objects.values_list("name", flat=True)) == [
        "Perspectief op betaald werk (regulier of met loonkostensubsidie)",
        "(Fysieke) beperkingen te groot",
        "Voorkeur voor voortzetten vrijwilligerswerk",
        "Stap naar werk (nog) niet te maken",
        "Ander instrument passender, bijv. beschut werk",
        "Zorg en werk (nog) niet te combineren",
        "Overig",
    ]


def test_policy_admin_adds_and_deactivates_a_reason(policy_admin, client_as):
    client = client_as(policy_admin)
    url = reverse("candidates:exclusionreason_create")
    response = client.post(
        url, {"name": "Verhuist naar andere gemeente", "position": "75", "active": "on"}
    )
    assert response.status_code == 302
    reason = ExclusionReason.objects.get(name="Verhuist naar andere gemeente")
    duplicate = client.post(url, {"name": "verhuist naar andere gemeente", "position": "1"})
    assert "Deze naam bestaat al in de lijst." in duplicate.content.decode()
    client.post(
        reverse("candidates:exclusionreason_update", args=[reason.pk]),
        {"name": reason.name, "position": "75", "version": "1"},
    )
    reason.refresh_from_db()
    assert not reason.active
    assert reason not in DecisionForm().fields["exclusion_reason"].queryset


def test_task_types_are_kept_by_the_policy_admin(policy_admin, client_as):
    client = client_as(policy_admin)
    client.post(reverse("tasktype_create"), {"name": "Wijkblad", "position": "10", "active": "on"})
    assert TaskType.objects.get().name == "Wijkblad"
    assert "Wijkblad" in client.get(reverse("tasktype_list")).content.decode()
