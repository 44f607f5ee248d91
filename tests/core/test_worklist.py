"""The coach's work list (issue #13): what needs doing for the coach's own caseload, per
heading, soonest first, each line linking to where it is done; nothing of other coaches'
people; the same number of queries for a small and a large caseload."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from basisbaan.worklist import work_list
from candidates.models import ConversationDraft
from placements.models import Contract, ContractHours, Employer, Placement, SickReport
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 24)


def placed(coach, *, start, fixed_until=None):
    person = CandidateFactory(coach=coach)
    placement = Placement.objects.create(
        candidate=person,
        employer=Employer.objects.get_or_create(name="Thermiek BV")[0],
        primary_wijk=person.home_wijk,
        start_date=start,
    )
    kind = "bepaald" if fixed_until else "onbepaald"
    contract = Contract.objects.create(
        placement=placement, kind=kind, start_date=start, end_date=fixed_until
    )
    ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
    return placement


def build(coach, other_coach, n: int = 1) -> None:
    """Per round (7 things to do): a contract ending in 7 days; a participant sick since 20 October (week 6
    due 1 December, within the 14-day notice); a participant placed 5 days ago (T0 due on
    the start date, overdue); a candidate spoken 40 days ago without a decision (and one
    spoken 10 days ago, not yet); a conversation draft; and the same for another coach,
    whose people never appear."""
    for _ in range(n):
        for owner in (coach, other_coach):
            placed(owner, start=date(2025, 12, 1), fixed_until=ON + timedelta(days=7))
            sick = placed(owner, start=date(2025, 1, 1))
            SickReport.objects.create(placement=sick, first_day=date(2026, 10, 20))
            placed(owner, start=ON - timedelta(days=5))
            waiting = CandidateFactory(coach=owner)
            ConversationFactory(candidate=waiting, coach=owner, date=ON - timedelta(days=40))
            recent = CandidateFactory(coach=owner)
            ConversationFactory(candidate=recent, coach=owner, date=ON - timedelta(days=10))
            decided = CandidateFactory(coach=owner)
            ConversationFactory(candidate=decided, coach=owner, date=ON - timedelta(days=60))
            DecisionFactory(candidate=decided, decided_by=owner, decided_on=ON - timedelta(days=30))
            ConversationDraft.objects.create(user=owner, candidate=recent, data={"notes": "x"})


def test_the_work_list_of_a_coach(coach, make_user):
    from basisbaan.roles import COACH
    from tests.factories import default_team

    other = make_user(COACH, full_name="Olga Ander")
    default_team().members.add(other)
    build(coach, other)
    headings = {h.key: h for h in work_list(user=coach, on=ON)}
    assert [h.count for h in headings.values()] == [1, 1, 3, 1, 1, 0, 0]
    (contract,) = headings["contracts"].items
    assert contract.due == ON + timedelta(days=7) and not contract.overdue
    (step,) = headings["poortwachter"].items
    assert (step.due, step.overdue) == (date(2026, 12, 1), False)
    assert "Probleemanalyse" in step.what
    assert step.url.startswith("/plaatsingen/verzuim/")
    # Nobody was ever measured: T0 is due on each placement's start date, all overdue,
    # oldest first.
    measurements = headings["measurements"].items
    assert [m.due for m in measurements] == [
        date(2025, 1, 1),
        date(2025, 12, 1),
        ON - timedelta(days=5),
    ]
    assert all(m.overdue for m in measurements)
    (waiting,) = headings["undecided"].items
    assert waiting.due == ON - timedelta(days=12) and waiting.overdue
    assert waiting.url == reverse("candidates:decision_create", args=[waiting.candidate_id])
    (draft,) = headings["drafts"].items
    assert draft.url == reverse("candidates:conversation_create", args=[draft.candidate_id])
    # Nobody of the other coach's caseload.
    from candidates.models import Candidate

    theirs = set(Candidate.objects.filter(coach=other).values_list("pk", flat=True))
    assert not theirs & {i.candidate_id for h in headings.values() for i in h.items}


def test_the_work_list_queries_do_not_grow_with_the_caseload(coach, make_user, client_as):
    """Guards the coach's start page against N+1 queries: one or three of everything on the
    work list cost the same number of queries."""
    from basisbaan.roles import COACH

    other = make_user(COACH)
    client = client_as(coach)
    build(coach, other, 1)
    with time_machine.travel(ON), CaptureQueriesContext(connection) as few:
        assert client.get(reverse("home")).status_code == 200
    build(coach, other, 2)
    with time_machine.travel(ON), CaptureQueriesContext(connection) as many:
        page = client.get(reverse("home"))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Werklijst: 21 dingen te doen" in page.content.decode()


def test_an_empty_work_list_says_all_is_done(coach, client_as):
    page = client_as(coach).get(reverse("home")).content.decode()
    assert "Werklijst: 0 dingen te doen" in page
    assert "Alles is gedaan" in page


def test_only_coaches_get_a_work_list(executive_staff, policy_admin, client_as):
    for user in (executive_staff, policy_admin):
        assert "Werklijst" not in client_as(user).get(reverse("home")).content.decode()


def test_plan_actions_of_the_coach_due_within_a_week_are_listed(coach):
    """Actions the coach does: due in 3 days (listed), overdue (listed, first), due in 20
    days (not yet); one the participant does is not the coach's work."""
    from coaching import services

    person = CandidateFactory(coach=coach)
    goal = services.goal_add(candidate=person, domain="werk", description="Ik wil 24 uur werken.")
    for what, days, owner in [
        ("Rooster bespreken", 3, "coach"),
        ("Werkgever bellen", -2, "coach"),
        ("Evaluatie plannen", 20, "coach"),
        ("Sportschool zoeken", 1, "deelnemer"),
    ]:
        services.action_add(
            goal=goal, description=what, owner=owner, due_date=ON + timedelta(days=days)
        )
    plan = {h.key: h for h in work_list(user=coach, on=ON)}["plan"]
    assert [(i.what, i.overdue) for i in plan.items] == [
        ("Werkgever bellen", True),
        ("Rooster bespreken", False),
    ]
    assert plan.items[0].url == reverse("plan:detail", args=[person.pk])


