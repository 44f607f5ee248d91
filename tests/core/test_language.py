"""The interface is Dutch by default and English on request."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_even_for_an_english_browser():
    response = Client().get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "nl"
    assert "Inloggen" in response.content.decode()


def test_switch_to_english_and_back(coach, client_as):
    client = client_as(coach)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    english = client.get(reverse("home"))
    assert english["Content-Language"] == "en"
    assert "Welcome, Coby" in english.content.decode()
    assert '<html lang="en"' in english.content.decode()
    client.post(reverse("set_language"), {"language": "nl", "next": reverse("home")})
    assert "Welkom, Coby" in client.get(reverse("home")).content.decode()


def test_language_can_be_chosen_before_login():
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert (
        "Log in with your municipal e-mail address" in client.get(reverse("login")).content.decode()
    )
