from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.forms import UtrechtFormMixin

from .reader import MAX_BYTES, REF_LABELS, Lookups, Recognition
from .schema import SHEETS, SHEETS_BY_KEY


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(UtrechtFormMixin, forms.Form):
    files = MultipleFileField(
        label=_("Werkmap"),
        help_text=_(
            "Eén XLSX-werkmap met een blad per soort gegevens, of een CSV-bestand per blad "
            "(de bestandsnaam is de bladnaam). Hoogstens 10 MB per bestand en 20.000 regels."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > len(SHEETS):
            raise forms.ValidationError(_("Kies hoogstens één bestand per blad."))
        for upload in files:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is groter dan 10 MB.") % {"name": upload.name[:100]}
                )
            if not upload.name.lower().endswith((".xlsx", ".csv")):
                raise forms.ValidationError(_("Kies XLSX- of CSV-bestanden."))
        return files


IGNORE = "-"


class ColumnMappingForm(UtrechtFormMixin, forms.Form):
    """For every sheet name and column header we do not know: which of ours it is. Field
    names are positions, never the municipality's own text."""

    mark_optional = False

    def __init__(self, *args, recognition: Recognition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.targets: dict[str, tuple] = {}
        self.known: dict[str, set[str]] = {}  # per sheet, the columns already recognised
        sheet_choices = [("", _("— kies —"))] + [(s.key, s.title) for s in SHEETS]
        for i, match in enumerate(recognition.matches):
            if match.sheet is None:
                name = f"sheet_{i}"
                self.fields[name] = forms.ChoiceField(
                    label=_("Blad ‘%(title)s’ is") % {"title": match.title}, choices=sheet_choices
                )
                self.targets[name] = ("sheet", match.title)
                continue
            columns = [("", _("— kies —")), (IGNORE, _("negeren"))] + [
                (c.key, c.header) for c in match.sheet.columns
            ]
            for j, header in enumerate(match.unknown):
                name = f"column_{i}_{j}"
                self.fields[name] = forms.ChoiceField(
                    label=_("Kolom ‘%(header)s’ in blad ‘%(title)s’ is")
                    % {"header": header, "title": match.title},
                    choices=columns,
                )
                self.targets[name] = ("column", match.sheet.key, header)
            self.known[match.sheet.key] = set(match.columns.values())
        self.missing = [
            (match.title, column.header)
            for match in recognition.matches
            if match.sheet is not None and not match.unknown
            for column in match.missing
        ]

    def mapping(self) -> dict:
        sheets: dict[str, str] = {}
        columns: dict[str, dict[str, str]] = {}
        for name, target in self.targets.items():
            chosen = self.cleaned_data[name]
            if target[0] == "sheet":
                sheets[target[1]] = chosen
            else:
                columns.setdefault(target[1], {})[target[2]] = chosen
        return {"sheets": sheets, "columns": columns}

    def clean(self):
        cleaned = super().clean()
        taken = {sheet: set(keys) for sheet, keys in self.known.items()}
        for name, target in self.targets.items():
            chosen = cleaned.get(name)
            if target[0] == "sheet":
                if chosen not in SHEETS_BY_KEY:
                    self.add_error(name, _("Kies welk blad dit is."))
            elif chosen and chosen != IGNORE:
                if chosen in taken.setdefault(target[1], set()):
                    self.add_error(
                        name, _("Een andere kolom van dit blad is dit al. Kies iets anders.")
                    )
                taken[target[1]].add(chosen)
        return cleaned


def _domain_choices(domain: str, lookups: Lookups) -> list[tuple[str, str]]:
    kind, _sep, name = domain.partition(":")
    if kind == "bool":
        return [("ja", _("ja")), ("nee", _("nee"))]
    if kind == "choice":
        for sheet in SHEETS:
            for column in sheet.columns:
                if column.domain == domain:
                    return list(column.choices.choices)
    if kind == "ref":
        return [(n, n) for n in lookups.names(name)]
    return []


DOMAIN_LABELS = {"bool": _("ja of nee"), **{f"ref:{k}": v for k, v in REF_LABELS.items()}}


class ValueMappingForm(UtrechtFormMixin, forms.Form):
    """For every value the dry run did not know: which of ours it means."""

    mark_optional = False

    def __init__(self, *args, unknown: dict[str, list[str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        lookups = Lookups()
        self.targets: dict[str, tuple[str, str]] = {}
        for i, (domain, values) in enumerate(sorted(unknown.items())):
            choices = _domain_choices(domain, lookups)
            if not choices:
                continue
            for j, value in enumerate(values[:50]):
                name = f"value_{i}_{j}"
                self.fields[name] = forms.ChoiceField(
                    label=_("‘%(value)s’ betekent") % {"value": value},
                    choices=[("", _("— kies —")), *choices],
                )
                self.targets[name] = (domain, value)

    def mapping(self) -> dict[str, dict[str, str]]:
        values: dict[str, dict[str, str]] = {}
        for name, (domain, value) in self.targets.items():
            values.setdefault(domain, {})[value] = self.cleaned_data[name]
        return values
