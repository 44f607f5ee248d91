"""The participant's plan: goals with actions, reviewed every six months, printable in plain
language for the participant. Thin views: writes in services, reads in selectors; the person
is fetched within the user's reach (404 outside it) and every read is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from basisbaan.http import HtmxHttpRequest
from basisbaan.models import AccessAction, AccessPurpose
from basisbaan.services import access_log_record
from candidates.models import Candidate
from candidates.selectors import candidate_get

from . import selectors, services
from .forms import ActionForm, GoalForm, PlanReviewForm
from .models import ActionStatus, GoalStatus


def _person(request: HtmxHttpRequest, candidate_pk: int, detail: str) -> Candidate:
    candidate = candidate_get(
        user=request.user, pk=candidate_pk, queryset=Candidate.objects.select_related("coach")
    )
    access_log_record(
        user=request.user,
        action=AccessAction.COACHING_VIEW,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.COACHING,
        detail=detail,
    )
    return candidate


@require_GET
@permission_required("coaching.view_plangoal", raise_exception=True)
def plan(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = _person(request, candidate_pk, "plan")
    context = {
        "candidate": candidate,
        "plan": selectors.plan_for(candidate),
        "history": selectors.plan_history(candidate),
        "review_form": PlanReviewForm(),
        "today": timezone.localdate(),
        "can_edit": request.user.has_perm("coaching.change_plangoal"),
    }
    return render(request, "coaching/plan.html", context)


@require_GET
@permission_required("coaching.view_plangoal", raise_exception=True)
def plan_print(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    """The plan in plain language (B1) for the participant, with who helps with what; as a
    PDF with ?formaat=pdf."""
    from basisbaan.selectors import profile_get

    candidate = _person(request, candidate_pk, "plan afgedrukt")
    context = {
        "candidate": candidate,
        "plan": selectors.plan_for(candidate),
        "helpers": selectors.contact_overview(candidate),
        "municipality": profile_get(),
        "today": timezone.localdate(),
    }
    if request.GET.get("formaat") == "pdf":
        from django.template.loader import render_to_string
        from weasyprint import HTML

        html = render_to_string("coaching/plan_print.html", context, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="mijn-plan-{candidate.pk}.pdf"'
        return response
    return render(request, "coaching/plan_print.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("coaching.add_plangoal", raise_exception=True)
def goal_add(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = _person(request, candidate_pk, "plan: doel toevoegen")
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het doel staat in het plan."))
            return redirect("plan:detail", candidate_pk=candidate.pk)
    return render(
        request,
        "coaching/plan_form.html",
        {"candidate": candidate, "form": form, "title": _("Doel toevoegen")},
    )


@require_POST
@permission_required("coaching.change_plangoal", raise_exception=True)
def goal_status(request: HtmxHttpRequest, candidate_pk: int, goal_pk: int) -> HttpResponse:
    candidate = _person(request, candidate_pk, "plan: doel bijwerken")
    goal = selectors.plan_goal_get(user=request.user, candidate=candidate, pk=goal_pk)
    status = request.POST.get("stand", "")
    if status not in GoalStatus.values:
        messages.error(request, _("Kies een stand voor het doel."))
    else:
        services.goal_set_status(goal=goal, status=status)
        messages.success(request, _("Het doel is bijgewerkt."))
    return redirect("plan:detail", candidate_pk=candidate.pk)


@require_http_methods(["GET", "POST"])
@permission_required("coaching.add_planaction", raise_exception=True)
def action_add(request: HtmxHttpRequest, candidate_pk: int, goal_pk: int) -> HttpResponse:
    candidate = _person(request, candidate_pk, "plan: actie toevoegen")
    goal = selectors.plan_goal_get(user=request.user, candidate=candidate, pk=goal_pk)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De actie staat in het plan."))
            return redirect("plan:detail", candidate_pk=candidate.pk)
    return render(
        request,
        "coaching/plan_form.html",
        {
            "candidate": candidate,
            "form": form,
            "goal": goal,
            "title": _("Actie toevoegen"),
        },
    )


@require_POST
@permission_required("coaching.change_planaction", raise_exception=True)
def action_status(request: HtmxHttpRequest, candidate_pk: int, action_pk: int) -> HttpResponse:
    candidate = _person(request, candidate_pk, "plan: actie bijwerken")
    action = selectors.plan_action_get(user=request.user, candidate=candidate, pk=action_pk)
    status = request.POST.get("stand", "")
    if status not in ActionStatus.values:
        messages.error(request, _("Kies een stand voor de actie."))
    else:
        services.action_set_status(action=action, status=status, on=timezone.localdate())
        messages.success(request, _("De actie is bijgewerkt."))
    return redirect("plan:detail", candidate_pk=candidate.pk)


@require_POST
@permission_required("coaching.add_planreview", raise_exception=True)
def review_add(request: HtmxHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = _person(request, candidate_pk, "plan besproken")
    form = PlanReviewForm(request.POST)
    if form.is_valid():
        try:
            services.plan_review_add(
                candidate=candidate, reviewed_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De bespreking van het plan is vastgelegd."))
            return redirect("plan:detail", candidate_pk=candidate.pk)
    context = {
        "candidate": candidate,
        "plan": selectors.plan_for(candidate),
        "history": selectors.plan_history(candidate),
        "review_form": form,
        "today": timezone.localdate(),
        "can_edit": request.user.has_perm("coaching.change_plangoal"),
    }
    return render(request, "coaching/plan.html", context)
