"""Every read of the coaching app, and the coaching and wellbeing figures (in SQL).

Coaching intensity (DESIGN.md): per participant employed in the period, the coaching hours
(all kinds, municipal and parties) on employed days of the period divided by the weeks
employed in the period (employed days / 7); a participant without entries counts as 0.
Reported as the unweighted mean over participants, with minimum and maximum.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from basisbaan import disclosure, figure_snapshot
from basisbaan.dates import add_months
from candidates.models import Candidate
from candidates.selectors import decimal_text, in_reach
from placements import timeline
from placements.models import Contract, Placement
from placements.selectors import participants_on

from .models import (
    CoachingEntry,
    CoachingKind,
    CoachingMonth,
    CoachingPiece,
    CoachingSettings,
    GuidanceParty,
    Referral,
    TrendMonth,
    TrendMonthSum,
    TrendStale,
    TrendState,
    WellbeingDomain,
    WellbeingMeasurement,
    WellbeingSummary,
)

ENTRY = CoachingEntry._meta.db_table
CONTRACT = Contract._meta.db_table
PLACEMENT = Placement._meta.db_table
KINDS = list(CoachingKind.values)


# Hours a week are worked out in numeric with a finite scale (a third of a minute is
# 0.333...): first to this many decimals, so a rate of exactly 4.25 that arrives as
# 4.2499999999999 rounds half up like 4.25, whichever order its pieces were added in.
SNAP = Decimal("1e-9")


def hours(value) -> Decimal | None:
    """A rate in hours a week, rounded half up to one decimal (after `SNAP`)."""
    if value is None:
        return None
    return Decimal(value).quantize(SNAP, ROUND_HALF_UP).quantize(Decimal("0.1"), ROUND_HALF_UP)


MINUTE_COLUMNS = ["total", "municipal", "external", *(f"kind_{k}" for k in KINDS)]


def _pieces_sql(start: str, end: str, entries: str | None = None, people: str | None = None) -> str:
    """CTEs ending in `pieces`: each coaching entry credited to the employed days it covers,
    one row per (entry, employment segment) with `candidate_id, placement_id,
    placement_start, kind, coach_id, party_id`, the days `[lo, hi)` of the segment the
    entry covers within [start, end] (`hi <= lo`: none) and `share`, the minutes credited
    to those days.

    An entry for a day counts in full when the day is employed. An entry for a whole week
    (the week grid and imported weeks, stored on the week's Monday) is spread over the
    person's employed days of that week: a piece gets minutes x its days / the week's
    employed days, so a week straddling the period's or the employment's start counts only
    its share. `start`/`end` are SQL date expressions bounding the days credited.

    Each entry meets only its own person's few segments (a hash join on the person), and
    the week's employed days are a window sum over those same rows: no join of entries
    with periods or months, no row per day. The bounds are plain dates (the range
    arithmetic of the timeline, written out) because this runs once per entry. `entries`
    replaces the entries read (a subquery of coaching entries `en`, each once) when the
    caller knows a narrower set; `people` (an SQL array of candidate ids) limits the
    employment read to those people.
    """
    entries = entries or f"SELECT * FROM {ENTRY} en WHERE en.date BETWEEN ({start}) - 6 AND {end}"
    return f"""
    {timeline.employment_cte("entry_employment", f"daterange(({start}) - 6, ({end}) + 7, '[)')", people).strip()},
    entry_spans AS (
        SELECT en.id, en.candidate_id, en.minutes, en.kind, en.coach_id, en.party_id,
               w.placement_id, w.placement_start,
               GREATEST(lower(w.span), en.date) AS lo,
               LEAST(upper(w.span), en.date + x.days) AS hi
        FROM ({entries}) en
        CROSS JOIN LATERAL (SELECT CASE WHEN en.source = 'week' THEN 7 ELSE 1 END AS days) x
        JOIN entry_employment w ON w.candidate_id = en.candidate_id
             AND lower(w.span) < en.date + x.days AND upper(w.span) > en.date
    ),
    pieces AS (
        SELECT candidate_id, placement_id, placement_start, kind, coach_id, party_id,
               GREATEST(lo, {start}) AS lo, LEAST(hi, ({end}) + 1) AS hi,
               minutes * GREATEST(LEAST(hi, ({end}) + 1) - GREATEST(lo, {start}), 0)::numeric
               / SUM(hi - lo) OVER (PARTITION BY id) AS share
        FROM entry_spans
    )"""


def _stored_pieces_sql(start: str, end: str, people: str | None = None) -> str:
    """The CTE `pieces` of `_pieces_sql`, from the stored pieces (`CoachingPiece`, kept by
    `trend_refresh`) instead of the entries, for days up to the horizon: each stored piece
    overlapping [start, end] cut to it, its minutes in proportion to the days kept, and its
    placement from the employment segment it lies in (a person has one placement at a time
    and a piece lies within one segment). Needs the CTE `employment` over [start, end]."""
    only = "" if people is None else f"AND x.candidate_id = ANY({people})"
    lo, hi = f"GREATEST(x.lo, {start})", f"LEAST(x.hi, ({end}) + 1)"
    return f"""
    pieces AS (
        SELECT x.candidate_id, e.placement_id, e.placement_start, x.kind, x.coach_id,
               x.party_id, {lo} AS lo, {hi} AS hi,
               x.share * ({hi} - {lo})::numeric / (x.hi - x.lo) AS share
        FROM {CoachingPiece._meta.db_table} x
        JOIN employment e ON e.candidate_id = x.candidate_id
             AND lower(e.span) < x.hi AND upper(e.span) > x.lo
        WHERE x.lo BETWEEN ({start}) - 6 AND {end} {only}
    )"""


def _minute_sums(alias: str = "x") -> str:
    """The credited minutes of `pieces` rows, in total and split by provider and kind."""
    filters = {
        "total": "TRUE",
        "municipal": f"{alias}.coach_id IS NOT NULL",
        "external": f"{alias}.party_id IS NOT NULL",
        **{f"kind_{k}": f"{alias}.kind = '{k}'" for k in KINDS},
    }
    return ", ".join(
        f"COALESCE(SUM({alias}.share) FILTER (WHERE {condition}), 0) AS {column}"
        for column, condition in filters.items()
    )


# Participants employed at least this many days of a period count for the minimum and
# maximum coaching intensity (a few days give no meaningful weekly rate).
MIN_DAYS_FOR_RANGE = 28


@dataclass(frozen=True)
class Intensity:
    participants: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    municipal: Decimal | None
    external: Decimal | None
    per_kind: dict[str, Decimal | None]


def whole_months(start: date, end: date, horizon: date) -> tuple[date, date]:
    """The whole calendar months within [start, end] (and before `horizon`) as [first, last):
    the first day of the first and of the month after the last. Without any, both are
    `end` + 1 day, so the days before the first whole month are the whole period."""
    first = start if start.day == 1 else add_months(start.replace(day=1), 1)
    after = min((end + timedelta(days=1)).replace(day=1), horizon)
    if first >= after:
        return end + timedelta(days=1), end + timedelta(days=1)
    return first, after


def _credited_sql(people: str | None = None) -> str:
    """A CTE `credited`: per person the minutes credited to their employed days of
    [%(start)s, %(end)s] (see `_pieces_sql`), in the `MINUTE_COLUMNS`. The whole calendar
    months [%(first)s, %(after)s) (`whole_months`) come from `CoachingMonth`, the days
    before and after them from the stored pieces (`CoachingPiece`, at most 7 days each):
    so `trend_refresh` first. `people`: an SQL array of candidate ids to limit it to."""
    only = "" if people is None else f"AND x.candidate_id = ANY({people})"
    stored_only = "" if people is None else f"AND candidate_id = ANY({people})"
    # A piece's days before `first` (from `start`) and from `after` (to `end`).
    edge_days = (
        "GREATEST(LEAST(x.hi, %(first)s::date) - GREATEST(x.lo, %(start)s::date), 0)"
        " + GREATEST(LEAST(x.hi, %(end)s::date + 1) - GREATEST(x.lo, %(after)s::date), 0)"
    )
    columns = ", ".join(MINUTE_COLUMNS)
    return f"""
        credited AS (
            SELECT candidate_id, {", ".join(f"SUM({c}) AS {c}" for c in MINUTE_COLUMNS)}
            FROM (
                SELECT x.candidate_id, {_minute_sums()}
                FROM (
                    SELECT x.candidate_id, x.kind, x.coach_id, x.party_id,
                           x.share * ({edge_days}) / (x.hi - x.lo) AS share
                    FROM {CoachingPiece._meta.db_table} x
                    WHERE ((%(first)s::date > %(start)s::date
                            AND x.lo BETWEEN %(start)s::date - 6 AND %(first)s::date - 1)
                        OR (%(after)s::date <= %(end)s::date
                            AND x.lo BETWEEN %(after)s::date - 6 AND %(end)s::date)) {only}
                ) x
                GROUP BY x.candidate_id
                UNION ALL
                SELECT candidate_id, {columns} FROM {CoachingMonth._meta.db_table}
                WHERE month >= %(first)s AND month < %(after)s {stored_only}
            ) minutes
            GROUP BY candidate_id
        )"""


def coaching_intensity(start: date, end: date) -> Intensity:
    """Coaching hours a week per participant (person) employed in the period: the minutes
    credited to their employed days of the period (see `_pieces_sql`) / 60, divided by
    their weeks employed in the period (employed days / 7); without entries 0. The mean is
    unweighted over participants; the minimum and maximum are over participants employed
    at least 28 days of the period. Also the mean split municipal/external and by kind.
    One query, on the employment timeline, after `trend_refresh`: the minutes come from
    the stored months and pieces (`_credited_sql`).

    Worked example (tests/coaching/test_figures.py): a participant employed 14 days with
    a 3-hour week-grid entry for a week of which 7 employed days fall in the period counts
    3 h over 2 weeks = 1.5 h a week.
    """
    horizon = trend_refresh()
    first, after = whole_months(start, end, horizon)
    rate = "COALESCE(c.{col}, 0) / 60.0 / (p.days / 7.0)"
    averages = ", ".join(f"AVG({rate.format(col=col)})" for col in MINUTE_COLUMNS)
    sql = f"""
        WITH {timeline.employment_cte()},
        {_credited_sql()},
        per_person AS (
            SELECT candidate_id, SUM({timeline.DAYS("span")}) AS days
            FROM employment GROUP BY candidate_id
        )
        SELECT COUNT(*),
               MIN({rate.format(col="total")}) FILTER (WHERE p.days >= {MIN_DAYS_FOR_RANGE}),
               MAX({rate.format(col="total")}) FILTER (WHERE p.days >= {MIN_DAYS_FOR_RANGE}),
               {averages}
        FROM per_person p LEFT JOIN credited c ON c.candidate_id = p.candidate_id
    """
    params = {"start": start, "end": end, "first": first, "after": after}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, low, high, mean, municipal, external, *kinds = cursor.fetchone()
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


def _month_index(day: str, placement_start: str) -> str:
    """The whole months from a placement's start to `day` (0 in its first month)."""
    age = f"age({day}, {placement_start})"
    return f"(EXTRACT(YEAR FROM {age}) * 12 + EXTRACT(MONTH FROM {age}))::int"


def _by_month(lo: str, hi: str, placement_start: str, months: bool = False) -> str:
    """A LATERAL fragment splitting the days `[lo, hi)` by month of employment: rows
    `(month, lo, hi)`, month 1 from the placement's start to the same date a month later.
    (`age` rounds down at month ends, e.g. from 31 January, so one month more is tried;
    callers drop the pieces with `hi <= lo`.) With `months`, only the months of the
    parameter `%(months)s`."""
    month_start = f"({placement_start} + make_interval(months => m.n))::date"
    next_start = f"({placement_start} + make_interval(months => m.n + 1))::date"
    first, last = _month_index(lo, placement_start), _month_index(f"{hi} - 1", placement_start)
    series = f"generate_series({first}, {last} + 1) AS m(n)"
    if months:
        series += " WHERE m.n + 1 = ANY(%(months)s::int[])"
    return f"""CROSS JOIN LATERAL (
            SELECT m.n + 1 AS month, GREATEST({lo}, {month_start}) AS lo,
                   LEAST({hi}, {next_start}) AS hi
            FROM {series}
        ) bm"""


def _trend_months_sql(
    *,
    months: bool = False,
    within: str,
    start: str,
    end: str,
    entries: str | None = None,
    people: str | None = None,
    stored: bool = False,
) -> str:
    """CTEs ending in `trend_months`: per placement and month of employment within the
    range expression `within`, `placement_id, month, month_start, next_start, days` (its
    employed days) and `minutes` (the coaching minutes credited to those days, see
    `_pieces_sql`, with `start`/`end` bounding the days credited). Month 1 of a placement
    runs from its start date to the same date a month later. The entries are credited once
    and each piece is split over the at most two months its days touch; the employed days
    per month come from the employment segments alone. Nothing joins entries with months.
    With `months`, only the months of the parameter `%(months)s`. Also `calendar_months`:
    the same minutes per person and calendar month, in total, by provider and by kind.
    `stored`: the minutes from the stored pieces (`_stored_pieces_sql`; `within` must then
    be the days [start, end], up to the horizon)."""
    return f"""
        {timeline.employment_cte(within=within, people=people).strip()},
        per_month AS (
            SELECT e.placement_id, e.placement_start, bm.month, SUM(bm.hi - bm.lo) AS days
            FROM employment e
            {_by_month("lower(e.span)", "upper(e.span)", "e.placement_start", months)}
            WHERE bm.hi > bm.lo
            GROUP BY e.placement_id, e.placement_start, bm.month
        ),
        {_stored_pieces_sql(start, end, people) if stored else _pieces_sql(start, end, entries, people)},
        credited AS (
            SELECT p.placement_id, bm.month, SUM(p.share * (bm.hi - bm.lo) / (p.hi - p.lo)) AS total
            FROM pieces p {_by_month("p.lo", "p.hi", "p.placement_start", months)}
            WHERE p.hi > p.lo AND bm.hi > bm.lo
            GROUP BY p.placement_id, bm.month
        ),
        trend_months AS (
            SELECT p.placement_id, p.month,
                   (p.placement_start + make_interval(months => p.month - 1))::date AS month_start,
                   (p.placement_start + make_interval(months => p.month))::date AS next_start,
                   p.days, COALESCE(c.total, 0) AS minutes
            FROM per_month p
            LEFT JOIN credited c ON c.placement_id = p.placement_id AND c.month = p.month
        ),
        calendar_months AS (
            -- The same pieces per person and calendar month (for `coaching_intensity`).
            SELECT x.candidate_id, x.month, {_minute_sums()}
            FROM (
                SELECT p.candidate_id, p.kind, p.coach_id, p.party_id, m.month,
                       p.share * (LEAST(p.hi, (m.month + interval '1 month')::date)
                                  - GREATEST(p.lo, m.month)) / (p.hi - p.lo) AS share
                FROM pieces p
                CROSS JOIN LATERAL (
                    SELECT generate_series(date_trunc('month', p.lo),
                                           date_trunc('month', p.hi - 1), interval '1 month'
                                          )::date AS month
                ) m
                WHERE p.hi > p.lo
            ) x
            GROUP BY x.candidate_id, x.month
        )"""


# Past this many marked people, `trend_refresh` recomputes everyone in one pass (a scan of all
# entries) rather than looking up each marked person's entries.
TREND_FULL_REFRESH = 5000


# A placement-month's coaching in hours a week (the mean over placement-months is the trend).
TREND_RATE = "minutes / 60.0 / (days / 7.0)"


def trend_horizon(today: date) -> date:
    """How far `TrendMonth` follows employment: to the second new year from `today`, so any
    period up to a year ahead reads it; moved on (a full recomputation) once a year."""
    return date(today.year + 2, 1, 1)


def trend_refresh() -> date:
    """Bring `TrendMonth` (and so, by its triggers, `TrendMonthSum`), `CoachingMonth` and
    `CoachingPiece` up to date and return their horizon: recompute the months of the
    people the triggers marked (everyone at once past `TREND_FULL_REFRESH` or when the
    horizon moves). Derived data only, in one transaction
    of always the same three statements (so a page's query count does not depend on what
    changed): a concurrent refresh waits for the first and then finds no marks; a mark
    made meanwhile is picked up by the next read. The same statements fold the people
    marked for the employment timeline into `EmploymentSegment`
    (`timeline.employment_refresh_sql`). Inside a shared snapshot
    (`basisbaan.figure_snapshot`) it only checks that there is nothing to do."""
    month, stale = TrendMonth._meta.db_table, TrendStale._meta.db_table
    state, calendar = TrendState._meta.db_table, CoachingMonth._meta.db_table
    piece = CoachingPiece._meta.db_table
    columns = "placement_id, month, month_start, next_start, days, minutes"
    horizon = trend_horizon(timezone.localdate())
    if figure_snapshot.in_shared_snapshot():
        # Read-only: brought up to date before the snapshot was taken; if a change came in
        # between, the figures are computed again the ordinary way.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT (SELECT horizon FROM {state} WHERE key = 1) IS DISTINCT FROM %s
                          OR EXISTS (SELECT 1 FROM {stale})""",
                [horizon],
            )
            if cursor.fetchone()[0]:
                raise figure_snapshot.Stale
        return horizon
    with transaction.atomic(), connection.cursor() as cursor:
        # One refresh at a time (a lock held until this transaction ends).
        cursor.execute(
            f"""SELECT pg_advisory_xact_lock(hashtext('coaching.trend_refresh')),
                      (SELECT horizon FROM {state} WHERE key = 1) IS DISTINCT FROM %(horizon)s
                      OR (SELECT COUNT(DISTINCT candidate_id) FROM {stale}) > %(most)s""",
            {"horizon": horizon, "most": TREND_FULL_REFRESH},
        )
        everyone = cursor.fetchone()[1]
        # The marks, and the stored rows of the marked people (of everyone: all rows).
        # (Two texts rather than `everyone OR ...`, and arrays rather than `IN (subquery)`:
        # both would read every stored row instead of the index.)
        people = "ARRAY(SELECT candidate_id FROM marks)"
        trend_rows = (
            "TRUE"
            if everyone
            else f"placement_id = ANY(ARRAY(SELECT id FROM {PLACEMENT}"
            f" WHERE candidate_id = ANY({people})))"
        )
        calendar_rows = "TRUE" if everyone else f"candidate_id = ANY({people})"
        cursor.execute(
            f"""WITH marks AS (DELETE FROM {stale} RETURNING candidate_id),
            trend_gone AS (DELETE FROM {month} WHERE {trend_rows}),
            calendar_gone AS (DELETE FROM {calendar} WHERE {calendar_rows}),
            pieces_gone AS (DELETE FROM {piece} WHERE {calendar_rows})
            SELECT DISTINCT candidate_id FROM marks"""
        )
        people = [row[0] for row in cursor.fetchall()]
        bounds = {
            "within": "daterange(NULL, %(horizon)s::date, '[)')",
            "start": "DATE '1900-01-01'",
            "end": "%(horizon)s::date - 1",
        }
        if everyone:
            sql = _trend_months_sql(**bounds)
        else:
            sql = _trend_months_sql(
                **bounds,
                entries=f"SELECT * FROM {ENTRY} en WHERE en.candidate_id = ANY(%(people)s)",
                people="%(people)s::bigint[]",
            )
        minutes = ", ".join(MINUTE_COLUMNS)
        cursor.execute(
            f"""WITH {sql},
            {timeline.employment_refresh_sql().strip()},
            trend_written AS (
                INSERT INTO {month} ({columns}) SELECT {columns} FROM trend_months
                WHERE next_start <= %(horizon)s::date
            ),
            horizon_written AS (
                INSERT INTO {state} (key, horizon) VALUES (1, %(horizon)s)
                ON CONFLICT (key) DO UPDATE SET horizon = EXCLUDED.horizon
            ),
            pieces_written AS (
                INSERT INTO {piece} (candidate_id, kind, coach_id, party_id, lo, hi, share)
                SELECT candidate_id, kind, coach_id, party_id, lo, hi, share
                FROM pieces WHERE hi > lo
            )
            INSERT INTO {calendar} (candidate_id, month, {minutes})
            SELECT candidate_id, month, {minutes} FROM calendar_months""",
            {"people": people, "horizon": horizon},
        )
    return horizon


def coaching_trend(end: date, *, months: tuple[int, ...] | None = None) -> list[TrendPoint]:
    """Mean coaching hours a week by month of employment, over all employment up to `end`.
    Month 1 of a placement runs from its start date to the same date a month later; a later
    placement of the same person starts again at month 1. Per (placement, month): the
    minutes credited to its employed days in that month up to `end` / its employed weeks in
    it up to `end`. With `months`, only those months (the council letter needs 1 to 24).

    The months that ended by `end` come from `TrendMonthSum` (their sums per month and end
    date, brought up to date first); only the months running on `end` (at most one per
    placement, starting at most 31 days before) are worked out here, from the stored
    pieces and employment of the last 32 days. (For an `end` past the horizon, the months
    after the horizon are worked out too, from the entries.) With `months`, only the people whose running month is one
    of them are worked out (a query for them first)."""
    horizon = trend_refresh()
    bound = min(end + timedelta(days=1), horizon)
    recent = "%(bound)s::date - 32"
    people, running = None, []
    if months is not None and bound > end:
        # Only the people with a placement whose month running on `end` is asked for
        # (month index by `age`, or one more at month ends): the letter's months 1 to 24
        # leave out everyone employed longer.
        index = _month_index("%(end)s::date", "p.start_date")
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT DISTINCT p.candidate_id FROM {PLACEMENT} p
                WHERE p.start_date <= %(end)s::date
                  AND (p.end_date IS NULL OR p.end_date >= %(bound)s::date - 32)
                  AND ({index} + 1 = ANY(%(months)s::int[])
                       OR {index} + 2 = ANY(%(months)s::int[]))""",
                {"end": end, "bound": bound, "months": list(months)},
            )
            running = [row[0] for row in cursor.fetchall()]
        people = "%(people)s::bigint[]"
    sql = f"""
        WITH {
        _trend_months_sql(
            within=f"daterange({recent}, %(end)s::date, '[]')",
            start=recent,
            end="%(end)s::date",
            months=months is not None,
            people=people,
            stored=bound > end,
        )
    },
        months AS (
            SELECT month, 1 AS n, {TREND_RATE} AS rate FROM trend_months
            WHERE next_start > %(bound)s::date
            UNION ALL
            SELECT month, placements, rate_sum FROM {TrendMonthSum._meta.db_table}
            WHERE next_start <= %(bound)s::date
        )
        SELECT month, SUM(rate) / SUM(n), SUM(n)
        FROM months
        WHERE %(all)s OR month = ANY(%(months)s::int[])
        GROUP BY month HAVING SUM(n) > 0 ORDER BY month
    """
    params = {
        "end": end,
        "bound": bound,
        "all": months is None,
        "months": list(months or ()),
        "people": running,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [TrendPoint(m, hours(v), n) for m, v, n in cursor.fetchall()]


@dataclass(frozen=True)
class Flag:
    candidate_id: int
    name: str
    hours_per_week: Decimal


def settings_get() -> CoachingSettings:
    return CoachingSettings.objects.get_or_create(pk=1)[0]


def _flags_query(on: date, candidate_ids: list[int] | None, *, named: bool) -> tuple[str, dict]:
    """The query of `_flags` and its parameters; `named`: with each person's name (for
    the people a user may see), else their ids alone (for a count)."""
    team = settings_get()
    horizon = trend_refresh()
    start = on - timedelta(days=7 * team.review_weeks - 1)
    first, after = whole_months(start, on, horizon)
    people = None if candidate_ids is None else "%(ids)s::bigint[]"
    name, join = (
        (
            "ca.first_name || ' ' || ca.last_name",
            f"JOIN {Candidate._meta.db_table} ca ON ca.id = p.candidate_id",
        )
        if named
        else ("NULL", "")
    )
    sql = f"""
        WITH {timeline.employment_cte(people=people)},
        {_credited_sql(people)},
        per_person AS (
            SELECT candidate_id, SUM({timeline.DAYS("span")}) AS days,
                   BOOL_OR(span @> %(end)s::date) AS employed_now
            FROM employment GROUP BY candidate_id
        )
        SELECT p.candidate_id, {name}, COALESCE(c.total, 0) / 60.0 / (p.days / 7.0)
        FROM per_person p
        {join}
        LEFT JOIN credited c ON c.candidate_id = p.candidate_id
        WHERE p.employed_now AND COALESCE(c.total, 0) / 60.0 / (p.days / 7.0) > %(threshold)s
          {"" if candidate_ids is None else "AND p.candidate_id = ANY(%(ids)s)"}
        ORDER BY 3 DESC, 1
    """
    params = {
        "start": start,
        "end": on,
        "first": first,
        "after": after,
        "threshold": team.review_threshold_hours,
        "ids": candidate_ids or [],
    }
    return sql, params


def _flags(on: date, candidate_ids: list[int] | None = None) -> list[Flag]:
    """Everyone employed on `on` whose coaching over the team's review weeks averages more
    than its threshold (hours a week over their employed weeks in that window). With
    `candidate_ids`, only those people (their entries alone are read). The minutes as in
    `coaching_intensity` (`_credited_sql`)."""
    sql, params = _flags_query(on, candidate_ids, named=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Flag(pk, name, hours(h)) for pk, name, h in cursor.fetchall()]


def flags_among(on: date, *, candidate_ids: list[int]) -> list[Flag]:
    """The review flags of these people only (a coach's own caseload on the work list):
    only their coaching entries are read."""
    return _flags(on, candidate_ids)


def flagged_for_review(on: date | None = None, *, user) -> list[Flag]:
    """Participants in `user`'s reach employed on `on` whose coaching over the last weeks
    averages more than the threshold: another instrument may fit better. (Named: only the
    people the user may see; the few flagged are checked against the reach in one query.)"""
    flags = _flags(on or timezone.localdate())
    visible = set(
        Candidate.objects.in_reach_of(user)
        .filter(pk__in=[f.candidate_id for f in flags])
        .values_list("pk", flat=True)
    )
    return [f for f in flags if f.candidate_id in visible]


def flagged_count(on: date) -> int:
    """How many participants employed on `on` are flagged for review (an aggregate for the
    council letter: a number; no name is read)."""
    sql, params = _flags_query(on, None, named=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) flags", params)
        return cursor.fetchone()[0]


def referrals_in(start: date, end: date, *, kind: str) -> int:
    """Referrals of a kind (e.g. to the GKB for debts) made in [start, end]."""
    return Referral.objects.filter(kind=kind, date__range=(start, end)).count()


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


def wellbeing_changes(
    end: date | None = None, *, start: date | None = None
) -> list[WellbeingChange]:
    """Per domain: participants whose latest score (on or before `end`) is higher, the same
    or lower than their first. Participants with one measurement do not count yet. With
    `start`, only participants employed in [start, end] count (DESIGN.md: not everyone ever
    measured, e.g. people who left years ago). Measurements are ordered by date (one a
    person a day), then by the order they were entered.

    From `WellbeingSummary` (a row per measurement with its scores): each person's first
    and latest measurement and their scores by two lookups in its (person, date) index;
    only for a domain that one of those two measurements left out is the person's nearest
    measurement that scored it looked up. No scan of all scores ever made."""
    end = end or timezone.localdate()
    summary = WellbeingSummary._meta.db_table
    if start is not None:
        people = (
            f"{timeline.employment_cte()}, people AS (SELECT DISTINCT candidate_id FROM employment)"
        )
    else:
        people = f"people AS (SELECT DISTINCT candidate_id FROM {summary} WHERE date <= %(end)s)"

    def score(side: str, direction: str) -> str:
        # [measurement, score] of domain d from the first (ASC) or latest (DESC)
        # measurement, or else from the person's nearest one that scored d.
        return f"""CASE WHEN b.{side}_scores ? d.id::text
                 THEN ARRAY[b.{side}_id, (b.{side}_scores ->> d.id::text)::bigint]
                 ELSE (SELECT ARRAY[m.measurement_id, (m.scores ->> d.id::text)::bigint]
                       FROM {summary} m
                       WHERE m.candidate_id = b.candidate_id AND m.date <= %(end)s
                         AND m.scores ? d.id::text
                       ORDER BY m.date {direction} LIMIT 1) END"""

    sql = f"""
        WITH {people},
        bound AS MATERIALIZED (
            -- Per person counted, the first and the latest measurement up to `end`: two
            -- rows of the (person, date) index, read forwards and backwards.
            SELECT p.candidate_id, f.measurement_id AS first_id, f.scores AS first_scores,
                   l.measurement_id AS last_id, l.scores AS last_scores
            FROM people p
            CROSS JOIN LATERAL (
                SELECT measurement_id, scores, date FROM {summary} m
                WHERE m.candidate_id = p.candidate_id AND m.date <= %(end)s
                ORDER BY m.date LIMIT 1
            ) f
            CROSS JOIN LATERAL (
                SELECT measurement_id, scores, date FROM {summary} m
                WHERE m.candidate_id = p.candidate_id AND m.date <= %(end)s
                ORDER BY m.date DESC LIMIT 1
            ) l
            WHERE f.date < l.date
        ),
        changes AS (
            -- Per person and domain the sign of latest - first. Both measurements scored
            -- it (nearly always): read from them; else from the nearest that did, when
            -- those are two different measurements.
            SELECT d.id AS domain_id,
                   CASE WHEN b.first_scores ? d.id::text AND b.last_scores ? d.id::text
                        THEN sign((b.last_scores ->> d.id::text)::bigint
                                  - (b.first_scores ->> d.id::text)::bigint)
                        ELSE (SELECT sign(x.last[2] - x.first[2])
                              FROM (SELECT {score("first", "ASC")} AS first,
                                           {score("last", "DESC")} AS last) x
                              WHERE x.first[1] <> x.last[1]) END AS change
            FROM bound b CROSS JOIN {WellbeingDomain._meta.db_table} d
        )
        SELECT d.name,
               COUNT(*) FILTER (WHERE c.change > 0),
               COUNT(*) FILTER (WHERE c.change = 0),
               COUNT(*) FILTER (WHERE c.change < 0)
        FROM {WellbeingDomain._meta.db_table} d
        LEFT JOIN changes c ON c.domain_id = d.id
        WHERE d.active OR c.change IS NOT NULL
        GROUP BY d.id, d.name, d.position ORDER BY d.position, d.name
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end})
        return [WellbeingChange(*row) for row in cursor.fetchall()]


def wellbeing_published(changes: list[WellbeingChange]) -> list[dict]:
    """Wellbeing per domain as published (the coaching dashboard and the council letter):
    the small-number rule applied here (`basisbaan.disclosure`). Per domain the three
    counts add up to the people measured twice, which the shares reveal, so a hidden count
    gets a complement in its row; shares built on a hidden count are hidden."""
    values = {}
    sums = []
    for i, w in enumerate(changes):
        values |= {(i, "improved"): w.improved, (i, "same"): w.same, (i, "worse"): w.worse}
        values[(i, "total")] = w.total
        sums.append(((i, "total"), [(i, "improved"), (i, "same"), (i, "worse")]))
    shown = disclosure.protect(values, sums)
    rows = []
    for i, w in enumerate(changes):
        counts = {k: shown[(i, k)] for k in ("improved", "same", "worse", "total")}
        rows.append(
            {
                "domain": w.domain,
                **counts,
                **{
                    f"{k}_share": disclosure.derived(
                        decimal_text(w.share(getattr(w, k))), counts[k], counts["total"]
                    )
                    for k in ("improved", "same", "worse")
                },
            }
        )
    return rows


def wellbeing_page(*, start: date | None, end: date) -> list[dict]:
    """The published wellbeing changes of a period (see `wellbeing_published`)."""
    return wellbeing_published(wellbeing_changes(end, start=start))


# --- lists for the coach ----------------------------------------------------------------------


def entries_for(candidate: Candidate, *, user, limit: int = 20) -> QuerySet[CoachingEntry]:
    """The latest coaching entries of a person, with `visible_note`: a confidential note
    only for the person's own team."""
    from candidates.selectors import with_visible_notes

    entries = candidate.coaching.select_related("coach", "party")
    return with_visible_notes(entries, user=user, field="note").order_by("-date", "-pk")[:limit]


def week_rows(
    *, user, week_start: date, coach=None, party: GuidanceParty | None = None
) -> list[Candidate]:
    """The participants in `user`'s reach of a coach (their caseload) or of a party (those
    it guides that week: an assignment to the party overlapping the week, so also someone
    who started that week), employed in that week."""
    week_end = week_start + timedelta(days=6)
    employed = Placement.objects.filter(start_date__lte=week_end).exclude(end_date__lt=week_start)
    people = Candidate.objects.in_reach_of(user).filter(placements__in=employed).distinct()
    if coach is not None:
        people = people.filter(coach=coach)
    if party is not None:
        people = people.filter(pk__in=_guided(party, week_start, week_end).values("pk"))
    return list(people.order_by("last_name", "first_name"))


def week_minutes(*, week_start: date, candidates: list[Candidate], coach=None, party=None) -> dict:
    """{(candidate_id, kind): minutes} of the week-grid entries of this provider."""
    rows = CoachingEntry.objects.filter(
        candidate__in=candidates, date=week_start, source="week", coach=coach, party=party
    ).values_list("candidate_id", "kind", "minutes")
    return {(c, k): m for c, k, m in rows}


def measurements_due(on: date | None = None, *, user, within_days: int = 14) -> QuerySet[Placement]:
    """Placements of participants in `user`'s reach employed on `on` whose next wellbeing
    measurement (T0 at the placement's start, then six months after the latest one) is due
    within `within_days` or overdue, soonest first; annotated with `next_due` and
    `measured` (measurements so far: the next one is T<measured>). Filtered and ordered
    in SQL, so a page of it costs the same for 20 or 20,000 people."""
    on = on or timezone.localdate()
    per_person = WellbeingMeasurement.objects.filter(candidate=OuterRef("candidate"))
    # The latest date as the first row of the (person, date) index read backwards, not
    # MAX over a group (which reads all of them): this runs for everyone in reach.
    last = per_person.order_by("-date").values("date")[:1]
    counts = per_person.values("candidate").annotate(n=Count("pk")).values("n")
    # PostgreSQL's month arithmetic clips to the month's end, like `add_months`.
    six_months = RawSQL("interval '6 months'", (), output_field=DurationField())
    due_by = on + timedelta(days=within_days)
    # Not due for certain: anyone measured on or after this day (six months before
    # `due_by`, and two weeks more: month ends clip six months later by up to 3 days,
    # twice). Left out first, in one pass over the recent measurements, so only the few
    # who may be due are worked out per person below, exactly.
    recent = add_months(due_by, -6) + timedelta(days=14)
    return (
        in_reach(participants_on(on), user=user)
        .exclude(
            candidate_id__in=WellbeingMeasurement.objects.filter(date__gte=recent).values(
                "candidate_id"
            )
        )
        .select_related("candidate")
        .annotate(
            last_measured=Subquery(last),
            measured=Coalesce(Subquery(counts), 0),
        )
        .annotate(
            next_due=Coalesce(Cast(F("last_measured") + six_months, DateField()), F("start_date"))
        )
        .filter(next_due__lte=due_by)
        .order_by("next_due", "candidate__last_name", "candidate__first_name", "pk")
    )


def referral_get(*, user, pk: int) -> Referral:
    """One referral, only when its person is in `user`'s reach (else 404)."""
    return get_object_or_404(
        in_reach(Referral.objects.select_related("candidate"), user=user), pk=pk
    )


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


# --- the plan --------------------------------------------------------------------------------

# The plan is talked through with the participant this often (with the wellbeing measurement).
PLAN_REVIEW_MONTHS = 6


@dataclass(frozen=True)
class Plan:
    goals: list  # PlanGoal, with `actions` prefetched
    last_review: object  # PlanReview or None
    next_review: date | None


def plan_for(candidate: Candidate) -> Plan:
    """A participant's plan: goals with their actions (open goals first) and when it was and
    will next be talked through (six months after the last review, or after the first goal)
    in three queries."""
    from django.db.models import Case, IntegerField, Prefetch, Value, When

    from .models import GoalStatus, PlanAction, PlanGoal, PlanReview

    goals = list(
        PlanGoal.objects.filter(candidate=candidate)
        .annotate(
            open_first=Case(
                When(status=GoalStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .prefetch_related(Prefetch("actions", queryset=PlanAction.objects.select_related("party")))
        .order_by("open_first", "pk")
    )
    last = PlanReview.objects.filter(candidate=candidate).select_related("reviewed_by").first()
    if last is not None:
        next_review = add_months(last.reviewed_on, PLAN_REVIEW_MONTHS)
    elif goals:
        first = min(g.created_at for g in goals)
        next_review = add_months(timezone.localtime(first).date(), PLAN_REVIEW_MONTHS)
    else:
        next_review = None
    return Plan(goals=goals, last_review=last, next_review=next_review)


def plan_goal_get(*, user, candidate: Candidate, pk: int):
    from .models import PlanGoal

    return get_object_or_404(PlanGoal, pk=pk, candidate=candidate)


def plan_action_get(*, user, candidate: Candidate, pk: int):
    from .models import PlanAction

    return get_object_or_404(PlanAction, pk=pk, goal__candidate=candidate)


def plan_history(candidate: Candidate, limit: int = 50) -> list[tuple]:
    """Every version of the plan's goals and actions (the history tables), newest first:
    (moment, what, description, status)."""
    from .models import PlanAction, PlanGoal

    goal_events = PlanGoal.pgh_event_model.objects.filter(candidate_id=candidate.pk)
    action_events = PlanAction.pgh_event_model.objects.filter(
        goal_id__in=PlanGoal.objects.filter(candidate=candidate).values("pk")
    )
    rows = [
        (e.pgh_created_at, "doel", e.description, e.status)
        for e in goal_events.order_by("-pgh_created_at")[:limit]
    ]
    rows += [
        (e.pgh_created_at, "actie", e.description, e.status)
        for e in action_events.order_by("-pgh_created_at")[:limit]
    ]
    return sorted(rows, key=lambda r: r[0], reverse=True)[:limit]


def plan_actions_due(*, user, on: date, within_days: int = 7):
    """Open actions the coach does for their own caseload, due within `within_days` or
    overdue (for the work list)."""
    from .models import ActionOwner, ActionStatus, PlanAction

    return (
        PlanAction.objects.filter(
            status=ActionStatus.OPEN,
            owner=ActionOwner.COACH,
            due_date__lte=on + timedelta(days=within_days),
            goal__candidate__in=Candidate.objects.in_reach_of(user).filter(coach=user),
        )
        .select_related("goal__candidate")
        .order_by("due_date", "pk")
    )


def party_assignments_for(candidate: Candidate) -> QuerySet:
    """The guidance parties of a participant, current ones first."""
    from .models import PartyAssignment

    return (
        PartyAssignment.objects.filter(candidate=candidate)
        .select_related("party")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date")
    )


# --- a guidance party's own pages -------------------------------------------------------------


def party_of(user) -> GuidanceParty | None:
    """The guidance party a party coach works for (None when the account is not linked)."""
    return user.guidance_parties.order_by("pk").first()


def _guided(party: GuidanceParty, start: date, end: date) -> QuerySet[Candidate]:
    """The people `party` guides at some day of [start, end] (an assignment overlapping)."""
    from .models import PartyAssignment

    guided = PartyAssignment.objects.filter(party=party, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    return Candidate.objects.filter(pk__in=guided.values("candidate_id"))


@dataclass(frozen=True)
class GuidedPerson:
    """What a party coach sees of a participant: name, tasks with their hours and
    organisation contacts, the plan actions for the party, the party's own entries. Never
    a BSN, finances, debts, intake notes or confidential notes."""

    pk: int
    name: str
    tasks: list
    actions: list
    entries: list


def party_people(*, party: GuidanceParty, on: date) -> QuerySet[Candidate]:
    """The participants the party guides on `on`, by name (to be paged)."""
    return (
        _guided(party, on, on)
        .only("pk", "first_name", "last_name")
        .order_by("last_name", "first_name", "pk")
    )


def party_participants(people, *, party: GuidanceParty, on: date) -> list[GuidedPerson]:
    """For a page of `party_people`: only what work guidance needs (current tasks with
    hours and work contacts, the open plan actions for the party, the party's recent
    registrations), in a fixed number of queries."""
    from django.db.models import Prefetch

    from placements.models import TaskAssignment

    from .models import ActionStatus, PlanAction

    current_tasks = TaskAssignment.objects.filter(start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    people = list(
        Candidate.objects.filter(pk__in=[p.pk for p in people])
        .only("pk", "first_name", "last_name")
        .prefetch_related(
            Prefetch(
                "placements__assignments",
                queryset=current_tasks.select_related("task__organisation", "task__wijk"),
                to_attr="current_tasks",
            ),
            Prefetch(
                "goals__actions",
                queryset=PlanAction.objects.filter(party=party, status=ActionStatus.OPEN),
                to_attr="party_actions",
            ),
        )
        .order_by("last_name", "first_name", "pk")
    )
    entries: dict[int, list] = {}
    since = on - timedelta(days=28)
    # Only the date, kind and minutes: never a note (a party sees no notes, also not its own
    # entries' confidential ones).
    for entry in (
        CoachingEntry.objects.filter(
            party=party, candidate__in=[p.pk for p in people], date__gte=since
        )
        .only("pk", "candidate_id", "date", "kind", "minutes")
        .order_by("-date", "-pk")
    ):
        entry.week_start = entry.date - timedelta(days=entry.date.weekday())
        entries.setdefault(entry.candidate_id, []).append(entry)
    return [
        GuidedPerson(
            pk=p.pk,
            name=p.full_name,
            tasks=[a for pl in p.placements.all() for a in pl.current_tasks],
            actions=[a for g in p.goals.all() for a in g.party_actions],
            entries=entries.get(p.pk, []),
        )
        for p in people
    ]


def party_week_rows(*, party: GuidanceParty, week_start: date) -> QuerySet[Candidate]:
    """The party's week grid rows: everyone it guides that week and who is employed then
    (also someone who started that week), by name (to be paged)."""
    week_end = week_start + timedelta(days=6)
    employed = Placement.objects.filter(start_date__lte=week_end).exclude(end_date__lt=week_start)
    return (
        _guided(party, week_start, week_end)
        .filter(Exists(employed.filter(candidate=OuterRef("pk"))))
        .order_by("last_name", "first_name", "pk")
    )
