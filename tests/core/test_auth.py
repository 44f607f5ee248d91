"""Login, logout, lock-out and session limits."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_login_page_is_dutch_and_public():
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert "<title>Inloggen" in response.content.decode()
    assert 'lang="nl"' in response.content.decode()


def test_login_with_email_and_password_leads_to_start_page(coach):
    client = Client()
    response = login(client, coach.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Welkom, Coby" in home.content.decode()


def test_email_is_case_insensitive(coach):
    client = Client()
    response = login(client, coach.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302


def test_wrong_password_gives_dutch_message_and_keeps_email(coach):
    response = login(Client(), coach.email, "wrong-password")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar" in body
    assert f'value="{coach.email}"' in body


def test_anonymous_user_is_sent_to_login_with_next():
    response = Client().get(reverse("wijk_list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('wijk_list')}"


def test_logout_is_a_post_and_ends_the_session(client_as, coach):
    client = client_as(coach)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_lockout_after_five_failures_even_with_the_right_password(coach):
    client = Client()
    for _ in range(4):
        assert login(client, coach.email, "wrong-password").status_code == 200
    fifth = login(client, coach.email, "wrong-password")
    assert fifth.status_code == 429
    response = login(client, coach.email, TEST_PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in body
    assert "15 minuten" in body
    assert client.get(reverse("home")).status_code == 302


def test_lockout_ends_after_fifteen_minutes(coach):
    client = Client()
    for _ in range(5):
        login(client, coach.email, "wrong-password")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert login(client, coach.email, TEST_PASSWORD).status_code == 302


def test_four_failures_then_success_does_not_lock(coach):
    client = Client()
    for _ in range(4):
        login(client, coach.email, "wrong-password")
    assert login(client, coach.email, TEST_PASSWORD).status_code == 302


def test_session_ends_after_thirty_minutes_idle(coach):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        login(client, coach.email, TEST_PASSWORD)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200  # activity renews the session
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_session_ends_after_ten_hours_however_active(coach):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        login(client, coach.email, TEST_PASSWORD)
        for _ in range(29):  # every 20 minutes for 9 h 40 min
            traveller.shift(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=21))  # 10 h 1 min after login
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("login")
        follow = client.get(response["Location"])
        assert "Uw sessie is verlopen" in follow.content.decode()


def test_inactive_user_cannot_log_in(make_user):
    user = make_user(is_active=False)
    response = login(Client(), user.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()


@pytest.mark.parametrize("spelling", ["upper", "padded"])
def test_other_spellings_of_the_address_share_one_lockout(coach, spelling):
    """Log-in ignores case and surrounding spaces, so the lock-out must too: otherwise
    `COACH@...` or ` coach@...` would give an attacker five fresh tries each."""
    client = Client()
    variants = [
        coach.email,
        coach.email.upper(),
        f" {coach.email}",
        coach.email.title(),
        coach.email,
    ]
    for variant in variants[:4]:
        login(client, variant, "wrong-password")
    other = coach.email.upper() if spelling == "upper" else f"  {coach.email} "
    assert login(client, other, "wrong-password").status_code == 429
    assert login(client, coach.email, TEST_PASSWORD).status_code == 429


def test_padded_address_logs_in(coach):
    assert login(Client(), f"  {coach.email.upper()} ", TEST_PASSWORD).status_code == 302


def test_many_accounts_from_one_address_lock_the_address(coach, settings):
    """Guessing one password for many accounts from one address: after
    AXES_IP_FAILURE_LIMIT failures over all usernames, the address is locked, even for a
    username that has no failures of its own yet."""
    settings.AXES_IP_FAILURE_LIMIT = 6
    client = Client()
    for n in range(6):
        assert login(client, f"someone{n}@example.org", "wrong-password").status_code == 200
    response = login(client, coach.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Vanaf deze plek" in response.content.decode()
