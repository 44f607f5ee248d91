"""Security headers and the production configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_authenticated_page_has_strict_headers(coach, client_as):
    response = client_as(coach).get(reverse("home"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'nonce-" in directives["script-src"] or directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_every_authenticated_page_is_no_store(policy_admin, client_as):
    client = client_as(policy_admin)
    for name in ["home", "wijk_list", "wijk_create"]:
        assert "no-store" in client.get(reverse(name))["Cache-Control"], name


def test_500_page_is_dutch_and_standalone(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis" in html
    assert 'lang="nl"' in html


def test_production_settings_pass_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "basisbaan.settings.production",
        "SECRET_KEY": "x" * 30 + "production-like-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "basisbaan.gemeente.example",
        "DEBUG": "false",
        "EMAIL_URL": "smtp+tls://basisbaan:secret@mail.gemeente.example:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "basisbaan.settings.production", "ALLOWED_HOSTS": "x"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_do_not_know_the_demo_password():
    from importlib import import_module

    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "x", "EMAIL_URL": "smtp://mail.example:25"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        production = import_module("basisbaan.settings.production")
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert not hasattr(production, "DEMO_PASSWORD")
    assert production.REQUIRE_2FA is True
    assert production.SECURE_HSTS_SECONDS >= 31_536_000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
