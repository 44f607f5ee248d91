"""The permission backend (basisbaan.auth.PermissionBackend) reads a user's own and their
roles' permissions in one query and answers exactly as Django's ModelBackend would."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from basisbaan.auth import PermissionBackend
from basisbaan.models import User
from basisbaan.roles import COACH, EXECUTIVE_STAFF, all_role_permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no permission cache yet


def test_role_and_own_permissions_in_one_query_as_django_would():
    user = UserFactory(roles=[COACH, EXECUTIVE_STAFF])
    own = Permission.objects.get(codename="view_accesslog", content_type__app_label="core")
    user.user_permissions.add(own)
    user = _fresh(user)
    with CaptureQueriesContext(connection) as queries:
        perms = PermissionBackend().get_all_permissions(user)
        assert user.has_perm("core.view_accesslog")  # from the cache, no second query
    assert len(queries) == 1
    expected = set(all_role_permissions()[COACH]) | set(all_role_permissions()[EXECUTIVE_STAFF])
    assert perms == expected | {"core.view_accesslog"}
    assert perms == ModelBackend().get_all_permissions(_fresh(user))


def test_no_roles_inactive_and_superuser():
    nobody = _fresh(UserFactory())
    assert PermissionBackend().get_all_permissions(nobody) == set()
    assert not nobody.has_perm("candidates.view_candidate")

    inactive = UserFactory(roles=[COACH])
    inactive.is_active = False
    inactive.save()
    inactive = _fresh(inactive)
    assert PermissionBackend().get_all_permissions(inactive) == set()
    assert not inactive.has_perm("candidates.view_candidate")

    root = UserFactory()
    root.is_superuser = True
    root.save()
    assert len(PermissionBackend().get_all_permissions(_fresh(root))) == Permission.objects.count()


def test_a_role_taken_away_is_gone_on_the_next_request():
    user = UserFactory(roles=[COACH])
    assert _fresh(user).has_perm("candidates.view_candidate")
    user.groups.clear()
    assert not _fresh(user).has_perm("candidates.view_candidate")
