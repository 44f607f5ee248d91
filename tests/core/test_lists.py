"""Lists that can grow (issue #14): numbered pages with a page size the user chooses; the
placements list sorted and searched (a name searched is POSTed, never in a URL)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from basisbaan.models import AccessLog
from placements.models import Contract, ContractHours, Employer, Placement
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_numbered_pages_and_a_chosen_page_size(functional_admin, client_as):
    """60 more users (61 with the admin): 25 a page is 3 pages; 50 a page is 2; a size that
    is not offered falls back to 25; page 2 links to 1 and 3 and marks itself current."""
    UserFactory.create_batch(60)
    client = client_as(functional_admin)
    url = reverse("user_list")
    first = client.get(url)
    assert len(first.context["page"].object_list) == 25
    second = client.get(url, {"pagina": 2}).content.decode()
    assert "Pagina 2 van 3" in second
    links = set(re.findall(r'href="\?pagina=(\d+)"', second))
    assert links == {"1", "2", "3"}
    assert re.search(r'aria-current="page" href="\?pagina=2"', second)
    assert 'name="per_pagina"' in second
    assert len(client.get(url, {"per_pagina": 50}).context["page"].object_list) == 50
    assert client.get(url, {"per_pagina": 50}).context["page"].paginator.num_pages == 2
    assert len(client.get(url, {"per_pagina": 7}).context["page"].object_list) == 25
    assert len(client.get(url, {"per_pagina": "veel"}).context["page"].object_list) == 25


def placed(coach, last_name, employer, start):
    person = CandidateFactory(coach=coach, last_name=last_name)
    placement = Placement.objects.create(
        candidate=person,
        employer=Employer.objects.get_or_create(name=employer)[0],
        primary_wijk=person.home_wijk,
        start_date=start,
    )
    contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=start)
    ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=32)
    return placement


def test_placements_are_sorted_and_searched_without_a_name_in_the_url(coach, client_as):
    a = placed(coach, "Aalders", "Thermiek BV", date(2025, 3, 1))
    b = placed(coach, "Bakker", "Groenwerk", date(2024, 1, 1))
    c = placed(coach, "Claassen", "Groenwerk", date(2026, 6, 1))
    client = client_as(coach)
    url = reverse("placements:list")
    by_name = client.get(url).context["page"].object_list
    assert [p.pk for p in by_name] == [a.pk, b.pk, c.pk]
    newest = client.get(url, {"sorteer": "-start"}).context["page"].object_list
    assert [p.pk for p in newest] == [c.pk, a.pk, b.pk]
    assert client.get(url, {"sorteer": "onzin"}).context["sort"] == "naam"

    found = client.post(url + "?sorteer=-start", {"zoek": "groen"})
    assert [p.pk for p in found.context["page"].object_list] == [c.pk, b.pk]
    assert "groen" not in found.request["QUERY_STRING"]
    by_name = client.post(url, {"zoek": "aald"}).context["page"].object_list
    assert [p.pk for p in by_name] == [a.pk]
    # The hits are logged as found by a search; the search term is not.
    hits = AccessLog.objects.filter(action="search_hit", subject_type="placement")
    assert {h.subject_id for h in hits} == {a.pk, b.pk, c.pk}
    assert not AccessLog.objects.filter(detail__icontains="groen").exists()
