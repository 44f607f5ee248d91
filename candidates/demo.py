"""Demo data for intake and selection: about 150 candidates over two years.

Deterministic (fixed seeds) and idempotent: candidates are keyed by their generated BSN, so a
second run adds nothing. Proportions follow the Groningen council letter: about one third of
those spoken is placed; prospects of paid work, physical limitations and a preference for
volunteer work are the main reasons to drop out.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from faker import Faker

from basisbaan.dates import add_years
from basisbaan.models import TaskType, Team, User, Wijk
from basisbaan.roles import COACH

from .models import (
    Candidate,
    ConversationKind,
    ExclusionReason,
    Gender,
    Household,
    InstrumentKind,
    IntakeConversation,
    Outcome,
    PhysicalCapacity,
    PriorInstrument,
    ReferralSource,
    SelectionDecision,
    Topic,
)
from .selectors import guideline_check

DEMO_TASK_TYPES = [
    ("Ondersteuning in het buurtcentrum", "Gastvrijheid, klaarzetten, kleine klussen."),
    ("Zwerfafval opruimen", "Rondes door de wijk, melden van afvalplekken."),
    (
        "Gastheer of gastvrouw in de wijk",
        "Aanspreekpunt op pleinen, in de bibliotheek of het wijkpunt.",
    ),
    ("Assisteren van fietsstewards", "Fietsenstallingen bij evenementen en het station."),
    ("Meewerken aan het wijkblad", "Bezorgen, interviews, opmaak."),
    ("Ondersteunen van een sportvereniging", "Materiaal, kantine, terreinonderhoud."),
    (
        "Bijstaan van kwetsbare buurtbewoners",
        "Boodschappen, gezelschap, begeleiding naar afspraken.",
    ),
    ("Schoonmaak en catering in het buurtcentrum", "Keuken, bar en schoonmaak."),
]

CANDIDATE_COUNT = 150
# Outcomes of the decision in force, as in the Groningen letter: 151 spoken, about one third
# placed, 34 / 26 / 17 excluded for the three named reasons.
OUTCOME_PLAN = (
    [("geplaatst", None)] * 52
    + [("afgewezen", 1)] * 34
    + [("afgewezen", 2)] * 26
    + [("teruggetrokken", 3)] * 17
    + [("afgewezen", 4)] * 5
    + [("afgewezen", 5)] * 4
    + [("teruggetrokken", 6)] * 3
    + [("teruggetrokken", 7)] * 2
    + [(None, None)] * 7
)


def bsn_for(index: int) -> str:
    """A valid (elfproef) BSN, deterministic per index (0 <= index < 350,000), starting with
    99. When no check digit fits a base, the base 350,000 further on is used."""
    if not 0 <= index < 350_000:
        raise ValueError("index out of range")
    for base_number in (99_000_000 + index, 99_350_000 + index):
        base = str(base_number)
        total = sum(int(d) * w for d, w in zip(base, [9, 8, 7, 6, 5, 4, 3, 2], strict=True))
        for last in range(10):
            if (total - last) % 11 == 0:
                return base + str(last)
    return bsn_for(index + 1)


def seed_task_types() -> None:
    for position, (name, description) in enumerate(DEMO_TASK_TYPES, start=1):
        TaskType.objects.update_or_create(
            name=name, defaults={"description": description, "position": position * 10}
        )


def seed_candidates(*, password: str) -> str:
    seed_task_types()
    rng = random.Random(20260101)
    fake = Faker("nl_NL")
    fake.seed_instance(20260101)
    today = timezone.localdate()
    start = today - timedelta(days=730)

    coach_group = Group.objects.get(name=COACH)
    main_coach = User.objects.filter(groups=coach_group).order_by("pk").first()
    second_coach, created = User.objects.get_or_create(
        email="jeroen.mulder@veenwolde.example", defaults={"full_name": "Jeroen Mulder"}
    )
    if created:
        second_coach.set_unusable_password()
        second_coach.save()
    second_coach.groups.add(coach_group)
    coach_pool = [c for c in (main_coach, second_coach) if c is not None]
    # Two teams, each with its own caseload: a coach sees only their team's dossiers.
    north, _created = Team.objects.get_or_create(name="Team Noord")
    south, _created = Team.objects.get_or_create(name="Team Zuid")
    if main_coach is not None:
        north.members.add(main_coach)
    south.members.add(second_coach)
    team_of = {second_coach.pk: south}

    wijken = list(Wijk.objects.active())
    task_types = list(TaskType.objects.active())
    reasons = {r.position // 10: r for r in ExclusionReason.objects.all()}
    plan = OUTCOME_PLAN[:CANDIDATE_COUNT]
    rng.shuffle(plan)

    existing = set(Candidate.objects.filter(bsn__startswith="99").values_list("bsn", flat=True))
    made = 0
    for index, (outcome, reason_no) in enumerate(plan):
        bsn = bsn_for(index)
        if bsn in existing:
            continue
        made += 1
        gender = rng.choices([Gender.MAN, Gender.VROUW, Gender.ANDERS], [60, 39, 1])[0]
        age = rng.randint(27, 64)
        birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
        household = rng.choices(
            [Household.ALLEENSTAAND, Household.ALLEENSTAANDE_OUDER, Household.SAMENWONEND],
            [70, 12, 18],
        )[0]
        children = (
            rng.randint(1, 3)
            if household == Household.ALLEENSTAANDE_OUDER
            else (rng.choice([0, 0, 0, 1, 2]) if household == Household.SAMENWONEND else 0)
        )
        registered = start + timedelta(days=rng.randint(0, 700))
        # Most long on assistance; about one in seven for three years or less.
        years_on = rng.uniform(1.0, 3.0) if rng.random() < 0.14 else rng.uniform(3.2, 15)
        since = max(registered - timedelta(days=int(years_on * 365)), add_years(birth, 18))
        home = rng.choice(wijken)
        first = fake.first_name_male() if gender == Gender.MAN else fake.first_name_female()
        candidate = Candidate.objects.create(
            bsn=bsn,
            first_name=first,
            last_name=fake.last_name(),
            date_of_birth=birth,
            gender=gender,
            household=household,
            number_of_children=children,
            home_wijk=home,
            on_assistance_since=since,
            referral_source=rng.choice(ReferralSource.values),
            coach=(coach := rng.choices(coach_pool, [65, 35][: len(coach_pool)])[0]),
            team=team_of.get(coach.pk, north),
            registered_on=registered,
            available_hours=rng.choice([24, 28, 32, 32, 32, 36]),
            physical_capacity=rng.choices(PhysicalCapacity.values, [30, 50, 20])[0],
        )
        candidate.preferred_task_types.set(
            rng.sample(task_types, k=min(len(task_types), rng.randint(1, 3)))
        )
        candidate.wijken_within_reach.set(rng.sample(wijken, k=rng.randint(0, 3)))

        instruments = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            inst_start = since + timedelta(
                days=rng.randint(30, max(31, (registered - since).days - 60))
            )
            instruments.append(
                PriorInstrument(
                    candidate=candidate,
                    kind=rng.choice(InstrumentKind.values),
                    start_date=min(inst_start, registered - timedelta(days=30)),
                    end_date=min(
                        inst_start + timedelta(days=rng.randint(90, 540)),
                        registered - timedelta(days=1),
                    ),
                    led_to_paid_work=rng.random() < 0.06,
                )
            )
        for instrument in instruments:
            if instrument.end_date < instrument.start_date:
                instrument.end_date = instrument.start_date
        PriorInstrument.objects.bulk_create(instruments)

        coach = candidate.coach or main_coach
        day = registered + timedelta(days=rng.randint(5, 30))
        conversations = []
        for n in range(rng.choice([1, 2, 2, 3])):
            if day > today:
                break
            topics = [Topic.WORK, Topic.DAILY_LIFE] + rng.sample(
                [
                    Topic.INCOME,
                    Topic.ALLOWANCES,
                    Topic.LOCAL_TAXES,
                    Topic.CHILDCARE,
                    Topic.TRAVEL,
                    Topic.DEBTS,
                ],
                k=rng.randint(1, 4),
            )
            conversations.append(
                IntakeConversation(
                    candidate=candidate,
                    date=day,
                    coach=coach,
                    duration_minutes=rng.choice([45, 60, 60, 75, 90]),
                    kind=ConversationKind.KENNISMAKING
                    if n == 0
                    else rng.choice(
                        [
                            ConversationKind.VERDIEPING,
                            ConversationKind.HUISBEZOEK,
                            ConversationKind.MATCHING,
                        ]
                    ),
                    topics=sorted({str(t) for t in topics}),
                    notes=fake.paragraph(nb_sentences=3),
                )
            )
            day += timedelta(days=rng.randint(7, 35))
        IntakeConversation.objects.bulk_create(conversations)
        if outcome is None or not conversations:
            continue
        decided_on = min(conversations[-1].date + timedelta(days=rng.randint(3, 21)), today)
        check = guideline_check(
            on_assistance_since=since,
            earlier_paid_work=any(i.led_to_paid_work for i in instruments),
            on=decided_on,
        )
        reason = reasons.get(reason_no) if reason_no else None
        motivation = ""
        if outcome != Outcome.GEPLAATST:
            motivation = fake.sentence(nb_words=12)
        elif not check.met:
            motivation = "Geplaatst na overleg in het team: " + fake.sentence(nb_words=8)
        SelectionDecision.objects.create(
            candidate=candidate,
            outcome=outcome,
            exclusion_reason=reason,
            motivation=motivation,
            decided_on=decided_on,
            decided_by=coach,
            meets_guideline=check.met,
            guideline_explanation=check.text,
        )
    return f"{len(DEMO_TASK_TYPES)} soorten taken, {made} nieuwe kandidaten (van {CANDIDATE_COUNT})"
