"""Retention (issue #15): per kind a period after which records go; a person goes whole,
history and access log included. Hand-made cases, checked on 24 November 2026 with the
default periods (never placed: 730 days, so before 25 November 2024; former participants:
2,555 days, so before 26 November 2019; drafts 30 days; access log 1,095 days)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from basisbaan.models import AccessLog
from basisbaan.retention import people_due, purge
from basisbaan.services import access_log_record
from candidates.models import Candidate, ConversationDraft
from placements.models import Contract, ContractHours, Employer, Placement
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 11, 24, 12, tzinfo=UTC), tick=False):
        yield


ON = date(2026, 11, 24)


def employed(start, end, **person):
    candidate = CandidateFactory(registered_on=start - timedelta(days=60), **person)
    placement = Placement.objects.create(
        candidate=candidate,
        employer=Employer.objects.get_or_create(name="Thermiek BV")[0],
        primary_wijk=candidate.home_wijk,
        start_date=start,
        end_date=end,
        end_reason="eigen_verzoek" if end else "",
    )
    contract = Contract.objects.create(
        placement=placement,
        kind="bepaald" if end else "onbepaald",
        start_date=start,
        end_date=end,
    )
    ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
    return candidate


def reason():
    from candidates.models import ExclusionReason

    return ExclusionReason.objects.get_or_create(name="Fysiek te zwaar", defaults={"position": 90})[
        0
    ]


@pytest.fixture
def people(coach):
    """- Anneke: registered 2022, not placed (decision 1 June 2023): goes.
    - Bert, a candidate twice: not placed in 2021, spoken again and decided on 1 April 2025:
      stays (the last decision counts).
    - Carla: registered 10 January 2023, never spoken to or decided: goes.
    - Dirk: employed 2016 to 31 December 2018: goes.
    - Eva: employed until 30 June 2020: stays (less than seven years).
    - Frank: an old placement ended in 2015 and one still running: stays."""
    anneke = CandidateFactory(
        coach=coach, first_name="Anneke", last_name="Zwartveen", registered_on=date(2022, 1, 3)
    )
    DecisionFactory(
        candidate=anneke,
        decided_by=coach,
        outcome="afgewezen",
        exclusion_reason=reason(),
        decided_on=date(2023, 6, 1),
    )
    bert = CandidateFactory(coach=coach, registered_on=date(2021, 2, 1))
    DecisionFactory(
        candidate=bert,
        decided_by=coach,
        outcome="afgewezen",
        exclusion_reason=reason(),
        decided_on=date(2021, 5, 1),
    )
    ConversationFactory(candidate=bert, coach=coach, date=date(2025, 3, 1))
    DecisionFactory(
        candidate=bert,
        decided_by=coach,
        outcome="afgewezen",
        exclusion_reason=reason(),
        decided_on=date(2025, 4, 1),
    )
    carla = CandidateFactory(coach=coach, registered_on=date(2023, 1, 10))
    dirk = employed(date(2016, 3, 1), date(2018, 12, 31), coach=coach)
    eva = employed(date(2018, 3, 1), date(2020, 6, 30), coach=coach)
    frank = employed(date(2012, 1, 2), date(2015, 12, 31), coach=coach)
    Placement.objects.create(
        candidate=frank,
        employer=Employer.objects.get(name="Thermiek BV"),
        primary_wijk=frank.home_wijk,
        start_date=date(2024, 1, 1),
    )
    return {
        "anneke": anneke,
        "bert": bert,
        "carla": carla,
        "dirk": dirk,
        "eva": eva,
        "frank": frank,
    }


def test_who_is_due_per_rule(people):
    never = {c.pk for c in people_due("never_placed", on=ON)}
    former = {c.pk for c in people_due("former_participant", on=ON)}
    assert never == {people["anneke"].pk, people["carla"].pk}
    assert former == {people["dirk"].pk}


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public'
                 AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')"""
        )
        return cursor.fetchall()


