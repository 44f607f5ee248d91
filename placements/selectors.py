"""Every read of the placements app: inventory, matching, employment and the figures.

Figures follow DESIGN.md ("Figures") and are computed in SQL: the absence rate and the work
delivered on the employment timeline (`placements.timeline`: date ranges intersected and
multiplied by rates, never a row per person per day), window functions for hour increases,
aggregates for the rest.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan import disclosure
from basisbaan.dates import add_months, quarter_bounds
from basisbaan.models import TaskType, Wijk
from candidates.models import Candidate, PhysicalCapacity
from candidates.selectors import in_reach

from . import timeline
from .models import (
    MILESTONE_WEEKS,
    Contract,
    ContractHours,
    ContractKind,
    DisplacementCheck,
    EndReason,
    MilestoneDone,
    NationalAbsenceRate,
    Placement,
    SickReport,
    Task,
    TaskAssignment,
)

CAPACITY_ORDER = {PhysicalCapacity.LICHT: 1, PhysicalCapacity.MIDDEL: 2, PhysicalCapacity.ZWAAR: 3}


def one_decimal(value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- inventory -------------------------------------------------------------------------------


def check_validity_cutoff(on: date | None = None) -> date:
    """Checks done before this date are due for renewal."""
    on = on or timezone.localdate()
    return add_months(on, -settings.DISPLACEMENT_CHECK_VALID_MONTHS)


def _active_assignments(on: date):
    return TaskAssignment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on),
        start_date__lte=on,
        placement__start_date__lte=on,
    ).filter(Q(placement__end_date__isnull=True) | Q(placement__end_date__gte=on))


def tasks_with_status(on: date | None = None) -> QuerySet[Task]:
    """Tasks annotated with their latest displacement check, whether that check is confirmed
    and current (`assignable`), and the places filled and free on `on`."""
    on = on or timezone.localdate()
    latest = DisplacementCheck.objects.filter(task=OuterRef("pk")).order_by("-checked_on", "-pk")
    filled = (
        _active_assignments(on)
        .filter(task=OuterRef("pk"))
        .values("task")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Task.objects.annotate(
        check_date=Subquery(latest.values("checked_on")[:1]),
        check_confirmed=Subquery(latest.values("no_displacement")[:1]),
        places_filled=Coalesce(Subquery(filled, output_field=IntegerField()), 0),
    ).annotate(
        places_free=F("places") - F("places_filled"),
        assignable=Case(
            When(check_confirmed=True, check_date__gte=check_validity_cutoff(on), then=True),
            default=False,
            output_field=BooleanField(),
        ),
        check_due=Case(
            When(check_date__isnull=True, then=True),
            When(check_date__lt=check_validity_cutoff(on), then=True),
            default=False,
            output_field=BooleanField(),
        ),
    )


TASK_SORTS = {
    "wijk": ("wijk__name", "title"),
    "taak": ("title",),
    "vrij": ("-places_free", "title"),
}


def task_list(
    *,
    wijk_id: int | None = None,
    task_type_id: int | None = None,
    organisation_id: int | None = None,
    status: str = "",
    sort: str = "wijk",
    search: str = "",
) -> QuerySet[Task]:
    qs = tasks_with_status().select_related("wijk", "task_type", "organisation")
    for term in search.split():  # every word in the task's title or the organisation's name
        qs = qs.filter(Q(title__icontains=term) | Q(organisation__name__icontains=term))
    if wijk_id:
        qs = qs.filter(wijk_id=wijk_id)
    if task_type_id:
        qs = qs.filter(task_type_id=task_type_id)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if status == "vrij":
        qs = qs.filter(active=True, assignable=True, places_free__gt=0)
    elif status == "toets":
        qs = qs.filter(active=True, check_due=True)
    elif status == "inactief":
        qs = qs.filter(active=False)
    elif status != "alle":
        qs = qs.filter(active=True)
    return qs.order_by(*TASK_SORTS.get(sort, TASK_SORTS["wijk"]), "pk")


@dataclass(frozen=True)
class WijkOverview:
    wijk: Wijk
    tasks: int
    places: int
    places_filled: int
    participants: int


def wijk_overview(on: date | None = None, *, show_inactive: bool = False) -> list[WijkOverview]:
    """Per wijk: active tasks, places, places filled and participants (primary wijk) on
    `on`, in three grouped queries."""
    on = on or timezone.localdate()
    wijken = Wijk.objects.all() if show_inactive else Wijk.objects.active()
    task_rows = {
        row["wijk"]: row
        for row in Task.objects.filter(active=True)
        .values("wijk")
        .annotate(tasks=Count("pk"), places=Coalesce(Sum("places"), 0))
    }
    filled = dict(
        _active_assignments(on)
        .values("task__wijk")
        .annotate(n=Count("pk"))
        .values_list("task__wijk", "n")
    )
    participants = dict(
        participants_on(on)
        .values("primary_wijk")
        .annotate(n=Count("pk"))
        .values_list("primary_wijk", "n")
    )
    return [
        WijkOverview(
            wijk=w,
            tasks=task_rows.get(w.pk, {}).get("tasks", 0),
            places=task_rows.get(w.pk, {}).get("places", 0),
            places_filled=filled.get(w.pk, 0),
            participants=participants.get(w.pk, 0),
        )
        for w in wijken.order_by("name")
    ]


# --- matching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchReason:
    ok: bool
    text: str


@dataclass(frozen=True)
class Match:
    task: Task
    score: int
    reasons: list[MatchReason]


MATCHES_SHOWN = 25


def matching(
    candidate: Candidate,
    *,
    wijk_id: int | None = None,
    only_fitting: bool = True,
    limit: int = MATCHES_SHOWN,
) -> list[Match]:
    """Open, assignable tasks ranked by fit for the candidate, with the reason per criterion.

    Score (higher first): own wijk 3 or within reach 2, wished task type 2, physical demand
    within capacity 2, hours within availability 1, free places 1. Computed in SQL; only the
    best `limit` get their reasons written. `only_fitting` (the default): tasks within reach
    (own wijk or a wijk within reach), within capacity and hours, with a free place.
    """
    reach = list(candidate.wijken_within_reach.values_list("pk", flat=True))
    wished = list(candidate.preferred_task_types.values_list("pk", flat=True))
    capacity = CAPACITY_ORDER[candidate.physical_capacity]
    allowed_demands = [d for d, level in CAPACITY_ORDER.items() if level <= capacity]
    qs = (
        tasks_with_status()
        .filter(active=True, assignable=True)
        .select_related("wijk", "task_type", "organisation")
        .annotate(
            in_own_wijk=Case(When(wijk=candidate.home_wijk_id, then=True), default=False),
            in_reach=Case(When(wijk__in=reach, then=True), default=False),
            wished_type=Case(When(task_type__in=wished, then=True), default=False),
            demand_ok=Case(When(physical_demand__in=allowed_demands, then=True), default=False),
            hours_ok=Case(
                When(hours_per_week__lte=candidate.available_hours, then=True), default=False
            ),
        )
        .annotate(
            score=Case(When(in_own_wijk=True, then=3), When(in_reach=True, then=2), default=0)
            + Case(When(wished_type=True, then=2), default=0)
            + Case(When(demand_ok=True, then=2), default=0)
            + Case(When(hours_ok=True, then=1), default=0)
            + Case(When(places_free__gt=0, then=1), default=0)
        )
    )
    if wijk_id:
        qs = qs.filter(wijk_id=wijk_id)
    if only_fitting:
        qs = qs.filter(
            Q(in_own_wijk=True) | Q(in_reach=True),
            demand_ok=True,
            hours_ok=True,
            places_free__gt=0,
        )
    return [
        Match(task=t, score=t.score, reasons=_match_reasons(t, candidate))
        for t in qs.order_by("-score", "-places_free", "title", "pk")[:limit]
    ]


def _match_reasons(task: Task, candidate: Candidate) -> list[MatchReason]:
    if task.in_own_wijk:
        where = MatchReason(True, _("in de eigen wijk (%(wijk)s)") % {"wijk": task.wijk})
    elif task.in_reach:
        where = MatchReason(True, _("in %(wijk)s, binnen bereik") % {"wijk": task.wijk})
    else:
        where = MatchReason(False, _("in %(wijk)s, niet binnen bereik") % {"wijk": task.wijk})
    return [
        where,
        MatchReason(
            task.wished_type,
            (
                _("gewenst werk: %(type)s")
                if task.wished_type
                else _("niet als wens opgegeven: %(type)s")
            )
            % {"type": task.task_type},
        ),
        MatchReason(
            task.demand_ok,
            _("fysieke belasting %(demand)s, kan de kandidaat aan")
            % {"demand": task.get_physical_demand_display()}
            if task.demand_ok
            else _("fysieke belasting %(demand)s is zwaarder dan de kandidaat aankan")
            % {"demand": task.get_physical_demand_display()},
        ),
        MatchReason(
            task.hours_ok,
            _("%(hours)s uur per week (beschikbaar: %(available)s)")
            % {"hours": task.hours_per_week, "available": candidate.available_hours},
        ),
        MatchReason(
            task.places_free > 0,
            _("%(free)s van %(places)s plaatsen vrij")
            % {"free": max(task.places_free, 0), "places": task.places},
        ),
    ]


# --- employment ------------------------------------------------------------------------------


def participants_on(day: date) -> QuerySet[Placement]:
    """Placements with a contract covering `day` (DESIGN: participants at date D)."""
    covering = Contract.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        placement=OuterRef("pk"),
        start_date__lte=day,
    )
    return Placement.objects.filter(Exists(covering), start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def hours_on_subquery(day: date, placement_ref: str = "pk"):
    """The contract hours in force on `day` for the placement in OuterRef(placement_ref)."""
    return Subquery(
        ContractHours.objects.filter(
            Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=day),
            contract__placement=OuterRef(placement_ref),
            contract__start_date__lte=day,
            valid_from__lte=day,
        )
        .order_by("-valid_from")
        .values("hours_per_week")[:1]
    )


PLACEMENT_SORTS = {
    "naam": ("candidate__last_name", "candidate__first_name"),
    "start": ("start_date",),
    "-start": ("-start_date",),
    "wijk": ("primary_wijk__name",),
    "einde": (F("contract_end").asc(nulls_last=True),),
}


def placement_list(
    *,
    user,
    current: bool = True,
    wijk_id: int | None = None,
    coach=None,
    sort: str = "naam",
    search: str = "",
):
    """Placements of the people in `user`'s reach with the participant, wijk, employer, hours
    today and the running contract's end, in one query."""
    today = timezone.localdate()
    running = Contract.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        placement=OuterRef("pk"),
        start_date__lte=today,
    ).order_by("-start_date")
    qs = in_reach(Placement.objects, user=user).select_related(
        "candidate", "primary_wijk", "employer"
    )
    qs = qs.annotate(
        hours_today=hours_on_subquery(today),
        contract_kind=Subquery(running.values("kind")[:1]),
        contract_end=Subquery(running.values("end_date")[:1]),
        open_sick=Exists(
            SickReport.objects.filter(placement=OuterRef("pk"), recovered_on__isnull=True)
        ),
    )
    if current:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    else:
        qs = qs.filter(end_date__lt=today)
    if wijk_id:
        qs = qs.filter(primary_wijk_id=wijk_id)
    if coach is not None:
        qs = qs.filter(candidate__coach=coach)
    for term in search.split():  # every word in the participant's name or the employer's
        qs = qs.filter(
            Q(candidate__first_name__icontains=term)
            | Q(candidate__last_name__icontains=term)
            | Q(employer__name__icontains=term)
        )
    return qs.order_by(*PLACEMENT_SORTS.get(sort, PLACEMENT_SORTS["naam"]), "pk")


