"""Overview figures kept a few minutes: per function, arguments and language; recomputed
on request; off when FIGURE_CACHE_SECONDS is 0."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from basisbaan.figure_cache import figure, page_figures

calls: list[dict] = []


def count(**kwargs) -> int:
    calls.append(kwargs)
    return len(calls)


@pytest.fixture
def cache_on(settings):
    settings.FIGURE_CACHE_SECONDS = 300
    cache.clear()
    calls.clear()
    yield
    cache.clear()


def test_off_computes_every_time(settings):
    settings.FIGURE_CACHE_SECONDS = 0
    calls.clear()
    assert [figure(count, day=date(2026, 1, 1)).value for _ in range(2)] == [1, 2]


def test_kept_per_arguments_and_language_until_refreshed(cache_on):
    first = figure(count, day=date(2026, 1, 1))
    assert figure(count, day=date(2026, 1, 1)) == first  # kept, with its moment
    assert figure(count, day=date(2026, 1, 2)).value == 2  # other arguments
    with translation.override("en"):
        assert figure(count, day=date(2026, 1, 1)).value == 3  # labels in another language
    assert figure(count, refresh=True, day=date(2026, 1, 1)).value == 4
    assert figure(count, day=date(2026, 1, 1)).value == 4


def test_page_figures_recompute_with_ververs_and_keep_the_query(cache_on):
    factory = RequestFactory()
    values, context = page_figures(
        factory.get("/x/", {"van": "2026-01-01"}), n=(count, {"day": date(2026, 1, 1)})
    )
    assert values == {"n": 1}
    assert context["refresh_query"] == "van=2026-01-01&ververs=1"
    again, _ = page_figures(factory.get("/x/"), n=(count, {"day": date(2026, 1, 1)}))
    assert again == {"n": 1}
    fresh, _ = page_figures(
        factory.get("/x/", {"ververs": "1"}), n=(count, {"day": date(2026, 1, 1)})
    )
    assert fresh == {"n": 2}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["coaching:dashboard", "finance:overview", "candidates:funnel", "placements:overview"],
)
def test_compute_again_on_a_page_without_a_period_shows_the_default_period(
    name, client_as, executive_staff
):
    """The "compute again" link of a page opened without a period carries only ?ververs=1:
    the page shows its default period, not a form complaining that the dates are missing."""
    from django.urls import reverse

    response = client_as(executive_staff).get(reverse(name), {"ververs": "1"})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert not response.context["form"].is_bound


@pytest.mark.django_db
def test_the_start_pages_selection_is_kept_and_computed_again_on_request(
    cache_on, client_as, coach
):
    """The start page's "Selectie in <jaar>" counts every candidate (a quarter second at
    national size): kept like the overview pages' figures, with the moment and a link to
    compute it again."""
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import ConversationFactory

    client = client_as(coach)
    today = timezone.localdate()
    ConversationFactory(date=today, coach=coach)

    def spoken(response) -> int:
        return response.context["selection"].spoken

    first = client.get(reverse("home"))
    assert spoken(first) == 1
    assert "Cijfers berekend op" in first.content.decode()
    ConversationFactory(date=today, coach=coach)
    assert spoken(client.get(reverse("home"))) == 1  # kept
    assert spoken(client.get(reverse("home"), {"ververs": "1"})) == 2  # computed again
    assert spoken(client.get(reverse("home"))) == 2
