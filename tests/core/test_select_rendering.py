"""Selects are rendered in Python (`basisbaan.forms._select_html`, for lists of a thousand
coaches); the markup must be exactly what Django's templates make, escaping included."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from basisbaan.forms import UtrechtFormMixin, UtrechtFormRenderer, _select_html
from basisbaan.models import Wijk


class Sample(UtrechtFormMixin, forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("a", "Één & <twee>"), (3, 'd"rie')])
    grouped = forms.ChoiceField(
        choices=[("Noord", [("n1", "Noord 1"), ("n2", "Noord 2")]), ("z", "Zuid")],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    wijk = forms.ModelChoiceField(queryset=Wijk.objects.order_by("name"), required=False)


@pytest.mark.django_db
def test_selects_in_python_equal_the_templates():
    Wijk.objects.create(name="Binnenstad <oud>")
    Wijk.objects.create(name="Haren & Noorddijk")
    form = Sample(data={"plain": "a", "grouped": "n2", "many": ["x", "y"]})
    form.is_valid()
    for name in ("plain", "grouped", "many", "wijk"):
        field = form[name]
        value = field.value()
        attrs = {"id": field.auto_id}
        widget = field.field.widget
        fast = widget.render(name, value, attrs=attrs, renderer=UtrechtFormRenderer())
        slow = widget.render(name, value, attrs=attrs, renderer=TemplatesSetting())
        assert fast == slow, name
        # (and not by falling back to the templates)
        assert _select_html(widget.get_context(name, value, attrs)["widget"]) == slow, name
    html = str(form["plain"])
    assert "&lt;twee&gt;" in html and 'value="a" selected' in html
    assert "multiple" in str(form["many"])
