"""Form fields are rendered in Python (`basisbaan.forms.UtrechtFormRenderer`: the field
template, plain inputs, textareas, choice options and selects); the markup must be exactly
what the templates in templates/forms/ and Django's widget templates make, for every form
of the application, bound or not, with errors, help texts and values that need escaping."""

import importlib
import importlib.util
from datetime import date

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.forms.renderers import TemplatesSetting

from basisbaan.forms import UtrechtFormMixin, UtrechtFormRenderer


class TemplatesOnly(TemplatesSetting):
    """The renderer as it was: every field and widget through its template."""

    form_template_name = UtrechtFormRenderer.form_template_name
    field_template_name = UtrechtFormRenderer.field_template_name


class EveryKind(UtrechtFormMixin, forms.Form):
    text = forms.CharField(label="Naam <b>", help_text="Zoals in de BRP & elders")
    optional = forms.CharField(required=False, max_length=5)
    email = forms.EmailField(required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(required=False, decimal_places=2)
    count = forms.IntegerField(min_value=0)
    note = forms.CharField(widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="Akkoord & <klaar>", help_text="Verplicht")
    maybe = forms.BooleanField(required=False)
    kind = forms.ChoiceField(
        widget=forms.RadioSelect, choices=[("a", "Één"), ("b", "<twee>")], help_text="Kies één"
    )
    topics = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        choices=[("x", "X & Y"), ("y", 'Y "quoted"')],
        required=False,
    )
    choice = forms.ChoiceField(choices=[("", "---"), ("1", "één")], required=False)
    upload = forms.FileField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def _same(form: forms.BaseForm) -> str:
    fast = str(form)
    form.renderer = TemplatesOnly()
    slow = str(form)
    assert fast == slow, type(form).__name__
    return fast


@pytest.mark.django_db
def test_every_kind_of_field_in_python_equals_the_templates():
    unbound = _same(EveryKind(initial={"text": 'a "b" <c>', "when": date(2026, 3, 1)}))
    assert 'value="a &quot;b&quot; &lt;c&gt;"' in unbound
    bound = EveryKind(
        data={
            "text": "<script>",
            "optional": "te lang hoor",
            "when": "31-02-2026",
            "amount": "12,5",
            "count": "-1",
            "note": "regel 1\n<regel 2>",
            "kind": "b",
            "topics": ["x", "y"],
            "hidden": "h&h",
        }
    )
    assert not bound.is_valid()
    html = _same(bound)
    # the errors, the description and the invalid state, escaped, beside their fields
    assert "utrecht-form-field--invalid" in html and "utrecht-form-fieldset--invalid" not in html
    assert "&lt;regel 2&gt;</textarea>" in html
    assert 'value="&lt;script&gt;"' in html
    assert "Zoals in de BRP &amp; elders" in html


@pytest.mark.django_db
def test_every_form_of_the_application_renders_as_with_the_templates():
    """Every form class built on UtrechtFormMixin that can be made from data alone, unbound
    and bound to empty data (so with its required-field errors)."""
    project = str(settings.BASE_DIR)
    modules = [f"{c.name}.forms" for c in apps.get_app_configs() if c.path.startswith(project)]
    for name in [*modules, "basisbaan.letters.forms", "basisbaan.workbook.forms"]:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    compared = set()
    for form_class in set(subclasses(UtrechtFormMixin)):
        if form_class.__module__.startswith("tests."):
            continue
        for args in ((), ({},)):
            try:
                form = form_class(*args)
            except (TypeError, KeyError, AttributeError, ValueError):
                break
            form.is_bound and form.is_valid()
            _same(form)
            compared.add(form_class.__name__)
    # Not vacuous: the application's forms were found and compared.
    assert {"CandidateFilterForm", "CandidateSearchForm", "ConversationForm"} <= compared
    assert len(compared) >= 30, sorted(compared)
