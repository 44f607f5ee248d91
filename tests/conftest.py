"""Shared fixtures: the role groups, one user per role, clients logged in as them."""

import pytest
from django.apps import apps as django_apps
from django.test import Client

from basisbaan.roles import (
    COACH,
    EXECUTIVE_STAFF,
    FUNCTIONAL_ADMIN,
    POLICY_ADMIN,
    ROLES,
    all_role_permissions,
    grant_role_permissions,
)

from .factories import UserFactory

ROLE_FIXTURES = {
    "coach": COACH,
    "policy_admin": POLICY_ADMIN,
    "executive_staff": EXECUTIVE_STAFF,
    "functional_admin": FUNCTIONAL_ADMIN,
}


@pytest.fixture
def roles(db) -> None:
    """The role groups with their permissions.

    Migrations create them, but a transactional test (browser tests) empties every table
    afterwards, so they are granted again here.
    """
    grant_role_permissions(django_apps, all_role_permissions())


@pytest.fixture
def make_user(roles):
    def make(*role_names: str, **kwargs):
        return UserFactory(roles=list(role_names), **kwargs)

    return make


@pytest.fixture
def coach(make_user):
    return make_user(COACH, full_name="Coby Coach")


@pytest.fixture
def policy_admin(make_user):
    return make_user(POLICY_ADMIN, full_name="Bert Beleid")


@pytest.fixture
def executive_staff(make_user):
    return make_user(EXECUTIVE_STAFF, full_name="Bea Bestuur")


@pytest.fixture
def functional_admin(make_user):
    return make_user(FUNCTIONAL_ADMIN, full_name="Frits Beheer")


@pytest.fixture
def no_role_user(make_user):
    return make_user(full_name="Nina Zonderrol")


@pytest.fixture
def users_by_role(coach, policy_admin, executive_staff, functional_admin) -> dict:
    return {
        COACH: coach,
        POLICY_ADMIN: policy_admin,
        EXECUTIVE_STAFF: executive_staff,
        FUNCTIONAL_ADMIN: functional_admin,
    }


@pytest.fixture
def client_as():
    """A test client logged in as the given user (password step and, if needed, 2FA passed)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


assert set(ROLE_FIXTURES.values()) == set(ROLES)
