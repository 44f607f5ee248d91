"""Log-in hardening around django-axes (one spelling of a username, and a lock per address),
and the permission backend."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, Sum
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


class PermissionBackend(ModelBackend):
    """Django's ModelBackend, reading a user's permissions (their own and those of their
    roles) in one query instead of two. Every page asks at least once: the view's own
    check, then the navigation, which shows what the user may use."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                perms = Permission.objects.all()
            else:
                own = user_obj.user_permissions.through.objects.filter(user_id=user_obj.pk)
                roles = Group.permissions.through.objects.filter(group__user=user_obj)
                perms = Permission.objects.filter(
                    Q(pk__in=own.values("permission_id")) | Q(pk__in=roles.values("permission_id"))
                )
            rows = perms.values_list("content_type__app_label", "codename").order_by()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
