"""The finance pages: the cost table in Dutch notation, the parameters and lists, exports."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from basisbaan.exports import HEADER_ROW
from basisbaan.models import AccessLog
from basisbaan.templatetags.basisbaan_tags import euro
from finance.models import Budget, CostParameters, FundingSource
from tests.factories import CandidateFactory, TeamFactory

pytestmark = pytest.mark.django_db

Q = {"van": "2025-01-01", "tot_en_met": "2025-12-31", "jaar": "2025"}


@pytest.fixture
def two_participants(make_placement):
    CostParameters.objects.create(year=2024)
    CostParameters.objects.create(year=2025)
    for start in (date(2025, 1, 1), date(2024, 1, 1)):
        make_placement([("onbepaald", start, None, [(start, 32)])])


def test_money_in_dutch_notation():
    assert euro(Decimal("27386.99")) == "EUR 27.387"
    assert euro(Decimal("-14000")) == "−EUR 14.000"
    assert euro(Decimal("1234.5"), 2) == "EUR 1.234,50"
    assert euro(None) == "—"


def test_cost_table_for_executive_staff_has_totals_and_no_person(
    executive_staff, client_as, two_participants
):
    body = client_as(executive_staff).get(reverse("finance:overview"), Q).content.decode()
    for text in ["EUR 27.987", "EUR 5.000", "EUR 32.987", "−EUR 14.000", "EUR 18.987"]:
        assert text in body, text
    assert "Kosten per deelnemer" not in body


def test_policy_admin_sees_totals_but_no_named_costs(policy_admin, client_as, two_participants):
    """Per-person costs are named personal data: aggregates only outside the coach role."""
    client = client_as(policy_admin)
    body = client.get(reverse("finance:overview"), Q).content.decode()
    assert "EUR 27.987" in body
    assert "Kosten per deelnemer" not in body
    table = client.get(reverse("finance:export"), Q)
    rows = list(load_workbook(io.BytesIO(table.content)).active.values)[HEADER_ROW - 1 :]
    assert rows[1][0] == "Loonkosten en werkgeverslasten" and round(rows[1][1]) == 27987
    breakdown = client.get(reverse("finance:export"), {**Q, "deel": "deelnemers"})
    assert breakdown.status_code == 403


def test_coach_sees_the_breakdown_of_their_teams_caseload_only(
    coach, client_as, two_participants, make_placement
):
    outsider = CandidateFactory(last_name="Buitenteam", team=TeamFactory())
    make_placement(
        [("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])], candidate=outsider
    )
    client = client_as(coach)
    body = client.get(reverse("finance:overview"), Q).content.decode()
    assert "Kosten per deelnemer" in body
    assert "Buitenteam" not in body
    breakdown = client.get(reverse("finance:export"), {**Q, "deel": "deelnemers"})
    rows = list(load_workbook(io.BytesIO(breakdown.content)).active.values)[HEADER_ROW - 1 :]
    assert len(rows) == 3  # the header and the two participants of the coach's team
    assert "Buitenteam" not in str(rows)
    logged = AccessLog.objects.filter(action="export", subject_type="candidate")
    assert logged.count() == 2 and {e.purpose for e in logged} == {"finance"}


def test_executive_staff_cannot_export_the_breakdown(executive_staff, client_as, two_participants):
    response = client_as(executive_staff).get(
        reverse("finance:export"), {**Q, "deel": "deelnemers"}
    )
    assert response.status_code == 403


def test_parameters_for_a_new_year_start_from_last_year(policy_admin, client_as):
    CostParameters.objects.create(year=2026, wage_cost=Decimal(28000))
    client = client_as(policy_admin)
    form = client.get(reverse("finance:parameters_create")).content.decode()
    assert 'value="2027"' in form and 'value="28.000' in form  # Dutch notation
    bad = client.post(
        reverse("finance:parameters_create"),
        {
            "year": "2026",
            "reference_hours": "32",
            "wage_cost": "-1",
            "employer_fee": "600",
            "guidance_first_year": "4000",
            "guidance_later_years": "3000",
            "municipal_coaching": "1500",
            "offset": "14000",
            "target_participants": "50",
        },
    )
    body = bad.content.decode()
    assert 'id="id_year_error"' in body and 'id="id_wage_cost_error"' in body
    assert CostParameters.objects.count() == 1


def test_budget_and_contribution(policy_admin, client_as):
    from placements.models import Organisation

    client = client_as(policy_admin)
    source = FundingSource.objects.get(name="Talentenfonds")
    new = {"source": source.pk, "year": "2026", "version": "0"}
    client.post(reverse("finance:budgets"), {**new, "amount": "100000"})
    # "wijzigen" in the list fills the form with the budget and its version.
    edit = client.get(reverse("finance:budgets"), {"bron": source.pk, "jaar": 2026})
    assert 'name="version" value="1"' in edit.content.decode()
    client.post(reverse("finance:budgets"), {**new, "version": "1", "amount": "120000"})
    assert Budget.objects.get().amount == Decimal(120000)  # replaced, not added
    # A form opened before those saves (version 0: "no budget yet") is refused.
    stale = client.post(reverse("finance:budgets"), {**new, "amount": "90000"})
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert Budget.objects.get().amount == Decimal(120000)
    organisation = Organisation.objects.create(name="Sportclub", kind="sport")
    bad = client.post(
        reverse("finance:contributions"),
        {"organisation": organisation.pk, "date": "2026-02-01", "amount": "0"},
    )
    assert 'id="id_amount_error"' in bad.content.decode()
    client.post(
        reverse("finance:contributions"),
        {"organisation": organisation.pk, "date": "2026-02-01", "amount": "2500"},
    )
    from finance.models import Contribution

    contribution = Contribution.objects.get()
    assert (
        "Bijdrage verwijderen?"
        in client.get(
            reverse("finance:contribution_delete", args=[contribution.pk])
        ).content.decode()
    )
    client.post(reverse("finance:contribution_delete", args=[contribution.pk]))
    assert not Contribution.objects.exists()
