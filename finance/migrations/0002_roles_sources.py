"""Grant the finance app's permissions and seed the usual funding sources. Written out so
this migration means the same forever."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "coach": ["finance.view_cost_breakdown"],
    "beleidsmedewerker": [
        "finance.view_cost_breakdown",
        "finance.view_costparameters",
        "finance.add_costparameters",
        "finance.change_costparameters",
        "finance.view_contribution",
        "finance.add_contribution",
        "finance.delete_contribution",
        "finance.view_fundingsource",
        "finance.add_fundingsource",
        "finance.change_fundingsource",
        "finance.view_budget",
        "finance.add_budget",
        "finance.change_budget",
    ],
}

SOURCES = [
    "Inzet uitkeringen (bijstandsbudget)",
    "Loonkostensubsidie",
    "Gemeentelijk budget Werk en Participatie",
    "Talentenfonds",
    "Woningcorporaties",
    "Social return",
]


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)
    source_model = apps.get_model("finance", "FundingSource")
    for position, name in enumerate(SOURCES, start=1):
        source_model.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial"), ("coaching", "0002_roles_domains_settings")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
