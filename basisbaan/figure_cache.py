"""Aggregate figures kept for a few minutes, so an overview page shown again is not
recomputed.

The figures of the overview pages are computed from every placement, coaching entry and
decision; at a national size that takes seconds. `figure(...)` keeps a figure in Django's
cache under its function, its arguments and the language for `FIGURE_CACHE_SECONDS`
(settings; 0 switches it off, as the test suite does) and returns it with the moment it was
computed. `page_figures(...)` does that for a page's figures and gives the context of
`core/_figures_computed.html`, which says when they were computed and offers a link that
computes them again. Only aggregates go in: nothing that names a person.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone, translation

from basisbaan.figure_snapshot import run_in_snapshot

REFRESH_PARAMETER = "ververs"


@dataclass(frozen=True)
class Figure:
    value: Any
    computed_at: datetime


def filter_data(request: HttpRequest):
    """The page's filter values from its query, without the ?ververs=1 of "compute again"
    (None when nothing else is asked: the form stays unbound and shows its defaults, rather
    than complaining about the fields the refresh link did not carry)."""
    data = request.GET.copy()
    data.pop(REFRESH_PARAMETER, None)
    return data or None


def _key(compute: Callable[..., Any], kwargs: dict) -> str:
    name = f"{compute.__module__}.{compute.__qualname__}"
    data = json.dumps([name, translation.get_language(), kwargs], sort_keys=True, default=str)
    return "figure:" + hashlib.sha256(data.encode()).hexdigest()


def figure(compute: Callable[..., Any], *, refresh: bool = False, **kwargs) -> Figure:
    """`compute(**kwargs)`, from the cache when computed less than FIGURE_CACHE_SECONDS ago
    (`refresh`: compute it again now)."""
    seconds = getattr(settings, "FIGURE_CACHE_SECONDS", 0)
    if not seconds:
        return Figure(compute(**kwargs), timezone.now())
    key = _key(compute, kwargs)
    cached = None if refresh else cache.get(key)
    if cached is None:
        cached = Figure(compute(**kwargs), timezone.now())
        cache.set(key, cached, seconds)
    return cached


def page_figures(
    request: HttpRequest, **computations: tuple[Callable[..., Any], dict]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A page's figures, each `name=(function, kwargs)` kept as `figure` keeps them
    (recomputed when the page is asked with ?ververs=1): their values by name, and the
    context for `core/_figures_computed.html` (the oldest moment of computing; the page's
    own query with ververs=1). The figures not kept are computed side by side in one
    snapshot (`basisbaan.figure_snapshot`)."""
    refresh = request.GET.get(REFRESH_PARAMETER) == "1"
    seconds = getattr(settings, "FIGURE_CACHE_SECONDS", 0)
    keys = {name: _key(compute, kwargs) for name, (compute, kwargs) in computations.items()}
    results: dict[str, Figure] = {}
    if seconds and not refresh:
        kept = cache.get_many(list(keys.values()))
        results = {name: kept[key] for name, key in keys.items() if key in kept}
    missing = {
        name: partial(compute, **kwargs)
        for name, (compute, kwargs) in computations.items()
        if name not in results
    }
    if missing:
        computed_at = timezone.now()
        for name, value in run_in_snapshot(missing).items():
            results[name] = Figure(value, computed_at)
        if seconds:
            cache.set_many({keys[name]: results[name] for name in missing}, seconds)
    query = request.GET.copy()
    query[REFRESH_PARAMETER] = "1"
    context = {
        "computed_at": min(r.computed_at for r in results.values()),
        "refresh_query": query.urlencode(),
    }
    return {name: results[name].value for name in computations}, context
