"""Views of the finance app: the cost table, budgets and forecast, and the lists behind them."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from basisbaan import charts
from basisbaan.exports import Table, table_response
from basisbaan.figure_cache import filter_data, page_figures
from basisbaan.http import HtmxHttpRequest
from basisbaan.models import AccessAction, AccessPurpose
from basisbaan.services import StaleObjectError, access_log_record_many

from . import selectors, services
from .forms import BudgetForm, ContributionForm, CostParametersForm, PeriodForm
from .models import Budget, Contribution, CostParameters


def _period(request: HtmxHttpRequest) -> tuple[PeriodForm, date, date, int]:
    today = timezone.localdate()
    start, end, year = date(today.year, 1, 1), today, today.year
    form = PeriodForm(filter_data(request), initial={"van": start, "tot_en_met": end, "jaar": year})
    if form.is_valid():
        start, end, year = (
            form.cleaned_data["van"],
            form.cleaned_data["tot_en_met"],
            form.cleaned_data["jaar"],
        )
    return form, start, end, year


@require_GET
@permission_required("core.view_aggregates", raise_exception=True)
def overview(request: HtmxHttpRequest) -> HttpResponse:
    form, start, end, year = _period(request)
    # Aggregates over everyone: kept a few minutes (the page says when; "ververs" recomputes).
    values, computed = page_figures(
        request,
        report=(selectors.cost_report, {"start": start, "end": end}),
        year_view=(selectors.year_overview, {"year": year, "today": timezone.localdate()}),
    )
    report, year_view = values["report"], values["year_view"]
    chart = charts.data_uri(
        charts.bar_chart(
            labels=[_("Budget"), _("Gerealiseerd tot nu"), _("Prognose jaar")],
            values=[
                float(year_view.budget),
                float(year_view.realised.totals.gross),
                float(year_view.forecast.gross),
            ],
            ylabel=_("euro"),
        )
    )
    breakdown = None
    if request.user.has_perm("finance.view_cost_breakdown"):
        breakdown = selectors.cost_breakdown(start, end, user=request.user)
        access_log_record_many(
            user=request.user,
            action=AccessAction.FINANCE_VIEW,
            subject_type="candidate",
            subject_ids=[row.candidate_id for row in breakdown],
            purpose=AccessPurpose.FINANCE,
        )
    context = {
        **computed,
        "form": form,
        "report": report,
        "rows": selectors.cost_table(report),
        "year_view": year_view,
        "chart": chart,
        "breakdown": breakdown,
        "can_edit": request.user.has_perm("finance.change_costparameters"),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "finance/overview.html", context)


@require_GET
@permission_required("core.view_aggregates", raise_exception=True)
def export(request: HtmxHttpRequest) -> HttpResponse:
    """The cost table as XLSX; the per-participant breakdown only for those who may see it
    (and then the export is in the access log)."""
    _form, start, end, _year = _period(request)
    report = selectors.cost_report(start, end)
    period = _("%(start)s tot en met %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }
    if request.GET.get("deel") == "deelnemers":
        if not request.user.has_perm("finance.view_cost_breakdown"):
            return HttpResponse(status=403)
        rows = selectors.cost_breakdown(start, end, user=request.user)
        table = Table(
            title=_("Kosten per deelnemer"),
            period=period,
            header=[
                _("Nummer"),
                _("Deelnemer"),
                _("Deelnemer-jaren"),
                _("Loonkosten"),
                _("Begeleiding"),
                _("Inzet uitkeringen"),
                _("Netto"),
            ],
            rows=[
                [
                    r.candidate_id,
                    r.name,
                    round(r.participant_years, 4),
                    round(r.wages, 2),
                    round(r.guidance, 2),
                    round(-r.offset, 2),
                    round(r.net, 2),
                ]
                for r in rows
            ],
        )
        access_log_record_many(
            user=request.user,
            action=AccessAction.EXPORT,
            subject_type="candidate",
            subject_ids=[row.candidate_id for row in rows],
            purpose=AccessPurpose.FINANCE,
            detail=f"XLSX kosten per deelnemer, {len(rows)} deelnemers",
        )
        return table_response(
            table, fmt="xlsx", filename=f"kosten-per-deelnemer-{start}-{end}", user=request.user
        )
    table = Table(
        title=_("Kosten"),
        period=period,
        header=[_("Kostenpost"), _("Per deelnemer-jaar"), _("Totaal")],
        rows=[
            [label, None if per is None else round(per, 2), round(total, 2)]
            for label, per, total in selectors.cost_table(report)
        ]
        + [[_("Deelnemer-jaren"), None, round(report.totals.participant_years, 4)]],
    )
    return table_response(table, fmt="xlsx", filename=f"kosten-{start}-{end}", user=request.user)


# --- parameters, contributions, budgets --------------------------------------------------------


@require_GET
@permission_required("finance.view_costparameters", raise_exception=True)
def parameters_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "finance/parameters_list.html", {"items": CostParameters.objects.all()})


@require_http_methods(["GET", "POST"])
@permission_required("finance.add_costparameters", raise_exception=True)
def parameters_create(request: HtmxHttpRequest) -> HttpResponse:
    latest = CostParameters.objects.order_by("-year").first()
    initial = {}
    if latest:  # start from last year's values (a suggestion, saved only when confirmed)
        initial = {f: getattr(latest, f) for f in services.PARAMETER_FIELDS} | {
            "year": latest.year + 1
        }
    form = CostParametersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.parameters_create(year=form.cleaned_data["year"], values=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De kostenparameters zijn opgeslagen."))
            return redirect("finance:parameters")
    return render(
        request, "finance/form.html", {"form": form, "title": _("Kostenparameters toevoegen")}
    )


@require_http_methods(["GET", "POST"])
@permission_required("finance.change_costparameters", raise_exception=True)
def parameters_update(request: HtmxHttpRequest, year: int) -> HttpResponse:
    parameters = get_object_or_404(CostParameters, year=year)
    form = CostParametersForm(request.POST or None, instance=parameters)
    if request.method == "POST" and form.is_valid():
        try:
            services.parameters_update(
                parameters=parameters,
                expected_version=form.cleaned_data["version"],
                values=form.cleaned_data,
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De kostenparameters zijn opgeslagen."))
            return redirect("finance:parameters")
    return render(
        request,
        "finance/form.html",
        {"form": form, "title": _("Kostenparameters %(year)s") % {"year": year}},
    )


@require_http_methods(["GET", "POST"])
@permission_required("finance.view_contribution", raise_exception=True)
def contributions(request: HtmxHttpRequest) -> HttpResponse:
    form = ContributionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("finance.add_contribution"):
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                services.contribution_add(**form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De bijdrage is vastgelegd."))
                return redirect("finance:contributions")
    items = Contribution.objects.select_related("organisation")
    return render(request, "finance/contributions.html", {"form": form, "items": items})


@require_http_methods(["GET", "POST"])
@permission_required("finance.delete_contribution", raise_exception=True)
def contribution_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("organisation"), pk=pk)
    if request.method == "POST":
        services.contribution_delete(contribution=contribution)
        messages.success(request, _("De bijdrage is verwijderd."))
        return redirect("finance:contributions")
    return render(request, "finance/confirm_delete.html", {"contribution": contribution})


@require_http_methods(["GET", "POST"])
@permission_required("finance.view_budget", raise_exception=True)
def budgets(request: HtmxHttpRequest) -> HttpResponse:
    initial = {"version": 0}
    chosen = selectors.budget_for_edit(source=request.GET.get("bron"), year=request.GET.get("jaar"))
    if chosen is not None:
        initial = {
            "source": chosen.source_id,
            "year": chosen.year,
            "amount": chosen.amount,
            "note": chosen.note,
            "version": chosen.version,
        }
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm("finance.add_budget"):
            return HttpResponse(status=403)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["expected_version"] = data.pop("version")
            try:
                services.budget_save(**data)
            except StaleObjectError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Het budget is opgeslagen."))
                return redirect("finance:budgets")
    items = Budget.objects.select_related("source")
    return render(request, "finance/budgets.html", {"form": form, "items": items})
