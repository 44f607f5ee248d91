"""User management by the functional admin."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from basisbaan.models import User
from basisbaan.roles import COACH, FUNCTIONAL_ADMIN, POLICY_ADMIN
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def role_ids(*names):
    from django.contrib.auth.models import Group

    return [str(g.pk) for g in Group.objects.filter(name__in=names)]


def test_functional_admin_creates_a_coach_who_activates_with_the_link(functional_admin, client_as):
    """A new account has no password: the admin gets a one-time activation link (shown
    once) with which the coach chooses a password and sets up the second factor."""
    response = client_as(functional_admin).post(
        reverse("user_create"),
        {
            "email": "Nieuwe.Coach@Gemeente.example",
            "full_name": "Nieuwe Coach",
            "roles": role_ids(COACH),
        },
    )
    assert response.status_code == 200
    user = User.objects.get(email="nieuwe.coach@gemeente.example")
    assert [g.name for g in user.groups.all()] == [COACH]
    assert not user.has_usable_password()
    link = re.search(r"https?://[^<\s]+/activeren/[^<\s]+/", response.content.decode()).group(0)
    coach_browser = Client()
    chosen = "een-lang-eigen-wachtwoord"
    done = coach_browser.post(link, {"new_password1": chosen, "new_password2": chosen})
    assert done.status_code == 302 and done["Location"] == reverse("otp_setup")
    assert coach_browser.get(reverse("otp_setup")).status_code == 200
    # The link works once.
    assert Client().get(link).status_code == 404
    login = Client().post(
        reverse("login"), {"username": "nieuwe.coach@gemeente.example", "password": chosen}
    )
    assert login.status_code == 302


def test_a_weak_password_is_refused_on_activation(functional_admin):
    from basisbaan import services

    user = User.objects.create_user(email="x@example.org", full_name="X")
    token = services.activation_issue(user=user, acting_user=functional_admin)
    response = Client().post(
        reverse("activate", args=[token]), {"new_password1": "12345", "new_password2": "12345"}
    )
    assert 'id="id_new_password2_error"' in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_duplicate_email_is_refused(functional_admin, coach, client_as):
    response = client_as(functional_admin).post(
        reverse("user_create"),
        {"email": coach.email.upper(), "full_name": "Dubbel"},
    )
    assert 'id="id_email_error"' in response.content.decode()


def test_deactivating_a_user_blocks_login(functional_admin, coach, client_as):
    response = client_as(functional_admin).post(
        reverse("user_update", kwargs={"pk": coach.pk}),
        {
            "email": coach.email,
            "full_name": coach.full_name,
            "roles": role_ids(COACH),
            "version": coach.version,
        },
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert not coach.is_active


def test_nobody_changes_their_own_roles_teams_or_active_flag(functional_admin, client_as):
    """The escalation path of issue #10: a functional admin giving themselves the coach role
    (and so every dossier). The fields are disabled on one's own account, and whatever is
    posted, nothing changes."""
    team = TeamFactory()
    client = client_as(functional_admin)
    url = reverse("user_update", kwargs={"pk": functional_admin.pk})
    page = client.get(url).content.decode()
    assert "U kunt uw eigen rollen niet wijzigen" in page
    response = client.post(
        url,
        {
            "email": functional_admin.email,
            "full_name": "Frits Beheer",
            "roles": role_ids(COACH, FUNCTIONAL_ADMIN),
            "teams": [team.pk],
            "version": functional_admin.version,
        },
    )
    assert response.status_code == 302
    functional_admin.refresh_from_db()
    assert functional_admin.is_active
    assert set(functional_admin.groups.values_list("name", flat=True)) == {FUNCTIONAL_ADMIN}
    assert not functional_admin.teams.exists()
    assert not functional_admin.has_perm("candidates.view_candidate")


def test_the_service_refuses_a_change_of_ones_own_roles(functional_admin):
    from django.contrib.auth.models import Group
    from django.core.exceptions import ValidationError

    from basisbaan import services

    with pytest.raises(ValidationError):
        services.user_roles_set(
            user=functional_admin,
            acting_user=functional_admin,
            roles=list(Group.objects.filter(name__in=[COACH, FUNCTIONAL_ADMIN])),
        )
    with pytest.raises(ValidationError):
        services.user_teams_set(
            user=functional_admin, acting_user=functional_admin, teams=[TeamFactory()]
        )
    assert not functional_admin.groups.filter(name=COACH).exists()


def test_a_role_change_is_in_the_access_log_and_the_history(functional_admin, coach, client_as):
    from django.apps import apps

    from basisbaan.models import AccessLog

    UserRoleEvent = apps.get_model("core", "UserRoleEvent")  # noqa: N806

    client_as(functional_admin).post(
        reverse("user_update", kwargs={"pk": coach.pk}),
        {
            "email": coach.email,
            "full_name": coach.full_name,
            "is_active": "on",
            "roles": role_ids(COACH, POLICY_ADMIN),
            "version": coach.version,
        },
    )
    entry = AccessLog.objects.get(action="role_change")
    assert (entry.user, entry.subject_type, entry.subject_id) == (
        functional_admin,
        "user",
        coach.pk,
    )
    assert entry.detail == f"+{POLICY_ADMIN}"
    added = UserRoleEvent.objects.filter(pgh_label="role.add", user=coach, group__name=POLICY_ADMIN)
    assert added.count() == 1


def test_two_admins_editing_one_account_the_second_is_refused(
    functional_admin, make_user, coach, client_as
):
    other_admin = make_user(FUNCTIONAL_ADMIN)
    url = reverse("user_update", kwargs={"pk": coach.pk})
    data = {"email": coach.email, "is_active": "on", "roles": role_ids(COACH), "version": 1}
    first = client_as(functional_admin).post(url, {**data, "full_name": "Eerste Naam"})
    assert first.status_code == 302
    second = client_as(other_admin).post(url, {**data, "full_name": "Tweede Naam"})
    assert second.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in second.content.decode()
    assert 'value="Tweede Naam"' in second.content.decode()
    coach.refresh_from_db()
    assert coach.full_name == "Eerste Naam"


def test_search_and_pagination(functional_admin, make_user, client_as):
    for i in range(30):
        make_user(COACH, full_name=f"Coach {i:02d}", email=f"coach{i:02d}@example.org")
    client = client_as(functional_admin)
    first = client.get(reverse("user_list")).content.decode()
    assert "Pagina 1 van 2" in first
    found = client.get(reverse("user_list") + "?zoek=coach07").content.decode()
    assert "Coach 07" in found and "Coach 08" not in found
