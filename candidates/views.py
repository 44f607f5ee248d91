"""Views of the candidates app: thin, they parse, call a service or selector, and render."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from basisbaan.exports import describe_filters
from basisbaan.figure_cache import filter_data, page_figures
from basisbaan.http import HtmxHttpRequest
from basisbaan.input import id_param
from basisbaan.models import AccessAction, AccessPurpose
from basisbaan.paging import paginate
from basisbaan.services import StaleObjectError, access_log_record, access_log_record_many

from . import exports, selectors, services
from .forms import (
    BreakGlassForm,
    CandidateFilterForm,
    CandidateForm,
    CandidateSearchForm,
    ConversationForm,
    DecisionForm,
    DocumentForm,
    FunnelPeriodForm,
    PriorInstrumentForm,
)
from .models import Candidate, PriorInstrument

CANDIDATES_PER_PAGE = 25


def _list_filters(request: HtmxHttpRequest, params: QueryDict) -> tuple[CandidateFilterForm, dict]:
    """The list filters from the query string. A coach starts on their own caseload."""
    data = params.copy()
    data.setdefault("coach", "mij")
    form = CandidateFilterForm(data, user=request.user)
    filters: dict = {}
    if form.is_valid():
        coach = form.cleaned_data["coach"]
        if coach == "mij":
            filters["coach"] = request.user
        elif coach == "geen":
            filters["unassigned"] = True
        elif id_param(coach):
            filters["coach"] = selectors.coaches().filter(pk=id_param(coach)).first()
        filters["status"] = form.cleaned_data["status"]
        wijk = form.cleaned_data["wijk"]
        filters["wijk_id"] = wijk.pk if wijk else None
        guideline = form.cleaned_data["richtlijn"]
        filters["guideline"] = {"ja": True, "nee": False}.get(guideline)
    return form, filters


@require_http_methods(["GET", "POST"])
@permission_required("candidates.view_candidate", raise_exception=True)
def candidate_list(request: HtmxHttpRequest) -> HttpResponse:
    """Filters come from the query string (bookmarkable); a name or BSN search is POSTed so
    that it never appears in a URL or a server log."""
    filter_form, filters = _list_filters(request, request.GET)
    search_form = CandidateSearchForm(request.POST if request.method == "POST" else None)
    if search_form.is_bound and search_form.is_valid():
        filters["search"] = search_form.cleaned_data["zoek"]
        filters["bsn"] = search_form.cleaned_data["bsn"]
        if filters["bsn"] or filters["search"]:
            filters.pop("coach", None)  # a search looks through every caseload
            filters.pop("unassigned", None)
    sort = request.GET.get("sorteer", "naam")
    candidates = selectors.candidate_list(user=request.user, sort=sort, **filters)
    page = paginate(request, candidates, default=CANDIDATES_PER_PAGE)
    searching = bool(filters.get("search") or filters.get("bsn"))
    # Every person shown is a read of personal data: one log row each, in one INSERT.
    # A search logs the hits, never the search term.
    access_log_record_many(
        user=request.user,
        action=AccessAction.SEARCH_HIT if searching else AccessAction.LIST_VIEW,
        subject_type="candidate",
        subject_ids=[candidate.pk for candidate in page.object_list],
        purpose=AccessPurpose.SEARCH if searching else AccessPurpose.CASEWORK,
    )
    # A full BSN that is in nobody's reach but exists elsewhere: offer break-glass, showing
    # only the name and the coach until a reason is given.
    outside = None
    if filters.get("bsn") and not page.object_list:
        outside = selectors.break_glass_target(bsn=filters["bsn"])
        if outside is not None:
            access_log_record(
                user=request.user,
                action=AccessAction.SEARCH_HIT,
                subject_type="candidate",
                subject_id=outside.pk,
                purpose=AccessPurpose.SEARCH,
                detail="buiten eigen teams: naam en coach getoond",
            )
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("sorteer", None)
    context = {
        "filter_form": filter_form,
        "search_form": search_form or CandidateSearchForm(),
        "page": page,
        "sort": sort,
        "query": query.urlencode(),
        "export_query": request.GET.urlencode(),
        "searching": searching,
        "outside": outside,
        "break_glass_form": BreakGlassForm() if outside else None,
    }
    template = "candidates/list.html#results" if request.htmx else "candidates/list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@permission_required("candidates.add_candidate", raise_exception=True)
def candidate_create(request: HtmxHttpRequest) -> HttpResponse:
    initial = {"coach": request.user, "team": request.user.teams.order_by("name").first()}
    form = CandidateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(
                values={k: form.cleaned_data[k] for k in services.CANDIDATE_FIELDS},
                preferred_task_types=list(form.cleaned_data["preferred_task_types"]),
                wijken_within_reach=list(form.cleaned_data["wijken_within_reach"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is geregistreerd.") % {"name": candidate})
            return redirect("candidates:detail", pk=candidate.pk)
    return render(request, "candidates/form.html", {"form": form, "candidate": None})


@require_http_methods(["GET", "POST"])
@permission_required("candidates.change_candidate", raise_exception=True)
def candidate_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    if request.method == "GET":
        # The edit form shows the BSN and every personal field: a read like the dossier.
        access_log_record(
            user=request.user,
            action=AccessAction.DOSSIER_EDIT_VIEW,
            subject_type="candidate",
            subject_id=candidate.pk,
            purpose=AccessPurpose.INTAKE,
        )
    form = CandidateForm(request.POST or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(
                candidate=candidate,
                expected_version=form.cleaned_data["version"],
                values={k: form.cleaned_data[k] for k in services.CANDIDATE_FIELDS},
                preferred_task_types=list(form.cleaned_data["preferred_task_types"]),
                wijken_within_reach=list(form.cleaned_data["wijken_within_reach"]),
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("candidates:detail", pk=candidate.pk)
    return render(request, "candidates/form.html", {"form": form, "candidate": candidate})


def _conversation_form_context(request: HtmxHttpRequest, candidate: Candidate, form=None) -> dict:
    draft = selectors.conversation_draft(user=request.user, candidate=candidate)
    if form is None:
        if draft is not None:
            form = ConversationForm(_draft_querydict(draft.data))
            form.is_valid()  # show what was wrong with the draft, if anything
        else:
            form = ConversationForm()
    return {"candidate": candidate, "conversation_form": form, "draft": draft}


def _draft_querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values if isinstance(values, list) else [values])
    return query


@require_GET
@permission_required("candidates.view_candidate", raise_exception=True)
def candidate_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_dossier(user=request.user, pk=pk)
    access_log_record(
        user=request.user,
        action=AccessAction.DOSSIER_VIEW,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.CASEWORK,
    )
    return render(request, "candidates/detail.html", _dossier_context(request, candidate=candidate))


def _dossier_context(request: HtmxHttpRequest, pk: int | None = None, candidate=None) -> dict:
    candidate = candidate or selectors.candidate_dossier(user=request.user, pk=pk)
    return {
        "candidate": candidate,
        "guideline": selectors.candidate_guideline(candidate),
        "timeline": selectors.candidate_timeline(candidate),
        "decision": selectors.decision_in_force(candidate),
        **_conversation_form_context(request, candidate),
    }


# --- prior instruments ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("candidates.add_priorinstrument", raise_exception=True)
def instrument_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    form = PriorInstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.prior_instrument_add(candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het eerdere instrument is toegevoegd."))
            return redirect(reverse("candidates:detail", args=[pk]) + "#instrumenten")
    return render(
        request, "candidates/instrument_form.html", {"form": form, "candidate": candidate}
    )


@require_http_methods(["GET", "POST"])
@permission_required("candidates.delete_priorinstrument", raise_exception=True)
def instrument_delete(request: HtmxHttpRequest, pk: int, instrument_pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    instrument = get_object_or_404(PriorInstrument, pk=instrument_pk, candidate=candidate)
    if request.method == "POST":
        services.prior_instrument_delete(instrument=instrument)
        messages.success(request, _("Het eerdere instrument is verwijderd."))
        return redirect(reverse("candidates:detail", args=[pk]) + "#instrumenten")
    return render(
        request,
        "candidates/instrument_confirm_delete.html",
        {"instrument": instrument, "candidate": instrument.candidate},
    )


# --- intake conversations --------------------------------------------------------------------


def _conversation_values(form: ConversationForm) -> dict:
    return {
        k: form.cleaned_data[k]
        for k in ["date", "duration_minutes", "kind", "topics", "notes", "confidential"]
    }


def _raw_form_data(request: HtmxHttpRequest) -> dict:
    return {
        key: request.POST.getlist(key)
        for key in ["date", "duration_minutes", "kind", "topics", "notes", "confidential"]
        if key in request.POST
    }


@require_http_methods(["GET", "POST"])
@permission_required("candidates.add_intakeconversation", raise_exception=True)
def conversation_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    form = None
    if request.method == "POST":
        form = ConversationForm(request.POST)
        if form.is_valid():
            try:
                services.conversation_create(
                    candidate=candidate, coach=request.user, **_conversation_values(form)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if request.htmx:
                    # Inline: a fresh form, and the timeline and status updated in place.
                    return render(
                        request,
                        "candidates/_conversation_saved.html",
                        _dossier_context(request, pk) | {"saved": True},
                    )
                messages.success(request, _("Het gesprek is opgeslagen."))
                return redirect(reverse("candidates:detail", args=[pk]) + "#tijdlijn")
        # Nothing typed is lost: the form comes back filled in and is kept as a draft.
        services.conversation_draft_save(
            user=request.user, candidate=candidate, data=_raw_form_data(request)
        )
    context = _conversation_form_context(request, candidate, form)
    template = (
        "candidates/detail.html#conversation-form"
        if request.htmx
        else "candidates/conversation_page.html"
    )
    return render(request, template, context)


@require_POST
@permission_required("candidates.add_intakeconversation", raise_exception=True)
def conversation_draft_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Autosave while typing (htmx); answers with a short status line."""
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    services.conversation_draft_save(
        user=request.user, candidate=candidate, data=_raw_form_data(request)
    )
    now = timezone.localtime()
    return render(request, "candidates/_draft_status.html", {"saved_at": now})


