"""Hostile input: every form and every GET filter of the project, sent values no user
should type (100k characters, NUL, extreme and impossible dates, NaN/Infinity, 30-digit
decimals, RTL and emoji, duplicated fields). No answer may be a 500.

The forms are not listed by hand: each page of `URL_ACCESS` (which must name every URL of
the project) is fetched as a role allowed to see it, and every form on it is submitted with
one field at a time made hostile, then with all of them at once, then with every field sent
twice. GET pages also get every known filter parameter with each hostile value.
"""

import pytest
from django.test import Client
from django.urls import reverse

from basisbaan.roles import COACH, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, PARTY_COACH, POLICY_ADMIN
from tests.security.forms_on_page import Control, PageForm, forms_on
from tests.security.test_access import GET_NOT_APPLICABLE, PUBLIC, URL_ACCESS

pytestmark = pytest.mark.django_db

LONG = "x" * 100_000
NUL = "a\x00b"
TEXT = [LONG, NUL, "\u202egnitset\u202c 😀 مرحبا"]
NUMBERS = ["NaN", "-Infinity", "1e309", "-" + "9" * 30 + ".5", NUL]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30", NUL]
CHOICES = ["9" * 30, NUL]
VALUES_BY_KIND = {
    "text": [*TEXT, "Infinity", "9999-12-31"],
    "textarea": TEXT,
    "email": TEXT,
    "password": TEXT[:2],
    "search": TEXT,
    "number": NUMBERS,
    "date": DATES,
    "hidden": ["NaN", "9" * 30, NUL],
    "select": CHOICES,
    "radio": CHOICES,
    "checkbox": CHOICES,
}
# Query-string parameters the pages read; each gets every hostile value, and twice over.
GET_PARAMETERS = [
    "week", "partij", "coach", "pagina", "sorteer", "wijk", "status", "van", "tot_en_met",
    "jaar", "zoek", "formaat", "deel", "alle", "taak", "bron", "nummer", "soort", "gebruiker",
    "richtlijn", "jaar", "kwartaal", "next",
]  # fmt: skip
GET_VALUES = [NUL, "9999-12-31", "0001-01-01", "1" * 30, LONG[:5000]]

ROLE_PREFERENCE = [COACH, POLICY_ADMIN, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, PARTY_COACH]
# Pages whose forms end the session or are tested elsewhere.
SKIP = {"logout", "set_language", "otp_setup", "otp_verify", "healthz"}

STATS = {"forms": 0, "fields": 0, "requests": 0}


@pytest.fixture(scope="module", autouse=True)
def _report():
    """The sweep's size, printed at the end (pytest -s) for the issue notes."""
    yield
    print(
        f"\nhostile input: {STATS['forms']} forms, {STATS['fields']} fields, "
        f"{STATS['requests']} requests"
    )


def _role_for(allowed) -> str | None:
    if allowed == PUBLIC:
        return None
    return next(role for role in ROLE_PREFERENCE if role in allowed)


def _send(client: Client, form: PageForm, data: dict, failures: list, label: str) -> None:
    STATS["requests"] += 1
    try:
        if form.method == "get":
            response = client.get(form.action, data)
        else:
            response = client.post(form.action, data)
    except Exception as exc:  # noqa: BLE001 - any exception is what a user would see as a 500
        failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:120]}")
        return
    if response.status_code >= 500:
        failures.append(f"{label}: HTTP {response.status_code}")


def _values_for(control: Control) -> list[str]:
    return VALUES_BY_KIND.get(control.kind, TEXT)


def fuzz_form(client: Client, form: PageForm, failures: list, where: str) -> None:
    STATS["forms"] += 1
    base = form.data()
    for name, control in form.controls.items():
        if control.kind == "file" or name == "csrfmiddlewaretoken":
            continue
        STATS["fields"] += 1
        for value in _values_for(control):
            _send(client, form, {**base, name: [value]}, failures, f"{where} {name}={value[:20]!r}")
        # The same field twice, the second one hostile.
        _send(
            client,
            form,
            {**base, name: [base.get(name, [""])[0] if base.get(name) else "", NUL]},
            failures,
            f"{where} {name} twice",
        )
    for value in (NUL, LONG, "9999-12-31"):
        everything = {
            n: [value]
            for n, c in form.controls.items()
            if c.kind != "file" and n != "csrfmiddlewaretoken"
        }
        _send(client, form, everything, failures, f"{where} all={value[:12]!r}")
    _send(client, form, {}, failures, f"{where} empty")


@pytest.mark.parametrize("name", sorted(set(URL_ACCESS) - GET_NOT_APPLICABLE - SKIP))
def test_no_hostile_input_gives_a_500(name, users_by_role, client_as):
    build, allowed = URL_ACCESS[name]
    role = _role_for(allowed)
    client = Client() if role is None else client_as(users_by_role[role])
    url = reverse(name, kwargs=build())
    failures: list[str] = []
    response = client.get(url)
    assert response.status_code < 500, name
    if response.get("Content-Type", "").startswith("text/html"):
        for form in forms_on(response.content.decode()):
            form.action = form.action or url
            if form.action.startswith(("http:", "https:")) or "uitloggen" in form.action:
                continue
            fuzz_form(client, form, failures, f"{name} {form.method.upper()} {form.action}")
    for value in GET_VALUES:
        _send(
            client,
            PageForm("get", url),
            {p: [value] for p in GET_PARAMETERS},
            failures,
            f"{name} GET all={value[:12]!r}",
        )
        _send(
            client,
            PageForm("get", url),
            {p: ["1", value] for p in GET_PARAMETERS},
            failures,
            f"{name} GET twice {value[:12]!r}",
        )
    assert not failures, "\n".join(failures[:30])


POST_ONLY_FIELDS = ["date", "duration_minutes", "kind", "topics", "notes", "text", "version"]


@pytest.mark.parametrize("name", ["candidates:draft_save", "coaching:entry_add"])
def test_post_only_endpoints_take_hostile_input(name, coach, client_as):
    build, _allowed = URL_ACCESS[name]
    client = client_as(coach)
    url = reverse(name, kwargs=build())
    failures: list[str] = []
    form = PageForm("post", url, {f: Control(f, "text") for f in POST_ONLY_FIELDS})
    fuzz_form(client, form, failures, name)
    assert not failures, "\n".join(failures[:30])
