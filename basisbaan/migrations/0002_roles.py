"""Create the four role groups with the core app's first permissions.

The grants are written out here (not imported) so this migration means the same forever;
later migrations add later permissions. `tests/core/test_roles.py` checks that the grants
after all migrations equal `basisbaan.roles.all_role_permissions()`.
"""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "coach": ["core.view_wijk", "core.view_aggregates"],
    "beleidsmedewerker": [
        "core.view_wijk",
        "core.add_wijk",
        "core.change_wijk",
        "core.view_aggregates",
    ],
    "bestuursondersteuning": ["core.view_wijk", "core.view_aggregates"],
    "functioneel beheerder": [
        "core.view_municipalityprofile",
        "core.change_municipalityprofile",
        "core.view_user",
        "core.add_user",
        "core.change_user",
    ],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
