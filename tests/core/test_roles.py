"""The grants the migrations leave behind are exactly the ones roles.py declares."""

import pytest
from django.contrib.auth.models import Group

from basisbaan.roles import ROLES, all_role_permissions

pytestmark = pytest.mark.django_db


def test_migrated_grants_equal_the_declared_role_permissions():
    declared = {role: set(perms) for role, perms in all_role_permissions().items()}
    migrated = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    assert set(migrated) == set(ROLES)
    assert migrated == declared


def test_executive_staff_can_reach_no_personal_data():
    perms = set(all_role_permissions()["bestuursondersteuning"])
    personal = {p for p in perms if p.startswith("candidates.") or "user" in p}
    assert personal == set()
