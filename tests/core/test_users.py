"""User management by the functional admin."""

import pytest
from django.test import Client
from django.urls import reverse

from basisbaan.models import User
from basisbaan.roles import COACH, FUNCTIONAL_ADMIN

pytestmark = pytest.mark.django_db


def role_ids(*names):
    from django.contrib.auth.models import Group

    return [str(g.pk) for g in Group.objects.filter(name__in=names)]


def test_functional_admin_creates_a_coach_who_can_log_in(functional_admin, client_as):
    response = client_as(functional_admin).post(
        reverse("user_create"),
        {
            "email": "Nieuwe.Coach@Gemeente.example",
            "full_name": "Nieuwe Coach",
            "password1": "een-lang-tijdelijk-wachtwoord",
            "password2": "een-lang-tijdelijk-wachtwoord",
            "roles": role_ids(COACH),
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.coach@gemeente.example")
    assert [g.name for g in user.groups.all()] == [COACH]
    login = Client().post(
        reverse("login"),
        {"username": "nieuwe.coach@gemeente.example", "password": "een-lang-tijdelijk-wachtwoord"},
    )
    assert login.status_code == 302


def test_weak_password_and_mismatch_are_refused(functional_admin, client_as):
    response = client_as(functional_admin).post(
        reverse("user_create"),
        {"email": "x@example.org", "full_name": "X", "password1": "12345", "password2": "12345"},
    )
    body = response.content.decode()
    assert 'id="id_password2_error"' in body
    assert not User.objects.filter(email="x@example.org").exists()


def test_duplicate_email_is_refused(functional_admin, coach, client_as):
    response = client_as(functional_admin).post(
        reverse("user_create"),
        {
            "email": coach.email.upper(),
            "full_name": "Dubbel",
            "password1": "een-lang-tijdelijk-wachtwoord",
            "password2": "een-lang-tijdelijk-wachtwoord",
        },
    )
    assert 'id="id_email_error"' in response.content.decode()
    assert User.objects.filter(email__iexact=coach.email).count() == 1


def test_deactivating_a_user_blocks_login(functional_admin, coach, client_as):
    response = client_as(functional_admin).post(
        reverse("user_update", kwargs={"pk": coach.pk}),
        {"email": coach.email, "full_name": coach.full_name, "roles": role_ids(COACH)},
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert not coach.is_active


def test_admin_cannot_lock_themselves_out(functional_admin, client_as):
    client = client_as(functional_admin)
    url = reverse("user_update", kwargs={"pk": functional_admin.pk})
    data = {"email": functional_admin.email, "full_name": "Frits Beheer"}
    response = client.post(url, {**data, "roles": role_ids(FUNCTIONAL_ADMIN)})
    assert "U kunt uw eigen account niet uitzetten." in response.content.decode()
    response = client.post(url, {**data, "is_active": "on", "roles": role_ids(COACH)})
    assert "eigen rol van functioneel beheerder niet afnemen" in response.content.decode()
    functional_admin.refresh_from_db()
    assert functional_admin.is_active
    assert functional_admin.groups.filter(name=FUNCTIONAL_ADMIN).exists()


def test_search_and_pagination(functional_admin, make_user, client_as):
    for i in range(30):
        make_user(COACH, full_name=f"Coach {i:02d}", email=f"coach{i:02d}@example.org")
    client = client_as(functional_admin)
    first = client.get(reverse("user_list")).content.decode()
    assert "Pagina 1 van 2" in first
    found = client.get(reverse("user_list") + "?zoek=coach07").content.decode()
    assert "Coach 07" in found and "Coach 08" not in found
