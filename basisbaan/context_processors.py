"""Template context shared by every page: the navigation the user's role may use."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .roles import ROLE_LABELS


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str


# Feature apps add their entries here as they arrive.
NAV_ITEMS = [
    NavItem(_("Start"), "home", ""),
    NavItem(_("Kandidaten"), "candidates:list", "candidates.view_candidate"),
    NavItem(_("Mijn deelnemers"), "coaching:party_home", "coaching.view_party_participants"),
    NavItem(_("Weekrooster"), "coaching:party_week", "coaching.enter_party_hours"),
    NavItem(_("Plaatsingen"), "placements:list", "placements.view_placement"),
    NavItem(_("Verzuim"), "placements:sick_reports", "placements.view_sickreport"),
    NavItem(_("Selectietrechter"), "candidates:funnel", "core.view_aggregates"),
    NavItem(_("Werk en verzuim"), "placements:overview", "core.view_aggregates"),
    NavItem(_("Begeleiding"), "coaching:dashboard", "core.view_aggregates"),
    NavItem(_("Financiën"), "finance:overview", "core.view_aggregates"),
    NavItem(_("Raadsbrieven"), "letters:list", "letters.view_final_councilletter"),
    NavItem(_("Wijken"), "wijk_list", "core.view_wijk"),
    NavItem(_("Taken"), "tasks:list", "placements.view_task"),
    NavItem(_("Lijsten"), "reference_lists", "core.change_tasktype"),
    NavItem(_("Gemeenteprofiel"), "profile_detail", "core.view_municipalityprofile"),
    NavItem(_("Gebruikers"), "user_list", "core.view_user"),
    NavItem(_("Toegangslog"), "access_log", "core.view_accesslog"),
    NavItem(_("Bewaartermijnen"), "retention", "core.view_retentionperiod"),
    NavItem(_("Inlezen"), "workbook:start", "workbook.import_workbook"),
]


def _nav(request: HttpRequest) -> list[dict]:
    user = request.user
    items = []
    for item in NAV_ITEMS:
        if item.permission and not user.has_perm(item.permission):
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url})
    # The current item is the one whose URL is the longest prefix of the path.
    matches = [
        i
        for i in items
        if i["url"] == request.path or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    current = max(matches, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return items


def _roles(request: HttpRequest) -> list[str]:
    return [str(ROLE_LABELS.get(g.name, g.name)) for g in request.user.groups.all()]


def navigation(request: HttpRequest) -> dict:
    from .selectors import profile_get

    context = {"municipality": SimpleLazyObject(profile_get)}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    if settings.REQUIRE_2FA and not user.is_verified():
        return context
    context["nav_items"] = SimpleLazyObject(lambda: _nav(request))
    context["user_roles"] = SimpleLazyObject(lambda: _roles(request))
    return context
