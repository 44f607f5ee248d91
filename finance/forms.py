"""Forms of the finance app."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.forms import PeriodForm as BasePeriodForm
from basisbaan.forms import (
    PlausibilityMixin,
    UtrechtFormMixin,
    VersionedFormMixin,
    percent_change,
)
from basisbaan.numbers import format_number
from candidates.forms import DATE_WIDGET
from placements.models import Organisation

from .models import Contribution, CostParameters, FundingSource

# A cost parameter changing more than this from the previous year is checked with the user.
PLAUSIBLE_YEARLY_CHANGE = 25


class CostParametersForm(PlausibilityMixin, UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CostParameters
        fields = [
            "year",
            "target_participants",
            "reference_hours",
            "wage_cost",
            "employer_fee",
            "guidance_first_year",
            "guidance_later_years",
            "municipal_coaching",
            "offset",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
        else:
            self.fields["year"].disabled = True

    def plausibility_warnings(self, data: dict) -> list[tuple[str | None, str]]:
        """Each amount, the reference hours and the target more than 25 % up or down from
        the nearest earlier year's parameters."""
        year = data.get("year") or self.instance.year
        previous = (
            CostParameters.objects.filter(year__lt=year).order_by("-year").first() if year else None
        )
        if previous is None:
            return []
        warnings = []
        for name in self._meta.fields:
            if name == "year":
                continue
            old, new = getattr(previous, name), data.get(name)
            change = percent_change(new, old)
            if change is not None and abs(change) > PLAUSIBLE_YEARLY_CHANGE:
                warnings.append(
                    (
                        name,
                        _(
                            "%(change)s ten opzichte van %(year)s (%(old)s): meer dan "
                            "%(limit)s %% verschil. Klopt deze waarde?"
                        )
                        % {
                            "change": f"{change:+.0f} %".replace("+", "+ ").replace("-", "− "),
                            "year": previous.year,
                            "old": format_number(old),
                            "limit": PLAUSIBLE_YEARLY_CHANGE,
                        },
                    )
                )
        return warnings


class ContributionForm(UtrechtFormMixin, forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["organisation", "date", "amount", "note"]
        widgets = {"date": DATE_WIDGET}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)
        self.initial.setdefault("date", timezone.localdate())


class BudgetForm(UtrechtFormMixin, forms.Form):
    """Sets a source's budget for a year; an existing amount is replaced."""

    source = forms.ModelChoiceField(
        label=_("Financieringsbron"), queryset=FundingSource.objects.none()
    )
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Bedrag"), max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Toelichting"), max_length=200, required=False)
    # The version of the budget the user started from (0: there was none): optimistic lock.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FundingSource.objects.active()
        self.initial.setdefault("year", timezone.localdate().year)


class PeriodForm(BasePeriodForm):
    """The reporting period plus the budget year for the budget and forecast."""

    jaar = forms.IntegerField(label=_("Begrotingsjaar"), min_value=2000, max_value=2100)
