"""Browser tests of the screens that prevent mistakes (issue #14): the error summary takes
focus after a failed submit and its links move focus to the field; typing an intake note
leaves the console empty under the application's own strict CSP."""

import re

import pytest

from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_error_summary_takes_focus_and_leads_to_the_field(page, login, axe_check, policy_admin):
    login(policy_admin)
    page.goto("/financien/parameters/nieuw/")
    page.get_by_label("Jaar", exact=True).fill("2027")
    page.get_by_label("Loonkosten per jaar", exact=False).first.fill("achtentwintig")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.title().startswith("Fout:")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert (
        page.get_by_label("Loonkosten per jaar", exact=False).first.input_value() == "achtentwintig"
    )  # kept
    axe_check(page)
    summary.get_by_role("link", name=re.compile("^Loonkosten")).click()
    assert page.evaluate("document.activeElement.id") == "id_wage_cost"
    # Corrected in Dutch notation, it saves as meant.
    page.get_by_label("Loonkosten per jaar", exact=False).first.fill("28.450,50")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/financien/parameters/")
    assert not page.title().startswith("Fout:")


def test_typing_an_intake_note_leaves_the_console_empty(login_as, coach):
    """No bypass of the CSP here: any inline style or script the page or htmx sets while
    the draft autosaves would be refused and reported in the console."""
    person = CandidateFactory(coach=coach)
    page = login_as(coach, bypass_csp=False)
    messages = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.goto(f"/kandidaten/{person.pk}/")
    note = page.locator("#conversation-form").get_by_label("Verslag")
    with page.expect_response(re.compile(r"/concept/")):
        note.press_sequentially("Eerste kennismaking; wil graag buiten werken.", delay=20)
    page.wait_for_timeout(1200)  # the last autosave settles
    page.keyboard.press("Tab")
    # The plain-language plan printed from the browser: its own styles carry the nonce.
    page.goto(f"/kandidaten/{person.pk}/plan/afdrukken/")
    margin = page.evaluate("getComputedStyle(document.body).maxWidth")
    assert messages == []
    assert margin != "none"  # the page's stylesheet applied


def test_after_an_htmx_swap_the_skip_link_stays_hidden(page, login, coach):
    """Filtering the candidate list swaps the results in place; the skip link appears only
    when it has focus, never left over the heading."""
    CandidateFactory(coach=coach)
    login(coach)
    page.goto("/kandidaten/")
    with page.expect_response(lambda r: "/kandidaten/" in r.url):
        page.get_by_label("Status").select_option(index=1)
    skip = page.locator(".utrecht-skip-link")
    assert skip.bounding_box()["width"] <= 1
    page.evaluate("window.scrollTo(0, 0)")
    skip.focus()
    box = skip.bounding_box()
    assert box["width"] > 1 and box["y"] >= 0  # shown at the top while focused
