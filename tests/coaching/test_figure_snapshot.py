"""Figures computed side by side on several connections read one snapshot
(`basisbaan.figure_snapshot`): the same figures as one after another, a change committed
while they run is in none of them, and stale stored coaching months send the run back to
one after another (with the change)."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import translation

from basisbaan import figure_snapshot
from basisbaan.figure_snapshot import run_in_snapshot
from basisbaan.letters.figures import letter_figures
from coaching import selectors
from coaching.models import CoachingEntry
from placements.models import Placement
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _backend(pause: float = 0.3) -> tuple[int, str, str]:
    """This connection's backend, its snapshot and language, after a pause long enough
    for the other connection to take the next call."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_sleep(%s), pg_backend_pid(), pg_current_snapshot()::text", [pause]
        )
        _sleep, pid, snapshot = cursor.fetchone()
    return pid, snapshot, translation.get_language()


def test_two_connections_share_one_snapshot_and_the_callers_language(settings):
    settings.FIGURE_CONNECTIONS = 2
    with translation.override("en"):
        values = run_in_snapshot({"a": _backend, "b": _backend})
    (pid_a, snap_a, lang_a), (pid_b, snap_b, lang_b) = values["a"], values["b"]
    assert pid_a != pid_b  # side by side
    assert snap_a == snap_b  # one snapshot
    assert lang_a == lang_b == "en"


def test_one_connection_inside_a_transaction(settings, make_placement):
    """Inside `atomic` (a service, the test suite) the other connections could not see the
    caller's own writes: one after another on the caller's connection, writes seen."""
    settings.FIGURE_CONNECTIONS = 2
    with transaction.atomic():
        make_placement([("onbepaald", date(2026, 1, 1), None, [(date(2026, 1, 1), 20)])])
        values = run_in_snapshot(
            {
                "a": lambda: _backend(0)[0],
                "b": lambda: _backend(0)[0],
                "n": lambda: Placement.objects.count(),
            }
        )
    assert values["a"] == values["b"]
    assert values["n"] == 1


def test_a_change_committed_while_the_figures_run_is_in_none_of_them(settings, make_placement):
    """The first call commits a second placement from a connection of its own, then counts;
    the second call counts after it: both see the one placement of the snapshot (one after
    another in autocommit the second would see two)."""
    settings.FIGURE_CONNECTIONS = 2
    first = make_placement([("onbepaald", date(2026, 1, 1), None, [(date(2026, 1, 1), 20)])])

    def commit_then_count() -> int:
        def commit() -> None:  # on a thread of its own: its own connection, autocommit
            try:
                Placement.objects.create(
                    candidate=CandidateFactory(),
                    employer=first.employer,
                    primary_wijk=first.primary_wijk,
                    start_date=date(2026, 2, 1),
                )
            finally:
                connection.close()

        thread = threading.Thread(target=commit)
        thread.start()
        thread.join()
        return Placement.objects.count()

    def count_later() -> int:
        time.sleep(0.3)
        return Placement.objects.count()

    values = run_in_snapshot({"first": commit_then_count, "later": count_later})
    assert values == {"first": 1, "later": 1}
    assert Placement.objects.count() == 2  # committed all the same


def test_stale_coaching_months_fall_back_to_one_after_another(
    settings, monkeypatch, make_placement, coach
):
    """A coaching entry committed after the refresh and before the snapshot: the stored
    months are stale in the snapshot, so the figures are computed the ordinary way and
    count it. P works 32 h from 1-3-2026; 420 min on 2-3 and 420 min on 9-3 (the late one):
    March's intensity is 840 min / 60 / (31 / 7 weeks) = 3.16 -> 3.2 h a week (1.6 without
    the late entry)."""
    settings.FIGURE_CONNECTIONS = 2
    person = make_placement(
        [("onbepaald", date(2026, 3, 1), None, [(date(2026, 3, 1), 32)])]
    ).candidate
    CoachingEntry.objects.create(
        candidate=person, date=date(2026, 3, 2), minutes=420, kind="werk", coach=coach
    )

    def refresh_then_a_late_entry() -> None:
        selectors.trend_refresh()
        CoachingEntry.objects.create(
            candidate=person, date=date(2026, 3, 9), minutes=420, kind="werk", coach=coach
        )

    monkeypatch.setattr(figure_snapshot, "_REFRESHES", [refresh_then_a_late_entry])
    march = (date(2026, 3, 1), date(2026, 3, 31))
    values = run_in_snapshot(
        {
            "intensity": lambda: selectors.coaching_intensity(*march),
            "trend": lambda: selectors.coaching_trend(march[1], months=(1,)),
        }
    )
    assert values["intensity"].mean == Decimal("3.2")
    assert [(p.month, p.mean) for p in values["trend"]] == [(1, Decimal("3.2"))]


def test_without_a_second_connection_the_callers_connection_computes_everything(
    settings, monkeypatch
):
    """A helper that cannot get a connection (here: its first statement fails as at the
    server's connection limit) leaves every figure to the caller's connection."""
    from django.db import OperationalError

    settings.FIGURE_CONNECTIONS = 2
    begin = figure_snapshot._begin

    def refused_in_helpers(cursor) -> None:
        if threading.current_thread() is not threading.main_thread():
            raise OperationalError("too many connections")
        begin(cursor)

    monkeypatch.setattr(figure_snapshot, "_begin", refused_in_helpers)
    values = run_in_snapshot({"a": lambda: _backend(0.1)[0], "b": lambda: _backend(0.1)[0]})
    assert values["a"] == values["b"] == _backend(0)[0]


def test_an_error_in_a_figure_reaches_the_caller(settings):
    settings.FIGURE_CONNECTIONS = 2

    def broken() -> None:
        raise ValueError("broken figure")

    with pytest.raises(ValueError, match="broken figure"):
        run_in_snapshot({"slow": lambda: _backend(0.2), "broken": broken})


def test_the_letter_side_by_side_equals_one_after_another(settings, make_placement, coach):
    """The whole letter of the first quarter of 2026 on three connections and on one."""
    a = make_placement([("onbepaald", date(2025, 11, 1), None, [(date(2025, 11, 1), 24)])])
    make_placement(
        [("onbepaald", date(2026, 2, 4), None, [(date(2026, 2, 4), 32)])],
    )
    CoachingEntry.objects.create(
        candidate=a.candidate, date=date(2026, 1, 7), minutes=180, kind="werk", coach=coach
    )
    settings.FIGURE_CONNECTIONS = 1
    alone = letter_figures(2026, 1)
    settings.FIGURE_CONNECTIONS = 3
    assert letter_figures(2026, 1) == alone
    assert alone["participants"] == 2
