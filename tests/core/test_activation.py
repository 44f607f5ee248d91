"""Second-factor enrolment goes through a one-time activation link from the functional
admin (72 hours, once, the newest only); a forgotten password is reset by e-mail, and the
second factor stays what it was."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from basisbaan import services
from basisbaan.models import AccessLog
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
NEW = "een-heel-nieuw-wachtwoord"


def use(token: str):
    return Client().post(
        reverse("activate", args=[token]), {"new_password1": NEW, "new_password2": NEW}
    )


def test_a_link_expires_after_72_hours(coach, functional_admin):
    token = services.activation_issue(user=coach, acting_user=functional_admin)
    with time_machine.travel(timezone.now() + timedelta(hours=73)):
        response = use(token)
    assert response.status_code == 404
    assert "werkt niet (meer)" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=71)):
        assert use(token).status_code == 302


def test_a_new_link_replaces_the_old_one(coach, functional_admin):
    old = services.activation_issue(user=coach, acting_user=functional_admin)
    new = services.activation_issue(user=coach, acting_user=functional_admin)
    assert use(old).status_code == 404
    assert use(new).status_code == 302


def test_activation_starts_the_second_factor_afresh(coach, functional_admin):
    """A lost phone: the old authenticator stops working once the new link is used."""
    TOTPDevice.objects.create(user=coach, name="oud", confirmed=True)
    token = services.activation_issue(user=coach, acting_user=functional_admin)
    assert TOTPDevice.objects.filter(user=coach).exists()  # nothing changes before use
    use(token)
    assert not TOTPDevice.objects.filter(user=coach).exists()


def test_nobody_issues_a_link_for_themselves(functional_admin, client_as):
    response = client_as(functional_admin).post(
        reverse("user_activation", args=[functional_admin.pk])
    )
    assert "eigen account" in response.content.decode()
    assert "/activeren/" not in response.content.decode()


def test_issuing_a_link_is_logged_without_the_link(coach, functional_admin, client_as):
    response = client_as(functional_admin).post(reverse("user_activation", args=[coach.pk]))
    token = re.search(r"/activeren/([^/<\s]+)/", response.content.decode()).group(1)
    entry = AccessLog.objects.get(action="activation_issued")
    assert (entry.user, entry.subject_id) == (functional_admin, coach.pk)
    assert token not in entry.detail
    from basisbaan.models import AccountActivation

    assert token not in AccountActivation.objects.get().token_hash  # only a hash is stored


def test_password_reset_by_email_keeps_the_second_factor(coach, settings):
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    done = client.post(reverse("password_reset"), {"email": coach.email.upper()})
    assert done.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", mail.outbox[0].body).group(
        1
    )
    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    saved = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert saved.status_code == 302
    login = Client()
    assert (
        login.post(reverse("login"), {"username": coach.email, "password": NEW}).status_code == 302
    )
    assert login.get(reverse("home"))["Location"] == reverse("otp_verify")  # still asked


def test_an_unknown_address_gets_the_same_answer_and_no_mail():
    response = Client().post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_old_password_stops_working_after_activation(coach, functional_admin):
    token = services.activation_issue(user=coach, acting_user=functional_admin)
    use(token)
    response = Client().post(reverse("login"), {"username": coach.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
