"""Charts as SVG (matplotlib), shown on screen as data URIs and embedded in PDFs.

Every chart comes with a table of the same figures on the page, so the information never
depends on seeing the picture.
"""

import base64
import functools
import hashlib
import io
import json

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import MaxNLocator  # noqa: E402

BLUE, GREEN, GREY, RED = "#00508c", "#1d6a32", "#8c8c8c", "#b3261e"
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 10, "svg.fonttype": "none"})


CHART_CACHE_SECONDS = 24 * 60 * 60


def cached(draw):
    """A chart depends only on its data: the SVG is kept in Django's cache under a hash of
    the chart kind and its arguments, so a page shown again does not draw it again
    (matplotlib takes tens of milliseconds a chart)."""
    from django.core.cache import cache

    @functools.wraps(draw)
    def wrapper(**kwargs) -> str:
        data = json.dumps([draw.__name__, kwargs], sort_keys=True, default=str)
        key = "chart:" + hashlib.sha256(data.encode()).hexdigest()
        svg = cache.get(key)
        if svg is None:
            svg = draw(**kwargs)
            cache.set(key, svg, CHART_CACHE_SECONDS)
        return svg

    return wrapper


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@cached
def line_chart(*, x: list, series: dict[str, list], xlabel: str, ylabel: str, ymax=None) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    for (label, values), colour in zip(series.items(), [BLUE, GREEN, RED, GREY] * 3, strict=False):
        ax.plot(x, values, marker="o", color=colour, label=label, linewidth=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if ymax is not None:
        ax.set_ylim(0, ymax)
    ax.grid(axis="y", color="#dddddd")
    ax.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=8, ncol=2)
    return _svg(fig)


@cached
def stacked_bars(*, labels: list[str], parts: dict[str, list[float]], xlabel: str) -> str:
    """Horizontal 100% bars, one per label, stacked by parts."""
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(labels) + 0.9))
    left = [0.0] * len(labels)
    for (name, values), colour in zip(parts.items(), [GREEN, GREY, RED], strict=False):
        ax.barh(labels, values, left=left, color=colour, label=name)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    return _svg(fig)


@cached
def bar_chart(*, labels: list[str], values: list[float], ylabel: str) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    ax.bar(labels, values, color=[GREY, BLUE, GREEN][: len(labels)])
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}".replace(",", "."))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd")
    return _svg(fig)