def ending_contracts(
    *, on: date | None = None, within_days: int | None = None
) -> QuerySet[Contract]:
    """THE rule for "this contract is ending" (one place, used by the list of ending
    contracts and the placement page alike): a fixed-term contract of a running placement
    whose end date lies within CONTRACT_END_WARNING_DAYS from `on` and that has no successor
    (no later contract of the same placement). Not scoped: callers scope it."""
    on = on or timezone.localdate()
    within_days = settings.CONTRACT_END_WARNING_DAYS if within_days is None else within_days
    successor = Contract.objects.filter(
        placement=OuterRef("placement"), start_date__gt=OuterRef("end_date")
    )
    return (
        Contract.objects.filter(
            kind=ContractKind.FIXED,
            end_date__gte=on,
            end_date__lte=on + timedelta(days=within_days),
            placement__end_date__isnull=True,
        )
        .exclude(Exists(successor))
        .order_by("end_date")
    )


def contracts_ending(
    *, user, within_days: int | None = None, on: date | None = None
) -> QuerySet[Contract]:
    """Ending contracts (see `ending_contracts`) of the people in `user`'s reach."""
    return (
        in_reach(
            ending_contracts(on=on, within_days=within_days),
            user=user,
            path="placement__candidate",
        )
        .select_related("placement__candidate", "placement__primary_wijk")
        .order_by("end_date", "pk")
    )


