"""Demo data for finance: the Groningen cost parameters for the years with employment (next
year deliberately left out, so the forecast shows what is missing), this year's budgets, and
two contributions. Idempotent."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from placements.models import Organisation

from .models import Budget, Contribution, CostParameters, FundingSource

BUDGETS = {
    "Inzet uitkeringen (bijstandsbudget)": Decimal(700_000),
    "Gemeentelijk budget Werk en Participatie": Decimal(950_000),
    "Talentenfonds": Decimal(100_000),
    "Woningcorporaties": Decimal(40_000),
}


def seed_finance(*, password: str) -> str:
    today = timezone.localdate()
    for year in range(today.year - 3, today.year + 1):
        CostParameters.objects.get_or_create(year=year)  # the model's defaults: Groningen 2022
    for name, amount in BUDGETS.items():
        source = FundingSource.objects.get_or_create(name=name)[0]
        Budget.objects.get_or_create(source=source, year=today.year, defaults={"amount": amount})
    housing = Organisation.objects.filter(name="Woningcorporatie Veenwonen").first()
    if housing and not Contribution.objects.exists():
        Contribution.objects.create(
            organisation=housing,
            date=today - timedelta(days=60),
            amount=Decimal(2500),
            note="Bijdrage zwerfafvalrondes",
        )
    return f"kostenparameters {today.year - 3}-{today.year}, budgetten {today.year}"
