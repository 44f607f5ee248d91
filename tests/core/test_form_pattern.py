"""The NL Design System form pattern (issue #14): after a failed submit an error summary
above the form lists every error as a link to its field, the page title starts with
"Fout:"; radio groups offer no selectable placeholder."""

import re

import pytest
from django.urls import reverse

from candidates.forms import CandidateForm

pytestmark = pytest.mark.django_db


def test_a_failed_submit_has_a_summary_linking_to_each_field(policy_admin, client_as):
    response = client_as(policy_admin).post(
        reverse("finance:parameters_create"), {"year": "1999", "wage_cost": "veel"}
    )
    body = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()
    assert title.startswith("Fout:")
    summary = re.search(r"<div[^>]*data-error-summary.*?</div></div>", body, re.S).group(0)
    assert 'tabindex="-1"' in summary and 'role="alert"' in summary
    links = re.findall(r'href="#(id_[a-z_0-9]+)"', summary)
    assert "id_year" in links and "id_wage_cost" in links
    for target in links:  # every link points at a field on the page
        assert f'id="{target}"' in body


def test_a_page_without_errors_has_no_summary_and_a_plain_title(policy_admin, client_as):
    body = client_as(policy_admin).get(reverse("finance:parameters_create")).content.decode()
    assert "data-error-summary" not in body and "<title>Fout:" not in body


def test_required_radio_groups_offer_no_placeholder():
    form = CandidateForm()
    for name in ("gender", "household"):
        values = [value for value, _label in form.fields[name].choices]
        assert "" not in values, name
    assert 'value=""' not in str(form["gender"])


def test_an_optional_radio_group_can_be_left_open_in_words():
    from django import forms

    from basisbaan.forms import UtrechtFormMixin

    class Example(UtrechtFormMixin, forms.Form):
        kind = forms.ChoiceField(
            choices=[("", "---------"), ("a", "A")], required=False, widget=forms.RadioSelect
        )

    assert list(Example().fields["kind"].choices) == [("", "Geen keuze"), ("a", "A")]


def test_the_dossier_has_a_table_of_contents_whose_links_all_land(coach, client_as):
    """A 3,400 px dossier needs a way to jump: every link of its table of contents points
    at a section on the page (anchors: no JavaScript needed)."""
    from tests.factories import CandidateFactory

    person = CandidateFactory(coach=coach)
    body = client_as(coach).get(reverse("candidates:detail", args=[person.pk])).content.decode()
    toc = re.search(r'<nav class="app-toc".*?</nav>', body, re.S).group(0)
    targets = re.findall(r'href="#([a-z]+)"', toc)
    assert {"persoon", "gesprek", "besluit", "tijdlijn"} <= set(targets)
    for target in targets:
        assert f'id="{target}"' in body, target
