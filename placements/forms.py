"""Forms of the placements app (NL Design System markup through the form renderer)."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from basisbaan.forms import PlausibilityMixin, UtrechtFormMixin, VersionedFormMixin
from basisbaan.models import TaskType, Wijk
from basisbaan.numbers import format_number
from candidates.forms import DATE_WIDGET

from . import selectors
from .models import (
    ContractKind,
    DisplacementCheck,
    Employer,
    EndReason,
    Milestone,
    Organisation,
    Task,
)

HOURS = {"max_digits": 4, "decimal_places": 1, "min_value": 1, "max_value": 40}
# Contract hours below this are possible (the database allows 1 to 40) but unusual for a
# basisbaan: checked with the user.
PLAUSIBLE_MIN_CONTRACT_HOURS = 8
# An absence spell longer than this (two years: the end of the Wet Poortwachter period) is
# checked with the user.
PLAUSIBLE_MAX_ABSENCE_DAYS = 730


class ContractHoursPlausibility(PlausibilityMixin):
    """Contract hours under 8 a week: possible, but more often a typing mistake."""

    def plausibility_warnings(self, data: dict) -> list[tuple[str | None, str]]:
        hours = data.get("hours_per_week")
        if hours is not None and hours < PLAUSIBLE_MIN_CONTRACT_HOURS:
            return [
                (
                    "hours_per_week",
                    _(
                        "%(hours)s uur per week is minder dan %(min)s: ongebruikelijk voor een "
                        "basisbaan. Klopt dit?"
                    )
                    % {"hours": format_number(hours), "min": PLAUSIBLE_MIN_CONTRACT_HOURS},
                )
            ]
        return []


class OrganisationForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "wijk",
            "contact_name",
            "contact_phone",
            "contact_email",
            "active",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False


class TaskForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "organisation",
            "wijk",
            "task_type",
            "description",
            "hours_per_week",
            "places",
            "physical_demand",
            "schedule",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "physical_demand": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)
        self.fields["wijk"].queryset = Wijk.objects.active()
        self.fields["task_type"].queryset = TaskType.objects.active()


class DisplacementCheckForm(UtrechtFormMixin, forms.ModelForm):
    class Meta:
        model = DisplacementCheck
        fields = ["checked_on", "no_displacement", "note"]
        widgets = {"checked_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("checked_on", timezone.localdate())


TASK_STATUS = [
    ("", _("actieve taken")),
    ("vrij", _("met vrije plaatsen")),
    ("toets", _("toets nodig")),
    ("inactief", _("niet meer actief")),
    ("alle", _("alle")),
]


class TaskFilterForm(UtrechtFormMixin, forms.Form):
    mark_optional = False
    wijk = forms.ModelChoiceField(
        label=_("Wijk"), queryset=Wijk.objects.all(), required=False, empty_label=_("alle")
    )
    soort = forms.ModelChoiceField(
        label=_("Soort taak"),
        queryset=TaskType.objects.all(),
        required=False,
        empty_label=_("alle"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=TASK_STATUS, required=False)
    zoek = forms.CharField(
        label=_("Zoek in taak of organisatie"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sorteer = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[
            ("wijk", _("wijk")),
            ("taak", _("taak")),
            ("vrij", _("meeste vrije plaatsen")),
        ],
    )


class PlacementForm(ContractHoursPlausibility, UtrechtFormMixin, forms.Form):
    employer = forms.ModelChoiceField(label=_("Werkgever"), queryset=Employer.objects.active())
    primary_wijk = forms.ModelChoiceField(label=_("Hoofdwijk"), queryset=Wijk.objects.active())
    start_date = forms.DateField(label=_("In dienst per"), widget=DATE_WIDGET)
    contract_kind = forms.ChoiceField(
        label=_("Eerste contract"),
        choices=ContractKind.choices,
        widget=forms.RadioSelect,
        initial=ContractKind.FIXED,
    )
    contract_end = forms.DateField(
        label=_("Einddatum contract"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Alleen bij bepaalde tijd."),
    )
    hours_per_week = forms.DecimalField(label=_("Contracturen per week"), initial=32, **HOURS)

    def clean(self):
        data = super().clean()
        kind, end, start = (
            data.get("contract_kind"),
            data.get("contract_end"),
            data.get("start_date"),
        )
        if kind == ContractKind.FIXED and not end:
            self.add_error(
                "contract_end", _("Een contract voor bepaalde tijd heeft een einddatum.")
            )
        if end and start and end < start:
            self.add_error("contract_end", _("De einddatum ligt vóór de begindatum."))
        return data


class AssignmentRowForm(UtrechtFormMixin, forms.Form):
    mark_optional = False
    task = forms.ModelChoiceField(label=_("Taak"), queryset=Task.objects.none(), required=False)
    hours_per_week = forms.DecimalField(label=_("Uren per week"), required=False, **HOURS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = selectors.assignable_tasks()

    def clean(self):
        data = super().clean()
        if data.get("task") and not data.get("hours_per_week"):
            self.add_error("hours_per_week", _("Vul de uren voor deze taak in."))
        if data.get("hours_per_week") and not data.get("task"):
            self.add_error("task", _("Kies een taak bij deze uren."))
        return data


AssignmentFormSet = forms.formset_factory(AssignmentRowForm, extra=3, max_num=6)


class RenewForm(ContractHoursPlausibility, UtrechtFormMixin, forms.Form):
    start_date = forms.DateField(label=_("Nieuw contract vanaf"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Tot en met"), widget=DATE_WIDGET)
    hours_per_week = forms.DecimalField(
        label=_("Contracturen per week"),
        required=False,
        help_text=_("Leeg: de uren blijven gelijk."),
        **HOURS,
    )
    confirm_chain_rule = forms.BooleanField(
        label=_("Ik weet dat deze verlenging de ketenregeling doorbreekt en wil toch verlengen."),
        required=False,
    )


class ConvertForm(ContractHoursPlausibility, UtrechtFormMixin, forms.Form):
    start_date = forms.DateField(label=_("Vast contract vanaf"), widget=DATE_WIDGET)
    hours_per_week = forms.DecimalField(
        label=_("Contracturen per week"),
        required=False,
        help_text=_("Leeg: de uren blijven gelijk."),
        **HOURS,
    )


class HoursChangeForm(ContractHoursPlausibility, UtrechtFormMixin, forms.Form):
    valid_from = forms.DateField(label=_("Met ingang van"), widget=DATE_WIDGET)
    hours_per_week = forms.DecimalField(label=_("Nieuwe contracturen per week"), **HOURS)


class EndForm(UtrechtFormMixin, forms.Form):
    end_date = forms.DateField(label=_("Laatste dag in dienst"), widget=DATE_WIDGET)
    reason = forms.ChoiceField(
        label=_("Reden"), choices=EndReason.choices, widget=forms.RadioSelect
    )


class AssignmentForm(UtrechtFormMixin, forms.Form):
    task = forms.ModelChoiceField(label=_("Taak"), queryset=Task.objects.none())
    hours_per_week = forms.DecimalField(label=_("Uren per week"), **HOURS)
    start_date = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = selectors.assignable_tasks()


class AssignmentEndForm(UtrechtFormMixin, forms.Form):
    end_date = forms.DateField(label=_("Laatste dag van deze taak"), widget=DATE_WIDGET)


class SickReportForm(PlausibilityMixin, UtrechtFormMixin, forms.Form):
    first_day = forms.DateField(label=_("Eerste ziektedag"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Opmerking"),
        required=False,
        max_length=200,
        help_text=_("Geen medische gegevens: alleen wat nodig is voor de planning."),
    )

    def plausibility_warnings(self, data: dict) -> list[tuple[str | None, str]]:
        first_day = data.get("first_day")
        if first_day and (timezone.localdate() - first_day).days > PLAUSIBLE_MAX_ABSENCE_DAYS:
            return [
                (
                    "first_day",
                    _(
                        "Deze ziekmelding begint meer dan twee jaar geleden. Klopt de eerste "
                        "ziektedag?"
                    ),
                )
            ]
        return []


class RecoveryStepForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    from_date = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET)
    incapacity_percent = forms.IntegerField(
        label=_("Nog arbeidsongeschikt (%)"),
        min_value=1,
        max_value=100,
        help_text=_("Bijvoorbeeld 50 als de deelnemer de helft van de uren werkt."),
    )


class RecoverForm(PlausibilityMixin, UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    recovered_on = forms.DateField(
        label=_("Volledig hersteld per"),
        widget=DATE_WIDGET,
        help_text=_("De eerste dag weer volledig aan het werk."),
    )

    def __init__(self, *args, first_day=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.first_day = first_day

    def plausibility_warnings(self, data: dict) -> list[tuple[str | None, str]]:
        recovered = data.get("recovered_on")
        too_long = (
            self.first_day
            and recovered
            and (recovered - self.first_day).days > PLAUSIBLE_MAX_ABSENCE_DAYS
        )
        if too_long:
            return [
                (
                    "recovered_on",
                    _(
                        "Dit verzuim duurde dan meer dan twee jaar (vanaf %(first)s). "
                        "Klopt de datum van herstel?"
                    )
                    % {"first": date_format(self.first_day, "j F Y")},
                )
            ]
        return []


class MilestoneDoneForm(UtrechtFormMixin, forms.Form):
    """A Poortwachter step done (the step is chosen by its button)."""

    milestone = forms.ChoiceField(choices=Milestone.choices, widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Gedaan op"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done_on", timezone.localdate())


class NationalRateForm(UtrechtFormMixin, forms.Form):
    start = forms.DateField(label=_("Van"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Tot en met"), widget=DATE_WIDGET)
    rate = forms.DecimalField(
        label=_("Verzuimpercentage"), max_digits=4, decimal_places=1, min_value=0, max_value=100
    )
    source = forms.CharField(label=_("Bron"), max_length=200, initial="CBS")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Het einde van de periode ligt vóór het begin."))
        return data


class PlacementSearchForm(UtrechtFormMixin, forms.Form):
    mark_optional = False
    zoek = forms.CharField(
        label=_("Zoek op naam van deelnemer of werkgever"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
