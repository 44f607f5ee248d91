"""The role model cannot be escaped through the Django admin (/beheer/): only a superuser
sees the superuser/staff/group/permission fields, and nobody edits their own."""

import pytest
from django.urls import reverse

from basisbaan.roles import FUNCTIONAL_ADMIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(make_user):
    """The functional admin as the demo has them: access to /beheer/, no superuser."""
    return make_user(FUNCTIONAL_ADMIN, full_name="Frits Beheer", is_staff=True)


def admin_change(client, user, data: dict):
    url = reverse("admin:core_user_change", args=[user.pk])
    base = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    return client.post(url, {**base, **data})


def test_the_functional_admin_does_not_see_the_privilege_fields(staff_admin, coach, client_as):
    page = client_as(staff_admin).get(reverse("admin:core_user_change", args=[coach.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for field in ("is_superuser", "is_staff", "user_permissions", 'name="groups"'):
        assert field not in body, field


def test_the_functional_admin_cannot_make_themselves_superuser(staff_admin, client_as):
    from django.contrib.auth.models import Group, Permission

    response = admin_change(
        client_as(staff_admin),
        staff_admin,
        {
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [g.pk for g in Group.objects.all()],
            "user_permissions": [Permission.objects.get(codename="view_candidate").pk],
        },
    )
    assert response.status_code in {200, 302, 403}
    staff_admin.refresh_from_db()
    assert not staff_admin.is_superuser
    assert set(staff_admin.groups.values_list("name", flat=True)) == {FUNCTIONAL_ADMIN}
    assert not staff_admin.user_permissions.exists()
    assert not staff_admin.has_perm("candidates.view_candidate")


def test_nor_another_account_superuser(staff_admin, coach, client_as):
    admin_change(client_as(staff_admin), coach, {"is_superuser": "on", "is_staff": "on"})
    coach.refresh_from_db()
    assert not coach.is_superuser and not coach.is_staff


def test_a_superuser_cannot_change_their_own_roles_either(make_user, client_as):
    from django.contrib.auth.models import Group

    root = make_user(is_staff=True, is_superuser=True)
    admin_change(client_as(root), root, {"groups": [Group.objects.get(name="coach").pk]})
    assert not root.groups.exists()


def test_a_superuser_changes_someone_elses_roles_and_it_is_logged(make_user, coach, client_as):
    from django.contrib.auth.models import Group

    from basisbaan.models import AccessLog

    root = make_user(is_staff=True, is_superuser=True)
    groups = [Group.objects.get(name="coach").pk, Group.objects.get(name=FUNCTIONAL_ADMIN).pk]
    response = admin_change(client_as(root), coach, {"groups": groups, "is_staff": ""})
    assert response.status_code == 302
    assert coach.groups.filter(name=FUNCTIONAL_ADMIN).exists()
    assert AccessLog.objects.get(action="role_change").detail == f"+{FUNCTIONAL_ADMIN}"


def test_production_needs_no_superuser(db, roles, capsys):
    from django.core.management import call_command

    from basisbaan.models import User

    call_command(
        "create_functional_admin", email="Beheer@Gemeente.example", name="Eerste Beheerder"
    )
    user = User.objects.get(email="beheer@gemeente.example")
    assert not user.is_superuser and user.is_staff and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [FUNCTIONAL_ADMIN]
    assert "/activeren/" in capsys.readouterr().out
