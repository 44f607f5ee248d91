"""Numbers in Dutch notation (issue #14): typed, pasted from a Dutch or an English
spreadsheet, read on the server whatever the browser's locale, and shown back the same way.
Typing "28450,50" once saved EUR 2.845.050."""

from decimal import Decimal

import pytest
from django.urls import reverse

from basisbaan.numbers import format_number, normalise_number
from finance.models import CostParameters

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("28450,50", "28450.50"),  # the decimal comma
        ("28.450,50", "28450.50"),  # Dutch thousands and decimals
        ("1.234,56", "1234.56"),  # pasted from a Dutch spreadsheet
        ("1234.56", "1234.56"),  # pasted from an English one
        ("1,234.56", "1234.56"),  # English thousands
        ("1,234,567", "1234567"),
        ("28.450", "28450"),  # a point before exactly three digits: thousands
        ("1.234.567", "1234567"),
        ("12.5", "12.5"),  # otherwise a decimal point
        ("€ 28.450,50", "28450.50"),
        ("28\u00a0450,50", "28450.50"),  # a non-breaking space as a thousands separator
        ("-1,5", "-1.5"),
        ("+32", "32"),
        ("32", "32"),
        (" 7 ", "7"),
        ("veertig", "veertig"),  # no number: passed on for the field to refuse
        ("1,2,3.4.5", "1,2,3.4.5"),
        ("", ""),
    ],
)
def test_dutch_and_pasted_numbers_are_read(typed, read):
    assert normalise_number(typed) == read


def test_numbers_are_shown_in_dutch_notation():
    assert format_number(Decimal("28450.50")) == "28.450,50"
    assert format_number(Decimal("32.0")) == "32,0"
    assert format_number(2026, grouping=False) == "2026"


PARAMETERS = {
    "year": "2027",
    "target_participants": "50",
    "reference_hours": "32",
    "employer_fee": "600",
    "guidance_first_year": "4.000",
    "guidance_later_years": "3000,00",
    "municipal_coaching": "1500",
    "offset": "14000",
}


def test_a_wage_cost_typed_with_a_decimal_comma_is_saved_as_meant(policy_admin, client_as):
    """ "28450,50" is EUR 28.450,50, not 2.845.050; "4.000" is four thousand; the form
    shows the saved values back in Dutch notation, and the number boxes are text boxes (the
    browser's locale plays no part)."""
    client = client_as(policy_admin)
    response = client.post(
        reverse("finance:parameters_create"), {**PARAMETERS, "wage_cost": "28450,50"}
    )
    assert response.status_code == 302
    saved = CostParameters.objects.get(year=2027)
    assert saved.wage_cost == Decimal("28450.50")
    assert saved.guidance_first_year == Decimal("4000")
    assert saved.guidance_later_years == Decimal("3000")
    page = client.get(reverse("finance:parameters_update", args=[2027])).content.decode()
    assert 'value="28.450,50"' in page
    assert 'type="number"' not in page and 'inputmode="decimal"' in page


def test_a_text_that_is_no_number_is_refused_beside_the_field(policy_admin, client_as):
    client = client_as(policy_admin)
    response = client.post(
        reverse("finance:parameters_create"), {**PARAMETERS, "wage_cost": "achtentwintig"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_wage_cost_error"' in body
    assert 'value="achtentwintig"' in body  # the form comes back as it was filled in
    assert not CostParameters.objects.exists()
