"""Browser tests: Playwright for Python driving Debian's chromium, headless."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests make
# (creating users and data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp only so that axe-core can be injected; the app's own CSP is tested elsewhere.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail with the violations of WCAG 2.1 A/AA rules."""
    source = AXE_SOURCE.read_text()

    def check(page) -> None:
        page.evaluate(source)
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
            })"""
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert violations == [], f"{page.url}:\n" + "\n".join(violations)

    return check


def sign_in(page, user) -> None:
    """Log `user` in through the login form, as a person would."""
    from tests.factories import TEST_PASSWORD

    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")


@pytest.fixture
def login(page):
    return lambda user: sign_in(page, user)


@pytest.fixture
def login_as(browser, live_server):
    """A new browser context (e.g. a phone's viewport, or `bypass_csp=False` to see the
    application's own CSP at work) with `user` logged in; its page."""
    contexts = []

    def do_login(user, **context_options):
        options = {"base_url": live_server.url, "locale": "nl-NL", "bypass_csp": True}
        context = browser.new_context(**options | context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, user)
        return page

    yield do_login
    for context in contexts:
        context.close()
