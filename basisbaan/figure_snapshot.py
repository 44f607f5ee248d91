"""Independent figures computed on several database connections at once, all reading one
snapshot of the data.

A council letter needs some twenty aggregates over the employment timeline, coaching and
costs; at a national size many take between a quarter of a second and two seconds of one
database core. `run_in_snapshot(calls)` runs them on `FIGURE_CONNECTIONS` connections (the
caller's and threads of its own, each taking the next call not yet started), every one a
read-only REPEATABLE READ transaction on the snapshot the caller's connection exported
(`pg_export_snapshot`). So the figures agree with each other exactly, as if computed one
after another in one transaction: more consistent than one after another in autocommit,
where a change committed halfway would be in some figures and not in others.

What a figure would write first (a settings row made on first use, derived data brought
up to date: the stored coaching months) is written by the functions given to
`register_refresh` (by the apps that own them, in `AppConfig.ready`) before the snapshot
is taken; the transactions are read-only, so a write missed here is an error, not a
silent difference. A figure that finds its derived data stale within the snapshot all the
same (a change committed in between) raises `Stale`, and the calls run one after another
in the ordinary way.

One after another on the caller's connection, as before, when FIGURE_CONNECTIONS is 1, for
a single call, and inside a transaction: its own uncommitted writes would not be in the
snapshot (a service computing inside `atomic`, the test suite's transactions).
"""

import contextvars
import queue
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

_SHARED = contextvars.ContextVar("figure_snapshot_shared", default=False)
_REFRESHES: list[Callable[[], Any]] = []


class Stale(Exception):
    """Derived data found stale inside a shared snapshot, where it cannot be written."""


def register_refresh(refresh: Callable[[], Any]) -> None:
    """`refresh()` brings derived data up to date; called before every shared snapshot."""
    if refresh not in _REFRESHES:
        _REFRESHES.append(refresh)


def in_shared_snapshot() -> bool:
    """Whether this code runs inside a shared snapshot (read-only: raise `Stale` rather
    than bring derived data up to date)."""
    return _SHARED.get()


def run_in_snapshot(calls: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """`{name: call()}` for every call, computed on up to FIGURE_CONNECTIONS connections
    reading one snapshot (see the module). The calls must only read. Put the longest
    first: each connection takes the next call not yet started."""
    connections = getattr(settings, "FIGURE_CONNECTIONS", 1)
    if connections > 1 and len(calls) > 1 and not connection.in_atomic_block:
        for refresh in _REFRESHES:
            refresh()
        try:
            return _shared(calls, min(connections, len(calls)))
        except Stale:
            pass
    return {name: call() for name, call in calls.items()}


def _begin(cursor) -> None:
    # The connections are the parallelism: PostgreSQL's own workers per query would only
    # compete with them for the same cores (measured: 3.8 s with them, 3.0 s without, for
    # a national letter on two cores).
    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


def _shared(calls: dict[str, Callable[[], Any]], connections: int) -> dict[str, Any]:
    jobs: queue.SimpleQueue = queue.SimpleQueue()
    for item in calls.items():
        jobs.put(item)
    results: dict[str, Any] = {}
    errors: list[BaseException] = []

    def drain() -> None:
        token = _SHARED.set(True)
        try:
            while not errors:
                try:
                    name, call = jobs.get_nowait()
                except queue.Empty:
                    return
                results[name] = call()
        except BaseException as error:  # handed to the caller's thread
            errors.append(error)
        finally:
            _SHARED.reset(token)

    # The caller's language and time zone (per thread in Django), for labels and dates.
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def helper(snapshot: str) -> None:
        started = False
        try:
            with translation.override(language), timezone.override(zone), transaction.atomic():
                with connection.cursor() as cursor:
                    _begin(cursor)
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                started = True
                drain()
        except DatabaseError as error:
            # No connection to be had for a helper (the server's connection limit, say):
            # the caller's connection computes the figures alone.
            if started:
                errors.append(error)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    with transaction.atomic():
        with connection.cursor() as cursor:
            _begin(cursor)
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        threads = [
            threading.Thread(target=helper, args=(snapshot,), name=f"figures-{n}", daemon=True)
            for n in range(1, connections)
        ]
        for thread in threads:
            thread.start()
        try:
            drain()
        finally:
            for thread in threads:
                thread.join()
    if errors:
        raise errors[0]
    return {name: results[name] for name in calls}