def placement_get(*, user, pk: int, queryset: QuerySet[Placement] | None = None) -> Placement:
    """One placement, only when its person is in `user`'s reach (else 404)."""
    queryset = Placement.objects.select_related("candidate") if queryset is None else queryset
    return get_object_or_404(in_reach(queryset, user=user), pk=pk)


def placement_detail(*, user, pk: int) -> Placement:
    """One placement in `user`'s reach with everything its page shows (else 404)."""
    queryset = Placement.objects.select_related(
        "candidate", "employer", "primary_wijk", "candidate__coach"
    ).prefetch_related(
        Prefetch(
            "contracts",
            queryset=Contract.objects.prefetch_related("hours").order_by("start_date"),
        ),
        Prefetch(
            "assignments",
            queryset=TaskAssignment.objects.select_related(
                "task__wijk", "task__task_type"
            ).order_by("start_date"),
        ),
        Prefetch(
            "sick_reports",
            queryset=SickReport.objects.prefetch_related("steps").order_by("-first_day"),
        ),
    )
    return placement_get(user=user, pk=pk, queryset=queryset)


def sick_report_get(*, user, pk: int) -> SickReport:
    """One sick report with its steps, only when its person is in `user`'s reach (else 404)."""
    queryset = SickReport.objects.select_related("placement__candidate").prefetch_related("steps")
    return get_object_or_404(in_reach(queryset, user=user, path="placement__candidate"), pk=pk)


