from django import template

from basisbaan import disclosure
from basisbaan.roles import ROLE_LABELS

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    """The Dutch label of a role (group) name."""
    return str(ROLE_LABELS.get(group_name, group_name))


@register.filter
def count(value) -> str:
    """A published count in Dutch notation (12.543); a count hidden by the small-number rule
    ("< 3", "x", see `basisbaan.disclosure`) as it is; "—" when there is none."""
    if value is None or value == "":
        return "—"
    if disclosure.is_hidden(value):
        return value
    from django.utils.formats import number_format

    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def percent(value) -> str:
    """A share in percent with one decimal in Dutch notation ("33,3%"); "—" when undefined."""
    if value is None:
        return "—"
    if disclosure.is_hidden(value):
        return value
    from django.template.defaultfilters import floatformat

    return f"{floatformat(value, 1)}%"


@register.filter
def euro(value, decimals: int = 0) -> str:
    """Money in Dutch notation: EUR 27.387 (rounded only here, for display); "−" for minus."""
    from decimal import ROUND_HALF_UP, Decimal

    from django.utils.formats import number_format

    if value is None or value == "":
        return "—"
    # Round first: Django's number formatting truncates surplus decimals.
    amount = Decimal(value).quantize(Decimal(1).scaleb(-int(decimals)), ROUND_HALF_UP)
    text = number_format(abs(amount), decimal_pos=int(decimals), use_l10n=True, force_grouping=True)
    return f"−EUR {text}" if amount < 0 and text.strip("0,.") else f"EUR {text}"


@register.filter
def isodate(value):
    """A date stored as an ISO string (in a frozen snapshot) back to a date."""
    from datetime import date

    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return value


@register.filter
def decimal(value, decimals: int = 1) -> str:
    """A figure with a fixed number of decimals in Dutch notation (1.234,5), rounded half up;
    "—" when there is none."""
    from decimal import ROUND_HALF_UP, Decimal

    from django.utils.formats import number_format

    if value is None or value == "":
        return "—"
    if disclosure.is_hidden(value):
        return value
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(decimals)), ROUND_HALF_UP)
    return number_format(amount, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def money(value, sign: str = "") -> str:
    """Whole euros with the euro sign as in a council letter: "€ 28.000"; with sign "-" the
    amount is a deduction and printed negative ("−€ 14.000"; nothing to deduct: "€ 0")."""
    from decimal import Decimal

    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    if sign == "-":
        amount = -amount
    text = decimal(abs(amount), 0)
    return f"−€ {text}" if amount < 0 and text != "0" else f"€ {text}"
