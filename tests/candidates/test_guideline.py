"""The selection guideline: MORE than three years on assistance and no earlier paid work."""

from datetime import date

import pytest

from basisbaan.dates import add_years, whole_months_between
from candidates.models import Candidate
from candidates.selectors import guideline_check
from tests.factories import CandidateFactory


def check(since: date, on: date, paid: bool = False):
    return guideline_check(on_assistance_since=since, earlier_paid_work=paid, on=on)


def test_exactly_three_years_is_not_more_than_three_years():
    assert not check(date(2021, 6, 15), date(2024, 6, 15)).met
    assert check(date(2021, 6, 15), date(2024, 6, 16)).met


def test_one_day_short_of_three_years():
    assert not check(date(2021, 6, 15), date(2024, 6, 14)).more_than_three_years


def test_leap_day_start_has_its_anniversary_on_28_february():
    # 29-2-2020 + 3 years = 28-2-2023: that day is exactly three years, the next is more.
    assert not check(date(2020, 2, 29), date(2023, 2, 28)).met
    assert check(date(2020, 2, 29), date(2023, 3, 1)).met


def test_three_years_ending_on_a_leap_day():
    # 28-2-2021 + 3 years = 28-2-2024; 29-2-2024 is one day more.
    assert not check(date(2021, 2, 28), date(2024, 2, 28)).met
    assert check(date(2021, 2, 28), date(2024, 2, 29)).met


def test_assistance_starting_in_the_future():
    result = check(date(2027, 1, 1), date(2026, 11, 23))
    assert not result.met
    assert result.assistance_starts_later
    assert result.duration_text == "bijstand is nog niet begonnen"


def test_earlier_paid_work_fails_the_guideline_however_long():
    result = check(date(2010, 1, 1), date(2026, 1, 1), paid=True)
    assert result.more_than_three_years and not result.met
    assert "eerdere inzet leidde tot betaald werk" in result.verdict


def test_text_in_words():
    # 1-9-2021 to 23-11-2026: 5 years, 2 full months (1-11-2026 reached, 1-12 not).
    result = check(date(2021, 9, 1), date(2026, 11, 23))
    assert (
        result.text
        == "5 jaar en 2 maanden in de bijstand; eerdere inzet leidde niet tot betaald werk"
    )
    assert check(date(2026, 10, 1), date(2026, 11, 23)).duration_text == "1 maand in de bijstand"
    assert check(date(2023, 11, 23), date(2026, 11, 23)).duration_text == "3 jaar in de bijstand"


def test_month_and_year_helpers():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    # A month from 31 January ends on the last day of February (the month is clipped).
    assert whole_months_between(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert whole_months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert whole_months_between(date(2026, 1, 31), date(2026, 3, 1)) == 1
    assert whole_months_between(date(2026, 5, 1), date(2026, 4, 1)) == 0


@pytest.mark.django_db
def test_list_filter_agrees_with_the_dossier_on_edge_dates():
    """The SQL filter (PostgreSQL interval arithmetic) and the Python check agree."""
    from candidates.models import PriorInstrument

    on = date(2023, 3, 1)
    cases = {
        "leap-start-met": (date(2020, 2, 29), False, True),
        "exact-three-years": (date(2020, 3, 1), False, False),
        "long-but-paid-work": (date(2010, 3, 1), True, False),
        "future": (date(2024, 1, 1), False, False),
    }
    made = {}
    for name, (since, paid, _expected) in cases.items():
        candidate = CandidateFactory(
            last_name=name, on_assistance_since=since, date_of_birth=date(1970, 1, 1)
        )
        if paid:
            PriorInstrument.objects.create(
                candidate=candidate,
                kind="reintegratie",
                start_date=date(2012, 1, 1),
                led_to_paid_work=True,
            )
        made[name] = candidate
    meeting = set(Candidate.objects.meeting_guideline(on=on).values_list("last_name", flat=True))
    not_meeting = set(
        Candidate.objects.meeting_guideline(on=on, meets=False).values_list("last_name", flat=True)
    )
    for name, (since, paid, expected) in cases.items():
        assert (name in meeting) is expected, name
        assert (name in not_meeting) is not expected, name
        assert check(since, on, paid).met is expected, name
