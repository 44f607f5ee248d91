"""Demo data for coaching and wellbeing: coaching that starts around 4 to 5 hours a week and
eases to about 2 (mean near 2.5, a few participants stay intensive), referrals to the GKB,
and wellbeing that improves most on finances, debts and housing. Idempotent: participants
who already have coaching entries are left alone."""

import math
import random
from datetime import timedelta

from django.utils import timezone

from basisbaan.dates import add_months
from basisbaan.models import User
from basisbaan.roles import COACH
from placements.models import Placement

from .models import (
    CoachingEntry,
    CoachingKind,
    EntrySource,
    GuidanceParty,
    PartyAssignment,
    Referral,
    WellbeingDomain,
    WellbeingMeasurement,
    WellbeingScore,
)

PARTIES = [
    ("Werkpad Begeleiding", "Marieke Smit", "050 123 45 67", "werkpad@example.org"),
    ("Stichting Op Maat", "Ahmed Yilmaz", "050 765 43 21", "opmaat@example.org"),
    ("Buurtwerk Noord", "Linda de Boer", "050 222 33 44", "buurtwerk@example.org"),
]
IMPROVING = {"Financiën", "Schulden", "Huisvesting"}


def seed_coaching(*, password: str) -> str:
    today = timezone.localdate()
    for name, contact, phone, email in PARTIES:
        GuidanceParty.objects.update_or_create(
            name=name, defaults={"contact_name": contact, "phone": phone, "email": email}
        )
    parties = list(GuidanceParty.objects.filter(name__in=[p[0] for p in PARTIES]).order_by("name"))
    fallback_coach = User.objects.filter(groups__name=COACH).order_by("pk").first()
    domains = list(WellbeingDomain.objects.active())
    done = set(CoachingEntry.objects.values_list("candidate_id", flat=True).distinct())
    entries, assignments, made = [], [], 0
    placements = Placement.objects.select_related("candidate", "candidate__coach").order_by("pk")
    for placement in placements:
        candidate = placement.candidate
        if candidate.pk in done:
            continue
        made += 1
        rng = random.Random(f"coaching-{candidate.bsn}")
        party = rng.choice(parties)
        coach = candidate.coach or fallback_coach
        intensive = rng.random() < 0.08
        factor = rng.uniform(0.6, 1.2)
        last = min(placement.end_date or today, today)
        day, week = placement.start_date, 0
        while day <= last:
            month = week / 4.35
            hours = (4.6 if intensive else 1.6 + 2.8 * math.exp(-month / 2.5)) * factor
            minutes = max(15, round(hours * 60 / 5) * 5)
            work = round(minutes * 0.7 / 5) * 5
            entries.append(
                CoachingEntry(
                    candidate=candidate,
                    date=day,
                    minutes=work,
                    kind=CoachingKind.WORK,
                    party=party,
                    source=EntrySource.IMPORT,
                )
            )
            kind = CoachingKind.DEBTS if rng.random() < 0.2 else CoachingKind.INCOME
            entries.append(
                CoachingEntry(
                    candidate=candidate,
                    date=day,
                    minutes=max(5, minutes - work),
                    kind=kind,
                    coach=coach,
                    source=EntrySource.MANUAL,
                )
            )
            day += timedelta(days=7)
            week += 1
        if rng.random() < 0.35:
            Referral.objects.create(
                candidate=candidate,
                kind="gkb",
                date=placement.start_date + timedelta(days=rng.randint(10, 60)),
                outcome=rng.choice(["gestart", "gestart", "afgerond", "open"]),
                contact="GKB, schuldhulpmaatje: 050 367 00 00",
                referred_by=coach,
            )
        _wellbeing(rng, candidate, placement.start_date, last, coach, domains)
        assignments.append(
            PartyAssignment(
                candidate=candidate,
                party=party,
                start_date=placement.start_date,
                end_date=placement.end_date,
            )
        )
    CoachingEntry.objects.bulk_create(entries)
    PartyAssignment.objects.bulk_create(assignments)
    return f"{len(parties)} begeleidende partijen, begeleiding voor {made} deelnemers"


def _wellbeing(rng, candidate, start, last, coach, domains) -> None:
    scores = {
        d.pk: (rng.randint(1, 3) if d.name in IMPROVING else rng.randint(2, 4)) for d in domains
    }
    moment = start
    while moment <= last:
        measurement = WellbeingMeasurement.objects.create(
            candidate=candidate, date=moment, measured_by=coach
        )
        WellbeingScore.objects.bulk_create(
            [
                WellbeingScore(measurement=measurement, domain_id=pk, score=s)
                for pk, s in scores.items()
            ]
        )
        for domain in domains:
            up = 0.6 if domain.name in IMPROVING else 0.3
            roll = rng.random()
            step = 1 if roll < up else (-1 if roll > 0.85 else 0)
            scores[domain.pk] = min(5, max(1, scores[domain.pk] + step))
        moment = add_months(moment, 6)