def tables_mentioning(*needles: str) -> set[str]:
    """Every table with a text, JSON or array column holding one of `needles`."""
    found = set()
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found.add(f"{table}.{column}")
    return found


def test_a_dry_run_counts_and_the_run_leaves_nothing_of_the_person(people, coach):
    anneke = people["anneke"]
    bsn = anneke.bsn
    # Traces of Anneke elsewhere: history (edits), the access log, a draft.
    anneke.last_name = "Zwartveen"
    anneke.save()
    access_log_record(
        user=coach, action="dossier_view", subject_type="candidate", subject_id=anneke.pk
    )
    ConversationDraft.objects.create(
        user=coach, candidate=anneke, data={"notes": "Anneke Zwartveen"}
    )
    assert "Zwartveen" and tables_mentioning("Zwartveen", bsn)  # she is there, history too

    counts = purge(on=ON, dry_run=True)
    assert (counts["never_placed"], counts["former_participant"]) == (2, 1)
    assert Candidate.objects.filter(pk=anneke.pk).exists()  # a dry run removes nothing

    call_command("retention")
    assert tables_mentioning("Zwartveen", bsn) == set()
    assert not AccessLog.objects.filter(subject_type="candidate", subject_id=anneke.pk).exists()
    remaining = set(Candidate.objects.values_list("pk", flat=True))
    assert remaining == {people[n].pk for n in ("bert", "eva", "frank")}
    # What was done is in the access log: counts, no names.
    (entry,) = AccessLog.objects.filter(action="retention")
    assert "never_placed 2" in entry.detail and "former_participant 1" in entry.detail
    assert entry.user.email == "bewaartermijnen@basisbaan.invalid" and not entry.user.is_active


def test_old_drafts_and_old_access_log_entries_go(coach):
    person = CandidateFactory(coach=coach)
    old = ConversationDraft.objects.create(user=coach, candidate=person, data={})
    ConversationDraft.objects.filter(pk=old.pk).update(updated_at=datetime(2026, 10, 1, tzinfo=UTC))
    other = CandidateFactory(coach=coach)
    ConversationDraft.objects.create(user=coach, candidate=other, data={})
    AccessLog.objects.create(
        user=coach,
        action="dossier_view",
        subject_type="candidate",
        subject_id=person.pk,
        at=datetime(2023, 11, 1, tzinfo=UTC),
    )
    recent = AccessLog.objects.create(
        user=coach,
        action="dossier_view",
        subject_type="candidate",
        subject_id=person.pk,
        at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    counts = purge(on=ON, dry_run=False)
    assert (counts["drafts"], counts["access_log"]) == (1, 1)
    assert list(ConversationDraft.objects.values_list("candidate", flat=True)) == [other.pk]
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]


def test_documents_past_their_date_and_expired_sessions_go(coach, settings, tmp_path):
    """A letter kept until 1 November 2026 goes with its file; a contract kept until 2031
    stays; a session that expired yesterday goes, one valid until tomorrow stays."""
    from django.contrib.sessions.models import Session
    from django.core.files.base import ContentFile

    from candidates.models import Document

    person = CandidateFactory(coach=coach)

    def document(title, kind, until):
        item = Document(
            candidate=person,
            title=title,
            kind=kind,
            confidentiality="team",
            content_type="application/pdf",
            size=8,
            original_name=f"{title}.pdf",
            uploaded_by=coach,
            retain_until=until,
        )
        item.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.7"), save=False)
        item.save()
        return item

    old = document("brief", "brief", date(2026, 11, 1))
    kept = document("contract", "contract", date(2031, 1, 1))
    storage, name = old.file.storage, old.file.name
    Session.objects.create(
        session_key="a" * 32, session_data="x", expire_date=datetime(2026, 11, 23, tzinfo=UTC)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="x", expire_date=datetime(2026, 11, 25, tzinfo=UTC)
    )
    counts = purge(on=ON, dry_run=False)
    assert (counts["documents"], counts["sessions"]) == (1, 1)
    assert list(Document.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not storage.exists(name)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
