"""Forms of the finance app."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.forms import PeriodForm as BasePeriodForm
from basisbaan.forms import UtrechtFormMixin, VersionedFormMixin
from candidates.forms import DATE_WIDGET
from placements.models import Organisation

from .models import Contribution, CostParameters, FundingSource


class CostParametersForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
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