def open_sick_reports(*, user) -> QuerySet[SickReport]:
    """Open sick reports of the people in `user`'s reach."""
    return (
        in_reach(SickReport.objects, user=user, path="placement__candidate")
        .filter(recovered_on__isnull=True)
        .select_related("placement__candidate", "placement__primary_wijk")
        .prefetch_related("steps")
        .order_by("first_day", "pk")
    )


# --- Wet Poortwachter ------------------------------------------------------------------------

# A new sick report less than four weeks after recovery continues the same sickness period.
RELAPSE_DAYS = 28


def poortwachter_due(*, first_day: date, prior_days: int, weeks: int) -> date:
    """The day a sickness period reaches `weeks` sick weeks, for its open report starting
    on `first_day`: the sick days of the period's earlier reports (`prior_days`) count, the
    days between them do not. A partial recovery is still sickness."""
    return first_day + timedelta(days=7 * weeks - prior_days)


@dataclass(frozen=True)
class MilestoneDue:
    milestone: str
    label: str
    due: date
    done_on: date | None


@dataclass(frozen=True)
class SicknessPeriod:
    """An open sick report with the sickness period it belongs to and its Poortwachter
    steps (due dates and, when done, the date)."""

    report_id: int
    placement_id: int
    candidate_id: int
    first_day: date
    period_start: date
    prior_days: int
    milestones: list[MilestoneDue]


