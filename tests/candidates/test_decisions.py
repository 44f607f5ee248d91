"""Selection decisions: motivation rules, the stored guideline result, corrections, status."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from candidates import services
from candidates.models import Candidate, ExclusionReason, PriorInstrument, SelectionDecision
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory, default_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def reason():
    return ExclusionReason.objects.get(name="(Fysieke) beperkingen te groot")


@pytest.fixture
def spoken(coach):
    candidate = CandidateFactory(on_assistance_since=date(2018, 1, 1))
    ConversationFactory(candidate=candidate, coach=coach, date=date(2026, 1, 10))
    return candidate


def decide(client, candidate, **data):
    """Post the decision form as the browser does: with the latest decision the form saw."""
    latest = candidate.decisions.order_by("-pk").values_list("pk", flat=True).first() or 0
    data.setdefault("based_on", latest)
    return client.post(reverse("candidates:decision_create", args=[candidate.pk]), data)


def test_placement_of_a_candidate_meeting_the_guideline(coach, client_as, spoken):
    response = decide(client_as(coach), spoken, outcome="geplaatst", decided_on="2026-02-01")
    assert response.status_code == 302
    decision = SelectionDecision.objects.get()
    assert decision.meets_guideline
    assert decision.guideline_explanation == (
        "8 jaar en 1 maand in de bijstand; eerdere inzet leidde niet tot betaald werk"
    )
    assert Candidate.objects.with_status().get().status == "geplaatst"


def test_placement_against_the_guideline_needs_a_motivation(coach, client_as, spoken):
    PriorInstrument.objects.create(
        candidate=spoken,
        kind="loonkostensubsidie",
        start_date=date(2019, 1, 1),
        led_to_paid_work=True,
    )
    client = client_as(coach)
    response = decide(client, spoken, outcome="geplaatst", decided_on="2026-02-01")
    body = response.content.decode()
    assert 'id="id_motivation_error"' in body
    assert "Motiveer waarom u toch plaatst" in body
    assert not SelectionDecision.objects.exists()
    decide(client, spoken, outcome="geplaatst", decided_on="2026-02-01", motivation="Team akkoord.")
    decision = SelectionDecision.objects.get()
    assert not decision.meets_guideline


def test_exclusion_needs_a_reason_and_a_motivation(coach, client_as, spoken, reason):
    client = client_as(coach)
    body = decide(client, spoken, outcome="afgewezen", decided_on="2026-02-01").content.decode()
    assert 'id="id_exclusion_reason_error"' in body and 'id="id_motivation_error"' in body
    decide(
        client,
        spoken,
        outcome="afgewezen",
        decided_on="2026-02-01",
        exclusion_reason=reason.pk,
        motivation="Rugklachten; werk te zwaar.",
    )
    assert SelectionDecision.objects.get().exclusion_reason == reason


def test_placement_has_no_exclusion_reason(coach, client_as, spoken, reason):
    body = decide(
        client_as(coach),
        spoken,
        outcome="geplaatst",
        decided_on="2026-02-01",
        exclusion_reason=reason.pk,
    ).content.decode()
    assert "Bij plaatsing hoort geen afwijsreden." in body


def test_decision_needs_an_earlier_conversation(coach, client_as):
    candidate = CandidateFactory()
    body = decide(
        client_as(coach), candidate, outcome="geplaatst", decided_on="2026-02-01"
    ).content.decode()
    assert "Voer eerst een intakegesprek op" in body


def test_future_decision_date_is_refused(coach, spoken):
    with pytest.raises(ValidationError) as info:
        services.decision_record(
            candidate=spoken,
            outcome="geplaatst",
            exclusion_reason=None,
            motivation="",
            decided_on=date(2999, 1, 1),
            decided_by=coach,
        )
    assert "decided_on" in info.value.message_dict


def test_guideline_is_judged_on_the_decision_date(coach, client_as):
    candidate = CandidateFactory(on_assistance_since=date(2023, 1, 15))
    ConversationFactory(candidate=candidate, coach=coach, date=date(2025, 12, 1))
    client = client_as(coach)
    body = decide(client, candidate, outcome="geplaatst", decided_on="2026-01-15").content.decode()
    assert "Motiveer waarom u toch plaatst" in body  # exactly three years: not more
    decide(client, candidate, outcome="geplaatst", decided_on="2026-01-16")
    assert SelectionDecision.objects.get().meets_guideline


def test_a_correction_is_a_new_decision_and_the_old_one_stays(coach, client_as, spoken, reason):
    client = client_as(coach)
    decide(
        client,
        spoken,
        outcome="afgewezen",
        decided_on="2026-02-01",
        exclusion_reason=reason.pk,
        motivation="x",
    )
    decide(client, spoken, outcome="geplaatst", decided_on="2026-03-01")
    assert SelectionDecision.objects.count() == 2
    assert Candidate.objects.with_status().get().status == "geplaatst"
    assert Candidate.objects.with_status(on=date(2026, 2, 15)).get().status == "afgewezen"
    dossier = client.get(reverse("candidates:detail", args=[spoken.pk])).content.decode()
    assert dossier.count("Besluit:") == 2


def test_status_follows_conversations_and_decisions(coach):
    candidate = CandidateFactory()
    assert Candidate.objects.with_status().get().status == "aangemeld"
    ConversationFactory(candidate=candidate, coach=coach, date=date(2026, 1, 10))
    assert Candidate.objects.with_status().get().status == "in_gesprek"
    assert Candidate.objects.with_status(on=date(2026, 1, 9)).get().status == "aangemeld"
    DecisionFactory(
        candidate=candidate,
        decided_by=coach,
        outcome="teruggetrokken",
        exclusion_reason=ExclusionReason.objects.first(),
        decided_on=date(2026, 2, 1),
    )
    assert Candidate.objects.with_status().get().status == "teruggetrokken"


def test_database_refuses_an_exclusion_without_reason_or_motivation(coach):
    candidate = CandidateFactory()
    base = {
        "candidate": candidate,
        "decided_on": date(2026, 1, 1),
        "decided_by": coach,
        "meets_guideline": True,
        "guideline_explanation": "x",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionDecision.objects.create(outcome="afgewezen", motivation="x", **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionDecision.objects.create(
            outcome="afgewezen",
            exclusion_reason=ExclusionReason.objects.first(),
            motivation="",
            **base,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionDecision.objects.create(
            outcome="geplaatst", motivation="", **{**base, "meets_guideline": False}
        )


def test_a_decision_recorded_meanwhile_by_someone_else_is_not_overridden(
    coach, make_user, client_as, spoken, reason
):
    """Two coaches open the decision form; the first places, the second (whose form still
    says "no decision yet") is refused with the stale-form message, keeping what was typed."""
    colleague = make_user("coach")
    default_team().members.add(colleague)
    decide(client_as(coach), spoken, outcome="geplaatst", decided_on="2026-02-01")
    response = decide(
        client_as(colleague),
        spoken,
        based_on=0,
        outcome="afgewezen",
        decided_on="2026-02-02",
        exclusion_reason=reason.pk,
        motivation="Liever vrijwilligerswerk",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert "Liever vrijwilligerswerk" in body
    assert [d.outcome for d in SelectionDecision.objects.all()] == ["geplaatst"]
