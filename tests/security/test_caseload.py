"""Caseloads: a coach sees the people of their own teams, and nobody else.

Every URL that reaches a person (the dossier and everything hanging off it: placements, sick
reports, coaching, referrals, measurements) answers 404 to a coach of another team, for GET
and POST alike, and changes nothing. Lists and searches show only the own teams' people. A
search by full BSN finds a person elsewhere but shows only the name and coach until a reason
is given (break-glass, "doorbraak"), which is logged and listed for the functional admin.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from basisbaan.models import AccessLog
from basisbaan.roles import COACH
from candidates.models import BreakGlassAccess
from tests.factories import CandidateFactory, TeamFactory
from tests.security.test_access import URL_ACCESS

pytestmark = pytest.mark.django_db

# Every URL of the person-holding apps that takes an object in its arguments reaches a
# person, except these reference-list pages (and break-glass, which exists to reach outside).
NOT_A_PERSON = {
    "candidates:exclusionreason_update",
    "candidates:break_glass",
    "placements:employer_update",
    "coaching:party_update",
    "coaching:domain_update",
}
PERSON_URLS = sorted(
    name
    for name, (build, _allowed) in URL_ACCESS.items()
    if name.split(":")[0] in {"candidates", "placements", "coaching", "plan"}
    and build is not dict
    and name not in NOT_A_PERSON
)


@pytest.fixture
def outsider(make_user):
    """A coach of another team."""
    user = make_user(COACH, full_name="Otto Anderteam")
    TeamFactory(name="Team Elders").members.add(user)
    return user


@pytest.mark.parametrize("name", PERSON_URLS)
def test_a_person_outside_ones_teams_does_not_exist(name, coach, outsider, client_as):
    build, _allowed = URL_ACCESS[name]
    url = reverse(name, kwargs=build())
    client = client_as(outsider)
    answers = {client.get(url).status_code, client.post(url, {"version": "1"}).status_code}
    assert 404 in answers and answers <= {404, 405}  # 405: that method is not offered at all
    # ...while the person's own team reaches it.
    assert client_as(coach).get(url).status_code in {200, 405}


def test_lists_show_only_the_own_teams_people(coach, outsider, client_as):
    CandidateFactory(last_name="Eigenteam", coach=coach)
    CandidateFactory(last_name="Andermans", coach=outsider, team=outsider.teams.get())
    body = client_as(coach).get(reverse("candidates:list"), {"coach": "alle"}).content.decode()
    assert "Eigenteam" in body and "Andermans" not in body
    found = client_as(coach).post(reverse("candidates:list"), {"zoek": "Andermans"})
    assert ">Andermans," not in found.content.decode()  # the search box keeps the term
    assert "Geen kandidaten gevonden" in found.content.decode()


def test_a_full_bsn_finds_a_person_elsewhere_with_name_and_coach_only(coach, outsider, client_as):
    other = CandidateFactory(
        last_name="Andermans", coach=outsider, team=outsider.teams.get(), number_of_children=3
    )
    client = client_as(coach)
    body = client.post(reverse("candidates:list"), {"bsn": other.bsn}).content.decode()
    assert "Andermans" in body and "Otto Anderteam" in body
    assert reverse("candidates:break_glass", args=[other.pk]) in body
    assert reverse("candidates:detail", args=[other.pk]) + '"' not in body
    hit = AccessLog.objects.get(action="search_hit")
    assert (hit.subject_id, hit.purpose) == (other.pk, "search")
    assert other.bsn not in hit.detail


def test_break_glass_opens_the_dossier_with_a_logged_reason_for_a_while(
    coach, outsider, functional_admin, client_as
):
    other = CandidateFactory(last_name="Andermans", coach=outsider, team=outsider.teams.get())
    client = client_as(coach)
    dossier = reverse("candidates:detail", args=[other.pk])
    assert client.get(dossier).status_code == 404
    short = client.post(reverse("candidates:break_glass", args=[other.pk]), {"reden": "ziek"})
    assert short.status_code == 200 and not BreakGlassAccess.objects.exists()
    reason = "Collega Otto is ziek; de deelnemer belt over het contract."
    response = client.post(reverse("candidates:break_glass", args=[other.pk]), {"reden": reason})
    assert response.status_code == 302 and response["Location"] == dossier
    assert client.get(dossier).status_code == 200
    entry = AccessLog.objects.get(action="break_glass")
    assert (entry.user, entry.subject_id, entry.purpose) == (coach, other.pk, "break_glass")
    listing = client_as(functional_admin).get(reverse("candidates:break_glass_list"))
    assert reason in listing.content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=9)):
        assert client_as(coach).get(dossier).status_code == 404


def test_break_glass_rows_cannot_be_changed(coach, outsider):
    from django.db import DatabaseError, transaction

    from candidates import services

    other = CandidateFactory(team=outsider.teams.get())
    access = services.break_glass_open(
        user=coach, candidate=other, reason="Collega is ziek vandaag"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        BreakGlassAccess.objects.filter(pk=access.pk).update(reason="niets")


def test_confidential_notes_stay_in_the_own_team(coach, outsider, client_as):
    """An intake report and a coaching note marked confidential: the person's own team
    reads them; a coach of another team who opened the dossier by break-glass sees that
    there is a confidential report, not its text, and cannot open it to edit."""
    from candidates import services as candidate_services
    from coaching import services as coaching_services
    from tests.factories import ConversationFactory

    person = CandidateFactory(team=outsider.teams.get(), coach=outsider)
    open_talk = ConversationFactory(
        candidate=person, coach=outsider, notes="Wil graag buiten werken."
    )
    secret = ConversationFactory(
        candidate=person, coach=outsider, notes="Schulden bij de ex-partner.", confidential=True
    )
    coaching_services.coaching_entry_add(
        candidate=person,
        date=timezone.localdate(),
        minutes=30,
        kind="werk",
        coach=outsider,
        note="Gesprek over de verslaving.",
        confidential=True,
    )
    own = client_as(outsider)
    dossier = reverse("candidates:detail", args=[person.pk])
    assert "Schulden bij de ex-partner." in own.get(dossier).content.decode()
    person_page = reverse("coaching:person", args=[person.pk])
    assert "Gesprek over de verslaving." in own.get(person_page).content.decode()

    candidate_services.break_glass_open(
        user=coach, candidate=person, reason="Collega is ziek vandaag"
    )
    other = client_as(coach)
    page = other.get(dossier).content.decode()
    assert "Wil graag buiten werken." in page
    assert "Schulden bij de ex-partner." not in page
    assert "Vertrouwelijk verslag" in page
    assert "Gesprek over de verslaving." not in other.get(person_page).content.decode()
    edit = reverse("candidates:conversation_update", args=[person.pk, secret.pk])
    assert other.get(edit).status_code == 404
    assert own.get(edit).status_code == 200
    assert (
        other.get(
            reverse("candidates:conversation_update", args=[person.pk, open_talk.pk])
        ).status_code
        == 200
    )
