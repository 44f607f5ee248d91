"""Request typing and small view helpers shared by the apps."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class HtmxHttpRequest(HttpRequest):
    """A request after HtmxMiddleware and login: `request.htmx` and a real `User`."""

    htmx: HtmxDetails
    user: User  # type: ignore[assignment]
