"""Views of the placements app: inventory, matching, employment, absence and figures."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from basisbaan.dates import quarter_bounds
from basisbaan.figure_cache import filter_data, page_figures
from basisbaan.forms import PeriodForm
from basisbaan.http import HtmxHttpRequest
from basisbaan.input import id_param
from basisbaan.models import AccessAction, AccessPurpose, Wijk
from basisbaan.paging import paginate
from basisbaan.services import StaleObjectError, access_log_record, access_log_record_many
from candidates.models import Candidate
from candidates.selectors import candidate_get

from . import selectors, services
from .forms import (
    AssignmentEndForm,
    AssignmentForm,
    AssignmentFormSet,
    ConvertForm,
    DisplacementCheckForm,
    EndForm,
    HoursChangeForm,
    MilestoneDoneForm,
    NationalRateForm,
    OrganisationForm,
    PlacementForm,
    PlacementSearchForm,
    RecoverForm,
    RecoveryStepForm,
    RenewForm,
    SickReportForm,
    TaskFilterForm,
    TaskForm,
)
from .models import NationalAbsenceRate, Organisation, Placement, Task, TaskAssignment

PER_PAGE = 25

# --- inventory -------------------------------------------------------------------------------


@require_GET
@permission_required("placements.view_task", raise_exception=True)
def task_list(request: HtmxHttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    tasks = selectors.task_list(
        wijk_id=filters["wijk"].pk if filters.get("wijk") else None,
        task_type_id=filters["soort"].pk if filters.get("soort") else None,
        status=filters.get("status", ""),
        search=filters.get("zoek", ""),
        sort=filters.get("sorteer") or "wijk",
    )
    page = paginate(request, tasks, default=PER_PAGE)
    context = {"form": form, "page": page, "can_add": request.user.has_perm("placements.add_task")}
    template = "placements/task_list.html#results" if request.htmx else "placements/task_list.html"
    return render(request, template, context)


@require_GET
@permission_required("placements.view_task", raise_exception=True)
def task_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        selectors.tasks_with_status().select_related("wijk", "task_type", "organisation"), pk=pk
    )
    context = {
        "task": task,
        "checks": task.displacement_checks.select_related("checked_by"),
        "can_edit": request.user.has_perm("placements.change_task"),
        "can_check": request.user.has_perm("placements.add_displacementcheck"),
        "valid_months": settings.DISPLACEMENT_CHECK_VALID_MONTHS,
    }
    return render(request, "placements/task_detail.html", context)


def _versioned_form_view(
    request: HtmxHttpRequest,
    *,
    form_class,
    instance,
    create: Callable,
    update: Callable,
    success: Callable,
    template: str,
    context: dict,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in form._meta.fields}
        try:
            if instance is None:
                instance = create(values=values)
            else:
                update(instance, form.cleaned_data["version"], values)
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": instance})
            return redirect(success(instance))
    return render(request, template, {"form": form, "object": instance, **context})


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_task", raise_exception=True)
def task_create(request: HtmxHttpRequest) -> HttpResponse:
    return _task_form(request, None)


@require_http_methods(["GET", "POST"])
@permission_required("placements.change_task", raise_exception=True)
def task_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _task_form(request, get_object_or_404(Task, pk=pk))


def _task_form(request: HtmxHttpRequest, task: Task | None) -> HttpResponse:
    return _versioned_form_view(
        request,
        form_class=TaskForm,
        instance=task,
        create=services.task_create,
        update=lambda t, v, values: services.task_update(task=t, expected_version=v, values=values),
        success=lambda t: reverse("tasks:detail", args=[t.pk]),
        template="placements/simple_form.html",
        context={
            "title": _("Taak bewerken") if task else _("Taak toevoegen"),
            "back_url": reverse("tasks:detail", args=[task.pk]) if task else reverse("tasks:list"),
            "intro": _(
                "Na het opslaan legt u de verdringingstoets vast; pas dan kan de taak worden toegewezen."
            )
            if task is None
            else "",
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_displacementcheck", raise_exception=True)
def displacement_check_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("wijk"), pk=pk)
    form = DisplacementCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.displacement_check_record(
                task=task, checked_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De verdringingstoets is vastgelegd."))
            return redirect("tasks:detail", pk=task.pk)
    context = {
        "form": form,
        "title": _("Verdringingstoets voor %(task)s") % {"task": task},
        "intro": _(
            "Verdringt deze taak een betaalde baan of vrijwilligerswerk? Ga dit na met de "
            "organisatie. Alleen een taak zonder verdringing kan worden toegewezen."
        ),
        "back_url": reverse("tasks:detail", args=[task.pk]),
    }
    return render(request, "placements/simple_form.html", context)


@require_GET
@permission_required("placements.view_organisation", raise_exception=True)
def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    """Searched on words of the name (GET: an organisation's name is no personal data)."""
    search = request.GET.get("zoek", "").strip()[:100]
    organisations = Organisation.objects.select_related("wijk").order_by("name", "pk")
    for term in search.split():
        organisations = organisations.filter(name__icontains=term)
    page = paginate(request, organisations, default=PER_PAGE)
    context = {
        "organisations": page.object_list,
        "page": page,
        "search": search,
        "can_edit": request.user.has_perm("placements.change_organisation"),
    }
    return render(request, "placements/organisation_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_organisation", raise_exception=True)
def organisation_create(request: HtmxHttpRequest) -> HttpResponse:
    return _organisation_form(request, None)


@require_http_methods(["GET", "POST"])
@permission_required("placements.change_organisation", raise_exception=True)
def organisation_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _organisation_form(request, get_object_or_404(Organisation, pk=pk))


def _organisation_form(request: HtmxHttpRequest, organisation: Organisation | None) -> HttpResponse:
    return _versioned_form_view(
        request,
        form_class=OrganisationForm,
        instance=organisation,
        create=services.organisation_create,
        update=lambda o, v, values: services.organisation_update(
            organisation=o, expected_version=v, values=values
        ),
        success=lambda o: reverse("tasks:organisation_list"),
        template="placements/simple_form.html",
        context={
            "title": _("Organisatie bewerken") if organisation else _("Organisatie toevoegen"),
            "back_url": reverse("tasks:organisation_list"),
        },
    )


# --- matching and placements -------------------------------------------------------------------


@require_GET
@permission_required("placements.add_placement", raise_exception=True)
def matching(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = candidate_get(
        user=request.user,
        pk=candidate_pk,
        queryset=Candidate.objects.select_related("home_wijk").prefetch_related(
            "wijken_within_reach", "preferred_task_types"
        ),
    )
    # Matching reads the person's wishes, capacity and wijken.
    access_log_record(
        user=request.user,
        action=AccessAction.MATCHING_VIEW,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.EMPLOYMENT,
    )
    wijk_id = id_param(request.GET.get("wijk"))
    show_all = request.GET.get("alle") == "1"
    context = {
        "candidate": candidate,
        "show_all": show_all,
        "shown": selectors.MATCHES_SHOWN,
        "matches": selectors.matching(candidate, wijk_id=wijk_id, only_fitting=not show_all),
        "wijken": Wijk.objects.active(),
        "wijk_id": wijk_id,
    }
    template = "placements/matching.html#results" if request.htmx else "placements/matching.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_placement", raise_exception=True)
def placement_create(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = candidate_get(
        user=request.user, pk=candidate_pk, queryset=Candidate.objects.select_related("home_wijk")
    )
    # Tasks chosen on the matching page come pre-filled with their hours; the contract hours
    # start as their sum (else 32).
    chosen = selectors.tasks_chosen([t for t in map(id_param, request.GET.getlist("taak")) if t])
    initial_rows = [{"task": t.pk, "hours_per_week": t.hours_per_week} for t in chosen]
    form = PlacementForm(
        request.POST or None,
        initial={
            "primary_wijk": chosen[0].wijk_id if chosen else candidate.home_wijk_id,
            "start_date": timezone.localdate(),
            "hours_per_week": sum(t.hours_per_week for t in chosen) if chosen else 32,
        },
    )
    formset = AssignmentFormSet(request.POST or None, initial=initial_rows, prefix="taken")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            (f.cleaned_data["task"], f.cleaned_data["hours_per_week"])
            for f in formset
            if f.cleaned_data.get("task")
        ]
        try:
            result = services.placement_create(
                candidate=candidate, assignments=rows, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is in dienst.") % {"name": candidate})
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("placements:detail", pk=result.placement.pk)
    return render(
        request,
        "placements/placement_form.html",
        {"form": form, "formset": formset, "candidate": candidate},
    )


PLACEMENT_SORT_LABELS = [
    ("naam", gettext_lazy("naam deelnemer")),
    ("-start", gettext_lazy("in dienst per, nieuwste eerst")),
    ("start", gettext_lazy("in dienst per, oudste eerst")),
    ("wijk", gettext_lazy("hoofdwijk")),
    ("einde", gettext_lazy("einde contract, eerst aflopend")),
]


@require_http_methods(["GET", "POST"])
@permission_required("placements.view_placement", raise_exception=True)
def placement_list(request: HtmxHttpRequest) -> HttpResponse:
    """Filters and sort come from the query string (bookmarkable); a search by name is
    POSTed so that a person's name never appears in a URL or a server log."""
    current = request.GET.get("status") != "beeindigd"
    wijk = request.GET.get("wijk")
    mine = request.GET.get("coach", "alle") == "mij"
    sort = request.GET.get("sorteer", "naam")
    if sort not in selectors.PLACEMENT_SORTS:
        sort = "naam"
    search_form = PlacementSearchForm(request.POST if request.method == "POST" else None)
    search = search_form.cleaned_data["zoek"] if search_form.is_valid() else ""
    placements = selectors.placement_list(
        user=request.user,
        current=current,
        wijk_id=id_param(wijk),
        coach=request.user if mine else None,
        sort=sort,
        search=search,
    )
    page = paginate(request, placements, default=PER_PAGE)
    access_log_record_many(
        user=request.user,
        action=AccessAction.SEARCH_HIT if search else AccessAction.LIST_VIEW,
        subject_type="placement",
        subject_ids=[placement.pk for placement in page.object_list],
        purpose=AccessPurpose.SEARCH if search else AccessPurpose.EMPLOYMENT,
    )
    context = {
        "page": page,
        "current": current,
        "mine": mine,
        "sort": sort,
        "sorts": PLACEMENT_SORT_LABELS,
        "search_form": search_form if search_form.is_bound else PlacementSearchForm(),
        "searching": bool(search),
        "wijk": wijk,
        "wijken": Wijk.objects.active(),
        "ending_soon": selectors.contracts_ending(user=request.user).count(),
    }
    template = (
        "placements/placement_list.html#results"
        if request.htmx
        else "placements/placement_list.html"
    )
    return render(request, template, context)


@require_GET
@permission_required("placements.view_placement", raise_exception=True)
def contracts_ending(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.contracts_ending(user=request.user), default=PER_PAGE)
    contracts = page.object_list
    access_log_record_many(
        user=request.user,
        action=AccessAction.LIST_VIEW,
        subject_type="placement",
        subject_ids=[contract.placement_id for contract in contracts],
        purpose=AccessPurpose.EMPLOYMENT,
    )
    return render(
        request, "placements/contracts_ending.html", {"contracts": contracts, "page": page}
    )


@require_GET
@permission_required("placements.view_placement", raise_exception=True)
def placement_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_detail(user=request.user, pk=pk)
    access_log_record(
        user=request.user,
        action=AccessAction.EMPLOYMENT_VIEW,
        subject_type="placement",
        subject_id=placement.pk,
        purpose=AccessPurpose.EMPLOYMENT,
    )
    state = selectors.employment_state(placement, timezone.localdate())
    context = {
        "placement": placement,
        "contract": state.contract,
        "hours": state.hours,
        "assigned_hours": state.assigned_hours,
        "hours_mismatch": state.hours_mismatch,
        "ending_soon": state.ending_soon,
    }
    return render(request, "placements/placement_detail.html", context)


def _placement_action(
    request: HtmxHttpRequest,
    pk: int,
    *,
    form_class,
    action: Callable[[Placement, dict], object],
    title: str,
    intro: str = "",
    success_message: str,
    initial: dict | None = None,
) -> HttpResponse:
    """A form on one placement whose valid data goes to one service call."""
    placement = selectors.placement_get(user=request.user, pk=pk)
    form = form_class(request.POST or None, initial=initial or {})
    show_confirm = False
    if request.method == "POST" and form.is_valid():
        try:
            action(placement, form.cleaned_data)
        except services.ChainRuleConfirmationNeeded as exc:
            form.add_error(None, exc)
            show_confirm = True
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success_message)
            return redirect("placements:detail", pk=placement.pk)
    if "confirm_chain_rule" in form.fields and not show_confirm:
        form.fields.pop("confirm_chain_rule")
    context = {
        "form": form,
        "title": title,
        "intro": intro,
        "placement": placement,
        "back_url": reverse("placements:detail", args=[placement.pk]),
    }
    return render(request, "placements/simple_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_contract", raise_exception=True)
def contract_renew(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _placement_action(
        request,
        pk,
        form_class=RenewForm,
        action=lambda p, data: services.contract_renew(placement=p, **data),
        title=_("Contract verlengen"),
        intro=_(
            "Een verlenging is een nieuw contract voor bepaalde tijd. Basisbaan controleert de ketenregeling."
        ),
        success_message=_("Het contract is verlengd."),
    )


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_contract", raise_exception=True)
def contract_convert(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _placement_action(
        request,
        pk,
        form_class=ConvertForm,
        action=lambda p, data: services.contract_convert(placement=p, **data),
        title=_("Omzetten naar onbepaalde tijd"),
        success_message=_("Er is een contract voor onbepaalde tijd vastgelegd."),
    )


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_contracthours", raise_exception=True)
def hours_change(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _placement_action(
        request,
        pk,
        form_class=HoursChangeForm,
        action=lambda p, data: services.hours_change(placement=p, **data),
        title=_("Contracturen wijzigen"),
        intro=_(
            "Een urenwijziging is een aanvulling op het lopende contract, geen nieuw contract."
        ),
        success_message=_("De contracturen zijn gewijzigd."),
    )


@require_http_methods(["GET", "POST"])
@permission_required("placements.change_placement", raise_exception=True)
def placement_end(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _placement_action(
        request,
        pk,
        form_class=EndForm,
        action=lambda p, data: services.placement_end(placement=p, **data),
        title=_("Dienstverband beëindigen"),
        intro=_(
            "Het lopende contract en de taken eindigen op dezelfde dag. Dit kunt u niet ongedaan maken."
        ),
        success_message=_("Het dienstverband is beëindigd."),
    )


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_taskassignment", raise_exception=True)
def assignment_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _placement_action(
        request,
        pk,
        form_class=AssignmentForm,
        action=lambda p, data: services.assignment_add(placement=p, **data),
        title=_("Taak toevoegen"),
        success_message=_("De taak is toegevoegd."),
        initial={"start_date": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@permission_required("placements.change_taskassignment", raise_exception=True)
def assignment_end(request: HtmxHttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    assignment = get_object_or_404(TaskAssignment, pk=assignment_pk, placement=placement)
    return _placement_action(
        request,
        pk,
        form_class=AssignmentEndForm,
        action=lambda p, data: services.assignment_end(assignment=assignment, **data),
        title=_("Taak beëindigen: %(task)s") % {"task": assignment.task},
        success_message=_("De taak is beëindigd."),
        initial={"end_date": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_sickreport", raise_exception=True)
def sick_report_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _placement_action(
        request,
        pk,
        form_class=SickReportForm,
        action=lambda p, data: services.sick_report_create(placement=p, **data),
        title=_("Ziekmelding"),
        success_message=_("De ziekmelding is vastgelegd."),
        initial={"first_day": timezone.localdate()},
    )


# --- absence ---------------------------------------------------------------------------------


@require_GET
@permission_required("placements.view_sickreport", raise_exception=True)
def sick_report_list(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.open_sick_reports(user=request.user), default=PER_PAGE)
    reports = page.object_list
    access_log_record_many(
        user=request.user,
        action=AccessAction.ABSENCE_VIEW,
        subject_type="placement",
        subject_ids=[report.placement_id for report in reports],
        purpose=AccessPurpose.EMPLOYMENT,
    )
    return render(request, "placements/sick_report_list.html", {"reports": reports, "page": page})


@require_http_methods(["GET", "POST"])
@permission_required("placements.change_sickreport", raise_exception=True)
def sick_report_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The sick report with its recovery steps; forms for partial and full recovery."""
    report = selectors.sick_report_get(user=request.user, pk=pk)
    initial = {"version": report.version}
    step_form = RecoveryStepForm(
        request.POST if request.POST.get("form") == "step" else None,
        prefix="step",
        initial=initial,
    )
    recover_form = RecoverForm(
        request.POST if request.POST.get("form") == "recover" else None,
        prefix="recover",
        initial=initial,
        first_day=report.first_day,
    )
    period = next(
        (
            p
            for p in selectors.sickness_periods(
                Candidate.objects.filter(pk=report.placement.candidate_id)
            )
            if p.report_id == report.pk
        ),
        None,
    )
    milestone_form = MilestoneDoneForm(
        request.POST if request.POST.get("form") == "milestone" else None, prefix="milestone"
    )
    if request.method == "POST" and request.POST.get("form") == "milestone":
        if period is None:
            messages.error(request, _("Deze ziekmelding is afgesloten."))
            return redirect("placements:sick_report", pk=report.pk)
        if milestone_form.is_valid():
            try:
                services.milestone_mark_done(
                    candidate=report.placement.candidate,
                    period_start=period.period_start,
                    done_by=request.user,
                    **milestone_form.cleaned_data,
                )
            except ValidationError as exc:
                milestone_form.add_error(None, exc)
            else:
                messages.success(request, _("De stap is afgevinkt."))
                return redirect("placements:sick_report", pk=report.pk)
    elif request.method == "POST":
        form, action = (
            (step_form, lambda d: services.recovery_step_add(sick_report=report, **d))
            if request.POST.get("form") == "step"
            else (recover_form, lambda d: services.sick_report_recover(sick_report=report, **d))
        )
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["expected_version"] = data.pop("version")
            try:
                action(data)
            except StaleObjectError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Het verzuim is bijgewerkt."))
                return redirect("placements:sick_report", pk=report.pk)
    access_log_record(
        user=request.user,
        action=AccessAction.ABSENCE_VIEW,
        subject_type="placement",
        subject_id=report.placement_id,
        purpose=AccessPurpose.EMPLOYMENT,
    )
    context = {
        "report": report,
        "step_form": step_form,
        "recover_form": recover_form,
        "period": period,
        "milestone_form": milestone_form,
        "today": timezone.localdate(),
    }
    return render(request, "placements/sick_report_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("placements.add_nationalabsencerate", raise_exception=True)
def national_rates(request: HtmxHttpRequest) -> HttpResponse:
    form = NationalRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.national_rate_save(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het landelijke verzuimpercentage is opgeslagen."))
            return redirect("placements:national_rates")
    return render(
        request,
        "placements/national_rates.html",
        {"form": form, "rates": NationalAbsenceRate.objects.all()},
    )


# --- figures ---------------------------------------------------------------------------------


@require_GET
@permission_required("core.view_aggregates", raise_exception=True)
def overview(request: HtmxHttpRequest) -> HttpResponse:
    """Employment figures for a period: aggregates only (no person is shown)."""
    today = timezone.localdate()
    start, end = quarter_bounds(today)
    end = min(end, today)  # the quarter so far: days still to come have no figures yet
    form = PeriodForm(filter_data(request), initial={"van": start, "tot_en_met": end})
    if form.is_valid():
        start, end = form.cleaned_data["van"], form.cleaned_data["tot_en_met"]
    if form.errors:
        return render(request, "placements/overview.html", {"form": form, "figures": None})
    # Aggregates over everyone: kept a few minutes (the page says when; "ververs" recomputes).
    values, computed = page_figures(
        request, figures=(selectors.employment_overview, {"start": start, "end": end})
    )
    return render(request, "placements/overview.html", {"form": form, **values, **computed})
