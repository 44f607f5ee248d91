"""Views of the coaching app: the dashboard, the week grid, timesheet import, the person's
coaching section, referrals, wellbeing measurements and the contact overview."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from basisbaan import charts, disclosure
from basisbaan.exports import XLSX_TYPE
from basisbaan.figure_cache import filter_data, page_figures
from basisbaan.forms import PeriodForm
from basisbaan.http import HtmxHttpRequest
from basisbaan.input import date_param, id_param
from basisbaan.models import AccessAction, AccessPurpose, User
from basisbaan.numbers import normalise_number
from basisbaan.paging import paginate
from basisbaan.roles import COACH
from basisbaan.services import StaleObjectError, access_log_record, access_log_record_many
from candidates.models import Candidate
from candidates.selectors import candidate_get, candidates_in_reach

from . import selectors, services, timesheets
from .forms import (
    MeasurementForm,
    PartyAssignmentForm,
    QuickEntryForm,
    ReferralForm,
    ReferralUpdateForm,
    SettingsForm,
    TimesheetForm,
    parse_week_cells,
)
from .models import CoachingKind, GuidanceParty, PartyAssignment

# --- dashboard -------------------------------------------------------------------------------


def _wellbeing_chart(wellbeing: list[dict]) -> str | None:
    """Stacked shares per domain; a domain whose shares are hidden (small numbers) is left
    out of the chart (the table beside it says "< 3" or "x")."""
    shown = [w for w in wellbeing if w["total"] and not disclosure.is_hidden(w["improved_share"])]
    shown = [
        w
        for w in shown
        if not any(disclosure.is_hidden(w[f"{k}_share"]) for k in ("same", "worse"))
    ]
    if not shown:
        return None
    return charts.data_uri(
        charts.stacked_bars(
            labels=[w["domain"] for w in shown],
            parts={
                _("beter"): [float(w["improved_share"] or 0) for w in shown],
                _("gelijk"): [float(w["same_share"] or 0) for w in shown],
                _("slechter"): [float(w["worse_share"] or 0) for w in shown],
            },
            xlabel=_("% van de deelnemers"),
        )
    )


@require_GET
@permission_required("core.view_aggregates", raise_exception=True)
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end = today - timedelta(days=181), today
    form = PeriodForm(filter_data(request), initial={"van": start, "tot_en_met": end})
    if form.is_valid():
        start, end = form.cleaned_data["van"], form.cleaned_data["tot_en_met"]
    # Aggregates over everyone: kept a few minutes (the page says when; "ververs" recomputes).
    values, computed = page_figures(
        request,
        intensity=(selectors.coaching_intensity, {"start": start, "end": end}),
        trend=(selectors.coaching_trend, {"end": end}),
        wellbeing=(selectors.wellbeing_page, {"end": end, "start": start}),
    )
    intensity, trend, wellbeing = values["intensity"], values["trend"], values["wellbeing"]
    context = {
        **computed,
        "form": form,
        "start": start,
        "end": end,
        "intensity": intensity,
        "kinds": [(label, intensity.per_kind[value]) for value, label in CoachingKind.choices],
        "trend": trend,
        "trend_chart": charts.data_uri(
            charts.line_chart(
                x=[p.month for p in trend],
                series={_("uur per week"): [float(p.mean) for p in trend]},
                xlabel=_("maand van het dienstverband"),
                ylabel=_("uur per week"),
            )
        )
        if trend
        else None,
        "wellbeing": wellbeing,
        "wellbeing_chart": _wellbeing_chart(wellbeing),
        # Names only for coaches: the others see aggregates.
        "flags": selectors.flagged_for_review(user=request.user)
        if request.user.has_perm("candidates.view_candidate")
        else None,
        "team": selectors.settings_get(),
    }
    return render(request, "coaching/dashboard.html", context)


# --- week grid and import ----------------------------------------------------------------------


def _monday(value: str | None) -> date:
    day = date_param(value, timezone.localdate())
    return day - timedelta(days=day.weekday())


@require_http_methods(["GET", "POST"])
@permission_required("coaching.add_coachingentry", raise_exception=True)
def week_grid(request: HtmxHttpRequest) -> HttpResponse:
    """A week of coaching minutes per participant and kind, saved all at once."""
    week_start = _monday(request.GET.get("week"))
    party = None
    coach = request.user
    party_id, coach_id = id_param(request.GET.get("partij")), id_param(request.GET.get("coach"))
    if party_id:
        party = get_object_or_404(GuidanceParty, pk=party_id)
        coach = None
    elif coach_id:
        coach = get_object_or_404(User, pk=coach_id, groups__name=COACH)
    candidates = selectors.week_rows(
        user=request.user, week_start=week_start, coach=coach, party=party
    )
    return week_grid_page(
        request, week_start=week_start, candidates=candidates, coach=coach, party=party
    )


def _minutes(value: str | None) -> int:
    """A cell's minutes for the totals (an empty or wrong cell counts as 0)."""
    try:
        return max(int(normalise_number(value or "")), 0)
    except ValueError:
        return 0


