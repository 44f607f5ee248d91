"""Grant the placements app's permissions to the roles (written out: this migration means
the same forever)."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "coach": [
        "placements.view_task",
        "placements.view_placement",
        "placements.add_placement",
        "placements.change_placement",
        "placements.add_contract",
        "placements.add_contracthours",
        "placements.add_taskassignment",
        "placements.change_taskassignment",
        "placements.view_sickreport",
        "placements.add_sickreport",
        "placements.change_sickreport",
        "placements.add_recoverystep",
    ],
    "beleidsmedewerker": [
        "placements.view_task",
        "placements.add_task",
        "placements.change_task",
        "placements.add_displacementcheck",
        "placements.view_organisation",
        "placements.add_organisation",
        "placements.change_organisation",
        "placements.view_employer",
        "placements.add_employer",
        "placements.change_employer",
        "placements.add_nationalabsencerate",
        "placements.change_nationalabsencerate",
    ],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_initial"),
        ("candidates", "0003_roles_and_exclusion_reasons"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
