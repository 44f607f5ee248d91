"""The demo data: loads on an empty database, is idempotent, and looks like the letter."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from basisbaan.dates import add_months, quarter_bounds
from candidates.models import Candidate
from candidates.selectors import funnel
from coaching.selectors import coaching_intensity
from placements.models import Placement
from placements.selectors import absence_figures, participants_on

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_adds_nothing_the_second_time(roles, capsys):
    call_command("seed_demo")
    counts = (Candidate.objects.count(), Placement.objects.count())
    call_command("seed_demo")
    assert (Candidate.objects.count(), Placement.objects.count()) == counts
    assert counts[0] == 150

    today = timezone.localdate()
    total = funnel(start=None, end=today).total
    assert Decimal(30) <= total.share_placed_of_spoken <= Decimal(40)  # "een derde deel"
    assert 40 <= participants_on(today).count() <= 55
    last_quarter = quarter_bounds(add_months(today, -3))
    rate = absence_figures(*last_quarter).rate
    assert Decimal(2) <= rate <= Decimal(5)  # the letter: 3.6% against 4.6% nationally

    coaching = coaching_intensity(today - timedelta(days=181), today)
    assert Decimal("2.0") <= coaching.mean <= Decimal("3.0")  # the letter: about 2.5 h a week
    assert coaching.minimum >= Decimal("0.8") and coaching.maximum <= Decimal("7")

    # Two teams, each with its own caseload: the demo coach sees only Team Noord's people.
    from basisbaan.models import User

    demo_coach = User.objects.get(email="coach@veenwolde.example")
    teams = {t.name: t for t in demo_coach.teams.all()}
    assert list(teams) == ["Team Noord"]
    assert not Candidate.objects.filter(team__isnull=True).exists()
    north = Candidate.objects.filter(team__name="Team Noord").count()
    south = Candidate.objects.filter(team__name="Team Zuid").count()
    assert north > 0 and south > 0 and north + south == 150
    assert Candidate.objects.in_reach_of(demo_coach).count() == north
