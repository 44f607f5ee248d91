"""Numbers and amounts in Dutch notation, whatever the browser's locale (issue #14).

Every number field of every form (`UtrechtFormMixin`) is a text box with `DutchNumberInput`:
what the user types or pastes is read here before the field validates it, and the value is
shown back the same way ("28.450,50"). Reading, in order:

- both a point and a comma: the last one is the decimal separator ("1.234,56" and, pasted
  from an English spreadsheet, "1,234.56");
- only commas: one is the decimal comma ("28450,50"); several are thousands ("1,234,567");
- only points: several, or one followed by exactly three digits, are thousands ("28.450",
  "1.234.567"); otherwise the point is a decimal point ("1234.56", "12.5").

Spaces (also non-breaking ones), a euro sign and a leading plus are ignored. A text that is
not a number after this is passed on as it is, so the field says it is not a number.
"""

import re
from decimal import Decimal

from django import forms
from django.utils.formats import number_format

_THOUSANDS_ONLY = re.compile(r"-?\d{1,3}(\.\d{3})+")
_STRIP = str.maketrans("", "", " \u00a0\u202f€")


def normalise_number(text: str) -> str:
    """`text` as Python reads a number ("1234.56"), or unchanged when it is no number."""
    value = text.translate(_STRIP)
    if value.startswith("+"):
        value = value[1:]
    if not value:
        return text.strip()
    if "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    elif "," in value:
        value = value.replace(",", "") if value.count(",") > 1 else value.replace(",", ".")
    elif "." in value and _THOUSANDS_ONLY.fullmatch(value):
        value = value.replace(".", "")
    if re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", value):
        return value
    return text.strip()


def format_number(value, *, grouping: bool = True) -> str:
    """A number as it is written in Dutch: "28.450,50" (no grouping for years and counts)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value  # what the user typed, shown back as typed
    return number_format(value, use_l10n=True, force_grouping=grouping)


class DutchNumberInput(forms.TextInput):
    """A text box for a number in Dutch notation: read on the server, not by the browser."""

    def __init__(self, attrs=None, *, decimal: bool = True, grouping: bool = True) -> None:
        attrs = {"inputmode": "decimal" if decimal else "numeric", **(attrs or {})}
        attrs.setdefault("autocomplete", "off")
        super().__init__(attrs)
        self.grouping = grouping

    def format_value(self, value):
        if isinstance(value, int | float | Decimal):
            return format_number(value, grouping=self.grouping)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalise_number(value) if isinstance(value, str) else value


def dutch_number_widgets(form: forms.BaseForm) -> None:
    """Gives every visible number field of `form` a `DutchNumberInput` (keeping its attrs)."""
    for field in form.fields.values():
        widget = field.widget
        if not isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            continue
        if widget.is_hidden or not isinstance(widget, forms.NumberInput | forms.TextInput):
            continue
        attrs = {k: v for k, v in widget.attrs.items() if k not in {"min", "max", "step"}}
        # (A DecimalField is an IntegerField to Python: ask for the decimal kinds.)
        decimal = isinstance(field, forms.DecimalField | forms.FloatField)
        field.widget = DutchNumberInput(attrs, decimal=decimal, grouping=decimal)
        field.localize = False
