"""The employment timeline: the one definition of "employed on a day", as date ranges.

DESIGN.md ("Figures"): a person is employed on a day when the day lies within a placement
and is covered by one of its contracts, with the contract hours of that day (the latest
hours row of that contract valid on or before the day). Every day-based figure (absence,
work delivered, coaching, costs) reads this module's CTEs and multiplies day counts by rates;
nothing here expands a row per person per day, so a figure's cost grows with the number of
ranges, not with people x days.

All ranges are PostgreSQL `daterange`s in canonical form `[lower, upper)`, so the number of
days of a bounded range is `upper - lower` (see `DAYS`). A range is intersected with `*` and
tested for overlap with `&&`.

CTEs (each a SQL fragment for a `WITH` clause; parameters are named and bound by the caller):

- `employment_cte(name, window)`: one row per placement ∩ contract ∩ hours period ∩ window:
  `candidate_id, placement_id, primary_wijk_id, placement_start, hours, span`. `hours` is
  NULL on contract days before the contract's first hours row (employed, no hours known).
- `spells_cte(name, within)`: one row per sick report ∩ incapacity step: `placement_id, pct, span`
  (100 % from the first day until the first step; a step holds until the next one; all up
  to the day before recovery).
"""

from django.db import connection, transaction

from .models import (
    Contract,
    ContractHours,
    EmploymentSegment,
    EmploymentStale,
    Placement,
    RecoveryStep,
    SickReport,
)

CONTRACT = Contract._meta.db_table
HOURS = ContractHours._meta.db_table
PLACEMENT = Placement._meta.db_table
SICK = SickReport._meta.db_table
STEP = RecoveryStep._meta.db_table
SEGMENT = EmploymentSegment._meta.db_table
STALE = EmploymentStale._meta.db_table


def DAYS(expression: str) -> str:  # noqa: N802 - reads as a SQL function in the fragments
    """The number of days of a bounded range expression (0 for an empty one)."""
    return f"COALESCE(upper({expression}) - lower({expression}), 0)"


def window(start: str = "%(start)s", end: str = "%(end)s") -> str:
    """The inclusive period [start, end] as a range expression (parameters by default); a
    period that ends before it starts is the empty range (no days), not an error."""
    return (
        f"(CASE WHEN {start}::date <= {end}::date THEN daterange({start}::date, {end}::date, '[]')"
        f" ELSE 'empty'::daterange END)"
    )


def _computed_cte(name: str, within: str, placements: str) -> str:
    """CTEs ending in `name`: the employment segments of the placements `placements` (an
    SQL subquery of placement ids) worked out from placements, contracts and hours,
    clipped to `within`. The definition; `EmploymentSegment` stores its result."""
    return f"""
    {name}_contracts AS (
        -- Only the contracts touching the window: their hours rows are all kept (an hours
        -- period runs until the contract's next row), so nothing else needs the filter.
        SELECT c.id, c.placement_id, c.start_date, c.end_date FROM {CONTRACT} c
        WHERE daterange(c.start_date, c.end_date, '[]') && {within}
          AND c.placement_id IN ({placements})
    ),
    {name}_hours AS (
        SELECT h.contract_id, h.hours_per_week AS hours,
               daterange(h.valid_from,
                         LEAD(h.valid_from) OVER (PARTITION BY h.contract_id ORDER BY h.valid_from),
                         '[)') AS valid
        FROM {HOURS} h WHERE h.contract_id IN (SELECT id FROM {name}_contracts)
        UNION ALL
        -- Contract days before the first hours row: employed, hours unknown.
        SELECT c.id, NULL, daterange(NULL, MIN(h.valid_from), '[)')
        FROM {name}_contracts c LEFT JOIN {HOURS} h ON h.contract_id = c.id
        GROUP BY c.id
    ),
    {name} AS MATERIALIZED (
        SELECT p.candidate_id, p.id AS placement_id, p.primary_wijk_id,
               p.start_date AS placement_start, hp.hours, x.span
        FROM {name}_contracts c
        JOIN {PLACEMENT} p ON p.id = c.placement_id
        JOIN {name}_hours hp ON hp.contract_id = c.id
        CROSS JOIN LATERAL (
            SELECT daterange(p.start_date, p.end_date, '[]')
                   * daterange(c.start_date, c.end_date, '[]')
                   * hp.valid * {within} AS span
        ) x
        WHERE NOT isempty(x.span)
    )"""


