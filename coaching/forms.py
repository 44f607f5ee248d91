"""Forms of the coaching app."""

from django import forms
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.forms import PlausibilityMixin, UtrechtFormMixin, VersionedFormMixin
from basisbaan.numbers import normalise_number
from candidates.forms import DATE_WIDGET

from .models import (
    ActionOwner,
    CoachingEntry,
    CoachingKind,
    CoachingSettings,
    GoalDomain,
    GuidanceParty,
    Referral,
    ReferralKind,
    ReferralOutcome,
    WellbeingDomain,
)

MAX_WEEK_MINUTES = 40 * 60
# More coaching than this for one person on one day is checked with the user.
PLAUSIBLE_DAY_MINUTES = 10 * 60


class QuickEntryForm(PlausibilityMixin, UtrechtFormMixin, forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    minutes = forms.IntegerField(label=_("Minuten"), min_value=1, max_value=600)
    kind = forms.ChoiceField(label=_("Soort"), choices=CoachingKind.choices)
    party = forms.ModelChoiceField(
        label=_("Door"),
        queryset=GuidanceParty.objects.none(),
        required=False,
        empty_label=_("mijzelf (coach van de gemeente)"),
    )
    note = forms.CharField(label=_("Notitie"), required=False, max_length=300)
    confidential = forms.BooleanField(
        label=_("Vertrouwelijke notitie"),
        required=False,
        help_text=_("Alleen het eigen team van de deelnemer leest de notitie."),
    )

    def __init__(self, *args, candidate=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["party"].queryset = GuidanceParty.objects.active()
        self.initial.setdefault("date", timezone.localdate())

    def plausibility_warnings(self, data: dict) -> list[tuple[str | None, str]]:
        """Over ten hours of coaching for the person on that day, with what is recorded."""
        day, minutes = data.get("date"), data.get("minutes")
        if self.candidate is None or not day or not minutes:
            return []
        recorded = (
            CoachingEntry.objects.filter(candidate=self.candidate, date=day).aggregate(
                total=Sum("minutes")
            )["total"]
            or 0
        )
        if recorded + minutes > PLAUSIBLE_DAY_MINUTES:
            return [
                (
                    "minutes",
                    _(
                        "Met wat al is vastgelegd wordt dit %(total)s minuten begeleiding op "
                        "één dag, meer dan 10 uur. Klopt dit?"
                    )
                    % {"total": recorded + minutes},
                )
            ]
        return []


class ReferralForm(UtrechtFormMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["kind", "date", "outcome", "contact", "note"]
        widgets = {"date": DATE_WIDGET}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault("kind", ReferralKind.GKB)
        self.initial.setdefault("outcome", ReferralOutcome.OPEN)


class ReferralUpdateForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["outcome", "contact", "note"]


SCORE_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class MeasurementForm(UtrechtFormMixin, forms.Form):
    """A score 1 (zorgelijk) to 5 (goed) per active domain."""

    date = forms.DateField(label=_("Datum van de meting"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Notitie"), required=False, max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.domains = list(WellbeingDomain.objects.active())
        for domain in self.domains:
            self.fields[f"domain_{domain.pk}"] = forms.TypedChoiceField(
                label=domain.name,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = grote zorgen, 5 = gaat goed"),
            )

    def scores(self) -> dict:
        return {d: self.cleaned_data[f"domain_{d.pk}"] for d in self.domains}

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Een meting kan niet in de toekomst liggen."))
        return value


class TimesheetForm(UtrechtFormMixin, forms.Form):
    party = forms.ModelChoiceField(
        label=_("Begeleidende partij"), queryset=GuidanceParty.objects.none()
    )
    file = forms.FileField(
        label=_("Urenstaat"),
        help_text=_("XLSX (het sjabloon) of CSV, hoogstens 2 MB."),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = GuidanceParty.objects.active()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 2 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Kies een XLSX- of CSV-bestand."))
        return upload


class SettingsForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CoachingSettings
        fields = ["review_threshold_hours", "review_weeks"]


def parse_week_cells(post, candidates, kinds) -> tuple[dict, dict, dict]:
    """Read the week grid's cells (name m-<candidate>-<kind>, minutes). Returns the values to
    show again, the cleaned minutes and the errors, all keyed by (candidate_id, kind)."""
    shown, cleaned, errors = {}, {}, {}
    for candidate in candidates:
        for kind in kinds:
            key = (candidate.pk, kind)
            raw = post.get(f"m-{candidate.pk}-{kind}", "").strip()
            shown[key] = raw
            if raw == "":
                cleaned[key] = None
                continue
            try:
                minutes = int(normalise_number(raw))  # "1.200" is twelve hundred
                if not 0 <= minutes <= MAX_WEEK_MINUTES:
                    raise ValueError
            except ValueError:
                errors[key] = _("Vul een heel aantal minuten in, van 0 tot %(max)s.") % {
                    "max": MAX_WEEK_MINUTES
                }
            else:
                cleaned[key] = minutes
    return shown, cleaned, errors


class GoalForm(UtrechtFormMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Onderwerp"), choices=GoalDomain.choices)
    description = forms.CharField(
        label=_("Doel"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "In de woorden van de deelnemer, bijvoorbeeld: “Ik wil mijn schulden op een rij hebben.”"
        ),
    )


class ActionForm(UtrechtFormMixin, forms.Form):
    description = forms.CharField(label=_("Actie"), max_length=300)
    owner = forms.ChoiceField(
        label=_("Wie doet het"), choices=ActionOwner.choices, widget=forms.RadioSelect
    )
    party = forms.ModelChoiceField(
        label=_("Begeleidende partij"),
        queryset=GuidanceParty.objects.none(),
        required=False,
        help_text=_("Alleen als de begeleidende partij de actie doet."),
    )
    due_date = forms.DateField(label=_("Klaar op"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = GuidanceParty.objects.active()


class PlanReviewForm(UtrechtFormMixin, forms.Form):
    reviewed_on = forms.DateField(label=_("Besproken op"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Afspraken"), required=False, max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewed_on", timezone.localdate())


class PartyAssignmentForm(UtrechtFormMixin, forms.Form):
    party = forms.ModelChoiceField(
        label=_("Begeleidende partij"), queryset=GuidanceParty.objects.none()
    )
    start_date = forms.DateField(label=_("Begeleidt vanaf"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = GuidanceParty.objects.active()
        self.initial.setdefault("start_date", timezone.localdate())
