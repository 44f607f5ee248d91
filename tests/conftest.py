"""Shared fixtures: the role groups, one user per role, clients logged in as them; and the
test database, created and migrated as the owner role, then used as the runtime role."""

import pytest
from django.apps import apps as django_apps
from django.test import Client

from basisbaan.dbroles import as_owner
from basisbaan.roles import (
    COACH,
    EXECUTIVE_STAFF,
    FUNCTIONAL_ADMIN,
    PARTY_COACH,
    POLICY_ADMIN,
    ROLES,
    all_role_permissions,
    grant_role_permissions,
)

from .factories import UserFactory, default_team


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """As pytest-django's, but the owner creates and migrates the test database (granting
    the runtime role, see basisbaan.dbroles); the tests themselves then run as the runtime
    role, as the application does."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock(), as_owner(connection):
        db_cfg = setup_databases(verbosity=request.config.option.verbose, interactive=False)
    yield
    with django_db_blocker.unblock(), as_owner(connection):
        teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True, scope="session")
def _flushas_owner():
    """A transactional (browser) test empties every table afterwards with TRUNCATE, which the
    runtime role may not do on the append-only tables: that one statement runs as owner."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with as_owner(self.connection):
            original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


ROLE_FIXTURES = {
    "coach": COACH,
    "policy_admin": POLICY_ADMIN,
    "executive_staff": EXECUTIVE_STAFF,
    "functional_admin": FUNCTIONAL_ADMIN,
    "party_coach": PARTY_COACH,
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
    """A coach in the default test team, whose caseload the factories' candidates are in."""
    user = make_user(COACH, full_name="Coby Coach")
    default_team().members.add(user)
    return user


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
def party_coach(make_user):
    """A job coach of the guidance party "Werkpad" (linked to it)."""
    from coaching.models import GuidanceParty

    user = make_user(PARTY_COACH, full_name="Pim Partij")
    GuidanceParty.objects.get_or_create(name="Werkpad")[0].members.add(user)
    return user


@pytest.fixture
def no_role_user(make_user):
    return make_user(full_name="Nina Zonderrol")


@pytest.fixture
def users_by_role(coach, policy_admin, executive_staff, functional_admin, party_coach) -> dict:
    return {
        COACH: coach,
        POLICY_ADMIN: policy_admin,
        EXECUTIVE_STAFF: executive_staff,
        FUNCTIONAL_ADMIN: functional_admin,
        PARTY_COACH: party_coach,
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
