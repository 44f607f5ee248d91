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
        fields = ["subject", "addressee", "letter_date", "reference", "handled_by", "attachments"]
        widgets = {"letter_date": DATE_WIDGET}


class NewSectionForm(UtrechtFormMixin, forms.Form):
    """A free section: its title and where it goes (after which section). Adding, moving
    and removing a section apply to the letter as it is now (they overwrite no one's
    text), so these forms carry no version."""

    title = forms.CharField(label=_("Titel van het onderdeel"), max_length=120)
    after = forms.ChoiceField(label=_("Plaats het na"))

    def __init__(self, *args, letter: CouncilLetter, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        outline = letter.outline()
        self.fields["after"].choices = [(key, title) for key, title, _free in outline]
        # By default before the closing section ("Vervolg"), after the reflection.
        keys = [key for key, _title, _free in outline]
        self.initial.setdefault("after", keys[-2] if len(keys) > 1 else keys[-1])
