"""Aggregate figures kept for a few minutes, so a dashboard shown again is not recomputed.

The figures of the overview pages are computed from every placement and coaching entry; at
a national size that takes seconds. `figure(...)` keeps a figure in Django's cache under its
name and arguments for `FIGURE_CACHE_SECONDS` (settings; 0 switches it off, as the test
suite does) and returns it with the moment it was computed, which the page shows next to
a link that recomputes it. Only aggregates go in: nothing that names a person.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


@dataclass(frozen=True)
class Figure:
    value: Any
    computed_at: datetime


def figure(name: str, compute: Callable[..., Any], *, refresh: bool = False, **kwargs) -> Figure:
    """`compute(**kwargs)`, from the cache when computed less than FIGURE_CACHE_SECONDS ago
    (`refresh`: compute it again now)."""
    seconds = getattr(settings, "FIGURE_CACHE_SECONDS", 0)
    if not seconds:
        return Figure(compute(**kwargs), timezone.now())
    data = json.dumps([name, kwargs], sort_keys=True, default=str)
    key = "figure:" + hashlib.sha256(data.encode()).hexdigest()
    cached = None if refresh else cache.get(key)
    if cached is None:
        cached = Figure(compute(**kwargs), timezone.now())
        cache.set(key, cached, seconds)
    return cached