def sickness_periods(candidates: QuerySet[Candidate]) -> list[SicknessPeriod]:
    """The open sick reports of `candidates` with their Poortwachter steps, in two queries
    (the periods by window functions over the people's reports; the steps done). Reports
    of one person form one sickness period while each starts less than RELAPSE_DAYS after
    the previous recovery."""
    ids_sql, ids_params = candidates.values("pk").query.sql_with_params()
    sql = f"""
        WITH r AS (
            SELECT s.id, s.placement_id, p.candidate_id, s.first_day, s.recovered_on,
                   LAG(s.recovered_on) OVER (PARTITION BY p.candidate_id ORDER BY s.first_day)
                       AS previous_recovery
            FROM {SickReport._meta.db_table} s
            JOIN {Placement._meta.db_table} p ON p.id = s.placement_id
            WHERE p.candidate_id IN ({ids_sql})
        ),
        numbered AS (
            SELECT *, SUM(CASE WHEN previous_recovery IS NULL
                                 OR first_day - previous_recovery >= {RELAPSE_DAYS}
                               THEN 1 ELSE 0 END)
                      OVER (PARTITION BY candidate_id ORDER BY first_day) AS period
            FROM r
        ),
        periods AS (
            SELECT *, MIN(first_day) OVER (PARTITION BY candidate_id, period) AS period_start,
                   COALESCE(SUM(recovered_on - first_day) OVER (
                       PARTITION BY candidate_id, period ORDER BY first_day
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS prior_days
            FROM numbered
        )
        SELECT id, placement_id, candidate_id, first_day, period_start, prior_days
        FROM periods WHERE recovered_on IS NULL ORDER BY first_day, id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, ids_params)
        rows = cursor.fetchall()
    done = {
        (m.candidate_id, m.period_start, m.milestone): m.done_on
        for m in MilestoneDone.objects.filter(
            candidate_id__in={row[2] for row in rows},
            period_start__in={row[4] for row in rows},
        )
    }
    periods = []
    for report_id, placement_id, candidate_id, first_day, period_start, prior_days in rows:
        milestones = [
            MilestoneDue(
                milestone=str(kind),
                label=str(kind.label),
                due=poortwachter_due(first_day=first_day, prior_days=prior_days, weeks=weeks),
                done_on=done.get((candidate_id, period_start, str(kind))),
            )
            for kind, weeks in MILESTONE_WEEKS.items()
        ]
        periods.append(
            SicknessPeriod(
                report_id,
                placement_id,
                candidate_id,
                first_day,
                period_start,
                prior_days,
                milestones,
            )
        )
    return periods


# --- the chain rule (ketenregeling) ----------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    breaks_rule: bool
    contracts_in_chain: int
    chain_start: date
    reasons: list[str]


def chain_rule_check(
    *, fixed_terms: list[tuple[date, date]], new_start: date, new_end: date
) -> ChainCheck:
    """Would a new fixed-term contract [new_start, new_end] break the chain rule?

    Fixed-term contracts separated by six months or less form one chain. The rule is broken
    by a fourth fixed-term contract in a chain, or by a chain spanning more than 36 months.
    Hour changes are addenda, not contracts, so they never count here.
    """
    periods = sorted([*fixed_terms, (new_start, new_end)])
    chain_start, count = periods[0][0], 0
    previous_end: date | None = None
    for start, end in periods:
        if previous_end is not None and start > add_months(previous_end, 6):
            chain_start, count = start, 0  # a gap of more than six months starts a new chain
        count += 1
        previous_end = end
        if (start, end) == (new_start, new_end):
            break
    reasons = []
    if count > 3:
        reasons.append(
            _("dit wordt het %(n)se contract voor bepaalde tijd in de keten") % {"n": count}
        )
    if new_end >= add_months(chain_start, 36):
        reasons.append(
            _("de keten (vanaf %(start)s) duurt dan langer dan 36 maanden")
            % {"start": chain_start.strftime("%d-%m-%Y")}
        )
    return ChainCheck(bool(reasons), count, chain_start, reasons)


def fixed_terms_of(placement: Placement) -> list[tuple[date, date]]:
    """The person's fixed-term contracts with the same employer (the chain rule is per
    employer), from any placement."""
    return list(
        Contract.objects.filter(
            kind=ContractKind.FIXED,
            placement__candidate_id=placement.candidate_id,
            placement__employer_id=placement.employer_id,
        ).values_list("start_date", "end_date")
    )


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantsByWijk:
    total: int
    per_wijk: list[tuple[str, int]]


def participants_by_wijk(day: date) -> ParticipantsByWijk:
    rows = list(
        participants_on(day)
        .values_list("primary_wijk__name")
        .annotate(n=Count("pk"))
        .order_by("primary_wijk__name")
        .values_list("primary_wijk__name", "n")
    )
    return ParticipantsByWijk(total=sum(n for _w, n in rows), per_wijk=rows)


def average_hours(day: date) -> Decimal | None:
    """Mean contract hours a week of the participants on `day`."""
    value = participants_on(day).annotate(h=hours_on_subquery(day)).aggregate(avg=Avg("h"))["avg"]
    return one_decimal(value)


def hour_increases(start: date, end: date) -> int:
    """Hour changes that raise a participant's contract hours, counted on the date they take
    effect (compared with the hours in force the day before, across contracts)."""
    sql = f"""
        SELECT COUNT(*) FROM (
            SELECT h.valid_from, h.hours_per_week,
                   LAG(h.hours_per_week) OVER (
                       PARTITION BY c.placement_id ORDER BY h.valid_from
                   ) AS previous
            FROM {ContractHours._meta.db_table} h
            JOIN {Contract._meta.db_table} c ON c.id = h.contract_id
        ) changes
        WHERE valid_from BETWEEN %s AND %s AND previous IS NOT NULL AND hours_per_week > previous
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end])
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class EmploymentFlow:
    dropout: int
    renewals: int
    conversions: int
    ended_other: int


def employment_flow(start: date, end: date) -> EmploymentFlow:
    """Dropout (ended with reason uitval), renewals and conversions in the period."""
    earlier_fixed = Contract.objects.filter(
        placement=OuterRef("placement"),
        kind=ContractKind.FIXED,
        start_date__lt=OuterRef("start_date"),
    )
    contracts = (
        Contract.objects.filter(start_date__range=(start, end))
        .annotate(follows_fixed=Exists(earlier_fixed))
        .aggregate(
            renewals=Count("pk", filter=Q(kind=ContractKind.FIXED, follows_fixed=True)),
            conversions=Count("pk", filter=Q(kind=ContractKind.INDEFINITE, follows_fixed=True)),
        )
    )
    ended = Placement.objects.filter(end_date__range=(start, end)).aggregate(
        dropout=Count("pk", filter=Q(end_reason=EndReason.UITVAL)),
        other=Count("pk", filter=~Q(end_reason=EndReason.UITVAL)),
    )
    return EmploymentFlow(
        dropout=ended["dropout"],
        renewals=contracts["renewals"],
        conversions=contracts["conversions"],
        ended_other=ended["other"],
    )


