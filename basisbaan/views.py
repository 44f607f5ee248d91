"""Views of the core app: thin, they parse, call a service or selector, and render."""

import base64
import logging
from datetime import date

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import selectors, services, worklist
from .auth import ip_locked_out
from .dates import quarter_bounds
from .figure_cache import figure, page_figures
from .forms import (
    AccessLogFilterForm,
    ActivationForm,
    ErasureForm,
    LoginForm,
    MunicipalityProfileForm,
    MySettingsForm,
    OTPTokenForm,
    PasswordResetForm,
    RetentionPeriodForm,
    UserCreateForm,
    UserUpdateForm,
    WijkForm,
)
from .http import HtmxHttpRequest
from .models import User, Wijk
from .paging import paginate

logger = logging.getLogger(__name__)

# Set by a used activation link: this session may register an authenticator.
ENROL_SESSION_KEY = "basisbaan_may_enrol_otp"


@require_GET
@login_not_required
def favicon(request: HtmxHttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: the static file, cached a day."""
    from django.contrib.staticfiles import finders
    from django.http import FileResponse

    icon = open(finders.find("favicon.ico"), "rb")  # noqa: SIM115 (FileResponse closes it)
    response = FileResponse(icon, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@login_not_required
def healthz(request: HtmxHttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers; reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        logger.warning("healthz: database unavailable")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


# Choosing the interface language works before logging in too (Dutch is the default).
set_language = login_not_required(i18n_views.set_language)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        """An address that failed too often over all accounts is locked as a whole."""
        if ip_locked_out(request):
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"by_address": True}, status=429)
        return super().post(request, *args, **kwargs)


# Password reset by e-mail: Django's own views, in Dutch, reachable without logging in. A
# reset does not touch the second factor: logging in afterwards still asks for the code.
@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ActivationForm
    template_name = "registration/password_reset_confirm.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    """The start page: what exists, counted, for what the user's role may see."""
    from candidates import selectors as candidate_selectors

    user = request.user
    today = timezone.localdate()
    context = {
        "wijk_counts": selectors.wijk_counts() if user.has_perm("core.view_wijk") else None,
        "user_counts": selectors.user_counts() if user.has_perm("core.view_user") else None,
        "can_edit_profile": user.has_perm("core.change_municipalityprofile"),
        "caseload": (
            candidate_selectors.caseload_counts(coach=user)
            if user.has_perm("candidates.view_candidate")
            else None
        ),
        "selection_year": today.year,
        "selection": None,
    }
    if user.has_perm("core.view_aggregates"):
        # The year's selection so far: an aggregate over every candidate, kept a few minutes
        # like the overview pages' figures (a national installation takes a quarter second).
        values, computed = page_figures(
            request,
            selection=(
                candidate_selectors.funnel_total,
                {"start": date(today.year, 1, 1), "end": today},
            ),
        )
        context["selection"] = values["selection"]
        context["selection_computed"] = computed
    if user.has_perm("letters.add_councilletter"):
        context.update(_headline_context(request, today))
    if user.has_perm("candidates.view_candidate"):
        headings = worklist.work_list(user=user, on=today)
        context["work_list"] = headings
        context["work_total"] = sum(h.count for h in headings)
        context["today"] = today
    return render(request, "core/home.html", context)


def _headline_context(request: HtmxHttpRequest, today: date) -> dict:
    """For the alderman's staff: the headline figures of this quarter so far next to the
    previous quarter, and the state of the council letter that is due (aggregates only,
    kept a few minutes like the other overview figures)."""
    from basisbaan.letters import figures as letter_figures
    from basisbaan.letters import selectors as letter_selectors

    start, _end = quarter_bounds(today)
    previous = letter_figures.quarter_period(
        *letter_figures.previous_quarter(start.year, (start.month - 1) // 3 + 1)
    )
    values, computed = page_figures(
        request,
        current=(letter_figures.headline_figures, {"start": start, "end": today}),
        previous=(letter_figures.headline_figures, {"start": previous[0], "end": previous[1]}),
    )
    year, quarter, letter = letter_selectors.letter_due(today)
    return {
        **computed,
        "headline": letter_selectors.headline_rows(values["current"], values["previous"]),
        "headline_start": start,
        "headline_previous": previous,
        "letter_due": {"year": year, "quarter": quarter, "letter": letter},
    }


# --- second factor -------------------------------------------------------------------------


WRONG_CODE = gettext_lazy("Deze code klopt niet. Probeer de code die uw app nu toont.")
THROTTLED = gettext_lazy(
    "Te veel verkeerde codes achter elkaar. Wacht een halve minuut en probeer het opnieuw."
)


def _throttled(device: TOTPDevice) -> bool:
    allowed, _details = device.verify_is_allowed()
    return not allowed


def _totp_qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG data URI (no external request, CSP friendly)."""
    svg = segno.make(device.config_url, micro=False).svg_inline(scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request: HtmxHttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code, confirm with a first code."""
    user = request.user
    if user_has_device(user) and not request.user.is_verified():
        return redirect("otp_verify")
    if not request.session.get(ENROL_SESSION_KEY):
        # Knowing the password is not enough to register an authenticator: that takes the
        # one-time activation link from the functional admin.
        return render(request, "account/otp_needs_activation.html", status=403)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if request.method == "POST" and device is not None:
        form = OTPTokenForm(request.POST)
        if form.is_valid():
            if _throttled(device):
                form.add_error("token", str(THROTTLED))
            elif services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
                otp_login(request, device)
                request.session.pop(ENROL_SESSION_KEY, None)
                messages.success(request, _("Tweestapsverificatie is ingesteld."))
                return redirect(settings.LOGIN_REDIRECT_URL)
            else:
                form.add_error("token", str(WRONG_CODE))
    else:
        device = device or services.totp_device_start(user=user)
        form = OTPTokenForm()
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "account/otp_setup.html",
        {"form": form, "qr_data_uri": _totp_qr_svg(device), "secret": secret},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request: HtmxHttpRequest) -> HttpResponse:
    """The second login step: the code from the authenticator app."""
    user = request.user
    if request.user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("otp_setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled(device):
            form.add_error("token", str(THROTTLED))
        elif device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(settings.LOGIN_REDIRECT_URL)
        else:
            form.add_error("token", str(WRONG_CODE))
    return render(request, "account/otp_verify.html", {"form": form})


# --- wijken --------------------------------------------------------------------------------


@require_GET
@permission_required("core.view_wijk", raise_exception=True)
def wijk_list(request: HtmxHttpRequest) -> HttpResponse:
    from placements.selectors import wijk_overview

    show_inactive = request.GET.get("alle") == "1"
    sort = request.GET.get("sorteer", "naam")
    wijken = list(selectors.wijk_list(show_inactive=show_inactive, sort=sort))
    figures = {row.wijk.pk: row for row in wijk_overview(show_inactive=show_inactive)}
    context = {
        "wijken": [(wijk, figures.get(wijk.pk)) for wijk in wijken],
        "show_inactive": show_inactive,
        "sort": sort,
        "can_edit": request.user.has_perm("core.change_wijk"),
        "can_add": request.user.has_perm("core.add_wijk"),
    }
    template = "core/wijk_list.html#results" if request.htmx else "core/wijk_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@permission_required("core.add_wijk", raise_exception=True)
def wijk_create(request: HtmxHttpRequest) -> HttpResponse:
    form = WijkForm(request.POST or None)
    form.fields["version"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            wijk = services.wijk_create(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                active=form.cleaned_data["active"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": wijk.name})
            return redirect("wijk_list")
    return render(request, "core/wijk_form.html", {"form": form, "wijk": None})


@require_http_methods(["GET", "POST"])
@permission_required("core.change_wijk", raise_exception=True)
def wijk_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    wijk = get_object_or_404(Wijk, pk=pk)
    form = WijkForm(request.POST or None, instance=wijk)
    if request.method == "POST" and form.is_valid():
        try:
            services.wijk_update(
                wijk=wijk,
                expected_version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                active=form.cleaned_data["active"],
            )
        except services.StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": wijk.name})
            return redirect("wijk_list")
    return render(request, "core/wijk_form.html", {"form": form, "wijk": wijk})


# --- municipality profile -------------------------------------------------------------------


@require_GET
@permission_required("core.view_municipalityprofile", raise_exception=True)
def profile_detail(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "core/profile_detail.html",
        {
            "profile": selectors.profile_get(),
            "can_edit": request.user.has_perm("core.change_municipalityprofile"),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("core.change_municipalityprofile", raise_exception=True)
def profile_update(request: HtmxHttpRequest) -> HttpResponse:
    profile = selectors.profile_get() or services.profile_get_or_create()
    form = MunicipalityProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in MunicipalityProfileForm.Meta.fields}
        try:
            services.profile_update(
                profile=profile,
                expected_version=form.cleaned_data["version"],
                values=values,
                logo=form.cleaned_data["logo_file"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except services.StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het gemeenteprofiel is opgeslagen."))
            return redirect("profile_detail")
    return render(request, "core/profile_form.html", {"form": form, "profile": profile})


@require_GET
def profile_logo(request: HtmxHttpRequest) -> HttpResponse:
    """The municipality's logo, for every logged-in user (it is public information)."""
    logo = selectors.profile_logo()
    if logo is None:
        return HttpResponse(status=404)
    data, content_type = logo
    return HttpResponse(data, content_type=content_type)


# --- users ---------------------------------------------------------------------------------

USERS_PER_PAGE = 25


@require_GET
@permission_required("core.view_user", raise_exception=True)
def user_list(request: HtmxHttpRequest) -> HttpResponse:
    search = request.GET.get("zoek", "").strip()
    sort = request.GET.get("sorteer", "naam")
    page = paginate(request, selectors.user_list(search=search, sort=sort), default=USERS_PER_PAGE)
    context = {
        "page": page,
        "search": search,
        "sort": sort,
        "can_add": request.user.has_perm("core.add_user"),
    }
    template = "core/user_list.html#results" if request.htmx else "core/user_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@permission_required("core.add_user", raise_exception=True)
def user_create(request: HtmxHttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=None,
                roles=list(form.cleaned_data["roles"]),
                teams=list(form.cleaned_data["teams"]),
                parties=list(form.cleaned_data["parties"]),
                acting_user=request.user,
            )
            token = services.activation_issue(user=user, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het account van %(name)s is aangemaakt.") % {"name": user})
            return _activation_page(request, user, token)
    return render(request, "core/user_form.html", {"form": form, "account": None})


def _activation_page(request: HtmxHttpRequest, user: User, token: str) -> HttpResponse:
    link = request.build_absolute_uri(reverse("activate", args=[token]))
    context = {"account": user, "link": link, "hours": settings.ACTIVATION_HOURS}
    return render(request, "core/activation_issued.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("core.change_user", raise_exception=True)
def user_activation(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A new activation link for an account (first use, a lost phone, a forgotten password
    before the second factor was set up). Earlier links stop working."""
    account = get_object_or_404(User, pk=pk)
    error = None
    if request.method == "POST":
        try:
            token = services.activation_issue(user=account, acting_user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return _activation_page(request, account, token)
    return render(request, "core/activation_confirm.html", {"account": account, "error": error})


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def activate(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The one-time activation link: choose a password, then set up the second factor."""
    activation = services.activation_find(token=token)
    if activation is None:
        return render(request, "account/activation_invalid.html", status=404)
    form = ActivationForm(activation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.activation_use(
                activation=activation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError:
            return render(request, "account/activation_invalid.html", status=404)
        auth_login(request, user, backend="basisbaan.auth.PermissionBackend")
        request.session[ENROL_SESSION_KEY] = True
        return redirect("otp_setup")
    return render(request, "account/activate.html", {"form": form, "account": activation.user})


@require_http_methods(["GET", "POST"])
@permission_required("core.change_user", raise_exception=True)
def user_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    form = UserUpdateForm(request.POST or None, instance=account, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                user=account,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                is_active=form.cleaned_data["is_active"],
                roles=list(form.cleaned_data["roles"]),
                teams=list(form.cleaned_data["teams"]),
                parties=list(form.cleaned_data["parties"]),
            )
        except services.StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Het account van %(name)s is opgeslagen.") % {"name": account}
            )
            return redirect("user_list")
    return render(request, "core/user_form.html", {"form": form, "account": account})


# --- access log ----------------------------------------------------------------------------

ACCESS_LOG_PER_PAGE = 50


@require_GET
@permission_required("core.view_accesslog", raise_exception=True)
def access_log(request: HtmxHttpRequest) -> HttpResponse:
    """Who viewed or exported which personal data; read-only, filtered by user or subject."""
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.access_log_list(
        user_id=filters.get("gebruiker"),
        subject_type=filters.get("soort") or "",
        subject_id=filters.get("nummer"),
    )
    page = paginate(request, entries, default=ACCESS_LOG_PER_PAGE)
    template = "core/access_log.html#results" if request.htmx else "core/access_log.html"
    return render(request, template, {"form": form, "page": page})


# Admin-managed lists, for the policy admin: (label, url name, permission).
REFERENCE_LISTS = [
    (gettext_lazy("Soorten taken"), "tasktype_list", "core.change_tasktype"),
    (
        gettext_lazy("Afwijsredenen"),
        "candidates:exclusionreason_list",
        "candidates.change_exclusionreason",
    ),
    (gettext_lazy("Werkgevers"), "placements:employer_list", "placements.change_employer"),
    (gettext_lazy("Organisaties"), "tasks:organisation_list", "placements.change_organisation"),
    (
        gettext_lazy("Landelijk verzuimpercentage"),
        "placements:national_rates",
        "placements.add_nationalabsencerate",
    ),
    (gettext_lazy("Begeleidende partijen"), "coaching:party_list", "coaching.change_guidanceparty"),
    (gettext_lazy("Welzijnsdomeinen"), "coaching:domain_list", "coaching.change_wellbeingdomain"),
    (
        gettext_lazy("Signaalgrens begeleiding"),
        "coaching:settings",
        "coaching.change_coachingsettings",
    ),
    (gettext_lazy("Kostenparameters"), "finance:parameters", "finance.change_costparameters"),
    (gettext_lazy("Bijdragen"), "finance:contributions", "finance.add_contribution"),
    (gettext_lazy("Budgetten"), "finance:budgets", "finance.add_budget"),
    (gettext_lazy("Financieringsbronnen"), "finance:source_list", "finance.change_fundingsource"),
]


@require_GET
@permission_required("core.change_tasktype", raise_exception=True)
def reference_lists(request: HtmxHttpRequest) -> HttpResponse:
    """The lists a policy admin keeps, in one place."""
    lists = [
        (label, reverse(name))
        for label, name, perm in REFERENCE_LISTS
        if request.user.has_perm(perm)
    ]
    return render(request, "core/reference_lists.html", {"lists": lists})


# --- one's own settings and the work-list badge ----------------------------------------------


@require_http_methods(["GET", "POST"])
def my_settings(request: HtmxHttpRequest) -> HttpResponse:
    """The user's own preferences: the daily work-list e-mail."""
    # An unticked box posts nothing: bind on POST, not on a non-empty POST.
    form = MySettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.my_settings_update(user=request.user, work_digest=form.cleaned_data["work_digest"])
        messages.success(request, _("Uw instellingen zijn opgeslagen."))
        return redirect("my_settings")
    has_work_list = request.user.has_perm("candidates.view_candidate")
    return render(request, "core/my_settings.html", {"form": form, "has_work_list": has_work_list})


@require_GET
@permission_required("candidates.view_candidate", raise_exception=True)
def work_count(request: HtmxHttpRequest) -> HttpResponse:
    """The number on the work list, for the badge in the navigation (loaded after the page,
    so it adds nothing to every page's queries; kept a few minutes like the overview
    figures, while the start page itself always shows the list as it is)."""
    total = figure(worklist.work_total, user_id=request.user.pk, on=timezone.localdate())
    return render(request, "core/_work_count.html", {"work_total": total.value})


@require_http_methods(["GET", "POST"])
@permission_required("core.view_retentionperiod", raise_exception=True)
def retention_settings(request: HtmxHttpRequest) -> HttpResponse:
    """The retention period of each kind of record, with its reason and legal bounds; the
    functional admin may change a period within them."""
    from . import retention

    form = None
    if request.method == "POST":
        if not request.user.has_perm("core.change_retentionperiod"):
            return HttpResponse(status=403)
        form = RetentionPeriodForm(request.POST)
        if form.is_valid() and form.cleaned_data["kind"] in retention.RULES_BY_KIND:
            try:
                retention.period_set(kind=form.cleaned_data["kind"], days=form.cleaned_data["days"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De bewaartermijn is opgeslagen."))
                return redirect("retention")
        elif form.is_valid():
            form.add_error(None, _("Onbekende soort gegevens."))
    context = {
        "periods": retention.periods(),
        "form": form,
        "failed_kind": form.data.get("kind") if form is not None else None,
        "due": retention.purge(dry_run=True),
    }
    return render(request, "core/retention.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("core.erase_person", raise_exception=True)
def erasure(request: HtmxHttpRequest) -> HttpResponse:
    """AVG art. 17: record that a person is to be erased (refused while a retention duty
    applies); the retention job carries it out. The page never shows a name."""
    from . import retention
    from .models import ErasureRequest

    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            retention.erasure_request(
                user=request.user,
                candidate_pk=form.cleaned_data["nummer"],
                ground=form.cleaned_data["ground"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Het verzoek is vastgelegd. De persoon wordt bij de volgende run van de "
                    "bewaartermijnen gewist (elk uur), met de geschiedenis en de toegangslog."
                ),
            )
            return redirect("erasure")
    requests = ErasureRequest.objects.select_related("requested_by").order_by("-pk")[:50]
    return render(request, "core/erasure.html", {"form": form, "requests": requests})
