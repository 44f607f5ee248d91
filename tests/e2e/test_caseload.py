"""Browser test of caseloads (#10): a coach sees their own team's people; a person of
another team is found only by full BSN, shows only name and coach, and opens after a stated
reason (break-glass), which the functional admin then sees; axe-core on every page."""

import pytest

from basisbaan.roles import COACH
from tests.factories import CandidateFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_break_glass_from_a_bsn_search(page, login, axe_check, coach, make_user, functional_admin):
    CandidateFactory(last_name="Eigenteam", first_name="Eva", coach=coach)
    colleague = make_user(COACH, full_name="Otto Anderteam")
    other_team = TeamFactory(name="Team Zuid")
    other_team.members.add(colleague)
    outsider = CandidateFactory(
        last_name="Buitenteam", first_name="Bas", coach=colleague, team=other_team
    )

    login(coach)
    page.goto("/kandidaten/?coach=alle")
    assert page.get_by_role("link", name="Eigenteam, Eva").is_visible()
    assert page.get_by_text("Buitenteam").count() == 0
    page.get_by_label("BSN (exact)").fill(outsider.bsn)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("heading", name="Gevonden buiten uw teams").wait_for()
    found = page.get_by_role("region", name="Gevonden buiten uw teams").inner_text()
    assert "Bas Buitenteam" in found and "Otto Anderteam" in found
    axe_check(page)
    page.get_by_role("link", name="Dossier openen met opgave van reden (doorbraak)").click()
    axe_check(page)
    page.get_by_label("Reden").fill("Collega Otto is ziek; Bas belt over zijn contract.")
    page.get_by_role("button", name="Dossier openen").click()
    page.get_by_text("U heeft dit dossier geopend buiten uw eigen teams").wait_for()
    assert page.get_by_role("heading", name="Bas Buitenteam").is_visible()
    axe_check(page)

    page.context.clear_cookies()
    login(functional_admin)
    page.goto("/kandidaten/doorbraken/")
    assert page.get_by_text("Collega Otto is ziek; Bas belt over zijn contract.").is_visible()
    axe_check(page)
