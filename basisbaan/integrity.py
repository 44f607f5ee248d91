"""Database constraint violations a user can provoke (two people saving at once) become a
clear Dutch message beside the field, never a 500 and never a log line with the values.

Every service is decorated with `atomic_service` instead of `transaction.atomic`.
"""

import functools
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

# constraint name (or a fragment of it) -> (form field or None, message)
CONSTRAINT_MESSAGES: list[tuple[str, str | None, str]] = [
    (
        "bsn",
        "bsn",
        _(
            "Dit BSN is al geregistreerd. Neem contact op met de functioneel beheerder "
            "als u denkt dat dit niet klopt."
        ),
    ),
    ("user_email", "email", _("Er bestaat al een account met dit e-mailadres.")),
    ("email_key", "email", _("Er bestaat al een account met dit e-mailadres.")),
    (
        "contract_no_overlap",
        None,
        _(
            "Dit contract overlapt met een ander contract van dit dienstverband. Misschien is "
            "het zojuist door iemand anders vastgelegd: open het dienstverband opnieuw."
        ),
    ),
    (
        "placement_one_at_a_time",
        None,
        _("Deze persoon heeft in deze periode al een dienstverband."),
    ),
    ("hours_one_per_day", None, _("Op deze datum is al een urenwijziging vastgelegd.")),
    ("sickreport_no_overlap", None, _("Er loopt in deze periode al een ziekmelding.")),
    ("step_one_per_day", None, _("Op deze datum is al een herstelstap vastgelegd.")),
    ("measurement_one_per_day", None, _("Op deze datum is al een meting vastgelegd.")),
    ("name", "name", _("Deze naam bestaat al.")),
]
DEFAULT_MESSAGE = _(
    "Dit kon niet worden opgeslagen: het botst met gegevens die intussen zijn vastgelegd, "
    "misschien door iemand anders. Open de pagina opnieuw en controleer de gegevens."
)


def constraint_name(exc: IntegrityError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or ""


def validation_error_for(exc: IntegrityError) -> ValidationError:
    name = constraint_name(exc)
    for fragment, field, message in CONSTRAINT_MESSAGES:
        if fragment in name:
            return ValidationError({field: message} if field else message)
    return ValidationError(DEFAULT_MESSAGE)


def atomic_service[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic`, plus: a constraint violation rolls back and is raised as a
    ValidationError with a Dutch message. The database's own text (which names the values,
    e.g. a BSN) is dropped, also from the exception chain."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except IntegrityError as exc:
            raise validation_error_for(exc) from None

    return wrapper