@dataclass(frozen=True)
class AbsenceFigures:
    start: date
    end: date
    rate: Decimal | None  # percent, one decimal
    participants: int
    zero_absence: int
    new_reports: int
    average_headcount: Decimal | None
    notification_frequency: Decimal | None
    national_rate: Decimal | None


def absence_figures(start: date, end: date) -> AbsenceFigures:
    """The absence rate (Vernet/CBS): sum over participants and days of sick x incapacity %
    x contract hours, divided by the sum of employed x contract hours, x 100, one decimal.
    Also the notification frequency (new sick reports in the period per average headcount,
    not annualised), and the participants (persons) without any absence in the period.

    On the employment timeline: employed hours = days of each employment segment x its
    hours; lost hours = days of (segment ∩ sick spell) x hours x incapacity %. One query.

    Worked example (tests/placements/test_absence.py): a 32 h participant employed all 31
    days of January, sick 100 % from the 11th to the 20th (10 days): 10 x 32 / (31 x 32) =
    32.3 %.
    """
    sql = f"""
        WITH {timeline.employment_cte()}, {timeline.spells_cte(within=timeline.window())},
        lost AS (
            SELECT e.candidate_id,
                   SUM({timeline.DAYS("e.span * sp.span")} * e.hours * sp.pct / 100.0) AS hours
            FROM employment e
            JOIN spells sp ON sp.placement_id = e.placement_id AND sp.span && e.span
            GROUP BY e.candidate_id
        ),
        per_person AS (
            SELECT e.candidate_id,
                   SUM({timeline.DAYS("e.span")} * e.hours) AS available,
                   SUM({timeline.DAYS("e.span")}) AS days
            FROM employment e GROUP BY e.candidate_id
        )
        SELECT COALESCE(SUM(p.available), 0), COALESCE(SUM(l.hours), 0), COUNT(*),
               COUNT(*) FILTER (WHERE COALESCE(l.hours, 0) = 0),
               COALESCE(SUM(p.days), 0),
               (SELECT COUNT(*) FROM {SickReport._meta.db_table} s
                 WHERE s.first_day BETWEEN %(start)s AND %(end)s
                   AND EXISTS (SELECT 1 FROM employment e
                                WHERE e.placement_id = s.placement_id AND e.span @> s.first_day))
        FROM per_person p LEFT JOIN lost l ON l.candidate_id = p.candidate_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end})
        available, lost, participants, zero, employed_days, new_reports = cursor.fetchone()
    days = (end - start).days + 1
    headcount = Decimal(employed_days) / days if days > 0 else Decimal(0)
    return AbsenceFigures(
        start=start,
        end=end,
        rate=one_decimal(Decimal(lost) * 100 / Decimal(available)) if available else None,
        participants=participants,
        zero_absence=zero,
        new_reports=new_reports,
        average_headcount=headcount.quantize(Decimal("0.01"), ROUND_HALF_UP)
        if employed_days
        else None,
        notification_frequency=(
            (Decimal(new_reports) / headcount).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if employed_days
            else None
        ),
        national_rate=national_rate(start, end),
    )


def national_rate(start: date, end: date) -> Decimal | None:
    """The national reference rate for the period: the rate entered for exactly that period,
    else the mean of the rates entered for the quarters it consists of (all of them needed:
    a half-year is the mean of its two quarters)."""
    exact = NationalAbsenceRate.objects.filter(start=start, end=end).values_list("rate", flat=True)
    if exact:
        return exact[0]
    quarters = []
    cursor = start
    while cursor <= end:
        q_start, q_end = quarter_bounds(cursor)
        if q_start != cursor or q_end > end:
            return None  # the period is not made of whole quarters
        quarters.append((q_start, q_end))
        cursor = q_end + timedelta(days=1)
    rates = {
        (r.start, r.end): r.rate
        for r in NationalAbsenceRate.objects.filter(
            start__in=[q[0] for q in quarters], end__in=[q[1] for q in quarters]
        )
    }
    if len(quarters) < 2 or any(q not in rates for q in quarters):
        return None
    return one_decimal(sum(rates[q] for q in quarters) / len(quarters))


@dataclass(frozen=True)
class WorkDelivered:
    per_wijk: list[tuple[str, Decimal]]
    per_task_type: list[tuple[str, Decimal]]
    total: Decimal


def work_delivered(start: date, end: date) -> WorkDelivered:
    """Task hours in the period: for every task assignment, its hours a week x its assigned
    days in the period (assignment ∩ placement ∩ period) / 7, less the incapacity share of
    the days in that range on which the participant is sick (range ∩ sick spells). One
    query with grouping sets (per wijk, per task type, total)."""
    sql = f"""
        WITH {timeline.spells_cte(within=timeline.window())},
        assigned AS MATERIALIZED (
            SELECT * FROM (
                SELECT a.id, a.placement_id, t.wijk_id, t.task_type_id, a.hours_per_week,
                       daterange(a.start_date, a.end_date, '[]')
                       * daterange(p.start_date, p.end_date, '[]') * {timeline.window()} AS span
                FROM {TaskAssignment._meta.db_table} a
                JOIN {Task._meta.db_table} t ON t.id = a.task_id
                JOIN {Placement._meta.db_table} p ON p.id = a.placement_id
            ) x WHERE NOT isempty(x.span)
        ),
        sick_days AS (
            -- The days of each assignment lost to sickness, weighted by incapacity (a
            -- hash join of the few spells in the period with the assignments).
            SELECT x.id, SUM({timeline.DAYS("x.span * sp.span")} * sp.pct / 100.0) AS days
            FROM assigned x JOIN spells sp ON sp.placement_id = x.placement_id AND sp.span && x.span
            GROUP BY x.id
        ),
        worked AS (
            SELECT x.wijk_id, x.task_type_id,
                   x.hours_per_week / 7.0
                   * ({timeline.DAYS("x.span")} - COALESCE(l.days, 0)) AS hours
            FROM assigned x LEFT JOIN sick_days l ON l.id = x.id
        )
        SELECT w.name, tt.name, GROUPING(w.name), GROUPING(tt.name), SUM(worked.hours)
        FROM worked
        JOIN {Wijk._meta.db_table} w ON w.id = worked.wijk_id
        JOIN {TaskType._meta.db_table} tt ON tt.id = worked.task_type_id
        GROUP BY GROUPING SETS ((w.name), (tt.name), ())
        ORDER BY 1, 2
    """
    per_wijk, per_type, total = [], [], Decimal(0)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end})
        for wijk, task_type, wijk_grouped, type_grouped, hours in cursor.fetchall():
            hours = one_decimal(hours)
            if wijk_grouped and type_grouped:
                total = hours
            elif type_grouped:
                per_wijk.append((wijk, hours))
            else:
                per_type.append((task_type, hours))
    return WorkDelivered(per_wijk=per_wijk, per_task_type=per_type, total=total)


@dataclass(frozen=True)
class EmploymentOverview:
    start: date
    end: date
    participants: ParticipantsByWijk
    average_hours: Decimal | None
    hour_increases: int
    flow: EmploymentFlow
    absence: AbsenceFigures
    work: WorkDelivered


def employment_overview(start: date, end: date) -> EmploymentOverview:
    """All employment figures of a period (participants and hours as of its last day)."""
    return EmploymentOverview(
        start=start,
        end=end,
        participants=participants_by_wijk(end),
        average_hours=average_hours(end),
        hour_increases=hour_increases(start, end),
        flow=employment_flow(start, end),
        absence=absence_figures(start, end),
        work=work_delivered(start, end),
    )


def assignable_tasks() -> QuerySet[Task]:
    return tasks_with_status().filter(active=True, assignable=True).select_related("wijk")


def sum_assignment_hours(placement: Placement, day: date) -> Decimal:
    """Hours of the task assignments running on `day` (from the prefetched assignments)."""
    return sum(
        (
            a.hours_per_week
            for a in placement.assignments.all()
            if a.start_date <= day and (a.end_date is None or day <= a.end_date)
        ),
        Decimal(0),
    )


def hours_in_force(placement: Placement, day: date) -> Decimal | None:
    """Contract hours on `day` (from the prefetched contracts and hours)."""
    for contract in placement.contracts.all():
        if contract.covers(day):
            rows = [h for h in contract.hours.all() if h.valid_from <= day]
            return max(rows, key=lambda h: h.valid_from).hours_per_week if rows else None
    return None


def current_contract(placement: Placement, day: date) -> Contract | None:
    return next((c for c in placement.contracts.all() if c.covers(day)), None)


@dataclass(frozen=True)
class EmploymentState:
    """What the placement page signals on a day (from the prefetched placement)."""

    contract: Contract | None
    hours: Decimal | None
    assigned_hours: Decimal
    hours_mismatch: bool
    ending_soon: bool


def employment_state(placement: Placement, day: date) -> EmploymentState:
    contract = current_contract(placement, day)
    hours = hours_in_force(placement, day)
    assigned = sum_assignment_hours(placement, day)
    return EmploymentState(
        contract=contract,
        hours=hours,
        assigned_hours=assigned,
        hours_mismatch=hours is not None and placement.end_date is None and assigned != hours,
        ending_soon=ending_contracts(on=day).filter(placement=placement).exists(),
    )


@dataclass(frozen=True)
class Characteristics:
    """Participants on a date by age group, gender, years on assistance and household."""

    total: int
    age_groups: list[tuple[str, int]]
    gender: list[tuple[str, int]]
    years_on_assistance: list[tuple[str, int]]
    household: list[tuple[str, int]]


def participant_characteristics(day: date) -> Characteristics:
    """One aggregate query over the participants on `day` (age and years on assistance as of
    `day`)."""
    from django.db.models.functions import ExtractYear

    from candidates.models import Gender, Household

    people = Candidate.objects.filter(placements__in=participants_on(day)).distinct()
    age = Func(Value(day), F("date_of_birth"), function="age")
    years = ExtractYear(age)
    assistance = ExtractYear(Func(Value(day), F("on_assistance_since"), function="age"))
    bands = {
        "age_lt35": Q(age_years__lt=35),
        "age_35_44": Q(age_years__gte=35, age_years__lt=45),
        "age_45_54": Q(age_years__gte=45, age_years__lt=55),
        "age_55": Q(age_years__gte=55),
        "ass_lt3": Q(assistance_years__lt=3),
        "ass_3_5": Q(assistance_years__gte=3, assistance_years__lt=5),
        "ass_5_10": Q(assistance_years__gte=5, assistance_years__lt=10),
        "ass_10": Q(assistance_years__gte=10),
    }
    bands |= {f"gender_{g}": Q(gender=g) for g in Gender.values}
    bands |= {f"household_{h}": Q(household=h) for h in Household.values}
    row = people.annotate(age_years=years, assistance_years=assistance).aggregate(
        total=Count("pk"),
        **{key: Count("pk", filter=condition) for key, condition in bands.items()},
    )
    return Characteristics(
        total=row["total"],
        age_groups=[
            (_("jonger dan 35"), row["age_lt35"]),
            (_("35 tot 45"), row["age_35_44"]),
            (_("45 tot 55"), row["age_45_54"]),
            (_("55 en ouder"), row["age_55"]),
        ],
        gender=[(str(label), row[f"gender_{value}"]) for value, label in Gender.choices],
        years_on_assistance=[
            (_("minder dan 3 jaar"), row["ass_lt3"]),
            (_("3 tot 5 jaar"), row["ass_3_5"]),
            (_("5 tot 10 jaar"), row["ass_5_10"]),
            (_("10 jaar of langer"), row["ass_10"]),
        ],
        household=[(str(label), row[f"household_{value}"]) for value, label in Household.choices],
    )


CHARACTERISTIC_GROUPS = ("age_groups", "gender", "years_on_assistance", "household")


def characteristics_published(result: Characteristics) -> dict:
    """The characteristics as published (the council letter's table and chart): the small-
    number rule applied here (`basisbaan.disclosure`). The participants' total is a plain
    headcount; each characteristic's groups add up to it (when every value is recorded),
    so a hidden group gets a complement. Shares of the total are hidden with their count."""
    values: dict = {"total": result.total}
    sums = []
    for group in CHARACTERISTIC_GROUPS:
        rows = getattr(result, group)
        values |= {(group, i): n for i, (_label, n) in enumerate(rows)}
        sums.append(("total", [(group, i) for i in range(len(rows))]))
    shown = disclosure.protect(values, sums, public=["total"])
    published: dict = {"total": result.total}
    for group in CHARACTERISTIC_GROUPS:
        published[group] = [
            [str(label), shown[(group, i)]] for i, (label, _n) in enumerate(getattr(result, group))
        ]
    return published


def tasks_chosen(pks: list[int]) -> list[Task]:
    """The tasks chosen on the matching page, in the order chosen (unknown ids dropped), in
    one query: their hours pre-fill the placement form."""
    tasks = {t.pk: t for t in Task.objects.filter(pk__in=pks[:20])}
    return [tasks[pk] for pk in dict.fromkeys(pks) if pk in tasks]
