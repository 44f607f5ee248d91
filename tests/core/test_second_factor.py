"""The TOTP second factor: set-up, verification, and the gate in between."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def password_step(client: Client, user) -> None:
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def activation_step(client: Client, user) -> None:
    """Open a fresh activation link (issued by an admin) and choose the password: the
    session may then enrol an authenticator."""
    from basisbaan import services

    token = services.activation_issue(user=user, acting_user=None)
    response = client.post(
        reverse("activate", args=[token]),
        {"new_password1": TEST_PASSWORD, "new_password2": TEST_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("otp_setup")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_after_the_password_only_the_setup_pages_are_reachable(coach):
    client = Client()
    password_step(client, coach)
    for url in [reverse("home"), reverse("wijk_list"), "/bestaat-niet/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("otp_setup")
    # The password alone does not let anyone register an authenticator (issue #10).
    setup = client.get(reverse("otp_setup"))
    assert setup.status_code == 403
    assert "Activeringslink nodig" in setup.content.decode()
    assert "Hoofdmenu" not in setup.content.decode()  # no navigation before the second step
    assert not TOTPDevice.objects.filter(user=coach).exists()


def test_the_activation_link_leads_to_the_setup(coach):
    client = Client()
    activation_step(client, coach)
    setup = client.get(reverse("otp_setup"))
    assert setup.status_code == 200
    assert "data:image/svg+xml;base64," in setup.content.decode()
    assert client.get(reverse("home"))["Location"] == reverse("otp_setup")


def test_setup_with_a_valid_code_gives_access(coach):
    client = Client()
    activation_step(client, coach)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=coach)
    assert not device.confirmed
    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = client.post(reverse("otp_setup"), {"token": wrong})
    assert "Deze code klopt niet" in response.content.decode()
    # django-otp throttles after a failure (1 s, doubling): right away is refused politely...
    response = client.post(reverse("otp_setup"), {"token": code_for(device)})
    assert "Te veel verkeerde codes" in response.content.decode()
    # ...and a little later the right code is accepted.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        response = client.post(reverse("otp_setup"), {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


def test_code_must_be_six_digits(coach):
    client = Client()
    activation_step(client, coach)
    client.get(reverse("otp_setup"))
    response = client.post(reverse("otp_setup"), {"token": "12ab"})
    assert "Vul de 6 cijfers in" in response.content.decode()


def test_user_with_a_device_must_verify_each_login(coach):
    device = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = Client()
    password_step(client, coach)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("otp_verify")
    assert client.get(reverse("otp_setup"))["Location"] == reverse("otp_verify")
    bad = client.post(reverse("otp_verify"), {"token": "not-a-code"})
    assert bad.status_code == 200
    assert client.get(reverse("home")).status_code == 302
    good = client.post(reverse("otp_verify"), {"token": code_for(device)})
    assert good.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_logout_is_reachable_between_the_two_steps(coach):
    client = Client()
    password_step(client, coach)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("otp_setup"))["Location"].startswith(reverse("login"))


def test_healthz_needs_neither_login_nor_second_factor():
    assert Client().get(reverse("healthz")).status_code == 200
