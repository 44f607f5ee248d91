"""Intake conversations, inline editing, and the server-side draft of what is being typed."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from candidates.models import ConversationDraft, IntakeConversation
from tests.factories import CandidateFactory, ConversationFactory

pytestmark = pytest.mark.django_db

VALID = {
    "date": "2026-02-03",
    "duration_minutes": "60",
    "kind": "kennismaking",
    "topics": ["werk", "toeslagen", "schulden"],
    "notes": "Wil graag buiten werken; heeft schulden bij de GKB aangemeld.",
}


@pytest.fixture
def candidate():
    return CandidateFactory()


def test_coach_logs_a_conversation_with_the_poverty_trap_checklist(coach, client_as, candidate):
    response = client_as(coach).post(
        reverse("candidates:conversation_create", args=[candidate.pk]), VALID
    )
    assert response.status_code == 302
    conversation = IntakeConversation.objects.get()
    assert conversation.coach == coach
    assert conversation.topics == ["werk", "toeslagen", "schulden"]  # checklist order
    assert conversation.duration_minutes == 60


def test_inline_add_updates_the_timeline_and_status_in_place(coach, client_as, candidate):
    response = client_as(coach).post(
        reverse("candidates:conversation_create", args=[candidate.pk]),
        VALID,
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="conversation-form">')
    assert "Het gesprek is opgeslagen en staat in de tijdlijn." in body
    assert '<div id="timeline" hx-swap-oob="true">' in body
    assert "Wil graag buiten werken" in body.split('id="timeline"')[1]
    assert (
        '<span id="status-badge" class="app-status app-status--in_gesprek" hx-swap-oob="true">'
        in body
    )


def test_autosave_draft_round_trip(coach, client_as, candidate):
    """Typing is saved as a draft; back on the dossier it is offered again; saving removes it."""
    client = client_as(coach)
    typed = {
        "date": "2026-02-03",
        "notes": "Halverwege het verslag…",
        "topics": ["werk", "reiskosten"],
    }
    status = client.post(
        reverse("candidates:draft_save", args=[candidate.pk]), typed, headers={"HX-Request": "true"}
    )
    assert status.status_code == 200
    assert "Concept opgeslagen om" in status.content.decode()
    draft = ConversationDraft.objects.get(user=coach, candidate=candidate)
    assert draft.data["notes"] == ["Halverwege het verslag…"]

    # A new session (the tab was closed, or the session expired) still gets the draft back.
    fresh = client_as(coach)
    dossier = fresh.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "Uw concept van" in dossier
    assert "Halverwege het verslag…</textarea>" in dossier
    assert re.search(r'value="reiskosten"[^>]*checked', dossier)
    assert not re.search(r'value="schulden"[^>]*checked', dossier)

    fresh.post(
        reverse("candidates:conversation_create", args=[candidate.pk]), {**VALID, "notes": "Klaar."}
    )
    assert not ConversationDraft.objects.exists()
    assert IntakeConversation.objects.get().notes == "Klaar."


def test_drafts_are_per_user(coach, make_user, client_as, candidate):
    from basisbaan.roles import COACH

    client_as(coach).post(
        reverse("candidates:draft_save", args=[candidate.pk]), {"notes": "van coach 1"}
    )
    other = make_user(COACH)
    body = client_as(other).get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "van coach 1" not in body


def test_validation_error_keeps_everything_and_stores_a_draft(coach, client_as, candidate):
    response = client_as(coach).post(
        reverse("candidates:conversation_create", args=[candidate.pk]),
        {**VALID, "duration_minutes": "2"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="conversation-form">')  # only the form is swapped
    assert 'id="id_duration_minutes_error"' in body
    assert "Wil graag buiten werken" in body
    assert not IntakeConversation.objects.exists()
    assert ConversationDraft.objects.get().data["duration_minutes"] == ["2"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": ""}, "date"),
        ({"date": "2999-01-01"}, "date"),
        ({"duration_minutes": "481"}, "duration_minutes"),
        ({"duration_minutes": "een uur"}, "duration_minutes"),
        ({"kind": ""}, "kind"),
        ({"topics": ["astrologie"]}, "topics"),
    ],
)
def test_conversation_validation_paths(changes, field, coach, client_as, candidate):
    response = client_as(coach).post(
        reverse("candidates:conversation_create", args=[candidate.pk]), {**VALID, **changes}
    )
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not IntakeConversation.objects.exists()


def test_discarding_a_draft(coach, client_as, candidate):
    client = client_as(coach)
    client.post(reverse("candidates:draft_save", args=[candidate.pk]), {"notes": "weg ermee"})
    client.post(reverse("candidates:draft_discard", args=[candidate.pk]))
    assert not ConversationDraft.objects.exists()


def test_inline_edit_and_stale_edit(coach, client_as, candidate):
    conversation = ConversationFactory(candidate=candidate, coach=coach, date=date(2026, 1, 5))
    client = client_as(coach)
    url = reverse("candidates:conversation_update", args=[candidate.pk, conversation.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<form")
    data = {**VALID, "date": "2026-01-05", "version": "1"}
    ok = client.post(url, {**data, "notes": "Aangevuld."}, headers={"HX-Request": "true"})
    assert ok.status_code == 200
    assert ok.content.decode().lstrip().startswith('<h3 class="utrecht-heading-3">5 januari 2026')
    assert "Aangevuld." in ok.content.decode()
    stale = client.post(url, {**data, "notes": "Oude versie."})
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert "Oude versie." in stale.content.decode()
    conversation.refresh_from_db()
    assert conversation.notes == "Aangevuld."


def test_expired_session_during_autosave_redirects_the_whole_page(candidate):
    response = Client().post(
        reverse("candidates:draft_save", args=[candidate.pk]),
        {"notes": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))
