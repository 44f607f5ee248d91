"""Log-in hardening around django-axes: one spelling of a username, and a lock per address."""

from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

# E-mail addresses are at most 254 characters; axes stores the username in 255.
MAX_USERNAME = 254


def normalise_username(value: str | None) -> str:
    """The e-mail address as the account stores it: log-in ignores case and surrounding
    spaces, so the lock-out must too, or `COACH@...` gets five fresh tries. Cut to the
    longest possible address (a 100,000-character username was a 500)."""
    return (value or "").strip().lower()[:MAX_USERNAME]


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised username of a login attempt."""
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return normalise_username(raw)


def ip_locked_out(request: HttpRequest) -> bool:
    """An address with AXES_IP_FAILURE_LIMIT failed logins (any usernames together) within
    the cool-off time is locked as a whole: guessing many accounts from one place stops.

    Higher than the per-account limit, because a town hall's staff share one address."""
    from axes.helpers import get_client_ip_address
    from axes.models import AccessAttempt

    ip = get_client_ip_address(request)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.AXES_IP_FAILURE_LIMIT
