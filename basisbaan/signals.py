"""Signal receivers of the core app."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

LOGIN_AT_SESSION_KEY = "basisbaan_login_at"


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs) -> None:
    """Store when the session began, for the absolute session limit."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = timezone.now().timestamp()
