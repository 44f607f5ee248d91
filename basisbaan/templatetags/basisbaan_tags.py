from django import template

from basisbaan.roles import ROLE_LABELS

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    """The Dutch label of a role (group) name."""
    return str(ROLE_LABELS.get(group_name, group_name))


SMALL_NUMBER_LIMIT = 3


@register.filter
def small(count: int | None) -> str | int:
    """The small-number rule: a count of 1 or 2 for a combination of characteristics is shown
    as "< 3" so that no person can be recognised (0 and 3+ are shown as they are)."""
    if count is None:
        return "—"
    return f"< {SMALL_NUMBER_LIMIT}" if 0 < count < SMALL_NUMBER_LIMIT else count


@register.filter
def percent(value) -> str:
    """A share in percent with one decimal in Dutch notation ("33,3%"); "—" when undefined."""
    if value is None:
        return "—"
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
