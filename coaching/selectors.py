"""Every read of the coaching app, and the coaching and wellbeing figures (in SQL).

Coaching intensity (DESIGN.md): per participant employed in the period, the coaching hours
(all kinds, municipal and parties) on employed days of the period divided by the weeks
employed in the period (employed days / 7); a participant without entries counts as 0.
Reported as the unweighted mean over participants, with minimum and maximum.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from basisbaan.dates import add_months
from candidates.models import Candidate
from candidates.selectors import in_reach
from placements.models import Contract, Placement
from placements.selectors import participants_on

from .models import (
    CoachingEntry,
    CoachingKind,
    CoachingSettings,
    GuidanceParty,
    Referral,
    WellbeingDomain,
    WellbeingMeasurement,
    WellbeingScore,
)

ENTRY = CoachingEntry._meta.db_table
CONTRACT = Contract._meta.db_table
PLACEMENT = Placement._meta.db_table
KINDS = list(CoachingKind.values)


def hours(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


# One row per (placement, employed day in [start, end]): a contract covers the day.
_EMPLOYED = f"""
    employed AS (
        SELECT p.id AS placement_id, p.candidate_id, p.start_date AS placement_start, d::date AS day
        FROM {CONTRACT} c
        JOIN {PLACEMENT} p ON p.id = c.placement_id
        CROSS JOIN LATERAL generate_series(
            GREATEST(c.start_date, p.start_date, %(start)s::date),
            LEAST(COALESCE(c.end_date, %(end)s::date), COALESCE(p.end_date, %(end)s::date), %(end)s::date),
            interval '1 day'
        ) AS d
    ),
    minutes AS (
        SELECT candidate_id, date,
               SUM(minutes) AS total,
               SUM(minutes) FILTER (WHERE coach_id IS NOT NULL) AS municipal,
               SUM(minutes) FILTER (WHERE party_id IS NOT NULL) AS external,
               {", ".join(f"SUM(minutes) FILTER (WHERE kind = '{k}') AS kind_{k}" for k in KINDS)}
        FROM {ENTRY}
        WHERE date BETWEEN %(start)s AND %(end)s
        GROUP BY candidate_id, date
    )
"""


@dataclass(frozen=True)
class Intensity:
    participants: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    municipal: Decimal | None
    external: Decimal | None
    per_kind: dict[str, Decimal | None]


def coaching_intensity(start: date, end: date) -> Intensity:
    """Mean, minimum and maximum coaching hours a week over the participants employed in
    the period, and the mean split municipal/external and by kind. One query."""
    sums = ", ".join(f"AVG(COALESCE(kind_{k}, 0) / 60.0 / (days / 7.0)) AS kind_{k}" for k in KINDS)
    sql = f"""
        WITH {_EMPLOYED},
        per_person AS (
            SELECT e.placement_id, COUNT(*) AS days,
                   COALESCE(SUM(m.total), 0) AS total,
                   COALESCE(SUM(m.municipal), 0) AS municipal,
                   COALESCE(SUM(m.external), 0) AS external,
                   {", ".join(f"COALESCE(SUM(m.kind_{k}), 0) AS kind_{k}" for k in KINDS)}
            FROM employed e
            LEFT JOIN minutes m ON m.candidate_id = e.candidate_id AND m.date = e.day
            GROUP BY e.placement_id
        )
        SELECT COUNT(*),
               AVG(total / 60.0 / (days / 7.0)),
               MIN(total / 60.0 / (days / 7.0)),
               MAX(total / 60.0 / (days / 7.0)),
               AVG(municipal / 60.0 / (days / 7.0)),
               AVG(external / 60.0 / (days / 7.0)),
               {sums}
        FROM per_person
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end})
        row = cursor.fetchone()
    count, mean, low, high, municipal, external, *kinds = row
    return Intensity(
        participants=count,
        mean=hours(mean),
        minimum=hours(low),
        maximum=hours(high),
        municipal=hours(municipal),
        external=hours(external),
        per_kind={k: hours(v) for k, v in zip(KINDS, kinds, strict=True)},
    )


@dataclass(frozen=True)
class TrendPoint:
    month: int
    mean: Decimal
    participants: int