def week_grid_page(
    request: HtmxHttpRequest,
    *,
    week_start: date,
    candidates: list[Candidate],
    coach,
    party,
    fixed_party: bool = False,
    page=None,
) -> HttpResponse:
    """The week grid for these people and this provider: shown, or saved all at once (a
    guidance party's own coach sees it with the party fixed)."""
    kinds = CoachingKind.values
    errors: dict = {}
    if request.method == "POST":
        shown, cleaned, errors = parse_week_cells(request.POST, candidates, kinds)
        if not errors:
            services.week_grid_save(week_start=week_start, cells=cleaned, coach=coach, party=party)
            messages.success(request, _("De week is opgeslagen."))
            query = request.GET.copy()
            query.pop("kopieer", None)
            return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
        messages.error(request, _("Niets is opgeslagen: verbeter de gemarkeerde vakken."))
    else:
        saved = selectors.week_minutes(
            week_start=week_start, candidates=candidates, coach=coach, party=party
        )
        if request.GET.get("kopieer") == "vorige":
            # Last week's minutes in the empty cells, to check and save: nothing is saved yet.
            last_week = selectors.week_minutes(
                week_start=week_start - timedelta(days=7),
                candidates=candidates,
                coach=coach,
                party=party,
            )
            saved = last_week | saved
            messages.info(
                request,
                _(
                    "De minuten van vorige week staan in de lege vakken. Controleer ze en sla "
                    "de week op; er is nog niets opgeslagen."
                ),
            )
        shown = {(c.pk, k): str(saved.get((c.pk, k), "")) for c in candidates for k in kinds}
        access_log_record_many(
            user=request.user,
            action=AccessAction.WEEK_GRID_VIEW,
            subject_type="candidate",
            subject_ids=[c.pk for c in candidates],
            purpose=AccessPurpose.COACHING,
        )
    rows = [
        {
            "candidate": c,
            "cells": [
                {
                    "kind": k,
                    "name": f"m-{c.pk}-{k}",
                    "value": shown.get((c.pk, k), ""),
                    "error": errors.get((c.pk, k)),
                }
                for k in kinds
            ],
            "total": sum(_minutes(shown.get((c.pk, k))) for k in kinds),
        }
        for c in candidates
    ]
    column_totals = [sum(_minutes(shown.get((c.pk, k))) for c in candidates) for k in kinds]
    context = {
        "week_start": week_start,
        "week_end": week_start + timedelta(days=6),
        "previous": week_start - timedelta(days=7),
        "next": week_start + timedelta(days=7),
        "rows": rows,
        "kinds": CoachingKind.choices,
        "party": party,
        "coach": coach,
        "parties": GuidanceParty.objects.active(),
        "coaches": User.objects.filter(groups__name=COACH, is_active=True).order_by("full_name"),
        "error_count": len(errors),
        "column_totals": column_totals,
        "grand_total": sum(column_totals),
        "fixed_party": fixed_party,
        "page": page,
    }
    return render(request, "coaching/week.html", context)


CHECKED_TIMESHEET = "coaching_checked_timesheet"


@require_http_methods(["GET", "POST"])
@permission_required("coaching.add_coachingentry", raise_exception=True)
def timesheet_import(request: HtmxHttpRequest) -> HttpResponse:
    """Step 1: upload and dry run (every row and column error listed, nothing saved).
    Step 2: confirm the checked rows, kept in the session: an all-or-nothing import."""
    if request.method == "POST" and request.POST.get("confirm") == "1":
        checked = request.session.pop(CHECKED_TIMESHEET, None)
        if checked is None:
            messages.error(request, _("Controleer het bestand eerst."))
            return redirect("coaching:import")
        party = get_object_or_404(GuidanceParty, pk=checked["party"])
        people = candidates_in_reach(request.user).in_bulk(
            [row["candidate"] for row in checked["rows"]]
        )
        if len(people) != len({row["candidate"] for row in checked["rows"]}):
            messages.error(request, _("Controleer het bestand opnieuw."))
            return redirect("coaching:import")
        rows = [
            {**row, "candidate": people[row["candidate"]], "date": date.fromisoformat(row["date"])}
            for row in checked["rows"]
        ]
        count = services.timesheet_import(party=party, rows=rows)
        messages.success(request, _("%(n)s regels zijn ingelezen.") % {"n": count})
        return redirect("coaching:import")
    form = TimesheetForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = timesheets.parse(
            upload.name, upload.read(), people_in_reach=candidates_in_reach(request.user)
        )
        if result.ok:
            request.session[CHECKED_TIMESHEET] = {
                "party": form.cleaned_data["party"].pk,
                "rows": [
                    {**row, "candidate": row["candidate"].pk, "date": row["date"].isoformat()}
                    for row in result.rows
                ],
            }
        else:
            request.session.pop(CHECKED_TIMESHEET, None)
    context = {"form": form, "result": result, "columns": timesheets.COLUMNS}
    return render(request, "coaching/import.html", context)


