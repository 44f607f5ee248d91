"""Calendar arithmetic used by several figures (no dependency beyond the standard library)."""

import calendar
from datetime import date, timedelta


def add_years(day: date, years: int) -> date:
    """The same calendar date `years` later; 29 February becomes 28 February in common years."""
    target = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(target):
        return date(target, 2, 28)
    return day.replace(year=target)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clipped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: date, end: date) -> int:
    """Completed calendar months from `start` to `end` (0 when end is before start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def quarter_bounds(day: date) -> tuple[date, date]:
    """First and last day of the calendar quarter containing `day`."""
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return start, add_months(start, 3) - timedelta(days=1)