def coaching_trend(end: date) -> list[TrendPoint]:
    """Mean coaching hours a week by month of employment, over all employment up to `end`.
    Month 1 runs from the start date to the same date a month later."""
    sql = f"""
        WITH {_EMPLOYED},
        per_month AS (
            SELECT e.placement_id,
                   (EXTRACT(YEAR FROM age(e.day, e.placement_start)) * 12
                    + EXTRACT(MONTH FROM age(e.day, e.placement_start)))::int + 1 AS month,
                   COUNT(*) AS days, COALESCE(SUM(m.total), 0) AS total
            FROM employed e
            LEFT JOIN minutes m ON m.candidate_id = e.candidate_id AND m.date = e.day
            GROUP BY 1, 2
        )
        SELECT month, AVG(total / 60.0 / (days / 7.0)), COUNT(*)
        FROM per_month GROUP BY month ORDER BY month
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": date(1900, 1, 1), "end": end})
        return [TrendPoint(m, hours(v), n) for m, v, n in cursor.fetchall()]


@dataclass(frozen=True)
class Flag:
    candidate_id: int
    name: str
    hours_per_week: Decimal


def settings_get() -> CoachingSettings:
    return CoachingSettings.objects.get_or_create(pk=1)[0]


def flagged_for_review(on: date | None = None) -> list[Flag]:
    """Participants employed on `on` whose coaching over the last weeks averages more than
    the threshold: another instrument may fit better."""
    on = on or timezone.localdate()
    team = settings_get()
    start = on - timedelta(days=7 * team.review_weeks - 1)
    sql = f"""
        WITH {_EMPLOYED},
        per_person AS (
            SELECT e.placement_id, e.candidate_id, COUNT(*) AS days,
                   COALESCE(SUM(m.total), 0) AS total,
                   BOOL_OR(e.day = %(end)s) AS employed_now
            FROM employed e
            LEFT JOIN minutes m ON m.candidate_id = e.candidate_id AND m.date = e.day
            GROUP BY e.placement_id, e.candidate_id
        )
        SELECT p.candidate_id, c.first_name || ' ' || c.last_name, p.total / 60.0 / (p.days / 7.0)
        FROM per_person p JOIN {Candidate._meta.db_table} c ON c.id = p.candidate_id
        WHERE p.employed_now AND p.total / 60.0 / (p.days / 7.0) > %(threshold)s
        ORDER BY 3 DESC
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": on, "threshold": team.review_threshold_hours})
        return [Flag(pk, name, hours(h)) for pk, name, h in cursor.fetchall()]