@require_GET
@permission_required("coaching.add_coachingentry", raise_exception=True)
def timesheet_template(request: HtmxHttpRequest) -> HttpResponse:
    response = HttpResponse(timesheets.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="urenstaat-sjabloon.xlsx"'
    return response


# --- the person's coaching section ------------------------------------------------------------


def _person_context(request: HtmxHttpRequest, candidate: Candidate, form=None) -> dict:
    measurements = selectors.measurements_for(candidate)
    chart = None
    if len(measurements) >= 1:
        domains = sorted(
            {s.domain for m in measurements for s in m.scores.all()},
            key=lambda d: (d.position, d.name),
        )
        series = {
            d.name: [
                next((s.score for s in m.scores.all() if s.domain_id == d.pk), None)
                for m in measurements
            ]
            for d in domains
        }
        chart = charts.data_uri(
            charts.line_chart(
                x=[m.date.strftime("%d-%m-%Y") for m in measurements],
                series=series,
                xlabel=_("meting"),
                ylabel=_("score (1-5)"),
                ymax=5.5,
            )
        )
    recent = list(selectors.entries_for(candidate, user=request.user))
    since = timezone.localdate() - timedelta(days=90)
    return {
        "candidate": candidate,
        "party_assignments": selectors.party_assignments_for(candidate),
        "party_form": PartyAssignmentForm(),
        "entries": recent,
        "minutes_13_weeks": sum(
            e.minutes for e in candidate.coaching.filter(date__gte=since).only("minutes")
        ),
        "form": form or QuickEntryForm(),
        "referrals": selectors.referrals_for(candidate),
        "measurements": measurements,
        "wellbeing_chart": chart,
    }


@require_GET
@permission_required("coaching.view_coachingentry", raise_exception=True)
def person(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    """The coaching section of a dossier: loaded into the dossier by htmx, or a page."""
    candidate = candidate_get(
        user=request.user, pk=candidate_pk, queryset=Candidate.objects.select_related("coach")
    )
    access_log_record(
        user=request.user,
        action=AccessAction.COACHING_VIEW,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.COACHING,
    )
    template = "coaching/person.html#section" if request.htmx else "coaching/person.html"
    return render(request, template, _person_context(request, candidate))


@require_POST
@permission_required("coaching.add_coachingentry", raise_exception=True)
def entry_add(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = candidate_get(user=request.user, pk=candidate_pk)
    form = QuickEntryForm(request.POST, candidate=candidate)
    if form.is_valid():
        party = form.cleaned_data.pop("party")
        try:
            services.coaching_entry_add(
                candidate=candidate,
                coach=None if party else request.user,
                party=party,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if not request.htmx:
                messages.success(request, _("De begeleiding is vastgelegd."))
                return redirect("coaching:person", candidate_pk=candidate.pk)
            form = None
    template = "coaching/person.html#section" if request.htmx else "coaching/person.html"
    context = _person_context(request, candidate, form) | {"saved": form is None}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@permission_required("coaching.add_referral", raise_exception=True)
def referral_add(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = candidate_get(user=request.user, pk=candidate_pk)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_add(
                candidate=candidate, referred_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De verwijzing is vastgelegd."))
            return redirect("coaching:person", candidate_pk=candidate.pk)
    return render(
        request,
        "coaching/form.html",
        {
            "form": form,
            "title": _("Verwijzing vastleggen"),
            "candidate": candidate,
            "back_url": reverse("coaching:person", args=[candidate.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("coaching.change_referral", raise_exception=True)
def referral_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    form = ReferralUpdateForm(request.POST or None, instance=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(
                referral=referral,
                expected_version=form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                contact=form.cleaned_data["contact"],
                note=form.cleaned_data["note"],
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De verwijzing is bijgewerkt."))
            return redirect("coaching:person", candidate_pk=referral.candidate_id)
    return render(
        request,
        "coaching/form.html",
        {
            "form": form,
            "title": _("Uitkomst van de verwijzing"),
            "candidate": referral.candidate,
            "back_url": reverse("coaching:person", args=[referral.candidate_id]),
        },
    )


# --- wellbeing -------------------------------------------------------------------------------


DUE_PER_PAGE = 50


@require_GET
@permission_required("coaching.view_wellbeingmeasurement", raise_exception=True)
def measurements_due(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.measurements_due(user=request.user), default=DUE_PER_PAGE)
    access_log_record_many(
        user=request.user,
        action=AccessAction.LIST_VIEW,
        subject_type="candidate",
        subject_ids=[placement.candidate_id for placement in page.object_list],
        purpose=AccessPurpose.COACHING,
    )
    return render(
        request, "coaching/measurements_due.html", {"page": page, "due": page.object_list}
    )


@require_http_methods(["GET", "POST"])
@permission_required("coaching.add_wellbeingmeasurement", raise_exception=True)
def measurement_add(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = candidate_get(user=request.user, pk=candidate_pk)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_record(
                candidate=candidate,
                date=form.cleaned_data["date"],
                scores=form.scores(),
                measured_by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De meting is opgeslagen."))
            return redirect("coaching:person", candidate_pk=candidate.pk)
    return render(
        request,
        "coaching/form.html",
        {
            "form": form,
            "title": _("Welzijnsmeting"),
            "candidate": candidate,
            "intro": _(
                "Vul per onderwerp samen met de deelnemer een score in: 1 = grote zorgen, 5 = gaat goed."
            ),
            "back_url": reverse("coaching:person", args=[candidate.pk]),
        },
    )


# --- contact overview ------------------------------------------------------------------------


@require_GET
@permission_required("coaching.view_coachingentry", raise_exception=True)
def contact_overview(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = candidate_get(
        user=request.user, pk=candidate_pk, queryset=Candidate.objects.select_related("coach")
    )
    access_log_record(
        user=request.user,
        action=AccessAction.COACHING_VIEW,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.COACHING,
        detail="contactoverzicht",
    )
    context = {
        "candidate": candidate,
        "helpers": selectors.contact_overview(candidate),
        "today": timezone.localdate(),
    }
    if request.GET.get("formaat") == "pdf":
        from weasyprint import HTML

        html = render_to_string("coaching/contact_print.html", context, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="wie-helpt-mij-{candidate.pk}.pdf"'
        return response
    return render(request, "coaching/contact.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("coaching.change_coachingsettings", raise_exception=True)
def team_settings(request: HtmxHttpRequest) -> HttpResponse:
    team = selectors.settings_get()
    form = SettingsForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                team=team,
                expected_version=form.cleaned_data["version"],
                review_threshold_hours=form.cleaned_data["review_threshold_hours"],
                review_weeks=form.cleaned_data["review_weeks"],
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("coaching:dashboard")
    return render(
        request,
        "coaching/form.html",
        {
            "form": form,
            "title": _("Signaalgrens begeleiding"),
            "back_url": reverse("coaching:dashboard"),
            "intro": _(
                "Deelnemers die over de laatste weken gemiddeld meer begeleiding krijgen dan de grens, staan op de signaallijst van de coaches: misschien past een ander instrument beter."
            ),
        },
    )


# --- guidance parties per participant ---------------------------------------------------------


@require_POST
@permission_required("coaching.add_partyassignment", raise_exception=True)
def party_assign(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    """A guidance party starts guiding the participant (its week grid then lists them)."""
    candidate = candidate_get(user=request.user, pk=candidate_pk)
    form = PartyAssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.party_assign(candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De begeleidende partij is vastgelegd."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("coaching:person", args=[candidate.pk]) + "#partijen")


@require_POST
@permission_required("coaching.change_partyassignment", raise_exception=True)
def party_assignment_end(request: HtmxHttpRequest, candidate_pk: int, pk: int) -> HttpResponse:
    """The party stops guiding the participant (today is its last day)."""
    candidate = candidate_get(user=request.user, pk=candidate_pk)
    assignment = get_object_or_404(PartyAssignment, pk=pk, candidate=candidate)
    try:
        services.party_assignment_end(assignment=assignment, end_date=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De begeleiding door de partij is beëindigd."))
    return redirect(reverse("coaching:person", args=[candidate.pk]) + "#partijen")