def employment_cte(
    name: str = "employment", within: str | None = None, people: str | None = None
) -> str:
    """Employment segments clipped to `within` (a range expression; default the period).
    `people`: an SQL array expression of candidate ids to limit it to (e.g. a caseload).

    Read from `EmploymentSegment` for everyone whose rows are up to date, and worked out
    here (`_computed_cte`) for the people marked in `EmploymentStale` since the last
    `employment_refresh`: the same rows either way, and no refresh needed before a read."""
    within = within or window()
    mine = "" if people is None else f"AND s.candidate_id = ANY({people})"
    marked_mine = "" if people is None else f"AND m.candidate_id = ANY({people})"
    computed = _computed_cte(
        f"{name}_live",
        within,
        f"SELECT p.id FROM {name}_marked m JOIN {PLACEMENT} p ON p.candidate_id = m.candidate_id"
        f" {marked_mine}",
    )
    return f"""
    {name}_marked AS MATERIALIZED (SELECT DISTINCT candidate_id FROM {STALE}),
    {computed.strip()},
    {name} AS MATERIALIZED (
        SELECT s.candidate_id, s.placement_id, s.primary_wijk_id, s.placement_start, s.hours,
               s.span * {within} AS span
        FROM {SEGMENT} s
        WHERE s.span && {within} {mine}
          AND NOT EXISTS (SELECT 1 FROM {name}_marked m WHERE m.candidate_id = s.candidate_id)
        UNION ALL
        SELECT * FROM {name}_live
    )"""


def employment_refresh_sql() -> str:
    """One statement (CTEs usable inside another statement's WITH, ending in
    `employment_written`) that takes the marks in `EmploymentStale` and replaces the stored
    segments of those people with their segments worked out now. Rows of a person changed
    meanwhile are marked again by the triggers and read live until the next refresh."""
    computed = _computed_cte(
        "employment_fresh",
        "'(,)'::daterange",
        f"SELECT p.id FROM employment_marks m JOIN {PLACEMENT} p ON p.candidate_id = m.candidate_id",
    )
    return f"""
    employment_marks AS (DELETE FROM {STALE} RETURNING candidate_id),
    employment_gone AS (
        DELETE FROM {SEGMENT} s USING employment_marks m WHERE s.candidate_id = m.candidate_id
    ),
    {computed.strip()},
    employment_written AS (
        INSERT INTO {SEGMENT} (candidate_id, placement_id, primary_wijk_id, placement_start,
                               hours, span)
        SELECT candidate_id, placement_id, primary_wijk_id, placement_start, hours, span
        FROM employment_fresh
    )"""


def employment_refresh() -> None:
    """Fold the marked people into `EmploymentSegment` now (one at a time: a concurrent
    refresh waits, then finds the marks gone). Figures are right without it; it keeps
    the people worked out live on each read few."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('placements.employment_refresh'))")
        cursor.execute(f"WITH {employment_refresh_sql()} SELECT 1")


def spells_cte(name: str = "spells", within: str | None = None) -> str:
    """Sick spells with their incapacity share, as ranges (not clipped). With `within` (a
    range expression, e.g. `window()`), only the sick reports touching it: the steps of
    the others are never worked out."""
    touching = f"WHERE daterange(s.first_day, s.recovered_on, '[)') && {within}" if within else ""
    return f"""
    {name} AS (
        SELECT s.placement_id, x.pct,
               daterange(x.from_date, x.next_from, '[)')
               * daterange(s.first_day, s.recovered_on, '[)') AS span
        FROM {SICK} s
        CROSS JOIN LATERAL (
            SELECT steps.from_date, steps.pct,
                   LEAD(steps.from_date) OVER (ORDER BY steps.from_date, steps.rank) AS next_from
            FROM (
                SELECT s.first_day AS from_date, 100 AS pct, 0 AS rank
                UNION ALL
                SELECT st.from_date, st.incapacity_percent, 1
                FROM {STEP} st WHERE st.sick_report_id = s.id
            ) steps
        ) x
        {touching}
    )"""