@dataclass(frozen=True)
class WellbeingChange:
    domain: str
    improved: int
    same: int
    worse: int

    @property
    def total(self) -> int:
        return self.improved + self.same + self.worse

    def share(self, count: int) -> Decimal | None:
        return (
            (Decimal(count) * 100 / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if self.total
            else None
        )

    @property
    def improved_share(self) -> Decimal | None:
        return self.share(self.improved)

    @property
    def same_share(self) -> Decimal | None:
        return self.share(self.same)

    @property
    def worse_share(self) -> Decimal | None:
        return self.share(self.worse)


def wellbeing_changes(end: date | None = None) -> list[WellbeingChange]:
    """Per domain: participants whose latest score (on or before `end`) is higher, the same
    or lower than their first. Participants with one measurement do not count yet."""
    end = end or timezone.localdate()
    sql = f"""
        WITH ranked AS (
            SELECT m.candidate_id, s.domain_id, s.score,
                   ROW_NUMBER() OVER (PARTITION BY m.candidate_id, s.domain_id ORDER BY m.date) AS first_rank,
                   ROW_NUMBER() OVER (PARTITION BY m.candidate_id, s.domain_id ORDER BY m.date DESC) AS last_rank,
                   COUNT(*) OVER (PARTITION BY m.candidate_id, s.domain_id) AS n
            FROM {WellbeingScore._meta.db_table} s
            JOIN {WellbeingMeasurement._meta.db_table} m ON m.id = s.measurement_id
            WHERE m.date <= %(end)s
        ),
        pairs AS (
            SELECT domain_id,
                   MAX(score) FILTER (WHERE first_rank = 1) AS first,
                   MAX(score) FILTER (WHERE last_rank = 1) AS last
            FROM ranked WHERE n >= 2 GROUP BY candidate_id, domain_id
        )
        SELECT d.name,
               COUNT(p.domain_id) FILTER (WHERE p.last > p.first),
               COUNT(p.domain_id) FILTER (WHERE p.last = p.first),
               COUNT(p.domain_id) FILTER (WHERE p.last < p.first)
        FROM {WellbeingDomain._meta.db_table} d
        LEFT JOIN pairs p ON p.domain_id = d.id
        WHERE d.active OR p.domain_id IS NOT NULL
        GROUP BY d.id, d.name, d.position ORDER BY d.position, d.name
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"end": end})
        return [WellbeingChange(*row) for row in cursor.fetchall()]


# --- lists for the coach ----------------------------------------------------------------------


def entries_for(candidate: Candidate, limit: int = 20) -> QuerySet[CoachingEntry]:
    return candidate.coaching.select_related("coach", "party").order_by("-date", "-pk")[:limit]


def week_rows(
    *, user, week_start: date, coach=None, party: GuidanceParty | None = None
) -> list[Candidate]:
    """The participants in `user`'s reach of a coach (their caseload) or of a party (those
    the party coached in the last six months), employed in that week."""
    week_end = week_start + timedelta(days=6)
    employed = Placement.objects.filter(start_date__lte=week_end).exclude(end_date__lt=week_start)
    people = Candidate.objects.in_reach_of(user).filter(placements__in=employed).distinct()
    if coach is not None:
        people = people.filter(coach=coach)
    if party is not None:
        people = people.filter(
            coaching__party=party, coaching__date__gte=add_months(week_start, -6)
        ).distinct()
    return list(people.order_by("last_name", "first_name"))


def week_minutes(*, week_start: date, candidates: list[Candidate], coach=None, party=None) -> dict:
    """{(candidate_id, kind): minutes} of the week-grid entries of this provider."""
    rows = CoachingEntry.objects.filter(
        candidate__in=candidates, date=week_start, source="week", coach=coach, party=party
    ).values_list("candidate_id", "kind", "minutes")
    return {(c, k): m for c, k, m in rows}


@dataclass(frozen=True)
class DueMeasurement:
    candidate: Candidate
    due: date
    moment: str


def measurements_due(
    on: date | None = None, *, user, within_days: int = 14
) -> list[DueMeasurement]:
    """Participants in `user`'s reach employed now whose next measurement (T0 at the start,
    then every six months after the latest one) is due within two weeks or overdue."""
    on = on or timezone.localdate()
    last = (
        WellbeingMeasurement.objects.filter(candidate=OuterRef("candidate"))
        .values("candidate")
        .annotate(d=Max("date"))
        .values("d")
    )
    counts = (
        WellbeingMeasurement.objects.filter(candidate=OuterRef("candidate"))
        .values("candidate")
        .annotate(n=Count("pk"))
        .values("n")
    )
    placements = (
        in_reach(participants_on(on), user=user)
        .select_related("candidate")
        .annotate(last_measured=Subquery(last), measured=Subquery(counts))
        .order_by("candidate__last_name")
    )
    due = []
    for p in placements:
        n = p.measured or 0
        next_due = p.start_date if p.last_measured is None else add_months(p.last_measured, 6)
        if next_due <= on + timedelta(days=within_days):
            due.append(DueMeasurement(p.candidate, next_due, f"T{n}"))
    return sorted(due, key=lambda d: d.due)


def referrals_for(candidate: Candidate) -> QuerySet[Referral]:
    return candidate.referrals.select_related("referred_by")


def measurements_for(candidate: Candidate) -> list[WellbeingMeasurement]:
    return list(candidate.wellbeing.prefetch_related("scores__domain").order_by("date"))


# --- the contact overview -------------------------------------------------------------------


@dataclass(frozen=True)
class Helper:
    topic: str
    who: str
    for_what: str
    reach: str


def contact_overview(candidate: Candidate) -> list[Helper]:
    """Who helps the participant with what, in plain Dutch (B1), from the data recorded."""
    from django.utils.translation import gettext as _

    from basisbaan.selectors import profile_get

    helpers: list[Helper] = []
    work = (
        candidate.coaching.filter(kind=CoachingKind.WORK, party__isnull=False)
        .select_related("party")
        .order_by("-date")
        .first()
    )
    if work:
        party = work.party
        reach = ", ".join(x for x in [party.contact_name, party.phone, party.email] if x)
        helpers.append(
            Helper(
                _("Uw werk"),
                party.name,
                _("Vragen over uw taken, uw werktijden of hoe het gaat op het werk."),
                reach or _("via uw coach van de gemeente"),
            )
        )
    profile = profile_get()
    if candidate.coach:
        reach = candidate.coach.email
        if profile and profile.phone:
            reach = f"{reach}, {_('telefoon')} {profile.phone}"
        helpers.append(
            Helper(
                _("Geld en welzijn"),
                candidate.coach.full_name,
                _("Vragen over uw loon, toeslagen, belastingen en hoe het met u gaat."),
                reach,
            )
        )
    debt = (
        candidate.referrals.filter(kind="gkb", outcome__in=["open", "gestart"])
        .order_by("-date")
        .first()
    )
    if debt:
        helpers.append(
            Helper(
                _("Schulden"),
                _("Gemeentelijke Kredietbank (GKB)"),
                _("Hulp bij schulden en het regelen van betalingen."),
                debt.contact or _("via uw coach van de gemeente"),
            )
        )
    placement = (
        candidate.placements.filter(end_date__isnull=True).select_related("employer").first()
    )
    if placement:
        organisations = {
            a.task.organisation
            for a in placement.assignments.select_related("task__organisation")
            if a.end_date is None
        }
        reach = "; ".join(
            f"{o.name}: {', '.join(x for x in [o.contact_name, o.contact_phone] if x) or _('vraag het op uw werkplek')}"
            for o in sorted(organisations, key=lambda o: o.name)
        )
        helpers.append(
            Helper(
                _("Uw werkgever"),
                placement.employer.name,
                _("Uw contract, uw loonstrook, ziek melden en verlof."),
                reach or _("via uw coach van de gemeente"),
            )
        )
    return helpers
