from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.forms import UtrechtFormMixin, VersionedFormMixin
from candidates.forms import DATE_WIDGET

from .models import CouncilLetter


class NewLetterForm(UtrechtFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 5)],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        previous = (today.month - 1) // 3  # the last completed quarter
        self.initial.setdefault("year", today.year if previous else today.year - 1)
        self.initial.setdefault("quarter", previous or 4)


class LetterHeaderForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CouncilLetter
        fields = ["subject", "addressee", "letter_date"]
        widgets = {"letter_date": DATE_WIDGET}
