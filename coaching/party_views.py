"""The pages of a guidance party's own job coach: the participants the party guides (only
what work guidance needs) and the party's week grid. Nothing else is open to this role:
the dossier, finances, intake and the other coaching pages need permissions it lacks."""

from datetime import timedelta

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from basisbaan.http import HtmxHttpRequest
from basisbaan.models import AccessAction, AccessPurpose
from basisbaan.paging import paginate
from basisbaan.services import access_log_record_many

from . import selectors
from .views import _monday, week_grid_page

PAGE_SIZE = 25
GRID_SIZE = 50


@require_GET
@permission_required("coaching.view_party_participants", raise_exception=True)
def party_home(request: HtmxHttpRequest) -> HttpResponse:
    party = selectors.party_of(request.user)
    today = timezone.localdate()
    page = None
    people = []
    if party:
        page = paginate(request, selectors.party_people(party=party, on=today), default=PAGE_SIZE)
        people = selectors.party_participants(page.object_list, party=party, on=today)
    access_log_record_many(
        user=request.user,
        action=AccessAction.LIST_VIEW,
        subject_type="candidate",
        subject_ids=[p.pk for p in people],
        purpose=AccessPurpose.COACHING,
    )
    monday = today - timedelta(days=today.weekday())
    return render(
        request,
        "coaching/party_home.html",
        {"party": party, "people": people, "monday": monday, "page": page},
    )


@require_http_methods(["GET", "POST"])
@permission_required("coaching.enter_party_hours", raise_exception=True)
def party_week(request: HtmxHttpRequest) -> HttpResponse:
    party = selectors.party_of(request.user)
    week_start = _monday(request.GET.get("week"))
    if party is None:
        return render(request, "coaching/party_home.html", {"party": None, "people": []})
    # Paged like the other lists: a party may guide hundreds of people.
    rows = selectors.party_week_rows(party=party, week_start=week_start)
    page = paginate(request, rows, default=GRID_SIZE)
    candidates = list(page.object_list)
    return week_grid_page(
        request,
        week_start=week_start,
        candidates=candidates,
        coach=None,
        party=party,
        fixed_party=True,
        page=page,
    )
