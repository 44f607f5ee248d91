"""seed_scale builds a municipality in the proportions of the demo, set-based, and leaves
the history triggers switched back on; the benchmark runs on it."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from basisbaan.dates import quarter_bounds
from basisbaan.scale.management.commands import bench
from candidates.models import Candidate, SelectionDecision
from coaching.models import WellbeingMeasurement, WellbeingSummary
from coaching.selectors import coaching_intensity
from placements.models import Contract, EmploymentSegment, EmploymentStale, Placement
from placements.selectors import absence_figures


@pytest.mark.django_db(transaction=True)
def test_a_small_municipality_in_the_demos_proportions(roles, tmp_path):
    from candidates.models import ExclusionReason

    ExclusionReason.objects.all().delete()  # as after a browser test emptied the tables
    call_command("seed_scale", participants=40, candidates=160, years=3)
    assert SelectionDecision.objects.filter(
        outcome="afgewezen", exclusion_reason__isnull=False
    ).exists()
    assert Candidate.objects.count() == 160
    assert Placement.objects.count() == 40
    placed = SelectionDecision.objects.filter(outcome="geplaatst").count()
    assert placed == 40
    assert Contract.objects.filter(kind="onbepaald").exists()  # renewals ran on
    start, end = quarter_bounds(timezone.localdate().replace(day=1))
    last_quarter = quarter_bounds(start - timezone.timedelta(days=1))
    intensity = coaching_intensity(*last_quarter)
    assert Decimal("2.0") <= intensity.mean <= Decimal("3.0")  # about 2.5 h a week
    rate = absence_figures(*last_quarter).rate
    assert rate is not None and Decimal(1) <= rate <= Decimal(8)
    # The derived tables the triggers keep are filled for everyone (the triggers were off):
    # the stored timeline with no marks left, a summary per wellbeing measurement with
    # its scores, so the stored rows are what figures read.
    assert not EmploymentStale.objects.exists()
    assert EmploymentSegment.objects.values("placement").distinct().count() == 40
    summaries = WellbeingSummary.objects.in_bulk()
    measurements = WellbeingMeasurement.objects.prefetch_related("scores")
    assert len(summaries) == measurements.count() > 40
    assert all(
        summaries[m.pk].scores == {str(s.domain_id): s.score for s in m.scores.all()}
        for m in measurements
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'candidates_candidate'::regclass "
            "AND NOT tgisinternal AND tgenabled <> 'O'"
        )
        assert cursor.fetchone()[0] == 0  # the history triggers are on again
    with pytest.raises(CommandError):
        call_command("seed_scale", participants=1, candidates=2, years=1)  # not empty

    # The benchmark on it: every page answers 200 for its role, with the letter and the
    # throughput runs (in-process, and served by gunicorn from this test database, whose
    # answers must all be 200 too), and the JSON has them all.
    json_path = tmp_path / "bench.json"
    call_command("bench", repeat=1, seconds=0.2, json_path=str(json_path), stdout=io.StringIO())
    payload = json.loads(json_path.read_text())
    pages = {label: row for label, row in payload["results"].items() if "status" in row}
    assert len(pages) == len(bench.PAGES) + 1  # and the trivial view
    assert {row["status"] for row in pages.values()} == {200}
    assert payload["results"]["letter PDF"]["p50_ms"] > 0
    targets = {"trivial", "my_settings (smallest page)", "candidates:list", "candidates:detail"}
    assert set(payload["throughput"]) == targets
    assert set(payload["throughput_served"]) == targets
    assert all(row["per_s"] > 0 for row in payload["throughput_served"].values())