@require_POST
@permission_required("candidates.add_intakeconversation", raise_exception=True)
def conversation_draft_discard(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    services.conversation_draft_discard(user=request.user, candidate=candidate)
    messages.info(request, _("Het concept is weggegooid."))
    return redirect(reverse("candidates:detail", args=[pk]) + "#gesprek")


@require_http_methods(["GET", "POST"])
@permission_required("candidates.change_intakeconversation", raise_exception=True)
def conversation_update(request: HtmxHttpRequest, pk: int, conversation_pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    conversation = selectors.conversation_for_edit(
        user=request.user, candidate=candidate, pk=conversation_pk
    )
    form = ConversationForm(request.POST or None, instance=conversation)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_update(
                conversation=conversation,
                expected_version=form.cleaned_data["version"],
                **_conversation_values(form),
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.htmx:
                # The notes just written, by someone allowed to edit them.
                conversation.visible_notes = conversation.notes
                context = {"conversation": conversation, "candidate": conversation.candidate}
                return render(request, "candidates/detail.html#timeline-conversation", context)
            messages.success(request, _("Het gesprek is opgeslagen."))
            return redirect(reverse("candidates:detail", args=[pk]) + f"#gesprek-{conversation.pk}")
    context = {"form": form, "conversation": conversation, "candidate": conversation.candidate}
    template = (
        "candidates/conversation_edit.html#edit-form"
        if request.htmx
        else "candidates/conversation_edit.html"
    )
    return render(request, template, context)


# --- decisions -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("candidates.add_selectiondecision", raise_exception=True)
def decision_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(
        user=request.user, pk=pk, queryset=Candidate.objects.prefetch_related("prior_instruments")
    )
    latest = candidate.decisions.order_by("-pk").values_list("pk", flat=True).first() or 0
    form = DecisionForm(request.POST or None, initial={"based_on": latest})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                candidate=candidate, decided_by=request.user, **form.cleaned_data
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect(reverse("candidates:detail", args=[pk]) + "#tijdlijn")
    decided_on = getattr(form, "cleaned_data", {}).get("decided_on")
    context = {
        "form": form,
        "candidate": candidate,
        "guideline": selectors.candidate_guideline(candidate, decided_on or timezone.localdate()),
    }
    return render(request, "candidates/decision_form.html", context)


# --- funnel and export -----------------------------------------------------------------------


@require_GET
@permission_required("core.view_aggregates", raise_exception=True)
def funnel(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    form = FunnelPeriodForm(filter_data(request), initial={"van": start, "tot_en_met": end})
    if form.is_valid():
        start = form.cleaned_data["van"]
        end = form.cleaned_data["tot_en_met"] or today
    elif form.is_bound:
        start = None
    # Aggregates over everyone: kept a few minutes (the page says when; "ververs" recomputes).
    values, computed = page_figures(
        request,
        period=(selectors.funnel_page, {"start": start, "end": end}),
        cumulative=(selectors.funnel_page, {"start": None, "end": end}),
    )
    period, cumulative = values["period"], values["cumulative"]
    context = {
        **computed,
        "form": form,
        "start": start,
        "end": end,
        "period": period,
        "cumulative": cumulative,
        "exclusions": selectors.exclusion_comparison(period, cumulative),
    }
    return render(request, "candidates/funnel.html", context)


@require_GET
@permission_required("candidates.export_candidates", raise_exception=True)
def candidate_export(request: HtmxHttpRequest) -> HttpResponse:
    """The list with its active filters as XLSX or CSV; every export is in the access log."""
    form, filters = _list_filters(request, request.GET)
    fmt = "csv" if request.GET.get("formaat") == "csv" else "xlsx"
    candidates = list(
        selectors.candidate_list(
            user=request.user, sort=request.GET.get("sorteer", "naam"), **filters
        )
    )
    table = exports.candidate_table(candidates, filters=describe_filters(form))
    access_log_record_many(
        user=request.user,
        action=AccessAction.EXPORT,
        subject_type="candidate",
        subject_ids=[candidate.pk for candidate in candidates],
        purpose=AccessPurpose.EXPORT,
        detail=f"{fmt.upper()}, {len(table.rows)} kandidaten",
    )
    return exports.table_response(
        table, fmt=fmt, filename=f"kandidaten-{timezone.localdate()}", user=request.user
    )


@require_http_methods(["GET", "POST"])
@permission_required("candidates.view_candidate", raise_exception=True)
def break_glass(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Open a dossier outside one's own teams with a stated reason (doorbraak).

    Reached from a search by full BSN; shows only the name and the coach until the reason is
    given. The opening is logged with the reason and listed for the functional admin.
    """
    candidate = get_object_or_404(Candidate.objects.select_related("coach", "team"), pk=pk)
    if selectors.candidates_in_reach(request.user).filter(pk=pk).exists():
        return redirect("candidates:detail", pk=pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.break_glass_open(
            user=request.user, candidate=candidate, reason=form.cleaned_data["reden"]
        )
        messages.warning(
            request,
            _(
                "U heeft dit dossier geopend buiten uw eigen teams. Uw reden is vastgelegd; "
                "de toegang vervalt na %(hours)d uur."
            )
            % {"hours": settings.BREAK_GLASS_HOURS},
        )
        return redirect("candidates:detail", pk=pk)
    return render(request, "candidates/break_glass.html", {"form": form, "candidate": candidate})


@require_GET
@permission_required("candidates.view_breakglassaccess", raise_exception=True)
def break_glass_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every break-glass opening with its reason, for the functional admin (no names: the
    person is shown by internal number and team)."""
    page = paginate(request, selectors.break_glass_list(), default=CANDIDATES_PER_PAGE)
    return render(request, "candidates/break_glass_list.html", {"page": page})


# --- documents -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("candidates.view_document", raise_exception=True)
def documents(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The documents of a dossier, and the upload form (the file's type is checked from its
    content; a refused file comes back with the reason beside the field)."""
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.has_perm("candidates.add_document"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.document_add(
                    candidate=candidate, uploaded_by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Het document is bewaard."))
                return redirect("candidates:documents", pk=candidate.pk)
    access_log_record(
        user=request.user,
        action=AccessAction.DOSSIER_VIEW,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.CASEWORK,
    )
    context = {
        "candidate": candidate,
        "documents": selectors.documents_for(user=request.user, candidate=candidate),
        "form": form,
        "can_add": request.user.has_perm("candidates.add_document"),
        "can_delete": request.user.has_perm("candidates.delete_document"),
    }
    return render(request, "candidates/documents.html", context)


@require_GET
@permission_required("candidates.view_document", raise_exception=True)
def document_download(request: HtmxHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The file itself, only after the permission check, and logged; never a public URL."""
    document = selectors.document_get(user=request.user, candidate_pk=pk, pk=document_pk)
    access_log_record(
        user=request.user,
        action=AccessAction.DOCUMENT_VIEW,
        subject_type="candidate",
        subject_id=document.candidate_id,
        purpose=AccessPurpose.CASEWORK,
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@permission_required("candidates.delete_document", raise_exception=True)
def document_delete(request: HtmxHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, candidate_pk=pk, pk=document_pk)
    if request.method == "POST":
        services.document_delete(document=document)
        messages.success(request, _("Het document is verwijderd."))
        return redirect("candidates:documents", pk=pk)
    return render(request, "candidates/document_delete.html", {"document": document})


@require_GET
@permission_required("candidates.view_candidate", raise_exception=True)
def subject_access(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """AVG art. 15: everything held about the person, as a PDF in plain Dutch or as JSON
    (?formaat=pdf|json); only for the person's own team, and every request logged."""
    from . import subject_access as access

    candidate = access.subject_access_candidate(user=request.user, pk=pk)
    fmt = request.GET.get("formaat")
    if fmt not in ("pdf", "json"):
        return render(request, "candidates/subject_access.html", {"candidate": candidate})
    sections = access.subject_access_data(candidate)
    access.record_request(user=request.user, candidate=candidate, what=fmt.upper())
    if fmt == "json":
        content, content_type = access.as_json(candidate, sections), "application/json"
    else:
        content, content_type = access.as_pdf(candidate, sections), "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{candidate.pk}-{timezone.localdate()}.{fmt}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
