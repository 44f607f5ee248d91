"""Forms of the candidates app (rendered in NL Design System markup)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.forms import UtrechtFormMixin, VersionedFormMixin
from basisbaan.models import TaskType, Team, Wijk

from .models import (
    Candidate,
    CandidateStatus,
    Confidentiality,
    DocumentKind,
    ExclusionReason,
    IntakeConversation,
    PriorInstrument,
    Topic,
)
from .selectors import coaches

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CandidateForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    # Longer than 9 so that "1234.56.782" or "123 456 782" can be typed; clean_bsn strips.
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=13,
        help_text=_("9 cijfers. Wordt gecontroleerd met de elfproef."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Candidate
        fields = [
            "bsn",
            "first_name",
            "last_name",
            "date_of_birth",
            "gender",
            "household",
            "number_of_children",
            "home_wijk",
            "on_assistance_since",
            "referral_source",
            "team",
            "coach",
            "registered_on",
            "preferred_task_types",
            "available_hours",
            "physical_capacity",
            "wijken_within_reach",
        ]
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "on_assistance_since": DATE_WIDGET,
            "registered_on": DATE_WIDGET,
            "gender": forms.RadioSelect,
            "household": forms.RadioSelect,
            "physical_capacity": forms.RadioSelect,
            "preferred_task_types": forms.CheckboxSelectMultiple,
            "wijken_within_reach": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
        self.fields["team"].required = True
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["home_wijk"].queryset = Wijk.objects.active()
        self.fields["wijken_within_reach"].queryset = Wijk.objects.active()
        self.fields["preferred_task_types"].queryset = TaskType.objects.active()
        self.fields["coach"].queryset = coaches()
        self.fields["coach"].empty_label = _("nog geen coach")

    def clean_bsn(self) -> str:
        return "".join(ch for ch in self.cleaned_data["bsn"] if not ch.isspace() and ch != ".")


class PriorInstrumentForm(UtrechtFormMixin, forms.ModelForm):
    class Meta:
        model = PriorInstrument
        fields = ["kind", "start_date", "end_date", "led_to_paid_work", "note"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}


class ConversationForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Besproken onderwerpen"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Vink aan wat u hebt besproken. De financiële onderwerpen vormen samen de "
            "armoedeval-check: gaat de kandidaat er met de basisbaan op vooruit?"
        ),
    )

    class Meta:
        model = IntakeConversation
        fields = ["date", "duration_minutes", "kind", "topics", "notes", "confidential"]
        widgets = {"date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
            if not self.is_bound:
                self.initial.setdefault("date", timezone.localdate())


class DecisionForm(UtrechtFormMixin, forms.ModelForm):
    # The latest decision when the form was opened (0: none). A decision recorded by someone
    # else in the meantime makes this one stale (optimistic locking on the decision list).
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        from .models import SelectionDecision

        model = SelectionDecision
        fields = ["outcome", "exclusion_reason", "decided_on", "motivation"]
        widgets = {
            "outcome": forms.RadioSelect,
            "decided_on": DATE_WIDGET,
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "exclusion_reason": _("Verplicht bij afwijzen of terugtrekken."),
            "motivation": _(
                "Verplicht bij afwijzen of terugtrekken, en bij plaatsen als de kandidaat niet "
                "aan de richtlijn voldoet."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exclusion_reason"].queryset = ExclusionReason.objects.active()
        self.fields["exclusion_reason"].empty_label = _("geen (bij plaatsen)")
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())

    def _post_clean(self) -> None:
        """Validation of the decision as a whole happens in the service, which knows the
        guideline result; here only the fields themselves are checked."""


GUIDELINE_CHOICES = [("", _("alle")), ("ja", _("voldoet")), ("nee", _("voldoet niet"))]


class CandidateFilterForm(UtrechtFormMixin, forms.Form):
    """The list filters (GET: bookmarkable). Names and BSNs are searched by POST instead."""

    mark_optional = False

    coach = forms.ChoiceField(label=_("Coach"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle"))] + CandidateStatus.choices
    )
    wijk = forms.ModelChoiceField(
        label=_("Woonwijk"), required=False, queryset=Wijk.objects.all(), empty_label=_("alle")
    )
    richtlijn = forms.ChoiceField(label=_("Richtlijn"), required=False, choices=GUIDELINE_CHOICES)

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("mij", _("mijn caseload")),
            ("alle", _("alle coaches")),
            ("geen", _("zonder coach")),
        ]
        # Names only, not a model instance per coach (over a thousand nationally).
        others = coaches().exclude(pk=getattr(user, "pk", None))
        choices += [(str(pk), name) for pk, name in others.values_list("pk", "full_name")]
        self.fields["coach"].choices = choices


class CandidateSearchForm(UtrechtFormMixin, forms.Form):
    mark_optional = False

    zoek = forms.CharField(label=_("Naam"), required=False, max_length=100)
    bsn = forms.CharField(
        label=_("BSN (exact)"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_bsn(self) -> str:
        value = "".join(ch for ch in self.cleaned_data["bsn"] if ch.isdigit())
        if self.cleaned_data["bsn"] and len(value) != 9:
            raise forms.ValidationError(_("Een BSN heeft 9 cijfers."))
        return value


class FunnelPeriodForm(UtrechtFormMixin, forms.Form):
    mark_optional = False

    van = forms.DateField(label=_("Van"), required=False, widget=DATE_WIDGET)
    tot_en_met = forms.DateField(label=_("Tot en met"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot_en_met")
        if start and end and end < start:
            self.add_error("tot_en_met", _("Het einde van de periode ligt vóór het begin."))
        return data


class BreakGlassForm(UtrechtFormMixin, forms.Form):
    """The reason for opening a dossier outside one's own teams (doorbraak)."""

    reden = forms.CharField(
        label=_("Reden"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld: collega is ziek en de kandidaat belt over het contract. De reden "
            "wordt vastgelegd en is zichtbaar voor de functioneel beheerder."
        ),
    )


class DocumentForm(UtrechtFormMixin, forms.Form):
    """A document for the dossier; its type is checked from its content by the service."""

    upload = forms.FileField(
        label=_("Bestand"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods,"
                "application/pdf,image/png,image/jpeg"
            }
        ),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort document"), choices=DocumentKind.choices)
    confidentiality = forms.ChoiceField(
        label=_("Wie mag het lezen"),
        choices=Confidentiality.choices,
        initial=Confidentiality.TEAM,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = _(
            "PDF, foto (PNG of JPEG), Word, Excel of OpenDocument; hoogstens %(mb)s MB."
        ) % {"mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
