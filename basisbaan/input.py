"""Hostile input, handled in one place for the whole application.

- NUL characters: PostgreSQL cannot store them (a 500 before). `NulCharacterMiddleware`
  replaces them in every GET and POST value before any view sees it and remembers which
  fields held one; every form (through `UtrechtFormMixin`) then answers with a Dutch message
  beside that field. Code that reads raw values (autosave drafts, filters) sees only the
  harmless replacement character.
- Dates: every date field of every form accepts 1900-2100 only (`check_date_range`), so no
  service can overflow a year (9999-12-31 + 3 years was a 500).
"""

from collections.abc import Callable
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext_lazy as _

NUL = "\x00"
REPLACEMENT = "\ufffd"
NUL_MESSAGE = _(
    "Dit veld bevat een onzichtbaar teken (NUL) dat niet kan worden opgeslagen. Typ de tekst "
    "opnieuw in plaats van hem te plakken."
)
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
DATE_MESSAGE = _("Vul een datum tussen 1900 en 2100 in.")


def _clean_querydict(original: QueryDict) -> tuple[QueryDict, set[str]]:
    marked: set[str] = set()
    cleaned = QueryDict(mutable=True, encoding=original.encoding)
    for key, values in original.lists():
        new_key = key.replace(NUL, REPLACEMENT)
        new_values = []
        for value in values:
            if NUL in value:
                marked.add(new_key)
                value = value.replace(NUL, REPLACEMENT)
            new_values.append(value)
        if new_key != key:
            marked.add(new_key)
        cleaned.setlist(new_key, new_values)
    cleaned._mutable = False
    cleaned.nul_fields = marked  # type: ignore[attr-defined]
    return cleaned, marked


def _has_nul(data: QueryDict) -> bool:
    """Checked first, so a clean request (nearly all of them) is not copied."""
    return any(NUL in key or any(NUL in v for v in values) for key, values in data.lists())


class NulCharacterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            request.GET, _marked = _clean_querydict(request.GET)
        if (
            request.method == "POST"
            and request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}
            and _has_nul(request.POST)
        ):
            request.POST, _marked = _clean_querydict(request.POST)
        return self.get_response(request)


def nul_fields(data) -> set[str]:
    """The fields of a request's GET or POST data that held a NUL character."""
    return getattr(data, "nul_fields", set())


def check_date_range(value) -> bool:
    if isinstance(value, datetime):
        value = value.date()
    return not isinstance(value, date) or EARLIEST <= value <= LATEST


def date_param(value: str | None, default: date) -> date:
    """A date from a query-string parameter (ISO), or `default` when it is missing, not a
    date, or outside 1900-2100."""
    try:
        parsed = date.fromisoformat(value) if value else default
    except ValueError:
        return default
    return parsed if check_date_range(parsed) else default


MAX_ID = 2**63 - 1


def id_param(value: str | None) -> int | None:
    """A database id from a query-string parameter, or None when it is not one (a 30-digit
    number would overflow the database's bigint: a 500 before)."""
    if value and value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None
