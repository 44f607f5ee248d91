"""Wijken and dorpen: listing, adding, editing, validation and lost-update protection."""

import re

import pytest
from django.urls import reverse

from basisbaan import services
from basisbaan.models import Wijk
from tests.factories import WijkFactory

pytestmark = pytest.mark.django_db


def test_policy_admin_adds_a_wijk(policy_admin, client_as):
    client = client_as(policy_admin)
    response = client.post(
        reverse("wijk_create"), {"name": " Oosterpark ", "kind": "wijk", "active": "on"}
    )
    assert response.status_code == 302
    wijk = Wijk.objects.get()
    assert (wijk.name, wijk.kind, wijk.active, wijk.version) == ("Oosterpark", "wijk", True, 1)
    listing = client.get(reverse("wijk_list")).content.decode()
    assert "Oosterpark" in listing


def test_empty_name_is_refused_beside_the_field(policy_admin, client_as):
    response = client_as(policy_admin).post(reverse("wijk_create"), {"name": "", "kind": "dorp"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_error"' in body
    assert "Dit veld is verplicht." in body
    assert re.search(r'value="dorp"[^>]*checked', body)  # the choice made is kept
    assert not Wijk.objects.exists()


def test_duplicate_name_is_refused_whatever_the_case(policy_admin, client_as):
    WijkFactory(name="Beijum")
    response = client_as(policy_admin).post(
        reverse("wijk_create"), {"name": "beijum", "kind": "wijk"}
    )
    body = response.content.decode()
    assert 'id="id_name_error"' in body
    assert "Er bestaat al een wijk of dorp met deze naam." in body
    assert Wijk.objects.count() == 1


def test_database_refuses_duplicate_names_when_services_are_bypassed():
    from django.db import IntegrityError, transaction

    WijkFactory(name="Haren")
    with pytest.raises(IntegrityError), transaction.atomic():
        Wijk.objects.create(name="HAREN")


def test_invalid_kind_is_refused(policy_admin, client_as):
    response = client_as(policy_admin).post(reverse("wijk_create"), {"name": "X", "kind": "stad"})
    assert 'id="id_kind_error"' in response.content.decode()
    assert not Wijk.objects.exists()


def test_edit_and_deactivate(policy_admin, client_as):
    wijk = WijkFactory(name="Selwerd")
    client = client_as(policy_admin)
    response = client.post(
        reverse("wijk_update", kwargs={"pk": wijk.pk}),
        {"name": "Selwerd-Noord", "kind": "wijk", "version": wijk.version},
    )
    assert response.status_code == 302
    wijk.refresh_from_db()
    assert (wijk.name, wijk.active, wijk.version) == ("Selwerd-Noord", False, 2)
    client.get(reverse("wijk_list"))  # shows (and so consumes) the success message
    assert "Selwerd-Noord" not in client.get(reverse("wijk_list")).content.decode()
    assert "Selwerd-Noord" in client.get(reverse("wijk_list") + "?alle=1").content.decode()


def test_second_of_two_concurrent_edits_is_refused_and_keeps_its_input(policy_admin, client_as):
    wijk = WijkFactory(name="Paddepoel")
    client = client_as(policy_admin)
    url = reverse("wijk_update", kwargs={"pk": wijk.pk})
    first = client.post(
        url, {"name": "Paddepoel-Zuid", "kind": "wijk", "active": "on", "version": 1}
    )
    assert first.status_code == 302
    second = client.post(
        url, {"name": "Paddepoel-Noord", "kind": "dorp", "active": "on", "version": 1}
    )
    body = second.content.decode()
    assert second.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert 'value="Paddepoel-Noord"' in body
    wijk.refresh_from_db()
    assert (wijk.name, wijk.kind, wijk.version) == ("Paddepoel-Zuid", "wijk", 2)


def test_versioned_update_is_one_conditional_statement():
    wijk = WijkFactory(name="Lewenborg")
    services.wijk_update(wijk=wijk, expected_version=1, name="Lewenborg", kind="dorp", active=True)
    stale = Wijk.objects.get(pk=wijk.pk)
    stale.version = 1
    with pytest.raises(services.StaleObjectError):
        services.wijk_update(wijk=stale, expected_version=1, name="X", kind="wijk", active=True)
    assert Wijk.objects.get(pk=wijk.pk).name == "Lewenborg"


def test_htmx_filter_returns_only_the_results(policy_admin, client_as):
    WijkFactory(name="Glimmen", active=False)
    response = client_as(policy_admin).get(
        reverse("wijk_list") + "?alle=1", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "Glimmen" in body
    assert "<html" not in body


def test_sorting_by_kind(policy_admin, client_as):
    WijkFactory(name="Aa", kind="wijk")
    WijkFactory(name="Zz", kind="dorp")
    body = client_as(policy_admin).get(reverse("wijk_list") + "?sorteer=soort").content.decode()
    assert body.index("Zz") < body.index("Aa")


def test_empty_state(policy_admin, client_as):
    body = client_as(policy_admin).get(reverse("wijk_list")).content.decode()
    assert "Er zijn nog geen wijken of dorpen." in body
