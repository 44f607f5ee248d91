"""Plausibility (issue #14): values that are possible but unlikely are not saved silently;
the form comes back with a warning beside the field and a checkbox, and saves once the
user ticks it. Impossible values are refused, ticked or not."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from coaching.forms import QuickEntryForm
from coaching.models import CoachingEntry
from finance.models import CostParameters
from placements.forms import HoursChangeForm, RecoverForm, SickReportForm
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = {
    "year": "2027",
    "target_participants": "50",
    "reference_hours": "32",
    "employer_fee": "600",
    "guidance_first_year": "4000",
    "guidance_later_years": "3000",
    "municipal_coaching": "1500",
    "offset": "14000",
}


def test_a_cost_parameter_changing_over_a_quarter_is_confirmed_first(policy_admin, client_as):
    """2026: wage cost 28.000. 2027 typed as "2845050" (a decimal comma lost) is 10.061 %
    more: a warning beside the field and a checkbox; saved only when ticked. 33.600 (+20 %)
    saves at once."""
    CostParameters.objects.create(
        year=2026,
        wage_cost=Decimal(28000),
        employer_fee=Decimal(600),
        guidance_first_year=Decimal(4000),
        guidance_later_years=Decimal(3000),
        municipal_coaching=Decimal(1500),
        offset=Decimal(14000),
        reference_hours=Decimal(32),
        target_participants=50,
    )
    client = client_as(policy_admin)
    url = reverse("finance:parameters_create")
    first = client.post(url, {**NEXT_YEAR, "wage_cost": "2845050"})
    body = first.content.decode()
    assert first.status_code == 200 and not CostParameters.objects.filter(year=2027).exists()
    assert 'id="id_wage_cost_error"' in body and "+ 10061 %" in body and "28.000,00" in body
    assert 'type="checkbox" name="confirm_plausible"' in body
    assert 'id="id_employer_fee_error"' not in body  # unchanged amounts are not flagged
    client.post(url, {**NEXT_YEAR, "wage_cost": "2845050", "confirm_plausible": "on"})
    assert CostParameters.objects.get(year=2027).wage_cost == Decimal(2845050)

    CostParameters.objects.filter(year=2027).delete()
    assert client.post(url, {**NEXT_YEAR, "wage_cost": "33600"}).status_code == 302


def test_contract_hours_under_eight_are_confirmed_and_over_forty_refused():
    low = HoursChangeForm({"valid_from": "2026-12-01", "hours_per_week": "6"})
    assert not low.is_valid() and "minder dan 8" in low.errors["hours_per_week"][0]
    confirmed = HoursChangeForm(
        {"valid_from": "2026-12-01", "hours_per_week": "6", "confirm_plausible": "on"}
    )
    assert confirmed.is_valid() and "confirm_plausible" not in confirmed.cleaned_data
    high = HoursChangeForm(
        {"valid_from": "2026-12-01", "hours_per_week": "41", "confirm_plausible": "on"}
    )
    assert not high.is_valid() and "hours_per_week" in high.errors  # impossible: refused
    assert HoursChangeForm({"valid_from": "2026-12-01", "hours_per_week": "32"}).is_valid()


def test_more_than_ten_hours_of_coaching_on_a_day_is_confirmed(coach):
    """Recorded on 20 November: 480 minutes. Another 180 makes 660 (> 600): confirm.
    Another 120 makes exactly 600: fine. Another day is not counted."""
    person = CandidateFactory(coach=coach)
    day = date(2026, 11, 20)
    CoachingEntry.objects.create(candidate=person, coach=coach, date=day, minutes=480, kind="werk")
    CoachingEntry.objects.create(
        candidate=person, coach=coach, date=day - timedelta(days=1), minutes=500, kind="werk"
    )

    def form(minutes, **extra):
        data = {"date": day.isoformat(), "minutes": str(minutes), "kind": "werk", **extra}
        return QuickEntryForm(data, candidate=person)

    too_much = form(180)
    assert not too_much.is_valid() and "660 minuten" in too_much.errors["minutes"][0]
    assert form(180, confirm_plausible="on").is_valid()
    assert form(120).is_valid()


@time_machine.travel("2026-11-24 12:00 +01:00", tick=False)
def test_absence_over_two_years_is_confirmed():
    old = SickReportForm({"first_day": "2024-11-20"})  # 734 days ago
    assert not old.is_valid() and "meer dan twee jaar" in old.errors["first_day"][0]
    assert SickReportForm({"first_day": "2024-11-25"}).is_valid()  # 729 days: fine
    recover = RecoverForm(
        {"version": "1", "recovered_on": "2026-11-24"}, first_day=date(2024, 11, 1)
    )
    assert not recover.is_valid() and "meer dan twee jaar" in recover.errors["recovered_on"][0]
    fine = RecoverForm({"version": "1", "recovered_on": "2026-11-24"}, first_day=date(2026, 1, 5))
    assert fine.is_valid()