def test_the_daily_reminder_counts_without_names_once_a_day(coach, make_user, mailoutbox):
    """A coach who asked for it gets one e-mail a day with the counts per heading and a
    link, no names; a second run the same day sends nothing; a coach who did not ask, or
    whose list is empty, gets nothing; before WORK_DIGEST_HOUR nothing goes out."""
    from django.core.management import call_command

    from basisbaan.roles import COACH

    other = make_user(COACH)
    build(coach, other)
    quiet = make_user(COACH)
    for user in (coach, quiet):
        user.work_digest = True
        user.save()
    with time_machine.travel("2026-11-24 05:00 +01:00"):
        call_command("send_work_digests")
    assert mailoutbox == []
    with time_machine.travel("2026-11-24 07:30 +01:00"):
        call_command("send_work_digests")
        call_command("send_work_digests")
    (mail,) = mailoutbox
    assert mail.to == [coach.email]
    assert mail.subject == "Basisbaan: 7 dingen op uw werklijst"
    assert "- Welzijnsmetingen: 3" in mail.body and "http" in mail.body
    from candidates.models import Candidate

    for person in Candidate.objects.all():
        assert person.last_name not in mail.body
    with time_machine.travel("2026-11-25 07:30 +01:00"):
        call_command("send_work_digests")
    assert len(mailoutbox) == 2  # the next day again


def test_settings_page_and_badge(coach, executive_staff, client_as):
    """The coach turns the reminder on in their own settings; the navigation badge shows
    the number of things to do; it is only there for coaches."""
    client = client_as(coach)
    page = client.get(reverse("my_settings")).content.decode()
    assert "Dagelijkse e-mail met mijn werklijst" in page
    client.post(reverse("my_settings"), {"work_digest": "on"})
    coach.refresh_from_db()
    assert coach.work_digest
    client.post(reverse("my_settings"), {})
    coach.refresh_from_db()
    assert not coach.work_digest
    build(coach, executive_staff)
    with time_machine.travel(ON):
        assert "7 te doen" in client.get(reverse("work_count")).content.decode()
        assert 'hx-get="/werklijst/aantal/"' in client.get(reverse("home")).content.decode()
    assert client_as(executive_staff).get(reverse("work_count")).status_code == 403
    assert (
        "werklijst/aantal" not in client_as(executive_staff).get(reverse("home")).content.decode()
    )


def test_the_chain_rule_is_checked_for_a_renewal_of_the_same_length(coach):
    """Three contracts ending on 30 November 2026, each checked as if renewed for its own
    length from 1 December (worked out by hand):
    - Anna: 1 Dec 2024 - 30 Nov 2025 and 1 Dec 2025 - 30 Nov 2026; a third year ends
      30 Nov 2027, exactly 36 months after 1 Dec 2024: allowed, the plain line.
    - Bram: three half-year contracts from 1 June 2025: a renewal is the fourth.
    - Cas: 1 June 2023 - 31 May 2024, then (more than six months later, a new chain)
      1 Jan 2025 - 30 Nov 2026 (23 months); the same again ends 31 Oct 2028, beyond
      1 Jan 2028, so the chain would last more than 36 months (and it is the second)."""

    def contracts(periods):
        placement = placed(coach, start=periods[0][0], fixed_until=periods[0][1])
        for start, end in periods[1:]:
            contract = Contract.objects.create(
                placement=placement, kind="bepaald", start_date=start, end_date=end
            )
            ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
        return placement.candidate

    anna = contracts(
        [(date(2024, 12, 1), date(2025, 11, 30)), (date(2025, 12, 1), date(2026, 11, 30))]
    )
    bram = contracts(
        [
            (date(2025, 6, 1), date(2025, 11, 30)),
            (date(2025, 12, 1), date(2026, 5, 31)),
            (date(2026, 6, 1), date(2026, 11, 30)),
        ]
    )
    cas = contracts([(date(2023, 6, 1), date(2024, 5, 31)), (date(2025, 1, 1), date(2026, 11, 30))])
    items = {i.candidate_id: i.what for i in work_list(user=coach, on=ON)[0].items}
    assert "ketenregeling" not in items[anna.pk]
    assert "ketenregeling" in items[bram.pk] and "4e contract" in items[bram.pk]
    assert "36 maanden" in items[cas.pk] and "4e" not in items[cas.pk]
